// The fig10 protocol on a researcher's own instance (issue 23): `study fig10
// --instance gaussian|file` at rank r = 2 through the built binary, on grids
// that run in well under a second. Records are written, the summary is
// produced, shards + merge give the same bytes as one process, and the
// default (PMC) spec is untouched by the new flags.
#include <catch2/catch.hpp>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "process.hpp"

using sodlift::test::ProcessResult;
using sodlift::test::read_text;
using sodlift::test::run_sodlift;
using sodlift::test::TempDir;

namespace {
// A shortened protocol (GD step 0.01, 2000 + 2000 steps, l = 5) as in
// tests/study/test_fig10.cpp.
std::vector<std::string> protocol() {
  return {"--methods", "gd,gd+sod,gd+line-beta", "--gd-step", "0.01", "--k1", "2000", "--k2", "2000",
          "--l",       "5",                      "--rho",     "0.1",  "--eta", "0.1", "--t",  "2000",
          "--quiet"};
}

std::vector<nlohmann::json> records(const std::string& path) {
  std::vector<nlohmann::json> v;
  std::istringstream in(read_text(path));
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) v.push_back(nlohmann::json::parse(line));
  return v;
}

// Sym(3) observed in full: A_1..A_3 = E_ii, A_4..A_6 = E_ij + E_ji. The
// Gram operator of A on symmetric matrices has eigenvalues 1 (diagonal) and
// 2 (off-diagonal pairs, in the Frobenius metric), so h is a weighted
// ||XX^T - M*||^2 with condition number 2 (RIP delta = 1/3 < 1/2): no
// spurious local minima (Zhang, Sojoudi, Lavaei 2019; Ha, Liu, Barber 2020
// for rank r), and GD from a small start reaches M* = Z Z^T, rank 2.
const char* kSym3 = R"({"operator":"dense","name":"sym3","m":6,"search_rank":2,
 "A":[[["1","0","0"],["0","0","0"],["0","0","0"]],
      [["0","0","0"],["0","1","0"],["0","0","0"]],
      [["0","0","0"],["0","0","0"],["0","0","1"]],
      [["0","1","0"],["1","0","0"],["0","0","0"]],
      [["0","0","1"],["0","0","0"],["1","0","0"]],
      [["0","0","0"],["0","0","1"],["0","1","0"]]],
 "Z":[["1","0"],["0.5","1"],["-0.5","0.5"]]})";
}  // namespace

