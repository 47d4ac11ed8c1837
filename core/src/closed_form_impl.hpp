// Definitions for closed_form.hpp; included only by inst_closed_form_<scalar>.cpp.
#pragma once

#include <cmath>
#include <limits>
#include <sstream>

#include "sodlift/core/closed_form.hpp"
#include "sodlift/support/errors.hpp"

namespace sodlift {

namespace cf_detail {

template <class T>
T ln2() {
  using std::log;
  return log(T(2));
}
template <class T>
T ln10() {
  using std::log;
  return log(T(10));
}
// Largest natural log a value of T may have and still leave room for a few
// products (h is quartic in the escape coefficient).
template <class T>
T max_log() {
  return T(std::numeric_limits<T>::max_exponent10 - 2) * ln10<T>();
}
template <class T>
T min_log() {
  return T(std::numeric_limits<T>::min_exponent10 + 2) * ln10<T>();
}

template <class T>
void check_multi_step_input(int l, const T& rho, const T& eta, long long t) {
  if (l < 1 || l % 2 == 0)
    throw input_error("lifting order l = " + std::to_string(l) +
                      " must be odd and >= 1: odd l keeps the sign of the rank-1 collapse "
                      "(x^l has a unique real l-th root only for odd l, Prop. 4.1, [41, Thm. 5.4]); use 1, 3, 5, ...");
  if (!is_finite(rho) || !(rho > 0) || !(rho < 1))
    throw input_error("rho = " + decimal_string(rho) + " must lie in (0,1) (Thm 5.5); e.g. --rho 0.1");
  if (!is_finite(eta) || !(eta > 0) || !(eta < 1))
    throw input_error("eta = " + decimal_string(eta) + " must lie in (0,1) (Thm 5.5); e.g. --eta 0.1");
  if (t < 0) throw input_error("t = " + std::to_string(t) + " must be >= 0 (number of simulated TPGD steps)");
}

// Eigenvalues of a small symmetric matrix by cyclic Jacobi (keeps an Eigen
// solver instantiation out of this TU; accuracy: backward stable).
template <class T>
T symmetric_spectral_norm(Mat<T> A) {
  using std::abs;
  using std::sqrt;
  const Eigen::Index n = A.rows();
  for (int sweep = 0; sweep < 100; ++sweep) {
    T off = 0;
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = i + 1; j < n; ++j) off += A(i, j) * A(i, j);
    if (off <= epsilon<T>() * epsilon<T>() * A.squaredNorm()) break;
    for (Eigen::Index p = 0; p < n; ++p) {
      for (Eigen::Index q = p + 1; q < n; ++q) {
        if (A(p, q) == 0) continue;
        T theta = (A(q, q) - A(p, p)) / (T(2) * A(p, q));
        T tt = (theta >= 0 ? T(1) : T(-1)) / (abs(theta) + sqrt(theta * theta + T(1)));
        T c = T(1) / sqrt(tt * tt + T(1)), s = tt * c;
        for (Eigen::Index k = 0; k < n; ++k) {
          T akp = A(k, p), akq = A(k, q);
          A(k, p) = c * akp - s * akq;
          A(k, q) = s * akp + c * akq;
        }
        for (Eigen::Index k = 0; k < n; ++k) {
          T apk = A(p, k), aqk = A(q, k);
          A(p, k) = c * apk - s * aqk;
          A(q, k) = s * apk + c * aqk;
        }
      }
    }
  }
  T best = 0;
  for (Eigen::Index i = 0; i < n; ++i)
    if (abs(A(i, i)) > best) best = abs(A(i, i));
  return best;
}

// Fills an escape point X̌ = sign * exp(log_abs) * D with its (C.3) numbers.
template <class T>
void fill_escape_point(const SensingProblem<T>& P, const Mat<T>& Xhat, EscapePoint<T>& e, const T& log_abs,
                       int sign, const Mat<T>& D) {
  using std::exp;
  using std::log;
  using std::log10;
  e.defined = true;
  e.coefficient_sign = sign;
  e.log10_abs_coefficient = log_abs / ln10<T>();
  e.direction = D;
  e.h_local_min = P.h(Xhat);
  const Mat<T> DD = D * D.transpose();
  const T nDD = DD.norm();
  // h is quartic in the coefficient: keep 4 log|coef| + 2 log||A(DD^T)|| in range.
  const T log_nDD = nDD > 0 ? T(log(nDD)) : T(0);
  const T budget = T(4) * log_abs + T(2) * (log_nDD > 0 ? log_nDD : T(-log_nDD)) + T(4) * ln10<T>();
  e.representable = budget < max_log<T>() && log_abs > min_log<T>() / T(4);
  if (e.representable) {
    e.coefficient = T(sign) * exp(log_abs);
    e.point = e.coefficient * D;
    const Mat<T> XX = e.point * e.point.transpose();
    e.h = P.h(e.point);
    e.h_lower = e.h < e.h_local_min;
    e.dist_local = (Xhat * Xhat.transpose() - XX).norm();
    e.dist_truth = (XX - P.M_star()).norm();
    e.ratio_C3 = e.dist_truth > 0 ? T(e.dist_local / e.dist_truth) : T(0);
    e.log10_dist_local = e.dist_local > 0 ? T(log10(e.dist_local)) : T(0);
    e.log10_dist_truth = e.dist_truth > 0 ? T(log10(e.dist_truth)) : T(0);
  } else {
    // Leading term only: ||c^2 DD^T - M|| = c^2 ||DD^T|| (1 + O(||M|| / (c^2 ||DD^T||))).
    e.log10_dist_local = T(2) * e.log10_abs_coefficient + log10(nDD);
    e.log10_dist_truth = e.log10_dist_local;
    e.ratio_C3 = 1;
    e.h_lower = false;  // h ~ c^4 ||A(DD^T)||^2 / 2 >> h(X̂) unless A(DD^T) = 0
    e.note += (e.note.empty() ? "" : "; ") + std::string("coefficient 10^") +
              decimal_string(e.log10_abs_coefficient) + " exceeds the range of " + scalar_name<T>::value +
              " for h(X̌): distances are log10 of the leading term, ratio (C.3) -> 1; rerun with "
              "--precision bf50 for values";
  }
}

}  // namespace cf_detail

