// Definitions for escape_pipeline.hpp; included only by inst_closed_form_<scalar>.cpp
// (one TU per scalar for the whole closed form, pitfall 9).
#pragma once

#include <cmath>

#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/errors.hpp"
#include "sodlift/core/escape_pipeline.hpp"
#include "sodlift/core/sod_ingredients.hpp"

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

template <class T>
EscapeResult<T> escape_pipeline(const SensingProblem<T>& P, const Mat<T>& start, const EscapeOptions<T>& opt) {
  EscapeResult<T> R;
  R.first = gradient_descent(P, start, opt.gd);
  if (R.first.diverged)
    throw precondition_error("GD from the start diverged: no spurious point to escape from; lower --gd-step");
  CriticalPoint<T> cp = refine_critical_point(P, R.first.X);
  R.certification = to_string(cp.kind);
  require_spurious(cp, opt.allow_second_order);
  R.Xhat = cp.X;
  if (opt.delta_given) {
    R.delta = opt.delta;
    R.delta_source = "user (--delta)";
  } else {
    R.delta = isometry_bound(P).delta;
    R.delta_source = "isometry bound: max(1 - lambda_min, lambda_max - 1) of the Gram operator of A on symmetric matrices";
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
  R.second = gradient_descent(P, R.escape_point, opt.gd, &R.Xhat);
  return R;
}

}  // namespace sodlift
