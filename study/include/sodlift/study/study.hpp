// Study types: a study is a grid of configurations x independent trials, each
// trial a pure function of (spec, configuration, trial index) (SPEC §6). The
// runner (`sodlift study <name>`) owns seeds, records, shards, resume, merge
// and the summary skeleton; a study type only says what one trial does and how
// its records are summarised.
//
// HOW A STUDY TYPE REGISTERS — a new .cpp file in study/src/ (globbed into
// sodlift_study, an OBJECT library, so the static registrar is always linked):
//
//   #include "sodlift/study/study.hpp"
//   namespace sodlift::study { namespace {
//   StudyType make_coin() {
//     StudyType t;
//     t.name = "coin";                                   // `sodlift study coin`
//     t.description = "one line for --help";
//     t.flags = {{"p", FlagKind::decimal_list, "0.3,0.5", "grid: head probability"},
//                {"flips", FlagKind::integer, "20", "protocol: flips per trial"}};
//     t.configurations = [](const Spec& s) {             // the grid, in report order
//       std::vector<Configuration> c;
//       for (auto& p : s.decimal_list("p")) c.push_back({"p=" + p, {{"p", p}}});
//       return c; };
//     t.methods = [](const Spec&) { return std::vector<std::string>{"majority"}; };
//     t.run_trial = [](const Spec& s, const Configuration& c, std::uint64_t trial,
//                      std::uint64_t seed) {              // one TrialRecord per method
//       return std::vector<TrialRecord>{{"majority", {{"success", true}}}}; };
//     t.summarize = [](const Spec& s, const std::vector<Record>& r, SummaryBuilder& out) {
//       write_rate_table(out.configurations(), out.methods(), r, outcome, {}, out); };
//     return t; }
//   const StudyRegistrar coin_registrar(make_coin);
//   } }
//
// Rules the runner relies on (and checks where it can):
// - run_trial is deterministic given its arguments: draw every random number
//   from `seed` (never time, thread or execution order); the same trial then
//   gives the same record alone (--only-trial), in any shard, after a resume.
// - It returns exactly one TrialRecord per method of methods(spec), in that
//   order. A method that cannot run says so in its result (e.g.
//   {"status":"not_run","reason":"..."}); it is never silently dropped.
// - Result values: JSON numbers only for integers and doubles you are happy to
//   see rounded to 17 digits; extended-precision numbers as decimal strings
//   with all digits (ENGINEERING.md pitfall 7).
// - Wall-clock measurements go under the result key "timing" (an object): the
//   runner ignores it when it compares duplicate records, and summaries must
//   not print it (summaries are byte-identical across shards and resumes).
// - Bad flag values: throw sodlift::input_error from configurations() (or
//   check()) naming the flag and the fix; the CLI turns it into exit 2.
// - summarize() sees the merged, de-duplicated records sorted by
//   (configuration order, trial, method order) and writes through
//   SummaryBuilder (atomic files; Markdown and JSON sections of summary.md /
//   summary.json; CSV; gnuplot SVG). Same records in, same bytes out.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace sodlift::study {

using Json = nlohmann::json;  // std::map-backed: keys sorted, dumps are canonical

class SummaryBuilder;  // summary.hpp

// A flag of a study type: added to `sodlift study <name>` as --<name>, its
// value stored in the spec as a canonical string (lists: comma-joined without
// spaces; integers: plain decimal; decimals: as typed, so "0.10" stays exact).
enum class FlagKind { integer, decimal, text, boolean, integer_list, decimal_list, text_list };

struct Flag {
  std::string name;  // without dashes: "eps" -> --eps
  FlagKind kind;
  std::string default_value;  // in the flag's own syntax ("40,50", "0.001", "true")
  std::string help;
};

// The canonical study spec: study name, sodlift version and the value of every
// flag. Its hash (spec_hash) is stamped on every record and seeds every trial.
struct Spec {
  std::string study;
  std::string sodlift_version;
  std::map<std::string, std::string> flags;  // canonical strings

