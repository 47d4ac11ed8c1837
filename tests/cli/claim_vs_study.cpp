// The fig10 claim of `validate` says it runs the trials of `sodlift study
// fig10` on the same grid (experiments.hpp). Checked here through the built
// binary, the way a user would compare the two: the claim's spec hash (from
// which every trial seed derives) against the study's spec.json, and every
// (configuration, method) success count of the claim against the study's
// summary.json. Reference: the study runner, a separate code path (records,
// merge, summary) from the claim's in-process loop. The claim once built its
// spec with the version "validate" instead of the program's, so its hash,
// seeds and trials differed from the study's (found by `validate --full`).
#include <catch2/catch.hpp>

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "process.hpp"

using sodlift::test::read_text;
using sodlift::test::run_process;
using sodlift::test::sodlift_binary;
using sodlift::test::TempDir;

TEST_CASE("validate's fig10 claim runs the same trials as `sodlift study fig10`", "[cli][fig10]") {
  TempDir d;
  const auto v = run_process({sodlift_binary(), "validate", "--quick", "--only", "fig10", "--out",
                              d.path + "/v", "--no-timestamps"},
                             900);
  INFO("validate stderr: " << v.err);
  REQUIRE(v.exit_code == 0);
  // The quick grid (kFig10QuickN/Eps/Trials in experiments.hpp).
  const auto s = run_process({sodlift_binary(), "study", "fig10", "--n", "10,20", "--eps",
                              "0.15,0.10", "--trials", "10", "--out", d.path + "/s", "--quiet"},
                             900);
  INFO("study stderr: " << s.err);
  REQUIRE(s.exit_code == 0);

  const auto report = nlohmann::json::parse(read_text(d.path + "/v/report.json"));
  std::map<std::string, std::string> measured;
  bool found = false;
  for (const auto& c : report.at("claims"))
    if (c.at("id") == "fig10") {
      found = true;
      for (const auto& m : c.at("measured"))
        if (m.at("value").is_string()) measured[m.at("name")] = m.at("value");
    }
  REQUIRE(found);
  const auto spec = nlohmann::json::parse(read_text(d.path + "/s/spec.json"));
  CHECK(measured["spec hash (seeds derive from it)"] == spec.at("spec_hash").get<std::string>());

  const auto summary = nlohmann::json::parse(read_text(d.path + "/s/summary.json"));
  int rows = 0;
  for (const auto& r : summary.at("results").at("fig10").at("rows")) {
    const std::string key =
        r.at("configuration").get<std::string>() + " " + r.at("method").get<std::string>() +
        ": successes/trials";
    const std::string want = std::to_string(r.at("successes").get<long long>()) + "/" +
                             std::to_string(r.at("trials").get<long long>());
    INFO(key);
    CHECK(measured[key] == want);
    ++rows;
  }
  CHECK(rows == 4 * 9);  // 4 configurations x 9 methods
}
