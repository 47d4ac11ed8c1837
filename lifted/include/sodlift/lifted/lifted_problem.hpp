// The lifted problem (SPEC §1, §2.2; paper (2.1), (P2), Lemma A.1), built
// from the definitions with no rank-1 shortcut:
//   B_i := I_r ⊗ A_i           (acts on vec(X): B_i vec X = vec(A_i X))
//   K_I := B_{i_1} ⊗ ... ⊗ B_{i_l},   I in [m]^l
//   y_I(s, t) := <s, K_I t>      (symmetric in s, t: every A_i is symmetric)
//   h^l(w) := kObjectiveScale * ||y(w, w) - b^{⊗l}||^2,  kObjectiveScale = 1/4
//   grad h^l(w) = sum_I (y_I(w, w) - b^{⊗l}_I) K_I w
// (differentiate: d y_I(w,w)/dw = 2 K_I w, times 2 * 1/4 from the square.)
//
// Three independent evaluations of y(s, t) and of sum_I R_I K_I t:
//  - Backend::eigen (DEFAULT): the Kronecker recursion. K_I = B_{i_{l-1}} ⊗
//    K_{I'} splits off the slowest mode, so with S, T the N^{l-1} x N views of
//    s, t the order-(l-1) "pair matrix" G_i = S B_i T^T (N^{l-1} x N^{l-1},
//    two small products) carries all y_{(i, I')} = <G_i, K_{I'}>; each pair
//    matrix is contracted again by summing its N^2 blocks weighted with B_i,
//    depth first, down to the m^l scalars. sum_I R_I K_I t runs the same
//    recursion upwards: P = sum_I R_I K_I of order k has block (j, k) =
//    sum_i B_i(j, k) P_i, and the result is sum_i P_i T B_i^T (as N^{l-1} x N).
//    Neither s ⊗ t nor the N^l x N^l operator is ever formed: cost
//    2 m N^{2l-1} + 2 sum_{k>=2} m^k N^{2(l-k+1)} multiply-adds (to leading
//    order; lifted_gradient_madds has the exact count), memory about
//    2 N^{2(l-1)} + (m + 1) N^{2(l-2)} scalars. It is the default because it
//    is the cheapest (one (3,6,7) gradient in double: 0.04 s, against 1.1-1.4 s
//    for the mode-pair GEMM chain over s ⊗ t it replaced; bench/results/
//    lifted.md) and uses only Map and matrix products, which work for every
//    scalar (no Tensor::contract, pitfall 2).
//  - Backend::xtensor: the outer product s ⊗ t as an order-2l xt::xarray, each
//    pair (j_p, k_p) contracted by strided views and expression arithmetic
//    (pitfall 3: no amax/linspace used). Independent code and library.
//  - Backend::naive: the multi-index loop over I, J, K. Test oracle only
//    (cost m^l N^{2l} l): refuses when m^l N^{2l} > 1e8.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sodlift/core/sensing.hpp"
#include "sodlift/lifted/tensor.hpp"

