// Ball-arithmetic proofs about a critical point of h (critical_point_proof.hpp).
#include "sodlift/proof/critical_point_proof.hpp"
#include "sodlift/proof/h_enclosure.hpp"
#include "sodlift/proof/lifted_proof.hpp"

#include <arb.h>
#include <acb_mat.h>
#include <arb_mat.h>

#include "arb_support.hpp"

#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>

#include <Eigen/Dense>

#include "sodlift/support/errors.hpp"

namespace sodlift::proof {

using namespace arb_support;

namespace {

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
  P.A = read_A(D, prec);
  BallMat Z(D.n, D.truth_rank), Zt(D.truth_rank, D.n), Ms(D.n, D.n);
  read_Z(Z, D, prec);
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


// A proved lower bound on lambda_min(M) by arb_mat_cho of M - sigma I, for
// the first sigma of {hint (1 - 1e-9), hint (1 - 1e-4), hint / 2, 0} it
// certifies: the decimal of that sigma, "0 (positive definite)" for 0; ""
// when arb_mat_cho certifies none.
std::string cho_lambda_min_lower(BallMat& M, double hint, slong prec) {
  const slong d = M.rows();
  BallMat S(d, d), L(d, d);
  Ball s;
  for (double sigma : {hint * (1 - 1e-9), hint * (1 - 1e-4), hint / 2, 0.0}) {
    arb_mat_set(S.m, M.m);
    arb_set_d(s.x, sigma);
    for (slong i = 0; i < d; ++i) arb_sub(S(i, i), S(i, i), s.x, prec);
    if (arb_mat_cho(L.m, S.m, prec)) return sigma > 0 ? lower_bound_decimal(sigma) : "0 (positive definite)";
  }
  return "";
}

// The Krawczyk stage shared by both entry points.
struct Stage {
  bool ok = false;
  std::string reason;
  double rho = 0;
  int d = 0;
  std::unique_ptr<BallMat> JY, HY;  // interval Hessians over the box (reduced, full)
  std::unique_ptr<BallMat> Q;
  std::unique_ptr<BallMat> XY;      // the box in X coordinates (n x r balls), contains X*
  std::unique_ptr<BallProblem> P;   // the data in balls
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
  st->P = std::make_unique<BallProblem>(make_problem(D, prec));
  BallProblem& P = *st->P;
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
  st->XY = std::make_unique<BallMat>(std::move(XY));
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
  out.h_lower = lower_bound_decimal(lower_double(st->hY.x));
  out.h_upper = upper_decimal(upper_double(st->hY.x));
  out.h_positive = arb_is_positive(st->hY.x);
  BallMat& JY = *st->JY;
  const int d = st->d;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(mid_matrix(JY));
  const double lmin = es.eigenvalues()(0), lmax = es.eigenvalues()(d - 1);
  if (lmin > 0) {
    out.lambda_min_lower = cho_lambda_min_lower(JY, lmin, prec);
    if (!out.lambda_min_lower.empty()) {
      out.status = "proved_strict_local_min";
      return out;
    }
    out.reason = "unique critical point proved, but the interval Hessian over the ball is not proved positive "
                 "definite (smallest eigenvalue of the midpoint " + lower_bound_decimal(lmin) + ")";
    return out;
  }
  // Negative curvature: a saddle if some direction also curves upwards.
  BallMat v(d, 1), w(d, 1);
  const double span = std::fabs(lmin) + std::fabs(lmax);
  eigenvector_near(v, JY, lmin - 1e-8 * span, es.eigenvectors().col(0), prec, 6);
  eigenvector_near(w, JY, lmax + 1e-8 * span, es.eigenvectors().col(d - 1), prec, 6);
  Ball qneg, qpos;
  rayleigh(qneg.x, JY, v, prec);
  rayleigh(qpos.x, JY, w, prec);
  if (arb_is_negative(qneg.x) && arb_is_positive(qpos.x)) {
    out.status = "proved_saddle";
    out.negative_curvature_upper = upper_decimal(upper_double(qneg.x));
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
  eigenvector_near(v, S, lmin - 1e-8 * span, es.eigenvectors().col(0), prec, 6);
  Ball q;
  rayleigh(q.x, S, v, prec);
  return arb_is_negative(q.x) ? ShiftVerdict::proved_indefinite : ShiftVerdict::undecided;
}

DifferenceEnclosure enclose_h_minus_critical(const ExactData& D, int r, const std::vector<std::string>& center,
                                             const std::vector<std::string>& point, const ProofOptions& opt) {
  DifferenceEnclosure out;
  const slong prec = opt.prec;
  auto st = krawczyk(D, r, center, opt);
  if (!st->ok) return out;
  const int n = D.n, nr = n * r;
  if (static_cast<int>(point.size()) != nr)
    throw input_error("enclose_h_minus_critical: the point must have n r = " + std::to_string(nr) + " entries");
  BallProblem P = make_problem(D, prec);
  BallMat X(n, r), g(nr, 1), H(nr, nr);
  for (int c = 0; c < r; ++c)
    for (int i = 0; i < n; ++i) parse_exact(X(i, c), point[static_cast<std::size_t>(c) * n + i], prec);
  Ball hp, diff;
  evaluate(P, X, hp.x, g, H, prec);
  arb_sub(diff.x, hp.x, st->hY.x, prec);
  out.defined = true;
  out.enclosure = ball_string(diff.x);
  out.proved_negative = arb_is_negative(diff.x);
  out.proved_positive = arb_is_positive(diff.x);
  out.mid = mid_double(diff.x);
  out.radius = mag_get_d(arb_radref(diff.x));
  return out;
}

}  // namespace sodlift::proof

// ---------------------------------------------------------------------------
// The lifted landscape (lifted_proof.hpp, docs/proofs.md).

namespace sodlift::proof {

namespace {

struct LiftedBalls {
  BallMat K, G, B;
  explicit LiftedBalls(slong N) : K(N, N), G(N, N), B(N, N) {}
};

// K(X) = sum_i vec(A_i X) vec(A_i X)^T, G(X) = I_r ⊗ sum_i <A_i, X X^T> A_i,
// B = I_r ⊗ sum_i b_i A_i, for every X in the balls of X (n x r).
std::unique_ptr<LiftedBalls> lifted_balls(BallProblem& P, BallMat& X, slong prec) {
  const int n = P.n, r = static_cast<int>(X.cols()), N = n * r;
  auto L = std::make_unique<LiftedBalls>(N);
  arb_mat_zero(L->K.m);
  arb_mat_zero(L->G.m);
  arb_mat_zero(L->B.m);
  BallMat AX(n, r), Gn(n, n), Bn(n, n);
  arb_mat_zero(Gn.m);
  arb_mat_zero(Bn.m);
  Ball s;
  for (int k = 0; k < P.m; ++k) {
    BallMat& A = P.A[static_cast<std::size_t>(k)];
    arb_mat_mul(AX.m, A.m, X.m, prec);
    arb_zero(s.x);  // <A_k, X X^T> = sum_{i,c} X(i,c) (A_k X)(i,c)
    for (int c = 0; c < r; ++c)
      for (int i = 0; i < n; ++i) arb_addmul(s.x, X(i, c), AX(i, c), prec);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        arb_addmul(Gn(i, j), s.x, A(i, j), prec);
        arb_addmul(Bn(i, j), P.b[static_cast<std::size_t>(k)]->x, A(i, j), prec);
      }
    for (int p = 0; p < N; ++p)
      for (int q = 0; q < N; ++q) arb_addmul(L->K(p, q), AX(p % n, p / n), AX(q % n, q / n), prec);
  }
  for (int c = 0; c < r; ++c)
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        arb_set(L->G(c * n + i, c * n + j), Gn(i, j));
        arb_set(L->B(c * n + i, c * n + j), Bn(i, j));
      }
  return L;
}

struct BallVec {
  arb_ptr v;
  slong len;
  explicit BallVec(slong n) : v(_arb_vec_init(n)), len(n) {}
  ~BallVec() { _arb_vec_clear(v, len); }
  BallVec(const BallVec&) = delete;
  BallVec& operator=(const BallVec&) = delete;
};

// d^T M^{⊗l} d for a dense tensor d (index i_1 + N i_2 + ...; exact entries):
// l mode products in ball arithmetic, then the dot product.
void kron_power_quadratic(arb_t out, BallMat& M, const std::vector<double>& d, int l, slong prec) {
  const slong N = M.rows(), len = static_cast<slong>(d.size());
  BallVec a(len), b(len);
  for (slong k = 0; k < len; ++k) arb_set_d(a.v + k, d[static_cast<std::size_t>(k)]);
  slong stride = 1;
  for (int mode = 0; mode < l; ++mode, stride *= N) {
    for (slong idx = 0; idx < len; ++idx) {
      const slong lo = idx % stride, i = (idx / stride) % N, hi = idx / (stride * N);
      arb_dot(b.v + idx, nullptr, 0, arb_mat_entry(M.m, i, 0), 1, a.v + lo + stride * N * hi, stride, N, prec);
    }
    std::swap(a.v, b.v);
  }
  arb_zero(out);
  Ball t;
  for (slong k = 0; k < len; ++k) {
    arb_set_d(t.x, d[static_cast<std::size_t>(k)]);
    arb_addmul(out, t.x, a.v + k, prec);
  }
}

// (x^T M x)^l for the exact vector x.
void rank1_power(arb_t out, BallMat& M, BallMat& x, int l, slong prec) {
  const slong N = M.rows();
  arb_zero(out);
  for (slong p = 0; p < N; ++p)
    for (slong q = 0; q < N; ++q) {
      Ball t;
      arb_mul(t.x, x(p, 0), x(q, 0), prec);
      arb_addmul(out, t.x, M(p, q), prec);
    }
  arb_pow_ui(out, out, static_cast<ulong>(l), prec);
}

// a^T (H - shift I) a / a^T a at a = x^{⊗l}, H = 2K^{⊗l} + G^{⊗l} - B^{⊗l}:
// [2 (x^T K x)^l + (x^T G x)^l - (x^T B x)^l] / (x^T x)^l - shift.
void rank1_rayleigh(arb_t out, LiftedBalls& L, BallMat& x, int l, const arb_t shift, slong prec) {
  Ball t, xx;
  rank1_power(out, L.K, x, l, prec);
  arb_mul_2exp_si(out, out, 1);
  rank1_power(t.x, L.G, x, l, prec);
  arb_add(out, out, t.x, prec);
  rank1_power(t.x, L.B, x, l, prec);
  arb_sub(out, out, t.x, prec);
  arb_zero(xx.x);
  for (slong p = 0; p < x.rows(); ++p) arb_addmul(xx.x, x(p, 0), x(p, 0), prec);
  arb_pow_ui(xx.x, xx.x, static_cast<ulong>(l), prec);
  arb_div(out, out, xx.x, prec);
  arb_sub(out, out, shift, prec);
}

// The Kronecker power M^{⊗l} as a ball matrix (row index i_1 + N i_2 + ...).
void kron_power(BallMat& out, BallMat& M, int l, slong prec) {
  const slong N = M.rows();
  slong dim = 1;
  for (int k = 0; k < l; ++k) dim *= N;
  for (slong I = 0; I < dim; ++I)
    for (slong J = 0; J < dim; ++J) {
      arb_ptr e = arb_mat_entry(out.m, I, J);
      arb_one(e);
      slong a = I, b = J;
      for (int k = 0; k < l; ++k, a /= N, b /= N) arb_mul(e, e, M(a % N, b % N), prec);
    }
}

// The midpoint of a ball matrix in doubles, and E with |M - M_d| <= E entrywise.
void split_double(BallMat& M, Eigen::MatrixXd& Md, Eigen::MatrixXd& E, slong prec) {
  const slong N = M.rows();
  Md.resize(N, N);
  E.resize(N, N);
  Ball t;
  for (slong i = 0; i < N; ++i)
    for (slong j = 0; j < N; ++j) {
      Md(i, j) = mid_double(M(i, j));
      arb_set_d(t.x, Md(i, j));
      arb_sub(t.x, M(i, j), t.x, prec);
      arb_abs(t.x, t.x);
      E(i, j) = upper_double(t.x);
    }
}

// An upper bound (an exact ball) of sqrt(S) where S = sum of k squares of
// doubles and sd is that sum computed in double: recursive summation of k
// nonnegative rounded products errs by at most gamma_k S, and below the
// underflow threshold by at most 2^-1074 per operation.
void sqrt_sum_upper(arb_t out, double sd, double k) {
  const double u = std::ldexp(1.0, -53);
  Ball t;
  arb_set_d(out, sd);
  arb_set_d(t.x, 1 - 2 * (k + 1) * u);  // 1 - gamma_k <= this only lowers the divisor less: use 2k u
  arb_div(out, out, t.x, 128);
  arb_set_d(t.x, std::ldexp(2 * (k + 1), -1074));
  arb_add(out, out, t.x, 128);
  arb_sqrt(out, out, 128);
  arb_set_d(t.x, upper_double(out));
  arb_set(out, t.x);
}
void frobenius_upper(arb_t out, const Eigen::MatrixXd& M) {
  double sd = 0;
  for (Eigen::Index k = 0; k < M.size(); ++k) sd += M.data()[k] * M.data()[k];
  sqrt_sum_upper(out, sd, static_cast<double>(M.size()));
}
// The same for the symmetric matrix whose lower triangle is stored in M.
void frobenius_upper_sym_lower(arb_t out, const Eigen::MatrixXd& M) {
  double sd = 0;
  for (Eigen::Index j = 0; j < M.cols(); ++j) {
    sd += M(j, j) * M(j, j);
    for (Eigen::Index i = j + 1; i < M.rows(); ++i) sd += 2 * M(i, j) * M(i, j);
  }
  sqrt_sum_upper(out, sd, static_cast<double>(M.size()));
}

// The eigenpair of grad f(X* X*^T) = G - B (n x n, r = 1) near u_approx,
// enclosed over the box by Rump's method: v (n x 1 balls) contains an
// eigenvector of every matrix in the balls for the eigenvalue in lambda_n.
// False when the enclosure failed.
bool enclose_un_rump(LiftedBalls& Lb, int n, const std::vector<double>& u_approx, BallMat& v, std::string& lambda_n,
                     slong prec) {
  LiftedBalls* L = &Lb;
  acb_mat_t A, Xa, J, Xo;
  acb_t lam, lam0;
  acb_mat_init(A, n, n);
  acb_mat_init(Xa, n, 1);
  acb_mat_init(J, 1, 1);
  acb_mat_init(Xo, n, 1);
  acb_init(lam);
  acb_init(lam0);
  Ball t;
  double num = 0, den = 0;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      arb_sub(t.x, L->G(i, j), L->B(i, j), prec);
      acb_set_arb(acb_mat_entry(A, i, j), t.x);
      num += u_approx[static_cast<std::size_t>(i)] * mid_double(t.x) * u_approx[static_cast<std::size_t>(j)];
    }
    acb_set_d(acb_mat_entry(Xa, i, 0), u_approx[static_cast<std::size_t>(i)]);
    den += u_approx[static_cast<std::size_t>(i)] * u_approx[static_cast<std::size_t>(i)];
  }
  acb_set_d(lam0, den > 0 ? num / den : 0.0);
  acb_mat_eig_enclosure_rump(lam, J, Xo, A, lam0, Xa, prec);
  bool ok = acb_is_finite(lam) && acb_mat_is_finite(Xo);
  if (ok) {
    lambda_n = ball_string(acb_realref(lam));
    for (int i = 0; i < n; ++i) {
      // S is real symmetric and the eigenvalue simple: the eigenvector Rump
      // normalises by a real coordinate is real, inside the real part's ball.
      arb_set(v(i, 0), acb_realref(acb_mat_entry(Xo, i, 0)));
      if (!arb_contains_zero(acb_imagref(acb_mat_entry(Xo, i, 0)))) ok = false;
    }
  }
  acb_mat_clear(A);
  acb_mat_clear(Xa);
  acb_mat_clear(J);
  acb_mat_clear(Xo);
  acb_clear(lam);
  acb_clear(lam0);
  return ok;
}

