// write_file_atomic / require_writable_dir: content round-trips, no temporary
// is left behind, and failures are input_error naming the path.
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sodlift/support/atomic_file.hpp"
#include "sodlift/support/errors.hpp"

namespace fs = std::filesystem;

TEST_CASE("write_file_atomic replaces the file whole and leaves no temporary", "[io]") {
  const fs::path dir = fs::temp_directory_path() / ("sodlift-atomic-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string path = (dir / "out.txt").string();
  sodlift::write_file_atomic(path, "first\n");
  sodlift::write_file_atomic(path, "second, longer\n");
  std::ifstream f(path);
  std::stringstream ss;
  ss << f.rdbuf();
  CHECK(ss.str() == "second, longer\n");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++entries;
  CHECK(entries == 1);
  fs::remove_all(dir);
}

TEST_CASE("write_file_atomic and require_writable_dir refuse unwritable places", "[io]") {
  // A regular file used as a directory fails for root as well (ENOTDIR).
  const fs::path file = fs::temp_directory_path() / ("sodlift-atomic-notadir-" + std::to_string(::getpid()));
  { std::ofstream(file) << "x"; }
  const std::string bad = (file / "out.txt").string();
  try {
    sodlift::write_file_atomic(bad, "x");
    FAIL("expected input_error");
  } catch (const sodlift::input_error& e) {
    CHECK(std::string(e.what()).find(bad) != std::string::npos);
  }
  CHECK_THROWS_AS(sodlift::require_writable_dir((file / "sub").string(), "--out"),
                  sodlift::input_error);
  fs::remove(file);
}
