#include "common.hpp"

#include <cerrno>
#include <algorithm>
#include <cstdlib>
#include <utility>
#include <vector>
#include <sstream>

#include "sodlift/support/memory.hpp"

namespace sodlift::cli {

void add_instance_options(CLI::App* app, InstanceOptions& o, const std::string& default_precision) {
  o.precision = default_precision;
  app->add_option("--instance", o.spec.name,
                  "Instance: basic (paper 1.1), realworld (App. C.2), pmc (App. C.1), "
                  "gaussian (4.7), or file (JSON, see --file)")
      ->capture_default_str();
  app->add_option("--n", o.spec.n, "Dimension n for pmc and gaussian")->capture_default_str();
  app->add_option("--eps", o.spec.eps, "pmc perturbation epsilon (decimal, exact)")
      ->capture_default_str();
  o.m_option = app->add_option("--m", o.spec.m, "gaussian: number of measurements, >= 1 (default 5n)");
  app->add_option("--r", o.spec.r, "Search rank r (gaussian: also the truth rank)")
      ->capture_default_str();
  app->add_option("--seed", o.spec.seed, "gaussian: random seed (printed with every result)")
      ->capture_default_str();
  app->add_option("--file", o.spec.file, "Instance JSON file (with --instance file)");
  app->add_option("--start", o.start_csv,
                  "Start point for the critical-point search: n*r comma-separated numbers, "
                  "column-major (default: the paper's spurious neighbourhood)");
  app->add_option("--precision", o.precision,
                  "Working precision: double, long-double, float128, bf50, bf100")
      ->capture_default_str();
  app->add_option("--mem-budget", o.mem_budget,
                  "Memory budget for everything that grows with the instance (e.g. 2G, 512M; "
                  "default: half the available memory); larger requests are refused with the estimate");
}

void finalize_instance_options(InstanceOptions& o) {
  if (o.m_option && o.m_option->count() > 0 && o.spec.m <= 0)
    throw input_error("--m " + std::to_string(o.spec.m) +
                      " is invalid: the number of measurements must be >= 1 (omit --m for the default 5n)");
  // An ignored flag is a trap (issue 23): --file is read only by --instance file.
  if (!o.spec.file.empty() && o.spec.name != "file")
    throw input_error("--file " + o.spec.file + " is read only with --instance file, but --instance is '" +
                      o.spec.name + "'; add --instance file (or drop --file)");
  o.spec.mem_budget = o.mem_budget.empty() ? 0 : parse_memory_size(o.mem_budget);
  o.spec.start.clear();
  if (o.start_csv.empty()) return;
  std::stringstream ss(o.start_csv);
  std::string item;
  while (std::getline(ss, item, ',')) {
    auto b = item.find_first_not_of(" \t");
    auto e = item.find_last_not_of(" \t");
    if (b == std::string::npos) throw input_error("--start: empty entry in '" + o.start_csv + "'");
    o.spec.start.push_back(item.substr(b, e - b + 1));
  }
}

void add_allow_second_order_flag(CLI::App* app, bool& allow) {
  app->add_flag("--allow-second-order", allow,
                "Accept a second-order critical point that is not a local minimum (e.g. basic, "
                "paper 1.1, which sodlift certifies as a second_order_saddle) as the SOD base point");
}

namespace {

struct OldSpelling {
  CLI::Option* opt;
  std::string old_name, current_name;
};
std::vector<OldSpelling>& old_spellings() {
  static std::vector<OldSpelling> v;
  return v;
}
struct Note {
  std::string text;
  bool on_error;
};
std::vector<Note>& pending_notes() {
  static std::vector<Note> v;
  return v;
}

// Notes for the old spellings given on this command line.
void collect_old_spelling_notes() {
  for (const OldSpelling& o : old_spellings())
    if (o.opt->count() > 0)
      note_deprecated(o.old_name + " is the old spelling of " + o.current_name + " (one name per concept, README); it " +
                          "still works in this version and will be removed in the next: write " + o.current_name,
                      true);
}

// "; note: ..." for the error line (and forget the notes).
std::string notes_for_error() {
  collect_old_spelling_notes();
  std::string s;
  for (const Note& n : pending_notes())
    if (n.on_error) s += "; note: " + n.text;
  pending_notes().clear();
  return s;
}

void print_notes() {
  collect_old_spelling_notes();
  for (const Note& n : pending_notes()) std::cerr << "sodlift: note: " << n.text << "\n";
  pending_notes().clear();
}

}  // namespace

namespace detail {
void register_old_spelling(CLI::Option* old_opt, const std::string& old_name, const std::string& current_name) {
  old_spellings().push_back({old_opt, old_name, current_name});
}
}  // namespace detail

void note_deprecated(const std::string& note, bool on_error) {
  for (const Note& n : pending_notes())
    if (n.text == note) return;
  pending_notes().push_back({note, on_error});
}

std::vector<int> parse_signs(const std::string& text, bool allow_both, const std::string& command) {
  if (text == "+1" || text == "1") return {+1};
  if (text == "-1") return {-1};
  if (text == "+" || text == "-") {
    note_deprecated("--sign " + text + " is the old spelling of --sign " + text + "1 (one name per concept, README); "
                    "it still works in this version and will be removed in the next",
                    true);
    return {text == "+" ? +1 : -1};
  }
  if (text == "both") {
    if (allow_both) return {+1, -1};
    throw input_error("--sign both: `" + command + "` runs one sign; use --sign +1 or --sign -1 (only `simulate` "
                      "runs both)");
  }
  throw input_error("--sign '" + text + "': the sign of u_n is +1 (the convention) or -1 (flipped)" +
                    (allow_both ? std::string(", or both to run the two") : std::string()) + "; e.g. --sign -1");
}

int parse_sign(const std::string& text, const std::string& command) {
  return parse_signs(text, false, command).front();
}

namespace {

// Error messages are one line whatever the library underneath put in them.
std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// Validator for integer flags: plain decimal digits with an optional sign,
// within 64 bits (the option's own type range is checked by CLI11 after it).
// The example in the fix is the option's default (an accepted value), never a
// fixed number that this option might refuse (issue 23: "--t 1e20" once
// suggested -3).
std::string check_decimal_integer(const std::string& v, bool is_unsigned, const std::string& example) {
  const std::string fix = std::string(is_unsigned ? "write a non-negative whole number in decimal digits"
                                                  : "write a whole number in decimal digits") +
                          (example.empty() ? std::string() : ", e.g. " + example + " (the default)");
  std::size_t k = 0;
  if (!v.empty() && (v[0] == '+' || (v[0] == '-' && !is_unsigned))) k = 1;
  if (k == v.size()) return "'" + v + "' is not a number; " + fix;
  for (std::size_t i = k; i < v.size(); ++i)
    if (v[i] < '0' || v[i] > '9') {
      if (v[0] == '-' && is_unsigned) return "'" + v + "' is negative; " + fix;
      return "'" + v + "' is not a whole decimal number; " + fix;
    }
  if (v[k] == '0' && v.size() > k + 1)
    return "'" + v + "' has a leading zero (would be read as octal); " + fix;
  errno = 0;
  if (is_unsigned)
    (void)std::strtoull(v.c_str(), nullptr, 10);
  else
    (void)std::strtoll(v.c_str(), nullptr, 10);
  if (errno == ERANGE) return "'" + v + "' is out of range for a 64-bit integer";
  return std::string();
}

void harden_integer_options(CLI::App& app) {
  for (CLI::Option* opt : app.get_options()) {
    const std::string type = opt->get_type_name();
    if (type != "INT" && type != "UINT") continue;
    const bool is_unsigned = type == "UINT";
    std::string example = opt->get_default_str();
    if (!example.empty() && !check_decimal_integer(example, is_unsigned, "").empty()) example.clear();
    opt->check(CLI::Validator(
        [is_unsigned, example](std::string& v) { return check_decimal_integer(v, is_unsigned, example); }, "",
        "decimal integer"));
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
    harden_integer_options(*sub);
}

// What to suggest: the help of the (nested) subcommand being parsed, if any.
std::string help_hint(const CLI::App& app) {
  std::string path = "sodlift";
  for (const CLI::App* node = &app; !node->get_subcommands().empty();) {
    node = node->get_subcommands().front();
    path += " " + node->get_name();
  }
  return "run `" + path + " --help`";
}

// CLI11 reports an unknown command word ("sodlift frobnicate", "sodlift study
// nosuch") only as "A subcommand is required"; name the word and the commands
// instead. Returns "" when the words before the first option are all known.
std::string unknown_command(CLI::App& app, int argc, char** argv) {
  CLI::App* node = &app;
  std::string path = "sodlift";
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.empty() || word[0] == '-') return std::string();
    const auto match = node->get_subcommands([&](CLI::App* s) { return s->check_name(word); });
    if (match.empty()) {
      bool positional = false;
      for (const CLI::Option* opt : node->get_options()) positional = positional || opt->get_positional();
      const bool has_commands = !node->get_subcommands([](CLI::App*) { return true; }).empty();
      if (node->get_require_subcommand_min() == 0 && (positional || !has_commands))
        return std::string();  // a positional value
      std::string names;
      for (const CLI::App* s : node->get_subcommands([](CLI::App*) { return true; }))
        names += (names.empty() ? "" : ", ") + s->get_name();
      return "unknown command '" + word + "' for `" + path + "`: use one of " + names + "; run `" +
             path + " --help`";
    }
    node = match.front();
    path += " " + node->get_name();
  }
  return std::string();
}

// Edit distance (insertions, deletions, substitutions, adjacent swaps).
std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

// "--rh 0.1" -> " (did you mean --rho?)": the closest long flag of the
// subcommand being parsed, when it is close (distance <= 2, or a prefix).
std::string did_you_mean(const CLI::App& app, const std::vector<std::string>& extras) {
  const CLI::App* node = &app;
  while (!node->get_subcommands().empty()) node = node->get_subcommands().front();
  for (const std::string& x : extras) {
    if (x.rfind("--", 0) != 0) continue;
    const std::string word = x.substr(2, x.find('=') == std::string::npos ? std::string::npos : x.find('=') - 2);
    // Key: (distance, not a prefix): "--rh" is 1 from both --r and --rho;
    // --rho, which "rh" begins, wins.
    std::string best;
    std::pair<std::size_t, int> best_key{3, 0};
    for (const CLI::Option* opt : node->get_options()) {
      // An old spelling that is close suggests its current spelling.
      std::string current;
      if (opt->get_group() == kOldSpellingGroup)
        for (const OldSpelling& o : old_spellings())
          if (o.opt == opt) current = o.current_name.substr(2);
      for (const std::string& name : opt->get_lnames()) {
        const bool prefix = word.size() >= 2 && name.rfind(word, 0) == 0;
        std::size_t dist = edit_distance(word, name);
        if (prefix) dist = std::min<std::size_t>(dist, 1);
        const std::pair<std::size_t, int> key{dist, prefix ? 0 : 1};
        if (key < best_key) {
          best_key = key;
          best = current.empty() ? name : current;
        }
      }
    }
    if (!best.empty()) return " (did you mean --" + best + " instead of " + x + "?)";
    return std::string();
  }
  return std::string();
}

}  // namespace

