// Lifted GD from small initialisation, one trial (lifted_gd.hpp).
#include "sodlift/lifted/lifted_gd.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "sodlift/core/instances.hpp"
#include "sodlift/lifted/entry_sampling_lift.hpp"
#include "sodlift/lifted/rank1.hpp"
#include "sodlift/lifted/tensor.hpp"
#include "sodlift/support/errors.hpp"

namespace sodlift::lifted {

namespace {

Mat<double> perturbed_mc_mask(int n, double rho) {
  Mat<double> C = Mat<double>::Constant(n, n, rho);
  for (int i = 0; i < n; ++i) {
    C(i, i) = 1;
    for (int k = 1; 2 * k <= n; ++k) {  // 1-based column 2k = 0-based 2k-1
      C(i, 2 * k - 1) = 1;
      C(2 * k - 1, i) = 1;
    }
  }
  return C;
}

// Mean over the l! permutations of the modes.
DenseTensor<double> symmetrise(const DenseTensor<double>& w) {
  const int l = w.order;
  const std::size_t N = static_cast<std::size_t>(w.dim);
  std::vector<int> perm(static_cast<std::size_t>(l));
  std::iota(perm.begin(), perm.end(), 0);
  DenseTensor<double> s(w.dim, l);
  std::vector<std::size_t> idx(static_cast<std::size_t>(l)), stride(static_cast<std::size_t>(l));
  for (int p = 0; p < l; ++p) stride[static_cast<std::size_t>(p)] = p == 0 ? 1 : stride[p - 1] * N;
  std::size_t count = 0;
  do {
    ++count;
    for (std::size_t J = 0; J < w.size(); ++J) {
      std::size_t rest = J, K = 0;
      for (int p = 0; p < l; ++p) {
        idx[static_cast<std::size_t>(p)] = rest % N;
        rest /= N;
      }
      for (int p = 0; p < l; ++p)
        K += idx[static_cast<std::size_t>(perm[static_cast<std::size_t>(p)])] *
             stride[static_cast<std::size_t>(p)];
      s.data[J] += w.data[K];
    }
  } while (std::next_permutation(perm.begin(), perm.end()));
  for (double& x : s.data) x /= static_cast<double>(count);
  return s;
}

// P^{⊗l} w with P = I - u u^T (u unit): every mode in turn.
DenseTensor<double> deflate(const DenseTensor<double>& w, const Vec<double>& u) {
  const std::size_t N = static_cast<std::size_t>(w.dim);
  DenseTensor<double> cur = w;
  std::size_t stride = 1;
  for (int p = 0; p < w.order; ++p) {
    // entries J = a + stride (j + N b): fibre along mode p
    const std::size_t outer = cur.size() / (stride * N);
    for (std::size_t b = 0; b < outer; ++b)
      for (std::size_t a = 0; a < stride; ++a) {
        double dot = 0;
        for (std::size_t j = 0; j < N; ++j)
          dot += u(static_cast<Eigen::Index>(j)) * cur.data[a + stride * (j + N * b)];
        for (std::size_t j = 0; j < N; ++j)
          cur.data[a + stride * (j + N * b)] -= dot * u(static_cast<Eigen::Index>(j));
      }
    stride *= N;
  }
  return cur;
}

double matrix_distance(const Vec<double>& x, const Mat<double>& Mstar) {
  return (x * x.transpose() - Mstar).norm();
}

}  // namespace

VariationalEigen variational_eigenvalues(const DenseTensor<double>& w,
                                         const std::vector<Vec<double>>& starts, int iterations) {
  VariationalEigen k;
  const DenseTensor<double> s = symmetrise(w);
  DenseTensor<double> d = w;
  axpy(-1.0, s, d);
  const double wn = norm(w);
  k.asymmetry = wn > 0 ? norm(d) / wn : 0;
  if (!(norm(s) > 0)) return k;
  std::vector<std::pair<std::string, Vec<double>>> named;
  for (std::size_t i = 0; i < starts.size(); ++i)
    if (starts[i].size() == s.dim) named.emplace_back("start" + std::to_string(i), starts[i]);
  const Rank1Result<double> r1 = best_rank1(s, s.dim, 1, named, iterations);
  k.lambda1 = r1.lambda;
  k.u1 = r1.v;
  // Deflation rounds differently in each mode: symmetrise again (else the
  // round-off residue of a rank-1 w is not symmetric relative to itself).
  const DenseTensor<double> sd = symmetrise(deflate(s, r1.v));
  if (norm(sd) > 0) {
    const Rank1Result<double> r2 = best_rank1(sd, s.dim, 1, {}, iterations);
    k.lambda2 = r2.lambda;
  }
  return k;
}

SensingProblem<double> perturbed_mc_problem(int n, double rho, bool ordered) {
  if (n < 2) throw input_error("perturbed MC: n = " + std::to_string(n) + " must be >= 2");
  if (!(std::isfinite(rho) && rho > 0))
    throw input_error("perturbed MC: rho must be finite and > 0");
  const Mat<double> C = perturbed_mc_mask(n, rho);
  std::vector<SampledEntry<double>> e;
  for (int i = 0; i < n; ++i)
    for (int j = ordered ? 0 : i; j < n; ++j) {
      const double w = (ordered || i == j) ? C(i, j) : std::sqrt(2.0) * C(i, j);
      e.push_back({i, j, w});
    }
  Mat<double> Z = Mat<double>::Zero(n, 1);
  for (int i = 0; i < n; i += 2) Z(i, 0) = 1;
  return SensingProblem<double>(n, e, Z);
}

void check_lifted_gd_options(int n, const LiftedGdOptions& o) {
  auto pos = [](double v, const char* name) {
    if (!(std::isfinite(v) && v > 0))
      throw input_error(std::string("lifted GD: ") + name + " = " + std::to_string(v) +
                        " must be finite and > 0");
  };
  if (n < 2) throw input_error("lifted GD: n = " + std::to_string(n) + " must be >= 2");
  if (o.l < 1 || o.l % 2 == 0)
    throw input_error("lifted GD: l = " + std::to_string(o.l) +
                      " must be odd and >= 1 (the rank-1 collapse needs an odd root)");
  pos(o.eps, "eps");
  pos(o.rho, "rho");
  pos(o.eta_lifted, "eta_lifted");
  pos(o.eta_plain, "eta_plain");
  pos(o.success_tol, "success_tol");
  if (o.steps < 0) throw input_error("lifted GD: steps must be >= 0");
  if (o.kappa_every < 1) throw input_error("lifted GD: kappa_every must be >= 1");
}

LiftedGdTrial run_lifted_gd_trial(int n, const LiftedGdOptions& o, std::uint64_t seed) {
  check_lifted_gd_options(n, o);
  const SensingProblem<double> P = perturbed_mc_problem(n, o.rho);
  const Mat<double>& Mstar = P.M_star();
  const Vec<double> z = P.Z().col(0);
  LiftedGdTrial out;

  // x0 = v1 + 0.01 g (Lemma 14 as coded).
  Eigen::SelfAdjointEigenSolver<Mat<double>> es(P.adjoint(P.b()));
  Vec<double> v1 = es.eigenvectors().col(n - 1);
  Eigen::Index imax = 0;
  v1.cwiseAbs().maxCoeff(&imax);
  if (v1(imax) < 0) v1 = -v1;
  NormalStream ns(seed);
  Vec<double> x0(n);
  for (int i = 0; i < n; ++i) x0(i) = v1(i) + 0.01 * ns.next();
  out.x0.assign(x0.data(), x0.data() + n);
  const Vec<double> x0u = x0 / x0.norm();

  // Lifted GD on h^l.
  const EntrySamplingLift<double> E(P, 1, o.l);
  DenseTensor<double> w = lift_vector(x0, o.l);
  for (double& x : w.data) x *= o.eps;
  Vec<double> prev;
  auto record_kappa = [&](int t, double h) {
    const VariationalEigen k = variational_eigenvalues(w, {x0u, prev}, o.rank1_iterations);
    prev = k.u1;
    KappaPoint p;
    p.t = t;
    p.h = h;
    p.norm = norm(w);
    p.lambda1 = k.lambda1;
    p.lambda2 = k.lambda2;
    p.kappa = k.lambda1 > 0 ? k.lambda2 / k.lambda1 : 0;
    out.asymmetry = std::max(out.asymmetry, k.asymmetry);
    if (!out.kappa.empty() && out.kappa.back().t == t) return;
    out.kappa.push_back(p);
  };
  ObjectiveGradient<double> og = E.objective_gradient(w);
  out.lifted_h0 = og.h;
  out.window_end = -1;
  int t = 0;
  for (;; ++t) {
    const double gn = norm(og.grad);
    const bool window_now = out.window_end < 0 && og.h <= out.lifted_h0 / 2;
    if (window_now) out.window_end = t;
    if (t % o.kappa_every == 0 || window_now) record_kappa(t, og.h);
    out.lifted_h = og.h;
    out.lifted_grad_norm = gn;
    const double wn = norm(w);
    if (!std::isfinite(og.h) || !std::isfinite(gn) || !(wn <= 1e8)) {
      out.lifted_diverged = true;
      break;
    }
    if (t >= o.steps || gn <= o.grad_tol) break;
    axpy(-o.eta_lifted, og.grad, w);
    og = E.objective_gradient(w);
  }
  out.lifted_steps = t;
  out.window_closed = out.window_end >= 0;
  if (!out.window_closed) out.window_end = t;
  if (!out.lifted_diverged) {
    record_kappa(t, og.h);
    // Rank-1 extraction of the final iterate (full SS-HOPM).
    const DenseTensor<double> s = symmetrise(w);
    const Rank1Result<double> r1 = best_rank1(s, n, 1, {{"x0", x0u}, {"last", prev}}, 20000);
    const Vec<double> x = r1.X.col(0);
    out.lifted_x.assign(x.data(), x.data() + n);
    out.lifted_rank1_residual = r1.residual;
    out.lifted_distance = matrix_distance(x, Mstar);
    out.lifted_success = out.lifted_distance <= o.success_tol;
  }
  for (const KappaPoint& p : out.kappa) {
    out.kappa_max_all = std::max(out.kappa_max_all, p.kappa);
    if (p.t <= out.window_end) out.kappa_max_window = std::max(out.kappa_max_window, p.kappa);
  }
  out.kappa_final = out.kappa.empty() ? 0 : out.kappa.back().kappa;

  // Plain GD on (P1) from the paired start X_0 = eps x0.
  Mat<double> X = o.eps * x0;
  int s = 0;
  for (;; ++s) {
    const Mat<double> G = P.grad_h(X);
    out.plain_grad_norm = G.norm();
    out.plain_h = P.h(X);
    if (!std::isfinite(out.plain_h) || !(X.norm() <= 1e8)) {
      out.plain_diverged = true;
      break;
    }
    if (s >= o.steps || out.plain_grad_norm <= o.grad_tol) break;
    X -= o.eta_plain * G;
  }
  out.plain_steps = s;
  if (!out.plain_diverged) {
    const Vec<double> x = X.col(0);
    out.plain_x.assign(x.data(), x.data() + n);
    out.plain_distance = matrix_distance(x, Mstar);
    out.plain_vec_distance = std::min((x - z).norm(), (x + z).norm());
    out.plain_success = out.plain_distance <= o.success_tol;
  }
  return out;
}

}  // namespace sodlift::lifted
