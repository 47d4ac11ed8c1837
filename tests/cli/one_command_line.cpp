// One command line (issue 23), through the built `sodlift` binary: one name
// per concept with the old spellings still working (same result, one note on
// stderr), the shared defaults, readable text output, decimals written as
// given, outcomes that are results, and fixes that suggest accepted values
// (each suggestion is run and must be accepted).
//
// References: each comparison is between two runs of the program that must
// agree by construction (an old spelling is the same option), or against a
// property stated independently of the program (the exact decimal string that
// was typed; a reloaded file rebuilding the same instance, digit for digit).
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "process.hpp"

using sodlift::test::ProcessResult;
using sodlift::test::read_text;
using sodlift::test::run_process;
using sodlift::test::TempDir;

namespace {

ProcessResult run(std::vector<std::string> args, const std::string& workdir = "") {
  args.insert(args.begin(), sodlift::test::sodlift_binary());
  return run_process(args, 120, workdir);
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t b = 0;
  while (b < s.size()) {
    const std::size_t e = s.find('\n', b);
    out.push_back(s.substr(b, e == std::string::npos ? std::string::npos : e - b));
    b = e == std::string::npos ? s.size() : e + 1;
  }
  return out;
}

// The old spelling gives the same stdout and exactly one note line.
void same_result(const std::vector<std::string>& current, const std::vector<std::string>& old,
                 const std::string& note) {
  const ProcessResult a = run(current), b = run(old);
  INFO("current stderr: " << a.err << "\nold stderr: " << b.err);
  REQUIRE(a.exit_code == 0);
  REQUIRE(b.exit_code == 0);
  CHECK(a.err.empty());
  CHECK(a.out == b.out);
  const auto l = lines(b.err);
  REQUIRE(l.size() == 1);
  CHECK(l[0].rfind("sodlift: note: ", 0) == 0);
  CHECK(l[0].find(note) != std::string::npos);
}

}  // namespace

TEST_CASE("the flag --t is the step count everywhere, --steps still works with a note", "[cli][names]") {
  const std::vector<std::string> rr{"--rho", "0.1", "--eta", "0.1", "--precision", "double"};
  auto with = [&](std::vector<std::string> v) {
    v.insert(v.end(), rr.begin(), rr.end());
    return v;
  };
  same_result(with({"closed-form", "--t", "700"}), with({"closed-form", "--steps", "700"}),
              "--steps is the old spelling of --t");
  same_result(with({"escape", "--t", "5000", "--json"}), with({"escape", "--steps", "5000", "--json"}),
              "--steps is the old spelling of --t");
  same_result(with({"simulate", "--t", "3", "--json"}), with({"simulate", "--steps", "3", "--json"}),
              "--steps is the old spelling of --t");
  same_result(with({"lifted", "pgd", "--t", "2", "--json"}), with({"lifted", "pgd", "--steps", "2", "--json"}),
              "--steps is the old spelling of --t");
  // The step count reached the computation: 3 steps give records t = 0..3.
  const ProcessResult s = run(with({"simulate", "--t", "3", "--json"}));
  REQUIRE(s.exit_code == 0);
  const auto j = nlohmann::json::parse(s.out);
  CHECK(j["runs"][0]["records"].back()["t"] == 3);
}

TEST_CASE("the flag --sign is +1|-1 everywhere (both in simulate), + and - still work with a note", "[cli][names]") {
  const std::vector<std::string> sim{"simulate", "--t", "2", "--rho", "0.1", "--eta", "0.1", "--precision", "double",
                                     "--json"};
  auto with = [](std::vector<std::string> v, std::initializer_list<std::string> more) {
    v.insert(v.end(), more);
    return v;
  };
  same_result(with(sim, {"--sign", "+1"}), with(sim, {"--sign", "+"}), "--sign + is the old spelling of --sign +1");
  same_result(with(sim, {"--sign", "-1"}), with(sim, {"--sign", "-"}), "--sign - is the old spelling of --sign -1");
  // The same syntax in the commands that took an integer.
  for (const std::string cmd : {"instance", "closed-form"}) {
    const ProcessResult r = run({cmd, "--sign", "-1", "--precision", "double", "--json"});
    INFO(cmd << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.empty());
    CHECK(nlohmann::json::parse(r.out)["sign"] == -1);
  }
  const ProcessResult both = run(with(sim, {"--sign", "both"}));
  REQUIRE(both.exit_code == 0);
  const auto j = nlohmann::json::parse(both.out);
  REQUIRE(j["runs"].size() == 2);
  CHECK(j["runs"][0]["sign"] == 1);
  CHECK(j["runs"][1]["sign"] == -1);
}

