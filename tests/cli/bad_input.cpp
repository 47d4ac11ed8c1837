// Table of bad inputs: every row runs the built `sodlift` binary and requires
// exit code 2 and exactly one line on stderr containing the expected words
// (naming the input), within a timeout; never a crash, a hang, a sanitizer
// report, an exception trace or exit 0. The reference is the CLI contract in
// SPEC §6 (bad input: exit 2, one line naming the input, the problem, the fix).
//
// Argument placeholders: "@corpus/NAME" is a file of the fuzz seed corpus
// (fuzz/corpus/instance_json, where every fuzz finding is kept), "@tmp" a
// fresh empty directory, "@tmp/NAME" a path inside it (not created).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "process.hpp"

using sodlift::test::ProcessResult;
using sodlift::test::run_process;
using sodlift::test::TempDir;

namespace {

struct Row {
  std::vector<std::string> args;
  std::string expect;  // substring of the one stderr line
  // Commands run first in the same @tmp, each required to succeed (e.g. a
  // study run whose output directory the row then misuses).
  std::vector<std::vector<std::string>> setup = {};
};

std::string expand(const std::string& a, const TempDir& tmp) {
  const std::string corpus = "@corpus/", tdir = "@tmp";
  if (a.rfind(corpus, 0) == 0)
    return std::string(sodlift::test::source_dir()) + "/fuzz/corpus/instance_json/" +
           a.substr(corpus.size());
  if (a.rfind(tdir, 0) == 0) return tmp.path + a.substr(tdir.size());
  return a;
}

std::string show(const std::vector<std::string>& args) {
  std::string s = "sodlift";
  for (const auto& a : args) s += " '" + a + "'";
  return s;
}

std::vector<std::string> command(const std::vector<std::string>& args, const TempDir& tmp) {
  std::vector<std::string> argv{sodlift::test::sodlift_binary()};
  for (const auto& a : args) argv.push_back(expand(a, tmp));
  return argv;
}

void check_rows(const std::vector<Row>& rows) {
  for (const Row& row : rows) {
    TempDir tmp;
    for (const auto& s : row.setup) {
      const ProcessResult r = run_process(command(s, tmp), 120);
      INFO("setup " << show(s) << "\n  exit " << r.exit_code << "\n  stderr: " << r.err);
      REQUIRE(r.exit_code == 0);
    }
    const std::vector<std::string> argv = command(row.args, tmp);
    // Generous: sanitizer builds are several times slower; a refusal is instant.
    const ProcessResult r = run_process(argv, 120);
    INFO(show(row.args) << "\n  exit " << r.exit_code << ", signal " << r.term_signal << ", "
                        << r.seconds << " s\n  stderr: " << r.err
                        << "  stdout: " << r.out.substr(0, 300));
    CHECK_FALSE(r.timed_out);
    CHECK(r.term_signal == 0);
    CHECK(r.exit_code == 2);
    // One line: the message and its newline. Progress lines of `validate`
    // ("[validate 0.1s] ...") may precede it; nothing else may.
    std::string err;
    for (std::size_t b = 0; b < r.err.size();) {
      const std::size_t e = r.err.find('\n', b);
      const std::string line =
          r.err.substr(b, e == std::string::npos ? std::string::npos : e + 1 - b);
      if (line.rfind("[validate ", 0) != 0) err += line;
      b = e == std::string::npos ? r.err.size() : e + 1;
    }
    CHECK(!err.empty());
    CHECK(err.find('\n') == err.size() - 1);
    CHECK(err.rfind("sodlift: ", 0) == 0);
    CHECK(err.find(row.expect) != std::string::npos);
    // A refusal prints no result.
    CHECK(r.out.empty());
  }
}

}  // namespace

// Every case runs in the default suite. When a row fails, decide whether the
// expected words or the program is wrong: change the expectation only if the
// real message is a good one (one line naming the input, the problem and the
// fix, nothing on stdout); otherwise fix the program.
TEST_CASE("bad input: command line syntax", "[cli][bad-input]") {
  check_rows({
      {{}, "subcommand is required"},
      {{"frobnicate"}, "unknown command 'frobnicate' for `sodlift`"},
      {{"study", "nosuch"}, "unknown command 'nosuch' for `sodlift study`"},
      {{"study"}, "`sodlift study --list` lists the types"},
      {{"instance", "--bogus"}, "--bogus"},
      {{"instance", "--n"}, "--n"},
      {{"validate", "--quick", "--full"}, "--full"},
      {{"lifted", "bogus"}, "bogus"},
      {{"lifted", "pgd", "--backend", "cuda"}, "cuda"},
  });
}