// What the lifted proofs share: the Krawczyk stage at the center and K, G, B
// over its box.
struct LiftedStage {
  std::unique_ptr<Stage> st;
  std::unique_ptr<LiftedBalls> L;
};

// The prologue of the lifted proofs: the Krawczyk test on the center; when it
// fails, out.reason is its reason and false is returned; otherwise
// out.critical_point and out.radius are set and K, G, B enclosed over the box.
template <class Out>
bool lifted_stage(Out& out, LiftedStage& ls, const ExactData& D, int r, const std::vector<std::string>& center,
                  const ProofOptions& kopt, slong prec) {
  ls.st = krawczyk(D, r, center, kopt);
  if (!ls.st->ok) {
    out.reason = ls.st->reason;
    return false;
  }
  out.critical_point = true;
  out.radius = upper_decimal(ls.st->rho);
  ls.L = lifted_balls(*ls.st->P, *ls.st->XY, prec);
  return true;
}

// The prologue of the proofs about b = u_n^(x)l (r = 1): the refusal of
// r != 1 (out.reason = r_refusal), the argument check (input_error naming
// `who`), lifted_stage, then u_n enclosed by Rump's method into u
// (out.lambda_n_enclosure). False, with out.reason set, when any step fails.
template <class Out>
bool un_stage(Out& out, LiftedStage& ls, BallMat& u, const char* who, const char* r_refusal, const ExactData& D, int r,
              const std::vector<std::string>& center, int l, const std::vector<double>& u_approx,
              const ProofOptions& kopt, slong prec) {
  const int n = D.n;
  if (r != 1) {
    out.reason = r_refusal;
    return false;
  }
  if (l < 1 || static_cast<int>(u_approx.size()) != n)
    throw input_error(std::string(who) + ": l >= 1 and u_approx of length n needed");
  if (!lifted_stage(out, ls, D, r, center, kopt, prec)) return false;
  if (!enclose_un_rump(*ls.L, n, u_approx, u, out.lambda_n_enclosure, prec)) {
    out.reason = "the eigenpair of grad f(X* X*^T) near the computed u_n was not enclosed (Rump's method failed)";
    return false;
  }
  return true;
}

}  // namespace

