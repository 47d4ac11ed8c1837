// thm5.5's proof note (thm55_proof.hpp).
#include "sodlift/validate/thm55_proof.hpp"

namespace sodlift::validate {

bool thm55_vacuous_case(const Thm55ProofCounts& k) {
  return k.verdict == Verdict::inconclusive && k.points > 0 && k.higher > 0 && !k.cond517;
}

ProofNote thm55_proof_note(const Thm55ProofCounts& k, const proof::Cond517Proof& c517) {
  ProofNote pn;
  if (k.enclosed <= 0) return pn;
  const auto in = [](const proof::Enclosure& e) { return e.computed ? e.ball : std::string("(not computed)"); };
  std::string unproved = k.unproved;
  pn.attempted = true;
  pn.method = "h(Xcheck) - h(X*) in Arb ball arithmetic (512 bits), Xcheck the computed point as exact, X* the "
              "critical point proved near Xhat (Krawczyk), data as exact numbers";
  pn.enclosure = k.enclosures;
  const long decided = k.points - k.not_representable;
  if (k.verdict == Verdict::holds) {
    pn.statement = "every computed escape point has h(Xcheck) < h(X*)";
    pn.proved = k.enclosed == decided && k.proved_lower == decided;
  } else if (k.verdict == Verdict::fails) {
    pn.statement = "some computed escape point has h(Xcheck) > h(X*)";
    pn.proved = k.proved_higher > 0;
  } else if (thm55_vacuous_case(k)) {
    // The INCONCLUSIVE rests on exactly two things: (5.17), a hypothesis
    // of Thm 5.5, fails (so the theorem claims nothing here), and not every
    // escape point is lower (else the verdict would be HOLDS). Both are
    // proved when cond-5.17's failure is proved at X* and one escape point
    // is proved higher.
    pn.statement = "hypothesis (5.17) proved false at X* (cond-5.17's enclosure), so the theorem is vacuous here; "
                   "and some computed escape point is proved higher (h(Xcheck) > h(X*)), so the verdict is not HOLDS";
    const bool vacuous = c517.ok && c517.cond_517 == -1;
    pn.proved = vacuous && k.proved_higher > 0;
    if (c517.ok)
      pn.enclosure = "(5.17): dist2 - lower in " + in(c517.margin_lower) + ", upper - dist2 in " +
                     in(c517.margin_upper) + "; h(Xcheck) - h(X*): " + pn.enclosure;
    if (!vacuous)
      unproved += (unproved.empty() ? "" : "; ") + std::string("(5.17)'s failure not proved (") +
                  (c517.ok ? (c517.cond_517 == 1 ? "(5.17) is proved to hold at X*" : "a margin contains 0")
                           : c517.reason.empty() ? "rank >= 2" : c517.reason) +
                  ")";
  } else {
    pn.statement = "the verdict is INCONCLUSIVE; the signs below are proved where the enclosure excludes 0";
  }
  pn.detail = std::to_string(k.proved_lower) + " proved lower, " + std::to_string(k.proved_higher) +
              " proved higher, of " + std::to_string(k.enclosed) + " enclosed" +
              (unproved.empty() ? "" : "; not proved: " + unproved);
  return pn;
}

}  // namespace sodlift::validate
