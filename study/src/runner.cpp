// The study runner: records, shards, resume, merge, summary (runner.hpp).
#include "sodlift/study/runner.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "sodlift/study/seeds.hpp"
#include "sodlift/study/summary.hpp"
#include "sodlift/support/atomic_file.hpp"
#include "sodlift/support/errors.hpp"

namespace sodlift::study {

namespace fs = std::filesystem;

namespace {

// ---- signals: the first SIGINT/SIGTERM asks to stop after the trial in
// flight; a second one restores the default action and re-raises.
volatile sig_atomic_t g_stop_signal = 0;

void on_stop_signal(int sig) {
  if (g_stop_signal != 0) {
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  g_stop_signal = sig;
  const char msg[] =
      "\nsodlift study: stopping after the trial in flight (signal again to stop at once)\n";
  ssize_t ignored = write(2, msg, sizeof msg - 1);
  (void)ignored;
}

struct SignalScope {
  struct sigaction old_int {
  }, old_term{};
  SignalScope() {
    g_stop_signal = 0;
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
  }
  ~SignalScope() {
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGTERM, &old_term, nullptr);
  }
};

// ---- the study as the runner sees it
struct Study {
  const StudyType* type = nullptr;
  Spec spec;
  std::string hash;
  std::uint64_t hash_value = 0;
  std::vector<Configuration> configs;
  std::vector<std::string> methods;
  std::map<std::string, std::size_t> config_index, method_index;
};

Study make_study(const StudyType& t, Spec spec) {
  Study s;
  s.type = &t;
  s.spec = std::move(spec);
  if (t.check) t.check(s.spec);
  s.hash = s.spec.hash();
  s.hash_value = s.spec.hash_value();
  s.configs = t.configurations(s.spec);
  s.methods = t.methods(s.spec);
  if (s.configs.empty())
    throw input_error("study " + t.name +
                      ": the grid is empty; give at least one value per grid flag");
  for (std::size_t i = 0; i < s.configs.size(); ++i)
    if (!s.config_index.emplace(s.configs[i].id, i).second)
      throw input_error("study " + t.name + ": configuration '" + s.configs[i].id +
                        "' appears twice in the grid; list each value once");
  for (std::size_t i = 0; i < s.methods.size(); ++i) s.method_index.emplace(s.methods[i], i);
  return s;
}

const StudyType& require_type(const std::string& name) {
  const StudyType* t = find_study_type(name);
  if (!t) {
    std::string names;
    for (const auto* x : study_types()) names += (names.empty() ? "" : ", ") + x->name;
    throw input_error("unknown study '" + name + "'; registered studies: " + names);
  }
  return *t;
}

Json spec_file_json(const Study& s) {
  Json j = Json::object();
  j["spec"] = s.spec.canonical_json();
  j["spec_hash"] = s.hash;
  j["configurations"] = Json::array();
  for (const auto& c : s.configs)
    j["configurations"].push_back({{"id", c.id}, {"params", c.params}});
  j["methods"] = s.methods;
  return j;
}

std::string describe_spec(const Json& canonical) {
  std::string d =
      canonical.value("study", "?") + " (sodlift " + canonical.value("sodlift_version", "?");
  if (canonical.contains("flags"))
    for (const auto& [k, v] : canonical["flags"].items())
      d += ", --" + k + " " + v.get<std::string>();
  return d + ")";
}

// A decimal as (negative, significant digits without leading/trailing
// zeros, exponent of the first digit); "0.10" and "1e-1" give the same.
// False when `s` is not a plain decimal.
bool canonical_decimal(const std::string& s, bool& neg, std::string& digits, long long& exp10) {
  std::size_t i = 0;
  neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  std::string all;
  long long point = -1;
  for (; i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.'); ++i) {
    if (s[i] == '.') {
      if (point >= 0) return false;
      point = static_cast<long long>(all.size());
    } else {
      all += s[i];
    }
  }
  if (all.empty()) return false;
  if (point < 0) point = static_cast<long long>(all.size());
  long long e = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    const std::string rest = s.substr(i + 1);
    if (rest.empty() || rest.size() > 9 || rest.find_first_not_of("+-0123456789") != std::string::npos) return false;
    try {
      std::size_t pos = 0;
      e = std::stoll(rest, &pos);
      if (pos != rest.size()) return false;
    } catch (const std::exception&) {
      return false;
    }
    i = s.size();
  }
  if (i != s.size()) return false;
  const std::size_t first = all.find_first_not_of('0');
  if (first == std::string::npos) {  // zero, whatever its sign
    neg = false;
    digits.clear();
    exp10 = 0;
    return true;
  }
  const std::size_t last = all.find_last_not_of('0');
  digits = all.substr(first, last - first + 1);
  exp10 = point - static_cast<long long>(first) + e;
  return true;
}

// Equal as numbers (every comma-separated entry), though spelt differently.
bool numerically_equal(const std::string& a, const std::string& b) {
  std::stringstream sa(a), sb(b);
  std::string x, y;
  bool any = false;
  while (true) {
    const bool ga = static_cast<bool>(std::getline(sa, x, ',')), gb = static_cast<bool>(std::getline(sb, y, ','));
    if (!ga || !gb) return ga == gb && any;
    bool nx, ny;
    std::string dx, dy;
    long long ex, ey;
    if (!canonical_decimal(x, nx, dx, ex) || !canonical_decimal(y, ny, dy, ey)) return false;
    if (nx != ny || dx != dy || ex != ey) return false;
    any = true;
  }
}

// "--eps is 0.1 in A but 0.10 in B (numerically equal, spelt differently: a
// spec keeps decimals as typed)", one clause per differing flag (issue 23).
std::string spec_differences(const Json& a, const std::string& a_name, const Json& b, const std::string& b_name) {
  std::vector<std::string> parts;
  if (a.value("study", "") != b.value("study", ""))
    parts.push_back("the study type is " + a.value("study", "?") + " in " + a_name + " but " + b.value("study", "?") +
                    " in " + b_name);
  if (a.value("sodlift_version", "") != b.value("sodlift_version", ""))
    parts.push_back("the sodlift version is " + a.value("sodlift_version", "?") + " in " + a_name + " but " +
                    b.value("sodlift_version", "?") + " in " + b_name);
  std::map<std::string, std::pair<std::string, std::string>> flags;
  const std::string absent = "(absent)";
  for (const auto* side : {&a, &b})
    if (side->contains("flags"))
      for (const auto& [k, v] : (*side)["flags"].items()) {
        auto& p = flags.try_emplace(k, absent, absent).first->second;
        (side == &a ? p.first : p.second) = v.is_string() ? v.get<std::string>() : v.dump();
      }
  for (const auto& [k, v] : flags) {
    if (v.first == v.second) continue;
    parts.push_back("--" + k + " is " + v.first + " in " + a_name + " but " + v.second + " in " + b_name +
                    (numerically_equal(v.first, v.second)
                         ? " (numerically equal, spelt differently: a spec keeps decimals as typed)"
                         : ""));
  }
  if (parts.empty()) return "the specs differ";  // e.g. an edited spec.json
  std::string d;
  for (std::size_t i = 0; i < parts.size(); ++i) d += (i ? "; " : "") + parts[i];
  return d;
}

// Reads <dir>/spec.json: {spec, spec_hash}; nullopt-like empty Json when absent.
Json read_spec_file(const std::string& dir) {
  const fs::path p = fs::path(dir) / "spec.json";
  if (!fs::exists(p)) return Json();
  std::ifstream in(p);
  Json j;
  try {
    in >> j;
  } catch (const std::exception& e) {
    throw input_error(p.string() + ": not valid JSON (" + e.what() +
                      "); it must be the spec.json a study run wrote");
  }
  if (!j.contains("spec") || !j.contains("spec_hash"))
    throw input_error(p.string() +
                      ": no spec/spec_hash; it must be the spec.json a study run wrote");
  return j;
}

std::string record_line(const Study& s, const Configuration& c, std::uint64_t trial,
                        std::uint64_t seed, const TrialRecord& r, double wall) {
  Json j = Json::object();
  j["study"] = s.spec.study;
  j["spec_hash"] = s.hash;
  j["configuration"] = c.id;
  j["trial"] = trial;
  j["seed"] = std::to_string(seed);
  j["method"] = r.method;
  j["result"] = r.result;
  j["timing"] = {{"trial_wall_seconds", wall}};
  return j.dump() + "\n";
}

// The part of a record that must agree between two runs of one trial.
Json identity_of(Json j) {
  j.erase("timing");
  if (j.contains("result") && j["result"].is_object()) j["result"].erase("timing");
  return j;
}

struct Loaded {
  Json line;
  Record rec;
  std::string where;  // file:line
};

// Parses the lines of one records file. A last line without its newline or
// that does not parse is "torn" (the trial in flight when a run was killed):
// reported through torn_bytes, not loaded. Any other bad line is an error.
std::vector<Loaded> load_records_file(const Study& s, const std::string& path,
                                      std::uint64_t& complete_bytes, std::uint64_t& torn_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error("cannot read '" + path + "': " + std::strerror(errno));
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<Loaded> out;
  complete_bytes = 0;
  torn_bytes = 0;
  std::size_t pos = 0, lineno = 0;
  while (pos < all.size()) {
    ++lineno;
    const std::size_t nl = all.find('\n', pos);
    const bool last = nl == std::string::npos || nl + 1 == all.size();
    const std::string text =
        all.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    const std::string where = path + ":" + std::to_string(lineno);
    Json j;
    bool ok = nl != std::string::npos;
    if (ok) {
      try {
        j = Json::parse(text);
      } catch (const std::exception&) {
        ok = false;
      }
    }
    if (!ok) {
      if (last) {
        torn_bytes = all.size() - pos;
        break;
      }
      throw input_error(where +
                        ": not a JSON record (and not the last line, so not a torn write); "
                        "the file is damaged: move it away or repair that line");
    }
    if (!j.is_object() || !j.contains("spec_hash") || !j.contains("configuration") ||
        !j.contains("trial") || !j.contains("method") || !j.contains("result") ||
        !j.contains("seed"))
      throw input_error(where +
                        ": not a study record (needs spec_hash, configuration, trial, seed, "
                        "method, result)");
    const std::string h = j["spec_hash"].get<std::string>();
    if (h != s.hash)
      throw input_error(where + ": record of another study spec (hash " + h + ", this study is " +
                        s.hash + " = " + describe_spec(s.spec.canonical_json()) +
                        "); keep records of different specs in different directories");
    Loaded L;
    L.where = where;
    L.rec.configuration = j["configuration"].get<std::string>();
    L.rec.trial = j["trial"].get<std::uint64_t>();
    L.rec.seed = std::stoull(j["seed"].get<std::string>());
    L.rec.method = j["method"].get<std::string>();
    L.rec.result = j["result"];
    const auto ci = s.config_index.find(L.rec.configuration);
    const auto mi = s.method_index.find(L.rec.method);
    if (ci == s.config_index.end() || mi == s.method_index.end())
      throw input_error(where + ": configuration '" + L.rec.configuration + "' / method '" +
                        L.rec.method + "' is not in this study's grid; the record is damaged");
    L.rec.config_index = ci->second;
    L.rec.method_index = mi->second;
    if (L.rec.seed != trial_seed(s.hash_value, L.rec.configuration, L.rec.trial))
      throw input_error(where + ": seed " + std::to_string(L.rec.seed) +
                        " is not the derived seed of this trial; the record is damaged");
    L.line = std::move(j);
    out.push_back(std::move(L));
    complete_bytes = nl + 1;
    pos = nl + 1;
  }
  return out;
}

using Key = std::tuple<std::size_t, std::uint64_t, std::size_t>;  // config, trial, method

// De-duplicates: identical duplicates (up to "timing") collapse, conflicting
// ones are an error naming the trial and both places. Result sorted by Key.
std::map<Key, Loaded> dedupe(std::vector<Loaded> all) {
  std::map<Key, Loaded> out;
  for (auto& L : all) {
    const Key k{L.rec.config_index, L.rec.trial, L.rec.method_index};
    const auto it = out.find(k);
    if (it == out.end()) {
      out.emplace(k, std::move(L));
      continue;
    }
    if (identity_of(it->second.line) != identity_of(L.line))
      throw input_error("conflicting records for configuration '" + L.rec.configuration +
                        "', trial " + std::to_string(L.rec.trial) + ", method '" + L.rec.method +
                        "': " + it->second.where + " and " + L.where +
                        " differ (a trial must be a pure function of its seed); rerun it alone "
                        "with --only-trial to see which is right and delete the other");
  }
  return out;
}

std::vector<std::string> records_files(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name.rfind("records", 0) == 0 && e.path().extension() == ".jsonl")
      files.push_back(e.path().string());
  }
  if (ec) throw input_error("cannot list '" + dir + "': " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

// ---- the summary, from records only
void write_summary(const Study& s, const std::map<Key, Loaded>& recs, const std::string& dir,
                   bool quiet) {
  std::vector<Record> sorted;
  sorted.reserve(recs.size());
  for (const auto& [k, L] : recs) sorted.push_back(L.rec);
  SummaryBuilder b(dir, s.configs, s.methods);
  s.type->summarize(s.spec, sorted, b);

  // Coverage per configuration: trials with every method, incomplete trials,
  // and gaps in the trial indices (a missing shard shows up here).
  const std::size_t C = s.configs.size(), M = s.methods.size();
  std::vector<std::map<std::uint64_t, std::size_t>> per(C);
  for (const auto& r : sorted) ++per[r.config_index][r.trial];
  Json cov = Json::array();
  std::vector<std::vector<std::string>> rows;
  bool gaps_anywhere = false;
  for (std::size_t c = 0; c < C; ++c) {
    std::uint64_t complete = 0, incomplete = 0, max_trial = 0;
    for (const auto& [t, n] : per[c]) {
      (n == M ? complete : incomplete) += 1;
      max_trial = std::max(max_trial, t);
    }
    const std::uint64_t present = per[c].size();
    const std::uint64_t missing = present ? max_trial + 1 - present : 0;
    gaps_anywhere |= missing > 0 || incomplete > 0;
    std::string missing_list;
    std::uint64_t listed = 0;
    for (std::uint64_t t = 0; present && t <= max_trial && listed < 10; ++t)
      if (!per[c].count(t)) {
        missing_list += (listed ? "," : "") + std::to_string(t);
        ++listed;
      }
    if (missing > listed) missing_list += ",...";
    cov.push_back({{"configuration", s.configs[c].id},
                   {"trials_complete", complete},
                   {"trials_incomplete", incomplete},
                   {"trial_indices_missing", missing}});
    rows.push_back({s.configs[c].id, std::to_string(complete), std::to_string(incomplete),
                    missing ? std::to_string(missing) + " (" + missing_list + ")" : "0"});
  }

  std::ostringstream md;
  md << "# Study `" << s.spec.study << "`\n\n"
     << s.type->description << "\n\n"
     << "- spec hash: `" << s.hash << "` (sodlift " << s.spec.sodlift_version << ")\n"
     << "- records: " << sorted.size() << " (one per configuration, trial and method; " << C
     << " configurations, " << M << " methods: ";
  for (std::size_t m = 0; m < M; ++m) md << (m ? ", " : "") << "`" << s.methods[m] << "`";
  md << ")\n- computed from the records only (`records*.jsonl`); the same records give the same "
        "bytes, whether they came from one process, merged shards or a resumed run\n\n"
     << "## Spec\n\n";
  std::vector<std::vector<std::string>> flag_rows;
  for (const auto& [k, v] : s.spec.flags) flag_rows.push_back({"--" + k, v});
  md << markdown_table({"flag", "value"}, flag_rows) << "\n## Coverage\n\n"
     << markdown_table(
            {"configuration", "complete trials", "incomplete trials", "missing trial indices"},
            rows)
     << "\n";
  if (gaps_anywhere)
    md << "**Incomplete:** some trials are missing or lack a method (an unfinished run or a "
          "missing shard); rates below use the records present.\n\n";
  md << b.markdown_text();

  Json j = Json::object();
  j["study"] = s.spec.study;
  j["spec"] = s.spec.canonical_json();
  j["spec_hash"] = s.hash;
  j["methods"] = s.methods;
  j["records"] = sorted.size();
  j["coverage"] = cov;
  j["complete"] = !gaps_anywhere;
  j["results"] = b.json();
  std::vector<std::string> files = b.files();
  files.push_back("summary.md");
  files.push_back("summary.json");
  std::sort(files.begin(), files.end());
  j["files"] = files;
  write_file_atomic((fs::path(dir) / "summary.md").string(), md.str());
  write_file_atomic((fs::path(dir) / "summary.json").string(), j.dump(2) + "\n");
  for (const auto& w : b.warnings()) std::cerr << "sodlift study: warning: " << w << "\n";
  if (!quiet)
    std::cerr << "sodlift study: summary of " << sorted.size() << " records in "
              << (fs::path(dir) / "summary.md").string() << "\n";
}

std::string fmt_duration(double s) {
  if (!(s >= 0) || s > 1e8) return "?";
  const long t = static_cast<long>(s + 0.5);
  char buf[32];
  if (t >= 3600)
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, (t / 60) % 60);
  else
    std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  return buf;
}

