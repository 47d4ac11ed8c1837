// Cooperative interrupt flag (interrupt.hpp, "Cooperative stop").
#include <atomic>

#include "sodlift/support/errors.hpp"
#include "sodlift/support/interrupt.hpp"

namespace sodlift {

namespace {
std::atomic<bool> g_requested{false};
static_assert(std::atomic<bool>::is_always_lock_free, "request_interrupt must be async-signal-safe");
}  // namespace

void request_interrupt() noexcept { g_requested.store(true, std::memory_order_relaxed); }
void clear_interrupt() noexcept { g_requested.store(false, std::memory_order_relaxed); }
bool interrupt_requested() noexcept { return g_requested.load(std::memory_order_relaxed); }
void poll_interrupt() {
  if (g_requested.load(std::memory_order_relaxed))
    throw interrupted_error("interrupted: the computation was stopped before it finished; nothing was returned");
}

}  // namespace sodlift