template <class T>
std::string decimal_from_log10(const T& log10_abs, int sign) {
  using std::floor;
  using std::pow;
  T e = floor(log10_abs);
  T mant = pow(T(10), T(log10_abs - e));
  if (mant >= T(10)) {
    mant /= T(10);
    e += 1;
  }
  std::string ms = decimal_string(mant);
  const auto pos = ms.find('e');
  if (pos != std::string::npos) ms = ms.substr(0, pos);
  const long long ie = static_cast<long long>(std::llround(to_double(e)));
  std::ostringstream os;
  os << (sign < 0 ? "-" : "") << ms << "e" << (ie < 0 ? "-" : "+") << (ie < 0 ? -ie : ie);
  return os.str();
}

template <class T>
QuarticDecrease<T> single_step_quartic(const SensingProblem<T>& P, const SodIngredients<T>& s) {
  const Vec<T>& u = s.u_n;
  const Vec<T>& v = s.v_r;
  const Mat<T> W = u * v.transpose() + v * u.transpose();  // X̌X̌^T - X̂X̂^T = rho sigma W + rho^2 U
  const Mat<T> U = u * u.transpose();
  const Vec<T> AW = P.measure(W), AU = P.measure(U);
  const Mat<T> G = P.grad_f(s.Xhat * s.Xhat.transpose());
  QuarticDecrease<T> q;
  q.T5_over_rho2 = s.sigma_r * s.sigma_r * AW.squaredNorm();
  q.T9_over_rho4 = AU.squaredNorm();
  q.c1 = s.sigma_r * (G.cwiseProduct(W)).sum();                   // T2 = S1 - T4 = 0 at a critical point
  q.c2 = (G.cwiseProduct(U)).sum() + q.T5_over_rho2 / T(2);       // (S2-T7), (-T3): lambda_n; T5
  q.c3 = s.sigma_r * AW.dot(AU);                                  // T6 + T8 = 2 rho^3 sigma <E, uu^T>
  q.c4 = q.T9_over_rho4 / T(2);                                   // T9
  return q;
}

