// Proofs of sign verdicts in ball arithmetic (sign_proofs.hpp).
#include "sodlift/proof/sign_proofs.hpp"

#include <arb.h>
#include <arb_mat.h>

#include "arb_support.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include <Eigen/Dense>

#include "sodlift/support/errors.hpp"

namespace sodlift::proof {

using namespace arb_support;

namespace {

Enclosure enclosure_of(const arb_t x) {
  Enclosure e;
  e.computed = true;
  e.ball = ball_string(x);
  e.lower = bound_decimal(x, false);
  e.upper = bound_decimal(x, true);
  e.sign = arb_is_positive(x) ? 1 : arb_is_negative(x) ? -1 : 0;
  return e;
}

// Encloses the smallest eigenvalue of the symmetric interval matrix M (the
// value for every matrix in the balls): lower end by Cholesky of M - s I,
// upper end by a Rayleigh quotient. False when no lower bound was proved.
bool enclose_lambda_min(arb_t out, BallMat& M, slong prec) {
  const slong d = M.rows();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(mid_matrix(M));
  const double l0 = es.eigenvalues()(0), span = std::fabs(l0) + std::fabs(es.eigenvalues()(d - 1)) + 1e-300;
  BallMat v(d, 1);
  eigenvector_near(v, M, l0 - 1e-9 * span, es.eigenvectors().col(0), prec, 8);
  Ball q, s;
  rayleigh(q.x, M, v, prec);  // lambda_min <= every value in q
  BallMat S(d, d), L(d, d);
  // Lower bounds tried from tight to loose, relative to the matrix scale
  // (steps of 2^16: the first to pass is within 2^16 of the matrix's own
  // uncertainty, e.g. the Krawczyk box radius).
  for (int e = -static_cast<int>(prec) + 96; e <= -16; e += 16) {
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
  P.A = read_A(D, prec);
  P.Z = std::make_unique<BallMat>(D.n, D.truth_rank);
  read_Z(*P.Z, D, prec);
  return P;
}

bool isometry_balls_uncached(const ExactData& D, const ProofOptions& opt, arb_t lmin, arb_t lmax, arb_t delta,
                             std::string& reason);

// The sensing matrices' exact terms and the options: the key of the
// memoised enclosures that depend on A only.
std::string data_key(const ExactData& D, const ProofOptions& opt) {
  std::string key = std::to_string(opt.prec) + "/" + std::to_string(opt.max_dim) + "/" + std::to_string(D.n);
  for (const auto& terms : D.A) {
    key += "|";
    for (const auto& t : terms) key += std::to_string(t.i) + "," + std::to_string(t.j) + "," + t.value + ";";
  }
  return key;
}

// Xi = max_k ||sym A_k||_2, each norm max(-lambda_min, lambda_max) of
// sym A_k enclosed by enclose_lambda_min of +-sym A_k. Memoised like delta.
bool xi_ball(const ExactData& D, const ProofOptions& opt, arb_t Xi);

// Isometry constant: balls for lambda_min, lambda_max, delta. Memoised per
// (A's exact terms, precision): a claim encloses the closed form at many
// (l, t), each needing delta, and the dense Gram matrix is n(n+1)/2 square.
bool isometry_balls(const ExactData& D, const ProofOptions& opt, arb_t lmin, arb_t lmax, arb_t delta,
                    std::string& reason) {
  struct Entry {
    bool ok = false;
    std::string reason;
    Ball lmin, lmax, delta;
  };
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<Entry>> cache;
  std::string key = data_key(D, opt);
  {
    std::lock_guard<std::mutex> lock(mu);
    const auto it = cache.find(key);
    if (it != cache.end()) {
      arb_set(lmin, it->second->lmin.x);
      arb_set(lmax, it->second->lmax.x);
      arb_set(delta, it->second->delta.x);
      reason = it->second->reason;
      return it->second->ok;
    }
  }
  auto e = std::make_unique<Entry>();
  e->ok = isometry_balls_uncached(D, opt, e->lmin.x, e->lmax.x, e->delta.x, e->reason);
  arb_set(lmin, e->lmin.x);
  arb_set(lmax, e->lmax.x);
  arb_set(delta, e->delta.x);
  reason = e->reason;
  const bool ok = e->ok;
  std::lock_guard<std::mutex> lock(mu);
  if (cache.size() >= 16) cache.clear();
  cache.emplace(std::move(key), std::move(e));
  return ok;
}

bool isometry_balls_uncached(const ExactData& D, const ProofOptions& opt, arb_t lmin, arb_t lmax, arb_t delta,
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

// Step 1 of the rank-1 proofs, X* in the Krawczyk box: out.radius is the
// proved radius; false, with out.reason, when no unique critical point is
// proved near the center.
template <class Out>
bool unique_critical_point(Out& out, const ExactData& D, const std::vector<std::string>& center,
                           const ProofOptions& opt) {
  const CriticalPointProof cp = prove_critical_point(D, 1, center, opt);
  if (!cp.unique_critical_point) {
    out.reason = "no unique critical point proved near the center (" + cp.reason + ")";
    return false;
  }
  out.radius = cp.radius;
  return true;
}

// The box x = center +- radius (n x 1; radius an upper decimal of the proved
// rho). Returns the index of the center's entry of largest magnitude (the
// first one on ties).
int center_box(BallMat& x, const std::vector<std::string>& center, const std::string& radius, slong prec) {
  const int n = static_cast<int>(x.rows());
  int big = 0;
  Ball rad;
  parse_exact(rad.x, radius, prec);
  mag_t e;
  mag_init(e);
  arb_get_mag(e, rad.x);
  for (int i = 0; i < n; ++i) {
    parse_exact(x(i, 0), center[static_cast<std::size_t>(i)], prec);
    arb_get_mid_arb(x(i, 0), x(i, 0));
    if (std::fabs(mid_double(x(i, 0))) > std::fabs(mid_double(x(big, 0)))) big = i;
    arb_add_error_mag(x(i, 0), e);
  }
  mag_clear(e);
  return big;
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
  if (!unique_critical_point(out, D, center, opt)) return out;
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
  center_box(x, center, out.radius, prec);
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

// ---- The closed form of §5 at X* (rank 1) --------------------------------
namespace {

bool xi_ball(const ExactData& D, const ProofOptions& opt, arb_t out) {
  struct Entry {
    bool ok = false;
    Ball Xi;
  };
  static std::mutex mu;
  static std::map<std::string, std::unique_ptr<Entry>> cache;
  std::string key = data_key(D, opt);
  {
    std::lock_guard<std::mutex> lock(mu);
    const auto it = cache.find(key);
    if (it != cache.end()) {
      arb_set(out, it->second->Xi.x);
      return it->second->ok;
    }
  }
  auto e = std::make_unique<Entry>();
  const slong prec = opt.prec;
  const int n = D.n;
  std::vector<BallMat> A = read_A(D, prec);
  Ball nk, lo, hi;
  e->ok = true;
  arb_zero(e->Xi.x);
  for (std::size_t k = 0; k < A.size() && e->ok; ++k) {
    BallMat S(n, n), Sn(n, n);
    BallMat& Ak = A[k];
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        arb_add(S(i, j), Ak(i, j), Ak(j, i), prec);
        arb_mul_2exp_si(S(i, j), S(i, j), -1);
      }
    arb_mat_neg(Sn.m, S.m);
    if (!enclose_lambda_min(lo.x, S, prec) || !enclose_lambda_min(hi.x, Sn, prec)) {
      e->ok = false;
      break;
    }
    arb_neg(lo.x, lo.x);  // -lambda_min(S)
    arb_neg(hi.x, hi.x);  // -lambda_min(-S) = lambda_max(S)
    arb_max(nk.x, lo.x, hi.x, prec);  // max(-lambda_min, lambda_max) = ||S||_2
    arb_max(e->Xi.x, e->Xi.x, nk.x, prec);
  }
  arb_set(out, e->Xi.x);
  const bool ok = e->ok;
  std::lock_guard<std::mutex> lock(mu);
  if (cache.size() >= 16) cache.clear();
  cache.emplace(std::move(key), std::move(e));
  return ok;
}

struct ArbVec {
  std::vector<std::unique_ptr<Ball>> v;
  explicit ArbVec(int n) {
    for (int i = 0; i < n; ++i) v.push_back(std::make_unique<Ball>());
  }
  arb_ptr operator[](int i) { return v[static_cast<std::size_t>(i)]->x; }
};

// ||M||_F of an n x n ball matrix.
void frob(arb_t out, BallMat& M, slong prec) {
  arb_zero(out);
  for (slong i = 0; i < M.rows(); ++i)
    for (slong j = 0; j < M.cols(); ++j) {
      Ball sq;
      arb_sqr(sq.x, M(i, j), prec);  // a square: a nonnegative ball
      arb_add(out, out, sq.x, prec);
    }
  arb_sqrtpos(out, out, prec);
}

// <A, M>_F
void frob_dot(arb_t out, BallMat& A, BallMat& M, slong prec) {
  arb_zero(out);
  for (slong i = 0; i < A.rows(); ++i)
    for (slong j = 0; j < A.cols(); ++j) arb_addmul(out, A(i, j), M(i, j), prec);
}

void symmetrise(BallMat& M, slong prec) {
  for (slong i = 0; i < M.rows(); ++i)
    for (slong j = i + 1; j < M.cols(); ++j) {
      arb_union(M(i, j), M(i, j), M(j, i), prec);
      arb_set(M(j, i), M(i, j));
    }
}

// Escape point c D (D an n-vector of balls, c a ball): (C.3) numbers.
void escape_numbers(EscapeEnclosure& e, const arb_t c, BallMat& D, BallMat& XX, BallMat& Ms, slong prec) {
  const slong n = D.rows();
  BallMat P(n, n), T1(n, n), T2(n, n);
  Ball c2, a, b, r;
  arb_sqr(c2.x, c, prec);
  for (slong i = 0; i < n; ++i)
    for (slong j = 0; j < n; ++j) {
      arb_mul(P(i, j), D(i, 0), D(j, 0), prec);
      arb_mul(P(i, j), P(i, j), c2.x, prec);
      arb_sub(T1(i, j), XX(i, j), P(i, j), prec);
      arb_sub(T2(i, j), P(i, j), Ms(i, j), prec);
    }
  frob(a.x, T1, prec);
  frob(b.x, T2, prec);
  arb_div(r.x, a.x, b.x, prec);
  e.dist_local = enclosure_of(a.x);
  e.dist_truth = enclosure_of(b.x);
  e.ratio = enclosure_of(r.x);
}

}  // namespace

// Called with the generators x, u q_r, Y = E x (balls over the box) once
// they are enclosed (prove_basis_independent).
using GeneratorHook = std::function<void(BallMat& x, BallMat& xb, BallMat& Y, slong prec)>;

namespace {
ClosedFormProof closed_form_impl(const ExactData& D, const std::vector<std::string>& center, int l,
                                 const std::string& rho_s, const std::string& eta_s, long long t,
                                 const ProofOptions& opt, const GeneratorHook& hook);
}  // namespace

ClosedFormProof enclose_closed_form(const ExactData& D, const std::vector<std::string>& center, int l,
                                    const std::string& rho_s, const std::string& eta_s, long long t,
                                    const ProofOptions& opt) {
  return closed_form_impl(D, center, l, rho_s, eta_s, t, opt, {});
}

namespace {
ClosedFormProof closed_form_impl(const ExactData& D, const std::vector<std::string>& center, int l,
                                 const std::string& rho_s, const std::string& eta_s, long long t,
                                 const ProofOptions& opt, const GeneratorHook& hook) {
  ClosedFormProof out;
  const slong prec = opt.prec;
  out.method = method_text(prec) +
               "; u_n enclosed by Davis-Kahan with lambda_2 bounded below by Cholesky of a rank-one update";
  const int n = D.n;
  if (static_cast<int>(center.size()) != n) {
    out.reason = "the closed-form proofs are written for rank-1 points (r = 1)";
    return out;
  }
  if (l != 0 && (l < 1 || l % 2 == 0 || t < 1)) {
    out.reason = "l must be odd >= 1 and t >= 1 (or l = 0: single step only)";
    return out;
  }
  if (!unique_critical_point(out, D, center, opt)) return out;
  Data P = read_data(D, prec);
  BallMat x(n, 1);
  const int big = center_box(x, center, out.radius, prec);
  const int s = mid_double(x(big, 0)) < 0 ? -1 : 1;  // v_r = s x/||x||, q_r = s
  // M*, x x^T, b, G = grad f(x x^T).
  BallMat xt(1, n), XX(n, n), Zt(P.rz, n), Ms(n, n), G(n, n);
  arb_mat_transpose(xt.m, x.m);
  arb_mat_mul(XX.m, x.m, xt.m, prec);
  arb_mat_transpose(Zt.m, P.Z->m);
  arb_mat_mul(Ms.m, P.Z->m, Zt.m, prec);
  ArbVec b(P.m);
  Ball res, t1, t2;
  arb_mat_zero(G.m);
  for (int k = 0; k < P.m; ++k) {
    frob_dot(b[k], P.A[k], Ms, prec);
    frob_dot(res.x, P.A[k], XX, prec);
    arb_sub(res.x, res.x, b[k], prec);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) arb_addmul(G(i, j), res.x, P.A[k](i, j), prec);
  }
  symmetrise(G, prec);
  // lambda_n.
  Ball lam;
  if (!enclose_lambda_min(lam.x, G, prec)) {
    out.reason = "lambda_n not enclosed";
    return out;
  }
  out.lambda_n = enclosure_of(lam.x);
  // u_n by Davis-Kahan.
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(mid_matrix(G));
  const double span = std::fabs(es.eigenvalues()(0)) + std::fabs(es.eigenvalues()(n - 1)) + 1e-300;
  BallMat v(n, 1);
  eigenvector_near(v, G, es.eigenvalues()(0) - 1e-9 * span, es.eigenvectors().col(0), prec, 8);
  {
    int vb = 0;
    for (int i = 1; i < n; ++i)
      if (std::fabs(mid_double(v(i, 0))) > std::fabs(mid_double(v(vb, 0)))) vb = i;
    if (mid_double(v(vb, 0)) < 0) arb_mat_neg(v.m, v.m);
  }
  Ball q, mu, nv, nr, g2, gap, sinb;
  rayleigh(q.x, G, v, prec);
  arb_set_arf(mu.x, arb_midref(q.x));  // exact
  BallMat r(n, 1);
  arb_mat_mul(r.m, G.m, v.m, prec);
  arb_zero(nv.x);
  arb_zero(nr.x);
  for (int i = 0; i < n; ++i) {
    arb_submul(r(i, 0), mu.x, v(i, 0), prec);
    arb_sqr(t1.x, r(i, 0), prec);
    arb_add(nr.x, nr.x, t1.x, prec);
    arb_sqr(t1.x, v(i, 0), prec);
    arb_add(nv.x, nv.x, t1.x, prec);
  }
  arb_sqrtpos(nr.x, nr.x, prec);
  arb_sqrtpos(nv.x, nv.x, prec);
  if (n > 1) {
    BallMat G2(n, n);
    Ball c;
    arb_set_d(c.x, 4 * span);
    arb_div(c.x, c.x, nv.x, prec);
    arb_div(c.x, c.x, nv.x, prec);
    arb_get_mid_arb(c.x, c.x);  // any c >= 0 is valid
    arb_mat_set(G2.m, G.m);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        arb_mul(t1.x, v(i, 0), v(j, 0), prec);
        arb_addmul(G2(i, j), c.x, t1.x, prec);
      }
    if (!enclose_lambda_min(g2.x, G2, prec)) {
      out.reason = "lambda_2(grad f) not bounded below: u_n not enclosed";
      return out;
    }
    arb_get_lbound_arf(arb_midref(gap.x), g2.x, prec);  // gap := lower(g2) - mu
    mag_zero(arb_radref(gap.x));
    arb_sub(gap.x, gap.x, mu.x, prec);
    if (!arb_is_positive(gap.x)) {
      out.reason = "lambda_n not separated from lambda_2 (degenerate): u_n not enclosed";
      return out;
    }
    // sin <= ||r|| / (||v|| gap); ||u - v/||v|| || <= sqrt2 sin.
    arb_div(sinb.x, nr.x, nv.x, prec);
    arb_div(sinb.x, sinb.x, gap.x, prec);
    arb_sqrt_ui(t1.x, 2, prec);
    arb_mul(sinb.x, sinb.x, t1.x, prec);
  } else {
    arb_zero(sinb.x);
  }
  out.u_error = enclosure_of(sinb.x);
  BallMat u(n, 1);
  {
    mag_t e;
    mag_init(e);
    arb_get_mag(e, sinb.x);
    for (int i = 0; i < n; ++i) {
      arb_div(u(i, 0), v(i, 0), nv.x, prec);
      arb_add_error_mag(u(i, 0), e);
    }
    mag_clear(e);
  }
  // sigma_r, v_r, E, Y = E x.
  Ball sig, lnX;
  arb_zero(sig.x);
  for (int i = 0; i < n; ++i) {
    arb_sqr(t1.x, x(i, 0), prec);
    arb_add(sig.x, sig.x, t1.x, prec);
  }
  arb_sqrtpos(sig.x, sig.x, prec);
  out.sigma_r = enclosure_of(sig.x);
  arb_log(lnX.x, sig.x, prec);  // ||X̂|| = sigma_r (rank 1)
  BallMat vr(n, 1), Pm(n, n), E(n, n), Y(n, 1);
  for (int i = 0; i < n; ++i) {
    arb_div(vr(i, 0), x(i, 0), sig.x, prec);
    if (s < 0) arb_neg(vr(i, 0), vr(i, 0));
  }
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      arb_mul(Pm(i, j), u(i, 0), vr(j, 0), prec);
      arb_addmul(Pm(i, j), vr(i, 0), u(j, 0), prec);
    }
  arb_mat_zero(E.m);
  for (int k = 0; k < P.m; ++k) {
    frob_dot(t1.x, P.A[k], Pm, prec);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) arb_addmul(E(i, j), t1.x, P.A[k](i, j), prec);
  }
  for (int i = 0; i < n; ++i)
    for (int j = i + 1; j < n; ++j) {  // (E + E^T)/2
      arb_add(t1.x, E(i, j), E(j, i), prec);
      arb_mul_2exp_si(t1.x, t1.x, -1);
      arb_set(E(i, j), t1.x);
      arb_set(E(j, i), t1.x);
    }
  arb_mat_mul(Y.m, E.m, x.m, prec);
  Ball nY, lnY;
  frob(nY.x, Y, prec);
  out.norm_EX = enclosure_of(nY.x);
  arb_log(lnY.x, nY.x, prec);
  if (hook) {
    BallMat xb(n, 1);
    for (int i = 0; i < n; ++i) {
      arb_set(xb(i, 0), u(i, 0));
      if (s < 0) arb_neg(xb(i, 0), xb(i, 0));
    }
    hook(x, xb, Y, prec);
  }
  // The single step of §4.
  {
    Ball lmin, lmax, delta, od, e, sig2, efs, dis, tmp;
    std::string why;
    if (isometry_balls(D, opt, lmin.x, lmax.x, delta.x, why)) {
      out.delta = enclosure_of(delta.x);
      arb_add_si(od.x, delta.x, 1, prec);
      BallMat Eu(n, 1);
      arb_mat_mul(Eu.m, E.m, u.m, prec);
      arb_zero(e.x);
      for (int i = 0; i < n; ++i) arb_addmul(e.x, u(i, 0), Eu(i, 0), prec);
      out.E_un_un = enclosure_of(e.x);
      arb_sqr(sig2.x, sig.x, prec);
      arb_mul(tmp.x, sig2.x, od.x, prec);
      arb_div(efs.x, lam.x, tmp.x, prec);
      arb_neg(efs.x, efs.x);  // NCM
      arb_sqr(tmp.x, od.x, prec);
      arb_mul_2exp_si(tmp.x, tmp.x, 1);
      arb_sqr(t1.x, e.x, prec);
      arb_div(t1.x, t1.x, tmp.x, prec);
      arb_add(efs.x, efs.x, t1.x, prec);  // + AIC
      out.efs = enclosure_of(efs.x);
      // Delta = 4 sigma^2 e^2 - 4 (1+d)(2 sigma^2 (1+d) + 2 lambda_n)
      arb_sqr(t1.x, e.x, prec);
      arb_mul(dis.x, sig2.x, t1.x, prec);
      arb_mul(tmp.x, sig2.x, od.x, prec);
      arb_add(tmp.x, tmp.x, lam.x, prec);
      arb_mul(tmp.x, tmp.x, od.x, prec);
      arb_mul_2exp_si(tmp.x, tmp.x, 1);
      arb_sub(dis.x, dis.x, tmp.x, prec);
      arb_mul_2exp_si(dis.x, dis.x, 2);
      out.disc_44 = enclosure_of(dis.x);
      // (5.14): Xi = max_k ||sym A_k||_2, Xi-bar.
      Ball Xi;
      const bool xi_ok = xi_ball(D, opt, Xi.x);
      if (xi_ok) {
        out.Xi = enclosure_of(Xi.x);
        Ball xb, den2;
        arb_sqrt_ui(xb.x, 2, prec);
        arb_mul(xb.x, xb.x, lam.x, prec);
        arb_neg(xb.x, xb.x);  // sqrt2 (-lambda_n)
        arb_mul_si(den2.x, od.x, P.m, prec);
        arb_mul(den2.x, den2.x, sig2.x, prec);
        arb_sqrtpos(den2.x, den2.x, prec);  // sqrt(m (1+delta) ||x||^2)
        arb_mul(den2.x, den2.x, Xi.x, prec);
        arb_mul(den2.x, den2.x, sig.x, prec);
        arb_div(xb.x, xb.x, den2.x, prec);
        out.xi_bar = enclosure_of(xb.x);
        Ball om;
        arb_sub_si(om.x, xb.x, 1, prec);
        arb_neg(om.x, om.x);
        out.one_minus_xi_bar = enclosure_of(om.x);
        if (l != 0 && out.one_minus_xi_bar.sign != 0 && arb_is_positive(xb.x)) {
          Ball lit, l2;
          arb_log(lit.x, xb.x, prec);
          arb_const_log2(l2.x, prec);
          arb_div(lit.x, l2.x, lit.x, prec);  // 1/log2(Xi-bar) = ln2 / ln Xi-bar
          arb_neg(lit.x, lit.x);
          arb_add_si(lit.x, lit.x, l, prec);
          out.l_minus_514 = enclosure_of(lit.x);
        }
      }
    }
    // Exact quartic along d = u q_r.
    Ball c2, c3, c4, rk, pk, sk, qd;
    arb_zero(c2.x);
    arb_zero(c3.x);
    arb_zero(c4.x);
    BallMat d(n, 1), Ad(n, 1);
    for (int i = 0; i < n; ++i) {
      arb_set(d(i, 0), u(i, 0));
      if (s < 0) arb_neg(d(i, 0), d(i, 0));
    }
    for (int k = 0; k < P.m; ++k) {
      frob_dot(rk.x, P.A[k], XX, prec);
      arb_sub(rk.x, rk.x, b[k], prec);
      arb_mat_mul(Ad.m, P.A[k].m, d.m, prec);
      arb_zero(pk.x);
      arb_zero(sk.x);
      for (int i = 0; i < n; ++i) {
        arb_addmul(pk.x, x(i, 0), Ad(i, 0), prec);
        arb_addmul(sk.x, d(i, 0), Ad(i, 0), prec);
      }
      arb_mul_2exp_si(pk.x, pk.x, 1);
      arb_sqr(t1.x, pk.x, prec);
      arb_mul_2exp_si(t1.x, t1.x, -1);
      arb_add(c2.x, c2.x, t1.x, prec);
      arb_addmul(c2.x, rk.x, sk.x, prec);
      arb_addmul(c3.x, pk.x, sk.x, prec);
      arb_sqr(t1.x, sk.x, prec);
      arb_mul_2exp_si(t1.x, t1.x, -1);
      arb_add(c4.x, c4.x, t1.x, prec);
    }
    arb_sqr(qd.x, c3.x, prec);
    arb_mul(t1.x, c2.x, c4.x, prec);
    arb_mul_2exp_si(t1.x, t1.x, 2);
    arb_sub(qd.x, qd.x, t1.x, prec);
    out.c2 = enclosure_of(c2.x);
    out.c3 = enclosure_of(c3.x);
    out.c4 = enclosure_of(c4.x);
    out.disc_exact = enclosure_of(qd.x);
  }
  if (l == 0) {
    out.ok = true;
    return out;
  }
  // Coefficients (5.8).
  Ball rho, eta, lnrho, lneta, ln2, ln10, xx, L, tL, lnS, lnb, lng, negl;
  parse_exact(rho.x, rho_s, prec);
  parse_exact(eta.x, eta_s, prec);
  arb_log(lnrho.x, rho.x, prec);
  arb_log(lneta.x, eta.x, prec);
  arb_const_log2(ln2.x, prec);
  arb_const_log10(ln10.x, prec);
  arb_neg(negl.x, lam.x);
  arb_pow_ui(xx.x, negl.x, static_cast<ulong>(l), prec);
  arb_mul(xx.x, xx.x, eta.x, prec);  // eta (-lambda)^l
  arb_log1p(L.x, xx.x, prec);        // log q
  arb_mul_si(tL.x, L.x, static_cast<slong>(t), prec);
  arb_expm1(lnS.x, tL.x, prec);
  arb_div(lnS.x, lnS.x, xx.x, prec);
  arb_log(lnS.x, lnS.x, prec);  // log S_t
  arb_add(lnb.x, lnrho.x, tL.x, prec);  // log beta~
  arb_add(lng.x, lnrho.x, lneta.x, prec);
  arb_submul_si(lng.x, ln2.x, l - 1, prec);
  arb_add(lng.x, lng.x, lnS.x, prec);
  arb_addmul_si(lng.x, lnX.x, l, prec);  // log |gamma~| (sigma_r = ||x||)
  // (5.8) term norms (log10): a: l log||x||; b: log beta~ (||b|| = 1); c: log|gamma~| + l log||Ex||.
  Ball la, lb, lc;
  arb_mul_si(la.x, lnX.x, l, prec);
  arb_div(la.x, la.x, ln10.x, prec);
  arb_div(lb.x, lnb.x, ln10.x, prec);
  arb_set(lc.x, lng.x);
  arb_addmul_si(lc.x, lnY.x, l, prec);
  arb_div(lc.x, lc.x, ln10.x, prec);
  out.log10_a = enclosure_of(la.x);
  out.log10_b = enclosure_of(lb.x);
  out.log10_c = enclosure_of(lc.x);
  // K, U_beta, U_gamma, rho_min (printed forms).
  Ball lnK, lnlam, Ub, Uh, Ug, z, lo_ca, rmin, Xl;
  arb_log(lnlam.x, negl.x, prec);
  arb_mul_si(lnK.x, ln2.x, l - 1, prec);
  arb_addmul_si(lnK.x, lnlam.x, l, prec);
  arb_submul_si(lnK.x, lnX.x, l, prec);
  arb_submul_si(lnK.x, lnY.x, l, prec);
  out.log_K = enclosure_of(lnK.x);
  arb_mul_si(Ub.x, lnX.x, l, prec);
  arb_sub(Ub.x, Ub.x, lnrho.x, prec);
  arb_div(Ub.x, Ub.x, L.x, prec);
  {
    Ball zero;
    arb_zero(zero.x);
    arb_max(Ub.x, Ub.x, zero.x, prec);  // U_beta.lo = max(printed, 0)
  }
  out.U_beta_lo = enclosure_of(Ub.x);
  arb_mul_si(Xl.x, lnX.x, l, prec);
  arb_exp(Xl.x, Xl.x, prec);  // ||x||^l
  arb_exp(t1.x, lnK.x, prec);  // K
  arb_mul(rmin.x, Xl.x, t1.x, prec);
  arb_sub(rmin.x, Xl.x, rmin.x, prec);
  out.rho_min = enclosure_of(rmin.x);
  if (arb_is_negative(lnK.x)) {
    arb_neg(t2.x, t1.x);
    arb_log1p(Uh.x, t2.x, prec);
    arb_neg(Uh.x, Uh.x);
    arb_div(Uh.x, Uh.x, L.x, prec);
    out.U_beta_hi = enclosure_of(Uh.x);
    arb_mul_si(z.x, lnX.x, l, prec);
    arb_add(z.x, z.x, lnK.x, prec);
    arb_sub(z.x, z.x, lnrho.x, prec);
    arb_exp(lo_ca.x, z.x, prec);
    arb_log1p(lo_ca.x, lo_ca.x, prec);
    arb_div(lo_ca.x, lo_ca.x, L.x, prec);
    arb_max(Ug.x, lo_ca.x, Uh.x, prec);
    Ball zero;
    arb_zero(zero.x);
    arb_max(Ug.x, Ug.x, zero.x, prec);
    out.U_gamma_lo = enclosure_of(Ug.x);
    arb_sub(t2.x, Ub.x, Uh.x, prec);
    out.U_beta_gap = enclosure_of(t2.x);
  }
  // Escape points (5.15), (5.16): beta: exp((log rho + t L)/l) u q_r; gamma:
  // -exp(lnc) Y with lnc = -ln2 + (log(2 eta rho) + log S_t)/l + log sigma_r.
  {
    Ball cb, cg;
    arb_div_si(cb.x, lnb.x, l, prec);
    arb_exp(cb.x, cb.x, prec);
    BallMat B(n, 1);
    for (int i = 0; i < n; ++i) {
      arb_set(B(i, 0), u(i, 0));
      if (s < 0) arb_neg(B(i, 0), B(i, 0));
    }
    escape_numbers(out.beta, cb.x, B, XX, Ms, prec);
    arb_mul(t1.x, eta.x, rho.x, prec);
    arb_mul_2exp_si(t1.x, t1.x, 1);
    arb_log(t1.x, t1.x, prec);
    arb_add(t1.x, t1.x, lnS.x, prec);
    arb_div_si(t1.x, t1.x, l, prec);
    arb_sub(t1.x, t1.x, ln2.x, prec);
    arb_add(t1.x, t1.x, lnX.x, prec);
    arb_exp(cg.x, t1.x, prec);  // the sign of the coefficient does not enter (C.3)
    escape_numbers(out.gamma, cg.x, Y, XX, Ms, prec);
  }
  // Lifted objective (SPEC §2.3, scale 1/4) at a and at a + beta~ b + gamma~ c,
  // generators x_1 = x, x_2 = u q_r, x_3 = Y.
  {
    std::vector<BallMat*> gen;
    BallMat x2(n, 1);
    for (int i = 0; i < n; ++i) {
      arb_set(x2(i, 0), u(i, 0));
      if (s < 0) arb_neg(x2(i, 0), x2(i, 0));
    }
    gen = {&x, &x2, &Y};
    // g_jk in R^m.
    std::vector<std::unique_ptr<ArbVec>> g(9);
    BallMat Ax(n, 1);
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k) g[j * 3 + k] = std::make_unique<ArbVec>(P.m);
    for (int i = 0; i < P.m; ++i)
      for (int k = 0; k < 3; ++k) {
        arb_mat_mul(Ax.m, P.A[i].m, gen[k]->m, prec);
        for (int j = 0; j < 3; ++j) {
          arb_zero((*g[j * 3 + k])[i]);
          for (int a = 0; a < n; ++a) arb_addmul((*g[j * 3 + k])[i], (*gen[j])(a, 0), Ax(a, 0), prec);
        }
      }
    auto dotl = [&](arb_t o, ArbVec& p, ArbVec& w) {
      arb_zero(o);
      for (int i = 0; i < P.m; ++i) arb_addmul(o, p[i], w[i], prec);
      arb_pow_ui(o, o, static_cast<ulong>(l), prec);
    };
    Ball cbeta, cgamma;
    arb_exp(cbeta.x, lnb.x, prec);
    arb_exp(cgamma.x, lng.x, prec);
    arb_neg(cgamma.x, cgamma.x);
    auto hl = [&](arb_t o, const arb_t c1, const arb_t c2) {
      arb_srcptr c[3];
      Ball one;
      arb_one(one.x);
      c[0] = one.x;
      c[1] = c1;
      c[2] = c2;
      Ball acc, term, w;
      dotl(acc.x, b, b);
      for (int p = 0; p < 9; ++p) {
        arb_mul(w.x, c[p / 3], c[p % 3], prec);
        if (arb_is_zero(w.x)) continue;
        for (int q2 = 0; q2 < 9; ++q2) {
          dotl(term.x, *g[p], *g[q2]);
          arb_mul(term.x, term.x, w.x, prec);
          arb_mul(term.x, term.x, c[q2 / 3], prec);
          arb_mul(term.x, term.x, c[q2 % 3], prec);
          arb_add(acc.x, acc.x, term.x, prec);
        }
        dotl(term.x, b, *g[p]);
        arb_mul(term.x, term.x, w.x, prec);
        arb_mul_2exp_si(term.x, term.x, 1);
        arb_sub(acc.x, acc.x, term.x, prec);
      }
      arb_mul_2exp_si(o, acc.x, -2);
    };
    Ball ha, habc, hd, zero;
    arb_zero(zero.x);
    hl(ha.x, zero.x, zero.x);
    hl(habc.x, cbeta.x, cgamma.x);
    arb_sub(hd.x, habc.x, ha.x, prec);
    out.hl_a = enclosure_of(ha.x);
    out.hl_abc = enclosure_of(habc.x);
    out.hl_diff = enclosure_of(hd.x);
  }
  out.ok = true;
  return out;
}

}  // namespace

