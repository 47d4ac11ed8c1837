// Checks that need only the foundation (core/): orth-un-vr, orth-ab,
// basis-independent, the rows of Table 2 and Prop. 4.2. Included only by the
// per-scalar inst_validate_*.cpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <sstream>

#include "sodlift/core/errors.hpp"
#include "sodlift/validate/context.hpp"
#include "sodlift/validate/lifted_checks.hpp"
#include "sodlift/validate/report.hpp"

namespace sodlift::validate {

namespace detail {

template <class T>
double digits_cap() {
  return digits10<T>() + 1.0;
}

template <class T>
Measured measured(const std::string& name, const T& x, MeasureKind k = MeasureKind::value) {
  return Measured{name, decimal_string(x), to_double(x), k};
}
inline Measured measured_text(const std::string& name, const std::string& v) {
  return Measured{name, v, std::nullopt, MeasureKind::exact};
}
inline Measured measured_count(const std::string& name, long v) {
  return Measured{name, std::to_string(v), double(v), MeasureKind::exact};
}

inline std::string short_num(double x, int prec = 3) {
  std::ostringstream os;
  os.precision(prec);
  os << x;
  return os.str();
}

template <class T>
T frob(const Mat<T>& A, const Mat<T>& B) {  // <A, B> = Tr(A^T B)
  return A.cwiseProduct(B).sum();
}

// Relative error err/scale as a double (only its magnitude matters); scale 0
// means an absolute comparison.
template <class T>
double ratio(const T& err, const T& scale) {
  if (scale == 0) return to_double(err);
  return to_double(T(err / scale));
}

// The residual level the critical point was certified to: its gradient
// tolerance, or the measured |grad h| when certification accepted more (a
// degenerate minimum is only certified to sqrt(eps) level).
template <class T>
T residual_level(const CriticalPoint<T>& cp) {
  return cp.grad_norm > cp.grad_tol ? cp.grad_norm : cp.grad_tol;
}

// Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations (kept
// here instead of Eigen's solver: 3x3 only, and it keeps this TU light).
template <class T>
std::vector<T> symmetric_eigenvalues(Mat<T> A) {
  using std::abs;
  using std::sqrt;
  const int n = static_cast<int>(A.rows());
  for (int sweep = 0; sweep < 100; ++sweep) {
    T off = 0, diag = 0;
    for (int p = 0; p < n; ++p) {
      diag += A(p, p) * A(p, p);
      for (int q = p + 1; q < n; ++q) off += A(p, q) * A(p, q);
    }
    if (off <= epsilon<T>() * epsilon<T>() * diag * T(1e-4) || off == 0) break;
    for (int p = 0; p < n; ++p)
      for (int q = p + 1; q < n; ++q) {
        if (A(p, q) == 0) continue;
        const T theta = (A(q, q) - A(p, p)) / (T(2) * A(p, q));
        const T t = (theta >= 0 ? T(1) : T(-1)) / (abs(theta) + sqrt(theta * theta + T(1)));
        const T cs = T(1) / sqrt(t * t + T(1)), sn = t * cs;
        for (int k = 0; k < n; ++k) {  // A <- J^T A J
          const T akp = A(k, p), akq = A(k, q);
          A(k, p) = cs * akp - sn * akq;
          A(k, q) = sn * akp + cs * akq;
        }
        for (int k = 0; k < n; ++k) {
          const T apk = A(p, k), aqk = A(q, k);
          A(p, k) = cs * apk - sn * aqk;
          A(q, k) = sn * apk + cs * aqk;
        }
      }
  }
  std::vector<T> ev(n);
  for (int i = 0; i < n; ++i) ev[i] = A(i, i);
  std::sort(ev.begin(), ev.end());
  return ev;
}

template <class T>
T pow_int(const T& x, int l) {
  T r = 1;
  for (int i = 0; i < l; ++i) r *= x;
  return r;
}

}  // namespace detail

// ---------------------------------------------------------------------------
template <class T>
ClaimResult check_orth_un_vr(const Context<T>& c) {
  using std::abs;
  const auto& s = c.sod;
  const int n = c.instance.problem.n(), r = static_cast<int>(s.Xhat.cols());
  ClaimResult res;
  // max_phi |<u_n, v_phi>| <= ||Xhat^T u_n|| / sigma_r, with equality for r = 1:
  // ||Xhat^T u||^2 = sum_phi sigma_phi^2 <v_phi,u>^2 and no SVD is needed.
  const Vec<T> xtu = s.Xhat.transpose() * s.u_n;
  const T measured = xtu.norm() / s.sigma_r;
  const T sigma1 = s.singular_values(0);
  const T gf = s.gradf.norm();
  // lambda_n u^T Xhat = u^T grad f Xhat - (grad f u - lambda_n u)^T Xhat and
  // grad f Xhat = grad h / 2: the first-order residual plus the eigen-solve
  // backward error (c n eps ||grad f||), both divided by |lambda_n|.
  const T res_level = detail::residual_level(c.cp);
  const T bound = (res_level + tolerance<T>::bound(16, n, gf) * sigma1) / (abs(s.lambda_n) * s.sigma_r) +
                  tolerance<T>::bound(16, double(n) * r);
  const Vec<T> eig_res = s.gradf * s.u_n - s.lambda_n * s.u_n;
  const auto j = judge_identity(to_double(measured), to_double(bound), detail::digits_cap<T>());
  res.verdict = j.verdict;
  res.reason = j.reason;
  res.digits = j.digits;
  res.key_number = "max abs <u_n,v_phi> <= " + detail::short_num(to_double(measured)) + " (" +
                   detail::short_num(j.digits, 3) + " digits)";
  res.measured.push_back(detail::measured("max_phi |<u_n, v_phi>| (upper bound ||Xhat^T u_n||/sigma_r)",
                                          measured, MeasureKind::residual));
  res.measured.push_back(detail::measured("round-off bound", bound, MeasureKind::residual));
  res.measured.push_back(detail::measured("<u_n, v_r>", s.un_dot_vr, MeasureKind::residual));
  res.measured.push_back(detail::measured("lambda_n", s.lambda_n));
  res.measured.push_back(detail::measured("sigma_r", s.sigma_r));
  res.measured.push_back(detail::measured("|grad h(Xhat)|", c.cp.grad_norm, MeasureKind::residual));
  res.measured.push_back(detail::measured("|grad f u_n - lambda_n u_n|", T(eig_res.norm()), MeasureKind::residual));
  return res;
}

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
  res.reason = j.reason + " (judged on the matrix-level cosine; the tensor-level cosine is its l-th power)";
  res.digits = j.digits;
  res.key_number = "cos(vec Xhat, vec u q^T) = " + detail::short_num(to_double(cosine)) + " (" +
                   detail::short_num(j.digits) + " digits)";
  res.measured.push_back(detail::measured("|cos(vec Xhat, vec(u_n q_r^T))|", cosine, MeasureKind::residual));
  res.measured.push_back(detail::measured("round-off bound", bound, MeasureKind::residual));
  res.measured.push_back(detail::measured("<vec Xhat, vec(u_n q_r^T)>", inner, MeasureKind::residual));
  for (int l : c.options.lifting_orders) {
    const T ab = detail::pow_int(inner, l);
    res.measured.push_back(detail::measured("l=" + std::to_string(l) + ": <a,b>", ab, MeasureKind::residual));
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
    res.measured.push_back(detail::measured(pair_name[k], sine,
                                            sine < tolerance<T>::bound(1e3, n * r) ? MeasureKind::residual
                                                                                   : MeasureKind::value));
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
      why = "l=" + std::to_string(l) + ": scaled Gram matrix numerically singular (smallest eigenvalue " +
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
    res.measured.push_back(detail::measured(L + "min eig scaled Gram", evs[0],
                                            vl == Verdict::fails ? MeasureKind::residual : MeasureKind::value));
    res.measured.push_back(detail::measured(L + "round-off bound", bound));
    // A singular Gram matrix has no meaningful condition number (its computed
    // smallest eigenvalue is round-off of either sign).
    if (vl == Verdict::fails) {
      res.measured.push_back(detail::measured_text(L + "cond(scaled Gram)", "singular to round-off"));
      res.measured.push_back(detail::measured_text(L + "cond(Gram)", "singular to round-off"));
    } else {
      res.measured.push_back(detail::measured(L + "cond(scaled Gram)", conds));
      res.measured.push_back(detail::measured(L + "cond(Gram)", cond));
    }
    for (int p = 0; p < 3; ++p)
      for (int q = p; q < 3; ++q)
        res.measured.push_back(detail::measured(L + "G" + std::to_string(p + 1) + std::to_string(q + 1), G(p, q),
                                                (p == 1 && q == 0) ? MeasureKind::residual : MeasureKind::value));
  }
  // <x_a, x_b> is zero in theory (orth-ab): it is round-off, not a value.
  for (auto& m : res.measured)
    if (m.name.size() > 4 && m.name.substr(m.name.size() - 3) == "G12") m.kind = MeasureKind::residual;
  res.verdict = v;
  res.reason = reason;
  res.digits = digits;
  res.key_number = "min sine " + detail::short_num(to_double(min_sine));
  return res;
}

