// The study's methods (methods.hpp) on tiny instances with hand-checkable outcomes.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>

#include "sodlift/core/closed_form.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/experiments/methods.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;

namespace {
Instance<double> inst(const std::string& name, int n = 3, const std::string& eps = "0.3") {
  InstanceSpec s;
  s.name = name;
  s.n = n;
  s.eps = eps;
  return make_instance<double>(s);
}
// A short protocol so each test runs in milliseconds.
ProtocolOptions short_protocol() {
  ProtocolOptions o;
  o.gd_step = 0.01;
  o.K1 = 3000;
  o.K2 = 3000;
  o.l = 5;
  o.rho = 0.1;
  o.eta = 0.1;
  o.t = 2000;
  return o;
}
}  // namespace

TEST_CASE("quartic global minimiser agrees with brute force on random quartics",
          "[methods][line]") {
  // Reference: a grid of 2e5 points over an interval that contains every
  // critical point (Cauchy bound of the cubic's roots), refined once.
  std::mt19937_64 eng(7);
  std::uniform_real_distribution<double> U(-3, 3);
  for (int trial = 0; trial < 40; ++trial) {
    Quartic q;
    for (int k = 0; k < 4; ++k) q.c[k] = U(eng);
    q.c[4] = 0.05 + std::abs(U(eng));
    const auto s = quartic_global_minimiser(q);
    REQUIRE(s);
    const double a4 = 4 * q.c[4];
    const double L =
        1 + std::max({std::abs(3 * q.c[3] / a4), std::abs(2 * q.c[2] / a4), std::abs(q.c[1] / a4)});
    double best = 0, bv = q(0);
    const int N = 200000;
    for (int i = 0; i <= N; ++i) {
      const double x = -L + 2 * L * i / N;
      if (q(x) < bv) bv = q(x), best = x;
    }
    INFO("trial " << trial << ": solver s = " << *s << ", grid s = " << best);
    CHECK(q(*s) <= bv + 1e-12 * (1 + std::abs(bv)));
    // A unique global minimiser is found to within the grid spacing (ties:
    // two wells of equal depth would let either be right, so compare values).
    if (std::abs(q(*s) - bv) < 1e-9 && std::abs(*s - best) > 4 * L / N) {
      CHECK(std::abs(q(*s) - q(best)) < 1e-8);
    }
  }
  Quartic flat;  // c4 = 0: no quartic minimiser, refused
  flat.c[2] = 1;
  CHECK_FALSE(quartic_global_minimiser(flat));
}

TEST_CASE("line_quartic is h along the line exactly", "[methods][line]") {
  auto I = inst("realworld");
  const auto& P = I.problem;
  Mat<double> X0(3, 1), D(3, 1);
  X0 << 0.3, -0.2, 0.5;
  D << 1, 2, -1;
  const auto q = line_quartic(P, X0, D);
  for (double s : {-2.0, -0.3, 0.0, 0.7, 1.9}) {
    const double direct = P.h(Mat<double>(X0 + s * D));
    CHECK(std::abs(q(s) - direct) <= 1e-13 * (1 + direct));
  }
}

TEST_CASE("gd: near the truth it succeeds, its budget is the longest method's", "[methods][gd]") {
  auto I = inst("pmc");
  const auto& P = I.problem;
  auto o = short_protocol();
  const Mat<double> X0 = P.Z() * 1.05;
  auto R = run_method("gd", P, X0, o, 1);
  CHECK(R.ran);
  CHECK(R.success);
  CHECK(R.end == "success");
  CHECK(R.dist_truth < o.success_tol);
  CHECK(R.dist_truth == (R.X * R.X.transpose() - P.M_star()).norm());
  CHECK(R.grad_evals <= gd_budget(o));
  CHECK(gd_budget(o) == o.K1 + o.K2 + o.certify_gd_max + o.certify_newton_max);
  // From the sign-flipped point (a spurious neighbourhood of pmc(3, 0.3), SPEC
  // §4) GD stays away from M*: a failure, and it stops at the gradient tolerance.
  auto F = run_method("gd", P, I.start, o, 1);
  CHECK_FALSE(F.success);
  CHECK(F.dist_truth > 1);
}

