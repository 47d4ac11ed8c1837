// The methods of the success-rate study (SPEC §6, paper §6.2): gradient
// descent with and without an escape at a certified spurious minimum, and the
// baselines a reviewer asks for. Every method runs on one SensingProblem from
// one start X0 under one ProtocolOptions and returns a MethodResult: outcome,
// final X, ||XX^T - M*||_F, gradient evaluations, wall time (the escape's own
// time apart) and one EscapeRecord per escape tried or refused.
//
// Methods (names as on the command line):
//   gd             plain GD for the whole gradient budget (gd_budget())
//   gd+sod         notebook rule: fixed l, rho, eta, t; collapse the larger of
//                  the b- and c-terms of (5.8) (beta-type (5.15) / gamma-type (5.16))
//   gd+sod-paper   paper rule: t in U_beta -> (5.15), else t in U_gamma -> (5.16)
//                  (Prop. 5.4); t outside both -> a t inside U_beta (middle),
//                  else inside U_gamma (twice its left end)
//   gd+single      the single-step point (4.11) when EFS > 1 (Thm 4.4)
//   gd+line-beta   direction u_n q_r^T, scale by exact line search
//   gd+line-gamma  direction E X̂,        scale by exact line search
//                  (global minimiser of the quartics s -> h(s D) and
//                  s -> h(X̂ + s D); the lower of the two is used)
//   gd+exact-S     exact projected GD in span{a,b,c} (SPEC §2.3) for the same
//                  t, then collapse of the larger of the b- and c-terms
//   pgd-noise      perturbed GD of Jin et al. (2017)
//   restarts       a fresh small initialisation whenever GD stalls away from M*
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/sensing.hpp"

