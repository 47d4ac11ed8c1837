// §4.3 Monte Carlo building blocks: the moment formulas of §4.3.1 against a
// seeded Monte Carlo (known answer), the case rule of Thm 4.4 on hand-built
// triples, the delta estimates against brute force and the exact eigenproblem,
// the single-step verdicts on the basic example (where the answers are known
// in closed form), and the determinism of one trial.
#include <Eigen/Eigenvalues>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "sodlift/core/critical_point.hpp"
#include "sodlift/experiments/montecarlo43.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;

namespace {
SensingProblem<double> gaussian_problem(int n, int m, std::uint64_t seed) {
  InstanceSpec spec;
  spec.name = "gaussian";
  spec.n = n;
  spec.m = m;
  spec.seed = seed;
  return make_instance<double>(spec).problem;
}
}  // namespace

// Seeded, hence deterministic. Under the paper's formulas the sample means of
// S, S^2, S^4 over N draws lie within 4 standard errors of the theory (a
// two-sided 6e-5 event per statistic for a correct formula); the standard
// error is the sample one (S^4 has finite eighth moment, so the CLT applies).
TEST_CASE("moments-4.3: fixed P, Q moments match 0, 2/m, 12(m+2)/m^3", "[montecarlo43]") {
  for (int m : {3, 8}) {
    const auto r = fixed_pq_moments(4, m, 40000, 20260 + m);
    INFO("m = " << m << ": E[S] " << r.S1.mean << " (z " << r.S1.z << "), E[S^2] " << r.S2.mean
                << " vs " << r.S2.theory << " (z " << r.S2.z << "), E[S^4] " << r.S4.mean << " vs "
                << r.S4.theory << " (z " << r.S4.z << ")");
    CHECK(std::abs(r.S1.z) <= 4);
    CHECK(std::abs(r.S2.z) <= 4);
    CHECK(std::abs(r.S4.z) <= 4);
    // Independence of psi = <A,P> and omega = <A,Q>: zero correlation of the
    // variables and of their squares (uncorrelated but dependent variables
    // would show in the squares).
    CHECK(std::abs(r.corr_psi_omega) <= 4 * r.corr_stderr);
    CHECK(std::abs(r.corr_sq) <= 4 * r.corr_stderr);
    // Negative control: the Gaussian approximation E[S^4] = 3 E[S^2]^2 = 12/m^2
    // misses the 24/m^3 of the fourth cumulant; the same data reject it.
    const double gaussian_guess = 3 * (2.0 / m) * (2.0 / m);
    CHECK(std::abs((r.S4.mean - gaussian_guess) / r.S4.stderr_) > 6);
  }
  CHECK(moment_S4(3) == Approx(60.0 / 27.0));
  CHECK(moment_S2(4) == 0.5);
  CHECK_THROWS_AS(fixed_pq_moments(1, 3, 10, 1), input_error);
}

TEST_CASE("Thm 4.4 case rule on hand-built (d^2, r_1, r_2)", "[montecarlo43]") {
  const int m = 5;
  auto c = classify_case(10, 4, 8, m);
  CHECK(c.radius_case == 1);
  CHECK(c.probability_bound == 1);
  c = classify_case(8, 4, 8, m);  // d^2 = r_2 belongs to case 1 (>=)
  CHECK(c.radius_case == 1);
  c = classify_case(3.999, 4, 8, m);
  CHECK(c.radius_case == 2);
  CHECK(c.probability_bound == 0);
  c = classify_case(4, 4, 8, m);  // d^2 = r_1: case 3 with theta = 1, bound 0
  CHECK(c.radius_case == 3);
  CHECK(c.theta == 1);
  CHECK(c.probability_bound == 0);
  c = classify_case(6, 4, 8, m);  // midway: theta = 1/2
  CHECK(c.radius_case == 3);
  CHECK(c.theta == Approx(0.5));
  CHECK(c.probability_bound == Approx(0.25 * 5.0 / 21.0));
  c = classify_case(7.9999, 4, 8, m);  // near r_2: bound -> m/(3(m+2))
  CHECK(c.probability_bound == Approx(5.0 / 21.0).epsilon(1e-3));
  CHECK_THROWS_AS(classify_case(1, 8, 4, m), input_error);
  CHECK_THROWS_AS(classify_case(1, 1, INFINITY, m), input_error);
}

