// Table 2 (§4.2, proof of Prop. 4.2): each row's simplified expression
// against the defining inner products of the S/T expansion, one claim per row.
#pragma once

#include "claims/support/measure.hpp"

namespace sodlift::validate {

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
    const auto j = judge_identity(detail::ratio(err, scale), detail::ratio(bound, scale),
                                  detail::digits_cap<T>());
    verdict = worst(verdict, j.verdict);
    digits = std::min(digits, j.digits);
    reason += (reason.empty() ? "" : "; ") + ("rho=" + rs + ": " + j.reason);
    const bool zero_row = (rhs == 0);
    const std::string L = "rho=" + rs + ": ";
    res.measured.push_back(detail::measured(L + "explicit", lhs,
                                            zero_row ? MeasureKind::residual : MeasureKind::value));
    res.measured.push_back(
        detail::measured(L + "table", rhs, zero_row ? MeasureKind::exact : MeasureKind::value));
    if (has_middle)
      res.measured.push_back(
          detail::measured(L + "table (middle expression)", middle,
                           zero_row ? MeasureKind::residual : MeasureKind::value));
    res.measured.push_back(
        detail::measured(L + "relative error", T(err / scale), MeasureKind::residual));
    res.measured.push_back(detail::measured(L + "round-off bound (relative)", T(bound / scale),
                                            MeasureKind::residual));
  }
  res.verdict = verdict;
  res.reason = reason;
  res.digits = digits;
  res.key_number = detail::short_num(digits, 3) + " digits";
  return res;
}

// ---- Registration (report order: rank) ------------------------------------
SODLIFT_CLAIMS(s4_table2) {
  const std::string id_tol = detail::identity_tolerance_text();
  for (const auto& row : table2_rows()) {
    r.per_instance(
        40,
        {"table2." + row, "Table 2, row " + row + " (proof of Prop. 4.2)",
         "The simplified expression printed for row " + row +
             " equals the defining inner products of the S/T expansion.",
         "defining inner products evaluated with A*A from Xhat, u_n, q_r (the cross "
         "term as Xhat q_r u_n^T + u_n q_r^T Xhat^T) at each rho of the run vs the "
         "table's expression, relative to the norm products |x||y| of the inner products "
         "involved (the round-off scale; rows that vanish structurally have no other)",
         id_tol},
        [row](const Context<T>& c) { return check_table2_row(c, row); });
  }
  // Issue 20: --quick checks the rows at fewer rho (ValidateOptions).
  for (const auto& row : table2_rows())
    r.reduced_in_quick("table2." + row,
                       {{"rho =", values_text(ValidateOptions::quick().rho_values),
                         values_text(ValidateOptions::full_run().rho_values)}},
                       "the other rho of --full");
}

// Checks the tests call directly, compiled once per scalar.
template ClaimResult check_table2_row(const Context<SODLIFT_SCALAR>&, const std::string&);

}  // namespace sodlift::validate
