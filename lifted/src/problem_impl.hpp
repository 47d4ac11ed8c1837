// LiftedProblem: y(s,t) and sum_I R_I K_I t by explicit contraction
// (lifted_problem.hpp documents the three backends).
#pragma once

#include <algorithm>
#include <cmath>
#include <string>

#include "sodlift/core/errors.hpp"
#include "sodlift/lifted/lifted_problem.hpp"
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

// One step of the mode chain: `in` is an order-k tensor whose LAST mode has
// size din (left = size / din); out = M * in^T, i.e. the last mode is
// contracted with M (dout x din) and the new mode of size dout becomes the
// FIRST (fastest) one. After k steps the mode order is the original one.
template <class T>
void cycle_mode_product(const std::vector<T>& in, std::size_t din, const Mat<T>& M,
                        std::vector<T>& out) {
  const std::size_t left = in.size() / din;
  const std::size_t dout = static_cast<std::size_t>(M.rows());
  out.assign(left * dout, T(0));
  Eigen::Map<const Mat<T>> X(in.data(), static_cast<Eigen::Index>(left),
                             static_cast<Eigen::Index>(din));
  Eigen::Map<Mat<T>> Y(out.data(), static_cast<Eigen::Index>(dout),
                       static_cast<Eigen::Index>(left));
  // Chunked along `left`: one product with a huge outer dimension and an
  // inner dimension of N^2 or m defeats Eigen's GEMM blocking (measured 10x
  // slower in double for left = 3^12, din = 9).
  const Eigen::Index chunk = 4096, L = static_cast<Eigen::Index>(left);
  for (Eigen::Index c = 0; c < L; c += chunk) {
    const Eigen::Index w = std::min(chunk, L - c);
    Y.middleCols(c, w).noalias() = M * X.middleRows(c, w).transpose();
  }
}

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
                              " (raise it with --mem-budget, e.g. --mem-budget 8G)");
  }
  const Mat<T> Ir = Mat<T>::Identity(r_, r_);
  Bpair_.resize(m, static_cast<Eigen::Index>(N) * N);
  for (int i = 0; i < m; ++i) {
    Mat<T> Bi = Mat<T>::Zero(N, N);  // I_r ⊗ A_i: block diagonal
    for (int c = 0; c < r_; ++c) Bi.block(c * n_, c * n_, n_, n_) = P.A()[i];
    for (int k = 0; k < N; ++k)
      for (int j = 0; j < N; ++j) Bpair_(i, j + N * k) = Bi(j, k);
    B_.push_back(std::move(Bi));
  }
  const std::size_t NL = tensor_entries(N, l);
  offs_.resize(NL);
  const std::size_t N2 = static_cast<std::size_t>(N) * N;
  for (std::size_t J = 0; J < NL; ++J) {
    std::size_t rem = J, off = 0, scale = 1;
    for (int p = 0; p < l; ++p) {
      off += (rem % N) * scale;
      rem /= N;
      scale *= N2;
    }
    offs_[J] = off;
  }
  Vec<T> b = P.b();
  bl_ = lift_vector(b, l);
}

template <class T>
void LiftedProblem<T>::check_lifted(const DenseTensor<T>& t, const char* what) const {
  if (t.dim != N() || t.order != l_ || t.data.size() != offs_.size())
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
  const std::size_t N = static_cast<std::size_t>(this->N()), NL = s.size(), N2 = N * N;
  // s ⊗ t with mode pairs interleaved: mode p has index j_p + N k_p.
  std::vector<T> cur(NL * NL), nxt;
  for (std::size_t K = 0; K < NL; ++K) {
    const std::size_t oK = N * offs_[K];
    for (std::size_t J = 0; J < NL; ++J) cur[offs_[J] + oK] = s.data[J] * t.data[K];
  }
  for (int p = 0; p < l_; ++p) {
    detail::cycle_mode_product(cur, N2, Bpair_, nxt);
    cur.swap(nxt);
  }
  DenseTensor<T> y;
  y.dim = m();
  y.order = l_;
  y.data = std::move(cur);
  return y;
}

template <class T>
typename LiftedProblem<T>::Operator LiftedProblem<T>::make_operator(const DenseTensor<T>& R) const {
  if (R.dim != m() || R.order != l_)
    throw input_error("lifted apply: R must have dim m = " + std::to_string(m()) + ", order " +
                      std::to_string(l_) + "; got dim " + std::to_string(R.dim) + ", order " +
                      std::to_string(R.order));
  const Mat<T> BpT = Bpair_.transpose();  // N^2 x m: (j + N k, i) = B_i(j, k)
  std::vector<T> cur = R.data, nxt;
  for (int p = 0; p < l_; ++p) {
    detail::cycle_mode_product(cur, static_cast<std::size_t>(m()), BpT, nxt);
    cur.swap(nxt);
  }
  Operator op;
  op.owner = this;
  op.K = std::move(cur);
  return op;
}

template <class T>
DenseTensor<T> LiftedProblem<T>::Operator::operator()(const DenseTensor<T>& t) const {
  owner->check_lifted(t, "lifted operator apply");
  const std::size_t N = static_cast<std::size_t>(owner->N()), NL = t.size();
  const auto& offs = owner->offs_;
  DenseTensor<T> g(owner->N(), owner->order());
  for (std::size_t K = 0; K < NL; ++K) {
    const T tk = t.data[K];
    if (tk == 0) continue;
    const T* col = this->K.data() + N * offs[K];
    for (std::size_t J = 0; J < NL; ++J) g.data[J] += col[offs[J]] * tk;
  }
  return g;
}

template <class T>
DenseTensor<T> LiftedProblem<T>::apply(const DenseTensor<T>& R, const DenseTensor<T>& t,
                                       Backend be) const {
  check_lifted(t, "lifted apply (t)");
  if (R.dim != m() || R.order != l_)
    throw input_error("lifted apply: R must have dim m = " + std::to_string(m()) + ", order " +
                      std::to_string(l_));
  if (be == Backend::naive) return detail::apply_naive(B_, R, t);
  if (be == Backend::xtensor) return detail::apply_xtensor(B_, R, t);
  return make_operator(R)(t);
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
