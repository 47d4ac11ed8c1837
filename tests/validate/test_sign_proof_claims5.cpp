// The proofs attached to basis-independent, prop5.4-closed, bound-5.14 and
// thm5.5 (issue 25, docs/proofs.md "Audit"). Expected outcomes follow from the
// proofs' definitions and the instances' numbers (reference values in
// tests/proof/test_sign_proofs5.cpp, from core in bf100):
// - realworld: scaled Gram lambda_min 0.0369 > 0 (basis-independent HOLDS,
//   proved); K < 1 at l = 3, 5, 7 and every endpoint switch proved
//   (prop5.4-closed HOLDS, proved); Xi-bar = 0.136 < 1 and U_beta empty at
//   l = 3 (bound-5.14 FAILS, proved); (5.17) fails by a margin of -6.7 and
//   escape points are proved higher (thm5.5's vacuous INCONCLUSIVE, proved);
// - pmc3: c = kappa b exactly (basis-independent FAILS, not proved: an
//   equality); bound-5.14 FAILS proved;
// - basic: a degenerate critical point, no Krawczyk ball: nothing proved, the
//   reason given (and bound-5.14's Xi-bar = 1 is a boundary).
#include <catch2/catch.hpp>

#include "sodlift/validate/context.hpp"
#include "sodlift_test.hpp"
#include "validate_test_util.hpp"

using namespace sodlift;
using namespace sodlift::validate;

namespace {
ClaimResult run(const char* id, const char* inst) {
  return run_claim<bf50>(id, sodlift::test::cached_context<bf50>(inst));
}
bool has(const std::string& s, const char* what) { return s.find(what) != std::string::npos; }
}  // namespace

TEST_CASE("basis-independent: realworld's HOLDS is proved, the FAILS of pmc3 and basic are not",
          "[validate][proof][proofs5]") {
  const ClaimResult rw = run("basis-independent", "realworld");
  INFO(rw.proof.statement << " | " << rw.proof.detail);
  CHECK(rw.verdict == Verdict::holds);
  CHECK(rw.proof.attempted);
  CHECK(rw.proof.proved);
  CHECK(has(rw.proof.enclosure, "l=3: lambda_min(scaled Gram) in [0.03686159115711"));
  for (const char* inst : {"pmc3", "basic"}) {
    INFO(inst);
    const ClaimResult r = run("basis-independent", inst);
    INFO(r.proof.detail);
    CHECK(r.verdict == Verdict::fails);
    CHECK(r.proof.attempted);
    CHECK_FALSE(r.proof.proved);
  }
  CHECK(has(run("basis-independent", "pmc3").proof.detail, "exact singularity"));
  CHECK(has(run("basis-independent", "basic").proof.detail, "Krawczyk"));
}

TEST_CASE("prop5.4-closed: realworld's and pmc3's HOLDS are proved, basic's FAILS is not",
          "[validate][proof][proofs5]") {
  for (const char* inst : {"realworld", "pmc3"}) {
    INFO(inst);
    const ClaimResult r = run("prop5.4-closed", inst);
    INFO(r.proof.detail);
    CHECK(r.verdict == Verdict::holds);
    CHECK(r.proof.proved);
    CHECK(has(r.proof.detail, "K < 1 proved for 3 of 3 l"));
  }
  const ClaimResult b = run("prop5.4-closed", "basic");
  CHECK(b.verdict == Verdict::fails);
  CHECK(b.proof.attempted);
  CHECK_FALSE(b.proof.proved);
  CHECK(has(b.proof.detail, "Krawczyk"));
}

TEST_CASE("bound-5.14: the FAILS of realworld and pmc3 are proved, basic's INCONCLUSIVE is not",
          "[validate][proof][proofs5]") {
  for (const char* inst : {"realworld", "pmc3"}) {
    INFO(inst);
    const ClaimResult r = run("bound-5.14", inst);
    INFO(r.proof.detail);
    CHECK(r.verdict == Verdict::fails);
    CHECK(r.proof.proved);
    CHECK(has(r.proof.detail, "l=3: proved"));
  }
  const ClaimResult b = run("bound-5.14", "basic");
  INFO(b.proof.detail);
  CHECK(b.verdict == Verdict::inconclusive);
  CHECK_FALSE(b.proof.proved);
  CHECK(has(b.proof.detail, "Xi-bar = 1 exactly is the boundary"));
}

TEST_CASE("thm5.5: the vacuous INCONCLUSIVE of pmc3 is proved ((5.17) proved false, a point proved higher)",
          "[validate][proof][proofs5]") {
  const ClaimResult p = run("thm5.5", "pmc3");
  INFO(p.proof.statement << " | " << p.proof.detail);
  CHECK(p.verdict == Verdict::inconclusive);
  CHECK(p.proof.proved);
  CHECK(has(p.proof.statement, "hypothesis (5.17) proved false"));
  CHECK(has(p.proof.enclosure, "(5.17): dist2 - lower in [-64.08"));
}