TEST_CASE("bad input: sizes", "[cli][bad-input]") {
  check_rows({
      {{"instance", "--instance", "pmc", "--n", "1"}, "--n >= 2"},
      {{"instance", "--instance", "pmc", "--n", "0"}, "--n >= 2"},
      {{"instance", "--instance", "gaussian", "--n", "-5"}, "--n >= 2"},
      {{"instance", "--instance", "pmc", "--n", "3.5"}, "'3.5' is not a whole decimal number"},
      {{"instance", "--instance", "pmc", "--n", "0x10"}, "'0x10' is not a whole decimal number"},
      {{"instance", "--instance", "pmc", "--n", "010"}, "leading zero"},
      {{"instance", "--instance", "pmc", "--n", "99999999999"}, "--n"},
      {{"instance", "--instance", "pmc", "--n", ""}, "is not a number"},
      {{"instance", "--instance", "pmc", "--n", " 3"}, "' 3' is not a whole decimal number"},
      {{"instance", "--instance", "pmc", "--n", "3abc"}, "'3abc'"},
      {{"instance", "--instance", "gaussian", "--n", "3", "--r", "0"}, "--r must be >= 1"},
      {{"instance", "--instance", "gaussian", "--n", "3", "--r", "4"}, "--r must be <= n"},
      {{"instance", "--instance", "gaussian", "--n", "3", "--m", "1e3"},
       "'1e3' is not a whole decimal number"},
  });
}

// Refusals of the memory guard (support/memory.hpp) and of an explicit m < 1.
TEST_CASE("bad input: sizes that need the memory guard", "[cli][bad-input]") {
  check_rows({
      {{"instance", "--instance", "gaussian", "--n", "3", "--m", "-1"}, "--m"},
      {{"instance", "--instance", "gaussian", "--n", "100000"}, "lower --n to at most "},
      {{"lifted", "pgd", "--mem-budget", "1e30T"}, "--mem-budget '1e30T' is too large"},
  });
}

TEST_CASE("bad input: seeds", "[cli][bad-input]") {
  check_rows({
      {{"instance", "--instance", "gaussian", "--seed", "-1"}, "'-1' is negative"},
      {{"instance", "--instance", "gaussian", "--seed", "18446744073709551616"}, "out of range"},
      {{"instance", "--instance", "gaussian", "--seed", "abc"}, "'abc'"},
      {{"instance", "--instance", "gaussian", "--seed", "1.5"}, "'1.5'"},
  });
}

TEST_CASE("bad input: precisions", "[cli][bad-input]") {
  check_rows({
      {{"instance", "--precision", "quad"}, "unknown --precision 'quad'"},
      {{"instance", "--precision", ""}, "unknown --precision ''"},
      {{"validate", "--precision", "float", "--out", "@tmp/out"}, "unknown --precision 'float'"},
      {{"closed-form", "--precision", "BF50"}, "unknown --precision 'BF50'"},
  });
}

