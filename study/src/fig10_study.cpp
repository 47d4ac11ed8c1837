// The study type `fig10`: the success-rate comparison of the paper's §6.2
// (Fig. 10) with the baselines of SPEC §6, on PMC(n, eps) (App. C.1).
// One trial draws X0 = zeta G from its seed and runs every method from that
// same X0 (paired). The summary has one row per (configuration, method) with
// the Wilson interval, McNemar p against gd and against gd+sod, escape
// outcomes, h(X̌) < h(X̂) counts and the gradient cost; plots (a)(b) success
// rate against n per eps and (c)(d) ||XX^T - M*||_F against iteration for gd
// and gd+sod. Wall times go under "timing" (not in the byte-stable summary;
// the fig10 claim and bench/results/fig10.md report them).
#include "sodlift/study/fig10.hpp"

#include <cstdio>
#include <fstream>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <memory>
#include <map>
#include <mutex>
#include <set>
#include <sstream>

#include "sodlift/core/instances.hpp"
#include "sodlift/study/seeds.hpp"
#include "sodlift/study/statistics.hpp"
#include "sodlift/study/summary.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift/support/parallel.hpp"

namespace sodlift::study {

namespace {

// The instance and its isometry bound are the same for every trial of a
// configuration: build them once per process.
struct CacheEntry {
  std::shared_ptr<SensingProblem<double>> P;
  ProblemFacts facts;
  int search_rank = 1;
};
struct ConfigCache {
  std::mutex mu;
  std::map<std::string, CacheEntry> map;  // configuration id (+ a file's content hash)
};
ConfigCache& cache() {
  static ConfigCache c;
  return c;
}

std::string fixed(double x, int prec) {
  std::ostringstream os;
  os.setf(std::ios::fixed);
  os.precision(prec);
  os << x;
  return os.str();
}

// Wall seconds to 3 significant digits (a cost column; not exact data).
std::string short_seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", s);
  return buf;
}

}  // namespace

ProtocolOptions fig10_protocol(const Spec& s) {
  ProtocolOptions o;
  o.zeta = s.decimal_as_double("zeta");
  o.gd_step = s.decimal_as_double("gd-step");
  o.K1 = s.integer("k1");
  o.K2 = s.integer("k2");
  o.max_escapes = static_cast<int>(s.integer("max-escapes"));
  o.l = static_cast<int>(s.integer("l"));
  o.rho = s.decimal_as_double("rho");
  o.eta = s.decimal_as_double("eta");
  o.t = s.integer("t");
  o.success_tol = s.decimal_as_double("success-tol");
  o.trace_every = s.integer("trace-every");
  return o;
}

std::vector<Flag> fig10_flags() {
  std::string all;
  for (const auto& m : method_names()) all += (all.empty() ? "" : ",") + m;
  return {
      {"n", FlagKind::integer_list, "40,50,60,70,80", "grid: PMC sizes n (App. C.1), each >= 2"},
      {"eps", FlagKind::decimal_list, "0.15,0.10", "grid: PMC perturbations eps in (0, 1]"},
      {"methods", FlagKind::text_list, all, "methods (SPEC §6): " + all},
      {"zeta", FlagKind::decimal, "0.01", "protocol: X0 = zeta * G, G standard normal (§6.1)"},
      {"gd-step", FlagKind::decimal, "0.001", "protocol: fixed GD step (§6.1)"},
      {"k1", FlagKind::integer, "10000", "protocol: GD iterations before an escape"},
      {"k2", FlagKind::integer, "5000", "protocol: GD iterations after each escape"},
      {"max-escapes", FlagKind::integer, "1", "protocol: escapes per trial"},
      {"l", FlagKind::integer, "11", "escape: lifting order (odd)"},
      {"rho", FlagKind::decimal, "0.3", "escape: rho of (5.8)"},
      {"eta", FlagKind::decimal, "0.01", "escape: simulated TPGD step eta"},
      {"t", FlagKind::integer, "59000", "escape: simulated TPGD steps t"},
      {"success-tol", FlagKind::decimal, "0.02", "success: ||XX^T - M*||_F below this (§6.2)"},
      {"trace-every", FlagKind::integer, "100",
       "record ||XX^T - M*||_F every this many iterations for gd and gd+sod (0: none)"},
      // Optional (issue 23): in the spec only when not at their default, so
      // every PMC spec keeps its hash (fig10_optional_flags()).
      {"instance", FlagKind::text, "pmc",
       "instance: pmc (App. C.1; grid --n x --eps), gaussian (4.7; grid --n, with --m --r "
       "--seed) or file (--file F.json; n and r from the file). Success on every instance: "
       "||XX^T - M*||_F < --success-tol, M* = Z Z^T the planted truth (gaussian's Z, the file's "
       "\"Z\"); a global minimum with h = 0 but XX^T != M* (possible when A(M) = b has several "
       "rank-r PSD solutions, e.g. m < n(n+1)/2) counts as no success"},
      {"file", FlagKind::text, "", "with --instance file: the instance JSON (README \"Instance files\"); "
       "its \"start\" is not used (X0 = zeta G)"},
      {"m", FlagKind::integer, "0", "with --instance gaussian: measurements m >= 1 (0: 5n)"},
      {"r", FlagKind::integer, "0",
       "rank r: X0 = zeta G is n x r (0: the instance's own, pmc 1, gaussian 1, file its search "
       "rank); gaussian: also the truth rank"},
      {"seed", FlagKind::integer, "1",
       "with --instance gaussian: the instance's seed (trial seeds come from the spec hash)"},
  };
}

