// Ball-arithmetic proofs about a critical point of h (critical_point_proof.hpp).
#include "sodlift/proof/critical_point_proof.hpp"

#include <arb.h>
#include <arb_mat.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>

#include <Eigen/Dense>

#include "sodlift/support/errors.hpp"

namespace sodlift::proof {

namespace {

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

// Reads an exact number of the ExactData grammar into a ball containing it.
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

// Outward-rounded short decimals of a double bound.
std::string upper_decimal(double v) {
  char buf[64];
  // %.12e rounds by at most 5e-13 relative: pushing out by 1e-12 first keeps
  // the printed decimal on the safe side of v.
  const double u = v >= 0 ? v * (1 + 1e-12) : v * (1 - 1e-12);
  std::snprintf(buf, sizeof buf, "%.12e", std::nextafter(u, HUGE_VAL));
  return buf;
}
std::string lower_bound_decimal(double v) {
  char buf[64];
  const double u = v >= 0 ? v * (1 - 1e-12) : v * (1 + 1e-12);
  std::snprintf(buf, sizeof buf, "%.12e", std::nextafter(u, -HUGE_VAL));
  return buf;
}

std::string ball_string(const arb_t x) {
  char* s = arb_get_str(x, 40, 0);
  std::string out(s);
  flint_free(s);
  return out;
}

// The problem in balls: A_k (n x n), b_k = <A_k, Z Z^T>.
struct BallProblem {
  int n = 0, m = 0;
  std::vector<BallMat> A;
  std::vector<std::unique_ptr<Ball>> b;
};

BallProblem make_problem(const ExactData& D, slong prec) {
  BallProblem P;
  P.n = D.n;
  P.m = static_cast<int>(D.A.size());
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
  BallMat Z(D.n, D.truth_rank), Zt(D.truth_rank, D.n), Ms(D.n, D.n);
  for (int c = 0; c < D.truth_rank; ++c)
    for (int i = 0; i < D.n; ++i) parse_exact(Z(i, c), D.Z.at(static_cast<std::size_t>(c) * D.n + i), prec);
  arb_mat_transpose(Zt.m, Z.m);
  arb_mat_mul(Ms.m, Z.m, Zt.m, prec);
  for (auto& A : P.A) {
    auto bk = std::make_unique<Ball>();
    arb_zero(bk->x);
    for (int i = 0; i < D.n; ++i)
      for (int j = 0; j < D.n; ++j) arb_addmul(bk->x, A(i, j), Ms(i, j), prec);
    P.b.push_back(std::move(bk));
  }
  return P;
}

// h, grad h (vec, nr x 1) and Hess h (nr x nr) at X (n x r balls): for every
// X in the balls, the results contain the exact values.
//   res_k = <A_k X, X> - b_k,  h = 1/2 sum res_k^2,  grad = 2 sum res_k A_k X,
//   Hess = 2 sum res_k (I_r (x) A_k) + 4 sum vec(A_k X) vec(A_k X)^T.
void evaluate(const BallProblem& P, BallMat& X, arb_t h, BallMat& grad, BallMat& H, slong prec) {
  const int n = P.n, r = static_cast<int>(X.cols());
  arb_zero(h);
  arb_mat_zero(grad.m);
  arb_mat_zero(H.m);
  BallMat G(n, r);
  Ball res, t;
  for (int k = 0; k < P.m; ++k) {
    auto& A = const_cast<BallMat&>(P.A[k]);
    arb_mat_mul(G.m, A.m, X.m, prec);
    arb_neg(res.x, P.b[k]->x);
    for (int c = 0; c < r; ++c)
      for (int i = 0; i < n; ++i) arb_addmul(res.x, X(i, c), G(i, c), prec);
    arb_sqr(t.x, res.x, prec);
    arb_addmul_si(h, t.x, 1, prec);
    arb_mul_2exp_si(t.x, res.x, 1);  // 2 res
    for (int c = 0; c < r; ++c)
      for (int i = 0; i < n; ++i) {
        arb_addmul(grad(c * n + i, 0), t.x, G(i, c), prec);
        for (int j = 0; j < n; ++j) arb_addmul(H(c * n + i, c * n + j), t.x, A(i, j), prec);
      }
    for (int p = 0; p < n * r; ++p)
      for (int q = 0; q < n * r; ++q) {
        arb_mul(t.x, G(p % n, p / n), G(q % n, q / n), prec);
        arb_mul_2exp_si(t.x, t.x, 2);
        arb_add(H(p, q), H(p, q), t.x, prec);
      }
  }
  arb_mul_2exp_si(h, h, -1);
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

// An accurate eigenvector of mid(M) for the eigenvalue nearest mu, by inverse
// iteration at Arb's working precision (the result is only a direction to
// test; nothing depends on how accurate it is). Exact midpoints, radius 0.
void eigenvector_near(BallMat& v, BallMat& M, double mu, const Eigen::VectorXd& start, slong prec) {
  const slong d = M.rows();
  BallMat S(d, d), w(d, 1);
  arb_mat_get_mid(S.m, M.m);
  Ball s;
  arb_set_d(s.x, mu);
  for (slong i = 0; i < d; ++i) arb_sub(S(i, i), S(i, i), s.x, prec);
  for (slong i = 0; i < d; ++i) arb_set_d(v(i, 0), start(i));
  for (int it = 0; it < 6; ++it) {
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

// The Krawczyk stage shared by both entry points.
struct Stage {
  bool ok = false;
  std::string reason;
  double rho = 0;
  int d = 0;
  std::unique_ptr<BallMat> JY, HY;  // interval Hessians over the box (reduced, full)
  std::unique_ptr<BallMat> Q;
  Ball hY;
  std::string gauge;
};

std::unique_ptr<Stage> krawczyk(const ExactData& D, int r, const std::vector<std::string>& center,
                                const ProofOptions& opt) {
  auto st = std::make_unique<Stage>();
  const slong prec = opt.prec;
  const int n = D.n, nr = n * r;
  if (r < 1 || static_cast<int>(center.size()) != nr)
    throw input_error("prove_critical_point: the center must have n r = " + std::to_string(nr) + " entries");
  if (nr > opt.max_dim) {
    st->reason = "n r = " + std::to_string(nr) + " exceeds the dense interval Hessian limit " +
                 std::to_string(opt.max_dim);
    return st;
  }
  BallProblem P = make_problem(D, prec);
  BallMat Xc(n, r);
  for (int c = 0; c < r; ++c)
    for (int i = 0; i < n; ++i) {
      parse_exact(Xc(i, c), center[static_cast<std::size_t>(c) * n + i], prec);
      arb_get_mid_arb(Xc(i, c), Xc(i, c));  // the center is exact
    }
  // Gauge: Q spans the complement of the orbit tangent at the center.
  const int p = r * (r - 1) / 2, d = nr - p;
  st->d = d;
  Eigen::MatrixXd Qd = Eigen::MatrixXd::Identity(nr, d);
  Eigen::MatrixXd Xd = mid_matrix(Xc);
  if (r >= 2) {
    Eigen::MatrixXd T(nr, p);
    int col = 0;
    for (int k = 0; k < r; ++k)
      for (int l = k + 1; l < r; ++l, ++col) {
        Eigen::MatrixXd W = Eigen::MatrixXd::Zero(r, r);
        W(k, l) = 1;
        W(l, k) = -1;
        Eigen::MatrixXd XW = Xd * W;
        T.col(col) = Eigen::Map<Eigen::VectorXd>(XW.data(), nr);
      }
    Eigen::HouseholderQR<Eigen::MatrixXd> qr(T);
    Eigen::MatrixXd Qfull = qr.householderQ() * Eigen::MatrixXd::Identity(nr, nr);
    Qd = Qfull.rightCols(d);
    st->gauge = "slice X = X_hat + Q y, Q (exact doubles) spanning the complement of the O(" + std::to_string(r) +
                ") orbit tangent {X_hat W : W skew} at X_hat; ball = box |y_i| <= radius";
  } else {
    st->gauge = "x = x_hat + y, box |y_i| <= radius (r = 1: no continuous symmetry)";
  }
  st->Q = std::make_unique<BallMat>(nr, d);
  BallMat& Q = *st->Q;
  BallMat Qt(d, nr);
  for (int i = 0; i < nr; ++i)
    for (int j = 0; j < d; ++j) arb_set_d(Q(i, j), Qd(i, j));
  arb_mat_transpose(Qt.m, Q.m);

  // F(0) and J(0) at the center.
  BallMat g(nr, 1), H(nr, nr), F0(d, 1), QtH(d, nr), J0(d, d);
  Ball h;
  evaluate(P, Xc, h.x, g, H, prec);
  arb_mat_mul(F0.m, Qt.m, g.m, prec);
  arb_mat_mul(QtH.m, Qt.m, H.m, prec);
  arb_mat_mul(J0.m, QtH.m, Q.m, prec);
  BallMat R(d, d);
  if (!arb_mat_approx_inv(R.m, J0.m, prec)) {
    st->reason = "the Hessian at the center is singular at working precision (no approximate inverse)";
    return st;
  }
  arb_mat_get_mid(R.m, R.m);
  BallMat RF(d, 1);
  arb_mat_mul(RF.m, R.m, F0.m, prec);
  double delta = 0;
  for (int i = 0; i < d; ++i) {
    arf_t u;
    arf_init(u);
    arb_get_abs_ubound_arf(u, RF(i, 0), 53);
    delta = std::max(delta, arf_get_d(u, ARF_RND_UP));
    arf_clear(u);
  }
  double scale = 1;
  for (int i = 0; i < nr; ++i) scale = std::max(scale, std::fabs(Xd.data()[i]));
  const double tiny = std::ldexp(scale, -static_cast<int>(prec) + 64);
  if (!std::isfinite(delta)) {
    st->reason = "R F(x_hat) is not finite (the center is far from a critical point or the Hessian is singular)";
    return st;
  }
  BallMat Y(d, 1), XY(n, r), QY(nr, 1), gY(nr, 1), HY(nr, nr), QtHY(d, nr), JY(d, d), RJ(d, d), K(d, 1);
  for (double factor : {4.0, 1e3, 1e8, 1e16}) {
    const double rho = std::max(delta * factor, tiny);
    if (!(rho < 1e-3 * scale)) break;
    arb_mat_zero(Y.m);
    mag_t e;
    mag_init(e);
    mag_set_d(e, rho);
    arb_mat_add_error_mag(Y.m, e);
    mag_clear(e);
    arb_mat_mul(QY.m, Q.m, Y.m, prec);
    for (int c = 0; c < r; ++c)
      for (int i = 0; i < n; ++i) arb_add(XY(i, c), Xc(i, c), QY(c * n + i, 0), prec);
    evaluate(P, XY, st->hY.x, gY, HY, prec);
    arb_mat_mul(QtHY.m, Qt.m, HY.m, prec);
    arb_mat_mul(JY.m, QtHY.m, Q.m, prec);
    // K = -R F0 + (I - R J(Y)) Y
    arb_mat_mul(RJ.m, R.m, JY.m, prec);
    arb_mat_neg(RJ.m, RJ.m);
    for (int i = 0; i < d; ++i) arb_add_si(RJ(i, i), RJ(i, i), 1, prec);
    arb_mat_mul(K.m, RJ.m, Y.m, prec);
    arb_mat_sub(K.m, K.m, RF.m, prec);
    bool inside = true;
    for (int i = 0; i < d && inside; ++i) inside = arb_contains_interior(Y(i, 0), K(i, 0));
    if (inside) {
      st->rho = rho;
      break;
    }
  }
  if (st->rho == 0) {
    st->reason = "Krawczyk test failed for every radius tried: no unique critical point proved near the center "
                 "(a singular Hessian, as at a degenerate point, makes it fail)";
    return st;
  }
  if (r >= 2) {
    // Transversality: M(X) = [Q | vec(X W_kl)] nonsingular over the box.
    BallMat M(nr, nr), Minv(nr, nr);
    for (int i = 0; i < nr; ++i)
      for (int j = 0; j < d; ++j) arb_set(M(i, j), Q(i, j));
    int col = d;
    for (int k = 0; k < r; ++k)
      for (int l = k + 1; l < r; ++l, ++col)
        for (int i = 0; i < n; ++i) {
          // W = E_kl - E_lk: (X W)_{:,k} = -X_{:,l}, (X W)_{:,l} = X_{:,k}.
          arb_neg(M(k * n + i, col), XY(i, l));
          arb_set(M(l * n + i, col), XY(i, k));
        }
    if (!arb_mat_inv(Minv.m, M.m, prec)) {
      st->reason = "gauge transversality not proved: [Q | X W_kl] not shown nonsingular over the ball";
      return st;
    }
  }
  st->JY = std::make_unique<BallMat>(std::move(JY));
  st->HY = std::make_unique<BallMat>(std::move(HY));
  st->ok = true;
  return st;
}

}  // namespace

const char* to_string(ShiftVerdict v) {
  switch (v) {
    case ShiftVerdict::proved_positive_definite: return "proved_positive_definite";
    case ShiftVerdict::proved_indefinite: return "proved_indefinite";
    case ShiftVerdict::undecided: return "undecided";
  }
  return "unknown";
}

CriticalPointProof prove_critical_point(const ExactData& D, int r, const std::vector<std::string>& center,
                                        const ProofOptions& opt) {
  CriticalPointProof out;
  const slong prec = opt.prec;
  std::ostringstream meth;
  meth << "Arb " << arb_version << " ball arithmetic (" << prec
       << " bits): Krawczyk test K(Y) = -R F(0) + (I - R J(Y)) Y inside Y; interval Hessian over Y positive "
          "definite by arb_mat_cho; h enclosed over Y; data as exact numbers";
  out.method = meth.str();
  auto st = krawczyk(D, r, center, opt);
  out.gauge = st->gauge;
  out.dimension = st->d;
  if (!st->ok) {
    out.reason = st->reason;
    return out;
  }
  out.unique_critical_point = true;
  out.radius = upper_decimal(st->rho);
  out.h_enclosure = ball_string(st->hY.x);
  {
    arf_t lo, hi;
    arf_init(lo);
    arf_init(hi);
    arb_get_lbound_arf(lo, st->hY.x, 53);
    arb_get_ubound_arf(hi, st->hY.x, 53);
    out.h_lower = lower_bound_decimal(arf_get_d(lo, ARF_RND_FLOOR));
    out.h_upper = upper_decimal(arf_get_d(hi, ARF_RND_CEIL));
    arf_clear(lo);
    arf_clear(hi);
  }
  out.h_positive = arb_is_positive(st->hY.x);
  BallMat& JY = *st->JY;
  const int d = st->d;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(mid_matrix(JY));
  const double lmin = es.eigenvalues()(0), lmax = es.eigenvalues()(d - 1);
  if (lmin > 0) {
    BallMat S(d, d), L(d, d);
    Ball s;
    for (double sigma : {lmin * (1 - 1e-9), lmin * (1 - 1e-4), lmin / 2, 0.0}) {
      arb_mat_set(S.m, JY.m);
      arb_set_d(s.x, sigma);
      for (int i = 0; i < d; ++i) arb_sub(S(i, i), S(i, i), s.x, prec);
      if (arb_mat_cho(L.m, S.m, prec)) {
        out.status = "proved_strict_local_min";
        out.lambda_min_lower = sigma > 0 ? lower_bound_decimal(sigma) : "0 (positive definite)";
        return out;
      }
    }
    out.reason = "unique critical point proved, but the interval Hessian over the ball is not proved positive "
                 "definite (smallest eigenvalue of the midpoint " + lower_bound_decimal(lmin) + ")";
    return out;
  }
  // Negative curvature: a saddle if some direction also curves upwards.
  BallMat v(d, 1), w(d, 1);
  const double span = std::fabs(lmin) + std::fabs(lmax);
  eigenvector_near(v, JY, lmin - 1e-8 * span, es.eigenvectors().col(0), prec);
  eigenvector_near(w, JY, lmax + 1e-8 * span, es.eigenvectors().col(d - 1), prec);
  Ball qneg, qpos;
  rayleigh(qneg.x, JY, v, prec);
  rayleigh(qpos.x, JY, w, prec);
  if (arb_is_negative(qneg.x) && arb_is_positive(qpos.x)) {
    out.status = "proved_saddle";
    arf_t hi;
    arf_init(hi);
    arb_get_ubound_arf(hi, qneg.x, 53);
    out.negative_curvature_upper = upper_decimal(arf_get_d(hi, ARF_RND_CEIL));
    arf_clear(hi);
    return out;
  }
  out.reason = arb_is_negative(qneg.x) ? "negative curvature proved but no positive direction (a maximum?)"
                                       : "the Hessian's smallest eigenvalue is not resolved from 0 over the ball "
                                         "(degenerate point)";
  return out;
}

ShiftVerdict check_shifted_hessian(const ExactData& D, int r, const std::vector<std::string>& center,
                                   const std::string& shift, const ProofOptions& opt) {
  const slong prec = opt.prec;
  auto st = krawczyk(D, r, center, opt);
  if (!st->ok) return ShiftVerdict::undecided;
  const int d = st->d;
  BallMat S(d, d), L(d, d);
  Ball s;
  parse_exact(s.x, shift, prec);
  arb_mat_set(S.m, st->JY->m);
  for (int i = 0; i < d; ++i) arb_sub(S(i, i), S(i, i), s.x, prec);
  if (arb_mat_cho(L.m, S.m, prec)) return ShiftVerdict::proved_positive_definite;
  // A direction of negative curvature of J - shift I.
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(mid_matrix(S));
  const double lmin = es.eigenvalues()(0), span = std::fabs(lmin) + std::fabs(es.eigenvalues()(d - 1));
  BallMat v(d, 1);
  eigenvector_near(v, S, lmin - 1e-8 * span, es.eigenvectors().col(0), prec);
  Ball q;
  rayleigh(q.x, S, v, prec);
  return arb_is_negative(q.x) ? ShiftVerdict::proved_indefinite : ShiftVerdict::undecided;
}

}  // namespace sodlift::proof