template <class T>
SingleStepResult<T> single_step(const SensingProblem<T>& P, const SodIngredients<T>& s, const T& delta) {
  using std::abs;
  using std::sqrt;
  if (!is_finite(delta) || delta < 0)
    throw input_error("delta = " + decimal_string(delta) + " must be finite and >= 0 (an RIP constant)");
  SingleStepResult<T> R;
  const T sig = s.sigma_r, lam = s.lambda_n, e = s.E_un_un, od = T(1) + delta;
  R.delta = delta;
  R.E_un_un = e;
  R.ncm = -lam / (sig * sig * od);                                                 // Def. 4.3
  R.aic = e * e / (T(2) * od * od);                                                // Def. 4.3
  R.efs = R.ncm + R.aic;                                                           // (EFS)
  R.discriminant = T(4) * sig * sig * e * e - T(4) * od * (T(2) * sig * sig * od - T(2) * (-lam));  // after (4.5)
  R.constant_term_44 = T(2) * sig * sig * od + T(2) * lam;                         // (4.4)
  R.constant_term_positive = R.constant_term_44 > 0;
  // Delta is a difference of terms of size `dscale`; within round-off of 0
  // (EFS = 1, e.g. basic with delta = 1/2) the two roots coincide and the
  // open interval is empty, whatever sign the rounding gives.
  const T dscale = T(4) * sig * sig * e * e + T(8) * od * sig * sig * od + T(8) * od * abs(lam);
  const T dtol = tolerance<T>::bound(16, 12, dscale);
  R.interval_exists = R.discriminant > dtol;
  if (!R.interval_exists)
    R.interval_note = R.discriminant > -dtol
                          ? "Delta = 0 to round-off (EFS = 1 to within " + decimal_string(T(dtol / dscale)) +
                                "): the roots coincide, the open interval is empty"
                          : "Delta < 0 (EFS < 1): (4.4) has no real solution";
  if (R.interval_exists) {
    const T sq = sqrt(R.discriminant);
    R.rho_1 = (T(-2) * sig * e - sq) / (T(2) * od);  // (4.6)
    R.rho_2 = (T(-2) * sig * e + sq) / (T(2) * od);  // (4.6)
    const T centre = -sig * e / od;
    const T half = R.efs > 1 ? T(sig * sqrt(T(2) * (R.efs - T(1)))) : T(0);
    R.rho_1_thm31 = centre - half;  // Thm 3.1
    R.rho_2_thm31 = centre + half;
  }
  // <E, uu^T> is a sum of O(m n^2) products of size ||E||; below that bound
  // its sign is round-off (pmc(3,0.3): exactly 0 by symmetry) and no case applies.
  const T etol = tolerance<T>::bound(64, double(P.m()) * P.n() * P.n(), s.E.norm());
  R.sign_case = e > etol ? 1 : (e < -etol ? 2 : 0);

  const Mat<T> XX = s.Xhat * s.Xhat.transpose();
  R.dist2 = (XX - P.M_star()).squaredNorm();
  const T tr = P.M_star().trace();
  const T omd = T(1) - delta;
  if (omd > 0) {
    R.radii_defined = true;
    R.r_2 = T(2) * od / omd * sig * sig * tr;                                              // (4.9)
    R.r_1 = T(2) * (T(1) - T(1) / (od * od * T(P.m()))) * od / omd * sig * sig * tr;     // (4.10)
    if (R.dist2 >= R.r_2) {
      R.radius_case = 1;
      R.probability_bound = 1;
    } else if (R.dist2 < R.r_1) {
      R.radius_case = 2;
      R.probability_bound = 0;
    } else {
      R.radius_case = 3;
      R.theta = (R.r_2 - R.dist2) / (R.r_2 - R.r_1);
      const T mm = T(P.m());
      R.probability_bound = (T(1) - R.theta) * (T(1) - R.theta) * mm / (T(3) * (mm + T(2)));
    }
  } else {
    R.radius_note = "1 - delta = " + decimal_string(omd) +
                    " <= 0: r_1, r_2 divide by 1 - delta and are infinite (delta = 1) or negative; "
                    "Thm 4.4's three cases need delta < 1";
  }

  const QuarticDecrease<T> q = single_step_quartic(P, s);
  const T qd = q.c3 * q.c3 - T(4) * q.c4 * q.c2;
  // c2 and c3 are sums of O(m n^2) products; below this they are round-off
  // (basic: c2 = c3 = 0 exactly, the degenerate direction), and a "descent
  // interval" of width sqrt(eps) would be noise.
  const T qscale = abs(q.c3) * abs(q.c3) + T(4) * q.c4 * (abs(q.c2) + q.T5_over_rho2 + abs(lam));
  const T qtol = tolerance<T>::bound(64, double(P.m()) * P.n() * P.n(), qscale);
  if (q.c4 > 0 && qd > qtol) {
    const T sq = sqrt(qd);
    R.exact_interval_exists = true;
    R.exact_rho_1 = (-q.c3 - sq) / (T(2) * q.c4);
    R.exact_rho_2 = (-q.c3 + sq) / (T(2) * q.c4);
  }
  R.h_local_min = P.h(s.Xhat);
  if (R.interval_exists) {
    R.rho = (R.rho_1 + R.rho_2) / T(2);
    R.point_defined = true;
    R.point = s.Xhat + R.rho * s.u_n * s.q_r.transpose();  // (4.11)
    R.h_point = P.h(R.point);
  }
  return R;
}

