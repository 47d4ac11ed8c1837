// Verdict rules and the log-log order fitter on synthetic data whose truth is
// known by construction (issue 6: "unit tests for the slope fitting and
// verdict rules on synthetic data with known order").
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "sodlift/support/errors.hpp"
#include "sodlift/validate/claims.hpp"
#include "sodlift_test.hpp"

using namespace sodlift::validate;

TEST_CASE("identity verdicts follow the round-off bound", "[validate][verdict]") {
  const double cap = 51;
  // Error below the bound: HOLDS, digits = -log10(error).
  auto j = judge_identity(1e-45, 1e-44, cap);
  CHECK(j.verdict == Verdict::holds);
  CHECK(j.digits == Approx(45.0));  // double is exact enough for a digit count
  CHECK(j.bound_digits == Approx(44.0));
  // Between the bound and 1e3 x the bound: INCONCLUSIVE.
  CHECK(judge_identity(1e-43, 1e-44, cap).verdict == Verdict::inconclusive);
  CHECK(judge_identity(9e-42, 1e-44, cap).verdict == Verdict::inconclusive);
  // Clearly above: FAILS.
  CHECK(judge_identity(2e-41, 1e-44, cap).verdict == Verdict::fails);
  CHECK(judge_identity(1e-3, 1e-44, cap).verdict == Verdict::fails);
  // A bound admitting fewer than 3 digits decides nothing, even for a large error.
  auto low = judge_identity(0.5, 2e-3, cap);
  CHECK(low.verdict == Verdict::inconclusive);
  CHECK_THAT(low.reason, Catch::Contains("precision too low"));
  // Exact agreement is capped at the digits the type carries.
  CHECK(judge_identity(0.0, 1e-44, cap).digits == cap);
  // Non-finite input never HOLDS.
  CHECK(judge_identity(std::nan(""), 1e-44, cap).verdict == Verdict::inconclusive);
}

TEST_CASE("worst() combines verdicts: FAILS > INCONCLUSIVE > HOLDS", "[validate][verdict]") {
  CHECK(worst(Verdict::holds, Verdict::holds) == Verdict::holds);
  CHECK(worst(Verdict::holds, Verdict::inconclusive) == Verdict::inconclusive);
  CHECK(worst(Verdict::inconclusive, Verdict::fails) == Verdict::fails);
  CHECK(verdict_from_string(to_string(Verdict::fails)) == Verdict::fails);
  CHECK_THROWS_AS(verdict_from_string("MAYBE"), sodlift::input_error);
}

namespace {
// error = C p^k (1 + noise * U[-1,1]) on a geometric grid; the noise comes
// from a fixed engine with our own uniform mapping (pitfall 8).
std::vector<OrderPoint> synthetic(double k, double C, double noise, double pmin, double pmax, int npts,
                                  double roundoff, std::uint64_t seed) {
  std::mt19937_64 eng(seed);
  std::vector<OrderPoint> pts;
  for (int i = 0; i < npts; ++i) {
    const double p = pmin * std::pow(pmax / pmin, double(i) / (npts - 1));
    const double u = double(eng() >> 11) * 0x1.0p-53 * 2 - 1;
    pts.push_back({p, C * std::pow(p, k) * (1 + noise * u), roundoff});
  }
  return pts;
}
}  // namespace

TEST_CASE("slope fit recovers a known order exactly on noiseless data", "[validate][order]") {
  for (double k : {1.0, 2.0, 3.0}) {
    auto pts = synthetic(k, 0.7, 0.0, 1e-5, 1e-1, 9, 1e-60, 1);
    auto f = fit_loglog(pts);
    REQUIRE(f.ok);
    // Noiseless power law: least squares is exact up to double round-off in log10.
    CHECK(std::abs(f.slope - k) < 1e-12);
    CHECK(std::abs(f.intercept - std::log10(0.7)) < 1e-12);
    CHECK(f.slope_stderr < 1e-12);
    CHECK(f.used == 9);
    CHECK(f.decades == Approx(4.0));
    CHECK(judge_order(f, k).verdict == Verdict::holds);
  }
}

