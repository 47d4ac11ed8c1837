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

}  // namespace sodlift::proof
