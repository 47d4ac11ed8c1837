// from_string: strict parsing in every scalar (bad input is an error, never 0).
#include <catch2/catch.hpp>

#include "sodlift/core/scalar.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;

TEMPLATE_LIST_TEST_CASE("from_string parses numbers and refuses everything else",
                        "[scalar][errors]", sodlift::test::AllScalars) {
  using T = TestType;
  // Exact binary fractions: the parsed value must be exactly this.
  CHECK(from_string<T>("0.5") == T(1) / T(2));
  CHECK(from_string<T>("-2") == T(-2));
  CHECK(from_string<T>("  1.25e1 ") == T(25) / T(2));
  CHECK(from_string<T>("1e-3") > T(0));
  CHECK_FALSE(is_finite(from_string<T>("inf")));
  for (const char* bad : {"abc", "1e-3x", "", "   ", "1,5", "--1", "0.1.2"}) {
    INFO("input '" << bad << "'");
    CHECK_THROWS_AS(from_string<T>(bad), input_error);
  }
  CHECK_THROWS_WITH(from_string<T>("abc"), Catch::Contains("'abc' is not a number"));
  // strtold reads these but Boost's parser does not: refused in every scalar,
  // so the accepted inputs do not depend on --precision.
  for (const char* hex : {"0x10", "0x1p-3", "nan(1)"}) {
    INFO("input '" << hex << "'");
    CHECK_THROWS_AS(from_string<T>(hex), input_error);
  }
  // Exponents: 7 digits are parsed, 8 or more refused (Boost's parser
  // overflows a signed integer on very long ones; a fuzzing finding).
  CHECK(from_string<T>("1e-0000004") == from_string<T>("1e-4"));
  CHECK_NOTHROW(from_string<T>("1e9999999"));
  CHECK_THROWS_WITH(from_string<T>("1e10000000"), Catch::Contains("decimal exponent out of range"));
  CHECK_THROWS_WITH(from_string<T>("1e5333333333333333333333"), Catch::Contains("decimal exponent out of range"));
}
