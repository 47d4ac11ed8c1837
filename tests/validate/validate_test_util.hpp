// Shared helpers for the validate tests (not a test file: no TEST_CASE here).
#pragma once

#include <catch2/catch.hpp>

#include <map>
#include <stdexcept>
#include <string>

#include "sodlift/validate/claims.hpp"
#include "sodlift/validate/context.hpp"

namespace sodlift::test {

// The quick-mode context of a built-in instance label ("basic", "realworld",
// "pmc(3,0.3)", ...), refined once per label and scalar per test executable.
template <class T>
const validate::Context<T>& cached_context(const std::string& label) {
  static std::map<std::string, validate::Context<T>> cache;
  auto it = cache.find(label);
  if (it == cache.end())
    it = cache
             .emplace(label, validate::make_context<T>(validate::instance_spec_from_label(label),
                                                       validate::ValidateOptions::quick()))
             .first;
  return it->second;
}

// The measured entry called `name` in r; fails the test case if there is none.
inline const validate::Measured& find_measured(const validate::ClaimResult& r,
                                               const std::string& name) {
  for (const auto& m : r.measured)
    if (m.name == name) return m;
  FAIL("no measured entry '" << name << "' in " << r.id);
  throw std::logic_error("unreachable");
}

}  // namespace sodlift::test
