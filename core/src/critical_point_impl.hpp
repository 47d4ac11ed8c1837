// Definitions for critical_point.hpp; included only by the per-scalar inst_*.cpp.
#pragma once

#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <cmath>
#include <iostream>
#include <sstream>

#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/errors.hpp"

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
  std::vector<Mat<U>> A;
  for (const auto& Ai : P.A()) A.push_back(cast_matrix<U>(Ai));
  return SensingProblem<U>(std::move(A), cast_matrix<U>(P.Z()));
}

// Scale of round-off in grad h at X: 2 * sum_i |A_i| * (|A(XX^T)| + |b|) * |X|.
template <class T>
T gradient_scale(const SensingProblem<T>& P, const Mat<T>& X) {
  using std::sqrt;
  T sa = 0;
  for (const auto& Ai : P.A()) sa += Ai.squaredNorm();
  Mat<T> M = X * X.transpose();
  T y = P.measure(M).norm() + P.b().norm();
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

}  // namespace detail

template <class T>
CriticalPoint<T> certify_point(const SensingProblem<T>& P, const Mat<T>& X) {
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

  Mat<T> H = P.hessian_h(X);
  Mat<T> Qc = detail::rotation_complement(X);
  Mat<T> Hr = Qc.transpose() * H * Qc;
  Eigen::SelfAdjointEigenSolver<Mat<T>> es(Hr);
  const T hmax = es.eigenvalues().cwiseAbs().maxCoeff();
  cp.hessian_min_eig = es.eigenvalues()(0);
  cp.hessian_tol = tolerance<T>::bound(1000, double(n) * r, hmax > T(1) ? hmax : T(1));
  const T deg_tol = T(10) * tolerance<T>::sqrt_eps() * (hmax > T(1) ? hmax : T(1));
  cp.degenerate = abs(cp.hessian_min_eig) <= deg_tol;
  cp.is_local_min = cp.hessian_min_eig >= -cp.hessian_tol || cp.degenerate;
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

  // Stage 1: gradient descent with Armijo backtracking, in double (fast).
  SensingProblem<double> Pd = detail::cast_problem<double>(P);
  Mat<double> Xd = detail::cast_matrix<double>(start);
  int gd_it = 0;
  double step = 1.0;
  for (; gd_it < opt.gd_max_iter; ++gd_it) {
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

  // Stage 2: Newton in T with a spectrally truncated solve, so a singular
  // Hessian (rotations for r > 1, or a degenerate minimum) never breaks it.
  Mat<T> X(n, r);
  for (int j = 0; j < r; ++j)
    for (int i = 0; i < n; ++i) X(i, j) = T(Xd(i, j));
  int newton_it = 0;
  T gn = P.grad_h(X).norm();
  for (; newton_it < opt.newton_max_iter; ++newton_it) {
    const T gscale = detail::gradient_scale(P, X);
    const T gtol = tolerance<T>::bound(16, double(n) * r * P.m(), gscale);
    if (gn <= gtol / T(4)) break;
    Vec<T> g = detail::vec_of<T>(P.grad_h(X));
    Mat<T> H = P.hessian_h(X);
    Eigen::SelfAdjointEigenSolver<Mat<T>> es(H);
    const T lmax = es.eigenvalues().cwiseAbs().maxCoeff();
    const T cut = tolerance<T>::bound(100, double(n) * r, lmax);
    Vec<T> d = Vec<T>::Zero(n * r);
    for (int k = 0; k < n * r; ++k) {
      const T lk = es.eigenvalues()(k);
      if (abs(lk) > cut) d -= (es.eigenvectors().col(k).dot(g) / lk) * es.eigenvectors().col(k);
    }
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
  CriticalPoint<T> cp = certify_point(P, X);
  cp.gd_iterations = gd_it;
  cp.newton_iterations = newton_it;
  if (opt.verbose)
    std::cerr << "refine: " << gd_it << " GD iterations, " << newton_it
              << " Newton iterations, |grad h| = " << decimal_string(cp.grad_norm) << "\n";
  return cp;
}

template <class T>
void require_spurious(const CriticalPoint<T>& cp, bool allow_second_order) {
  if (cp.kind == PointKind::spurious_local_min) return;
  if (allow_second_order && cp.kind == PointKind::second_order_saddle) return;
  std::ostringstream os;
  os << "the point is a " << to_string(cp.kind) << " (h = " << decimal_string(cp.h)
     << ", |grad h| = " << decimal_string(cp.grad_norm)
     << ", min Hessian eigenvalue = " << decimal_string(cp.hessian_min_eig) << "), not a certified "
     << "spurious local minimum; SOD needs one. " << cp.note
     << ". Fix: pass --start near a spurious minimum (see `sodlift instance --help`)"
     << (cp.kind == PointKind::second_order_saddle
             ? ", or allow second-order critical points explicitly (--allow-second-order)"
             : "")
     << ".";
  throw precondition_error(os.str());
}

}  // namespace sodlift
