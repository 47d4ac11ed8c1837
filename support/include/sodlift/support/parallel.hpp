// A process-wide budget of computing threads, and a parallel loop that keeps
// to it even when loops nest (validate runs claims in parallel, and the fig10
// claim runs its trials in parallel inside one of them).
//
// Results must not depend on the thread count: parallel_for hands out the
// items in increasing index order and the caller stores each item's result by
// its index, so the output is the serial output (tests/cli/validate_jobs.cpp
// compares `validate -j1` with `-j3` byte for byte).
#pragma once

#include <cstddef>
#include <functional>

namespace sodlift {

// How many threads may compute at once in this process (>= 1). The default
// is 1: the library is serial unless a program asks (`sodlift validate -j N`).
void set_worker_budget(int n);
int worker_budget();
// std::thread::hardware_concurrency(), at least 1 (the `-j` default).
int hardware_workers();

// Calls fn(i) once for every i in [0, n). The calling thread works through
// the items; helper threads join in, each taking one slot of the budget per
// item, so nested loops share the budget instead of multiplying it, and a
// loop always progresses on its caller's thread alone. If some fn(i) throw,
// no new item starts, the started ones finish, and the exception of the
// lowest index is rethrown: the one a serial loop would have thrown (items
// start in index order, so every lower index ran).
void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn);

// Around a wait for another thread (e.g. a lock held while a shared result
// is computed, which may itself use parallel_for): the waiting thread lends
// its share of the budget to the other threads until the wait ends.
class LendWhileWaiting {
 public:
  LendWhileWaiting();
  ~LendWhileWaiting();
  LendWhileWaiting(const LendWhileWaiting&) = delete;
  LendWhileWaiting& operator=(const LendWhileWaiting&) = delete;
};

}  // namespace sodlift
