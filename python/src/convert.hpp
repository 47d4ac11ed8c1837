// Conversions between Python values and sodlift scalars and matrices, for the
// `sodlift` Python module (python/README.md).
//
//   double  in: numbers, numpy arrays, nested lists;   out: float, numpy float64 arrays
//   bf50,   in: str (decimal, read exactly as the CLI reads it), int, float
//   bf100       (through its shortest repr: 0.3 is the decimal 0.3), mpmath.mpf
//               (its exact binary value, rounded once to the working precision)
//           out: mpmath.mpf holding the EXACT binary value of the result
//               (mpf precision = the scalar's bits: 168 for bf50, 334 for
//               bf100); arrays are numpy arrays of dtype object holding mpf.
// A float is never returned for bf50/bf100.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <limits>
#include <string>
#include <type_traits>
#include <vector>

#include "sodlift/core/scalar.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift/support/parse.hpp"

namespace sodlift::python {

namespace py = pybind11;
using namespace pybind11::literals;

template <class T>
inline constexpr bool is_double_v = std::is_same_v<T, double>;

inline py::module_ mpmath() { return py::module_::import("mpmath"); }
inline py::module_ numpy() { return py::module_::import("numpy"); }

// ------------------------------------------------------------------ scalars in

template <class T>
T scalar_in(py::handle o, const std::string& what) {
  T v;
  if (py::isinstance<py::bool_>(o)) {
    throw input_error(what + ": got a bool; pass a number (str, int, float or mpmath.mpf)");
  } else if (py::isinstance<py::str>(o)) {
    v = from_named_string<T>(o.cast<std::string>(), what);
  } else if (py::hasattr(o, "_mpf_")) {
    // (sign, mantissa, exponent, bitcount): value = (-1)^sign man 2^exp.
    py::tuple t = o.attr("_mpf_");
    const int sign = t[0].cast<int>();
    const std::string man = py::str(t[1]).cast<std::string>();
    const long exp = t[2].cast<long>();
    const long bc = t[3].cast<long>();
    if (man == "0") {
      if (exp != 0 || bc != 0)
        throw input_error(what + ": " + py::str(o).cast<std::string>() + " is not finite; pass a finite number");
      v = T(0);
    } else {
      using std::ldexp;
      v = ldexp(from_string<T>(man), static_cast<int>(exp));
      if (sign) v = -v;
    }
  } else if (py::isinstance<py::float_>(o)) {
    const double d = o.cast<double>();
    if constexpr (is_double_v<T>)
      v = d;
    else
      v = from_named_string<T>(py::repr(o).cast<std::string>(), what);  // "0.3" -> the decimal 0.3
  } else if (py::isinstance<py::int_>(o) || py::hasattr(o, "__index__")) {
    v = from_named_string<T>(py::str(py::reinterpret_borrow<py::object>(o).attr("__index__")()).cast<std::string>(),
                             what);
  } else if (py::hasattr(o, "dtype") && py::hasattr(o, "item")) {  // numpy floating scalar
    return scalar_in<T>(o.attr("item")(), what);
  } else {
    throw input_error(what + ": expected a number (str, int, float or mpmath.mpf), got " +
                      py::str(py::type::handle_of(o).attr("__name__")).cast<std::string>());
  }
  if (!is_finite(v)) throw input_error(what + ": '" + py::str(o).cast<std::string>() + "' is not finite; pass a finite number");
  return v;
}

// Optional scalar: None -> fallback.
template <class T>
T scalar_in_or(py::handle o, const T& fallback, const std::string& what) {
  return o.is_none() ? fallback : scalar_in<T>(o, what);
}

// ------------------------------------------------------------------ scalars out

template <class T>
py::object scalar_out(const T& x) {
  if constexpr (is_double_v<T>) {
    return py::float_(x);
  } else {
    py::module_ mp = mpmath();
    if (!is_finite(x)) return mp.attr("mpf")(decimal_string(x));  // "nan", "inf", "-inf"
    if (x == 0) return mp.attr("mpf")(0);
    // x = m 2^e with m in [1/2, 1); M = m 2^digits is an integer: exact.
    using std::frexp;
    using std::ldexp;
    int e = 0;
    T m = frexp(x, &e);
    constexpr int bits = std::numeric_limits<T>::digits;
    T M = ldexp(m, bits);
    std::string s = M.str(0, std::ios::fixed);
    const auto dot = s.find('.');
    if (dot != std::string::npos) s.resize(dot);
    py::object man = py::module_::import("builtins").attr("int")(s);
    py::object libmp = mp.attr("libmp");
    py::object tup = libmp.attr("from_man_exp")(man, e - bits);
    return mp.attr("mp").attr("make_mpf")(tup);
  }
}

// ------------------------------------------------------------------ matrices

// A matrix from a 2-D array-like (a 1-D one is a column). `what` names the
// argument in errors.
template <class T>
Mat<T> matrix_in(py::handle o, const std::string& what) {
  py::array a;
  try {
    a = numpy().attr("asarray")(o);
  } catch (py::error_already_set& e) {
    throw input_error(what + ": not an array (" + std::string(e.what()) + "); pass a 2-D array or nested lists");
  }
  if (a.ndim() == 1) a = a.attr("reshape")(a.shape(0), 1);
  if (a.ndim() != 2)
    throw input_error(what + ": expected a 2-D array (rows x columns), got " + std::to_string(a.ndim()) +
                      " dimensions");
  const auto rows = static_cast<Eigen::Index>(a.shape(0)), cols = static_cast<Eigen::Index>(a.shape(1));
  if (rows == 0 || cols == 0) throw input_error(what + ": empty array; pass at least one row and column");
  Mat<T> M(rows, cols);
  const char kind = a.dtype().kind();
  if (is_double_v<T> && (kind == 'f' || kind == 'i' || kind == 'u')) {
    auto d = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(a);
    auto r = d.template unchecked<2>();
    for (Eigen::Index i = 0; i < rows; ++i)
      for (Eigen::Index j = 0; j < cols; ++j) {
        M(i, j) = static_cast<T>(r(i, j));
        if (!is_finite(M(i, j)))
          throw input_error(what + ": entry (" + std::to_string(i) + ", " + std::to_string(j) +
                            ") is not finite; pass finite numbers");
      }
    return M;
  }
  if (kind == 'c') throw input_error(what + ": complex entries; sodlift works in real arithmetic");
  py::list L = a.attr("tolist")();
  for (Eigen::Index i = 0; i < rows; ++i) {
    py::list row = L[static_cast<std::size_t>(i)];
    for (Eigen::Index j = 0; j < cols; ++j)
      M(i, j) = scalar_in<T>(py::object(row[static_cast<std::size_t>(j)]),
                             what + " entry (" + std::to_string(i) + ", " + std::to_string(j) + ")");
  }
  return M;
}

template <class T>
py::object matrix_out(const Mat<T>& M) {
  const auto rows = static_cast<py::ssize_t>(M.rows()), cols = static_cast<py::ssize_t>(M.cols());
  if constexpr (is_double_v<T>) {
    py::array_t<double> a({rows, cols});
    auto w = a.template mutable_unchecked<2>();
    for (py::ssize_t i = 0; i < rows; ++i)
      for (py::ssize_t j = 0; j < cols; ++j) w(i, j) = M(i, j);
    return std::move(a);
  } else {
    py::array a = numpy().attr("empty")(py::make_tuple(rows, cols), "dtype"_a = "object");
    for (py::ssize_t i = 0; i < rows; ++i)
      for (py::ssize_t j = 0; j < cols; ++j) a[py::make_tuple(i, j)] = scalar_out<T>(M(i, j));
    return std::move(a);
  }
}

template <class T>
py::object vector_out(const Vec<T>& v) {
  const auto n = static_cast<py::ssize_t>(v.size());
  if constexpr (is_double_v<T>) {
    py::array_t<double> a(n);
    auto w = a.template mutable_unchecked<1>();
    for (py::ssize_t i = 0; i < n; ++i) w(i) = v(i);
    return std::move(a);
  } else {
    py::array a = numpy().attr("empty")(n, "dtype"_a = "object");
    for (py::ssize_t i = 0; i < n; ++i) a[py::int_(i)] = scalar_out<T>(v(i));
    return std::move(a);
  }
}

}  // namespace sodlift::python