const std::vector<std::string>& fig10_optional_flags() {
  static const std::vector<std::string> v = {"instance", "file", "m", "r", "seed"};
  return v;
}

Fig10Instance fig10_instance(const Spec& s) {
  Fig10Instance f;
  f.name = s.text_or("instance", "pmc");
  f.file = s.text_or("file", "");
  f.m = std::stoll(s.text_or("m", "0"));
  f.r = std::stoll(s.text_or("r", "0"));
  f.seed = std::stoull(s.text_or("seed", "1"));
  return f;
}

void fig10_check(const Spec& s) {
  const Fig10Instance in = fig10_instance(s);
  std::string flag_default[2];  // --n, --eps as the spec holds them by default
  for (const auto& f : fig10_flags())
    if (f.name == "n" || f.name == "eps") flag_default[f.name == "n" ? 0 : 1] = f.default_value;
  const bool n_given = s.text("n") != flag_default[0], eps_given = s.text("eps") != flag_default[1];
  if (in.name != "pmc" && in.name != "gaussian" && in.name != "file")
    throw input_error("--instance " + in.name + ": fig10 runs on pmc, gaussian or file");
  if (!in.file.empty() && in.name != "file")
    throw input_error("--file " + in.file + " is read only with --instance file, but --instance is '" +
                      in.name + "'; add --instance file (or drop --file)");
  if (in.name == "file" && in.file.empty())
    throw input_error("--instance file needs --file F.json (an instance JSON, README \"Instance files\")");
  if (in.name != "gaussian" && (s.flags.count("m") || s.flags.count("seed")))
    throw input_error(std::string(s.flags.count("m") ? "--m" : "--seed") +
                      " is read only with --instance gaussian, but --instance is '" + in.name +
                      "'; add --instance gaussian (or drop it)");
  if (in.name != "pmc" && eps_given)
    throw input_error("--eps is PMC's perturbation; --instance " + in.name +
                      " has none: drop --eps (or use --instance pmc)");
  if (in.name == "file" && n_given)
    throw input_error("--n: with --instance file, n is the file's; drop --n");
  if (in.m < 0) throw input_error("--m " + std::to_string(in.m) + ": give m >= 1, or 0 for 5n");
  if (in.r < 0) throw input_error("--r " + std::to_string(in.r) + ": give r >= 1, or 0 for the instance's own");
  if (in.name != "file")
    for (auto n : s.integer_list("n")) {
      if (n < 2 || n > 4096)
        throw input_error("--n " + std::to_string(n) + ": " + (in.name == "pmc" ? "PMC" : in.name) +
                          " needs 2 <= n <= 4096");
      if (in.r > n)
        throw input_error("--r " + std::to_string(in.r) + " exceeds --n " + std::to_string(n) +
                          ": the rank must be <= n");
    }
  if (in.name == "pmc")
    for (const auto& e : s.decimal_list("eps")) {
      const double v = std::strtod(e.c_str(), nullptr);
      if (!(v > 0 && v <= 1))
        throw input_error("--eps " + e + ": the PMC perturbation must lie in (0, 1]");
    }
  for (const auto& m : s.text_list("methods")) check_method_name(m);
  const auto o = fig10_protocol(s);
  if (!(o.gd_step > 0)) throw input_error("--gd-step must be > 0 (the paper uses 0.001)");
  if (o.K1 < 0 || o.K2 < 0 || o.max_escapes < 0)
    throw input_error("--k1, --k2, --max-escapes must be >= 0");
  if (o.l < 1 || o.l % 2 == 0) throw input_error("--l must be odd and >= 1 (e.g. 11)");
  if (!(o.rho > 0 && o.rho < 1) || !(o.eta > 0 && o.eta < 1))
    throw input_error("--rho and --eta must lie in (0, 1) (e.g. 0.3 and 0.01)");
  if (o.t < 1) throw input_error("--t must be >= 1 (e.g. 59000)");
  if (!(o.zeta > 0)) throw input_error("--zeta must be > 0 (e.g. 0.01)");
  if (!(o.success_tol > 0)) throw input_error("--success-tol must be > 0 (e.g. 0.02)");
  if (o.trace_every < 0) throw input_error("--trace-every must be >= 0");
}