class Progress {
 public:
  Progress(std::string label, std::uint64_t total, bool quiet)
      : label_(std::move(label)), total_(total), quiet_(quiet), tty_(isatty(2) != 0) {}
  void tick(std::uint64_t done, bool final = false) {
    if (quiet_ || (final && done == shown_)) return;
    const auto now = std::chrono::steady_clock::now();
    if (!final && done != total_ && now - last_ < std::chrono::seconds(tty_ ? 1 : 10)) return;
    last_ = now;
    shown_ = done;
    const double el = std::chrono::duration<double>(now - start_).count();
    const double rate = el > 0 ? done / el : 0;
    char buf[256];
    std::snprintf(buf, sizeof buf, "[study %s] %llu/%llu trials (%.0f%%), %.3g trials/s, ETA %s",
                  label_.c_str(), static_cast<unsigned long long>(done),
                  static_cast<unsigned long long>(total_), total_ ? 100.0 * done / total_ : 100.0,
                  rate, rate > 0 ? fmt_duration((total_ - done) / rate).c_str() : "?");
    if (tty_)
      std::cerr << "\r" << buf << "\033[K" << (final || done == total_ ? "\n" : "") << std::flush;
    else
      std::cerr << buf << "\n";
  }

 private:
  std::string label_;
  std::uint64_t total_;
  bool quiet_, tty_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_ = start_;
  std::uint64_t shown_ = ~std::uint64_t{0};
};