namespace sodlift::lifted {

// The scale in front of ||y - b^{⊗l}||^2. Every report states it.
inline constexpr double kObjectiveScale = 0.25;
inline constexpr const char* kObjectiveScaleText =
    "h^l(w) = 1/4 ||y(w) - b^{(x)l}||^2 (scale 1/4, so grad h^l = sum_I R_I K_I w)";

enum class Backend { eigen, xtensor, naive };
const char* to_string(Backend b);

// Half of MemAvailable from /proc/meminfo (4 GiB if unreadable).
std::size_t default_memory_budget();
// "2G", "512M", "1.5G", "100000" (bytes); K/M/G/T are powers of 1024.
// Throws input_error naming the accepted forms.
std::size_t parse_memory_size(const std::string& s);
std::string format_bytes(long double bytes);

// For executables (sodlift, benchmarks), not called by the library: keep freed
// memory in the process heap (glibc mallopt: no mmap for blocks below 1 GiB,
// no trimming below 1 GiB) so that repeated lifted evaluations reuse their
// pages instead of faulting fresh ones in. On this machine's VM a page fault
// is expensive: one (2,3,13) double gradient took 2.0 s with the default and
// 0.55 s with this (steady state). No effect outside glibc.
void retain_freed_memory();

// Bytes one gradient / TPGD step of the explicit lifting needs for mode size
// N, m measurements, order l and a scalar of `scalar_bytes` bytes (all
// intermediates of the contraction chain, the working tensors, index tables).
long double lifted_bytes_estimate(int N, int m, int l, std::size_t scalar_bytes);

// Multiply-adds of one lifted gradient by the Eigen backend (Kronecker
// recursion): the top pair matrices S B_i T^T and the final sum_i P_i T B_i^T
// (2 m (N^{2l-1} + N^{l+1})), and per recursion (measure, operator) the nodes
// of order k = 1..l-1 (m^{l-k} of them, m N^{2k} each). Nominal count for
// dense A_i (zeros of I_r ⊗ A_i are multiplied like any other entry).
long double lifted_gradient_madds(int N, int m, int l);

template <class T>
class LiftedProblem {
 public:
  // r: search rank (N = n r). l: odd, 1..15 (even l is refused: x^{⊗l} =
  // (-x)^{⊗l} and the collapse sign(lambda)|lambda|^{1/l} needs an odd root).
  // budget: bytes; 0 means default_memory_budget().
  // Throws input_error (bad l, r) or memory_budget_error (with the size, the
  // budget and the largest odd l that fits).
  LiftedProblem(const SensingProblem<T>& P, int r, int l, std::size_t budget = 0);

  int n() const { return n_; }
  int r() const { return r_; }
  int N() const { return n_ * r_; }
  int m() const { return static_cast<int>(B_.size()); }
  int order() const { return l_; }
  std::size_t budget() const { return budget_; }
  long double bytes_needed() const { return bytes_; }
  const SensingProblem<T>& sensing() const { return P_; }
  const std::vector<Mat<T>>& B() const { return B_; }     // I_r ⊗ A_i, N x N
  const DenseTensor<T>& b_lifted() const { return bl_; }  // b^{⊗l}, dim m

  // y(s, t) for every I (dim m, order l).
  DenseTensor<T> measure(const DenseTensor<T>& s, const DenseTensor<T>& t,
                         Backend be = Backend::eigen) const;
  // sum_I R_I K_I t (dim N, order l); R has dim m, order l.
  DenseTensor<T> apply(const DenseTensor<T>& R, const DenseTensor<T>& t,
                       Backend be = Backend::eigen) const;

  // sum_I R_I K_I t for several t with one R (the TPGD sub-terms): the eigen
  // backend builds each top-level pair matrix P_i once for all of them.
  std::vector<DenseTensor<T>> apply_many(const DenseTensor<T>& R,
                                         const std::vector<const DenseTensor<T>*>& ts,
                                         Backend be = Backend::eigen) const;

  // Throws input_error unless t has dim N and order l.
  void check_lifted(const DenseTensor<T>& t, const char* what) const;
  // Throws input_error unless R has dim m and order l.
  void check_residual(const DenseTensor<T>& R) const;

 private:
  SensingProblem<T> P_;
  int n_ = 0, r_ = 0, l_ = 0;
  std::size_t budget_ = 0;
  long double bytes_ = 0;
  std::vector<Mat<T>> B_;
  DenseTensor<T> bl_;
};

// h^l(w) (scale kObjectiveScale).
template <class T>
T lifted_objective(const LiftedProblem<T>& L, const DenseTensor<T>& w, Backend be = Backend::eigen);
// grad h^l(w) = sum_I (y_I(w) - b^{⊗l}_I) K_I w.
template <class T>
DenseTensor<T> lifted_gradient(const LiftedProblem<T>& L, const DenseTensor<T>& w,
                               Backend be = Backend::eigen);
template <class T>
struct ObjectiveGradient {
  T h;
  DenseTensor<T> grad;
};
// Both from one evaluation of y(w, w).
template <class T>
ObjectiveGradient<T> lifted_objective_gradient(const LiftedProblem<T>& L, const DenseTensor<T>& w,
                                               Backend be = Backend::eigen);

}  // namespace sodlift::lifted
