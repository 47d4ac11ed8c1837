// §4.3 by Monte Carlo: the probabilistic part of Thm 4.4 over the Gaussian
// ensemble (4.7), the moment computation of §4.3.1 and the single-step theory
// (Prop. 4.2, Thm 4.4 deterministic part) at real spurious minima.
//
// delta is reported three ways, because every case and verdict of §4.3 moves
// with it (r_1, r_2 grow with delta, EFS falls):
//   upper   — a valid constant: the isometry bound of SPEC §2.1 (full space of
//             symmetric matrices). For m < n(n+1)/2 the Gram operator is
//             singular, so it is >= 1 and the radii (4.9), (4.10) are undefined.
//   lower   — max(1 - min ratio, max ratio - 1) of ||A(M)||^2/||M||_F^2 over
//             explicit rank-p symmetric M found by truncated power iterations
//             (several starts). Each ratio is attained, so this is a lower
//             bound on the restricted constant delta_p (to round-off).
//   sampled — the same deviation over random rank-p Gaussian matrices. The
//             paper does not print how its delta_p was estimated; this is the
//             usual sampled estimator (random low-rank matrices, largest
//             deviation of ||A(M)||^2 from ||M||_F^2) and it badly
//             underestimates delta_p: it sees typical, not extreme, directions.
// A case or verdict that differs between `lower` and `upper` is reported as
// changing within the range, never decided.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sodlift/core/closed_form.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/instances.hpp"

