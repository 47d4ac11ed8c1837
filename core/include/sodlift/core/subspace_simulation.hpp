// Exact projected gradient descent on the lifted objective inside
// S = span{a, b, c} (SPEC §2.3, paper (5.1)-(5.2)), computed at matrix cost:
// no tensor is ever built. Derivation: docs/exact-subspace-simulation.md.
//
//   h^l(w) = 1/4 ||y(w) - b^{(x)l}||^2        (scale constant kLiftedScale)
//   w = sum_j c_j x_j^{(x)l},  x_1 = vec X̂, x_2 = vec(u_n q_r^T), x_3 = vec(E X̂)
//   (g_jk)_i = <A_i, X_j X_k^T>,  y(w) = sum_jk c_j c_k g_jk^{(x)l}
//   one PGD step in S:  c <- c - eta G^{-1} C^T grad h^l(w),  G_pq = <x_p,x_q>^l
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

#include "sodlift/core/sensing.hpp"
#include "sodlift/core/sod_ingredients.hpp"

namespace sodlift {

// The 1/4 of SPEC §1 (grad h^l = sum_I (y_I - b_I) K_I w with no constant).
inline constexpr double kLiftedScale = 0.25;
inline constexpr const char* kLiftedScaleText =
    "h^l(w) = 1/4 ||y(w) - b^(x)l||^2 (SPEC §1 scale 1/4; the paper prints f^l without a factor)";

// x^l by repeated squaring: exact integer powers, no exp/log (l up to ~15 and
// beyond must keep every digit the product has).
template <class T>
T int_pow(T x, int l) {
  T r(1);
  while (l > 0) {
    if (l & 1) r *= x;
    l >>= 1;
    if (l) x *= x;
  }
  return r;
}

// One recorded point of a trajectory; same fields as the explicit side's.
template <class T>
struct SubspaceRecord {
  long long t = 0;
  T alpha, beta, gamma;      // coefficients of a, b, c
  T h_lifted;                // h^l(w(t))
  T h_lifted_at_a;           // h^l(a), the lifted spurious point
  T norm_a, norm_b, norm_c;  // |alpha| ||a||, |beta| ||b||, |gamma| ||c||  (||x^(x)l|| = ||x||^l)
};

// Called every `progress_every` steps with (t, steps) (e.g. to print on stderr).
using ProgressFn = std::function<void(long long, long long)>;

template <class T>
class SubspaceSimulation {
 public:
  // Generators from the SOD ingredients: X_1 = X̂, X_2 = u_n q_r^T, X_3 = E X̂.
  // l odd >= 1 (input_error otherwise).
  SubspaceSimulation(const SensingProblem<T>& P, const SodIngredients<T>& s, int l);
  // Any three generating matrices (n x r each); X[0] must be nonzero.
  SubspaceSimulation(const SensingProblem<T>& P, const std::array<Mat<T>, 3>& X, int l);

  int l() const { return l_; }
  const std::array<Mat<T>, 3>& generators() const { return X_; }
  // G_pq = <x_p, x_q>^l (3 x 3, the full Gram, before any reduction).
  const Mat<T>& gram() const { return G_; }
  // D^{-1/2} G D^{-1/2} (unit diagonal) and its eigenvalues, ascending.
  const Mat<T>& gram_normalised() const { return Gn_; }
  const Vec<T>& gram_normalised_eigenvalues() const { return Gn_eig_; }
  // Singular-Gram convention (shared with the explicit side): smallest
  // normalised eigenvalue below tolerance<T>::bound(1000, 3) means the span
  // is reduced; c is dropped if it depends on {a, b}, else b.
  T singular_tolerance() const { return tol_; }
  int rank() const { return 3 - static_cast<int>(dropped_.size()); }
  // Generator indices dropped (1 = b, 2 = c); their coefficient stays 0.
  const std::vector<int>& dropped() const { return dropped_; }
  std::string dropped_names() const;  // e.g. "c" or "" when none
  // lambda_max / lambda_min of the normalised full Gram (inf if singular).
  T condition() const { return cond_full_; }
  // Same for the Gram actually solved (after reduction).
  T reduced_condition() const { return cond_reduced_; }
  // G^{-1} on the kept generators, zero rows/columns for dropped ones.
  const Mat<T>& gram_inverse() const { return Ginv_; }
  // <v_s, v_t> for v = (g_11, g_12, g_13, g_22, g_23, g_33, b), NOT powered.
  const Mat<T>& inner_products() const { return ip_; }
  // ||x_p^(x)l|| = ||x_p||^l = sqrt(G_pp).
  T generator_norm(int p) const;

  // h^l(sum_j c_j x_j^(x)l)  (SPEC §2.3).
  T h_lifted(const Vec<T>& c) const;
  // (C^T grad h^l(w))_p = <x_p^(x)l, grad h^l(w)> = d h^l / d c_p.
  Vec<T> projected_gradient(const Vec<T>& c) const;
  // d(C^T grad h^l)/dc = Hessian of c -> h^l(w(c)), 3 x 3 symmetric.
  Mat<T> projected_hessian(const Vec<T>& c) const;
  // G^{-1} C^T grad on the kept generators (dropped entries 0).
  Vec<T> direction(const Vec<T>& c) const;
  // c - eta G^{-1} C^T grad h^l(w)  (Algorithm 1 steps 1.1-1.2, exact).
  Vec<T> step(const Vec<T>& c, const T& eta) const;
  // Records t = 0, every `record_every`-th step, and the last step.
  // Divergence (a coefficient, or the recorded h^l, leaves the range of T)
  // throws precondition_error (coefficients only),
  // or, when `divergence` is given, is a result (issue 23): the records stop
  // at the last step whose coefficients are finite (recorded even if it is
  // not on the record_every grid) and *divergence says where and what.
  struct Divergence {
    bool diverged = false;
    long long step = 0;         // first step with a non-finite coefficient
    std::string quantity;       // "alpha", "beta", "gamma" or "h_lifted"
    long long last_finite = 0;  // last recorded step
  };
  std::vector<SubspaceRecord<T>> trajectory(const Vec<T>& c0, const T& eta, long long steps,
                                            long long record_every = 1,
                                            const ProgressFn& progress = {},
                                            long long progress_every = 0,
                                            Divergence* divergence = nullptr) const;
  SubspaceRecord<T> record(long long t, const Vec<T>& c) const;

 private:
  using C3 = std::array<T, 3>;
  void init(const SensingProblem<T>& P);
  void residual_pairs(const C3& c, std::array<T, 6>& R) const;
  void gradient3(const C3& c, C3& F) const;
  void step3(const C3& c, const T& eta, C3& out) const;
  T h3(const C3& c) const;

  int l_ = 1;
  std::array<Mat<T>, 3> X_;
  Mat<T> ip_;  // 7 x 7
  Mat<T> Pl_;  // 7 x 7, ip_^l entrywise
  Mat<T> G_, Gn_, Ginv_;
  Vec<T> Gn_eig_;
  T tol_ = 0, cond_full_ = 0, cond_reduced_ = 0;
  std::vector<int> dropped_;
  std::array<T, 3> gen_norm_;
  T h_at_a_ = 0;
};

}  // namespace sodlift
