// S = span{a, b, c}, its Gram matrix and Pi_S (subspace.hpp).
#pragma once

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <limits>

#include "sodlift/lifted/subspace.hpp"
#include "sodlift/support/errors.hpp"

namespace sodlift::lifted {

namespace detail {
// Smallest eigenvalue of the unit-diagonal normalisation of G restricted to `idx`.
template <class T>
Vec<T> unit_gram_eigs(const Mat<T>& G, const std::vector<int>& idx) {
  using std::sqrt;
  const int k = static_cast<int>(idx.size());
  Mat<T> U(k, k);
  for (int p = 0; p < k; ++p)
    for (int q = 0; q < k; ++q)
      U(p, q) = G(idx[p], idx[q]) / sqrt(G(idx[p], idx[p]) * G(idx[q], idx[q]));
  Eigen::SelfAdjointEigenSolver<Mat<T>> es(U, Eigen::EigenvaluesOnly);
  return es.eigenvalues();  // ascending
}
}  // namespace detail

template <class T>
SubspaceBasis<T> make_subspace_basis(const LiftedProblem<T>& L, const Vec<T>& x_a,
                                     const Vec<T>& x_b, const Vec<T>& x_c) {
  const int N = L.N();
  if (x_a.size() != N || x_b.size() != N || x_c.size() != N)
    throw input_error("make_subspace_basis: generating vectors must have length N = n r = " +
                      std::to_string(N));
  SubspaceBasis<T> S;
  S.x_a = x_a;
  S.x_b = x_b;
  S.x_c = x_c;
  S.a = lift_vector(x_a, L.order());
  S.b = lift_vector(x_b, L.order());
  S.c = lift_vector(x_c, L.order());
  const DenseTensor<T>* g[3] = {&S.a, &S.b, &S.c};
  S.gram.resize(3, 3);
  for (int p = 0; p < 3; ++p)
    for (int q = 0; q < 3; ++q) S.gram(p, q) = inner(*g[p], *g[q]);  // dense, no <x,y>^l
  for (int p = 0; p < 3; ++p)
    if (!(S.gram(p, p) > 0))
      throw precondition_error(std::string("make_subspace_basis: generator ") + "abc"[p] +
                               " is the zero tensor (its generating vector vanishes)");
  S.rank_tol = tolerance<T>::bound(1000, 3);
  S.unit_gram_eigenvalues = detail::unit_gram_eigs(S.gram, {0, 1, 2});
  const T emin = S.unit_gram_eigenvalues(0), emax = S.unit_gram_eigenvalues(2);
  S.condition = emin > 0 ? T(emax / emin) : T(std::numeric_limits<T>::infinity());
  if (emin >= S.rank_tol) {
    S.active = {0, 1, 2};
  } else {
    // Convention: drop c if it depends on {a, b}, else drop b.
    const bool ab_independent = detail::unit_gram_eigs(S.gram, {0, 1})(0) >= S.rank_tol;
    if (ab_independent) {
      S.active = {0, 1};
      S.dropped = "c";
    } else {
      const bool ac_independent = detail::unit_gram_eigs(S.gram, {0, 2})(0) >= S.rank_tol;
      S.active = ac_independent ? std::vector<int>{0, 2} : std::vector<int>{0};
      S.dropped = ac_independent ? "b" : "b,c";
    }
  }
  S.rank = static_cast<int>(S.active.size());
  const int k = S.rank;
  S.active_gram.resize(k, k);
  for (int p = 0; p < k; ++p)
    for (int q = 0; q < k; ++q) S.active_gram(p, q) = S.gram(S.active[p], S.active[q]);
  return S;
}

template <class T>
SubspaceBasis<T> make_subspace_basis(const LiftedProblem<T>& L, const SodIngredients<T>& s) {
  const Mat<T>& X = s.Xhat;
  if (X.rows() != L.n() || X.cols() != L.r())
    throw input_error(
        "make_subspace_basis: X̂ is " + std::to_string(X.rows()) + "x" + std::to_string(X.cols()) +
        " but the lifted problem has n=" + std::to_string(L.n()) + ", r=" + std::to_string(L.r()));
  const Mat<T> Ub = s.u_n * s.q_r.transpose();  // u_n q_r^T
  const Mat<T> Uc = s.E * X;                    // E X̂
  Vec<T> xa = Eigen::Map<const Vec<T>>(X.data(), X.size());
  Vec<T> xb = Eigen::Map<const Vec<T>>(Ub.data(), Ub.size());
  Vec<T> xc = Eigen::Map<const Vec<T>>(Uc.data(), Uc.size());
  return make_subspace_basis(L, xa, xb, xc);
}

template <class T>
Vec<T> project_coefficients(const SubspaceBasis<T>& S, const DenseTensor<T>& v) {
  const DenseTensor<T>* g[3] = {&S.a, &S.b, &S.c};
  const int k = S.rank;
  Vec<T> rhs(k);
  for (int p = 0; p < k; ++p) rhs(p) = inner(*g[S.active[p]], v);
  Vec<T> sol = S.active_gram.ldlt().solve(rhs);
  Vec<T> coef = Vec<T>::Zero(3);
  for (int p = 0; p < k; ++p) coef(S.active[p]) = sol(p);
  return coef;
}

template <class T>
DenseTensor<T> combine(const SubspaceBasis<T>& S, const Vec<T>& coef) {
  DenseTensor<T> w(S.a.dim, S.a.order);
  axpy(coef(0), S.a, w);
  axpy(coef(1), S.b, w);
  axpy(coef(2), S.c, w);
  return w;
}

template <class T>
DenseTensor<T> project(const SubspaceBasis<T>& S, const DenseTensor<T>& v) {
  return combine(S, project_coefficients(S, v));
}

}  // namespace sodlift::lifted
