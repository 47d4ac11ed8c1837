// The study type `lifted-gd` (study/include/sodlift/study/lifted_gd.hpp).
#include "sodlift/study/lifted_gd.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>

#include "sodlift/study/statistics.hpp"
#include "sodlift/study/summary.hpp"
#include "sodlift/support/errors.hpp"

namespace sodlift::study {

namespace {

// Non-finite doubles as strings (JSON has no NaN/Inf; nlohmann would write null).
Json num(double x) {
  if (std::isfinite(x)) return x;
  return std::isnan(x) ? Json("nan") : Json(x > 0 ? "inf" : "-inf");
}
Json vec(const std::vector<double>& v) {
  Json a = Json::array();
  for (double x : v) a.push_back(num(x));
  return a;
}
double get(const Json& j, const char* k) {
  const Json& v = j.at(k);
  return v.is_number() ? v.get<double>() : std::nan("");
}
std::string g4(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.4g", x);
  return buf;
}

StudyType make_lifted_gd() {
  StudyType t;
  t.name = "lifted-gd";
  t.description =
      "Lifted GD from small initialisation (arXiv:2310.15549 Thm 1, Lemma 14, Fig. 1) on their "
      "perturbed matrix completion, against plain GD on (P1) from the paired start: success "
      "rates, McNemar, kappa = lambda^v_2/lambda^v_1 along the trajectory";
  t.flags = {
      {"n", FlagKind::integer_list, "5,8,10", "grid: sizes n (>= 2; n^l entries per lifted tensor)"},
      {"eps", FlagKind::decimal_list, "1e-3,1e-5,1e-7", "grid: initialisation scales eps > 0"},
      {"l", FlagKind::integer, "3", "protocol: lifting order (odd)"},
      {"rho", FlagKind::decimal, "0.01", "operator: weight of the unobserved-ish entries"},
      {"eta-lifted", FlagKind::decimal, "0.02",
       "protocol: lifted GD step on h^l = 1/4||y - b^{(x)l}||^2 (their lr)"},
      {"eta-plain", FlagKind::decimal, "0.02",
       "protocol: GD step on h = 1/2||A(XX^T) - b||^2 (their 2 lr on the 1/4 scale)"},
      {"steps", FlagKind::integer, "3000", "protocol: GD steps t per method"},
      {"kappa-every", FlagKind::integer, "100", "protocol: kappa recorded every this many steps"},
      {"success-tol", FlagKind::decimal, "0.05", "success: ||XX^T - M*||_F at most this"},
  };
  // The spec key stays "steps" (the hash of every lifted-gd spec with it);
  // the command line says --t like every other command (issue 23).
  t.cli_names = {{"steps", "t"}};
  t.check = [](const Spec& s) {
    for (auto n : s.integer_list("n"))
      if (n < 2 || n > 16)
        throw input_error("--n " + std::to_string(n) +
                          ": lifted GD stores n^l entries; give 2 <= n <= 16 (e.g. --n 5,8,10)");
    for (const auto& e : s.decimal_list("eps"))
      if (!(std::strtod(e.c_str(), nullptr) > 0))
        throw input_error("--eps " + e + ": the initialisation scale must be > 0 (e.g. --eps 1e-3)");
    const std::int64_t l = s.integer("l");
    if (l < 1 || l % 2 == 0 || l > 7)
      throw input_error("--l " + s.text("l") + ": the lifting order must be odd, 1..7 (e.g. --l 3)");
    for (const char* f : {"rho", "eta-lifted", "eta-plain", "success-tol"})
      if (!(s.decimal_as_double(f) > 0))
        throw input_error(std::string("--") + f + " " + s.text(f) + ": must be > 0 (default " +
                          (std::string(f) == "rho" ? "0.01" : std::string(f) == "success-tol" ? "0.05" : "0.02") + ")");
    if (s.integer("steps") < 0) throw input_error("--t " + s.text("steps") + ": must be >= 0 (e.g. --t 3000)");
    if (s.integer("kappa-every") < 1)
      throw input_error("--kappa-every " + s.text("kappa-every") + ": must be >= 1 (e.g. --kappa-every 100)");
  };
  t.configurations = [](const Spec& s) {
    std::vector<Configuration> c;
    for (auto n : s.integer_list("n"))
      for (const auto& e : s.decimal_list("eps"))
        c.push_back({"n=" + std::to_string(n) + ",eps=" + e, {{"n", n}, {"eps", e}}});
    return c;
  };
  t.methods = [](const Spec&) { return std::vector<std::string>{"lifted-gd", "gd"}; };
  t.run_trial = [](const Spec& s, const Configuration& c, std::uint64_t, std::uint64_t seed) {
    const int n = c.params.at("n").get<int>();
    const double eps = std::strtod(c.params.at("eps").get<std::string>().c_str(), nullptr);
    const auto t0 = std::chrono::steady_clock::now();
    const lifted::LiftedGdTrial r = lifted::run_lifted_gd_trial(n, lifted_gd_protocol(s, eps), seed);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    Json kappa = Json::array();
    for (const auto& p : r.kappa)
      kappa.push_back({{"t", p.t}, {"h", num(p.h)}, {"norm", num(p.norm)},
                       {"lambda1", num(p.lambda1)}, {"lambda2", num(p.lambda2)},
                       {"kappa", num(p.kappa)}});
    Json lifted = {{"success", r.lifted_success},
                   {"distance", num(r.lifted_distance)},
                   {"diverged", r.lifted_diverged},
                   {"steps", r.lifted_steps},
                   {"h0", num(r.lifted_h0)},
                   {"h", num(r.lifted_h)},
                   {"grad_norm", num(r.lifted_grad_norm)},
                   {"x", vec(r.lifted_x)},
                   {"x0", vec(r.x0)},
                   {"rank1_residual", num(r.lifted_rank1_residual)},
                   {"asymmetry", num(r.asymmetry)},
                   {"window_end", r.window_end},
                   {"window_closed", r.window_closed},
                   {"kappa_max_window", num(r.kappa_max_window)},
                   {"kappa_max_all", num(r.kappa_max_all)},
                   {"kappa_final", num(r.kappa_final)},
                   {"kappa", kappa},
                   {"timing", {{"trial_seconds", secs}}}};
    Json plain = {{"success", r.plain_success},
                  {"distance", num(r.plain_distance)},
                  {"vec_distance", num(r.plain_vec_distance)},
                  {"diverged", r.plain_diverged},
                  {"steps", r.plain_steps},
                  {"h", num(r.plain_h)},
                  {"grad_norm", num(r.plain_grad_norm)},
                  {"x", vec(r.plain_x)}};
    return std::vector<TrialRecord>{{"lifted-gd", lifted}, {"gd", plain}};
  };
  t.summarize = [](const Spec&, const std::vector<Record>& records, SummaryBuilder& out) {
    RateTableOptions o;
    o.title = "Success rate (||XX^T - M*||_F <= success-tol; lifted: after rank-1 extraction)";
    o.xlabel = "configuration (n, eps)";
    o.paired = {{"lifted-gd", "gd"}};
    write_rate_table(
        out.configurations(), out.methods(), records,
        [](const Record& r) -> std::optional<bool> { return r.result.at("success").get<bool>(); },
        o, out);
    const auto rows = lifted_gd_rows(out.configurations(), records);
    std::vector<std::vector<std::string>> md, csv;
    Json js = Json::array();
    for (const auto& r : rows) {
      md.push_back({r.configuration, std::to_string(r.trials), std::to_string(r.window_closed),
                    std::to_string(r.kappa_below_1) + "/" + std::to_string(r.trials),
                    g4(r.kappa_window_median), g4(r.kappa_window_max), g4(r.kappa_all_max),
                    std::to_string(r.lifted_diverged), std::to_string(r.plain_diverged)});
      csv.push_back(md.back());
      js.push_back({{"configuration", r.configuration},
                    {"trials", r.trials},
                    {"window_closed", r.window_closed},
                    {"kappa_below_1", r.kappa_below_1},
                    {"kappa_window_median", num(r.kappa_window_median)},
                    {"kappa_window_max", num(r.kappa_window_max)},
                    {"kappa_all_max", num(r.kappa_all_max)},
                    {"lifted_diverged", r.lifted_diverged},
                    {"plain_diverged", r.plain_diverged}});
    }
    const std::vector<std::string> header = {
        "configuration", "trials", "window closed", "kappa < 1 in window", "median max kappa (window)",
        "max kappa (window)", "max kappa (whole run)", "lifted diverged", "gd diverged"};
    out.markdown() << "\n## kappa = lambda^v_2 / lambda^v_1 along lifted GD\n\n"
                   << "Window: t up to the first step with h^l(w_t) <= h^l(w_0)/2 (the growth "
                      "phase; the whole run when h^l never halves). kappa <= 1 by definition; "
                      "SS-HOPM estimates (lifted/include/sodlift/lifted/lifted_gd.hpp).\n\n"
                   << markdown_table(header, md);
    out.write_csv("kappa.csv", header, csv);
    out.json()["kappa"] = js;
  };
  t.default_trials = 10;
  return t;
}

const StudyRegistrar lifted_gd_registrar(make_lifted_gd);

}  // namespace

lifted::LiftedGdOptions lifted_gd_protocol(const Spec& s, double eps) {
  lifted::LiftedGdOptions o;
  o.l = static_cast<int>(s.integer("l"));
  o.eps = eps;
  o.rho = s.decimal_as_double("rho");
  o.eta_lifted = s.decimal_as_double("eta-lifted");
  o.eta_plain = s.decimal_as_double("eta-plain");
  o.steps = static_cast<int>(s.integer("steps"));
  o.kappa_every = static_cast<int>(s.integer("kappa-every"));
  o.success_tol = s.decimal_as_double("success-tol");
  return o;
}

std::vector<LiftedGdRow> lifted_gd_rows(const std::vector<Configuration>& configurations,
                                        const std::vector<Record>& records) {
  std::vector<LiftedGdRow> rows(configurations.size());
  // (config, trial) -> (lifted record, plain record)
  std::map<std::pair<std::size_t, std::uint64_t>, std::pair<const Json*, const Json*>> trials;
  for (const auto& r : records) {
    if (r.config_index >= rows.size()) continue;
    auto& slot = trials[{r.config_index, r.trial}];
    if (r.method == "lifted-gd") slot.first = &r.result;
    if (r.method == "gd") slot.second = &r.result;
  }
  std::vector<std::vector<double>> kw(configurations.size());
  for (std::size_t c = 0; c < configurations.size(); ++c) {
    rows[c].configuration = configurations[c].id;
    rows[c].n = configurations[c].params.at("n").get<int>();
    rows[c].eps = configurations[c].params.at("eps").get<std::string>();
  }
  for (const auto& [key, pr] : trials) {
    if (!pr.first || !pr.second) continue;
    LiftedGdRow& row = rows[key.first];
    const Json& L = *pr.first;
    const Json& G = *pr.second;
    ++row.trials;
    const bool ls = L.at("success").get<bool>(), gs = G.at("success").get<bool>();
    row.lifted_success += ls;
    row.plain_success += gs;
    row.only_lifted += (ls && !gs);
    row.only_plain += (gs && !ls);
    row.window_closed += L.at("window_closed").get<bool>();
    row.lifted_diverged += L.at("diverged").get<bool>();
    row.plain_diverged += G.at("diverged").get<bool>();
    const double kwin = get(L, "kappa_max_window"), kall = get(L, "kappa_max_all");
    row.kappa_below_1 += (kwin < 1);
    row.kappa_window_max = std::max(row.kappa_window_max, kwin);
    row.kappa_all_max = std::max(row.kappa_all_max, kall);
    kw[key.first].push_back(kwin);
  }
  for (std::size_t c = 0; c < rows.size(); ++c) {
    rows[c].mcnemar_p = mcnemar_exact_p(rows[c].only_lifted, rows[c].only_plain);
    auto& v = kw[c];
    if (!v.empty()) {
      std::sort(v.begin(), v.end());
      const std::size_t k = v.size();
      rows[c].kappa_window_median = k % 2 ? v[k / 2] : 0.5 * (v[k / 2 - 1] + v[k / 2]);
    }
  }
  return rows;
}

}  // namespace sodlift::study
