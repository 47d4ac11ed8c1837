// Exact PGD in S (SPEC §2.3) against independent computations: a dense
// brute-force lifting written here with plain loops, the matrix objective at
// l = 1, central finite differences, and the normal equations of the projection.
#include <catch2/catch.hpp>

#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/core/subspace_simulation.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;
using sodlift::test::WithinAbsT;
using sodlift::test::WithinRelT;

namespace {

template <class T>
Instance<T> instance(const std::string& name, int n = 3, int m = 0, int r = 1) {
  InstanceSpec spec;
  spec.name = name;
  spec.n = n;
  spec.m = m;
  spec.r = r;
  return make_instance<T>(spec);
}

template <class T>
SodIngredients<T> ingredients_at_minimum(const Instance<T>& I) {
  CriticalPoint<T> cp = refine_critical_point(I.problem, I.start);
  // basic (1.1) is certified as a second_order_saddle, not a minimum; the
  // formulas under test only need a critical point with lambda_n < 0.
  require_spurious(cp, /*allow_second_order=*/true);
  return sod_ingredients(I.problem, cp.X, +1);
}

// Brute force, independent of the pair/inner-product formula: build
// w = sum_p c_p x_p^(x)l densely, every K_I = (I_r (x) A_i1) (x) ... entrywise,
// y_I = <w, K_I w>, h = 1/4 sum_I (y_I - prod_s b_is)^2 and
// grad = sum_I (y_I - b_I) K_I w; return h and <x_p^(x)l, grad>.
template <class T>
std::pair<T, Vec<T>> brute_force(const SensingProblem<T>& P, const std::array<Mat<T>, 3>& X,
                                 const Vec<T>& c, int l) {
  const int n = P.n(), r = static_cast<int>(X[0].cols()), m = P.m(), d = n * r;
  long long N = 1, MI = 1;
  for (int s = 0; s < l; ++s) N *= d, MI *= m;
  std::array<Vec<T>, 3> lifted;
  for (int p = 0; p < 3; ++p) {
    lifted[p] = Vec<T>(N);
    for (long long idx = 0; idx < N; ++idx) {
      T prod = 1;
      long long rem = idx;
      for (int s = 0; s < l; ++s) {
        prod *= X[p].data()[rem % d];  // column-major vec
        rem /= d;
      }
      lifted[p](idx) = prod;
    }
  }
  Vec<T> w = c(0) * lifted[0] + c(1) * lifted[1] + c(2) * lifted[2];
  // I_r (x) A_i acting on vec(X) (column-major): block diagonal.
  std::vector<Mat<T>> B(m);
  for (int i = 0; i < m; ++i) {
    B[i] = Mat<T>::Zero(d, d);
    for (int blk = 0; blk < r; ++blk)
      for (int a = 0; a < n; ++a)
        for (int bb = 0; bb < n; ++bb) B[i](blk * n + a, blk * n + bb) = P.A()[i](a, bb);
  }
  T h = 0;
  Vec<T> grad = Vec<T>::Zero(N);
  std::vector<int> ii(l);
  for (long long I = 0; I < MI; ++I) {
    long long rem = I;
    T bI = 1;
    for (int s = 0; s < l; ++s) {
      ii[s] = static_cast<int>(rem % m);
      rem /= m;
      bI *= P.b()(ii[s]);
    }
    Vec<T> Kw = Vec<T>::Zero(N);
    for (long long row = 0; row < N; ++row)
      for (long long col = 0; col < N; ++col) {
        T k = 1;
        long long rr = row, cc = col;
        for (int s = 0; s < l; ++s) {
          k *= B[ii[s]](rr % d, cc % d);
          rr /= d;
          cc /= d;
        }
        Kw(row) += k * w(col);
      }
    const T res = w.dot(Kw) - bI;
    h += res * res;
    grad += res * Kw;
  }
  Vec<T> proj(3);
  for (int p = 0; p < 3; ++p) proj(p) = lifted[p].dot(grad);
  return {h / 4, proj};
}

template <class T>
Vec<T> coeffs(const char* a, const char* b, const char* c) {
  Vec<T> v(3);
  v << from_string<T>(a), from_string<T>(b), from_string<T>(c);
  return v;
}

}  // namespace

