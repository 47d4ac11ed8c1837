// The Hessian of the lifted objective at a lifted critical point (SPEC §8,
// issue 21): matrix-free, on all of (R^N)^{⊗l} and on the symmetric tensors.
//
// Derivation (any search rank r; N = n r, x = vec(X̂), B_i = I_r ⊗ A_i, so
// B_i x = vec(A_i X̂) and <x, B_i x> = <A_i, X̂X̂^T>). With SPEC §1's
//   h^l(w) = 1/4 sum_I (<w, K_I w> - b_I)^2,  K_I = B_{i_1} ⊗ ... ⊗ B_{i_l},
// differentiating grad h^l(w) = sum_I R_I(w) K_I w once more gives
//   Hess h^l(w) = sum_I R_I(w) K_I + 2 sum_I (K_I w)(K_I w)^T.
// At a = x^{⊗l}: R_I(a) = prod_j g_{i_j} - prod_j b_{i_j} with g = A(X̂X̂^T),
// and the sums over multi-indices factorise mode by mode:
//   sum_I prod_j g_{i_j} K_I = (sum_i g_i B_i)^{⊗l} = (I_r ⊗ G)^{⊗l},   G = A*(A(X̂X̂^T)),
//   sum_I prod_j b_{i_j} K_I = (I_r ⊗ B)^{⊗l},                          B = A*(b),
//   sum_I (K_I a)(K_I a)^T  = (sum_i (B_i x)(B_i x)^T)^{⊗l} = Kt^{⊗l},
//                               Kt = sum_i vec(A_i X̂) vec(A_i X̂)^T  (N x N).
// Hence, for every r,
//   Hess h^l(a) = 2 Kt^{⊗l} + (I_r ⊗ G)^{⊗l} - (I_r ⊗ B)^{⊗l},
// and grad h^l(a) = ((I_r⊗G) x)^{⊗l} - ((I_r⊗B) x)^{⊗l} = 0 at a critical
// point (G X̂ = B X̂). For r = 1, Kt = K = sum_i (A_i x̂)(A_i x̂)^T (issue 21).
// The lift here is SPEC §1's: w in (R^{nr})^{⊗l} with K_I built from I_r ⊗ A_i,
// which is what lifted/ implements and tests. Along b = v^{⊗l} with
// v = vec(u_n q_r^T) (unit): b^T H b = 2 (v^T Kt v)^l + (u_n^T G u_n)^l -
// (u_n^T B u_n)^l, since v^T (I_r ⊗ M) v = u_n^T M u_n; v^T Kt v =
// sum_i (u_n^T A_i X̂ q_r)^2, = u^T K u for r = 1 (Ma et al.'s (29) in our
// scaling; theirs has no 1/4, so their Hessians are 4x ours).
//
// Symmetric tensors. Each of the three terms is M^{⊗l} with M symmetric, so H
// commutes with permutations of the factors and maps Sym^l(R^N) (dimension
// C(N+l-1, l)) into itself. A symmetric tensor is stored by its entries t_α at
// the sorted multi-indices α (multisets of size l from [N]); <s, t> =
// sum_α w_α s_α t_α with the multinomial weight w_α = l! / prod_k mult_k(α)!.
// M^{⊗l} t is computed by l mode products that keep the partial symmetry: after
// s of them the tensor is symmetric in its first s and in its last l-s modes and
// is stored as a C(N+s-1,s) x C(N+l-s-1,l-s) table; one more mode product is
//   Y[J'][K'] = sum_k M(max J', k) X[J' \ max J'][K' ∪ {k}].
// Cost sum_s C(N+s,s+1) C(N+l-s-2,l-s-1) N per application (n = 3, l = 21:
// about 3e5 multiply-adds; the full tensor would have 3^21 = 1e10 entries).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sodlift/core/sensing.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/lifted/tensor.hpp"

