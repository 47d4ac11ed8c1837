// libFuzzer target for the instance JSON reader, reached exactly as
// `sodlift ... --instance file --file PATH` reaches it: the input bytes are
// written to a file and make_instance<T> opens, parses and checks it.
//
// Contract under test: any byte string either yields an instance whose
// problem is consistent (sizes agree, entries finite) or is refused with
// sodlift::input_error (the CLI turns that into exit 2 and one line). Any
// other exception, a crash, a sanitizer report, a leak or a hang is a finding.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <typeinfo>

#include "sodlift/core/instances.hpp"
#include "sodlift/core/scalar.hpp"
#include "sodlift/support/errors.hpp"

namespace {

const std::string& scratch_path() {
  // One file per fuzzing process; /dev/shm keeps the write cheap.
  static const std::string path = [] {
    const char* dir = std::getenv("SODLIFT_FUZZ_TMPDIR");
    std::string d = dir ? dir : (access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    return d + "/sodlift-fuzz-instance." + std::to_string(::getpid()) + ".json";
  }();
  return path;
}

[[noreturn]] void finding(const char* what, const char* detail) {
  std::fprintf(stderr, "FINDING: %s: %s\n", what, detail);
  std::abort();
}

template <class T>
void load(const std::string& path) {
  sodlift::InstanceSpec spec;
  spec.name = "file";
  spec.file = path;
  try {
    const sodlift::Instance<T> inst = sodlift::make_instance<T>(spec);
    // An accepted instance must be internally consistent.
    const auto n = inst.problem.n();
    if (n <= 0 || inst.problem.m() <= 0) finding("accepted instance with empty size", "");
    if (inst.start.rows() != n || inst.start.cols() != inst.search_rank)
      finding("accepted instance whose start does not match n x search_rank", "");
  } catch (const sodlift::input_error&) {
    // The expected refusal.
  } catch (const std::exception& e) {
    finding(typeid(e).name(), e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = scratch_path();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return 0;
  if (size) std::fwrite(data, 1, size, f);
  std::fclose(f);
  // double takes strtod's path, bf50 (the CLI default) Boost's decimal parser.
  load<double>(path);
  load<sodlift::bf50>(path);
  return 0;
}