LiftedCurvatureProof prove_lifted_negative_curvature(const ExactData& D, int r, const std::vector<std::string>& center,
                                                     int l, const std::vector<double>& d,
                                                     const ProofOptions& kopt, const LiftedOptions& opt) {
  LiftedCurvatureProof out;
  const slong prec = opt.prec;
  const int N = D.n * r;
  long double full = 1;
  for (int k = 0; k < l; ++k) full *= N;
  if (l < 1) throw input_error("prove_lifted_negative_curvature: l must be >= 1");
  if (static_cast<long double>(d.size()) != full)
    throw input_error("prove_lifted_negative_curvature: d must have N^l = " + std::to_string(static_cast<long long>(full)) +
                      " entries");
  std::ostringstream meth;
  meth << "Arb " << arb_version << " (" << prec << " bits): K, G over the Krawczyk box of X*, d^T (2K^(x)" << l
       << " + G^(x)" << l << " - B^(x)" << l << ") d by " << l
       << " mode products per factor, d exact doubles; a = xhat^(x)" << l << ": 2(x^T K x)^l + (x^T G x)^l - (x^T B x)^l";
  out.method = meth.str();
  if (full > static_cast<long double>(opt.curvature_max_dim)) {
    out.reason = "N^l = " + std::to_string(static_cast<long long>(full)) + " above the dense mode-product limit " +
                 std::to_string(opt.curvature_max_dim);
    return out;
  }
  LiftedStage ls;
  if (!lifted_stage(out, ls, D, r, center, kopt, prec)) return out;
  Stage* st = ls.st.get();
  LiftedBalls* L = ls.L.get();
  Ball q, t, dd, shift;
  parse_exact(shift.x, opt.shift, prec);
  kron_power_quadratic(q.x, L->K, d, l, prec);
  arb_mul_2exp_si(q.x, q.x, 1);
  kron_power_quadratic(t.x, L->G, d, l, prec);
  arb_add(q.x, q.x, t.x, prec);
  kron_power_quadratic(t.x, L->B, d, l, prec);
  arb_sub(q.x, q.x, t.x, prec);
  arb_zero(dd.x);
  for (double v : d) {
    arb_set_d(t.x, v);
    arb_addmul(dd.x, t.x, t.x, prec);
  }
  arb_div(q.x, q.x, dd.x, prec);
  arb_sub(q.x, q.x, shift.x, prec);
  out.rayleigh_enclosure = ball_string(q.x);
  out.rayleigh_upper = upper_decimal(upper_double(q.x));
  out.proved_negative = arb_is_negative(q.x);
  // a = x^{⊗l}, x the center (exact): a^T H a / a^T a.
  const int n = D.n;
  BallMat x(N, 1);
  for (int c = 0; c < r; ++c)
    for (int i = 0; i < n; ++i) arb_get_mid_arb(x(c * n + i, 0), arb_mat_entry(st->XY->m, i, c));
  // the box midpoint is the center (the box is symmetric around it): any exact x works.
  Ball qa;
  rank1_rayleigh(qa.x, *L, x, l, shift.x, prec);
  out.proved_positive_a = arb_is_positive(qa.x);
  if (!out.proved_negative)
    out.reason = arb_is_positive(q.x) ? "d^T H d > 0 over the box: d is not a direction of negative curvature"
                                      : "d^T H d / d^T d not resolved from 0 over the box";
  return out;
}

