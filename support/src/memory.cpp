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
  if (!(v * mult < 9.0e18L))
    throw input_error("--mem-budget '" + s + "' is too large: a budget must stay below 2^63 bytes (8 EiB), e.g. 8G");
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
  throw memory_budget_error(what + " needs about " + format_bytes(bytes) +
                            " but the memory budget is " + format_bytes(b) + "; " +
                            (hint.empty() ? std::string() : hint + "; ") + raise_budget_hint(bytes));
}

std::string raise_budget_hint(long double bytes) {
  const long double need = bytes * 1.25L;
  const long double GiB = 1024.0L * 1024 * 1024, TiB = GiB * 1024;
  if (!(need < 9.0e18L)) return "no --mem-budget can hold it (a budget is below 2^63 bytes)";
  const bool tera = need >= TiB;
  const long double units = std::ceil(need / (tera ? TiB : GiB));
  std::ostringstream os;
  os.precision(0);
  os << std::fixed << static_cast<double>(units) << (tera ? "T" : "G");
  // The default budget is half of MemAvailable.
  const long double available = 2.0L * static_cast<long double>(default_memory_budget());
  return "raise it with --mem-budget " + os.str() +
         (need > available ? " (more than the about " + format_bytes(available) +
                                 " this machine has available)"
                           : std::string());
}

}  // namespace sodlift
