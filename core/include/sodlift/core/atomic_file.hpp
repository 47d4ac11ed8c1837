// Atomic output files: every report, summary and CSV that sodlift writes goes
// through here, so an interrupted run (SIGKILL, power loss, full disk) leaves
// either the previous complete file or the new complete file, never a prefix
// that looks complete.
#pragma once

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

}  // namespace sodlift