TEST_CASE("rho = eta = 0.1 is the default of every command, simulate and lifted say it changed", "[cli][names]") {
  // The default equals the explicit 0.1, and the note names the old default.
  const ProcessResult dflt = run({"simulate", "--t", "2", "--precision", "double", "--json"});
  const ProcessResult expl =
      run({"simulate", "--t", "2", "--rho", "0.1", "--eta", "0.1", "--precision", "double", "--json"});
  REQUIRE(dflt.exit_code == 0);
  REQUIRE(expl.exit_code == 0);
  CHECK(dflt.out == expl.out);
  CHECK(expl.err.empty());
  CHECK(dflt.err.find("sodlift: note: simulate: the default --rho/--eta changed from 1e-3 to 0.1") !=
        std::string::npos);
  const ProcessResult lifted = run({"lifted", "pgd", "--t", "1", "--precision", "double", "--json"});
  REQUIRE(lifted.exit_code == 0);
  CHECK(lifted.err.find("changed from 1e-2 to 0.1") != std::string::npos);
  const auto header = nlohmann::json::parse(lines(lifted.out).front());
  CHECK(header["rho"] == "0.1");
  CHECK(header["eta"] == "0.1");
  // closed-form and escape already defaulted to 0.1: no note.
  const ProcessResult cf = run({"closed-form", "--precision", "double", "--json"});
  REQUIRE(cf.exit_code == 0);
  CHECK(cf.err.empty());
}

TEST_CASE("instance --save writes --eps and --start as typed and rebuilds the same instance", "[cli][save]") {
  TempDir tmp;
  for (const std::string eps : {"0.3", "0.30", "1e-1"}) {
    const ProcessResult s = run({"instance", "--instance", "pmc", "--n", "3", "--eps", eps, "--save"});
    REQUIRE(s.exit_code == 0);
    const auto j = nlohmann::json::parse(s.out);
    int eps_entries = 0;
    for (const auto& e : j["entries"]) {
      const std::string w = e[2].get<std::string>();
      CHECK((w == "1" || w == eps));
      eps_entries += w == eps;
    }
    // pmc(3): eps where i, j are both odd and i != j (1-based): (1,3), (3,1).
    CHECK(eps_entries == 2);
  }
  // --start as typed.
  const ProcessResult st = run({"instance", "--instance", "realworld", "--start", "0.2234,0.0918,0.5985", "--save"});
  REQUIRE(st.exit_code == 0);
  const auto js = nlohmann::json::parse(st.out);
  CHECK(js["start"][0][0] == "0.2234");
  CHECK(js["start"][2][0] == "0.5985");
  // Reloading the saved file gives the same certified point and h, to every
  // digit, in bf50 (the shortest decimals read back to the same values).
  for (const std::vector<std::string> spec :
       {std::vector<std::string>{"--instance", "pmc", "--n", "3", "--eps", "0.3"},
        std::vector<std::string>{"--instance", "realworld"},
        std::vector<std::string>{"--instance", "gaussian", "--n", "3", "--seed", "5"}}) {
    std::vector<std::string> save{"instance", "--save"};
    save.insert(save.end(), spec.begin(), spec.end());
    const ProcessResult s = run(save);
    REQUIRE(s.exit_code == 0);
    const std::string file = tmp.file("saved.json", s.out);
    std::vector<std::string> direct{"instance", "--json"};
    direct.insert(direct.end(), spec.begin(), spec.end());
    const ProcessResult a = run(direct), b = run({"instance", "--json", "--instance", "file", "--file", file});
    INFO(spec[1] << ": " << a.err << b.err);
    REQUIRE(a.exit_code == 0);
    REQUIRE(b.exit_code == 0);
    const auto ja = nlohmann::json::parse(a.out), jb = nlohmann::json::parse(b.out);
    CHECK(ja["point"] == jb["point"]);
    CHECK(ja["h"] == jb["h"]);
    CHECK(ja["kind"] == jb["kind"]);
    CHECK(ja["lambda_n"] == jb["lambda_n"]);
  }
}

