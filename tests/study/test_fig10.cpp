// The fig10 study type end to end on a two-configuration grid (seconds), and
// its verdict rule on hand-made rows.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "sodlift/study/fig10.hpp"
#include "sodlift/study/runner.hpp"
#include "sodlift/study/statistics.hpp"
#include "sodlift/support/errors.hpp"

using namespace sodlift;
using namespace sodlift::study;
namespace fs = std::filesystem;

namespace {
std::map<std::string, std::string> tiny_grid() {
  // PMC n = 3 and 4 at eps = 0.3 with a shortened protocol (GD step 0.01).
  return {{"n", "3,4"},        {"eps", "0.3"},        {"methods", "gd,gd+sod,gd+line-beta"},
          {"gd-step", "0.01"}, {"k1", "2000"},        {"k2", "2000"},
          {"l", "5"},          {"rho", "0.1"},        {"eta", "0.1"},
          {"t", "2000"},       {"trace-every", "100"}};
}
}  // namespace

TEST_CASE("fig10 study: two configurations end to end, rows from the records", "[study][fig10]") {
  const fs::path out =
      fs::temp_directory_path() / ("sodlift-fig10-test-" + std::to_string(::getpid()));
  fs::remove_all(out);
  RunOptions o;
  o.study = "fig10";
  o.flags = tiny_grid();
  o.trials = 4;
  o.out = out.string();
  o.quiet = true;
  o.sodlift_version = "test";
  REQUIRE(run_study(o) == 0);
  std::ifstream f(out / "summary.json");
  REQUIRE(f);
  const auto j = nlohmann::json::parse(f);
  // Find our section wherever the runner nests study results.
  const nlohmann::json* fig = nullptr;
  if (j.contains("results") && j["results"].contains("fig10")) fig = &j["results"]["fig10"];
  REQUIRE(fig);
  const auto& rows = (*fig)["rows"];
  REQUIRE(rows.size() == 2 * 3);  // configurations x methods
  for (const auto& r : rows) {
    INFO(r.dump());
    CHECK(r["trials"].get<int>() == 4);
    CHECK(r["successes"].get<int>() <= 4);
    const double rate = r["rate"].get<double>();
    CHECK(rate == Approx(r["successes"].get<double>() / 4.0));
    // The interval is the study module's Wilson interval of the same counts.
    const auto w = wilson_interval(r["successes"].get<unsigned>(), 4);
    CHECK(r["ci_lo"].get<double>() == w.lower);
    CHECK(r["ci_hi"].get<double>() == w.upper);
    for (const char* k : {"n", "eps", "method"}) CHECK(r.contains(k));
  }
  CHECK(fs::exists(out / "fig10_rates.csv"));
  // Same spec, same trials: a second run gives a byte-identical summary.
  const fs::path out2 = out.string() + "-again";
  fs::remove_all(out2);
  o.out = out2.string();
  REQUIRE(run_study(o) == 0);
  auto slurp = [](const fs::path& p) {
    std::ifstream g(p);
    std::stringstream ss;
    ss << g.rdbuf();
    return ss.str();
  };
  CHECK(slurp(out / "summary.md") == slurp(out2 / "summary.md"));
  fs::remove_all(out);
  fs::remove_all(out2);
}

TEST_CASE("fig10 verdict: HOLDS, FAILS and INCONCLUSIVE by the discordant counts",
          "[study][fig10]") {
  auto row = [](const std::string& cfg, std::uint64_t only_sod, std::uint64_t only_gd) {
    Fig10Row r;
    r.configuration = cfg;
    r.method = "gd+sod";
    r.vs_gd = {only_sod, only_gd, mcnemar_exact_p(only_sod, only_gd), true};
    return r;
  };
  // 10 vs 0: p = 2^-9 < 0.05 in both configurations.
  CHECK(fig10_verdict({row("a", 10, 0), row("b", 8, 0)}).verdict == "HOLDS");
  // 5 vs 0 discordant: p = 1/16 cannot reach 0.05 -> too few pairs.
  auto inc = fig10_verdict({row("a", 10, 0), row("b", 5, 0)});
  CHECK(inc.verdict == "INCONCLUSIVE");
  CHECK(inc.reason.find("too few discordant pairs (5") != std::string::npos);
  // 6 vs 6: enough pairs, no improvement -> FAILS.
  CHECK(fig10_verdict({row("a", 10, 0), row("b", 6, 6)}).verdict == "FAILS");
  // Significantly worse is a failure too.
  CHECK(fig10_verdict({row("a", 0, 10)}).verdict == "FAILS");
}

TEST_CASE("fig10 spec: the paper's default keeps its hash, optional flags only when set",
          "[study][fig10]") {
  // 73e9ec72622aeaf9: the spec of bench/results/fig10.md and docs/findings.md
  // (the paper's grid, sodlift 0.1.0), made before --instance existed.
  const StudyType* t = find_study_type("fig10");
  REQUIRE(t);
  CHECK(make_spec(*t, {}, "0.1.0").hash() == "73e9ec72622aeaf9");
  CHECK(make_spec(*t, {{"instance", "pmc"}, {"r", "0"}, {"m", "0"}, {"seed", "1"}}, "0.1.0").hash() ==
        "73e9ec72622aeaf9");
  const Spec g = make_spec(*t, {{"instance", "gaussian"}, {"n", "4"}, {"r", "2"}}, "0.1.0");
  CHECK(g.flags.count("instance") == 1);
  CHECK(g.flags.count("r") == 1);
  CHECK(g.flags.count("m") == 0);
  CHECK(g.text_or("m", "0") == "0");
  t->check(g);
  const auto c = fig10_configurations(g);
  REQUIRE(c.size() == 1);
  CHECK(c[0].id == "n=4,m=20,r=2,seed=1");
}

TEST_CASE("fig10 flags: bad values are input errors naming the flag", "[study][fig10]") {
  const StudyType* t = find_study_type("fig10");
  REQUIRE(t);
  auto bad = [&](const std::string& k, const std::string& v) {
    auto g = tiny_grid();
    g[k] = v;
    const Spec s = make_spec(*t, g, "test");
    t->check(s);
  };
  CHECK_THROWS_AS(bad("methods", "gd,magic"), input_error);
  CHECK_THROWS_AS(bad("l", "4"), input_error);
  CHECK_THROWS_AS(bad("eps", "1.5"), input_error);
  CHECK_THROWS_AS(bad("n", "1"), input_error);
  // Issue 23: instance flags that would be ignored or are missing.
  CHECK_THROWS_WITH(bad("instance", "file"), Catch::Contains("--instance file needs --file"));
  CHECK_THROWS_WITH(bad("file", "x.json"), Catch::Contains("add --instance file"));
  CHECK_THROWS_WITH(bad("m", "6"), Catch::Contains("--m is read only with --instance gaussian"));
  CHECK_THROWS_WITH(bad("instance", "basic"), Catch::Contains("pmc, gaussian or file"));
}
