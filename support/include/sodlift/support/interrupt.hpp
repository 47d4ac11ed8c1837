// Clean stop of long runs on SIGINT / SIGTERM. The convention every sodlift
// command follows: one line on stderr saying what was interrupted and what
// (not) was written, exit status 128 + signal number (130 for SIGINT, 143 for
// SIGTERM, as a shell reports them), and no half-written output: the
// temporary files of outputs in flight (atomic_file.hpp) are removed, so only
// complete files from earlier writes remain.
#pragma once

#include <string>

namespace sodlift {

// Installs the handlers for SIGINT and SIGTERM. `message` completes
// "sodlift: interrupted by SIGINT; " (e.g. "no report written; run again").
// The handler only uses async-signal-safe calls (write, unlink, _exit).
void exit_cleanly_on_interrupt(const std::string& message);

// Temporary output files the handler removes (used by atomic_file.cpp; at
// most a handful are open at once). Both are no-ops for an empty path.
void register_temporary_file(const std::string& path);
void unregister_temporary_file(const std::string& path);

}  // namespace sodlift

namespace sodlift {
// Cooperative stop for library callers (the Python module releases the GIL
// and turns SIGINT into request_interrupt()): the long loops (GD, the Newton
// and GD stages of refinement, exact PGD in S, lifted descent) call
// poll_interrupt(), which throws interrupted_error once a stop was requested.
// request_interrupt() is async-signal-safe (one atomic store). The program
// does not use this: its handler above exits directly.
void request_interrupt() noexcept;
void clear_interrupt() noexcept;
bool interrupt_requested() noexcept;
void poll_interrupt();  // throws interrupted_error when requested
}  // namespace sodlift
