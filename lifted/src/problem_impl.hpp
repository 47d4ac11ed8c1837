// LiftedProblem: y(s,t) and sum_I R_I K_I t by explicit contraction
// (lifted_problem.hpp documents the three backends).
#pragma once

#include <algorithm>
#include <cmath>
#include <string>

#include "sodlift/lifted/lifted_problem.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift/support/memory.hpp"
#include "tensor_impl.hpp"

namespace sodlift::lifted {

namespace detail {

// xtensor backend (xtensor_impl.hpp).
template <class T>
DenseTensor<T> measure_xtensor(const std::vector<Mat<T>>& B, const DenseTensor<T>& s,
                               const DenseTensor<T>& t);
template <class T>
DenseTensor<T> apply_xtensor(const std::vector<Mat<T>>& B, const DenseTensor<T>& R,
                             const DenseTensor<T>& t);

// Eigen backend: the Kronecker recursion (lifted_problem.hpp). A tensor of
// order k (flat index J = sum_p j_p N^p, mode 0 fastest) is the column-major
// N^{k-1} x N matrix whose column is the slowest mode. A "pair matrix" G of
// order k is N^k x N^k with G(J, K); its block (j, k) of size N^{k-1} is the
// pair matrix of order k-1 at slowest indices (j_{k-1}, k_{k-1}) = (j, k).

// N^k as an Eigen index.
inline Eigen::Index ipow(int N, int k) {
  Eigen::Index p = 1;
  for (int i = 0; i < k; ++i) p *= N;
  return p;
}

// The two recursions of the Eigen backend. Children of a node of order k are
// kept as the columns of one matrix Cs (D'^2 x m, D' = N^{k-1}): child i is
// the column-major D' x D' matrix in column i. With X_{k,c} the D' x N view of
// column k D' + c of the parent (rows r, columns j: entries (j D' + r, k D' + c)),
//   measure:  rows c D'..c D'+D'-1 of Cs  = sum_k X_{k,c} Bcol_k,
//   operator: X_{k,c} of the parent        = (rows c D'.. of Cs) Bcol_k^T,
// where Bcol_k (N x m) has entries (j, i) = B_i(j, k). Each is a product of a
// D' x N (resp. D' x m) panel with a small matrix: the parent and the
// children are each traversed once per level.
template <class T>
class KronRecursion {
 public:
  explicit KronRecursion(const std::vector<Mat<T>>& B, int l)
      : m_(static_cast<Eigen::Index>(B.size())), N_(B[0].rows()), cs_(static_cast<std::size_t>(l)) {
    Bflat_.resize(m_, N_ * N_);
    for (Eigen::Index i = 0; i < m_; ++i)
      for (Eigen::Index k = 0; k < N_; ++k)
        for (Eigen::Index j = 0; j < N_; ++j) Bflat_(i, j + N_ * k) = B[i](j, k);
    for (Eigen::Index k = 0; k < N_; ++k) {
      Mat<T> bc(N_, m_);
      for (Eigen::Index i = 0; i < m_; ++i) bc.col(i) = B[i].col(k);
      BcolT_.push_back(bc.transpose());
      Bcol_.push_back(std::move(bc));
    }
  }

  // y[q m^k + I] = <G, K_I> for every I of length k >= 1; G is the order-k
  // pair matrix (N^k x N^k, column-major) at g.
  void measure(const T* g, int k, std::size_t q, T* y) {
    const std::size_t m = static_cast<std::size_t>(m_);
    if (k == 1) {
      Eigen::Map<Vec<T>>(y + q * m, m_).noalias() =
          Bflat_ * Eigen::Map<const Vec<T>>(g, N_ * N_);
      return;
    }
    const Eigen::Index D = ipow(static_cast<int>(N_), k - 1), DN = D * N_;
    Mat<T>& Cs = cs_[static_cast<std::size_t>(k - 1)];
    Cs.resize(D * D, m_);
    for (Eigen::Index c = 0; c < D; ++c) {
      auto out = Cs.middleRows(c * D, D);
      for (Eigen::Index kk = 0; kk < N_; ++kk) {
        Eigen::Map<const Mat<T>> X(g + (kk * D + c) * DN, D, N_);
        if (kk == 0)
          product(X, Bcol_[0], out, false);
        else
          product(X, Bcol_[kk], out, true);
      }
    }
    for (std::size_t i = 0; i < m; ++i) measure(Cs.col(i).data(), k - 1, q * m + i, y);
  }