TEST_CASE("single_step's radii and case agree with the case rule", "[montecarlo43]") {
  const auto P = gaussian_problem(3, 40, 7);
  const auto iso = isometry_bound(P);
  REQUIRE(iso.delta < 1);  // m = 40 >= 6 n(n+1)/2: radii defined
  Mat<double> X(3, 1);
  X << 0.3, -0.2, 0.5;  // not a critical point: only the radius bookkeeping is used
  const auto s = sod_ingredients(P, X, +1);
  const auto ss = single_step(P, s, iso.delta);
  REQUIRE(ss.radii_defined);
  const auto c = classify_case(ss.dist2, ss.r_1, ss.r_2, P.m());
  CHECK(c.radius_case == ss.radius_case);
  CHECK(c.probability_bound == Approx(ss.probability_bound));
}

TEST_CASE("restricted isometry lower estimate: exact at full rank, beats brute force and sampling",
          "[montecarlo43]") {
  const auto P = gaussian_problem(3, 8, 3);
  const auto iso = isometry_bound(P);
  // p = n: every symmetric matrix has rank <= n, so the restricted constant is
  // the full one, which the eigen-solver of isometry_bound gives exactly.
  const auto full = restricted_isometry_lower(P, 3, 4, 1);
  CHECK(full.ratio_max == Approx(iso.lambda_max).epsilon(1e-10));
  CHECK(full.ratio_min == Approx(iso.lambda_min).margin(1e-10));
  // p = 1: M = +-x x^T; brute force over a grid of the unit sphere.
  const auto r1 = restricted_isometry_lower(P, 1, 8, 2);
  double best_max = -1, best_min = 1e9;
  const int N = 200;
  for (int a = 0; a <= N; ++a)
    for (int b = 0; b < 2 * N; ++b) {
      const double th = M_PI * a / N, ph = M_PI * b / N;
      Vec<double> x(3);
      x << std::sin(th) * std::cos(ph), std::sin(th) * std::sin(ph), std::cos(th);
      const double q = P.measure(Mat<double>(x * x.transpose())).squaredNorm();
      best_max = std::max(best_max, q);
      best_min = std::min(best_min, q);
    }
  CHECK(r1.ratio_max >= best_max - 1e-9);
  CHECK(r1.ratio_min <= best_min + 1e-9);
  CHECK(r1.ratio_max <= best_max + 1e-3);  // and is a true value (the grid is 1e-2 fine)
  // p = 2: attained ratios (recomputed from the returned matrices), rank <= 2,
  // below the full-space bound, above what 1000 random samples see.
  const auto r2 = restricted_isometry_lower(P, 2, 12, 5);
  const auto ratio_of = [&](const Mat<double>& M) {
    return P.measure(M).squaredNorm() / M.squaredNorm();
  };
  CHECK(ratio_of(r2.argmax) == Approx(r2.ratio_max).epsilon(1e-12));
  CHECK(ratio_of(r2.argmin) == Approx(r2.ratio_min).epsilon(1e-9).margin(1e-12));
  Eigen::SelfAdjointEigenSolver<Mat<double>> es(r2.argmax);
  int nonzero = 0;
  for (int i = 0; i < 3; ++i) nonzero += std::abs(es.eigenvalues()(i)) > 1e-9;
  CHECK(nonzero <= 2);
  CHECK(r2.delta <= iso.delta + 1e-12);
  const auto smp = sampled_isometry(P, 2, 1000, 9);
  CHECK(r2.delta >= smp.delta - 1e-12);
}

// basic (1.1) at (0, 1/sqrt 2): c2 = c3 = 0, c4 = ||A(uu^T)||^2/2 = 3/8, so
// h(X̂ + rho u q^T) - h(X̂) = 3 rho^4 / 8 > 0 for every rho != 0 (docs/findings.md).
// With delta = 1/4 (not an isometry constant there) EFS = 6/5 > 1 and (4.6)
// gives an interval in which h increases: thm4.4-det's FAILS path. With the
// valid delta = 1/2, EFS = 1 and the claim is vacuous.
TEST_CASE("analyse_minimum on the basic example: known verdicts", "[montecarlo43]") {
  InstanceSpec spec;
  spec.name = "basic";
  const auto I = make_instance<double>(spec);
  Mat<double> X(2, 1);
  X << 0, 1 / std::sqrt(2.0);
  const auto A = analyse_minimum<double>(I.problem, X, {{"invalid", 0.25}, {"valid", 0.5}});
  REQUIRE(A.deltas.size() == 2);
  CHECK(A.deltas[0].ss.efs == Approx(1.2));
  CHECK(A.deltas[0].every_rho_decreases == Tri::no);
  CHECK(A.deltas[0].witness_increase_dh > 0);
  CHECK(A.deltas[0].necessity == Tri::vacuous);  // no rho decreases h
  CHECK(A.deltas[1].every_rho_decreases == Tri::vacuous);
  CHECK(A.S == Approx(0).margin(1e-15));
  const auto rd = decide_over_range(A.deltas[0], A.deltas[1]);
  CHECK(rd.efs_gt_1 == "changes within [lower, upper]");
}