BasisIndependenceProof prove_basis_independent(const ExactData& D, const std::vector<std::string>& center,
                                               const std::vector<int>& ls, const std::string& shift,
                                               const ProofOptions& opt) {
  BasisIndependenceProof out;
  bool reached = false;
  std::string why;
  const ClosedFormProof cf = closed_form_impl(
      D, center, 0, "0.1", "0.1", 0, opt, [&](BallMat& x, BallMat& xb, BallMat& Y, slong prec) {
        reached = true;
        BallMat* gen[3] = {&x, &xb, &Y};
        const slong n = x.rows();
        BallMat g(3, 3);
        for (int p = 0; p < 3; ++p)
          for (int q = p; q < 3; ++q) {
            arb_zero(g(p, q));
            for (slong i = 0; i < n; ++i) arb_addmul(g(p, q), (*gen[p])(i, 0), (*gen[q])(i, 0), prec);
            arb_set(g(q, p), g(p, q));
          }
        out.g_ab = enclosure_of(g(0, 1));
        out.g_ac = enclosure_of(g(0, 2));
        out.g_bc = enclosure_of(g(1, 2));
        Ball sh, t;
        parse_exact(sh.x, shift, prec);
        for (int l : ls) {
          BasisLevel L;
          L.l = l;
          BallMat G(3, 3), Gs(3, 3);
          for (int p = 0; p < 3; ++p)
            for (int q = 0; q < 3; ++q) arb_pow_ui(G(p, q), g(p, q), static_cast<ulong>(l), prec);
          bool diag_ok = true;
          for (int p = 0; p < 3; ++p) diag_ok = diag_ok && arb_is_positive(G(p, p));
          if (diag_ok) {
            for (int p = 0; p < 3; ++p)
              for (int q = 0; q < 3; ++q) {
                arb_mul(t.x, G(p, p), G(q, q), prec);
                arb_sqrtpos(t.x, t.x, prec);
                arb_div(Gs(p, q), G(p, q), t.x, prec);
              }
            Ball lm;
            if (enclose_lambda_min(lm.x, Gs, prec)) {
              L.lambda_min = enclosure_of(lm.x);
              arb_sub(t.x, lm.x, sh.x, prec);
              L.margin = enclosure_of(t.x);
            }
          }
          out.levels.push_back(L);
        }
      });
  out.radius = cf.radius;
  out.method = cf.method + "; scaled Gram matrix of x_p^(x)l: lambda_min by arb_mat_cho (lower) and a Rayleigh "
                           "quotient (upper)";
  if (!reached) {
    out.reason = cf.reason.empty() ? "the generators were not enclosed" : cf.reason;
    return out;
  }
  out.ok = true;
  return out;
}