  // P = sum_{I of length k} R[q m^k + I] K_I into p (N^k x N^k, column-major).
  void build(const T* R, int k, std::size_t q, T* p) {
    const std::size_t m = static_cast<std::size_t>(m_);
    if (k == 1) {
      Eigen::Map<Vec<T>>(p, N_ * N_).noalias() =
          Bflat_.transpose() * Eigen::Map<const Vec<T>>(R + q * m, m_);
      return;
    }
    const Eigen::Index D = ipow(static_cast<int>(N_), k - 1), DN = D * N_;
    Mat<T>& Cs = cs_[static_cast<std::size_t>(k - 1)];
    Cs.resize(D * D, m_);
    for (std::size_t i = 0; i < m; ++i) build(R, k - 1, q * m + i, Cs.col(i).data());
    for (Eigen::Index c = 0; c < D; ++c) {
      const auto in = Cs.middleRows(c * D, D);
      for (Eigen::Index kk = 0; kk < N_; ++kk) {
        Eigen::Map<Mat<T>> X(p + (kk * D + c) * DN, D, N_);
        product(in, BcolT_[kk], X, false);
      }
    }
  }

 private:
  // out (+)= a * b. Eigen's GEMM (packing + blocked kernel) pays off only for
  // an inner dimension >= 4 and >= 16 rows; below that the coefficient-based
  // lazy product is faster (double, measured with /tmp-style drivers on
  // (2,3,13): 0.55 s lazy vs 0.74 s GEMM; (5,25,5): 0.38 s GEMM vs 0.46 s lazy).
  template <class A, class Bm, class O>
  static void product(const A& a, const Bm& b, O&& out, bool add) {
    if (a.rows() < 16 || a.cols() < 4) {
      if (add)
        out.noalias() += a.lazyProduct(b);
      else
        out.noalias() = a.lazyProduct(b);
    } else {
      if (add)
        out.noalias() += a * b;
      else
        out.noalias() = a * b;
    }
  }

