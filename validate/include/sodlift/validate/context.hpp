// What a check sees (Context), how checks are registered, and the runner.
// A check is one function `ClaimResult (const Context<T>&)`, templated over
// the scalar and instantiated per scalar in validate/src/inst_validate_*.cpp.
// Modules that arrive later (closed form, lifting, exact in-S simulation) add
// their checks as one more RegisteredCheck each in all_checks<T>().
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/validate/claims.hpp"

namespace sodlift::validate {

struct ValidateOptions {
  bool full = false;                    // --full: finer grids, more orders
  std::vector<int> lifting_orders{3};   // l for the tensor-level claims
  int rho_grid_points = 201;            // prop4.2 grid (odd: includes 0)
  std::vector<std::string> rho_values{"1e-3", "1e-1", "1"};  // table2 (exact decimals)
  static ValidateOptions quick();
  static ValidateOptions full_run();
};

template <class T>
struct Context {
  Instance<T> instance;
  std::string scalar;        // scalar_name<T>::value
  CriticalPoint<T> cp;       // certified point the SOD quantities are taken at
  SodIngredients<T> sod;     // at cp.X, sign +1 (the convention is printed)
  IsometryBound<T> iso;      // delta bound of SPEC §2.1
  ValidateOptions options;
};

// Builds the instance, refines and certifies its spurious point, computes the
// SOD ingredients. Throws precondition_error if the point is not a certified
// spurious local minimum, input_error on bad specs.
template <class T>
Context<T> make_context(const InstanceSpec& spec, const ValidateOptions& opt);

template <class T>
using CheckFn = std::function<ClaimResult(const Context<T>&)>;

template <class T>
struct RegisteredCheck {
  std::string claim_id;  // key into claim_registry()
  CheckFn<T> run;
};

// Scalar-independent metadata of every claim this build can check.
const std::vector<Claim>& claim_registry();
// Looks a claim up; throws input_error for an unknown id.
const Claim& find_claim(const std::string& id);

// Claims that need only the foundation (core/).
template <class T> ClaimResult check_orth_un_vr(const Context<T>& c);         // §1.2
template <class T> ClaimResult check_orth_ab(const Context<T>& c);            // §5.1
template <class T> ClaimResult check_basis_independent(const Context<T>& c);  // §5.2
template <class T> ClaimResult check_prop4_2(const Context<T>& c);            // (4.4)
// Table 2, one row: "T1", "T2", "T5", "T9", "T6+T8", "S1-T4", "S2-T7", "-T3".
template <class T> ClaimResult check_table2_row(const Context<T>& c, const std::string& row);

const std::vector<std::string>& table2_rows();

template <class T>
std::vector<RegisteredCheck<T>> foundation_checks();
// Every check of this build (foundation + modules, in registry order).
template <class T>
std::vector<RegisteredCheck<T>> all_checks();

// Runs every selected check on every instance. `only` (ids or id prefixes
// such as "table2") empty = all. A precondition_error in a check or in the
// context makes that result INCONCLUSIVE with the reason; other errors
// propagate. `progress` gets one line per step.
template <class T>
std::vector<ClaimResult> run_checks(const std::vector<InstanceSpec>& instances,
                                    const ValidateOptions& opt,
                                    const std::vector<std::string>& only,
                                    const std::function<void(const std::string&)>& progress);

// "basic", "realworld", "pmc3" (pmc<N>, eps 0.3), "gaussian" -> spec; throws
// input_error naming the valid choices.
InstanceSpec instance_spec_from_label(const std::string& label);

}  // namespace sodlift::validate