template <class T>
TpgdCoefficients<T> tpgd_coefficients(int l, const T& rho, const T& eta, long long t, const T& lambda_n,
                                      const T& sigma_r) {
  using std::exp;
  using std::expm1;
  using std::log;
  using std::log1p;
  using std::pow;
  cf_detail::check_multi_step_input(l, rho, eta, t);
  if (!(lambda_n < 0))
    throw precondition_error("lambda_n = " + decimal_string(lambda_n) +
                             " must be < 0 (a spurious minimum has negative curvature in grad f, §3)");
  if (!(sigma_r > 0)) throw precondition_error("sigma_r = " + decimal_string(sigma_r) + " must be > 0");
  TpgdCoefficients<T> c;
  const T x = eta * pow(T(-lambda_n), l);  // -eta lambda_n^l > 0 for odd l
  c.q = T(1) + x;
  c.log_q = log1p(x);
  const T tL = T(t) * c.log_q;
  const T lnb = log(rho) + tL;  // log beta~ = log rho + t log q
  c.alpha = 1;
  c.log10_abs_beta = lnb / cf_detail::ln10<T>();
  c.beta_representable = lnb < cf_detail::max_log<T>();
  c.beta = c.beta_representable ? T(exp(lnb)) : T(0);
  if (t == 0) {
    c.gamma_zero = true;
    c.gamma = 0;
    c.S_t = 0;
  } else {
    // S_t = (q^t - 1)/(q - 1) = expm1(t log1p(x)) / x, with the log taken
    // without forming q^t when it is large.
    T lnS;
    if (tL < T(1)) {
      lnS = log(T(expm1(tL) / x));
    } else {
      lnS = tL + log1p(T(-exp(-tL))) - log(x);
    }
    c.log10_S_t = lnS / cf_detail::ln10<T>();
    const T lng = log(rho) + log(eta) - T(l - 1) * cf_detail::ln2<T>() + lnS + T(l) * log(sigma_r);  // (5.8)
    c.log10_abs_gamma = lng / cf_detail::ln10<T>();
    c.gamma_representable = lng < cf_detail::max_log<T>() && lng > cf_detail::min_log<T>();
    c.gamma = c.gamma_representable ? T(-exp(lng)) : T(0);
    c.S_t = lnS < cf_detail::max_log<T>() ? T(exp(lnS)) : T(0);
  }
  c.finite = c.beta_representable && c.gamma_representable;
  return c;
}

template <class T>
T max_sensing_spectral_norm(const SensingProblem<T>& P) {
  using std::abs;
  T best = 0;
  if (P.kind() == OperatorKind::entry_sampling) {
    // w (e_i e_j^T + e_j e_i^T)/2 has eigenvalues +-w/2 (i != j); w e_i e_i^T has w.
    for (const auto& e : P.entries()) {
      const T s = e.i == e.j ? T(abs(e.w)) : T(abs(e.w) / T(2));
      if (s > best) best = s;
    }
    return best;
  }
  for (const auto& A : P.A()) {
    const T s = cf_detail::symmetric_spectral_norm<T>(A);
    if (s > best) best = s;
  }
  return best;
}