TEST_CASE("one Monte Carlo trial is a pure function of (config, seed)", "[montecarlo43]") {
  Montecarlo43Config cfg;
  cfg.n = 3;
  cfg.m = 4;
  cfg.starts = 3;
  cfg.gd_max_iter = 5000;
  cfg.sampled_samples = 100;
  const auto a = montecarlo43_trial(cfg, 11), b = montecarlo43_trial(cfg, 11);
  CHECK(a.dump() == b.dump());
  CHECK(a["delta"]["upper"]["delta"].get<double>() >= 1);  // m < n(n+1)/2: Gram singular
  CHECK(a["delta"]["lower"]["delta"].get<double>() <=
        a["delta"]["upper"]["delta"].get<double>() + 1e-12);
  int total = 0;
  for (const auto& [k, v] : a["start_outcomes"].items()) total += v.get<int>();
  CHECK(total == 3);
  for (const auto& mn : a["minima"]) {
    CHECK(mn["at"]["upper"]["radii_defined"] == false);
    // With delta >= 1 at the upper end nothing is decided: either the lower
    // end still has radii (the case changes) or it has none either.
    const std::string rc = mn["range"]["case"];
    CHECK((rc == "changes within [lower, upper]" || rc == "undefined (delta >= 1 at both ends)"));
  }
}

// The stored counterexample of prop4.2-random (validate/instances/), found by
// the double-precision population, re-verified from the file in bf50: the
// minimum is re-refined and certified in bf50, delta is recomputed (n = 2:
// every symmetric matrix has rank <= 2, so the isometry bound IS delta_2 and
// below 1), and a step inside the exact descent set lowers h while (4.4) has
// no solution. Case 2 of Thm 4.4 holds there (EFS < 1) — the point is that
// the single step escapes anyway.
TEST_CASE("stored prop4.2 counterexample re-verified in bf50", "[montecarlo43]") {
  namespace fs = std::filesystem;
  // __FILE__ may be relative to the build directory (ccache base_dir): use the
  // source directory CMake passes in.
  const fs::path file =
      fs::path(SODLIFT_SOURCE_DIR) / "validate/instances/mc43-prop4.2-gaussian-2-4-1045.json";
  REQUIRE(fs::exists(file));
  InstanceSpec spec;
  spec.name = "file";
  spec.file = file.string();
  const auto I = make_instance<bf50>(spec);
  const auto& P = I.problem;
  const auto cp = refine_critical_point(P, I.start);
  REQUIRE(cp.kind == PointKind::spurious_local_min);
  const auto iso = isometry_bound(P);
  CHECK(iso.delta < bf50(1));
  const auto A = analyse_minimum<bf50>(P, cp.X, {{"upper", iso.delta}});
  const auto& d = A.deltas[0];
  CHECK(d.ss.radii_defined);
  CHECK(d.ss.radius_case == 2);
  CHECK(d.ss.efs < bf50(1));
  CHECK_FALSE(d.ss.interval_exists);
  REQUIRE(d.ss.exact_interval_exists);
  CHECK(d.necessity == Tri::no);
  // Independent of the quartic: h at the witness, directly, in bf50.
  const Mat<bf50> Xc = cp.X + d.witness_necessity_rho * A.sod.u_n * A.sod.q_r.transpose();
  const bf50 dh = P.h(Xc) - P.h(cp.X);
  INFO("rho = " << d.witness_necessity_rho << ", h(Xcheck) - h(Xhat) = " << dh
                << ", h(Xhat) = " << cp.h);
  CHECK(dh < -bf50(1e-4));  // a decrease of 1.3e-3 in double; 1e-4 leaves room for nothing but a
                            // real decrease
  CHECK(d.ss.constant_term_positive);  // (4.4)'s constant term > 0, yet no rho satisfies (4.4)
}