TEST_CASE("bad input: lifting orders", "[cli][bad-input]") {
  check_rows({
      {{"closed-form", "--l", "2"}, "lifting order"},
      {{"closed-form", "--l", "0"}, "lifting order"},
      {{"closed-form", "--l", "-3"}, "lifting order"},
      {{"closed-form", "--grid-l", "3,4"}, "lifting order"},
      {{"escape", "--l", "4"}, "lifting order"},
      {{"lifted", "pgd", "--l", "2"}, "order l must be odd and in 1..15, got 2"},
      {{"lifted", "pgd", "--l", "17"}, "order l must be odd and in 1..15, got 17"},
      {{"simulate", "--l", "2"}, "--l must be odd"},
      {{"lifted", "pgd", "--l", "3:5"}, "a range is only accepted by `lifted hessian`"},
      // lifted hessian (issue 21): l <= 0, an empty range, beyond the guard, no certified point.
      {{"lifted", "hessian", "--l", "0"}, "the lifting order must be >= 1"},
      {{"lifted", "hessian", "--l", "-1"}, "expected a lifting order L >= 1 or a range L1:L2"},
      {{"lifted", "hessian", "--l", "5:3"}, "the range is empty (5 > 3)"},
      {{"lifted", "hessian", "--l", "3:x"}, "expected a lifting order L >= 1 or a range L1:L2"},
      {{"lifted", "hessian", "--l", "200", "--mem-budget", "1M", "--precision", "double"},
       "--l 200: the lifted Hessian on the symmetric tensors"},
      {{"lifted", "hessian", "--l", "3", "--start", "0,0,0", "--precision", "double"},
       "precondition not met"},
      {{"lifted", "hessian", "--l", "3", "--instance", "basic", "--precision", "double"},
       "--allow-second-order"},
  });
}

TEST_CASE("bad input: step counts", "[cli][bad-input]") {
  check_rows({
      {{"closed-form", "--t", "-1"}, "must be >= 0"},
      {{"closed-form", "--t", "1e20"}, "'1e20' is not a whole decimal number"},
      {{"closed-form", "--t", "99999999999999999999"}, "out of range"},
      {{"closed-form", "--grid-t", "1000,abc"}, "'abc' is not an integer"},
      {{"closed-form", "--grid-t", "nan"}, "'nan' is not an integer"},
      {{"closed-form", "--grid-t", "1e30"}, "'1e30'"},
      {{"closed-form", "--grid-t", ","}, "--grid-t is empty"},
      {{"closed-form", "--grid-t", "-5"}, "must be >= 0"},
      {{"simulate", "--t", "-1"}, "--t -1 must be >= 0"},
      {{"lifted", "pgd", "--t", "-1"}, "--t -1 must be >= 0"},
      {{"simulate", "--record-every", "0"}, "--record-every must be >= 1"},
      {{"lifted", "pgd", "--steps", "-1"}, "--steps"},
      {{"escape", "--gd-iter", "-5"}, "GD iteration budget must be >= 0"},
  });
}

