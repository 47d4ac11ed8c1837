// The proofs behind sign verdicts (issue 25 item 4, docs/proofs.md): the
// deciding difference of a claim enclosed in Arb ball arithmetic
// (proof/sign_proofs.hpp), attached to the claim's result as its ProofNote.
// A verdict is proved only when the enclosure excludes the boundary on the
// verdict's side.
#pragma once

#include <string>
#include <vector>

#include "sodlift/proof/sign_proofs.hpp"
#include "sodlift/validate/context.hpp"
#include "claims/support/measure.hpp"

namespace sodlift::validate {

namespace sign_proof_detail {

inline std::string in(const proof::Enclosure& e) { return e.computed ? e.ball : "(not computed)"; }

// The rank-1 critical point's decimals and the exact data; false (with a
// reason) when the context has no exact data or the point is not rank 1.
template <class T>
bool exact_inputs(const Context<T>& c, proof::ExactData& data, std::vector<std::string>& center,
                  std::string& why) {
  if (c.cp.kind == PointKind::not_converged) {
    why = "no converged critical point";
    return false;
  }
  try {
    data = proof::exact_data(c.spec);
  } catch (const std::exception& e) {
    why = std::string("no exact data: ") + e.what();
    return false;
  }
  if (data.n != c.instance.problem.n()) {
    why = "the context was built without its instance spec";
    return false;
  }
  if (c.cp.X.cols() != 1) {
    why = "these proofs are written for rank-1 points (r = 1)";
    return false;
  }
  for (Eigen::Index k = 0; k < c.cp.X.size(); ++k) center.push_back(decimal_string(c.cp.X.data()[k]));
  return true;
}

// exact_inputs for an attach_*_proof: when they are missing, false with
// p.detail = "not attempted: <why>".
template <class T>
bool exact_inputs_or_note(const Context<T>& c, ProofNote& p, proof::ExactData& data, std::vector<std::string>& center) {
  std::string why;
  if (exact_inputs(c, data, center, why)) return true;
  p.detail = "not attempted: " + why;
  return false;
}

// The measured row that reports the proof's outcome.
inline void measured_outcome(ClaimResult& res, bool proved) {
  res.measured.push_back(detail::measured_text("proof (ball arithmetic)", proved ? "proved" : "not proved"));
}

// A proof that did not run to a verdict: its reason in the detail, "not
// proved" in the measured row.
inline void note_not_proved(ClaimResult& res, const std::string& reason) {
  res.proof.detail = "not proved: " + reason;
  measured_outcome(res, false);
}

}  // namespace sign_proof_detail

// cond-5.17: dist2 - base and 2 base - dist2 at X*, delta of the exact data.
template <class T>
void attach_cond_517_proof(const Context<T>& c, ClaimResult& res) {
  using namespace sign_proof_detail;
  ProofNote& p = res.proof;
  p.attempted = true;
  const bool holds = res.verdict == Verdict::holds;
  p.statement = holds ? "(5.17) holds at X* with the exact delta: both margins > 0"
                      : "(5.17) fails at X* with the exact delta: a margin < 0";
  proof::ExactData data;
  std::vector<std::string> center;
  if (!exact_inputs_or_note(c, p, data, center)) return;
  const proof::Cond517Proof pr = proof::prove_cond_517_518(data, center, {});
  p.method = pr.method;
  if (pr.iso.ok) p.enclosure = "delta in " + in(pr.iso.delta);
  if (!pr.ok) {
    note_not_proved(res, pr.reason);
    return;
  }
  p.enclosure += "; ||X*X*^T - M*||^2 in " + in(pr.dist2) + "; lower side in " + in(pr.lower) +
                 "; dist2 - lower in " + in(pr.margin_lower) + "; upper - dist2 in " + in(pr.margin_upper);
  p.proved = (holds && pr.cond_517 == 1) || (res.verdict == Verdict::fails && pr.cond_517 == -1);
  p.detail = "Krawczyk box radius " + pr.radius + " around the certified point; delta in [" + pr.iso.delta.lower +
             ", " + pr.iso.delta.upper + "]; dist2 - lower in [" + pr.margin_lower.lower + ", " +
             pr.margin_lower.upper + "], upper - dist2 in [" + pr.margin_upper.lower + ", " +
             pr.margin_upper.upper + "]";
  measured_outcome(res, p.proved);
}

// cond-5.18: l - 1/den for each order, at X*.
template <class T>
void attach_cond_518_proof(const Context<T>& c, ClaimResult& res, const std::vector<int>& ls) {
  using namespace sign_proof_detail;
  ProofNote& p = res.proof;
  p.attempted = true;
  p.statement = res.verdict == Verdict::holds ? "l > (5.18)'s bound at X* for l = 3, 5, 7, exact delta"
                                               : "l <= (5.18)'s bound at X* for some l in {3, 5, 7}, exact delta";
  proof::ExactData data;
  std::vector<std::string> center;
  if (!exact_inputs_or_note(c, p, data, center)) return;
  const proof::Cond517Proof pr = proof::prove_cond_517_518(data, center, ls);
  p.method = pr.method;
  if (!pr.ok) {
    note_not_proved(res, pr.reason);
    return;
  }
  int pos = 0, neg = 0;
  std::string enc = "delta in " + in(pr.iso.delta), det = "Krawczyk box radius " + pr.radius;
  for (const auto& q : pr.cond_518) {
    enc += "; l=" + std::to_string(q.l) + ": l - bound in " + in(q.margin);
    det += "; l=" + std::to_string(q.l) + ": l - bound in [" + q.margin.lower + ", " + q.margin.upper + "]";
    pos += q.margin.sign > 0;
    neg += q.margin.sign < 0;
  }
  p.enclosure = enc;
  const int N = static_cast<int>(pr.cond_518.size());
  p.proved = (res.verdict == Verdict::holds && pos == N) || (res.verdict == Verdict::fails && neg > 0);
  p.detail = det;
  measured_outcome(res, p.proved);
}

// prop4.2 / thm4.4-det: the descent sets of one step X* + rho u_n q_r at X*.
// Exact set: {rho != 0 : c2 + c3 rho + c4 rho^2 < 0}, empty when c4 > 0 and
// c3^2 - 4 c2 c4 < 0 (proved), non-empty when that discriminant is > 0.
// (4.4)'s set (and (4.6)'s interval): empty when Delta < 0 (EFS < 1).
// Proved verdicts: a vacuous INCONCLUSIVE whose emptiness is proved (for
// every rho, not only the grid); prop4.2 FAILS when a descent exists and
// (4.4) has no solution, both proved.
enum class SingleStepClaim { prop4_2, thm4_4_det };
template <class T>
void attach_single_step_proof(const Context<T>& c, ClaimResult& res, SingleStepClaim claim) {
  using namespace sign_proof_detail;
  ProofNote& p = res.proof;
  p.attempted = true;
  const bool vacuous = res.verdict == Verdict::inconclusive && res.reason.find("vacuous") != std::string::npos;
  p.statement = "one-step descent sets at X*";
  proof::ExactData data;
  std::vector<std::string> center;
  if (!exact_inputs_or_note(c, p, data, center)) return;
  const proof::ClosedFormProof pr = proof::enclose_closed_form(data, center, 0, "0.1", "0.1", 0);
  p.method = pr.method;
  if (!pr.ok) {
    note_not_proved(res, pr.reason);
    return;
  }
  const bool exact_empty = pr.c4.sign > 0 && pr.disc_exact.sign < 0;
  const bool exact_nonempty = pr.c4.sign > 0 && pr.disc_exact.sign > 0;
  const bool set44_empty = pr.disc_44.sign < 0;
  if (claim == SingleStepClaim::thm4_4_det && vacuous) {
    p.statement = "vacuous at X*: EFS < 1 (exact delta), (4.6) has no interval";
    p.proved = set44_empty;
  } else if (claim == SingleStepClaim::prop4_2 && vacuous) {
    p.statement = "vacuous at X*: no rho decreases h in one step, (4.4) has no solution";
    p.proved = exact_empty && set44_empty;
  } else if (claim == SingleStepClaim::prop4_2 && res.verdict == Verdict::fails) {
    p.statement = "at X*, some rho decreases h while (4.4) has no solution";
    p.proved = exact_nonempty && set44_empty;
  } else {
    p.statement += " enclosed; a grid verdict is not proved";
  }
  p.enclosure = "delta in " + in(pr.delta) + "; EFS in " + in(pr.efs) + "; Delta of (4.4) in " + in(pr.disc_44) +
                "; c2 in " + in(pr.c2) + "; c3 in " + in(pr.c3) + "; c4 in " + in(pr.c4) +
                "; c3^2 - 4 c2 c4 in " + in(pr.disc_exact);
  p.detail = "Krawczyk box radius " + pr.radius + "; ||u_n - computed|| <= " + pr.u_error.upper + "; EFS in [" +
             pr.efs.lower + ", " + pr.efs.upper + "]; exact descent set " +
             (exact_empty ? "empty (proved)" : exact_nonempty ? "non-empty (proved)" : "undecided") +
             "; (4.4)'s set " + (set44_empty ? "empty (proved)" : pr.disc_44.sign > 0 ? "non-empty (proved)" : "undecided");
  measured_outcome(res, p.proved);
}

}  // namespace sodlift::validate
