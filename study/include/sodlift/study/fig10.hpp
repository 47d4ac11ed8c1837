// The `fig10` study type (paper §6.2, Fig. 10; SPEC §6-§7): its pieces are
// public so that the fig10 claim and the tests can run a grid in-process and
// judge it with the same rows the summary prints.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sodlift/experiments/methods.hpp"
#include "sodlift/study/study.hpp"

namespace sodlift::study {

class SummaryBuilder;

std::vector<Flag> fig10_flags();
// The flags added for issue 23 (instance, file, m, r, seed): in the spec only
// when not at their default, so PMC specs keep their hashes.
const std::vector<std::string>& fig10_optional_flags();
// The instance a fig10 spec runs on (defaults: PMC, as before issue 23).
struct Fig10Instance {
  std::string name = "pmc";  // pmc | gaussian | file
  std::string file;          // file: path
  long long m = 0;           // gaussian: measurements (0: 5n)
  long long r = 0;           // rank of X0 (0: the instance's own)
  std::uint64_t seed = 1;    // gaussian: instance seed
};
Fig10Instance fig10_instance(const Spec& s);
void fig10_check(const Spec& s);
ProtocolOptions fig10_protocol(const Spec& s);
std::vector<Configuration> fig10_configurations(const Spec& s);
std::vector<TrialRecord> fig10_trial(const Spec& s, const Configuration& c, std::uint64_t trial,
                                     std::uint64_t seed);
void fig10_summarize(const Spec& s, const std::vector<Record>& records, SummaryBuilder& out);

// One row of the summary: a (configuration, method).
struct Fig10Row {
  std::string configuration, eps, method;
  int n = 0;
  std::uint64_t trials = 0, successes = 0, not_run = 0;
  double rate = 0, ci_lo = 0, ci_hi = 1;
  struct Mc {
    std::uint64_t only_this = 0, only_other = 0;
    double p = 1;
    bool defined = false;
  } vs_gd, vs_sod;
  std::uint64_t escapes_tried = 0, h_lower = 0;
  std::map<std::string, std::uint64_t> escape_outcomes, escape_refused;
  double grad_evals_sum = 0, certify_evals_sum = 0;
  // Wall time of the method's runs and the part spent in escapes (records'
  // "timing"; a cost, not golden data).
  double seconds_sum = 0, escape_seconds_sum = 0;
};
std::vector<Fig10Row> fig10_rows(const std::vector<Configuration>& configurations,
                                 const std::vector<std::string>& methods,
                                 const std::vector<Record>& records);
Json to_json(const Fig10Row& r);

// An exact two-sided McNemar test cannot go below p = 2^(1-k) with k
// discordant pairs: k >= 6 is needed for p < 0.05.
inline constexpr std::uint64_t kMinDiscordant = 6;

// SPEC §7: HOLDS iff gd+sod beats gd significantly (exact McNemar p < alpha,
// more gd+sod-only successes) in every configuration; INCONCLUSIVE where a
// configuration has fewer than kMinDiscordant discordant pairs (count given);
// FAILS where it has enough and is not significantly better.
struct Fig10Verdict {
  std::string verdict;  // HOLDS | FAILS | INCONCLUSIVE
  std::string reason;
};
Fig10Verdict fig10_verdict(const std::vector<Fig10Row>& rows, double alpha = 0.05);

}  // namespace sodlift::study
