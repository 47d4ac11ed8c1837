// The lifted landscape on the fig10 population (validate/include/sodlift/
// validate/lift_population.hpp says what; lifted/hessian.hpp the mathematics).
#include "sodlift/validate/lift_population.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <map>
#include <mutex>
#include <sstream>

#include "sodlift/core/instances.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/experiments/methods.hpp"
#include "sodlift/study/fig10.hpp"
#include "sodlift/study/seeds.hpp"
#include "sodlift/study/statistics.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift/support/parallel.hpp"
#include "sodlift/validate/build_info.hpp"
#include "sodlift/validate/experiments.hpp"

namespace sodlift::validate {

namespace {

std::string sci(double x, int prec = 4) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*g", prec, x);
  return buf;
}

std::string join(const std::vector<std::string>& v, const std::string& sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

Measured text(const std::string& n, const std::string& v) {
  return Measured{n, v, std::nullopt, MeasureKind::exact};
}

// Full space strictly below the symmetric minimum: beyond both residuals and
// 1e-10 of ||H|| (the Lanczos tolerance is 1e-12 relative).
bool full_lower(const lifted::LandscapeResult<double>& R) {
  if (!R.full_computed) return false;
  const double tol = R.residual_sym + R.residual_full + 1e-10 * R.scale;
  return R.lambda_min_full < R.lambda_min_sym - tol;
}

std::string grid_text(const LiftPopulationGrid& g) {
  std::vector<std::string> ns;
  for (int n : g.n) ns.push_back(std::to_string(n));
  return "PMC n = " + join(ns, ",") + ", eps = " + join(g.eps, ",") + ", the first " +
         std::to_string(g.trials) + " fig10 trials of each, l = 1.." + std::to_string(g.lmax);
}

}  // namespace

bool lift_level_saddle(const lifted::LandscapeResult<double>& R) {
  if (R.saddle && R.decided) return true;
  return R.full_computed && R.lambda_min_full < 0 && std::abs(R.lambda_min_full) > R.residual_full;
}

LiftPopulationGrid lift_population_grid(bool full) {
  LiftPopulationGrid g;
  if (full) {
    g.n = {10, 20};
    g.eps = {"0.15", "0.10"};
    g.trials = 10;
    g.lmax = 5;
    g.full_max_dim = 10000;   // n = 10: l <= 4; n = 20: l <= 3
    g.inertia_max_dim = 2500;  // n = 10: l = 4, 5; n = 20: l = 3
  } else {
    g.n = {10};
    g.eps = {"0.15", "0.10"};
    g.trials = 3;
    g.lmax = 5;
    g.full_max_dim = 1000;    // n = 10: l <= 3
    g.inertia_max_dim = 800;  // n = 10: l = 4 (dim 715)
    g.reduced = true;
  }
  return g;
}

const LiftPopulation& lift_population(bool full) {
  static std::mutex mu;
  static std::map<bool, LiftPopulation> cache;
  std::unique_lock<std::mutex> lock(mu, std::defer_lock);
  {
    LendWhileWaiting lend;
    lock.lock();
  }
  auto it = cache.find(full);
  if (it != cache.end()) return it->second;
  using namespace sodlift::study;
  const auto t0 = std::chrono::steady_clock::now();
  LiftPopulation pop;
  pop.grid = lift_population_grid(full);
  const StudyType* type = find_study_type("fig10");
  if (!type) throw precondition_error("the fig10 study type is not linked into this program");
  // The seeds of `sodlift study fig10 --n 10,20 --eps 0.15,0.10` (the fig10
  // claim's quick grid) in both modes: the quick population is a prefix of
  // the full one.
  const Spec spec = make_spec(*type, {{"n", kFig10QuickN}, {"eps", kFig10QuickEps}}, sodlift_version());
  pop.spec_hash = spec.hash();
  const ProtocolOptions o = fig10_protocol(spec);
  struct Job {
    std::string config, eps;
    int n;
    std::uint64_t trial, seed;
  };
  std::vector<Job> jobs;
  for (const auto& c : type->configurations(spec)) {
    const int n = c.params.at("n").get<int>();
    const std::string eps = c.params.at("eps").get<std::string>();
    if (std::find(pop.grid.n.begin(), pop.grid.n.end(), n) == pop.grid.n.end() ||
        std::find(pop.grid.eps.begin(), pop.grid.eps.end(), eps) == pop.grid.eps.end())
      continue;
    for (std::uint64_t i = 0; i < pop.grid.trials; ++i)
      jobs.push_back({c.id, eps, n, i, trial_seed(spec.hash_value(), c.id, i)});
  }
  pop.trials = jobs.size();
  std::map<std::string, SensingProblem<double>> problems;
  for (const auto& j : jobs)
    if (!problems.count(j.config)) {
      InstanceSpec s;
      s.name = "pmc";
      s.n = j.n;
      s.eps = j.eps;
      problems.emplace(j.config, make_instance<double>(s).problem);
    }
  std::vector<Fig10Endpoint> ends(jobs.size());
  parallel_for(jobs.size(), [&](std::size_t k) {
    const auto& j = jobs[k];
    ends[k] = fig10_endpoint(problems.at(j.config), small_initialisation(j.n, 1, o.zeta, j.seed), o);
  });
  std::vector<std::size_t> kept;
  for (std::size_t k = 0; k < jobs.size(); ++k) {
    const auto& e = ends[k];
    if (e.diverged) ++pop.diverged;
    else if (e.at_truth) ++pop.at_truth;
    else if (!e.cert_error.empty()) ++pop.cert_errors;
    else if (e.cp.kind != PointKind::spurious_local_min) ++pop.not_spurious;
    else kept.push_back(k);
  }
  const int L = pop.grid.lmax;
  pop.minima.resize(kept.size());
  std::vector<SodIngredients<double>> ings;
  for (std::size_t m = 0; m < kept.size(); ++m) {
    const auto& j = jobs[kept[m]];
    const auto& e = ends[kept[m]];
    auto& M = pop.minima[m];
    M.configuration = j.config;
    M.eps = j.eps;
    M.n = j.n;
    M.trial = j.trial;
    M.seed = j.seed;
    M.h = e.cp.h;
    M.dist_truth = e.cp.dist_to_truth;
    ings.push_back(sod_ingredients(problems.at(j.config), e.cp.X));
    M.theorem = lifted::saddle_theorem(problems.at(j.config), ings.back());
    M.levels.resize(static_cast<std::size_t>(L));
    M.seconds.assign(static_cast<std::size_t>(L), 0.0);
  }
  // One task per (minimum, l); each is deterministic (seeded Lanczos) and
  // stores its result by its index, so the order they run in changes nothing
  // but the wall time. The costs differ by orders of magnitude (n = 20, l = 5,
  // symmetric dimension 42,504, against 10 at n = 10, l = 1), so the tasks
  // start largest symmetric dimension first: in index order the last
  // minimum's l = 5 task started last and ran alone on one core at the end.
  // An exception is kept per task and the one of the lowest index rethrown,
  // as parallel_for over the index order would.
  const std::size_t ntasks = kept.size() * static_cast<std::size_t>(L);
  auto sym_dim = [&](std::size_t k) {  // C(n + l - 1, l), r = 1
    const int n = pop.minima[k / static_cast<std::size_t>(L)].n;
    const int l = static_cast<int>(k % static_cast<std::size_t>(L)) + 1;
    long double c = 1;
    for (int i = 1; i <= l; ++i) c = c * (n + i - 1) / i;
    return c;
  };
  std::vector<std::size_t> order(ntasks);
  for (std::size_t k = 0; k < ntasks; ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return sym_dim(a) > sym_dim(b); });
  std::vector<std::exception_ptr> failed(ntasks);
  parallel_for(ntasks, [&](std::size_t q) {
    const std::size_t k = order[q];
    try {
      const std::size_t m = k / static_cast<std::size_t>(L);
      const int l = static_cast<int>(k % static_cast<std::size_t>(L)) + 1;
      auto& M = pop.minima[m];
      lifted::LandscapeOptions opt;
      opt.full_max_dim = pop.grid.full_max_dim;
      opt.inertia_max_dim = pop.grid.inertia_max_dim;
      const auto s0 = std::chrono::steady_clock::now();
      M.levels[static_cast<std::size_t>(l - 1)] =
          lifted::lifted_landscape(problems.at(M.configuration), ings[m], l, opt);
      M.seconds[static_cast<std::size_t>(l - 1)] =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - s0).count();
    } catch (...) {
      failed[k] = std::current_exception();
    }
  });
  for (const auto& e : failed)
    if (e) std::rethrow_exception(e);
  pop.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return cache.emplace(full, std::move(pop)).first->second;
}