TEST_CASE("escape methods refuse to escape where the point is not a spurious minimum",
          "[methods][escape]") {
  auto I = inst("pmc");
  const auto& P = I.problem;
  auto o = short_protocol();
  // X0 = 0: grad h(0) = 0, GD stops at once; the origin is a saddle
  // (Hessian 2 grad f(0) = -2 A*(b) has a negative eigenvalue).
  const Mat<double> X0 = Mat<double>::Zero(3, 1);
  for (const auto& m : {"gd+sod", "gd+sod-paper", "gd+line-beta", "gd+exact-S"}) {
    auto R = run_method(m, P, X0, o, 1);
    REQUIRE(R.escapes.size() == 1);
    CHECK_FALSE(R.escapes[0].tried);
    CHECK(R.escapes[0].certification == "saddle");
    CHECK(R.escapes[0].reason.find("not a spurious local minimum") != std::string::npos);
  }
  // At the truth: no escape needed, and the record says so.
  auto T = run_method("gd+sod", P, Mat<double>(P.Z()), o, 1);
  REQUIRE(T.escapes.size() == 1);
  CHECK_FALSE(T.escapes[0].tried);
  CHECK(T.escapes[0].reason.find("already at M*") != std::string::npos);
  CHECK(T.success);
}

TEST_CASE("escape at a certified minimum: records are consistent with their definitions",
          "[methods][escape]") {
  auto I = inst("realworld");
  const auto& P = I.problem;
  auto o = short_protocol();
  o.gd_step = 0.1;  // the paper's realworld step
  const auto facts = problem_facts(P);
  for (const auto& m :
       {"gd+sod", "gd+sod-paper", "gd+line-beta", "gd+line-gamma", "gd+exact-S", "gd+single"}) {
    auto R = run_method(m, P, I.start, o, 1, facts);
    INFO(m << ": " << (R.escapes.empty() ? "" : R.escapes[0].reason));
    REQUIRE(R.escapes.size() == 1);
    const auto& e = R.escapes[0];
    CHECK(e.certification == "spurious_local_min");
    CHECK(e.certify_evals >= 0);
    CHECK(R.grad_evals <= gd_budget(o));
    CHECK(R.escape_seconds <= R.seconds);
    if (std::string(m) == "gd+single") {
      // realworld: EFS = 0.2242 <= 1 at its isometry bound (docs/findings.md):
      // the single-step point does not exist, and the record says why.
      CHECK_FALSE(e.tried);
      CHECK(e.reason.find("EFS") != std::string::npos);
      continue;
    }
    REQUIRE(e.tried);
    CHECK(e.h_lower == (e.h_check < e.h_hat));
    if (std::string(m).rfind("gd+line", 0) == 0) {
      // The X̂ family contains s = 0, so its global minimum is <= h(X̂).
      CHECK(e.h_check <= e.h_hat);
    }
  }
}

TEST_CASE("gd+sod's point is the closed form's (5.15)/(5.16) point at the same t",
          "[methods][escape]") {
  auto I = inst("realworld");
  const auto& P = I.problem;
  auto o = short_protocol();
  o.gd_step = 0.1;
  o.l = 3;
  o.t = 5000;  // inside U_gamma for l = 3 on realworld (App. C.3, Table 5)
  o.K2 = 0;    // stop right after the escape: X is the escape point
  auto R = run_method("gd+sod", P, I.start, o, 1);
  REQUIRE(R.escapes.size() == 1);
  REQUIRE(R.escapes[0].tried);
  const auto cp = refine_critical_point(P, I.start);
  const auto s = sod_ingredients(P, cp.X, R.escapes[0].sign);
  const auto M = multi_step(P, s, 3, 0.1, 0.1, 5000, 0.0);
  const auto& e = R.escapes[0].type == "beta" ? M.beta_point : M.gamma_point;
  CHECK(R.escapes[0].type == (M.log10_norm_c_term > M.log10_norm_b_term ? "gamma" : "beta"));
  // Same point up to the difference between the two refinements of X̂.
  CHECK((R.X - e.point).norm() <= 1e-6 * e.point.norm());
}

