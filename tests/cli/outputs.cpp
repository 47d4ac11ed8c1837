// Outputs are never half-written: a `validate` run stopped (SIGSTOP, then
// SIGKILL) right after it creates each of its output files must leave a
// report.json that is either absent or byte-identical to a complete one
// (--no-timestamps makes the JSON of equal inputs byte-identical), and the
// partial data only under a temporary name. SIGINT/SIGTERM end a run with
// exit 130/143, one line saying so, and no temporary left behind.
#include <signal.h>
#include <sys/inotify.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "process.hpp"

namespace fs = std::filesystem;
using sodlift::test::ProcessResult;
using sodlift::test::read_text;
using sodlift::test::Running;
using sodlift::test::start_process;
using sodlift::test::TempDir;
using sodlift::test::wait_process;

namespace {

// A small validate run: one instance, claims that take a second or two.
std::vector<std::string> validate_argv(const std::string& out) {
  return {sodlift::test::sodlift_binary(), "validate",        "--instances", "basic", "--only",
          "point-certified,orth-un-vr",    "--no-timestamps", "--out",       out};
}

bool is_temporary(const std::string& name) { return name.find(".tmp.") != std::string::npos; }

std::vector<std::string> temporaries(const std::string& dir) {
  std::vector<std::string> t;
  for (const auto& e : fs::directory_iterator(dir))
    if (is_temporary(e.path().filename().string())) t.push_back(e.path().filename().string());
  return t;
}

bool parses_as_json(const std::string& text) {
  try {
    return !nlohmann::json::parse(text).is_discarded();
  } catch (const std::exception&) {
    return false;
  }
}

// Starts validate into `dir` and SIGSTOPs it as soon as it creates its k-th
// temporary file (inotify: the event arrives while the writer is still in
// write/fsync). Returns the name of that temporary, or "" when the run ended
// first (fewer than k outputs).
std::string stop_at_kth_temporary(const std::string& dir, int k, Running& run) {
  const int fd = inotify_init1(IN_CLOEXEC);
  REQUIRE(fd >= 0);
  REQUIRE(inotify_add_watch(fd, dir.c_str(), IN_CREATE) >= 0);
  run = start_process(validate_argv(dir));
  int seen = 0;
  alignas(inotify_event) char buf[4096];
  const auto t0 = std::chrono::steady_clock::now();
  std::string hit;
  while (hit.empty()) {
    fd_set set;
    FD_ZERO(&set);
    FD_SET(fd, &set);
    timeval tv{0, 100000};
    if (select(fd + 1, &set, nullptr, nullptr, &tv) > 0) {
      const ssize_t n = read(fd, buf, sizeof buf);
      for (ssize_t off = 0; off < n;) {
        const auto* ev = reinterpret_cast<const inotify_event*>(buf + off);
        const std::string name = ev->len ? ev->name : "";
        if (is_temporary(name) && ++seen == k) {
          kill(run.pid, SIGSTOP);
          hit = name;
          break;
        }
        off += static_cast<ssize_t>(sizeof(inotify_event) + ev->len);
      }
    }
    int status = 0;
    if (hit.empty() && waitpid(run.pid, &status, WNOHANG) == run.pid) {
      run.pid = -1;  // finished before its k-th output
      std::remove(run.out_path.c_str());
      std::remove(run.err_path.c_str());
      break;
    }
    if (std::chrono::steady_clock::now() - t0 > std::chrono::seconds(600)) break;
  }
  close(fd);
  return hit;
}

}  // namespace