LiftedDefinitenessProof prove_lifted_positive_definite(const ExactData& D, int r, const std::vector<std::string>& center,
                                                       int l, double sigma_hint, const ProofOptions& kopt,
                                                       const LiftedOptions& opt) {
  LiftedDefinitenessProof out;
  const slong prec = opt.prec;
  const int N = D.n * r;
  if (l < 1) throw input_error("prove_lifted_positive_definite: l must be >= 1");
  long double fulld = 1;
  for (int k = 0; k < l; ++k) fulld *= N;
  if (fulld > static_cast<long double>(std::max(opt.cho_max_dim, opt.float_max_dim))) {
    out.reason = "N^l = " + std::to_string(static_cast<long long>(fulld)) + " above the dense limit " +
                 std::to_string(std::max(opt.cho_max_dim, opt.float_max_dim)) +
                 (opt.float_max_dim < fulld && fulld <= 2187 ? " (validate --full proves it by the floating Cholesky)" : "");
    return out;
  }
  const slong dim = static_cast<slong>(fulld);
  out.dim = dim;
  LiftedStage ls;
  if (!lifted_stage(out, ls, D, r, center, kopt, prec)) return out;
  LiftedBalls* L = ls.L.get();
  Ball shift;
  parse_exact(shift.x, opt.shift, prec);
  const double hint = sigma_hint > 0 && std::isfinite(sigma_hint) ? sigma_hint : 0;
  if (dim <= opt.cho_max_dim) {
    std::ostringstream meth;
    meth << "Arb " << arb_version << " (" << prec << " bits): H = 2K^(x)" << l << " + G^(x)" << l << " - B^(x)" << l
         << " as a " << dim << " x " << dim
         << " ball matrix over the Krawczyk box; H - sigma I positive definite by arb_mat_cho";
    out.method = meth.str();
    BallMat H(dim, dim), T(dim, dim);
    kron_power(H, L->K, l, prec);
    arb_mat_scalar_mul_2exp_si(H.m, H.m, 1);
    kron_power(T, L->G, l, prec);
    arb_mat_add(H.m, H.m, T.m, prec);
    kron_power(T, L->B, l, prec);
    arb_mat_sub(H.m, H.m, T.m, prec);
    for (slong i = 0; i < dim; ++i) arb_sub(H(i, i), H(i, i), shift.x, prec);
    out.lambda_min_lower = cho_lambda_min_lower(H, hint, prec);
    if (!out.lambda_min_lower.empty()) {
      out.proved_positive_definite = true;
      return out;
    }
    out.reason = "arb_mat_cho did not certify H - sigma I for sigma in {hint(1-1e-9), hint(1-1e-4), hint/2, 0}";
    return out;
  }
  // Floating Cholesky with a rigorous residual bound (docs/proofs.md).
  out.method = "floating Cholesky L of fl(H_mid) - sigma I (Eigen, double), H_mid = 2 Kd^(x)" + std::to_string(l) +
               " + Gd^(x)" + std::to_string(l) + " - Bd^(x)" + std::to_string(l) +
               " from the ball midpoints; proved ||H(X) - sigma I - L L^T||_2 < sigma for every X in the Krawczyk box "
               "(perturbation of the factors, rounding of the Kronecker products and of L L^T, bounded in Arb)";
  Eigen::MatrixXd Kd, Ke, Gd, Ge, Bd, Be;
  split_double(L->K, Kd, Ke, prec);
  split_double(L->G, Gd, Ge, prec);
  split_double(L->B, Bd, Be, prec);
  const double u = std::ldexp(1.0, -53);
  auto gamma = [&](double k) { return k * u / (1 - k * u); };
  // e_pert: ||M^{⊗l} - Md^{⊗l}||_2 <= (a + e)^l - a^l, a = ||Md||_F, e = ||E||_F; times 2 for K.
  // e_kron: |fl(H_mid) - H_mid| <= gamma_{l+3} (2|Kd|^{⊗l} + |Gd|^{⊗l} + |Bd|^{⊗l}), Frobenius a^l.
  Ball bound, a, e, t, w;
  arb_zero(bound.x);
  const Eigen::MatrixXd* mids[3] = {&Kd, &Gd, &Bd};
  const Eigen::MatrixXd* errs[3] = {&Ke, &Ge, &Be};
  for (int f = 0; f < 3; ++f) {
    frobenius_upper(a.x, *mids[f]);
    frobenius_upper(e.x, *errs[f]);
    arb_add(t.x, a.x, e.x, 128);
    arb_pow_ui(t.x, t.x, static_cast<ulong>(l), 128);
    arb_pow_ui(w.x, a.x, static_cast<ulong>(l), 128);
    arb_sub(t.x, t.x, w.x, 128);  // e_pert of this factor
    Ball g;
    arb_set_d(g.x, gamma(l + 3));
    arb_addmul(t.x, g.x, w.x, 128);  // + e_kron of this factor
    if (f == 0) arb_mul_2exp_si(t.x, t.x, 1);
    arb_add(bound.x, bound.x, t.x, 128);
  }
  // Underflow in the products: at most 2^-1074 per entry and operation.
  arb_set_d(t.x, std::ldexp(static_cast<double>(dim) * (l + 3), -1070));
  arb_add(bound.x, bound.x, t.x, 128);
  Eigen::MatrixXd Hm(dim, dim);
  {
    std::vector<double> pk(static_cast<std::size_t>(l)), pg(pk), pb(pk);
    for (slong I = 0; I < dim; ++I)
      for (slong J = 0; J < dim; ++J) {
        double k1 = 1, g1 = 1, b1 = 1;
        slong a1 = I, b2 = J;
        for (int k = 0; k < l; ++k, a1 /= N, b2 /= N) {
          k1 *= Kd(a1 % N, b2 % N);
          g1 *= Gd(a1 % N, b2 % N);
          b1 *= Bd(a1 % N, b2 % N);
        }
        Hm(I, J) = 2 * k1 + g1 - b1;
      }
  }
  // The shift (tests): its double and the rounding of that double.
  const double shift_d = mid_double(shift.x);
  arb_set_d(t.x, shift_d);
  arb_sub(t.x, shift.x, t.x, prec);
  arb_abs(t.x, t.x);
  arb_add(bound.x, bound.x, t.x, 128);
  const double base_bound = upper_double(bound.x);
  for (double sigma : {hint / 2, hint / 8, hint / 64}) {
    if (!(sigma > 0)) break;
    Eigen::MatrixXd C = Hm;
    for (slong i = 0; i < dim; ++i) C(i, i) -= (sigma + shift_d);
    // the diagonal subtraction: two roundings of at most u |.| each
    Eigen::LLT<Eigen::MatrixXd> llt(C);
    if (llt.info() != Eigen::Success) continue;
    Eigen::MatrixXd Lm = llt.matrixL();
    llt = Eigen::LLT<Eigen::MatrixXd>();  // free its copy
    // C <- C - L L^T on the lower triangle (the residual Ec, rounded).
    Eigen::MatrixXd P = Eigen::MatrixXd::Zero(dim, dim);
    P.selfadjointView<Eigen::Lower>().rankUpdate(Lm);
    for (slong j = 0; j < dim; ++j)
      for (slong i = j; i < dim; ++i) C(i, j) -= P(i, j);
    P.resize(0, 0);
    // ||E||_F <= ||Ec||_F / (1 - u) + gamma_dim ||L||_F^2; diagonal shift rounding <= 2u (|H_ii| + sigma + |shift|).
    Ball res, lf, dg;
    frobenius_upper_sym_lower(res.x, C);
    arb_set_d(t.x, 1 - u);
    arb_div(res.x, res.x, t.x, 128);
    frobenius_upper(lf.x, Lm);
    arb_sqr(lf.x, lf.x, 128);
    arb_set_d(t.x, gamma(static_cast<double>(dim) + 2));
    arb_addmul(res.x, t.x, lf.x, 128);
    {
      double sd = 0;
      for (slong i = 0; i < dim; ++i) sd += Hm(i, i) * Hm(i, i);
      sqrt_sum_upper(dg.x, sd, static_cast<double>(dim));
    }
    arb_set_d(t.x, (std::fabs(sigma) + std::fabs(shift_d)) * std::sqrt(static_cast<double>(dim)) * (1 + 1e-9));
    arb_add(dg.x, dg.x, t.x, 128);
    arb_set_d(t.x, 4 * u);
    arb_addmul(res.x, t.x, dg.x, 128);
    arb_add(res.x, res.x, bound.x, 128);
    // lambda_min(H - shift I) >= sigma - bound
    arb_set_d(t.x, sigma);
    arb_sub(t.x, t.x, res.x, 128);
    if (arb_is_positive(t.x)) {
      out.proved_positive_definite = true;
      out.lambda_min_lower = lower_bound_decimal(lower_double(t.x));
      out.reason = "";
      return out;
    }
    out.reason = "floating Cholesky ran, but the residual bound " + upper_decimal(upper_double(res.x)) +
                 " is not below sigma = " + upper_decimal(sigma) + " (perturbation/rounding part " +
                 upper_decimal(base_bound) + ")";
  }
  if (out.reason.empty())
    out.reason = "floating Cholesky of H_mid - sigma I failed for sigma = hint/2, /8, /64 (hint " +
                 upper_decimal(hint) + ")";
  return out;
}

