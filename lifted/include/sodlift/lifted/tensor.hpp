// Dense order-l tensors over R^N for the explicit lifting (SPEC §1, §2.2).
//
// Storage is flat and "column-major": entry (j_1, ..., j_l) sits at
// j_1 + N j_2 + N^2 j_3 + ..., the same convention as vec(). The order l is a
// runtime value, so one binary serves every lifting order.
#pragma once

#include <cstddef>
#include <vector>

#include "sodlift/core/scalar.hpp"

namespace sodlift::lifted {

template <class T>
struct DenseTensor {
  int dim = 0;          // N = n r, the size of every mode
  int order = 0;        // l
  std::vector<T> data;  // dim^order entries, first index fastest

  DenseTensor() = default;
  // Zero tensor; throws input_error when dim < 1 or order < 0.
  DenseTensor(int dim, int order);
  std::size_t size() const { return data.size(); }
};

// dim^order as std::size_t; throws memory_budget_error when it overflows.
std::size_t tensor_entries(int dim, int order);

// vec(X)^{⊗l} (column-major vec), the rank-1 lift of a matrix.
template <class T>
DenseTensor<T> lift_matrix(const Mat<T>& X, int order);
// v^{⊗l} for a vector v.
template <class T>
DenseTensor<T> lift_vector(const Vec<T>& v, int order);

// Frobenius inner product <s, t>; throws input_error on mismatched shapes.
template <class T>
T inner(const DenseTensor<T>& s, const DenseTensor<T>& t);
template <class T>
T norm(const DenseTensor<T>& s);  // sqrt(<s, s>)
// y <- y + alpha x
template <class T>
void axpy(const T& alpha, const DenseTensor<T>& x, DenseTensor<T>& y);
// alpha x
template <class T>
DenseTensor<T> scaled(const T& alpha, const DenseTensor<T>& x);
// Largest |entry| of s - t.
template <class T>
T max_abs_diff(const DenseTensor<T>& s, const DenseTensor<T>& t);
// Throws input_error unless s and t have equal dim and order.
template <class T>
void require_same_shape(const DenseTensor<T>& s, const DenseTensor<T>& t, const char* where);

}  // namespace sodlift::lifted
