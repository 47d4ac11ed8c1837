// The study runner behind `sodlift study <name>` and `sodlift study merge`:
// records, shards, resume, merge and the summary (SPEC §6 "Records and
// scale-out"). Study types never call this; they register (study.hpp).
//
// Output directory of a run:
//   spec.json                 canonical spec, its hash, configurations, methods
//   records.jsonl             (or records-K-of-N.jsonl for --shard K/N) one JSON
//                             line per (configuration, trial, method), appended
//                             and flushed per trial, in execution order
//   summary.md, summary.json, *.csv, *.gp, *.svg
//                             written (atomically) from the de-duplicated,
//                             sorted records only, when a run is complete and
//                             unsharded, and by `merge`
// A record line (keys sorted):
//   {"configuration":"bias=0.3","method":"majority","result":{...},
//    "seed":"15334037985998733667","spec_hash":"919db1f402389097",
//    "study":"toy","timing":{"trial_wall_seconds":0.0001},"trial":0}
// "timing" is the only field that may differ between two runs of one trial.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sodlift/study/study.hpp"

namespace sodlift::study {

struct Shard {
  std::uint64_t k = 0,
                n = 1;  // runs trials whose global index g = trial * C + config has g % n == k
};
// "K/N" with 0 <= K < N; throws input_error otherwise.
Shard parse_shard(const std::string& text);

struct RunOptions {
  std::string study;
  std::map<std::string, std::string> flags;  // study flags given on the command line
  std::uint64_t trials = 0;                  // 0 = the study type's default
  std::string out;                           // empty = "sodlift-study-<name>"
  Shard shard;
  bool resume = false;
  bool quiet = false;
  std::vector<std::int64_t> only_trials;  // non-empty: run these, print records, write nothing
  std::vector<std::string> only_configs;  // restricts --only-trial to these configuration ids
  unsigned delay_ms = 0;                  // pause after each trial (tests; shared machines)
  std::string command_line;               // for the "resume with" hint
  std::string sodlift_version;
};

// Runs (a shard of) a study. Returns the exit status: 0 done, 128 + signal
// when stopped by SIGINT/SIGTERM (records flushed, resume hint printed).
// Throws input_error for bad input (the CLI turns it into exit 2).
int run_study(const RunOptions& o);

// Merges the records of `inputs` (directories of runs or shards of ONE spec)
// into `out`: spec.json, records.jsonl (de-duplicated, sorted), summary.
void merge_studies(const std::vector<std::string>& inputs, const std::string& out, bool quiet,
                   const std::string& sodlift_version);

}  // namespace sodlift::study