namespace sodlift {

// ---------------------------------------------------------------- delta
struct RestrictedIsometryEstimate {
  int rank = 2;
  double ratio_min = 1, ratio_max = 1;  // attained by argmin / argmax
  double delta = 0;                     // max(1 - ratio_min, ratio_max - 1)
  Mat<double> argmin, argmax;           // unit-Frobenius rank-p symmetric
  int starts = 0;
};
// Truncated power iterations on the Gram operator G = A*A restricted to
// symmetric matrices: M <- T_p(G M) (largest ratio) and M <- T_p(c M - G M)
// with c >= lambda_max(G) (smallest ratio), T_p = keep the p eigenvalues of
// largest magnitude, normalise. For a PSD operator each step cannot lower the
// Rayleigh quotient (convexity), so every start climbs to a local optimum;
// after the iteration the best matrix on its own column space is solved
// exactly (a small eigenproblem). Starts: the extreme eigenvectors of G
// truncated to rank p, then random Gaussian rank-p matrices from `seed`.
RestrictedIsometryEstimate restricted_isometry_lower(const SensingProblem<double>& P, int rank,
                                                     int starts, std::uint64_t seed);

struct SampledIsometry {
  int rank = 2, samples = 0;
  double ratio_min = 1, ratio_max = 1, delta = 0;
  static constexpr const char* recipe =
      "M = G D G^T, G n x p and D = diag(d_1..d_p) standard normal (NormalStream(seed)); "
      "delta = max over samples of |||A(M)||^2/||M||_F^2 - 1|";
};
SampledIsometry sampled_isometry(const SensingProblem<double>& P, int rank, int samples,
                                 std::uint64_t seed);

// ---------------------------------------------------------------- cases
// Thm 4.4's cases from (d^2, r_1, r_2): 1 if d^2 >= r_2, 2 if d^2 < r_1, 3
// otherwise, with theta = (r_2 - d^2)/(r_2 - r_1) (d^2 = theta r_1 + (1-theta) r_2)
// and the bound 1, 0, (1-theta)^2 m/(3(m+2)). Needs r_1 < r_2 (throws
// input_error otherwise). Same rule as single_step(); kept separate so the
// rule can be tested on hand-built triples.
struct CaseClassification {
  int radius_case = 0;
  double theta = 0;
  double probability_bound = 0;
};
CaseClassification classify_case(double dist2, double r_1, double r_2, int m);

// ---------------------------------------------------------------- one minimum
// Outcome of a claim at one minimum and one delta.
enum class Tri { yes, no, undecided, vacuous };
const char* to_string(Tri t);

template <class T>
struct DeltaAnalysis {
  std::string label;  // "upper", "lower", "sampled"
  T delta = 0;
  SingleStepResult<T> ss;  // EFS, NCM, AIC, (4.6), radii, case, theta, bound, exact set
  // thm4.4-det: every rho in (rho_1, rho_2) decreases h (exact quartic; a
  // violation is confirmed by evaluating h directly at a witness rho).
  Tri every_rho_decreases = Tri::vacuous;
  T witness_increase_rho = 0, witness_increase_dh = 0;
  // Prop. 4.2 as printed: descent => (4.4). `no` when some rho decreases h
  // exactly but violates (4.4) (confirmed by direct evaluation).
  Tri necessity = Tri::vacuous;
  T witness_necessity_rho = 0, witness_necessity_dh = 0;
};

template <class T>
struct MinimumAnalysis {
  SodIngredients<T> sod;       // sign +1; u_n -> -u_n maps every rho set to its mirror
  QuarticDecrease<T> quartic;  // h(X̂ + rho u q^T) - h(X̂)
  T dist2 = 0, trace_Mstar = 0;
  T S = 0;               // S_A(P, Q) = <E, u_n u_n^T> (§4.3.1)
  T AP2 = 0, AQ2 = 0;    // ||A(P)||^2, ||A(Q)||^2; fixed P,Q: E = 2, 1
  T psi_omega_corr = 0;  // sample correlation of (psi_i, omega_i) over i
  std::vector<DeltaAnalysis<T>> deltas;
};

// Analyses a certified spurious minimum at each (label, delta).
template <class T>
MinimumAnalysis<T> analyse_minimum(const SensingProblem<T>& P, const Mat<T>& Xhat,
                                   const std::vector<std::pair<std::string, T>>& deltas);

// Over a delta range [lower, upper]: the case and EFS > 1 are monotone in
// delta (r_1, r_2 increase, EFS decreases), so they are decided when they
// agree at both ends; `upper` >= 1 leaves the radii undefined there.
struct RangeDecision {
  std::string radius_case;  // "1", "2", "3", or "changes within [lower, upper]"
  std::string efs_gt_1;     // "yes", "no", or "changes within [lower, upper]"
};
template <class T>
RangeDecision decide_over_range(const DeltaAnalysis<T>& lower, const DeltaAnalysis<T>& upper);

// ---------------------------------------------------------------- moments
// §4.3.1 for fixed orthonormal P = u v^T + v u^T, Q = u u^T (u ⊥ v unit):
// E[S] = 0, E[S^2] = 2/m, E[S^4] = 12(m+2)/m^3 (derivation re-done in
// docs/montecarlo-4.3.md: psi_i ~ N(0, 2/m), omega_i ~ N(0, 1/m) are independent
// because Cov = <P,Q>/m = 0 for jointly Gaussian variables; then
// E[S^4] = m E[psi^4]E[omega^4] + 3m(m-1)(E[psi^2]E[omega^2])^2).
struct MomentEstimate {
  double theory = 0, mean = 0, stderr_ = 0, z = 0;  // z = (mean - theory)/stderr_
};
struct FixedPQMoments {
  int n = 0, m = 0, samples = 0;
  std::uint64_t seed = 0;
  MomentEstimate S1, S2, S4;
  // Independence of psi = <A,P> and omega = <A,Q> over all (sample, i) pairs:
  // sample correlation of (psi, omega) and of (psi^2, omega^2), each with its
  // standard error 1/sqrt(count) under independence.
  double corr_psi_omega = 0, corr_sq = 0, corr_stderr = 0;
  // m S^2/2 (E = 1, E[(m S^2/2)^2] = 3(m+2)/m), kept for the distribution plot.
  std::vector<double> mS2_over_2;
};
// Draws `samples` operators from (4.7) — gaussian instances with seeds from
// mt19937_64(seed) — and takes every inner product from the full A_i; u, v
// are orthonormalised standard normal vectors from NormalStream(seed).
FixedPQMoments fixed_pq_moments(int n, int m, int samples, std::uint64_t seed);
double moment_S2(int m);  // 2/m
double moment_S4(int m);  // 12(m+2)/m^3

// ---------------------------------------------------------------- one trial
struct Montecarlo43Config {
  int n = 3, m = 6, r = 1;
  int starts = 8;           // random starts per instance (incl. the instance's own)
  int gd_max_iter = 20000;  // GD iterations per start before Newton
  int restricted_rank = 2;  // p of the lower estimate and of the sampled estimator
  int restricted_starts = 12;
  int sampled_samples = 1000;
  std::string start_scale = "1";  // starts are start_scale * standard normal
};
// One trial = one random instance gaussian(n, m, r, seed): refine from every
// start in double, keep the certified spurious local minima (de-duplicated by
// X X^T, i.e. up to sign and rotation), and analyse each at the three deltas.
// Deterministic in (config, seed). The JSON record is documented in
// docs/montecarlo-4.3.md.
nlohmann::json montecarlo43_trial(const Montecarlo43Config& cfg, std::uint64_t seed);

// The instance of a trial with its start set to a minimum's X (all digits):
// what validate/instances/ keeps for counterexamples.
nlohmann::json montecarlo43_instance_json(const Montecarlo43Config& cfg, std::uint64_t seed,
                                          const Mat<double>& X, const std::string& note);

}  // namespace sodlift
