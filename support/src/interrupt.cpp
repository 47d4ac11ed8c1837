// Signal handling for long runs (see interrupt.hpp for the convention).
#include "sodlift/support/interrupt.hpp"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstring>

namespace sodlift {

namespace {

// Fixed storage: the handler may not allocate. A slot is claimed (free ->
// writing) by compare-exchange, and the handler reads it only once it is
// `ready`, i.e. after the path was copied.
constexpr int kSlots = 16;
constexpr std::size_t kPathMax = 4096;
enum SlotState : int { kFree = 0, kWriting = 1, kReady = 2 };
struct Slot {
  std::atomic<int> state{kFree};
  char path[kPathMax];
};
Slot g_slots[kSlots];
char g_message[1024];
std::size_t g_message_len = 0;

void write_all(const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t k = ::write(2, p, n);
    if (k <= 0) return;
    p += k;
    n -= static_cast<std::size_t>(k);
  }
}

extern "C" void on_interrupt(int sig) {
  for (Slot& s : g_slots)
    if (s.state.load() == kReady) ::unlink(s.path);
  const char* name = sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "a signal";
  static const char kPrefix[] = "\nsodlift: interrupted by ";
  write_all(kPrefix, sizeof kPrefix - 1);
  write_all(name, std::strlen(name));
  write_all("; ", 2);
  write_all(g_message, g_message_len);
  write_all("\n", 1);
  ::_exit(128 + sig);
}

}  // namespace

void exit_cleanly_on_interrupt(const std::string& message) {
  g_message_len = std::min(message.size(), sizeof(g_message) - 1);
  std::memcpy(g_message, message.data(), g_message_len);
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sigaddset(&sa.sa_mask, SIGINT);
  sigaddset(&sa.sa_mask, SIGTERM);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

void register_temporary_file(const std::string& path) {
  if (path.empty() || path.size() >= kPathMax) return;
  for (Slot& s : g_slots) {
    int expected = kFree;
    if (!s.state.compare_exchange_strong(expected, kWriting)) continue;
    std::memcpy(s.path, path.c_str(), path.size() + 1);
    s.state.store(kReady);
    return;
  }
}

void unregister_temporary_file(const std::string& path) {
  for (Slot& s : g_slots)
    if (s.state.load() == kReady && path == s.path) {
      s.state.store(kFree);
      return;
    }
}

}  // namespace sodlift
