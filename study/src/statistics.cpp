// Wilson interval and exact McNemar test (formulas in statistics.hpp).
#include "sodlift/study/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sodlift::study {

Interval wilson_interval(std::uint64_t successes, std::uint64_t trials, double z) {
  Interval r;
  if (trials == 0) return r;
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double denom = 1 + z2 / n;
  const double centre = (p + z2 / (2 * n)) / denom;
  const double half = z * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denom;
  r.estimate = p;
  // Clamp round-off only: at p = 0 the lower bound is exactly 0 in exact arithmetic.
  r.lower = successes == 0 ? 0.0 : std::max(0.0, centre - half);
  r.upper = successes == trials ? 1.0 : std::min(1.0, centre + half);
  return r;
}

double mcnemar_exact_p(std::uint64_t b, std::uint64_t c) {
  const std::uint64_t n = b + c;
  if (n == 0) return 1.0;
  const std::uint64_t k = std::min(b, c);
  if (2 * k == n) return 1.0;  // the tail contains the median: 2 P(X <= n/2) >= 1
  const long double ln2 = std::log(2.0L);
  const long double lnf_n = std::lgamma(static_cast<long double>(n) + 1);
  // Sum the tail from its largest term (i = k) down, relative to it, so that
  // nothing underflows even when every term is below 1e-4000.
  auto log_term = [&](std::uint64_t i) {
    return lnf_n - std::lgamma(static_cast<long double>(i) + 1) -
           std::lgamma(static_cast<long double>(n - i) + 1) - static_cast<long double>(n) * ln2;
  };
  const long double top = log_term(k);
  long double sum = 0;
  for (std::uint64_t i = 0; i <= k; ++i) sum += std::exp(log_term(i) - top);
  const long double p = 2 * std::exp(top) * sum;
  return static_cast<double>(std::min(1.0L, p));
}

std::string format_rate(std::uint64_t successes, std::uint64_t trials) {
  const Interval w = wilson_interval(successes, trials);
  char buf[128];
  if (trials == 0) {
    std::snprintf(buf, sizeof buf, "n/a (0/0)");
  } else {
    std::snprintf(buf, sizeof buf, "%.3f [%.3f, %.3f] (%llu/%llu)", w.estimate, w.lower, w.upper,
                  static_cast<unsigned long long>(successes),
                  static_cast<unsigned long long>(trials));
  }
  return buf;
}

std::string format_p(double p) {
  char buf[64];
  if (p >= 1e-3)
    std::snprintf(buf, sizeof buf, "%.4f", p);
  else
    std::snprintf(buf, sizeof buf, "%.3g", p);
  return buf;
}

}  // namespace sodlift::study
