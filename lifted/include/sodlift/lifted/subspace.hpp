// The subspace S = span{a, b, c} of the multi-step SOD analysis (paper (5.1),
// Algorithm 1 step 1.2, SPEC §1):
//   a = vec(X̂)^{⊗l},  b = vec(u_n q_r^T)^{⊗l},  c = vec(E X̂)^{⊗l}.
// Pi_S uses the Gram matrix of the DENSE tensors (computed by <., .> on the
// materialised tensors, never by <x,y>^l), solved in the working precision.
//
// Rank convention (shared with the exact in-S simulation): normalise the Gram
// to unit diagonal, take its eigenvalues; if the smallest is below
// tolerance<T>::bound(1000, 3) the span is reduced: drop c if it depends on
// {a, b}, else drop b; project on the remaining generators; the dropped
// generator's coefficient is reported as 0 and named in `dropped`.
// (basic instance: E X̂ ∥ u_n, so c ∥ b and c is dropped.)
#pragma once

#include <string>
#include <vector>

#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/lifted/lifted_problem.hpp"

namespace sodlift::lifted {

template <class T>
struct SubspaceBasis {
  Vec<T> x_a, x_b, x_c;          // generating vectors vec(X̂), vec(u_n q_r^T), vec(E X̂)
  DenseTensor<T> a, b, c;        // their l-th tensor powers (5.1)
  Mat<T> gram;                   // 3x3, G_pq = <x_p^{⊗l}, x_q^{⊗l}> from the dense tensors
  Vec<T> unit_gram_eigenvalues;  // of D^{-1/2} G D^{-1/2}, ascending
  T condition = 0;               // max/min of those eigenvalues (+inf when min <= 0)
  T rank_tol = 0;                // tolerance<T>::bound(1000, 3)
  int rank = 3;                  // generators kept
  std::string dropped;           // "" (full rank), "c" or "b" (or "b,c")
  std::vector<int> active;       // kept generators, 0 = a, 1 = b, 2 = c
  Mat<T> active_gram;            // Gram of the kept generators
};

// From the SOD ingredients at X̂ (sign convention of SodIngredients).
template <class T>
SubspaceBasis<T> make_subspace_basis(const LiftedProblem<T>& L, const SodIngredients<T>& s);
// From three arbitrary generating vectors of length N (tests, other callers).
template <class T>
SubspaceBasis<T> make_subspace_basis(const LiftedProblem<T>& L, const Vec<T>& x_a,
                                     const Vec<T>& x_b, const Vec<T>& x_c);

// (alpha, beta, gamma) of Pi_S(v): solves G_active c = C_active^T v (LDLT in T);
// the dropped generator's coefficient is 0.
template <class T>
Vec<T> project_coefficients(const SubspaceBasis<T>& S, const DenseTensor<T>& v);
// alpha a + beta b + gamma c.
template <class T>
DenseTensor<T> combine(const SubspaceBasis<T>& S, const Vec<T>& coef);
// Pi_S(v).
template <class T>
DenseTensor<T> project(const SubspaceBasis<T>& S, const DenseTensor<T>& v);

}  // namespace sodlift::lifted
