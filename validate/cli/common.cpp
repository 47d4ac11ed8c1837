#include "common.hpp"

#include <sstream>

#include "sodlift/core/memory.hpp"

namespace sodlift::cli {

void add_instance_options(CLI::App* app, InstanceOptions& o, const std::string& default_precision) {
  o.precision = default_precision;
  app->add_option("--instance", o.spec.name,
                  "Instance: basic (paper 1.1), realworld (App. C.2), pmc (App. C.1), "
                  "gaussian (4.7), or file (JSON, see --file)")
      ->capture_default_str();
  app->add_option("--n", o.spec.n, "Dimension n for pmc and gaussian")->capture_default_str();
  app->add_option("--eps", o.spec.eps, "pmc perturbation epsilon (decimal, exact)")
      ->capture_default_str();
  o.m_option = app->add_option("--m", o.spec.m, "gaussian: number of measurements, >= 1 (default 5n)");
  app->add_option("--r", o.spec.r, "Search rank r (gaussian: also the truth rank)")
      ->capture_default_str();
  app->add_option("--seed", o.spec.seed, "gaussian: random seed (printed with every result)")
      ->capture_default_str();
  app->add_option("--file", o.spec.file, "Instance JSON file (with --instance file)");
  app->add_option("--start", o.start_csv,
                  "Start point for the critical-point search: n*r comma-separated numbers, "
                  "column-major (default: the paper's spurious neighbourhood)");
  app->add_option("--precision", o.precision,
                  "Working precision: double, long-double, float128, bf50, bf100")
      ->capture_default_str();
  app->add_option("--mem-budget", o.mem_budget,
                  "Memory budget for everything that grows with the instance (e.g. 2G, 512M; "
                  "default: half the available memory); larger requests are refused with the estimate");
}

void finalize_instance_options(InstanceOptions& o) {
  if (o.m_option && o.m_option->count() > 0 && o.spec.m <= 0)
    throw input_error("--m " + std::to_string(o.spec.m) +
                      " is invalid: the number of measurements must be >= 1 (omit --m for the default 5n)");
  o.spec.mem_budget = o.mem_budget.empty() ? 0 : parse_memory_size(o.mem_budget);
  o.spec.start.clear();
  if (o.start_csv.empty()) return;
  std::stringstream ss(o.start_csv);
  std::string item;
  while (std::getline(ss, item, ',')) {
    auto b = item.find_first_not_of(" \t");
    auto e = item.find_last_not_of(" \t");
    if (b == std::string::npos) throw input_error("--start: empty entry in '" + o.start_csv + "'");
    o.spec.start.push_back(item.substr(b, e - b + 1));
  }
}

void add_allow_second_order_flag(CLI::App* app, bool& allow) {
  app->add_flag("--allow-second-order", allow,
                "Accept a second-order critical point that is not a local minimum (e.g. basic, "
                "paper 1.1, which sodlift certifies as a second_order_saddle) as the SOD base point");
}

int run_guarded(const std::function<int()>& body) {
  try {
    return body();
  } catch (const input_error& e) {
    std::cerr << "sodlift: invalid input: " << e.what() << "\n";
  } catch (const precondition_error& e) {
    std::cerr << "sodlift: precondition not met: " << e.what() << "\n";
  } catch (const memory_budget_error& e) {
    std::cerr << "sodlift: memory budget: " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "sodlift: error: " << e.what() << "\n";
  }
  return 2;
}

}  // namespace sodlift::cli