TpgdDescentProof prove_tpgd_descent(const ExactData& D, const std::vector<std::string>& center, int l,
                                    const std::string& rho_s, const std::string& eta_s, int steps,
                                    const std::vector<int>& active, const ProofOptions& opt) {
  TpgdDescentProof out;
  if (l < 1 || steps < 0) {
    out.reason = "l must be >= 1 and steps >= 0";
    return out;
  }
  if (active.empty() || active.size() > 3 || std::find(active.begin(), active.end(), 0) == active.end()) {
    out.reason = "the active generators must include a";
    return out;
  }
  bool reached = false;
  std::string why;
  const ClosedFormProof cf = closed_form_impl(
      D, center, 0, "0.1", "0.1", 0, opt, [&](BallMat& x, BallMat& xb, BallMat& Y, slong prec) {
        reached = true;
        BallMat* gen[3] = {&x, &xb, &Y};
        const slong n = x.rows();
        Data P = read_data(D, prec);
        // M* = Z Z^T, b_i = <A_i, M*>.
        BallMat Zt(P.rz, n), Ms(n, n);
        arb_mat_transpose(Zt.m, P.Z->m);
        arb_mat_mul(Ms.m, P.Z->m, Zt.m, prec);
        // The seven vectors z_0..z_5 = mu_aa, mu_ab, mu_ac, mu_bb, mu_bc, mu_cc; z_6 = b.
        const int pair[3][3] = {{0, 1, 2}, {1, 3, 4}, {2, 4, 5}};
        BallMat Zv(7, P.m);
        Ball t, u;
        for (int k = 0; k < P.m; ++k) {
          BallMat Ax(n, 1);
          for (int q = 0; q < 3; ++q) {
            arb_mat_mul(Ax.m, P.A[k].m, gen[q]->m, prec);
            for (int p = 0; p <= q; ++p) {
              arb_zero(t.x);
              for (slong i = 0; i < n; ++i) arb_addmul(t.x, (*gen[p])(i, 0), Ax(i, 0), prec);
              arb_set(Zv(pair[p][q], k), t.x);
            }
          }
          frob_dot(Zv(6, k), P.A[k], Ms, prec);
        }
        // P(z, z') = <z, z'>^l.
        BallMat Pl(7, 7);
        for (int a = 0; a < 7; ++a)
          for (int b = a; b < 7; ++b) {
            arb_zero(t.x);
            for (int k = 0; k < P.m; ++k) arb_addmul(t.x, Zv(a, k), Zv(b, k), prec);
            arb_pow_ui(Pl(a, b), t.x, static_cast<ulong>(l), prec);
            arb_set(Pl(b, a), Pl(a, b));
          }
        // Gram of the active generators and its inverse.
        const slong na = static_cast<slong>(active.size());
        BallMat Ga(na, na), Gi(na, na);
        for (slong i = 0; i < na; ++i)
          for (slong j = 0; j < na; ++j) {
            BallMat& xp = *gen[active[static_cast<std::size_t>(i)]];
            BallMat& xq = *gen[active[static_cast<std::size_t>(j)]];
            arb_zero(t.x);
            for (slong r = 0; r < n; ++r) arb_addmul(t.x, xp(r, 0), xq(r, 0), prec);
            arb_pow_ui(Ga(i, j), t.x, static_cast<ulong>(l), prec);
          }
        if (!arb_mat_inv(Gi.m, Ga.m, prec)) {
          why = "the Gram matrix of the active generators is not proved invertible over the box";
          return;
        }
        // h^l(c) = 1/4 sum r_z r_z' P(z, z').
        auto h_of = [&](arb_t hv, arb_srcptr c) {
          ArbVec r(7);
          for (int p = 0; p < 3; ++p)
            for (int q = p; q < 3; ++q) {
              arb_mul(r[pair[p][q]], c + p, c + q, prec);
              if (p != q) arb_mul_2exp_si(r[pair[p][q]], r[pair[p][q]], 1);
            }
          arb_set_si(r[6], -1);
          arb_zero(hv);
          for (int a = 0; a < 7; ++a) {
            arb_zero(t.x);
            for (int b = 0; b < 7; ++b) arb_addmul(t.x, r[b], Pl(a, b), prec);
            arb_addmul(hv, r[a], t.x, prec);
          }
          arb_mul_2exp_si(hv, hv, -2);
        };
        arb_ptr c = _arb_vec_init(3);
        Ball eta, hv, hprev, dh;
        parse_exact(eta.x, eta_s, prec);
        arb_one(c + 0);
        parse_exact(c + 1, rho_s, prec);
        arb_zero(c + 2);
        for (int g = 1; g < 3; ++g)
          if (std::find(active.begin(), active.end(), g) == active.end()) arb_zero(c + g);
        // h^l(a): c = (1, 0, 0).
        {
          arb_ptr ca = _arb_vec_init(3);
          arb_one(ca + 0);
          h_of(hv.x, ca);
          out.h_at_a = enclosure_of(hv.x);
          _arb_vec_clear(ca, 3);
        }
        h_of(hprev.x, c);
        out.h.push_back(enclosure_of(hprev.x));
        ArbVec rhs(3);
        for (int k = 0; k < steps; ++k) {
          // <x_p^(x)l, H_1^1 + H_2^1> for p = a, b, c.
          for (int p = 0; p < 3; ++p) {
            arb_sqr(u.x, c + 0, prec);                      // alpha^2
            arb_mul(t.x, u.x, Pl(0, pair[p][1]), prec);     // alpha^2 P(mu_aa, mu_pb)
            arb_sub(t.x, t.x, Pl(6, pair[p][1]), prec);     // - P(b, mu_pb)
            arb_mul(rhs[p], t.x, c + 1, prec);              // beta (...)
            arb_mul(t.x, u.x, c + 1, prec);                 // alpha^2 beta
            arb_mul_2exp_si(t.x, t.x, 1);
            arb_addmul(rhs[p], t.x, Pl(1, pair[p][0]), prec);  // + 2 alpha^2 beta P(mu_ab, mu_pa)
          }
          for (slong i = 0; i < na; ++i) {
            arb_zero(t.x);
            for (slong j = 0; j < na; ++j) arb_addmul(t.x, Gi(i, j), rhs[active[static_cast<std::size_t>(j)]], prec);
            arb_submul(c + active[static_cast<std::size_t>(i)], eta.x, t.x, prec);
          }
          h_of(hv.x, c);
          arb_sub(dh.x, hv.x, hprev.x, prec);
          out.h.push_back(enclosure_of(hv.x));
          out.dh.push_back(enclosure_of(dh.x));
          arb_swap(hprev.x, hv.x);
        }
        out.alpha = enclosure_of(c + 0);
        out.beta = enclosure_of(c + 1);
        out.gamma = enclosure_of(c + 2);
        _arb_vec_clear(c, 3);
      });
  out.radius = cf.radius;
  out.method = cf.method + "; TPGD iterates in span{a,b,c} at matrix cost: <z, z'>^l inner products of the "
                           "mu_pq and b vectors, active Gram inverted by arb_mat_inv";
  if (!reached) {
    out.reason = cf.reason.empty() ? "the generators were not enclosed" : cf.reason;
    return out;
  }
  if (!why.empty()) {
    out.reason = why;
    return out;
  }
  out.ok = true;
  return out;
}