TEST_CASE("pgd-noise perturbs exactly when its rule says", "[methods][pgd]") {
  auto I = inst("pmc");
  const auto& P = I.problem;
  auto o = short_protocol();
  o.K1 = 100;
  o.K2 = 0;
  o.certify_gd_max = 0;
  o.certify_newton_max = 0;
  // Threshold 0: the gradient is never <= 0 on this path, so no perturbation.
  o.pgd_g_thres = 0;
  auto R0 = run_method("pgd-noise", P, I.start, o, 3);
  CHECK(R0.perturbed_at.empty());
  // Threshold above every gradient: a perturbation every t_thres evaluations,
  // starting with the first (nothing happened before it).
  o.pgd_g_thres = 1e30;
  o.pgd_t_thres = 10;
  auto R = run_method("pgd-noise", P, I.start, o, 3);
  REQUIRE(R.perturbed_at.size() >= 5);
  for (size_t k = 0; k < R.perturbed_at.size(); ++k)
    CHECK(R.perturbed_at[k] == 10 * static_cast<long long>(k));
  CHECK(R.grad_evals == gd_budget(o));
  // Same seed, same run.
  auto R2 = run_method("pgd-noise", P, I.start, o, 3);
  CHECK((R2.X - R.X).norm() == 0);
}

TEST_CASE("restarts redraws the start when GD stalls away from M*", "[methods][restarts]") {
  auto I = inst("pmc");
  const auto& P = I.problem;
  auto o = short_protocol();
  // From 0 the gradient is exactly 0: a stall at a non-successful point.
  auto R = run_method("restarts", P, Mat<double>::Zero(3, 1), o, 5);
  CHECK(R.restarts >= 1);
  CHECK(R.grad_evals <= gd_budget(o));
  auto G = run_method("gd", P, Mat<double>::Zero(3, 1), o, 5);
  CHECK(G.restarts == 0);
  CHECK(G.end == "stalled");
}

TEST_CASE("method names and small initialisation", "[methods]") {
  CHECK_THROWS_AS(check_method_name("gd+magic"), input_error);
  for (const auto& m : method_names()) CHECK_NOTHROW(check_method_name(m));
  const auto X = small_initialisation(4, 2, 0.01, 42);
  const auto Y = small_initialisation(4, 2, 0.01, 42);
  CHECK((X - Y).norm() == 0);
  CHECK(X.norm() > 0);
  CHECK(X.norm() < 0.1);
}

TEST_CASE("the GD loops' one-pass gradient is bit-identical to grad_h (entry sampling)",
          "[methods][gradient]") {
  // Reference: SensingProblem::grad_h (measure_outer, then adjoint_times), the
  // path every other caller uses and tests/core/test_operator.cpp checks
  // against the dense operator and finite differences. Bit-identity is what
  // keeps a study's records unchanged by the faster loop.
  std::mt19937_64 eng(11);
  std::normal_distribution<double> N01;
  for (const int n : {2, 3, 7, 40}) {
    const auto I = inst("pmc", n, "0.1");
    const auto& P = I.problem;
    REQUIRE(P.kind() == OperatorKind::entry_sampling);
    for (const int r : {1, 2, 3}) {
      for (int trial = 0; trial < 5; ++trial) {
        Mat<double> X(n, r);
        for (int k = 0; k < X.size(); ++k) X.data()[k] = N01(eng) * (trial + 1);
        const Mat<double> ref = P.grad_h(X);
        Mat<double> G(1, 1);  // wrong size on purpose: the kernel sizes G
        const EntrySamplingGradient grad(P);
        grad(X, G);
        INFO("n = " << n << ", r = " << r << ", trial " << trial);
        REQUIRE(G.rows() == n);
        REQUIRE(G.cols() == r);
        int differ = 0;
        for (int k = 0; k < G.size(); ++k) differ += G.data()[k] != ref.data()[k];
        CHECK(differ == 0);
      }
    }
  }
}

