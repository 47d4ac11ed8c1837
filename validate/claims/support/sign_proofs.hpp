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

// basis-independent: the scaled Gram matrix of a, b, c at X*, for each l.
// HOLDS is proved when lambda_min(scaled Gram) > 0 is proved at every l;
// FAILS asserts an exact singularity (c = kappa b), an equality that a ball
// cannot prove: not proved, the enclosure (containing 0) is reported.
template <class T>
void attach_basis_proof(const Context<T>& c, ClaimResult& res, const std::vector<int>& ls) {
  using namespace sign_proof_detail;
  ProofNote& p = res.proof;
  p.attempted = true;
  const bool holds = res.verdict == Verdict::holds;
  p.statement = holds ? "a, b, c linearly independent at X*: lambda_min(scaled Gram) > 0 for every l"
                      : "the scaled Gram matrix of a, b, c is singular at X*";
  proof::ExactData data;
  std::vector<std::string> center;
  if (!exact_inputs_or_note(c, p, data, center)) return;
  const proof::BasisIndependenceProof pr = proof::prove_basis_independent(data, center, ls);
  p.method = pr.method;
  const std::string equality =
      "FAILS asserts an exact singularity (c = kappa b), an equality that an enclosure cannot prove (it can only "
      "contain 0)";
  if (!pr.ok) {
    note_not_proved(res, pr.reason + (res.verdict == Verdict::fails ? "; besides, " + equality : std::string()));
    return;
  }
  int pos = 0;
  std::string enc = "<x_a,x_b> in " + in(pr.g_ab) + "; <x_a,x_c> in " + in(pr.g_ac) + "; <x_b,x_c> in " +
                    in(pr.g_bc),
              det = "Krawczyk box radius " + pr.radius;
  for (const auto& L : pr.levels) {
    const std::string ln = "l=" + std::to_string(L.l);
    enc += "; " + ln + ": lambda_min(scaled Gram) in " + in(L.lambda_min);
    det += "; " + ln + ": lambda_min in " +
           (L.lambda_min.computed ? "[" + L.lambda_min.lower + ", " + L.lambda_min.upper + "]"
                                  : std::string("(not enclosed)"));
    pos += L.margin.sign > 0;
  }
  p.enclosure = enc;
  if (holds) {
    p.proved = pos == static_cast<int>(pr.levels.size()) && !pr.levels.empty();
    p.detail = det;
  } else {
    p.detail = det + "; not proved: " +
               (res.verdict == Verdict::fails ? equality : std::string("an INCONCLUSIVE is not a sign"));
  }
  measured_outcome(res, p.proved);
}

// prop5.4-closed: one endpoint the claim compared with the dominance at
// integer t on both sides (kind 0: U_beta's left end, b vs a; 1: U_beta's
// right end, b vs c; 2: U_gamma's left end, c vs a and b).
struct DominanceEndpoint {
  int l = 0;
  int kind = 0;
  long long lo = 0, hi = 0;
};

namespace sign_proof_detail {
inline proof::Enclosure exact_integer(long long k) {
  proof::Enclosure e;
  e.computed = true;
  e.ball = std::to_string(k);
  return e;
}
}  // namespace sign_proof_detail