template <class T>
MultiStepResult<T> multi_step(const SensingProblem<T>& P, const SodIngredients<T>& s, int l, const T& rho,
                              const T& eta, long long t, const T& delta) {
  using std::abs;
  using std::exp;
  using std::log;
  using std::log10;
  using std::log1p;
  using std::sqrt;
  if (!is_finite(delta) || delta < 0)
    throw input_error("delta = " + decimal_string(delta) + " must be finite and >= 0 (an RIP constant)");
  MultiStepResult<T> R;
  R.coef = tpgd_coefficients(l, rho, eta, t, s.lambda_n, s.sigma_r);  // validates l, rho, eta, t
  R.l = l;
  R.rho = rho;
  R.eta = eta;
  R.t = t;
  R.delta = delta;
  const T LN10 = cf_detail::ln10<T>();
  const T lam = s.lambda_n, sig = s.sigma_r;
  const T L = R.coef.log_q;
  const Mat<T> Y = s.E * s.Xhat;  // E X̂
  R.norm_Xhat = s.Xhat.norm();
  R.norm_EXhat = Y.norm();
  const Mat<T> B = s.u_n * s.q_r.transpose();
  {
    const T along = (Y.cwiseProduct(B)).sum();
    const T perp = (Y - along * B).norm();
    R.EXhat_parallel_u =
        R.norm_EXhat > 0 && perp <= tolerance<T>::bound(1000, double(P.n()) * P.m() * s.Xhat.cols(), R.norm_EXhat);
  }
  const bool Yzero = !(R.norm_EXhat > tolerance<T>::bound(1000, double(P.n()) * P.m(), s.E.norm() * R.norm_Xhat));
  const T lnX = log(R.norm_Xhat);

  // Norms of the three terms of (5.8).
  R.log10_norm_a_term = T(l) * lnX / LN10;
  R.log10_norm_b_term = R.coef.log10_abs_beta;
  R.c_term_zero = Yzero || R.coef.gamma_zero;
  if (!R.c_term_zero) R.log10_norm_c_term = R.coef.log10_abs_gamma + T(l) * log10(R.norm_EXhat);
  R.dominant = "a";
  T best = R.log10_norm_a_term;
  if (R.log10_norm_b_term > best) {
    best = R.log10_norm_b_term;
    R.dominant = "b";
  }
  if (!R.c_term_zero && R.log10_norm_c_term > best) R.dominant = "c";

  // K and the dominance intervals (§5.5), derived from the ratios:
  //   ||b-term||/||a-term|| = rho q^t / ||X̂||^l                      > 1 iff t > (l log||X̂|| - log rho)/log q
  //   ||b-term||/||c-term|| = K q^t / (q^t - 1)                      > 1 iff q^t (1 - K) < 1
  //   ||c-term||/||a-term|| = (q^t - 1) ||X̂||^-l rho / K             > 1 iff t > log(1 + K ||X̂||^l/rho)/log q
  const T lnrho = log(rho);
  R.U_beta_lo_printed = (T(l) * lnX - lnrho) / L;  // (U_beta) left end, (5.11)
  T lnK = 0;
  if (Yzero) {
    R.K_ge_1 = true;
    R.notes += "E X̂ = 0: the c-term vanishes, K is infinite, rho_min is undefined. ";
  } else {
    lnK = T(l - 1) * cf_detail::ln2<T>() + T(l) * log(T(-lam)) - T(l) * log(sig) - T(l) * log(R.norm_EXhat);
    R.log10_K = lnK / LN10;
    R.K_ge_1 = lnK >= 0;
  }
  if (R.EXhat_parallel_u)
    R.notes += "E X̂ is parallel to u_n q_r^T: c is parallel to b and the Gram matrix of {a,b,c} is singular. ";
  T hi_bc = 0;  // -log(1-K)/log q, when K < 1
  if (!R.K_ge_1) {
    const T K = exp(lnK);
    hi_bc = -log1p(T(-K)) / L;
    R.U_beta_hi_printed = hi_bc;  // (5.12)
    R.U_beta_hi_printed_defined = true;
    const T z = lnK + T(l) * lnX - lnrho;  // log(K ||X̂||^l / rho)
    const T lo_ca = (z > T(40) ? T(z + log1p(T(exp(-z)))) : T(log1p(T(exp(z))))) / L;
    R.U_gamma_lo_printed = lo_ca > hi_bc ? lo_ca : hi_bc;  // (U_gamma)
    R.U_gamma_lo_printed_defined = true;
  } else if (!Yzero) {
    R.notes += "K = 10^" + decimal_string(R.log10_K) +
               " >= 1: the printed -log[1 - K] of (U_beta), (U_gamma) is the log of a non-positive number; "
               "from the ratios, U_beta extends to +inf and U_gamma is empty. ";
  }
  {
    TInterval<T>& U = R.U_beta;
    U.lo = R.U_beta_lo_printed > 0 ? R.U_beta_lo_printed : T(0);
    if (R.K_ge_1) {
      U.hi_infinite = true;
      U.empty = false;
      U.reason = Yzero ? "c-term is 0, so b dominates c for all t" : "K >= 1: ||beta b|| > ||gamma c|| for all t";
    } else {
      U.hi = hi_bc;
      U.empty = !(U.hi > U.lo);
      if (U.empty)
        U.reason = "left end >= right end (equivalently rho <= rho_min of (5.13))";
    }
  }
  {
    TInterval<T>& U = R.U_gamma;
    if (Yzero) {
      U.empty = true;
      U.reason = "c-term is identically 0 (E X̂ = 0)";
    } else if (R.K_ge_1) {
      U.empty = true;
      U.reason = "K >= 1: ||beta b||/||gamma c|| = K q^t/(q^t - 1) > 1 for every t >= 1";
    } else {
      U.empty = false;
      U.hi_infinite = true;
      U.lo = R.U_gamma_lo_printed > 0 ? R.U_gamma_lo_printed : T(0);
    }
  }
  // (5.13)
  if (!Yzero) {
    R.rho_min_defined = true;
    const T Xl = exp(T(l) * lnX);
    R.rho_min = Xl - exp(lnK + T(l) * lnX);  // ||X̂||^l (1 - K)
    R.rho_gt_rho_min = rho > R.rho_min;
  }
  // (5.14)
  R.Xi = max_sensing_spectral_norm(P);
  const T od = T(1) + delta;
  const T mm = T(P.m());
  R.EXhat_bound = sqrt(T(2) * mm * od) * R.Xi * R.norm_Xhat;
  R.xi_bar = sqrt(T(2)) * (-lam) / (sqrt(mm * od * R.norm_Xhat * R.norm_Xhat) * R.Xi * sig);
  if (R.xi_bar > 1) {
    const T lg = log(R.xi_bar) / cf_detail::ln2<T>();
    R.l_bound_514_defined = true;
    R.l_bound_514 = T(1) / lg;
    R.l_satisfies_514 = T(l) > R.l_bound_514;
    R.l_upper_from_derivation = T(2) * lg;
  } else {
    R.notes += "Xi-bar = " + decimal_string(R.xi_bar) +
               " <= 1: log2(Xi-bar) <= 0, so (5.14) gives no positive order bound (2^(l/2) < Xi-bar has no "
               "solution l >= 1). ";
  }
  // (5.17), (5.18)
  R.dist2 = (s.Xhat * s.Xhat.transpose() - P.M_star()).squaredNorm();
  R.trMstar = P.M_star().trace();
  const T omd = T(1) - delta;
  if (omd > 0) {
    R.conditions_defined = true;
    const T base = od / omd * sig * sig * R.trMstar;
    R.cond_517_lower = base;
    R.cond_517_upper = T(2) * base;
    R.cond_517 = R.dist2 >= R.cond_517_lower && R.dist2 <= R.cond_517_upper;
    const T den = T(1) - log(T(T(2) * base / R.dist2)) / cf_detail::ln2<T>();
    if (den != 0) {
      R.l_bound_518_defined = true;
      R.l_bound_518 = T(1) / den;
      R.cond_518 = T(l) > R.l_bound_518;
    }
  } else {
    R.notes += "1 - delta <= 0: (5.17), (5.18) divide by 1 - delta and are undefined. ";
  }
  // (5.15) beta-type: X̌ = rho^(1/l) q^(t/l) u_n q_r^T
  R.beta_point.type = "beta";
  cf_detail::fill_escape_point(P, s.Xhat, R.beta_point, T((lnrho + T(t) * L) / T(l)), +1, B);
  // (5.16) gamma-type: X̌ = -1/2 (2 eta rho)^(1/l) S_t^(1/l) sigma_r E X̂
  R.gamma_point.type = "gamma";
  if (R.coef.gamma_zero) {
    R.gamma_point.note = "t = 0: S_0 = 0, the gamma-type point is 0";
  } else if (Yzero) {
    R.gamma_point.note = "E X̂ = 0: the gamma-type point is 0";
  } else {
    const T lnS = R.coef.log10_S_t * LN10;
    const T lnc = -cf_detail::ln2<T>() + (log(T(T(2) * eta * rho)) + lnS) / T(l) + log(sig);
    cf_detail::fill_escape_point(P, s.Xhat, R.gamma_point, lnc, -1, Y);
  }
  return R;
}

}  // namespace sodlift
