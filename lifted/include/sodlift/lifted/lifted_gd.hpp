// Lifted GD from small initialisation: the protocol of ONE trial (issue 21
// item 3; Ma, Lavaei and Sojoudi, NeurIPS 2023, arXiv:2310.15549, Thm 1,
// Lemma 14, §6 Fig. 1; their public JAX code anonpapersbm/implicit_bias_tensor,
// perturbed_mc.py, infra.py, optimizers.py). Double precision (the study runs
// it at n = 5..10, l = 3). It lives in lifted/ because it needs the explicit
// lifted tensors (experiments/ may not include lifted/, README "Architecture").
//
// OPERATOR (perturbed matrix completion, their perturbed_mc.py; 1-based here,
// 0-based in their code): z = (1,0,1,0,...) (ones at the odd 1-based
// positions), M* = z z^T, rank 1. Mask C (n x n, symmetric): C_ii = 1; C_{i,2k}
// = C_{2k,i} = 1 for 2k <= n; every other entry rho (0.01). Their operator has
// the n^2 ORDERED measurements A_(i,j) = C_ij (e_i e_j^T + e_j e_i^T)/2, so
// A_(i,j) = A_(j,i) for i != j. We store the n(n+1)/2 UNORDERED ones,
// weight C_ii on the diagonal and sqrt(2) C_ij off it: a duplicated
// measurement and one of weight sqrt(2) give the same objective, gradient and
// Hessian, in (P1) and in every lifting (each mode of a lifted term carries a
// factor 2 = sqrt(2)^2 for its two copies), so the problem is theirs exactly,
// with (n(n+1)/2)^l instead of n^{2l} lifted measurements.
// (tests/lifted/test_lifted_gd.cpp checks the equivalence on the lifted
// gradient.) A*A(M) = C∘C∘M for symmetric M.
//
// SCALING (SPEC §1, §8). (P1) here: h(X) = 1/2 ||A(XX^T) - b||^2, grad
// 2 A*(A(XX^T) - b) X. Lifted: h^l(w) = 1/4 ||y(w) - b^{⊗l}||^2, gradient
// sum_I R_I K_I w. The paper prints f^l without a factor (its Hessians and
// gradients are 4x ours there); their CODE uses 1/4 for both the lifted and the
// unlifted loss (infra.py loss_fnc: 0.25*(...); get_grad = Awww - Azzw, our
// lifted gradient exactly). Step sizes converted to our scaling:
//   lifted:   their lr = 0.02 on the same 1/4 objective      -> eta_lifted = 0.02;
//   unlifted: their vanillaGD(2 lr = 0.04) on 1/4||A(ww^T)-b||^2, whose
//             gradient is half of our grad h                  -> eta_plain = 0.02.
//
// START (their Lemma 14 as coded): v1 = top eigenvector of A*(b) (sign: its
// largest-|.| entry positive), x0 = v1 + 0.01 g with g standard normal drawn
// from the trial's seed; lifted w_0 = eps x0^{⊗l}; unlifted X_0 = eps x0 (the
// paired start: same x0, same eps). DIFFERENCES from their code, and why:
//  - their solve() divides by sqrt(#entries): w_0 = eps x0^{⊗l} / n^{l/2},
//    X_0 = eps x0 / sqrt(n). We follow the w_0 = eps x0^{⊗l}; our eps
//    is theirs times n^{-l/2} (lifted) and n^{-1/2} (unlifted);
//  - their x0 is drawn once per (n, eps) and shared by all trials (np.random
//    outside the trial loop), which makes the unlifted trials identical; ours
//    is drawn per trial from the seed, so trials are independent;
//  - their lifted optimiser is customGD, GD plus a rank-1 escape step when
//    ||grad|| < 1e-5 after 100 steps; Thm 1 is about plain GD, which is what
//    we run on h^l (no escape step);
//  - they run 1000 epochs and stop when the loss < 1e-7; we run `steps` GD
//    steps (default 3000: from eps = 1e-7 the lifted iterate needs about
//    ln(||w*||/eps)/(eta lambda_1(A*b)^l) ~ 900 steps just to grow), stopping
//    early only when ||grad|| <= grad_tol, or on divergence (||w|| > 1e8 or
//    not finite);
//  - success of the unlifted run: ||XX^T - M*||_F <= 0.05 like the lifted one
//    (theirs: min ||x -+ z|| <= 0.05); both numbers are recorded.
//
// KAPPA (their variational eigenvalues): lambda^v_1(w) = max_{|u|=1} <w, u^{⊗l}>
// (odd l: = max |<w, u^{⊗l}>|), u_1 its maximiser; lambda^v_2(w) =
// max_{|u|=1, u ⊥ u_1} <w, u^{⊗l}>, computed as lambda^v_1 of the deflated
// tensor P^{⊗l} w, P = I - u_1 u_1^T (its maximiser lies in u_1^⊥, since
// <P^{⊗l} w, u^{⊗l}> = <w, (Pu)^{⊗l}> and |Pu| <= 1). Both maxima by SS-HOPM
// (best_rank1, rank1.hpp) from the starts x0, the previous u_1, HOSVD and
// e_1..e_n: a local method, so lambda^v_1 is a lower bound of the true
// maximum and kappa_t = lambda^v_2 / lambda^v_1 is an estimate. kappa <= 1 by
// definition (u_1^⊥ is a subset), so "kappa < 1" is informative through its
// size. w_t is symmetrised (mean over the l! mode permutations; GD keeps it
// symmetric up to round-off, recorded as `asymmetry`) before SS-HOPM.
// Recorded at t = 0, every `kappa_every` steps, at the end of Thm 1's window
// and at the end. THE WINDOW: Thm 1 holds for t up to a horizon T given up
// to constants; we take the growth phase, t <= T_w = the first step with
// h^l(w_t) <= h^l(w_0)/2 (the whole run when that never happens), and report
// kappa over the whole run beside it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sodlift/core/sensing.hpp"
#include "sodlift/lifted/tensor.hpp"