namespace {

// What every claim of the population reports first, and its population mark.
void common(ClaimResult& res, const LiftPopulation& p, const std::string& id) {
  res.id = id;
  res.instance = "pmc-fig10-minima";
  res.precision = "double";
  res.measured.push_back(text("population", grid_text(p.grid)));
  res.measured.push_back(text("fig10 spec hash (seeds derive from it)", p.spec_hash));
  res.measured.push_back(
      text("trials: certified spurious minima / at M* / diverged / other certification / errors",
           std::to_string(p.minima.size()) + " / " + std::to_string(p.at_truth) + " / " +
               std::to_string(p.diverged) + " / " + std::to_string(p.not_spurious) + " / " +
               std::to_string(p.cert_errors) + " of " + std::to_string(p.trials)));
  PopulationInfo pop;
  pop.reduced = p.grid.reduced;
  pop.what = grid_text(p.grid) + " (" + std::to_string(p.minima.size()) + " certified spurious minima)";
  if (p.grid.reduced) {
    pop.mark = "reduced population";
    const LiftPopulationGrid f = lift_population_grid(true);
    pop.cannot_decide = grid_text(f) + " (validate --full)";
  }
  res.population = pop;
}

// Rows per (n, l): "k/M [lo, hi]".
std::string rate(std::uint64_t k, std::uint64_t m) {
  return m == 0 ? std::string("0/0") : study::format_rate(k, m);
}

Series table(const LiftPopulation& p, const std::string& stem) {
  Series s;
  s.name = stem;
  s.columns = {"configuration", "trial", "seed", "h", "beta", "holds_27", "l", "sym_dim",
               "lambda_min_sym", "residual_sym", "lambda_min_full", "full_below_sym",
               "rayleigh_b", "cos_min_b", "proj_min_S", "lambda_min_S", "saddle", "decided",
               "method"};
  for (const auto& M : p.minima)
    for (const auto& R : M.levels)
      s.rows.push_back({M.configuration, std::to_string(M.trial), std::to_string(M.seed),
                        decimal_string(M.h), decimal_string(M.theorem.beta),
                        M.theorem.holds27 ? "yes" : "no", std::to_string(R.l), std::to_string(R.sym_dim),
                        decimal_string(R.lambda_min_sym), decimal_string(R.residual_sym),
                        R.full_computed ? decimal_string(R.lambda_min_full) : "",
                        R.full_computed ? (full_lower(R) ? "yes" : "no") : "",
                        decimal_string(R.rayleigh_b), decimal_string(R.cos_min_b),
                        decimal_string(R.proj_min_S), decimal_string(R.lambda_min_S),
                        lift_level_saddle(R) ? "yes" : "no", R.decided ? "yes" : "no",
                        R.method_sym + (R.full_computed ? "; full: " + R.full_note : "")});
  return s;
}

Series seconds_table(const LiftPopulation& p, const std::string& stem) {
  Series s;
  s.name = stem;
  s.columns = {"n", "l", "sym_dim", "minima", "seconds_mean", "seconds_max"};
  std::map<std::pair<int, int>, std::vector<double>> by;
  std::map<std::pair<int, int>, std::size_t> dims;
  for (const auto& M : p.minima)
    for (std::size_t i = 0; i < M.levels.size(); ++i) {
      by[{M.n, M.levels[i].l}].push_back(M.seconds[i]);
      dims[{M.n, M.levels[i].l}] = M.levels[i].sym_dim;
    }
  for (const auto& [k, v] : by) {
    double sum = 0, mx = 0;
    for (double x : v) sum += x, mx = std::max(mx, x);
    s.rows.push_back({std::to_string(k.first), std::to_string(k.second), std::to_string(dims[k]),
                      std::to_string(v.size()), std::to_string(sum / v.size()), std::to_string(mx)});
  }
  s.rows.push_back({"(whole population, wall)", "", "", std::to_string(p.minima.size()),
                    std::to_string(p.seconds), ""});
  return s;
}

// Per (n, odd-or-any l) counts of a predicate over the minima.
template <class Pred>
std::vector<Measured> per_nl(const LiftPopulation& p, const std::string& what, bool odd_only,
                             Pred pred, bool only_saddles = false) {
  std::vector<Measured> out;
  for (int n : p.grid.n)
    for (int l = 1; l <= p.grid.lmax; ++l) {
      if (odd_only && l % 2 == 0) continue;
      std::uint64_t k = 0, m = 0;
      for (const auto& M : p.minima) {
        if (M.n != n) continue;
        const auto& R = M.levels[static_cast<std::size_t>(l - 1)];
        if (only_saddles && !lift_level_saddle(R)) continue;
        ++m;
        if (pred(R)) ++k;
      }
      out.push_back(text(what + " at n = " + std::to_string(n) + ", l = " + std::to_string(l), rate(k, m)));
    }
  return out;
}

}  // namespace