TEST_CASE("bad input: decimal numbers", "[cli][bad-input]") {
  check_rows({
      {{"closed-form", "--rho", "nan"}, "rho"},
      {{"closed-form", "--rho", "inf"}, "rho"},
      {{"closed-form", "--rho", "-inf"}, "rho"},
      {{"closed-form", "--rho", "1e5000"}, "must lie in (0,1)"},
      {{"closed-form", "--rho", "1e5000", "--precision", "double"}, "rho"},
      {{"closed-form", "--rho", ""}, "'' is not a number"},
      {{"closed-form", "--rho", "abc"}, "--rho: 'abc' is not a number"},
      {{"closed-form", "--eta", "1/2"}, "--eta: '1/2' is not a number"},
      {{"closed-form", "--delta", "abc"}, "--delta: 'abc' is not a number"},
      {{"escape", "--rho", "abc"}, "--rho: 'abc' is not a number"},
      {{"escape", "--gd-step", "abc"}, "--gd-step: 'abc' is not a number"},
      {{"escape", "--gd-tol", "abc"}, "--gd-tol: 'abc' is not a number"},
      {{"instance", "--instance", "pmc", "--eps", "abc"}, "--eps: 'abc' is not a number"},
      {{"instance", "--start", "1,abc,2"}, "--start entry 2: 'abc' is not a number"},
      {{"closed-form", "--rho", "0x1p-3"}, "'0x1p-3' is not a number"},
      {{"closed-form", "--rho", "0x1p-3", "--precision", "double"}, "'0x1p-3' is not a number"},
      {{"closed-form", "--rho", "0.1abc"}, "'0.1abc' is not a number"},
      {{"closed-form", "--rho", "1.5"}, "must lie in (0,1)"},
      {{"closed-form", "--rho", "1e-99999999999999999999"}, "decimal exponent out of range"},
      {{"closed-form", "--eta", "0"}, "eta"},
      {{"closed-form", "--eta", "-0.1"}, "eta"},
      {{"closed-form", "--delta", "nan"}, "delta"},
      {{"closed-form", "--delta", "-1"}, "delta"},
      {{"escape", "--gd-step", "0"}, "GD step must be finite and > 0"},
      {{"escape", "--gd-step", "inf"}, "GD step"},
      {{"escape", "--gd-tol", "nan"}, "--gd-tol 'nan' must be a finite number >= 0"},
      {{"escape", "--gd-tol", "-1"}, "--gd-tol '-1' must be a finite number >= 0"},
      {{"escape", "--gd-diverge", "nan"}, "--gd-diverge 'nan' must be a finite number > 0"},
      {{"closed-form", "--gd", "--gd-tol", "inf"}, "--gd-tol 'inf' must be a finite number >= 0"},
      {{"instance", "--instance", "pmc", "--eps", "nan"}, "finite --eps"},
      {{"instance", "--instance", "pmc", "--eps", "0"}, "--eps"},
      {{"instance", "--instance", "pmc", "--eps", "1e5000", "--precision", "double"}, "--eps"},
      {{"instance", "--start", "1,2"}, "--start has 2 numbers"},
      {{"instance", "--start", "1,,2"}, "empty entry"},
      {{"instance", "--start", "nan,0,0"}, "not a finite number"},
      {{"simulate", "--c0", "1,2"}, "three numbers"},
      {{"simulate", "--c0", "1,nan,0"}, "not finite"},
      {{"simulate", "--eta", "0"}, "--eta must be > 0"},
      {{"simulate", "--rho", "nan"}, "rho"},
      {{"lifted", "pgd", "--eta", "nan"}, "--eta must be a positive number, got 'nan'"},
      {{"lifted", "pgd", "--eta", "abc"}, "--eta: 'abc' is not a number"},
      {{"lifted", "tpgd", "--rho", "1e5000", "--precision", "double"},
       "--rho must be a finite number, got '1e5000'"},
      {{"lifted", "pgd", "--mem-budget", "abc"}, "--mem-budget"},
      {{"lifted", "pgd", "--mem-budget", "-1G"}, "--mem-budget"},
      {{"lifted", "pgd", "--mem-budget", "0"}, "--mem-budget"},
  });
}

TEST_CASE("bad input: choices", "[cli][bad-input]") {
  check_rows({
      {{"instance", "--instance", "nosuch"}, "unknown instance 'nosuch'"},
      {{"instance", "--sign", "2"}, "--sign '2': the sign of u_n is +1 (the convention) or -1"},
      {{"closed-form", "--sign", "0"}, "sign"},
      {{"simulate", "--sign", "x"}, "--sign 'x': the sign of u_n is +1 (the convention) or -1 (flipped), or both"},
      {{"closed-form", "--sign", "+2"}, "--sign '+2'"},
      {{"simulate", "--point", "bogus"}, "--point must be"},
      {{"escape", "--type", "bogus"}, "unknown escape type 'bogus'"},
      {{"validate", "--instances", "nosuch", "--out", "@tmp/out"}, "nosuch"},
      {{"validate", "--instances", "basic,,pmc3", "--out", "@tmp/out"}, "empty entry"},
      {{"validate", "--instances", "pmc1", "--out", "@tmp/out"},
       "--instances 'pmc1': pmc<N> needs N >= 2"},
      {{"validate", "--instances", "pmc99999999999", "--out", "@tmp/out"},
       "--instances 'pmc99999999999': the N of pmc<N> is out of range"},
      {{"validate", "--only", "nosuch", "--out", "@tmp/out"},
       "--only: no claim matches 'nosuch' (`sodlift validate --list` lists the claim ids)"},
  });
}