TEST_CASE("study fig10 --instance gaussian at r = 2: records, summary, shards + merge", "[cli][study][fig10]") {
  TempDir tmp;
  auto args = [&](const std::string& out, std::vector<std::string> more) {
    std::vector<std::string> a{"study", "fig10", "--instance", "gaussian", "--n", "4,5", "--m", "20",
                               "--r",   "2",     "--seed",     "3",        "--trials", "3", "--out", out};
    for (const auto& x : protocol()) a.push_back(x);
    for (const auto& x : more) a.push_back(x);
    return a;
  };
  const std::string one = tmp.path + "/one", s0 = tmp.path + "/s0", s1 = tmp.path + "/s1",
                    merged = tmp.path + "/merged";
  const ProcessResult r = run_sodlift(args(one, {}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto recs = records(one + "/records.jsonl");
  REQUIRE(recs.size() == 2 * 3 * 3);  // configurations x trials x methods
  for (const auto& j : recs) {
    INFO(j.dump().substr(0, 400));
    CHECK(j["configuration"].get<std::string>().find(",m=20,r=2,seed=3") != std::string::npos);
    const auto& res = j["result"];
    REQUIRE(res["status"] == "ran");
    // Success is ||XX^T - M*||_F < --success-tol (0.02), from the record's own distance.
    CHECK(res["success"].get<bool>() == (res["dist_truth"].get<double>() < 0.02));
  }
  const std::string md = read_text(one + "/summary.md");
  CHECK(md.find("| --instance | gaussian |") != std::string::npos);
  CHECK(md.find("| --r | 2 |") != std::string::npos);
  CHECK(md.find("on gaussian (4.7)") != std::string::npos);
  CHECK(md.find("### n=4,m=20,r=2,seed=3") != std::string::npos);
  const auto sj = nlohmann::json::parse(read_text(one + "/summary.json"));
  CHECK(sj["results"]["fig10"]["rows"].size() == 2 * 3);
  // The spec stores the new flags because they differ from the default.
  const auto spec = nlohmann::json::parse(read_text(one + "/spec.json"));
  CHECK(spec["spec"]["flags"]["instance"] == "gaussian");
  CHECK(spec["spec"]["flags"]["r"] == "2");
  // Two shards and a merge: the same bytes as one process.
  REQUIRE(run_sodlift(args(s0, {"--shard", "0/2"})).exit_code == 0);
  REQUIRE(run_sodlift(args(s1, {"--shard", "1/2"})).exit_code == 0);
  const ProcessResult m = run_sodlift({"study", "merge", s0, s1, "--out", merged, "--quiet"});
  INFO(m.err);
  REQUIRE(m.exit_code == 0);
  for (const char* f : {"summary.md", "summary.json", "fig10_rates.csv", "spec.json"}) {
    INFO(f);
    CHECK(read_text(merged + "/" + f) == read_text(one + "/" + f));
  }
}

TEST_CASE("study fig10 --instance file at r = 2 on a well-conditioned Sym(3) operator", "[cli][study][fig10]") {
  TempDir tmp;
  const std::string file = tmp.file("sym3.json", kSym3), out = tmp.path + "/o";
  std::vector<std::string> a{"study", "fig10", "--instance", "file", "--file", file, "--trials", "4", "--out", out};
  for (const auto& x : protocol()) a.push_back(x);
  const ProcessResult r = run_sodlift(a);
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto recs = records(out + "/records.jsonl");
  REQUIRE(recs.size() == 4 * 3);
  // No spurious minima (above): plain GD reaches M* in every trial.
  for (const auto& j : recs)
    if (j["method"] == "gd") {
      INFO(j.dump().substr(0, 400));
      CHECK(j["result"]["success"].get<bool>());
      CHECK(j["result"]["dist_truth"].get<double>() < 0.02);
    }
  const std::string md = read_text(out + "/summary.md");
  CHECK(md.find("on the instance file " + file) != std::string::npos);
  CHECK(md.find("| gd | 1.000 ") != std::string::npos);
  // --r 3 overrides the file's search rank: another spec, and it runs.
  std::vector<std::string> b{"study", "fig10", "--instance", "file", "--file", file, "--trials", "1",
                             "--out", out + "-r3", "--r", "3"};
  for (const auto& x : protocol()) b.push_back(x);
  const ProcessResult r3 = run_sodlift(b);
  INFO(r3.err);
  REQUIRE(r3.exit_code == 0);
  CHECK(nlohmann::json::parse(read_text(out + "-r3/spec.json"))["spec"]["flags"]["r"] == "3");
}

TEST_CASE("study fig10: the new flags at their defaults leave a PMC spec unchanged", "[cli][study][fig10]") {
  // tests/study/test_fig10.cpp pins the paper's default hash; here the same
  // PMC grid with the new flags' defaults spelled out has the same spec hash.
  std::vector<std::string> base{"study", "fig10", "--n", "3", "--eps", "0.3", "--only-trial", "0"};
  for (const auto& x : protocol()) base.push_back(x);
  std::vector<std::string> spelled = base;
  for (const char* x : {"--instance", "pmc", "--m", "0", "--r", "0", "--seed", "1", "--file", ""})
    spelled.push_back(x);
  const ProcessResult p = run_sodlift(base), q = run_sodlift(spelled);
  INFO(p.err << q.err);
  REQUIRE(p.exit_code == 0);
  REQUIRE(q.exit_code == 0);
  const auto hash = [](const std::string& out) {
    std::istringstream in(out);
    std::string line;
    std::getline(in, line);
    return nlohmann::json::parse(line).at("spec_hash").get<std::string>();
  };
  CHECK(hash(p.out) == hash(q.out));
}
