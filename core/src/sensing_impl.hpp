// Definitions for sensing.hpp; included only by the per-scalar inst_*.cpp.
#pragma once

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <string>

#include "sodlift/core/sensing.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift/support/lanczos.hpp"
#include "sodlift/support/memory.hpp"

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
struct SensingProblem<T>::DenseCache {
  std::once_flag once;
  std::vector<Mat<T>> A;
};

template <class T>
SensingProblem<T>::SensingProblem(std::vector<Mat<T>> A, Mat<T> Z) : A_(std::move(A)) {
  using std::abs;
  if (A_.empty())
    throw input_error("sensing operator is empty (m = 0): give at least one matrix A_i");
  n_ = static_cast<int>(A_[0].rows());
  m_ = static_cast<int>(A_.size());
  kind_ = OperatorKind::dense;
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
  frob2_ = 0;
  for (const auto& Ai : A_) frob2_ += Ai.squaredNorm();
  set_truth(std::move(Z));
}

template <class T>
SensingProblem<T>::SensingProblem(int n, std::vector<SampledEntry<T>> entries, Mat<T> Z,
                                  std::size_t budget)
    : entries_(std::move(entries)), budget_(budget) {
  if (n < 1) throw input_error("entry-sampling operator needs n >= 1 (got " + std::to_string(n) + ")");
  if (entries_.empty())
    throw input_error("sensing operator is empty (m = 0): give at least one sampled entry");
  n_ = n;
  m_ = static_cast<int>(entries_.size());
  kind_ = OperatorKind::entry_sampling;
  dense_cache_ = std::make_shared<DenseCache>();
  // M* and the work matrices of grad_f are n x n; b is m long.
  require_memory((3.0L * n * n + 2.0L * m_) * sizeof(T), budget_,
                 "entry-sampling instance with n=" + std::to_string(n) + ", m=" + std::to_string(m_));
  for (std::size_t k = 0; k < entries_.size(); ++k) {
    const auto& e = entries_[k];
    const std::string name = "entry " + std::to_string(k + 1);
    if (e.i < 0 || e.i >= n || e.j < 0 || e.j >= n)
      throw input_error(name + " has index (" + std::to_string(e.i) + ", " + std::to_string(e.j) +
                        ") outside 0.." + std::to_string(n - 1) + " (indices are 0-based)");
    if (!is_finite(e.w)) throw input_error(name + " has a weight that is NaN or Inf");
  }
  // ||w (e_i e_j^T + e_j e_i^T)/2||_F^2 = w^2 (i = j) or w^2 / 2.
  frob2_ = 0;
  for (const auto& e : entries_) frob2_ += e.i == e.j ? T(e.w * e.w) : T(e.w * e.w / T(2));
  set_truth(std::move(Z));
}

template <class T>
void SensingProblem<T>::set_truth(Mat<T> Z) {
  Z_ = std::move(Z);
  if (Z_.rows() != n_)
    throw input_error("ground truth Z has " + std::to_string(Z_.rows()) + " rows but n = " +
                      std::to_string(n_) + ": Z must be n x r*");
  if (Z_.cols() < 1) throw input_error("ground truth Z has no columns: r* must be >= 1");
  if (!detail::all_finite(Z_)) throw input_error("ground truth Z contains NaN or Inf");
  Mstar_ = Z_ * Z_.transpose();
  b_ = kind_ == OperatorKind::dense ? measure(Mstar_) : measure_outer(Z_, Z_);
}

template <class T>
long double SensingProblem<T>::dense_bytes() const {
  return static_cast<long double>(m_) * n_ * n_ * sizeof(T);
}

template <class T>
const std::vector<Mat<T>>& SensingProblem<T>::A() const {
  if (kind_ == OperatorKind::dense) return A_;
  if (!dense_cache_) throw std::logic_error("SensingProblem: entry-sampling operator without cache");
  std::call_once(dense_cache_->once, [this] {
    require_memory(dense_bytes(), budget_,
                   "densifying the entry-sampling operator (m=" + std::to_string(m_) +
                       " matrices of " + std::to_string(n_) + "x" + std::to_string(n_) + ")",
                   "only small-n code (the explicit lifting) needs dense A_i");
    std::vector<Mat<T>> A;
    A.reserve(m_);
    for (const auto& e : entries_) {
      Mat<T> Ai = Mat<T>::Zero(n_, n_);
      Ai(e.i, e.j) += e.w / T(2);
      Ai(e.j, e.i) += e.w / T(2);
      A.push_back(std::move(Ai));
    }
    dense_cache_->A = std::move(A);
  });
  return dense_cache_->A;
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
  if (kind_ == OperatorKind::dense) {
    for (int i = 0; i < m(); ++i) y(i) = detail::frob_inner(A_[i], M);
    return y;
  }
  // <A_k, M> = w/2 (M_ij + M_ji): the dense inner product without its zeros.
  for (int k = 0; k < m_; ++k) {
    const auto& e = entries_[k];
    y(k) = e.i == e.j ? T(e.w * M(e.i, e.i)) : T(e.w / T(2) * M(e.i, e.j) + e.w / T(2) * M(e.j, e.i));
  }
  return y;
}