  Eigen::Index m_, N_;
  Mat<T> Bflat_;                    // m x N^2: (i, j + N k) = B_i(j, k)
  std::vector<Mat<T>> Bcol_, BcolT_;  // Bcol_[k]: N x m, (j, i) = B_i(j, k)
  std::vector<Mat<T>> cs_;          // children per level
};

// Naive oracle guard: m^l N^{2l} multiply-chains.
inline void naive_guard(int N, int m, int l) {
  long double work =
      std::pow(static_cast<long double>(m), l) * std::pow(static_cast<long double>(N), 2 * l);
  if (work > 1e8L)
    throw input_error("naive lifted backend is a test oracle: m^l N^{2l} = " +
                      std::to_string(static_cast<double>(work)) + " > 1e8; use the eigen backend");
}

// Digits of a flat index in base `base`.
inline void digits_of(std::size_t idx, int base, int l, std::vector<int>& d) {
  d.resize(l);
  for (int p = 0; p < l; ++p) {
    d[p] = static_cast<int>(idx % base);
    idx /= base;
  }
}

template <class T>
DenseTensor<T> measure_naive(const std::vector<Mat<T>>& B, const DenseTensor<T>& s,
                             const DenseTensor<T>& t) {
  const int N = s.dim, l = s.order, m = static_cast<int>(B.size());
  naive_guard(N, m, l);
  DenseTensor<T> y(m, l);
  std::vector<int> I, J, K;
  for (std::size_t iI = 0; iI < y.size(); ++iI) {
    digits_of(iI, m, l, I);
    T acc = 0;
    for (std::size_t iJ = 0; iJ < s.size(); ++iJ) {
      digits_of(iJ, N, l, J);
      for (std::size_t iK = 0; iK < t.size(); ++iK) {
        digits_of(iK, N, l, K);
        T prod = s.data[iJ] * t.data[iK];
        for (int p = 0; p < l; ++p) prod *= B[I[p]](J[p], K[p]);
        acc += prod;
      }
    }
    y.data[iI] = acc;
  }
  return y;
}

template <class T>
DenseTensor<T> apply_naive(const std::vector<Mat<T>>& B, const DenseTensor<T>& R,
                           const DenseTensor<T>& t) {
  const int N = t.dim, l = t.order, m = static_cast<int>(B.size());
  naive_guard(N, m, l);
  DenseTensor<T> g(N, l);
  std::vector<int> I, J, K;
  for (std::size_t iJ = 0; iJ < g.size(); ++iJ) {
    digits_of(iJ, N, l, J);
    T acc = 0;
    for (std::size_t iI = 0; iI < R.size(); ++iI) {
      digits_of(iI, m, l, I);
      for (std::size_t iK = 0; iK < t.size(); ++iK) {
        digits_of(iK, N, l, K);
        T prod = R.data[iI] * t.data[iK];
        for (int p = 0; p < l; ++p) prod *= B[I[p]](J[p], K[p]);
        acc += prod;
      }
    }
    g.data[iJ] = acc;
  }
  return g;
}

}  // namespace detail

template <class T>
LiftedProblem<T>::LiftedProblem(const SensingProblem<T>& P, int r, int l, std::size_t budget)
    : P_(P), n_(P.n()), r_(r), l_(l) {
  if (r < 1) throw input_error("lifted: search rank r must be >= 1, got " + std::to_string(r));
  if (l < 1 || l > 15 || l % 2 == 0)
    throw input_error("lifted: order l must be odd and in 1..15, got " + std::to_string(l) +
                      (l % 2 == 0
                           ? " (even l is refused: then vec(X)^{(x)l} = vec(-X)^{(x)l} and a "
                             "negative multiple of x^{(x)l} has no real l-th root, so the "
                             "collapse sign(lambda)|lambda|^{1/l} of the paper needs odd l; "
                             "use l = " +
                                 std::to_string(l + 1) + ")"
                           : ""));
  budget_ = budget ? budget : default_memory_budget();
  const int N = n_ * r_;
  const int m = P.m();
  bytes_ = lifted_bytes_estimate(N, m, l, sizeof(T));
  if (bytes_ > static_cast<long double>(budget_)) {
    int best = -1;
    for (int k = 1; k <= 15; k += 2)
      if (lifted_bytes_estimate(N, m, k, sizeof(T)) <= static_cast<long double>(budget_)) best = k;
    throw memory_budget_error("lifted: n=" + std::to_string(n_) + ", r=" + std::to_string(r_) +
                              ", m=" + std::to_string(m) + ", l=" + std::to_string(l) +
                              " needs about " + format_bytes(bytes_) + " in " +
                              scalar_name<T>::value + " but the budget is " +
                              format_bytes(budget_) + "; " +
                              (best > 0 ? "the largest odd l that fits is " + std::to_string(best)
                                        : std::string("no odd l fits")) +
                              "; or " + raise_budget_hint(bytes_));
  }
  for (int i = 0; i < m; ++i) {
    Mat<T> Bi = Mat<T>::Zero(N, N);  // I_r ⊗ A_i: block diagonal
    for (int c = 0; c < r_; ++c) Bi.block(c * n_, c * n_, n_, n_) = P.A()[i];
    B_.push_back(std::move(Bi));
  }
  Vec<T> b = P.b();
  bl_ = lift_vector(b, l);
}

template <class T>
void LiftedProblem<T>::check_lifted(const DenseTensor<T>& t, const char* what) const {
  if (t.dim != N() || t.order != l_ || t.data.size() != tensor_entries(N(), l_))
    throw input_error(std::string(what) + ": tensor has dim " + std::to_string(t.dim) + ", order " +
                      std::to_string(t.order) + " but the lifted problem needs dim N = n r = " +
                      std::to_string(N()) + ", order l = " + std::to_string(l_));
}

template <class T>
DenseTensor<T> LiftedProblem<T>::measure(const DenseTensor<T>& s, const DenseTensor<T>& t,
                                         Backend be) const {
  check_lifted(s, "lifted measure (s)");
  check_lifted(t, "lifted measure (t)");
  if (be == Backend::naive) return detail::measure_naive(B_, s, t);
  if (be == Backend::xtensor) return detail::measure_xtensor(B_, s, t);
  // Top pair: G_i(J', K') = sum_{j,k} B_i(j,k) s(J', j) t(K', k) = (S B_i T^T),
  // with S, T the N^{l-1} x N views of s, t; no N^{2l} tensor is formed.
  const int N = this->N();
  const Eigen::Index D = detail::ipow(N, l_ - 1);
  Eigen::Map<const Mat<T>> S(s.data.data(), D, N), Tm(t.data.data(), D, N);
  DenseTensor<T> y(m(), l_);
  detail::KronRecursion<T> rec(B_, l_);
  Mat<T> G, SB;
  for (int i = 0; i < m(); ++i) {
    SB.noalias() = S * B_[i];
    G.noalias() = SB * Tm.transpose();
    if (l_ == 1)
      y.data[i] = G(0, 0);
    else
      rec.measure(G.data(), l_ - 1, static_cast<std::size_t>(i), y.data.data());
  }
  return y;
}

template <class T>
void LiftedProblem<T>::check_residual(const DenseTensor<T>& R) const {
  if (R.dim != m() || R.order != l_)
    throw input_error("lifted apply: R must have dim m = " + std::to_string(m()) + ", order " +
                      std::to_string(l_) + "; got dim " + std::to_string(R.dim) + ", order " +
                      std::to_string(R.order));
}

template <class T>
std::vector<DenseTensor<T>> LiftedProblem<T>::apply_many(
    const DenseTensor<T>& R, const std::vector<const DenseTensor<T>*>& ts, Backend be) const {
  check_residual(R);
  for (const DenseTensor<T>* t : ts) check_lifted(*t, "lifted apply (t)");
  std::vector<DenseTensor<T>> out;
  if (be != Backend::eigen) {
    for (const DenseTensor<T>* t : ts)
      out.push_back(be == Backend::naive ? detail::apply_naive(B_, R, *t)
                                         : detail::apply_xtensor(B_, R, *t));
    return out;
  }
  // (K_I t) as N^{l-1} x N: (B_{i_{l-1}} ⊗ K_{I'}) t = K_{I'} T B_{i_{l-1}}^T, so
  // sum_I R_I K_I t = sum_i P_i T B_i^T with P_i = sum_{I'} R_{(i, I')} K_{I'}.
  // Each P_i is built once and applied to every t, then overwritten.
  const int N = this->N();
  const Eigen::Index D = detail::ipow(N, l_ - 1);
  for (std::size_t k = 0; k < ts.size(); ++k) out.emplace_back(N, l_);
  detail::KronRecursion<T> rec(B_, l_);
  Mat<T> P(D, D), PT;
  for (int i = 0; i < m(); ++i) {
    if (l_ == 1)
      P = Mat<T>::Constant(1, 1, R.data[i]);
    else
      rec.build(R.data.data(), l_ - 1, static_cast<std::size_t>(i), P.data());
    for (std::size_t k = 0; k < ts.size(); ++k) {
      Eigen::Map<const Mat<T>> Tm(ts[k]->data.data(), D, N);
      Eigen::Map<Mat<T>> Gm(out[k].data.data(), D, N);
      PT.noalias() = P * Tm;
      Gm.noalias() += PT * B_[i].transpose();
    }
  }
  return out;
}

template <class T>
DenseTensor<T> LiftedProblem<T>::apply(const DenseTensor<T>& R, const DenseTensor<T>& t,
                                       Backend be) const {
  return std::move(apply_many(R, {&t}, be).front());
}

template <class T>
ObjectiveGradient<T> lifted_objective_gradient(const LiftedProblem<T>& L, const DenseTensor<T>& w,
                                               Backend be) {
  DenseTensor<T> res = L.measure(w, w, be);
  axpy(T(-1), L.b_lifted(), res);
  const T nr = norm(res);
  ObjectiveGradient<T> out{T(kObjectiveScale) * nr * nr, L.apply(res, w, be)};
  return out;
}

template <class T>
T lifted_objective(const LiftedProblem<T>& L, const DenseTensor<T>& w, Backend be) {
  DenseTensor<T> res = L.measure(w, w, be);
  axpy(T(-1), L.b_lifted(), res);
  const T nr = norm(res);
  return T(kObjectiveScale) * nr * nr;
}

template <class T>
DenseTensor<T> lifted_gradient(const LiftedProblem<T>& L, const DenseTensor<T>& w, Backend be) {
  return lifted_objective_gradient(L, w, be).grad;
}

}  // namespace sodlift::lifted
