// Shared pieces of the `sodlift` command line: instance flags, precision
// dispatch, error reporting. Each subcommand lives in its own cmd_*.cpp.
#pragma once

#include <memory>

#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "sodlift/core/instances.hpp"
#include "sodlift/core/scalar.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift/support/parse.hpp"

namespace sodlift::cli {

// Flags every subcommand that works on an instance shares.
struct InstanceOptions {
  InstanceSpec spec;
  std::string start_csv;  // --start "x11,x21,...": column-major, n*r numbers
  std::string precision = "bf50";
  std::string mem_budget;          // --mem-budget (empty: half the available memory)
  CLI::Option* m_option = nullptr; // to refuse an explicit --m <= 0
};

// Adds --instance/--n/--eps/--m/--r/--seed/--start/--file/--precision/--mem-budget.
void add_instance_options(CLI::App* app, InstanceOptions& o, const std::string& default_precision);
// Adds --allow-second-order: accept a second_order_saddle (e.g. the paper's
// basic example) as the SOD base point.
void add_allow_second_order_flag(CLI::App* app, bool& allow);
// Turns --start into spec.start (validates count later, when n and r are known),
// --mem-budget into spec.mem_budget; refuses an explicit --m <= 0.
void finalize_instance_options(InstanceOptions& o);

template <class T>
struct Tag {
  using type = T;
};

// Calls f(Tag<T>{}) for the scalar named by `precision`; throws input_error
// naming the valid choices otherwise.
template <class F>
int with_precision(const std::string& precision, F&& f) {
  if (precision == "double") return f(Tag<double>{});
#ifndef SODLIFT_NO_LONG_DOUBLE
  if (precision == "long-double") return f(Tag<long double>{});
#endif
#ifndef SODLIFT_NO_F128
  if (precision == "float128") return f(Tag<f128>{});
#endif
  if (precision == "long-double" || precision == "float128")
    throw input_error("--precision " + precision +
                      ": this build was configured without it (scripts/validate.sh and sanitizer "
                      "builds use -DSODLIFT_SCALARS=\"double;bf50;bf100\"); use double, bf50 or "
                      "bf100, or rebuild with scripts/build.sh "
                      "-DSODLIFT_SCALARS=\"double;long_double;f128;bf50;bf100\"");
  if (precision == "bf50") return f(Tag<bf50>{});
  if (precision == "bf100") return f(Tag<bf100>{});
  throw input_error("unknown --precision '" + precision +
                    "': use one of double, long-double, float128, bf50, bf100");
}

// A decimal flag value that must be finite and >= 0 (or > 0 when
// !allow_zero), e.g. a tolerance or a threshold; throws input_error naming
// the flag (NaN would silently disable the comparison it feeds).
template <class T>
T parse_nonnegative(const std::string& s, const char* flag, bool allow_zero) {
  const T v = from_named_string<T>(s, flag);
  if (!is_finite(v) || v < 0 || (!allow_zero && v == 0))
    throw input_error(std::string(flag) + " '" + s + "' must be a finite number " +
                      (allow_zero ? ">= 0" : "> 0"));
  return v;
}

// One name per concept (issue 23, README "One name per concept"). An old
// spelling of a flag stays accepted for one version as a hidden alias that
// writes the same variable; giving both spellings is refused; using the old
// one leaves a one-line note on stderr (after the result, or appended to the
// one error line, so a refusal stays one line).
template <class V>
CLI::Option* add_old_spelling(CLI::App* app, CLI::Option* current, const std::string& old_name, V& var);
// Records a note for stderr: printed as "sodlift: note: ..." after a
// successful command; appended to the error line when `on_error` (a refusal
// caused by an old spelling should say so), dropped otherwise.
void note_deprecated(const std::string& note, bool on_error);
// --sign of every command: +1 or -1 (the u_n convention, JSON "sign"), and
// `both` where the command runs both (simulate). The old simulate spellings
// + and - are accepted with a note. Throws input_error naming the accepted values.
std::vector<int> parse_signs(const std::string& text, bool allow_both, const std::string& command);
// One sign (+1 or -1), for the commands that run one.
int parse_sign(const std::string& text, const std::string& command);

// Registration hooks, one per subcommand file. Each adds its subcommand to
// `app` and sets a callback that stores the exit status in `status`.
void register_instance(CLI::App& app, int& status);
void register_closed_form(CLI::App& app, int& status);
void register_escape(CLI::App& app, int& status);
void register_lifted(CLI::App& app, int& status);
void register_simulate(CLI::App& app, int& status);
void register_validate(CLI::App& app, int& status);
void register_study(CLI::App& app, int& status);
void register_search(CLI::App& app, int& status);

// Runs `body`, turning sodlift errors into a one-line message and exit code 2.
int run_guarded(const std::function<int()>& body);

// Parses argv with `app` (whose subcommand callbacks set `status`) and returns
// the process exit code. Every command-line error (unknown flag, missing or
// malformed value, failed check) becomes ONE line on stderr naming the flag,
// the value and the fix, and exit code 2, like every other bad input; --help
// and --version exit 0. Integer flags accept plain decimal digits only
// (CLI11 alone would read 010 as octal 8, 0x10 as 16 and -1 as 2^64 - 1).
int parse_command_line(CLI::App& app, int argc, char** argv, const int& status);

// The callback of every instance-based subcommand: under run_guarded, finish
// the instance options of `o` (o->inst), then call run(Tag<T>{}) for the
// scalar named by --precision; the exit status goes to `status`.
template <class Opts, class Run>
void set_instance_callback(CLI::App* sub, std::shared_ptr<Opts> o, int& status, Run run) {
  sub->callback([o, &status, run] {
    status = run_guarded([&] {
      finalize_instance_options(o->inst);
      return with_precision(o->inst.precision, run);
    });
  });
}

inline const char* const kOldSpellingGroup = "Old spellings (still accepted, removed in the next version)";

namespace detail {
void register_old_spelling(CLI::Option* old_opt, const std::string& old_name, const std::string& current_name);
}

template <class V>
CLI::Option* add_old_spelling(CLI::App* app, CLI::Option* current, const std::string& old_name, V& var) {
  CLI::Option* old_opt = app->add_option(old_name, var, "old spelling of " + current->get_name());
  // Listed apart in --help (a hidden option would lose its name in CLI11's messages).
  old_opt->group(kOldSpellingGroup);
  old_opt->excludes(current);
  detail::register_old_spelling(old_opt, old_name, current->get_name());
  return old_opt;
}

}  // namespace sodlift::cli
