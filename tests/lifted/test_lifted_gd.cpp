// Lifted GD from small initialisation (issue 21 item 3): the operator against
// a literal transcription of the authors' perturbed_mc.py mask, the unordered
// (sqrt 2) representation against their n^2 ordered one, the variational
// eigenvalues on tensors whose values are known in closed form, and one trial's
// determinism.
#include <catch2/catch.hpp>

#include <Eigen/QR>
#include <cmath>

#include "lifted_test_util.hpp"
#include "sodlift/lifted/entry_sampling_lift.hpp"
#include "sodlift/lifted/lifted_gd.hpp"
#include "sodlift/support/errors.hpp"

using namespace sodlift;
using namespace sodlift::lifted;

TEST_CASE("perturbed MC: mask and M* as in the authors' perturbed_mc.py", "[lifted][lifted_gd]") {
  for (int n : {5, 8}) {
    // Their code, 0-based: z[2k] = 1 for k < ceil(n/2); mask = eps everywhere,
    // mask[i,i] = 1, mask[i,2k-1] = mask[2k-1,i] = 1 for k = 1..floor(n/2).
    Mat<double> mask = Mat<double>::Constant(n, n, 0.01);
    Vec<double> z = Vec<double>::Zero(n);
    for (int k = 0; k < (n + 1) / 2; ++k) z(2 * k) = 1;
    for (int i = 0; i < n; ++i) {
      mask(i, i) = 1;
      for (int k = 1; k <= n / 2; ++k) mask(i, 2 * k - 1) = mask(2 * k - 1, i) = 1;
    }
    const SensingProblem<double> P = perturbed_mc_problem(n, 0.01, true);
    CHECK(P.m() == n * n);
    CHECK((P.M_star() - z * z.transpose()).norm() == 0);
    // <A_(i,j), M> = mask_ij M_ij on symmetric M: measure E_ij + E_ji.
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        const auto& e = P.entries()[static_cast<std::size_t>(i * n + j)];
        CHECK(e.i == i);
        CHECK(e.j == j);
        CHECK(e.w == mask(i, j));
      }
    // A*A(M) = mask∘mask∘M (their A^T A) on a symmetric M.
    Mat<double> M = sodlift::test::random_matrix<double>(n, n, 3);
    M = (M + M.transpose()).eval();
    const Mat<double> ref = mask.cwiseProduct(mask).cwiseProduct(M);
    CHECK((P.gram_apply(M) - ref).norm() <= 1e-13 * ref.norm());
  }
}

TEST_CASE("perturbed MC: the sqrt(2) unordered operator is their ordered one, lifted too",
          "[lifted][lifted_gd]") {
  const int n = 4;
  const SensingProblem<double> Po = perturbed_mc_problem(n, 0.01, true);
  const SensingProblem<double> Pu = perturbed_mc_problem(n, 0.01, false);
  CHECK(Pu.m() == n * (n + 1) / 2);
  const Mat<double> X = sodlift::test::random_matrix<double>(n, 1, 5);
  CHECK(std::abs(Po.h(X) - Pu.h(X)) <= 1e-13 * Po.h(X));
  CHECK((Po.grad_h(X) - Pu.grad_h(X)).norm() <= 1e-13 * Po.grad_h(X).norm());
  for (int l : {1, 3}) {
    EntrySamplingLift<double> Eo(Po, 1, l), Eu(Pu, 1, l);
    const DenseTensor<double> w = sodlift::test::random_tensor<double>(n, l, 11 + l);
    const auto go = Eo.objective_gradient(w), gu = Eu.objective_gradient(w);
    INFO("l=" << l);
    CHECK(std::abs(go.h - gu.h) <= 1e-12 * go.h);
    CHECK(max_abs_diff(go.grad, gu.grad) <= 1e-12 * norm(go.grad));
  }
}

TEST_CASE("variational eigenvalues of orthogonally decomposable tensors", "[lifted][lifted_gd]") {
  // w = 2 u^{⊗3} + 0.5 v^{⊗3} - 0.25 q^{⊗3} with u, v, q orthonormal:
  // max_{|x|=1} <w, x^{⊗3}> = max(2a^3 + 0.5b^3 - 0.25c^3) = 2 at x = u;
  // on u^⊥ the maximum is max(0.5, 0.25) = 0.5 (q enters with -q): kappa 0.25.
  const int n = 4;
  Mat<double> Q = sodlift::test::random_matrix<double>(n, n, 21).householderQr().householderQ();
  const Vec<double> u = Q.col(0), v = Q.col(1), q = Q.col(2);
  DenseTensor<double> w = lift_vector(u, 3);
  for (double& x : w.data) x *= 2;
  axpy(0.5, lift_vector(v, 3), w);
  axpy(-0.25, lift_vector(q, 3), w);
  const VariationalEigen k = variational_eigenvalues(w, {}, 2000);
  CHECK(std::abs(k.lambda1 - 2) <= 1e-10);
  CHECK(std::abs(k.lambda2 - 0.5) <= 1e-10);
  CHECK(std::abs(std::abs(k.u1.dot(u)) - 1) <= 1e-10);
  CHECK(k.asymmetry <= 1e-15);
  // A rank-1 tensor: lambda2 = 0.
  const VariationalEigen k1 = variational_eigenvalues(lift_vector(u, 3), {}, 2000);
  CHECK(std::abs(k1.lambda1 - 1) <= 1e-12);
  CHECK(std::abs(k1.lambda2) <= 1e-12);
}

TEST_CASE("one lifted-GD trial is a pure function of its seed", "[lifted][lifted_gd]") {
  LiftedGdOptions o;
  o.steps = 200;
  o.kappa_every = 50;
  const LiftedGdTrial a = run_lifted_gd_trial(5, o, 42), b = run_lifted_gd_trial(5, o, 42);
  const LiftedGdTrial c = run_lifted_gd_trial(5, o, 43);
  CHECK(a.x0 == b.x0);
  CHECK(a.lifted_distance == b.lifted_distance);
  CHECK(a.plain_distance == b.plain_distance);
  CHECK(a.x0 != c.x0);
  CHECK(a.kappa.size() >= 5);
  CHECK(a.kappa.front().t == 0);
  // At t = 0, w_0 = eps x0^{⊗3} is rank-1: kappa = 0, lambda1 = eps |x0|^3.
  double x0n = 0;
  for (double x : a.x0) x0n += x * x;
  x0n = std::sqrt(x0n);
  CHECK(std::abs(a.kappa.front().lambda1 - o.eps * x0n * x0n * x0n) <= 1e-12 * o.eps);
  CHECK(a.kappa.front().kappa <= 1e-8);
  CHECK(a.lifted_h0 > 0);
  CHECK(a.asymmetry <= 1e-10);
  LiftedGdOptions bad = o;
  bad.l = 2;
  CHECK_THROWS_AS(run_lifted_gd_trial(5, bad, 1), input_error);
  bad = o;
  bad.eps = -1;
  CHECK_THROWS_AS(run_lifted_gd_trial(5, bad, 1), input_error);
}
