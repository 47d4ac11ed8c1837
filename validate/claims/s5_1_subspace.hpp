// §5.1-§5.2: the lifted point a and the escape tensor b are orthogonal
// (orth-ab), and the generators a, b, c of the subspace S are linearly
// independent (basis-independent; the Schur complement of §5.2 needs G
// invertible).
#pragma once

#include "claims/support/measure.hpp"
#include "claims/support/sign_proofs.hpp"

namespace sodlift::validate {

// ---------------------------------------------------------------------------
template <class T>
ClaimResult check_orth_ab(const Context<T>& c) {
  using std::abs;
  const auto& s = c.sod;
  const int n = c.instance.problem.n(), r = static_cast<int>(s.Xhat.cols());
  ClaimResult res;
  // <vec Xhat, vec(u_n q_r^T)> = u_n^T Xhat q_r; <a,b> is its l-th power.
  const T inner = s.u_n.dot(s.Xhat * s.q_r);
  const T xnorm = s.Xhat.norm();
  const T bnorm = s.u_n.norm() * s.q_r.norm();
  const T cosine = abs(inner) / (xnorm * bnorm);
  // |u^T Xhat q| <= ||Xhat^T u|| <= (residual + eigen backward error sigma_1) / |lambda_n|.
  const T res_level = detail::residual_level(c.cp);
  const T gf = s.gradf.norm();
  const T bound = (res_level + tolerance<T>::bound(16, n, gf) * s.singular_values(0)) /
                      (abs(s.lambda_n) * xnorm) +
                  tolerance<T>::bound(16, double(n) * r);
  const auto j = judge_identity(to_double(cosine), to_double(bound), detail::digits_cap<T>());
  res.verdict = j.verdict;
  res.reason =
      j.reason + " (judged on the matrix-level cosine; the tensor-level cosine is its l-th power)";
  res.digits = j.digits;
  res.key_number = "cos(vec Xhat, vec u q^T) = " + detail::short_num(to_double(cosine)) + " (" +
                   detail::short_num(j.digits) + " digits)";
  res.measured.push_back(
      detail::measured("|cos(vec Xhat, vec(u_n q_r^T))|", cosine, MeasureKind::residual));
  res.measured.push_back(detail::measured("round-off bound", bound, MeasureKind::residual));
  res.measured.push_back(
      detail::measured("<vec Xhat, vec(u_n q_r^T)>", inner, MeasureKind::residual));
  for (int l : c.options.lifting_orders) {
    const T ab = detail::pow_int(inner, l);
    res.measured.push_back(
        detail::measured("l=" + std::to_string(l) + ": <a,b>", ab, MeasureKind::residual));
    res.measured.push_back(detail::measured("l=" + std::to_string(l) + ": |<a,b>|/(||a|| ||b||)",
                                            detail::pow_int(cosine, l), MeasureKind::residual));
  }
  return res;
}

// ---------------------------------------------------------------------------
template <class T>
ClaimResult check_basis_independent(const Context<T>& c) {
  using std::abs;
  using std::sqrt;
  const auto& s = c.sod;
  const int n = c.instance.problem.n(), r = static_cast<int>(s.Xhat.cols());
  ClaimResult res;
  // Generators x_a = vec Xhat, x_b = vec(u_n q_r^T), x_c = vec(E Xhat)  (5.1)
  const Mat<T> xb_m = s.u_n * s.q_r.transpose();
  const Mat<T> xc_m = s.E * s.Xhat;
  std::vector<Vec<T>> x(3);
  x[0] = Eigen::Map<const Vec<T>>(s.Xhat.data(), s.Xhat.size());
  x[1] = Eigen::Map<const Vec<T>>(xb_m.data(), xb_m.size());
  x[2] = Eigen::Map<const Vec<T>>(xc_m.data(), xc_m.size());
  Mat<T> g(3, 3);
  for (int p = 0; p < 3; ++p)
    for (int q = 0; q < 3; ++q) g(p, q) = x[p].dot(x[q]);
  // Sines of the pairwise angles: x^{(x)l} are dependent exactly when two
  // generators are parallel (l >= 2), which the Gram matrix only sees squared.
  const char* pair_name[3] = {"sin(x_a, x_b)", "sin(x_a, x_c)", "sin(x_b, x_c)"};
  const int pp[3][2] = {{0, 1}, {0, 2}, {1, 2}};
  T min_sine = 1;
  for (int k = 0; k < 3; ++k) {
    const int p = pp[k][0], q = pp[k][1];
    const T cs = g(p, q) / sqrt(g(p, p) * g(q, q));
    T s2 = T(1) - cs * cs;
    if (s2 < 0) s2 = 0;
    // sqrt(1 - cos^2) loses half the digits near 0; the residual of the
    // projection keeps them: |x_q - (x_q.x_p / x_p.x_p) x_p| / |x_q|.
    const Vec<T> perp = x[q] - (g(p, q) / g(p, p)) * x[p];
    const T sine = perp.norm() / sqrt(g(q, q));
    if (sine < min_sine) min_sine = sine;
    res.measured.push_back(detail::measured(
        pair_name[k], sine,
        sine < tolerance<T>::bound(1e3, n * r) ? MeasureKind::residual : MeasureKind::value));
  }
  Verdict v = Verdict::holds;
  double digits = 0;
  std::string reason;
  for (int l : c.options.lifting_orders) {
    Mat<T> G(3, 3), Gs(3, 3);
    for (int p = 0; p < 3; ++p)
      for (int q = 0; q < 3; ++q) G(p, q) = detail::pow_int(g(p, q), l);  // G_pq = <x_p,x_q>^l
    for (int p = 0; p < 3; ++p)
      for (int q = 0; q < 3; ++q) Gs(p, q) = G(p, q) / sqrt(G(p, p) * G(q, q));
    const auto ev = detail::symmetric_eigenvalues(G);
    const auto evs = detail::symmetric_eigenvalues(Gs);
    // Entries of Gs carry relative error ~ (l + nr) eps each; its smallest
    // eigenvalue moves by at most the norm of that perturbation.
    const T bound = tolerance<T>::bound(16, 3.0 * (l + n * r));
    const T lmin = evs[0] < 0 ? T(0) : evs[0];
    Verdict vl;
    std::string why;
    const double lmin_d = to_double(lmin), bound_d = to_double(bound);
    if (lmin_d <= bound_d) {
      vl = Verdict::fails;
      why = "l=" + std::to_string(l) +
            ": scaled Gram matrix numerically singular (smallest eigenvalue " +
            detail::short_num(lmin_d) + " <= round-off " + detail::short_num(bound_d) + ")";
    } else if (lmin_d > kClearlyFactor * bound_d) {
      vl = Verdict::holds;
      why = "l=" + std::to_string(l) + ": smallest scaled eigenvalue " + detail::short_num(lmin_d) +
            " > 1e3 x round-off";
    } else {
      vl = Verdict::inconclusive;
      why = "l=" + std::to_string(l) + ": smallest scaled eigenvalue " + detail::short_num(lmin_d) +
            " within 1e3 x round-off " + detail::short_num(bound_d);
    }
    v = worst(v, vl);
    reason += (reason.empty() ? "" : "; ") + why;
    // "Digits" here: how many leading digits of the scaled Gram matrix cancel
    // in its smallest eigenvalue (0 = well conditioned, ~digits10 = singular).
    const double d = lmin_d > 0 ? -std::log10(lmin_d) : detail::digits_cap<T>();
    digits = std::max(digits, std::min(d, detail::digits_cap<T>()));
    const std::string L = "l=" + std::to_string(l) + ": ";
    const T cond = ev[0] > 0 ? T(ev[2] / ev[0]) : T(-1);
    const T conds = evs[0] > 0 ? T(evs[2] / evs[0]) : T(-1);
    res.measured.push_back(
        detail::measured(L + "min eig scaled Gram", evs[0],
                         vl == Verdict::fails ? MeasureKind::residual : MeasureKind::value));
    res.measured.push_back(detail::measured(L + "round-off bound", bound));
    // A singular Gram matrix has no meaningful condition number (its computed
    // smallest eigenvalue is round-off of either sign).
    if (vl == Verdict::fails) {
      res.measured.push_back(
          detail::measured_text(L + "cond(scaled Gram)", "singular to round-off"));
      res.measured.push_back(detail::measured_text(L + "cond(Gram)", "singular to round-off"));
    } else {
      res.measured.push_back(detail::measured(L + "cond(scaled Gram)", conds));
      res.measured.push_back(detail::measured(L + "cond(Gram)", cond));
    }
    for (int p = 0; p < 3; ++p)
      for (int q = p; q < 3; ++q)
        res.measured.push_back(
            detail::measured(L + "G" + std::to_string(p + 1) + std::to_string(q + 1), G(p, q),
                             (p == 1 && q == 0) ? MeasureKind::residual : MeasureKind::value));
  }
  // <x_a, x_b> is zero in theory (orth-ab): it is round-off, not a value.
  for (auto& m : res.measured)
    if (m.name.size() > 4 && m.name.substr(m.name.size() - 3) == "G12")
      m.kind = MeasureKind::residual;
  res.verdict = v;
  res.reason = reason;
  res.digits = digits;
  res.key_number = "min sine " + detail::short_num(to_double(min_sine));
  attach_basis_proof(c, res, c.options.lifting_orders);  // issue 25: Cholesky of the scaled Gram at X*
  return res;
}

// ---- Registration (report order: rank) ------------------------------------
SODLIFT_CLAIMS(s5_1_subspace) {
  const std::string id_tol = detail::identity_tolerance_text();
  r.per_instance(
      20,
      {"orth-ab", "§5.1 (Gram matrix G, <a,b> = 0)",
       "The lifted point a = vec(Xhat)^{(x)l} and the escape tensor b = vec(u_n q_r^T)^{(x)l} "
       "are orthogonal.",
       "<a,b> = <vec Xhat, vec(u_n q_r^T)>^l; judged on the matrix-level cosine (the l-th "
       "power only multiplies the digits by l)",
       "same bound as orth-un-vr times sigma_1/||Xhat||_F; " + id_tol},
      [](const Context<T>& c) { return check_orth_ab(c); });
  r.per_instance(30,
                 {"basis-independent", "§5.2 (Schur complement needs G invertible)",
                  "The three generators a, b, c of the subspace S are linearly independent.",
                  "Gram matrix G_pq = <x_p, x_q>^l for each l; smallest eigenvalue of the "
                  "diagonally scaled Gram matrix, condition numbers, and the sine of the angle "
                  "between vec(u_n q_r^T) and vec(E Xhat)",
                  "scaled smallest eigenvalue <= c (l nr) eps means numerically singular (FAILS); "
                  "> 1e3 x that means independent (HOLDS)"},
                 [](const Context<T>& c) { return check_basis_independent(c); });
  // Issue 20: --quick checks the lifting orders of ValidateOptions::quick().
  for (const char* id : {"orth-ab", "basis-independent"})
    r.reduced_in_quick(id, {{"l =", values_text(ValidateOptions::quick().lifting_orders), values_text(ValidateOptions::full_run().lifting_orders)}}, "l = 5, 7 (validate --full)");
}

// Checks the tests call directly, compiled once per scalar.
template ClaimResult check_orth_ab(const Context<SODLIFT_SCALAR>&);
template ClaimResult check_basis_independent(const Context<SODLIFT_SCALAR>&);

}  // namespace sodlift::validate