void append_all(int fd, const std::string& data, const std::string& path) {
  const char* p = data.data();
  std::size_t left = data.size();
  while (left > 0) {
    const ssize_t k = ::write(fd, p, left);
    if (k < 0) {
      if (errno == EINTR) continue;
      throw input_error("cannot append to '" + path + "': " + std::strerror(errno) +
                        "; free space or choose another --out, then rerun with --resume");
    }
    p += k;
    left -= static_cast<std::size_t>(k);
  }
}

}  // namespace

Shard parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  auto bad = [&]() -> input_error {
    return input_error("--shard '" + text +
                       "': expected K/N with 0 <= K < N (shard K of N, counted from 0), e.g. "
                       "--shard 0/4 ... --shard 3/4");
  };
  if (slash == std::string::npos) throw bad();
  const std::string a = text.substr(0, slash), b = text.substr(slash + 1);
  auto digits = [](const std::string& x) {
    return !x.empty() && x.size() < 10 && x.find_first_not_of("0123456789") == std::string::npos;
  };
  if (!digits(a) || !digits(b)) throw bad();
  Shard s{std::stoull(a), std::stoull(b)};
  if (s.n == 0 || s.k >= s.n) throw bad();
  return s;
}

int run_study(const RunOptions& o) {
  const StudyType& t = require_type(o.study);
  const Study s = make_study(t, make_spec(t, o.flags, o.sodlift_version));
  const std::uint64_t trials = o.trials ? o.trials : t.default_trials;
  const std::size_t C = s.configs.size();

  if (!o.only_trials.empty()) {
    // Rerun single trials: records to stdout, nothing written.
    for (const auto& id : o.only_configs)
      if (!s.config_index.count(id))
        throw input_error("--only-config '" + id +
                          "': not a configuration of this grid; use one of " + [&] {
                            std::string l;
                            for (const auto& c : s.configs) l += (l.empty() ? "" : ", ") + c.id;
                            return l;
                          }());
    for (const auto trial : o.only_trials) {
      if (trial < 0)
        throw input_error("--only-trial " + std::to_string(trial) + ": trial indices start at 0");
      for (const auto& c : s.configs) {
        if (!o.only_configs.empty() &&
            std::find(o.only_configs.begin(), o.only_configs.end(), c.id) == o.only_configs.end())
          continue;
        const std::uint64_t seed = trial_seed(s.hash_value, c.id, trial);
        const auto t0 = std::chrono::steady_clock::now();
        const auto recs = t.run_trial(s.spec, c, trial, seed);
        const double wall =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        for (const auto& r : recs) std::cout << record_line(s, c, trial, seed, r, wall);
        std::cout.flush();
      }
    }
    return 0;
  }

  const std::string out = o.out.empty() ? "sodlift-study-" + t.name : o.out;
  require_writable_dir(out, "--out");
  const Json existing = read_spec_file(out);
  if (!existing.is_null() && existing["spec_hash"].get<std::string>() != s.hash)
    throw input_error("--out '" + out + "' holds study spec " +
                      existing["spec_hash"].get<std::string>() + " = " +
                      describe_spec(existing["spec"]) + ", but this run's spec is " + s.hash + ": " +
                      spec_differences(existing["spec"], "--out", s.spec.canonical_json(), "this run") +
                      "; use the same flags to continue it, or another --out");
  const bool sharded = o.shard.n > 1;
  const std::string file =
      (fs::path(out) / (sharded ? "records-" + std::to_string(o.shard.k) + "-of-" +
                                      std::to_string(o.shard.n) + ".jsonl"
                                : std::string("records.jsonl")))
          .string();

  // Completed records of this file (resume) -> which methods each trial has.
  std::map<std::pair<std::size_t, std::uint64_t>, std::set<std::size_t>> have;
  std::uint64_t already = 0;
  if (fs::exists(file) && fs::file_size(file) > 0) {
    if (!o.resume)
      throw input_error("'" + file +
                        "' already holds records; pass --resume to continue that run, "
                        "or choose another --out");
    std::uint64_t complete_bytes = 0, torn = 0;
    const auto loaded = load_records_file(s, file, complete_bytes, torn);
    const auto unique = dedupe(loaded);
    if (torn) {
      std::cerr << "sodlift study: warning: dropping the torn last line of " << file << " (" << torn
                << " bytes, the trial in flight when the run stopped; it is run again)\n";
      if (::truncate(file.c_str(), static_cast<off_t>(complete_bytes)) != 0)
        throw input_error("cannot truncate the torn last line of '" + file +
                          "': " + std::strerror(errno));
    }
    for (const auto& [k, L] : unique) have[{std::get<0>(k), std::get<1>(k)}].insert(std::get<2>(k));
  }
  write_file_atomic((fs::path(out) / "spec.json").string(), spec_file_json(s).dump(2) + "\n");

  // The work of this process, in global order g = trial * C + config.
  std::vector<std::pair<std::size_t, std::uint64_t>> todo;
  std::uint64_t mine = 0;
  for (std::uint64_t tr = 0; tr < trials; ++tr)
    for (std::size_t c = 0; c < C; ++c) {
      const std::uint64_t g = tr * C + c;
      if (g % o.shard.n != o.shard.k) continue;
      ++mine;
      const auto it = have.find({c, tr});
      if (it != have.end() && it->second.size() == s.methods.size()) {
        ++already;
        continue;
      }
      todo.push_back({c, tr});
    }
  const std::string label =
      t.name +
      (sharded ? " shard " + std::to_string(o.shard.k) + "/" + std::to_string(o.shard.n) : "");
  if (!o.quiet)
    std::cerr << "sodlift study " << t.name << ": spec " << s.hash << ", " << C
              << " configurations x " << trials << " trials x " << s.methods.size() << " methods; "
              << mine << " trials in this " << (sharded ? "shard" : "run") << ", " << already
              << " already recorded, " << todo.size() << " to run; records -> " << file << "\n";

  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0)
    throw input_error("cannot open '" + file + "' for appending: " + std::strerror(errno) +
                      "; choose a writable --out");
  SignalScope signals;
  Progress progress(label, todo.size(), o.quiet);
  std::uint64_t done = 0;
  for (const auto& [c, tr] : todo) {
    if (g_stop_signal) break;
    const Configuration& conf = s.configs[c];
    const std::uint64_t seed = trial_seed(s.hash_value, conf.id, tr);
    const auto t0 = std::chrono::steady_clock::now();
    const auto recs = t.run_trial(s.spec, conf, tr, seed);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (recs.size() != s.methods.size())
      throw std::logic_error("study " + t.name + ": run_trial returned " +
                             std::to_string(recs.size()) + " records for " +
                             std::to_string(s.methods.size()) + " methods");
    const auto& present = have[{c, tr}];
    std::string lines;
    for (std::size_t m = 0; m < recs.size(); ++m) {
      if (recs[m].method != s.methods[m])
        throw std::logic_error("study " + t.name + ": run_trial returned method '" +
                               recs[m].method + "' where '" + s.methods[m] +
                               "' was due (same order as methods())");
      if (!recs[m].result.is_object())
        throw std::logic_error("study " + t.name + ": run_trial's result for '" + recs[m].method +
                               "' is not a JSON object");
      if (!present.count(m)) lines += record_line(s, conf, tr, seed, recs[m], wall);
    }
    // One write per trial: a kill loses at most the trial in flight.
    append_all(fd, lines, file);
    ++done;
    progress.tick(done);
    if (o.delay_ms) std::this_thread::sleep_for(std::chrono::milliseconds(o.delay_ms));
  }
  ::close(fd);
  if (g_stop_signal) {
    const int sig = g_stop_signal;
    std::string cmd = o.command_line;
    if (cmd.find("--resume") == std::string::npos) cmd += " --resume";
    std::cerr << "sodlift study: stopped by " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << " after "
              << done << " of " << todo.size() << " trials; " << (already + done) << " of " << mine
              << " trials are recorded in " << file << ". Resume with: " << cmd << "\n";
    return 128 + sig;
  }
  progress.tick(done, true);
  if (sharded) {
    if (!o.quiet)
      std::cerr << "sodlift study: shard " << o.shard.k << "/" << o.shard.n
                << " complete; merge the shards with: sodlift study merge DIR... --out DIR\n";
    return 0;
  }
  std::uint64_t cb = 0, torn = 0;
  auto recs = dedupe(load_records_file(s, file, cb, torn));
  write_summary(s, recs, out, o.quiet);
  return 0;
}

