// Study registry, spec canonicalisation and hashing (see study.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>

#include "sodlift/study/seeds.hpp"
#include "sodlift/study/study.hpp"
#include "sodlift/support/errors.hpp"

namespace sodlift::study {

namespace {

std::map<std::string, StudyType>& registry() {
  static std::map<std::string, StudyType> r;  // function-local: safe at static init
  return r;
}

[[noreturn]] void registration_error(const std::string& name, const std::string& what) {
  std::cerr << "sodlift: study type '" << name << "': " << what << "\n";
  std::abort();
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split_list(const std::string& flag, const std::string& v) {
  std::vector<std::string> out;
  std::stringstream ss(v);
  std::string item;
  while (std::getline(ss, item, ',')) {
    item = trim(item);
    if (item.empty())
      throw input_error("--" + flag + " '" + v + "': empty entry; give comma-separated values");
    out.push_back(item);
  }
  if (out.empty() || (!v.empty() && v.back() == ','))
    throw input_error("--" + flag + " '" + v + "': empty list; give comma-separated values");
  return out;
}

std::int64_t parse_integer(const std::string& flag, const std::string& v) {
  errno = 0;
  char* end = nullptr;
  const long long x = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || errno == ERANGE)
    throw input_error("--" + flag + " '" + v + "': not an integer; give e.g. --" + flag + " 10");
  return x;
}

std::string parse_decimal(const std::string& flag, const std::string& v) {
  char* end = nullptr;
  const double x = std::strtod(v.c_str(), &end);
  const bool plain = v.find_first_not_of("0123456789+-.eE") == std::string::npos;
  if (v.empty() || *end != '\0' || !plain || !std::isfinite(x))
    throw input_error("--" + flag + " '" + v + "': not a finite decimal number; give e.g. --" +
                      flag + " 0.15");
  return v;
}

bool parse_boolean(const std::string& flag, const std::string& v) {
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  throw input_error("--" + flag + " '" + v + "': not a boolean; use true or false");
}

std::string canonical_value(const Flag& f, const std::string& raw) {
  const std::string v = trim(raw);
  auto join = [](const std::vector<std::string>& xs) {
    std::string s;
    for (std::size_t i = 0; i < xs.size(); ++i) s += (i ? "," : "") + xs[i];
    return s;
  };
  switch (f.kind) {
    case FlagKind::integer:
      return std::to_string(parse_integer(f.name, v));
    case FlagKind::decimal:
      return parse_decimal(f.name, v);
    case FlagKind::text:
      return v;
    case FlagKind::boolean:
      return parse_boolean(f.name, v) ? "true" : "false";
    case FlagKind::integer_list: {
      auto xs = split_list(f.name, v);
      for (auto& x : xs) x = std::to_string(parse_integer(f.name, x));
      return join(xs);
    }
    case FlagKind::decimal_list: {
      auto xs = split_list(f.name, v);
      for (auto& x : xs) x = parse_decimal(f.name, x);
      return join(xs);
    }
    case FlagKind::text_list:
      return join(split_list(f.name, v));
  }
  return v;
}

void add_type(StudyType t) {
  const std::string name = t.name;
  if (name.empty()) registration_error("(unnamed)", "empty name");
  if (!t.configurations || !t.methods || !t.run_trial || !t.summarize)
    registration_error(name, "configurations, methods, run_trial and summarize are all required");
  if (name == "merge") registration_error(name, "'merge' is the runner's own subcommand");
  for (const auto& f : t.flags) {
    static const char* reserved[] = {"trials",      "out",   "shard",    "resume", "only-trial",
                                     "only-config", "quiet", "delay-ms", "help"};
    for (const char* r : reserved)
      if (f.name == r) registration_error(name, "flag --" + f.name + " is reserved by the runner");
  }
  for (const auto& o : t.optional_flags)
    if (std::none_of(t.flags.begin(), t.flags.end(), [&](const Flag& f) { return f.name == o; }))
      registration_error(name, "optional flag --" + o + " is not one of its flags");
  if (!registry().emplace(name, std::move(t)).second)
    registration_error(name, "registered twice (study type names must be unique)");
}

}  // namespace

StudyRegistrar::StudyRegistrar(StudyType (*make)()) { add_type(make()); }
StudyRegistrar::StudyRegistrar(StudyType t) { add_type(std::move(t)); }

std::vector<const StudyType*> study_types() {
  std::vector<const StudyType*> out;
  for (const auto& [name, t] : registry()) out.push_back(&t);
  return out;
}

const StudyType* find_study_type(const std::string& name) {
  const auto it = registry().find(name);
  return it == registry().end() ? nullptr : &it->second;
}

Spec make_spec(const StudyType& t, const std::map<std::string, std::string>& given,
               const std::string& sodlift_version) {
  Spec s;
  s.study = t.name;
  s.sodlift_version = sodlift_version;
  for (const auto& kv : given) {
    // Not a structured binding: a lambda may capture those only from C++20
    // (clang 14 refuses; scripts/sanitize.sh builds with it).
    const std::string& name = kv.first;
    const bool known =
        std::any_of(t.flags.begin(), t.flags.end(), [&](const Flag& f) { return f.name == name; });
    if (!known)
      throw input_error("study " + t.name + ": unknown flag --" + name + "; see `sodlift study " +
                        t.name + " --help`");
  }
  for (const auto& f : t.flags) {
    const auto it = given.find(f.name);
    // Messages about a given value name the flag as the user typed it.
    Flag shown = f;
    const auto cli = t.cli_names.find(f.name);
    if (cli != t.cli_names.end()) shown.name = cli->second;
    s.flags[f.name] = it == given.end() ? canonical_value(f, f.default_value) : canonical_value(shown, it->second);
    const bool optional = std::find(t.optional_flags.begin(), t.optional_flags.end(), f.name) !=
                          t.optional_flags.end();
    if (optional && s.flags[f.name] == canonical_value(f, f.default_value)) s.flags.erase(f.name);
  }
  return s;
}

const std::string& Spec::text(const std::string& name) const {
  const auto it = flags.find(name);
  if (it == flags.end())
    throw input_error("study " + study + ": flag --" + name + " is not part of this spec");
  return it->second;
}
std::string Spec::text_or(const std::string& name, const std::string& fallback) const {
  const auto it = flags.find(name);
  return it == flags.end() ? fallback : it->second;
}
std::int64_t Spec::integer(const std::string& name) const {
  return parse_integer(name, text(name));
}
std::string Spec::decimal(const std::string& name) const { return parse_decimal(name, text(name)); }
double Spec::decimal_as_double(const std::string& name) const {
  return std::strtod(decimal(name).c_str(), nullptr);
}
bool Spec::boolean(const std::string& name) const { return parse_boolean(name, text(name)); }
std::vector<std::int64_t> Spec::integer_list(const std::string& name) const {
  std::vector<std::int64_t> out;
  for (const auto& x : split_list(name, text(name))) out.push_back(parse_integer(name, x));
  return out;
}
std::vector<std::string> Spec::decimal_list(const std::string& name) const {
  auto xs = split_list(name, text(name));
  for (auto& x : xs) x = parse_decimal(name, x);
  return xs;
}
std::vector<std::string> Spec::text_list(const std::string& name) const {
  return split_list(name, text(name));
}

Json Spec::canonical_json() const {
  Json j = Json::object();
  j["format"] = "sodlift-study-spec/1";
  j["study"] = study;
  j["sodlift_version"] = sodlift_version;
  j["flags"] = Json::object();
  for (const auto& [k, v] : flags) j["flags"][k] = v;
  return j;
}

std::uint64_t Spec::hash_value() const { return fnv1a64(canonical_json().dump()); }

std::string Spec::hash() const {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(hash_value()));
  return buf;
}

}  // namespace sodlift::study
