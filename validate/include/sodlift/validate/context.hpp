// What a check sees (Context), how claims are registered, and the runner.
// A claim lives in one file under validate/claims/ (grouped by the paper's
// sections): its check, templated over the scalar, and its registration
// (SODLIFT_CLAIMS below) with the metadata. Each file is compiled once per
// scalar through validate/src/inst_validate_<scalar>.cpp; see
// docs/adding-a-claim.md.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/validate/claims.hpp"

namespace sodlift::validate {

struct ValidateOptions {
  bool full = false;                                         // --full: finer grids, more orders
  std::vector<int> lifting_orders{3};                        // l for the tensor-level claims
  int rho_grid_points = 201;                                 // prop4.2 grid (odd: includes 0)
  std::vector<std::string> rho_values{"1e-3", "1e-1", "1"};  // table2 (exact decimals)
  static ValidateOptions quick();
  static ValidateOptions full_run();
};
// "3, 5, 7": a parameter's values as a reduced_in_quick declaration shows them.
std::string values_text(const std::vector<int>& v);
std::string values_text(const std::vector<std::string>& v);

template <class T>
struct Context {
  Instance<T> instance;
  InstanceSpec spec;      // what built it (the proofs read the exact data from it)
  std::string scalar;     // scalar_name<T>::value
  CriticalPoint<T> cp;    // certified point the SOD quantities are taken at
  SodIngredients<T> sod;  // at cp.X, sign +1 (the convention is printed)
  IsometryBound<T> iso;   // delta bound of SPEC §2.1
  ValidateOptions options;
};

// Builds the instance, refines and certifies its spurious point, computes the
// SOD ingredients. Throws precondition_error if the point is not a certified
// spurious local minimum, input_error on bad specs.
template <class T>
Context<T> make_context(const InstanceSpec& spec, const ValidateOptions& opt);

// ---- Registry --------------------------------------------------------------

// A claim is checked either on every instance of the run (the built-in
// instances: basic, realworld, pmc3, ...) or once per run, on its own data (a
// study: a Monte Carlo ensemble, an experiment grid), whose name fills the
// report's instance column.
enum class ClaimScope { per_instance, once };

// What a claim that runs once sees: the run's options (options.full is
// --full; quick otherwise) and a progress sink for long studies (may be empty).
struct RunContext {
  std::string scalar;  // scalar_name<T>::value of the run
  ValidateOptions options;
  std::function<void(const std::string&)> progress;
};

template <class T>
using CheckFn = std::function<ClaimResult(const Context<T>&)>;
using OnceCheckFn = std::function<ClaimResult(const RunContext&)>;

template <class T>
struct ClaimEntry {
  Claim meta;
  int rank = 0;  // report order (ascending); see docs/adding-a-claim.md
  ClaimScope scope = ClaimScope::per_instance;
  std::string once_instance;  // scope once: the instance column ("pmc-grid")
  CheckFn<T> check;           // scope per_instance
  OnceCheckFn check_once;     // scope once
  std::string file;           // the source file that registered it
};

// Collects the registrations of one claim file (see SODLIFT_CLAIMS).
template <class T>
class ClaimRegistrar {
 public:
  ClaimRegistrar(std::vector<ClaimEntry<T>>& table, std::string file)
      : table_(table), file_(std::move(file)) {}
  // A claim checked on every instance of the run.
  void per_instance(int rank, Claim meta, CheckFn<T> check) {
    ClaimEntry<T> e;
    e.meta = std::move(meta);
    e.rank = rank;
    e.check = std::move(check);
    e.file = file_;
    table_.push_back(std::move(e));
  }
  // A claim checked once per run on its own data; `instance` labels its result.
  void once(int rank, Claim meta, std::string instance, OnceCheckFn check) {
    ClaimEntry<T> e;
    e.meta = std::move(meta);
    e.rank = rank;
    e.scope = ClaimScope::once;
    e.once_instance = std::move(instance);
    e.check_once = std::move(check);
    e.file = file_;
    table_.push_back(std::move(e));
  }
  // Declares where claim `id` (registered above in this file) runs less in
  // `validate --quick` than in `--full`: each parameter with the value the
  // check uses in either mode, and what the quick values leave open. Every
  // quick verdict of it is then marked, in the matrix cell and in
  // report.json's "population" (docs/adding-a-claim.md). Throws
  // std::logic_error for an id this file did not register.
  void reduced_in_quick(const std::string& id, std::vector<QuickReduction> params,
                        std::string cannot_decide) {
    for (auto& e : table_)
      if (e.meta.id == id && e.file == file_) {
        e.meta.quick_reductions = std::move(params);
        e.meta.quick_cannot_decide = std::move(cannot_decide);
        return;
      }
    throw std::logic_error("reduced_in_quick: claim '" + id + "' is not registered in " + file_);
  }

