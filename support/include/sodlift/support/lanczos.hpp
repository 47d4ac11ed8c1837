// Extreme eigenvalues of a symmetric operator given only by its action
// (SPEC §5: the Hessian of h and the Gram operator of A at scale), in double.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <functional>

namespace sodlift {

using ApplyFn = std::function<Eigen::VectorXd(const Eigen::VectorXd&)>;

struct LanczosOptions {
  bool smallest = true;     // smallest (true) or largest (false) eigenvalue
  int max_basis = 120;      // Krylov basis kept before a restart
  int max_restarts = 60;
  double rel_tol = 1e-11;   // stop when ||A y - theta y|| <= rel_tol * max(|theta_max|, 1)
  std::uint64_t seed = 1;   // random start vector (mt19937_64, reproducible)
};

struct LanczosResult {
  double value = 0;         // Ritz value
  Eigen::VectorXd vector;   // unit Ritz vector
  double residual = 0;      // ||A y - theta y||_2: some eigenvalue lies within it of value
  double scale = 0;         // largest |Ritz value| seen (the operator's norm, from below)
  int applications = 0;     // operator applications
  bool converged = false;
};

// Lanczos with full reorthogonalisation and explicit restart from the best
// Ritz vector. `deflate` (dim x k, orthonormal columns, may be empty) spans
// directions excluded from the search (e.g. the rotational null space of the
// Hessian): every Krylov vector is kept orthogonal to it, so the result is an
// eigenvalue of the operator restricted to the complement (the operator must
// leave that complement invariant). Full reorthogonalisation keeps Ritz values
// free of spurious copies; the caveat of every Krylov method remains: an
// eigenvector orthogonal to the start vector is invisible, which a random
// start makes a probability-zero event.
LanczosResult lanczos_extreme(const ApplyFn& apply, int dim, const LanczosOptions& opt = {},
                              const Eigen::MatrixXd& deflate = Eigen::MatrixXd());

}  // namespace sodlift