  // Typed access; throws input_error naming --<name> when the value is bad.
  const std::string& text(const std::string& name) const;
  // The canonical value, or `fallback` when the spec does not hold the flag
  // (an optional flag at its default, StudyType::optional_flags).
  std::string text_or(const std::string& name, const std::string& fallback) const;
  std::int64_t integer(const std::string& name) const;
  std::string decimal(const std::string& name) const;  // validated decimal string
  double decimal_as_double(const std::string& name) const;
  bool boolean(const std::string& name) const;
  std::vector<std::int64_t> integer_list(const std::string& name) const;
  std::vector<std::string> decimal_list(const std::string& name) const;
  std::vector<std::string> text_list(const std::string& name) const;

  // {"format":"sodlift-study-spec/1","study":...,"sodlift_version":...,"flags":{...}}
  Json canonical_json() const;
  // FNV-1a 64 of canonical_json().dump(), 16 lowercase hex digits.
  std::string hash() const;
  std::uint64_t hash_value() const;
};

// One grid point. `id` is stable and unique within the study ("n=40,eps=0.15");
// it names the configuration in records, seeds and summaries.
struct Configuration {
  std::string id;
  Json params;  // the grid values, e.g. {"n":40,"eps":"0.15"}
};

// What run_trial returns per method.
struct TrialRecord {
  std::string method;
  Json result;  // an object
};

// A record as summarize() sees it (one JSON line of records*.jsonl).
struct Record {
  std::string configuration;     // Configuration::id
  std::size_t config_index = 0;  // position in configurations(spec)
  std::uint64_t trial = 0;
  std::uint64_t seed = 0;
  std::string method;
  std::size_t method_index = 0;  // position in methods(spec)
  Json result;
};

struct StudyType {
  std::string name;
  std::string description;
  std::vector<Flag> flags;
  std::function<std::vector<Configuration>(const Spec&)> configurations;
  std::function<std::vector<std::string>(const Spec&)> methods;
  std::function<std::vector<TrialRecord>(const Spec&, const Configuration&, std::uint64_t trial,
                                         std::uint64_t seed)>
      run_trial;
  std::function<void(const Spec&, const std::vector<Record>&, SummaryBuilder&)> summarize;
  // Optional: cross-flag checks (throw input_error); runs before any trial.
  std::function<void(const Spec&)> check;
  // Flags added after specs of this type were published (e.g. fig10's
  // --instance): make_spec stores them only when their value differs from
  // the default, so every spec made before them keeps its canonical JSON, its
  // hash and its trial seeds. Read them with Spec::text_or(name, default).
  std::vector<std::string> optional_flags;
  // Command-line names that differ from the spec key (spec key -> name
  // without dashes), e.g. lifted-gd {"steps", "t"}: every command says --t
  // for a number of steps (issue 23), while the spec keeps the key "steps"
  // and so its hash. The CLI accepts --<spec key> as the old spelling, with
  // the one-line note of the other commands.
  std::map<std::string, std::string> cli_names;
  // --trials when the user gives none (not part of the spec: more trials
  // extend a study, and trial i has the same seed whatever --trials is).
  std::uint64_t default_trials = 10;
};

// Registers a study type at static-initialisation time. A duplicate name or a
// missing member aborts the program at start-up with a message (a programming
// error that every test run catches).
struct StudyRegistrar {
  explicit StudyRegistrar(StudyType (*make)());
  explicit StudyRegistrar(StudyType t);
};

// All registered study types, sorted by name.
std::vector<const StudyType*> study_types();
// The type called `name`, or nullptr.
const StudyType* find_study_type(const std::string& name);

// Builds the spec from flag values as given on the command line (missing ones
// take their defaults), canonicalising and validating each value. Throws
// input_error naming the flag.
Spec make_spec(const StudyType& t, const std::map<std::string, std::string>& given,
               const std::string& sodlift_version);

}  // namespace sodlift::study
