// thm5.5's proof note (issue 25, docs/proofs.md, section thm5.5), as a function of
// what the claim counted and enclosed, so that a test can feed it shifted
// inputs (a (5.17) margin ball containing 0, no escape point proved higher)
// and see that they are not proved. check_thm5_5 (validate/claims/
// s5_6_thm5_5.hpp) computes the counts and calls it.
#pragma once

#include <string>

#include "sodlift/proof/sign_proofs.hpp"
#include "sodlift/validate/claims.hpp"

namespace sodlift::validate {

struct Thm55ProofCounts {
  Verdict verdict = Verdict::inconclusive;  // the claim's verdict
  long points = 0;                          // escape points computed
  long not_representable = 0;
  long higher = 0;  // floating h(Xcheck) >= h(Xhat)
  long enclosed = 0, proved_lower = 0, proved_higher = 0;
  bool cond517 = true;     // the claim's floating (5.17) at Xhat
  std::string enclosures;  // per point, "key: ball"
  std::string unproved;    // per point, why not proved
};

// True when the verdict is the vacuous INCONCLUSIVE (points, some higher,
// (5.17) failing): the note then needs cond-5.17's proof at X*.
bool thm55_vacuous_case(const Thm55ProofCounts& k);

// The proof note (attempted = enclosed > 0). c517: prove_cond_517_518 at the
// same center, used only in the vacuous case (a default Cond517Proof there
// means "not available": not proved).
ProofNote thm55_proof_note(const Thm55ProofCounts& k, const proof::Cond517Proof& c517 = {});

}  // namespace sodlift::validate
