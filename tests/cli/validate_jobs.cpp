// `sodlift validate -j N` runs claims and study trials in parallel
// (support/parallel.hpp). The report must not depend on N: report.json and
// report.md under --no-timestamps are byte-identical between -j1 (the serial
// order of the registry) and -j3 (more threads than this machine may have, so
// claims, the Monte Carlo population and the fig10 trials interleave).
// The claims chosen cover the three kinds of parallel work: per-instance
// claims on every built-in instance, the Monte Carlo population shared by the
// thm4.4 claims (computed by one claim while the others wait) and the fig10
// study's trials.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "process.hpp"

using sodlift::test::ProcessResult;
using sodlift::test::read_text;
using sodlift::test::TempDir;

namespace {
ProcessResult validate_with_jobs(const std::string& out, const std::string& jobs) {
  return sodlift::test::run_process(
      {sodlift::test::sodlift_binary(), "validate", "--no-timestamps", "--out", out, "-j", jobs,
       "--only", "table2,prop4.2,thm4.4-case1,thm4.4-case3,fig10"},
      900);
}
}  // namespace

TEST_CASE("validate -j3 writes the same report.json and report.md as -j1", "[cli][jobs]") {
  TempDir d;
  const std::string a = d.path + "/j1", b = d.path + "/j3";
  const ProcessResult r1 = validate_with_jobs(a, "1");
  INFO(r1.err);
  REQUIRE(r1.exit_code == 0);
  const ProcessResult r3 = validate_with_jobs(b, "3");
  INFO(r3.err);
  REQUIRE(r3.exit_code == 0);
  CHECK(r1.err.find("1 thread,") != std::string::npos);
  CHECK(r3.err.find("3 threads,") != std::string::npos);
  const std::string j1 = read_text(a + "/report.json"), j3 = read_text(b + "/report.json");
  REQUIRE(j1.size() > 1000);
  // The selection ran: every chosen claim is in the report.
  for (const char* id : {"\"table2.T1\"", "\"prop4.2\"", "\"thm4.4-case1\"", "\"fig10\""})
    CHECK(j1.find(id) != std::string::npos);
  CHECK(j1 == j3);
  CHECK(read_text(a + "/report.md") == read_text(b + "/report.md"));
}

TEST_CASE("validate -j refuses a thread count below 1", "[cli][jobs]") {
  TempDir d;
  const ProcessResult r = sodlift::test::run_process(
      {sodlift::test::sodlift_binary(), "validate", "-j", "0", "--out", d.path + "/r"}, 60);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("-j 0") != std::string::npos);
  CHECK(r.err.find('\n') == r.err.size() - 1);  // one line
}