void merge_studies(const std::vector<std::string>& inputs, const std::string& out, bool quiet,
                   const std::string& sodlift_version) {
  if (inputs.empty()) throw input_error("study merge: give at least one input directory");
  // Every input must carry the same spec; the first one defines it.
  Json first;
  std::string first_dir;
  for (const auto& dir : inputs) {
    if (!fs::is_directory(dir))
      throw input_error("study merge: '" + dir +
                        "' is not a directory; give the --out directories "
                        "of the runs or shards to merge");
    const Json j = read_spec_file(dir);
    if (j.is_null())
      throw input_error("study merge: '" + dir +
                        "' has no spec.json; it is not the output of "
                        "`sodlift study`");
    if (first.is_null()) {
      first = j;
      first_dir = dir;
    } else if (j["spec_hash"] != first["spec_hash"]) {
      throw input_error("study merge: different study specs: " +
                        spec_differences(first["spec"], "'" + first_dir + "'", j["spec"], "'" + dir + "'") +
                        " (spec " + first["spec_hash"].get<std::string>() + " vs " +
                        j["spec_hash"].get<std::string>() + "); merge only shards of one study");
    }
  }
  // Rebuild the study from the stored spec (not from this binary's defaults).
  const Json& cj = first["spec"];
  const StudyType& t = require_type(cj.value("study", ""));
  Spec spec;
  spec.study = t.name;
  spec.sodlift_version = cj.value("sodlift_version", "");
  for (const auto& [k, v] : cj["flags"].items()) spec.flags[k] = v.get<std::string>();
  const Study s = make_study(t, spec);
  if (s.hash != first["spec_hash"].get<std::string>())
    throw input_error("study merge: " + first_dir + "/spec.json: its spec hashes to " + s.hash +
                      ", not the recorded " + first["spec_hash"].get<std::string>() +
                      "; the file was edited");
  if (spec.sodlift_version != sodlift_version && !quiet)
    std::cerr << "sodlift study merge: note: records made by sodlift " << spec.sodlift_version
              << ", summarised by " << sodlift_version << "\n";

  require_writable_dir(out, "--out");
  const Json existing = read_spec_file(out);
  if (!existing.is_null() && existing["spec_hash"] != first["spec_hash"])
    throw input_error("study merge: --out '" + out + "' holds study spec " +
                      existing["spec_hash"].get<std::string>() + " = " +
                      describe_spec(existing["spec"]) + ", not " + s.hash +
                      "; choose another --out");

  std::vector<Loaded> all;
  std::size_t nfiles = 0;
  for (const auto& dir : inputs)
    for (const auto& f : records_files(dir)) {
      std::uint64_t cb = 0, torn = 0;
      auto v = load_records_file(s, f, cb, torn);
      if (torn)
        std::cerr << "sodlift study merge: warning: ignoring the torn last line of " << f << " ("
                  << torn << " bytes; that trial is missing until its shard is resumed)\n";
      ++nfiles;
      for (auto& L : v) all.push_back(std::move(L));
    }
  const std::size_t raw = all.size();
  const auto unique = dedupe(std::move(all));
  std::string lines;
  for (const auto& [k, L] : unique) lines += L.line.dump() + "\n";
  write_file_atomic((fs::path(out) / "spec.json").string(), spec_file_json(s).dump(2) + "\n");
  write_file_atomic((fs::path(out) / "records.jsonl").string(), lines);
  if (!quiet)
    std::cerr << "sodlift study merge: " << raw << " records from " << nfiles << " files in "
              << inputs.size() << " directories, " << unique.size() << " after de-duplication -> "
              << (fs::path(out) / "records.jsonl").string() << "\n";
  write_summary(s, unique, out, quiet);
}

}  // namespace sodlift::study