TEST_CASE("slope fit with noise: the known order lies within 3 standard errors", "[validate][order]") {
  // 10% multiplicative noise is 0.04 in log10; over 4 decades and 17 points
  // the slope's standard error is ~0.01.
  int inside = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    auto pts = synthetic(2.0, 3.0, 0.1, 1e-6, 1e-2, 17, 1e-60, seed);
    auto f = fit_loglog(pts);
    REQUIRE(f.ok);
    CHECK(f.slope_stderr > 0);
    CHECK(f.slope_stderr < 0.05);
    if (std::abs(f.slope - 2.0) <= 3 * f.slope_stderr) ++inside;
    CHECK(judge_order(f, 2.0).verdict == Verdict::holds);
    // The same data refute order 3 clearly.
    CHECK(judge_order(f, 3.0).verdict == Verdict::fails);
  }
  // 3 sigma covers ~99.7%: at most one of 20 fits may miss.
  CHECK(inside >= 19);
}

TEST_CASE("round-off filter drops points below 1e3 x round-off", "[validate][order]") {
  // error = p^2 + 1e-30 (a round-off floor) with round-off 1e-30: points with
  // p^2 < ~1e-27 are at the floor and must be excluded; p in 1e-20 .. 1e-1.
  std::vector<OrderPoint> pts;
  std::vector<bool> expect;
  for (int e = -20; e <= -1; ++e) {
    const double p = std::pow(10.0, e);
    const double err = p * p + 1e-30;
    pts.push_back({p, err, 1e-30});
    expect.push_back(err >= 1e3 * 1e-30);
  }
  auto f = fit_loglog(pts);
  REQUIRE(f.ok);
  CHECK(f.usable == expect);
  CHECK(f.used == 13);  // p = 1e-13 .. 1e-1: p^2 >= 1e-26 > 1e-27
  CHECK(std::abs(f.slope - 2.0) < 1e-3);
  // Without the filter the floor drags the slope far below 2.
  auto raw = fit_loglog(pts, 0.0);
  CHECK(raw.slope < 1.8);
}

TEST_CASE("too few usable points or decades is INCONCLUSIVE with the reason", "[validate][order]") {
  auto two = synthetic(2.0, 1.0, 0.0, 1e-4, 1e-1, 2, 1e-60, 1);
  auto f2 = fit_loglog(two);
  CHECK_FALSE(f2.ok);
  CHECK(judge_order(f2, 2.0).verdict == Verdict::inconclusive);
  CHECK_THAT(judge_order(f2, 2.0).reason, Catch::Contains("need >= 3 points over >= 2 decades"));
  auto narrow = synthetic(2.0, 1.0, 0.0, 1e-2, 5e-1, 6, 1e-60, 1);  // 1.7 decades
  auto fn = fit_loglog(narrow);
  CHECK_FALSE(fn.ok);
  CHECK(judge_order(fn, 2.0).verdict == Verdict::inconclusive);
  // All points drowned in round-off.
  auto drowned = synthetic(2.0, 1.0, 0.0, 1e-4, 1e-1, 8, 1.0, 1);
  CHECK(fit_loglog(drowned).used == 0);
  CHECK(judge_order(fit_loglog(drowned), 2.0).verdict == Verdict::inconclusive);
}

TEST_CASE("an order below the claim FAILS, above it HOLDS", "[validate][order]") {
  auto lin = fit_loglog(synthetic(1.0, 1.0, 0.02, 1e-5, 1e-1, 9, 1e-60, 3));
  CHECK(judge_order(lin, 2.0).verdict == Verdict::fails);
  auto cubic = fit_loglog(synthetic(3.0, 1.0, 0.02, 1e-5, 1e-1, 9, 1e-60, 3));
  CHECK(judge_order(cubic, 2.0).verdict == Verdict::holds);
  // Slope 1.92 against a claimed 2 with tolerance 0.05: shortfall 0.08 < 2 tol,
  // not clearly below -> INCONCLUSIVE; 1.8 (shortfall 0.2) -> FAILS.
  auto f19 = fit_loglog(synthetic(1.92, 1.0, 0.0, 1e-5, 1e-1, 9, 1e-60, 3));
  CHECK(judge_order(f19, 2.0).verdict == Verdict::inconclusive);
  auto f18 = fit_loglog(synthetic(1.8, 1.0, 0.0, 1e-5, 1e-1, 9, 1e-60, 3));
  CHECK(judge_order(f18, 2.0).verdict == Verdict::fails);
}
