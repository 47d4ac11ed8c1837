// The matrix-sensing problem (P1) and its derivatives, SPEC §1.
//   A(M)_i = <A_i, M>,  A*(y) = sum_i y_i A_i,  b = A(Z Z^T)
//   h(X) = 1/2 ||A(X X^T) - b||^2,  grad f(M) = A*(A(M) - b),
//   grad h(X) = 2 grad f(X X^T) X                                   (1.2)
// vec() stacks columns; the Hessian is in vec(X) coordinates (nr x nr).
//
// The operator A has two representations (SPEC §5), chosen by the instance:
//   dense           A_1..A_m as n x n matrices (Gaussian ensemble, files);
//   entry sampling  a list of (i, j, w), A_k = w (e_i e_j^T + e_j e_i^T) / 2
//                   (PMC of App. C.1, matrix-completion masks).
// Every operation below runs at the representation's own cost: O(m n^2) for
// dense, O(m r) (A(XY^T), grad h, Hessian-vector products) or O(m + n^2)
// (A*(y) as an n x n matrix) for entry sampling. Both give the same numbers
// to round-off (tests/core/test_operator.cpp).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "sodlift/core/scalar.hpp"

namespace sodlift {

// One measurement of an entry-sampling operator (0-based indices):
// A = w (e_i e_j^T + e_j e_i^T) / 2, so <A, M> = w M_ij for symmetric M.
template <class T>
struct SampledEntry {
  int i = 0, j = 0;
  T w = 0;
};

enum class OperatorKind { dense, entry_sampling };
const char* to_string(OperatorKind k);

template <class T>
class SensingProblem {
 public:
  SensingProblem() = default;
  // Validates: m >= 1, every A_i is n x n, finite, symmetric (to round-off;
  // then exactly symmetrised), Z is n x r* with r* >= 1 and finite.
  // Throws input_error naming the offending field.
  SensingProblem(std::vector<Mat<T>> A, Mat<T> Z);
  // Entry sampling on n x n matrices. Validates 0 <= i, j < n, finite w,
  // m >= 1, and Z as above. `budget` (bytes, 0 = default) is checked before
  // anything of size n^2 or m is allocated, and kept for later allocations
  // (densification, dense Hessians).
  SensingProblem(int n, std::vector<SampledEntry<T>> entries, Mat<T> Z, std::size_t budget = 0);

  int n() const { return n_; }
  int m() const { return m_; }
  int truth_rank() const { return static_cast<int>(Z_.cols()); }
  OperatorKind kind() const { return kind_; }
  // Entry list (entry sampling only; empty for dense).
  const std::vector<SampledEntry<T>>& entries() const { return entries_; }
  // The A_i as dense n x n matrices. Dense: the stored matrices. Entry
  // sampling: densified once on first use and cached (m n^2 numbers: refused
  // with memory_budget_error beyond the budget). Code that should scale uses
  // the operations below instead.
  const std::vector<Mat<T>>& A() const;
  // Bytes a dense copy of A would take (m n^2 scalars).
  long double dense_bytes() const;
  // Memory budget in bytes for allocations that grow with the instance
  // (0 = default_memory_budget(), memory.hpp).
  std::size_t memory_budget() const { return budget_; }
  void set_memory_budget(std::size_t bytes) { budget_ = bytes; }
  // sum_i ||A_i||_F^2 (round-off scale of the gradient).
  const T& frobenius_norm2() const { return frob2_; }
  const Mat<T>& Z() const { return Z_; }
  const Mat<T>& M_star() const { return Mstar_; }
  const Vec<T>& b() const { return b_; }

  Vec<T> measure(const Mat<T>& M) const;        // A(M)
  Mat<T> adjoint(const Vec<T>& y) const;        // A*(y)
  Mat<T> gram_apply(const Mat<T>& M) const;     // A*A(M)
  // A(X Y^T) without forming X Y^T for entry sampling (O(m r)); X, Y n x r.
  Vec<T> measure_outer(const Mat<T>& X, const Mat<T>& Y) const;
  // A*(y) X without forming A*(y) for entry sampling (O(m r)); X n x r.
  Mat<T> adjoint_times(const Vec<T>& y, const Mat<T>& X) const;
  // A(X X^T) - b.
  Vec<T> residual(const Mat<T>& X) const;
  T h(const Mat<T>& X) const;                   // (P1)
  Mat<T> grad_f(const Mat<T>& M) const;         // A*(A(M) - b)
  Mat<T> grad_h(const Mat<T>& X) const;         // (1.2)
  // Hessian of h applied to a direction D (n x r):
  //   2 grad f(XX^T) D + 2 A*A(X D^T + D X^T) X
  Mat<T> hessian_h_apply(const Mat<T>& X, const Mat<T>& D) const;
  // The same with the residual A(XX^T) - b precomputed (Lanczos/CG apply the
  // Hessian at one X many times): O(m r) per product for entry sampling.
  Mat<T> hessian_h_apply(const Mat<T>& X, const Vec<T>& residual, const Mat<T>& D) const;
  // Full Hessian of h in vec(X) coordinates, (nr x nr), symmetric; (nr)^2
  // scalars, refused beyond the memory budget.
  Mat<T> hessian_h(const Mat<T>& X) const;
  // Checks that X is n x r with r >= 1 and finite; throws input_error.
  void check_point(const Mat<T>& X, const char* what) const;

 private:
  void set_truth(Mat<T> Z);
  struct DenseCache;  // lazily densified entry-sampling operator, shared by copies
  int n_ = 0, m_ = 0;
  OperatorKind kind_ = OperatorKind::dense;
  std::vector<Mat<T>> A_;
  std::vector<SampledEntry<T>> entries_;
  std::shared_ptr<DenseCache> dense_cache_;
  std::size_t budget_ = 0;
  T frob2_ = 0;
  Mat<T> Z_, Mstar_;
  Vec<T> b_;
};

// Isometry bound of SPEC §2.1: the extreme eigenvalues of the Gram operator
// of A restricted to symmetric matrices (orthonormal basis E_jj,
// (E_jk + E_kj)/sqrt 2), delta = max(1 - lambda_min, lambda_max - 1). This is a
// valid delta_p for every rank p. lambda_min = 0 when m < n(n+1)/2.
// Computed from the operator's structure (SPEC §5): entry sampling has a
// diagonal Gram operator (exact, from the weights); dense uses a dense
// eigensolver in T for small n(n+1)/2, else the smaller of the two Gram
// matrices (d x d or m x m, <A_i, A_j>) in double, else Lanczos in double.
// `method` says which.
template <class T>
struct IsometryBound {
  T lambda_min, lambda_max, delta;
  std::string method;
};
template <class T>
IsometryBound<T> isometry_bound(const SensingProblem<T>& P);

}  // namespace sodlift
