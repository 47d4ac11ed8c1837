// Closed form of the paper (issue 3): every quantity against an independent
// evaluation (direct powers and sums in bf100, direct evaluation of h, the
// dominance ratios from their norm definitions, inner products of the lift).
#include <catch2/catch.hpp>

#include "sodlift/core/closed_form.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;
using sodlift::test::WithinAbsT;
using sodlift::test::WithinRelT;

namespace {

template <class T>
struct Fixture {
  Instance<T> I;
  CriticalPoint<T> cp;
  SodIngredients<T> s;
};

template <class T>
Fixture<T> fixture(const std::string& name) {
  InstanceSpec spec;
  spec.name = name;
  Fixture<T> f{make_instance<T>(spec), {}, {}};
  f.cp = refine_critical_point(f.I.problem, f.I.start);
  // basic (1.1) is certified as a second_order_saddle, not a minimum; the
  // formulas under test only need a critical point with lambda_n < 0.
  require_spurious(f.cp, /*allow_second_order=*/true);
  f.s = sod_ingredients(f.I.problem, f.cp.X, +1);
  return f;
}

// Direct (5.8) in bf100: q^t by repeated multiplication, S_t by summation.
struct Direct {
  bf100 q, beta, S, gamma;
};
Direct direct_58(int l, const bf100& rho, const bf100& eta, long long t, const bf100& lam, const bf100& sig) {
  using std::pow;
  Direct d;
  d.q = bf100(1) - eta * pow(lam, l);
  bf100 p = 1;
  d.S = 0;
  for (long long k = 0; k < t; ++k) {
    d.S += p;
    p *= d.q;
  }
  d.beta = rho * p;
  d.gamma = -(rho * eta / pow(bf100(2), l - 1)) * d.S * pow(sig, l);
  return d;
}

}  // namespace

TEST_CASE("(5.8) log-domain coefficients vs direct bf100 powers and summation", "[closed_form][tpgd]") {
  const bf100 rho("0.1"), eta("0.1"), lam("-0.5"), sig("0.6");
  for (int l : {1, 3, 7}) {
    for (long long t : {0LL, 1LL, 2LL, 10LL, 1000LL, 20000LL}) {
      CAPTURE(l, t);
      const auto c = tpgd_coefficients<bf100>(l, rho, eta, t, lam, sig);
      const Direct d = direct_58(l, rho, eta, t, lam, sig);
      // Round-off: the log form loses |log beta| eps, the direct product and
      // sum lose t eps; 16 is a safety constant.
      const bf100 tol = tolerance<bf100>::bound(16, double(t) + 10.0, bf100(1) + bf100(t) * c.log_q);
      REQUIRE(c.finite);
      CHECK_THAT(c.beta, WithinRelT(d.beta, tol, "t + |log beta| eps"));
      CHECK_THAT(c.q, WithinRelT(d.q, tolerance<bf100>::bound(4, 1)));
      if (t == 0) {
        CHECK(c.gamma_zero);
        CHECK(c.gamma == 0);
      } else {
        CHECK_THAT(c.S_t, WithinRelT(d.S, tol, "t + |log S| eps"));
        CHECK_THAT(c.gamma, WithinRelT(d.gamma, tol, "t + |log gamma| eps"));
      }
    }
  }
}

TEMPLATE_LIST_TEST_CASE("(5.8) at t = 1e7, l = 15 and l = 3: finite, correct digits vs bf100",
                        "[closed_form][tpgd][large]", sodlift::test::AllScalars) {
  using T = TestType;
  // The brief's overflow example (lambda = -0.5, l = 3, eta = 0.1: q^1e7 = e^1.2e5)
  // and l = 15. Inputs are T values, converted exactly to bf100 for the reference.
  const T rho = T(1) / T(10), eta = T(1) / T(10), lam = T(-1) / T(2), sig = T(6) / T(10);
  for (int l : {3, 15}) {
    const long long t = 10000000;
    CAPTURE(l);
    const auto c = tpgd_coefficients<T>(l, rho, eta, t, lam, sig);
    const auto r = tpgd_coefficients<bf100>(l, bf100(rho), bf100(eta), t, bf100(lam), bf100(sig));
    REQUIRE(is_finite(c.log10_abs_beta));
    REQUIRE(is_finite(c.log10_abs_gamma));
    REQUIRE(is_finite(c.beta));
    REQUIRE(is_finite(c.gamma));
    // log10 values: a handful of correctly rounded operations on O(1) inputs
    // times t (exact), so relative error a few eps of T.
    CHECK_THAT(c.log10_abs_beta, WithinRelT(T(r.log10_abs_beta), tolerance<T>::bound(16, 4), "few ops"));
    CHECK_THAT(c.log10_abs_gamma, WithinRelT(T(r.log10_abs_gamma), tolerance<T>::bound(16, 8), "few ops"));
    const bool fits = r.log10_abs_beta < bf100(std::numeric_limits<T>::max_exponent10 - 2);
    CHECK(c.beta_representable == fits);
    if (c.beta_representable) {
      // exp of a log carrying |log beta| eps absolute error.
      const T tol = tolerance<T>::bound(16, 4, T(1) + abs(T(r.log10_abs_beta)) * T(3));
      CHECK_THAT(c.beta, WithinRelT(T(r.beta), tol, "|log beta| eps"));
    } else {
      CHECK(c.beta == 0);
      CHECK_FALSE(c.finite);
    }
  }
}

