// Memory budget (memory.hpp): scalar-independent.
#include "sodlift/support/memory.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

#include "sodlift/support/errors.hpp"

namespace sodlift {

std::size_t default_memory_budget() {
  std::ifstream f("/proc/meminfo");
  std::string key;
  long long kb = 0;
  std::string unit;
  while (f >> key >> kb >> unit) {
    if (key == "MemAvailable:") return static_cast<std::size_t>(kb) * 1024 / 2;
  }
  return std::size_t(4) << 30;
}

std::size_t effective_memory_budget(std::size_t budget) {
  return budget ? budget : default_memory_budget();
}

std::size_t parse_memory_size(const std::string& s) {
  const std::string hint = "'" + s +
                           "' is not a memory size: use bytes or a number with K, M, G or T "
                           "(powers of 1024), e.g. 2G or 512M";
  if (s.empty()) throw input_error("--mem-budget: " + hint);
  std::size_t pos = 0;
  long double v = 0;
  try {
    v = std::stold(s, &pos);
  } catch (...) {
    throw input_error("--mem-budget: " + hint);
  }
  std::string suf = s.substr(pos);
  if (suf.size() == 2 && (suf[1] == 'B' || suf[1] == 'b' || suf[1] == 'i')) suf = suf.substr(0, 1);
  long double mult = 1;
  if (suf.empty() || suf == "B" || suf == "b")
    mult = 1;
  else if (suf == "K" || suf == "k")
    mult = 1024.0L;
  else if (suf == "M" || suf == "m")
    mult = 1024.0L * 1024;
  else if (suf == "G" || suf == "g")
    mult = 1024.0L * 1024 * 1024;
  else if (suf == "T" || suf == "t")
    mult = 1024.0L * 1024 * 1024 * 1024;
  else
    throw input_error("--mem-budget: " + hint);
  if (!(v > 0) || !std::isfinite(static_cast<double>(v)))
    throw input_error("--mem-budget: must be positive, " + hint);
  return static_cast<std::size_t>(v * mult);
}

std::string format_bytes(long double bytes) {
  std::ostringstream os;
  os.precision(3);
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  int u = 0;
  while (bytes >= 1024 && u < 6) {
    bytes /= 1024;
    ++u;
  }
  os << static_cast<double>(bytes) << " " << units[u];
  return os.str();
}

void require_memory(long double bytes, std::size_t budget, const std::string& what,
                    const std::string& hint) {
  const std::size_t b = effective_memory_budget(budget);
  if (bytes <= static_cast<long double>(b)) return;
  const long double gib = std::ceil(bytes * 1.25L / (1024.0L * 1024 * 1024));
  std::ostringstream sg;
  sg.precision(0);
  sg << std::fixed << static_cast<double>(gib);
  const std::string suggestion = sg.str();
  throw memory_budget_error(what + " needs about " + format_bytes(bytes) +
                            " but the memory budget is " + format_bytes(b) + "; " +
                            (hint.empty() ? std::string() : hint + "; ") +
                            "raise it with --mem-budget, e.g. --mem-budget " + suggestion + "G");
}

}  // namespace sodlift
