// Golden regression comparison of a quick run against validate/golden/quick.json
// (issue 6): numbers by digits, verdicts exactly, never text.
#pragma once

#include <string>
#include <vector>

#include "sodlift/validate/claims.hpp"

namespace sodlift::validate {

struct GoldenDiff {
  std::string claim;     // "id @ instance"
  std::string quantity;  // measured name, or "verdict" / "missing"
  std::string golden, now;
  std::string why;
};

struct GoldenTolerance {
  // MeasureKind::value: agree to this many significant digits (relative to
  // the larger magnitude, with an absolute floor of 10^-value_digits).
  double value_digits = 30;
  // MeasureKind::residual: round-off noise may change freely but must not
  // grow by more than this factor over max(golden, 10^-residual_floor_digits).
  double residual_factor = 1e3;
  double residual_floor_digits = 40;
};

// Every difference that matters: a claim/instance missing on either side, a
// changed verdict, a measured number outside its tolerance, an exact entry
// changed. Claims present only in `now` are reported (regenerate the golden
// file when adding claims).
std::vector<GoldenDiff> compare_with_golden(const std::vector<ClaimResult>& golden,
                                            const std::vector<ClaimResult>& now,
                                            const GoldenTolerance& tol = {});

std::string to_string(const GoldenDiff& d);

}  // namespace sodlift::validate
