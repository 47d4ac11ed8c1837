// Lifted objective and gradient against independent formulas (issue 4).
#include <catch2/catch.hpp>

#include <cmath>

#include "lifted_test_util.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/lifted/lifted_problem.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;
using namespace sodlift::lifted;
using sodlift::test::WithinAbsT;
using sodlift::test::WithinRelT;

// Reference: for w = vec(X)^{⊗l}, y = g^{⊗l} with g = A(X X^T), so
// ||y - b^{⊗l}||^2 = <g,g>^l - 2 <g,b>^l + <b,b>^l (products of m-vectors,
// an identity the lifted code never uses).
template <class T>
T rank1_reference_h(const SensingProblem<T>& P, const Mat<T>& X, int l) {
  using std::pow;
  Vec<T> g = P.measure(X * X.transpose());
  const Vec<T>& b = P.b();
  return T(0.25) * (pow(g.dot(g), l) - 2 * pow(g.dot(b), l) + pow(b.dot(b), l));
}

TEMPLATE_LIST_TEST_CASE("h^l(vec(X)^{(x)l}) equals the m-vector formula", "[lifted][objective]",
                        sodlift::test::AllScalars) {
  using T = TestType;
  using std::pow;
  struct Case {
    const char* inst;
    int r, l;
  };
  for (Case c : {Case{"realworld", 1, 3}, Case{"realworld", 1, 5}, Case{"basic", 2, 3},
                 Case{"basic", 1, 7}}) {
    Instance<T> I = sodlift::test::named_instance<T>(c.inst, c.r);
    LiftedProblem<T> L(I.problem, c.r, c.l);
    Mat<T> X = sodlift::test::random_matrix<T>(I.problem.n(), c.r, 17 + c.l) * T(0.5);
    DenseTensor<T> w = lift_matrix(X, c.l);
    const T h = lifted_objective(L, w);
    const T ref = rank1_reference_h(I.problem, X, c.l);
    // The reference cancels terms of size <g,g>^l + <b,b>^l: absolute bound on
    // that scale, with ops ~ the length of the longest accumulation chain.
    Vec<T> g = I.problem.measure(X * X.transpose());
    const T scale = pow(g.dot(g), c.l) + pow(I.problem.b().dot(I.problem.b()), c.l);
    INFO(c.inst << " r=" << c.r << " l=" << c.l);
    CHECK_THAT(h,
               WithinAbsT(ref, tolerance<T>::bound(10, c.l * I.problem.m() * L.N() * L.N(), scale),
                          "10 * l m N^2 eps * (<g,g>^l + <b,b>^l)"));
  }
}

TEMPLATE_LIST_TEST_CASE("eigen, xtensor and naive contractions agree", "[lifted][backends]",
                        sodlift::test::AllScalars) {
  using T = TestType;
  struct Case {
    const char* inst;
    int r, l;
  };
  for (Case c :
       {Case{"basic", 1, 3}, Case{"basic", 2, 3}, Case{"realworld", 1, 3}, Case{"basic", 1, 1}}) {
    Instance<T> I = sodlift::test::named_instance<T>(c.inst, c.r);
    LiftedProblem<T> L(I.problem, c.r, c.l);
    // Dense, non-symmetric, non-rank-1 inputs: nothing a shortcut could use.
    DenseTensor<T> s = sodlift::test::random_tensor<T>(L.N(), c.l, 1);
    DenseTensor<T> t = sodlift::test::random_tensor<T>(L.N(), c.l, 2);
    DenseTensor<T> R = sodlift::test::random_tensor<T>(L.m(), c.l, 3);
    DenseTensor<T> y_e = L.measure(s, t, Backend::eigen);
    DenseTensor<T> y_x = L.measure(s, t, Backend::xtensor);
    DenseTensor<T> y_n = L.measure(s, t, Backend::naive);
    DenseTensor<T> g_e = L.apply(R, t, Backend::eigen);
    DenseTensor<T> g_x = L.apply(R, t, Backend::xtensor);
    DenseTensor<T> g_n = L.apply(R, t, Backend::naive);
    // Entries are sums of N^{2l} (resp. m^l N^l) products of O(1) normals
    // and O(1) matrix entries: absolute round-off ~ count * eps * |terms|.
    const double cy = std::pow(double(L.N()), 2 * c.l), cg = std::pow(double(L.m() * L.N()), c.l);
    const T sy = norm(s) * norm(t), sg = norm(R) * norm(t);
    INFO(c.inst << " r=" << c.r << " l=" << c.l);
    CHECK_THAT(max_abs_diff(y_e, y_n),
               WithinAbsT(T(0), tolerance<T>::bound(10, cy, sy), "10 N^{2l} eps |s||t|"));
    CHECK_THAT(max_abs_diff(y_x, y_n),
               WithinAbsT(T(0), tolerance<T>::bound(10, cy, sy), "10 N^{2l} eps |s||t|"));
    CHECK_THAT(max_abs_diff(g_e, g_n),
               WithinAbsT(T(0), tolerance<T>::bound(10, cg, sg), "10 (mN)^l eps |R||t|"));
    CHECK_THAT(max_abs_diff(g_x, g_n),
               WithinAbsT(T(0), tolerance<T>::bound(10, cg, sg), "10 (mN)^l eps |R||t|"));
    // Adjointness <R, y(s,t)> = <s, sum_I R_I K_I t>: ties measure and apply.
    CHECK_THAT(inner(R, y_e),
               WithinAbsT(inner(s, g_e), tolerance<T>::bound(10, cy * L.m(), sy * norm(R)),
                          "adjoint identity, 10 m N^{2l} eps"));
  }
}