std::vector<Configuration> fig10_configurations(const Spec& s) {
  std::vector<Configuration> c;
  const Fig10Instance in = fig10_instance(s);
  // Computed from the spec alone (merge runs where the file may be absent):
  // a file's n is read by the trials.
  if (in.name == "file") {
    c.push_back({"file=" + in.file, {{"file", in.file}}});
    return c;
  }
  if (in.name == "gaussian") {
    for (auto n : s.integer_list("n")) {
      const std::string m = std::to_string(in.m > 0 ? in.m : 5 * n);
      const std::string r = std::to_string(in.r > 0 ? in.r : 1);
      c.push_back({"n=" + std::to_string(n) + ",m=" + m + ",r=" + r + ",seed=" + std::to_string(in.seed),
                   {{"n", n}}});
    }
    return c;
  }
  for (const auto& e : s.decimal_list("eps"))
    for (auto n : s.integer_list("n"))
      c.push_back({"n=" + std::to_string(n) + ",eps=" + e, {{"n", n}, {"eps", e}}});
  return c;
}

std::vector<TrialRecord> fig10_trial(const Spec& s, const Configuration& c, std::uint64_t,
                                     std::uint64_t seed) {
  const Fig10Instance in = fig10_instance(s);
  InstanceSpec spec;
  spec.name = in.name;
  if (in.name == "pmc") {
    spec.n = c.params.at("n").get<int>();
    spec.eps = c.params.at("eps").get<std::string>();
  } else if (in.name == "gaussian") {
    spec.n = c.params.at("n").get<int>();
    spec.m = static_cast<int>(in.m);
    spec.r = in.r > 0 ? static_cast<int>(in.r) : 1;
    spec.seed = in.seed;
  } else {
    spec.file = in.file;
    if (in.r > 0) spec.r = static_cast<int>(in.r);
  }
  // A file's content is part of the instance: key the cache by it too.
  std::string key = c.id;
  if (in.name == "file") {
    std::ifstream f(in.file, std::ios::binary);
    if (!f) throw input_error("--file " + in.file + ": cannot open it");
    std::stringstream ss;
    ss << f.rdbuf();
    key += "#" + std::to_string(fnv1a64(ss.str()));
  }
  std::shared_ptr<SensingProblem<double>> P;
  ProblemFacts facts;
  int r = 1;
  {
    auto& C = cache();
    std::unique_lock<std::mutex> lock(C.mu, std::defer_lock);
    {
      // Trials may run in parallel (validate -j): a thread waiting here while
      // another builds an instance lends it its share of the worker budget.
      LendWhileWaiting lend;
      lock.lock();
    }
    auto it = C.map.find(key);
    if (it == C.map.end()) {
      auto I = make_instance<double>(spec);
      auto p = std::make_shared<SensingProblem<double>>(I.problem);
      it = C.map.emplace(key, CacheEntry{p, problem_facts(*p), I.search_rank}).first;
    }
    P = it->second.P;
    facts = it->second.facts;
    r = in.r > 0 ? static_cast<int>(in.r) : it->second.search_rank;
  }
  const ProtocolOptions o = fig10_protocol(s);
  const Mat<double> X0 = small_initialisation(P->n(), r, o.zeta, seed);
  // GD for K1 steps from X0 and the certification of its end point are the
  // same for gd and every escape method: computed once per trial (methods.hpp).
  TrialPrefix shared(*P, X0, o);
  std::vector<TrialRecord> out;
  for (const auto& m : s.text_list("methods")) {
    ProtocolOptions om = o;
    if (m != "gd" && m != "gd+sod") om.trace_every = 0;  // panels (c)(d) only
    const MethodResult r = run_method(m, *P, X0, om, seed, facts, &shared);
    Json j = to_json(r);
    // Wall times are not reproducible: under "timing", which the runner and
    // the summary ignore.
    Json timing = {{"seconds", r.seconds}, {"escape_seconds", r.escape_seconds}};
    j.erase("seconds");
    j.erase("escape_seconds");
    for (auto& e : j["escapes"]) e.erase("seconds");
    j["timing"] = timing;
    j["status"] = r.ran ? "ran" : "not_run";
    out.push_back({m, j});
  }
  return out;
}

