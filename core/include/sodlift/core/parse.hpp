// Parsing a decimal that comes from a named input (a flag, a file field), so
// that a refusal names it: "--rho: 'abc' is not a number (...)".
#pragma once

#include <string>

#include "sodlift/core/errors.hpp"
#include "sodlift/core/scalar.hpp"

namespace sodlift {

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
