// Wilson interval and exact McNemar test against published values and exact
// rational arithmetic.
#include <catch2/catch.hpp>
#include <cmath>

#include "sodlift/study/statistics.hpp"

using namespace sodlift::study;

TEST_CASE("wilson_interval matches Newcombe (1998) worked examples", "[study][statistics]") {
  // Reference: R. G. Newcombe, "Two-sided confidence intervals for the single
  // proportion: comparison of seven methods", Statistics in Medicine 17 (1998)
  // 857-872, worked examples (i)-(iv), method 3 (Wilson score, no continuity
  // correction), printed to 4 decimals; hence the 5e-5 tolerance.
  struct Case {
    std::uint64_t x, n;
    double lo, hi;
  };
  const Case cases[] = {
      {81, 263, 0.2553, 0.3662},
      {15, 148, 0.0624, 0.1605},
      {0, 20, 0.0000, 0.1611},
      {1, 29, 0.0061, 0.1718},
  };
  for (const auto& c : cases) {
    INFO(c.x << "/" << c.n);
    const Interval w = wilson_interval(c.x, c.n);
    CHECK(std::abs(w.lower - c.lo) <= 5e-5);
    CHECK(std::abs(w.upper - c.hi) <= 5e-5);
    CHECK(w.estimate == double(c.x) / double(c.n));
  }
}

TEST_CASE("wilson_interval edge cases", "[study][statistics]") {
  // No trials: nothing is known.
  const Interval none = wilson_interval(0, 0);
  CHECK(none.lower == 0.0);
  CHECK(none.upper == 1.0);
  // All successes: the upper end is exactly 1, the lower end is n/(n + z^2)
  // (the closed form of the score interval at p = 1).
  const Interval all = wilson_interval(50, 50);
  CHECK(all.upper == 1.0);
  CHECK(std::abs(all.lower - 50.0 / (50.0 + 1.96 * 1.96)) <= 1e-15);
  // Symmetry: x/n and (n-x)/n give mirrored intervals.
  const Interval a = wilson_interval(7, 30), b = wilson_interval(23, 30);
  CHECK(std::abs(a.lower - (1 - b.upper)) <= 1e-15);
  CHECK(std::abs(a.upper - (1 - b.lower)) <= 1e-15);
}

TEST_CASE("mcnemar_exact_p matches published and exact rational values", "[study][statistics]") {
  // Reference: M. W. Fagerland, S. Lydersen, P. Laake, "The McNemar test for
  // binary matched-pairs data: mid-p and asymptotic are better than exact
  // conditional", BMC Medical Research Methodology 13:91 (2013), the airway
  // hyper-responsiveness example: 1 and 7 discordant pairs, exact conditional
  // p = 0.070 (printed to 3 decimals). Exactly: 2 (1 + 8) / 2^8 = 9/128.
  CHECK(std::abs(mcnemar_exact_p(1, 7) - 0.070) <= 5e-4);
  CHECK(std::abs(mcnemar_exact_p(1, 7) - 9.0 / 128.0) <= 1e-15);
  CHECK(mcnemar_exact_p(7, 1) == mcnemar_exact_p(1, 7));
  // Exact rationals by hand: 2 * sum_{i<=k} C(n,i) / 2^n.
  CHECK(std::abs(mcnemar_exact_p(0, 5) - 2.0 / 32.0) <= 1e-16);
  CHECK(std::abs(mcnemar_exact_p(2, 10) - 2.0 * (1 + 12 + 66) / 4096.0) <= 1e-16);
  // p is capped at 1 (b == c, or the two-sided doubling passes 1).
  CHECK(mcnemar_exact_p(0, 0) == 1.0);
  CHECK(mcnemar_exact_p(4, 4) == 1.0);
  CHECK(mcnemar_exact_p(3, 4) == 1.0);  // 2 * 64/128 = 1
  // Far tail without underflow of intermediate terms: 2 * 2^-1000.
  const double tail = mcnemar_exact_p(0, 1000);
  CHECK(std::abs(tail / std::ldexp(1.0, -999) - 1) <= 1e-12);
}

TEST_CASE("format_rate and format_p are fixed-width and stable", "[study][statistics]") {
  CHECK(format_rate(81, 263) == "0.308 [0.255, 0.366] (81/263)");
  CHECK(format_rate(0, 0) == "n/a (0/0)");
  CHECK(format_p(9.0 / 128.0) == "0.0703");
  CHECK(format_p(1.0) == "1.0000");
  CHECK(format_p(3.05e-5) == "3.05e-05");
}