int parse_command_line(CLI::App& app, int argc, char** argv, const int& status) {
  harden_integer_options(app);
  if (const std::string bad = unknown_command(app, argc, argv); !bad.empty()) {
    std::cerr << "sodlift: invalid input: " << bad << "\n";
    return 2;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::string what = one_line(e.what());
    if (dynamic_cast<const CLI::ConversionError*>(&e)) {
      // "Could not convert: --n = 99999999999" (the digits passed the check
      // above, so the value does not fit the option's type).
      const std::string tag = "Could not convert: ";
      if (what.rfind(tag, 0) == 0) what = what.substr(tag.size());
      what += ": not representable (out of range for this option)";
    }
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) what += did_you_mean(app, app.remaining(true));
    std::cerr << "sodlift: invalid input: " << what << "; " << help_hint(app) << notes_for_error() << "\n";
    return 2;
  }
  return status;
}

int run_guarded(const std::function<int()>& body) {
  try {
    const int rc = body();
    print_notes();
    return rc;
  } catch (const input_error& e) {
    std::cerr << "sodlift: invalid input: " << one_line(e.what()) << notes_for_error() << "\n";
  } catch (const precondition_error& e) {
    std::cerr << "sodlift: precondition not met: " << one_line(e.what()) << notes_for_error() << "\n";
  } catch (const memory_budget_error& e) {
    std::cerr << "sodlift: memory budget: " << one_line(e.what()) << notes_for_error() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "sodlift: error: " << one_line(e.what()) << notes_for_error() << "\n";
  }
  return 2;
}

}  // namespace sodlift::cli