TEMPLATE_LIST_TEST_CASE("(4.6) roots satisfy (4.4) and equal Thm 3.1's roots", "[closed_form][single]",
                        sodlift::test::AllScalars) {
  using T = TestType;
  auto f = fixture<T>("basic");
  // delta = 0: EFS = 1.5 + AIC > 1 on basic, so the interval exists.
  const auto R = single_step(f.I.problem, f.s, T(0));
  REQUIRE(R.interval_exists);
  REQUIRE(R.efs > 1);
  const T od = T(1) + R.delta, sg = f.s.sigma_r, e = f.s.E_un_un, lam = f.s.lambda_n;
  for (T rho : {R.rho_1, R.rho_2}) {
    const T res = od * rho * rho + T(2) * sg * e * rho + T(2) * sg * sg * od + T(2) * lam;  // (4.4)
    const T scale = od * rho * rho + abs(T(2) * sg * e * rho) + T(2) * sg * sg * od + abs(T(2) * lam);
    CHECK_THAT(res, WithinAbsT(T(0), tolerance<T>::bound(8, 12, scale), "12 ops on terms of size scale"));
  }
  // Delta = 8 sigma^2 (1+d)^2 (EFS - 1) makes both forms identical algebraically.
  const T scale = abs(R.rho_1) + abs(R.rho_2);
  CHECK_THAT(R.rho_1_thm31, WithinAbsT(R.rho_1, tolerance<T>::bound(16, 20, scale), "20 ops"));
  CHECK_THAT(R.rho_2_thm31, WithinAbsT(R.rho_2, tolerance<T>::bound(16, 20, scale), "20 ops"));
  CHECK(R.point_defined);
  CHECK(R.rho > R.rho_1);
  CHECK(R.rho < R.rho_2);
}

TEMPLATE_LIST_TEST_CASE("EFS = 1 boundary on basic with delta = 1/2: no interval, whatever the rounding",
                        "[closed_form][single]", sodlift::test::AllScalars) {
  using T = TestType;
  auto f = fixture<T>("basic");
  // By hand: lambda_n = -3/4, sigma_r^2 = 1/2, <E,uu^T> = 0 (E X̂ ∥ u_n), so with
  // delta = 1/2: NCM = (3/4)/((1/2)(3/2)) = 1, AIC = 0, EFS = 1, Delta = 0.
  const auto R = single_step(f.I.problem, f.s, T(1) / T(2));
  CHECK_THAT(R.efs, WithinRelT(T(1), tolerance<T>::bound(16, 20), "20 ops"));
  CHECK_FALSE(R.interval_exists);
  CHECK_FALSE(R.point_defined);
  // Exact quartic: c2 = c3 = 0 on basic (degenerate direction), c4 > 0: no
  // rho decreases h along u q^T.
  CHECK_FALSE(R.exact_interval_exists);
}

TEMPLATE_LIST_TEST_CASE("quartic h(X̂ + rho u q^T) - h(X̂) matches direct evaluation of h",
                        "[closed_form][quartic]", sodlift::test::AllScalars) {
  using T = TestType;
  for (const char* name : {"basic", "realworld", "pmc"}) {
    CAPTURE(name);
    auto f = fixture<T>(name);
    const auto& P = f.I.problem;
    const auto q = single_step_quartic(P, f.s);
    // c3 from A(W).A(U) vs sigma <E, uu^T> from the ingredients (E built by A*A).
    CHECK_THAT(q.c3, WithinAbsT(T(f.s.sigma_r * f.s.E_un_un), tolerance<T>::bound(8, 10.0 * P.m() * P.n() * P.n(),
                                                                                    abs(q.c3) + T(1))));
    const T h0 = P.h(f.s.Xhat);
    for (T rho : {T(1) / T(1000), T(1) / T(10), T(1) / T(2), T(2), T(-3) / T(10)}) {
      CAPTURE(rho);
      const Mat<T> X = f.s.Xhat + rho * f.s.u_n * f.s.q_r.transpose();
      const T direct = P.h(X) - h0;
      // Both sides: O(m n^2) products of terms bounded by h(X) + h0 + |quartic terms|.
      const T scale = P.h(X) + h0 + abs(q.c2 * rho * rho) + abs(q.c3 * rho * rho * rho) + q.c4 * rho * rho * rho * rho;
      CHECK_THAT(q.value(rho), WithinAbsT(direct, tolerance<T>::bound(16, double(P.m()) * P.n() * P.n(), scale),
                                          "m n^2 ops on terms of size scale"));
    }
  }
}