namespace sodlift::lifted {

// H = 2 Kt^{⊗l} + G^{⊗l} - B^{⊗l} on (R^N)^{⊗l}; here G, B already carry I_r ⊗.
template <class T>
struct LiftedHessianFactors {
  int n = 0, r = 0, l = 0;
  Mat<T> K, G, B;  // N x N each
  int N() const { return static_cast<int>(K.rows()); }
};
// Throws input_error unless Xhat is n x r (r >= 1) and l >= 1.
template <class T>
LiftedHessianFactors<T> lifted_hessian_factors(const SensingProblem<T>& P, const Mat<T>& Xhat,
                                               int l);

// M^{⊗l} t on a dense tensor (l mode products, O(l N^{l+1})).
template <class T>
DenseTensor<T> kron_power_apply(const Mat<T>& M, const DenseTensor<T>& t);
// H t on a dense tensor of order F.l and dim F.N().
template <class T>
DenseTensor<T> hessian_apply_full(const LiftedHessianFactors<T>& F, const DenseTensor<T>& t);

// Index tables of the symmetric tensors of order l over R^N (scalar-free).
class SymIndex {
 public:
  SymIndex(int N, int l);
  int N() const { return N_; }
  int order() const { return l_; }
  // Number of multisets of size d (d = 0..l): C(N+d-1, d).
  std::size_t count(int d) const { return count_[static_cast<std::size_t>(d)]; }
  std::size_t dim() const { return count(l_); }
  // The multiset of size l at rank a, sorted ascending.
  const std::vector<int>& tuple(std::size_t a) const { return tuples_[a]; }
  // Multinomial weight l!/prod mult! of rank a (exact as a double up to 2^53).
  double weight_double(std::size_t a) const { return weights_[a]; }
  // Rank of a sorted multiset of any size d <= l.
  std::size_t rank(const std::vector<int>& sorted) const;
  // Tables used by the mode-product recursion.
  // For size d >= 1: rank of the multiset without its largest element, and that element.
  std::size_t drop_rank(int d, std::size_t a) const { return drop_[static_cast<std::size_t>(d)][a]; }
  int drop_elem(int d, std::size_t a) const { return dropk_[static_cast<std::size_t>(d)][a]; }
  // For size d < l: rank (size d+1) of the multiset plus element k.
  std::size_t insert_rank(int d, std::size_t a, int k) const {
    return ins_[static_cast<std::size_t>(d)][a * static_cast<std::size_t>(N_) + static_cast<std::size_t>(k)];
  }
  // Bytes the tables and two working buffers of `scalar_bytes` need.
  static long double bytes_estimate(int N, int l, std::size_t scalar_bytes);

