// EntrySamplingLift (entry_sampling_lift.hpp): one pass over the E^l tuples of
// oriented entries for y(w) and for sum_I R_I K_I t.
#pragma once

#include <cmath>
#include <string>

#include "sodlift/lifted/entry_sampling_lift.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift/support/memory.hpp"

namespace sodlift::lifted {

namespace detail {

// Depth-first over modes p = l-1 .. 0 (slowest first). At p == 0 the leaf
// gets the full multi-index I of the measurement, the row index J, the column
// index K and the product of the l weights.
template <class T, class Ent, class Leaf>
void entry_pass(int p, const std::vector<Ent>& ent, const std::vector<std::size_t>& mpow,
                const std::vector<std::size_t>& Npow, std::size_t I, std::size_t J, std::size_t K,
                const T& wt, Leaf& leaf) {
  if (p == 0) {
    for (const Ent& e : ent) leaf(I + e.i, J + e.j, K + e.k, wt * e.wt);
    return;
  }
  const std::size_t mp = mpow[static_cast<std::size_t>(p)];
  const std::size_t Np = Npow[static_cast<std::size_t>(p)];
  for (const Ent& e : ent)
    entry_pass<T>(p - 1, ent, mpow, Npow, I + e.i * mp, J + e.j * Np, K + e.k * Np, T(wt * e.wt),
                  leaf);
}

}  // namespace detail

template <class T>
EntrySamplingLift<T>::EntrySamplingLift(const SensingProblem<T>& P, int r, int l,
                                        std::size_t budget)
    : P_(P), n_(P.n()), r_(r), m_(P.m()), l_(l) {
  if (P.kind() != OperatorKind::entry_sampling)
    throw input_error(
        "EntrySamplingLift: the operator is dense; the O(m^l) lifted gradient needs an "
        "entry-sampling operator (use LiftedProblem for dense operators)");
  if (l < 1) throw input_error("EntrySamplingLift: lifting order l = " + std::to_string(l) +
                               " must be >= 1");
  if (r < 1) throw input_error("EntrySamplingLift: search rank r = " + std::to_string(r) +
                               " must be >= 1");
  const long double NL = std::pow(static_cast<long double>(N()), l);
  const long double ML = std::pow(static_cast<long double>(m_), l);
  require_memory((3 * NL + 3 * ML) * sizeof(T), budget,
                 "the entry-sampling lift (N = " + std::to_string(N()) + ", m = " +
                     std::to_string(m_) + ", l = " + std::to_string(l) + ")",
                 "use a smaller n or l");
  for (std::size_t q = 0; q < P.entries().size(); ++q) {
    const auto& s = P.entries()[q];
    for (int c = 0; c < r; ++c) {
      const std::size_t off = static_cast<std::size_t>(c) * static_cast<std::size_t>(n_);
      const std::size_t j = off + static_cast<std::size_t>(s.i);
      const std::size_t k = off + static_cast<std::size_t>(s.j);
      if (j == k) {
        ent_.push_back({q, j, k, s.w});
      } else {
        const T half = s.w / T(2);
        ent_.push_back({q, j, k, half});
        ent_.push_back({q, k, j, half});
      }
    }
  }
  mpow_.assign(static_cast<std::size_t>(l) + 1, 1);
  Npow_.assign(static_cast<std::size_t>(l) + 1, 1);
  for (int p = 1; p <= l; ++p) {
    mpow_[static_cast<std::size_t>(p)] = mpow_[static_cast<std::size_t>(p) - 1] *
                                         static_cast<std::size_t>(m_);
    Npow_[static_cast<std::size_t>(p)] = Npow_[static_cast<std::size_t>(p) - 1] *
                                         static_cast<std::size_t>(N());
  }
  // b^{⊗l}: entry I = prod_p b_{i_p}.
  bl_ = DenseTensor<T>(m_, l);
  const Vec<T>& b = P.b();
  for (std::size_t I = 0; I < bl_.size(); ++I) {
    std::size_t rest = I;
    T v = 1;
    for (int p = 0; p < l; ++p) {
      v *= b(static_cast<Eigen::Index>(rest % static_cast<std::size_t>(m_)));
      rest /= static_cast<std::size_t>(m_);
    }
    bl_.data[I] = v;
  }
}

template <class T>
long double EntrySamplingLift<T>::pass_iterations() const {
  return std::pow(static_cast<long double>(ent_.size()), l_);
}

template <class T>
void EntrySamplingLift<T>::check_lifted(const DenseTensor<T>& t, const char* what) const {
  if (t.dim != N() || t.order != l_)
    throw input_error(std::string("EntrySamplingLift: ") + what + " has dim " +
                      std::to_string(t.dim) + " and order " + std::to_string(t.order) +
                      ", expected dim N = " + std::to_string(N()) + " and order " +
                      std::to_string(l_));
}

template <class T>
DenseTensor<T> EntrySamplingLift<T>::measure(const DenseTensor<T>& w) const {
  check_lifted(w, "w");
  DenseTensor<T> y(m_, l_);
  T* yd = y.data.data();
  const T* wd = w.data.data();
  auto leaf = [&](std::size_t I, std::size_t J, std::size_t K, const T& wt) {
    yd[I] += wt * wd[J] * wd[K];
  };
  detail::entry_pass<T>(l_ - 1, ent_, mpow_, Npow_, 0, 0, 0, T(1), leaf);
  return y;
}

template <class T>
DenseTensor<T> EntrySamplingLift<T>::apply(const DenseTensor<T>& R, const DenseTensor<T>& t) const {
  check_lifted(t, "t");
  if (R.dim != m_ || R.order != l_)
    throw input_error("EntrySamplingLift: the residual has dim " + std::to_string(R.dim) +
                      " and order " + std::to_string(R.order) + ", expected dim m = " +
                      std::to_string(m_) + " and order " + std::to_string(l_));
  DenseTensor<T> g(N(), l_);
  T* gd = g.data.data();
  const T* td = t.data.data();
  const T* Rd = R.data.data();
  auto leaf = [&](std::size_t I, std::size_t J, std::size_t K, const T& wt) {
    gd[J] += Rd[I] * wt * td[K];
  };
  detail::entry_pass<T>(l_ - 1, ent_, mpow_, Npow_, 0, 0, 0, T(1), leaf);
  return g;
}

template <class T>
ObjectiveGradient<T> EntrySamplingLift<T>::objective_gradient(const DenseTensor<T>& w) const {
  DenseTensor<T> R = measure(w);
  T s = 0;
  for (std::size_t I = 0; I < R.size(); ++I) {
    R.data[I] -= bl_.data[I];
    s += R.data[I] * R.data[I];
  }
  return ObjectiveGradient<T>{T(kObjectiveScale) * s, apply(R, w)};
}

template <class T>
T EntrySamplingLift<T>::objective(const DenseTensor<T>& w) const {
  const DenseTensor<T> y = measure(w);
  T s = 0;
  for (std::size_t I = 0; I < y.size(); ++I) {
    const T d = y.data[I] - bl_.data[I];
    s += d * d;
  }
  return T(kObjectiveScale) * s;
}

}  // namespace sodlift::lifted
