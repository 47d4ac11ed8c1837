// Definitions for critical_point.hpp; included only by the per-scalar inst_*.cpp.
#pragma once

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <cmath>
#include <iostream>
#include <sstream>

#include "sodlift/core/critical_point.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift/support/interrupt.hpp"
#include "sodlift/support/lanczos.hpp"
#include "sodlift/support/memory.hpp"

namespace sodlift {

namespace detail {

template <class T>
Vec<T> vec_of(const Mat<T>& X) {
  return Eigen::Map<const Vec<T>>(X.data(), X.size());
}
template <class T>
Mat<T> unvec_of(const Vec<T>& v, int n, int r) {
  return Eigen::Map<const Mat<T>>(v.data(), n, r);
}

template <class U, class T>
Mat<U> cast_matrix(const Mat<T>& M) {
  Mat<U> R(M.rows(), M.cols());
  for (Eigen::Index j = 0; j < M.cols(); ++j)
    for (Eigen::Index i = 0; i < M.rows(); ++i) R(i, j) = static_cast<U>(M(i, j));
  return R;
}

template <class U, class T>
SensingProblem<U> cast_problem(const SensingProblem<T>& P) {
  if (P.kind() == OperatorKind::entry_sampling) {
    std::vector<SampledEntry<U>> E;
    E.reserve(P.m());
    for (const auto& e : P.entries()) E.push_back({e.i, e.j, static_cast<U>(e.w)});
    return SensingProblem<U>(P.n(), std::move(E), cast_matrix<U>(P.Z()), P.memory_budget());
  }
  require_memory(static_cast<long double>(P.m()) * P.n() * P.n() * sizeof(U), P.memory_budget(),
                 std::string("a ") + scalar_name<U>::value + " copy of the dense operator");
  std::vector<Mat<U>> A;
  for (const auto& Ai : P.A()) A.push_back(cast_matrix<U>(Ai));
  SensingProblem<U> out(std::move(A), cast_matrix<U>(P.Z()));
  out.set_memory_budget(P.memory_budget());
  return out;
}

// Scale of round-off in grad h at X: 2 * sum_i |A_i| * (|A(XX^T)| + |b|) * |X|.
template <class T>
T gradient_scale(const SensingProblem<T>& P, const Mat<T>& X) {
  using std::sqrt;
  const T sa = P.frobenius_norm2();
  const T y = P.measure_outer(X, X).norm() + P.b().norm();
  T s = T(2) * sqrt(sa) * y * X.norm();
  return s > T(1) ? s : T(1);
}

// Orthonormal basis of the complement of the rotational tangent directions
// vec(X Omega), Omega skew (the null space of the Hessian from the O(r)
// invariance of h). For r = 1 it is the identity.
template <class T>
Mat<T> rotation_complement(const Mat<T>& X) {
  const int n = static_cast<int>(X.rows()), r = static_cast<int>(X.cols()), N = n * r;
  if (r == 1) return Mat<T>::Identity(N, N);
  Mat<T> B(N, r * (r - 1) / 2);
  int k = 0;
  for (int a = 0; a < r; ++a)
    for (int b = a + 1; b < r; ++b, ++k) {
      Mat<T> Om = Mat<T>::Zero(r, r);
      Om(a, b) = T(1);
      Om(b, a) = T(-1);
      Mat<T> D = X * Om;
      B.col(k) = vec_of<T>(D);
    }
  Eigen::ColPivHouseholderQR<Mat<T>> qr(B);
  qr.setThreshold(tolerance<T>::bound(100, N));
  const int rank = static_cast<int>(qr.rank());
  Mat<T> Q = qr.householderQ() * Mat<T>::Identity(N, N);
  return Q.rightCols(N - rank);
}


// min over w ⊥ {v, rotations} of h(X + eps v + w), minus h(X): Newton on the
// complement from w = 0. Used to decide whether a degenerate second-order
// critical point is a minimum (the Hessian cannot tell).
template <class T>
T restricted_decrease(const SensingProblem<T>& P, const Mat<T>& X, const Vec<T>& v, const Mat<T>& Qc,
                      const T& eps) {
  const int n = static_cast<int>(X.rows()), r = static_cast<int>(X.cols());
  // Orthonormal basis of the complement of v inside span(Qc).
  Vec<T> vc = Qc.transpose() * v;
  Eigen::HouseholderQR<Mat<T>> qr(vc);
  Mat<T> Qv = qr.householderQ() * Mat<T>::Identity(vc.size(), vc.size());
  Mat<T> Qp = Qc * Qv.rightCols(vc.size() - 1);
  Mat<T> Y = X + eps * unvec_of<T>(v, n, r);
  for (int it = 0; it < 40 && Qp.cols() > 0; ++it) {
    Vec<T> g = Qp.transpose() * vec_of<T>(P.grad_h(Y));
    if (g.norm() <= tolerance<T>::bound(16, double(n) * r * P.m(), gradient_scale(P, Y))) break;
    Mat<T> Hp = Qp.transpose() * P.hessian_h(Y) * Qp;
    Vec<T> w = Hp.ldlt().solve(g);
    Y -= unvec_of<T>(Vec<T>(Qp * w), n, r);
  }
  return P.h(Y) - P.h(X);
}


// ---------------------------------------------------------------- matrix-free
// Orthonormal basis (double, N x r(r-1)/2) of the rotational directions
// vec(X Omega), Omega skew; empty for r = 1.
inline Eigen::MatrixXd rotation_basis(const Mat<double>& X) {
  const int n = static_cast<int>(X.rows()), r = static_cast<int>(X.cols()), N = n * r;
  if (r == 1) return Eigen::MatrixXd();
  Eigen::MatrixXd B(N, r * (r - 1) / 2);
  int k = 0;
  for (int a = 0; a < r; ++a)
    for (int b = a + 1; b < r; ++b, ++k) {
      Eigen::MatrixXd Om = Eigen::MatrixXd::Zero(r, r);
      Om(a, b) = 1;
      Om(b, a) = -1;
      Eigen::MatrixXd D = X * Om;
      B.col(k) = Eigen::Map<const Eigen::VectorXd>(D.data(), N);
    }
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(B);
  qr.setThreshold(1e-12);
  const int rank = static_cast<int>(qr.rank());
  if (rank == 0) return Eigen::MatrixXd();
  Eigen::MatrixXd Q = qr.householderQ() * Eigen::MatrixXd::Identity(N, rank);
  return Q;
}

// v -> vec(Hess h(X) unvec(v)) in double, residual cached: O(m r) per product
// for entry sampling.
inline ApplyFn hessian_operator(const SensingProblem<double>& P, const Mat<double>& X, const Vec<double>& res) {
  const int n = static_cast<int>(X.rows()), r = static_cast<int>(X.cols());
  return [&P, &X, &res, n, r](const Eigen::VectorXd& v) {
    Mat<double> D = Eigen::Map<const Mat<double>>(v.data(), n, r);
    Mat<double> HD = P.hessian_h_apply(X, res, D);
    return Eigen::VectorXd(Eigen::Map<const Eigen::VectorXd>(HD.data(), n * r));
  };
}

// Conjugate gradients on H d = rhs (H symmetric, given by `apply`), from d = 0,
// until ||H d - rhs|| <= rel_tol ||rhs||. Stops at non-positive curvature
// (pHp <= 1e-12 ||Hp|| ||p||): Newton-CG then uses the iterate so far (a
// descent direction, Steihaug's rule), or -rhs direction on the first step.
struct CgOutcome {
  Eigen::VectorXd d;
  int iterations = 0;
  bool negative_curvature = false;
  double rel_residual = 1;
};
inline CgOutcome conjugate_gradients(const ApplyFn& apply, const Eigen::VectorXd& rhs, double rel_tol, int max_iter,
                                     const Eigen::MatrixXd& deflate = Eigen::MatrixXd()) {
  CgOutcome out;
  out.d = Eigen::VectorXd::Zero(rhs.size());
  Eigen::VectorXd rr = rhs;
  if (deflate.cols() > 0) rr -= deflate * (deflate.transpose() * rr);
  const double r0 = rr.norm();
  if (!(r0 > 0)) {
    out.rel_residual = 0;
    return out;
  }
  Eigen::VectorXd p = rr;
  double rs = rr.squaredNorm();
  for (int j = 0; j < max_iter; ++j) {
    Eigen::VectorXd Hp = apply(p);
    if (deflate.cols() > 0) Hp -= deflate * (deflate.transpose() * Hp);
    const double pHp = p.dot(Hp);
    if (!(pHp > 1e-12 * Hp.norm() * p.norm())) {
      out.negative_curvature = true;
      if (j == 0) out.d = rhs;
      break;
    }
    const double alpha = rs / pHp;
    out.d += alpha * p;
    rr -= alpha * Hp;
    out.iterations = j + 1;
    const double rs_new = rr.squaredNorm();
    out.rel_residual = std::sqrt(rs_new) / r0;
    if (out.rel_residual <= rel_tol) break;
    p = rr + (rs_new / rs) * p;
    rs = rs_new;
  }
  return out;
}

// Double stage for large n r: truncated Newton-CG with an Armijo line search
// on h. Why not GD (the small-n r path): at a spurious minimum of PMC the
// Hessian's condition number grows like 1/eps^2 and with n, so fixed-step or
// backtracking GD needs O(kappa log(1/tol)) gradient steps and, on these
// landscapes, 2e5 of them do not reach round-off (observed: PMC(40) did not
// finish in 11 minutes). Why not L-BFGS: it reaches the basin as fast, but its
// local convergence is only superlinear in practice and stalls above the
// round-off floor we certify at. Newton-CG costs a few Hessian-vector products
// (O(m r) each, the same as a gradient) per step, converges quadratically
// near the minimum, and the CG solve with Steihaug's negative-curvature rule
// keeps every step a descent direction far from it.
inline Mat<double> newton_cg_double(const SensingProblem<double>& P, Mat<double> X, int max_iter, int& iters) {
  const int n = static_cast<int>(X.rows()), r = static_cast<int>(X.cols()), N = n * r;
  iters = 0;
  double last_gn = std::numeric_limits<double>::infinity();
  int stalled = 0;
  for (; iters < max_iter; ++iters) {
    poll_interrupt();  // library callers (Python): Ctrl-C
    const Vec<double> res = P.residual(X);
    const Mat<double> G = 2.0 * P.adjoint_times(res, X);
    const Eigen::VectorXd g = Eigen::Map<const Eigen::VectorXd>(G.data(), N);
    const double gn = g.norm();
    const double gscale = gradient_scale(P, X);
    if (gn <= tolerance<double>::bound(4, double(N) * P.m(), gscale)) break;
    // Gradient no longer decreasing over several steps: round-off floor.
    if (gn >= last_gn) {
      if (++stalled >= 5) break;
    } else {
      stalled = 0;
    }
    last_gn = std::min(last_gn, gn);
    const double h0 = res.squaredNorm() / 2;
    const ApplyFn H = hessian_operator(P, X, res);
    // Forcing term min(1/2, sqrt(|g|/scale)): superlinear, then quadratic.
    const double forcing = std::min(0.5, std::sqrt(gn / std::max(gscale, 1e-300)));
    CgOutcome cg = conjugate_gradients(H, Eigen::VectorXd(-g), forcing, std::min(2 * N + 20, 2000));
    Eigen::VectorXd d = cg.d;
    double slope = g.dot(d);
    if (!(slope < 0)) {
      d = -g;
      slope = -gn * gn;
    }
    double s = 1;
    bool ok = false;
    for (int ls = 0; ls < 60; ++ls) {
      Mat<double> Xn = X + s * Eigen::Map<const Mat<double>>(d.data(), n, r);
      if (P.h(Xn) <= h0 + 1e-4 * s * slope) {
        X = Xn;
        ok = true;
        break;
      }
      s /= 2;
    }
    if (!ok) break;  // no decrease representable in double: hand over to the T stage
  }
  return X;
}

// Smallest eigenvalue of the Hessian at X on the complement of the rotations,
// by Lanczos in double (the Hessian's largest |Ritz value| comes with it).
inline LanczosResult hessian_min_eig_lanczos(const SensingProblem<double>& P, const Mat<double>& X) {
  const Vec<double> res = P.residual(X);
  const ApplyFn H = hessian_operator(P, X, res);
  LanczosOptions lo;
  lo.smallest = true;
  lo.rel_tol = 1e-12;
  return lanczos_extreme(H, static_cast<int>(X.size()), lo, rotation_basis(X));
}

}  // namespace detail

template <class T>
CriticalPoint<T> certify_point(const SensingProblem<T>& P, const Mat<T>& X) {
  return certify_point(P, X, CertifyOptions{});
}

namespace detail {

// Matrix-free certification (large n r): h, the gradient and its tolerance in
// T as on the dense path; the smallest Hessian eigenvalue (rotations deflated)
// by Lanczos in double. That eigenvalue is known only to double accuracy: the
// Hessian in double differs from the one in T by about N m eps_double |H|
// (Weyl), and Lanczos places an eigenvalue within its residual. Returns false
// when that is not enough to decide (|lambda_min| within the degeneracy
// threshold, or Lanczos did not converge): the caller then takes the dense path.
template <class T>
bool certify_matrix_free(const SensingProblem<T>& P, const Mat<T>& X, CriticalPoint<T>& cp) {
  const int n = P.n(), r = static_cast<int>(X.cols());
  const SensingProblem<double> Pd = detail::cast_problem<double>(P);
  const Mat<double> Xd = detail::cast_matrix<double>(X);
  const LanczosResult L = hessian_min_eig_lanczos(Pd, Xd);
  cp.hessian_products = L.applications;
  const double hmax = std::max(L.scale, 1.0);
  const double eps_d = std::numeric_limits<double>::epsilon();
  const double tol = 1000.0 * double(n) * r * eps_d * hmax + L.residual;
  const double deg = 10.0 * std::sqrt(eps_d) * hmax;
  if (!L.converged || std::abs(L.value) <= std::max(deg, 10 * tol)) return false;
  cp.hessian_min_eig = T(L.value);
  cp.hessian_tol = T(tol);
  cp.hessian_eig_residual = T(L.residual);
  cp.degenerate = false;
  cp.is_local_min = L.value >= -tol;
  std::ostringstream m;
  m << "Lanczos in double on Hessian-vector products (rotations deflated): " << L.applications
    << " products, Ritz residual " << decimal_string(L.residual) << ", |H| >= " << decimal_string(L.scale);
  cp.certification_method = m.str();
  return true;
}

}  // namespace detail

template <class T>
CriticalPoint<T> certify_point(const SensingProblem<T>& P, const Mat<T>& X, const CertifyOptions& opt) {
  using std::abs;
  using std::sqrt;
  P.check_point(X, "point");
  CriticalPoint<T> cp;
  cp.X = X;
  cp.h = P.h(X);
  cp.grad_norm = P.grad_h(X).norm();
  const int n = P.n(), r = static_cast<int>(X.cols());
  const T gscale = detail::gradient_scale(P, X);
  cp.grad_tol = tolerance<T>::bound(16, double(n) * r * P.m(), gscale);

  const bool matrix_free =
      opt.method == CertifyOptions::Method::matrix_free ||
      (opt.method == CertifyOptions::Method::automatic && n * r > opt.dense_max_dim);
  const bool mf_done = matrix_free && detail::certify_matrix_free(P, X, cp);
  Mat<T> Qc;
  Eigen::SelfAdjointEigenSolver<Mat<T>> es;
  if (!mf_done) {
    Mat<T> H = P.hessian_h(X);
    Qc = detail::rotation_complement(X);
    Mat<T> Hr = Qc.transpose() * H * Qc;
    es.compute(Hr);
    const T hmax = es.eigenvalues().cwiseAbs().maxCoeff();
    cp.hessian_min_eig = es.eigenvalues()(0);
    cp.hessian_tol = tolerance<T>::bound(1000, double(n) * r, hmax > T(1) ? hmax : T(1));
    const T deg_tol = T(10) * tolerance<T>::sqrt_eps() * (hmax > T(1) ? hmax : T(1));
    cp.degenerate = abs(cp.hessian_min_eig) <= deg_tol;
    cp.is_local_min = cp.hessian_min_eig >= -cp.hessian_tol || cp.degenerate;
    cp.certification_method = std::string("dense eigensolver in ") + scalar_name<T>::value +
                              (matrix_free ? " (matrix-free Lanczos could not decide)" : "");
  }
  cp.h_tol = tolerance<T>::bound(100, P.m(), P.b().squaredNorm() + T(1));
  Mat<T> D = X * X.transpose() - P.M_star();
  cp.dist_to_truth = D.norm();

  // A degenerate minimum is reached only at a reduced rate (the gradient along
  // the flat direction is cubic): accept the gradient at eps^(1/2) level then.
  const T deg_grad_tol = T(100) * tolerance<T>::sqrt_eps() * gscale;
  const bool converged = cp.grad_norm <= cp.grad_tol || (cp.degenerate && cp.grad_norm <= deg_grad_tol);
  std::ostringstream note;
  if (!converged) {
    cp.kind = PointKind::not_converged;
    note << "gradient norm " << decimal_string(cp.grad_norm) << " is above the round-off level "
         << decimal_string(cp.grad_tol) << "; not a certified critical point";
  } else if (cp.h <= cp.h_tol) {
    cp.kind = PointKind::global_min;
    note << "h = " << decimal_string(cp.h) << " is at round-off level: ground truth reached";
  } else if (!cp.is_local_min) {
    cp.kind = PointKind::saddle;
    note << "Hessian has a negative eigenvalue " << decimal_string(cp.hessian_min_eig)
         << " (rotations projected out): a saddle, not a local minimum";
  } else if (cp.degenerate) {
    // The Hessian is PSD but singular: second-order information cannot decide.
    // Probe the flat direction v: minimise h over the complement of v at
    // X +- eps v. A decrease above round-off at two scales of eps means X is
    // not a local minimum.
    Vec<T> v = Qc * es.eigenvectors().col(0);
    bool descent = true;
    for (const char* e : {"1e-2", "1e-3"}) {
      const T eps = from_string<T>(e) * (X.norm() > T(1) ? X.norm() : T(1));
      const T dp = detail::restricted_decrease(P, X, v, Qc, eps);
      const T dm = detail::restricted_decrease(P, X, v, Qc, T(-eps));
      cp.probe_eps = eps;
      cp.probe_decrease_plus = dp;
      cp.probe_decrease_minus = dm;
      cp.probe_tol = tolerance<T>::bound(100, double(n) * r * P.m(), cp.h > T(1) ? cp.h : T(1));
      if (!(dp < -cp.probe_tol || dm < -cp.probe_tol)) descent = false;
    }
    if (descent) {
      cp.kind = PointKind::second_order_saddle;
      note << "degenerate: the Hessian is PSD with a zero eigenvalue, but minimising h over the "
              "complement of the flat direction at distance "
           << decimal_string(cp.probe_eps) << " lowers h by "
           << decimal_string(T(-(cp.probe_decrease_plus < cp.probe_decrease_minus ? cp.probe_decrease_plus : cp.probe_decrease_minus)))
           << ": a second-order critical point that is NOT a local minimum";
    } else {
      cp.kind = PointKind::spurious_local_min;
      cp.is_spurious = true;
      note << "degenerate minimum: smallest Hessian eigenvalue " << decimal_string(cp.hessian_min_eig)
           << " is zero to first order; probing the flat direction found no descent";
    }
  } else {
    cp.kind = PointKind::spurious_local_min;
    cp.is_spurious = true;
  }
  if (cp.kind == PointKind::second_order_saddle) cp.is_local_min = false;
  if (cp.degenerate && cp.grad_norm > cp.grad_tol && converged)
    note << (note.tellp() > 0 ? "; " : "") << "gradient only at eps^(1/2) level (degenerate)";
  cp.note = note.str();
  return cp;
}

template <class T>
CriticalPoint<T> refine_critical_point(const SensingProblem<T>& P, const Mat<T>& start,
                                       const RefineOptions& opt) {
  using std::abs;
  using std::sqrt;
  P.check_point(start, "start point");
  const int n = P.n(), r = static_cast<int>(start.cols());

  const int N = n * r;
  const bool large = N > opt.gd_max_dim;
  SensingProblem<double> Pd = detail::cast_problem<double>(P);
  Mat<double> Xd = detail::cast_matrix<double>(start);
  int gd_it = 0;
  if (large) {
    Xd = detail::newton_cg_double(Pd, Xd, opt.newton_cg_max_iter, gd_it);
  } else {
    // Stage 1: gradient descent with Armijo backtracking, in double (fast).
    double step = 1.0;
    for (; gd_it < opt.gd_max_iter; ++gd_it) {
      poll_interrupt();
      Mat<double> g = Pd.grad_h(Xd);
      const double gn2 = g.squaredNorm();
      if (std::sqrt(gn2) < opt.gd_grad_tol) break;
      const double h0 = Pd.h(Xd);
      step = std::min(step * 2.0, 1e3);
      bool ok = false;
      for (int ls = 0; ls < 60; ++ls) {
        Mat<double> Xn = Xd - step * g;
        if (Pd.h(Xn) <= h0 - 0.25 * step * gn2) {
          Xd = Xn;
          ok = true;
          break;
        }
        step *= 0.5;
      }
      if (!ok) break;  // no descent possible in double: hand over to Newton
    }
  }

  Mat<T> X(n, r);
  for (int j = 0; j < r; ++j)
    for (int i = 0; i < n; ++i) X(i, j) = T(Xd(i, j));
  int newton_it = 0;
  T gn = P.grad_h(X).norm();
  if (large) {
    // Stage 2 (large n r): Newton in T by mixed-precision refinement. The
    // gradient (the residual of the Newton system) is evaluated in T; the
    // correction H d = -g is solved by CG in double on the Hessian at X
    // rounded to double. Each step multiplies the error by about the CG
    // tolerance (1e-10) plus the double Hessian's relative error (1e-16
    // kappa), so a few steps reach T's round-off (bf50: about 4).
    for (; newton_it < opt.newton_max_iter; ++newton_it) {
      poll_interrupt();
      const T gscale = detail::gradient_scale(P, X);
      const T gtol = tolerance<T>::bound(16, double(n) * r * P.m(), gscale);
      if (gn <= gtol / T(4)) break;
      const Mat<T> G = P.grad_h(X);
      const T gnorm = G.norm();
      Eigen::VectorXd g(N);
      for (int k = 0; k < N; ++k) g(k) = to_double(T(G.data()[k] / gnorm));  // scaled to unit norm
      const Mat<double> Xc = detail::cast_matrix<double>(X);
      const Vec<double> res = Pd.residual(Xc);
      const ApplyFn H = detail::hessian_operator(Pd, Xc, res);
      const Eigen::MatrixXd rot = detail::rotation_basis(Xc);
      const detail::CgOutcome cg = detail::conjugate_gradients(H, Eigen::VectorXd(-g), 1e-10, 10 * N + 100, rot);
      Mat<T> D(n, r);
      for (int k = 0; k < N; ++k) D.data()[k] = T(cg.d(k)) * gnorm;
      T s = 1;
      bool improved = false;
      for (int ls = 0; ls < 40; ++ls) {
        Mat<T> Xn = X + s * D;
        T gnn = P.grad_h(Xn).norm();
        if (gnn < gn) {
          X = Xn;
          gn = gnn;
          improved = true;
          break;
        }
        s /= T(2);
      }
      if (!improved) break;  // stalled at round-off
    }
  } else {
    // Stage 2: Newton in T with a spectrally truncated solve, so a singular
    // Hessian (rotations for r > 1, or a degenerate minimum) never breaks it.
    for (; newton_it < opt.newton_max_iter; ++newton_it) {
      poll_interrupt();
      const T gscale = detail::gradient_scale(P, X);
      const T gtol = tolerance<T>::bound(16, double(n) * r * P.m(), gscale);
      if (gn <= gtol / T(4)) break;
      // For r >= 2 the step is taken on the complement of the rotational
      // directions vec(X Omega): there the Hessian's eigenvalues are
      // <X Omega^2, grad h> = O(|grad h|), not 0, so above the truncation
      // level until the very end; a full-space solve divides round-off in the
      // gradient by them and returns an O(1) step along X Omega, which is not
      // a rotation (X (I + t Omega) changes X X^T at order t^2), and the line
      // search then stalls a few times above the round-off level (issue 23).
      const Mat<T> Qc = detail::rotation_complement(X);
      const Vec<T> g = Qc.transpose() * detail::vec_of<T>(P.grad_h(X));
      const Mat<T> H = Qc.transpose() * P.hessian_h(X) * Qc;
      Eigen::SelfAdjointEigenSolver<Mat<T>> es(H);
      const T lmax = es.eigenvalues().cwiseAbs().maxCoeff();
      const T cut = tolerance<T>::bound(100, double(n) * r, lmax);
      Vec<T> dr = Vec<T>::Zero(H.rows());
      for (int k = 0; k < H.rows(); ++k) {
        const T lk = es.eigenvalues()(k);
        if (abs(lk) > cut) dr -= (es.eigenvectors().col(k).dot(g) / lk) * es.eigenvectors().col(k);
      }
      const Vec<T> d = Qc * dr;
      // Backtrack on the gradient norm (the Newton merit function).
      T s = 1;
      bool improved = false;
      for (int ls = 0; ls < 40; ++ls) {
        Mat<T> Xn = X + s * detail::unvec_of<T>(d, n, r);
        T gnn = P.grad_h(Xn).norm();
        if (gnn < gn) {
          X = Xn;
          gn = gnn;
          improved = true;
          break;
        }
        s /= T(2);
      }
      if (!improved) break;  // stalled at round-off
    }
  }
  CriticalPoint<T> cp = certify_point(P, X, opt.certify);
  cp.gd_iterations = gd_it;
  cp.newton_iterations = newton_it;
  cp.refine_method = large ? std::string("Newton-CG (double) + Newton in ") + scalar_name<T>::value +
                                 " with CG corrections in double"
                           : std::string("GD (double) + dense Newton in ") + scalar_name<T>::value;
  if (opt.verbose)
    std::cerr << "refine: " << gd_it << (large ? " Newton-CG" : " GD") << " iterations, " << newton_it
              << " Newton iterations, |grad h| = " << decimal_string(cp.grad_norm) << "\n";
  return cp;
}

template <class T>
void require_spurious(const CriticalPoint<T>& cp, bool allow_second_order) {
  if (cp.kind == PointKind::spurious_local_min) return;
  if (allow_second_order && cp.kind == PointKind::second_order_saddle) return;
  std::ostringstream os;
  os << "the point is certified as " << to_string(cp.kind) << " (h = " << decimal_string(cp.h)
     << ", |grad h| = " << decimal_string(cp.grad_norm)
     << ", min Hessian eigenvalue = " << decimal_string(cp.hessian_min_eig) << "), not a certified "
     << "spurious local minimum; SOD needs one. " << cp.note
     << ". Fix: pass --start near a spurious minimum, or find one with `sodlift search` "
        "(--save DIR writes each minimum as an instance file for --instance file --file)"
     << (cp.kind == PointKind::second_order_saddle
             ? ", or allow second-order critical points explicitly (--allow-second-order)"
             : "")
     << ".";
  throw precondition_error(os.str());
}

}  // namespace sodlift