// ---------------------------------------------------------------------------
template <class T>
ClaimResult check_table2_row(const Context<T>& c, const std::string& row) {
  using std::abs;
  const auto& P = c.instance.problem;
  const auto& s = c.sod;
  const int n = P.n(), m = P.m();
  ClaimResult res;
  if (std::find(table2_rows().begin(), table2_rows().end(), row) == table2_rows().end())
    throw input_error("unknown Table 2 row '" + row + "'");
  const Mat<T>& X = s.Xhat;
  const Vec<T>& u = s.u_n;
  const Vec<T>& v = s.v_r;
  const Vec<T>& q = s.q_r;
  const T sigma = s.sigma_r, lambda = s.lambda_n;
  const Mat<T> M = X * X.transpose();
  const Mat<T>& Ms = P.M_star();
  auto AA = [&](const Mat<T>& Y) { return P.gram_apply(Y); };
  // Xcheck Xcheck^T = M + rho K + rho^2 Q, straight from the definition of
  // Xcheck = Xhat + rho u q^T (no Xhat q = sigma v used).
  const Mat<T> K = X * q * u.transpose() + u * q.transpose() * X.transpose();
  const Mat<T> Q = u * (q.transpose() * q) * u.transpose();
  const Mat<T> AAM = AA(M), AAMs = AA(Ms), AAK = AA(K), AAQ = AA(Q);
  const Mat<T> Pvu = v * u.transpose() + u * v.transpose();
  const T APsq = P.measure(Pvu).squaredNorm();
  const T AQsq = P.measure(Mat<T>(u * u.transpose())).squaredNorm();
  const T EQ = s.E_un_un;
  const T gradf_vu = detail::frob(s.gradf, Pvu);
  const T res_level = detail::residual_level(c.cp);
  const T gf = s.gradf.norm();
  const double ops = double(m) * n * n;

  Verdict verdict = Verdict::holds;
  double digits = detail::digits_cap<T>();
  std::string reason;
  for (const auto& rs : c.options.rho_values) {
    const T rho = from_string<T>(rs);
    const T r2 = rho * rho, r3 = r2 * rho, r4 = r3 * rho;
    // Defining inner products of the S/T expansion (proof of Prop. 4.2),
    // with D1 = rho K and D2 = rho^2 Q.
    const T T1a = detail::frob(AAM, M), T1b = detail::frob(AAMs, M);
    const T T2a = rho * detail::frob(AAM, K), T2b = rho * detail::frob(AAMs, K);
    const T T3a = r2 * detail::frob(AAM, Q), T3b = r2 * detail::frob(AAMs, Q);
    const T T4 = rho * detail::frob(AAK, M);
    const T T5 = r2 * detail::frob(AAK, K);
    const T T6 = r3 * detail::frob(AAK, Q);
    const T T7 = r2 * detail::frob(AAQ, M);
    const T T8 = r3 * detail::frob(AAQ, K);
    const T T9 = r4 * detail::frob(AAQ, Q);
    const T S1 = rho * detail::frob(AAK, Ms);
    const T S2 = r2 * detail::frob(AAQ, Ms);
    // Round-off scale of each row: the norm products |x||y| of its inner
    // products (an inner product's error is ~ ops eps |x||y|, whatever its
    // value; rows that vanish structurally would otherwise have no scale).
    const T nM = M.norm(), nMs = Ms.norm(), nK = K.norm(), nQ = Q.norm();
    const T nAAM = AAM.norm(), nAAMs = AAMs.norm(), nAAK = AAK.norm(), nAAQ = AAQ.norm();
    const T ar = abs(rho), ar2 = r2, ar3 = abs(r3), ar4 = r4;
    T lhs, rhs, middle, scale, extra = 0;
    bool has_middle = false;
    if (row == "T1") {  // grad f(Xhat Xhat^T) Xhat Xhat^T = 0; T1 = <grad h, Xhat>/2
      lhs = T1a - T1b, rhs = 0, scale = (nAAM + nAAMs) * nM;
      extra = res_level * X.norm() / T(2);
    } else if (row == "T2") {  // 2 rho sigma lambda_n v^T u = 0; T2 = rho u^T grad h q
      lhs = T2a - T2b, rhs = 0, scale = ar * (nAAM + nAAMs) * nK;
      middle = T(2) * rho * sigma * lambda * v.dot(u), has_middle = true;
      extra = ar * res_level;
    } else if (row == "T5") {
      lhs = T5, rhs = r2 * sigma * sigma * APsq, scale = ar2 * nAAK * nK + abs(rhs);
    } else if (row == "T9") {
      lhs = T9, rhs = r4 * AQsq, scale = ar4 * nAAQ * nQ + abs(rhs);
    } else if (row == "T6+T8") {
      lhs = T6 + T8, rhs = T(2) * r3 * sigma * EQ;
      scale = ar3 * (nAAK * nQ + nAAQ * nK) + T(2) * ar3 * sigma * s.E.norm();
    } else if (row == "S1-T4") {  // -rho sigma <grad f, v u^T + u v^T> = 0
      lhs = S1 - T4, rhs = 0, scale = ar * nAAK * (nMs + nM);
      middle = -rho * sigma * gradf_vu, has_middle = true;
      extra = ar * res_level;
    } else if (row == "S2-T7") {  // -rho^2 <grad f, u u^T> = -rho^2 lambda_n
      lhs = S2 - T7, rhs = -r2 * lambda, scale = ar2 * nAAQ * (nMs + nM) + abs(rhs);
      middle = -r2 * u.dot(s.gradf * u), has_middle = true;
      extra = r2 * tolerance<T>::bound(16, n, gf);
    } else {  // "-T3": -rho^2 <grad f, u u^T> = -rho^2 lambda_n
      lhs = -(T3a - T3b), rhs = -r2 * lambda, scale = ar2 * (nAAM + nAAMs) * nQ + abs(rhs);
      middle = -r2 * u.dot(s.gradf * u), has_middle = true;
      extra = r2 * tolerance<T>::bound(16, n, gf);
    }
    if (scale == 0) scale = 1;
    const T err = abs(lhs - rhs);
    const T bound = tolerance<T>::bound(16, ops, scale) + extra;
    const auto j = judge_identity(detail::ratio(err, scale), detail::ratio(bound, scale), detail::digits_cap<T>());
    verdict = worst(verdict, j.verdict);
    digits = std::min(digits, j.digits);
    reason += (reason.empty() ? "" : "; ") + ("rho=" + rs + ": " + j.reason);
    const bool zero_row = (rhs == 0);
    const std::string L = "rho=" + rs + ": ";
    res.measured.push_back(detail::measured(L + "explicit", lhs, zero_row ? MeasureKind::residual : MeasureKind::value));
    res.measured.push_back(detail::measured(L + "table", rhs, zero_row ? MeasureKind::exact : MeasureKind::value));
    if (has_middle)
      res.measured.push_back(detail::measured(L + "table (middle expression)", middle,
                                              zero_row ? MeasureKind::residual : MeasureKind::value));
    res.measured.push_back(detail::measured(L + "relative error", T(err / scale), MeasureKind::residual));
    res.measured.push_back(detail::measured(L + "round-off bound (relative)", T(bound / scale), MeasureKind::residual));
  }
  res.verdict = verdict;
  res.reason = reason;
  res.digits = digits;
  res.key_number = detail::short_num(digits, 3) + " digits";
  return res;
}

