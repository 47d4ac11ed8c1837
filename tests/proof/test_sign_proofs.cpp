// Proofs of sign verdicts (proof/sign_proofs.hpp, issue 25 item 4).
// Reference values:
//   the isometry constant of PMC(3, 0.3) by hand from its definition: the
//   Gram operator is diagonal with entries 1 (sampled at weight 1) and
//   eps^2 = 0.09 (the (1,3) pair, each of (1,3), (3,1) contributing
//   eps^2/2), so lambda_min = 0.09, lambda_max = 1, delta = 0.91 exactly;
//   realworld's and basic's from core's isometry_bound in bf100 (a dense
//   Eigen eigensolver on the same Gram matrix, an independent code path);
//   (5.17)/(5.18) sides from core's multi_step in bf100 at the bf100 point.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sodlift/core/closed_form.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/proof/sign_proofs.hpp"

using namespace sodlift;
using namespace sodlift::proof;

namespace {

InstanceSpec spec_of(const char* name) {
  InstanceSpec s;
  s.name = name;
  return s;
}

std::vector<std::string> strings_of(const Mat<bf100>& X) {
  std::vector<std::string> s;
  for (Eigen::Index k = 0; k < X.size(); ++k) s.push_back(decimal_string(X.data()[k]));
  return s;
}

bool brackets(const Enclosure& e, double v) { return std::stod(e.lower) <= v && v <= std::stod(e.upper); }

}  // namespace

TEST_CASE("isometry constant of PMC(3, 0.3) enclosed around its exact value 0.91", "[proof][sign]") {
  InstanceSpec s = spec_of("pmc");
  s.n = 3;
  s.eps = "0.3";
  const auto iso = enclose_isometry(exact_data(s));
  INFO(iso.reason);
  REQUIRE(iso.ok);
  CHECK(brackets(iso.lambda_min, 0.09));
  CHECK(brackets(iso.lambda_max, 1.0));
  CHECK(brackets(iso.delta, 0.91));
  CHECK(std::stod(iso.delta.upper) - std::stod(iso.delta.lower) < 1e-14);
  // Resolution far below double: 0.09 -+ 1e-30 is resolved on both sides.
  CHECK(lambda_min_minus(exact_data(s), "0.09") == 0);  // the exact value: no sign
  CHECK(lambda_min_minus(exact_data(s), "0.089999999999999999999999999999") == 1);
  CHECK(lambda_min_minus(exact_data(s), "0.090000000000000000000000000001") == -1);
}

TEST_CASE("isometry constant of realworld and basic bracket core's bf100 values", "[proof][sign]") {
  for (const char* name : {"realworld", "basic"}) {
    INFO(name);
    const Instance<bf100> I = make_instance<bf100>(spec_of(name));
    const auto ref = isometry_bound(I.problem);
    const auto iso = enclose_isometry(exact_data(spec_of(name)));
    REQUIRE(iso.ok);
    CHECK(brackets(iso.lambda_min, static_cast<double>(ref.lambda_min)));
    CHECK(brackets(iso.lambda_max, static_cast<double>(ref.lambda_max)));
    CHECK(brackets(iso.delta, static_cast<double>(ref.delta)));
    // A wrong lambda_min by 1e-30 either way is caught (the bf100 value is
    // accurate to ~1e-95 here).
    const std::string above = decimal_string(bf100(ref.lambda_min + bf100("1e-30")));
    const std::string below = decimal_string(bf100(ref.lambda_min - bf100("1e-30")));
    CHECK(lambda_min_minus(exact_data(spec_of(name)), below) == 1);
    CHECK(lambda_min_minus(exact_data(spec_of(name)), above) == -1);
  }
}

TEST_CASE("(5.17)/(5.18) on realworld: the enclosures bracket core's bf100 sides", "[proof][sign]") {
  const Instance<bf100> I = make_instance<bf100>(spec_of("realworld"));
  const auto cp = refine_critical_point(I.problem, I.start);
  REQUIRE(cp.kind == PointKind::spurious_local_min);
  const auto iso = isometry_bound(I.problem);
  const auto s = sod_ingredients(I.problem, cp.X);
  const auto R = multi_step(I.problem, s, 3, bf100("0.1"), bf100("0.1"), 1000, iso.delta);
  const auto pr = prove_cond_517_518(exact_data(spec_of("realworld")), strings_of(cp.X), {3, 5, 7});
  INFO(pr.reason);
  REQUIRE(pr.ok);
  CHECK(brackets(pr.dist2, static_cast<double>(R.dist2)));
  CHECK(brackets(pr.lower, static_cast<double>(R.cond_517_lower)));
  CHECK(brackets(pr.upper, static_cast<double>(R.cond_517_upper)));
  // The decision agrees with core's, and is proved (the margins are not thin).
  CHECK(pr.cond_517 == (R.cond_517 ? 1 : -1));
  REQUIRE(pr.cond_518.size() == 3);
  for (const auto& c : pr.cond_518) {
    INFO("l = " << c.l);
    const auto Rl = multi_step(I.problem, s, c.l, bf100("0.1"), bf100("0.1"), 1000, iso.delta);
    REQUIRE(Rl.l_bound_518_defined);
    CHECK(c.proved);
    CHECK(brackets(c.bound, static_cast<double>(Rl.l_bound_518)));
    CHECK((c.margin.sign > 0) == Rl.cond_518);
  }
}

TEST_CASE("(5.17): a boundary wrong by 1e-30 flips the proved sign, never a false proof", "[proof][sign]") {
  const Instance<bf100> I = make_instance<bf100>(spec_of("realworld"));
  const auto cp = refine_critical_point(I.problem, I.start);
  const auto iso = isometry_bound(I.problem);
  const auto s = sod_ingredients(I.problem, cp.X);
  const auto R = multi_step(I.problem, s, 3, bf100("0.1"), bf100("0.1"), 1000, iso.delta);
  const bf100 margin = R.dist2 - R.cond_517_lower;  // accurate to ~1e-95
  const auto D = exact_data(spec_of("realworld"));
  const auto c = strings_of(cp.X);
  const auto below = prove_cond_517_518(D, c, {}, decimal_string(bf100(margin - bf100("1e-30"))));
  const auto above = prove_cond_517_518(D, c, {}, decimal_string(bf100(margin + bf100("1e-30"))));
  REQUIRE(below.ok);
  REQUIRE(above.ok);
  CHECK(below.margin_lower.sign == 1);
  CHECK(above.margin_lower.sign == -1);
}

TEST_CASE("(5.17) is not proved without a proved critical point", "[proof][sign]") {
  const auto pr = prove_cond_517_518(exact_data(spec_of("realworld")), {"0.5", "0.5", "0.5"}, {3});
  CHECK_FALSE(pr.ok);
  CHECK(pr.cond_517 == 0);
  CHECK_FALSE(pr.reason.empty());
}
