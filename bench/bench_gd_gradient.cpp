// Cost of one gradient of h on PMC(n, 0.10) (entry sampling, m = n^2, r = 1),
// the quantity the success-rate study (sodlift study fig10) spends nearly all
// of its time on: up to 15,000 GD steps per method and trial.
//   grad_h    SensingProblem::grad_h: measure_outer, then adjoint_times
//             (two passes over the entries, three allocations)
//   one-pass  EntrySamplingGradient (methods.hpp): one pass into a
//             preallocated matrix; what the study's GD loops use
// Both are timed on the same X (a fixed-seed Gaussian n x r), interleaved in
// rounds so that a load change hits both alike; the best round is reported,
// with the median. "identical" says whether the two gradients agree bit for
// bit (they should: the one-pass loop does the same operations in the same
// order; tests/core/test_methods.cpp asserts it).
//
// Usage: bench_gd_gradient [ns=40,60,80,100,160] [r=1] [reps=2000] [rounds=7]
// Prints a Markdown table; never fails on timing.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "bench_args.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/experiments/methods.hpp"

using namespace sodlift;
using Clock = std::chrono::steady_clock;
using bench_args::parse_int;
using bench_args::parse_list;
using bench_args::refuse;

namespace {

const char* const kUsage =
    "usage: bench_gd_gradient [ns=40,60,80,100,160] [r=1] [reps=2000] [rounds=7]\n"
    "  ns      comma-separated PMC sizes n (>= 2); eps = 0.10, m = n^2 entries\n"
    "  r       columns of X (>= 1); the study's PMC runs use r = 1\n"
    "  reps    gradients per timed round (>= 1)\n"
    "  rounds  timed rounds per method (>= 1); best and median are printed\n"
    "Prints a Markdown table (microseconds per gradient) on stdout.\n";

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  bench_args::program = "bench_gd_gradient";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
  }
  if (argc > 5) refuse("too many arguments");
  const std::vector<int> ns = argc > 1 ? parse_list(argv[1], "ns", 2, 1000000000) : std::vector<int>{40, 60, 80, 100, 160};
  const int r = argc > 2 ? static_cast<int>(parse_int(argv[2], "r", 1, 1000000000)) : 1;
  const long long reps = argc > 3 ? parse_int(argv[3], "reps", 1, 1000000000) : 2000;
  const int rounds = argc > 4 ? static_cast<int>(parse_int(argv[4], "rounds", 1, 1000000000)) : 7;

  std::printf("| n | m | r | grad_h µs (best / median) | one-pass µs (best / median) | speed-up (best) | identical |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (const int n : ns) {
    InstanceSpec spec;
    spec.name = "pmc";
    spec.n = n;
    spec.eps = "0.10";
    const auto inst = make_instance<double>(spec);
    const auto& P = inst.problem;
    std::mt19937_64 eng(20261129);
    std::normal_distribution<double> N01;
    Mat<double> X(n, r);
    for (int k = 0; k < X.size(); ++k) X.data()[k] = N01(eng);
    const EntrySamplingGradient fast(P);
    Mat<double> G, ref;
    double sink = 0;
    std::vector<double> t_ref, t_fast;
    for (int round = 0; round < rounds; ++round) {
      auto t0 = Clock::now();
      for (long long k = 0; k < reps; ++k) {
        ref = P.grad_h(X);
        sink += ref(0, 0);
      }
      t_ref.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / reps);
      t0 = Clock::now();
      for (long long k = 0; k < reps; ++k) {
        fast(X, G);
        sink += G(0, 0);
      }
      t_fast.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / reps);
    }
    const bool identical = G.rows() == ref.rows() && G.cols() == ref.cols() &&
                           std::equal(G.data(), G.data() + G.size(), ref.data());
    const double bref = *std::min_element(t_ref.begin(), t_ref.end());
    const double bfast = *std::min_element(t_fast.begin(), t_fast.end());
    std::printf("| %d | %d | %d | %.2f / %.2f | %.2f / %.2f | %.2fx | %s |\n", n, P.m(), r, bref,
                median(t_ref), bfast, median(t_fast), bref / bfast, identical ? "yes" : "NO");
    if (!std::isfinite(sink)) std::printf("(non-finite checksum)\n");
  }
  return 0;
}
