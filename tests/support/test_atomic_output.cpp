// AtomicOutputFile (streamed outputs) and require_writable_file: the target
// path holds nothing until commit(), a destroyed uncommitted output leaves no
// trace, and unusable paths are refused with input_error naming them.
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "sodlift/support/atomic_file.hpp"
#include "sodlift/support/errors.hpp"

namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}
int entries(const fs::path& dir) {
  int k = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++k;
  return k;
}
struct ScratchDir {
  fs::path path = fs::temp_directory_path() / ("sodlift-atomic-output-test-" + std::to_string(::getpid()));
  ScratchDir() {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~ScratchDir() { fs::remove_all(path); }
};
}  // namespace

TEST_CASE("AtomicOutputFile shows the output only when committed", "[io]") {
  ScratchDir d;
  const fs::path out = d.path / "trajectory.csv";
  {
    std::ofstream(out) << "old,complete\n";
    sodlift::AtomicOutputFile f(out.string());
    f.stream() << "t,x\n0,1\n";
    // Mid-stream: the old file is untouched, the rows sit in a temporary.
    CHECK(slurp(out) == "old,complete\n");
    CHECK(entries(d.path) == 2);
    f.stream() << "1,2\n";
    f.commit();
  }
  CHECK(slurp(out) == "t,x\n0,1\n1,2\n");
  CHECK(entries(d.path) == 1);
}

TEST_CASE("AtomicOutputFile abandoned by an exception leaves the old file alone", "[io]") {
  ScratchDir d;
  const fs::path out = d.path / "trajectory.csv";
  std::ofstream(out) << "old,complete\n";
  try {
    sodlift::AtomicOutputFile f(out.string());
    f.stream() << "half a row,";
    throw std::runtime_error("computation failed");
  } catch (const std::runtime_error&) {
  }
  CHECK(slurp(out) == "old,complete\n");
  CHECK(entries(d.path) == 1);
}

TEST_CASE("require_writable_file refuses directories and missing parents", "[io]") {
  ScratchDir d;
  CHECK_NOTHROW(sodlift::require_writable_file((d.path / "new.csv").string(), "--csv"));
  CHECK(entries(d.path) == 0);  // the probe leaves nothing behind
  auto message = [](const std::string& path) {
    try {
      sodlift::require_writable_file(path, "--csv");
    } catch (const sodlift::input_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(message(d.path.string()).find("is a directory") != std::string::npos);
  const std::string missing = (d.path / "no" / "such" / "x.csv").string();
  CHECK(message(missing).find("'" + missing + "'") != std::string::npos);
  CHECK(message(missing).find("not an existing directory") != std::string::npos);
  CHECK_FALSE(fs::exists(d.path / "no"));  // parents are not created
  CHECK(message("").find("--csv is empty") != std::string::npos);
}
