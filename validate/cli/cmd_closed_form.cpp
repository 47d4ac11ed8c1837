// `sodlift closed-form`: Paper's closed form (issue 3). Not implemented yet.
#include "common.hpp"

namespace sodlift::cli {

void register_closed_form(CLI::App& app, int& status) {
  auto* sub = app.add_subcommand("closed-form", "Paper's closed form (issue 3) [not implemented yet]");
  sub->allow_extras();
  sub->callback([&status] {
    std::cerr << "sodlift closed-form: not implemented yet\n";
    status = 3;
  });
}

}  // namespace sodlift::cli
