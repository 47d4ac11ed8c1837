// S = span{a,b,c}, Pi_S, the 18 TPGD sub-terms and the descent drivers (issue 4).
#include <catch2/catch.hpp>

#include "lifted_test_util.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/lifted/descent.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;
using namespace sodlift::lifted;
using sodlift::test::WithinAbsT;
using sodlift::test::WithinRelT;

namespace {
template <class T>
struct Setup {
  Instance<T> I;
  CriticalPoint<T> cp;
  SodIngredients<T> sod;
  LiftedProblem<T> L;
  SubspaceBasis<T> S;
  Setup(const std::string& name, int l)
      : I(sodlift::test::named_instance<T>(name)),
        cp(refine_critical_point(I.problem, I.start)),
        sod((require_spurious(cp, /*allow_second_order: basic*/ true), sod_ingredients(I.problem, cp.X, +1))),
        L(I.problem, 1, l),
        S(make_subspace_basis(L, sod)) {}
};
}  // namespace

TEMPLATE_LIST_TEST_CASE("Pi_S is idempotent and its residual is orthogonal to a, b, c",
                        "[lifted][subspace]", sodlift::test::AllScalars) {
  using T = TestType;
  Setup<T> U("realworld", 3);
  REQUIRE(U.S.rank == 3);
  DenseTensor<T> v = sodlift::test::random_tensor<T>(U.L.N(), 3, 5);
  DenseTensor<T> P = project(U.S, v);
  DenseTensor<T> PP = project(U.S, P);
  // Round-off of a 3x3 solve scaled by the Gram's condition number.
  const T cond = U.S.condition;
  const T tol = tolerance<T>::bound(100, v.size(), cond * norm(v));
  CHECK_THAT(max_abs_diff(P, PP), WithinAbsT(T(0), tol, "100 N^l eps cond(G) |v|"));
  DenseTensor<T> res = v;
  axpy(T(-1), P, res);
  for (const DenseTensor<T>* g : {&U.S.a, &U.S.b, &U.S.c})
    CHECK_THAT(inner(res, *g), WithinAbsT(T(0), tol * norm(*g), "100 N^l eps cond(G) |v| |x|"));
  // Coefficients of a known element of S come back.
  Vec<T> c(3);
  c << T(1), from_string<T>("0.3"), from_string<T>("-0.2");
  Vec<T> back = project_coefficients(U.S, combine(U.S, c));
  for (int k = 0; k < 3; ++k)
    CHECK_THAT(back(k), WithinAbsT(c(k), tolerance<T>::bound(100, v.size(), cond)));
}

TEST_CASE("basic instance: c is parallel to b, Gram singular, c dropped", "[lifted][subspace]") {
  using T = bf50;
  Setup<T> U("basic", 3);
  // E X̂ ∥ u_n (common brief), so the unit-diagonal Gram has a zero eigenvalue.
  CHECK(U.S.rank == 2);
  CHECK(U.S.dropped == "c");
  CHECK(U.S.unit_gram_eigenvalues(0) < U.S.rank_tol);
  CHECK(U.S.condition > T(1) / U.S.rank_tol);
  DenseTensor<T> v = sodlift::test::random_tensor<T>(U.L.N(), 3, 8);
  Vec<T> coef = project_coefficients(U.S, v);
  CHECK(coef(2) == 0);
  DenseTensor<T> res = v;
  axpy(T(-1), project(U.S, v), res);
  // c lies in span{b}, so the residual is orthogonal to c as well.
  CHECK_THAT(inner(res, U.S.c),
             WithinAbsT(T(0), tolerance<T>::bound(1000, v.size(), norm(v) * norm(U.S.c))));
}

