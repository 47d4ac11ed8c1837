// Spawning the built `sodlift` binary from tests: exit status, signal,
// timeout and captured output, without a shell in between (arguments reach
// the program byte for byte, e.g. "" or " 3").
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace sodlift::test {

// Absolute paths baked in by CMake.
const char* sodlift_binary();
const char* source_dir();

struct ProcessResult {
  int exit_code = -1;      // when it exited normally
  int term_signal = 0;     // when a signal ended it
  bool timed_out = false;  // killed by us after the timeout
  std::string out, err;    // stdout, stderr
  double seconds = 0;
};

// Runs argv[0] with the arguments, stdin from /dev/null, in `workdir` if not
// empty; SIGKILLs it after `timeout_s` seconds.
ProcessResult run_process(const std::vector<std::string>& argv, double timeout_s,
                          const std::string& workdir = "");

// Starts the program and returns at once; the caller waits with wait_process.
struct Running {
  pid_t pid = -1;
  std::string out_path, err_path;
};
Running start_process(const std::vector<std::string>& argv, const std::string& workdir = "");
ProcessResult wait_process(const Running& r, double timeout_s);

// A fresh empty directory under the system temp dir, removed by the destructor.
struct TempDir {
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path;
  std::string file(const std::string& name,
                   const std::string& content) const;  // writes, returns path
};

std::string read_text(const std::string& path);

// Runs the built `sodlift` binary with these arguments (the program name is
// put in front), as run_process does.
ProcessResult run_sodlift(std::vector<std::string> args, double timeout_s = 120, const std::string& workdir = "");

}  // namespace sodlift::test
