// Definitions for case_study.hpp; included only by inst_case_study_<scalar>.cpp.
#pragma once

#include <chrono>
#include <cmath>

#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/experiments/case_study.hpp"
#include "sodlift/support/errors.hpp"

namespace sodlift {

template <class T>
DiagonalSurrogate<T>::DiagonalSurrogate(const SensingProblem<T>& P, const std::array<Mat<T>, 3>& X,
                                        int l)
    : l_(l) {
  constexpr int pj[6] = {0, 0, 0, 1, 1, 2}, pk[6] = {0, 1, 2, 1, 2, 2};
  for (int s = 0; s < 6; ++s) {
    gl_[s] = P.measure(X[pj[s]] * X[pk[s]].transpose());
    for (Eigen::Index i = 0; i < gl_[s].size(); ++i) gl_[s](i) = int_pow(gl_[s](i), l);
  }
  bl_ = P.b();
  for (Eigen::Index i = 0; i < bl_.size(); ++i) bl_(i) = int_pow(bl_(i), l);
}

template <class T>
T DiagonalSurrogate<T>::operator()(const Vec<T>& c) const {
  constexpr int pj[6] = {0, 0, 0, 1, 1, 2}, pk[6] = {0, 1, 2, 1, 2, 2};
  Vec<T> y = -bl_;
  for (int s = 0; s < 6; ++s) {
    T w = c(pj[s]) * c(pk[s]);
    if (pj[s] != pk[s]) w *= 2;  // g_jk = g_kj: the pair appears twice in y(w)
    y += w * gl_[s];
  }
  return T(kLiftedScale) * y.squaredNorm();
}

namespace case_detail {

template <class T>
T log10_or_ninf(const T& x) {
  using std::log10;
  return x > 0 ? T(log10(x)) : T(-std::numeric_limits<double>::infinity());
}

// One side (closed form or exact) at coefficients c.
template <class T>
CaseSide<T> side_at(const SubspaceSimulation<T>& sim, const DiagonalSurrogate<T>& sur,
                    const Vec<T>& c, const T& hla, const T& sura) {
  using std::abs;
  CaseSide<T> s;
  s.alpha = c(0), s.beta = c(1), s.gamma = c(2);
  s.finite = is_finite(c(0)) && is_finite(c(1)) && is_finite(c(2));
  if (!s.finite) return s;
  s.h_lifted = sim.h_lifted(c);
  s.surrogate = sur(c);
  s.norm_a = abs(c(0)) * sim.generator_norm(0);
  s.norm_b = abs(c(1)) * sim.generator_norm(1);
  s.norm_c = abs(c(2)) * sim.generator_norm(2);
  s.log10_norm_a = log10_or_ninf(s.norm_a);
  s.log10_norm_b = log10_or_ninf(s.norm_b);
  s.log10_norm_c = log10_or_ninf(s.norm_c);
  s.dominant = "a";
  if (s.norm_b > s.norm_a) s.dominant = "b";
  if (s.norm_c > (s.norm_b > s.norm_a ? s.norm_b : s.norm_a)) s.dominant = "c";
  s.decreased = s.h_lifted < hla;
  s.surrogate_decreased = s.surrogate < sura;
  s.finite = is_finite(s.h_lifted) && is_finite(s.surrogate);
  return s;
}

template <class T>
Vec<T> coef3(const T& a, const T& b, const T& c) {
  Vec<T> v(3);
  v << a, b, c;
  return v;
}

}  // namespace case_detail

template <class T>
CaseStudyResult<T> case_study(const SensingProblem<T>& P, const Mat<T>& start,
                              const CaseStudyParams<T>& prm) {
  using namespace case_detail;
  using Clock = std::chrono::steady_clock;
  if (prm.t < 1) throw input_error("case study: t must be >= 1");
  if (prm.curve_points < 1) throw input_error("case study: curve points must be >= 1");
  CaseStudyResult<T> R;
  R.cp = refine_critical_point(P, start);
  require_spurious(R.cp);
  const Mat<T>& Xhat = R.cp.X;
  R.h_hat = R.cp.h;
  const T delta = isometry_bound(P).delta;
  const SodIngredients<T> s = sod_ingredients(P, Xhat, +1);
  const SubspaceSimulation<T> sim(P, s, prm.l);
  const DiagonalSurrogate<T> sur(P, sim.generators(), prm.l);
  R.gram_rank = sim.rank();
  R.dropped = sim.dropped_names();
  const Vec<T> ca = coef3(T(1), T(0), T(0));
  R.h_lifted_a = sim.h_lifted(ca);
  R.surrogate_a = sur(ca);

  // Closed form (5.8) at t and on the curve grid.
  auto t0 = Clock::now();
  R.multi = multi_step(P, s, prm.l, prm.rho, prm.eta, prm.t, delta);
  auto closed_at = [&](long long t) {
    const auto c = tpgd_coefficients(prm.l, prm.rho, prm.eta, t, s.lambda_n, s.sigma_r);
    if (!c.finite) {
      CaseSide<T> side;
      side.finite = false;
      side.log10_norm_a = T(prm.l) * log10_or_ninf(sim.generator_norm(0)) / T(prm.l) * T(1);
      side.log10_norm_b = c.log10_abs_beta;
      side.log10_norm_c = c.log10_abs_gamma + log10_or_ninf(sim.generator_norm(2));
      return side;
    }
    return side_at(sim, sur, coef3(c.alpha, c.beta, c.gamma), R.h_lifted_a, R.surrogate_a);
  };
  R.closed = closed_at(prm.t);
  if (!R.closed.finite) R.closed.dominant = R.multi.dominant;
  const long long step = prm.t / prm.curve_points > 0 ? prm.t / prm.curve_points : 1;
  std::vector<long long> grid;
  for (long long t = 0; t < prm.t; t += step) grid.push_back(t);
  grid.push_back(prm.t);
  for (long long t : grid) {
    CaseCurvePoint<T> p;
    p.t = t;
    p.closed = closed_at(t);
    R.curve.push_back(p);
  }
  R.seconds_closed = std::chrono::duration<double>(Clock::now() - t0).count();

  // Exact projected GD in S from a + rho b, recorded on the same grid.
  t0 = Clock::now();
  Vec<T> c0 = coef3(T(1), prm.rho, T(0));
  bool exact_ok = true;
  std::string exact_note;
  if (!sim.dropped().empty() && sim.dropped().front() == 1) {
    exact_ok = false;
    exact_note = "b dropped (singular Gram): a + rho b is not in the span solved";
  }
  if (exact_ok) {
    try {
      const auto tr = sim.trajectory(c0, prm.eta, prm.t, step);
      size_t k = 0;
      for (const auto& r : tr) {
        while (k < R.curve.size() && R.curve[k].t < r.t) ++k;
        if (k < R.curve.size() && R.curve[k].t == r.t)
          R.curve[k].exact =
              side_at(sim, sur, coef3(r.alpha, r.beta, r.gamma), R.h_lifted_a, R.surrogate_a);
      }
      const auto& last = tr.back();
      R.exact =
          side_at(sim, sur, coef3(last.alpha, last.beta, last.gamma), R.h_lifted_a, R.surrogate_a);
    } catch (const precondition_error& e) {
      exact_ok = false;
      exact_note = e.what();
    }
  }
  if (!exact_ok) {
    R.exact.finite = false;
    R.exact.dominant = "undefined: " + exact_note;
  }
  R.seconds_exact = std::chrono::duration<double>(Clock::now() - t0).count();

  // Escape points (notebook collapse of the larger of the b- and c-terms),
  // both signs of u_n, and GD from each with the paper's step.
  GdOptions<T> paper;
  paper.step = prm.gd_step;
  paper.max_iter = prm.gd_after;
  paper.grad_tol = T(0);
  GdOptions<T> to_end = paper;
  to_end.max_iter = prm.gd_max;
  to_end.grad_tol = prm.gd_grad_tol;
  for (int k = 0; k < 2; ++k) {
    CaseEscape<T>& e = R.escape[k];
    e.sign = k == 0 ? +1 : -1;
    const SodIngredients<T> sk = k == 0 ? s : sod_ingredients(P, Xhat, -1);
    const auto M = k == 0 ? R.multi : multi_step(P, sk, prm.l, prm.rho, prm.eta, prm.t, delta);
    const bool beta = !(M.log10_norm_c_term > M.log10_norm_b_term) || M.c_term_zero;
    const EscapePoint<T>& ep = beta ? M.beta_point : M.gamma_point;
    e.type = beta ? "beta" : "gamma";
    e.defined = ep.defined && ep.representable;
    e.note = ep.note;
    if (!e.defined) continue;
    e.point = ep.point;
    e.h = P.h(e.point);
    e.h_lower = e.h < R.h_hat;
    e.gd_paper = gradient_descent(P, e.point, paper, &Xhat);
    e.gd_end = gradient_descent(P, e.point, to_end, &Xhat);
  }
  R.chosen =
      (R.escape[1].defined && (!R.escape[0].defined || R.escape[1].h < R.escape[0].h)) ? 1 : 0;
  return R;
}

}  // namespace sodlift