EscapeDirectionProof prove_escape_direction_curvature(const ExactData& D, int r, const std::vector<std::string>& center,
                                                      int l, const std::vector<double>& u_approx,
                                                      const ProofOptions& kopt, const LiftedOptions& opt) {
  EscapeDirectionProof out;
  const slong prec = opt.prec;
  const int n = D.n;
  out.method = "Arb ball arithmetic (" + std::to_string(prec) +
               " bits): eigenpair of grad f(X* X*^T) = G - B over the Krawczyk box by acb_mat_eig_enclosure_rump "
               "(Rump), then b^T H b / b^T b = [2 (v^T K v)^l + (v^T G v)^l - (v^T B v)^l] / (v^T v)^l for every v "
               "in the eigenvector's ball";
  LiftedStage ls;
  BallMat v(n, 1);
  if (!un_stage(out, ls, v, "prove_escape_direction_curvature",
                "r >= 2: b also needs an enclosure of q_r (not implemented)", D, r, center, l, u_approx, kopt, prec))
    return out;
  LiftedBalls* L = ls.L.get();
  Ball q, shift;
  parse_exact(shift.x, opt.shift, prec);
  rank1_rayleigh(q.x, *L, v, l, shift.x, prec);
  out.rayleigh_enclosure = ball_string(q.x);
  out.proved_negative = arb_is_negative(q.x);
  out.proved_positive = arb_is_positive(q.x);
  if (!out.proved_negative && !out.proved_positive) out.reason = "b^T H b / b^T b not resolved from 0 over the box";
  return out;
}

