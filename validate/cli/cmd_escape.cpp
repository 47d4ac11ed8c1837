// `sodlift escape`: GD -> SOD -> GD pipeline (issue 3). Not implemented yet.
#include "common.hpp"

namespace sodlift::cli {

void register_escape(CLI::App& app, int& status) {
  auto* sub = app.add_subcommand("escape", "GD -> SOD -> GD pipeline (issue 3) [not implemented yet]");
  sub->allow_extras();
  sub->callback([&status] {
    std::cerr << "sodlift escape: not implemented yet\n";
    status = 3;
  });
}

}  // namespace sodlift::cli
