// `sodlift validate`: run the claims registry on the built-in instances and
// write report.html / report.md / report.json / CSV / SVG (SPEC §3).
#include <chrono>
#include <ctime>
#include <iomanip>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sodlift/validate/build_info.hpp"
#include "common.hpp"
#include "sodlift/support/atomic_file.hpp"
#include "sodlift/support/interrupt.hpp"
#include "sodlift/support/parallel.hpp"
#include "sodlift/validate/context.hpp"
#include "sodlift/validate/report.hpp"

namespace sodlift::cli {

namespace {

struct ValidateCmd {
  std::string instances = "basic,realworld,pmc3";
  bool list = false;
  bool quick = false;
  bool full = false;
  std::string out = "sodlift-report";
  std::string precision = "bf50";
  bool no_timestamps = false;
  std::string only;
  int jobs = -1;  // not given: every core (hardware_workers())
};

std::vector<std::string> split_csv(const std::string& s, const char* flag) {
  std::vector<std::string> out;
  if (s.find_first_not_of(" \t") == std::string::npos)
    throw input_error(std::string(flag) + " is empty: give at least one entry (e.g. --instances basic,realworld,pmc3), "
                      "or omit the flag for the default");
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    auto b = item.find_first_not_of(" \t");
    auto e = item.find_last_not_of(" \t");
    if (b == std::string::npos) throw input_error(std::string(flag) + ": empty entry in '" + s + "'");
    out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

// The --instances entries as instance specs, checked now (before any progress
// line or computation), each refusal naming the entry.
std::vector<InstanceSpec> instance_specs(const std::vector<std::string>& labels) {
  std::vector<InstanceSpec> specs;
  for (const auto& l : labels) {
    InstanceSpec s;
    try {
      s = validate::instance_spec_from_label(l);
    } catch (const std::out_of_range&) {
      throw input_error("--instances '" + l + "': the N of pmc<N> is out of range; use e.g. pmc3");
    }
    if (s.name == "pmc" && s.n < 2)
      throw input_error("--instances '" + l + "': pmc<N> needs N >= 2; use e.g. pmc3");
    specs.push_back(s);
  }
  return specs;
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::ostringstream os;
  os << std::put_time(&tm, "%Y-%m-%dT%H:%M:%SZ");
  return os.str();
}

template <class T>
int run_validate(const ValidateCmd& o) {
  using namespace sodlift::validate;
  const auto t0 = std::chrono::steady_clock::now();
  const std::string started = utc_now();
  if (o.jobs == 0 || o.jobs < -1 || o.jobs > 4096)
    throw input_error("-j " + std::to_string(o.jobs) +
                      ": the thread count must be between 1 and 4096 (omit -j for every core)");
  const auto labels = split_csv(o.instances, "--instances");
  const std::vector<InstanceSpec> specs = instance_specs(labels);
  const ValidateOptions opt = o.full ? ValidateOptions::full_run() : ValidateOptions::quick();
  const auto only = o.only.empty() ? std::vector<std::string>{} : split_csv(o.only, "--only");
  // Refuse an unwritable --out now, not after minutes of checks.
  require_writable_dir(o.out, "--out");
  exit_cleanly_on_interrupt("no report written (" + o.out +
                            " keeps only complete files from earlier runs); run the command again");
  // Claims and study trials run in parallel on up to `jobs` threads; the
  // report is the same whatever the count (support/parallel.hpp).
  const int jobs = o.jobs > 0 ? o.jobs : hardware_workers();
  set_worker_budget(jobs);
  std::mutex progress_mu;
  auto progress = [&](const std::string& msg) {
    std::lock_guard<std::mutex> lock(progress_mu);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cerr << "[validate " << std::fixed << std::setprecision(1) << s << "s] " << msg << std::endl;
  };
  progress(std::string("precision ") + scalar_name<T>::value + ", mode " + (o.full ? "full" : "quick") +
           ", " + std::to_string(jobs) + (jobs == 1 ? " thread" : " threads") + ", output " + o.out);
  Report rep;
  rep.results = run_checks<T>(specs, opt, only, progress);
  rep.claims = claim_registry();
  rep.info.precision = scalar_name<T>::value;
  rep.info.version = sodlift_version();
  rep.info.git_commit = sodlift_git_commit();
  rep.info.mode = o.full ? "full" : "quick";
  for (const auto& r : rep.results)
    if (std::find(rep.info.instances.begin(), rep.info.instances.end(), r.instance) == rep.info.instances.end())
      rep.info.instances.push_back(r.instance);
  for (std::size_t i = 0; i < specs.size(); ++i)
    if (specs[i].name == "gaussian") rep.info.seeds.push_back({labels[i], specs[i].seed});
  rep.info.objective_scale =
      "h(X) = 1/2 ||A(X X^T) - b||^2 (P1); lifted objectives use h^l = 1/4 ||y(w) - b^(x)l||^2 (SPEC §1)";
  rep.info.timestamps = !o.no_timestamps;
  rep.info.started_utc = started;
  rep.info.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::vector<std::string> warnings;
  write_report(rep, o.out, warnings);
  for (const auto& w : warnings) std::cerr << "sodlift validate: warning: " << w << "\n";
  std::map<std::string, int> count;
  for (const auto& r : rep.results) ++count[to_string(r.verdict)];
  progress("done: " + std::to_string(rep.results.size()) + " results (" + std::to_string(count["HOLDS"]) +
           " HOLDS, " + std::to_string(count["FAILS"]) + " FAILS, " + std::to_string(count["INCONCLUSIVE"]) +
           " INCONCLUSIVE); report in " + o.out + "/report.html");
  return 0;
}

}  // namespace

void register_validate(CLI::App& app, int& status) {
  auto o = std::make_shared<ValidateCmd>();
  auto* sub = app.add_subcommand(
      "validate",
      "Check the paper's claims on the built-in instances and write report.html, report.md, report.json, CSV "
      "series and SVG plots (exit 0 when every check ran, whatever the verdicts)");
  sub->add_option("--instances", o->instances, "Comma-separated: basic, realworld, pmc<N> (eps 0.3), gaussian")
      ->capture_default_str();
  auto* q = sub->add_flag("--quick", o->quick, "Quick run (default): coarse grids, l = 3");
  auto* f = sub->add_flag("--full", o->full, "Full run: fine grids, l = 3, 5, 7, more rho values");
  q->excludes(f);
  sub->add_option("--out", o->out, "Output directory (created)")->capture_default_str();
  sub->add_option("--precision", o->precision, "Scalar: double, long-double, float128, bf50, bf100")
      ->capture_default_str();
  sub->add_flag("--no-timestamps", o->no_timestamps,
                "Leave the `run` object (start time, wall time) out: same inputs give byte-identical JSON");
  sub->add_option("-j,--jobs", o->jobs,
                  "Threads for claims and study trials (default: every core); the report does not "
                  "depend on it");
  sub->add_option("--only", o->only, "Comma-separated claim ids or prefixes (e.g. table2,prop4.2)");
  sub->add_flag("--list", o->list, "List the claim ids with their paper reference, run nothing");
  sub->callback([o, &status] {
    status = run_guarded([&] {
      if (o->list) {
        for (const auto& c : validate::claim_registry())
          std::cout << c.id << "  [" << c.paper_ref << "]  " << c.statement << "\n";
        return 0;
      }
      return with_precision(o->precision, [&](auto tag) {
        using T = typename decltype(tag)::type;
        return run_validate<T>(*o);
      });
    });
  });
}

}  // namespace sodlift::cli
