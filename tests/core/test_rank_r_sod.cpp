// SOD ingredients, closed form and exact simulation at rank r >= 2 (issue 23
// item 1, docs/rank-r.md). References built here, independently of
// core/sod_ingredients:
//  - grad f(X̂X̂^T) = sum_i (<A_i, X̂X̂^T> - b_i) A_i from the A_i, its
//    eigenpairs by Eigen's SelfAdjointEigenSolver; the SVD of X̂ by JacobiSVD;
//  - the paper's identities at a critical point (§1.2): grad f X̂ = 0, so
//    u_n ⊥ v_phi for every phi, and <a, b> = (sigma_r <u_n, v_r>)^l = 0;
//  - O(r) covariance, which the paper's formulas imply and nothing in the code
//    enforces: at X̂ Q (Q orthogonal, not a signed permutation), lambda_n,
//    u_n, sigma_r, v_r, E are unchanged, q_r -> ±Q^T q_r, the (5.8)
//    quantities and the exact-in-S trajectory are unchanged, and the escape
//    points rotate (X̌ X̌^T and h(X̌) unchanged).
// Instances: gaussian(4,6,2) seed 24 (r = 2) and es_r3 (r = 3, entry
// sampling), the spurious minima of tests/core/test_rank_r.cpp.
#include <catch2/catch.hpp>

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>
#include <type_traits>

#include "sodlift/core/closed_form.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/core/subspace_simulation.hpp"
#include "rank_r_cases.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;

namespace {

template <class T>
SensingProblem<T> rank_problem(int r) {
  if (r == 2) {
    return make_instance<T>(test::gaussian_r2_spec()).problem;
  }
  const std::vector<std::tuple<int, int, const char*>> E = {
      {0, 0, "0.1"}, {0, 1, "3"}, {0, 2, "1"}, {0, 3, "3"}, {0, 4, "1"}, {1, 1, "1"},
      {1, 2, "1"},   {1, 4, "1"}, {1, 5, "1"}, {2, 2, "1"}, {2, 3, "1"}, {3, 3, "0.1"},
      {3, 4, "3"},   {3, 5, "1"}, {4, 4, "0.1"}, {4, 5, "0.1"}, {5, 5, "1"}};
  const char* Z[6][3] = {{"-1.17884", "-1.14816", "0.669469"}, {"-2.29391", "-0.143384", "-2.25608"},
                         {"1.10097", "0.202898", "1.35632"},    {"-0.504183", "0.398195", "-0.285877"},
                         {"-0.738327", "0.145324", "-1.25721"}, {"-0.354662", "0.696596", "0.057529"}};
  std::vector<SampledEntry<T>> S;
  for (const auto& [i, j, w] : E) S.push_back({i, j, from_string<T>(w)});
  Mat<T> Zm(6, 3);
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 3; ++j) Zm(i, j) = from_string<T>(Z[i][j]);
  return SensingProblem<T>(6, std::move(S), Zm);
}

template <class T>
Mat<T> rank_start(int r) {
  if (r == 2) {
    const char* s[] = {"-0.467", "0.001342", "2.131", "0.107", "-1.085", "0.1756", "0.2227", "0.452"};
    Mat<T> X(4, 2);
    for (int k = 0; k < 8; ++k) X.data()[k] = from_string<T>(s[k]);  // column-major
    return X;
  }
  const char* s[6][3] = {{"2.415", "0.4895", "-0.6329"}, {"0.9462", "-0.4905", "-0.6838"},
                         {"2.121", "-0.2808", "0.4315"}, {"-1.282", "1.128", "4.079"},
                         {"-0.7367", "-0.3136", "1.234"}, {"-0.9387", "0.7076", "1.265"}};
  Mat<T> X(6, 3);
  for (int i = 0; i < 6; ++i)
    for (int j = 0; j < 3; ++j) X(i, j) = from_string<T>(s[i][j]);
  return X;
}

// A rotation of R^r that is not a signed permutation (Givens products).
template <class T>
Mat<T> rotation(int r) {
  Mat<T> Q = Mat<T>::Identity(r, r);
  const double ang[] = {0.7, -1.1, 0.4};
  int k = 0;
  for (int p = 0; p < r; ++p)
    for (int q = p + 1; q < r; ++q) {
      Mat<T> G = Mat<T>::Identity(r, r);
      const T c = T(std::cos(ang[k])), s = T(std::sin(ang[k]));
      ++k;
      G(p, p) = c, G(q, q) = c, G(p, q) = -s, G(q, p) = s;
      Q = Q * G;
    }
  // Re-orthonormalise in T (cos/sin were computed in double).
  Eigen::HouseholderQR<Mat<T>> qr(Q);
  Mat<T> R = qr.householderQ() * Mat<T>::Identity(r, r);
  return R;
}

