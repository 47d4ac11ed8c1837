// First-order model (SPEC §2.4) against finite differences of the exact step
// and against plain repeated multiplication, in bf100.
#include <catch2/catch.hpp>

#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/first_order.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;
using sodlift::test::WithinAbsT;
using sodlift::test::WithinRelT;

namespace {
template <class T>
SodIngredients<T> realworld_ingredients(Instance<T>& I, int sign) {
  InstanceSpec spec;
  spec.name = "realworld";
  I = make_instance<T>(spec);
  CriticalPoint<T> cp = refine_critical_point(I.problem, I.start);
  // basic (1.1) is certified as a second_order_saddle, not a minimum; the
  // formulas under test only need a critical point with lambda_n < 0.
  require_spurious(cp, /*allow_second_order=*/true);
  return sod_ingredients(I.problem, cp.X, sign);
}
}  // namespace

TEST_CASE("c = (1,0,0) is a critical point of h^l restricted to S", "[simulate][first-order]") {
  using T = bf50;
  Instance<T> I;
  SodIngredients<T> s = realworld_ingredients(I, +1);
  for (int l : {1, 3, 5, 11}) {
    SubspaceSimulation<T> sim(I.problem, s, l);
    Vec<T> e1(3);
    e1 << 1, 0, 0;
    const Vec<T> F = sim.projected_gradient(e1);
    // F_p = <g_11, g_p1>^l - <b, g_p1>^l, zero because <A(X̂X̂^T) - b, g_p1>
    // = <grad f(X̂X̂^T), X_p X̂^T> = 0 at a critical point. The refined point has
    // grad h at round-off, so F is l * scale^(l-1) * (round-off) in size.
    T scale = 0;
    using std::abs;
    for (int p = 0; p < 7; ++p)
      for (int q = 0; q < 7; ++q)
        scale = std::max(scale, T(int_pow(abs(sim.inner_products()(p, q)), l)));
    INFO("l=" << l);
    for (int p = 0; p < 3; ++p)
      CHECK_THAT(F(p), WithinAbsT(T(0), tolerance<T>::bound(1e3, 10 * l, scale),
                                  "1e3 * 10 l ops * eps * max|<g,g'>|^l"));
  }
}

TEST_CASE("J matches central differences of the exact PGD step", "[simulate][first-order]") {
  using T = bf100;
  Instance<T> I;
  for (int sign : {+1, -1}) {
    SodIngredients<T> s = realworld_ingredients(I, sign);
    for (int l : {3, 5}) {
      SubspaceSimulation<T> sim(I.problem, s, l);
      const T eta("0.01"), rho("0.001");
      FirstOrderModel<T> fo(sim, s, eta, rho);
      // d step / dc = I - eta J, so
      // J_fd(:, q) = (2 h e_q - (step(e1 + h e_q) - step(e1 - h e_q))) / (2 h eta).
      const T h("1e-25");
      Mat<T> Jfd(3, 3);
      for (int q = 0; q < 3; ++q) {
        Vec<T> cp(3), cm(3);
        cp << 1, 0, 0;
        cm = cp;
        cp(q) += h;
        cm(q) -= h;
        Vec<T> eq = Vec<T>::Zero(3);
        eq(q) = 2 * h;
        Jfd.col(q) = (eq - (sim.step(cp, eta) - sim.step(cm, eta))) / (2 * h * eta);
      }
      const T scale = fo.J.cwiseAbs().maxCoeff();
      INFO("sign=" << sign << " l=" << l);
      // Truncation O(h^2) ~ 1e-50, cancellation eps/h ~ 1e-75: 1e-40 is far above both.
      for (int p = 0; p < 3; ++p)
        for (int q = 0; q < 3; ++q)
          CHECK_THAT(fo.J(p, q), WithinAbsT(Jfd(p, q), T("1e-40") * scale));
    }
  }
}

TEST_CASE("(I - eta J)^t by log-scaled squaring equals repeated multiplication",
          "[simulate][first-order]") {
  using T = bf100;
  Instance<T> I;
  SodIngredients<T> s = realworld_ingredients(I, +1);
  SubspaceSimulation<T> sim(I.problem, s, 3);
  const T eta("0.05"), rho("0.001");
  FirstOrderModel<T> fo(sim, s, eta, rho);
  for (long long t : {0LL, 1LL, 2LL, 7LL, 1000LL, 4097LL}) {
    Vec<T> v = fo.delta_c0;
    for (long long k = 0; k < t; ++k) v = fo.step_matrix() * v;  // reference: plain loop
    const PropagatedState<T> st = fo.propagate(t);
    INFO("t=" << t);
    REQUIRE(st.representable);
    // Both paths do O(t) (loop) or O(log t) (squaring) 3x3 products.
    const T tol = tolerance<T>::bound(100, 9.0 * (t + 1), v.norm());
    for (int p = 0; p < 3; ++p) CHECK_THAT(st.delta_c(p), WithinAbsT(v(p), tol));
  }
  // The paper's matrix: (I - eta J_paper)^t has the closed form of (5.8):
  // beta = rho (1 - eta lambda^l)^t, gamma = -eta rho sigma^l 2^(1-l) sum_{tau<t} (1 - eta
  // lambda^l)^tau.
  const T lam = int_pow(s.lambda_n, 3), sig = int_pow(s.sigma_r, 3) / 4;
  const long long t = 500;
  const T q = 1 - eta * lam;
  T geo = 0, qt = 1;
  for (long long k = 0; k < t; ++k) geo += qt, qt *= q;
  const PropagatedState<T> sp = fo.propagate_paper(t);
  CHECK_THAT(sp.delta_c(1), WithinRelT(T(rho * qt), tolerance<T>::bound(100, 9.0 * t)));
  CHECK_THAT(sp.delta_c(2),
             WithinRelT(T(-eta * rho * sig * geo), tolerance<T>::bound(100, 9.0 * t)));
  CHECK(sp.delta_c(0) == 0);
}

