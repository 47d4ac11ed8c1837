// Proofs about the lifted landscape (issue 25, item 3; docs/proofs.md): at
// a = vec(X*)^{⊗l}, X* the unique critical point of h proved in a Krawczyk
// ball around the center X̂ (critical_point_proof.hpp), the Hessian of SPEC
// §1's lifted objective h^l(w) = 1/4 sum_I (<w, K_I w> - b_I)^2 is
//   H(X*) = 2 K(X*)^{⊗l} + G(X*)^{⊗l} - B^{⊗l},
//   K(X) = sum_i vec(A_i X) vec(A_i X)^T,  G(X) = I_r ⊗ sum_i <A_i, X X^T> A_i,
//   B = I_r ⊗ sum_i b_i A_i                 (N x N, N = n r),
// (lifted/hessian.hpp derives it; it is rebuilt here from the exact data, in
// balls, independently of lifted/). a is a critical point of h^l exactly:
// grad h^l(a) = (G(X*) x*)^{⊗l} - (B x*)^{⊗l}, and G(X*) x* - B x* =
// vec(sum_i (<A_i, X* X*^T> - b_i) A_i X*) = vec(grad h(X*))/2 = 0.
// K, G are evaluated on the whole Krawczyk box, so every statement below holds
// for every X in the box, in particular for X*.
//
// Saddle: for a direction d (a dense tensor of N^l exact doubles, index
// i_1 + N i_2 + ... + N^{l-1} i_l), d^T H d / d^T d < 0 is proved by l mode
// products in ball arithmetic per factor; with a^T H a > 0 (proved as
// 2 (x^T K x)^l + (x^T G x)^l - (x^T B x)^l at the center x), a is a critical
// point of h^l with negative and positive curvature: a strict saddle.
//
// Positive definiteness on all of (R^N)^{⊗l} (the strict local minimum of h^l,
// issue 25 item 2): N^l <= cho_max_dim: arb_mat_cho of the ball matrix
// H - sigma I; N^l <= float_max_dim: a floating-point Cholesky L of
// fl(H_mid) - sigma I and a rigorous bound
//   ||H(X) - sigma I - L L^T||_2 <= e_pert + e_kron + e_shift + e_res < sigma
// (docs/proofs.md has the four terms), so H(X) ⪰ (sigma - bound) I ≻ 0.
#pragma once

#include <string>
#include <vector>

#include "sodlift/proof/critical_point_proof.hpp"