std::vector<Fig10Row> fig10_rows(const std::vector<Configuration>& configurations,
                                 const std::vector<std::string>& methods,
                                 const std::vector<Record>& records) {
  const std::size_t C = configurations.size(), M = methods.size();
  std::vector<Fig10Row> rows(C * M);
  std::map<std::pair<std::size_t, std::uint64_t>, std::vector<int>> per_trial;  // -1 undefined, 0/1
  for (std::size_t ci = 0; ci < C; ++ci)
    for (std::size_t mi = 0; mi < M; ++mi) {
      auto& r = rows[ci * M + mi];
      r.configuration = configurations[ci].id;
      // gaussian: no eps; file: n is the file's (not in the configuration).
      r.n = configurations[ci].params.value("n", 0);
      r.eps = configurations[ci].params.value("eps", std::string());
      r.method = methods[mi];
    }
  for (const auto& rec : records) {
    if (rec.config_index >= C || rec.method_index >= M) continue;
    auto& r = rows[rec.config_index * M + rec.method_index];
    const Json& j = rec.result;
    auto& pt = per_trial[{rec.config_index, rec.trial}];
    pt.resize(M, -1);
    if (j.value("status", "ran") != "ran") {
      ++r.not_run;
      continue;
    }
    const bool ok = j.at("success").get<bool>();
    pt[rec.method_index] = ok ? 1 : 0;
    ++r.trials;
    r.successes += ok ? 1 : 0;
    r.grad_evals_sum += j.at("grad_evals").get<double>();
    if (j.contains("timing")) {
      r.seconds_sum += j["timing"].value("seconds", 0.0);
      r.escape_seconds_sum += j["timing"].value("escape_seconds", 0.0);
    }
    for (const auto& e : j.at("escapes")) {
      r.certify_evals_sum += e.at("certify_evals").get<double>();
      if (!e.at("tried").get<bool>()) {
        ++r.escape_refused[e.at("certification").get<std::string>().empty()
                               ? std::string("not needed")
                               : e.at("certification").get<std::string>()];
        continue;
      }
      ++r.escapes_tried;
      ++r.escape_outcomes[e.at("outcome").get<std::string>()];
      if (e.at("h_lower").get<bool>()) ++r.h_lower;
    }
  }
  auto idx = [&](const std::string& m) {
    for (std::size_t i = 0; i < M; ++i)
      if (methods[i] == m) return i;
    return M;
  };
  const std::size_t igd = idx("gd"), isod = idx("gd+sod");
  for (std::size_t ci = 0; ci < C; ++ci)
    for (std::size_t mi = 0; mi < M; ++mi) {
      auto& r = rows[ci * M + mi];
      const Interval w = wilson_interval(r.successes, r.trials);
      r.rate = w.estimate, r.ci_lo = w.lower, r.ci_hi = w.upper;
      for (int k = 0; k < 2; ++k) {
        const std::size_t other = k == 0 ? igd : isod;
        if (other == M) continue;
        std::uint64_t b = 0, c = 0;  // b: only this method succeeded, c: only the other
        for (const auto& [key, v] : per_trial) {
          if (key.first != ci || v.size() < M || v[mi] < 0 || v[other] < 0) continue;
          if (v[mi] == 1 && v[other] == 0) ++b;
          if (v[mi] == 0 && v[other] == 1) ++c;
        }
        (k == 0 ? r.vs_gd : r.vs_sod) = {b, c, mcnemar_exact_p(b, c), true};
      }
    }
  return rows;
}

