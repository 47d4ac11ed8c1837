// `sodlift study <name>` and `sodlift study merge`: grids of independent
// trials with records, shards, resume and merge (SPEC §6; the runner is in
// study/, the study types register themselves there).
#include <fstream>
#include <map>

#include "sodlift/validate/build_info.hpp"
#include "common.hpp"
#include "sodlift/study/runner.hpp"
#include "sodlift/study/study.hpp"

namespace sodlift::cli {

namespace {

struct StudyCmd {
  std::map<std::string, std::string> flag_values;
  std::map<std::string, CLI::Option*> flag_options;
  std::map<std::string, CLI::Option*> old_options;  // spec key -> its old spelling (cli_names)
  std::uint64_t trials = 0;
  std::string out;
  std::string shard = "0/1";
  bool resume = false;
  bool quiet = false;
  std::vector<std::int64_t> only_trials;
  std::vector<std::string> only_configs;
  unsigned delay_ms = 0;
};

struct MergeCmd {
  std::vector<std::string> inputs;
  std::string out;
  bool quiet = false;
};

// The command as typed (for the "resume with" hint), shell-quoted.
std::string own_command_line() {
  std::ifstream in("/proc/self/cmdline", std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string cmd, arg;
  auto flush = [&] {
    const bool plain = !arg.empty() && arg.find_first_not_of(
                                           "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "0123456789-_./=,:+") == std::string::npos;
    std::string q = plain ? arg : "'";
    if (!plain) {
      for (char c : arg) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
      q += "'";
    }
    cmd += (cmd.empty() ? "" : " ") + q;
    arg.clear();
  };
  for (char c : all) {
    if (c == '\0')
      flush();
    else
      arg += c;
  }
  if (!arg.empty()) flush();
  return cmd.empty() ? "sodlift study ..." : cmd;
}

const char* kind_name(study::FlagKind k) {
  switch (k) {
    case study::FlagKind::integer:
      return "INT";
    case study::FlagKind::decimal:
      return "DECIMAL";
    case study::FlagKind::text:
      return "TEXT";
    case study::FlagKind::boolean:
      return "true|false";
    case study::FlagKind::integer_list:
      return "INT,...";
    case study::FlagKind::decimal_list:
      return "DECIMAL,...";
    case study::FlagKind::text_list:
      return "TEXT,...";
  }
  return "VALUE";
}

void register_one(CLI::App* parent, const study::StudyType& t, int& status) {
  auto o = std::make_shared<StudyCmd>();
  auto* sub = parent->add_subcommand(t.name, t.description);
  for (const auto& f : t.flags) {
    const auto cli = t.cli_names.find(f.name);
    const std::string name = cli == t.cli_names.end() ? f.name : cli->second;
    auto* opt = sub->add_option("--" + name, o->flag_values[f.name], f.help)
                    ->default_str(f.default_value)
                    ->type_name(kind_name(f.kind));
    if (f.kind == study::FlagKind::boolean) opt->expected(0, 1)->default_str(f.default_value);
    o->flag_options[f.name] = opt;
    // The spec key as the old spelling (e.g. lifted-gd --steps for --t).
    if (name != f.name)
      o->old_options[f.name] =
          add_old_spelling(sub, opt, "--" + f.name, o->flag_values[f.name])->type_name(kind_name(f.kind));
  }
  auto* trials_opt = sub->add_option(
      "--trials", o->trials,
      "Trials per configuration (default " + std::to_string(t.default_trials) +
          "); not part of the spec: trial i has the same seed whatever --trials is, "
          "so a larger --trials with --resume extends a study");
  sub->add_option("--out", o->out, "Output directory (default sodlift-study-" + t.name + ")");
  sub->add_option("--shard", o->shard,
                  "K/N: run only the trials whose global index (trial * configurations + "
                  "configuration) is K mod N, 0 <= K < N; records go to records-K-of-N.jsonl; "
                  "combine with `sodlift study merge`")
      ->capture_default_str();
  sub->add_flag("--resume", o->resume,
                "Continue the run in --out: skip recorded trials, drop a torn last line (with a "
                "warning), refuse a different spec");
  sub->add_option("--only-trial", o->only_trials,
                  "Rerun these trial indices alone and print their records on stdout (nothing is "
                  "written); compare with the stored records")
      ->delimiter(',');
  sub->add_option("--only-config", o->only_configs,
                  "With --only-trial: only this configuration id (repeatable), e.g. 'bias=0.3'");
  sub->add_flag("--quiet", o->quiet, "No progress on stderr");
  sub->add_option("--delay-ms", o->delay_ms,
                  "Pause this many milliseconds after each trial (tests; sharing a machine); not "
                  "part of the spec")
      ->capture_default_str();
  const study::StudyType* tp = &t;
  sub->callback([o, tp, trials_opt, &status] {
    status = run_guarded([&] {
      if (trials_opt->count() > 0 && o->trials == 0)
        throw input_error("--trials 0: a study needs at least 1 trial per configuration");
      study::RunOptions r;
      r.study = tp->name;
      for (const auto& [name, opt] : o->flag_options)
        if (opt->count() > 0 || (o->old_options.count(name) && o->old_options.at(name)->count() > 0)) {
          std::string v = o->flag_values[name];
          if (v.empty() && opt->get_expected_min() == 0) v = "true";  // bare boolean flag
          r.flags[name] = v;
        }
      r.trials = o->trials;
      r.out = o->out;
      r.shard = study::parse_shard(o->shard);
      r.resume = o->resume;
      r.quiet = o->quiet;
      r.only_trials = o->only_trials;
      r.only_configs = o->only_configs;
      if (!r.only_configs.empty() && r.only_trials.empty())
        throw input_error("--only-config needs --only-trial (which trial indices to rerun)");
      r.delay_ms = o->delay_ms;
      r.command_line = own_command_line();
      r.sodlift_version = sodlift_version();
      return study::run_study(r);
    });
  });
}

}  // namespace

void register_study(CLI::App& app, int& status) {
  auto* st = app.add_subcommand(
      "study",
      "Run a study: a grid of configurations x independent seeded trials, one JSON Lines record "
      "per (configuration, trial, method); shards (--shard K/N), --resume, and `study merge` "
      "for the summary (summary.md/.json, CSV, SVG). See docs/studies.md");
  // `study --list` is `study list` (the spelling of `validate --list`, issue 23).
  st->require_subcommand(0, 1);
  auto list_flag = std::make_shared<bool>(false);
  st->add_flag("--list", *list_flag, "List the study types with their flags (same as `sodlift study list`)");
  for (const auto* t : study::study_types()) register_one(st, *t, status);
  auto m = std::make_shared<MergeCmd>();
  auto* merge = st->add_subcommand(
      "merge",
      "Merge the records of runs/shards of ONE study spec: check spec hashes, de-duplicate "
      "(identical duplicates are fine, conflicting ones are an error), sort, write records.jsonl "
      "and the summary into --out");
  auto* list = st->add_subcommand("list", "List the study types with their flags (issue 23; also `study --list`)");
  auto print_list = [] {
    for (const auto* t : study::study_types()) {
      std::cout << t->name << "  -- " << t->description << "\n";
      std::cout << "    flags:";
      for (const auto& f : t->flags) {
        const auto cli = t->cli_names.find(f.name);
        std::cout << " --" << (cli == t->cli_names.end() ? f.name : cli->second);
      }
      std::cout << "\n";
    }
    std::cout << "run `sodlift study <type> --help` for a type's flags and defaults\n";
    return 0;
  };
  list->callback([&status, print_list] { status = run_guarded(print_list); });
  st->callback([st, list_flag, &status, print_list] {
    if (!st->get_subcommands().empty()) return;  // the subcommand's callback set the status
    status = run_guarded([&] {
      if (*list_flag) return print_list();
      std::string names;
      for (const auto* t : study::study_types()) names += (names.empty() ? "" : ", ") + t->name;
      throw input_error("`sodlift study` needs a study type (" + names +
                        ") or merge; `sodlift study --list` lists the types with their flags");
      return 2;
    });
  });
  merge->add_option("dirs", m->inputs, "Output directories of the runs or shards")->required();
  merge->add_option("--out", m->out, "Directory for the merged records and summary")->required();
  merge->add_flag("--quiet", m->quiet, "No messages on stderr except warnings");
  merge->callback([m, &status] {
    status = run_guarded([&] {
      study::merge_studies(m->inputs, m->out, m->quiet, sodlift_version());
      return 0;
    });
  });
}

}  // namespace sodlift::cli
