// §1.1-§1.2 and App. C: the instances' points are spurious local minima of h
// (point-certified), and at such a point the eigenvector u_n of the most
// negative eigenvalue of grad f is orthogonal to the left singular vectors of
// Xhat (orth-un-vr), the fact the single-step escape direction rests on.
#pragma once

#include "claims/support/closed_form.hpp"
#include "sodlift/proof/critical_point_proof.hpp"

namespace sodlift::validate {

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
  const T bound =
      (res_level + tolerance<T>::bound(16, n, gf) * sigma1) / (abs(s.lambda_n) * s.sigma_r) +
      tolerance<T>::bound(16, double(n) * r);
  const Vec<T> eig_res = s.gradf * s.u_n - s.lambda_n * s.u_n;
  const auto j = judge_identity(to_double(measured), to_double(bound), detail::digits_cap<T>());
  res.verdict = j.verdict;
  res.reason = j.reason;
  res.digits = j.digits;
  res.key_number = "max abs <u_n,v_phi> <= " + detail::short_num(to_double(measured)) + " (" +
                   detail::short_num(j.digits, 3) + " digits)";
  res.measured.push_back(
      detail::measured("max_phi |<u_n, v_phi>| (upper bound ||Xhat^T u_n||/sigma_r)", measured,
                       MeasureKind::residual));
  res.measured.push_back(detail::measured("round-off bound", bound, MeasureKind::residual));
  res.measured.push_back(detail::measured("<u_n, v_r>", s.un_dot_vr, MeasureKind::residual));
  res.measured.push_back(detail::measured("lambda_n", s.lambda_n));
  res.measured.push_back(detail::measured("sigma_r", s.sigma_r));
  res.measured.push_back(detail::measured("|grad h(Xhat)|", c.cp.grad_norm, MeasureKind::residual));
  res.measured.push_back(
      detail::measured("|grad f u_n - lambda_n u_n|", T(eig_res.norm()), MeasureKind::residual));
  return res;
}

// ---------------------------------------------------------------------------
// The proof behind point-certified (issue 25, docs/proofs.md): the certified
// point is the center of a Krawczyk ball in Arb, the data are the instance's
// exact numbers. HOLDS is proved by proved_strict_local_min with h(X*) > 0;
// FAILS on a saddle by proved_saddle. A degenerate point (basic) has no
// proof either way: the Krawczyk test needs a nonsingular Hessian.
template <class T>
void attach_point_proof(const Context<T>& c, ClaimResult& res) {
  if (c.cp.kind == PointKind::not_converged) return;
  proof::ExactData data;
  try {
    data = proof::exact_data(c.spec);
  } catch (const std::exception&) {
    return;
  }
  if (data.n != c.instance.problem.n()) return;  // a context built without its spec
  std::vector<std::string> center;
  for (Eigen::Index k = 0; k < c.cp.X.size(); ++k) center.push_back(decimal_string(c.cp.X.data()[k]));
  const proof::CriticalPointProof pr = proof::prove_critical_point(data, c.instance.search_rank, center);
  ProofNote& p = res.proof;
  p.attempted = true;
  p.method = pr.method;
  p.enclosure = pr.h_enclosure.empty() ? "" : "h(X*) in " + pr.h_enclosure;
  if (res.verdict == Verdict::holds) {
    p.statement = "X* (unique critical point in the ball) is a strict local minimum with h(X*) > 0";
    p.proved = pr.status == "proved_strict_local_min" && pr.h_positive;
  } else if (res.verdict == Verdict::fails && c.cp.kind == PointKind::saddle) {
    p.statement = "X* (unique critical point in the ball) is a saddle: not a local minimum";
    p.proved = pr.status == "proved_saddle";
  } else {
    p.statement = "the verdict (" + std::string(to_string(res.verdict)) + ", " + to_string(c.cp.kind) +
                  ") has no ball-arithmetic proof: a degenerate Hessian defeats the Krawczyk test";
  }
  std::string d = "proof status " + pr.status;
  if (!pr.reason.empty()) d += " (" + pr.reason + ")";
  if (!pr.radius.empty()) d += "; ball radius " + pr.radius + ", " + pr.gauge;
  if (!pr.lambda_min_lower.empty()) d += "; Hessian eigenvalues >= " + pr.lambda_min_lower + " over the ball";
  if (!pr.negative_curvature_upper.empty())
    d += "; curvature <= " + pr.negative_curvature_upper + " along the computed direction";
  if (!pr.h_lower.empty()) d += "; h(X*) in [" + pr.h_lower + ", " + pr.h_upper + "]";
  p.detail = d;
  res.measured.push_back(detail::measured_text("proof (ball arithmetic)", pr.status));
}

