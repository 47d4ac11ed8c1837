// §5.2.1 and §5.3.1: the sub-terms H_3, H_2 (H_4) of the lifted gradient at
// the first TPGD step and H_1^1, H_2^1 at step t + 1, each by explicit
// contraction against the printed tensor.
#pragma once

#include "claims/support/lifting.hpp"

namespace sodlift::validate {

// ---------------------------------------------------------------------------
// H3-5.2: (b, R0) at c = (1, rho, 0) vs rho lambda_n^l b.
template <class T>
ClaimResult check_H3_5_2(const Context<T>& c, const LiftedCheckOptions& o) {
  using namespace lchk;
  const auto& s = c.sod;
  ClaimResult res;
  auto body = [&](int l, const lifted::LiftedProblem<T>& L, const lifted::SubspaceBasis<T>& S,
                  IdentityTally& tally) {
    const Mat<T> uq = s.u_n * s.q_r.transpose();
    const lifted::DenseTensor<T> b_printed = lifted::lift_matrix(uq, l);
    // Residual of the lifted problem at a in the paper's own form
    // (A(XX^T) - b)^{(x)l}, contracted explicitly: locates the step.
    const Vec<T> r1 =
        c.instance.problem.measure(Mat<T>(s.Xhat * s.Xhat.transpose())) - c.instance.problem.b();
    for (const std::string rs : {"1e-1", "1e-3"}) {
      const T rho = from_string<T>(rs);
      const auto st = lifted::tpgd_subterms(L, S, T(1), rho, T(0));
      const lifted::DenseTensor<T>& ex = st.terms[1];  // H_1^1 slot = (b, R0)
      const lifted::DenseTensor<T> printed =
          lifted::scaled(T(rho * int_pow(s.lambda_n, l) * (T(1) + T(o.perturb_printed))),
                         b_printed);  // H_3 (§5.2.1)
      // R0 = y(a,a) - b^{(x)l}: cancellation amplifies round-off by (|y|+|b|)/|R0|.
      const T r0n = lifted::norm(st.pieces[0]);
      const T bl = lifted::norm(L.b_lifted());
      const T amp = r0n > 0 ? T((r0n + T(2) * bl) / r0n) : T(1);
      const T bound = contraction_bound(L, amp);
      const std::string lab = Lname(l) + "rho=" + rs + ": ";
      const auto j = judge_tensor_identity(res, lab, ex, printed, bound);
      if (j.verdict != Verdict::holds) append_decomposition(res, lab + "explicit (b,R0): ", S, ex);
      // Same contraction with the paper's residual (A(XX^T) - b)^{(x)l}.
      const lifted::DenseTensor<T> paper_form =
          lifted::scaled(rho, L.apply(lifted::lift_vector(r1, l), S.b));
      lifted::DenseTensor<T> d = paper_form;
      lifted::axpy(T(-1), printed, d);
      res.measured.push_back(
          measured(lab + "paper-form residual (A(XX^T)-b)^(x)l contracted vs printed (relative)",
                   T(lifted::norm(d) / lifted::norm(printed)), MeasureKind::residual));
      tally.add(j, l, rs == "1e-1");
    }
  };
  finish_identity_claim(
      res, tally_over_orders(c, o, res, body),
      ". Located: H_3 replaces the lifted residual A(XX^T)^(x)l - b^(x)l by (A(XX^T) - b)^(x)l "
      "(x^l - y^l != (x - y)^l for l >= 3); with the paper's residual form the contraction "
      "reproduces the printed H_3 (see 'paper-form' rows)");
  return res;
}

// ---------------------------------------------------------------------------
// H2-5.2: (a,R_ab) + (a,R_bb) vs rho sigma_r^l 2^(1-l) c + rho^2 vec(A*A(uu^T) Xhat)^{(x)l};
// H_4 reported beside it.
template <class T>
ClaimResult check_H2_5_2(const Context<T>& c, const LiftedCheckOptions& o) {
  using namespace lchk;
  const auto& s = c.sod;
  const auto& P = c.instance.problem;
  ClaimResult res;
  auto body = [&](int l, const lifted::LiftedProblem<T>& L, const lifted::SubspaceBasis<T>& S,
                  IdentityTally& tally) {
    const Mat<T> uu = s.u_n * s.u_n.transpose();
    // sum_i <A_i, u u^T> A_i, summed here from the A_i (the printed matrix).
    Mat<T> Auu = Mat<T>::Zero(P.n(), P.n());
    for (const auto& Ai : P.A()) Auu += detail::frob(Ai, uu) * Ai;
    const Mat<T> uq = s.u_n * s.q_r.transpose();
    const T coef = int_pow(s.sigma_r, l) / int_pow(T(2), l - 1);  // sigma_r^l 2^(1-l)
    const T pert = T(1) + T(o.perturb_printed);
    const auto cE = lifted::lift_matrix(Mat<T>(s.E * s.Xhat), l);
    const auto cA = lifted::lift_matrix(Mat<T>(Auu * s.Xhat), l);
    const auto e4 = lifted::lift_matrix(Mat<T>(s.E * uq), l);
    const auto a4 = lifted::lift_matrix(Mat<T>(Auu * uq), l);
    for (const std::string rs : {"1e-1", "1e-3"}) {
      const T rho = from_string<T>(rs);
      const auto st = lifted::tpgd_subterms(L, S, T(1), rho, T(0));
      lifted::DenseTensor<T> ex = st.terms[3];                                    // (a, R_ab)
      lifted::axpy(T(1), st.terms[4], ex);                                        // + (a, R_bb)
      lifted::DenseTensor<T> printed = lifted::scaled(T(rho * coef * pert), cE);  // H_2 (§5.2.1)
      lifted::axpy(T(rho * rho * pert), cA, printed);
      const std::string lab = Lname(l) + "rho=" + rs + ": H_2: ";
      tally.add(judge_tensor_identity(res, lab, ex, printed, contraction_bound(L, T(1))), l,
                rs == "1e-1");
      // H_4 (reported, not judged): (b, R_ab) + (b, R_bb) vs its printed form.
      lifted::DenseTensor<T> ex4 = st.terms[5];
      lifted::axpy(T(1), st.terms[6], ex4);
      lifted::DenseTensor<T> pr4 = lifted::scaled(T(rho * rho * coef), e4);
      lifted::axpy(T(rho * rho * rho), a4, pr4);
      lifted::DenseTensor<T> d4 = ex4;
      lifted::axpy(T(-1), pr4, d4);
      const T n4 = lifted::norm(ex4);
      res.measured.push_back(measured(Lname(l) + "rho=" + rs + ": H_4: ||explicit||", n4));
      res.measured.push_back(measured(Lname(l) + "rho=" + rs + ": H_4: relative error vs printed",
                                      n4 > 0 ? T(lifted::norm(d4) / n4) : lifted::norm(d4),
                                      MeasureKind::residual));
    }
  };
  finish_identity_claim(res, tally_over_orders(c, o, res, body), "");
  return res;
}

// ---------------------------------------------------------------------------
// §5.3 sub-terms at the (5.8) point w~(t) = a + beta~ b + gamma~ c.
template <class T>
ClaimResult check_H_5_3(const Context<T>& c, const LiftedCheckOptions& o, bool h11) {
  using namespace lchk;
  const auto& s = c.sod;
  ClaimResult res;
  const T rho = from_string<T>("1e-1"), eta = from_string<T>("1e-1");
  auto body = [&](int l, const lifted::LiftedProblem<T>& L, const lifted::SubspaceBasis<T>& S,
                  IdentityTally& tally) {
    const T pert = T(1) + T(o.perturb_printed);
    const auto b_pr = lifted::lift_matrix(Mat<T>(s.u_n * s.q_r.transpose()), l);
    const auto c_pr = lifted::lift_matrix(Mat<T>(s.E * s.Xhat), l);
    for (long long t : {1LL, 5LL, 20LL}) {
      const auto k = tpgd_coefficients(l, rho, eta, t, s.lambda_n, s.sigma_r);  // (5.8)
      const auto st = lifted::tpgd_subterms(L, S, T(1), k.beta, k.gamma);
      const std::string lab = Lname(l) + "t=" + std::to_string(t) + ": ";
      IdentityJudgement j;
      if (h11) {
        const auto printed =
            lifted::scaled(T(k.beta * int_pow(s.lambda_n, l) * pert), b_pr);  // H_1^1 (§5.3.1)
        const T r0n = lifted::norm(st.pieces[0]);
        const T bl = lifted::norm(L.b_lifted());
        const T amp = r0n > 0 ? T((r0n + T(2) * bl) / r0n) : T(1);
        j = judge_tensor_identity(res, lab, st.terms[1], printed, contraction_bound(L, amp));
        if (j.verdict != Verdict::holds && t == 1)
          append_decomposition(res, lab + "explicit (b,R0): ", S, st.terms[1]);
      } else {
        const auto printed = lifted::scaled(
            T(k.beta * int_pow(s.sigma_r, l) / int_pow(T(2), l - 1) * pert), c_pr);  // H_2^1
        j = judge_tensor_identity(res, lab, st.terms[3], printed, contraction_bound(L, T(1)));
      }
      res.measured.push_back(measured(lab + "beta~(t)", k.beta));
      res.measured.push_back(measured(lab + "gamma~(t)", k.gamma));
      tally.add(j, l, t == 1);
    }
  };
  finish_identity_claim(res, tally_over_orders(c, o, res, body),
                        h11 ? ". Same step as H3-5.2: the lifted residual A(XX^T)^(x)l - b^(x)l is "
                              "written as (A(XX^T) - b)^(x)l"
                            : "",
                        " (rho = eta = 0.1, t = 1, 5, 20)");
  return res;
}
template <class T>
ClaimResult check_H11_5_3(const Context<T>& c, const LiftedCheckOptions& o) {
  return check_H_5_3(c, o, true);
}
template <class T>
ClaimResult check_H21_5_3(const Context<T>& c, const LiftedCheckOptions& o) {
  return check_H_5_3(c, o, false);
}

// ---- Registration (report order: rank) ------------------------------------
SODLIFT_CLAIMS(s5_2_h_terms) {
  const std::string lift_tol =
      "explicit contraction round-off 64 * (l m N^2) * eps, times the cancellation "
      "(|y|+2|b^(x)l|)/|R0| of the "
      "residual where it enters; FAILS above 1e3 x that bound";
  r.per_instance(160,
                 {"H3-5.2", "§5.2.1, sub-term H_3",
                  "At t = 0 (w = a + rho b) the part of the lifted gradient that acts on rho b "
                  "through the residual at "
                  "Xhat equals rho lambda_n^l b.",
                  "explicit sub-term (b, R0) = sum_I (y_I(a,a) - b^(x)l_I) K_I (rho b) "
                  "(lifted::tpgd_subterms, explicit "
                  "contraction) vs rho lambda_n^l vec(u_n q_r^T)^(x)l built by lift_matrix; "
                  "relative error in tensor norm "
                  "at rho = 0.1 and 1e-3; the same contraction with the paper's residual form "
                  "(A(XX^T) - b)^(x)l is "
                  "reported to locate the step; too large to lift -> INCONCLUSIVE",
                  lift_tol},
                 [](const Context<T>& c) { return check_H3_5_2(c); });
  r.per_instance(
      170,
      {"H2-5.2", "§5.2.1, sub-term H_2 (and H_4)",
       "At t = 0 the part of the lifted gradient acting on a through the rho-dependent residual "
       "equals "
       "rho sigma_r^l 2^(1-l) c + rho^2 vec(A*A(u u^T) Xhat)^(x)l.",
       "explicit (a, R_ab) + (a, R_bb) vs the printed tensor (lift_matrix of E Xhat and of "
       "sum_i <A_i, uu^T> A_i Xhat); H_4 = (b,R_ab) + (b,R_bb) vs its printed form is reported, "
       "not judged",
       lift_tol},
      [](const Context<T>& c) { return check_H2_5_2(c); });
  r.per_instance(
      180,
      {"H11-5.3", "§5.3.1, sub-term H_1^1",
       "At the (5.8) point w~(t), t >= 1, the residual part acting on beta~ b equals beta~ "
       "lambda_n^l b.",
       "explicit (b, R0) at c = (1, beta~(t), gamma~(t)) for t = 1, 5, 20 (rho = eta = 0.1) vs "
       "beta~ lambda_n^l vec(u_n q_r^T)^(x)l",
       lift_tol},
      [](const Context<T>& c) { return check_H11_5_3(c); });
  r.per_instance(190,
                 {"H21-5.3", "§5.3.1, sub-term H_2^1",
                  "At w~(t), t >= 1, the part acting on a through the beta-linear residual equals "
                  "beta~ sigma_r^l 2^(1-l) c.",
                  "explicit (a, R_ab) at c = (1, beta~(t), gamma~(t)) for t = 1, 5, 20 vs beta~ "
                  "sigma_r^l 2^(1-l) "
                  "vec(E Xhat)^(x)l",
                  lift_tol},
                 [](const Context<T>& c) { return check_H21_5_3(c); });
  // Issue 20: --quick checks the lifting orders of ValidateOptions::quick().
  for (const char* id : {"H3-5.2", "H2-5.2", "H11-5.3", "H21-5.3"})
    r.reduced_in_quick(id, {{"l =", values_text(ValidateOptions::quick().lifting_orders), values_text(ValidateOptions::full_run().lifting_orders)}}, "l = 5, 7 (validate --full)");
}

// Checks the tests call directly, compiled once per scalar.
template ClaimResult check_H3_5_2(const Context<SODLIFT_SCALAR>&, const LiftedCheckOptions&);
template ClaimResult check_H2_5_2(const Context<SODLIFT_SCALAR>&, const LiftedCheckOptions&);
template ClaimResult check_H11_5_3(const Context<SODLIFT_SCALAR>&, const LiftedCheckOptions&);
template ClaimResult check_H21_5_3(const Context<SODLIFT_SCALAR>&, const LiftedCheckOptions&);

}  // namespace sodlift::validate
