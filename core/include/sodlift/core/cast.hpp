// Converting matrices and sensing problems between scalars (e.g. the double
// stage of the critical-point search, GD runs in double at scale).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sodlift/core/sensing.hpp"
#include "sodlift/support/memory.hpp"

namespace sodlift {

template <class U, class T>
Mat<U> cast_matrix(const Mat<T>& M) {
  Mat<U> R(M.rows(), M.cols());
  for (Eigen::Index j = 0; j < M.cols(); ++j)
    for (Eigen::Index i = 0; i < M.rows(); ++i) R(i, j) = static_cast<U>(M(i, j));
  return R;
}

// The same operator (same representation, same memory budget) in U; the dense
// copy is checked against the budget first.
template <class U, class T>
SensingProblem<U> cast_problem(const SensingProblem<T>& P) {
  if (P.kind() == OperatorKind::entry_sampling) {
    std::vector<SampledEntry<U>> E;
    E.reserve(P.m());
    for (const auto& e : P.entries()) E.push_back({e.i, e.j, static_cast<U>(e.w)});
    return SensingProblem<U>(P.n(), std::move(E), cast_matrix<U>(P.Z()), P.memory_budget());
  }
  require_memory(static_cast<long double>(P.m()) * P.n() * P.n() * sizeof(U), P.memory_budget(),
                 std::string("a copy of the dense operator in ") + scalar_name<U>::value);
  std::vector<Mat<U>> A;
  A.reserve(P.m());
  for (const auto& Ai : P.A()) A.push_back(cast_matrix<U>(Ai));
  SensingProblem<U> out(std::move(A), cast_matrix<U>(P.Z()));
  out.set_memory_budget(P.memory_budget());
  return out;
}

}  // namespace sodlift
