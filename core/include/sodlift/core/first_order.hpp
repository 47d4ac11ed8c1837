// First-order model of the exact in-S PGD around c = (1, 0, 0) (SPEC §2.4),
// side by side with the matrix the paper's recursion (5.8) / Prop. 5.2 implies.
#pragma once

#include "sodlift/core/subspace_simulation.hpp"

namespace sodlift {

// delta c(t) in scaled form so that t up to 1e7 never overflows:
// delta_c(t) = 10^log10_norm * unit.
template <class T>
struct PropagatedState {
  long long t = 0;
  Vec<T> unit;       // delta c(t) / ||delta c(t)||_2
  T log10_norm = 0;  // log10 ||delta c(t)||_2 (-inf if exactly zero)
  Vec<T> delta_c;    // 10^log10_norm * unit when representable in T, else inf/0 entries
  bool representable = true;
};

template <class T>
class FirstOrderModel {
 public:
  // J from `sim` at c = (1,0,0); J_paper from s.lambda_n, s.sigma_r and sim.l().
  // delta c(0) = (0, rho, 0).
  FirstOrderModel(const SubspaceSimulation<T>& sim, const SodIngredients<T>& s, const T& eta,
                  const T& rho);

  // J = G^{-1} d(C^T grad h^l)/dc at (1,0,0), analytic (rows/columns of dropped
  // generators are 0: their coefficient is held at 0).
  Mat<T> J;
  // Prop. 5.2 / (5.8): [[0,0,0],[0,lambda_n^l,0],[0,sigma_r^l 2^(1-l),0]].
  Mat<T> J_paper;
  Mat<T> difference;  // J - J_paper
  // Where they differ: J = J_gauss_newton + J_residual with
  //   J_gauss_newton = G^{-1} [2 <g_p1, g_q1>^l]       (y's change, the paper's H_2 / H_2^1)
  //   J_residual     = G^{-1} [<g_11, g_pq>^l - <b, g_pq>^l]  (residual term, H_3 / H_1^1)
  // and J_residual_paper_form = G^{-1} [<g_11 - b, g_pq>^l], i.e. the residual
  // written as (A(X̂X̂^T) - b)^(x)l as the paper's H_3 derivation does; its
  // b-column is exactly (0, lambda_n^l, 0).
  Mat<T> J_gauss_newton, J_residual, J_residual_paper_form;
  Mat<T> hessian;        // d(C^T grad h^l)/dc at (1,0,0), before G^{-1}
  Vec<T> gradient_at_a;  // C^T grad h^l at (1,0,0): must be ~0 (critical in S)
  T eta, rho;
  Vec<T> delta_c0;
  int l = 1;

  Mat<T> step_matrix() const;        // I - eta J
  Mat<T> step_matrix_paper() const;  // I - eta J_paper
  // (I - eta J)^t delta c(0), by repeated squaring with log scaling.
  PropagatedState<T> propagate(long long t) const;
  PropagatedState<T> propagate_paper(long long t) const;
};

// M^t v by repeated squaring, renormalising every product (log scale kept
// apart), so that t up to 1e7 and beyond neither overflows nor underflows.
template <class T>
PropagatedState<T> propagate_power(const Mat<T>& M, const Vec<T>& v, long long t);

}  // namespace sodlift
