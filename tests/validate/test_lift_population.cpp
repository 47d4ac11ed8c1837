// The lifted landscape on the fig10 population (validate/src/lift_population.cpp,
// claims lift-saddle-pmc, lift-escape-b-pmc, lift-vs-S-pmc), quick grid.
// Reference built here, independently of lifted/hessian: at l = 3 (n = 10,
// 1000 x 1000) the dense Hessian 2 K^{⊗3} + G^{⊗3} - B^{⊗3} from explicit
// Kronecker products of K, G, B, which are assembled here from the entry list
// (A = w (e_i e_j^T + e_j e_i^T)/2, checked against P.b() = A(M*)), and its
// smallest eigenvalue by Eigen's dense solver, on all of R^{1000} and on the
// symmetric tensors (projector onto symmetric tensors applied densely).
#include <catch2/catch.hpp>

#include <Eigen/Eigenvalues>

#include "sodlift/core/instances.hpp"
#include "sodlift/experiments/methods.hpp"
#include "sodlift/study/fig10.hpp"
#include "sodlift/study/seeds.hpp"
#include "sodlift/study/study.hpp"
#include "sodlift/validate/build_info.hpp"
#include "sodlift/validate/experiments.hpp"
#include "sodlift/validate/lift_population.hpp"

using namespace sodlift;
using namespace sodlift::validate;

namespace {
Eigen::MatrixXd kron(const Eigen::MatrixXd& A, const Eigen::MatrixXd& B) {
  Eigen::MatrixXd R(A.rows() * B.rows(), A.cols() * B.cols());
  for (Eigen::Index i = 0; i < A.rows(); ++i)
    for (Eigen::Index j = 0; j < A.cols(); ++j) R.block(i * B.rows(), j * B.cols(), B.rows(), B.cols()) = A(i, j) * B;
  return R;
}
}  // namespace

TEST_CASE("lift-*-pmc: the quick population's l = 3 eigenvalues against a dense Kronecker Hessian",
          "[validate][lift]") {
  const LiftPopulation& p = lift_population(false);
  REQUIRE(p.grid.reduced);
  REQUIRE(p.trials == 6);
  REQUIRE(!p.minima.empty());
  const LiftMinimum& M = p.minima.front();
  REQUIRE(M.levels.size() >= 3);
  // The point again, from the fig10 study's seed (the population records it).
  const auto* type = study::find_study_type("fig10");
  const auto spec = study::make_spec(*type, {{"n", kFig10QuickN}, {"eps", kFig10QuickEps}}, sodlift_version());
  CHECK(M.seed == study::trial_seed(spec.hash_value(), M.configuration, M.trial));
  InstanceSpec s;
  s.name = "pmc";
  s.n = M.n;
  s.eps = M.eps;
  const auto I = make_instance<double>(s);
  const auto e = fig10_endpoint(I.problem, small_initialisation(M.n, 1, 0.01, M.seed), study::fig10_protocol(spec));
  REQUIRE(e.cp.kind == PointKind::spurious_local_min);
  const int n = M.n;
  const Eigen::VectorXd x = e.cp.X.col(0);
  Eigen::MatrixXd K = Eigen::MatrixXd::Zero(n, n), G = K, B = K;
  const Eigen::MatrixXd Ms = I.problem.M_star();
  const Eigen::MatrixXd XX = x * x.transpose();
  int k = 0;
  for (const auto& en : I.problem.entries()) {
    Eigen::MatrixXd A = Eigen::MatrixXd::Zero(n, n);
    A(en.i, en.j) += en.w / 2;
    A(en.j, en.i) += en.w / 2;
    CHECK(std::abs((A.cwiseProduct(Ms)).sum() - I.problem.b()(k)) <= 1e-12);
    const Eigen::VectorXd Ax = A * x;
    K += Ax * Ax.transpose();
    G += (A.cwiseProduct(XX)).sum() * A;
    B += I.problem.b()(k) * A;
    ++k;
  }
  auto pow3 = [&](const Eigen::MatrixXd& X) { return kron(kron(X, X), X); };
  const Eigen::MatrixXd H = 2 * pow3(K) + pow3(G) - pow3(B);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> es(H, Eigen::EigenvaluesOnly);
  const double full_min = es.eigenvalues()(0), scale = es.eigenvalues().cwiseAbs().maxCoeff();
  // Symmetric tensors: P = average of the 6 permutations of the 3 factors.
  const int D = n * n * n;
  Eigen::MatrixXd P = Eigen::MatrixXd::Zero(D, D);
  for (int a = 0; a < n; ++a)
    for (int b = 0; b < n; ++b)
      for (int c = 0; c < n; ++c) {
        const int perm[6][3] = {{a, b, c}, {a, c, b}, {b, a, c}, {b, c, a}, {c, a, b}, {c, b, a}};
        for (const auto& q : perm) P(a + n * (b + n * c), q[0] + n * (q[1] + n * q[2])) += 1.0 / 6;
      }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> ep(P);
  std::vector<Eigen::Index> keep;
  for (Eigen::Index i = 0; i < D; ++i)
    if (ep.eigenvalues()(i) > 0.5) keep.push_back(i);
  Eigen::MatrixXd Q(D, static_cast<Eigen::Index>(keep.size()));
  for (std::size_t i = 0; i < keep.size(); ++i) Q.col(static_cast<Eigen::Index>(i)) = ep.eigenvectors().col(keep[i]);
  REQUIRE(Q.cols() == 220);  // C(12, 3)
  Eigen::MatrixXd Hs = Q.transpose() * H * Q;
  Hs = (Hs + Hs.transpose()) / 2;
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> esym(Hs, Eigen::EigenvaluesOnly);
  const auto& R3 = M.levels[2];
  CHECK(R3.l == 3);
  CHECK(std::abs(R3.lambda_min_sym - esym.eigenvalues()(0)) <= 1e-10 * scale);
  REQUIRE(R3.full_computed);
  CHECK(std::abs(R3.lambda_min_full - full_min) <= 1e-10 * scale);
  // The claim's saddle decision follows the reference's sign.
  CHECK(lift_level_saddle(R3) == (full_min < 0));

  // The claims agree with the population they report.
  const ClaimResult sad = lift_population_saddle_claim("lift-saddle-pmc", false);
  REQUIRE(sad.population);
  CHECK(sad.population->reduced);
  bool any_saddle = false;
  for (const auto& m : p.minima)
    for (const auto& R : m.levels) any_saddle = any_saddle || (R.l % 2 == 1 && lift_level_saddle(R));
  const ClaimResult esc = lift_population_escape_b_claim("lift-escape-b-pmc", false);
  const ClaimResult vs = lift_population_vs_S_claim("lift-vs-S-pmc", false);
  if (!any_saddle) {
    CHECK(esc.verdict == Verdict::inconclusive);
    CHECK(vs.verdict == Verdict::inconclusive);
  }
}