Json to_json(const Fig10Row& r) {
  Json j = {{"configuration", r.configuration},
            {"n", r.n},
            {"eps", r.eps},
            {"method", r.method},
            {"trials", r.trials},
            {"not_run", r.not_run},
            {"successes", r.successes},
            {"rate", r.rate},
            {"ci_lo", r.ci_lo},
            {"ci_hi", r.ci_hi},
            {"escapes_tried", r.escapes_tried},
            {"escape_outcomes", r.escape_outcomes},
            {"escape_refused", r.escape_refused},
            {"h_check_lower", r.h_lower},
            {"grad_evals_per_trial", r.trials ? r.grad_evals_sum / r.trials : 0.0},
            {"certify_evals_per_trial", r.trials ? r.certify_evals_sum / r.trials : 0.0}};
  if (r.n == 0) j.erase("n");  // --instance file: n is the file's, not a grid value
  for (int k = 0; k < 2; ++k) {
    const auto& m = k == 0 ? r.vs_gd : r.vs_sod;
    if (!m.defined) continue;
    j[k == 0 ? "mcnemar_vs_gd" : "mcnemar_vs_gd+sod"] = {
        {"only_this", m.only_this}, {"only_other", m.only_other}, {"p", m.p}};
  }
  return j;
}

Fig10Verdict fig10_verdict(const std::vector<Fig10Row>& rows, double alpha) {
  Fig10Verdict v;
  std::ostringstream why;
  int decided_better = 0, configs = 0;
  bool fails = false, inconclusive = false;
  for (const auto& r : rows) {
    if (r.method != "gd+sod") continue;
    ++configs;
    const auto& m = r.vs_gd;
    const std::uint64_t disc = m.only_this + m.only_other;
    std::string what;
    if (!m.defined) {
      inconclusive = true;
      what = "gd missing";
    } else if (m.p < alpha && m.only_this > m.only_other) {
      ++decided_better;
      what = "better, p = " + format_p(m.p);
    } else if (disc < kMinDiscordant) {
      inconclusive = true;
      what = "too few discordant pairs (" + std::to_string(disc) + " < " +
             std::to_string(kMinDiscordant) +
             ", the smallest count at which an exact McNemar test can reach p < 0.05)";
    } else {
      fails = true;
      what = "not significantly better: " + std::to_string(m.only_this) + " vs " +
             std::to_string(m.only_other) + " discordant, p = " + format_p(m.p);
    }
    why << (configs > 1 ? "; " : "") << r.configuration << ": " << what;
  }
  v.verdict = configs == 0   ? "INCONCLUSIVE"
              : fails        ? "FAILS"
              : inconclusive ? "INCONCLUSIVE"
                             : "HOLDS";
  v.reason = std::to_string(decided_better) + " of " + std::to_string(configs) +
             " configurations with gd+sod significantly above gd (exact McNemar, alpha = " +
             fixed(alpha, 2) + "). " + why.str();
  return v;
}