TEST_CASE("bad input: instance files", "[cli][bad-input]") {
  auto file = [](const std::string& name) {
    return std::vector<std::string>{"instance", "--instance", "file", "--file", "@corpus/" + name};
  };
  auto with = [](std::vector<std::string> v, std::initializer_list<std::string> more) {
    v.insert(v.end(), more);
    return v;
  };
  check_rows({
      {{"instance", "--instance", "file"}, "needs --file PATH"},
      {{"instance", "--instance", "file", "--file", "@tmp/missing.json"},
       "cannot open instance file"},
      {{"instance", "--instance", "file", "--file", "@tmp"}, "is a directory"},
      {file("empty.json"), "is not valid JSON"},
      {file("garbage.json"), "is not valid JSON"},
      {file("array.json"), "must be an object"},
      {file("missing_Z.json"), "missing field 'Z'"},
      {file("empty_A.json"), "field 'A' must be a non-empty list"},
      {file("nonsymmetric.json"), "not symmetric"},
      {file("mismatched_Z.json"), "Z has 3 rows"},
      {file("mixed_sizes.json"), "mixed_sizes.json': A_2 is 1x1 but A_1 is 2x2"},
      {file("nan_entry.json"), "A[0][0][0]: 'nan' is not a finite number"},
      {with(file("overflow_entry.json"), {"--precision", "double"}),
       "'1e5000' is not a finite number"},
      {file("hex_entry.json"), "A[0][0][0]: '0x10' is not a number"},
      {with(file("hex_entry.json"), {"--precision", "double"}),
       "A[0][0][0]: '0x10' is not a number"},
      // Fuzz finding: Boost's parser overflowed a signed exponent (UB) on this.
      {file("finding_huge_exponent.json"), "decimal exponent out of range"},
      {with(file("finding_huge_exponent.json"), {"--precision", "double"}),
       "decimal exponent out of range"},
      {file("wrong_type.json"), "expected a number or a decimal string, got true"},
      {file("huge_declared.json"), "field 'n' is 100000"},
      {file("negative_rank.json"), "field 'search_rank' is -3"},
      {file("string_rank.json"), "field 'search_rank' is \"2\""},
      {file("string_seed.json"), "field 'seed' is \"x\""},
      {file("ragged_start.json"), "start: row 2 has a different length"},
      {with(file("valid_2x2.json"), {"--start", "1,2,3"}), "--start has 3 numbers"},
  });
}

TEST_CASE("bad input: output paths", "[cli][bad-input]") {
  check_rows({
      {{"closed-form", "--csv", "/etc/hostname/x.csv"}, "'/etc/hostname/x.csv'"},
      {{"closed-form", "--csv", "@tmp"}, "is a directory; give a file path inside it"},
      {{"closed-form", "--csv", "@tmp/no/such/dir/x.csv"},
       "/no/such/dir' is not an existing directory; create it"},
      {{"simulate", "--csv", "@tmp/no/such/dir/x.csv"}, "--csv"},
      {{"validate", "--out", "/etc/hostname/sub"}, "--out '/etc/hostname/sub'"},
      {{"validate", "--out", "/proc/version"}, "--out '/proc/version'"},
  });
}

// The study runner (toy study: seeded coin flips, milliseconds per trial).
// --trials is not part of a study's spec (trial i has the same seed whatever
// --trials is), so rerunning a directory with another --trials is the same
// spec and is refused only for lack of --resume; other study flags are
// another spec and are refused with or without --resume.
TEST_CASE("bad input: study flags", "[cli][bad-input]") {
  const std::vector<std::string> toy2{"study",    "toy", "--out",  "@tmp/d",
                                      "--trials", "2",   "--quiet"};
  auto toy = [](std::initializer_list<std::string> more) {
    std::vector<std::string> v{"study", "toy", "--out", "@tmp/d"};
    v.insert(v.end(), more);
    return v;
  };
  check_rows({
      {toy({"--shard", "3/2"}), "--shard '3/2': expected K/N with 0 <= K < N"},
      {toy({"--shard", "0/0"}), "--shard '0/0': expected K/N"},
      {toy({"--shard", "x"}), "--shard 'x': expected K/N"},
      {toy({"--shard", "1/-2"}), "--shard '1/-2'"},
      {toy({"--shard", ""}), "--shard '': expected K/N"},
      {toy({"--shard", "1/99999999999"}), "--shard '1/99999999999'"},
      {toy({"--trials", "0"}), "--trials 0"},
      {toy({"--trials", "-1"}), "--trials: '-1' is negative"},
      {toy({"--flips", "ten"}), "--flips"},
      {toy({"--flips", "0"}), "--flips 0: need at least 1 flip"},
      {toy({"--bias", "1.5"}), "--bias 1.5: a probability must lie in [0, 1]"},
      {toy({"--only-config", "bias=0.3"}), "--only-config needs --only-trial"},
      {toy({"--only-trial", "0", "--only-config", "bias=0.9"}),
       "--only-config 'bias=0.9': not a configuration of this grid"},
      {{"study", "toy", "--out", "/etc/hostname/sub"}, "--out '/etc/hostname/sub'"},
      // The same spec again (another --trials) without --resume.
      {toy({"--trials", "3"}), "already holds records; pass --resume to continue that run", {toy2}},
      // Another spec in a directory that holds a study, with or without --resume.
      {toy({"--bias", "0.4", "--trials", "3", "--resume"}), "holds study spec", {toy2}},
      {toy({"--flips", "7"}), "use the same flags to continue it, or another --out", {toy2}},
      {{"study", "merge", "@tmp/nosuch", "--out", "@tmp/m"}, "study merge: '"},
      {{"study", "merge", "@tmp/d", "@tmp/e", "--out", "@tmp/m"},
       "study merge: different study specs",
       {toy2, {"study", "toy", "--out", "@tmp/e", "--trials", "2", "--quiet", "--flips", "7"}}},
  });
}

