// Benchmark of the exact in-S PGD (issue 5): steps per second for gaussian
// n = 100, m = 500, r = 1, l = 11 in double, float128 and bf50, setup apart.
// Prints numbers; never fails on timing. Target: 1e6 steps in double < 10 s.
//
// Generators are built at the instance's START point (not a refined critical
// point: refining n = 100 in double GD is far slower than everything measured
// here, and the step cost does not depend on where the generators come from).
// The step size is 0.01 / max|G^{-1} H(c0)| so that the run stays finite.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sodlift/core/instances.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/core/subspace_simulation.hpp"

using namespace sodlift;
using Clock = std::chrono::steady_clock;

template <class T>
void run(long long steps) {
  InstanceSpec spec;
  spec.name = "gaussian";
  spec.n = 100;
  spec.m = 500;
  spec.r = 1;
  spec.seed = 1;
  const auto t0 = Clock::now();
  Instance<T> I = make_instance<T>(spec);
  const auto t1 = Clock::now();
  SodIngredients<T> s = sod_ingredients(I.problem, I.start, +1);
  const auto t2 = Clock::now();
  SubspaceSimulation<T> sim(I.problem, s, 11);
  const auto t3 = Clock::now();
  Vec<T> c0(3);
  c0 << T(1), from_string<T>("1e-3"), T(0);
  const T eta = from_string<T>("0.01") /
                (sim.gram_inverse() * sim.projected_hessian(c0)).cwiseAbs().maxCoeff();
  const auto t4 = Clock::now();
  auto tr = sim.trajectory(c0, eta, steps, steps);
  const auto t5 = Clock::now();
  auto sec = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  const double run_s = sec(t4, t5);
  std::printf(
      "%-9s  instance %.3f s  ingredients %.3f s  setup(inner products) %.3f s  rank %d  "
      "steps %lld  time %.3f s  steps/s %.3e  (1e6 steps: %.2f s)\n",
      scalar_name<T>::value, sec(t0, t1), sec(t1, t2), sec(t2, t3), sim.rank(), steps, run_s,
      steps / run_s, 1e6 * run_s / steps);
  std::printf("           eta %s  final (alpha, beta, gamma) = (%s, %s, %s)  h^l %s\n",
              decimal_string(eta).c_str(), decimal_string(tr.back().alpha).c_str(),
              decimal_string(tr.back().beta).c_str(), decimal_string(tr.back().gamma).c_str(),
              decimal_string(tr.back().h_lifted).c_str());
}

int main(int argc, char** argv) {
  // Optional scale factor on the step counts (e.g. 0.1 for a quick run).
  const double f = argc > 1 ? std::atof(argv[1]) : 1.0;
  std::printf(
      "bench_simulate: gaussian(n=100, m=500, r=1, seed=1), l = 11, generators at the start "
      "point\n");
  run<double>(static_cast<long long>(1e6 * f));
  run<f128>(static_cast<long long>(1e5 * f));
  run<bf50>(static_cast<long long>(2e4 * f));
  return 0;
}
