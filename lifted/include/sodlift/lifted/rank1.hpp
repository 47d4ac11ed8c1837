// Best symmetric rank-1 approximation of a symmetric lifted tensor
// (SPEC §2.2): maximise lambda(v) = <w, v^{⊗l}> over unit v by the shifted
// symmetric higher-order power method (SS-HOPM, Kolda & Mayo 2011):
//   v <- normalise(w v^{l-1} + alpha v),
// alpha = 0 while lambda increases, else the convexifying shift
// alpha = (l-1) ||w||_F (which guarantees a monotone increase). l is odd, so
// v -> -v flips lambda and every start is oriented to lambda >= 0. Collapse:
//   X = sign(lambda) |lambda|^{1/l} unvec(v)  (n x r, column-major).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sodlift/lifted/tensor.hpp"

namespace sodlift::lifted {

template <class T>
struct Rank1Start {
  std::string name;
  T lambda = 0;
  T residual = 0;  // ||w - lambda v^{⊗l}|| / ||w||
  int iterations = 0;
  bool converged = false;
};

template <class T>
struct Rank1Result {
  T lambda = 0;                       // <w, v^{⊗l}> at the best start
  Vec<T> v;                           // unit vector, length N
  Mat<T> X;                           // sign(lambda)|lambda|^{1/l} unvec(v), n x r
  T residual = 0;                     // ||w - lambda v^{⊗l}||_F / ||w||_F, from the dense tensor
  std::string start;                  // which start won
  std::vector<Rank1Start<T>> starts;  // every start, in order
};

// `starts`: named start vectors (length N; e.g. the generating vectors of a,
// b, c); the method adds the dominant left singular vector of the mode-1
// unfolding ("hosvd") and e_1..e_N. Throws input_error when w is not
// symmetric (to round-off), when n*r != dim, or a start has the wrong length.
template <class T>
Rank1Result<T> best_rank1(const DenseTensor<T>& w, int n, int r,
                          const std::vector<std::pair<std::string, Vec<T>>>& starts = {},
                          int max_iter = 20000);

// w v^{l-1}: contraction of every mode but the first with v (length N).
template <class T>
Vec<T> contract_all_but_one(const DenseTensor<T>& w, const Vec<T>& v);

}  // namespace sodlift::lifted
