// Counts over trial records of the §4.3 Monte Carlo (montecarlo43_trial):
// what the study summary and the claims thm4.4-case1..3, moments-4.3,
// prop4.2-random and thm4.4-det-random are decided from. Counts only; rates
// get their Wilson intervals where they are printed (study statistics).
#pragma once

#include <array>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sodlift/experiments/montecarlo43.hpp"

namespace sodlift {

// Everything evaluated at one delta ("upper", "lower" or "sampled").
struct Mc43AtDelta {
  long minima = 0;
  std::array<long, 4> in_case{};   // [0]: radii undefined (delta >= 1), [1..3]: Thm 4.4 cases
  std::array<long, 4> efs_gt_1{};  // EFS > 1 among those
  double case3_bound_sum = 0;      // sum of (1-theta)^2 m/(3(m+2)) over case 3
  std::array<long, 4> theta_bin_n{}, theta_bin_k{};  // case 3 by theta quarter: minima, EFS > 1
  std::array<double, 4> theta_bin_bound_sum{};
  long interval = 0;                                      // (4.6) non-empty
  long every_yes = 0, every_no = 0, every_undecided = 0;  // thm4.4-det
  long exact = 0;                                         // exact descent set non-empty
  long nec_yes = 0, nec_no = 0, nec_undecided = 0;        // Prop. 4.2 necessity
};

// A minimum that contradicts a claim, with what is needed to rebuild it.
struct Mc43Counterexample {
  std::string claim;  // "thm4.4-case1", ...
  std::string delta;  // "range" (decided over [lower, upper]) or a label
  std::string configuration;
  std::uint64_t seed = 0;
  int n = 0, m = 0, r = 0;
  std::size_t minimum = 0;  // index in the record's minima
  nlohmann::json X;         // decimal strings
  double dist2 = 0, efs = 0, r_1 = 0, r_2 = 0, delta_value = 0;
};

struct Mc43Tally {
  long trials = 0, trials_with_minimum = 0, minima = 0;
  std::map<std::string, long> start_outcomes;
  std::map<std::string, Mc43AtDelta> at;  // by delta label
  // delta per trial, by label: for min / median / max in the summary
  std::map<std::string, std::vector<double>> delta_values;
  long upper_below_1 = 0, lower_below_1 = 0, sampled_below_1 = 0;  // trials
  // Decided over [lower, upper] (monotonicity in delta, see decide_over_range).
  std::array<long, 4> range_case{};  // [1..3] decided cases; [0] unused
  long range_case_changes = 0, range_case_undefined = 0;
  long range_efs_yes = 0, range_efs_no = 0, range_efs_changes = 0;
  long range_case1_n = 0, range_case1_counter = 0;  // decided case 1, decided EFS <= 1
  long range_case2_n = 0, range_case2_counter = 0;  // decided case 2, decided EFS > 1
  long range_case3_n = 0, range_case3_k = 0;        // decided case 3 and decided EFS
  double range_case3_bound_upper_sum = 0, range_case3_bound_lower_sum = 0;
  // S = <E, u_n u_n^T> at the minima: m S^2/2 has mean 1 and second moment
  // 3(m+2)/m for fixed P, Q (§4.3.1); sums for the comparison.
  long mom_n = 0;
  double mS2_sum = 0, mS2_sq_sum = 0, mS2_4th_sum = 0, mS2_sq_theory_sum = 0;
  double AP2_half_sum = 0, AQ2_sum = 0;  // fixed P, Q: mean 1 each
  std::vector<double> mS2_values;        // for the distribution plot
  std::vector<int> mS2_m;                // m of each value
  // Scatter for EFS vs d^2/r_2 (by label where the radii exist).
  struct Point {
    std::string label;
    double x = 0, efs = 0;
    int radius_case = 0;
  };
  std::vector<Point> scatter;
  std::vector<Mc43Counterexample> counterexamples;
};

// `configuration` ids parallel to `records` (the trial results); both in the
// order the summary should list them.
Mc43Tally mc43_tally(const std::vector<nlohmann::json>& records,
                     const std::vector<std::string>& configuration);

// ---------------------------------------------------------------- verdicts
// One place for the decision rules of the six claims, shared by the study
// summary and the validate claims. Rates need a confidence interval; the
// caller passes the project's Wilson interval (study statistics) so that
// there is one implementation of it.
struct Mc43Interval {
  double estimate = 0, lower = 0, upper = 1;
};
using Mc43IntervalFn = std::function<Mc43Interval(long successes, long trials)>;

struct Mc43Judgement {
  std::string claim;    // "thm4.4-case1", ...
  std::string verdict;  // "HOLDS", "FAILS", "INCONCLUSIVE"
  std::string reason;
  std::string key;  // one short number for a verdict table
  std::vector<std::pair<std::string, std::string>> measured;  // name, value (text)
};

// `fixed` are the fixed-P,Q Monte Carlo results (fixed_pq_moments) for the
// (n, m) of the population, in any order; the moment claim needs at least one.
std::vector<Mc43Judgement> mc43_judge(const Mc43Tally& t, const std::vector<FixedPQMoments>& fixed,
                                      const Mc43IntervalFn& interval);

}  // namespace sodlift
