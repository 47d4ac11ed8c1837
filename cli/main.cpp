// `sodlift`: reference validation of the Simulated Oracle Direction escape.
#include "sodlift/validate/build_info.hpp"
#include "common.hpp"
#include "sodlift/lifted/lifted_problem.hpp"
#include "sodlift/support/interrupt.hpp"

int main(int argc, char** argv) {
  sodlift::lifted::retain_freed_memory();  // see lifted_problem.hpp
  // Outputs are only ever renamed into place complete, so a stop leaves none half-written.
  sodlift::exit_cleanly_on_interrupt("no output written (files are written only when complete)");
  CLI::App app{
      "sodlift - reference validation of the Simulated Oracle Direction (SOD) escape\n"
      "for low-rank matrix sensing: explicit tensor lifting vs the paper's closed form.\n"
      "Run `sodlift <command> --help` for each command."};
  app.set_version_flag("--version", std::string(sodlift_version()) + " (" + sodlift_git_commit() + ")");
  app.require_subcommand(1);
  int status = 0;
  sodlift::cli::register_instance(app, status);
  sodlift::cli::register_closed_form(app, status);
  sodlift::cli::register_escape(app, status);
  sodlift::cli::register_lifted(app, status);
  sodlift::cli::register_simulate(app, status);
  sodlift::cli::register_validate(app, status);
  sodlift::cli::register_study(app, status);
  sodlift::cli::register_search(app, status);
  return sodlift::cli::parse_command_line(app, argc, argv, status);
}
