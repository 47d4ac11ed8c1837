// The lifted Hessian at x^{⊗l} (issue 21 item 1, SPEC §8). Every reference is
// built here, independently of lifted/hessian:
//  - the Hessian from its definition, sum_I R_I K_I + 2 sum_I (K_I a)(K_I a)^T,
//    by a loop over the multi-indices I with K_I as explicit Kronecker
//    products of I_r ⊗ A_i (no factorisation);
//  - dense Kronecker powers of K, G, B computed here from the A_i;
//  - central finite differences (bf100, step 1e-30) of lifted/'s explicit
//    gradient (LiftedProblem, the Eigen Kronecker recursion), so that the
//    formula H = 2 K^{⊗l} + G^{⊗l} - B^{⊗l} is itself under test;
//  - an explicit orthonormal basis of the symmetric tensors (symmetrised unit
//    tensors, Gram-Schmidt) and the dense eigensolver on the projected H.
#include <catch2/catch.hpp>

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cstring>
#include <numeric>
#include <random>

#include "lifted_test_util.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/lifted/hessian.hpp"
#include "sodlift/lifted/lifted_problem.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;
using namespace sodlift::lifted;
using sodlift::test::WithinAbsT;

namespace {

// Kronecker product with the first factor's index fastest (our flat layout:
// entry (j_1..j_l) at j_1 + N j_2 + ...): kron_fast(A, B)(i + a*p, j + a*q) = A(i,j) B(p,q).
template <class T>
Mat<T> kron_fast(const Mat<T>& A, const Mat<T>& B) {
  Mat<T> R(A.rows() * B.rows(), A.cols() * B.cols());
  for (Eigen::Index p = 0; p < B.rows(); ++p)
    for (Eigen::Index q = 0; q < B.cols(); ++q)
      R.block(p * A.rows(), q * A.cols(), A.rows(), A.cols()) = B(p, q) * A;
  return R;
}

template <class T>
Mat<T> kron_power(const Mat<T>& M, int l) {
  Mat<T> R = M;
  for (int k = 1; k < l; ++k) R = kron_fast(R, M);
  return R;
}

template <class T>
Mat<T> I_r_kron(int r, const Mat<T>& A) {
  const Eigen::Index n = A.rows();
  Mat<T> R = Mat<T>::Zero(n * r, n * r);
  for (int k = 0; k < r; ++k) R.block(k * n, k * n, n, n) = A;
  return R;
}

// The Hessian from its definition at a = x^{⊗l} (any x): loop over I.
template <class T>
Mat<T> definition_hessian(const SensingProblem<T>& P, const Mat<T>& X, int l) {
  const int r = static_cast<int>(X.cols()), m = P.m();
  std::vector<Mat<T>> Bi;
  for (const auto& A : P.A()) Bi.push_back(I_r_kron(r, A));
  const Vec<T> x = Eigen::Map<const Vec<T>>(X.data(), X.size());
  Vec<T> a = x;
  for (int k = 1; k < l; ++k) {
    Mat<T> ak = kron_fast(Mat<T>(a), Mat<T>(x));
    a = Eigen::Map<Vec<T>>(ak.data(), ak.size());
  }
  const Eigen::Index D = a.size();
  Mat<T> H = Mat<T>::Zero(D, D);
  std::vector<int> I(static_cast<std::size_t>(l), 0);
  while (true) {
    Mat<T> KI = Bi[static_cast<std::size_t>(I[0])];
    T bI = P.b()(I[0]);
    for (int k = 1; k < l; ++k) {
      KI = kron_fast(KI, Bi[static_cast<std::size_t>(I[static_cast<std::size_t>(k)])]);
      bI *= P.b()(I[static_cast<std::size_t>(k)]);
    }
    const Vec<T> Ka = KI * a;
    const T RI = a.dot(Ka) - bI;
    H += RI * KI + 2 * Ka * Ka.transpose();
    int k = 0;
    while (k < l && ++I[static_cast<std::size_t>(k)] == m) I[static_cast<std::size_t>(k++)] = 0;
    if (k == l) break;
  }
  return H;
}

// Matrix of the matrix-free operator, column by column.
template <class T>
Mat<T> matrix_free_full(const LiftedHessianFactors<T>& F) {
  const std::size_t D = tensor_entries(F.N(), F.l);
  Mat<T> H(D, D);
  DenseTensor<T> e(F.N(), F.l);
  for (std::size_t j = 0; j < D; ++j) {
    std::fill(e.data.begin(), e.data.end(), T(0));
    e.data[j] = 1;
    const DenseTensor<T> h = hessian_apply_full(F, e);
    for (std::size_t i = 0; i < D; ++i) H(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = h.data[i];
  }
  return H;
}

template <class T>
struct CP {
  Instance<T> I;
  CriticalPoint<T> cp;
  SodIngredients<T> sod;
  explicit CP(const std::string& name, int r = 1)
      : I(sodlift::test::named_instance<T>(name, r)),
        cp(refine_critical_point(I.problem, I.start)),
        sod((require_spurious(cp, true), sod_ingredients(I.problem, cp.X, +1))) {}
};

// Orthonormal basis (columns) of the symmetric tensors, built from the
// symmetrised unit tensors by modified Gram-Schmidt.
template <class T>
Mat<T> symmetric_basis(int N, int l) {
  const std::size_t D = tensor_entries(N, l);
  std::vector<std::vector<int>> seen;
  std::vector<Vec<T>> cols;
  for (std::size_t f = 0; f < D; ++f) {
    std::vector<int> idx(static_cast<std::size_t>(l));
    std::size_t q = f;
    for (auto& e : idx) {
      e = static_cast<int>(q % static_cast<std::size_t>(N));
      q /= static_cast<std::size_t>(N);
    }
    std::vector<int> s = idx;
    std::sort(s.begin(), s.end());
    if (std::find(seen.begin(), seen.end(), s) != seen.end()) continue;
    seen.push_back(s);
    // Sum of the unit tensors at every permutation of s.
    Vec<T> v = Vec<T>::Zero(static_cast<Eigen::Index>(D));
    std::vector<int> p = s;
    do {
      std::size_t g = 0, mul = 1;
      for (int k : p) {
        g += static_cast<std::size_t>(k) * mul;
        mul *= static_cast<std::size_t>(N);
      }
      v(static_cast<Eigen::Index>(g)) = 1;
    } while (std::next_permutation(p.begin(), p.end()));
    for (const auto& c : cols) v -= c.dot(v) * c;
    v /= v.norm();
    cols.push_back(v);
  }
  Mat<T> Q(static_cast<Eigen::Index>(D), static_cast<Eigen::Index>(cols.size()));
  for (std::size_t k = 0; k < cols.size(); ++k) Q.col(static_cast<Eigen::Index>(k)) = cols[k];
  return Q;
}

// The factors F at X*, the dense Kronecker Hessian Hd = 2K^(x)l + G^(x)l - B^(x)l, the
// explicit symmetric basis Q, and Hs = Q^T Hd Q symmetrised.
template <class T>
struct ProjectedHessian {
  LiftedHessianFactors<T> F;
  Mat<T> Hd, Q, Hs;
};
template <class T>
ProjectedHessian<T> projected_hessian(const CP<T>& C, int l) {
  ProjectedHessian<T> P{lifted_hessian_factors(C.I.problem, C.cp.X, l), {}, {}, {}};
  const auto& F = P.F;
  P.Hd = 2 * kron_power(F.K, l) + kron_power(F.G, l) - kron_power(F.B, l);
  P.Q = symmetric_basis<T>(F.N(), l);
  P.Hs = P.Q.transpose() * P.Hd * P.Q;
  P.Hs = (P.Hs + P.Hs.transpose()) / T(2);
  return P;
}

template <class T>
T rel_tol_for();
template <>
double rel_tol_for<double>() { return 1e-12; }
template <>
bf50 rel_tol_for<bf50>() { return bf50("1e-40"); }

}  // namespace

using HessianScalars = std::tuple<double, bf50>;

TEMPLATE_LIST_TEST_CASE("matrix-free lifted Hessian equals the dense Kronecker Hessian (n = 3, l <= 5)",
                        "[lifted][hessian]", HessianScalars) {
  using T = TestType;
  CP<T> C("realworld");
  const auto& P = C.I.problem;
  // K, G, B from their definitions, here.
  Mat<T> K = Mat<T>::Zero(3, 3);
  for (const auto& A : P.A()) {
    const Vec<T> Ax = A * C.cp.X.col(0);
    K += Ax * Ax.transpose();
  }
  Mat<T> G = Mat<T>::Zero(3, 3), B = Mat<T>::Zero(3, 3);
  const Mat<T> M = C.cp.X * C.cp.X.transpose();
  for (int i = 0; i < P.m(); ++i) {
    G += (P.A()[static_cast<std::size_t>(i)].cwiseProduct(M)).sum() * P.A()[static_cast<std::size_t>(i)];
    B += P.b()(i) * P.A()[static_cast<std::size_t>(i)];
  }
  for (int l = 1; l <= 5; ++l) {
    const Mat<T> Hd = 2 * kron_power(K, l) + kron_power(G, l) - kron_power(B, l);
    const Mat<T> Hm = matrix_free_full(lifted_hessian_factors(P, C.cp.X, l));
    const T scale = Hd.cwiseAbs().maxCoeff();
    INFO("l = " << l);
    CHECK_THAT(sodlift::test::max_abs_diff(Hm, Hd), WithinAbsT(T(0), rel_tol_for<T>() * scale,
                                                            "issue 21 acceptance: rel 1e-12 / 1e-40"));
    if (l <= 3) {
      // And the definition itself (loop over I, no factorisation), at the critical point.
      const Mat<T> Hdef = definition_hessian(P, C.cp.X, l);
      CHECK_THAT(sodlift::test::max_abs_diff(Hm, Hdef),
                 WithinAbsT(T(0), rel_tol_for<T>() * scale, "definition of Hess h^l"));
    }
  }
}

TEST_CASE("the Hessian formula against finite differences of lifted/'s explicit gradient (bf100)",
          "[lifted][hessian]") {
  using T = bf100;
  // Any point x (the factorisation does not need a critical point): realworld
  // with r = 1 and r = 2 at random points, gaussian n = 2 r = 2.
  struct Case {
    std::string name;
    int r, l;
  };
  for (const Case& cs : {Case{"realworld", 1, 1}, Case{"realworld", 1, 3}, Case{"realworld", 2, 3},
                         Case{"basic", 1, 5}}) {
    INFO(cs.name << " r = " << cs.r << " l = " << cs.l);
    Instance<T> I = sodlift::test::named_instance<T>(cs.name, cs.r);
    const Mat<T> X = sodlift::test::random_matrix<T>(I.problem.n(), cs.r, 11 + cs.l);
    LiftedProblem<T> L(I.problem, cs.r, cs.l);
    const LiftedHessianFactors<T> F = lifted_hessian_factors(I.problem, X, cs.l);
    const DenseTensor<T> a = lift_matrix(X, cs.l);
    const DenseTensor<T> v = sodlift::test::random_tensor<T>(L.N(), cs.l, 7);
    const T eps("1e-30");
    DenseTensor<T> ap = a, am = a;
    axpy(eps, v, ap);
    axpy(-eps, v, am);
    DenseTensor<T> fd = lifted_gradient(L, ap);
    axpy(T(-1), lifted_gradient(L, am), fd);
    for (auto& e : fd.data) e /= 2 * eps;
    const DenseTensor<T> Hv = hessian_apply_full(F, v);
    // Central differences: error O(eps^2 |d^3 h|) = 1e-60 times the scale.
    CHECK_THAT(max_abs_diff(fd, Hv), WithinAbsT(T(0), T("1e-50") * norm(Hv), "FD O(eps^2), eps = 1e-30"));
  }
}

TEST_CASE("sym_kron_power_apply gives the bits of the one-chain recursion it replaced",
          "[lifted][hessian][speed]") {
  // sym_kron_power_apply sums four outputs side by side (hessian_impl.hpp);
  // each output must keep its sum's order k = 0..N-1, hence its bits.
  // Reference: the recursion as it was (one output at a time, M(j, k) read
  // in place), copied here; compared with memcmp for N = 1..7, l = 1..5
  // (every count of outputs mod 4), random M and t.
  std::mt19937_64 eng(17);
  std::normal_distribution<double> N01;
  auto reference = [](const SymIndex& S, const Mat<double>& M, const std::vector<double>& t) {
    const int l = S.order(), N = S.N();
    std::vector<double> X = t, Y;
    for (int s = 0; s < l; ++s) {
      const std::size_t nJ = S.count(s + 1), nK = S.count(l - s - 1), nKold = S.count(l - s);
      Y.assign(nJ * nK, 0.0);
      for (std::size_t Jp = 0; Jp < nJ; ++Jp) {
        const std::size_t J = S.drop_rank(s + 1, Jp);
        const int j = S.drop_elem(s + 1, Jp);
        const double* xrow = X.data() + J * nKold;
        double* yrow = Y.data() + Jp * nK;
        for (std::size_t Kp = 0; Kp < nK; ++Kp) {
          double acc = 0;
          for (int k = 0; k < N; ++k) acc += M(j, k) * xrow[S.insert_rank(l - s - 1, Kp, k)];
          yrow[Kp] = acc;
        }
      }
      std::swap(X, Y);
    }
    return X;
  };
  for (int N = 1; N <= 7; ++N)
    for (int l = 1; l <= 5; ++l) {
      const SymIndex S(N, l);
      Mat<double> M(N, N);
      for (int k = 0; k < M.size(); ++k) M.data()[k] = N01(eng);
      std::vector<double> t(S.dim());
      for (auto& v : t) v = N01(eng);
      const std::vector<double> want = reference(S, M, t), got = sym_kron_power_apply(S, M, t);
      INFO("N = " << N << ", l = " << l);
      REQUIRE(got.size() == want.size());
      CHECK(std::memcmp(got.data(), want.data(), sizeof(double) * got.size()) == 0);
    }
}

TEMPLATE_LIST_TEST_CASE("symmetric-subspace product equals the full product on symmetric tensors",
                        "[lifted][hessian]", HessianScalars) {
  using T = TestType;
  Instance<T> I = sodlift::test::named_instance<T>("realworld");
  for (int r : {1, 2}) {
    // Any point: the product identity does not need a critical point.
    const Mat<T> X = sodlift::test::random_matrix<T>(3, r, 5);
    for (int l : {1, 2, 3, 4, 5}) {
      if (r == 2 && l > 3) continue;
      INFO("r = " << r << " l = " << l);
      const auto F = lifted_hessian_factors(I.problem, X, l);
      const SymIndex S(F.N(), l);
      const std::vector<T> t = [&] {
        NormalStream ns(3);
        std::vector<T> v(S.dim());
        for (auto& e : v) e = T(ns.next());
        return v;
      }();
      const DenseTensor<T> full = hessian_apply_full(F, sym_to_dense(S, t));
      const DenseTensor<T> viaSym = sym_to_dense(S, hessian_apply_sym(S, F, t));
      CHECK_THAT(max_abs_diff(full, viaSym), WithinAbsT(T(0), rel_tol_for<T>() * norm(full)));
      // Weighted inner product = full Frobenius inner product.
      const std::vector<T> w = sym_weights<T>(S);
      T ws = 0;
      for (std::size_t a = 0; a < S.dim(); ++a) ws += w[a] * t[a] * t[a];
      const DenseTensor<T> td = sym_to_dense(S, t);
      CHECK_THAT(ws, WithinAbsT(inner(td, td), rel_tol_for<T>() * ws));
    }
  }
}

TEMPLATE_LIST_TEST_CASE("lambda_min_sym equals the eigenvalue of H on an explicit symmetric basis",
                        "[lifted][hessian]", HessianScalars) {
  using T = TestType;
  for (const std::string name : {"realworld", "basic", "pmc3"}) {
    CP<T> C(name == "pmc3" ? std::string("pmc") : name);
    for (int l : {1, 2, 3, 4}) {
      INFO(name << " l = " << l);
      const ProjectedHessian<T> P = projected_hessian(C, l);
      const auto& [F, Hd, Q, Hs] = P;
      Eigen::SelfAdjointEigenSolver<Mat<T>> es(Hs, Eigen::EigenvaluesOnly);
      const T ref = es.eigenvalues()(0);
      const T scale = es.eigenvalues().cwiseAbs().maxCoeff();
      const LandscapeResult<T> R = lifted_landscape(C.I.problem, C.sod, l);
      CHECK(R.sym_dim == static_cast<std::size_t>(Q.cols()));
      CHECK_THAT(R.lambda_min_sym, WithinAbsT(ref, rel_tol_for<T>() * scale));
      // The Rayleigh quotient along b, by the product and by (29).
      Vec<T> v = Eigen::Map<const Vec<T>>(Mat<T>(C.sod.u_n * C.sod.q_r.transpose()).data(), F.N());
      DenseTensor<T> bt = lift_vector(v, l);
      const Vec<T> bv = Eigen::Map<const Vec<T>>(bt.data.data(), static_cast<Eigen::Index>(bt.size()));
      const T rb = bv.dot(Hd * bv) / bv.squaredNorm();
      CHECK_THAT(R.rayleigh_b, WithinAbsT(rb, rel_tol_for<T>() * scale));
      CHECK_THAT(R.rayleigh_b_printed, WithinAbsT(rb, rel_tol_for<T>() * scale));
      // lambda_min on S from the dense tensors a, b, c (independent of the 3x3 formulas).
      Mat<T> EX = C.sod.E * C.cp.X;
      std::vector<Vec<T>> gen;
      for (const Mat<T>* Mx : {&C.cp.X, &EX}) {
        DenseTensor<T> g = lift_matrix(*Mx, l);
        gen.push_back(Eigen::Map<const Vec<T>>(g.data.data(), static_cast<Eigen::Index>(g.size())));
      }
      gen.insert(gen.begin() + 1, bv);
      Mat<T> Cm(bv.size(), 3);
      for (int k = 0; k < 3; ++k) Cm.col(k) = gen[static_cast<std::size_t>(k)];
      // Orthonormal basis of the span actually there (SVD, drop tiny singular values).
      Eigen::JacobiSVD<Mat<T>> svd(Cm, Eigen::ComputeThinU);
      // At l = 1 on basic (n = 2) there are only 2 singular values: S sits in R^2.
      int rank = 0;
      for (Eigen::Index k = 0; k < svd.singularValues().size(); ++k)
        if (svd.singularValues()(k) > sqrt(epsilon<T>()) * svd.singularValues()(0)) ++rank;
      CHECK(R.S_rank == rank);
      const Mat<T> U = svd.matrixU().leftCols(rank);
      Mat<T> HS = U.transpose() * Hd * U;
      HS = (HS + HS.transpose()) / T(2);
      Eigen::SelfAdjointEigenSolver<Mat<T>> eS(HS, Eigen::EigenvaluesOnly);
      // The 3x3 generalized problem loses digits with cond(Gram); sqrt(eps) relative.
      CHECK_THAT(R.lambda_min_S, WithinAbsT(eS.eigenvalues()(0), sqrt(epsilon<T>()) * scale));
      // The minimising eigenvector's overlaps.
      CHECK(R.cos_min_b <= T(1) + T(1e-10));
      CHECK(R.proj_min_S <= T(1) + T(1e-10));
      CHECK(R.residual_sym <= rel_tol_for<T>() * scale);
    }
  }
}

TEST_CASE("the Lanczos path agrees with the dense path and the full space bounds the symmetric one",
          "[lifted][hessian]") {
  using T = double;
  CP<T> C("realworld");
  for (int l : {5, 7, 9}) {
    INFO("l = " << l);
    LandscapeOptions dense, lanczos;
    dense.full_max_dim = 0;
    lanczos.dense_max_dim = 0;
    lanczos.full_max_dim = 20000;
    const auto Rd = lifted_landscape(C.I.problem, C.sod, l, dense);
    const auto Rl = lifted_landscape(C.I.problem, C.sod, l, lanczos);
    CHECK_THAT(Rl.lambda_min_sym, WithinAbsT(Rd.lambda_min_sym, 1e-10 * Rd.scale));
    if (Rl.full_computed) {
      // The symmetric tensors are a subspace: lambda_min(full) <= lambda_min(sym).
      CHECK(Rl.lambda_min_full <= Rd.lambda_min_sym + 1e-10 * Rd.scale);
    }
  }
}

TEST_CASE("the LDL^T inertia check counts the negative eigenvalues of the projected dense Hessian",
          "[lifted][hessian]") {
  // Reference: the number of negative eigenvalues of Q^T Hd Q, Hd the dense
  // Kronecker Hessian and Q the explicit orthonormal symmetric basis built here.
  // The inertia path runs where Lanczos decides (dense_max_dim = 0 forces it).
  using T = double;
  for (const std::string name : {"realworld", "basic", "pmc3"}) {
    CP<T> C(name == "pmc3" ? std::string("pmc") : name);
    for (int l : {2, 3, 4, 5}) {
      INFO(name << " l = " << l);
      const ProjectedHessian<T> P = projected_hessian(C, l);
      const auto& [F, Hd, Q, Hs] = P;
      Eigen::SelfAdjointEigenSolver<Mat<T>> es(Hs, Eigen::EigenvaluesOnly);
      const double scale = es.eigenvalues().cwiseAbs().maxCoeff();
      int neg = 0, tiny = 0;
      for (Eigen::Index i = 0; i < es.eigenvalues().size(); ++i) {
        if (std::abs(es.eigenvalues()(i)) <= 1e-9 * scale) ++tiny;
        else if (es.eigenvalues()(i) < 0) ++neg;
      }
      LandscapeOptions opt;
      opt.dense_max_dim = 0;
      opt.full_max_dim = 0;
      opt.inertia_max_dim = 10000;
      const auto R = lifted_landscape(C.I.problem, C.sod, l, opt);
      REQUIRE(R.inertia_computed);
      if (tiny == 0) {
        CHECK(R.inertia_negative == neg);
        CHECK(R.inertia_zero == 0);
        CHECK((neg > 0) == R.saddle);
        CHECK(R.inertia_agrees);
      }
      CHECK(R.method_sym.find("LDL^T inertia") != std::string::npos);
      // Off by default: no inertia, and the sign comes from the Rayleigh quotient alone.
      LandscapeOptions off = opt;
      off.inertia_max_dim = 0;
      CHECK_FALSE(lifted_landscape(C.I.problem, C.sod, l, off).inertia_computed);
    }
  }
}