// ---------------------------------------------------------------------------
template <class T>
ClaimResult check_prop4_2(const Context<T>& c) {
  using std::abs;
  using std::sqrt;
  const auto& P = c.instance.problem;
  const auto& s = c.sod;
  const int n = P.n(), m = P.m();
  ClaimResult res;
  const Mat<T>& X = s.Xhat;
  const Vec<T>& u = s.u_n;
  const Vec<T>& v = s.v_r;
  const Vec<T>& q = s.q_r;
  const T sigma = s.sigma_r, lambda = s.lambda_n, EQ = s.E_un_un, delta = c.iso.delta;
  const Mat<T> Pvu = v * u.transpose() + u * v.transpose();
  const T APsq = P.measure(Pvu).squaredNorm();
  const T AQsq = P.measure(Mat<T>(u * u.transpose())).squaredNorm();
  const T h0 = P.h(X);
  const T res_level = detail::residual_level(c.cp);
  // Exact: 2 (h(Xcheck) - h(Xhat)) = rho^2 g_exact(rho) with
  // g_exact = rho^2 ||A(uu^T)||^2 + 2 rho sigma <E,uu^T> + sigma^2 ||A(vu^T+uv^T)||^2 + 2 lambda_n.
  auto g_exact = [&](const T& rho) { return rho * rho * AQsq + T(2) * rho * sigma * EQ + sigma * sigma * APsq + T(2) * lambda; };
  // (4.4): (1+delta) rho^2 + 2 sigma <E,uu^T> rho + 2 sigma^2 (1+delta) + 2 lambda_n < 0.
  auto g44 = [&](const T& rho) {
    return (T(1) + delta) * rho * rho + T(2) * sigma * EQ * rho + T(2) * sigma * sigma * (T(1) + delta) + T(2) * lambda;
  };
  // Real roots of both quadratics set the grid range.
  const T disc_e = T(4) * sigma * sigma * EQ * EQ - T(4) * AQsq * (sigma * sigma * APsq + T(2) * lambda);
  const T disc44 = T(4) * sigma * sigma * EQ * EQ -
                   T(4) * (T(1) + delta) * (T(2) * sigma * sigma * (T(1) + delta) + T(2) * lambda);  // Delta of (4.4)
  T R = 1;
  T re1 = 0, re2 = 0, r441 = 0, r442 = 0;
  if (disc_e > 0) {
    re1 = (-T(2) * sigma * EQ - sqrt(disc_e)) / (T(2) * AQsq);
    re2 = (-T(2) * sigma * EQ + sqrt(disc_e)) / (T(2) * AQsq);
    R = std::max({R, T(abs(re1)), T(abs(re2))});
  }
  if (disc44 > 0) {
    r441 = (-T(2) * sigma * EQ - sqrt(disc44)) / (T(2) * (T(1) + delta));  // (4.6)
    r442 = (-T(2) * sigma * EQ + sqrt(disc44)) / (T(2) * (T(1) + delta));
    R = std::max({R, T(abs(r441)), T(abs(r442))});
  }
  R *= T(1.5);
  const int N = std::max(3, c.options.rho_grid_points | 1);
  long desc_and_44 = 0, desc_not44 = 0, nodesc_44 = 0, nodesc_not44 = 0, undecided = 0;
  T first_counter = 0, worst_upper = -1;
  bool have_counter = false, have_worst = false;
  double max_rel_exp = 0, max_rel_bound = 0;
  Series grid;
  grid.name = "prop4.2-grid-" + file_stem(c.instance.name);
  grid.columns = {"rho", "dh_exact", "dh_expansion", "g_exact", "g_44", "descent", "ineq_4.4"};
  PlotLine l_exact{"h(Xcheck) - h(Xhat) (exact)", {}, {}};
  PlotLine l_bound{"rho^2/2 * LHS of (4.4) (upper bound if delta valid)", {}, {}};
  for (int k = 0; k < N; ++k) {
    const T rho = -R + T(2) * R * T(k) / T(N - 1);
    const Mat<T> Xc = X + rho * u * q.transpose();
    const T dh = P.h(Xc) - h0;
    const T dh_exp = rho * rho * g_exact(rho) / T(2);
    const T ge = g44(rho);
    // Round-off of a difference of two h values: ops of A(XX^T) times the size
    // of the residual squares; the expansion also drops the first-order terms
    // (grad h = 0), which the certified residual bounds.
    const T y = P.measure(Mat<T>(Xc * Xc.transpose())).norm() + P.b().norm();
    const T hscale = y * y / T(2);
    const T bound = tolerance<T>::bound(16, double(m) * n * n, hscale > 0 ? hscale : T(1));
    const T exp_bound = bound + res_level * (abs(rho) + X.norm()) * (abs(rho) + X.norm());
    const double rel = detail::ratio(T(abs(dh - dh_exp)), hscale > 0 ? hscale : T(1));
    const double relb = detail::ratio(exp_bound, hscale > 0 ? hscale : T(1));
    if (k == 0 || rel * max_rel_bound > max_rel_exp * relb) {  // worst rel/relb
      max_rel_exp = rel;
      max_rel_bound = relb;
    }
    const bool ineq = ge < 0;
    int descent = 0;  // -1 clear increase, +1 clear decrease, 0 undecided
    if (dh < -bound) descent = 1;
    else if (dh > bound) descent = -1;
    if (descent == 0) ++undecided;
    else if (descent > 0 && ineq) ++desc_and_44;
    else if (descent > 0 && !ineq) {
      ++desc_not44;
      if (!have_counter || abs(rho) < abs(first_counter)) first_counter = rho, have_counter = true;
    } else if (ineq) ++nodesc_44;
    else ++nodesc_not44;
    const T upper_gap = dh - rho * rho * ge / T(2);  // <= 0 when delta is a valid isometry constant
    if (!have_worst || upper_gap > worst_upper) worst_upper = upper_gap, have_worst = true;
    grid.rows.push_back({decimal_string(rho), decimal_string(dh), decimal_string(dh_exp), decimal_string(g_exact(rho)),
                         decimal_string(ge), std::to_string(descent), ineq ? "1" : "0"});
    l_exact.x.push_back(to_double(rho));
    l_exact.y.push_back(to_double(dh));
    l_bound.x.push_back(to_double(rho));
    l_bound.y.push_back(to_double(T(rho * rho * ge / T(2))));
  }
  const auto jexp = judge_identity(max_rel_exp, max_rel_bound, detail::digits_cap<T>());
  const T ncm = -lambda / (sigma * sigma * (T(1) + delta));
  const T aic = EQ * EQ / (T(2) * (T(1) + delta) * (T(1) + delta));
  const bool sufficient = nodesc_44 == 0;
  const bool necessary = desc_not44 == 0;
  const long ndesc = desc_and_44 + desc_not44, n44 = desc_and_44 + nodesc_44;
  std::string rel;
  if (ndesc == 0 && n44 == 0) rel = "both sets empty on the grid: no rho decreases h and (4.4) has no solution";
  else if (necessary && sufficient) rel = "necessary and sufficient on the grid";
  else if (sufficient) rel = "sufficient but not necessary";
  else if (necessary) rel = "necessary but not sufficient";
  else rel = "neither necessary nor sufficient";
  if (!necessary) {
    res.verdict = Verdict::fails;
    res.reason = "(4.4) is not necessary: " + std::to_string(desc_not44) +
                 " grid points decrease h while (4.4) is false (smallest |rho| " +
                 detail::short_num(to_double(first_counter), 6) + "); on this instance (4.4) is " + rel;
  } else if (ndesc == 0) {
    // No rho decreases h: necessity cannot be contradicted here, but it is not
    // tested either. A vacuous truth is no evidence for the claim.
    res.verdict = Verdict::inconclusive;
    res.reason = "vacuous: no grid point decreases h beyond round-off, so necessity of (4.4) cannot "
                 "be tested on this instance; (4.4) is " + rel;
  } else {
    res.verdict = Verdict::holds;
    res.reason = "every grid point that decreases h satisfies (4.4); (4.4) is " + rel;
  }
  res.reason += "; quartic expansion of h(Xcheck) - h(Xhat): " + std::string(to_string(jexp.verdict)) + " (" +
                jexp.reason + ")";
  res.digits = jexp.digits;
  res.key_number = (!necessary ? std::string("not necessary: ") : ndesc == 0 ? std::string("vacuous: ") : std::string("")) + rel;
  using detail::measured;
  using detail::measured_count;
  using detail::measured_text;
  res.measured.push_back(measured_text("relation of (4.4) to descent", rel));
  res.measured.push_back(measured_count("grid points: descent and (4.4)", desc_and_44));
  res.measured.push_back(measured_count("grid points: descent, not (4.4)", desc_not44));
  res.measured.push_back(measured_count("grid points: no descent, (4.4)", nodesc_44));
  res.measured.push_back(measured_count("grid points: no descent, not (4.4)", nodesc_not44));
  res.measured.push_back(measured_count("grid points: undecided (|dh| <= round-off)", undecided));
  res.measured.push_back(measured("grid half-width", R));
  res.measured.push_back(measured("delta (SPEC 2.1 bound)", delta));
  res.measured.push_back(measured("isometry lambda_min", c.iso.lambda_min));
  res.measured.push_back(measured("isometry lambda_max", c.iso.lambda_max));
  res.measured.push_back(measured("lambda_n", lambda));
  res.measured.push_back(measured("sigma_r", sigma));
  res.measured.push_back(measured("<E, u_n u_n^T>", EQ));
  res.measured.push_back(measured("||A(v u^T + u v^T)||^2", APsq));
  res.measured.push_back(measured("||A(u u^T)||^2", AQsq));
  res.measured.push_back(measured("EFS = NCM + AIC", T(ncm + aic)));
  // 2 (h(Xcheck) - h(Xhat)) = rho^2 g_exact(rho) exactly (the quartic
  // identity below), so these two lines hold for every rho, not just the grid.
  // A discriminant within round-off of 0 (basic: exactly 0, EFS = 1) only
  // admits the double root, i.e. no open interval of descent.
  auto classify = [](const T& d, const T& scale) -> std::string {
    const T b = tolerance<T>::bound(16, 20, scale > 0 ? scale : T(1));
    if (d > b) return "yes";
    if (d < -b) return "no";
    return "borderline: discriminant is 0 to round-off (double root, no open interval)";
  };
  const T se = T(4) * sigma * sigma * EQ * EQ + T(4) * AQsq * (sigma * sigma * APsq + T(2) * abs(lambda));
  const T s44 = T(4) * sigma * sigma * EQ * EQ +
                T(4) * (T(1) + delta) * (T(2) * sigma * sigma * (T(1) + delta) + T(2) * abs(lambda));
  res.measured.push_back(measured_text("some rho decreases h (exact quadratic has real roots)", classify(disc_e, se)));
  res.measured.push_back(measured_text("(4.4) has a solution (Delta > 0)", classify(disc44, s44)));
  res.measured.push_back(measured("discriminant of exact descent quadratic", disc_e,
                                  classify(disc_e, se).rfind("borderline", 0) == 0 ? MeasureKind::residual
                                                                                    : MeasureKind::value));
  res.measured.push_back(measured("Delta of (4.4)", disc44,
                                  classify(disc44, s44).rfind("borderline", 0) == 0 ? MeasureKind::residual
                                                                                    : MeasureKind::value));
  if (classify(disc_e, se) == "yes") {
    res.measured.push_back(measured("exact descent root 1", re1));
    res.measured.push_back(measured("exact descent root 2", re2));
  }
  if (classify(disc44, s44) == "yes") {
    res.measured.push_back(measured("rho_1 (4.6)", r441));
    res.measured.push_back(measured("rho_2 (4.6)", r442));
  }
  res.measured.push_back(measured("max over grid of dh - rho^2/2 * LHS(4.4) (<= 0 if delta valid)", worst_upper));
  res.measured.push_back(measured_text("quartic expansion identity", to_string(jexp.verdict)));
  res.series.push_back(grid);
  PlotSpec plot;
  plot.stem = "prop4.2-" + file_stem(c.instance.name);
  plot.kind = PlotKind::versus_reference;
  plot.title = "Prop. 4.2 on " + c.instance.name + ": exact decrease vs (4.4)";
  plot.xlabel = "rho";
  plot.ylabel = "h(Xhat + rho u q^T) - h(Xhat)";
  plot.lines = {l_exact, l_bound};
  plot.reference = 0.0;
  plot.reference_label = "0 (descent below)";
  res.plots.push_back(plot);
  return res;
}