// A_i as dense matrices, built here: the stored ones (dense) or
// w (e_i e_j^T + e_j e_i^T) / 2 from the entry list.
template <class T>
std::vector<Mat<T>> dense_A(const SensingProblem<T>& P) {
  if (P.entries().empty()) return P.A();
  std::vector<Mat<T>> A;
  for (const auto& e : P.entries()) {
    Mat<T> Ai = Mat<T>::Zero(P.n(), P.n());
    Ai(e.i, e.j) += e.w / T(2);
    Ai(e.j, e.i) += e.w / T(2);
    A.push_back(Ai);
  }
  return A;
}

// 1e5 unit round-offs (divided by the spectral gaps below).
template <class T>
T tol_for() {
  return T(100000) * std::numeric_limits<T>::epsilon();
}

template <class T>
void check_rank(int r) {
  using std::abs;
  const SensingProblem<T> P = rank_problem<T>(r);
  const CriticalPoint<T> cp = refine_critical_point(P, rank_start<T>(r));
  REQUIRE(cp.kind == PointKind::spurious_local_min);
  const Mat<T>& X = cp.X;
  const int n = P.n();

  // --- ingredients against an independent construction -------------------
  const Mat<T> M = X * X.transpose(), Mstar = P.Z() * P.Z().transpose();
  const std::vector<Mat<T>> A = dense_A(P);
  Mat<T> gf = Mat<T>::Zero(n, n);
  for (const auto& Ai : A) gf += ((Ai.cwiseProduct(M)).sum() - (Ai.cwiseProduct(Mstar)).sum()) * Ai;
  Eigen::SelfAdjointEigenSolver<Mat<T>> es(gf);
  const T lambda_n = es.eigenvalues()(0);
  const Vec<T> u = es.eigenvectors().col(0);
  Eigen::JacobiSVD<Mat<T>> svd(X, Eigen::ComputeThinU | Eigen::ComputeThinV);
  const T sigma_r = svd.singularValues()(r - 1);
  const Vec<T> v = svd.matrixU().col(r - 1), q = svd.matrixV().col(r - 1);
  // Tolerance: 1e5 unit round-offs divided by the gaps that condition the
  // ingredients (Davis-Kahan): lambda_{n-1} - lambda_n for u_n (lambda_{n-1}
  // = 0 here, the v_phi span the kernel of grad f, so the gap is |lambda_n| ~
  // 1e-3), sigma_{r-1} - sigma_r for (v_r, q_r). A point accurate to
  // round-off gives ingredients accurate to round-off / gap.
  T gap = es.eigenvalues()(1) - es.eigenvalues()(0);
  const T sgap = svd.singularValues()(r - 2) - svd.singularValues()(r - 1);
  if (sgap < gap) gap = sgap;
  if (gap > T(1)) gap = T(1);
  REQUIRE(gap > T(0));
  const T tol = tol_for<T>() / gap;

  const SodIngredients<T> s = sod_ingredients(P, X);
  INFO("r = " << r << " [" << scalar_name<T>::value << "]");
  CHECK(abs(s.lambda_n - lambda_n) <= tol * (1 + abs(lambda_n)));
  CHECK(lambda_n < 0);
  CHECK(abs(abs(s.u_n.dot(u)) - T(1)) <= tol);
  CHECK(abs(s.sigma_r - sigma_r) <= tol);
  CHECK(abs(abs(s.v_r.dot(v)) - T(1)) <= tol);
  CHECK(abs(abs(s.q_r.dot(q)) - T(1)) <= tol);
  CHECK((X * s.q_r - s.sigma_r * s.v_r).norm() <= tol);  // X̂ q_r = sigma_r v_r
  // §1.2: grad f X̂ = 0 at a critical point, so u_n ⊥ v_phi for all phi.
  CHECK((gf * X).norm() <= tol * (1 + gf.norm() * X.norm()));
  for (int phi = 0; phi < r; ++phi) CHECK(abs(s.u_n.dot(svd.matrixU().col(phi))) <= tol);
  // E = A*A(u v^T + v u^T), summed here.
  const Mat<T> D = s.u_n * s.v_r.transpose() + s.v_r * s.u_n.transpose();
  Mat<T> E = Mat<T>::Zero(n, n);
  for (const auto& Ai : A) E += (Ai.cwiseProduct(D)).sum() * Ai;
  CHECK((s.E - E).norm() <= tol * (1 + E.norm()));

  // --- O(r) covariance -----------------------------------------------------
  const Mat<T> Q = rotation<T>(r);
  REQUIRE((Q.transpose() * Q - Mat<T>::Identity(r, r)).norm() <= tol);
  const Mat<T> XQ = X * Q;
  const SodIngredients<T> s2 = sod_ingredients(P, XQ);
  CHECK(abs(s2.lambda_n - s.lambda_n) <= tol * (1 + abs(s.lambda_n)));
  CHECK(abs(s2.sigma_r - s.sigma_r) <= tol);
  CHECK((s2.u_n - s.u_n).norm() <= tol);  // same sign convention, same vector
  CHECK((s2.v_r - s.v_r).norm() <= tol);
  CHECK((s2.q_r - Q.transpose() * s.q_r).norm() <= tol);
  CHECK((s2.E - s.E).norm() <= tol * (1 + s.E.norm()));
  CHECK(abs(s2.E_un_un - s.E_un_un) <= tol * (1 + abs(s.E_un_un)));

  const int l = 3;
  const T rho = from_string<T>("0.1"), eta = from_string<T>("0.1"), delta = from_string<T>("0.5");
  const MultiStepResult<T> a = multi_step(P, s, l, rho, eta, 100000, delta);
  const MultiStepResult<T> b = multi_step(P, s2, l, rho, eta, 100000, delta);
  CHECK(a.dominant == b.dominant);
  CHECK(abs(a.norm_EXhat - b.norm_EXhat) <= tol * (1 + a.norm_EXhat));
  CHECK(abs(a.log10_norm_c_term - b.log10_norm_c_term) <= tol * (1 + abs(a.log10_norm_c_term)));
  for (const auto* pr : {&a, &b}) REQUIRE(pr->gamma_point.representable);
  // X̌(X̂ Q) = X̌(X̂) Q: same X X^T, same h.
  const Mat<T> ca = a.gamma_point.point * a.gamma_point.point.transpose();
  const Mat<T> cb = b.gamma_point.point * b.gamma_point.point.transpose();
  CHECK((ca - cb).norm() <= tol * (1 + ca.norm()));
  CHECK((b.gamma_point.point - a.gamma_point.point * Q).norm() <= tol * (1 + ca.norm()));
  CHECK(abs(a.gamma_point.h - b.gamma_point.h) <= tol * (1 + abs(a.gamma_point.h)));

  // Exact PGD in S: the Gram and every coefficient are invariant.
  SubspaceSimulation<T> A1(P, s, l), A2(P, s2, l);
  CHECK((A1.gram() - A2.gram()).norm() <= tol * (1 + A1.gram().norm()));
  // <a, b> = (u_n^T X̂ q_r)^l = (sigma_r <u_n, v_r>)^l = 0 (§1.2, Table 2).
  CHECK(abs(A1.gram()(0, 1)) <= tol);
  Vec<T> c0(3);
  c0 << T(1), from_string<T>("0.01"), T(0);
  // The trajectory only in bf50: in double the lifted gradient at a loses
  // digits to the cancellation in y_I - b_I (h^l(a) of es_r3 is computed to
  // ~1e-9 relative in double, tests/cli/rank_r.cpp), so two representatives
  // of the orbit give gamma differing by 3.7e-8 at r = 3 (measured): a
  // property of double, not of the O(r) covariance under test.
  if (std::is_same_v<T, double>) return;
  const auto t1 = A1.trajectory(c0, from_string<T>("0.01"), 5);
  const auto t2 = A2.trajectory(c0, from_string<T>("0.01"), 5);
  REQUIRE(t1.size() == t2.size());
  for (std::size_t k = 0; k < t1.size(); ++k) {
    CHECK(abs(t1[k].alpha - t2[k].alpha) <= tol);
    CHECK(abs(t1[k].beta - t2[k].beta) <= tol);
    CHECK(abs(t1[k].gamma - t2[k].gamma) <= tol);
  }
}

}  // namespace

using RankScalars = std::tuple<double, bf50>;

TEMPLATE_LIST_TEST_CASE("rank 2: SOD ingredients, closed form and exact simulation are O(2)-covariant",
                        "[core][rank][sod]", RankScalars) {
  check_rank<TestType>(2);
}

TEMPLATE_LIST_TEST_CASE("rank 3: SOD ingredients, closed form and exact simulation are O(3)-covariant",
                        "[core][rank][sod]", RankScalars) {
  check_rank<TestType>(3);
}
