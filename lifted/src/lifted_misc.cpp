// Scalar-independent pieces of lifted/: sizes, memory budget, names.
#include <cmath>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <fstream>
#include <sstream>
#include <string>

#include "sodlift/lifted/descent.hpp"
#include "sodlift/lifted/lifted_problem.hpp"
#include "sodlift/lifted/tensor.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift/support/memory.hpp"

namespace sodlift::lifted {

std::size_t tensor_entries(int dim, int order) {
  long double e = std::pow(static_cast<long double>(dim), order);
  if (e > 1e18L)
    throw memory_budget_error("tensor with " + std::to_string(dim) + "^" + std::to_string(order) +
                              " entries cannot be addressed");
  std::size_t n = 1;
  for (int p = 0; p < order; ++p) n *= static_cast<std::size_t>(dim);
  return n;
}

const char* to_string(Backend b) {
  switch (b) {
    case Backend::eigen:
      return "eigen";
    case Backend::xtensor:
      return "xtensor";
    case Backend::naive:
      return "naive";
  }
  return "?";
}

// The budget helpers live in support/ (memory.hpp): one implementation for every
// allocation that grows with the instance.
std::size_t default_memory_budget() { return ::sodlift::default_memory_budget(); }

std::size_t parse_memory_size(const std::string& s) { return ::sodlift::parse_memory_size(s); }

std::string format_bytes(long double bytes) { return ::sodlift::format_bytes(bytes); }

void retain_freed_memory() {
#ifdef __GLIBC__
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

long double lifted_gradient_madds(int N, int m, int l) {
  const long double Nl = N, ml = m;
  long double c = 2 * ml * (std::pow(Nl, 2 * l - 1) + std::pow(Nl, l + 1));
  for (int k = 1; k <= l - 1; ++k) c += 2 * std::pow(ml, l - k + 1) * std::pow(Nl, 2 * k);
  return c;
}

long double lifted_bytes_estimate(int N, int m, int l, std::size_t scalar_bytes) {
  // Kronecker recursion (lifted_problem.hpp): the measure keeps the top pair
  // matrix (N^{2(l-1)}) and one pair matrix per lower level (N^{2k},
  // k = 1..l-2); the operator keeps the top P_i and m children per lower level.
  const long double top = std::pow((long double)N, 2 * (l - 1));
  long double levels = 0;
  for (int k = 1; k <= l - 2; ++k) levels += std::pow((long double)N, 2 * k);
  const long double chain = 2 * top + (m + 1) * levels;
  // Working tensors of a TPGD step: 18 sub-terms + iterates + generators
  // (~32 of N^l) and residual pieces (~12 of m^l).
  const long double NL = std::pow((long double)N, l), ML = std::pow((long double)m, l);
  return (chain + 32 * NL + 12 * ML) * (long double)scalar_bytes;
}

const std::array<SubtermName, 18> kSubtermNames = {{
    {"term0", "a", "R0"},
    {"H_1^1", "b", "R0"},
    {"H_1^2", "c", "R0"},
    {"H_2^1", "a", "R_ab"},
    {"H_2^2", "a", "R_bb"},
    {"H_2^3", "b", "R_ab"},
    {"H_2^4", "b", "R_bb"},
    {"H_2^5", "c", "R_ab"},
    {"H_2^6", "c", "R_bb"},
    {"H_3^1", "a", "R_ac"},
    {"H_3^2", "a", "R_cc"},
    {"H_3^3", "b", "R_ac"},
    {"H_3^4", "b", "R_cc"},
    {"H_3^5", "c", "R_ac"},
    {"H_3^6", "c", "R_cc"},
    {"H_4^1", "a", "R_bc"},
    {"H_4^2", "b", "R_bc"},
    {"H_4^3", "c", "R_bc"},
}};

}  // namespace sodlift::lifted