TEMPLATE_TEST_CASE("h^l and C^T grad h^l match a dense brute-force lifting", "[simulate]", double,
                   bf50) {
  using T = TestType;
  struct Case {
    const char* name;
    int l;
  };
  for (Case cs : {Case{"basic", 1}, Case{"basic", 3}, Case{"realworld", 1}, Case{"realworld", 3}}) {
    Instance<T> I = instance<T>(cs.name);
    SodIngredients<T> s = ingredients_at_minimum(I);
    SubspaceSimulation<T> sim(I.problem, s, cs.l);
    // A point of S off every trajectory, with all three coefficients nonzero.
    const Vec<T> c = coeffs<T>("0.9", "0.35", "-0.45");
    auto [h_ref, g_ref] = brute_force(I.problem, sim.generators(), c, cs.l);
    INFO(cs.name << " l=" << cs.l);
    // Both sides sum O(m^l (nr)^2l) products of O(1) terms; the cancellations
    // in y - b are mild at this point (h is O(1)).
    const T tol = tolerance<T>::bound(100, 1e3);
    CHECK_THAT(sim.h_lifted(c), WithinRelT(h_ref, tol, "100 * 1e3 ops * eps"));
    const Vec<T> g = sim.projected_gradient(c);
    const T gscale = g_ref.cwiseAbs().maxCoeff();
    for (int p = 0; p < 3; ++p)
      CHECK_THAT(g(p), WithinAbsT(g_ref(p), tol * gscale, "100 * 1e3 ops * eps * max|grad|"));
  }
}

TEST_CASE("rank r = 2 on a small gaussian instance: brute force and the l = 1 matrix objective",
          "[simulate]") {
  using T = double;
  Instance<T> I = instance<T>("gaussian", 2, 4, 2);
  // Generators built at the start point (any point works for the formula).
  SodIngredients<T> s = sod_ingredients(I.problem, I.start, +1);
  const Vec<T> c = coeffs<T>("0.8", "-0.3", "0.25");
  for (int l : {1, 3}) {
    SubspaceSimulation<T> sim(I.problem, s, l);
    auto [h_ref, g_ref] = brute_force(I.problem, sim.generators(), c, l);
    const T tol = tolerance<T>::bound(100, 1e4);
    INFO("l=" << l);
    CHECK_THAT(sim.h_lifted(c), WithinRelT(h_ref, tol));
    const Vec<T> g = sim.projected_gradient(c);
    for (int p = 0; p < 3; ++p)
      CHECK_THAT(g(p), WithinAbsT(g_ref(p), tol * g_ref.cwiseAbs().maxCoeff()));
  }
  // l = 1: w = vec(W), W = sum c_p X_p, and h^1(w) = 1/4 ||A(WW^T) - b||^2 = h(W)/2.
  SubspaceSimulation<T> sim1(I.problem, s, 1);
  const auto& X = sim1.generators();
  const Mat<T> W = c(0) * X[0] + c(1) * X[1] + c(2) * X[2];
  CHECK_THAT(sim1.h_lifted(c), WithinRelT(I.problem.h(W) / 2, tolerance<T>::bound(100, 100)));
  // and grad h^1 = vec(A*(r) W) = grad h(W) / 2.
  const Mat<T> gh = I.problem.grad_h(W) / 2;
  const Vec<T> g1 = sim1.projected_gradient(c);
  for (int p = 0; p < 3; ++p)
    CHECK_THAT(g1(p), WithinAbsT(X[p].cwiseProduct(gh).sum(),
                                 tolerance<T>::bound(100, 100, gh.norm() * X[p].norm())));
}

TEST_CASE("C^T grad h^l and its Jacobian are the derivatives of h^l (central differences, bf100)",
          "[simulate]") {
  using T = bf100;
  Instance<T> I = instance<T>("realworld");
  SodIngredients<T> s = ingredients_at_minimum(I);
  SubspaceSimulation<T> sim(I.problem, s, 5);
  const Vec<T> c = coeffs<T>("1.1", "0.2", "-0.3");
  const Vec<T> g = sim.projected_gradient(c);
  const Mat<T> H = sim.projected_hessian(c);
  // Central differences: error = step^2/6 * third derivative; two steps a
  // decade apart must show the error falling by ~100 (O(step^2)), and the
  // smaller step must be far below round-off of double.
  auto fd_err = [&](const T& st) {
    T err_g = 0, err_h = 0;
    for (int q = 0; q < 3; ++q) {
      Vec<T> cp = c, cm = c;
      cp(q) += st;
      cm(q) -= st;
      using std::abs;
      T d = (sim.h_lifted(cp) - sim.h_lifted(cm)) / (2 * st);
      err_g = std::max(err_g, T(abs(d - g(q))));
      Vec<T> dg = (sim.projected_gradient(cp) - sim.projected_gradient(cm)) / (2 * st);
      err_h = std::max(err_h, T((dg - H.col(q)).cwiseAbs().maxCoeff()));
    }
    return std::pair<T, T>{err_g, err_h};
  };
  auto [eg1, eh1] = fd_err(T("1e-12"));
  auto [eg2, eh2] = fd_err(T("1e-13"));
  INFO("grad FD errors " << decimal_string(eg1) << " -> " << decimal_string(eg2)
                         << "; hessian FD errors " << decimal_string(eh1) << " -> "
                         << decimal_string(eh2));
  const T gscale = g.cwiseAbs().maxCoeff(), hscale = H.cwiseAbs().maxCoeff();
  CHECK(eg2 < T("1e-20") * gscale);
  CHECK(eh2 < T("1e-20") * hscale);
  // O(step^2): ratio of errors for steps 10x apart within [50, 200] of 100.
  CHECK(eg1 / eg2 > 50);
  CHECK(eg1 / eg2 < 200);
  CHECK(eh1 / eh2 > 50);
  CHECK(eh1 / eh2 < 200);
}