ClaimResult lift_population_saddle_claim(const std::string& id, bool full) {
  const LiftPopulation& p = lift_population(full);
  ClaimResult res;
  common(res, p, id);
  auto add = [&](std::vector<Measured> v) { res.measured.insert(res.measured.end(), v.begin(), v.end()); };
  add(per_nl(p, "saddle (lambda_min < 0, decided)", false, [](const auto& R) { return lift_level_saddle(R); }));
  add(per_nl(p, "sign undecided (|lambda_min| <= residual)", true, [](const auto& R) { return !R.decided; }));
  add(per_nl(p, "b^T H b < 0", false, [](const auto& R) { return R.rayleigh_b < 0; }));
  add(per_nl(p, "lambda_min(H|S) < 0", false, [](const auto& R) { return R.lambda_min_S < 0; }));
  // Item 3: does the non-symmetric part hold a lower eigenvalue?
  std::uint64_t fc = 0, fl = 0, flip = 0, inert = 0, inert_bad = 0;
  for (const auto& M : p.minima)
    for (const auto& R : M.levels) {
      if (R.full_computed) {
        ++fc;
        if (full_lower(R)) ++fl;
        if (R.lambda_min_sym >= 0 && lift_level_saddle(R)) ++flip;
      }
      if (R.inertia_computed) {
        ++inert;
        if (!R.inertia_agrees) ++inert_bad;
      }
    }
  res.measured.push_back(text("levels with lambda_min_full computed (n^l <= " +
                                  std::to_string(p.grid.full_max_dim) + ")",
                              std::to_string(fc)));
  res.measured.push_back(text("of those: lambda_min_full below lambda_min_sym (non-symmetric part lower)",
                              std::to_string(fl)));
  res.measured.push_back(text("of those: saddle on R^{n^l} but not on the symmetric tensors", std::to_string(flip)));
  res.measured.push_back(text("Lanczos signs confirmed by LDL^T inertia (sym dim 301.." +
                                  std::to_string(p.grid.inertia_max_dim) + ") / checked",
                              std::to_string(inert - inert_bad) + " / " + std::to_string(inert)));
  // First l with a saddle, per minimum.
  std::map<int, int> first;
  std::uint64_t holds27 = 0;
  double beta_lo = 1e300, beta_hi = 0;
  for (const auto& M : p.minima) {
    int f = 0;
    for (const auto& R : M.levels)
      if (lift_level_saddle(R)) {
        f = R.l;
        break;
      }
    ++first[f];
    if (M.theorem.holds27) ++holds27;
    beta_lo = std::min(beta_lo, M.theorem.beta);
    beta_hi = std::max(beta_hi, M.theorem.beta);
  }
  std::vector<std::string> fd;
  for (const auto& [f, c] : first)
    fd.push_back((f ? "l = " + std::to_string(f) : "none <= " + std::to_string(p.grid.lmax)) + ": " +
                 std::to_string(c));
  res.measured.push_back(text("first l with a saddle (minima)", join(fd, "; ")));
  res.measured.push_back(text("(27) holds at (minima)", std::to_string(holds27) + " of " +
                                                           std::to_string(p.minima.size())));
  if (!p.minima.empty())
    res.measured.push_back(text("beta range over the minima", sci(beta_lo) + " .. " + sci(beta_hi)));
  res.series.push_back(table(p, id + "-levels"));
  res.series.push_back(seconds_table(p, id + "-seconds"));
  PlotSpec pl;
  pl.stem = id;
  pl.kind = PlotKind::lines;
  pl.title = "lambda_min of Hess h^l at the fig10 PMC minima (symmetric tensors, scale 1/4)";
  pl.xlabel = "l";
  pl.ylabel = "lambda_min";
  pl.yscale = AxisScale::symlog;
  for (const auto& M : p.minima) {
    PlotLine line{M.configuration + " #" + std::to_string(M.trial), {}, {}};
    for (const auto& R : M.levels) line.x.push_back(R.l), line.y.push_back(R.lambda_min_sym);
    pl.lines.push_back(line);
  }
  res.plots.push_back(pl);
  // Verdict: the theorem's rule at every minimum (as lift-saddle per instance).
  std::vector<std::string> violated;
  std::uint64_t covered = 0;
  for (const auto& M : p.minima) {
    if (!M.theorem.holds27 || !M.theorem.bound_finite) continue;
    for (const auto& R : M.levels)
      if (R.l % 2 == 1 && R.l > M.theorem.bound28) {
        if (lift_level_saddle(R)) ++covered;
        else violated.push_back(M.configuration + " #" + std::to_string(M.trial) + " l=" + std::to_string(R.l));
      }
  }
  std::uint64_t s3 = 0, s5 = 0, m = p.minima.size();
  for (const auto& M : p.minima) {
    if (p.grid.lmax >= 3 && lift_level_saddle(M.levels[2])) ++s3;
    if (p.grid.lmax >= 5 && lift_level_saddle(M.levels[4])) ++s5;
  }
  const std::string conclusion = "saddle at l = 3: " + std::to_string(s3) + "/" + std::to_string(m) +
                                 ", l = 5: " + std::to_string(s5) + "/" + std::to_string(m) +
                                 " minima; first saddle l: " + join(fd, ", ");
  res.key_number = "saddle l=3 " + std::to_string(s3) + "/" + std::to_string(m) + ", l=5 " +
                   std::to_string(s5) + "/" + std::to_string(m);
  if (m == 0) {
    res.verdict = Verdict::inconclusive;
    res.reason = "no GD end point of the population is a certified spurious minimum";
  } else if (!violated.empty()) {
    res.verdict = Verdict::fails;
    res.reason = "(27) holds and (28) allows odd l, but lambda_min >= 0 at " + join(violated, ", ") +
                 "; " + conclusion;
  } else if (holds27 == 0) {
    res.verdict = Verdict::inconclusive;
    res.reason = "hypothesis (27) fails at all " + std::to_string(m) + " minima (beta " + sci(beta_lo, 3) +
                 " .. " + sci(beta_hi, 3) + "): vacuous; " + conclusion;
  } else if (covered == 0) {
    res.verdict = Verdict::inconclusive;
    res.reason = "(27) holds at " + std::to_string(holds27) + " minima but no odd l <= " +
                 std::to_string(p.grid.lmax) + " exceeds their bound (28); " + conclusion;
  } else {
    res.verdict = Verdict::holds;
    res.reason = "strict saddle at every odd l above (28) where (27) holds; " + conclusion;
  }
  return res;
}

