// Memory budget shared by every allocation that grows with the instance
// (SPEC §5): estimate first, refuse with the estimate and the fix, never
// std::bad_alloc.
#pragma once

#include <cstddef>
#include <string>

namespace sodlift {

// Half of MemAvailable (/proc/meminfo), or 4 GiB when that cannot be read.
std::size_t default_memory_budget();
// "2G", "512M", "1024", "1.5T" (powers of 1024); throws input_error naming --mem-budget.
std::size_t parse_memory_size(const std::string& s);
// "1.5 GiB".
std::string format_bytes(long double bytes);
// The budget to use: `budget` when nonzero, else default_memory_budget().
std::size_t effective_memory_budget(std::size_t budget);
// "raise it with --mem-budget 3G": a budget that covers `bytes` with 25%
// headroom, in a spelling parse_memory_size accepts, saying when it is more
// than this machine has available, or that no budget can hold it (issue 23:
// a fix suggests only values that would work).
std::string raise_budget_hint(long double bytes);
// Throws memory_budget_error "<what> needs about X but the memory budget is Y;
// <hint>; raise_budget_hint(X)" when bytes > budget (0 = default budget).
void require_memory(long double bytes, std::size_t budget, const std::string& what,
                    const std::string& hint = "");

}  // namespace sodlift
