// Proofs of sign verdicts (issue 25, item 4; docs/proofs.md): the deciding
// difference of a claim enclosed in Arb ball arithmetic, from the instance
// data as exact numbers and the critical point X* proved by the Krawczyk test
// of critical_point_proof.hpp. A verdict is proved when the enclosure of its
// deciding difference excludes 0.
//
// The isometry constant (SPEC §2.1, core's isometry_bound): with Phi the
// m x d matrix of A on the orthonormal basis E_jj, (E_jk + E_kj)/sqrt 2 of the
// symmetric matrices (d = n(n+1)/2), G = Phi^T Phi,
//   delta = max(1 - lambda_min(G), lambda_max(G) - 1).
// lambda_min is enclosed by [s, q]: G - s I is proved positive definite by
// arb_mat_cho (so lambda_min >= s), and q is the upper end of the Rayleigh
// quotient v^T G v / v^T v of an exact vector v (so lambda_min <= q); s >= 0
// always (G is a Gram matrix). lambda_max likewise with -G. v is an
// eigenvector of mid(G) refined by inverse iteration at Arb's precision: it
// only chooses what is tested.
//
// (5.17), (5.18) at X* (rank 1, the claim's instances): X* lies in the box
// x_hat +- radius proved by the Krawczyk test, so every quantity below is
// evaluated on that box and contains its value at X*:
//   dist2 = ||x x^T - M*||_F^2, sigma_r = ||x||, Tr M* = ||Z||_F^2,
//   base = (1 + delta)/(1 - delta) sigma_r^2 Tr M*,
//   (5.17): dist2 - base >= 0 and 2 base - dist2 >= 0,
//   (5.18): l - 1/den > 0, den = 1 - log2(2 base / dist2) (den != 0).
#pragma once

#include <string>
#include <vector>

#include "sodlift/proof/critical_point_proof.hpp"