ClaimResult lift_population_escape_b_claim(const std::string& id, bool full) {
  const LiftPopulation& p = lift_population(full);
  ClaimResult res;
  common(res, p, id);
  const double cos_tol = 1e-6;
  auto ok = [&](const lifted::LandscapeResult<double>& R) {
    return R.rayleigh_b < 0 && R.cos_min_b >= 1 - cos_tol && !full_lower(R);
  };
  auto add = [&](std::vector<Measured> v) { res.measured.insert(res.measured.end(), v.begin(), v.end()); };
  add(per_nl(p, "saddles where b^T H b < 0 and |cos(y_min, b)| >= 1 - 1e-6", true, ok, true));
  add(per_nl(p, "saddles where b^T H b < 0", true, [](const auto& R) { return R.rayleigh_b < 0; }, true));
  std::uint64_t k = 0, m = 0;
  double worst = 1;
  std::vector<std::string> bad;
  for (const auto& M : p.minima)
    for (const auto& R : M.levels) {
      if (R.l % 2 == 0 || !lift_level_saddle(R)) continue;
      ++m;
      worst = std::min(worst, R.cos_min_b);
      if (ok(R)) ++k;
      else if (bad.size() < 6) bad.push_back(M.configuration + " #" + std::to_string(M.trial) + " l=" + std::to_string(R.l));
    }
  res.measured.push_back(text("odd-l saddles with b the escape direction", rate(k, m)));
  res.measured.push_back(text("smallest |cos(y_min, b)| at an odd-l saddle", m ? sci(worst, 8) : "-"));
  res.key_number = m ? std::to_string(k) + "/" + std::to_string(m) + " saddles along b" : "no saddle";
  if (m == 0) {
    res.verdict = Verdict::inconclusive;
    res.reason = "no odd l <= " + std::to_string(p.grid.lmax) + " is a saddle at any minimum: nothing to escape along";
  } else if (k < m) {
    res.verdict = Verdict::fails;
    res.reason = std::to_string(m - k) + " of " + std::to_string(m) +
                 " odd-l saddles have b^T H b >= 0, |cos(y_min, b)| < 1 - 1e-6 or a lower non-symmetric "
                 "eigenvalue (e.g. " + join(bad, ", ") + "; worst |cos| " + sci(worst, 8) + ")";
  } else {
    res.verdict = Verdict::holds;
    res.reason = "at all " + std::to_string(m) + " odd-l saddles: b^T H b < 0 and |cos(y_min, b)| >= " +
                 sci(worst, 8);
  }
  return res;
}

