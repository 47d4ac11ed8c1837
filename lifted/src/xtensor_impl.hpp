// xtensor backend of the lifted contractions (lifted_problem.hpp): written
// independently of the Eigen recursion, on strided views and expression
// arithmetic only (ENGINEERING.md pitfall 3). Mode pairs are contracted one at
// a time in the order-2l outer product s ⊗ t (a different contraction order
// from the Eigen backend's, so the two share no intermediate).
#pragma once

#include <xtensor/xadapt.hpp>
#include <xtensor/xarray.hpp>
#include <xtensor/xmanipulation.hpp>
#include <xtensor/xreducer.hpp>
#include <xtensor/xstrided_view.hpp>
#include <xtensor/xview.hpp>

#include "sodlift/lifted/lifted_problem.hpp"

namespace sodlift::lifted::detail {

template <class T>
using XArr = xt::xarray<T, xt::layout_type::column_major>;

template <class T>
XArr<T> xt_from(const std::vector<T>& v) {
  XArr<T> a = XArr<T>::from_shape({v.size()});
  std::copy(v.begin(), v.end(), a.storage().begin());
  return a;
}

template <class T>
DenseTensor<T> measure_xtensor(const std::vector<Mat<T>>& B, const DenseTensor<T>& s,
                               const DenseTensor<T>& t) {
  const std::size_t N = static_cast<std::size_t>(s.dim), NL = s.size();
  const int l = s.order, m = static_cast<int>(B.size());
  XArr<T> Sa = xt_from(s.data), Ta = xt_from(t.data);
  // X(J, K) = s_J t_K, then viewed as (j_1..j_l, k_1..k_l).
  XArr<T> X = xt::view(Sa, xt::all(), xt::newaxis()) * xt::view(Ta, xt::newaxis(), xt::all());
  X.reshape(std::vector<std::size_t>(2 * l, N));
  (void)NL;
  for (int p = 0; p < l; ++p) {
    const int rem = l - p;  // axes: j (rem), k (rem), i (p)
    std::vector<std::size_t> osh;
    for (int q = 0; q < 2 * (rem - 1); ++q) osh.push_back(N);
    for (int q = 0; q <= p; ++q) osh.push_back(static_cast<std::size_t>(m));
    XArr<T> out = XArr<T>::from_shape(osh);
    out.fill(T(0));
    for (int i = 0; i < m; ++i) {
      xt::xstrided_slice_vector so(osh.size() - 1, xt::all());
      so.push_back(i);
      auto ov = xt::strided_view(out, so);
      for (std::size_t j = 0; j < N; ++j)
        for (std::size_t k = 0; k < N; ++k) {
          const T bjk = B[i](static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(k));
          if (bjk == 0) continue;
          xt::xstrided_slice_vector sx;
          sx.push_back(static_cast<std::ptrdiff_t>(j));
          for (int q = 1; q < rem; ++q) sx.push_back(xt::all());
          sx.push_back(static_cast<std::ptrdiff_t>(k));
          for (int q = 1; q < rem + p; ++q) sx.push_back(xt::all());
          ov += bjk * xt::strided_view(X, sx);
        }
    }
    X = std::move(out);
  }
  DenseTensor<T> y(m, l);
  // storage order (column-major); begin() would traverse row-major.
  std::copy(X.storage().begin(), X.storage().end(), y.data.begin());
  return y;
}

template <class T>
DenseTensor<T> apply_xtensor(const std::vector<Mat<T>>& B, const DenseTensor<T>& R,
                             const DenseTensor<T>& t) {
  const std::size_t N = static_cast<std::size_t>(t.dim), NL = t.size();
  const int l = t.order, m = static_cast<int>(B.size());
  XArr<T> X = xt_from(R.data);
  X.reshape(std::vector<std::size_t>(l, static_cast<std::size_t>(m)));
  for (int p = 0; p < l; ++p) {
    // axes: i_p..i_{l-1} (l-p), then p pairs (j, k); i_p is contracted and the
    // pair (j_p, k_p) is appended.
    const int keep = (l - p - 1) + 2 * p;
    std::vector<std::size_t> osh;
    for (int q = 0; q < l - p - 1; ++q) osh.push_back(static_cast<std::size_t>(m));
    for (int q = 0; q < 2 * p + 2; ++q) osh.push_back(N);
    XArr<T> out = XArr<T>::from_shape(osh);
    out.fill(T(0));
    for (std::size_t j = 0; j < N; ++j)
      for (std::size_t k = 0; k < N; ++k) {
        xt::xstrided_slice_vector so(keep, xt::all());
        so.push_back(static_cast<std::ptrdiff_t>(j));
        so.push_back(static_cast<std::ptrdiff_t>(k));
        auto ov = xt::strided_view(out, so);
        for (int i = 0; i < m; ++i) {
          const T bjk = B[i](static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(k));
          if (bjk == 0) continue;
          xt::xstrided_slice_vector sx;
          sx.push_back(i);
          for (int q = 0; q < keep; ++q) sx.push_back(xt::all());
          ov += bjk * xt::strided_view(X, sx);
        }
      }
    X = std::move(out);
  }
  // (j_1, k_1, ..., j_l, k_l) -> (j_1..j_l, k_1..k_l) -> matrix (J, K).
  std::vector<std::size_t> perm;
  for (int p = 0; p < l; ++p) perm.push_back(2 * p);
  for (int p = 0; p < l; ++p) perm.push_back(2 * p + 1);
  XArr<T> Km = xt::transpose(X, perm);
  Km.reshape({NL, NL});
  XArr<T> Ta = xt_from(t.data);
  XArr<T> g = xt::sum(Km * xt::view(Ta, xt::newaxis(), xt::all()), {1});
  DenseTensor<T> out(static_cast<int>(N), l);
  std::copy(g.storage().begin(), g.storage().end(), out.data.begin());
  return out;
}

}  // namespace sodlift::lifted::detail