namespace sodlift::lifted {

// Their perturbed matrix completion at size n (see above). `ordered`: the
// n^2 ordered measurements exactly as their code (tests); default: the
// equivalent n(n+1)/2 unordered ones.
SensingProblem<double> perturbed_mc_problem(int n, double rho, bool ordered = false);

struct LiftedGdOptions {
  int l = 3;
  double eps = 1e-3;
  double rho = 0.01;
  double eta_lifted = 0.02;
  double eta_plain = 0.02;
  int steps = 3000;
  int kappa_every = 100;
  double success_tol = 0.05;
  double grad_tol = 1e-12;
  int rank1_iterations = 300;  // SS-HOPM iterations per start for kappa
};

struct KappaPoint {
  int t = 0;
  double h = 0;        // h^l(w_t)
  double norm = 0;     // ||w_t||
  double lambda1 = 0;  // lambda^v_1
  double lambda2 = 0;  // lambda^v_2
  double kappa = 0;    // lambda2 / lambda1
};

struct LiftedGdTrial {
  std::vector<double> x0;
  // lifted GD
  int lifted_steps = 0;  // steps taken
  bool lifted_diverged = false;
  double lifted_h0 = 0, lifted_h = 0, lifted_grad_norm = 0;
  double asymmetry = 0;  // max over checkpoints of ||w - sym(w)|| / ||w||
  int window_end = 0;    // T_w
  bool window_closed = false;  // h^l fell to h^l(w_0)/2 within the run
  double kappa_max_window = 0, kappa_max_all = 0, kappa_final = 0;
  std::vector<KappaPoint> kappa;
  std::vector<double> lifted_x;  // rank-1 extraction sign(lambda)|lambda|^{1/l} u_1
  double lifted_rank1_residual = 0;  // ||w - lambda u^{⊗l}|| / ||w||
  double lifted_distance = 0;        // ||x x^T - M*||_F
  bool lifted_success = false;
  // plain GD on (P1)
  int plain_steps = 0;
  bool plain_diverged = false;
  double plain_h = 0, plain_grad_norm = 0;
  std::vector<double> plain_x;
  double plain_distance = 0;      // ||x x^T - M*||_F
  double plain_vec_distance = 0;  // min ||x -+ z|| (their code's test)
  bool plain_success = false;
};

// Throws input_error on n < 2, even or < 1 l, eps/eta/rho not finite and > 0,
// steps < 0, kappa_every < 1.
// lambda^v_1, lambda^v_2 and u_1 of a lifted tensor of odd order (see KAPPA
// above): w is symmetrised first (`asymmetry` = ||w - sym w|| / ||w||);
// `starts` are extra SS-HOPM starts (unit or not), `iterations` per start.
struct VariationalEigen {
  double lambda1 = 0, lambda2 = 0, asymmetry = 0;
  Vec<double> u1;
};
VariationalEigen variational_eigenvalues(const DenseTensor<double>& w,
                                         const std::vector<Vec<double>>& starts, int iterations);

void check_lifted_gd_options(int n, const LiftedGdOptions& o);

LiftedGdTrial run_lifted_gd_trial(int n, const LiftedGdOptions& o, std::uint64_t seed);

}  // namespace sodlift::lifted
