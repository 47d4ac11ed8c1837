// Scalar facts for every type sodlift computes in (SPEC §2): names, epsilon,
// full-digit decimal I/O, named round-off bounds and correct-digit scoring.
#pragma once

#include <boost/multiprecision/cpp_bin_float.hpp>
#include <boost/multiprecision/float128.hpp>
// Boost 1.81's Eigen glue: NumTraits with dummy_precision = 1000 eps
// (ENGINEERING.md pitfall 1). Never use NumTraits<T>::lowest() for Boost types.
#include <boost/multiprecision/eigen.hpp>
#include <Eigen/Core>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <string>
#include <type_traits>

#include "sodlift/support/errors.hpp"
#include "sodlift/support/parse.hpp"

namespace sodlift {

namespace mp = boost::multiprecision;
using f128 = mp::float128;
// et_off: expression templates off so `auto` and Eigen never hold expressions
// (ENGINEERING.md pitfall 4).
using bf50 = mp::number<mp::cpp_bin_float<50>, mp::et_off>;
using bf100 = mp::number<mp::cpp_bin_float<100>, mp::et_off>;

template <class T>
using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T>
using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;

// Expands M once per supported scalar; used for explicit instantiation
// (one TU per scalar keeps compile time down, pitfall 9).
#define SODLIFT_FOR_EACH_SCALAR(M) \
  M(double)                        \
  M(long double)                   \
  M(::sodlift::f128)               \
  M(::sodlift::bf50)               \
  M(::sodlift::bf100)

template <class T>
struct scalar_name;
template <>
struct scalar_name<double> {
  static constexpr const char* value = "double";
};
template <>
struct scalar_name<long double> {
  static constexpr const char* value = "long-double";
};
template <>
struct scalar_name<f128> {
  static constexpr const char* value = "float128";
};
template <>
struct scalar_name<bf50> {
  static constexpr const char* value = "bf50";
};
template <>
struct scalar_name<bf100> {
  static constexpr const char* value = "bf100";
};

template <class T>
inline T epsilon() {
  return std::numeric_limits<T>::epsilon();
}

// Decimal digits the type carries (floor(digits*log10(2))).
template <class T>
inline int digits10() {
  return std::numeric_limits<T>::digits10;
}

template <class T>
inline double to_double(const T& x) {
  return static_cast<double>(x);
}

// All digits needed to round-trip, in scientific notation (pitfall 6/7:
// never through fmt or JSON doubles).
template <class T>
std::string decimal_string(const T& x) {
  if constexpr (std::is_floating_point_v<T>) {
    std::ostringstream os;
    os.precision(std::numeric_limits<T>::max_digits10);
    os << std::scientific << x;
    return os.str();
  } else {
    return x.str(std::numeric_limits<T>::max_digits10, std::ios::scientific);
  }
}

template <class T>
inline bool is_finite(const T& x) {
  using std::isfinite;
  using boost::multiprecision::isfinite;
  return isfinite(x);
}

// Named round-off bounds (Eigen style: c * ops * eps, never a bare decimal).
template <class T>
struct tolerance {
  // Machine epsilon of T.
  static T eps() { return epsilon<T>(); }
  // Round-off bound for a quantity of magnitude `scale` produced by `ops`
  // floating-point operations, with a safety constant `c`.
  static T bound(double c, double ops, const T& scale = T(1)) {
    return T(c) * T(ops) * eps() * scale;
  }
  // sqrt(eps): the accuracy of first-order quantities (e.g. eigenvectors of
  // nearly degenerate problems, finite-difference steps).
  static T sqrt_eps() {
    using std::sqrt;
    return sqrt(eps());
  }
};

// Correct decimal digits of `computed` against `reference` (the log relative
// error, LRE, of NIST/Ceres style): -log10(|c-r| / |r|), with |r| replaced by 1
// when r == 0 (absolute error), capped at the digits T carries.
template <class T>
double correct_digits(const T& computed, const T& reference) {
  using std::abs;
  using std::log10;
  T err = abs(computed - reference);
  T den = abs(reference);
  if (den == 0) den = 1;
  const double cap = digits10<T>() + 1.0;
  if (err == 0) return cap;
  double d = -to_double(log10(err / den));
  return d > cap ? cap : d;
}

}  // namespace sodlift