TEST_CASE("propagation to t = 1e7 does not overflow in double", "[simulate][first-order]") {
  using T = double;
  Mat<T> M(2, 2);
  M << 1.5, 0.1, 0, 0.5;  // eigenvalue 1.5: 1.5^1e7 = 10^(1e7 log10 1.5)
  Vec<T> v(2);
  v << 0, 1;
  const PropagatedState<T> st = propagate_power<T>(M, v, 10000000LL);
  CHECK_FALSE(st.representable);
  CHECK(is_finite(st.log10_norm));
  // Asymptotically M^t v ~ 1.5^t (0.1/(1.5-0.5)) e_1: log10 norm = t log10 1.5 + log10 0.1.
  CHECK_THAT(st.log10_norm, WithinRelT(1e7 * std::log10(1.5) + std::log10(0.1), 1e-9));
  CHECK_THAT(std::abs(st.unit(0)), WithinAbsT(1.0, 1e-12));
}

TEST_CASE("J splits into its Gauss-Newton and residual parts - the paper's forms of each",
          "[simulate][first-order]") {
  using T = bf50;
  Instance<T> I;
  SodIngredients<T> s = realworld_ingredients(I, +1);
  for (int l : {1, 3, 5}) {
    SubspaceSimulation<T> sim(I.problem, s, l);
    FirstOrderModel<T> fo(sim, s, T("0.01"), T("0.001"));
    INFO("l=" << l);
    const T scale = fo.J.cwiseAbs().maxCoeff();
    const T tol = tolerance<T>::bound(100, 100, scale);
    // projected_hessian (general-c formula) vs the split written from the
    // inner products directly.
    for (int p = 0; p < 3; ++p)
      for (int q = 0; q < 3; ++q)
        CHECK_THAT(fo.J(p, q), WithinAbsT(T(fo.J_gauss_newton(p, q) + fo.J_residual(p, q)), tol));
    // Independent identities (docs/exact-subspace-simulation.md §4):
    //  sum_I (g_12^(x)l)_I K_I a = vec(A*(g_12) X̂)^(x)l = (sigma_r/2)^l c, so the
    //  Gauss-Newton b-column is 2 (sigma_r/2)^l e_3;
    //  <g_11 - b, g_p2> = <grad f, X_p X_2^T> = lambda_n <x_p, x_2>, so the
    //  paper-form residual b-column is lambda_n^l e_2.
    const T gn = 2 * int_pow(T(s.sigma_r / 2), l), lam = int_pow(s.lambda_n, l);
    const T tol_id = tolerance<T>::bound(1e4, 100, scale);  // refined point: grad at round-off
    CHECK_THAT(fo.J_gauss_newton(0, 1), WithinAbsT(T(0), tol_id));
    CHECK_THAT(fo.J_gauss_newton(1, 1), WithinAbsT(T(0), tol_id));
    CHECK_THAT(fo.J_gauss_newton(2, 1), WithinAbsT(gn, tol_id));
    CHECK_THAT(fo.J_residual_paper_form(0, 1), WithinAbsT(T(0), tol_id));
    CHECK_THAT(fo.J_residual_paper_form(1, 1), WithinAbsT(lam, tol_id));
    CHECK_THAT(fo.J_residual_paper_form(2, 1), WithinAbsT(T(0), tol_id));
    // At l = 1 the paper's form is the exact one (x^1 - y^1 = (x - y)^1).
    if (l == 1)
      for (int p = 0; p < 3; ++p)
        for (int q = 0; q < 3; ++q)
          CHECK_THAT(fo.J_residual(p, q), WithinAbsT(T(fo.J_residual_paper_form(p, q)), tol));
  }
}

TEST_CASE("the exact PGD in S follows the first-order model to O(rho^2)",
          "[simulate][first-order]") {
  using T = bf50;
  Instance<T> I;
  SodIngredients<T> s = realworld_ingredients(I, +1);
  SubspaceSimulation<T> sim(I.problem, s, 3);
  const T eta("0.01");
  const long long t = 50;
  // Deviation of the exact trajectory from the linear one, for two rho a
  // decade apart: it must be quadratic in rho (ratio ~100).
  auto deviation = [&](const T& rho) {
    FirstOrderModel<T> fo(sim, s, eta, rho);
    Vec<T> c(3);
    c << 1, rho, 0;
    for (long long k = 0; k < t; ++k) c = sim.step(c, eta);
    Vec<T> e1(3);
    e1 << 1, 0, 0;
    return T((c - e1 - fo.propagate(t).delta_c).cwiseAbs().maxCoeff());
  };
  const T d1 = deviation(T("1e-6")), d2 = deviation(T("1e-7"));
  INFO("deviation " << decimal_string(d1) << " -> " << decimal_string(d2));
  CHECK(d1 / d2 > 80);
  CHECK(d1 / d2 < 125);
  CHECK(d1 < T("1e-10"));  // far below rho = 1e-6: the model is the linearisation
}
