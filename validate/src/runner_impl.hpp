// The runner and the registry tables of one scalar: make_context, run_checks,
// claim_table. Included only by validate_inst.hpp (per-scalar translation units).
#pragma once

#include <algorithm>
#include <set>
#include <stdexcept>

#include "sodlift/support/errors.hpp"
#include "sodlift/validate/context.hpp"

namespace sodlift::validate {

template <class T>
std::vector<ClaimEntry<T>>& claim_table_for_registration() {
  static std::vector<ClaimEntry<T>> table;
  return table;
}

template <class T>
const std::vector<ClaimEntry<T>>& claim_table() {
  // Sorted on first use, after every static registration of the program ran.
  static const std::vector<ClaimEntry<T>> sorted = [] {
    auto v = claim_table_for_registration<T>();
    std::stable_sort(v.begin(), v.end(),
                     [](const auto& a, const auto& b) { return a.rank < b.rank; });
    std::set<std::string> ids;
    for (const auto& e : v)
      if (!ids.insert(e.meta.id).second)
        throw std::logic_error("claim id '" + e.meta.id + "' is registered twice (second time in " +
                               e.file + ")");
    return v;
  }();
  return sorted;
}

template <class T>
ClaimResult run_claim(const std::string& id, const Context<T>& c) {
  for (const auto& e : claim_table<T>())
    if (e.meta.id == id) {
      if (e.scope != ClaimScope::per_instance)
        throw input_error("claim '" + id + "' runs once per run, not per instance");
      return e.check(c);
    }
  throw input_error("unknown claim id '" + id + "'");
}

template <class T>
Context<T> make_context(const InstanceSpec& spec, const ValidateOptions& opt) {
  Context<T> c;
  c.instance = make_instance<T>(spec);
  c.spec = spec;
  c.scalar = scalar_name<T>::value;
  c.options = opt;
  c.cp = refine_critical_point(c.instance.problem, c.instance.start);
  // The harness reports the certification itself (basic is a second_order_saddle,
  // which the paper calls a local minimum); SOD quantities need only lambda_n < 0.
  require_spurious(c.cp, /*allow_second_order=*/true);
  c.sod = sod_ingredients(c.instance.problem, c.cp.X, +1);
  c.iso = isometry_bound(c.instance.problem);
  return c;
}

namespace detail {
inline bool selected(const std::string& id, const std::vector<std::string>& only) {
  if (only.empty()) return true;
  for (const auto& o : only)
    if (id == o || (id.size() > o.size() && id.compare(0, o.size(), o) == 0 && id[o.size()] == '.'))
      return true;
  return false;
}

// A precondition_error turns into an INCONCLUSIVE result with its reason.
template <class Fn>
ClaimResult run_guarded_check(Fn&& fn) {
  try {
    return fn();
  } catch (const precondition_error& e) {
    ClaimResult r;
    r.verdict = Verdict::inconclusive;
    r.reason = std::string("precondition not met: ") + e.what();
    r.key_number = "precondition not met";
    return r;
  }
}
}  // namespace detail

template <class T>
std::vector<ClaimResult> run_claims(const std::vector<ClaimEntry<T>>& claims,
                                    const std::vector<InstanceSpec>& instances,
                                    const ValidateOptions& opt,
                                    const std::vector<std::string>& only,
                                    const std::function<void(const std::string&)>& progress) {
  std::vector<ClaimResult> out;
  for (const auto& o : only) {
    bool any = false;
    for (const auto& e : claims) any = any || detail::selected(e.meta.id, {o});
    if (!any)
      throw input_error("--only: no claim matches '" + o + "' (ids are listed in report.md)");
  }
  bool any_per_instance = false;
  for (const auto& e : claims)
    any_per_instance = any_per_instance ||
                       (e.scope == ClaimScope::per_instance && detail::selected(e.meta.id, only));
  for (const auto& spec : instances) {
    if (!any_per_instance) break;
    // The instance's own name ("pmc(4,0.3)") labels results even when its
    // point fails to certify; building it twice is cheap next to refinement.
    const std::string label0 = make_instance<T>(spec).name;
    std::string label = label0;
    Context<T> ctx;
    std::string context_error;
    if (progress) progress("instance " + label + ": refining and certifying the critical point");
    try {
      ctx = make_context<T>(spec, opt);
      label = ctx.instance.name;
    } catch (const precondition_error& e) {
      context_error = e.what();
      if (progress) progress("instance " + label + ": " + context_error);
    }
    for (const auto& e : claims) {
      if (e.scope != ClaimScope::per_instance || !detail::selected(e.meta.id, only)) continue;
      ClaimResult r;
      if (!context_error.empty()) {
        r.verdict = Verdict::inconclusive;
        r.reason = "precondition not met: " + context_error;
        r.key_number = "precondition not met";
      } else {
        if (progress) progress("instance " + label + ": " + e.meta.id);
        r = detail::run_guarded_check([&] { return e.check(ctx); });
      }
      r.id = e.meta.id;
      r.instance = label;
      r.precision = scalar_name<T>::value;
      out.push_back(std::move(r));
    }
  }
  // Claims on their own data (studies) run once, after the instances.
  const RunContext run{scalar_name<T>::value, opt, progress};
  for (const auto& e : claims) {
    if (e.scope != ClaimScope::once || !detail::selected(e.meta.id, only)) continue;
    if (progress) progress(e.once_instance + ": " + e.meta.id);
    ClaimResult r = detail::run_guarded_check([&] { return e.check_once(run); });
    r.id = e.meta.id;
    r.instance = e.once_instance;
    r.precision = scalar_name<T>::value;
    out.push_back(std::move(r));
  }
  return out;
}

template <class T>
std::vector<ClaimResult> run_checks(const std::vector<InstanceSpec>& instances,
                                    const ValidateOptions& opt,
                                    const std::vector<std::string>& only,
                                    const std::function<void(const std::string&)>& progress) {
  return run_claims(claim_table<T>(), instances, opt, only, progress);
}

}  // namespace sodlift::validate