int printed_cell_sign(const Enclosure& value, const std::string& printed, Enclosure* diff, const ProofOptions& opt) {
  const slong prec = opt.prec;
  if (!value.computed) return 0;
  Ball v, p, h, d;
  if (arb_set_str(v.x, value.ball.c_str(), prec) != 0) return 0;
  parse_exact(p.x, printed, prec);
  // Half a unit of the last printed digit: 5e(-(decimals + 1) + exponent).
  std::string mant = printed, ex = "0";
  if (const auto k = printed.find_first_of("eE"); k != std::string::npos) {
    mant = printed.substr(0, k);
    ex = printed.substr(k + 1);
  }
  const auto dot = mant.find('.');
  const long decimals = dot == std::string::npos ? 0 : static_cast<long>(mant.size() - dot - 1);
  const std::string hs = "5e" + std::to_string(std::stol(ex) - decimals - 1);
  arb_set_str(h.x, hs.c_str(), prec);
  arb_sub(d.x, v.x, p.x, prec);
  arb_abs(d.x, d.x);
  arb_sub(d.x, d.x, h.x, prec);
  if (diff) *diff = enclosure_of(d.x);
  return arb_is_positive(d.x) ? 1 : arb_is_negative(d.x) ? -1 : 0;
}

Enclosure difference(const Enclosure& a, const Enclosure& b, const ProofOptions& opt) {
  Ball x, y;
  if (!a.computed || !b.computed || arb_set_str(x.x, a.ball.c_str(), opt.prec) != 0 ||
      arb_set_str(y.x, b.ball.c_str(), opt.prec) != 0)
    return {};
  arb_sub(x.x, x.x, y.x, opt.prec);
  return enclosure_of(x.x);
}

}  // namespace sodlift::proof
