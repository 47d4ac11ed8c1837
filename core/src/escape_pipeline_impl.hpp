// Definitions for escape_pipeline.hpp; included only by inst_closed_form_<scalar>.cpp
// (one TU per scalar for the whole closed form, pitfall 9).
#pragma once

#include <cmath>
#include <optional>
#include <type_traits>

#include "sodlift/core/cast.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/escape_pipeline.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift/support/interrupt.hpp"

namespace sodlift {

template <class T>
GdRun<T> gradient_descent(const SensingProblem<T>& P, const Mat<T>& X0, const GdOptions<T>& opt,
                          const Mat<T>* spurious) {
  using std::sqrt;
  P.check_point(X0, "GD start");
  if (!(opt.step > 0) || !is_finite(opt.step)) throw input_error("GD step must be finite and > 0 (e.g. --gd-step 0.1)");
  if (opt.max_iter < 0) throw input_error("GD iteration budget must be >= 0");
  GdRun<T> R;
  R.X = X0;
  Mat<T> G = P.grad_h(R.X);
  R.grad_norm = G.norm();
  long long k = 0;
  for (; k < opt.max_iter; ++k) {
    poll_interrupt();  // library callers (Python): Ctrl-C
    if (R.grad_norm <= opt.grad_tol) break;
    R.X -= opt.step * G;
    const T nx = R.X.norm();
    if (!is_finite(nx) || nx > opt.diverge_norm) {
      R.diverged = true;
      ++k;
      break;
    }
    G = P.grad_h(R.X);
    R.grad_norm = G.norm();
  }
  R.iterations = k;
  R.converged = !R.diverged && R.grad_norm <= opt.grad_tol;
  if (R.diverged) {
    R.end = "divergence";
    return R;
  }
  const Mat<T> XX = R.X * R.X.transpose();
  R.h = P.h(R.X);
  R.dist_truth = (XX - P.M_star()).norm();
  if (spurious) R.dist_spurious = (XX - (*spurious) * spurious->transpose()).norm();
  // Gradient tol g means distances of order sqrt(g) on a degenerate minimum;
  // this is the loosest scale the stopping rule can resolve.
  const T tol = sqrt(opt.grad_tol) * (T(1) + P.M_star().norm());
  if (R.X.cols() == 1 && P.Z().cols() == 1) {
    const T s = R.X.col(0).dot(P.Z().col(0));
    R.z_sign = s > 0 ? "+Z" : (s < 0 ? "-Z" : "");
  }
  if (R.dist_truth <= tol)
    R.end = "ground_truth";
  else if (spurious && R.dist_spurious <= tol)
    R.end = "same_spurious";
  else if (R.converged)
    R.end = "other_critical";
  else
    R.end = "not_converged";
  return R;
}

namespace detail {

// gradient_descent in double on P cast to double, reported in T.
template <class T>
GdRun<T> gradient_descent_in_double(const SensingProblem<T>& P, const SensingProblem<double>& Pd, const Mat<T>& X0,
                                    const GdOptions<T>& opt, const Mat<T>* spurious) {
  if constexpr (std::is_same_v<T, double>) {
    (void)Pd;
    return gradient_descent(P, X0, opt, spurious);
  } else {
    GdOptions<double> od;
    od.step = to_double(opt.step);
    od.max_iter = opt.max_iter;
    od.grad_tol = to_double(opt.grad_tol);
    od.diverge_norm = to_double(opt.diverge_norm);
    const Mat<double> sd = spurious ? cast_matrix<double>(*spurious) : Mat<double>();
    const GdRun<double> g = gradient_descent(Pd, cast_matrix<double>(X0), od, spurious ? &sd : nullptr);
    GdRun<T> R;
    R.X = cast_matrix<T>(g.X);
    R.iterations = g.iterations;
    R.grad_norm = T(g.grad_norm);
    R.h = T(g.h);
    R.dist_truth = T(g.dist_truth);
    R.dist_spurious = T(g.dist_spurious);
    R.converged = g.converged;
    R.diverged = g.diverged;
    R.end = g.end;
    R.z_sign = g.z_sign;
    return R;
  }
}

}  // namespace detail

template <class T>
EscapeResult<T> escape_pipeline(const SensingProblem<T>& P, const Mat<T>& start, const EscapeOptions<T>& opt) {
  EscapeResult<T> R;
  const bool gd_double = !std::is_same_v<T, double> && opt.gd_double_min_dim > 0 &&
                         P.n() * start.cols() > opt.gd_double_min_dim;
  std::optional<SensingProblem<double>> Pd;
  if (gd_double) Pd = cast_problem<double>(P);
  auto gd = [&](const Mat<T>& X0, const Mat<T>* spurious) {
    return gd_double ? detail::gradient_descent_in_double(P, *Pd, X0, opt.gd, spurious)
                     : gradient_descent(P, X0, opt.gd, spurious);
  };
  R.gd_precision = gd_double ? "double" : scalar_name<T>::value;
  P.check_point(start, "GD start");
  R.first = gd(start, nullptr);
  if (R.first.diverged && opt.divergence_is_result) return R;
  if (R.first.diverged)
    throw precondition_error("GD from the start diverged: no spurious point to escape from; lower --gd-step");
  CriticalPoint<T> cp = refine_critical_point(P, R.first.X);
  R.certification = to_string(cp.kind);
  R.h_first = cp.h;
  if (opt.global_min_is_result && cp.kind == PointKind::global_min) {
    R.no_escape_needed = true;
    R.Xhat = cp.X;
    return R;
  }
  require_spurious(cp, opt.allow_second_order);
  R.Xhat = cp.X;
  if (opt.delta_given) {
    R.delta = opt.delta;
    R.delta_source = "user (--delta)";
  } else {
    const IsometryBound<T> ib = isometry_bound(P);
    R.delta = ib.delta;
    R.delta_source = ib.method;
  }
  const SodIngredients<T> s = sod_ingredients(P, R.Xhat, opt.sign);
  R.single = single_step(P, s, R.delta);
  R.single.delta_source = R.delta_source;
  R.multi = multi_step(P, s, opt.l, opt.rho, opt.eta, opt.t, R.delta);
  const T tt = T(opt.t);
  std::string type = opt.type;
  if (type == "auto") {
    if (R.multi.U_beta.contains(tt)) {
      type = "beta";
      R.choice_reason = "t in U_beta (b-term dominates, §5.5.1)";
    } else if (R.multi.U_gamma.contains(tt)) {
      type = "gamma";
      R.choice_reason = "t in U_gamma (c-term dominates, §5.5.2)";
    } else if (R.single.interval_exists) {
      type = "single";
      R.choice_reason = "t in neither U_beta nor U_gamma; EFS > 1 (Thm 4.4)";
    } else {
      throw precondition_error("no escape type applies: t = " + std::to_string(opt.t) +
                               " is in neither U_beta nor U_gamma and EFS = " + decimal_string(R.single.efs) +
                               " <= 1; choose t in U_beta/U_gamma (see `sodlift closed-form`) or --type");
    }
  } else {
    R.choice_reason = "requested (--type)";
  }
  R.chosen_type = type;
  if (type == "single") {
    if (!R.single.point_defined)
      throw precondition_error("single-step point undefined: EFS = " + decimal_string(R.single.efs) +
                               " <= 1, so (4.6) has no real interval");
    R.escape_point = R.single.point;
  } else if (type == "beta" || type == "gamma") {
    const EscapePoint<T>& e = type == "beta" ? R.multi.beta_point : R.multi.gamma_point;
    if (!e.defined) throw precondition_error(type + "-type point undefined: " + e.note);
    if (!e.representable)
      throw precondition_error(type + "-type point not representable in " + scalar_name<T>::value + ": " + e.note);
    R.escape_point = e.point;
  } else {
    throw input_error("unknown escape type '" + type + "': use auto, single, beta or gamma");
  }
  R.h_spurious = P.h(R.Xhat);
  R.h_escape = P.h(R.escape_point);
  R.second = gd(R.escape_point, &R.Xhat);
  return R;
}

}  // namespace sodlift
