// Definitions for sod_ingredients.hpp; included only by the per-scalar inst_*.cpp.
#pragma once

#include <Eigen/Eigenvalues>
#include <Eigen/SVD>
#include <cmath>

#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/support/errors.hpp"

namespace sodlift {

namespace detail {
// Flips v so that its largest-magnitude component is positive (first on ties).
template <class T>
void normalise_sign(Vec<T>& v) {
  using std::abs;
  Eigen::Index best = 0;
  for (Eigen::Index i = 1; i < v.size(); ++i)
    if (abs(v(i)) > abs(v(best))) best = i;
  if (v(best) < 0) v = -v;
}
}  // namespace detail

template <class T>
SodIngredients<T> sod_ingredients(const SensingProblem<T>& P, const Mat<T>& Xhat, int sign) {
  using std::abs;
  P.check_point(Xhat, "Xhat");
  if (sign != 1 && sign != -1) throw input_error("sign of u_n must be +1 or -1");
  const int n = P.n(), r = static_cast<int>(Xhat.cols());
  SodIngredients<T> s;
  s.Xhat = Xhat;
  s.sign = sign;
  Mat<T> M = Xhat * Xhat.transpose();
  s.gradf = P.grad_f(M);

  Eigen::SelfAdjointEigenSolver<Mat<T>> es(s.gradf);
  const Vec<T>& ev = es.eigenvalues();  // ascending
  s.eigenvalues = ev.reverse();
  s.lambda_n = ev(0);
  s.u_n = es.eigenvectors().col(0);
  detail::normalise_sign(s.u_n);
  const T lscale = ev.cwiseAbs().maxCoeff() > T(1) ? ev.cwiseAbs().maxCoeff() : T(1);
  // X̂ is accurate to round-off, so eigenvalues closer than a few hundred
  // eps * n * m are indistinguishable.
  const T ltol = tolerance<T>::bound(1000, double(n) * P.m(), lscale);
  s.lambda_gap = n > 1 ? T(ev(1) - ev(0)) : T(0);
  s.lambda_degenerate = n > 1 && s.lambda_gap <= ltol;

  Eigen::JacobiSVD<Mat<T>> svd(Xhat, Eigen::ComputeThinU | Eigen::ComputeThinV);
  s.singular_values = svd.singularValues();
  const T s1 = s.singular_values(0);
  const T stol = tolerance<T>::bound(1000, double(n) * r, s1 > T(1) ? s1 : T(1));
  s.rank = 0;
  for (int k = 0; k < s.singular_values.size(); ++k)
    if (s.singular_values(k) > stol) ++s.rank;
  if (s.rank == 0)
    throw precondition_error("Xhat is zero (all singular values below " + decimal_string(stol) +
                             "): sigma_r, v_r, q_r are undefined");
  const int k = s.rank - 1;
  s.sigma_r = s.singular_values(k);
  s.v_r = svd.matrixU().col(k);
  detail::normalise_sign(s.v_r);
  s.q_r = Xhat.transpose() * s.v_r / s.sigma_r;
  s.sigma_degenerate = s.rank > 1 && (s.singular_values(k - 1) - s.sigma_r) <= stol;

  if (sign < 0) s.u_n = -s.u_n;
  Mat<T> Pm = s.u_n * s.v_r.transpose() + s.v_r * s.u_n.transpose();
  s.E = P.gram_apply(Pm);
  s.E = (s.E + s.E.transpose()) / T(2);
  s.un_dot_vr = s.u_n.dot(s.v_r);
  s.E_un_un = s.u_n.dot(s.E * s.u_n);
  return s;
}

}  // namespace sodlift