TEST_CASE("U_beta, U_gamma endpoints are where the dominance ratios cross 1 (realworld)",
          "[closed_form][dominance]") {
  using T = bf50;
  auto f = fixture<T>("realworld");
  const auto& P = f.I.problem;
  const T rho("0.1"), eta("0.1");
  const T delta = isometry_bound(P).delta;
  // Ratio from the norm definitions: ||a-term|| = ||X̂||^l, ||b|| = 1,
  // ||c-term|| = |gamma| ||E X̂||^l, coefficients by direct bf100 summation.
  auto norms = [&](int l, long long t) {
    const Direct d = direct_58(l, bf100(rho), bf100(eta), t, bf100(f.s.lambda_n), bf100(f.s.sigma_r));
    using std::pow;
    const bf100 a = pow(bf100(f.s.Xhat.norm()), l);
    const bf100 c = abs(d.gamma) * pow(bf100((f.s.E * f.s.Xhat).norm()), l);
    return std::array<bf100, 3>{a, abs(d.beta), c};
  };
  int checked = 0;
  for (int l : {3, 5, 7}) {
    CAPTURE(l);
    const auto R = multi_step(P, f.s, l, rho, eta, 1000, delta);
    REQUIRE_FALSE(R.K_ge_1);
    // Right end of U_beta (b vs c) = left end of the c-vs-b part of U_gamma.
    const T hb = R.U_beta_hi_printed;
    if (hb > 2 && hb < 2e6) {
      const long long lo = static_cast<long long>(floor(hb)), hi = lo + 1;
      auto n1 = norms(l, lo), n2 = norms(l, hi);
      CHECK(n1[1] > n1[2]);  // b dominates c just before
      CHECK(n2[1] < n2[2]);  // and not just after
      ++checked;
    }
    const T la = R.U_beta_lo_printed;  // b vs a
    if (la > 2 && la < 2e6) {
      const long long lo = static_cast<long long>(floor(la)), hi = lo + 1;
      auto n1 = norms(l, lo), n2 = norms(l, hi);
      CHECK(n1[1] < n1[0]);
      CHECK(n2[1] > n2[0]);
      ++checked;
    }
    // U_gamma's first term: c vs a.
    const T ga = R.U_gamma_lo_printed;
    if (ga > 2 && ga < 2e6 && ga > hb) {
      const long long lo = static_cast<long long>(floor(ga)), hi = lo + 1;
      auto n1 = norms(l, lo), n2 = norms(l, hi);
      CHECK(n1[2] < n1[0]);
      CHECK(n2[2] > n2[0]);
      ++checked;
    }
    // rho_min (5.13) is exactly the boundary of U_beta being non-empty.
    CHECK(R.rho_gt_rho_min == !R.U_beta.empty);
  }
  CHECK(checked >= 3);
}

TEST_CASE("K >= 1: ||beta b|| > ||gamma c|| for every t and U_gamma is empty", "[closed_form][dominance]") {
  // Claim checked from the definitions: ratio = K q^t/(q^t - 1) with K >= 1.
  // Direct bf100 ratios over t = 1..1e5 on basic with l = 1 (K = -lambda/(sigma ||E X̂||)).
  using T = bf50;
  auto f = fixture<T>("basic");
  const auto& P = f.I.problem;
  const T rho("0.1"), eta("0.1");
  int seen = 0;
  for (int l : {1, 3, 5}) {
    const auto R = multi_step(P, f.s, l, rho, eta, 10, T(0));
    CAPTURE(l, R.log10_K);
    if (!R.K_ge_1) continue;
    ++seen;
    CHECK(R.U_gamma.empty);
    CHECK(R.U_beta.hi_infinite);
    for (long long t : {1LL, 10LL, 1000LL, 100000LL}) {
      const Direct d = direct_58(l, bf100(rho), bf100(eta), t, bf100(f.s.lambda_n), bf100(f.s.sigma_r));
      using std::pow;
      const bf100 c = abs(d.gamma) * pow(bf100((f.s.E * f.s.Xhat).norm()), l);
      CHECK(abs(d.beta) > c);
    }
  }
  CHECK(seen >= 2);  // basic: K = 4 at l = 3, 16 at l = 5 (not vacuous)
}

