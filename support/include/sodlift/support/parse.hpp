// Parsing decimals: from_string<T> reads a decimal string correctly rounded
// to T (never via double), and from_named_string says which input (a flag, a
// file field) a refusal is about: "--rho: 'abc' is not a number (...)".
// Infrastructure: T is any floating type constructible from a string
// (double, long double, the Boost.Multiprecision types of core/scalar.hpp).
#pragma once

#include <cstdlib>
#include <exception>
#include <string>
#include <type_traits>

#include "sodlift/support/errors.hpp"

namespace sodlift {

// Parses a decimal string, correctly rounded to T (not via double). Strict:
// the whole string, apart from surrounding blanks, must be one number
// ("1e-3", "-0.5", "inf", "nan"); anything else ("abc", "1e-3x", "") throws
// input_error naming the string, never a silent 0 (strtod alone would).
template <class T>
T from_string(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\n\r");
  const auto last = s.find_last_not_of(" \t\n\r");
  const std::string t = first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
  auto bad = [&] {
    return input_error("'" + s + "' is not a number (expected a decimal like 1e-3, 0.5, -2, or inf)");
  };
  const char* p = t.c_str();
  char* end = nullptr;
  const long double v = std::strtold(p, &end);
  if (t.empty() || end != p + t.size()) throw bad();
  // strtold also reads hex floats ("0x1p-3") and "nan(chars)"; Boost's parser
  // reads neither, so accepting them would make the value depend on --precision.
  if (t.find_first_of("xX(") != std::string::npos) throw bad();
  // Boost's decimal parser accumulates the exponent in a signed integer with
  // no overflow check (undefined behaviour, then an arbitrary exponent: found
  // by fuzzing with "1e5333333333333333333333"), so absurd exponents are
  // refused before any parser sees them.
  if (const auto e = t.find_first_of("eE"); e != std::string::npos) {
    std::size_t k = e + 1;
    if (k < t.size() && (t[k] == '+' || t[k] == '-')) ++k;
    while (k + 1 < t.size() && t[k] == '0') ++k;
    if (t.size() - k > 7)
      throw input_error("'" + s + "': decimal exponent out of range (at most 7 digits, |e| < 10^7)");
  }
  if constexpr (std::is_same_v<T, double>) {
    return std::strtod(p, nullptr);
  } else if constexpr (std::is_same_v<T, long double>) {
    return v;
  } else {
    try {
      return T(t);
    } catch (const std::exception&) {
      throw bad();
    }
  }
}

// from_string<T>(text), with `name` and ": " put before its input_error.
template <class T>
T from_named_string(const std::string& text, const std::string& name) {
  try {
    return from_string<T>(text);
  } catch (const input_error& e) {
    throw input_error(name + ": " + e.what());
  }
}

}  // namespace sodlift