template <class T>
Vec<T> SensingProblem<T>::measure_outer(const Mat<T>& X, const Mat<T>& Y) const {
  if (kind_ == OperatorKind::dense) return measure(X * Y.transpose());
  const int r = static_cast<int>(X.cols());
  Vec<T> y(m_);
  for (int k = 0; k < m_; ++k) {
    const auto& e = entries_[k];
    T xy = 0;
    if (e.i == e.j) {
      for (int c = 0; c < r; ++c) xy += X(e.i, c) * Y(e.i, c);
      y(k) = e.w * xy;
    } else {
      T yx = 0;
      for (int c = 0; c < r; ++c) {
        xy += X(e.i, c) * Y(e.j, c);
        yx += X(e.j, c) * Y(e.i, c);
      }
      y(k) = e.w / T(2) * (xy + yx);
    }
  }
  return y;
}

template <class T>
Mat<T> SensingProblem<T>::adjoint(const Vec<T>& y) const {
  Mat<T> R = Mat<T>::Zero(n_, n_);
  if (kind_ == OperatorKind::dense) {
    for (int i = 0; i < m(); ++i) R += y(i) * A_[i];
    return R;
  }
  for (int k = 0; k < m_; ++k) {
    const auto& e = entries_[k];
    if (e.i == e.j) {
      R(e.i, e.i) += y(k) * e.w;
    } else {
      const T c = y(k) * (e.w / T(2));
      R(e.i, e.j) += c;
      R(e.j, e.i) += c;
    }
  }
  return R;
}

template <class T>
Mat<T> SensingProblem<T>::adjoint_times(const Vec<T>& y, const Mat<T>& X) const {
  if (kind_ == OperatorKind::dense) return adjoint(y) * X;
  const int r = static_cast<int>(X.cols());
  Mat<T> R = Mat<T>::Zero(n_, r);
  for (int k = 0; k < m_; ++k) {
    const auto& e = entries_[k];
    if (e.i == e.j) {
      const T c = y(k) * e.w;
      for (int q = 0; q < r; ++q) R(e.i, q) += c * X(e.i, q);
    } else {
      const T c = y(k) * (e.w / T(2));
      for (int q = 0; q < r; ++q) {
        R(e.i, q) += c * X(e.j, q);
        R(e.j, q) += c * X(e.i, q);
      }
    }
  }
  return R;
}

template <class T>
Mat<T> SensingProblem<T>::gram_apply(const Mat<T>& M) const {
  return adjoint(measure(M));
}

template <class T>
Vec<T> SensingProblem<T>::residual(const Mat<T>& X) const {
  if (kind_ == OperatorKind::dense) {
    Mat<T> M = X * X.transpose();
    return measure(M) - b_;
  }
  return measure_outer(X, X) - b_;
}

template <class T>
T SensingProblem<T>::h(const Mat<T>& X) const {
  Vec<T> res = residual(X);
  return res.squaredNorm() / T(2);
}

template <class T>
Mat<T> SensingProblem<T>::grad_f(const Mat<T>& M) const {
  Vec<T> res = measure(M) - b_;
  return adjoint(res);
}

template <class T>
Mat<T> SensingProblem<T>::grad_h(const Mat<T>& X) const {
  if (kind_ == OperatorKind::entry_sampling) return T(2) * adjoint_times(residual(X), X);
  Mat<T> M = X * X.transpose();
  Mat<T> G = grad_f(M);
  return T(2) * G * X;
}