namespace {

// (x^T M y)^l for ball vectors x, y (N x 1) and a ball matrix M.
void bilinear_power(arb_t out, BallMat& M, BallMat& x, BallMat& y, int l, slong prec) {
  BallMat My(M.rows(), 1);
  arb_mat_mul(My.m, M.m, y.m, prec);
  arb_zero(out);
  for (slong p = 0; p < M.rows(); ++p) arb_addmul(out, x(p, 0), My(p, 0), prec);
  arb_pow_ui(out, out, static_cast<ulong>(l), prec);
}

// z^T M z for an exact vector z and a ball matrix M (d x d).
void quadratic(arb_t out, BallMat& M, BallMat& z, slong prec) {
  BallMat Mz(M.rows(), 1);
  arb_mat_mul(Mz.m, M.m, z.m, prec);
  arb_zero(out);
  for (slong p = 0; p < M.rows(); ++p) arb_addmul(out, z(p, 0), Mz(p, 0), prec);
}

// Q^T M Q for an exact Q.
void congruence(BallMat& out, BallMat& Q, BallMat& M, slong prec) {
  BallMat Qt(Q.cols(), Q.rows()), T(Q.cols(), M.cols());
  arb_mat_transpose(Qt.m, Q.m);
  arb_mat_mul(T.m, Qt.m, M.m, prec);
  arb_mat_mul(out.m, T.m, Q.m, prec);
}

}  // namespace

