// Time of one lifted objective+gradient on their perturbed matrix completion
// (issue 21 item 3; target: n = 10, l = 3, double, < 20 ms), the entry-sampling
// pass (lifted/entry_sampling_lift.hpp) beside the dense Kronecker recursion of
// LiftedProblem where it fits, and one lifted-GD trial. Prints numbers; never
// fails on timing. Usage: bench_lifted_gd [n ...] (default 5 8 10 12).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "sodlift/lifted/entry_sampling_lift.hpp"
#include "sodlift/lifted/lifted_gd.hpp"
#include "sodlift/lifted/lifted_problem.hpp"

using namespace sodlift;
using namespace sodlift::lifted;

namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
template <class F>
double best_of(int reps, F f) {
  double best = 1e300;
  for (int k = 0; k < reps; ++k) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    best = std::min(best, seconds_since(t0));
  }
  return best;
}
}  // namespace

int main(int argc, char** argv) {
  retain_freed_memory();
  std::vector<int> ns;
  for (int i = 1; i < argc; ++i) ns.push_back(std::atoi(argv[i]));
  if (ns.empty()) ns = {5, 8, 10, 12};
  const int l = 3;
  std::printf("%4s %4s %6s %10s %14s %14s %14s\n", "n", "l", "m", "E^l", "entry_ms", "dense_ms",
              "trial_s");
  for (int n : ns) {
    const SensingProblem<double> P = perturbed_mc_problem(n, 0.01);
    const EntrySamplingLift<double> E(P, 1, l);
    DenseTensor<double> w(n, l);
    for (std::size_t k = 0; k < w.size(); ++k) w.data[k] = std::sin(0.37 * double(k) + 1.0);
    volatile double sink = 0;
    const double te = best_of(5, [&] { sink = sink + E.objective_gradient(w).h; });
    double td = -1;
    if (n <= 8) {
      LiftedProblem<double> L(P, 1, l);
      td = best_of(2, [&] { sink = sink + lifted_objective_gradient(L, w).h; });
    }
    LiftedGdOptions o;
    o.eps = 1e-3;
    const auto t0 = std::chrono::steady_clock::now();
    const LiftedGdTrial tr = run_lifted_gd_trial(n, o, 1);
    const double tt = seconds_since(t0);
    std::printf("%4d %4d %6d %10.0Lf %14.3f %14.3f %14.2f  (lifted %s, gd %s)\n", n, l, P.m(),
                E.pass_iterations(), 1e3 * te, td < 0 ? -1.0 : 1e3 * td, tt,
                tr.lifted_success ? "ok" : "fail", tr.plain_success ? "ok" : "fail");
  }
  return 0;
}
