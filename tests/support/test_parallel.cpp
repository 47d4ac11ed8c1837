// parallel_for and the worker budget (support/parallel.hpp): every item once,
// the serial exception, nested loops within the budget and without deadlock.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "sodlift/support/parallel.hpp"

using namespace sodlift;

namespace {
struct Budget {  // restores the default (1) after each test
  explicit Budget(int n) { set_worker_budget(n); }
  ~Budget() { set_worker_budget(1); }
};
// Tracks how many calls run at the same time.
struct Concurrency {
  std::atomic<int> now{0}, peak{0};
  void enter() {
    const int k = ++now;
    int p = peak.load();
    while (k > p && !peak.compare_exchange_weak(p, k)) {
    }
  }
  void leave() { --now; }
};
}  // namespace

TEST_CASE("parallel_for calls every index once, for every budget", "[support][parallel]") {
  for (int b : {1, 2, 5}) {
    Budget g(b);
    CHECK(worker_budget() == b);
    for (std::size_t n : {0u, 1u, 7u, 200u}) {
      std::vector<std::atomic<int>> hits(n);
      parallel_for(n, [&](std::size_t i) { ++hits[i]; });
      for (std::size_t i = 0; i < n; ++i) CHECK(hits[i].load() == 1);
    }
  }
  set_worker_budget(0);  // clamped
  CHECK(worker_budget() == 1);
  CHECK(hardware_workers() >= 1);
}

TEST_CASE("parallel_for rethrows the exception of the lowest index", "[support][parallel]") {
  Budget g(4);
  // Items 3 and 9 throw; 3 is the one a serial loop would have thrown.
  try {
    parallel_for(40, [](std::size_t i) {
      if (i == 9) throw std::runtime_error("nine");
      if (i == 3) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        throw std::runtime_error("three");
      }
    });
    FAIL("no exception");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) == "three");
  }
}

TEST_CASE("nested parallel_for stays within the budget and finishes", "[support][parallel]") {
  for (int b : {1, 2, 3}) {
    Budget g(b);
    Concurrency c;
    std::atomic<int> inner{0};
    parallel_for(4, [&](std::size_t) {
      parallel_for(6, [&](std::size_t) {
        c.enter();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        ++inner;
        c.leave();
      });
    });
    CHECK(inner.load() == 24);
    INFO("budget " << b << ", peak " << c.peak.load());
    CHECK(c.peak.load() <= b);
    if (b == 1) CHECK(c.peak.load() == 1);
  }
}

TEST_CASE("a thread waiting under LendWhileWaiting lends its share", "[support][parallel]") {
  Budget g(2);
  // Item 0 waits until item 1 ran: with budget 2 and the lent share, item 1
  // gets a thread even though item 0's thread holds the only helper slot or
  // the caller's; without lending it would still finish (the caller works
  // alone), so this checks completion and the count.
  std::atomic<bool> one{false};
  std::atomic<int> done{0};
  parallel_for(3, [&](std::size_t i) {
    if (i == 0) {
      LendWhileWaiting lend;
      for (int k = 0; k < 2000 && !one.load(); ++k)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (i == 1) one = true;
    ++done;
  });
  CHECK(done.load() == 3);
  CHECK(one.load());
}
