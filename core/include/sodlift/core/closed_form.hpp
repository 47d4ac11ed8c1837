// The paper's closed form, simulated side (SPEC §2.1, issue 3): single-step
// SOD (§4: Def. 4.3, (4.4), (4.6), (4.9), (4.10), Thm 3.1/4.4) and multi-step
// SOD (§5: (5.8), U_beta, U_gamma, (5.13)-(5.18), (C.3)). No lifting: every
// quantity is a formula in the SOD ingredients. Powers q^t and geometric sums
// are evaluated in log form, so t up to 1e7 and l up to 15 neither overflow
// nor turn into NaN; values a scalar cannot hold are reported as log10 with a
// `representable` flag (the value field then holds 0 and must not be used).
#pragma once

#include <string>

#include "sodlift/core/sensing.hpp"
#include "sodlift/core/sod_ingredients.hpp"

namespace sodlift {

// "m.mmmmmmmmmmmmmmmme+NNNN" from log10|x| and sign(x): full digits of T for
// values no scalar of the project can hold (e.g. q^t in double).
template <class T>
std::string decimal_from_log10(const T& log10_abs, int sign);

// ---------------------------------------------------------------- single step
template <class T>
struct SingleStepResult {
  T ncm = 0, aic = 0, efs = 0;  // Def. 4.3
  T delta = 0;                  // delta_p used
  std::string delta_source;     // "user" or how the bound was computed
  T E_un_un = 0;                // <E, u_n u_n^T>
  T discriminant = 0;           // Delta of (4.4), as printed after (4.5)
  bool interval_exists = false; // Delta > round-off (equivalently EFS > 1)
  std::string interval_note;    // why there is no interval (Delta <= 0, or 0 to round-off)
  T rho_1 = 0, rho_2 = 0;       // (4.6); 0 when !interval_exists
  T rho_1_thm31 = 0, rho_2_thm31 = 0;  // Thm 3.1: -sigma<E,uu>/(1+d) -/+ sigma sqrt(2(EFS-1))
  // Constant term of (4.4), 2 sigma_r^2 (1+delta) + 2 lambda_n; the paper
  // claims it is > 0 ([42, Lem. 2]), which puts both roots on one side of 0.
  T constant_term_44 = 0;
  bool constant_term_positive = false;
  int sign_case = 0;            // §4.2: 1 if <E,uu> > 0, 2 if < 0, 0 if == 0
  // Radii (4.9), (4.10) in units of ||X̂X̂^T - M*||_F^2.
  bool radii_defined = false;   // false when 1 - delta <= 0 (division by <= 0)
  T r_1 = 0, r_2 = 0;
  T dist2 = 0;                  // ||X̂X̂^T - M*||_F^2
  int radius_case = 0;          // Thm 4.4 case 1, 2, 3; 0 when radii undefined
  T theta = 0;                  // case 3: dist2 = theta r_1 + (1-theta) r_2
  T probability_bound = 0;      // case 1: 1, case 2: 0, case 3: (1-theta)^2 m/(3(m+2))
  std::string radius_note;
  // The exact descent set of X̂ + rho u q^T from the quartic (no RIP bound):
  // h decreases iff c2 + c3 rho + c4 rho^2 < 0 (rho != 0).
  bool exact_interval_exists = false;
  T exact_rho_1 = 0, exact_rho_2 = 0;
  // Default single-step point: rho = midpoint of (rho_1, rho_2) if it exists.
  T rho = 0;
  bool point_defined = false;
  Mat<T> point;                 // X̂ + rho u_n q_r^T   (4.11)
  T h_point = 0, h_local_min = 0;
};

template <class T>
SingleStepResult<T> single_step(const SensingProblem<T>& P, const SodIngredients<T>& s, const T& delta);

// Exact h(X̂ + rho u q^T) - h(X̂) = c2 rho^2 + c3 rho^3 + c4 rho^4, derived from
// the definitions with grad f(X̂X̂^T) X̂ = 0 and grad f u = lambda u:
//   c2 = lambda_n + sigma_r^2 ||A(v u^T + u v^T)||^2 / 2   ((S2-T7)+(-T3), T5)
//   c3 = sigma_r <E, u u^T>                                 (T6+T8)
//   c4 = ||A(u u^T)||^2 / 2                                 (T9)
// The linear coefficient c1 = sigma_r <grad f, v u^T + u v^T> (T2, S1-T4) is
// kept (it is 0 only at an exact critical point) so callers can see it.
template <class T>
struct QuarticDecrease {
  T c1 = 0, c2 = 0, c3 = 0, c4 = 0;
  T T5_over_rho2 = 0;  // sigma^2 ||A(W)||^2, Table 2 T5 / rho^2
  T T9_over_rho4 = 0;  // ||A(uu^T)||^2
  T value(const T& rho) const { return ((c4 * rho + c3) * rho + c2) * rho * rho + c1 * rho; }
};
template <class T>
QuarticDecrease<T> single_step_quartic(const SensingProblem<T>& P, const SodIngredients<T>& s);

// ---------------------------------------------------------------- multi step
// (5.8): alpha~ = 1, beta~(t) = rho q^t, gamma~(t) = -(rho eta / 2^(l-1)) S_t sigma_r^l,
// q = 1 - eta lambda_n^l, S_t = sum_{tau<t} q^tau.
template <class T>
struct TpgdCoefficients {
  T alpha = 1, beta = 0, gamma = 0;
  T log10_abs_beta = 0, log10_abs_gamma = 0;  // gamma: 0 when gamma_zero
  bool gamma_zero = false;                    // t = 0: S_0 = 0
  bool beta_representable = true, gamma_representable = true;
  bool finite = true;                         // both representable in T
  T q = 0;                                    // 1 - eta lambda_n^l
  T log_q = 0;                                // log1p(-eta lambda_n^l)
  T S_t = 0;                                  // 0 when !gamma_representable
  T log10_S_t = 0;
};
template <class T>
TpgdCoefficients<T> tpgd_coefficients(int l, const T& rho, const T& eta, long long t, const T& lambda_n,
                                      const T& sigma_r);  // (5.8)

// An interval of t (open), or empty with the reason. hi_infinite: (lo, +inf).
template <class T>
struct TInterval {
  bool empty = true;
  T lo = 0, hi = 0;
  bool hi_infinite = false;
  std::string reason;  // why empty, or how an endpoint was obtained
  bool contains(const T& t) const { return !empty && t > lo && (hi_infinite || t < hi); }
};

template <class T>
struct EscapePoint {
  std::string type;              // "beta" (5.15), "gamma" (5.16), "single" (4.11)
  bool defined = false;
  std::string note;
  T log10_abs_coefficient = 0;   // X̌ = coefficient * direction
  int coefficient_sign = 1;
  bool representable = false;    // coefficient fits in T; otherwise log10 only
  T coefficient = 0;
  Mat<T> direction;              // u_n q_r^T (beta) or E X̂ (gamma)
  Mat<T> point;                  // X̌ (when representable)
  T h = 0, h_local_min = 0;      // h(X̌), h(X̂)
  bool h_lower = false;
  T dist_local = 0, dist_truth = 0, ratio_C3 = 0;  // (C.3)
  // When !representable: log10 of the two distances from their leading term
  // (coefficient^2 ||direction direction^T||_F), ratio -> 1.
  T log10_dist_local = 0, log10_dist_truth = 0;
};

template <class T>
struct MultiStepResult {
  int l = 0;
  T rho = 0, eta = 0, delta = 0;
  long long t = 0;
  TpgdCoefficients<T> coef;
  // Norms of the three terms of (5.8): ||a|| = ||X̂||^l, ||b|| = 1, ||c|| = ||E X̂||^l.
  T norm_Xhat = 0, norm_EXhat = 0;
  T log10_norm_a_term = 0, log10_norm_b_term = 0, log10_norm_c_term = 0;
  bool c_term_zero = false;      // E X̂ = 0 or t = 0
  std::string dominant;          // "a", "b", "c" at this t
  bool EXhat_parallel_u = false; // E X̂ ∥ u_n q_r^T (c ∥ b; Gram singular)
  // K = 2^(l-1) (-lambda_n)^l / (sigma_r^l ||E X̂||^l): ||beta b||/||gamma c|| > 1 iff q^t (1-K) < 1.
  T log10_K = 0;
  bool K_ge_1 = false;
  // Endpoints as printed in (U_beta), (U_gamma) (before intersecting with (0, inf)).
  T U_beta_lo_printed = 0, U_beta_hi_printed = 0, U_gamma_lo_printed = 0;
  bool U_beta_hi_printed_defined = false, U_gamma_lo_printed_defined = false;
  TInterval<T> U_beta, U_gamma;  // ∩ (0, inf), derived from the dominance ratios
  // (5.13): rho_min = ||X̂||^l (1 - K); defined unless E X̂ = 0.
  bool rho_min_defined = false;
  T rho_min = 0;
  bool rho_gt_rho_min = false;
  // (5.14): Xi = max_i ||A_i||_2, Xi-bar, printed bound l > 1/log2(Xi-bar); the
  // derivation's own last step 2^(l/2) < Xi-bar means l < 2 log2(Xi-bar).
  T Xi = 0, xi_bar = 0;
  bool l_bound_514_defined = false;
  T l_bound_514 = 0;
  bool l_satisfies_514 = false;
  T l_upper_from_derivation = 0;
  T EXhat_bound = 0;              // [2m(1+delta)]^(1/2) Xi ||X̂||_F (Lemma A.8 step)
  // (5.17), (5.18)
  bool conditions_defined = false;  // 1 - delta > 0
  T dist2 = 0, trMstar = 0;
  T cond_517_lower = 0, cond_517_upper = 0;
  bool cond_517 = false;
  bool l_bound_518_defined = false;
  T l_bound_518 = 0;
  bool cond_518 = false;
  std::string step_size_510 =
      "not computable from the closed form: (5.10) needs L (smoothness of h^l), Delta^(t+1) (B.2), "
      "G^(t+1) = ||grad h^l(w^(t+1))||_F and the O~(1) constant C of the truncation, none of which "
      "the paper gives in closed form";
  EscapePoint<T> beta_point, gamma_point;  // (5.15), (5.16)
  std::string notes;
};

// Validates l odd >= 1 (odd l keeps the sign of the rank-1 collapse), rho, eta
// in (0,1), t >= 0; throws input_error otherwise.
template <class T>
MultiStepResult<T> multi_step(const SensingProblem<T>& P, const SodIngredients<T>& s, int l, const T& rho,
                              const T& eta, long long t, const T& delta);

// Xi = max_i ||A_i||_2 (spectral norm, symmetric Jacobi eigenvalues).
template <class T>
T max_sensing_spectral_norm(const SensingProblem<T>& P);

}  // namespace sodlift
