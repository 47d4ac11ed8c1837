// Benchmark of the sensing-operator layer (SPEC §5): per-call cost of
// A(XX^T), grad h and a Hessian-vector product against n for PMC (entry
// sampling, and the same operator densified where it fits) and for the dense
// Gaussian ensemble; the time to find and certify a spurious minimum of
// PMC(n, 0.15) from a sign flip of z; the whole escape pipeline at n = 80.
// Prints numbers; never fails on timing. Results: bench/results/scale.md.
//
// Usage: bench_scale [--quick]   (--quick: fewer sizes, for a smoke run)
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>

#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/escape_pipeline.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/support/memory.hpp"

using namespace sodlift;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Seconds per call: repeats until 0.2 s have passed (at least 3 calls).
double per_call(const std::function<void()>& f) {
  f();  // warm-up (and the lazy densification, if any)
  int calls = 0;
  const auto t0 = Clock::now();
  do {
    f();
    ++calls;
  } while (calls < 3 || seconds_since(t0) < 0.2);
  return seconds_since(t0) / calls;
}

template <class T>
Mat<T> normal_point(int n, int r, std::uint64_t seed) {
  NormalStream g(seed);
  Mat<T> X(n, r);
  for (int j = 0; j < r; ++j)
    for (int i = 0; i < n; ++i) X(i, j) = T(g.next());
  return X;
}

template <class T>
void op_row(const char* label, const SensingProblem<T>& P) {
  const Mat<T> X = normal_point<T>(P.n(), 1, 3), D = normal_point<T>(P.n(), 1, 4);
  volatile double sink = 0;
  const double ta = per_call([&] { sink = sink + to_double(P.measure_outer(X, X)(0)); });
  const double tg = per_call([&] { sink = sink + to_double(P.grad_h(X)(0, 0)); });
  const double th = per_call([&] { sink = sink + to_double(P.hessian_h_apply(X, D)(0, 0)); });
  std::printf("| %-28s | %9s | %5d | %7d | %11.3e | %11.3e | %11.3e |\n", label,
              scalar_name<T>::value, P.n(), P.m(), ta, tg, th);
  std::fflush(stdout);
}

template <class T>
void operator_costs(const std::vector<int>& ns) {
  for (int n : ns) {
    InstanceSpec s;
    s.name = "pmc";
    s.n = n;
    s.eps = "0.15";
    const Instance<T> I = make_instance<T>(s);
    op_row<T>("pmc, entry sampling", I.problem);
    // Densified only where m n^2 scalars stay below 1 GiB.
    if (I.problem.dense_bytes() < (1ULL << 30)) {
      const SensingProblem<T> D(I.problem.A(), I.problem.Z());
      op_row<T>("pmc, densified", D);
    } else {
      std::printf("| %-28s | %9s | %5d | %7d | (dense A would take %s: skipped) | | |\n",
                  "pmc, densified", scalar_name<T>::value, n, I.problem.m(),
                  format_bytes(I.problem.dense_bytes()).c_str());
    }
  }
  for (int n : ns) {
    InstanceSpec s;
    s.name = "gaussian";
    s.n = n;  // m = 5n
    if (instance_bytes_estimate(s, sizeof(T)) > (1ULL << 30)) continue;
    const Instance<T> I = make_instance<T>(s);
    op_row<T>("gaussian (m = 5n), dense", I.problem);
  }
}

template <class T>
void certify_time(int n, bool single_flip) {
  InstanceSpec s;
  s.name = "pmc";
  s.n = n;
  s.eps = "0.15";
  const auto t0 = Clock::now();
  const Instance<T> I = make_instance<T>(s);
  const double tb = seconds_since(t0);
  Mat<T> X0 = I.start;  // alternating sign flip on supp z: (1, 0, -1, 0, 1, ...)
  if (single_flip) {
    X0 = I.problem.Z();
    X0(0, 0) = -X0(0, 0);  // only the first support entry of z negated
  }
  const auto t1 = Clock::now();
  const CriticalPoint<T> cp = refine_critical_point(I.problem, X0);
  const double tc = seconds_since(t1);
  std::printf("| %5d | %-11s | %9s | %8.3f | %9.3f | %-18s | %4d | %3d | %11.3e | %11.3e | %5d |\n",
              n, single_flip ? "first entry" : "alternating", scalar_name<T>::value, tb, tc,
              to_string(cp.kind), cp.gd_iterations, cp.newton_iterations, to_double(cp.grad_norm),
              to_double(cp.hessian_min_eig), cp.hessian_products);
  std::fflush(stdout);
}

template <class T>
void escape_time(int n, const char* gd_step) {
  InstanceSpec s;
  s.name = "pmc";
  s.n = n;
  s.eps = "0.15";
  const Instance<T> I = make_instance<T>(s);
  const Mat<T> X0 = I.start;
  EscapeOptions<T> eo;
  eo.gd.step = from_string<T>(gd_step);
  const auto t0 = Clock::now();
  try {
    const EscapeResult<T> R = escape_pipeline(I.problem, X0, eo);
    std::printf("| %5d | %9s | %s | %8.3f | %-6s | %7lld | %7lld | %-14s |\n", n,
                scalar_name<T>::value, gd_step, seconds_since(t0), R.chosen_type.c_str(),
                R.first.iterations, R.second.iterations, R.second.end.c_str());
  } catch (const std::exception& e) {
    std::printf("| %5d | %9s | %s | %8.3f | refused: %s |\n", n, scalar_name<T>::value, gd_step,
                seconds_since(t0), e.what());
  }
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && !std::strcmp(argv[1], "--quick");
  std::printf("bench_scale%s\n\n", quick ? " --quick" : "");
  std::printf("## Per-call cost (seconds), X, D standard normal n x 1\n\n");
  std::printf("| %-28s | %9s | %5s | %7s | %11s | %11s | %11s |\n", "operator", "scalar", "n", "m",
              "A(XX^T)", "grad h", "Hess-vec");
  std::printf("|---|---|---|---|---|---|---|\n");
  const std::vector<int> ns =
      quick ? std::vector<int>{20, 40} : std::vector<int>{20, 40, 80, 160, 320};
  operator_costs<double>(ns);
  operator_costs<bf50>(quick ? std::vector<int>{20} : std::vector<int>{20, 40, 80});

  std::printf("\n## Find and certify a spurious minimum of PMC(n, 0.15) from a sign flip of z\n\n");
  std::printf("| %5s | %-11s | %9s | %8s | %9s | %-18s | %4s | %3s | %11s | %11s | %5s |\n", "n",
              "flip", "scalar", "build s", "refine+certify s", "kind", "dbl it", "Nwt", "|grad h|",
              "min eig H", "H-vec");
  std::printf("|---|---|---|---|---|---|---|---|---|---|---|\n");
  for (int n : quick ? std::vector<int>{20, 40} : std::vector<int>{20, 40, 80, 160}) {
    certify_time<double>(n, false);
    certify_time<double>(n, true);
  }
  for (int n : quick ? std::vector<int>{40} : std::vector<int>{40, 80})
    certify_time<bf50>(n, false);

  std::printf(
      "\n## Whole escape pipeline (GD -> certify -> SOD point -> GD), PMC(n, 0.15), sign-flip "
      "start\n\n");
  std::printf("| %5s | %9s | gd step | %8s | %-6s | %7s | %7s | %-14s |\n", "n", "scalar",
              "total s", "type", "GD1 it", "GD2 it", "GD 2 ends");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  escape_time<double>(quick ? 20 : 80, "0.005");
  if (!quick) escape_time<bf50>(80, "0.005");
  return 0;
}
