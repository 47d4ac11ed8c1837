// The matrix-sensing problem (P1) and its derivatives, SPEC §1.
//   A(M)_i = <A_i, M>,  A*(y) = sum_i y_i A_i,  b = A(Z Z^T)
//   h(X) = 1/2 ||A(X X^T) - b||^2,  grad f(M) = A*(A(M) - b),
//   grad h(X) = 2 grad f(X X^T) X                                   (1.2)
// vec() stacks columns; the Hessian is in vec(X) coordinates (nr x nr).
#pragma once

#include <string>
#include <vector>

#include "sodlift/core/scalar.hpp"

namespace sodlift {

template <class T>
class SensingProblem {
 public:
  SensingProblem() = default;
  // Validates: m >= 1, every A_i is n x n, finite, symmetric (to round-off;
  // then exactly symmetrised), Z is n x r* with r* >= 1 and finite.
  // Throws input_error naming the offending field.
  SensingProblem(std::vector<Mat<T>> A, Mat<T> Z);

  int n() const { return n_; }
  int m() const { return static_cast<int>(A_.size()); }
  int truth_rank() const { return static_cast<int>(Z_.cols()); }
  const std::vector<Mat<T>>& A() const { return A_; }
  const Mat<T>& Z() const { return Z_; }
  const Mat<T>& M_star() const { return Mstar_; }
  const Vec<T>& b() const { return b_; }

  Vec<T> measure(const Mat<T>& M) const;        // A(M)
  Mat<T> adjoint(const Vec<T>& y) const;        // A*(y)
  Mat<T> gram_apply(const Mat<T>& M) const;     // A*A(M)
  T h(const Mat<T>& X) const;                   // (P1)
  Mat<T> grad_f(const Mat<T>& M) const;         // A*(A(M) - b)
  Mat<T> grad_h(const Mat<T>& X) const;         // (1.2)
  // Hessian of h applied to a direction D (n x r):
  //   2 grad f(XX^T) D + 2 A*A(X D^T + D X^T) X
  Mat<T> hessian_h_apply(const Mat<T>& X, const Mat<T>& D) const;
  // Full Hessian of h in vec(X) coordinates, (nr x nr), symmetric.
  Mat<T> hessian_h(const Mat<T>& X) const;
  // Checks that X is n x r with r >= 1 and finite; throws input_error.
  void check_point(const Mat<T>& X, const char* what) const;

 private:
  int n_ = 0;
  std::vector<Mat<T>> A_;
  Mat<T> Z_, Mstar_;
  Vec<T> b_;
};

// Isometry bound of SPEC §2.1: the extreme eigenvalues of the Gram operator
// of A restricted to symmetric matrices (orthonormal basis E_jj,
// (E_jk + E_kj)/sqrt 2), delta = max(1 - lambda_min, lambda_max - 1). This is a
// valid delta_p for every rank p. lambda_min = 0 when m < n(n+1)/2.
template <class T>
struct IsometryBound {
  T lambda_min, lambda_max, delta;
};
template <class T>
IsometryBound<T> isometry_bound(const SensingProblem<T>& P);

}  // namespace sodlift