// ---------------------------------------------------------------------------
template <class T>
std::vector<RegisteredCheck<T>> foundation_checks() {
  std::vector<RegisteredCheck<T>> v;
  v.push_back({"orth-un-vr", [](const Context<T>& c) { return check_orth_un_vr(c); }});
  v.push_back({"orth-ab", [](const Context<T>& c) { return check_orth_ab(c); }});
  v.push_back({"basis-independent", [](const Context<T>& c) { return check_basis_independent(c); }});
  for (const auto& row : table2_rows())
    v.push_back({"table2." + row, [row](const Context<T>& c) { return check_table2_row(c, row); }});
  v.push_back({"prop4.2", [](const Context<T>& c) { return check_prop4_2(c); }});
  return v;
}

template <class T>
std::vector<RegisteredCheck<T>> all_checks() {
  // Module checks (closed form, lifting, in-S simulation) are appended here.
  auto v = foundation_checks<T>();
  for (auto& ch : closed_form_checks<T>()) v.push_back(std::move(ch));
  for (auto& ch : lifted_checks<T>()) v.push_back(std::move(ch));
  return v;
}

template <class T>
Context<T> make_context(const InstanceSpec& spec, const ValidateOptions& opt) {
  Context<T> c;
  c.instance = make_instance<T>(spec);
  c.scalar = scalar_name<T>::value;
  c.options = opt;
  c.cp = refine_critical_point(c.instance.problem, c.instance.start);
  // The harness reports the certification itself (basic is a second_order_saddle,
  // which the paper calls a local minimum); SOD quantities need only lambda_n < 0.
  require_spurious(c.cp, /*allow_second_order=*/true);
  c.sod = sod_ingredients(c.instance.problem, c.cp.X, +1);
  c.iso = isometry_bound(c.instance.problem);
  return c;
}