TEST_CASE(
    "reduced span on basic: c is parallel to b, dropped, and the projection still solves "
    "the full normal equations",
    "[simulate]") {
  using T = bf50;
  Instance<T> I = instance<T>("basic");
  SodIngredients<T> s = ingredients_at_minimum(I);
  SubspaceSimulation<T> sim(I.problem, s, 3);
  // Independent evidence of the dependence: the cosine between E X̂ and u_n q_r^T.
  const auto& X = sim.generators();
  using std::abs;
  const T cosang = abs(X[1].cwiseProduct(X[2]).sum()) / (X[1].norm() * X[2].norm());
  CHECK_THAT(cosang, WithinAbsT(T(1), tolerance<T>::bound(100, 10)));
  REQUIRE(sim.rank() == 2);
  REQUIRE(sim.dropped() == std::vector<int>{2});
  CHECK(sim.dropped_names() == "c");
  CHECK(sim.gram_normalised_eigenvalues()(0) < sim.singular_tolerance());
  CHECK(sim.reduced_condition() < T(10));
  // Projection: d = G^+ C^T grad on {a, b} must satisfy G d = C^T grad in all
  // three rows, because c lies in span{b}, so its row is implied.
  const Vec<T> c = coeffs<T>("1", "0.1", "0");
  const Vec<T> d = sim.direction(c);
  const Vec<T> F = sim.projected_gradient(c);
  CHECK(d(2) == 0);
  const Vec<T> res = sim.gram() * d - F;
  const T scale =
      F.cwiseAbs().maxCoeff() + sim.gram().cwiseAbs().maxCoeff() * d.cwiseAbs().maxCoeff();
  for (int p = 0; p < 3; ++p)
    CHECK_THAT(res(p),
               WithinAbsT(T(0), tolerance<T>::bound(1e6, 10, scale),
                          "the dependence x_3 ~ x_2 holds to the refined point's accuracy"));
  auto tr = sim.trajectory(c, T("0.1"), 20, 5);
  REQUIRE(tr.size() == 5);
  for (const auto& rec : tr) CHECK(rec.gamma == 0);
  CHECK_THROWS_AS(sim.step(coeffs<T>("1", "0", "0.1"), T("0.1")), input_error);
}

TEST_CASE("trajectory thinning, records and bad input", "[simulate]") {
  using T = double;
  Instance<T> I = instance<T>("realworld");
  SodIngredients<T> s = ingredients_at_minimum(I);
  SubspaceSimulation<T> sim(I.problem, s, 3);
  CHECK(sim.rank() == 3);
  const Vec<T> c0 = coeffs<T>("1", "0.1", "0");
  auto tr = sim.trajectory(c0, 0.1, 10, 4);
  REQUIRE(tr.size() == 4);  // t = 0, 4, 8, 10
  CHECK(tr[1].t == 4);
  CHECK(tr.back().t == 10);
  // The recorded state is the 10-fold step (independent loop over step()).
  Vec<T> c = c0;
  for (int t = 0; t < 10; ++t) c = sim.step(c, 0.1);
  CHECK(tr.back().alpha == c(0));
  CHECK(tr.back().beta == c(1));
  CHECK(tr.back().gamma == c(2));
  CHECK_THAT(tr.back().norm_b,
             WithinRelT(std::abs(c(1)) * std::pow(sim.generators()[1].norm(), 3), 1e-14));
  CHECK_THROWS_AS(SubspaceSimulation<T>(I.problem, s, 2), input_error);
  CHECK_THROWS_AS(sim.trajectory(c0, -1.0, 3), input_error);
  CHECK_THROWS_AS(sim.trajectory(c0, 0.1, 3, 0), input_error);
}
