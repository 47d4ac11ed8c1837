// `sodlift validate`: Claims harness and report (issue 6). Not implemented yet.
#include "common.hpp"

namespace sodlift::cli {

void register_validate(CLI::App& app, int& status) {
  auto* sub = app.add_subcommand("validate", "Claims harness and report (issue 6) [not implemented yet]");
  sub->allow_extras();
  sub->callback([&status] {
    std::cerr << "sodlift validate: not implemented yet\n";
    status = 3;
  });
}

}  // namespace sodlift::cli
