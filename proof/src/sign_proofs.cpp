// Proofs of sign verdicts in ball arithmetic (sign_proofs.hpp).
#include "sodlift/proof/sign_proofs.hpp"

#include <arb.h>
#include <arb_mat.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>

#include <Eigen/Dense>

#include "sodlift/support/errors.hpp"

namespace sodlift::proof {

namespace {

// RAII holders (the same small helpers as critical_point_proof.cpp, kept
// local so that the two proof files stay independent).
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

// Reads an exact number of the ExactData grammar (exact_data.hpp) into a ball.
void parse_exact(arb_t out, const std::string& s0, slong prec) {
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

double mid_double(const arb_t x) { return arf_get_d(arb_midref(x), ARF_RND_NEAR); }

std::string bound_decimal(const arb_t x, bool upper) {
  arf_t b;
  arf_init(b);
  if (upper)
    arb_get_ubound_arf(b, x, 64);
  else
    arb_get_lbound_arf(b, x, 64);
  double v = arf_get_d(b, upper ? ARF_RND_CEIL : ARF_RND_FLOOR);
  arf_clear(b);
  if (!std::isfinite(v)) return upper ? "+inf" : "-inf";
  // %.15e rounds by at most 5e-16 relative: push out by 2e-15 first.
  const double u = upper ? (v >= 0 ? v * (1 + 2e-15) : v * (1 - 2e-15)) : (v >= 0 ? v * (1 - 2e-15) : v * (1 + 2e-15));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15e", std::nextafter(u, upper ? HUGE_VAL : -HUGE_VAL));
  return buf;
}

Enclosure enclosure_of(const arb_t x) {
  Enclosure e;
  e.computed = true;
  char* s = arb_get_str(x, 40, 0);
  e.ball = s;
  flint_free(s);
  e.lower = bound_decimal(x, false);
  e.upper = bound_decimal(x, true);
  e.sign = arb_is_positive(x) ? 1 : arb_is_negative(x) ? -1 : 0;
  return e;
}

Eigen::MatrixXd mid_matrix(BallMat& M) {
  Eigen::MatrixXd D(M.rows(), M.cols());
  for (slong i = 0; i < M.rows(); ++i)
    for (slong j = 0; j < M.cols(); ++j) D(i, j) = mid_double(M(i, j));
  return D;
}

// v^T M v / v^T v over the balls of M (v exact).
void rayleigh(arb_t out, BallMat& M, BallMat& v, slong prec) {
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

// An eigenvector of mid(M) for the eigenvalue nearest mu by inverse iteration
// at Arb's precision; exact midpoints (only a direction to test).
void eigenvector_near(BallMat& v, BallMat& M, double mu, const Eigen::VectorXd& start, slong prec) {
  const slong d = M.rows();
  BallMat S(d, d), w(d, 1);
  arb_mat_get_mid(S.m, M.m);
  Ball s;
  arb_set_d(s.x, mu);
  for (slong i = 0; i < d; ++i) arb_sub(S(i, i), S(i, i), s.x, prec);
  for (slong i = 0; i < d; ++i) arb_set_d(v(i, 0), start(i));
  for (int it = 0; it < 8; ++it) {
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

// Encloses the smallest eigenvalue of the symmetric interval matrix M (the
// value for every matrix in the balls): lower end by Cholesky of M - s I,
// upper end by a Rayleigh quotient. False when no lower bound was proved.
bool enclose_lambda_min(arb_t out, BallMat& M, slong prec) {
  const slong d = M.rows();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(mid_matrix(M));
  const double l0 = es.eigenvalues()(0), span = std::fabs(l0) + std::fabs(es.eigenvalues()(d - 1)) + 1e-300;
  BallMat v(d, 1);
  eigenvector_near(v, M, l0 - 1e-9 * span, es.eigenvectors().col(0), prec);
  Ball q, s;
  rayleigh(q.x, M, v, prec);  // lambda_min <= every value in q
  BallMat S(d, d), L(d, d);
  // Lower bounds tried from tight to loose, relative to the matrix scale.
  for (int e : {-static_cast<int>(prec) + 96, -200, -100, -60, -40, -20}) {
    arb_set_arf(s.x, arb_midref(q.x));
    Ball t;
    arb_set_d(t.x, span);
    arb_mul_2exp_si(t.x, t.x, e);
    arb_sub(s.x, s.x, t.x, prec);
    arb_get_mid_arb(s.x, s.x);  // s exact
    arb_mat_set(S.m, M.m);
    for (slong i = 0; i < d; ++i) arb_sub(S(i, i), S(i, i), s.x, prec);
    if (arb_mat_cho(L.m, S.m, prec)) {
      // lambda_min in [s, upper(q)].
      arf_t up;
      arf_init(up);
      arb_get_ubound_arf(up, q.x, prec);
      arb_set_interval_arf(out, arb_midref(s.x), up, prec);
      arf_clear(up);
      return true;
    }
  }
  return false;
}

// The problem's A_k (n x n balls) and Z.
struct Data {
  int n = 0, m = 0, rz = 0;
  std::vector<BallMat> A;
  std::unique_ptr<BallMat> Z;
};

Data read_data(const ExactData& D, slong prec) {
  Data P;
  P.n = D.n;
  P.m = static_cast<int>(D.A.size());
  P.rz = D.truth_rank;
  Ball v;
  for (const auto& terms : D.A) {
    BallMat A(D.n, D.n);
    arb_mat_zero(A.m);
    for (const auto& t : terms) {
      parse_exact(v.x, t.value, prec);
      arb_add(A(t.i, t.j), A(t.i, t.j), v.x, prec);
    }
    P.A.push_back(std::move(A));
  }
  P.Z = std::make_unique<BallMat>(D.n, D.truth_rank);
  for (int c = 0; c < D.truth_rank; ++c)
    for (int i = 0; i < D.n; ++i)
      parse_exact((*P.Z)(i, c), D.Z.at(static_cast<std::size_t>(c) * D.n + i), prec);
  return P;
}

// Isometry constant: balls for lambda_min, lambda_max, delta.
bool isometry_balls(const ExactData& D, const ProofOptions& opt, arb_t lmin, arb_t lmax, arb_t delta,
                    std::string& reason) {
  const slong prec = opt.prec;
  const int n = D.n;
  const long long dd = static_cast<long long>(n) * (n + 1) / 2;
  if (dd > 8LL * opt.max_dim) {
    reason = "n(n+1)/2 = " + std::to_string(dd) + " exceeds the dense Gram limit " + std::to_string(8 * opt.max_dim);
    return false;
  }
  const int d = static_cast<int>(dd);
  Data P = read_data(D, prec);
  BallMat Phi(P.m, d), Phit(d, P.m), G(d, d);
  Ball inv_sqrt2;
  arb_sqrt_ui(inv_sqrt2.x, 2, prec);
  arb_inv(inv_sqrt2.x, inv_sqrt2.x, prec);
  int col = 0;
  for (int j = 0; j < n; ++j)
    for (int i = j; i < n; ++i, ++col)
      for (int k = 0; k < P.m; ++k) {
        auto& A = P.A[k];
        if (i == j) {
          arb_set(Phi(k, col), A(i, i));
        } else {
          arb_add(Phi(k, col), A(i, j), A(j, i), prec);
          arb_mul(Phi(k, col), Phi(k, col), inv_sqrt2.x, prec);
        }
      }
  arb_mat_transpose(Phit.m, Phi.m);
  arb_mat_mul(G.m, Phit.m, Phi.m, prec);
  // G is symmetric in exact arithmetic; both balls of a pair contain the same
  // real, so their union does: make the interval matrix symmetric.
  for (int i = 0; i < d; ++i)
    for (int j = i + 1; j < d; ++j) {
      arb_union(G(i, j), G(i, j), G(j, i), prec);
      arb_set(G(j, i), G(i, j));
    }
  if (!enclose_lambda_min(lmin, G, prec)) {
    reason = "no lower bound on lambda_min(G) proved";
    return false;
  }
  // lambda_min >= 0 (a Gram matrix): clip the lower end.
  {
    arf_t lo, hi;
    arf_init(lo);
    arf_init(hi);
    arb_get_lbound_arf(lo, lmin, prec);
    arb_get_ubound_arf(hi, lmin, prec);
    if (arf_sgn(lo) < 0) arf_zero(lo);
    if (arf_sgn(hi) < 0) arf_zero(hi);
    arb_set_interval_arf(lmin, lo, hi, prec);
    arf_clear(lo);
    arf_clear(hi);
  }
  BallMat Gn(d, d);
  arb_mat_neg(Gn.m, G.m);
  if (!enclose_lambda_min(lmax, Gn, prec)) {
    reason = "no upper bound on lambda_max(G) proved";
    return false;
  }
  arb_neg(lmax, lmax);
  Ball d1, d2;
  arb_sub_si(d1.x, lmin, 1, prec);
  arb_neg(d1.x, d1.x);  // 1 - lambda_min
  arb_sub_si(d2.x, lmax, 1, prec);
  arb_max(delta, d1.x, d2.x, prec);
  return true;
}

std::string method_text(slong prec) {
  std::ostringstream m;
  m << "Arb " << arb_version << " ball arithmetic (" << prec
    << " bits) on the data as exact numbers: isometry eigenvalues enclosed by arb_mat_cho (lower) and a "
       "Rayleigh quotient (upper); X* from the Krawczyk box of prove_critical_point; every quantity "
       "evaluated over that box";
  return m.str();
}

}  // namespace

IsometryEnclosure enclose_isometry(const ExactData& D, const ProofOptions& opt) {
  IsometryEnclosure out;
  out.method = method_text(opt.prec);
  Ball lmin, lmax, delta;
  if (!isometry_balls(D, opt, lmin.x, lmax.x, delta.x, out.reason)) return out;
  out.ok = true;
  out.lambda_min = enclosure_of(lmin.x);
  out.lambda_max = enclosure_of(lmax.x);
  out.delta = enclosure_of(delta.x);
  return out;
}

int lambda_min_minus(const ExactData& D, const std::string& shift, const ProofOptions& opt) {
  Ball lmin, lmax, delta, s;
  std::string reason;
  if (!isometry_balls(D, opt, lmin.x, lmax.x, delta.x, reason)) return 0;
  parse_exact(s.x, shift, opt.prec);
  arb_sub(lmin.x, lmin.x, s.x, opt.prec);
  return arb_is_positive(lmin.x) ? 1 : arb_is_negative(lmin.x) ? -1 : 0;
}

Cond517Proof prove_cond_517_518(const ExactData& D, const std::vector<std::string>& center,
                                const std::vector<int>& ls, const std::string& shift, const ProofOptions& opt) {
  Cond517Proof out;
  const slong prec = opt.prec;
  out.method = method_text(prec);
  const int n = D.n;
  if (static_cast<int>(center.size()) != n) {
    out.reason = "rank " + std::to_string(center.size() / std::max(n, 1)) +
                 ": the proof of (5.17)/(5.18) is written for rank-1 points (r = 1)";
    return out;
  }
  // 1. X* in the Krawczyk box.
  const CriticalPointProof cp = prove_critical_point(D, 1, center, opt);
  if (!cp.unique_critical_point) {
    out.reason = "no unique critical point proved near the center (" + cp.reason + ")";
    return out;
  }
  out.radius = cp.radius;
  // 2. delta.
  Ball lmin, lmax, delta;
  if (!isometry_balls(D, opt, lmin.x, lmax.x, delta.x, out.reason)) return out;
  out.iso.ok = true;
  out.iso.method = out.method;
  out.iso.lambda_min = enclosure_of(lmin.x);
  out.iso.lambda_max = enclosure_of(lmax.x);
  out.iso.delta = enclosure_of(delta.x);
  // 3. The box x = center +- radius (radius: an upper decimal of the proved rho).
  Data P = read_data(D, prec);
  BallMat x(n, 1);
  {
    Ball rad;
    parse_exact(rad.x, cp.radius, prec);
    mag_t e;
    mag_init(e);
    arb_get_mag(e, rad.x);
    for (int i = 0; i < n; ++i) {
      parse_exact(x(i, 0), center[static_cast<std::size_t>(i)], prec);
      arb_get_mid_arb(x(i, 0), x(i, 0));
      arb_add_error_mag(x(i, 0), e);
    }
    mag_clear(e);
  }
  BallMat xt(1, n), XX(n, n), Zt(P.rz, n), Ms(n, n);
  arb_mat_transpose(xt.m, x.m);
  arb_mat_mul(XX.m, x.m, xt.m, prec);
  arb_mat_transpose(Zt.m, P.Z->m);
  arb_mat_mul(Ms.m, P.Z->m, Zt.m, prec);
  Ball dist2, sig2, trM, t, base, omd, opd, two_base;
  arb_zero(dist2.x);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      arb_sub(t.x, XX(i, j), Ms(i, j), prec);
      arb_addmul(dist2.x, t.x, t.x, prec);
    }
  arb_zero(sig2.x);
  for (int i = 0; i < n; ++i) arb_addmul(sig2.x, x(i, 0), x(i, 0), prec);  // sigma_r^2 = ||x||^2 (r = 1)
  arb_zero(trM.x);
  for (int i = 0; i < n; ++i) arb_add(trM.x, trM.x, Ms(i, i), prec);
  out.dist2 = enclosure_of(dist2.x);
  arb_sub_si(omd.x, delta.x, 1, prec);
  arb_neg(omd.x, omd.x);  // 1 - delta
  out.one_minus_delta = enclosure_of(omd.x);
  if (!arb_is_positive(omd.x)) {
    out.reason = arb_is_nonpositive(omd.x) ? "1 - delta <= 0 (proved): (5.17) divides by it, undefined"
                                           : "1 - delta is not resolved from 0";
    return out;
  }
  arb_add_si(opd.x, delta.x, 1, prec);
  arb_div(base.x, opd.x, omd.x, prec);
  arb_mul(base.x, base.x, sig2.x, prec);
  arb_mul(base.x, base.x, trM.x, prec);
  arb_mul_2exp_si(two_base.x, base.x, 1);
  out.lower = enclosure_of(base.x);
  out.upper = enclosure_of(two_base.x);
  Ball ml, mu, s;
  parse_exact(s.x, shift, prec);
  arb_sub(ml.x, dist2.x, base.x, prec);
  arb_sub(ml.x, ml.x, s.x, prec);
  arb_sub(mu.x, two_base.x, dist2.x, prec);
  out.margin_lower = enclosure_of(ml.x);
  out.margin_upper = enclosure_of(mu.x);
  out.ok = true;
  if (out.margin_lower.sign < 0 || out.margin_upper.sign < 0)
    out.cond_517 = -1;
  else if (out.margin_lower.sign > 0 && out.margin_upper.sign > 0)
    out.cond_517 = 1;
  // (5.18): den = 1 - log2(2 base / dist2).
  Ball den, ln2, bound, margin;
  arb_div(den.x, two_base.x, dist2.x, prec);
  arb_log(den.x, den.x, prec);
  arb_const_log2(ln2.x, prec);
  arb_div(den.x, den.x, ln2.x, prec);
  arb_sub_si(den.x, den.x, 1, prec);
  arb_neg(den.x, den.x);
  for (int l : ls) {
    Cond518Proof c;
    c.l = l;
    c.den = enclosure_of(den.x);
    if (c.den.sign != 0) {
      arb_inv(bound.x, den.x, prec);
      arb_set_si(margin.x, l);
      arb_sub(margin.x, margin.x, bound.x, prec);
      c.bound = enclosure_of(bound.x);
      c.margin = enclosure_of(margin.x);
      c.proved = c.margin.sign != 0;
    }
    out.cond_518.push_back(c);
  }
  return out;
}

}  // namespace sodlift::proof
