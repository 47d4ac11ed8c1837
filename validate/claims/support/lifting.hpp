// Shared by the claims decided on the lifted side (§5.2-§5.5): the explicit
// lifting or the reason it does not fit, tensor norms from the Gram matrix of
// S, the printed (5.8) coefficients, explicit-vs-printed tensor identities and
// the tally of their judgements over the lifting orders.
#pragma once

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <sstream>

#include "sodlift/core/closed_form.hpp"
#include "sodlift/core/first_order.hpp"
#include "sodlift/core/subspace_simulation.hpp"
#include "sodlift/lifted/descent.hpp"
#include "sodlift/validate/lifted_checks.hpp"
#include "claims/support/measure.hpp"

namespace sodlift::validate {

namespace lchk {

using detail::measured;
using detail::measured_count;
using detail::measured_text;
using detail::short_num;

// Largest cost of one lifted gradient (multiply-adds, lifted_gradient_madds)
// the explicit checks accept: n = 3 at l = 5 (1.4e6 realworld, 4.6e6 pmc3) and
// n = 2 at l = 7 fit; n = 3 at l = 7 (1.2e8 realworld) does not. A check splits
// a step into the 18 sub-terms (~7 gradients' work) for two rho, and bf50 runs
// at ~1e7 multiply-adds/s here (bench/results/lifted.md): realworld l = 7 would
// add minutes per claim.
constexpr double kMaxLiftedGradientMadds = 2e7;

inline std::string Lname(int l) { return "l=" + std::to_string(l) + ": "; }

// The explicit lifting, or the reason it does not fit.
template <class T>
struct Lifting {
  std::optional<lifted::LiftedProblem<T>> L;
  std::optional<lifted::SubspaceBasis<T>> S;
  std::string refused;
};

template <class T>
Lifting<T> try_lift(const Context<T>& c, int l, const LiftedCheckOptions& o) {
  Lifting<T> r;
  // Time cap on top of the memory guard (see kMaxLiftedGradientMadds).
  const int N = c.instance.problem.n() * c.instance.search_rank;
  const double madds = double(lifted::lifted_gradient_madds(N, c.instance.problem.m(), l));
  if (madds > kMaxLiftedGradientMadds) {
    r.refused = "too large for explicit lifting in the harness: one lifted gradient costs " +
                short_num(madds, 3) + " multiply-adds (N = " + std::to_string(N) +
                ", m = " + std::to_string(c.instance.problem.m()) + ", l = " + std::to_string(l) +
                "), above the harness cap " + short_num(kMaxLiftedGradientMadds, 3) +
                " (time, not memory; `sodlift lifted` has no such cap)";
    return r;
  }
  try {
    r.L.emplace(c.instance.problem, c.instance.search_rank, l, o.lift_budget);
    r.S.emplace(lifted::make_subspace_basis(*r.L, c.sod));
  } catch (const memory_budget_error& e) {
    r.L.reset();
    r.refused = std::string("too large for explicit lifting: ") + e.what();
  }
  return r;
}

// When the explicit lifting does not fit (memory guard or time cap), a check
// over several orders records the refusal for order l and moves on ...
template <class T>
bool note_refused(const Lifting<T>& lift, int l, ClaimResult& res, Verdict& v,
                  std::string& reason) {
  if (lift.L) return false;
  v = worst(v, Verdict::inconclusive);
  reason += (reason.empty() ? "" : "; ") + Lname(l) + lift.refused;
  res.measured.push_back(measured_text(Lname(l) + "explicit lifting", lift.refused));
  return true;
}

// ... and a single-order check returns this INCONCLUSIVE result instead.
template <class T>
ClaimResult refused_result(const Lifting<T>& lift, int l) {
  ClaimResult res;
  res.verdict = Verdict::inconclusive;
  res.reason = Lname(l) + lift.refused;
  res.measured.push_back(measured_text(Lname(l) + "explicit lifting", lift.refused));
  res.key_number = "too large";
  return res;
}

// ||sum_p d_p x_p^{(x)l}|| from the full Gram G_pq = <x_p,x_q>^l: the tensor
// distance between two points of S, meaningful also when the span is reduced
// (c || b: the c-weight of one side is the b-weight of the other).
template <class T>
T tensor_norm(const SubspaceSimulation<T>& sim, const Vec<T>& d) {
  using std::sqrt;
  T s = 0;
  for (int p = 0; p < 3; ++p)
    for (int q = 0; q < 3; ++q) s += d(p) * d(q) * sim.gram()(p, q);
  return s > 0 ? T(sqrt(s)) : T(0);
}
// Round-off of tensor_norm(d) when d is a difference of coefficient vectors of
// size ~|cmax|: the entries carry ~c eps |cmax| each, and the quadratic form
// cancels to sqrt(eps ||G||) |d| when G is (nearly) singular.
template <class T>
T tensor_norm_roundoff(const SubspaceSimulation<T>& sim, const Vec<T>& d, const T& cmax) {
  using std::sqrt;
  const T gmax = sim.gram().cwiseAbs().maxCoeff();
  return tolerance<T>::bound(1e3, 100, cmax * sqrt(gmax)) +
         T(sqrt(tolerance<T>::bound(100, 9, gmax))) * T(d.norm());
}

template <class T>
Vec<T> vec3(const T& a, const T& b, const T& g) {
  Vec<T> v(3);
  v << a, b, g;
  return v;
}

// (5.8) with the paper's lambda_n (perturbed for the FAILS-path tests).
template <class T>
TpgdCoefficients<T> paper_coef(const Context<T>& c, int l, const T& rho, const T& eta, long long t,
                               const LiftedCheckOptions& o) {
  const T lam = c.sod.lambda_n * (T(1) + T(o.perturb_printed));
  return tpgd_coefficients(l, rho, eta, t, lam, c.sod.sigma_r);
}

// Puts the weight of a dropped c on b (c = kappa b exactly when x_c || x_b), so
// the exact step accepts the paper's point; the tensor is unchanged.
template <class T>
Vec<T> fold_dropped(const SubspaceSimulation<T>& sim, Vec<T> cv) {
  for (int p : sim.dropped()) {
    if (p == 2 && std::find(sim.dropped().begin(), sim.dropped().end(), 1) == sim.dropped().end()) {
      cv(1) += cv(2) * sim.gram()(1, 2) / sim.gram()(1, 1);
      cv(2) = 0;
    } else if (cv(p) != 0) {
      throw precondition_error("generator " + std::string(p == 1 ? "b" : "c") +
                               " is dropped and cannot be folded onto a kept generator");
    }
  }
  return cv;
}

template <class T>
double rel_double(const T& err, const T& scale) {
  return scale > 0 ? to_double(T(err / scale)) : to_double(err);
}

inline std::vector<std::string> log_grid(int from_exp,
                                         int to_exp) {  // 1eA, 3e(A-1)... half decades
  std::vector<std::string> g;
  for (int e = from_exp; e >= to_exp; --e) {
    g.push_back("1e" + std::to_string(e));
    if (e > to_exp) g.push_back("3e" + std::to_string(e - 1));
  }
  return g;
}

// Judges one explicit-vs-printed tensor identity and appends its numbers.
template <class T>
IdentityJudgement judge_tensor_identity(ClaimResult& res, const std::string& label,
                                        const lifted::DenseTensor<T>& explicit_side,
                                        const lifted::DenseTensor<T>& printed, const T& rel_bound) {
  const T en = lifted::norm(explicit_side);
  lifted::DenseTensor<T> diff = explicit_side;
  lifted::axpy(T(-1), printed, diff);
  const T dn = lifted::norm(diff);
  const T rel = en > 0 ? T(dn / en) : dn;
  const auto j = judge_identity(to_double(rel), to_double(rel_bound), detail::digits_cap<T>());
  res.measured.push_back(measured(label + "||explicit||", en));
  res.measured.push_back(measured(label + "||printed||", lifted::norm(printed)));
  res.measured.push_back(
      measured(label + "relative error ||explicit - printed||/||explicit||", rel,
               j.verdict == Verdict::holds ? MeasureKind::residual : MeasureKind::value));
  res.measured.push_back(
      measured(label + "round-off bound (relative)", rel_bound, MeasureKind::residual));
  res.measured.push_back(measured_text(label + "verdict", to_string(j.verdict)));
  return j;
}

// Components of a tensor along a, b, c (projection coefficients on S) and the
// part outside S, relative to its norm: says where a disagreement lives.
template <class T>
void append_decomposition(ClaimResult& res, const std::string& label,
                          const lifted::SubspaceBasis<T>& S, const lifted::DenseTensor<T>& v) {
  const Vec<T> k = lifted::project_coefficients(S, v);
  const lifted::DenseTensor<T> pv = lifted::project(S, v);
  lifted::DenseTensor<T> out = v;
  lifted::axpy(T(-1), pv, out);
  const T vn = lifted::norm(v);
  const char* nm[3] = {"a", "b", "c"};
  for (int p = 0; p < 3; ++p) {
    using std::abs;
    // A coefficient whose term is below round-off of ||v|| is noise (or a dropped generator's 0).
    const bool noise = abs(k(p)) * lifted::norm(p == 0   ? S.a
                                                : p == 1 ? S.b
                                                         : S.c) <=
                       tolerance<T>::bound(1e6, 1, vn);
    res.measured.push_back(measured(label + "Pi_S coefficient on " + nm[p], T(k(p)),
                                    noise ? MeasureKind::residual : MeasureKind::value));
  }
  res.measured.push_back(measured(label + "||v - Pi_S v|| / ||v||",
                                  vn > 0 ? T(lifted::norm(out) / vn) : T(0),
                                  MeasureKind::residual));
}

// Relative round-off of an explicit contraction sum_I R_I K_I x against a
// rank-1 printed tensor: each of the l mode contractions sums m N^2 products,
// and the residual R = y - b^{(x)l} may cancel by `amplification`.
template <class T>
T contraction_bound(const lifted::LiftedProblem<T>& L, const T& amplification) {
  const double ops = double(L.order()) * L.m() * L.N() * L.N() + 4.0 * L.order();
  return tolerance<T>::bound(64, ops, amplification);
}

inline const char* comp_name(int p) { return p == 0 ? "a" : p == 1 ? "b" : "c"; }

// What the tensor-identity claims (H3-5.2, H2-5.2, §5.3) fold their
// judgements into: the worst verdict, the fewest digits, one reason per l.
struct IdentityTally {
  Verdict v = Verdict::holds;
  double digits = 0;
  std::string reason;
  void add(const IdentityJudgement& j, int l, bool in_reason) {
    v = worst(v, j.verdict);
    digits = std::min(digits, j.digits);
    if (in_reason) reason += (reason.empty() ? "" : "; ") + Lname(l) + j.reason;
  }
};

// Runs body(l, L, S, tally) for every lifting order that fits; an order that
// does not is recorded as INCONCLUSIVE with its reason (note_refused).
template <class T, class Body>
IdentityTally tally_over_orders(const Context<T>& c, const LiftedCheckOptions& o, ClaimResult& res,
                                Body&& body) {
  IdentityTally tally;
  tally.digits = detail::digits_cap<T>();
  for (int l : c.options.lifting_orders) {
    auto lift = try_lift(c, l, o);
    if (note_refused(lift, l, res, tally.v, tally.reason)) continue;
    body(l, *lift.L, *lift.S, tally);
  }
  return tally;
}

// Verdict, reason (+ `if_fails` when it FAILS, then `suffix`), digits.
inline void finish_identity_claim(ClaimResult& res, const IdentityTally& t,
                                  const std::string& if_fails, const std::string& suffix = "") {
  res.verdict = t.v;
  res.reason = t.reason + (t.v == Verdict::fails ? if_fails : std::string()) + suffix;
  res.digits = t.digits;
  res.key_number = short_num(t.digits, 3) + " digits";
}

}  // namespace lchk

}  // namespace sodlift::validate
