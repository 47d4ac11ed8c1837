// The runner and the registry tables of one scalar: make_context, run_checks,
// claim_table. Included only by validate_inst.hpp (per-scalar translation units).
#pragma once

#include <algorithm>
#include <set>
#include <stdexcept>

#include "sodlift/support/errors.hpp"
#include "sodlift/support/parallel.hpp"
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
  for (const auto& o : only) {
    bool any = false;
    for (const auto& e : claims) any = any || detail::selected(e.meta.id, {o});
    if (!any)
      throw input_error("--only: no claim matches '" + o + "' (`sodlift validate --list` lists the claim ids)");
  }
  bool any_per_instance = false;
  for (const auto& e : claims)
    any_per_instance = any_per_instance ||
                       (e.scope == ClaimScope::per_instance && detail::selected(e.meta.id, only));
  // The contexts of the instances (refinement and certification), in parallel
  // when the worker budget allows (support/parallel.hpp; `validate -j`).
  const std::size_t NI = any_per_instance ? instances.size() : 0;
  std::vector<Context<T>> ctx(NI);
  std::vector<std::string> label(NI), context_error(NI);
  parallel_for(NI, [&](std::size_t k) {
    // The instance's own name ("pmc(4,0.3)") labels results even when its
    // point fails to certify; building it twice is cheap next to refinement.
    label[k] = make_instance<T>(instances[k]).name;
    if (progress) progress("instance " + label[k] + ": refining and certifying the critical point");
    try {
      ctx[k] = make_context<T>(instances[k], opt);
      label[k] = ctx[k].instance.name;
    } catch (const precondition_error& e) {
      context_error[k] = e.what();
      if (progress) progress("instance " + label[k] + ": " + context_error[k]);
    }
  });
  // Every check is a task: per-instance claims instance by instance, then the
  // claims on their own data (studies). Results go to their task's slot, so
  // the output order (and every byte of the report) is the serial one.
  struct Task {
    std::size_t instance;  // NI for a claim that runs once
    const ClaimEntry<T>* entry;
  };
  std::vector<Task> tasks;
  for (std::size_t k = 0; k < NI; ++k)
    for (const auto& e : claims)
      if (e.scope == ClaimScope::per_instance && detail::selected(e.meta.id, only))
        tasks.push_back({k, &e});
  for (const auto& e : claims)
    if (e.scope == ClaimScope::once && detail::selected(e.meta.id, only)) tasks.push_back({NI, &e});
  // With helpers, the claims on their own data start first, the last
  // registered first: they are the longest checks (the cost measurement and
  // the fig10 study, rank 420-430, take most of a run), and a long check
  // started last would leave the other threads idle at the end. Serially,
  // the order is the registry's.
  std::vector<std::size_t> order;
  if (worker_budget() > 1)
    for (std::size_t t = tasks.size(); t-- > 0;)
      if (tasks[t].instance == NI) order.push_back(t);
  for (std::size_t t = 0; t < tasks.size(); ++t)
    if (worker_budget() <= 1 || tasks[t].instance != NI) order.push_back(t);
  const RunContext run{scalar_name<T>::value, opt, progress};
  std::vector<ClaimResult> out(tasks.size());
  parallel_for(order.size(), [&](std::size_t i) {
    const Task& t = tasks[order[i]];
    const ClaimEntry<T>& e = *t.entry;
    ClaimResult r;
    if (t.instance == NI) {
      if (progress) progress(e.once_instance + ": " + e.meta.id);
      r = detail::run_guarded_check([&] { return e.check_once(run); });
      r.instance = e.once_instance;
    } else if (!context_error[t.instance].empty()) {
      r.verdict = Verdict::inconclusive;
      r.reason = "precondition not met: " + context_error[t.instance];
      r.key_number = "precondition not met";
      r.instance = label[t.instance];
    } else {
      if (progress) progress("instance " + label[t.instance] + ": " + e.meta.id);
      r = detail::run_guarded_check([&] { return e.check(ctx[t.instance]); });
      r.instance = label[t.instance];
    }
    r.id = e.meta.id;
    r.precision = scalar_name<T>::value;
    // A quick verdict of a claim that declares smaller quick parameters
    // carries the mark (issue 20); a check that describes its own population
    // (the studies) keeps its own.
    if (!opt.full && !r.population && reduced_in_quick(e.meta)) r.population = quick_population(e.meta);
    out[order[i]] = std::move(r);
  });
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
