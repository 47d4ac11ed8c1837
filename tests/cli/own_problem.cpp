// A researcher's own problem (issue 23), through the built `sodlift` binary:
// `search` finds and saves a spurious minimum of gaussian(n=4, m=6, r=2) that
// the other commands then accept; divergence of `simulate` is a result with
// the step and the quantity, and its CSV ends at the last finite step.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "process.hpp"

using sodlift::test::ProcessResult;
using sodlift::test::read_text;
using sodlift::test::TempDir;

namespace {
// The searches here can take longer than run_sodlift's default timeout.
ProcessResult sodlift_run(std::vector<std::string> args) { return sodlift::test::run_sodlift(std::move(args), 300); }
}  // namespace

// Reference: gaussian(4,6,2) seed 24 has a spurious minimum (found by a scan
// of random starts, tests/core/test_rank_r.cpp certifies it in every
// precision with an independent Hessian). The search must find at least one
// spurious minimum, list it first, save it, and `instance` on the saved file
// must certify the same kind in bf50 (the precision that refused it before).
TEST_CASE("search finds, lists first and saves a spurious minimum of gaussian(4,6,2)", "[cli][search]") {
  TempDir tmp;
  const std::string dir = tmp.path + "/minima";
  std::filesystem::create_directories(dir);
  const ProcessResult r = sodlift_run({"search", "--instance", "gaussian", "--n", "4", "--m", "6", "--r", "2",
                                       "--seed", "24", "--starts", "12", "--start-seed", "1", "--save", dir,
                                       "--json", "--quiet", "--precision", "double"});
  INFO("exit " << r.exit_code << "\nstderr: " << r.err << "\nstdout: " << r.out.substr(0, 2000));
  REQUIRE(r.exit_code == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["spurious_minima"].get<int>() >= 1);
  const auto& pts = j["points"];
  REQUIRE(!pts.empty());
  CHECK(pts[0]["kind"] == "spurious_local_min");
  // Distinct points: no two X X^T agree (checked here from the printed points).
  for (std::size_t a = 0; a < pts.size(); ++a) {
    CHECK(pts[a]["hits"].get<int>() >= 1);
    CHECK(std::stod(pts[a]["h"].get<std::string>()) >= 0);
  }
  REQUIRE(pts[0].contains("file"));
  const std::string file = pts[0]["file"];
  const auto saved = nlohmann::json::parse(read_text(file));
  CHECK(saved.contains("search_start"));
  CHECK(saved["search_rank"] == 2);
  for (const char* p : {"double", "bf50"}) {
    const ProcessResult c = sodlift_run({"instance", "--instance", "file", "--file", file, "--precision", p});
    INFO(p << ": " << c.out.substr(0, 800) << c.err);
    CHECK(c.exit_code == 0);
    CHECK(c.out.find("kind         spurious_local_min") != std::string::npos);
  }
}

TEST_CASE("search text output lists spurious minima first with h, lambda_min and the start", "[cli][search]") {
  const ProcessResult r = sodlift_run({"search", "--instance", "gaussian", "--n", "4", "--m", "6", "--r", "2",
                                       "--seed", "24", "--starts", "6", "--quiet", "--precision", "double"});
  INFO(r.err << r.out);
  REQUIRE(r.exit_code == 0);
  const auto first = r.out.find("#1  ");
  REQUIRE(first != std::string::npos);
  CHECK(r.out.compare(first, 22, "#1  spurious_local_min") == 0);
  CHECK(r.out.find("lambda_min") != std::string::npos);
  CHECK(r.out.find("start #") != std::string::npos);
}

// The issue's command: exact PGD in S with eta = 0.9 at l = 11 leaves the
// range of double. It is a result: exit 0, the step and the coefficient, a
// hint, and a CSV whose last row is finite.
TEST_CASE("simulate divergence is a result with the step, the quantity and a CSV", "[cli][outcome]") {
  TempDir tmp;
  const std::string csv = tmp.path + "/traj.csv";
  const ProcessResult r = sodlift_run({"simulate", "--instance", "pmc", "--n", "3", "--l", "11", "--rho", "0.3",
                                       "--eta", "0.9", "--t", "1000", "--precision", "double", "--csv", csv,
                                       "--quiet"});
  INFO(r.err << r.out.substr(0, 3000));
  REQUIRE(r.exit_code == 0);
  const auto at = r.out.find("outcome      diverged: ");
  REQUIRE(at != std::string::npos);
  CHECK(r.out.find("at step ", at) != std::string::npos);
  CHECK(r.out.find("smaller than 0.9", at) != std::string::npos);
  const std::string text = read_text(csv);
  REQUIRE(!text.empty());
  CHECK(text.find("nan") == std::string::npos);
  CHECK(text.find("inf") == std::string::npos);
  // Header plus at least the t = 0 row.
  CHECK(std::count(text.begin(), text.end(), '\n') >= 2);
}

// basic from (0.05, 0.7): GD leaves the flat valley and reaches M*
// (tests/core/test_critical_point.cpp certifies that end point as
// global_min). `escape` reports it as a result, exit 0.
TEST_CASE("escape when GD reaches M*: no escape needed is a result", "[cli][outcome]") {
  const ProcessResult r =
      sodlift_run({"escape", "--instance", "basic", "--start", "0.05,0.7", "--precision", "double"});
  INFO(r.err << r.out);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("no escape needed") != std::string::npos);
  CHECK(r.err.empty());
}