// Issue 23: flags that were silently ignored or overridden, and the rest of
// the traps a new user met on their own problem.
TEST_CASE("bad input: issue 23 traps", "[cli][bad-input]") {
  check_rows({
      {{"instance", "--file", "F.json"}, "--file F.json is read only with --instance file"},
      {{"closed-form", "--instance", "realworld", "--file", "F.json"}, "add --instance file"},
      {{"search", "--file", "F.json"}, "--instance file"},
      {{"closed-form", "--grid-l", "3,5", "--l", "5"}, "--l excludes --grid-l"},
      {{"closed-form", "--grid-t", "10,20", "--t", "5"}, "--t excludes --grid-t"},
      {{"validate", "--instances", "", "--out", "@tmp/out"}, "--instances is empty"},
      {{"validate", "--instances", " ", "--out", "@tmp/out"}, "--instances is empty"},
      {{"closed-form", "--rh", "0.1"}, "did you mean --rho"},
      {{"instance", "--instanse", "pmc"}, "did you mean --instance"},
      {{"simulate", "--step", "10"}, "did you mean --t instead of --step"},
      {{"instance", "--mem-budget", "8XB"}, "--mem-budget"},
      {{"search", "--starts", "0"}, "--starts 0 must be >= 1"},
  });
}

// Issue 23, one command line: old spellings in a refusal (still one line,
// the note appended), both spellings at once, values no command accepts, and
// the traps a new user met (each message names the fix with an accepted value).
TEST_CASE("bad input: issue 23 one name per concept", "[cli][bad-input]") {
  check_rows({
      {{"closed-form", "--t", "5", "--steps", "5"}, "--t excludes --steps"},
      {{"simulate", "--steps", "10", "--t", "5"}, "excludes"},
      {{"simulate", "--steps", "-1"}, "--t -1 must be >= 0 (the number of PGD steps); note: --steps is the old spelling of --t"},
      {{"lifted", "pgd", "--steps", "-1"}, "note: --steps is the old spelling of --t"},
      {{"escape", "--steps", "-3"}, "t = -3 must be >= 0"},
      {{"simulate", "--steps", "1e3"}, "--steps: '1e3' is not a whole decimal number"},
      {{"closed-form", "--sign", "both"}, "`closed-form` runs one sign; use --sign +1 or --sign -1"},
      {{"instance", "--sign", "x"}, "--sign 'x'"},
      {{"lifted", "pgd", "--sign", "0"}, "--sign '0'"},
      {{"simulate", "--sign", "+", "--point", "bogus"}, "(got 'bogus'); note: --sign + is the old spelling of --sign +1"},
      {{"escape", "--step", "10"}, "did you mean --t instead of --step?"},
      {{"closed-form", "--t", "1e20"}, "write a whole number in decimal digits, e.g. 5000 (the default)"},
      {{"closed-form", "--l", "x"}, "e.g. 3 (the default)"},
      {{"instance", "--instance", "gaussian", "--n", "3000", "--mem-budget", "1M"}, "raise it with --mem-budget "},
      {{"lifted", "pgd", "--instance", "pmc", "--n", "8", "--l", "15"}, "no --mem-budget can hold it"},
      {{"study", "merge", "@tmp/d", "@tmp/e", "--out", "@tmp/m"},
       "--bias is 0.3 in '",
       {{"study", "toy", "--out", "@tmp/d", "--trials", "1", "--quiet", "--bias", "0.3"},
        {"study", "toy", "--out", "@tmp/e", "--trials", "1", "--quiet", "--bias", "0.30"}}},
      {{"study", "toy", "--out", "@tmp/d", "--trials", "1", "--quiet", "--flips", "7"},
       "--flips is 15 in --out but 7 in this run",
       {{"study", "toy", "--out", "@tmp/d", "--trials", "1", "--quiet"}}},
  });
}