RestrictedSProof prove_restricted_S(const ExactData& D, int r, const std::vector<std::string>& center, int l,
                                    const std::vector<double>& u_approx, const ProofOptions& kopt,
                                    const LiftedOptions& opt) {
  RestrictedSProof out;
  const slong prec = opt.prec;
  const int n = D.n;
  {
    std::ostringstream meth;
    meth << "Arb " << arb_version << " (" << prec
         << " bits): K, G over the Krawczyk box of X*, u_n enclosed by acb_mat_eig_enclosure_rump, "
            "E' x = sum_k <A_k, u x^T + x u^T> sym(A_k) x; the 3 x 3 H_S = [2 (s_p^T K s_q)^l + (s_p^T G s_q)^l - "
            "(s_p^T B s_q)^l] and Gram_S = [(s_p^T s_q)^l] for s = (x, u, E'x); lambda_min(H|S) < 0 by z^T H_S z < 0 "
            "for an explicit z, >= sigma by arb_mat_cho of Q^T (H_S - sigma Gram_S) Q (Q exact, 3 x 3)";
    out.method = meth.str();
  }
  LiftedStage ls;
  BallMat u(n, 1);
  if (!un_stage(out, ls, u, "prove_restricted_S",
                "r >= 2: b = vec(u_n q_r^T)^(x)l also needs an enclosure of q_r (not implemented)", D, r, center, l,
                u_approx, kopt, prec))
    return out;
  Stage* st = ls.st.get();
  LiftedBalls* L = ls.L.get();
  // The three vectors: x (the box, contains x*), u, c = E' x.
  BallMat x(n, 1), c(n, 1), E(n, n), Pm(n, n);
  for (int i = 0; i < n; ++i) arb_set(x(i, 0), arb_mat_entry(st->XY->m, i, 0));
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) {
      arb_mul(Pm(i, j), u(i, 0), x(j, 0), prec);
      arb_addmul(Pm(i, j), x(i, 0), u(j, 0), prec);
    }
  arb_mat_zero(E.m);
  Ball t, w;
  for (int k = 0; k < st->P->m; ++k) {
    BallMat& A = st->P->A[static_cast<std::size_t>(k)];
    arb_zero(w.x);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) arb_addmul(w.x, A(i, j), Pm(i, j), prec);
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        arb_add(t.x, A(i, j), A(j, i), prec);
        arb_mul_2exp_si(t.x, t.x, -1);
        arb_addmul(E(i, j), w.x, t.x, prec);
      }
  }
  arb_mat_mul(c.m, E.m, x.m, prec);
  BallMat* sv[3] = {&x, &u, &c};
  BallMat Hs(3, 3), Gs(3, 3), In(n, n);
  arb_mat_one(In.m);
  for (int p = 0; p < 3; ++p)
    for (int q = 0; q < 3; ++q) {
      bilinear_power(Hs(p, q), L->K, *sv[p], *sv[q], l, prec);
      arb_mul_2exp_si(Hs(p, q), Hs(p, q), 1);
      bilinear_power(t.x, L->G, *sv[p], *sv[q], l, prec);
      arb_add(Hs(p, q), Hs(p, q), t.x, prec);
      bilinear_power(t.x, L->B, *sv[p], *sv[q], l, prec);
      arb_sub(Hs(p, q), Hs(p, q), t.x, prec);
      bilinear_power(Gs(p, q), In, *sv[p], *sv[q], l, prec);
    }
  // The quadratic forms only see the symmetric parts: (M + M^T)/2 is valid
  // for every matrix in the balls, symmetric or not.
  for (int p = 0; p < 3; ++p)
    for (int q = p + 1; q < 3; ++q)
      for (BallMat* M : {&Hs, &Gs}) {
        arb_add(t.x, (*M)(p, q), (*M)(q, p), prec);
        arb_mul_2exp_si(t.x, t.x, -1);
        arb_set((*M)(p, q), t.x);
        arb_set((*M)(q, p), t.x);
      }
  {
    Ball shift;
    parse_exact(shift.x, opt.shift, prec);
    for (int p = 0; p < 3; ++p)
      for (int q = 0; q < 3; ++q) arb_submul(Hs(p, q), shift.x, Gs(p, q), prec);
  }
  // The basis to work in, Q (exact, 3 x k): when the midpoint Gram_S has a
  // Cholesky factor at Arb's precision whose pivots are not negligible
  // (squared pivot > 1e-40 of the largest diagonal), Q = mid(L^{-T}), so
  // that Q^T Gram_S Q ~ I on all of S (k = 3); otherwise the kept span of
  // Gram_S in double (eigenvalues above sqrt(eps) of the largest, as
  // lifted/'s restricted_min), k <= 3, where only z^T H_S z < 0 is sought.
  const Eigen::MatrixXd Gm = mid_matrix(Gs);
  int k = 0;
  std::unique_ptr<BallMat> Qp;
  Eigen::MatrixXd Qd;
  {
    BallMat Gmid(3, 3), Lc(3, 3);
    arb_mat_get_mid(Gmid.m, Gs.m);
    double dmax = 0, pmin = HUGE_VAL;
    for (int i = 0; i < 3; ++i) dmax = std::max(dmax, std::fabs(Gm(i, i)));
    if (arb_mat_cho(Lc.m, Gmid.m, prec)) {
      for (int i = 0; i < 3; ++i) pmin = std::min(pmin, std::pow(mid_double(Lc(i, i)), 2));
      if (pmin > 1e-40 * dmax) {
        BallMat Lt(3, 3), Qi(3, 3);
        arb_mat_get_mid(Lc.m, Lc.m);
        arb_mat_transpose(Lt.m, Lc.m);
        if (arb_mat_approx_inv(Qi.m, Lt.m, prec)) {
          k = 3;
          Qp = std::make_unique<BallMat>(3, 3);
          arb_mat_get_mid(Qp->m, Qi.m);
          Qd = mid_matrix(*Qp);
        }
      }
    }
  }
  if (k == 0) {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eg(0.5 * (Gm + Gm.transpose()));
    const double top = eg.eigenvalues().maxCoeff();
    std::vector<int> keep;
    for (int i = 0; i < 3; ++i)
      if (eg.eigenvalues()(i) > 1.4901161193847656e-8 * top) keep.push_back(i);
    k = static_cast<int>(keep.size());
    if (k == 0) {
      out.reason = "Gram_S is zero at the midpoint: S not formed";
      return out;
    }
    Qp = std::make_unique<BallMat>(3, k);
    Qd.resize(3, k);
    for (int j = 0; j < k; ++j)
      for (int i = 0; i < 3; ++i) {
        Qd(i, j) = eg.eigenvectors()(i, keep[static_cast<std::size_t>(j)]) /
                   std::sqrt(eg.eigenvalues()(keep[static_cast<std::size_t>(j)]));
        arb_set_d((*Qp)(i, j), Qd(i, j));
      }
  }
  out.gram_rank = k;
  BallMat& Q = *Qp;
  BallMat Hr(k, k), Gr(k, k);
  congruence(Hr, Q, Hs, prec);
  congruence(Gr, Q, Gs, prec);
  const Eigen::MatrixXd Hrm = mid_matrix(Hr);  // Q^T Gram_S Q ~ I: an ordinary eigenproblem in double
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> er(0.5 * (Hrm + Hrm.transpose()));
  const double mu0 = er.eigenvalues()(0);
  const double span = std::fabs(mu0) + std::fabs(er.eigenvalues()(k - 1)) + 1e-300;
  // Inverse iteration at Arb's precision on (mid Hr - mu mid Gr) y = mid Gr y.
  BallMat y(k, 1), rhs(k, 1), S(k, k), Gmid(k, k);
  for (int i = 0; i < k; ++i) arb_set_d(y(i, 0), er.eigenvectors()(i, 0));
  arb_mat_get_mid(Gmid.m, Gr.m);
  arb_mat_get_mid(S.m, Hr.m);
  {
    Ball mu;
    arb_set_d(mu.x, mu0 - 1e-9 * span);
    for (int i = 0; i < k; ++i)
      for (int j = 0; j < k; ++j) arb_submul(S(i, j), mu.x, Gmid(i, j), prec);
    BallMat wv(k, 1);
    for (int it = 0; it < 6; ++it) {
      arb_mat_mul(rhs.m, Gmid.m, y.m, prec);
      arb_mat_get_mid(rhs.m, rhs.m);
      if (!arb_mat_approx_solve(wv.m, S.m, rhs.m, prec)) break;
      double big = 0;
      for (int i = 0; i < k; ++i) big = std::max(big, std::fabs(mid_double(wv(i, 0))));
      if (!(big > 0) || !std::isfinite(big)) break;
      arb_set_d(mu.x, big);
      for (int i = 0; i < k; ++i) {
        arb_div(y(i, 0), wv(i, 0), mu.x, prec);
        arb_get_mid_arb(y(i, 0), y(i, 0));
      }
    }
    arb_mat_get_mid(y.m, y.m);
  }
  Ball num, den, q;
  quadratic(num.x, Hr, y, prec);
  quadratic(den.x, Gr, y, prec);
  out.proved_negative = arb_is_negative(num.x);
  if (arb_is_positive(den.x)) {
    arb_div(q.x, num.x, den.x, prec);
    out.rayleigh_enclosure = ball_string(q.x);
    out.lambda_min_upper = bound_decimal(q.x, true);
  } else {
    arb_set(q.x, num.x);
    out.rayleigh_enclosure = "z^T H_S z in " + ball_string(num.x) + " (z^T Gram_S z not proved positive)";
  }
  // Lower bound: only on all of S (k = 3).
  if (k == 3) {
    BallMat Sh(3, 3), Lc(3, 3);
    Ball sg, step;
    auto try_sigma = [&](const arb_t s) {
      arb_mat_set(Sh.m, Hr.m);
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) arb_submul(Sh(i, j), s, Gr(i, j), prec);
      return arb_mat_cho(Lc.m, Sh.m, prec) != 0;
    };
    bool found = false;
    for (int e = -static_cast<int>(prec) + 96; e <= -16 && !found; e += 16) {
      arb_set_arf(sg.x, arb_midref(q.x));
      arb_set_d(step.x, span);
      arb_mul_2exp_si(step.x, step.x, e);
      arb_sub(sg.x, sg.x, step.x, prec);
      arb_get_mid_arb(sg.x, sg.x);  // sigma exact
      found = try_sigma(sg.x);
    }
    if (!found && arb_is_positive(q.x)) {
      arb_zero(sg.x);
      found = try_sigma(sg.x);
    }
    if (found) {
      out.lambda_min_lower = bound_decimal(sg.x, false);
      out.proved_positive_definite = arb_is_nonnegative(sg.x);
    }
  }
  if (!out.proved_negative && !out.proved_positive_definite)
    out.reason = k < 3 ? "z^T H_S z < 0 not proved, and Gram_S has numerical rank " + std::to_string(k) +
                             " < 3 (no lower bound on all of S)"
                       : "lambda_min(H|S) not resolved from 0 over the box";
  return out;
}

}  // namespace sodlift::proof
