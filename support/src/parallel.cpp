// The worker budget and parallel_for (parallel.hpp).
#include "sodlift/support/parallel.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

namespace sodlift {

namespace {
// Budget and the helper slots in use, process-wide. The calling thread of a
// loop holds no slot (it is the thread that was already running), so at most
// 1 + (budget - 1) threads compute.
std::mutex g_mu;
std::condition_variable g_cv;
int g_budget = 1;
int g_busy = 0;
}  // namespace

void set_worker_budget(int n) {
  {
    std::lock_guard<std::mutex> l(g_mu);
    g_budget = std::max(1, n);
  }
  g_cv.notify_all();
}

int worker_budget() {
  std::lock_guard<std::mutex> l(g_mu);
  return g_budget;
}

int hardware_workers() {
  const unsigned h = std::thread::hardware_concurrency();
  return h == 0 ? 1 : static_cast<int>(std::min<unsigned>(h, 1024));
}

void parallel_for(std::size_t n, const std::function<void(std::size_t)>& fn) {
  if (n == 0) return;
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex err_mu;
  std::size_t err_index = std::numeric_limits<std::size_t>::max();
  std::exception_ptr err;
  // One item, or false when none is left.
  auto work_one = [&]() -> bool {
    if (stop.load()) return false;
    const std::size_t i = next.fetch_add(1);
    if (i >= n) return false;
    try {
      fn(i);
    } catch (...) {
      std::lock_guard<std::mutex> l(err_mu);
      if (i < err_index) err_index = i, err = std::current_exception();
      stop.store(true);
    }
    return true;
  };
  auto exhausted = [&] { return stop.load() || next.load() >= n; };
  const std::size_t helpers =
      std::min<std::size_t>(static_cast<std::size_t>(worker_budget() - 1), n - 1);
  std::vector<std::thread> threads;
  threads.reserve(helpers);
  for (std::size_t h = 0; h < helpers; ++h)
    threads.emplace_back([&] {
      for (;;) {
        {
          std::unique_lock<std::mutex> l(g_mu);
          g_cv.wait(l, [&] { return exhausted() || g_busy < g_budget - 1; });
          if (exhausted()) return;
          ++g_busy;
        }
        const bool did = work_one();
        {
          std::lock_guard<std::mutex> l(g_mu);
          --g_busy;
        }
        g_cv.notify_all();
        if (!did) return;
      }
    });
  while (work_one()) {
  }
  {
    // Wake helpers still waiting for a slot: nothing is left for them.
    std::lock_guard<std::mutex> l(g_mu);
  }
  g_cv.notify_all();
  for (auto& t : threads) t.join();
  if (err) std::rethrow_exception(err);
}

LendWhileWaiting::LendWhileWaiting() {
  {
    std::lock_guard<std::mutex> l(g_mu);
    --g_busy;
  }
  g_cv.notify_all();
}

LendWhileWaiting::~LendWhileWaiting() {
  // Taken back at once (not waited for): a moment over budget, never a deadlock.
  std::lock_guard<std::mutex> l(g_mu);
  ++g_busy;
}

}  // namespace sodlift