namespace sodlift {

// The trial protocol of SPEC §6; defaults are the paper's (§6.1, §6.2) and
// the authors' notebook values for the PMC case.
struct ProtocolOptions {
  double zeta = 0.01;         // X0 = zeta * G (small initialisation, §6.1)
  double gd_step = 1e-3;      // fixed GD step (§6.1)
  long long K1 = 10000;       // GD iterations before the first escape
  long long K2 = 5000;        // GD iterations after each escape
  double grad_tol = 1e-9;     // stop when ||grad h||_F <= grad_tol
  double diverge_norm = 1e8;  // diverged when ||X||_F > this (or non-finite)
  double success_tol = 0.02;  // success: ||XX^T - M*||_F < success_tol (§6.2)
  int max_escapes = 1;
  // Escape parameters (notebook rule and the t of gd+exact-S; paper rule
  // uses l, rho, eta and starts from this t).
  int l = 11;
  double rho = 0.3, eta = 0.01;
  long long t = 59000;
  // Certification of the GD end point (refine_critical_point): its Armijo GD
  // and Newton iterations count as gradient evaluations of the method.
  int certify_gd_max = 2000;
  int certify_newton_max = 50;
  // pgd-noise (Jin, Ge, Netrapalli, Kakade, Jordan 2017, Algorithm 2 without
  // its early-termination test): perturb by a uniform sample of the ball of
  // radius pgd_radius when ||grad h|| <= pgd_g_thres and no perturbation
  // happened in the last pgd_t_thres iterations. The paper's constants
  // depend on unknown smoothness/Hessian-Lipschitz constants; these defaults
  // are of the size of the escape steps SOD takes (radius) and of K2/5.
  double pgd_g_thres = 1e-3;
  long long pgd_t_thres = 1000;
  double pgd_radius = 0.5;
  // restarts: a stall is ||grad h|| <= restart_grad_tol away from M*.
  double restart_grad_tol = 1e-6;
  // ||XX^T - M*||_F recorded every trace_every iterations (0: none).
  long long trace_every = 0;
};

// The largest gradient budget any method can use: K1 + max_escapes (K2 +
// the certification's cap). `gd`, `pgd-noise` and `restarts` get exactly it.
long long gd_budget(const ProtocolOptions& o);

// All method names, in the order tables list them.
const std::vector<std::string>& method_names();
// Throws input_error naming the valid methods.
void check_method_name(const std::string& name);

// One escape tried (or refused) at the end of a GD phase.
struct EscapeRecord {
  long long at_eval = 0;      // gradient evaluations before it
  std::string certification;  // PointKind of the refined GD end point
  bool tried = false;         // an escape point was computed and used
  std::string reason;         // why not tried, or how the point was chosen
  std::string type;  // beta | gamma | single | line-origin | line-xhat | exact-S-b | exact-S-c
  int sign = 1;      // sign of u_n used (SodIngredients convention)
  long long t = 0;   // TPGD steps (sod, sod-paper, exact-S)
  double h_hat = 0, h_check = 0;  // h(X̂), h(X̌)
  double h_check_other_sign = 0;  // h(X̌) with the other sign of u_n (when evaluated)
  bool h_lower = false;           // h(X̌) < h(X̂)
  double log10_norm_a = 0, log10_norm_b = 0, log10_norm_c = 0;  // (5.8) terms (sod, exact-S)
  double step = 0;                                              // line search: the minimiser s
  // After the K2 GD steps: reached_truth | same_minimum | other_point | divergence
  std::string outcome;
  double dist_truth_after = 0;
  double seconds = 0;           // certification + escape point
  long long certify_evals = 0;  // gradient evaluations inside the certification
};

struct MethodResult {
  std::string method;
  bool ran = true;  // false: the method could not run (reason says why)
  std::string reason;
  bool success = false;  // ||XX^T - M*||_F < success_tol at the end
  // success | diverged | stalled (grad <= tol, not at M*) | budget (ran out)
  std::string end;
  Mat<double> X;
  double dist_truth = 0, h = 0, grad_norm = 0;
  long long grad_evals = 0;
  double seconds = 0;         // whole method, wall time
  double escape_seconds = 0;  // sum of EscapeRecord::seconds
  std::vector<EscapeRecord> escapes;
  int restarts = 0;                     // restarts method
  std::vector<long long> perturbed_at;  // pgd-noise: iterations of the perturbations
  std::vector<double> trace;            // ||XX^T - M*||_F at 0, trace_every, 2 trace_every, ...
};

// Facts about the problem that are expensive and the same for every trial of
// a configuration (the isometry bound for gd+single). Fill once, share.
struct ProblemFacts {
  bool has_delta = false;
  double delta = 0;
};
ProblemFacts problem_facts(const SensingProblem<double>& P);

// The part of one trial that gd and every escape method share: GD from X0
// for K1 gradient evaluations, and (for the escape methods) the
// certification of its end point. Computed once, on first use, by the first
// method that needs it; every later method continues from a copy of that
// state, so its result is the one it would compute alone, bit for bit (the
// loops are deterministic; tests/study/test_fig10_shared_prefix.cpp pins it).
// Wall times stay per method: a method's `seconds` (and an escape's) include
// the shared part's time as if it had computed it itself.
// Valid for one (P, X0) and the options that decide the prefix (gd_step, K1,
// grad_tol, diverge_norm, success_tol, certify_*); a method whose options
// differ in one of them, or whose trace_every is neither 0 nor the prefix's,
// is refused with std::invalid_argument (a caller bug, not bad input).
class TrialPrefix {
 public:
  TrialPrefix(const SensingProblem<double>& P, const Mat<double>& X0, const ProtocolOptions& o);
  ~TrialPrefix();
  TrialPrefix(const TrialPrefix&) = delete;
  TrialPrefix& operator=(const TrialPrefix&) = delete;
  struct State;