TEST_CASE("the blocked rank-1 gradient (full PMC rows) is bit-identical to grad_h, signed zeros too",
          "[methods][gradient]") {
  // The PMC list (every ordered pair, i-major) takes the four-rows-at-a-time
  // kernel (methods.cpp pass_full_rows_rank1, in AVX2 where the machine has
  // it, and in SSE2 with allow_avx2 = false); n = 2..13 cover no full block,
  // one or several blocks and every tail length 0..3. Reference:
  // SensingProblem::grad_h, compared bit for bit (memcmp, so -0 != +0), with
  // points holding exact zeros of both signs, tiny entries (subnormal
  // products) and large ones (no overflow: NaN payloads are not a property of
  // the sum order). The same list with one entry moved (no longer i-major)
  // and a list with a missing entry take the generic loops and must agree too.
  std::mt19937_64 eng(23);
  std::normal_distribution<double> N01;
  std::uniform_int_distribution<int> pick(0, 9);
  auto bits_equal = [](const Mat<double>& A, const Mat<double>& B) {
    return A.rows() == B.rows() && A.cols() == B.cols() &&
           std::memcmp(A.data(), B.data(), sizeof(double) * A.size()) == 0;
  };
  auto point = [&](int n, int trial) {
    Mat<double> X(n, 1);
    for (int k = 0; k < n; ++k) {
      const int c = pick(eng);
      X(k, 0) = c == 0 ? 0.0 : c == 1 ? -0.0 : c == 2 ? 1e-160 * N01(eng) : c == 3 ? 1e60 * N01(eng)
                                                                                   : N01(eng) * (trial + 1);
    }
    return X;
  };
  for (int n = 2; n <= 13; ++n)
    for (const char* eps : {"0.1", "0.15", "1e-3"}) {
      const auto I = inst("pmc", n, eps);
      const auto& P = I.problem;
      REQUIRE(P.kind() == OperatorKind::entry_sampling);
      const EntrySamplingGradient grad(P), grad_sse2(P, /*allow_avx2=*/false);
      // Variants that are not the full i-major list: generic path.
      auto E = P.entries();
      std::swap(E[0], E[E.size() - 1]);
      const SensingProblem<double> Pswap(n, E, P.Z());
      auto E2 = P.entries();
      E2.erase(E2.begin() + static_cast<long>(E2.size() / 2));
      const SensingProblem<double> Pless(n, E2, P.Z());
      const EntrySamplingGradient gswap(Pswap), gless(Pless);
      for (int trial = 0; trial < 8; ++trial) {
        const Mat<double> X = point(n, trial);
        INFO("n = " << n << ", eps = " << eps << ", trial " << trial);
        Mat<double> G;
        grad(X, G);
        CHECK(bits_equal(G, P.grad_h(X)));
        grad_sse2(X, G);
        CHECK(bits_equal(G, P.grad_h(X)));
        gswap(X, G);
        CHECK(bits_equal(G, Pswap.grad_h(X)));
        gless(X, G);
        CHECK(bits_equal(G, Pless.grad_h(X)));
      }
    }
}

