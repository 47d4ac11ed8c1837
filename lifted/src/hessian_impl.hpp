// The lifted Hessian at x̂^{⊗l} (hessian.hpp has the derivation).
#pragma once

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "sodlift/core/cast.hpp"
#include "sodlift/lifted/hessian.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift/support/lanczos.hpp"
#include "sodlift/support/memory.hpp"
#include "tensor_impl.hpp"

namespace sodlift::lifted {

namespace detail {

template <class T>
Mat<T> kron_identity(int r, const Mat<T>& M) {  // I_r ⊗ M
  const Eigen::Index n = M.rows();
  Mat<T> R = Mat<T>::Zero(n * r, n * r);
  for (int k = 0; k < r; ++k) R.block(k * n, k * n, n, n) = M;
  return R;
}

template <class T>
T ipow_t(const T& x, int l) {
  T p = 1;
  for (int i = 0; i < l; ++i) p *= x;
  return p;
}

}  // namespace detail

template <class T>
LiftedHessianFactors<T> lifted_hessian_factors(const SensingProblem<T>& P, const Mat<T>& Xhat,
                                               int l) {
  P.check_point(Xhat, "lifted hessian point");
  if (Xhat.rows() != P.n()) throw input_error("lifted hessian: the point must have n rows");
  if (l < 1) throw input_error("lifted hessian: the lifting order l must be >= 1 (got " +
                               std::to_string(l) + ")");
  const int n = P.n(), r = static_cast<int>(Xhat.cols()), N = n * r;
  LiftedHessianFactors<T> F;
  F.n = n;
  F.r = r;
  F.l = l;
  F.G = detail::kron_identity(r, P.adjoint(P.measure_outer(Xhat, Xhat)));
  F.B = detail::kron_identity(r, P.adjoint(P.b()));
  F.K = Mat<T>::Zero(N, N);
  Vec<T> v(N);
  if (P.kind() == OperatorKind::entry_sampling) {
    // A = w (e_i e_j^T + e_j e_i^T)/2: A X̂ has row i = w/2 X̂_j, row j += w/2 X̂_i.
    for (const auto& e : P.entries()) {
      Mat<T> AX = Mat<T>::Zero(n, r);
      AX.row(e.i) += (e.w / 2) * Xhat.row(e.j);
      AX.row(e.j) += (e.w / 2) * Xhat.row(e.i);
      v = Eigen::Map<const Vec<T>>(AX.data(), N);
      F.K.noalias() += v * v.transpose();
    }
  } else {
    for (const auto& A : P.A()) {
      Mat<T> AX = A * Xhat;
      v = Eigen::Map<const Vec<T>>(AX.data(), N);
      F.K.noalias() += v * v.transpose();
    }
  }
  return F;
}

template <class T>
DenseTensor<T> kron_power_apply(const Mat<T>& M, const DenseTensor<T>& t) {
  const Eigen::Index N = t.dim;
  if (M.rows() != N || M.cols() != N) throw input_error("kron_power_apply: size mismatch");
  DenseTensor<T> a = t, b(t.dim, t.order);
  Eigen::Index inner = 1;  // N^p
  const Eigen::Index total = static_cast<Eigen::Index>(t.size());
  const Mat<T> Mt = M.transpose();
  for (int p = 0; p < t.order; ++p) {
    // Mode p: view each block of N^{p+1} entries as (N^p x N), times M^T.
    const Eigen::Index blk = inner * N;
    if (p == 0) {
      Eigen::Map<const Mat<T>> X(a.data.data(), N, total / N);
      Eigen::Map<Mat<T>> Y(b.data.data(), N, total / N);
      Y.noalias() = M * X;
    } else {
      for (Eigen::Index c = 0; c < total; c += blk) {
        Eigen::Map<const Mat<T>> X(a.data.data() + c, inner, N);
        Eigen::Map<Mat<T>> Y(b.data.data() + c, inner, N);
        Y.noalias() = X * Mt;
      }
    }
    std::swap(a.data, b.data);
    inner *= N;
  }
  return a;
}

template <class T>
DenseTensor<T> hessian_apply_full(const LiftedHessianFactors<T>& F, const DenseTensor<T>& t) {
  if (t.dim != F.N() || t.order != F.l)
    throw input_error("hessian_apply_full: tensor shape does not match the factors");
  DenseTensor<T> out = kron_power_apply(F.K, t);
  for (auto& e : out.data) e *= 2;
  axpy(T(1), kron_power_apply(F.G, t), out);
  axpy(T(-1), kron_power_apply(F.B, t), out);
  return out;
}

template <class T>
std::vector<T> sym_weights(const SymIndex& S) {
  std::vector<T> w(S.dim());
  for (std::size_t a = 0; a < S.dim(); ++a) {
    const auto& t = S.tuple(a);
    T acc = 1;
    int seen = 0;
    for (std::size_t i = 0; i < t.size();) {
      std::size_t j = i;
      while (j < t.size() && t[j] == t[i]) ++j;
      const int mult = static_cast<int>(j - i);
      // C(seen + mult, mult), exact integer arithmetic in T
      T c = 1;
      for (int k = 1; k <= mult; ++k) c = c * T(seen + k) / T(k);
      seen += mult;
      acc *= c;
      i = j;
    }
    w[a] = acc;
  }
  return w;
}

template <class T>
std::vector<T> sym_kron_power_apply(const SymIndex& S, const Mat<T>& M, const std::vector<T>& t) {
  const int l = S.order(), N = S.N();
  if (t.size() != S.dim() || M.rows() != N) throw input_error("sym_kron_power_apply: size mismatch");
  // X[J][K], J of size s, K of size l - s; row-major with count(l-s) columns.
  // Each output is one sum over k = 0..N-1 in that order; four outputs (Kp)
  // are summed side by side, four independent chains of additions instead
  // of one (the same terms in the same order for each: the same bits). Row j
  // of M is read from a transposed copy (contiguous).
  const Mat<T> Mt = M.transpose();
  std::vector<T> X = t, Y;
  for (int s = 0; s < l; ++s) {
    const std::size_t nJ = S.count(s + 1), nK = S.count(l - s - 1), nKold = S.count(l - s);
    Y.assign(nJ * nK, T(0));
    for (std::size_t Jp = 0; Jp < nJ; ++Jp) {
      const std::size_t J = S.drop_rank(s + 1, Jp);
      const int j = S.drop_elem(s + 1, Jp);
      const T* xrow = X.data() + J * nKold;
      const T* mrow = Mt.data() + static_cast<std::size_t>(j) * static_cast<std::size_t>(N);
      T* yrow = Y.data() + Jp * nK;
      std::size_t Kp = 0;
      for (; Kp + 4 <= nK; Kp += 4) {
        T a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (int k = 0; k < N; ++k) {
          const T& m = mrow[k];
          a0 += m * xrow[S.insert_rank(l - s - 1, Kp, k)];
          a1 += m * xrow[S.insert_rank(l - s - 1, Kp + 1, k)];
          a2 += m * xrow[S.insert_rank(l - s - 1, Kp + 2, k)];
          a3 += m * xrow[S.insert_rank(l - s - 1, Kp + 3, k)];
        }
        yrow[Kp] = a0, yrow[Kp + 1] = a1, yrow[Kp + 2] = a2, yrow[Kp + 3] = a3;
      }
      for (; Kp < nK; ++Kp) {
        T acc = 0;
        for (int k = 0; k < N; ++k) acc += mrow[k] * xrow[S.insert_rank(l - s - 1, Kp, k)];
        yrow[Kp] = acc;
      }
    }
    std::swap(X, Y);
  }
  return X;
}

template <class T>
std::vector<T> hessian_apply_sym(const SymIndex& S, const LiftedHessianFactors<T>& F,
                                 const std::vector<T>& t) {
  std::vector<T> out = sym_kron_power_apply(S, F.K, t);
  const std::vector<T> g = sym_kron_power_apply(S, F.G, t), b = sym_kron_power_apply(S, F.B, t);
  for (std::size_t a = 0; a < out.size(); ++a) out[a] = 2 * out[a] + g[a] - b[a];
  return out;
}

template <class T>
T sym_dot_rank1(const SymIndex& S, const std::vector<T>& w, const std::vector<T>& t, const Vec<T>& v) {
  T acc = 0;
  for (std::size_t a = 0; a < S.dim(); ++a) {
    T p = w[a] * t[a];
    for (int k : S.tuple(a)) p *= v(k);
    acc += p;
  }
  return acc;
}

template <class T>
DenseTensor<T> sym_to_dense(const SymIndex& S, const std::vector<T>& t) {
  DenseTensor<T> d(S.N(), S.order());
  std::vector<int> idx(static_cast<std::size_t>(S.order()));
  for (std::size_t f = 0; f < d.size(); ++f) {
    std::size_t q = f;
    for (auto& e : idx) {
      e = static_cast<int>(q % static_cast<std::size_t>(S.N()));
      q /= static_cast<std::size_t>(S.N());
    }
    std::vector<int> s = idx;
    std::sort(s.begin(), s.end());
    d.data[f] = t[S.rank(s)];
  }
  return d;
}

template <class T>
std::vector<T> dense_to_sym(const SymIndex& S, const DenseTensor<T>& t) {
  std::vector<T> out(S.dim());
  for (std::size_t a = 0; a < S.dim(); ++a) {
    std::size_t f = 0, mul = 1;
    for (int k : S.tuple(a)) {
      f += static_cast<std::size_t>(k) * mul;
      mul *= static_cast<std::size_t>(S.N());
    }
    out[a] = t.data[f];
  }
  return out;
}

namespace detail {

// Smallest eigenvalue of the symmetric C (3x3 in the basis x_p^{⊗l}) relative
// to the Gram matrix Gm, on the span that is actually there; returns rank.
template <class T>
T restricted_min(const Mat<T>& C, const Mat<T>& Gm, int& rank) {
  using std::sqrt;
  Eigen::SelfAdjointEigenSolver<Mat<T>> es(Gm);
  const T top = es.eigenvalues().maxCoeff();
  const T tol = sqrt(epsilon<T>()) * top;
  std::vector<int> keep;
  for (int i = 0; i < Gm.rows(); ++i)
    if (es.eigenvalues()(i) > tol) keep.push_back(i);
  rank = static_cast<int>(keep.size());
  Mat<T> Q(Gm.rows(), rank);
  for (int k = 0; k < rank; ++k)
    Q.col(k) = es.eigenvectors().col(keep[static_cast<std::size_t>(k)]) /
               sqrt(es.eigenvalues()(keep[static_cast<std::size_t>(k)]));
  Mat<T> R = Q.transpose() * C * Q;
  R = (R + R.transpose()) / T(2);
  Eigen::SelfAdjointEigenSolver<Mat<T>> er(R, Eigen::EigenvaluesOnly);
  return er.eigenvalues()(0);
}

template <class T>
T weighted_dot(const std::vector<T>& w, const std::vector<T>& a, const std::vector<T>& b) {
  T acc = 0;
  for (std::size_t i = 0; i < a.size(); ++i) acc += w[i] * a[i] * b[i];
  return acc;
}

// Explicitly restarted Lanczos keeps one vector across restarts, so a
// cluster of eigenvalues near the smallest one (r >= 2: the lifted Hessian has
// many exact zeros and near-degenerate negative pairs, docs/rank-r.md) can
// exhaust the restarts: es_r3 at l = 3 (dim 1140) stopped at residual 1e-4
// after 9801 products. Retry once with a Krylov basis of min(dim, 2000)
// vectors (the whole space when dim <= 2000: Ritz values are then exact up to
// round-off), when its dim x basis doubles fit the memory budget. A converged
// first result is never touched.
inline void lanczos_retry_larger_basis(const ApplyFn& apply, std::size_t dim, LanczosOptions lo,
                                       std::size_t mem_budget, LanczosResult& lr, int& applications) {
  if (lr.converged) return;
  const std::size_t basis = std::min<std::size_t>(dim, 2000);
  if (basis <= static_cast<std::size_t>(lo.max_basis)) return;
  const long double bytes = static_cast<long double>(dim) * static_cast<long double>(basis + 8) * sizeof(double);
  if (bytes > static_cast<long double>(effective_memory_budget(mem_budget))) return;
  lo.max_basis = static_cast<int>(basis);
  lo.max_restarts = 4;
  const LanczosResult again = lanczos_extreme(apply, static_cast<int>(dim), lo);
  applications += again.applications;
  const int before = lr.applications;
  if (again.converged || again.residual < lr.residual) {
    lr = again;
    lr.applications += before;
  }
}

}  // namespace detail

template <class T>
LandscapeResult<T> lifted_landscape(const SensingProblem<T>& P, const SodIngredients<T>& ing,
                                    int l, const LandscapeOptions& opt) {
  using std::abs;
  using std::sqrt;
  if (l < 1) throw input_error("--l must be >= 1 (got " + std::to_string(l) + ")");
  const Mat<T>& X = ing.Xhat;
  const int n = P.n(), r = static_cast<int>(X.cols()), N = n * r;
  const long double bytes =
      landscape_sym_bytes(N, l, sizeof(T), opt.lanczos_max_basis, opt.dense_max_dim);
  require_memory(bytes, opt.mem_budget,
                 "the lifted Hessian on the symmetric tensors of order " + std::to_string(l) +
                     " over R^" + std::to_string(N),
                 "lower --l");
  LandscapeResult<T> R;
  R.l = l;
  R.full_dim = std::pow(static_cast<long double>(N), l);
  const LiftedHessianFactors<T> F = lifted_hessian_factors(P, X, l);
  const SymIndex S(N, l);
  R.sym_dim = S.dim();
  const std::vector<T> w = sym_weights<T>(S);
  const std::size_t d = S.dim();

  // --- Smallest eigenvalue on the symmetric tensors, eigenvector y (unit).
  std::vector<T> y(d);
  if (static_cast<long double>(d) <= opt.dense_max_dim) {
    // Dense in T: columns D^{1/2} H D^{-1/2} e_a (orthonormal coordinates).
    Mat<T> H(d, d);
    std::vector<T> sw(d), e(d, T(0));
    for (std::size_t a = 0; a < d; ++a) sw[a] = sqrt(w[a]);
    for (std::size_t a = 0; a < d; ++a) {
      std::fill(e.begin(), e.end(), T(0));
      e[a] = 1 / sw[a];
      const std::vector<T> h = hessian_apply_sym(S, F, e);
      for (std::size_t c = 0; c < d; ++c) H(c, a) = sw[c] * h[c];
      ++R.applications;
    }
    H = (H + H.transpose()) / T(2);
    Eigen::SelfAdjointEigenSolver<Mat<T>> es(H);
    for (std::size_t a = 0; a < d; ++a) y[a] = es.eigenvectors()(a, 0) / sw[a];
    R.scale = es.eigenvalues().cwiseAbs().maxCoeff();
    R.method_sym = "dense eigensolver in " + std::string(scalar_name<T>::value) +
                   " on the symmetric tensors (dim " + std::to_string(d) + ")";
  } else {
    const LiftedHessianFactors<double> Fd{F.n, F.r, F.l, cast_matrix<double>(F.K),
                                          cast_matrix<double>(F.G), cast_matrix<double>(F.B)};
    const std::vector<double> wd = sym_weights<double>(S);
    std::vector<double> sw(d);
    for (std::size_t a = 0; a < d; ++a) sw[a] = std::sqrt(wd[a]);
    // Normalise by an upper bound of ||H|| so that the relative tolerance is
    // relative to the operator (the eigenvalues of interest can be tiny).
    auto spec = [](const Eigen::MatrixXd& M) {
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(M, Eigen::EigenvaluesOnly);
      return es.eigenvalues().cwiseAbs().maxCoeff();
    };
    const double bound = 2 * std::pow(spec(Fd.K), l) + std::pow(spec(Fd.G), l) +
                         std::pow(spec(Fd.B), l);
    const double sc = bound > 0 ? bound : 1.0;
    std::vector<double> in(d);
    ApplyFn apply = [&](const Eigen::VectorXd& v) {
      for (std::size_t a = 0; a < d; ++a) in[a] = v(static_cast<Eigen::Index>(a)) / sw[a];
      const std::vector<double> h = hessian_apply_sym(S, Fd, in);
      Eigen::VectorXd out(static_cast<Eigen::Index>(d));
      for (std::size_t a = 0; a < d; ++a) out(static_cast<Eigen::Index>(a)) = sw[a] * h[a] / sc;
      return out;
    };
    LanczosOptions lo;
    lo.max_basis = opt.lanczos_max_basis;
    lo.max_restarts = opt.lanczos_max_restarts;
    lo.seed = opt.seed;
    lo.rel_tol = 1e-12;
    LanczosResult lr = lanczos_extreme(apply, static_cast<int>(d), lo);
    R.applications += lr.applications;
    detail::lanczos_retry_larger_basis(apply, d, lo, opt.mem_budget, lr, R.applications);
    R.converged_sym = lr.converged;
    R.scale = T(lr.scale * sc);
    for (std::size_t a = 0; a < d; ++a) y[a] = T(lr.vector(static_cast<Eigen::Index>(a)) / sw[a]);
    R.method_sym = "Lanczos in double on the symmetric tensors (dim " + std::to_string(d) +
                   ", " + std::to_string(lr.applications) + " products" +
                   (lr.converged ? "" : ", NOT converged") + "), confirmed in " +
                   scalar_name<T>::value;
  }
  // Confirmation in T: normalise, Rayleigh quotient, residual.
  {
    const T nrm = sqrt(detail::weighted_dot(w, y, y));
    for (auto& e : y) e /= nrm;
    const std::vector<T> Hy = hessian_apply_sym(S, F, y);
    ++R.applications;
    R.lambda_min_sym = detail::weighted_dot(w, y, Hy);
    std::vector<T> res(d);
    for (std::size_t a = 0; a < d; ++a) res[a] = Hy[a] - R.lambda_min_sym * y[a];
    R.residual_sym = sqrt(detail::weighted_dot(w, res, res));
  }
  R.saddle = R.lambda_min_sym < 0;
  R.decided = abs(R.lambda_min_sym) > R.residual_sym;
  R.y_min_sym = y;
  if (static_cast<long double>(d) > opt.dense_max_dim && opt.inertia_max_dim > 0 &&
      static_cast<long double>(d) <= opt.inertia_max_dim) {
    // Independent of Lanczos: the explicit d x d matrix D^{1/2} H D^{-1/2}
    // (orthonormal coordinates, symmetric) in double, and Sylvester's inertia
    // from a pivoted LDL^T. Guarded by the memory budget (8 d^2 bytes).
    require_memory(static_cast<long double>(d) * d * sizeof(double) * 2, opt.mem_budget,
                   "the explicit symmetric-basis Hessian (dim " + std::to_string(d) + ") for the inertia check",
                   "lower --inertia-max-dim");
    const LiftedHessianFactors<double> Fd{F.n, F.r, F.l, cast_matrix<double>(F.K),
                                          cast_matrix<double>(F.G), cast_matrix<double>(F.B)};
    const std::vector<double> wd = sym_weights<double>(S);
    std::vector<double> sw(d), e(d, 0.0);
    for (std::size_t a = 0; a < d; ++a) sw[a] = std::sqrt(wd[a]);
    Eigen::MatrixXd H(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(d));
    for (std::size_t a = 0; a < d; ++a) {
      std::fill(e.begin(), e.end(), 0.0);
      e[a] = 1 / sw[a];
      const std::vector<double> h = hessian_apply_sym(S, Fd, e);
      for (std::size_t c = 0; c < d; ++c)
        H(static_cast<Eigen::Index>(c), static_cast<Eigen::Index>(a)) = sw[c] * h[c];
      ++R.applications;
    }
    H = (H + H.transpose()).eval() / 2.0;
    const double hn = H.cwiseAbs().rowwise().sum().maxCoeff();  // ||H||_inf >= ||H||_2
    const Eigen::LDLT<Eigen::MatrixXd> ldlt(H);
    const Eigen::VectorXd piv = ldlt.vectorD();
    R.inertia_negative = 0;
    R.inertia_zero = 0;
    for (Eigen::Index i = 0; i < piv.size(); ++i) {
      if (std::abs(piv(i)) <= 1e-12 * hn)
        ++R.inertia_zero;
      else if (piv(i) < 0)
        ++R.inertia_negative;
    }
    R.inertia_computed = true;
    R.inertia_agrees = (R.inertia_negative > 0) == R.saddle && R.inertia_zero == 0;
    R.method_sym += "; sign " + std::string(R.inertia_agrees ? "confirmed" : "NOT confirmed") +
                    " by LDL^T inertia of the explicit matrix in double (" +
                    std::to_string(R.inertia_negative) + " negative, " +
                    std::to_string(R.inertia_zero) + " zero pivots)";
  }

  // --- Along b = v^{⊗l}, v = vec(u_n q_r^T) (unit).
  Mat<T> UQ = ing.u_n * ing.q_r.transpose();
  const Vec<T> vb = Eigen::Map<const Vec<T>>(UQ.data(), N);
  const Vec<T> xa = Eigen::Map<const Vec<T>>(X.data(), N);
  Mat<T> EX = ing.E * X;
  const Vec<T> xc = Eigen::Map<const Vec<T>>(EX.data(), N);
  {
    std::vector<T> bt(d);
    for (std::size_t a = 0; a < d; ++a) {
      T p = 1;
      for (int k : S.tuple(a)) p *= vb(k);
      bt[a] = p;
    }
    const std::vector<T> Hb = hessian_apply_sym(S, F, bt);
    ++R.applications;
    R.rayleigh_b = detail::weighted_dot(w, bt, Hb) / detail::weighted_dot(w, bt, bt);
    const T vKv = vb.dot(F.K * vb), uGu = ing.u_n.dot(P.adjoint(P.measure_outer(X, X)) * ing.u_n),
            uBu = ing.u_n.dot(P.adjoint(P.b()) * ing.u_n);
    const T vv = vb.squaredNorm();
    R.rayleigh_b_printed = (2 * detail::ipow_t(vKv, l) + detail::ipow_t(uGu, l) -
                            detail::ipow_t(uBu, l)) / detail::ipow_t(vv, l);
    R.cos_min_b = abs(sym_dot_rank1(S, w, y, vb)) / detail::ipow_t(sqrt(vv), l);
  }
  // --- S = span{a, b, c}.
  {
    const std::vector<Vec<T>> xs{xa, vb, xc};
    Mat<T> Gm(3, 3), C(3, 3);
    Vec<T> c(3);
    for (int p = 0; p < 3; ++p) {
      c(p) = sym_dot_rank1(S, w, y, xs[static_cast<std::size_t>(p)]);
      for (int q = 0; q < 3; ++q) {
        const Vec<T>& xp = xs[static_cast<std::size_t>(p)];
        const Vec<T>& xq = xs[static_cast<std::size_t>(q)];
        Gm(p, q) = detail::ipow_t(xp.dot(xq), l);
        C(p, q) = 2 * detail::ipow_t(xp.dot(F.K * xq), l) + detail::ipow_t(xp.dot(F.G * xq), l) -
                  detail::ipow_t(xp.dot(F.B * xq), l);
      }
    }
    Gm = (Gm + Gm.transpose()) / T(2);
    C = (C + C.transpose()) / T(2);
    int rank = 0;
    R.lambda_min_S = detail::restricted_min(C, Gm, rank);
    R.S_rank = rank;
    // ||P_S y||^2 = c^T Gm^+ c on the kept span.
    Eigen::SelfAdjointEigenSolver<Mat<T>> es(Gm);
    const T top = es.eigenvalues().maxCoeff();
    T p2 = 0;
    for (int i = 0; i < 3; ++i)
      if (es.eigenvalues()(i) > sqrt(epsilon<T>()) * top) {
        const T z = es.eigenvectors().col(i).dot(c);
        p2 += z * z / es.eigenvalues()(i);
      }
    R.proj_min_S = sqrt(p2);
  }

  // --- The full space (R^N)^{⊗l}, where the guard allows.
  if (opt.full_max_dim == 0 || R.full_dim > static_cast<long double>(opt.full_max_dim)) {
    R.full_note = "N^l = " + std::to_string(static_cast<double>(R.full_dim)) +
                  " exceeds the full-space limit " + std::to_string(opt.full_max_dim);
  } else {
    const std::size_t D = tensor_entries(N, l);
    const long double fb = static_cast<long double>(D) *
                           ((opt.lanczos_max_basis + 8) * sizeof(double) + 6 * sizeof(T));
    if (fb > static_cast<long double>(effective_memory_budget(opt.mem_budget))) {
      R.full_note = "the full space needs about " + format_bytes(fb) + ", beyond the memory budget";
    } else {
      const LiftedHessianFactors<double> Fd{F.n, F.r, F.l, cast_matrix<double>(F.K),
                                            cast_matrix<double>(F.G), cast_matrix<double>(F.B)};
      const double sc = std::max(1e-300, static_cast<double>(to_double(R.scale)));
      DenseTensor<double> in(N, l);
      ApplyFn apply = [&](const Eigen::VectorXd& v) {
        for (std::size_t a = 0; a < D; ++a) in.data[a] = v(static_cast<Eigen::Index>(a));
        const DenseTensor<double> h = hessian_apply_full(Fd, in);
        Eigen::VectorXd out(static_cast<Eigen::Index>(D));
        for (std::size_t a = 0; a < D; ++a) out(static_cast<Eigen::Index>(a)) = h.data[a] / sc;
        return out;
      };
      LanczosOptions lo;
      lo.max_basis = opt.lanczos_max_basis;
      lo.max_restarts = opt.lanczos_max_restarts;
      lo.seed = opt.seed + 1;
      lo.rel_tol = 1e-12;
      LanczosResult lr = lanczos_extreme(apply, static_cast<int>(D), lo);
      R.applications += lr.applications;
      detail::lanczos_retry_larger_basis(apply, D, lo, opt.mem_budget, lr, R.applications);
      DenseTensor<T> yt(N, l);
      for (std::size_t a = 0; a < D; ++a) yt.data[a] = T(lr.vector(static_cast<Eigen::Index>(a)));
      const T nrm = norm(yt);
      for (auto& e : yt.data) e /= nrm;
      const DenseTensor<T> Hy = hessian_apply_full(F, yt);
      R.lambda_min_full = inner(yt, Hy);
      DenseTensor<T> res = Hy;
      axpy(-R.lambda_min_full, yt, res);
      R.residual_full = norm(res);
      R.full_computed = true;
      R.full_note = std::string("Lanczos in double on (R^N)^{(x)l} (dim ") + std::to_string(D) +
                    (lr.converged ? "" : ", NOT converged") + "), confirmed in " +
                    scalar_name<T>::value;
    }
  }
  return R;
}

template <class T>
SaddleTheorem<T> saddle_theorem(const SensingProblem<T>& P, const SodIngredients<T>& ing) {
  using std::log2;
  SaddleTheorem<T> S;
  const IsometryBound<T> ib = isometry_bound(P);
  S.delta = ib.delta;
  S.delta_method = ib.method;
  S.L_s = 1 + ib.delta;
  S.alpha_s = 1 - ib.delta;
  S.trace_Mstar = P.M_star().trace();
  S.sigma_r_XX = ing.sigma_r * ing.sigma_r;
  S.dist2 = (P.M_star() - ing.Xhat * ing.Xhat.transpose()).squaredNorm();
  if (S.alpha_s > 0) {
    S.beta = S.L_s * S.trace_Mstar * S.sigma_r_XX / (S.alpha_s * S.dist2);
    S.holds27 = S.beta <= 1;
    S.bound_finite = S.beta < 1;
    if (S.bound_finite) {
      S.bound28 = 1 / (1 - log2(2 * S.beta));
      const double bd = to_double(S.bound28);
      if (bd < 1e9) {
        int l = std::max(1, static_cast<int>(std::floor(bd)) + 1);  // smallest integer > bd (bd >= 1)
        if (!(T(l) > S.bound28)) ++l;
        if (l % 2 == 0) ++l;
        S.smallest_odd_l28 = l;
      }
    }
  } else {
    S.beta = std::numeric_limits<T>::infinity();
  }
  return S;
}

}  // namespace sodlift::lifted
