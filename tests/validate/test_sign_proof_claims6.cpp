// Proofs added by proofs6 (issue 25, docs/proofs.md "Audit"):
// - prop5.3: the exact TPGD iterates at X* and each h^l step difference
//   (proof::prove_tpgd_descent), attached to the claim; its enclosures are
//   compared here with the claim's own explicit dense lifting (lifted::
//   run_tpgd in bf50, the claim's series), an implementation that shares no
//   code with the proof's matrix-cost recursion;
// - thm5.5's vacuous INCONCLUSIVE: thm55_proof_note fed with shifted inputs
//   (a (5.17) margin ball that contains 0, a (5.17) proved to hold, an escape
//   "point" that is the center itself, so not proved higher) must not give
//   proved. Reference: core's multi_step in bf100 at the bf100 critical point
//   (the (5.17) lower margin, accurate to ~1e-90).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sodlift/core/closed_form.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/proof/h_enclosure.hpp"
#include "sodlift/proof/sign_proofs.hpp"
#include "sodlift/validate/context.hpp"
#include "sodlift/validate/lifted_checks.hpp"
#include "sodlift/validate/thm55_proof.hpp"
#include "sodlift_test.hpp"
#include "validate_test_util.hpp"

using namespace sodlift;
using namespace sodlift::validate;

namespace {
bool has(const std::string& s, const char* what) { return s.find(what) != std::string::npos; }

std::vector<std::string> center_of(const Context<bf50>& c) {
  std::vector<std::string> s;
  for (Eigen::Index k = 0; k < c.cp.X.size(); ++k) s.push_back(decimal_string(c.cp.X.data()[k]));
  return s;
}

// The midpoint of Arb's "[mid +/- rad]" (or a plain decimal) in bf50.
bf50 mid_of(const proof::Enclosure& e) {
  std::string s = e.ball;
  if (!s.empty() && s[0] == '[') s = s.substr(1, s.find(' ') - 1);
  return bf50(s);
}
}  // namespace

TEST_CASE("prop5.3: realworld's and pmc3's HOLDS are proved, basic's is not", "[validate][proof][proofs6]") {
  for (const char* inst : {"realworld", "pmc3"}) {
    INFO(inst);
    const ClaimResult r = check_prop5_3(sodlift::test::cached_context<bf50>(inst));
    INFO(r.proof.statement << " | " << r.proof.detail);
    CHECK(r.verdict == Verdict::holds);
    CHECK(r.proof.attempted);
    CHECK(r.proof.proved);
    CHECK(has(r.proof.detail, "10 of 10 step differences proved"));
  }
  CHECK(has(check_prop5_3(sodlift::test::cached_context<bf50>("pmc3")).proof.statement, "span{a,b})"));
  const ClaimResult b = check_prop5_3(sodlift::test::cached_context<bf50>("basic"));
  CHECK(b.verdict == Verdict::holds);
  CHECK(b.proof.attempted);
  CHECK_FALSE(b.proof.proved);
  CHECK(has(b.proof.detail, "Krawczyk"));
}

TEST_CASE("prop5.3: the proof's h^l differences agree with the claim's explicit lifting",
          "[validate][proof][proofs6]") {
  // The claim's series (explicit dense tensors, bf50, at Xhat) against the
  // enclosures at X* (|Xhat - X*| ~ 1e-51): dh ~ 3.6e-11 agrees to 1e-40.
  const auto& c = sodlift::test::cached_context<bf50>("realworld");
  const ClaimResult r = check_prop5_3(c);
  REQUIRE(r.series.size() == 1);
  const auto& rows = r.series[0].rows;
  REQUIRE(rows.size() == 11);
  const auto pr = proof::prove_tpgd_descent(proof::exact_data(c.spec), center_of(c), 3, "1e-2", "1e-2", 10);
  REQUIRE(pr.ok);
  for (int k = 0; k < 10; ++k) {
    INFO("step " << k << ": " << pr.dh[k].ball << " vs " << rows[k + 1][1] << " - " << rows[k][1]);
    const bf50 explicit_dh = bf50(rows[k + 1][1]) - bf50(rows[k][1]);
    CHECK(static_cast<double>(abs(mid_of(pr.dh[k]) - explicit_dh)) < 1e-40);
    CHECK(static_cast<double>(abs(mid_of(pr.h[k]) - bf50(rows[k][1]))) < 1e-40);
  }
}

