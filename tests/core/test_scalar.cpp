// from_string: strict parsing in every scalar (bad input is an error, never 0).
#include <catch2/catch.hpp>

#include "sodlift/core/errors.hpp"
#include "sodlift/core/scalar.hpp"
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
}
