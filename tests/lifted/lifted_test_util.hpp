// Shared helpers for the lifted tests (not a test file: no TEST_CASE here).
#pragma once

#include "sodlift/core/instances.hpp"
#include "sodlift/lifted/tensor.hpp"

namespace sodlift::test {

// Deterministic pseudo-random dense tensor (NormalStream, fixed seed).
template <class T>
lifted::DenseTensor<T> random_tensor(int dim, int order, std::uint64_t seed) {
  NormalStream ns(seed);
  lifted::DenseTensor<T> t(dim, order);
  for (T& e : t.data) e = T(ns.next());
  return t;
}

template <class T>
Mat<T> random_matrix(int rows, int cols, std::uint64_t seed) {
  NormalStream ns(seed);
  Mat<T> M(rows, cols);
  for (Eigen::Index k = 0; k < M.size(); ++k) M.data()[k] = T(ns.next());
  return M;
}

template <class T>
Instance<T> named_instance(const std::string& name, int r = 1) {
  InstanceSpec spec;
  spec.name = name;
  spec.r = r;
  return make_instance<T>(spec);
}

}  // namespace sodlift::test