TEST_CASE("prop5.3: a step of 30 FAILS and its increases are proved, never a descent",
          "[validate][proof][proofs6]") {
  LiftedCheckOptions big;
  big.tpgd_step = "30";  // far beyond 2/L: the gradient step overshoots
  const ClaimResult r = check_prop5_3(sodlift::test::cached_context<bf50>("realworld"), big);
  INFO(r.proof.statement << " | " << r.proof.detail);
  REQUIRE(r.verdict == Verdict::fails);
  CHECK(has(r.proof.statement, "increases"));
  CHECK(r.proof.proved);
  CHECK_FALSE(has(r.proof.statement, "decreases"));
}

TEST_CASE("thm5.5: the vacuous INCONCLUSIVE is not proved from a (5.17) margin containing 0 or a point not "
          "proved higher",
          "[validate][proof][proofs6]") {
  InstanceSpec spec;
  spec.name = "pmc";
  spec.n = 3;
  spec.eps = "0.3";
  const Instance<bf100> I = make_instance<bf100>(spec);
  const auto cp = refine_critical_point(I.problem, I.start);
  const auto iso = isometry_bound(I.problem);
  const auto s = sod_ingredients(I.problem, cp.X);
  const auto R = multi_step(I.problem, s, 3, bf100("0.1"), bf100("0.1"), 1000, iso.delta);
  const bf100 margin = R.dist2 - R.cond_517_lower;  // (5.17)'s lower margin, bf100
  REQUIRE(static_cast<double>(margin) < -64);
  // The claim's center: the bf50 point of the quick context (its Krawczyk
  // box has radius ~1e-51, so the margin's ball is ~1e-48 wide, far wider
  // than the bf100 reference's error).
  const std::vector<std::string> center = center_of(sodlift::test::cached_context<bf50>("pmc3"));
  const auto D = proof::exact_data(spec);

  const proof::Cond517Proof real = proof::prove_cond_517_518(D, center, {});
  REQUIRE(real.ok);
  REQUIRE(real.cond_517 == -1);
  // The margin shifted by the bf100 reference itself: the ball contains 0, so (5.17)'s failure is not proved.
  const proof::Cond517Proof zero = proof::prove_cond_517_518(D, center, {}, decimal_string(margin));
  REQUIRE(zero.ok);
  INFO("margin - ref in " << zero.margin_lower.ball << ", box radius " << zero.radius);
  CHECK(zero.margin_lower.sign == 0);
  CHECK(zero.cond_517 == 0);
  // Shifted by the margin minus 1: (5.17) proved to hold.
  const proof::Cond517Proof holds = proof::prove_cond_517_518(D, center, {}, decimal_string(bf100(margin - 1)));
  REQUIRE(holds.ok);
  CHECK(holds.cond_517 == 1);

  // An escape "point" at the center itself: h(P) - h(X*) is not proved of
  // either sign (the enclosure contains 0).
  const auto same = proof::enclose_h_minus_critical(D, 1, center, center);
  REQUIRE(same.defined);
  CHECK_FALSE(same.proved_positive);

  Thm55ProofCounts k;
  k.verdict = Verdict::inconclusive;
  k.points = 4;
  k.higher = 4;
  k.cond517 = false;
  k.enclosed = 4;
  k.proved_higher = 4;
  k.enclosures = "(counts of the test)";
  REQUIRE(thm55_vacuous_case(k));
  CHECK(thm55_proof_note(k, real).proved);
  const ProofNote z = thm55_proof_note(k, zero);
  CHECK_FALSE(z.proved);
  CHECK(has(z.detail, "a margin contains 0"));
  const ProofNote h = thm55_proof_note(k, holds);
  CHECK_FALSE(h.proved);
  CHECK(has(h.detail, "proved to hold"));
  CHECK_FALSE(thm55_proof_note(k, proof::Cond517Proof{}).proved);
  // (5.17) proved false, but no escape point proved higher.
  Thm55ProofCounts k0 = k;
  k0.proved_higher = same.proved_positive ? 1 : 0;
  k0.enclosed = 1;
  CHECK_FALSE(thm55_proof_note(k0, real).proved);
  // No enclosure at all: nothing attempted.
  Thm55ProofCounts none = k;
  none.enclosed = 0;
  CHECK_FALSE(thm55_proof_note(none, real).attempted);
}
