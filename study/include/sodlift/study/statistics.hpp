// Statistics every study reports (SPEC §6 "Statistics"): success rates with a
// Wilson score interval, paired comparisons with the exact McNemar test.
#pragma once

#include <cstdint>
#include <string>

namespace sodlift::study {

struct Interval {
  double estimate = 0;  // successes / trials (0 when trials == 0)
  double lower = 0;
  double upper = 1;
};

// Wilson score interval (Wilson 1927) for a binomial proportion, without
// continuity correction:
//   centre = (p + z^2/(2n)) / (1 + z^2/n),
//   half   = z sqrt(p(1-p)/n + z^2/(4n^2)) / (1 + z^2/n).
// trials == 0 gives [0, 1] (nothing is known). z = 1.96 is the 95% interval.
Interval wilson_interval(std::uint64_t successes, std::uint64_t trials, double z = 1.96);

// Exact McNemar test (two-sided, conditional): under H0 the discordant pairs
// split Binomial(b + c, 1/2), so p = min(1, 2 P(X <= min(b, c))).
// b = pairs where only the first method succeeded, c = only the second.
// b + c == 0 gives p = 1. Computed in long double via log-binomial terms
// (relative error ~1e-15 up to b + c ~ 1e6).
double mcnemar_exact_p(std::uint64_t b, std::uint64_t c);

// "0.720 [0.582, 0.825] (36/50)": rate, Wilson 95% interval, counts. Fixed
// 3 decimals, so summaries are byte-stable.
std::string format_rate(std::uint64_t successes, std::uint64_t trials);
// p-values: "0.0703", "3.1e-05" (4 significant digits at most).
std::string format_p(double p);

}  // namespace sodlift::study