TEMPLATE_LIST_TEST_CASE("escape points lift to the dominant term: <x,y>^l identities", "[closed_form][lift]",
                        sodlift::test::ExtendedScalars) {
  using T = TestType;
  using std::pow;
  auto f = fixture<T>("realworld");
  const auto& P = f.I.problem;
  const T rho = T(1) / T(10), eta = T(1) / T(10);
  for (int l : {3, 5}) {
    const auto R = multi_step(P, f.s, l, rho, eta, 5000, isometry_bound(P).delta);
    CAPTURE(l);
    // beta-type: <vec X̌, vec(u q^T)>^l = <X̌^{⊗l}, b> must be beta, and
    // <X̌,X̌>^l = ||X̌^{⊗l}||^2 must be beta^2 (so X̌^{⊗l} = beta b).
    const auto& bp = R.beta_point;
    REQUIRE(bp.representable);
    const Mat<T> B = f.s.u_n * f.s.q_r.transpose();
    const T tol = tolerance<T>::bound(16, 8.0 * l);
    CHECK_THAT(T(pow(T(bp.point.cwiseProduct(B).sum()), l)), WithinRelT(R.coef.beta, tol, "8 l ops"));
    CHECK_THAT(T(pow(T(bp.point.squaredNorm()), l)), WithinRelT(T(R.coef.beta * R.coef.beta), tol, "8 l ops"));
    // gamma-type: <X̌^{⊗l}, c> = gamma ||c||^2 = gamma ||E X̂||^(2l), ||X̌^{⊗l}||^2 = gamma^2 ||E X̂||^(2l).
    const auto& gp = R.gamma_point;
    REQUIRE(gp.representable);
    const Mat<T> Y = f.s.E * f.s.Xhat;
    const T y2l = pow(T(Y.squaredNorm()), l);
    CHECK_THAT(T(pow(T(gp.point.cwiseProduct(Y).sum()), l)), WithinRelT(T(R.coef.gamma * y2l), tol, "8 l ops"));
    CHECK_THAT(T(pow(T(gp.point.squaredNorm()), l)), WithinRelT(T(R.coef.gamma * R.coef.gamma * y2l), tol, "8 l ops"));
    // (C.3) from its definition.
    const Mat<T> XX = gp.point * gp.point.transpose();
    CHECK_THAT(gp.ratio_C3, WithinRelT(T((f.s.Xhat * f.s.Xhat.transpose() - XX).norm() / (XX - P.M_star()).norm()),
                                       tolerance<T>::bound(16, 50)));
  }
}

TEST_CASE("decimal_from_log10 prints mantissa and exponent", "[closed_form][format]") {
  // 10^(2 + log10 3) = 300: independent of the code, by hand.
  using std::log10;
  CHECK(decimal_from_log10<double>(2 + log10(3.0), -1).rfind("-3.0000000000000", 0) == 0);
  CHECK(decimal_from_log10<double>(2 + log10(3.0), 1).substr(decimal_from_log10<double>(2 + log10(3.0), 1).size() - 3) ==
        "e+2");
}

TEST_CASE("bad input is refused with a clear error", "[closed_form][errors]") {
  using T = double;
  auto f = fixture<T>("realworld");
  const auto& P = f.I.problem;
  CHECK_THROWS_AS(multi_step(P, f.s, 4, 0.1, 0.1, 10, 0.0), input_error);
  CHECK_THROWS_AS(multi_step(P, f.s, 0, 0.1, 0.1, 10, 0.0), input_error);
  CHECK_THROWS_AS(multi_step(P, f.s, 3, 0.0, 0.1, 10, 0.0), input_error);
  CHECK_THROWS_AS(multi_step(P, f.s, 3, 1.0, 0.1, 10, 0.0), input_error);
  CHECK_THROWS_AS(multi_step(P, f.s, 3, 0.1, 1.5, 10, 0.0), input_error);
  CHECK_THROWS_AS(multi_step(P, f.s, 3, 0.1, 0.0, 10, 0.0), input_error);
  CHECK_THROWS_AS(multi_step(P, f.s, 3, 0.1, 0.1, -1, 0.0), input_error);
  CHECK_THROWS_AS(single_step(P, f.s, -0.5), input_error);
  CHECK_THROWS_WITH(tpgd_coefficients<T>(2, 0.1, 0.1, 10, -0.1, 0.5), Catch::Contains("odd"));
  // The ground truth is not a spurious point.
  const auto cp = certify_point(P, P.Z());
  CHECK_THROWS_AS(require_spurious(cp), precondition_error);
  // Radii with delta >= 1: reported undefined, not NaN/Inf.
  const auto R = single_step(P, f.s, 1.0);
  CHECK_FALSE(R.radii_defined);
  CHECK(R.radius_case == 0);
  CHECK(is_finite(R.r_1));
}