// Issue 23: the fig10 protocol on gaussian and file instances; flags that
// the chosen instance would ignore are refused.
TEST_CASE("bad input: fig10 instances", "[cli][bad-input]") {
  auto fig10 = [](std::initializer_list<std::string> more) {
    std::vector<std::string> v{"study", "fig10", "--out", "@tmp/d", "--quiet"};
    v.insert(v.end(), more);
    return v;
  };
  check_rows({
      {fig10({"--instance", "file"}), "--instance file needs --file F.json"},
      {fig10({"--file", "F.json"}), "--file F.json is read only with --instance file"},
      {fig10({"--instance", "gaussian", "--file", "F.json"}), "add --instance file"},
      {fig10({"--m", "6"}), "--m is read only with --instance gaussian"},
      {fig10({"--instance", "pmc", "--seed", "3"}), "--seed is read only with --instance gaussian"},
      {fig10({"--instance", "gaussian", "--n", "4", "--eps", "0.3"}), "--eps is PMC's perturbation"},
      {fig10({"--instance", "file", "--file", "F.json", "--n", "4"}), "n is the file's; drop --n"},
      {fig10({"--instance", "gaussian", "--n", "4", "--r", "5"}), "--r 5 exceeds --n 4"},
      {fig10({"--instance", "gaussian", "--n", "4", "--m", "-1"}), "--m -1: give m >= 1"},
      {fig10({"--instance", "realworld"}), "fig10 runs on pmc, gaussian or file"},
      {fig10({"--instance", "file", "--file", "@tmp/nosuch.json", "--trials", "1"}), "nosuch.json"},
  });
}

// Issue 23: at a point that is not a certified spurious minimum, SOD's
// commands refuse and name both fixes: a --start, or `sodlift search`.
// basic's default point is a second_order_saddle (paper 1.1); GD on
// gaussian(4, 30, 2) from its default start reaches M* (a global_min).
TEST_CASE("bad input: not a spurious minimum points to search", "[cli][bad-input]") {
  check_rows({
      {{"closed-form", "--instance", "basic"},
       "Fix: pass --start near a spurious minimum, or find one with `sodlift search`"},
      {{"simulate", "--instance", "basic", "--t", "10"}, "or find one with `sodlift search`"},
      {{"closed-form", "--instance", "gaussian", "--n", "4", "--m", "30", "--r", "2"},
       "global_min"},
      {{"closed-form", "--instance", "gaussian", "--n", "4", "--m", "30", "--r", "2"},
       "find one with `sodlift search` (--save DIR"},
  });
}

// Issue 23: `study lifted-gd` takes --t (spec key "steps"; --steps is the old spelling).
TEST_CASE("bad input: study lifted-gd --t", "[cli][bad-input]") {
  check_rows({
      {{"study", "lifted-gd", "--out", "@tmp/d", "--t", "-1"}, "--t -1: must be >= 0 (e.g. --t 3000)"},
      {{"study", "lifted-gd", "--out", "@tmp/d", "--t", "x"}, "--t: 'x' is not a whole decimal number"},
      {{"study", "lifted-gd", "--out", "@tmp/d", "--steps", "-1"},
       "--t -1: must be >= 0 (e.g. --t 3000); note: --steps is the old spelling of --t"},
      {{"study", "lifted-gd", "--out", "@tmp/d", "--t", "5", "--steps", "5"}, "--t excludes --steps"},
  });
}