namespace sodlift::proof {

// One enclosed real: Arb's "[mid +/- rad]" and outward-rounded decimal
// bounds; sign = +1 (proved > 0), -1 (proved < 0), 0 (the ball contains 0 or
// was not computed).
struct Enclosure {
  std::string ball;
  std::string lower, upper;
  int sign = 0;
  bool computed = false;
};

struct IsometryEnclosure {
  bool ok = false;
  std::string reason;  // !ok: why
  Enclosure lambda_min, lambda_max, delta;
  std::string method;
};

// Throws input_error when n(n+1)/2 exceeds opt.max_dim * 8 (dense Gram).
IsometryEnclosure enclose_isometry(const ExactData& data, const ProofOptions& opt = {});

struct Cond518Proof {
  int l = 0;
  Enclosure bound;   // 1/den
  Enclosure margin;  // l - 1/den (> 0: (5.18) holds)
  Enclosure den;
  bool proved = false;  // margin's sign proved (and den proved != 0)
};

struct Cond517Proof {
  bool ok = false;     // the ball and delta were proved (else reason)
  std::string reason;
  std::string radius;  // the Krawczyk box around the center
  IsometryEnclosure iso;
  Enclosure dist2, lower, upper;  // dist2, base, 2 base
  Enclosure margin_lower;         // dist2 - base - shift
  Enclosure margin_upper;         // 2 base - dist2
  Enclosure one_minus_delta;      // > 0 needed: (5.17) divides by it
  // (5.17) decided: +1 proved holds (both margins > 0), -1 proved fails (one
  // margin < 0), 0 not proved.
  int cond_517 = 0;
  std::vector<Cond518Proof> cond_518;
  std::string method;
};

// center: the rank-1 critical point's decimals (n entries). ls: the orders
// of (5.18). shift (exact decimal, default "0"): subtracted from dist2 in the
// lower margin, the deliberately-wrong-bound hook of the tests.
Cond517Proof prove_cond_517_518(const ExactData& data, const std::vector<std::string>& center,
                                const std::vector<int>& ls, const std::string& shift = "0",
                                const ProofOptions& opt = {});

// The sign of (value - shift) for the enclosed lambda_min of the isometry
// Gram matrix (the tests' 1e-30 check): +1, -1 proved, 0 undecided.
int lambda_min_minus(const ExactData& data, const std::string& shift, const ProofOptions& opt = {});

// ---- The closed form of §5 at X* (rank 1): Table 5, Figs. 8, 9 ----------
// Ingredients over the Krawczyk box of X*: G = grad f(x x^T) = sum_k
// (<A_k, x x^T> - b_k) A_k; lambda_n = lambda_min(G) enclosed as above;
// u_n: v (exact, an eigenvector of mid G refined by inverse iteration, signed
// so that its largest component is positive, core's convention), mu = its
// Rayleigh quotient's midpoint, r = G v - mu v; lambda_2(G) >= g2 proved by
// Cholesky of G + c v v^T - g2 I (a rank-one positive update moves lambda_1
// at most to lambda_2: interlacing); then sin angle(u_n, v) <= ||r|| /
// (||v|| (g2 - mu)) (Davis-Kahan for one vector: the components of v on the
// other eigenvectors are each damped by |lambda_j - mu| >= g2 - mu), and the
// unit eigenvector u_n with <u_n, v> > 0 lies within sqrt2 sin of v/||v||.
// sigma_r = ||x||, v_r = s x/||x|| (s: sign of x's largest component),
// q_r = s, E = sym(sum_k <A_k, u v_r^T + v_r u^T> A_k), Y = E x. Then the
// formulas of core/closed_form (5.8)-(5.16) in balls (log, exp, log1p, expm1).
struct EscapeEnclosure {
  Enclosure dist_local, dist_truth, ratio;
};

struct ClosedFormProof {
  bool ok = false;
  std::string reason;
  std::string radius;
  Enclosure lambda_n, sigma_r, norm_EX, u_error;  // u_error: bound on ||u_n - v/||v|| ||
  Enclosure log_K;                                 // ln K
  Enclosure rho_min, U_beta_lo, U_beta_hi, U_gamma_lo;  // printed forms (5.11)-(5.13); hi/lo need K < 1
  Enclosure log10_a, log10_b, log10_c;            // (5.8) term norms at t
  EscapeEnclosure beta, gamma;                    // (5.15), (5.16) at t
  Enclosure hl_a, hl_abc, hl_diff;                // lifted h at a and a + beta~ b + gamma~ c, difference
  // The single step of §4 at X* (u_n's sign changes none of these signs):
  Enclosure delta;       // isometry constant (enclose_isometry)
  Enclosure E_un_un;     // e = <E, u_n u_n^T>
  Enclosure efs;         // NCM + AIC = -lambda_n/(sigma^2 (1+d)) + e^2/(2 (1+d)^2) (Def. 4.3)
  Enclosure disc_44;     // Delta of (4.4): 4 sigma^2 e^2 - 4 (1+d)(2 sigma^2 (1+d) + 2 lambda_n)
  // h(x + rho u_n q_r) - h(x) = rho^2 (c2 + c3 rho + c4 rho^2) at X* exactly
  // (the rho^1 coefficient is <grad h(X*), u_n q_r> = 0 at the critical
  // point): with r_k = <A_k, x x^T> - b_k, p_k = 2 x^T A_k d, s_k = d^T A_k d,
  // d = u_n q_r: c2 = sum p_k^2/2 + sum r_k s_k, c3 = sum p_k s_k, c4 = sum s_k^2/2.
  Enclosure c2, c3, c4;
  Enclosure disc_exact;  // c3^2 - 4 c2 c4: < 0 with c4 > 0 means no rho != 0 decreases h
  // (5.14) (core's closed_form): Xi = max_k ||sym A_k||_2 (each enclosed by
  // the Cholesky/Rayleigh bounds of lambda_min(+-sym A_k)), Xi-bar =
  // sqrt2 (-lambda_n) / (sqrt(m (1+delta) ||x||^2) Xi sigma_r); with l != 0,
  // l - 1/log2(Xi-bar) when Xi-bar != 1 is proved (> 0: l satisfies the
  // printed (5.14)).
  Enclosure Xi, xi_bar, one_minus_xi_bar, l_minus_514;
  // U_beta's emptiness (with l != 0 and K < 1 proved): U_beta_lo - U_beta_hi
  // (> 0: U_beta = (lo, hi) is empty).
  Enclosure U_beta_gap;
  std::string method;
};

// l = 0: the ingredients and the single step only (rho, eta, t unused).
ClosedFormProof enclose_closed_form(const ExactData& data, const std::vector<std::string>& center, int l,
                                    const std::string& rho, const std::string& eta, long long t,
                                    const ProofOptions& opt = {});

// basis-independent (§5.2): the generators x_a = x, x_b = u_n q_r, x_c = E x
// of S at X* (rank 1, over the Krawczyk box, u_n by Davis-Kahan as above);
// for each l the Gram matrix G_pq = <x_p, x_q>^l of a = x_a^(x)l, b, c and
// its diagonal scaling Gs = D^-1/2 G D^-1/2 (D = diag G, proved > 0).
// lambda_min(Gs) is enclosed by a Cholesky lower bound (arb_mat_cho of
// Gs - s I) and a Rayleigh quotient; Gs positive definite <=> a, b, c
// linearly independent. margin = lambda_min(Gs) - shift (shift: the tests'
// deliberately wrong bound hook, an exact decimal, default 0).
struct BasisLevel {
  int l = 0;
  Enclosure lambda_min;  // smallest eigenvalue of the scaled Gram matrix
  Enclosure margin;      // lambda_min - shift: > 0 proves independence (shift 0)
};
struct BasisIndependenceProof {
  bool ok = false;
  std::string reason;
  std::string radius;
  Enclosure g_ab, g_ac, g_bc;  // <x_p, x_q> (matrix level)
  std::vector<BasisLevel> levels;
  std::string method;
};
BasisIndependenceProof prove_basis_independent(const ExactData& data, const std::vector<std::string>& center,
                                               const std::vector<int>& ls, const std::string& shift = "0",
                                               const ProofOptions& opt = {});

// prop5.3 (§5.3, literal TPGD; lifted/descent.hpp defines it): the exact
// iterates of the truncated projected GD in S = span{a, b, c} at X* (rank 1,
// over the Krawczyk box; x_a = x, x_b = u_n q_r, x_c = E x as for
// basis-independent), at matrix cost. With mu_pq in R^m, (mu_pq)_i =
// x_p^T A_i x_q, the measurement vector b_i = <A_i, M*>, and for z, z' among
// the seven vectors {mu_aa, mu_ab, mu_ac, mu_bb, mu_bc, mu_cc, b}
// P(z, z') = <z, z'>^l (= <z^(x)l, z'^(x)l>):
//   w = alpha a + beta b + gamma c,  y(w) - b^(x)l = sum_z r_z z^(x)l with
//   r_pp = c_p^2, r_pq = 2 c_p c_q (p < q), r_b = -1;
//   h^l(w) = 1/4 sum_{z,z'} r_z r_z' P(z, z');
//   kept sub-terms H_1^1 = sum_I (R0)_I K_I (beta b), H_2^1 = sum_I (R_ab)_I
//   K_I (alpha a), R0 = alpha^2 mu_aa^(x)l - b^(x)l, R_ab = 2 alpha beta
//   mu_ab^(x)l, so <x_p^(x)l, H_1^1 + H_2^1> = beta (alpha^2 P(mu_aa, mu_pb)
//   - P(b, mu_pb)) + 2 alpha^2 beta P(mu_ab, mu_pa);
//   c_active <- c_active - eta G_active^{-1} (those inner products)_active,
//   G_pq = <x_p, x_q>^l, G_active^{-1} by arb_mat_inv (proved invertible);
//   a generator the claim dropped (not in `active`) keeps coefficient 0.
// Start c = (1, rho, 0). dh[k] = h^l(c_{k+1}) - h^l(c_k), k = 0..steps-1.
struct TpgdDescentProof {
  bool ok = false;
  std::string reason;
  std::string radius;
  std::vector<Enclosure> h;   // h^l at t = 0..steps
  std::vector<Enclosure> dh;  // h^l(t+1) - h^l(t)
  Enclosure h_at_a;           // h^l(a)
  Enclosure alpha, beta, gamma;  // coefficients after the last step
  std::string method;
};
// active: generator indices the projection uses (0 = a, 1 = b, 2 = c; the
// claim's SubspaceBasis::active). rho, eta: exact decimals.
TpgdDescentProof prove_tpgd_descent(const ExactData& data, const std::vector<std::string>& center, int l,
                                    const std::string& rho, const std::string& eta, int steps,
                                    const std::vector<int>& active = {0, 1, 2}, const ProofOptions& opt = {});

// A printed cell against the exact value: the sign of |value - printed| -
// half a unit of the printed last digit ("2006.17": 0.005, "4.08e6": 5e3).
// +1: proved to disagree beyond the rounding; -1: proved within; 0: undecided.
// diff (optional) receives the enclosure of that difference.
int printed_cell_sign(const Enclosure& value, const std::string& printed, Enclosure* diff = nullptr,
                      const ProofOptions& opt = {});

// A difference of two enclosures (a - b), e.g. log10 norms of (5.8).
Enclosure difference(const Enclosure& a, const Enclosure& b, const ProofOptions& opt = {});

}  // namespace sodlift::proof
