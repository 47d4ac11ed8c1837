// First-order model around c = (1,0,0) and the paper's implied matrix (SPEC §2.4).
#pragma once

#include <cmath>
#include <limits>

#include "sodlift/core/first_order.hpp"
#include "sodlift/support/errors.hpp"

namespace sodlift {

template <class T>
PropagatedState<T> propagate_power(const Mat<T>& M, const Vec<T>& v, long long t) {
  using std::log10;
  using std::pow;
  if (t < 0) throw input_error("propagation time t must be >= 0");
  if (M.rows() != M.cols() || M.cols() != v.size())
    throw input_error("propagate_power: matrix and vector sizes differ");
  PropagatedState<T> st;
  st.t = t;
  const T minus_inf = std::numeric_limits<T>::has_infinity ? -std::numeric_limits<T>::infinity()
                                                           : std::numeric_limits<T>::lowest();
  auto zero_state = [&] {
    st.unit = Vec<T>::Zero(v.size());
    st.delta_c = Vec<T>::Zero(v.size());
    st.log10_norm = minus_inf;
    st.representable = true;
    return st;
  };
  Vec<T> x = v;
  T nx = x.norm();
  if (nx == 0) return zero_state();
  x /= nx;
  T lx = log10(nx);
  // B_actual = 10^lb * B with max|B_ij| = 1: squaring never overflows.
  Mat<T> B = M;
  T sb = B.cwiseAbs().maxCoeff();
  T lb = 0;
  if (sb > 0) {
    B /= sb;
    lb = log10(sb);
  }
  long long e = t;
  while (e > 0) {
    if (e & 1) {
      if (sb == 0) return zero_state();
      x = B * x;
      nx = x.norm();
      if (nx == 0) return zero_state();
      x /= nx;
      lx += lb + log10(nx);
    }
    e >>= 1;
    if (e) {
      B = B * B;
      sb = B.cwiseAbs().maxCoeff();
      if (sb == 0) {
        lb = 0;
        continue;
      }
      B /= sb;
      lb = 2 * lb + log10(sb);
    }
  }
  st.unit = x;
  st.log10_norm = lx;
  const T scale = pow(T(10), lx);
  st.representable = is_finite(scale) && scale > 0;
  st.delta_c = x * scale;
  return st;
}

template <class T>
FirstOrderModel<T>::FirstOrderModel(const SubspaceSimulation<T>& sim, const SodIngredients<T>& s,
                                    const T& eta_, const T& rho_)
    : eta(eta_), rho(rho_), l(sim.l()) {
  if (!is_finite(eta) || !(eta > 0)) throw input_error("step size eta must be finite and > 0");
  if (!is_finite(rho)) throw input_error("rho must be finite");
  Vec<T> e1(3);
  e1 << T(1), T(0), T(0);
  gradient_at_a = sim.projected_gradient(e1);
  hessian = sim.projected_hessian(e1);
  J = sim.gram_inverse() * hessian;
  {
    // Pair index of g_pq in sim.inner_products() (g_11,g_12,g_13,g_22,g_23,g_33,b).
    constexpr int pidx[3][3] = {{0, 1, 2}, {1, 3, 4}, {2, 4, 5}};
    constexpr int kB = 6;
    const Mat<T>& ip = sim.inner_products();
    Mat<T> Hgn(3, 3), Hres(3, 3), Hres_paper(3, 3);
    for (int p = 0; p < 3; ++p)
      for (int q = 0; q < 3; ++q) {
        const int s_pq = pidx[p][q];
        Hgn(p, q) = 2 * int_pow(T(ip(pidx[p][0], pidx[q][0])), l);
        Hres(p, q) = int_pow(T(ip(0, s_pq)), l) - int_pow(T(ip(kB, s_pq)), l);
        Hres_paper(p, q) = int_pow(T(ip(0, s_pq) - ip(kB, s_pq)), l);
      }
    J_gauss_newton = sim.gram_inverse() * Hgn;
    J_residual = sim.gram_inverse() * Hres;
    J_residual_paper_form = sim.gram_inverse() * Hres_paper;
  }
  // A dropped generator's coefficient is held at 0: its column never acts.
  for (int p : sim.dropped()) {
    J.col(p).setZero();
    J_gauss_newton.col(p).setZero();
    J_residual.col(p).setZero();
    J_residual_paper_form.col(p).setZero();
  }
  // (5.8): beta(t+1) = (1 - eta lambda_n^l) beta(t),
  //        gamma(t+1) = gamma(t) - eta sigma_r^l 2^(1-l) beta(t), alpha fixed.
  J_paper = Mat<T>::Zero(3, 3);
  J_paper(1, 1) = int_pow(s.lambda_n, l);
  J_paper(2, 1) = int_pow(s.sigma_r, l) / int_pow(T(2), l - 1);
  difference = J - J_paper;
  delta_c0 = Vec<T>::Zero(3);
  delta_c0(1) = rho;
}

template <class T>
Mat<T> FirstOrderModel<T>::step_matrix() const {
  return Mat<T>::Identity(3, 3) - eta * J;
}

template <class T>
Mat<T> FirstOrderModel<T>::step_matrix_paper() const {
  return Mat<T>::Identity(3, 3) - eta * J_paper;
}

template <class T>
PropagatedState<T> FirstOrderModel<T>::propagate(long long t) const {
  return propagate_power<T>(step_matrix(), delta_c0, t);
}

template <class T>
PropagatedState<T> FirstOrderModel<T>::propagate_paper(long long t) const {
  return propagate_power<T>(step_matrix_paper(), delta_c0, t);
}

}  // namespace sodlift