ClaimResult lift_population_vs_S_claim(const std::string& id, bool full) {
  const LiftPopulation& p = lift_population(full);
  ClaimResult res;
  common(res, p, id);
  auto add = [&](std::vector<Measured> v) { res.measured.insert(res.measured.end(), v.begin(), v.end()); };
  add(per_nl(p, "saddles where lambda_min(H|S) < 0", true, [](const auto& R) { return R.lambda_min_S < 0; }, true));
  std::uint64_t k = 0, m = 0;
  double proj_lo = 1;
  std::vector<std::string> bad;
  for (const auto& M : p.minima)
    for (const auto& R : M.levels) {
      if (R.l % 2 == 0 || !lift_level_saddle(R)) continue;
      ++m;
      proj_lo = std::min(proj_lo, R.proj_min_S);
      if (R.lambda_min_S < 0) ++k;
      else if (bad.size() < 6) bad.push_back(M.configuration + " #" + std::to_string(M.trial) + " l=" + std::to_string(R.l));
    }
  res.measured.push_back(text("odd-l saddles where S holds negative curvature", rate(k, m)));
  res.measured.push_back(text("smallest |P_S y_min| at an odd-l saddle", m ? sci(proj_lo, 8) : "-"));
  res.key_number = m ? "S holds " + std::to_string(k) + "/" + std::to_string(m) : "no saddle";
  if (m == 0) {
    res.verdict = Verdict::inconclusive;
    res.reason = "no odd l <= " + std::to_string(p.grid.lmax) + " is a saddle at any minimum";
  } else if (k < m) {
    res.verdict = Verdict::fails;
    res.reason = "lambda_min < 0 but lambda_min(H|S) >= 0 at " + std::to_string(m - k) + " of " +
                 std::to_string(m) + " odd-l saddles (e.g. " + join(bad, ", ") + ")";
  } else {
    res.verdict = Verdict::holds;
    res.reason = "lambda_min(H|S) < 0 at all " + std::to_string(m) + " odd-l saddles (smallest |P_S y_min| " +
                 sci(proj_lo, 6) + ")";
  }
  return res;
}

}  // namespace sodlift::validate