TEMPLATE_LIST_TEST_CASE("the 18 sub-terms sum to grad h^l", "[lifted][tpgd]",
                        sodlift::test::AllScalars) {
  using T = TestType;
  for (int l : {3, 5}) {
    Setup<T> U("realworld", l);
    const T ca = from_string<T>("0.9"), cb = from_string<T>("0.15"), cc = from_string<T>("-0.07");
    TpgdSubterms<T> st = tpgd_subterms(U.L, U.S, ca, cb, cc);
    DenseTensor<T> sum(U.L.N(), l);
    for (const auto& t : st.terms) axpy(T(1), t, sum);
    // The gradient is evaluated on its own (y(w~,w~) of the dense w~); the
    // sub-terms expand the same multilinear form, so they agree to round-off
    // on the scale of the largest sub-term.
    T scale = 0;
    for (const auto& t : st.terms) scale = std::max<T>(scale, norm(t));
    INFO("l=" << l);
    CHECK_THAT(max_abs_diff(sum, st.gradient),
               WithinAbsT(T(0), tolerance<T>::bound(100, l * U.L.m() * U.L.N() * U.L.N(), scale),
                          "100 l m N^2 eps max|H|"));
    if (l == 3) {  // the xtensor backend gives the same sub-terms
      TpgdSubterms<T> sx = tpgd_subterms(U.L, U.S, ca, cb, cc, Backend::xtensor);
      for (int k = 0; k < 18; ++k)
        CHECK_THAT(
            max_abs_diff(sx.terms[k], st.terms[k]),
            WithinAbsT(T(0), tolerance<T>::bound(100, l * U.L.m() * U.L.N() * U.L.N(), scale)));
    }
  }
}

TEST_CASE("PGD/TPGD/GD drivers: start record, backends agree, TPGD bookkeeping",
          "[lifted][descent]") {
  using T = bf50;
  Setup<T> U("realworld", 3);
  DescentOptions o;
  o.rho = "0.01";
  o.eta = "0.05";
  o.steps = 3;
  auto pe = run_pgd(U.L, U.S, o);
  o.backend = Backend::xtensor;
  auto px = run_pgd(U.L, U.S, o);
  o.backend = Backend::eigen;
  REQUIRE(pe.size() == 4);
  CHECK(pe[0].alpha == 1);
  CHECK(pe[0].beta == T("0.01"));
  CHECK(pe[0].gamma == 0);
  for (std::size_t t = 0; t < pe.size(); ++t) {
    CHECK_THAT(px[t].alpha, WithinAbsT(pe[t].alpha, tolerance<T>::bound(1e4, 1, U.S.condition)));
    CHECK_THAT(px[t].beta, WithinAbsT(pe[t].beta, tolerance<T>::bound(1e4, 1, U.S.condition)));
    CHECK_THAT(px[t].gamma, WithinAbsT(pe[t].gamma, tolerance<T>::bound(1e4, 1, U.S.condition)));
  }
  // h^l(a) from the rank-1 m-vector formula (independent of the lifting).
  using std::pow;
  Vec<T> g = U.I.problem.measure(U.cp.X * U.cp.X.transpose());
  const Vec<T>& b = U.I.problem.b();
  const T ha = T(0.25) * (pow(g.dot(g), 3) - 2 * pow(g.dot(b), 3) + pow(b.dot(b), 3));
  CHECK_THAT(pe[0].h_at_a, WithinAbsT(ha, tolerance<T>::bound(1000, 1, pow(b.dot(b), 3))));
  auto tp = run_tpgd(U.L, U.S, o);
  REQUIRE(tp.size() == 4);
  CHECK(tp[0].dropped.size() == 16);
  CHECK(tp[0].dropped_coefficients.size() == 16);
  // At t = 0 the iterate is the PGD start, so h agrees with PGD's.
  CHECK_THAT(tp[0].h_lifted, WithinRelT(pe[0].h_lifted, tolerance<T>::bound(1000, 1)));
  auto gd = run_gd(U.L, U.S, o);
  REQUIRE(gd.size() == 4);
  CHECK_THAT(gd[0].dist_to_S, WithinAbsT(T(0), tolerance<T>::bound(1000, 27, U.S.condition)));
  CHECK(gd[1].dist_to_S > gd[0].dist_to_S);  // plain GD leaves S (the gradient is not in S)
}
