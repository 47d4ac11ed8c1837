// Dense tensor basics (tensor.hpp).
#pragma once

#include <cmath>
#include <string>

#include "sodlift/lifted/tensor.hpp"
#include "sodlift/support/errors.hpp"

namespace sodlift::lifted {

template <class T>
DenseTensor<T>::DenseTensor(int d, int l) : dim(d), order(l) {
  if (d < 1 || l < 0)
    throw input_error("DenseTensor: need dim >= 1 and order >= 0, got dim " + std::to_string(d) +
                      ", order " + std::to_string(l));
  data.assign(tensor_entries(d, l), T(0));
}

template <class T>
void require_same_shape(const DenseTensor<T>& s, const DenseTensor<T>& t, const char* where) {
  if (s.dim != t.dim || s.order != t.order || s.data.size() != t.data.size())
    throw input_error(std::string(where) + ": tensor shapes differ (dim " + std::to_string(s.dim) +
                      ", order " + std::to_string(s.order) + " vs dim " + std::to_string(t.dim) +
                      ", order " + std::to_string(t.order) + ")");
}

template <class T>
DenseTensor<T> lift_vector(const Vec<T>& v, int order) {
  DenseTensor<T> w(static_cast<int>(v.size()), order);
  // Built mode by mode: w_{l} = w_{l-1} ⊗ v with the new mode slowest.
  std::size_t len = 1;
  w.data[0] = T(1);
  const std::size_t N = static_cast<std::size_t>(v.size());
  for (int p = 0; p < order; ++p) {
    for (std::size_t k = N; k-- > 0;)
      for (std::size_t J = 0; J < len; ++J) w.data[k * len + J] = w.data[J] * v(k);
    len *= N;
  }
  return w;
}

template <class T>
DenseTensor<T> lift_matrix(const Mat<T>& X, int order) {
  Vec<T> v = Eigen::Map<const Vec<T>>(X.data(), X.size());  // column-major vec
  return lift_vector(v, order);
}

template <class T>
T inner(const DenseTensor<T>& s, const DenseTensor<T>& t) {
  require_same_shape(s, t, "inner");
  T acc = 0;
  for (std::size_t i = 0; i < s.data.size(); ++i) acc += s.data[i] * t.data[i];
  return acc;
}

template <class T>
T norm(const DenseTensor<T>& s) {
  using std::sqrt;
  T acc = 0;
  for (const T& x : s.data) acc += x * x;
  return sqrt(acc);
}

template <class T>
void axpy(const T& alpha, const DenseTensor<T>& x, DenseTensor<T>& y) {
  require_same_shape(x, y, "axpy");
  for (std::size_t i = 0; i < x.data.size(); ++i) y.data[i] += alpha * x.data[i];
}

template <class T>
DenseTensor<T> scaled(const T& alpha, const DenseTensor<T>& x) {
  DenseTensor<T> y = x;
  for (T& e : y.data) e *= alpha;
  return y;
}

template <class T>
T max_abs_diff(const DenseTensor<T>& s, const DenseTensor<T>& t) {
  using std::abs;
  require_same_shape(s, t, "max_abs_diff");
  T m = 0;
  for (std::size_t i = 0; i < s.data.size(); ++i) {
    T d = abs(s.data[i] - t.data[i]);
    if (d > m) m = d;
  }
  return m;
}

}  // namespace sodlift::lifted
