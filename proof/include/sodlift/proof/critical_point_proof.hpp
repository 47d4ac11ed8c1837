// Proofs about a critical point of h (issue 25), in Arb ball arithmetic:
// for every input in a ball, the output ball contains the exact result.
//
// Coordinates and gauge. For r = 1 the unknown is y = x - x_hat in R^n.
// For r >= 2, h(X O) = h(X) for O in O(r), so critical points come in orbits;
// the gauge is the affine slice X = X_hat + Q y, where the columns of Q (nr x
// d, d = nr - r(r-1)/2, exact doubles) span the orthogonal complement of the
// orbit's tangent space {X_hat W : W^T = -W} at X_hat.
//   F(y) = Q^T vec(grad h(X_hat + Q y)),   J(y) = Q^T Hess h(X_hat + Q y) Q.
//
// Krawczyk test (Moore/Krawczyk; the formula implemented):
//   Y = [-rho, rho]^d,  R ~ J(0)^{-1} (arb_mat_approx_inv, any matrix),
//   K(Y) = -R F(0) + (I - R J(Y)) Y,
// where J(Y) is an interval matrix containing J(y) for every y in Y (the
// Hessian evaluated in ball arithmetic on the box). If K(Y) lies in the
// interior of Y (arb_contains_interior, componentwise), then F has exactly
// one zero y* in Y, and R and every matrix of J(Y) are nonsingular.
// For r >= 2, y* is a critical point of h itself when M(X) = [Q | vec(X E_kl
// - X E_lk)]_{k<l} is nonsingular over the box (arb_mat_inv succeeds): grad h
// (X) is orthogonal to the orbit tangent at X (invariance), so M^T grad h = 0.
// The same M being nonsingular makes (O, y) -> (X_hat + Q y) O a local
// diffeomorphism, so "strict local minimum on the slice" means "local minimum
// of h, strict modulo O(r)".
//
// Strict local minimum: J(Y) - sigma I positive definite (arb_mat_cho
// succeeds, which happens only when it is certain) for a sigma >= 0 we pick;
// sigma is then a proved lower bound on lambda_min(J(y)) over Y.
// Saddle: d^T H(Y) d < 0 and e^T H(Y) e > 0 (upper/lower bounds of the ball)
// for the computed extreme eigenvectors d, e of the full Hessian.
// h(X*) is enclosed by evaluating h on the box; h(X*) > 0 when the enclosure
// is positive (spurious: the global minimum value is h(Z) = 0).
#pragma once

#include <string>
#include <vector>

#include "sodlift/proof/exact_data.hpp"

namespace sodlift::proof {

struct ProofOptions {
  long prec = 512;      // Arb working precision in bits
  int max_dim = 64;     // n r above this: not attempted (dense interval Hessian)
};

struct CriticalPointProof {
  // proved_strict_local_min | proved_saddle | not_proved
  std::string status = "not_proved";
  std::string reason;              // not_proved: why (one line)
  std::string method;
  std::string gauge;               // the coordinates of the ball
  bool unique_critical_point = false;  // Krawczyk succeeded (and, r >= 2, M nonsingular)
  std::string radius;              // rho, an upper bound (decimal); "" if no ball
  std::string lambda_min_lower;    // strict min: sigma (decimal, exact)
  std::string negative_curvature_upper;  // saddle: upper bound of d^T H d / d^T d < 0
  std::string h_enclosure;         // Arb's "[mid +/- rad]" for h(X*), contains h(X*)
  std::string h_lower, h_upper;    // decimal bounds, outward-rounded
  bool h_positive = false;         // proved h(X*) > 0
  int dimension = 0;               // d
};

// center: X_hat, n x r, column-major decimal strings (e.g. the certified
// bf100 point). The center is read as an exact number (the midpoint of its
// ball: any center is allowed, it is only where the search starts).
CriticalPointProof prove_critical_point(const ExactData& data, int r,
                                        const std::vector<std::string>& center,
                                        const ProofOptions& opt = {});

// The deliberately-wrong-bound check of the acceptance tests, and a building
// block: at the unique critical point X* proved near center, is
// J(X*) - shift I positive definite (proved), not positive semidefinite
// (proved by a direction with negative curvature), or undecided?
enum class ShiftVerdict { proved_positive_definite, proved_indefinite, undecided };
const char* to_string(ShiftVerdict v);
ShiftVerdict check_shifted_hessian(const ExactData& data, int r, const std::vector<std::string>& center,
                                   const std::string& shift, const ProofOptions& opt = {});

}  // namespace sodlift::proof
