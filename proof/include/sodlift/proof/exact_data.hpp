// The instance's data as exact numbers (issue 25): what the proofs of proof/
// take as given. Every entry is an exact real written as a short string and
// read into an Arb ball that contains it (never via a binary type):
//   [-]NUM[/K]   NUM a decimal ("0.0783", "1e-3"), "sqrt(K)" or "Mp E" written
//                "<M>p<E>" (= M * 2^E, the exact value of a double);
//                /K divides by a positive integer.
// Built-in instances restate their definitions here: basic from the paper's
// (1.1) (sqrt(3)/2), realworld from the printed App. C.2 decimals
// (core's realworld_matrix_strings), pmc from --eps as typed, gaussian from
// the doubles the generator drew (exact binary values), files from the
// decimal strings in the file.
#pragma once

#include <string>
#include <vector>

#include "sodlift/core/instances.hpp"

namespace sodlift::proof {

// One term of a sensing matrix: A(i, j) += value (0-based).
struct ExactTerm {
  int i = 0, j = 0;
  std::string value;
};

struct ExactData {
  std::string name;
  int n = 0;
  int truth_rank = 0;
  std::vector<std::vector<ExactTerm>> A;  // m matrices, each a list of terms
  std::vector<std::string> Z;             // n x truth_rank, column-major
  std::string provenance;                 // where the exact numbers come from
};

// Throws input_error for specs that name no exact data (none today) or a
// file whose content cannot be read.
ExactData exact_data(const InstanceSpec& spec);

// The exact decimal of a double ("<M>p<E>", see above).
std::string exact_double(double x);

}  // namespace sodlift::proof
