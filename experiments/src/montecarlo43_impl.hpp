// Templated part of montecarlo43.hpp (the analysis of one minimum); included
// only by montecarlo43.cpp, which instantiates it for double and bf50.
#pragma once

#include <cmath>

#include "sodlift/experiments/montecarlo43.hpp"
#include "sodlift/support/errors.hpp"

namespace sodlift {

namespace mc43_detail {

// h(X̂ + rho u q^T) - h(X̂) evaluated directly, with the round-off bound of a
// difference of two h values (ops of A(XX^T) times the residual scale).
template <class T>
struct DirectDecrease {
  T dh = 0, bound = 0;
};
template <class T>
DirectDecrease<T> direct_decrease(const SensingProblem<T>& P, const SodIngredients<T>& s,
                                  const T& rho) {
  const Mat<T> Xc = s.Xhat + rho * s.u_n * s.q_r.transpose();
  DirectDecrease<T> d;
  d.dh = P.h(Xc) - P.h(s.Xhat);
  const T y = P.measure(Mat<T>(Xc * Xc.transpose())).norm() + P.b().norm();
  const T scale = y * y / T(2);
  d.bound = tolerance<T>::bound(16, double(P.m()) * P.n() * P.n(), scale > 0 ? scale : T(1));
  return d;
}

// A point of (a1, a2) \ (b1, b2) if that set has positive length, else
// nothing. `b_exists` false: the whole of (a1, a2); then the point is taken
// 3/4 of the way towards the end farther from 0, because rho = 0 itself
// never changes h (an interval around 0 would give a useless midpoint).
template <class T>
bool witness_outside(const T& a1, const T& a2, bool b_exists, const T& b1, const T& b2, T& w) {
  using std::abs;
  if (!b_exists) {
    w = abs(a2) >= abs(a1) ? T(a1 + T(3) * (a2 - a1) / T(4)) : T(a1 + (a2 - a1) / T(4));
    return true;
  }
  if (a1 < b1) {
    const T hi = a2 < b1 ? a2 : b1;
    w = (a1 + hi) / T(2);
    return true;
  }
  if (a2 > b2) {
    const T lo = a1 > b2 ? a1 : b2;
    w = (lo + a2) / T(2);
    return true;
  }
  return false;
}

}  // namespace mc43_detail

template <class T>
MinimumAnalysis<T> analyse_minimum(const SensingProblem<T>& P, const Mat<T>& Xhat,
                                   const std::vector<std::pair<std::string, T>>& deltas) {
  using std::sqrt;
  MinimumAnalysis<T> A;
  A.sod = sod_ingredients(P, Xhat, +1);
  const auto& s = A.sod;
  A.quartic = single_step_quartic(P, s);
  A.dist2 = (Xhat * Xhat.transpose() - P.M_star()).squaredNorm();
  A.trace_Mstar = P.M_star().trace();
  const Mat<T> Pm = s.u_n * s.v_r.transpose() + s.v_r * s.u_n.transpose();
  const Mat<T> Qm = s.u_n * s.u_n.transpose();
  const Vec<T> psi = P.measure(Pm), omega = P.measure(Qm);
  A.S = psi.dot(omega);  // = <A*A(P), Q> = <E, u_n u_n^T>
  A.AP2 = psi.squaredNorm();
  A.AQ2 = omega.squaredNorm();
  A.psi_omega_corr = A.AP2 > 0 && A.AQ2 > 0 ? T(A.S / sqrt(A.AP2 * A.AQ2)) : T(0);
  for (const auto& [label, delta] : deltas) {
    DeltaAnalysis<T> d;
    d.label = label;
    d.delta = delta;
    d.ss = single_step(P, s, delta);
    const auto& ss = d.ss;
    // Is (a1, a2) inside (b1, b2)? `yes`, or a witness rho of the difference
    // whose direct h confirms the violation (`sign` +1: h increases there,
    // -1: h decreases there) beyond round-off (`no`), else `undecided`.
    auto contained = [&](const T& a1, const T& a2, bool b_exists, const T& b1, const T& b2,
                         int sign, T& rho, T& dh) {
      T w = 0;
      if (!mc43_detail::witness_outside(a1, a2, b_exists, b1, b2, w)) return Tri::yes;
      const auto dd = mc43_detail::direct_decrease(P, s, w);
      rho = w;
      dh = dd.dh;
      return T(sign) * dd.dh > dd.bound ? Tri::no : Tri::undecided;
    };
    // Thm 4.4 (deterministic): (rho_1, rho_2) inside the exact descent set.
    if (ss.interval_exists)
      d.every_rho_decreases =
          contained(ss.rho_1, ss.rho_2, ss.exact_interval_exists, ss.exact_rho_1, ss.exact_rho_2,
                    +1, d.witness_increase_rho, d.witness_increase_dh);
    // Prop. 4.2 as printed (necessity): the exact descent set inside (rho_1, rho_2).
    if (ss.exact_interval_exists)
      d.necessity = contained(ss.exact_rho_1, ss.exact_rho_2, ss.interval_exists, ss.rho_1,
                              ss.rho_2, -1, d.witness_necessity_rho, d.witness_necessity_dh);
    A.deltas.push_back(std::move(d));
  }
  return A;
}

template <class T>
RangeDecision decide_over_range(const DeltaAnalysis<T>& lower, const DeltaAnalysis<T>& upper) {
  RangeDecision r;
  const std::string changes = "changes within [lower, upper]";
  if (!lower.ss.radii_defined)
    r.radius_case = "undefined (delta >= 1 at both ends)";
  else if (upper.ss.radii_defined && upper.ss.radius_case == lower.ss.radius_case)
    r.radius_case = std::to_string(lower.ss.radius_case);
  else
    r.radius_case = changes;
  // EFS > 1 beyond round-off is Delta of (4.4) > its round-off bound.
  if (upper.ss.interval_exists)
    r.efs_gt_1 = "yes";
  else if (!lower.ss.interval_exists)
    r.efs_gt_1 = "no";
  else
    r.efs_gt_1 = changes;
  return r;
}

}  // namespace sodlift