namespace detail {
inline bool selected(const std::string& id, const std::vector<std::string>& only) {
  if (only.empty()) return true;
  for (const auto& o : only)
    if (id == o || (id.size() > o.size() && id.compare(0, o.size(), o) == 0 && id[o.size()] == '.')) return true;
  return false;
}
}  // namespace detail

template <class T>
std::vector<ClaimResult> run_checks(const std::vector<InstanceSpec>& instances, const ValidateOptions& opt,
                                    const std::vector<std::string>& only,
                                    const std::function<void(const std::string&)>& progress) {
  std::vector<ClaimResult> out;
  const auto checks = all_checks<T>();
  for (const auto& o : only) {
    bool any = false;
    for (const auto& ch : checks) any = any || detail::selected(ch.claim_id, {o});
    if (!any) throw input_error("--only: no claim matches '" + o + "' (ids are listed in report.md)");
  }
  for (const auto& spec : instances) {
    // The instance's own name ("pmc(4,0.3)") labels results even when its
    // point fails to certify; building it twice is cheap next to refinement.
    const std::string label0 = make_instance<T>(spec).name;
    std::string label = label0;
    Context<T> ctx;
    std::string context_error;
    if (progress) progress("instance " + label + ": refining and certifying the critical point");
    try {
      ctx = make_context<T>(spec, opt);
      label = ctx.instance.name;
    } catch (const precondition_error& e) {
      context_error = e.what();
      if (progress) progress("instance " + label + ": " + context_error);
    }
    for (const auto& ch : checks) {
      if (!detail::selected(ch.claim_id, only)) continue;
      ClaimResult r;
      if (!context_error.empty()) {
        r.verdict = Verdict::inconclusive;
        r.reason = "precondition not met: " + context_error;
        r.key_number = "precondition not met";
      } else {
        if (progress) progress("instance " + label + ": " + ch.claim_id);
        try {
          r = ch.run(ctx);
        } catch (const precondition_error& e) {
          r = ClaimResult{};
          r.verdict = Verdict::inconclusive;
          r.reason = std::string("precondition not met: ") + e.what();
          r.key_number = "precondition not met";
        }
      }
      r.id = ch.claim_id;
      r.instance = label;
      r.precision = scalar_name<T>::value;
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace sodlift::validate