template <class T>
Mat<T> SensingProblem<T>::hessian_h_apply(const Mat<T>& X, const Mat<T>& D) const {
  if (kind_ == OperatorKind::entry_sampling) return hessian_h_apply(X, residual(X), D);
  Mat<T> M = X * X.transpose();
  Mat<T> G = grad_f(M);
  Mat<T> S = X * D.transpose() + D * X.transpose();
  Mat<T> GS = gram_apply(S);
  return T(2) * G * D + T(2) * GS * X;
}

template <class T>
Mat<T> SensingProblem<T>::hessian_h_apply(const Mat<T>& X, const Vec<T>& res, const Mat<T>& D) const {
  if (kind_ == OperatorKind::dense) {
    Mat<T> G = adjoint(res);
    Mat<T> S = X * D.transpose() + D * X.transpose();
    Mat<T> GS = gram_apply(S);
    return T(2) * G * D + T(2) * GS * X;
  }
  // A(X D^T + D X^T) = 2 A(X D^T) because every A_k is symmetric.
  Vec<T> s = T(2) * measure_outer(X, D);
  return T(2) * adjoint_times(res, D) + T(2) * adjoint_times(s, X);
}

template <class T>
Mat<T> SensingProblem<T>::hessian_h(const Mat<T>& X) const {
  const int n = n_;
  const int r = static_cast<int>(X.cols());
  const int N = n * r;
  require_memory(3.0L * N * N * sizeof(T), budget_,
                 "dense Hessian of h (nr = " + std::to_string(N) + ")",
                 "use the matrix-free certification (certify_point switches to it for large nr)");
  Mat<T> H(N, N);
  Mat<T> D = Mat<T>::Zero(n, r);
  const bool sampled = kind_ == OperatorKind::entry_sampling;
  const Vec<T> res = sampled ? residual(X) : Vec<T>();
  for (int k = 0; k < N; ++k) {
    D.setZero();
    D(k % n, k / n) = T(1);  // vec is column-major
    Mat<T> HD = sampled ? hessian_h_apply(X, res, D) : hessian_h_apply(X, D);
    for (int j = 0; j < N; ++j) H(j, k) = HD(j % n, j / n);
  }
  Mat<T> Hs = (H + H.transpose()) / T(2);
  return Hs;
}

namespace detail {

template <class T>
IsometryBound<T> finish_isometry(T lmin, T lmax, std::string method) {
  IsometryBound<T> out;
  out.lambda_min = lmin < 0 ? T(0) : lmin;  // round-off below a true zero
  out.lambda_max = lmax;
  T d1 = T(1) - out.lambda_min, d2 = out.lambda_max - T(1);
  out.delta = d1 > d2 ? d1 : d2;
  out.method = std::move(method);
  return out;
}

// Largest n(n+1)/2 for the dense eigensolver in the working precision; above
// it the bound is computed in double (a 3e-16-relative bound on a quantity
// that only enters as an RIP constant).
constexpr int kIsometryDenseMaxDim = 300;
// Largest Gram matrix (d x d or m x m) decomposed densely in double.
constexpr int kIsometryDoubleMaxDim = 2500;

}  // namespace detail

