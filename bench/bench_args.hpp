// Argument parsing shared by the benchmark programs: whole-string decimal
// parses (atoi/atof would turn "--help" or "5x" into 0 or 5) and a refusal
// that prints one line naming the program and exits 2. Each program sets
// bench_args::program to its name first.
#pragma once

#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace bench_args {

inline std::string program = "bench";

[[noreturn]] inline void refuse(const std::string& what) {
  std::fprintf(stderr, "%s: %s (see --help)\n", program.c_str(), what.c_str());
  std::exit(2);
}

// An integer in [lo, hi]; the message names the bound(s).
inline long long parse_int(const std::string& s, const char* name, long long lo,
                           long long hi = LLONG_MAX) {
  std::size_t pos = 0;
  long long v = 0;
  try {
    v = std::stoll(s, &pos, 10);
  } catch (const std::exception&) {
    pos = 0;
  }
  if (pos == 0 || pos != s.size() || v < lo || v > hi)
    refuse(std::string(name) + " '" + s + "' is not an integer " +
           (hi == LLONG_MAX ? ">= " + std::to_string(lo)
                            : "in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]"));
  return v;
}

inline double parse_positive(const std::string& s, const char* name) {
  std::size_t pos = 0;
  double v = 0;
  try {
    v = std::stod(s, &pos);
  } catch (const std::exception&) {
    pos = 0;
  }
  if (pos == 0 || pos != s.size() || !std::isfinite(v) || v <= 0)
    refuse(std::string(name) + " '" + s + "' is not a positive number");
  return v;
}

// A comma-separated list of ints, each in [lo, hi].
inline std::vector<int> parse_list(const std::string& s, const char* name, int lo,
                                   int hi = INT_MAX) {
  std::vector<int> v;
  std::stringstream ss(s);
  std::string x;
  while (std::getline(ss, x, ',')) v.push_back(static_cast<int>(parse_int(x, name, lo, hi)));
  if (v.empty()) refuse(std::string(name) + " is empty");
  return v;
}

}  // namespace bench_args
