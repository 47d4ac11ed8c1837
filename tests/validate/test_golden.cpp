// Golden regression test: the quick run's measured numbers and verdicts
// against validate/golden/quick.json (regenerate: validate/golden/README.md).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "sodlift/validate/context.hpp"
#include "sodlift/validate/golden.hpp"
#include "sodlift/validate/report.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;
using namespace sodlift::validate;

namespace {

// The golden file is found through SODLIFT_GOLDEN, or relative to this source
// file, or relative to the usual working directories (repo root, build/).
std::string golden_path() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("SODLIFT_GOLDEN")) return env;
  const fs::path here = fs::path(__FILE__).parent_path();
  for (const fs::path& p : {here / "../../validate/golden/quick.json", fs::path("validate/golden/quick.json"),
                            fs::path("../validate/golden/quick.json"),
                            fs::path("../../validate/golden/quick.json")})
    if (fs::exists(p)) return p.string();
  return "";
}

nlohmann::json load(const std::string& path) {
  std::ifstream f(path);
  return nlohmann::json::parse(f);
}

}  // namespace

TEST_CASE("golden comparison flags verdict, number and missing-claim changes", "[validate][golden]") {
  ClaimResult g;
  g.id = "orth-ab";
  g.instance = "realworld";
  g.verdict = Verdict::holds;
  g.measured = {{"x", "1.2345678901234567890123456789012345e-01", 0.12, MeasureKind::value},
                {"noise", "3e-52", 3e-52, MeasureKind::residual},
                {"count", "7", 7.0, MeasureKind::exact}};
  CHECK(compare_with_golden({g}, {g}).empty());
  ClaimResult n = g;
  n.verdict = Verdict::fails;
  auto d = compare_with_golden({g}, {n});
  REQUIRE(d.size() == 1);
  CHECK(d[0].quantity == "verdict");
  CHECK_THAT(to_string(d[0]), Catch::Contains("orth-ab @ realworld") && Catch::Contains("HOLDS") &&
                                  Catch::Contains("FAILS"));
  // A change in the 20th digit of a value is caught; in the 35th it is not.
  n = g;
  n.measured[0].value = "1.2345678901234567890223456789012345e-01";
  CHECK(compare_with_golden({g}, {n}).size() == 1);
  n.measured[0].value = "1.2345678901234567890123456789012399e-01";
  CHECK(compare_with_golden({g}, {n}).empty());
  // Residual noise may change, but not grow past 1e3 x.
  n = g;
  n.measured[1].value = "-9e-51";
  CHECK(compare_with_golden({g}, {n}).empty());
  n.measured[1].value = "1e-30";  // above the 1e-40 floor x 1e3
  CHECK(compare_with_golden({g}, {n}).size() == 1);
  // Exact entries compare as text.
  n = g;
  n.measured[2].value = "8";
  CHECK(compare_with_golden({g}, {n}).size() == 1);
  // Missing on either side.
  CHECK(compare_with_golden({g}, {}).size() == 1);
  CHECK(compare_with_golden({}, {g}).size() == 1);
}

TEST_CASE("quick run matches validate/golden/quick.json", "[validate][golden]") {
  const std::string path = golden_path();
  INFO("golden file: " << (path.empty() ? std::string("NOT FOUND (set SODLIFT_GOLDEN)") : path));
  REQUIRE(!path.empty());
  const nlohmann::json gj = load(path);
  REQUIRE(gj.value("precision", "") == "bf50");
  const auto golden = results_from_json(gj);
  // Same as `sodlift validate --quick` (default instances, bf50).
  std::vector<InstanceSpec> specs;
  for (const char* l : {"basic", "realworld", "pmc3"}) specs.push_back(instance_spec_from_label(l));
  const auto now = run_checks<bf50>(specs, ValidateOptions::quick(), {}, nullptr);
  // 30 of bf50's 50 digits: the certified point moves at round-off level
  // when the code changes, and the SOD quantities are well conditioned in it.
  const auto diffs = compare_with_golden(golden, now);
  for (const auto& d : diffs) UNSCOPED_INFO(to_string(d));
  CHECK(diffs.empty());
}

TEST_CASE("two quick runs give byte-identical JSON without timestamps", "[validate][golden]") {
  std::vector<InstanceSpec> specs{instance_spec_from_label("basic"), instance_spec_from_label("realworld")};
  auto json_of = [&] {
    Report r;
    r.info.precision = "bf50";
    r.info.timestamps = false;
    r.claims = claim_registry();
    r.results = run_checks<bf50>(specs, ValidateOptions::quick(), {}, nullptr);
    return report_to_json(r).dump(2);
  };
  CHECK(json_of() == json_of());
}
