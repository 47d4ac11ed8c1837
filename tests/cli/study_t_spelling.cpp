// Issue 23, one name per concept: `study lifted-gd` says --t for its number
// of GD steps like every other command. The spec key stays "steps", so the
// old spelling --steps gives the same spec (and hash) with a one-line note.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "process.hpp"

using sodlift::test::ProcessResult;
using sodlift::test::read_text;
using sodlift::test::run_sodlift;
using sodlift::test::TempDir;

TEST_CASE("study lifted-gd: --t and the old --steps make one spec with the key steps", "[cli][study]") {
  TempDir tmp;
  auto run = [&](const std::string& out, const std::string& flag) {
    return run_sodlift({"study", "lifted-gd", "--n", "3", "--eps", "1e-3", flag, "50", "--trials", "1",
                        "--out", tmp.path + "/" + out, "--quiet"});
  };
  const ProcessResult a = run("a", "--t"), b = run("b", "--steps");
  INFO(a.err << b.err);
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  CHECK(a.err.empty());
  CHECK(b.err.find("sodlift: note: --steps is the old spelling of --t") != std::string::npos);
  const auto sa = nlohmann::json::parse(read_text(tmp.path + "/a/spec.json"));
  const auto sb = nlohmann::json::parse(read_text(tmp.path + "/b/spec.json"));
  CHECK(sa["spec_hash"] == sb["spec_hash"]);
  CHECK(sa["spec"]["flags"]["steps"] == "50");
  CHECK_FALSE(sa["spec"]["flags"].contains("t"));
  // The same records (timing apart): the same trials ran.
  CHECK(read_text(tmp.path + "/a/summary.md") == read_text(tmp.path + "/b/summary.md"));
  const ProcessResult h = run_sodlift({"study", "lifted-gd", "--help"});
  CHECK(h.out.find("--t INT=3000") != std::string::npos);
  CHECK(h.out.find("old spelling of --t") != std::string::npos);
}
