// The lifted-landscape claims (validate/claims/lift_landscape.hpp) on the
// built-in instances. References: the smallest Hessian eigenvalues below were
// computed independently of sodlift (numpy dense Kronecker Hessian for small l
// and a symmetric-monomial construction in mpmath, same 1/4 scale; issue 21's
// cross-check); the verdict logic follows from them: realworld has
// lambda_min > 0 for l <= 7 and < 0 at l = 8, 9 (l* = 9) with b^T H b > 0;
// pmc3 is a saddle from l = 4 (l* = 5) along b; basic from l = 2 (l* = 3) along b.
#include <catch2/catch.hpp>

#include "sodlift/validate/context.hpp"
#include "sodlift_test.hpp"
#include "validate_test_util.hpp"

using namespace sodlift;
using namespace sodlift::validate;

namespace {
const Measured* find(const ClaimResult& r, const std::string& name) {
  for (const auto& m : r.measured)
    if (m.name == name) return &m;
  return nullptr;
}
double num(const ClaimResult& r, const std::string& name) {
  const Measured* m = find(r, name);
  REQUIRE(m != nullptr);
  return std::stod(m->value);
}
}  // namespace

TEST_CASE("lift-saddle: l* and lambda_min against the independent computation", "[validate][lift]") {
  using T = bf50;
  const auto& rw = sodlift::test::cached_context<T>("realworld");
  const ClaimResult r = run_claim<T>("lift-saddle", rw);
  CHECK(num(r, "l* (smallest odd l with lambda_min < 0, up to l_max)") == 9);
  // (27) fails on realworld (beta > 1): the theorem is vacuous, INCONCLUSIVE.
  CHECK(find(r, "(27) holds")->value == "no");
  CHECK(r.verdict == Verdict::inconclusive);
  CHECK_THAT(num(r, "lambda_min_sym at l = 3"), Catch::WithinRel(3.451e-3, 1e-3));
  CHECK_THAT(num(r, "lambda_min_sym at l = 5"), Catch::WithinRel(6.472e-5, 1e-3));
  CHECK_THAT(num(r, "lambda_min_sym at l = 7"), Catch::WithinRel(7.343e-7, 1e-3));
  // Even l is in the claim's CSV series (column 1 = lambda_min_sym), not in `measured`.
  REQUIRE(!r.series.empty());
  double l8 = 0;
  for (const auto& row : r.series[0].rows)
    if (row[0] == "8") l8 = std::stod(row[1]);
  CHECK_THAT(l8, Catch::WithinRel(-4.64e-9, 1e-2));
  CHECK_THAT(num(r, "lambda_min_sym at l = 9"), Catch::WithinRel(-2.784e-8, 1e-3));

  const ClaimResult p = run_claim<T>("lift-saddle", sodlift::test::cached_context<T>("pmc3"));
  CHECK(num(p, "l* (smallest odd l with lambda_min < 0, up to l_max)") == 5);
  const ClaimResult b = run_claim<T>("lift-saddle", sodlift::test::cached_context<T>("basic"));
  CHECK(num(b, "l* (smallest odd l with lambda_min < 0, up to l_max)") == 3);
}

TEST_CASE("lift-escape-b and lift-vs-S: b and S carry the negative curvature on pmc3/basic, not on realworld",
          "[validate][lift]") {
  using T = bf50;
  const auto& rw = sodlift::test::cached_context<T>("realworld");
  // realworld l = 9: lambda_min < 0 while b^T H b > 0 (u^T K u = 0.1715 > u^T B u = 0.1696).
  CHECK(run_claim<T>("lift-escape-b", rw).verdict == Verdict::fails);
  CHECK(run_claim<T>("lift-vs-S", rw).verdict == Verdict::fails);
  for (const char* name : {"pmc3", "basic"}) {
    INFO(name);
    const auto& c = sodlift::test::cached_context<T>(name);
    CHECK(run_claim<T>("lift-escape-b", c).verdict == Verdict::holds);
    CHECK(run_claim<T>("lift-vs-S", c).verdict == Verdict::holds);
  }
  // (29) is an identity of the Hessian formula: it must hold to the working precision.
  for (const char* name : {"realworld", "pmc3", "basic"}) {
    INFO(name);
    CHECK(run_claim<T>("lift-29", sodlift::test::cached_context<T>(name)).verdict == Verdict::holds);
  }
}

TEST_CASE("lift-vs-S carries a proof: realworld's FAILS and pmc3's HOLDS are proved, basic's is not",
          "[validate][lift][proof]") {
  // Expected from the proof's definition (docs/proofs.md): realworld is a
  // saddle at l = 8, 9 with H|S positive definite (lambda_min(H|S) = 5.6e-7,
  // 9.6e-8, far above the ~1e-36 width of the enclosures); pmc3 has
  // lambda_min(H|S) = b^T H b / b^T b < 0 at l = 4..9 and H positive definite
  // at l = 1..3; basic's critical point is degenerate (no Krawczyk ball).
  using T = bf50;
  const ClaimResult rw = run_claim<T>("lift-vs-S", sodlift::test::cached_context<T>("realworld"));
  INFO(rw.proof.statement << " | " << rw.proof.detail);
  CHECK(rw.proof.attempted);
  CHECK(rw.proof.proved);
  CHECK(rw.proof.statement.find("at l = 8,9 ") != std::string::npos);
  CHECK(rw.proof.enclosure.find("l = 9: lambda_min(H|S) in [") != std::string::npos);
  const ClaimResult p = run_claim<T>("lift-vs-S", sodlift::test::cached_context<T>("pmc3"));
  INFO(p.proof.statement << " | " << p.proof.detail);
  CHECK(p.proof.proved);
  CHECK(p.proof.statement.find("proved at l = 4,5,6,7,8,9,") != std::string::npos);
  CHECK(p.proof.statement.find("proved at l = 1,2,3 ") != std::string::npos);
  const ClaimResult b = run_claim<T>("lift-vs-S", sodlift::test::cached_context<T>("basic"));
  CHECK(b.proof.attempted);
  CHECK(!b.proof.proved);
  CHECK(b.proof.detail.find("Krawczyk test failed") != std::string::npos);
}
