// `sodlift lifted`: Explicit tensor lifting (issue 4). Not implemented yet.
#include "common.hpp"

namespace sodlift::cli {

void register_lifted(CLI::App& app, int& status) {
  auto* sub = app.add_subcommand("lifted", "Explicit tensor lifting (issue 4) [not implemented yet]");
  sub->allow_extras();
  sub->callback([&status] {
    std::cerr << "sodlift lifted: not implemented yet\n";
    status = 3;
  });
}

}  // namespace sodlift::cli
