// The study type `lifted-gd`: lifted GD from small initialisation against
// plain GD on (P1), paired by seed (issue 21 item 3; arXiv:2310.15549 Thm 1,
// Lemma 14, §6 Fig. 1). One trial is lifted::run_lifted_gd_trial
// (lifted/include/sodlift/lifted/lifted_gd.hpp: operator, start, scaling,
// kappa, window and every difference from the authors' code). Grid: n x eps;
// methods `lifted-gd` and `gd`. The summary: success rates with Wilson
// intervals, the exact McNemar test lifted-gd vs gd per configuration, and the
// kappa table (max kappa over Thm 1's window per configuration).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sodlift/lifted/lifted_gd.hpp"
#include "sodlift/study/study.hpp"

namespace sodlift::study {

lifted::LiftedGdOptions lifted_gd_protocol(const Spec& s, double eps);

// One row per configuration, from records only (summary and claims share it).
struct LiftedGdRow {
  std::string configuration;
  int n = 0;
  std::string eps;
  std::uint64_t trials = 0;  // trials with both methods recorded
  std::uint64_t lifted_success = 0, plain_success = 0;
  std::uint64_t only_lifted = 0, only_plain = 0;  // discordant pairs
  double mcnemar_p = 1;
  std::uint64_t window_closed = 0;  // trials whose h^l fell to h^l(w_0)/2
  std::uint64_t kappa_below_1 = 0;  // trials with max kappa over the window < 1
  double kappa_window_max = 0;      // max over trials of max kappa over the window
  double kappa_window_median = 0;   // median over trials of the same
  double kappa_all_max = 0;         // max over trials of max kappa over the whole run
  std::uint64_t lifted_diverged = 0, plain_diverged = 0;
};
std::vector<LiftedGdRow> lifted_gd_rows(const std::vector<Configuration>& configurations,
                                        const std::vector<Record>& records);

}  // namespace sodlift::study
