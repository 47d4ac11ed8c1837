// Restarted Lanczos with full reorthogonalisation (lanczos.hpp).
#include "sodlift/support/lanczos.hpp"

#include <Eigen/Eigenvalues>
#include <cmath>
#include <random>

#include "sodlift/support/errors.hpp"

namespace sodlift {

namespace {

void orthogonalise(Eigen::VectorXd& v, const Eigen::MatrixXd& Q, int cols,
                   const Eigen::MatrixXd& D) {
  // Two passes of classical Gram-Schmidt ("twice is enough").
  for (int pass = 0; pass < 2; ++pass) {
    if (D.cols() > 0) v -= D * (D.transpose() * v);
    if (cols > 0) v -= Q.leftCols(cols) * (Q.leftCols(cols).transpose() * v);
  }
}

}  // namespace

LanczosResult lanczos_extreme(const ApplyFn& apply, int dim, const LanczosOptions& opt,
                              const Eigen::MatrixXd& deflate) {
  if (dim < 1) throw input_error("lanczos: dimension must be >= 1");
  const int free_dim = dim - static_cast<int>(deflate.cols());
  if (free_dim < 1) throw input_error("lanczos: the deflated space leaves no direction");
  const int kmax = std::max(1, std::min(opt.max_basis, free_dim));
  std::mt19937_64 eng(opt.seed);
  std::uniform_real_distribution<double> U(-1.0, 1.0);  // only the start vector; any law works
  Eigen::VectorXd v(dim);
  for (int i = 0; i < dim; ++i) v(i) = U(eng);
  Eigen::MatrixXd none;
  orthogonalise(v, none, 0, deflate);
  v.normalize();

  LanczosResult out;
  Eigen::MatrixXd Q(dim, kmax);
  for (int restart = 0; restart <= opt.max_restarts; ++restart) {
    Eigen::VectorXd alpha(kmax), beta(kmax);
    int m = 0;
    Q.col(0) = v;
    while (true) {
      Eigen::VectorXd w = apply(Q.col(m));
      ++out.applications;
      alpha(m) = Q.col(m).dot(w);
      orthogonalise(w, Q, m + 1, deflate);
      beta(m) = w.norm();
      ++m;
      if (m == kmax) break;
      // An invariant subspace was found: its Ritz values are exact.
      if (!(beta(m - 1) > 1e-14 * std::max(1.0, std::abs(alpha(m - 1))))) break;
      Q.col(m) = w / beta(m - 1);
    }
    Eigen::MatrixXd Tm = Eigen::MatrixXd::Zero(m, m);
    for (int i = 0; i < m; ++i) {
      Tm(i, i) = alpha(i);
      if (i + 1 < m) Tm(i, i + 1) = Tm(i + 1, i) = beta(i);
    }
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(Tm);
    const int pick = opt.smallest ? 0 : m - 1;
    out.value = es.eigenvalues()(pick);
    out.scale = std::max(out.scale, es.eigenvalues().cwiseAbs().maxCoeff());
    Eigen::VectorXd y = Q.leftCols(m) * es.eigenvectors().col(pick);
    y.normalize();
    // Explicit residual (one more application): the only bound we trust.
    Eigen::VectorXd Ay = apply(y);
    ++out.applications;
    Eigen::VectorXd r = Ay - out.value * y;
    if (deflate.cols() > 0) r -= deflate * (deflate.transpose() * r);
    out.residual = r.norm();
    out.vector = y;
    const double tol = opt.rel_tol * std::max(out.scale, 1.0);
    if (out.residual <= tol) {
      out.converged = true;
      return out;
    }
    v = y;
  }
  out.converged = false;
  return out;
}

}  // namespace sodlift
