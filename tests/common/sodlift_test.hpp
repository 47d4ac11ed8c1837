// Test support shared by every sodlift test: the central scalar list, a
// Catch2 matcher that measures error in the scalar's own precision (Catch2's
// Approx/WithinRel convert to double and lose every digit past ~16,
// ENGINEERING.md pitfall 5), and full-digit printing of Boost numbers.
#pragma once

#include <catch2/catch.hpp>
#include <cmath>
#include <sstream>
#include <string>
#include <tuple>

#include "sodlift/core/scalar.hpp"

namespace Catch {
template <class Backend, boost::multiprecision::expression_template_option ET>
struct StringMaker<boost::multiprecision::number<Backend, ET>> {
  static std::string convert(const boost::multiprecision::number<Backend, ET>& x) {
    return sodlift::decimal_string(x);
  }
};
}  // namespace Catch

namespace sodlift::test {

// A build with -DSODLIFT_SCALARS (sanitizer builds) may leave out long double
// and float128 (SODLIFT_NO_LONG_DOUBLE, SODLIFT_NO_F128); the lists below
// then skip them. double, bf50 and bf100 are always there.
namespace detail {
template <class... A, class... B>
std::tuple<A..., B...> tuple_cat_t(std::tuple<A...>, std::tuple<B...>);
#ifdef SODLIFT_NO_LONG_DOUBLE
using MaybeLongDouble = std::tuple<>;
#else
using MaybeLongDouble = std::tuple<long double>;
#endif
#ifdef SODLIFT_NO_F128
using MaybeF128 = std::tuple<>;
#else
using MaybeF128 = std::tuple<f128>;
#endif
}  // namespace detail

// Every scalar of SPEC §2, for TEMPLATE_LIST_TEST_CASE.
using AllScalars = decltype(detail::tuple_cat_t(
    detail::tuple_cat_t(std::tuple<double>{}, detail::MaybeLongDouble{}),
    detail::tuple_cat_t(detail::MaybeF128{}, std::tuple<bf50, bf100>{})));
// The extended precisions only (for identities that must hold far beyond double).
using ExtendedScalars =
    decltype(detail::tuple_cat_t(detail::MaybeF128{}, std::tuple<bf50, bf100>{}));

// |computed - expected| <= max(rel * |expected|, abs), evaluated in T.
// The description prints expected, computed error, the bound and the number of
// correct digits, all at full precision.
template <class T>
class WithinTolMatcher : public Catch::MatcherBase<T> {
 public:
  WithinTolMatcher(T expected, T rel, T abs_tol, std::string why)
      : expected_(std::move(expected)), rel_(std::move(rel)), abs_(std::move(abs_tol)), why_(std::move(why)) {}
  bool match(const T& computed) const override {
    using std::abs;
    err_ = abs(computed - expected_);
    digits_ = correct_digits(computed, expected_);
    T bound = rel_ * abs(expected_);
    if (abs_ > bound) bound = abs_;
    bound_ = bound;
    return is_finite(computed) && err_ <= bound;
  }
  std::string describe() const override {
    std::ostringstream os;
    os << "is within " << decimal_string(bound_) << " of expected " << decimal_string(expected_) << " ["
       << scalar_name<T>::value << "; error " << decimal_string(err_) << ", " << digits_
       << " correct digits";
    if (!why_.empty()) os << "; bound: " << why_;
    os << "]";
    return os.str();
  }

 private:
  T expected_, rel_, abs_;
  std::string why_;
  mutable T err_ = 0, bound_ = 0;
  mutable double digits_ = 0;
};

// Relative tolerance `rel` (and no absolute floor).
template <class T>
WithinTolMatcher<T> WithinRelT(const T& expected, const T& rel, std::string why = "") {
  return WithinTolMatcher<T>(expected, rel, T(0), std::move(why));
}
// Absolute tolerance.
template <class T>
WithinTolMatcher<T> WithinAbsT(const T& expected, const T& abs_tol, std::string why = "") {
  return WithinTolMatcher<T>(expected, T(0), abs_tol, std::move(why));
}
// At least `digits` correct significant digits (relative 10^-digits).
template <class T>
WithinTolMatcher<T> WithinDigits(const T& expected, double digits, std::string why = "") {
  using std::pow;
  T rel = pow(T(10), T(-digits));
  return WithinTolMatcher<T>(expected, rel, T(0), std::move(why));
}

// Largest absolute entry difference of two matrices (for matrix comparisons
// through the scalar matcher).
template <class T>
T max_abs_diff(const Mat<T>& A, const Mat<T>& B) {
  return (A - B).cwiseAbs().maxCoeff();
}

}  // namespace sodlift::test