TEST_CASE("within_truth answers as the dense ||XX^T - M*||_F < tol, at the threshold too",
          "[methods][within_truth]") {
  // Reference: the dense norm (X X^T - M*).norm() < tol, what the methods'
  // success test computed before (dist_to). Points: far from M* and at it,
  // and points bracketing the dense norm's own crossing of tol to the last
  // bits (bisection on the scale c of X = c Z + e G), where within_truth must
  // fall back to the dense norm or agree with it anyway.
  std::mt19937_64 eng(5);
  std::normal_distribution<double> N01;
  struct Case {
    std::string name;
    int n, r;
  };
  for (const Case& cs : {Case{"pmc", 10, 1}, Case{"pmc", 41, 1}, Case{"pmc", 80, 1},
                         Case{"gaussian", 6, 2}}) {
    InstanceSpec spec;
    spec.name = cs.name;
    spec.n = cs.n;
    spec.eps = "0.1";
    if (cs.name == "gaussian") spec.r = cs.r, spec.m = 40;
    const auto I = make_instance<double>(spec);
    const auto& P = I.problem;
    const Mat<double>& Z = P.Z();
    auto dense = [&](const Mat<double>& X, double tol) {
      return (X * X.transpose() - P.M_star()).norm() < tol;
    };
    for (const double tol : {0.02, 1e-6, 0.5}) {
      for (int trial = 0; trial < 6; ++trial) {
        Mat<double> G(cs.n, Z.cols());
        for (int k = 0; k < G.size(); ++k) G.data()[k] = N01(eng);
        const double e = trial == 0 ? 0.0 : tol * 1e-3 * trial / G.norm();
        auto at = [&](double c) { return Mat<double>(c * Z + e * G); };
        // Far points and M* itself.
        for (const double c : {0.0, 1.0, -1.0, 0.5, 10.0, 1e-200, 1e150}) {
          INFO(cs.name << " n = " << cs.n << ", tol = " << tol << ", c = " << c);
          CHECK(within_truth(P, at(c), tol) == dense(at(c), tol));
        }
        // The dense test's crossing on c in [1, 2]: below at c = 1 when e is
        // small enough, not below at c = 2.
        double lo = 1, hi = 2;
        if (!dense(at(lo), tol) || dense(at(hi), tol)) continue;
        for (int it = 0; it < 80; ++it) {
          const double mid = 0.5 * (lo + hi);
          (dense(at(mid), tol) ? lo : hi) = mid;
        }
        for (double c = lo; c > 0 && c > lo * (1 - 1e-13); c = std::nextafter(c, 0.0)) {
          if (c < lo * (1 - 64 * 1e-16)) break;
          INFO(cs.name << " n = " << cs.n << ", tol = " << tol << ", below c = " << c);
          CHECK(within_truth(P, at(c), tol) == dense(at(c), tol));
        }
        for (double c = hi; c < hi * (1 + 64 * 1e-16); c = std::nextafter(c, 3.0)) {
          INFO(cs.name << " n = " << cs.n << ", tol = " << tol << ", above c = " << c);
          CHECK(within_truth(P, at(c), tol) == dense(at(c), tol));
        }
        for (const double rel : {1e-12, 1e-9, 1e-7, 1e-5, 1e-3}) {
          for (const double c : {lo * (1 - rel), hi * (1 + rel)}) {
            INFO(cs.name << " n = " << cs.n << ", tol = " << tol << ", c = " << c);
            CHECK(within_truth(P, at(c), tol) == dense(at(c), tol));
          }
        }
      }
    }
  }
}

TEST_CASE("the one-pass gradient refuses a dense operator and a wrongly sized X",
          "[methods][gradient][errors]") {
  const auto dense = inst("gaussian", 3);
  REQUIRE(dense.problem.kind() == OperatorKind::dense);
  CHECK_THROWS_AS(EntrySamplingGradient(dense.problem), input_error);
  const auto pmc = inst("pmc", 4, "0.1");
  const EntrySamplingGradient grad(pmc.problem);
  Mat<double> G;
  CHECK_THROWS_AS(grad(Mat<double>::Ones(3, 1), G), input_error);
  CHECK_THROWS_AS(grad(Mat<double>::Ones(4, 0), G), input_error);
  CHECK_NOTHROW(grad(Mat<double>::Ones(4, 2), G));
}
