// Error types: every bad input gets a message naming the problem and the fix.
#pragma once
#include <stdexcept>
#include <string>

namespace sodlift {

// Bad user input (sizes, symmetry, NaN/Inf, even lifting order, ...).
struct input_error : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// A precondition about the mathematics does not hold (e.g. the point is not a
// certified spurious local minimum, Gram matrix singular where it must not be).
struct precondition_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A computation would exceed the memory budget.
struct memory_budget_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace sodlift

namespace sodlift {
// A long computation was stopped by request_interrupt() (interrupt.hpp).
struct interrupted_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};
}  // namespace sodlift