// ---------------------------------------------------------------------------
// point-certified (§1.1, App. C): the point the paper calls a spurious local
// minimum, after refinement and certification (gradient, projected Hessian,
// and for a degenerate point the probe along the flat direction).
template <class T>
ClaimResult check_point_certified(const Context<T>& c) {
  using namespace cf_checks;
  const auto& cp = c.cp;
  ClaimResult res;
  const std::string kind = to_string(cp.kind);
  res.measured.push_back(measured_text("certified kind", kind));
  res.measured.push_back(measured("h(Xhat)", cp.h));
  res.measured.push_back(measured("|grad h(Xhat)|", cp.grad_norm, MeasureKind::residual));
  res.measured.push_back(measured("gradient tolerance", cp.grad_tol, MeasureKind::residual));
  res.measured.push_back(measured("Hessian min eigenvalue (rotations projected out)",
                                  cp.hessian_min_eig,
                                  cp.degenerate ? MeasureKind::residual : MeasureKind::value));
  res.measured.push_back(measured("Hessian PSD tolerance", cp.hessian_tol, MeasureKind::residual));
  res.measured.push_back(measured_text("degenerate (zero Hessian eigenvalue beyond rotations)",
                                       yes_no(cp.degenerate)));
  if (cp.degenerate) {
    res.measured.push_back(measured("probe step along the flat direction", cp.probe_eps));
    res.measured.push_back(measured("probe: min h(X + eps v + w) - h(X)", cp.probe_decrease_plus));
    res.measured.push_back(measured("probe: min h(X - eps v + w) - h(X)", cp.probe_decrease_minus));
    res.measured.push_back(measured("probe round-off level", cp.probe_tol, MeasureKind::residual));
  }
  res.measured.push_back(measured("||Xhat Xhat^T - M*||_F", cp.dist_to_truth));
  res.measured.push_back(measured_text("Xhat (column-major)", [&] {
    std::string s;
    for (Eigen::Index i = 0; i < cp.X.size(); ++i)
      s += (i ? ", " : "") + decimal_string(cp.X.data()[i]);
    return s;
  }()));
  if (!cp.note.empty()) res.measured.push_back(measured_text("certification note", cp.note));
  switch (cp.kind) {
    case PointKind::spurious_local_min:
      res.verdict = Verdict::holds;
      res.reason =
          "certified spurious local minimum: |grad h| = " + short_num(to_double(cp.grad_norm)) +
          " <= " + short_num(to_double(cp.grad_tol)) + ", Hessian min eigenvalue " +
          short_num(to_double(cp.hessian_min_eig), 6) + ", h = " + short_num(to_double(cp.h), 6) +
          " > 0";
      break;
    case PointKind::not_converged:
      res.verdict = Verdict::inconclusive;
      res.reason = "refinement did not reach a gradient at round-off level (|grad h| = " +
                   short_num(to_double(cp.grad_norm)) + ")";
      break;
    default: {
      res.verdict = Verdict::fails;
      std::string why = "the refined point is a " + kind + ", not a local minimum";
      if (cp.degenerate)
        why +=
            ": the Hessian is PSD but singular, and h decreases along the flat direction (probe "
            "step " +
            short_num(to_double(cp.probe_eps)) + ": h changes by " +
            short_num(to_double(cp.probe_decrease_plus)) + " and " +
            short_num(to_double(cp.probe_decrease_minus)) + ", round-off " +
            short_num(to_double(cp.probe_tol)) + ")";
      else if (cp.kind == PointKind::saddle)
        why += ": Hessian eigenvalue " + short_num(to_double(cp.hessian_min_eig)) + " < -" +
               short_num(to_double(cp.hessian_tol));
      res.reason = why;
    }
  }
  res.key_number = kind;
  attach_point_proof(c, res);
  return res;
}

// ---- Registration (report order: rank) ------------------------------------
SODLIFT_CLAIMS(s1_spurious_point) {
  const std::string id_tol = detail::identity_tolerance_text();
  r.per_instance(10,
                 {"orth-un-vr", "§1.2",
                  "At a critical point, the eigenvector of the most negative eigenvalue of grad f "
                  "is orthogonal to every left singular vector of Xhat.",
                  "max_phi |<u_n, v_phi>| bounded by ||Xhat^T u_n|| / sigma_r (exact for r = 1), "
                  "in digits below 1",
                  "(|grad h|/2 + c n eps ||grad f|| sigma_1) / (|lambda_n| sigma_r): first-order "
                  "residual and eigen-solve backward error, both divided by |lambda_n|; " +
                      id_tol},
                 [](const Context<T>& c) { return check_orth_un_vr(c); });
  r.per_instance(
      60,
      {"point-certified", "§1.1, App. C (the spurious local minima)",
       "The instance's point, after refinement, is a spurious local minimum of h.",
       "refinement (GD then Newton in the working precision) and certification: gradient at "
       "round-off, "
       "projected Hessian PSD, h > 0; at a degenerate point, the probe along the flat direction",
       "the certification's own gradient, Hessian and probe tolerances (critical_point.hpp); a "
       "second-order saddle or saddle FAILS, an unconverged point is INCONCLUSIVE"},
      [](const Context<T>& c) { return check_point_certified(c); });
}

// Checks the tests call directly, compiled once per scalar.
template ClaimResult check_orth_un_vr(const Context<SODLIFT_SCALAR>&);

}  // namespace sodlift::validate