// prop5.4-closed over the Krawczyk box of X* (rank 1, rho = eta = 0.1):
// HOLDS is proved when, at every l, K < 1 (U_gamma non-empty; its left end is
// max(..., U_beta's right end) by (U_gamma), so sup U_beta <= inf U_gamma by
// construction) and at every endpoint e the claim checked: lo < e < hi and
// the dominance before/after it (the (5.8) term norms at t = lo and t = hi,
// log10 differences) are proved with strict signs. FAILS is proved when some
// l has K > 1 proved (U_gamma empty).
template <class T>
void attach_prop5_4_closed_proof(const Context<T>& c, ClaimResult& res, const std::vector<int>& ls,
                                 const std::vector<DominanceEndpoint>& ends) {
  using namespace sign_proof_detail;
  using proof::difference;
  ProofNote& p = res.proof;
  p.attempted = true;
  const bool holds = res.verdict == Verdict::holds;
  p.statement = holds ? "at X*: K < 1 for every l, and each endpoint lies strictly between the integers at which "
                        "the dominance of (5.8)'s terms is proved to switch"
                      : "at X*: K > 1 for some l, so U_gamma is empty (K = 1 exactly would be a boundary)";
  proof::ExactData data;
  std::vector<std::string> center;
  if (!exact_inputs_or_note(c, p, data, center)) return;
  std::string enc, det, why;
  int k_lt1 = 0, k_gt1 = 0, ends_ok = 0;
  for (int l : ls) {
    const proof::ClosedFormProof cf = proof::enclose_closed_form(data, center, l, "0.1", "0.1", 1);
    p.method = cf.method;
    if (!cf.ok) {
      note_not_proved(res, cf.reason);
      return;
    }
    if (det.empty()) det = "Krawczyk box radius " + cf.radius;
    const std::string L = "l=" + std::to_string(l);
    enc += (enc.empty() ? "" : "; ") + L + ": ln K in " + in(cf.log_K);
    k_lt1 += cf.log_K.sign < 0;
    k_gt1 += cf.log_K.sign > 0;
    if (cf.log_K.sign == 0) why += (why.empty() ? "" : "; ") + L + ": the sign of ln K is not resolved";
  }
  if (holds) {
    static const char* names[3] = {"U_beta left end (b vs a)", "U_beta right end (b vs c)",
                                   "U_gamma left end (c vs a, b)"};
    for (const auto& e : ends) {
      const proof::ClosedFormProof lo = proof::enclose_closed_form(data, center, e.l, "0.1", "0.1", e.lo);
      const proof::ClosedFormProof hi = proof::enclose_closed_form(data, center, e.l, "0.1", "0.1", e.hi);
      const std::string L = "l=" + std::to_string(e.l) + " " + names[e.kind];
      if (!lo.ok || !hi.ok) {
        why += (why.empty() ? "" : "; ") + L + ": not enclosed";
        continue;
      }
      const proof::Enclosure& end = e.kind == 0 ? lo.U_beta_lo : e.kind == 1 ? lo.U_beta_hi : lo.U_gamma_lo;
      const auto e_lo = difference(end, exact_integer(e.lo)), hi_e = difference(exact_integer(e.hi), end);
      const auto ba0 = difference(lo.log10_b, lo.log10_a), ba1 = difference(hi.log10_b, hi.log10_a);
      const auto bc0 = difference(lo.log10_b, lo.log10_c), bc1 = difference(hi.log10_b, hi.log10_c);
      const auto ca0 = difference(lo.log10_c, lo.log10_a), ca1 = difference(hi.log10_c, hi.log10_a);
      bool before = false, after = false;
      std::string d;
      if (e.kind == 0) {
        before = ba0.sign < 0, after = ba1.sign > 0;
        d = "log10(b/a) at t=" + std::to_string(e.lo) + " in " + in(ba0) + ", at t=" + std::to_string(e.hi) +
            " in " + in(ba1);
      } else if (e.kind == 1) {
        before = bc0.sign > 0, after = bc1.sign < 0;
        d = "log10(b/c) at t=" + std::to_string(e.lo) + " in " + in(bc0) + ", at t=" + std::to_string(e.hi) +
            " in " + in(bc1);
      } else {
        before = ca0.sign < 0 || bc0.sign > 0, after = ca1.sign > 0 && bc1.sign < 0;
        d = "log10(c/a), log10(b/c) at t=" + std::to_string(e.lo) + " in " + in(ca0) + ", " + in(bc0) +
            "; at t=" + std::to_string(e.hi) + " in " + in(ca1) + ", " + in(bc1);
      }
      const bool inside = e_lo.sign > 0 && hi_e.sign > 0;
      enc += "; " + L + ": endpoint in " + in(end) + "; " + d;
      if (before && after && inside)
        ++ends_ok;
      else
        why += (why.empty() ? "" : "; ") + L + ": " +
               (!inside ? "the endpoint is not proved inside (" + std::to_string(e.lo) + ", " + std::to_string(e.hi) + ")"
                        : std::string("the dominance switch is not proved"));
    }
    p.proved = k_lt1 == static_cast<int>(ls.size()) && ends_ok == static_cast<int>(ends.size());
    det += "; K < 1 proved for " + std::to_string(k_lt1) + " of " + std::to_string(ls.size()) + " l; " +
           std::to_string(ends_ok) + " of " + std::to_string(ends.size()) + " endpoints proved";
  } else if (res.verdict == Verdict::fails) {
    p.proved = k_gt1 > 0;
    det += "; K > 1 proved for " + std::to_string(k_gt1) + " of " + std::to_string(ls.size()) + " l";
    if (!p.proved) why += (why.empty() ? "" : "; ") + std::string("only an empty U_gamma (K > 1) is provable here");
  }
  p.enclosure = enc;
  p.detail = det + (p.proved || why.empty() ? "" : "; not proved: " + why);
  measured_outcome(res, p.proved);
}