 private:
  friend struct PrefixAccess;
  std::unique_ptr<State> s_;
};

// Runs `method` from X0. `seed` drives the randomness of pgd-noise and
// restarts only (X0 is the caller's). Never throws for a mathematical
// reason: such a method records ran = false / an EscapeRecord with the reason.
// With `shared`, gd and the escape methods continue from the trial's shared
// prefix (above); pgd-noise and restarts ignore it.
MethodResult run_method(const std::string& method, const SensingProblem<double>& P,
                        const Mat<double>& X0, const ProtocolOptions& opt, std::uint64_t seed,
                        const ProblemFacts& facts = {}, TrialPrefix* shared = nullptr);

// One paired trial: X0 = small_initialisation(n, r, zeta, seed), then every
// method in `methods` from that same X0 (SPEC §6: results paired by seed),
// sharing one TrialPrefix.
std::vector<MethodResult> run_trial(const SensingProblem<double>& P, int r,
                                    const std::vector<std::string>& methods,
                                    const ProtocolOptions& opt, std::uint64_t seed,
                                    const ProblemFacts& facts = {});

// The point every escape method of a trial sees (SPEC §6): GD from X0 for K1
// evaluations (stopping early at grad_tol or on divergence), then the
// certification of its end point (refine_critical_point with certify_gd_max,
// certify_newton_max). Bit for bit the TrialPrefix's state (the same code).
// cert_error is non-empty when the certification threw; diverged when GD did.
struct Fig10Endpoint {
  bool diverged = false;
  bool at_truth = false;  // ||XX^T - M*||_F < success_tol after GD: no escape needed
  Mat<double> X_gd;       // GD's end point
  CriticalPoint<double> cp;
  std::string cert_error;
};
Fig10Endpoint fig10_endpoint(const SensingProblem<double>& P, const Mat<double>& X0,
                             const ProtocolOptions& o);

// The record of one method's run (JSON; doubles, the study runs in double;
// the trace only when it was recorded, X omitted).
nlohmann::json to_json(const MethodResult& r);
nlohmann::json to_json(const EscapeRecord& e);
nlohmann::json to_json(const ProtocolOptions& o);

// ||XX^T - M*||_F < tol with the answer of (X X^T - P.M_star()).norm() < tol,
// usually without forming the n x n matrix (methods.cpp says how and why it
// is the same answer). The methods' success test at every step of
// pgd-noise and restarts.
bool within_truth(const SensingProblem<double>& P, const Mat<double>& X, double tol);

// X0 = zeta * G, G standard normal n x r from NormalStream(seed), column-major.
Mat<double> small_initialisation(int n, int r, double zeta, std::uint64_t seed);

// The GD loops' gradient for an entry-sampling P: grad h(X) into G (resized
// to n x r) in one pass over the entries, without allocating once G has its
// size, bit-identical to P.grad_h(X) (methods.cpp says why). The methods use
// it; public for the bit-identity test (tests/core/test_methods.cpp) and
// bench/bench_gd_gradient.cpp. The constructor copies the entry list (O(m))
// and throws input_error for a dense P; X must be n x r, finite.
class EntrySamplingGradient {
 public:
  // allow_avx2 = false keeps the PMC kernel on SSE2 even where AVX2 runs (the
  // test checks both; they give the same bits).
  explicit EntrySamplingGradient(const SensingProblem<double>& P, bool allow_avx2 = true);
  void operator()(const Mat<double>& X, Mat<double>& G) const;

 private:
  void pass(const Mat<double>& X, Mat<double>& G) const;
  void pass_rank1(const double* x, double* g, std::size_t k_begin, std::size_t k_end) const;
  void pass_full_rows_rank1(const double* x, double* g) const;
  void pass_full_rows_rank1_avx2(const double* x, double* g) const;
  int n_;
  std::vector<int> I_, J_;
  std::vector<double> W_;
  Vec<double> b_;
  // Entry k is (k / n, k % n) for k < m = n^2 (the PMC list): rows are then
  // processed kFullRowBlock at a time (methods.cpp), with w/2 and b of each
  // block stored lane-interleaved: index (block * n + j) * kFullRowBlock + lane.
  static constexpr int kFullRowBlock = 4;
  bool full_rows_ = false;
  bool avx2_ = false;  // x86-64 with AVX2 at run time: four rows in one register
  std::vector<double> blk_hw_, blk_b_;
};

// ---- Exact line search of a quartic -------------------------------------
// h(X0 + s D) = c0 + c1 s + c2 s^2 + c3 s^3 + c4 s^4 exactly (A is linear):
// with r0 = A(X0X0^T) - b, r1 = A(X0 D^T + D X0^T), r2 = A(D D^T):
//   c0 = |r0|^2/2, c1 = <r0,r1>, c2 = |r1|^2/2 + <r0,r2>, c3 = <r1,r2>, c4 = |r2|^2/2.
struct Quartic {
  double c[5] = {0, 0, 0, 0, 0};
  double operator()(double s) const {
    return (((c[4] * s + c[3]) * s + c[2]) * s + c[1]) * s + c[0];
  }
};
Quartic line_quartic(const SensingProblem<double>& P, const Mat<double>& X0, const Mat<double>& D);
// Global minimiser over s in R (c4 > 0): the best real root of the cubic
// derivative, polished by Newton. nullopt when c4 <= 0 (unbounded or not a
// quartic) — the caller records why.
std::optional<double> quartic_global_minimiser(const Quartic& q);

}  // namespace sodlift
