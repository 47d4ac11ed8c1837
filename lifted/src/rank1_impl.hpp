// SS-HOPM best symmetric rank-1 approximation (rank1.hpp).
#pragma once

#include <Eigen/Eigenvalues>
#include <cmath>

#include "sodlift/lifted/rank1.hpp"
#include "sodlift/support/errors.hpp"
#include "tensor_impl.hpp"

namespace sodlift::lifted {

template <class T>
Vec<T> contract_all_but_one(const DenseTensor<T>& w, const Vec<T>& v) {
  const Eigen::Index N = w.dim;
  std::vector<T> cur = w.data, nxt;
  for (int p = w.order; p > 1; --p) {  // the slowest mode is contracted first
    const Eigen::Index left = static_cast<Eigen::Index>(cur.size()) / N;
    nxt.assign(static_cast<std::size_t>(left), T(0));
    Eigen::Map<const Mat<T>> M(cur.data(), left, N);
    Eigen::Map<Vec<T>> out(nxt.data(), left);
    out.noalias() = M * v;
    cur.swap(nxt);
  }
  if (w.order == 0) throw input_error("contract_all_but_one: order-0 tensor");
  return Eigen::Map<Vec<T>>(cur.data(), N);
}

namespace detail {

template <class T>
void require_symmetric(const DenseTensor<T>& w) {
  using std::abs;
  const std::size_t N = static_cast<std::size_t>(w.dim), NL = w.size();
  const int l = w.order;
  if (l < 2) return;
  T scale = 0;
  for (const T& x : w.data)
    if (abs(x) > scale) scale = abs(x);
  const T tol = tolerance<T>::bound(1000, l, scale);
  std::size_t Nl1 = NL / N;
  for (std::size_t J = 0; J < NL; ++J) {
    // cyclic shift (j1, J') -> (J', j1) and the swap of the first two modes
    // generate the symmetric group.
    const std::size_t j1 = J % N, rest = J / N;
    const std::size_t cyc = rest + Nl1 * j1;
    const std::size_t j2 = rest % N, rest2 = rest / N;
    const std::size_t swp = j2 + N * (j1 + N * rest2);
    if (abs(w.data[J] - w.data[cyc]) > tol || abs(w.data[J] - w.data[swp]) > tol)
      throw input_error("best_rank1: the tensor is not symmetric (entry " + std::to_string(J) +
                        " differs from its mode permutation by more than " + decimal_string(tol) +
                        "); SS-HOPM needs a symmetric tensor");
  }
}

}  // namespace detail

template <class T>
Rank1Result<T> best_rank1(const DenseTensor<T>& w, int n, int r,
                          const std::vector<std::pair<std::string, Vec<T>>>& starts, int max_iter) {
  using std::abs;
  using std::pow;
  using std::sqrt;
  if (n < 1 || r < 1 || n * r != w.dim)
    throw input_error("best_rank1: n*r = " + std::to_string(n * r) +
                      " must equal the tensor's mode size " + std::to_string(w.dim));
  if (w.order < 1 || w.order % 2 == 0)
    throw input_error("best_rank1: the order must be odd (got " + std::to_string(w.order) +
                      "): the collapse sign(lambda)|lambda|^{1/l} needs odd l");
  detail::require_symmetric(w);
  const int N = w.dim, l = w.order;
  const T wnorm = norm(w);
  if (!(wnorm > 0)) throw input_error("best_rank1: the zero tensor has no rank-1 direction");

  std::vector<std::pair<std::string, Vec<T>>> all = starts;
  for (auto& s : all)
    if (s.second.size() != N)
      throw input_error("best_rank1: start '" + s.first + "' has length " +
                        std::to_string(s.second.size()) + ", expected " + std::to_string(N));
  {  // HOSVD start: dominant left singular vector of the mode-1 unfolding
    Eigen::Map<const Mat<T>> W(w.data.data(), N, static_cast<Eigen::Index>(w.size() / N));
    Mat<T> WWt = W * W.transpose();
    Eigen::SelfAdjointEigenSolver<Mat<T>> es(WWt);
    all.emplace_back("hosvd", es.eigenvectors().col(N - 1));
  }
  for (int k = 0; k < N; ++k) all.emplace_back("e_" + std::to_string(k + 1), Vec<T>::Unit(N, k));

  const T alpha_safe = T(l - 1) * wnorm;  // convexifying shift (Kolda-Mayo)
  const T step_tol = tolerance<T>::bound(100, N);
  Rank1Result<T> best;
  bool have = false;
  for (auto& [name, v0] : all) {
    Rank1Start<T> rec;
    rec.name = name;
    if (!(v0.norm() > 0)) {
      rec.lambda = 0;
      rec.residual = 1;
      best.starts.push_back(rec);
      continue;
    }
    Vec<T> v = v0 / v0.norm();
    Vec<T> g = contract_all_but_one(w, v);
    T lam = v.dot(g);
    if (lam < 0) {  // odd l: flip to lambda >= 0
      v = -v;
      g = -g;  // g is even in v (l-1 even)... recomputed below to be safe
      g = contract_all_but_one(w, v);
      lam = -lam;
    }
    int it = 0;
    bool conv = false;
    for (; it < max_iter; ++it) {
      Vec<T> cand = g;
      T cn = cand.norm();
      Vec<T> vn;
      Vec<T> gn;
      T ln = -1;
      if (cn > 0) {
        vn = cand / cn;
        gn = contract_all_but_one(w, vn);
        ln = vn.dot(gn);
      }
      if (!(cn > 0) || ln < lam) {  // unshifted step did not ascend: safe shift
        cand = g + alpha_safe * v;
        vn = cand / cand.norm();
        gn = contract_all_but_one(w, vn);
        ln = vn.dot(gn);
      }
      const T step = (vn - v).norm();
      v = vn;
      g = gn;
      lam = ln;
      if (step <= step_tol) {
        conv = true;
        ++it;
        break;
      }
    }
    DenseTensor<T> res = lift_vector(v, l);
    for (T& e : res.data) e *= -lam;
    axpy(T(1), w, res);
    rec.lambda = lam;
    rec.residual = norm(res) / wnorm;
    rec.iterations = it;
    rec.converged = conv;
    best.starts.push_back(rec);
    if (!have || lam > best.lambda) {
      have = true;
      best.lambda = lam;
      best.v = v;
      best.residual = rec.residual;
      best.start = name;
    }
  }
  const T sgn = best.lambda < 0 ? T(-1) : T(1);
  const T scale = sgn * pow(abs(best.lambda), T(1) / T(l));
  Vec<T> xv = scale * best.v;
  best.X = Eigen::Map<const Mat<T>>(xv.data(), n, r);
  return best;
}

}  // namespace sodlift::lifted