// bound-5.14 over the Krawczyk box of X* (rank 1, rho = eta = 0.1). FAILS
// (some l satisfies the printed (5.14) with U_beta empty) is proved when, for
// one of those l, l - 1/log2(Xi-bar) > 0 and U_beta's left end minus its
// right end > 0 (K < 1) are proved. HOLDS when every l of 3..15 is proved
// either not to satisfy (5.14) or to have U_beta non-empty (right end beyond
// left end, or K > 1: U_beta unbounded).
template <class T>
void attach_bound_5_14_proof(const Context<T>& c, ClaimResult& res, const std::vector<int>& failing) {
  using namespace sign_proof_detail;
  ProofNote& p = res.proof;
  p.attempted = true;
  const bool holds = res.verdict == Verdict::holds, fails = res.verdict == Verdict::fails;
  p.statement = fails ? "at X*: some odd l satisfies the printed (5.14) (l > 1/log2 Xi-bar) while U_beta is empty "
                        "at rho = 0.1"
              : holds ? "at X*: every odd l in 3..15 that satisfies the printed (5.14) has a non-empty U_beta"
                      : "Xi-bar <= 1: (5.14) gives no positive bound";
  proof::ExactData data;
  std::vector<std::string> center;
  if (!exact_inputs_or_note(c, p, data, center)) {
    if (!holds && !fails) p.detail += "; Xi-bar = 1 exactly is the boundary of (5.14), which no enclosure can exclude";
    return;
  }
  std::vector<int> ls = failing;
  if (!fails) ls = {3, 5, 7, 9, 11, 13, 15};
  std::string enc, det;
  int ok = 0;
  for (int l : ls) {
    const proof::ClosedFormProof cf = proof::enclose_closed_form(data, center, l, "0.1", "0.1", 1);
    p.method = cf.method;
    if (!cf.ok) {
      note_not_proved(res, cf.reason + (!holds && !fails ? "; Xi-bar = 1 exactly is the boundary of (5.14), which "
                                                           "no enclosure can exclude"
                                                         : ""));
      return;
    }
    if (enc.empty()) {
      enc = "Xi in " + in(cf.Xi) + "; Xi-bar in " + in(cf.xi_bar);
      det = "Krawczyk box radius " + cf.radius + "; 1 - Xi-bar in [" + cf.one_minus_xi_bar.lower + ", " +
            cf.one_minus_xi_bar.upper + "]";
    }
    const std::string L = "l=" + std::to_string(l);
    enc += "; " + L + ": l - 1/log2(Xi-bar) in " + in(cf.l_minus_514) + ", ln K in " + in(cf.log_K) +
           ", U_beta left - right end in " + in(cf.U_beta_gap);
    bool this_ok = false;
    if (fails)
      this_ok = cf.l_minus_514.sign > 0 && cf.U_beta_gap.sign > 0;
    else if (holds)
      this_ok = cf.l_minus_514.sign < 0 || cf.U_beta_gap.sign < 0 || cf.log_K.sign > 0;
    ok += this_ok;
    det += "; " + L + (this_ok ? ": proved" : ": not proved");
  }
  p.enclosure = enc;
  if (!holds && !fails) {
    det += "; not proved: an INCONCLUSIVE is not a sign";
  } else {
    p.proved = fails ? ok > 0 : ok == static_cast<int>(ls.size());
  }
  p.detail = det;
  measured_outcome(res, p.proved);
}

