// `sodlift simulate`: Exact PGD in span{a,b,c} and first-order model (issue 5). Not implemented yet.
#include "common.hpp"

namespace sodlift::cli {

void register_simulate(CLI::App& app, int& status) {
  auto* sub = app.add_subcommand("simulate", "Exact PGD in span{a,b,c} and first-order model (issue 5) [not implemented yet]");
  sub->allow_extras();
  sub->callback([&status] {
    std::cerr << "sodlift simulate: not implemented yet\n";
    status = 3;
  });
}

}  // namespace sodlift::cli