namespace sodlift::proof {

struct LiftedOptions {
  long prec = 256;                 // bits for the lifted products (the box is ~1e-50 wide)
  long cho_max_dim = 243;          // N^l up to this: arb_mat_cho on the ball matrix
  long float_max_dim = 2187;       // up to this: floating Cholesky + rigorous residual bound
  long curvature_max_dim = 177147; // N^l up to this: d^T H d by dense mode products (3^11)
  std::string shift = "0";         // prove statements about H - shift I (tests: a 1e-30 sign flip)
};

struct LiftedCurvatureProof {
  bool critical_point = false;     // Krawczyk ball found around the center
  std::string reason;              // why not proved (one line)
  std::string radius;              // Krawczyk radius (upper bound)
  bool proved_negative = false;    // d^T (H - shift I) d < 0 for every X in the box
  bool proved_positive_a = false;  // a^T (H - shift I) a > 0 (a = x_hat^{⊗l}): not a maximum
  std::string rayleigh_enclosure;  // Arb ball of d^T (H - shift I) d / d^T d
  std::string rayleigh_upper;      // decimal upper bound of it (outward-rounded)
  std::string method;
};

// center: X̂ (n x r, column-major decimal strings); d: N^l doubles (exact).
LiftedCurvatureProof prove_lifted_negative_curvature(const ExactData& data, int r,
                                                     const std::vector<std::string>& center, int l,
                                                     const std::vector<double>& d,
                                                     const ProofOptions& kopt = {},
                                                     const LiftedOptions& opt = {});

struct LiftedDefinitenessProof {
  bool critical_point = false;
  std::string reason;              // why not proved / not attempted
  std::string radius;
  bool proved_positive_definite = false;  // H(X) - shift I ≻ 0 on all of R^{N^l}, every X in the box
  std::string lambda_min_lower;    // proved lower bound on lambda_min(H - shift I) (decimal)
  std::string method;              // "arb_mat_cho ..." or "floating Cholesky + residual bound ..."
  long dim = 0;                    // N^l
};

// sigma_hint: an estimate of lambda_min (e.g. the symmetric-tensor value); the
// shifts tried are derived from it (any value is safe: it only picks sigma).
LiftedDefinitenessProof prove_lifted_positive_definite(const ExactData& data, int r,
                                                       const std::vector<std::string>& center, int l,
                                                       double sigma_hint, const ProofOptions& kopt = {},
                                                       const LiftedOptions& opt = {});

// The escape direction of Ma et al. (29): b = v^{⊗l}, v = u_n (r = 1), u_n the
// eigenvector of grad f(X* X*^T) = sum_i (<A_i, X* X*^T> - b_i) A_i = G - B
// for its eigenvalue near the computed one. The eigenpair is enclosed by
// Rump's method (acb_mat_eig_enclosure_rump) over the Krawczyk box, with the
// computed u_approx as the approximation; then
//   b^T H b / b^T b = [2 (v^T K v)^l + (v^T G v)^l - (v^T B v)^l] / (v^T v)^l
// is enclosed for every v in the eigenvector's ball (the ratio does not
// depend on the eigenvector's scaling or sign).
struct EscapeDirectionProof {
  bool critical_point = false;
  std::string reason;
  std::string radius;
  std::string lambda_n_enclosure;  // the eigenvalue of grad f(X* X*^T) whose eigenvector is v
  std::string rayleigh_enclosure;  // b^T (H - shift I) b / b^T b
  bool proved_negative = false, proved_positive = false;
  std::string method;
};
EscapeDirectionProof prove_escape_direction_curvature(const ExactData& data, int r,
                                                      const std::vector<std::string>& center, int l,
                                                      const std::vector<double>& u_approx,
                                                      const ProofOptions& kopt = {},
                                                      const LiftedOptions& opt = {});

// H restricted to S = span{a, b, c} of SOD §5.1 (r = 1; claim lift-vs-S):
// a = x*^{⊗l}, b = u_n^{⊗l}, c = (E x*)^{⊗l}, with x* in the Krawczyk box,
// u_n the eigenvector of grad f(X* X*^T) enclosed by Rump's method as above,
// and E x* computed from the balls as E' x*, E' = sum_k <A_k, u x^T + x u^T>
// (A_k + A_k^T)/2 (core's E up to the factor +-1/sigma_r, which leaves S
// unchanged). For rank-one tensors <x^{⊗l}, H y^{⊗l}> = 2 (x^T K y)^l +
// (x^T G y)^l - (x^T B y)^l and <x^{⊗l}, y^{⊗l}> = (x^T y)^l, so with s_p the
// three vectors, H_S = [<s_p^{⊗l}, H s_q^{⊗l}>] (its symmetric part) and
// Gram_S = [(s_p^T s_q)^l] are 3 x 3 ball matrices containing the values at
// X* (for every X in the box and every u in the eigenvector's ball). For
// w = sum_p z_p s_p^{⊗l}: w^T H w = z^T H_S z, w^T w = z^T Gram_S z. Then
//  - lambda_min(H|S) < 0 is proved by z^T (H_S - shift Gram_S) z < 0 for an
//    explicit z (exact doubles/arf midpoints; inverse iteration on the
//    midpoints, on the numerically kept span of Gram_S);
//  - lambda_min(H|S) >= sigma is proved by arb_mat_cho of
//    Q^T (H_S - (shift + sigma) Gram_S) Q with Q an exact 3 x 3 matrix (the
//    midpoint Gram's eigenvectors): positive definite means Q is nonsingular
//    and w^T (H - shift - sigma) w > 0 for every nonzero w in S (any z != 0
//    with w = 0 would give 0). sigma >= 0 proves H|S positive definite.
struct RestrictedSProof {
  bool critical_point = false;
  std::string reason;              // why not proved (one line)
  std::string radius;              // Krawczyk radius
  std::string lambda_n_enclosure;  // the eigenvalue of grad f(X* X*^T) whose eigenvector is u
  int gram_rank = 0;               // numerical rank of the midpoint Gram_S (tolerance sqrt(eps) of its largest)
  std::string rayleigh_enclosure;  // z^T H_S z / z^T Gram_S z: an upper bound of lambda_min(H|S)
  std::string lambda_min_upper;    // decimal upper bound of lambda_min(H|S) (outward-rounded)
  std::string lambda_min_lower;    // proved lower bound (decimal), empty if none was proved
  bool proved_negative = false;    // lambda_min(H|S) < 0 for every X in the box
  bool proved_positive_definite = false;  // H|S positive definite for every X in the box
  std::string method;
};
RestrictedSProof prove_restricted_S(const ExactData& data, int r, const std::vector<std::string>& center, int l,
                                    const std::vector<double>& u_approx, const ProofOptions& kopt = {},
                                    const LiftedOptions& opt = {});

}  // namespace sodlift::proof