 private:
  std::vector<ClaimEntry<T>>& table_;
  std::string file_;
};

// Every claim of this build for scalar T, in report order (by rank; within a
// file, in registration order). Throws std::logic_error on a duplicate id.
template <class T>
const std::vector<ClaimEntry<T>>& claim_table();
// The table the registrations of one scalar's translation unit append to.
template <class T>
std::vector<ClaimEntry<T>>& claim_table_for_registration();

// Runs the per-instance check of claim `id` on `c` (for tests); throws
// input_error for an unknown id or a claim that runs once.
template <class T>
ClaimResult run_claim(const std::string& id, const Context<T>& c);

// Scalar-independent metadata of every claim this build can check (report order).
const std::vector<Claim>& claim_registry();
// Looks a claim up; throws input_error for an unknown id.
const Claim& find_claim(const std::string& id);

// Claims checked by the foundation alone (definitions in validate/claims/).
template <class T>
ClaimResult check_orth_un_vr(const Context<T>& c);  // §1.2
template <class T>
ClaimResult check_orth_ab(const Context<T>& c);  // §5.1
template <class T>
ClaimResult check_basis_independent(const Context<T>& c);  // §5.2
template <class T>
ClaimResult check_prop4_2(const Context<T>& c);  // (4.4)
// Table 2, one row: "T1", "T2", "T5", "T9", "T6+T8", "S1-T4", "S2-T7", "-T3".
template <class T>
ClaimResult check_table2_row(const Context<T>& c, const std::string& row);

const std::vector<std::string>& table2_rows();

// run_checks on an explicit table instead of claim_table<T>() (for tests).
template <class T>
std::vector<ClaimResult> run_claims(const std::vector<ClaimEntry<T>>& claims,
                                    const std::vector<InstanceSpec>& instances,
                                    const ValidateOptions& opt,
                                    const std::vector<std::string>& only,
                                    const std::function<void(const std::string&)>& progress);

// Runs every selected per-instance claim on every instance, then every
// selected once-per-run claim. `only` (ids or id prefixes such as "table2")
// empty = all. A precondition_error in a check or in the context makes that
// result INCONCLUSIVE with the reason; other errors propagate. `progress` gets
// one line per step.
template <class T>
std::vector<ClaimResult> run_checks(const std::vector<InstanceSpec>& instances,
                                    const ValidateOptions& opt,
                                    const std::vector<std::string>& only,
                                    const std::function<void(const std::string&)>& progress);

// "basic", "realworld", "pmc3" (pmc<N>, eps 0.3), "gaussian" -> spec; throws
// input_error naming the valid choices.
InstanceSpec instance_spec_from_label(const std::string& label);

}  // namespace sodlift::validate

// Registers the claims of one file under validate/claims/, once per scalar:
//
//   SODLIFT_CLAIMS(s4_single_step) {
//     r.per_instance(50, {"my-claim", "Prop. 4.2, (4.4)", statement, check, tolerance},
//                    [](const Context<T>& c) { return check_prop4_2(c); });
//   }
//
// The body is a function template in T (the scalar) with `r` a
// ClaimRegistrar<T>&; `name` must be unique among the claim files (use the
// file's stem). Expands only where SODLIFT_SCALAR is defined, i.e. in
// validate/src/inst_validate_<scalar>.cpp.
#define SODLIFT_CLAIMS(name)                                                                    \
  template <class T>                                                                            \
  void register_claims_##name(ClaimRegistrar<T>& r);                                            \
  namespace {                                                                                   \
  [[maybe_unused]] const bool registered_##name = [] {                                          \
    ClaimRegistrar<SODLIFT_SCALAR> r(claim_table_for_registration<SODLIFT_SCALAR>(), __FILE__); \
    register_claims_##name<SODLIFT_SCALAR>(r);                                                  \
    return true;                                                                                \
  }();                                                                                          \
  }                                                                                             \
  template <class T>                                                                            \
  void register_claims_##name(ClaimRegistrar<T>& r)