void fig10_summarize(const Spec& s, const std::vector<Record>& records, SummaryBuilder& out) {
  const auto& configs = out.configurations();
  const auto& methods = out.methods();
  const auto rows = fig10_rows(configs, methods, records);
  const std::size_t M = methods.size();
  auto& md = out.markdown();
  const auto v = fig10_verdict(rows);
  const Fig10Instance in = fig10_instance(s);
  if (in.name == "pmc")
    md << "## Fig. 10 (paper §6.2): success rates on PMC(n, eps)\n\n";
  else
    md << "## Fig. 10 protocol (paper §6.2) on " << (in.name == "file" ? "the instance file " + in.file
                                                                       : std::string("gaussian (4.7)"))
       << "\n\nM* = Z Z^T is the instance's planted truth (" << (in.name == "file" ? "the file's \"Z\"" : "the generator's Z")
       << "); X0 = zeta G is n x r. A global minimum with h = 0 but XX^T != M* counts as no success.\n\n";
  md << "Success: ||XX^T - M*||_F < " << s.decimal("success-tol")
     << " at the end. Rates with Wilson 95% "
     << "intervals; McNemar: exact two-sided test on the discordant trials (only this method "
        "succeeded / "
     << "only the other). Gradient evaluations include the certification of the GD end point; wall "
        "time per trial (the escape apart) is in fig10_timing.csv.\n\n"
     << "**Claim fig10** (gd+sod significantly above gd in every configuration): **" << v.verdict
     << "** — " << v.reason << "\n\n";
  Json jrows = Json::array();
  std::vector<std::vector<std::string>> csv, timing;
  for (std::size_t ci = 0; ci < configs.size(); ++ci) {
    md << "### " << configs[ci].id << "\n\n";
    std::vector<std::vector<std::string>> t;
    for (std::size_t mi = 0; mi < M; ++mi) {
      const auto& r = rows[ci * M + mi];
      jrows.push_back(to_json(r));
      auto mc = [](const Fig10Row::Mc& m) {
        return m.defined ? format_p(m.p) + " (" + std::to_string(m.only_this) + "/" +
                               std::to_string(m.only_other) + ")"
                         : std::string("-");
      };
      std::string outcomes;
      for (const auto& [k, c] : r.escape_outcomes)
        outcomes += (outcomes.empty() ? "" : ", ") + k + " " + std::to_string(c);
      std::string refused;
      for (const auto& [k, c] : r.escape_refused)
        refused += (refused.empty() ? "" : ", ") + k + " " + std::to_string(c);
      const double ge = r.trials ? r.grad_evals_sum / r.trials : 0.0;
      t.push_back({r.method,
                   format_rate(r.successes, r.trials) +
                       (r.not_run ? " +" + std::to_string(r.not_run) + " not run" : ""),
                   r.method == "gd" ? "-" : mc(r.vs_gd), r.method == "gd+sod" ? "-" : mc(r.vs_sod),
                   std::to_string(r.escapes_tried) + (outcomes.empty() ? "" : ": " + outcomes),
                   refused.empty() ? "-" : refused,
                   std::to_string(r.h_lower) + "/" + std::to_string(r.escapes_tried),
                   fixed(ge, 0)});
      timing.push_back({configs[ci].id, r.method, std::to_string(r.trials),
                        r.trials ? short_seconds(r.seconds_sum / r.trials) : "",
                        r.trials ? short_seconds(r.escape_seconds_sum / r.trials) : ""});
      csv.push_back({configs[ci].id, r.n ? std::to_string(r.n) : std::string(), r.eps, r.method, std::to_string(r.trials),
                     std::to_string(r.successes), fixed(r.rate, 4), fixed(r.ci_lo, 4),
                     fixed(r.ci_hi, 4), r.vs_gd.defined ? format_p(r.vs_gd.p) : "",
                     r.vs_sod.defined ? format_p(r.vs_sod.p) : "", std::to_string(r.escapes_tried),
                     std::to_string(r.h_lower), fixed(ge, 1)});
    }
    md << markdown_table(
              {"method", "rate [Wilson 95%] (k/N)", "McNemar p vs gd (only this/only gd)",
               "McNemar p vs gd+sod (only this/only gd+sod)", "escapes tried: outcomes",
               "no escape (certification)", "h(X̌) < h(X̂)", "gradient evals / trial"},
              t)
       << "\n";
  }
  out.json()["fig10"] = {{"verdict", v.verdict}, {"reason", v.reason}, {"rows", jrows}};
  out.write_csv(
      "fig10_rates.csv",
      {"configuration", "n", "eps", "method", "trials", "successes", "rate", "ci_lo", "ci_hi",
       "p_vs_gd", "p_vs_gd+sod", "escapes_tried", "h_check_lower", "grad_evals_per_trial"},
      csv);
  // Wall time is a cost that differs from run to run (and between shards), so
  // it stays out of summary.md/.json, which are byte-identical for the same
  // trials however they were run.
  out.write_csv("fig10_timing.csv",
                {"configuration", "method", "trials", "seconds_per_trial", "escape_seconds_per_trial"},
                timing);
  // Panels (a)(b): rate against n, one plot per eps, a line per method.
  std::vector<std::string> eps_seen;
  for (const auto& c : configs) {
    const auto e = c.params.value("eps", std::string());
    if (std::find(eps_seen.begin(), eps_seen.end(), e) == eps_seen.end()) eps_seen.push_back(e);
  }
  for (const auto& e : eps_seen) {
    PlotSpec p;
    p.stem = "fig10_rate_eps" + e;
    p.title = "Success rate, PMC eps = " + e + " (Wilson 95%)";
    if (in.name != "pmc") {
      p.stem = "fig10_rate";
      p.title = "Success rate, " + in.name + " (Wilson 95%)";
    }
    p.xlabel = in.name == "file" ? "configuration" : "n";
    p.ylabel = "success rate";
    p.yrange = "[-0.05:1.05]";
    for (std::size_t mi = 0; mi < M; ++mi) {
      PlotSeries ps;
      ps.title = methods[mi];
      for (const auto& r : rows)
        if (r.method == methods[mi] && r.eps == e) {
          ps.x.push_back(in.name == "file" ? r.configuration : std::to_string(r.n));
          ps.y.push_back(r.rate);
          ps.ylo.push_back(r.ci_lo);
          ps.yhi.push_back(r.ci_hi);
        }
      p.series.push_back(ps);
    }
    out.plot_svg(p);
  }
  // Panels (c)(d): ||XX^T - M*||_F against iteration, every trial, gd and gd+sod.
  const long long every = s.integer("trace-every");
  if (every > 0) {
    for (std::size_t ci = 0; ci < configs.size(); ++ci)
      for (const std::string m : {"gd", "gd+sod"}) {
        PlotSpec p;
        p.stem = "fig10_trace_" + std::string(m == "gd" ? "gd" : "gd_sod") + "_" + configs[ci].id;
        for (auto& ch : p.stem)  // ids hold '=', ',' (and a file's '/'): a file name
          if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '.' && ch != '-' && ch != '_')
            ch = '_';
        p.title = m + ", " + configs[ci].id + ": ||XX^T - M*||_F, every trial";
        p.xlabel = "iteration (gradient evaluations)";
        p.ylabel = "||XX^T - M*||_F";
        p.logy = true;
        for (const auto& rec : records) {
          if (rec.config_index != ci || rec.method != m || !rec.result.contains("trace")) continue;
          PlotSeries ps;
          ps.title = "";
          long long k = 0;
          for (const auto& d : rec.result.at("trace")) {
            if (d.is_number() && d.get<double>() > 0) {
              // Points are placed by index; label every 20th so the axis stays readable.
              ps.x.push_back((k / every) % 20 == 0 ? std::to_string(k) : std::string());
              ps.y.push_back(d.get<double>());
            }
            k += every;
          }
          if (!ps.x.empty()) p.series.push_back(ps);
        }
        if (!p.series.empty()) out.plot_svg(p);
      }
  }
}

namespace {
StudyType make_fig10() {
  StudyType t;
  t.name = "fig10";
  t.description =
      "Fig. 10 of the paper (§6.2): success rate of GD, GD + SOD escape and the baselines of SPEC "
      "§6 on "
      "PMC(n, eps), paired by trial seed; defaults = the paper's grid (50 trials)";
  t.flags = fig10_flags();
  t.check = fig10_check;
  t.configurations = fig10_configurations;
  t.methods = [](const Spec& s) { return s.text_list("methods"); };
  t.run_trial = fig10_trial;
  t.summarize = fig10_summarize;
  t.default_trials = 50;
  t.optional_flags = fig10_optional_flags();
  return t;
}
const StudyRegistrar fig10_registrar(make_fig10);
}  // namespace

}  // namespace sodlift::study