TEST_CASE("validate killed while writing leaves no half-written report", "[cli][atomic]") {
  TempDir tmp;
  // Reference: one complete run.
  const std::string ref_dir = tmp.path + "/ref";
  ProcessResult ref = wait_process(start_process(validate_argv(ref_dir)), 600);
  REQUIRE(ref.exit_code == 0);
  const std::string complete = read_text(ref_dir + "/report.json");
  REQUIRE(parses_as_json(complete));
  CHECK(temporaries(ref_dir).empty());
  // Files sodlift itself writes (through a temporary); gnuplot writes the SVGs.
  int outputs = 0;
  for (const auto& e : fs::directory_iterator(ref_dir)) {
    const std::string ext = e.path().extension().string();
    if (ext == ".json" || ext == ".md" || ext == ".csv" || ext == ".gp") ++outputs;
  }
  REQUIRE(outputs >= 2);  // at least report.json and report.md

  // Stop at every output in turn, into a directory that already holds the
  // complete report of an earlier run (the case where a prefix would be
  // mistaken for a result) and into an empty one.
  int caught_mid_write = 0;
  bool finished_early = false;
  for (int k = 1; k <= outputs && !finished_early; ++k) {
    for (const bool had_report : {true, false}) {
      const std::string dir = tmp.path + "/k" + std::to_string(k) + (had_report ? "a" : "b");
      fs::create_directories(dir);
      if (had_report) fs::copy_file(ref_dir + "/report.json", dir + "/report.json");
      Running run;
      const std::string hit = stop_at_kth_temporary(dir, k, run);
      INFO("output " << k << (had_report ? ", earlier report present" : ", empty directory")
                     << ", stopped at " << hit);
      if (run.pid < 0) {  // fewer outputs than the reference run: nothing left to stop at
        finished_early = true;
        break;
      }
      REQUIRE(!hit.empty());
      if (fs::exists(dir + "/" + hit)) ++caught_mid_write;
      kill(run.pid, SIGKILL);
      kill(run.pid, SIGCONT);
      const ProcessResult r = wait_process(run, 30);
      CHECK(r.term_signal == SIGKILL);
      if (fs::exists(dir + "/report.json")) {
        CHECK(read_text(dir + "/report.json") == complete);
      } else {
        CHECK_FALSE(had_report);
      }
    }
  }
  // The checks above are only meaningful if some stops happened mid-write.
  CHECK(caught_mid_write > 0);
}

TEST_CASE("validate stops cleanly on SIGINT and SIGTERM", "[.][cli][signals][triage]") {
  for (const int sig : {SIGINT, SIGTERM}) {
    TempDir tmp;
    const std::string dir = tmp.path + "/out";
    // A run long enough to be interrupted: all claims on two instances.
    Running run = start_process({sodlift::test::sodlift_binary(), "validate", "--instances",
                                 "basic,realworld", "--out", dir});
    // Wait for the first progress line, i.e. until the checks are running.
    const auto t0 = std::chrono::steady_clock::now();
    while (read_text(run.err_path).find("[validate") == std::string::npos &&
           std::chrono::steady_clock::now() - t0 < std::chrono::seconds(120))
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    kill(run.pid, sig);
    const ProcessResult r = wait_process(run, 60);
    INFO("signal " << sig << ", stderr: " << r.err);
    CHECK_FALSE(r.timed_out);
    CHECK(r.term_signal == 0);
    CHECK(r.exit_code == 128 + sig);
    CHECK(r.err.find(std::string("interrupted by ") + (sig == SIGINT ? "SIGINT" : "SIGTERM")) !=
          std::string::npos);
    CHECK(r.err.find("no report written") != std::string::npos);
    CHECK_FALSE(fs::exists(dir + "/report.json"));
    if (fs::exists(dir)) CHECK(temporaries(dir).empty());
  }
}

TEST_CASE("validate refuses an unwritable --out before computing", "[cli][atomic]") {
  TempDir tmp;
  const std::string file = tmp.file("plain-file", "x");
  const ProcessResult r = wait_process(start_process({sodlift::test::sodlift_binary(), "validate",
                                                      "--full", "--out", file + "/sub"}),
                                       120);
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("--out '" + file + "/sub'") != std::string::npos);
  // A --full run takes minutes; a refusal up front takes well under that.
  CHECK(r.seconds < 30);
}
