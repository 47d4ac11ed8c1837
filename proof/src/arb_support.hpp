// Internal to proof/src (not installed, not included outside proof/): the
// small Arb helpers that critical_point_proof.cpp (critical points, lifted
// landscape, h enclosures) and sign_proofs.cpp share: RAII holders for Arb's
// C types, the reading of an exact number of the ExactData grammar into a
// ball, the problem's matrices in balls, decimal strings of balls and bounds,
// midpoints, a Rayleigh quotient and inverse iteration.
#pragma once

#include <arb.h>
#include <arb_mat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "sodlift/proof/exact_data.hpp"
#include "sodlift/support/errors.hpp"

namespace sodlift::proof::arb_support {

// RAII holders (Arb's types are C arrays).
struct Ball {
  arb_t x;
  Ball() { arb_init(x); }
  ~Ball() { arb_clear(x); }
  Ball(const Ball&) = delete;
  Ball& operator=(const Ball&) = delete;
};
struct BallMat {
  arb_mat_t m;
  BallMat(slong r, slong c) { arb_mat_init(m, r, c); }
  ~BallMat() { arb_mat_clear(m); }
  BallMat(BallMat&& o) noexcept {
    arb_mat_init(m, 0, 0);
    arb_mat_swap(m, o.m);
  }
  BallMat(const BallMat&) = delete;
  BallMat& operator=(const BallMat&) = delete;
  slong rows() const { return arb_mat_nrows(m); }
  slong cols() const { return arb_mat_ncols(m); }
  arb_ptr operator()(slong i, slong j) { return arb_mat_entry(m, i, j); }
};

// Reads an exact number of the ExactData grammar (exact_data.hpp) into a ball
// containing it.
inline void parse_exact(arb_t out, const std::string& s0, slong prec) {
  std::string s = s0;
  bool neg = false;
  if (!s.empty() && s[0] == '-') {
    neg = true;
    s = s.substr(1);
  }
  unsigned long div = 1;
  if (const auto k = s.find('/'); k != std::string::npos) {
    const std::string d = s.substr(k + 1);
    char* end = nullptr;
    div = std::strtoul(d.c_str(), &end, 10);
    if (d.empty() || *end != '\0' || div == 0)
      throw input_error("exact number '" + s0 + "': the divisor must be a positive integer");
    s = s.substr(0, k);
  }
  if (s.rfind("sqrt(", 0) == 0 && s.back() == ')') {
    const std::string a = s.substr(5, s.size() - 6);
    char* end = nullptr;
    const unsigned long v = std::strtoul(a.c_str(), &end, 10);
    if (a.empty() || *end != '\0') throw input_error("exact number '" + s0 + "': sqrt(K) needs an integer K");
    arb_sqrt_ui(out, v, prec);
  } else if (const auto p = s.find('p'); p != std::string::npos) {
    const long long M = std::stoll(s.substr(0, p));
    const long E = std::stol(s.substr(p + 1));
    arb_set_si(out, static_cast<slong>(M));
    arb_mul_2exp_si(out, out, E);
  } else if (arb_set_str(out, s.c_str(), prec) != 0) {
    throw input_error("exact number '" + s0 + "' is not a decimal (expected e.g. 0.0783, 1e-3, sqrt(3)/2)");
  }
  if (div != 1) arb_div_ui(out, out, div, prec);
  if (neg) arb_neg(out, out);
}

// The data's A_k (n x n balls, terms summed) and Z (n x truth_rank balls).
inline std::vector<BallMat> read_A(const ExactData& D, slong prec) {
  std::vector<BallMat> out;
  Ball v;
  for (const auto& terms : D.A) {
    BallMat A(D.n, D.n);
    arb_mat_zero(A.m);
    for (const auto& t : terms) {
      parse_exact(v.x, t.value, prec);
      arb_add(A(t.i, t.j), A(t.i, t.j), v.x, prec);
    }
    out.push_back(std::move(A));
  }
  return out;
}
inline void read_Z(BallMat& Z, const ExactData& D, slong prec) {
  for (int c = 0; c < D.truth_rank; ++c)
    for (int i = 0; i < D.n; ++i) parse_exact(Z(i, c), D.Z.at(static_cast<std::size_t>(c) * D.n + i), prec);
}

inline double mid_double(const arb_t x) { return arf_get_d(arb_midref(x), ARF_RND_NEAR); }

inline Eigen::MatrixXd mid_matrix(BallMat& M) {
  Eigen::MatrixXd D(M.rows(), M.cols());
  for (slong i = 0; i < M.rows(); ++i)
    for (slong j = 0; j < M.cols(); ++j) D(i, j) = mid_double(M(i, j));
  return D;
}

// Arb's own decimal of a ball, "[mid +/- rad]" (40 digits).
inline std::string ball_string(const arb_t x) {
  char* s = arb_get_str(x, 40, 0);
  std::string out(s);
  flint_free(s);
  return out;
}

// Outward-rounded short decimals (12 digits) of a double bound.
inline std::string upper_decimal(double v) {
  char buf[64];
  // %.12e rounds by at most 5e-13 relative: pushing out by 1e-12 first keeps
  // the printed decimal on the safe side of v.
  const double u = v >= 0 ? v * (1 + 1e-12) : v * (1 - 1e-12);
  std::snprintf(buf, sizeof buf, "%.12e", std::nextafter(u, HUGE_VAL));
  return buf;
}
inline std::string lower_bound_decimal(double v) {
  char buf[64];
  const double u = v >= 0 ? v * (1 - 1e-12) : v * (1 + 1e-12);
  std::snprintf(buf, sizeof buf, "%.12e", std::nextafter(u, -HUGE_VAL));
  return buf;
}

// An upper (lower) bound of the ball as a double: its `bits`-bit bound,
// rounded up (down).
inline double bound_double(const arb_t x, bool upper, slong bits = 53) {
  arf_t b;
  arf_init(b);
  if (upper)
    arb_get_ubound_arf(b, x, bits);
  else
    arb_get_lbound_arf(b, x, bits);
  const double v = arf_get_d(b, upper ? ARF_RND_CEIL : ARF_RND_FLOOR);
  arf_clear(b);
  return v;
}
inline double upper_double(const arb_t x) { return bound_double(x, true); }
inline double lower_double(const arb_t x) { return bound_double(x, false); }

// Outward-rounded decimal (15 digits) of the upper or lower end of a ball.
inline std::string bound_decimal(const arb_t x, bool upper) {
  const double v = bound_double(x, upper, 64);
  if (!std::isfinite(v)) return upper ? "+inf" : "-inf";
  // %.15e rounds by at most 5e-16 relative: push out by 2e-15 first.
  const double u = upper ? (v >= 0 ? v * (1 + 2e-15) : v * (1 - 2e-15)) : (v >= 0 ? v * (1 - 2e-15) : v * (1 + 2e-15));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15e", std::nextafter(u, upper ? HUGE_VAL : -HUGE_VAL));
  return buf;
}

// v^T M v / v^T v over the balls of M (v exact).
inline void rayleigh(arb_t out, BallMat& M, BallMat& v, slong prec) {
  const slong d = v.rows();
  BallMat Mv(d, 1);
  arb_mat_mul(Mv.m, M.m, v.m, prec);
  Ball num, den;
  arb_zero(num.x);
  arb_zero(den.x);
  for (slong i = 0; i < d; ++i) {
    arb_addmul(num.x, v(i, 0), Mv(i, 0), prec);
    arb_addmul(den.x, v(i, 0), v(i, 0), prec);
  }
  arb_div(out, num.x, den.x, prec);
}

// An accurate eigenvector of mid(M) for the eigenvalue nearest mu, by
// `iterations` steps of inverse iteration at Arb's working precision (the
// result is only a direction to test; nothing depends on how accurate it is).
// Exact midpoints, radius 0.
inline void eigenvector_near(BallMat& v, BallMat& M, double mu, const Eigen::VectorXd& start, slong prec,
                             int iterations) {
  const slong d = M.rows();
  BallMat S(d, d), w(d, 1);
  arb_mat_get_mid(S.m, M.m);
  Ball s;
  arb_set_d(s.x, mu);
  for (slong i = 0; i < d; ++i) arb_sub(S(i, i), S(i, i), s.x, prec);
  for (slong i = 0; i < d; ++i) arb_set_d(v(i, 0), start(i));
  for (int it = 0; it < iterations; ++it) {
    if (!arb_mat_approx_solve(w.m, S.m, v.m, prec)) break;
    double big = 0;
    for (slong i = 0; i < d; ++i) big = std::max(big, std::fabs(mid_double(w(i, 0))));
    if (!(big > 0) || !std::isfinite(big)) break;
    for (slong i = 0; i < d; ++i) {
      arb_set_d(s.x, big);
      arb_div(v(i, 0), w(i, 0), s.x, prec);
      arb_get_mid_arb(v(i, 0), v(i, 0));
    }
  }
  arb_mat_get_mid(v.m, v.m);
}

}  // namespace sodlift::proof::arb_support