// Sizes where the Kronecker recursion uses every kernel (lazy and GEMM panels,
// inner dimension N or m >= 4, panels of >= 16 rows) and where the naive
// oracle is too slow: checked against exact rank-1 identities instead.
//   y_I(u^{⊗l}, v^{⊗l}) = prod_p <u, B_{i_p} v>
//   sum_I (r^{⊗l})_I K_I v^{⊗l} = (sum_i r_i B_i v)^{⊗l}
// plus the adjoint identity on dense random inputs, and eigen vs xtensor.
TEMPLATE_LIST_TEST_CASE("Kronecker recursion: rank-1 identities at l = 5 with N = 4, m = 5",
                        "[lifted][backends]", sodlift::test::AllScalars) {
  using T = TestType;
  const int n = 4, m = 5, l = 5;
  std::vector<Mat<T>> A;
  for (int i = 0; i < m; ++i) {
    Mat<T> G = sodlift::test::random_matrix<T>(n, n, 100 + i);
    A.push_back((G + G.transpose()) / T(2));
  }
  SensingProblem<T> P(A, sodlift::test::random_matrix<T>(n, 1, 99));
  LiftedProblem<T> L(P, 1, l);
  const Vec<T> u = sodlift::test::random_matrix<T>(n, 1, 201), v =
                       sodlift::test::random_matrix<T>(n, 1, 202);
  const Vec<T> r = sodlift::test::random_matrix<T>(m, 1, 203);
  DenseTensor<T> U = lift_vector(u, l), V = lift_vector(v, l);
  Vec<T> uBv(m), rBv = Vec<T>::Zero(n);
  for (int i = 0; i < m; ++i) {
    uBv(i) = u.dot(L.B()[i] * v);
    rBv += r(i) * (L.B()[i] * v);
  }
  const DenseTensor<T> y_ref = lift_vector(uBv, l), g_ref = lift_vector(rBv, l);
  const DenseTensor<T> y = L.measure(U, V), g = L.apply(lift_vector(r, l), V);
  // Each entry is a sum of N^{2l} (resp. (m N)^l) terms bounded by the product
  // of the factors' max norms: absolute bound count * eps * |U| |V| (|R| |V|).
  const double cy = std::pow(double(n), 2 * l), cg = std::pow(double(m * n), l);
  CHECK_THAT(max_abs_diff(y, y_ref),
             WithinAbsT(T(0), tolerance<T>::bound(10, cy, norm(U) * norm(V)),
                        "10 N^{2l} eps |U||V|"));
  CHECK_THAT(max_abs_diff(g, g_ref),
             WithinAbsT(T(0), tolerance<T>::bound(10, cg, norm(lift_vector(r, l)) * norm(V)),
                        "10 (mN)^l eps |R||V|"));
  // Dense, non-rank-1: adjointness, and several t at once equals one at a time.
  DenseTensor<T> s = sodlift::test::random_tensor<T>(n, l, 4);
  DenseTensor<T> t = sodlift::test::random_tensor<T>(n, l, 5);
  DenseTensor<T> R = sodlift::test::random_tensor<T>(m, l, 6);
  const DenseTensor<T> ys = L.measure(s, t);
  std::vector<DenseTensor<T>> gs = L.apply_many(R, {&t, &s});
  CHECK_THAT(inner(R, ys),
             WithinAbsT(inner(s, gs[0]), tolerance<T>::bound(10, cy * m, norm(s) * norm(t) * norm(R)),
                        "adjoint identity, 10 m N^{2l} eps"));
  CHECK(max_abs_diff(gs[1], L.apply(R, s)) == T(0));
  if constexpr (std::is_same_v<T, double>) {
    // The independent xtensor path at this size (double only: it forms s ⊗ t).
    CHECK_THAT(max_abs_diff(ys, L.measure(s, t, Backend::xtensor)),
               WithinAbsT(T(0), tolerance<T>::bound(10, cy, norm(s) * norm(t)),
                          "10 N^{2l} eps |s||t|"));
  }
}

