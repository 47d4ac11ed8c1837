#include "process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace sodlift::test {

const char* sodlift_binary() { return SODLIFT_BINARY; }
const char* source_dir() { return SODLIFT_SOURCE_DIR; }

ProcessResult run_sodlift(std::vector<std::string> args, double timeout_s, const std::string& workdir) {
  args.insert(args.begin(), sodlift_binary());
  return run_process(args, timeout_s, workdir);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "sodlift-test-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  path = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path, ec);
}

std::string TempDir::file(const std::string& name, const std::string& content) const {
  const std::string p = path + "/" + name;
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

Running start_process(const std::vector<std::string>& argv, const std::string& workdir) {
  static int counter = 0;
  Running r;
  const std::string base =
      (std::filesystem::temp_directory_path() /
       ("sodlift-proc-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
          .string();
  r.out_path = base + ".out";
  r.err_path = base + ".err";
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    const int in = ::open("/dev/null", O_RDONLY);
    const int out = ::open(r.out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(r.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) ::_exit(127);
    ::dup2(in, 0);
    ::dup2(out, 1);
    ::dup2(err, 2);
    if (!workdir.empty() && ::chdir(workdir.c_str()) != 0) ::_exit(127);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  r.pid = pid;
  return r;
}

ProcessResult wait_process(const Running& r, double timeout_s) {
  ProcessResult res;
  const auto t0 = std::chrono::steady_clock::now();
  int status = 0;
  for (;;) {
    const pid_t w = ::waitpid(r.pid, &status, WNOHANG);
    if (w == r.pid) break;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (s > timeout_s) {
      ::kill(r.pid, SIGKILL);
      ::waitpid(r.pid, &status, 0);
      res.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (WIFEXITED(status)) res.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) res.term_signal = WTERMSIG(status);
  res.out = read_text(r.out_path);
  res.err = read_text(r.err_path);
  std::remove(r.out_path.c_str());
  std::remove(r.err_path.c_str());
  return res;
}

ProcessResult run_process(const std::vector<std::string>& argv, double timeout_s,
                          const std::string& workdir) {
  return wait_process(start_process(argv, workdir), timeout_s);
}

}  // namespace sodlift::test
