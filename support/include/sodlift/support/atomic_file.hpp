// Atomic output files: every report, summary and CSV that sodlift writes goes
// through here, so an interrupted run (SIGKILL, power loss, full disk) leaves
// either the previous complete file or the new complete file, never a prefix
// that looks complete.
#pragma once

#include <fstream>
#include <string>

namespace sodlift {

// Writes `content` to `path`: a temporary file in the same directory
// (`path` + ".tmp.<pid>"), written, flushed and fsync'd, then rename(2)d over
// `path` (atomic within one file system). On any failure the temporary is
// removed and input_error is thrown naming the path, the system's reason and
// the fix (an output path is user input).
void write_file_atomic(const std::string& path, const std::string& content);

// Throws input_error (path, reason, fix) unless `dir` exists or can be
// created and a file can be created in it. Call before long computations so
// that an unwritable --out fails in the first second, not at the end.
void require_writable_dir(const std::string& dir, const std::string& flag);

// Throws input_error unless `path` can become a file: not a directory, its
// parent directory exists (it is not created) and is writable. For output
// files named on the command line, checked before long computations.
void require_writable_file(const std::string& path, const std::string& flag);

// An output written piece by piece (e.g. a CSV trajectory, row after row):
// the pieces go to `path`.tmp.<pid>; commit() flushes, fsyncs and renames it
// over `path`. Destroyed without commit() (an error, an exception) it removes
// the temporary, and an interrupt (interrupt.hpp) removes it too, so `path`
// never holds a prefix of the output.
class AtomicOutputFile {
 public:
  explicit AtomicOutputFile(std::string path);
  ~AtomicOutputFile();
  AtomicOutputFile(const AtomicOutputFile&) = delete;
  AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;
  std::ostream& stream() { return out_; }
  void commit();

 private:
  std::string path_, tmp_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace sodlift
