// SOD ingredients at a certified critical point X̂ (SPEC §1, paper §1.2, §3).
#pragma once

#include "sodlift/core/sensing.hpp"

namespace sodlift {

template <class T>
struct SodIngredients {
  Mat<T> Xhat;              // n x r
  Mat<T> gradf;             // grad f(X̂ X̂^T), n x n symmetric
  Vec<T> eigenvalues;       // of gradf, descending (lambda_1 >= ... >= lambda_n)
  T lambda_n = 0;           // smallest eigenvalue
  Vec<T> u_n;               // its unit eigenvector
  bool lambda_degenerate = false;  // multiplicity > 1 (to tolerance)
  T lambda_gap = 0;         // lambda_{n-1} - lambda_n
  Vec<T> singular_values;   // of X̂, descending
  T sigma_r = 0;            // smallest nonzero singular value
  int rank = 0;             // numerical rank of X̂ (sigma_r is sigma_rank)
  Vec<T> v_r, q_r;          // X̂ q_r = sigma_r v_r
  bool sigma_degenerate = false;
  Mat<T> E;                 // A*A(u_n v_r^T + v_r u_n^T), symmetric
  T un_dot_vr = 0;          // <u_n, v_r> (0 at a critical point, §1.2)
  T E_un_un = 0;            // <E, u_n u_n^T>
  int sign = +1;            // +1: convention below; -1: u_n flipped
  // Sign convention: u_n and v_r have their largest-magnitude component
  // positive (first index on ties); q_r = X̂^T v_r / sigma_r. sign = -1 flips
  // u_n (and so E) after the convention is applied.
  static constexpr const char* sign_convention =
      "u_n, v_r: largest-magnitude component positive (first on ties); "
      "q_r = Xhat^T v_r / sigma_r";
};

template <class T>
SodIngredients<T> sod_ingredients(const SensingProblem<T>& P, const Mat<T>& Xhat, int sign = +1);

}  // namespace sodlift
