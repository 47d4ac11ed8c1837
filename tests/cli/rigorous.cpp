// `sodlift instance --rigorous`: the proof object of --json (issue 25,
// docs/proofs.md). realworld's point is a proved strict local minimum with
// h > 0; basic's degenerate point is not proved; rank 2 on realworld from
// [x*, 0] is a proved saddle (core certifies it a saddle independently).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "process.hpp"

using sodlift::test::run_process;
using sodlift::test::sodlift_binary;

namespace {
nlohmann::json proof_of(const std::vector<std::string>& args) {
  std::vector<std::string> argv{sodlift_binary(), "instance", "--rigorous", "--json"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto r = run_process(argv, 120);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.contains("proof"));
  return j;
}
}  // namespace

TEST_CASE("instance --rigorous: proved minimum, not-proved degenerate point, proved saddle", "[cli][proof]") {
  const auto rw = proof_of({"--instance", "realworld"});
  CHECK(rw["kind"] == "spurious_local_min");
  CHECK(rw["proof"]["status"] == "proved_strict_local_min");
  CHECK(rw["proof"]["h_positive"] == true);
  for (const char* f : {"radius", "lambda_min_lower", "h_enclosure", "h_lower", "h_upper", "method"})
    CHECK(rw["proof"][f].is_string());
  CHECK(std::stod(rw["proof"]["lambda_min_lower"].get<std::string>()) > 0);

  const auto basic = proof_of({"--instance", "basic"});
  CHECK(basic["kind"] == "second_order_saddle");
  CHECK(basic["proof"]["status"] == "not_proved");
  CHECK_FALSE(basic["proof"]["reason"].get<std::string>().empty());

  const auto r2 = proof_of({"--instance", "realworld", "--r", "2"});
  CHECK(r2["kind"] == "saddle");
  CHECK(r2["proof"]["status"] == "proved_saddle");
  CHECK(std::stod(r2["proof"]["negative_curvature_upper"].get<std::string>()) < 0);
}
