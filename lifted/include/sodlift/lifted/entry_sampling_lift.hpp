// The lifted objective and gradient for ENTRY-SAMPLING operators at the
// physical cost O(m^l) per evaluation (issue 21 item 3), never the dense
// N^l x N^l Kronecker operator and never the dense A_i.
//
// Definitions (SPEC §1, the same as lifted_problem.hpp): for a multi-index
// I = (i_1..i_l), K_I = B_{i_1} ⊗ ... ⊗ B_{i_l} with B_i = I_r ⊗ A_i,
//   y_I(w) = <w, K_I w>,  h^l(w) = 1/4 ||y(w) - b^{⊗l}||^2,
//   grad h^l(w) = sum_I (y_I(w) - b^{⊗l}_I) K_I w.
// An entry-sampling measurement is A_i = w_i (e_j e_k^T + e_k e_j^T)/2, so
// B_i is a sum of "oriented entries" (row, column, weight):
//   j != k: (c n + j, c n + k, w_i/2) and (c n + k, c n + j, w_i/2),
//   j == k: (c n + j, c n + j, w_i),                      c = 0..r-1,
// about E = 2 m r of them. K_I is then the sum over one oriented entry per
// mode of (prod of weights) e_J e_K^T, so
//   y_I = sum_{e_1..e_l, i(e_p) = i_p} (prod_p wt(e_p)) w[J(e)] w[K(e)],
//   (K_I w)[J] collects (prod_p wt(e_p)) w[K(e)] at J(e),
// and both y and grad are one pass over the E^l tuples of oriented entries
// (E^l = (2 m r)^l multiply-adds each; the dense Kronecker recursion of
// LiftedProblem costs ~ 2 m N^{2l-1}). The pass is a depth-l recursion over
// modes, the slowest mode outermost, with the partial index offsets and the
// partial weight product carried down; the innermost mode is a flat loop.
// Repeated entries are separate measurements (as in SensingProblem).
#pragma once

#include <cstddef>
#include <vector>

#include "sodlift/core/sensing.hpp"
#include "sodlift/lifted/lifted_problem.hpp"
#include "sodlift/lifted/tensor.hpp"

namespace sodlift::lifted {

template <class T>
class EntrySamplingLift {
 public:
  // P must be an entry-sampling operator (input_error otherwise). l >= 1
  // (odd or even: the gradient is defined for both; callers that collapse
  // need odd l). r >= 1. The memory needed (w, y, grad: N^l + 2 m^l scalars)
  // is checked against `budget` (0 = default) first.
  EntrySamplingLift(const SensingProblem<T>& P, int r, int l, std::size_t budget = 0);

  int n() const { return n_; }
  int r() const { return r_; }
  int N() const { return n_ * r_; }
  int m() const { return m_; }
  int order() const { return l_; }
  const SensingProblem<T>& sensing() const { return P_; }
  // b^{⊗l} (dim m, order l).
  const DenseTensor<T>& b_lifted() const { return bl_; }

  // y(w) = (<w, K_I w>)_I (dim m, order l).
  DenseTensor<T> measure(const DenseTensor<T>& w) const;
  // sum_I R_I K_I t (dim N, order l).
  DenseTensor<T> apply(const DenseTensor<T>& R, const DenseTensor<T>& t) const;
  // h^l(w) and grad h^l(w) from one measure() and one apply().
  ObjectiveGradient<T> objective_gradient(const DenseTensor<T>& w) const;
  T objective(const DenseTensor<T>& w) const;

  // Oriented entries per mode (E) and the inner iterations of one pass (E^l).
  std::size_t oriented_entries() const { return ent_.size(); }
  long double pass_iterations() const;

 private:
  struct Oriented {
    std::size_t i, j, k;  // measurement, row, column (within one mode)
    T wt;
  };
  void check_lifted(const DenseTensor<T>& t, const char* what) const;
  SensingProblem<T> P_;
  int n_ = 0, r_ = 0, m_ = 0, l_ = 0;
  std::vector<Oriented> ent_;
  std::vector<std::size_t> mpow_, Npow_;  // m^p, N^p
  DenseTensor<T> bl_;
};

}  // namespace sodlift::lifted
