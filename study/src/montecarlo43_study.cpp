// The study type `montecarlo-4.3`: §4.3 of the paper by Monte Carlo over the
// Gaussian ensemble (4.7). One trial = one random instance; the trial itself
// and the decision rules live in core (montecarlo43.hpp, montecarlo43_tally.hpp)
// so that the validate claims use the same code; this file plugs them into
// the runner and writes the summary (tables, CSV, plots, counterexample files).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>

#include "sodlift/experiments/montecarlo43.hpp"
#include "sodlift/experiments/montecarlo43_tally.hpp"
#include "sodlift/study/statistics.hpp"
#include "sodlift/study/study.hpp"
#include "sodlift/study/summary.hpp"
#include "sodlift/support/errors.hpp"

namespace sodlift::study {

namespace {

// n:m:r triples. Three regimes: m below n(n+1)/2 (spurious minima are
// common, the Gram operator is singular, the full-space delta is >= 1), m
// around n(n+1)/2 like the paper's App. C.2 (n = 3, m = 6), and larger m where
// the delta estimates drop below 1 and the radii exist (n = 2: rank 2 is the
// whole space, so lower = upper and every case is decided). m = 40 at n = 3
// (>= 6 n(n+1)/2) shows how rare spurious minima are once delta < 1.
constexpr const char* kDefaultGrid =
    "2:3:1,2:4:1,2:6:1,2:9:1,3:3:1,3:4:1,3:5:1,3:6:1,3:8:1,3:10:1,3:16:1,3:40:1,4:5:1,4:7:1,4:10:1,"
    "4:14:1,"
    "5:8:1,5:15:1";

struct GridPoint {
  int n = 0, m = 0, r = 0;
};

GridPoint parse_grid_point(const std::string& s) {
  GridPoint g;
  char tail = 0;
  if (std::sscanf(s.c_str(), "%d:%d:%d%c", &g.n, &g.m, &g.r, &tail) != 3)
    throw input_error("--grid entry '" + s + "' is not n:m:r (e.g. 3:6:1)");
  if (g.n < 2 || g.m < 1 || g.r < 1 || g.r > g.n)
    throw input_error("--grid entry '" + s + "': need n >= 2, m >= 1, 1 <= r <= n");
  return g;
}

Montecarlo43Config config_of(const Spec& s, const Json& params) {
  Montecarlo43Config c;
  c.n = params.at("n");
  c.m = params.at("m");
  c.r = params.at("r");
  c.starts = static_cast<int>(s.integer("starts"));
  c.gd_max_iter = static_cast<int>(s.integer("gd-max-iter"));
  c.restricted_rank = static_cast<int>(s.integer("restricted-rank"));
  c.restricted_starts = static_cast<int>(s.integer("restricted-starts"));
  c.sampled_samples = static_cast<int>(s.integer("sampled-samples"));
  c.start_scale = s.decimal("start-scale");
  return c;
}

Mc43Interval wilson(long k, long n) {
  const Interval w = wilson_interval(static_cast<std::uint64_t>(k), static_cast<std::uint64_t>(n));
  return {w.estimate, w.lower, w.upper};
}

std::string num(double x, int digits = 4) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, x);
  return buf;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// The fixed-P,Q Monte Carlo at each (n, m) of the grid (seeded by n and m
// only, so the summary is a function of the records and the spec).
std::vector<FixedPQMoments> fixed_moments(const std::vector<Configuration>& configs, int samples) {
  std::vector<FixedPQMoments> out;
  std::set<std::pair<int, int>> seen;
  for (const auto& c : configs) {
    const int n = c.params.at("n"), m = c.params.at("m");
    if (!seen.insert({n, m}).second) continue;
    out.push_back(fixed_pq_moments(n, m, samples, 43000 + 1000ULL * n + m));
  }
  return out;
}

void write_plots(const Mc43Tally& t, const std::vector<FixedPQMoments>& fixed,
                 SummaryBuilder& out) {
  // 1. EFS against d^2/r_2 with the case boundaries (x = 1: r_2; EFS = 1).
  {
    std::string gp =
        "set title 'EFS at certified spurious minima against d^2/r_2 (Thm 4.4)' noenhanced\n"
        "set xlabel 'd^2 / r_2   (d^2 = ||XX^T - M*||_F^2; case 1 right of 1)' noenhanced\n"
        "set ylabel 'EFS (Def. 4.3)' noenhanced\nset logscale y\nset grid\n"
        "set key outside right top noenhanced\n"
        "set arrow from 1, graph 0 to 1, graph 1 nohead dt 2 lc rgb '#444444'\n";
    std::string plot = "plot 1 with lines dt 3 lc rgb '#000000' title 'EFS = 1'";
    int k = 0;
    for (const char* L : {"lower", "sampled", "upper"}) {
      std::string data;
      for (const auto& p : t.scatter)
        if (p.label == L && p.efs > 0) data += num(p.x, 10) + " " + num(p.efs, 10) + "\n";
      if (data.empty()) continue;
      gp += "$d" + std::to_string(k) + " << EOD\n" + data + "EOD\n";
      plot += ", $d" + std::to_string(k) +
              " using 1:2 with points pt 7 ps 0.5 title 'delta = " + L + "'";
      ++k;
    }
    if (k > 0) {
      gp += plot + "\n";
      if (out.render_gnuplot("efs-vs-distance", gp))
        out.markdown() << "![EFS against d^2/r_2](efs-vs-distance.svg)\n\n";
    }
  }
  // 2. P(EFS > 1) per case with Wilson intervals against the bound.
  {
    PlotSpec p;
    p.stem = "efs-probability-per-case";
    p.title = "P(EFS > 1) per case (Wilson 95%) against Thm 4.4's bound";
    p.xlabel = "case (delta)";
    p.ylabel = "P(EFS > 1)";
    p.yrange = "[-0.05:1.05]";
    PlotSeries obs{"observed", {}, {}, {}, {}}, bound{"bound of Thm 4.4", {}, {}, {}, {}};
    for (const char* L : {"lower", "sampled"}) {
      const auto it = t.at.find(L);
      if (it == t.at.end()) continue;
      for (int c = 1; c <= 3; ++c) {
        const long n = it->second.in_case[c];
        if (!n) continue;
        const auto w = wilson(it->second.efs_gt_1[c], n);
        const std::string x = "case " + std::to_string(c) + " (" + L + ")";
        obs.x.push_back(x);
        obs.y.push_back(w.estimate);
        obs.ylo.push_back(w.lower);
        obs.yhi.push_back(w.upper);
        const double b = c == 1 ? 1.0 : c == 2 ? 0.0 : it->second.case3_bound_sum / n;
        bound.x.push_back(x);
        bound.y.push_back(b);
        bound.ylo.push_back(b);
        bound.yhi.push_back(b);
      }
    }
    if (!obs.x.empty()) {
      p.series = {obs, bound};
      if (out.plot_svg(p))
        out.markdown() << "![P(EFS > 1) per case](efs-probability-per-case.svg)\n\n";
    }
  }
  // 3. Distribution of m S^2/2 at real minima against fixed P, Q (same m's).
  if (!t.mS2_values.empty()) {
    std::vector<double> real = t.mS2_values, theory;
    std::map<int, int> count_m;
    for (int m : t.mS2_m) count_m[m]++;
    for (const auto& f : fixed) {
      const auto it = count_m.find(f.m);
      if (it == count_m.end()) continue;
      // As many fixed-P,Q values per m as there are minima with that m, times 50.
      const std::size_t want = std::min<std::size_t>(f.mS2_over_2.size(), 50 * it->second);
      theory.insert(theory.end(), f.mS2_over_2.begin(), f.mS2_over_2.begin() + want);
      count_m.erase(it);
    }
    std::sort(real.begin(), real.end());
    std::sort(theory.begin(), theory.end());
    auto cdf = [](const std::vector<double>& v) {
      std::string d;
      const std::size_t step = std::max<std::size_t>(1, v.size() / 400);
      for (std::size_t i = 0; i < v.size(); i += step)
        d += num(v[i], 8) + " " + num((i + 1.0) / v.size(), 8) + "\n";
      if (!v.empty()) d += num(v.back(), 8) + " 1\n";
      return d;
    };
    std::string gp =
        "set title 'm S^2/2 at real minima vs fixed P,Q (S = <E, u_n u_n^T>)' noenhanced\n"
        "set xlabel 'm S^2 / 2' noenhanced\nset ylabel 'empirical CDF' noenhanced\nset grid\n"
        "set logscale x\nset key outside right top noenhanced\n";
    gp += "$real << EOD\n" + cdf(real) + "EOD\n$fixed << EOD\n" + cdf(theory) + "EOD\n";
    gp += "plot $real using 1:2 with steps lw 2 title 'real minima (" +
          std::to_string(real.size()) +
          ")', $fixed using 1:2 with steps lw 2 title 'fixed P,Q, same m (" +
          std::to_string(theory.size()) + ")'\n";
    if (out.render_gnuplot("mS2-distribution", gp))
      out.markdown() << "![m S^2/2 at real minima vs fixed P,Q](mS2-distribution.svg)\n\n";
  }
}

StudyType make_montecarlo43() {
  StudyType t;
  t.name = "montecarlo-4.3";
  t.description =
      "§4.3 by Monte Carlo: certified spurious minima of Gaussian instances (4.7) over an (n, m, "
      "r) grid; EFS, "
      "radii, cases and theta of Thm 4.4, the exact single-step descent set, with delta three ways "
      "(valid upper, "
      "optimised lower, sampled); claims thm4.4-case1..3, moments-4.3, prop4.2-random, "
      "thm4.4-det-random";
  t.flags = {
      {"grid", FlagKind::text_list, kDefaultGrid,
       "grid: n:m:r triples (m < n(n+1)/2: Gram singular, valid delta >= 1; m >= 6 n(n+1)/2: radii "
       "exist)"},
      {"starts", FlagKind::integer, "8",
       "protocol: random starts per instance (standard normal x start-scale)"},
      {"start-scale", FlagKind::decimal, "1", "protocol: scale of the random starts"},
      {"gd-max-iter", FlagKind::integer, "20000",
       "protocol: GD iterations per start before Newton"},
      {"restricted-rank", FlagKind::integer, "2",
       "delta: rank p of the lower estimate and of the sampled estimator"},
      {"restricted-starts", FlagKind::integer, "12",
       "delta: starts of the truncated power iterations (lower)"},
      {"sampled-samples", FlagKind::integer, "1000",
       "delta: random rank-p matrices of the sampled estimator"},
      {"moment-samples", FlagKind::integer, "20000",
       "summary: fixed-P,Q Monte Carlo draws per (n, m)"},
  };
  t.check = [](const Spec& s) {
    for (const auto& g : s.text_list("grid")) {
      const auto p = parse_grid_point(g);
      if (s.integer("restricted-rank") < 1 || s.integer("restricted-rank") > p.n)
        throw input_error("--restricted-rank " + s.text("restricted-rank") +
                          " must lie in [1, n] for grid entry " + g);
    }
    if (s.integer("starts") < 1) throw input_error("--starts must be >= 1");
    if (s.integer("gd-max-iter") < 0) throw input_error("--gd-max-iter must be >= 0");
    if (s.integer("restricted-starts") < 1) throw input_error("--restricted-starts must be >= 1");
    if (s.integer("sampled-samples") < 1) throw input_error("--sampled-samples must be >= 1");
    if (s.integer("moment-samples") < 2) throw input_error("--moment-samples must be >= 2");
    const double sc = s.decimal_as_double("start-scale");
    if (!(sc > 0) || !std::isfinite(sc))
      throw input_error("--start-scale must be a finite number > 0");
  };
  t.configurations = [](const Spec& s) {
    std::vector<Configuration> c;
    std::set<std::string> seen;
    for (const auto& g : s.text_list("grid")) {
      const auto p = parse_grid_point(g);
      const std::string id =
          "n=" + std::to_string(p.n) + ",m=" + std::to_string(p.m) + ",r=" + std::to_string(p.r);
      if (!seen.insert(id).second) throw input_error("--grid lists " + g + " twice");
      c.push_back({id, {{"n", p.n}, {"m", p.m}, {"r", p.r}}});
    }
    return c;
  };
  t.default_trials = 100;
  t.methods = [](const Spec&) { return std::vector<std::string>{"minima"}; };
  t.run_trial = [](const Spec& s, const Configuration& c, std::uint64_t, std::uint64_t seed) {
    const auto t0 = std::chrono::steady_clock::now();
    Json r = montecarlo43_trial(config_of(s, c.params), seed);
    r["timing"] = {
        {"seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()}};
    return std::vector<TrialRecord>{{"minima", r}};
  };
  t.summarize = [](const Spec& s, const std::vector<Record>& records, SummaryBuilder& out) {
    std::vector<nlohmann::json> res;
    std::vector<std::string> ids;
    for (const auto& r : records) {
      res.push_back(r.result);
      ids.push_back(r.configuration);
    }
    const auto fixed =
        fixed_moments(out.configurations(), static_cast<int>(s.integer("moment-samples")));
    auto& md = out.markdown();
    // Population per configuration.
    {
      std::vector<std::vector<std::string>> rows;
      for (const auto& c : out.configurations()) {
        std::vector<nlohmann::json> rc;
        std::vector<std::string> ic;
        for (std::size_t i = 0; i < res.size(); ++i)
          if (ids[i] == c.id) rc.push_back(res[i]), ic.push_back(ids[i]);
        const auto tc = mc43_tally(rc, ic);
        const int n = c.params.at("n");
        std::string outcomes;
        for (const auto& [k, v] : tc.start_outcomes)
          outcomes += (outcomes.empty() ? "" : ", ") + k + " " + std::to_string(v);
        auto dl = [&](const char* L) {
          const auto it = tc.delta_values.find(L);
          return it == tc.delta_values.end() ? std::string("-") : num(median(it->second), 3);
        };
        const auto& lo = tc.at.count("lower") ? tc.at.at("lower") : Mc43AtDelta{};
        rows.push_back(
            {c.id, std::to_string(n * (n + 1) / 2), std::to_string(tc.trials),
             std::to_string(tc.trials_with_minimum), std::to_string(tc.minima), outcomes,
             dl("upper"), dl("lower"), dl("sampled"), std::to_string(tc.lower_below_1),
             std::to_string(lo.in_case[1]) + "/" + std::to_string(lo.in_case[2]) + "/" +
                 std::to_string(lo.in_case[3]) + "/" + std::to_string(lo.in_case[0]),
             std::to_string(lo.efs_gt_1[1] + lo.efs_gt_1[2] + lo.efs_gt_1[3] + lo.efs_gt_1[0])});
      }
      md << "## Population\n\nPer configuration: trials (random instances), trials with at least "
            "one certified "
            "spurious minimum, distinct minima, what the starts ended at, the median of each "
            "delta, trials with the "
            "lower delta below 1, minima per case at the lower delta (1/2/3/undefined) and how "
            "many have EFS > 1.\n\n"
         << markdown_table({"configuration", "n(n+1)/2", "trials", "with minimum", "minima",
                            "start outcomes", "delta upper", "delta lower", "delta sampled",
                            "lower < 1", "cases @lower", "EFS>1 @lower"},
                           rows)
         << "\n";
    }
    const auto tally = mc43_tally(res, ids);
    const auto judged = mc43_judge(tally, fixed, wilson);
    std::vector<std::vector<std::string>> vrows;
    Json jv = Json::array();
    for (const auto& j : judged) {
      vrows.push_back({j.claim, j.verdict, j.key, j.reason});
      Json m = Json::array();
      for (const auto& [k, v] : j.measured) m.push_back({{"name", k}, {"value", v}});
      jv.push_back({{"claim", j.claim},
                    {"verdict", j.verdict},
                    {"key", j.key},
                    {"reason", j.reason},
                    {"measured", m}});
    }
    md << "## Claims\n\n" << markdown_table({"claim", "verdict", "key", "reason"}, vrows) << "\n";
    for (const auto& j : judged) {
      std::vector<std::vector<std::string>> rows;
      for (const auto& [k, v] : j.measured) rows.push_back({k, v});
      md << "### " << j.claim << " — " << j.verdict << "\n\n"
         << markdown_table({"measured", "value"}, rows) << "\n";
    }
    out.json()["claims"] = jv;
    out.json()["minima"] = tally.minima;
    // Every minimum at every delta, for plotting elsewhere.
    {
      std::vector<std::vector<std::string>> rows;
      for (std::size_t i = 0; i < res.size(); ++i) {
        std::size_t k = 0;
        for (const auto& mn : res[i]["minima"]) {
          for (const char* L : {"upper", "lower", "sampled"}) {
            const auto& a = mn["at"][L];
            auto f = [](const Json& x) { return x.is_null() ? std::string() : x.dump(); };
            rows.push_back({ids[i], std::to_string(res[i]["seed"].get<std::uint64_t>()),
                            std::to_string(k), L, f(a["delta"]), f(mn["dist2"]), f(a["r_1"]),
                            f(a["r_2"]), f(a["case"]), f(a["theta"]), f(a["efs"]), f(a["ncm"]),
                            f(a["aic"]), f(a["interval_4_6"]), f(a["every_rho_decreases"]),
                            f(a["necessity_4_4"]), f(mn["m_S2_over_2"]), mn["range"]["case"],
                            mn["range"]["efs_gt_1"]});
          }
          ++k;
        }
      }
      out.write_csv(
          "minima.csv",
          {"configuration", "seed", "minimum", "delta_label", "delta", "dist2", "r_1", "r_2",
           "case", "theta", "efs", "ncm", "aic", "interval_4_6", "every_rho_decreases",
           "necessity_4_4", "m_S2_over_2", "range_case", "range_efs_gt_1"},
          rows);
    }
    // Counterexamples: the first few per (claim, delta) as instance files
    // (every digit; rerun with `--instance file --file <name>`).
    {
      std::map<std::pair<std::string, std::string>, int> kept;
      std::vector<std::vector<std::string>> rows;
      for (const auto& c : tally.counterexamples) {
        int& k = kept[{c.claim, c.delta}];
        std::string file;
        if (k < 3) {
          Montecarlo43Config cfg = config_of(s, {{"n", c.n}, {"m", c.m}, {"r", c.r}});
          Mat<double> X(c.n, c.r);
          for (int i = 0; i < c.n; ++i)
            for (int j = 0; j < c.r; ++j)
              X(i, j) = from_string<double>(c.X[i][j].get<std::string>());
          file = "counterexample-" + c.claim + "-" + c.delta + "-" + std::to_string(k) + ".json";
          out.write_file(file, montecarlo43_instance_json(cfg, c.seed, X,
                                                          c.claim + " at delta " + c.delta + " = " +
                                                              num(c.delta_value, 17))
                                       .dump(1) +
                                   "\n");
        }
        ++k;
        if (k <= 3)
          rows.push_back({c.claim, c.delta, c.configuration, std::to_string(c.seed),
                          std::to_string(c.minimum), num(c.delta_value), num(c.dist2), num(c.r_1),
                          num(c.r_2), num(c.efs), file});
      }
      md << "## Counterexamples\n\nThe first three per (claim, delta); all counts are in the claim "
            "tables. Each file "
            "is the instance with its start at the minimum; `sodlift closed-form --instance file "
            "--file <name>` prints its EFS, (4.6), the exact descent set, r_1, r_2 and the "
            "case.\n\n"
         << markdown_table({"claim", "delta", "configuration", "seed", "minimum", "delta value",
                            "d^2", "r_1", "r_2", "EFS", "file"},
                           rows)
         << "\n";
    }
    md << "## Plots\n\n";
    write_plots(tally, fixed, out);
  };
  return t;
}

const StudyRegistrar montecarlo43_registrar(make_montecarlo43);

}  // namespace

}  // namespace sodlift::study