TEST_CASE("closed-form text says why a value is undefined, footnote markers only when used", "[cli][text]") {
  // realworld, l = 3: Xi-bar = 0.136 <= 1, so (5.14) gives no bound (the
  // paper's (5.14) with this instance's numbers; JSON l_bound_514 says the same).
  const ProcessResult r = run({"closed-form", "--precision", "double"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("(5.14) gives no order bound: Xi-bar = ") != std::string::npos);
  CHECK(r.out.find("l > undef") == std::string::npos);
  CHECK(std::regex_search(r.out, std::regex(R"(\bundef\b[^+])")) == false);
  CHECK(r.out.find("{") == std::string::npos);  // no raw JSON
  // t = 5000 gives a representable gamma point: no "*" cell, no "*" footnote.
  CHECK(r.out.find("* the escape point is not representable") == std::string::npos);
  // A t with no escape type says so in words.
  const ProcessResult none = run({"closed-form", "--precision", "double", "--t", "100"});
  REQUIRE(none.exit_code == 0);
  CHECK(none.out.find("t is in neither U_beta nor U_gamma") != std::string::npos);
  // A huge t in double: the escape point is not representable; the "*" cell
  // comes with its footnote.
  const ProcessResult big = run({"closed-form", "--precision", "double", "--t", "1000000000000"});
  REQUIRE(big.exit_code == 0);
  const bool starred = std::regex_search(big.out, std::regex(R"(1e[-+0-9.e]+\*)"));
  const bool footnote = big.out.find("* the escape point is not representable in double") != std::string::npos;
  CHECK(starred == footnote);
  CHECK(starred);
}

TEST_CASE("escape prints U_beta and U_gamma as text intervals", "[cli][text]") {
  const ProcessResult r = run({"escape", "--precision", "double"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("{") == std::string::npos);
  CHECK(r.out.find("U_gamma       (") != std::string::npos);
  CHECK(r.out.find(", +inf)") != std::string::npos);
}

TEST_CASE("lifted rank1 prints text, not raw JSON", "[cli][text]") {
  const ProcessResult r = run({"lifted", "rank1", "--t", "2", "--rho", "0.1", "--eta", "0.1", "--precision", "double"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("rank-1 collapse of w at t = 2") != std::string::npos);
  CHECK(r.out.find("\"lambda\":") == std::string::npos);
}

TEST_CASE("escape whose first GD diverges is a result, the suggested --gd-step is accepted", "[cli][outcome]") {
  // realworld from its default start with GD step 5: ||X|| passes 1e8 within
  // a few iterations (h is quartic; the step is 50x the paper's 0.1).
  const ProcessResult r = run({"escape", "--gd-step", "5", "--precision", "double"});
  INFO(r.err << r.out);
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("GD 1          diverged at iteration ") != std::string::npos);
  CHECK(r.out.find("exceeded --gd-diverge 1e8") != std::string::npos);
  std::smatch m;
  REQUIRE(std::regex_search(r.out, m, std::regex(R"(try --gd-step ([0-9.e-]+))")));
  const ProcessResult again = run({"escape", "--gd-step", m[1].str(), "--precision", "double"});
  INFO("suggested --gd-step " << m[1].str() << ": " << again.err);
  CHECK(again.exit_code == 0);
  const ProcessResult js = run({"escape", "--gd-step", "5", "--precision", "double", "--json"});
  REQUIRE(js.exit_code == 0);
  const auto j = nlohmann::json::parse(js.out);
  CHECK(j["outcome"] == "gd_diverged");
  CHECK(j["diverged_at_iteration"].get<long long>() >= 1);
}

TEST_CASE("fixes suggest values that are accepted", "[cli][fixes]") {
  // An integer flag suggests its default; run it.
  const ProcessResult t = run({"closed-form", "--t", "1e20"});
  REQUIRE(t.exit_code == 2);
  CHECK(t.err.find("-3") == std::string::npos);
  std::smatch m;
  REQUIRE(std::regex_search(t.err, m, std::regex(R"(e\.g\. (\S+) \(the default\))")));
  CHECK(run({"closed-form", "--t", m[1].str(), "--precision", "double"}).exit_code == 0);
  const ProcessResult l = run({"closed-form", "--l", "x"});
  REQUIRE(l.exit_code == 2);
  REQUIRE(std::regex_search(l.err, m, std::regex(R"(e\.g\. (\S+) \(the default\))")));
  CHECK(run({"closed-form", "--l", m[1].str(), "--precision", "double"}).exit_code == 0);
  // A memory refusal suggests a budget that covers the estimate (or says none
  // can), never a fixed 8G below the need.
  const ProcessResult g = run({"instance", "--instance", "gaussian", "--n", "3000", "--mem-budget", "1M"});
  REQUIRE(g.exit_code == 2);
  CHECK(g.err.find("8G") == std::string::npos);
  REQUIRE(std::regex_search(g.err, m, std::regex(R"(--mem-budget (\d+[GT]))")));
  REQUIRE(std::regex_search(g.err, m, std::regex(R"(lower --n to at most (\d+))")));
  CHECK(run({"instance", "--instance", "gaussian", "--n", m[1].str(), "--mem-budget", "1M", "--precision", "double"})
            .exit_code == 0);
  const ProcessResult huge = run({"lifted", "pgd", "--instance", "pmc", "--n", "8", "--l", "15"});
  REQUIRE(huge.exit_code == 2);
  CHECK(huge.err.find("no --mem-budget can hold it") != std::string::npos);
  // A suggested budget is a spelling --mem-budget accepts.
  const ProcessResult h = run({"lifted", "hessian", "--l", "9", "--mem-budget", "1K", "--precision", "double"});
  REQUIRE(h.exit_code == 2);
  REQUIRE(std::regex_search(h.err, m, std::regex(R"(--mem-budget (\d+[GT]))")));
  CHECK(run({"instance", "--mem-budget", m[1].str(), "--precision", "double"}).exit_code == 0);
}

TEST_CASE("study merge names the differing flag and says when it is the same number", "[cli][study]") {
  TempDir tmp;
  for (const auto& [dir, bias] : {std::pair<std::string, std::string>{"a", "0.3"}, {"b", "0.30"}, {"c", "0.4"}}) {
    const ProcessResult r =
        run({"study", "toy", "--out", tmp.path + "/" + dir, "--trials", "1", "--bias", bias, "--quiet"});
    REQUIRE(r.exit_code == 0);
  }
  const ProcessResult same = run({"study", "merge", tmp.path + "/a", tmp.path + "/b", "--out", tmp.path + "/m"});
  REQUIRE(same.exit_code == 2);
  CHECK(same.err.find("--bias is 0.3 in '") != std::string::npos);
  CHECK(same.err.find("but 0.30 in '") != std::string::npos);
  CHECK(same.err.find("numerically equal, spelt differently") != std::string::npos);
  CHECK(same.err.find("--flips") == std::string::npos);  // equal flags are not listed
  const ProcessResult other = run({"study", "merge", tmp.path + "/a", tmp.path + "/c", "--out", tmp.path + "/m"});
  REQUIRE(other.exit_code == 2);
  CHECK(other.err.find("--bias is 0.3 in '") != std::string::npos);
  CHECK(other.err.find("numerically equal") == std::string::npos);
}
