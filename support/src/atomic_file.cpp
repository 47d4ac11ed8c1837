// Atomic file writes (see atomic_file.hpp for why).
#include "sodlift/support/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "sodlift/support/errors.hpp"
#include "sodlift/support/interrupt.hpp"

namespace sodlift {

namespace {
[[noreturn]] void fail(const std::string& path, const std::string& what, int err) {
  throw input_error("cannot write '" + path + "': " + what + ": " + std::strerror(err) +
                    "; choose a writable output path (check the directory exists, permissions "
                    "and free space)");
}

std::string temporary_name(const std::string& path) { return path + ".tmp." + std::to_string(::getpid()); }

// fsync(2) of a closed file, then rename(2) over `path`; removes `tmp` on failure.
void sync_and_rename(const std::string& tmp, const std::string& path) {
  const int fd = ::open(tmp.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int err = errno;
    if (fd >= 0) ::close(fd);
    ::unlink(tmp.c_str());
    fail(path, "flush failed", err);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(path, "rename failed", err);
  }
}

// Removes the temporary also when a signal ends the process mid-write.
struct TemporaryGuard {
  explicit TemporaryGuard(const std::string& p) : path(p) { register_temporary_file(path); }
  ~TemporaryGuard() { unregister_temporary_file(path); }
  std::string path;
};

}  // namespace

void write_file_atomic(const std::string& path, const std::string& content) {
  const std::string tmp = temporary_name(path);
  const TemporaryGuard guard(tmp);
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
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    fail(path, "flush failed", err);
  }
  sync_and_rename(tmp, path);
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

namespace sodlift {

void require_writable_file(const std::string& path, const std::string& flag) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (path.empty()) throw input_error(flag + " is empty; give a file path");
  if (fs::is_directory(path, ec))
    throw input_error(flag + " '" + path + "' is a directory; give a file path inside it");
  fs::path parent = fs::path(path).parent_path();
  if (parent.empty()) parent = ".";
  if (!fs::is_directory(parent, ec))
    throw input_error(flag + " '" + path + "': '" + parent.string() +
                      "' is not an existing directory; create it or choose another path");
  require_writable_dir(parent.string(), flag);
}

AtomicOutputFile::AtomicOutputFile(std::string path)
    : path_(std::move(path)), tmp_(temporary_name(path_)) {
  register_temporary_file(tmp_);
  out_.open(tmp_, std::ios::binary | std::ios::trunc);
  if (!out_) {
    const int err = errno;
    unregister_temporary_file(tmp_);
    fail(path_, "cannot create temporary file", err);
  }
}

AtomicOutputFile::~AtomicOutputFile() {
  if (committed_) return;
  out_.close();
  ::unlink(tmp_.c_str());
  unregister_temporary_file(tmp_);
}

void AtomicOutputFile::commit() {
  out_.flush();
  const bool ok = static_cast<bool>(out_);
  out_.close();
  committed_ = true;
  unregister_temporary_file(tmp_);
  if (!ok) {
    ::unlink(tmp_.c_str());
    fail(path_, "write failed", EIO);
  }
  sync_and_rename(tmp_, path_);
}

}  // namespace sodlift
