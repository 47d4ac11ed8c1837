// Memory budget (memory.hpp): scalar-independent.
#include "sodlift/support/memory.hpp"

#include <cctype>
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
                           "' is not a memory size: use bytes or a number with a unit: K, M, G, T or "
                           "KiB, MiB, GiB, TiB (powers of 1024), KB, MB, GB, TB (powers of 1000), "
                           "e.g. 2G, 8GiB or 8GB";
  if (s.empty()) throw input_error("--mem-budget: " + hint);
  std::size_t pos = 0;
  long double v = 0;
  try {
    v = std::stold(s, &pos);
  } catch (...) {
    throw input_error("--mem-budget: " + hint);
  }
  std::string suf = s.substr(pos);
  while (!suf.empty() && suf.front() == ' ') suf.erase(suf.begin());
  for (char& c : suf) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  // K, M, G, T alone and with "iB" are binary (as before issue 23); with "B"
  // they are the SI (decimal) units.
  long double base = 1024.0L;
  if (suf.size() == 3 && suf[1] == 'I' && suf[2] == 'B') {
    suf = suf.substr(0, 1);
  } else if (suf.size() == 2 && suf[1] == 'B') {
    suf = suf.substr(0, 1);
    base = 1000.0L;
  }
  long double mult = 1;
  if (suf.empty() || suf == "B")
    mult = 1;
  else if (suf == "K")
    mult = base;
  else if (suf == "M")
    mult = base * base;
  else if (suf == "G")
    mult = base * base * base;
  else if (suf == "T")
    mult = base * base * base * base;
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
