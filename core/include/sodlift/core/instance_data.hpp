// The printed data of built-in instances, as the decimal strings that define
// them. make_instance rounds them to T; proof/ reads the same strings into
// Arb balls (the data as exact decimals, docs/proofs.md).
#pragma once

#include <vector>

namespace sodlift {

// Appendix C.2's six "real-world" sensing matrices exactly as printed: 3 x 3,
// row-major decimal strings (4 decimals).
const std::vector<std::vector<const char*>>& realworld_matrix_strings();

}  // namespace sodlift
