// Certified critical points of h (SPEC §4, issue "Foundation").
#pragma once

#include <string>

#include "sodlift/core/sensing.hpp"

namespace sodlift {

// How the Hessian is examined (SPEC §5). Small n r keeps the exact dense path
// (the Hessian formed and decomposed in T); large n r is matrix-free: the
// smallest Hessian eigenvalue on the complement of the rotations comes from
// Lanczos in double on Hessian-vector products (lanczos.hpp), so it is known
// to double accuracy only, and the PSD tolerance says so.
struct CertifyOptions {
  enum class Method { automatic, dense, matrix_free };
  Method method = Method::automatic;
  int dense_max_dim = 64;       // automatic: dense when n r <= this
};

struct RefineOptions {
  int gd_max_iter = 200000;     // plain GD (in double) before Newton (small n r)
  double gd_grad_tol = 1e-9;    // switch to Newton below this gradient norm
  int newton_max_iter = 100;
  bool verbose = false;
  // Above this n r the double stage is Newton-CG instead of GD (see
  // critical_point_impl.hpp for why), and the working-precision Newton steps
  // solve with CG in double (mixed-precision refinement).
  int gd_max_dim = 16;
  int newton_cg_max_iter = 500;
  CertifyOptions certify;
};

enum class PointKind {
  spurious_local_min,  // grad ~ 0, Hessian PSD (mod rotations), h > 0
  global_min,          // h ~ 0 (X X^T = M*)
  saddle,              // Hessian has a clearly negative eigenvalue
  second_order_saddle, // Hessian PSD but singular beyond rotations, and h
                       // decreases along the flat direction: not a minimum
  not_converged        // gradient not at round-off level
};
const char* to_string(PointKind k);

template <class T>
struct CriticalPoint {
  Mat<T> X;
  T h = 0;
  T grad_norm = 0;            // ||grad h(X)||_F
  T grad_tol = 0;             // round-off level the gradient was held to
  T hessian_min_eig = 0;      // smallest eigenvalue, rotations projected out
  T hessian_tol = 0;          // PSD tolerance used
  T h_tol = 0;                // below this h counts as 0 (global)
  bool is_local_min = false;  // PSD up to hessian_tol
  bool is_spurious = false;   // local min with h > h_tol
  bool degenerate = false;    // a zero Hessian eigenvalue beyond rotations
  // Degenerate points only: h minimised over the complement of the flat
  // direction v at X +- probe_eps v, minus h(X) (negative: not a minimum).
  T probe_eps = 0;
  T probe_decrease_plus = 0, probe_decrease_minus = 0;
  T probe_tol = 0;            // round-off level of those differences
  T dist_to_truth = 0;        // ||X X^T - M*||_F
  PointKind kind = PointKind::not_converged;
  int gd_iterations = 0;       // iterations of the double stage (GD or Newton-CG)
  int newton_iterations = 0;
  std::string refine_method;    // "GD (double) + dense Newton (T)" or "Newton-CG (double) + ..."
  std::string certification_method;  // "dense eigensolver in T" or "Lanczos in double ..."
  T hessian_eig_residual = 0;   // matrix-free: ||H y - lambda y|| of the Ritz pair (0 for dense)
  int hessian_products = 0;     // matrix-free: Hessian-vector products used to certify
  std::string note;           // human-readable remark (degeneracy, etc.)
};

// Small n r: gradient descent (in double, with backtracking) from `start`,
// then Newton refinement in T with a spectrally truncated Hessian solve
// (survives singular Hessians), then certification. Large n r (> gd_max_dim):
// Newton-CG in double, then Newton steps in T whose gradient is evaluated in T
// and whose correction is solved by CG in double, then (n r > dense_max_dim)
// matrix-free certification. Never throws for a point that fails to be a
// spurious minimum: the kind says what it is.
template <class T>
CriticalPoint<T> refine_critical_point(const SensingProblem<T>& P, const Mat<T>& start,
                                       const RefineOptions& opt = {});

// Certification only (no iteration).
template <class T>
CriticalPoint<T> certify_point(const SensingProblem<T>& P, const Mat<T>& X);
template <class T>
CriticalPoint<T> certify_point(const SensingProblem<T>& P, const Mat<T>& X, const CertifyOptions& opt);

// Throws precondition_error (with the kind and numbers) unless the point is a
// certified spurious local minimum. With allow_second_order, a
// second_order_saddle (e.g. the paper's basic example, see README) is accepted
// too: SOD needs only a critical point with lambda_n < 0.
template <class T>
void require_spurious(const CriticalPoint<T>& cp, bool allow_second_order = false);

}  // namespace sodlift