// prop5.3 (literal TPGD, lifted/descent.hpp): the exact iterates of the
// claim's TPGD in S at X* (rank 1, over the Krawczyk box) and each
// h^l(t+1) - h^l(t) enclosed (proof/sign_proofs.hpp, prove_tpgd_descent).
// `classes`: the claim's reading of each step (-1 decrease, +1 increase, 0
// undecided). HOLDS is proved when every difference is proved < 0; FAILS when
// every step the claim counted as an increase is proved > 0. `active`: the
// generators the claim's projection uses (SubspaceBasis::active).
template <class T>
void attach_prop5_3_proof(const Context<T>& c, ClaimResult& res, int l, const std::string& step, int steps,
                          const std::vector<int>& active, const std::vector<int>& classes) {
  using namespace sign_proof_detail;
  ProofNote& p = res.proof;
  p.attempted = true;
  const bool holds = res.verdict == Verdict::holds, fails = res.verdict == Verdict::fails;
  static const char* gname[3] = {"a", "b", "c"};
  std::string span;
  for (int g : active) span += std::string(span.empty() ? "" : ",") + gname[g];
  const std::string what = "the exact TPGD iterates at X* (rho = eta = " + step + ", l = " + std::to_string(l) +
                           ", projection onto span{" + span + "})";
  p.statement = holds ? "h^l decreases at each of the " + std::to_string(steps) + " steps of " + what
                : fails ? "h^l increases at each step the claim counted as an increase, along " + what
                        : "(INCONCLUSIVE: a step within round-off is not a sign)";
  proof::ExactData data;
  std::vector<std::string> center;
  if (!exact_inputs_or_note(c, p, data, center)) return;
  const proof::TpgdDescentProof pr = proof::prove_tpgd_descent(data, center, l, step, step, steps, active);
  p.method = pr.method;
  if (!pr.ok) {
    note_not_proved(res, pr.reason);
    return;
  }
  std::string enc = "h^l(a) in " + in(pr.h_at_a) + "; h^l(t=0) in " + in(pr.h.front());
  int right = 0, wanted = 0;
  std::string why;
  for (std::size_t k = 0; k < pr.dh.size(); ++k) {
    const proof::Enclosure& d = pr.dh[k];
    enc += "; dh(" + std::to_string(k) + "->" + std::to_string(k + 1) + ") in " + in(d);
    const int cl = k < classes.size() ? classes[k] : 0;
    if (holds || (fails && cl > 0)) {
      ++wanted;
      const int want = holds ? -1 : 1;
      if (d.sign == want)
        ++right;
      else
        why += (why.empty() ? "" : ", ") + std::to_string(k) + "->" + std::to_string(k + 1) +
               (d.sign == 0 ? " (contains 0)" : " (opposite sign)");
    }
  }
  p.enclosure = enc;
  std::string det = "Krawczyk box radius " + pr.radius + "; " + std::to_string(right) + " of " +
                    std::to_string(wanted) + " step differences proved on the verdict's side";
  if (active.size() < 3)
    det += "; the claim's projection dropped a generator (its Gram is singular to working precision), so the "
           "proved iterates are those of the projection onto span{" + span + "}; that this is Pi_S needs the "
           "dropped generator in that span exactly, an equality no ball can prove (basis-independent)";
  if (holds || fails) {
    p.proved = wanted > 0 && right == wanted;
    if (!p.proved) det += "; not proved: " + (why.empty() ? std::string("no step to prove") : why);
  } else {
    det += "; not proved: an INCONCLUSIVE is not a sign";
  }
  p.detail = det;
  measured_outcome(res, p.proved);
}

}  // namespace sodlift::validate
