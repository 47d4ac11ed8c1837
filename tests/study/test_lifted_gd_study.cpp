// The lifted-gd study type (issue 21 item 3) end to end on a tiny grid:
// one process against two shards merged (byte-identical summaries), the rows
// recomputed from the records, and bad flags refused.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "sodlift/study/lifted_gd.hpp"
#include "sodlift/study/runner.hpp"
#include "sodlift/study/statistics.hpp"
#include "sodlift/support/errors.hpp"

using namespace sodlift;
using namespace sodlift::study;
namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream g(p);
  std::stringstream ss;
  ss << g.rdbuf();
  return ss.str();
}
std::map<std::string, std::string> tiny_grid() {
  return {{"n", "3,4"}, {"eps", "1e-3"}, {"steps", "400"}, {"kappa-every", "100"}};
}
}  // namespace

TEST_CASE("lifted-gd study: shards merged give the one-process summary byte for byte",
          "[study][lifted_gd]") {
  const fs::path base =
      fs::temp_directory_path() / ("sodlift-liftedgd-test-" + std::to_string(::getpid()));
  fs::remove_all(base);
  RunOptions o;
  o.study = "lifted-gd";
  o.flags = tiny_grid();
  o.trials = 3;
  o.quiet = true;
  o.sodlift_version = "test";
  o.out = (base / "one").string();
  REQUIRE(run_study(o) == 0);
  for (unsigned k = 0; k < 2; ++k) {
    RunOptions s = o;
    s.out = (base / ("shard" + std::to_string(k))).string();
    s.shard.k = k;
    s.shard.n = 2;
    REQUIRE(run_study(s) == 0);
  }
  merge_studies({(base / "shard0").string(), (base / "shard1").string()},
                (base / "merged").string(), true, "test");
  for (const char* f : {"summary.md", "summary.json", "kappa.csv", "records.jsonl"}) {
    INFO(f);
    if (std::string(f) == "records.jsonl") continue;  // one-process order is execution order
    CHECK(slurp(base / "one" / f) == slurp(base / "merged" / f));
  }
  // The summary's rows follow from the records: recount them independently.
  std::ifstream rec(base / "merged" / "records.jsonl");
  std::map<std::string, std::pair<int, int>> succ;  // configuration -> (lifted, gd)
  std::string line;
  int lines = 0;
  while (std::getline(rec, line)) {
    const auto j = nlohmann::json::parse(line);
    ++lines;
    auto& s = succ[j["configuration"].get<std::string>()];
    const bool ok = j["result"]["success"].get<bool>();
    if (j["method"] == "lifted-gd") s.first += ok;
    if (j["method"] == "gd") s.second += ok;
    if (j["method"] == "lifted-gd") {
      CHECK(j["result"]["kappa"].size() >= 4);  // t = 0, 100, 200, 300, 400 (+ window end)
      CHECK(j["result"]["kappa"][0]["t"].get<int>() == 0);
    }
  }
  CHECK(lines == 2 * 3 * 2);
  const auto summary = nlohmann::json::parse(slurp(base / "merged" / "summary.json"));
  REQUIRE(summary["results"].contains("kappa"));
  CHECK(summary["results"]["kappa"].size() == 2);
  CHECK(succ.size() == 2);
  fs::remove_all(base);
}

TEST_CASE("lifted-gd study: bad flags are input errors naming the flag", "[study][lifted_gd]") {
  RunOptions o;
  o.study = "lifted-gd";
  o.trials = 1;
  o.quiet = true;
  o.sodlift_version = "test";
  o.out = (fs::temp_directory_path() / ("sodlift-liftedgd-bad-" + std::to_string(::getpid()))).string();
  for (auto bad : std::vector<std::map<std::string, std::string>>{
           {{"n", "1"}}, {{"n", "40"}}, {{"l", "2"}}, {{"eps", "-1e-3"}}, {{"steps", "-1"}}}) {
    o.flags = bad;
    INFO(bad.begin()->first << "=" << bad.begin()->second);
    CHECK_THROWS_AS(run_study(o), input_error);
  }
  fs::remove_all(o.out);
}

TEST_CASE("lifted-gd spec: the number of steps keeps its spec key steps (the CLI says --t)",
          "[study][lifted-gd]") {
  const StudyType* t = find_study_type("lifted-gd");
  REQUIRE(t);
  const Spec s = make_spec(*t, {{"steps", "50"}}, "v");
  CHECK(s.canonical_json()["flags"]["steps"] == "50");
  CHECK_FALSE(s.canonical_json()["flags"].contains("t"));
  CHECK(t->cli_names.at("steps") == "t");
  // A bad value is reported under the name the user typed.
  CHECK_THROWS_WITH(make_spec(*t, {{"steps", "x"}}, "v"), Catch::Contains("--t 'x'"));
}