 private:
  int N_, l_;
  std::vector<std::size_t> count_;
  std::vector<std::vector<int>> tuples_;  // size-l multisets
  std::vector<double> weights_;
  std::vector<std::vector<std::size_t>> drop_, ins_;
  std::vector<std::vector<int>> dropk_;
};

// Multinomial weights w_α in T (products of binomials, exact).
template <class T>
std::vector<T> sym_weights(const SymIndex& S);
// M^{⊗l} on symmetric-tensor entries (mode products keeping the symmetry).
template <class T>
std::vector<T> sym_kron_power_apply(const SymIndex& S, const Mat<T>& M, const std::vector<T>& t);
// H t on symmetric-tensor entries.
template <class T>
std::vector<T> hessian_apply_sym(const SymIndex& S, const LiftedHessianFactors<T>& F,
                                 const std::vector<T>& t);
// <t, v^{⊗l}> = sum_α w_α t_α prod_k v_{α_k}.
template <class T>
T sym_dot_rank1(const SymIndex& S, const std::vector<T>& w, const std::vector<T>& t, const Vec<T>& v);
// Symmetric entries -> dense tensor (every permutation filled), and the
// entries of a dense tensor at the sorted multi-indices (no symmetrisation).
template <class T>
DenseTensor<T> sym_to_dense(const SymIndex& S, const std::vector<T>& t);
template <class T>
std::vector<T> dense_to_sym(const SymIndex& S, const DenseTensor<T>& t);

// One lifting order's landscape at a = vec(X̂)^{⊗l} (issue 21, item 1).
struct LandscapeOptions {
  std::size_t mem_budget = 0;         // bytes, 0 = default
  int dense_max_dim = 300;            // symmetric space: dense eigensolver in T up to this dim
  std::size_t full_max_dim = 60000;   // full space: Lanczos when N^l <= this (0: never)
  int lanczos_max_basis = 120;
  int lanczos_max_restarts = 80;
  std::uint64_t seed = 1;
  // Independent confirmation of the sign where Lanczos decided (sym dim in
  // (dense_max_dim, inertia_max_dim]): the explicit matrix of H in orthonormal
  // symmetric coordinates, built column by column in double, and its inertia
  // by a pivoted LDL^T (Sylvester's law: the number of negative pivots is the
  // number of negative eigenvalues). 0: never. Costs dim products + dim^3/3.
  int inertia_max_dim = 0;
};

template <class T>
struct LandscapeResult {
  int l = 0;
  std::size_t sym_dim = 0;
  long double full_dim = 0;           // N^l
  T lambda_min_sym = 0;               // Rayleigh quotient (in T) of the returned vector
  T residual_sym = 0;                 // ||H y - lambda y|| in T (unit y)
  T scale = 0;                        // largest |eigenvalue| seen (operator norm estimate)
  std::string method_sym;             // "dense eigensolver in T (dim d)" or "Lanczos in double ..."
  bool converged_sym = true;
  bool full_computed = false;
  std::string full_note;              // why not computed
  T lambda_min_full = 0, residual_full = 0;
  T rayleigh_b = 0;                   // b^T H b / b^T b by the matrix-free product (in T)
  T rayleigh_b_printed = 0;           // (29): 2 (v^T Kt v)^l + (u^T G u)^l - (u^T B u)^l
  T cos_min_b = 0;                    // |<y, b>| / ||b|| for the minimising unit eigenvector y
  T proj_min_S = 0;                   // ||P_S y||
  T lambda_min_S = 0;                 // smallest eigenvalue of H restricted to S
  int S_rank = 0;                     // dimension of S actually there
  bool saddle = false;                // lambda_min_sym < 0 (certified: y^T H y < 0 in T)
  bool decided = true;                // |lambda_min_sym| > residual_sym
  int applications = 0;
  std::vector<T> y_min_sym;           // the minimising eigenvector (symmetric entries, unit), for proofs
  // The LDL^T inertia check (inertia_max_dim): computed, negative and
  // non-positive-or-tiny pivots (|d| <= 1e-12 ||H||: counted as zero), and
  // whether its sign verdict (negative pivot <=> saddle) agrees with the
  // Rayleigh quotient's. `method` then names both ("...; sign confirmed by").
  bool inertia_computed = false;
  int inertia_negative = 0, inertia_zero = 0;
  bool inertia_agrees = true;
};

// Requires ing to be the SOD ingredients at Xhat (b from u_n, q_r; S from
// Xhat, u_n q_r^T, E Xhat). Throws memory_budget_error when the symmetric
// computation does not fit (with the estimate), input_error for l < 1.
template <class T>
LandscapeResult<T> lifted_landscape(const SensingProblem<T>& P, const SodIngredients<T>& ing,
                                    int l, const LandscapeOptions& opt = {});

// The hypotheses of Ma et al.'s strict-saddle theorem (ICML 2023; general r:
// NeurIPS 2023 App. B Thm 4), with L_s = 1 + delta, alpha_s = 1 - delta and
// delta the isometry bound of core/ (isometry_bound, SPEC §2.1):
//   (27) ||M* - X̂X̂^T||_F^2 >= (L_s/alpha_s) sigma_r(X̂X̂^T) tr M*,
//   (28) l odd and l > 1/(1 - log2(2 beta)),
//        beta = L_s tr(M*) sigma_r(X̂X̂^T) / (alpha_s ||M* - X̂X̂^T||_F^2).
// (27) is beta <= 1; the bound (28) is finite only for beta < 1 and alpha_s > 0.
template <class T>
struct SaddleTheorem {
  T delta = 0, L_s = 0, alpha_s = 0;
  std::string delta_method;
  T trace_Mstar = 0, sigma_r_XX = 0, dist2 = 0;  // tr M*, sigma_r(X̂X̂^T), ||M* - X̂X̂^T||_F^2
  T beta = 0;                    // +inf when alpha_s <= 0
  bool holds27 = false;          // alpha_s > 0 and beta <= 1
  bool bound_finite = false;     // beta < 1 and alpha_s > 0
  T bound28 = 0;                 // 1/(1 - log2(2 beta)) when finite
  int smallest_odd_l28 = 0;      // the smallest odd l > bound28 (0 when not finite)
};
template <class T>
SaddleTheorem<T> saddle_theorem(const SensingProblem<T>& P, const SodIngredients<T>& ing);

// Bytes the symmetric computation needs at (N, l) in a scalar of the given size.
long double landscape_sym_bytes(int N, int l, std::size_t scalar_bytes, int lanczos_basis,
                                int dense_max_dim);

}  // namespace sodlift::lifted
