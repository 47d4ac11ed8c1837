// Definitions for sensing.hpp; included only by the per-scalar inst_*.cpp.
#pragma once

#include <Eigen/Eigenvalues>
#include <cmath>
#include <string>

#include "sodlift/core/errors.hpp"
#include "sodlift/core/sensing.hpp"

namespace sodlift {

namespace detail {
template <class T>
bool all_finite(const Mat<T>& M) {
  for (Eigen::Index j = 0; j < M.cols(); ++j)
    for (Eigen::Index i = 0; i < M.rows(); ++i)
      if (!is_finite(M(i, j))) return false;
  return true;
}
template <class T>
T frob_inner(const Mat<T>& A, const Mat<T>& B) {
  return (A.array() * B.array()).sum();
}
}  // namespace detail

template <class T>
SensingProblem<T>::SensingProblem(std::vector<Mat<T>> A, Mat<T> Z) : A_(std::move(A)), Z_(std::move(Z)) {
  using std::abs;
  if (A_.empty())
    throw input_error("sensing operator is empty (m = 0): give at least one matrix A_i");
  n_ = static_cast<int>(A_[0].rows());
  if (n_ < 1) throw input_error("A_1 has no rows: sensing matrices must be n x n with n >= 1");
  for (std::size_t i = 0; i < A_.size(); ++i) {
    const auto& Ai = A_[i];
    const std::string name = "A_" + std::to_string(i + 1);
    if (Ai.rows() != n_ || Ai.cols() != n_)
      throw input_error(name + " is " + std::to_string(Ai.rows()) + "x" + std::to_string(Ai.cols()) +
                        " but A_1 is " + std::to_string(n_) + "x" + std::to_string(n_) +
                        ": all sensing matrices must be n x n with the same n");
    if (!detail::all_finite(Ai)) throw input_error(name + " contains NaN or Inf");
    const T asym = (Ai - Ai.transpose()).cwiseAbs().maxCoeff();
    const T scale = Ai.cwiseAbs().maxCoeff();
    if (asym > tolerance<T>::bound(4, n_, scale))
      throw input_error(name + " is not symmetric (max |A - A^T| = " + decimal_string(asym) +
                        "): the paper requires symmetric sensing matrices; pass (A + A^T)/2");
    A_[i] = (Ai + Ai.transpose()) / T(2);
  }
  if (Z_.rows() != n_)
    throw input_error("ground truth Z has " + std::to_string(Z_.rows()) + " rows but n = " +
                      std::to_string(n_) + ": Z must be n x r*");
  if (Z_.cols() < 1) throw input_error("ground truth Z has no columns: r* must be >= 1");
  if (!detail::all_finite(Z_)) throw input_error("ground truth Z contains NaN or Inf");
  Mstar_ = Z_ * Z_.transpose();
  b_ = measure(Mstar_);
}

template <class T>
void SensingProblem<T>::check_point(const Mat<T>& X, const char* what) const {
  if (X.rows() != n_)
    throw input_error(std::string(what) + " has " + std::to_string(X.rows()) + " rows but n = " +
                      std::to_string(n_));
  if (X.cols() < 1 || X.cols() > n_)
    throw input_error(std::string(what) + " has " + std::to_string(X.cols()) +
                      " columns: the search rank r must satisfy 1 <= r <= n = " + std::to_string(n_));
  if (!detail::all_finite(X)) throw input_error(std::string(what) + " contains NaN or Inf");
}

template <class T>
Vec<T> SensingProblem<T>::measure(const Mat<T>& M) const {
  Vec<T> y(m());
  for (int i = 0; i < m(); ++i) y(i) = detail::frob_inner(A_[i], M);
  return y;
}

template <class T>
Mat<T> SensingProblem<T>::adjoint(const Vec<T>& y) const {
  Mat<T> R = Mat<T>::Zero(n_, n_);
  for (int i = 0; i < m(); ++i) R += y(i) * A_[i];
  return R;
}

template <class T>
Mat<T> SensingProblem<T>::gram_apply(const Mat<T>& M) const {
  return adjoint(measure(M));
}

template <class T>
T SensingProblem<T>::h(const Mat<T>& X) const {
  Mat<T> M = X * X.transpose();
  Vec<T> res = measure(M) - b_;
  return res.squaredNorm() / T(2);
}

template <class T>
Mat<T> SensingProblem<T>::grad_f(const Mat<T>& M) const {
  Vec<T> res = measure(M) - b_;
  return adjoint(res);
}

template <class T>
Mat<T> SensingProblem<T>::grad_h(const Mat<T>& X) const {
  Mat<T> M = X * X.transpose();
  Mat<T> G = grad_f(M);
  return T(2) * G * X;
}

template <class T>
Mat<T> SensingProblem<T>::hessian_h_apply(const Mat<T>& X, const Mat<T>& D) const {
  Mat<T> M = X * X.transpose();
  Mat<T> G = grad_f(M);
  Mat<T> S = X * D.transpose() + D * X.transpose();
  Mat<T> GS = gram_apply(S);
  return T(2) * G * D + T(2) * GS * X;
}

template <class T>
Mat<T> SensingProblem<T>::hessian_h(const Mat<T>& X) const {
  const int n = n_;
  const int r = static_cast<int>(X.cols());
  const int N = n * r;
  Mat<T> H(N, N);
  Mat<T> D = Mat<T>::Zero(n, r);
  for (int k = 0; k < N; ++k) {
    D.setZero();
    D(k % n, k / n) = T(1);  // vec is column-major
    Mat<T> HD = hessian_h_apply(X, D);
    for (int j = 0; j < N; ++j) H(j, k) = HD(j % n, j / n);
  }
  Mat<T> Hs = (H + H.transpose()) / T(2);
  return Hs;
}

template <class T>
IsometryBound<T> isometry_bound(const SensingProblem<T>& P) {
  using std::sqrt;
  const int n = P.n();
  const int d = n * (n + 1) / 2;
  Mat<T> Phi(P.m(), d);
  const T inv_sqrt2 = T(1) / sqrt(T(2));
  int col = 0;
  for (int j = 0; j < n; ++j) {
    for (int i = j; i < n; ++i, ++col) {
      for (int k = 0; k < P.m(); ++k) {
        const auto& A = P.A()[k];
        Phi(k, col) = (i == j) ? A(i, i) : (A(i, j) + A(j, i)) * inv_sqrt2;
      }
    }
  }
  Mat<T> G = Phi.transpose() * Phi;
  Eigen::SelfAdjointEigenSolver<Mat<T>> es(G, Eigen::EigenvaluesOnly);
  IsometryBound<T> out;
  out.lambda_min = es.eigenvalues()(0);
  out.lambda_max = es.eigenvalues()(d - 1);
  if (out.lambda_min < 0) out.lambda_min = 0;  // round-off below a true zero
  T d1 = T(1) - out.lambda_min, d2 = out.lambda_max - T(1);
  out.delta = d1 > d2 ? d1 : d2;
  return out;
}

}  // namespace sodlift
