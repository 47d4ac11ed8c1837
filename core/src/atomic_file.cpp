// Atomic file writes (see atomic_file.hpp for why).
#include "sodlift/core/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "sodlift/core/errors.hpp"

namespace sodlift {

namespace {
[[noreturn]] void fail(const std::string& path, const std::string& what, int err) {
  throw input_error("cannot write '" + path + "': " + what + ": " + std::strerror(err) +
                    "; choose a writable output path (check the directory exists, permissions "
                    "and free space)");
}
}  // namespace

void write_file_atomic(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail(path, "cannot create temporary file", errno);
  const char* p = content.data();
  std::size_t left = content.size();
  while (left > 0) {
    const ssize_t k = ::write(fd, p, left);
    if (k < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      fail(path, "write failed", err);
    }
    p += k;
    left -= static_cast<std::size_t>(k);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(path, "flush failed", err);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(path, "rename failed", err);
  }
}

void require_writable_dir(const std::string& dir, const std::string& flag) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir))
    throw input_error(flag + " '" + dir + "': cannot create directory (" +
                      (ec ? ec.message() : std::string("not a directory")) +
                      "); choose a writable path");
  const std::string probe =
      (fs::path(dir) / (".sodlift-write-probe." + std::to_string(::getpid()))).string();
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    throw input_error(flag + " '" + dir + "': not writable (" + std::strerror(errno) +
                      "); choose a writable path");
  ::close(fd);
  ::unlink(probe.c_str());
}

}  // namespace sodlift