template <class T>
IsometryBound<T> isometry_bound(const SensingProblem<T>& P) {
  using std::sqrt;
  const int n = P.n();
  const long long d = static_cast<long long>(n) * (n + 1) / 2;
  const std::string what = "isometry bound: max(1 - lambda_min, lambda_max - 1) of the Gram operator of A on symmetric matrices";
  if (P.kind() == OperatorKind::entry_sampling) {
    // Each A_k touches exactly one element of the orthonormal basis E_jj,
    // (E_jk + E_kj)/sqrt 2 (with coefficient w or w/sqrt 2), so the Gram
    // operator is diagonal: its eigenvalues are, per basis element, the sum
    // of w^2 (diagonal) or w^2/2 (off-diagonal) over the entries touching it,
    // and 0 for elements no entry touches. PMC: {1, eps^2}.
    std::vector<T> diag_w(n, T(0));
    std::vector<std::pair<long long, T>> off;
    off.reserve(P.m());
    for (const auto& e : P.entries()) {
      if (e.i == e.j) {
        diag_w[e.i] += e.w * e.w;
      } else {
        const long long a = e.i < e.j ? e.i : e.j, b = e.i < e.j ? e.j : e.i;
        off.push_back({a * n + b, T(e.w * e.w / T(2))});
      }
    }
    std::sort(off.begin(), off.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    bool first = true;
    T lmin = 0, lmax = 0;
    auto see = [&](const T& v) {
      if (first || v < lmin) lmin = v;
      if (first || v > lmax) lmax = v;
      first = false;
    };
    for (int j = 0; j < n; ++j) see(diag_w[j]);
    long long distinct = 0;
    for (std::size_t k = 0; k < off.size();) {
      T sum = 0;
      const long long key = off[k].first;
      for (; k < off.size() && off[k].first == key; ++k) sum += off[k].second;
      see(sum);
      ++distinct;
    }
    if (distinct < d - n) see(T(0));
    return detail::finish_isometry(lmin, lmax,
                                   what + "; entry sampling: diagonal Gram operator, exact from the weights");
  }
  if (d <= detail::kIsometryDenseMaxDim) {
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
    return detail::finish_isometry(T(es.eigenvalues()(0)), T(es.eigenvalues()(d - 1)),
                                   what + "; dense eigensolver in " + scalar_name<T>::value);
  }
  // Large n: in double. Phi Phi^T = [<A_i, A_j>_F] (m x m) has the nonzero
  // eigenvalues of Phi^T Phi (d x d); when m < d the latter also has 0.
  const int m = P.m();
  const long long k = m < d ? m : d;
  require_memory(static_cast<long double>(m) * n * n * 8.0L + 3.0L * k * k * 8.0L, P.memory_budget(),
                 "isometry bound of a dense operator (n=" + std::to_string(n) + ", m=" + std::to_string(m) + ")");
  std::vector<Eigen::MatrixXd> Ad;
  Ad.reserve(m);
  for (const auto& Ai : P.A()) {
    Eigen::MatrixXd D(n, n);
    for (int c = 0; c < n; ++c)
      for (int r = 0; r < n; ++r) D(r, c) = to_double(Ai(r, c));
    Ad.push_back(std::move(D));
  }
  double lmin = 0, lmax = 0;
  std::string how;
  if (k <= detail::kIsometryDoubleMaxDim) {
    Eigen::MatrixXd G(k, k);
    if (m <= d) {
      for (int i = 0; i < m; ++i)
        for (int j = i; j < m; ++j) G(i, j) = G(j, i) = (Ad[i].array() * Ad[j].array()).sum();
    } else {
      Eigen::MatrixXd Phi(m, d);
      const double s2 = 1.0 / std::sqrt(2.0);
      for (int q = 0; q < m; ++q) {
        long long col = 0;
        for (int j = 0; j < n; ++j)
          for (int i = j; i < n; ++i, ++col) Phi(q, col) = i == j ? Ad[q](i, i) : (Ad[q](i, j) + Ad[q](j, i)) * s2;
      }
      G = Phi.transpose() * Phi;
    }
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(G, Eigen::EigenvaluesOnly);
    lmin = m < d ? 0.0 : es.eigenvalues()(0);
    lmax = es.eigenvalues()(k - 1);
    how = m < d ? "; dense eigensolver in double on the m x m Gram <A_i, A_j> (lambda_min = 0: m < n(n+1)/2)"
                : "; dense eigensolver in double on the n(n+1)/2 x n(n+1)/2 Gram";
  } else {
    // Lanczos in double on y -> A(A*(y)) (m-dimensional, same nonzero spectrum).
    ApplyFn K = [&](const Eigen::VectorXd& y) {
      Eigen::MatrixXd R = Eigen::MatrixXd::Zero(n, n);
      for (int i = 0; i < m; ++i) R += y(i) * Ad[i];
      Eigen::VectorXd out(m);
      for (int i = 0; i < m; ++i) out(i) = (Ad[i].array() * R.array()).sum();
      return out;
    };
    LanczosOptions lo;
    lo.smallest = false;
    const LanczosResult hi = lanczos_extreme(K, m, lo);
    lmax = hi.value + hi.residual;  // an eigenvalue lies within the residual: stay on the safe side
    if (m < d) {
      how = "; Lanczos in double on A A* (lambda_max + residual " + decimal_string(hi.residual) +
            "; lambda_min = 0: m < n(n+1)/2)";
    } else {
      lo.smallest = true;
      const LanczosResult lo_r = lanczos_extreme(K, m, lo);
      lmin = lo_r.value - lo_r.residual;
      how = "; Lanczos in double on A A* (Ritz values widened by their residuals " + decimal_string(hi.residual) +
            ", " + decimal_string(lo_r.residual) + ")";
    }
  }
  return detail::finish_isometry(T(lmin), T(lmax), what + how);
}

}  // namespace sodlift
