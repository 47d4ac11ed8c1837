// Exact PGD in S = span{a,b,c} at matrix cost (SPEC §2.3). The derivation of
// every formula here is in docs/exact-subspace-simulation.md.
#pragma once

#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <cmath>
#include <limits>

#include "sodlift/core/subspace_simulation.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift/support/interrupt.hpp"

namespace sodlift {

namespace simulate_detail {

// The six distinct g_jk (g_jk = g_kj because every A_i is symmetric) and b.
constexpr int kPairs = 6;
constexpr int kB = 6;
constexpr int pair_j[kPairs] = {0, 0, 0, 1, 1, 2};
constexpr int pair_k[kPairs] = {0, 1, 2, 1, 2, 2};
constexpr int pidx[3][3] = {{0, 1, 2}, {1, 3, 4}, {2, 4, 5}};
constexpr const char* generator_name[3] = {"a", "b", "c"};

template <class T>
T frob_dot(const Mat<T>& A, const Mat<T>& B) {
  return A.cwiseProduct(B).sum();
}

template <class T>
T infinity_or_max() {
  if constexpr (std::numeric_limits<T>::has_infinity) return std::numeric_limits<T>::infinity();
  return (std::numeric_limits<T>::max)();
}

// Smallest eigenvalue of the principal submatrix of the normalised Gram on
// `keep`; 0 when a kept generator is the zero vector.
template <class T>
T min_eig_on(const Mat<T>& Gn, const std::vector<int>& keep, const Vec<T>& diag) {
  const int k = static_cast<int>(keep.size());
  Mat<T> N(k, k);
  for (int i = 0; i < k; ++i) {
    if (!(diag(keep[i]) > 0)) return T(0);
    for (int j = 0; j < k; ++j) N(i, j) = Gn(keep[i], keep[j]);
  }
  Eigen::SelfAdjointEigenSolver<Mat<T>> es(N, Eigen::EigenvaluesOnly);
  return es.eigenvalues()(0);
}

}  // namespace simulate_detail

template <class T>
SubspaceSimulation<T>::SubspaceSimulation(const SensingProblem<T>& P, const SodIngredients<T>& s,
                                          int l)
    : l_(l) {
  X_[0] = s.Xhat;
  X_[1] = s.u_n * s.q_r.transpose();
  X_[2] = s.E * s.Xhat;
  init(P);
}

template <class T>
SubspaceSimulation<T>::SubspaceSimulation(const SensingProblem<T>& P,
                                          const std::array<Mat<T>, 3>& X, int l)
    : l_(l), X_(X) {
  init(P);
}

template <class T>
void SubspaceSimulation<T>::init(const SensingProblem<T>& P) {
  using namespace simulate_detail;
  using std::sqrt;
  if (l_ < 1 || l_ % 2 == 0)
    throw input_error("lifting order l must be odd and >= 1 (got " + std::to_string(l_) +
                      "): pass --l 1, 3, 5, ...");
  const int n = P.n();
  for (int p = 0; p < 3; ++p) {
    if (X_[p].rows() != n || X_[p].cols() != X_[0].cols() || X_[p].cols() < 1)
      throw input_error(std::string("generating matrix ") + generator_name[p] +
                        " must be n x r like X-hat (n = " + std::to_string(n) + ")");
    P.check_point(X_[p], generator_name[p]);
  }
  // The 7 m-vectors v_s and their pairwise inner products: the only O(m (nr)^2) work.
  std::array<Vec<T>, 7> v;
  // Through the operator: O(m r) each for entry sampling (SPEC §5).
  for (int s = 0; s < kPairs; ++s) v[s] = P.measure_outer(X_[pair_j[s]], X_[pair_k[s]]);
  v[kB] = P.b();
  ip_.resize(7, 7);
  Pl_.resize(7, 7);
  for (int s = 0; s < 7; ++s)
    for (int t = s; t < 7; ++t) {
      ip_(s, t) = ip_(t, s) = v[s].dot(v[t]);
      Pl_(s, t) = Pl_(t, s) = int_pow(ip_(s, t), l_);
    }
  G_.resize(3, 3);
  for (int p = 0; p < 3; ++p)
    for (int q = p; q < 3; ++q) G_(p, q) = G_(q, p) = int_pow(frob_dot(X_[p], X_[q]), l_);
  Vec<T> diag = G_.diagonal();
  if (!(diag(0) > 0))
    throw precondition_error(
        "X-hat is zero: the generator a = vec(X-hat)^(x)l vanishes; "
        "simulate from a nonzero critical point");
  for (int p = 0; p < 3; ++p) gen_norm_[p] = sqrt(diag(p));
  Gn_ = Mat<T>::Zero(3, 3);
  for (int p = 0; p < 3; ++p)
    for (int q = 0; q < 3; ++q)
      if (diag(p) > 0 && diag(q) > 0) Gn_(p, q) = G_(p, q) / sqrt(diag(p) * diag(q));
  {
    Eigen::SelfAdjointEigenSolver<Mat<T>> es(Gn_, Eigen::EigenvaluesOnly);
    Gn_eig_ = es.eigenvalues();
  }
  tol_ = tolerance<T>::bound(1000, 3);
  const T inf = infinity_or_max<T>();
  cond_full_ = Gn_eig_(0) > 0 ? Gn_eig_(2) / Gn_eig_(0) : inf;

  // Singular-Gram convention: drop c if it depends on {a, b}, else b; then
  // re-check (an all-parallel span keeps only a).
  std::vector<int> keep = {0, 1, 2};
  dropped_.clear();
  if (min_eig_on(Gn_, keep, diag) < tol_) {
    if (min_eig_on(Gn_, {0, 1}, diag) >= tol_) {
      dropped_ = {2};
      keep = {0, 1};
    } else {
      dropped_ = {1};
      keep = {0, 2};
      if (min_eig_on(Gn_, keep, diag) < tol_) {
        dropped_ = {1, 2};
        keep = {0};
      }
    }
  }
  const int k = static_cast<int>(keep.size());
  Mat<T> N(k, k);
  for (int i = 0; i < k; ++i)
    for (int j = 0; j < k; ++j) N(i, j) = Gn_(keep[i], keep[j]);
  {
    Eigen::SelfAdjointEigenSolver<Mat<T>> es(N, Eigen::EigenvaluesOnly);
    const Vec<T>& ev = es.eigenvalues();
    cond_reduced_ = ev(0) > 0 ? ev(k - 1) / ev(0) : inf;
  }
  // G^{-1} = D^{-1/2} N^{-1} D^{-1/2}: invert the unit-diagonal matrix, which
  // is as well conditioned as the span allows.
  const Mat<T> Ninv = N.inverse();
  Ginv_ = Mat<T>::Zero(3, 3);
  for (int i = 0; i < k; ++i)
    for (int j = 0; j < k; ++j)
      Ginv_(keep[i], keep[j]) = Ninv(i, j) / sqrt(diag(keep[i]) * diag(keep[j]));
  h_at_a_ = h3(C3{T(1), T(0), T(0)});
}

template <class T>
std::string SubspaceSimulation<T>::dropped_names() const {
  std::string s;
  for (int p : dropped_) {
    if (!s.empty()) s += ",";
    s += simulate_detail::generator_name[p];
  }
  return s;
}

template <class T>
T SubspaceSimulation<T>::generator_norm(int p) const {
  if (p < 0 || p > 2) throw input_error("generator index must be 0 (a), 1 (b) or 2 (c)");
  return gen_norm_[p];
}

// R_s = <g_s^(x)l, y(w) - b^(x)l> for each pair s: the residual seen by g_s.
template <class T>
void SubspaceSimulation<T>::residual_pairs(const C3& c, std::array<T, 6>& R) const {
  using namespace simulate_detail;
  std::array<T, 6> om;  // weight of g_s^(x)l in y(w): c_j c_k, twice off the diagonal
  for (int s = 0; s < kPairs; ++s) {
    om[s] = c[pair_j[s]] * c[pair_k[s]];
    if (pair_j[s] != pair_k[s]) om[s] *= 2;
  }
  for (int s = 0; s < kPairs; ++s) {
    T acc = -Pl_(s, kB);
    for (int t = 0; t < kPairs; ++t) acc += om[t] * Pl_(s, t);
    R[s] = acc;
  }
}

template <class T>
void SubspaceSimulation<T>::gradient3(const C3& c, C3& F) const {
  using namespace simulate_detail;
  std::array<T, 6> R;
  residual_pairs(c, R);
  for (int p = 0; p < 3; ++p)
    F[p] = c[0] * R[pidx[p][0]] + c[1] * R[pidx[p][1]] + c[2] * R[pidx[p][2]];
}

template <class T>
T SubspaceSimulation<T>::h3(const C3& c) const {
  using namespace simulate_detail;
  std::array<T, 6> R;
  residual_pairs(c, R);
  // sum_st om_s om_t P_st - 2 sum_s om_s P_sb + P_bb = sum_s om_s (R_s - P_sb) + P_bb
  T acc = Pl_(kB, kB);
  for (int s = 0; s < kPairs; ++s) {
    T om = c[pair_j[s]] * c[pair_k[s]];
    if (pair_j[s] != pair_k[s]) om *= 2;
    acc += om * (R[s] - Pl_(s, kB));
  }
  return T(kLiftedScale) * acc;
}

template <class T>
void SubspaceSimulation<T>::step3(const C3& c, const T& eta, C3& out) const {
  C3 F;
  gradient3(c, F);
  for (int p = 0; p < 3; ++p)
    out[p] = c[p] - eta * (Ginv_(p, 0) * F[0] + Ginv_(p, 1) * F[1] + Ginv_(p, 2) * F[2]);
}

namespace simulate_detail {
template <class T>
std::array<T, 3> to3(const Vec<T>& c, const std::vector<int>& dropped) {
  if (c.size() != 3)
    throw input_error("coefficient vector must have 3 entries (alpha, beta, gamma)");
  for (Eigen::Index i = 0; i < 3; ++i)
    if (!is_finite(c(i))) throw input_error("coefficient vector has a non-finite entry");
  for (int p : dropped)
    if (c(p) != 0)
      throw input_error(std::string("generator ") + generator_name[p] +
                        " was dropped (singular Gram, reduced span): its coefficient must be 0; "
                        "put the weight on the kept generators");
  return {c(0), c(1), c(2)};
}
template <class T>
Vec<T> from3(const std::array<T, 3>& c) {
  Vec<T> v(3);
  v << c[0], c[1], c[2];
  return v;
}
}  // namespace simulate_detail

template <class T>
T SubspaceSimulation<T>::h_lifted(const Vec<T>& c) const {
  return h3(simulate_detail::to3(c, {}));
}

template <class T>
Vec<T> SubspaceSimulation<T>::projected_gradient(const Vec<T>& c) const {
  C3 F;
  gradient3(simulate_detail::to3(c, {}), F);
  return simulate_detail::from3(F);
}

// d/dc_q of F_p = sum_k c_k R_pk:  R_pq + 2 sum_{k,k'} c_k c_k' P_(pk),(qk')
template <class T>
Mat<T> SubspaceSimulation<T>::projected_hessian(const Vec<T>& cv) const {
  using namespace simulate_detail;
  const C3 c = to3(cv, {});
  std::array<T, 6> R;
  residual_pairs(c, R);
  Mat<T> H(3, 3);
  for (int p = 0; p < 3; ++p)
    for (int q = 0; q < 3; ++q) {
      T acc = 0;
      for (int k = 0; k < 3; ++k)
        for (int kk = 0; kk < 3; ++kk) acc += c[k] * c[kk] * Pl_(pidx[p][k], pidx[q][kk]);
      H(p, q) = R[pidx[p][q]] + 2 * acc;
    }
  return H;
}

template <class T>
Vec<T> SubspaceSimulation<T>::direction(const Vec<T>& c) const {
  return Ginv_ * projected_gradient(c);
}

template <class T>
Vec<T> SubspaceSimulation<T>::step(const Vec<T>& c, const T& eta) const {
  C3 out;
  step3(simulate_detail::to3(c, dropped_), eta, out);
  return simulate_detail::from3(out);
}

template <class T>
SubspaceRecord<T> SubspaceSimulation<T>::record(long long t, const Vec<T>& c) const {
  using std::abs;
  SubspaceRecord<T> r;
  r.t = t;
  r.alpha = c(0);
  r.beta = c(1);
  r.gamma = c(2);
  r.h_lifted = h_lifted(c);
  r.h_lifted_at_a = h_at_a_;
  r.norm_a = abs(c(0)) * gen_norm_[0];
  r.norm_b = abs(c(1)) * gen_norm_[1];
  r.norm_c = abs(c(2)) * gen_norm_[2];
  return r;
}

template <class T>
std::vector<SubspaceRecord<T>> SubspaceSimulation<T>::trajectory(const Vec<T>& c0, const T& eta,
                                                                 long long steps,
                                                                 long long record_every,
                                                                 const ProgressFn& progress,
                                                                 long long progress_every,
                                                                 Divergence* divergence) const {
  using namespace simulate_detail;
  if (steps < 0) throw input_error("--steps must be >= 0");
  if (record_every < 1) throw input_error("--record-every must be >= 1");
  if (!is_finite(eta) || !(eta > 0)) throw input_error("step size eta must be finite and > 0");
  if (divergence) *divergence = Divergence{};
  C3 c = to3(c0, dropped_), next;
  std::vector<SubspaceRecord<T>> out;
  out.push_back(record(0, from3(c)));
  long long last_recorded = 0;
  for (long long t = 1; t <= steps; ++t) {
    if ((t & 1023) == 0) poll_interrupt();  // library callers (Python): Ctrl-C
    step3(c, eta, next);
    int bad = -1;
    for (int p = 0; p < 3 && bad < 0; ++p)
      if (!is_finite(next[p])) bad = p;
    if (bad >= 0) {
      if (!divergence)
        throw precondition_error("exact PGD in S diverged (non-finite coefficients) at step " +
                                 std::to_string(t) + ": reduce --eta");
      // The last finite state is a record too, so the trajectory ends where it can be read.
      if (last_recorded != t - 1) out.push_back(record(t - 1, from3(c)));
      divergence->diverged = true;
      divergence->step = t;
      static const char* const coefficient_name[3] = {"alpha", "beta", "gamma"};
      divergence->quantity = coefficient_name[bad];
      divergence->last_finite = t - 1;
      return out;
    }
    c = next;
    if (t % record_every == 0 || t == steps) {
      out.push_back(record(t, from3(c)));
      // Finite coefficients can still give an h^l beyond the range of T (it
      // grows like |c|^(2l)): the record is then not a readable state either.
      if (divergence && !is_finite(out.back().h_lifted)) {
        out.pop_back();
        divergence->diverged = true;
        divergence->step = t;
        divergence->quantity = "h_lifted";
        divergence->last_finite = last_recorded;
        return out;
      }
      last_recorded = t;
    }
    if (progress && progress_every > 0 && t % progress_every == 0) progress(t, steps);
  }
  return out;
}

}  // namespace sodlift
