// Fig. 10 trials share their prefix (GD for K1 steps from X0 + the
// certification of its end point, methods.hpp TrialPrefix) between gd and
// the escape methods. That is a speed change only: this test pins that the
// records and summary of a small grid (PMC n = 20, 30; eps = 0.10; all nine
// methods; the paper's protocol; 4 trials) are exactly those of the code
// before the change. Reference: tests/study/data/fig10-legacy/, produced by
// `sodlift study fig10 --n 20,30 --eps 0.10 --trials 4` at commit 22dcf24
// (each method ran its own GD prefix), with the wall-time fields ("timing")
// removed from records.jsonl.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "sodlift/study/runner.hpp"

using namespace sodlift::study;
namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream g(p);
  std::stringstream ss;
  ss << g.rdbuf();
  return ss.str();
}
std::vector<nlohmann::json> records_without_timing(const fs::path& p) {
  std::ifstream f(p);
  std::vector<nlohmann::json> v;
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty()) continue;
    auto j = nlohmann::json::parse(line);
    j.erase("timing");
    if (j.contains("result")) j["result"].erase("timing");
    v.push_back(std::move(j));
  }
  return v;
}
}  // namespace

TEST_CASE("fig10 with the shared prefix: records and summary equal the per-method code's",
          "[study][fig10][speed]") {
  const fs::path ref = fs::path(SODLIFT_SOURCE_DIR) / "tests/study/data/fig10-legacy";
  const fs::path out =
      fs::temp_directory_path() / ("sodlift-fig10-prefix-" + std::to_string(::getpid()));
  fs::remove_all(out);
  RunOptions o;
  o.study = "fig10";
  o.flags = {{"n", "20,30"}, {"eps", "0.10"}};  // every other flag: the paper's default
  o.trials = 4;
  o.out = out.string();
  o.quiet = true;
  o.sodlift_version = "0.1.0";  // as in the reference summary
  REQUIRE(run_study(o) == 0);
  const auto want = records_without_timing(ref / "records.jsonl");
  const auto got = records_without_timing(out / "records.jsonl");
  REQUIRE(want.size() == 72);  // 2 configurations x 4 trials x 9 methods
  REQUIRE(got.size() == want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    INFO("record " << i << ": " << want[i]["configuration"] << " trial " << want[i]["trial"]
                   << " " << want[i]["method"]);
    // JSON equality compares every double exactly (both files round-trip).
    CHECK(got[i] == want[i]);
  }
  CHECK(slurp(out / "summary.md") == slurp(ref / "summary.md"));
  fs::remove_all(out);
}