TEMPLATE_LIST_TEST_CASE("grad h^l matches central differences with O(step^2) error",
                        "[lifted][gradient]", sodlift::test::ExtendedScalars) {
  using T = TestType;
  if constexpr (std::is_same_v<T, f128>) {
    SUCCEED("finite-difference study runs in bf50/bf100 (enough digits to see step^2)");
  } else {
    using std::abs;
    struct Case {
      const char* inst;
      int r, l;
    };
    for (Case c : {Case{"realworld", 1, 3}, Case{"basic", 2, 3}, Case{"basic", 1, 5}}) {
      Instance<T> I = sodlift::test::named_instance<T>(c.inst, c.r);
      LiftedProblem<T> L(I.problem, c.r, c.l);
      DenseTensor<T> w = sodlift::test::random_tensor<T>(L.N(), c.l, 11);
      for (T& e : w.data) e *= T(0.3);
      DenseTensor<T> d = sodlift::test::random_tensor<T>(L.N(), c.l, 12);
      const T exact = inner(lifted_gradient(L, w), d);
      auto fd = [&](const T& hstep) {
        DenseTensor<T> wp = w, wm = w;
        axpy(hstep, d, wp);
        axpy(T(-hstep), d, wm);
        return (lifted_objective(L, wp) - lifted_objective(L, wm)) / (2 * hstep);
      };
      const T h1 = T("1e-6"), h2 = T("1e-7");
      const T e1 = abs(fd(h1) - exact), e2 = abs(fd(h2) - exact);
      INFO(c.inst << " r=" << c.r << " l=" << c.l << " err(1e-6)=" << decimal_string(e1)
                  << " err(1e-7)=" << decimal_string(e2));
      // Central differences: error = C step^2 + O(step^4), so the ratio of the
      // errors for steps 10x apart is 100 (1 + O(step^2)); round-off
      // (eps/step ~ 1e-43 in bf50) is far below.
      CHECK_THAT(T(e1 / e2),
                 WithinRelT(T(100), T("1e-3"), "step^2 law, O(step^2) relative deviation"));
      CHECK(e2 < T("1e-10") * abs(exact) + T("1e-30"));
    }
  }
}

TEMPLATE_LIST_TEST_CASE("grad h^l vanishes at a certified critical point", "[lifted][critical]",
                        sodlift::test::ExtendedScalars) {
  using T = TestType;
  using std::pow;
  Instance<T> I = sodlift::test::named_instance<T>("realworld");
  CriticalPoint<T> cp = refine_critical_point(I.problem, I.start);
  require_spurious(cp);
  for (int l : {1, 3, 5}) {
    LiftedProblem<T> L(I.problem, 1, l);
    DenseTensor<T> a = lift_matrix(cp.X, l);
    const T gn = norm(lifted_gradient(L, a));
    // Reference 0. grad = (A*(g) X)^{⊗l} - (A*(b) X)^{⊗l} by multilinearity, so
    // its size is the round-off of entries of magnitude s^l, s = |A*(b) X|, plus
    // the propagated critical-point residual l s^{l-1} |grad h(X̂)|.
    Vec<T> ab = I.problem.adjoint(I.problem.b()) * cp.X;
    const T s = ab.norm();
    const T bound = tolerance<T>::bound(100, l * I.problem.m() * L.N() * L.N(), pow(s, l) + 1) +
                    T(l) * pow(s, l - 1) * cp.grad_norm;
    INFO("l=" << l << " |grad h^l(a)| = " << decimal_string(gn));
    CHECK_THAT(gn, WithinAbsT(T(0), bound, "100 l m N^2 eps s^l + l s^{l-1} |grad h(X)|"));
  }
}

TEST_CASE("lifted input errors and the memory guard", "[lifted][errors]") {
  using T = double;
  Instance<T> I = sodlift::test::named_instance<T>("realworld");
  CHECK_THROWS_AS(LiftedProblem<T>(I.problem, 1, 4), input_error);
  CHECK_THROWS_WITH(LiftedProblem<T>(I.problem, 1, 4), Catch::Contains("even l is refused"));
  CHECK_THROWS_AS(LiftedProblem<T>(I.problem, 1, 17), input_error);
  CHECK_THROWS_AS(LiftedProblem<T>(I.problem, 0, 3), input_error);
  // realworld (N = 3, m = 6) l=7 needs ~ 2 N^12 + 12 m^7 doubles ~ 34 MiB and
  // l=5 ~ 2 N^8 + 12 m^5 doubles ~ 0.9 MiB, both > 512 KiB; l=3 ~ 30 KiB fits.
  CHECK_THROWS_AS(LiftedProblem<T>(I.problem, 1, 7, 1 << 19), memory_budget_error);
  CHECK_THROWS_WITH(LiftedProblem<T>(I.problem, 1, 7, 1 << 19),
                    Catch::Contains("largest odd l that fits is 3"));
  LiftedProblem<T> L(I.problem, 1, 3);
  DenseTensor<T> wrong(2, 3), right(3, 3);
  CHECK_THROWS_AS(L.measure(wrong, right), input_error);
  CHECK_THROWS_AS(lifted_objective(L, DenseTensor<T>(3, 5)), input_error);
  CHECK_THROWS_AS(L.apply(DenseTensor<T>(3, 3), right), input_error);  // R must have dim m = 6
  CHECK_THROWS_AS(inner(wrong, right), input_error);
  CHECK(parse_memory_size("2G") == (std::size_t(2) << 30));
  CHECK(parse_memory_size("512M") == (std::size_t(512) << 20));
  CHECK_THROWS_AS(parse_memory_size("lots"), input_error);
  CHECK_THROWS_AS(parse_memory_size("-1G"), input_error);
}
