// Claims on the lifted / exact-in-S side (§5.2-§5.5): the sub-term
// identities of §5.2 and §5.3 by explicit contraction, Prop. 5.1 / 5.2 with
// measured orders, the first-order model against the paper's recursion,
// Prop. 5.3 (descent along TPGD), Fig. 4a and Prop. 5.4 along exact PGD.
// Definitions in validate/claims/s5_*.hpp.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sodlift/validate/context.hpp"

namespace sodlift::validate {

// Knobs the tests use to drive the FAILS and INCONCLUSIVE paths; the harness
// runs with the defaults.
struct LiftedCheckOptions {
  // Byte budget of the explicit lifting (0: lifted::default_memory_budget()).
  std::size_t lift_budget = 0;
  // Relative perturbation applied to the paper's side (printed tensors,
  // lambda_n in (5.8) and J_paper): a wrong "printed" formula must FAIL.
  double perturb_printed = 0;
  // rho = eta of the literal TPGD run of prop5.3 (decimal string, exact in T).
  std::string tpgd_step = "1e-2";
  // Steps of the long exact-PGD / (5.8) studies of fig4a and prop5.4
  // (0: 1e5 quick, 1e6 (exact) / 1e7 ((5.8) grid) full).
  long long long_steps = 0;
  // Relative perturbation of eta on the exact-in-S side only (pgd-cross-check):
  // two implementations that no longer run the same iteration must FAIL.
  double perturb_exact_eta = 0;
};

template <class T>
ClaimResult check_H3_5_2(const Context<T>& c, const LiftedCheckOptions& o = {});
template <class T>
ClaimResult check_H2_5_2(const Context<T>& c, const LiftedCheckOptions& o = {});
template <class T>
ClaimResult check_H11_5_3(const Context<T>& c, const LiftedCheckOptions& o = {});
template <class T>
ClaimResult check_H21_5_3(const Context<T>& c, const LiftedCheckOptions& o = {});
template <class T>
ClaimResult check_prop5_1(const Context<T>& c, const LiftedCheckOptions& o = {});
template <class T>
ClaimResult check_prop5_2(const Context<T>& c, const LiftedCheckOptions& o = {});
template <class T>
ClaimResult check_first_order(const Context<T>& c, const LiftedCheckOptions& o = {});
template <class T>
ClaimResult check_prop5_3(const Context<T>& c, const LiftedCheckOptions& o = {});
template <class T>
ClaimResult check_fig4a(const Context<T>& c, const LiftedCheckOptions& o = {});
template <class T>
ClaimResult check_prop5_4(const Context<T>& c, const LiftedCheckOptions& o = {});

// SPEC §2.3: exact PGD in S vs explicit PGD (round-off agreement), with the
// beta/gamma trajectories of every implementation on one chart.
template <class T>
ClaimResult check_pgd_cross(const Context<T>& c, const LiftedCheckOptions& o = {});

}  // namespace sodlift::validate
