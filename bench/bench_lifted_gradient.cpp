// Benchmark (a program, not a test): one lifted gradient grad h^l(w) by the
// default (Eigen) contraction chain, for (n, m, l) in the issue-4 grid and the
// scalars double, float128, bf50. Prints time, memory (estimate and process
// peak RSS), multiply-adds per second, and next to it the rate of an Eigen
// dense matrix product measured in the same run and scalar.
// Usage: bench_lifted_gradient [--max-seconds S] [--mem-budget 4G]
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <string>

#include "sodlift/core/errors.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/lifted/lifted_problem.hpp"

using namespace sodlift;
using namespace sodlift::lifted;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

long peak_rss_kib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

// Multiply-adds of one gradient: the measure chain, the operator chain, the
// interleaving copy and the final operator application.
long double gradient_madds(int N, int m, int l) {
  long double c = 0;
  for (int k = 0; k < l; ++k) {
    c += std::pow((long double)m, k + 1) * std::pow((long double)N, 2 * (l - k));  // measure step
    c += std::pow((long double)m, l - k) * std::pow((long double)N, 2 * k + 2);    // operator step
  }
  return c + std::pow((long double)N, 2 * l);
}

template <class T>
double dense_product_rate(int size) {
  Mat<T> A = Mat<T>::Ones(size, size), B = Mat<T>::Ones(size, size), C(size, size);
  for (int i = 0; i < size; ++i) A(i, i) = T(2);
  int reps = 0;
  auto t0 = Clock::now();
  do {
    C.noalias() = A * B;
    ++reps;
  } while (seconds_since(t0) < 0.5);
  return reps * std::pow(double(size), 3) / seconds_since(t0);
}

template <class T>
void run_scalar(const char* name, int prod_size, double max_seconds, std::size_t budget) {
  const double rate = dense_product_rate<T>(prod_size);
  std::cout << "\n## " << name << " (sizeof " << sizeof(T) << " B); Eigen dense product "
            << prod_size << "^3: " << std::setprecision(3) << rate / 1e6 << " M madd/s\n\n";
  std::cout
      << "| n | m | l | N^l | time [s] | est. memory | peak RSS [MiB] | M madd/s | vs dense |\n"
         "|---|---|---|---|---|---|---|---|---|\n";
  struct Grid {
    const char* inst;
    int n;
    int lmax;
  };
  for (Grid g :
       {Grid{"basic", 2, 13}, Grid{"realworld", 3, 7}, Grid{"pmc", 3, 7}, Grid{"pmc", 5, 5}}) {
    InstanceSpec spec;
    spec.name = g.inst;
    spec.n = g.n;
    Instance<T> I = make_instance<T>(spec);
    for (int l = 3; l <= g.lmax; l += 2) {
      const int N = I.problem.n(), m = I.problem.m();
      const long double madds = gradient_madds(N, m, l);
      const double predicted = double(madds) / (0.25 * rate);
      std::cout << "| " << g.n << " | " << m << " | " << l << " | " << std::pow(double(N), l)
                << " | ";
      if (predicted > max_seconds) {
        std::cout << "skipped: predicted " << predicted << " s > " << max_seconds
                  << " s | | | | |\n";
        continue;
      }
      try {
        LiftedProblem<T> L(I.problem, 1, l, budget);
        DenseTensor<T> w(N, l);
        NormalStream ns(7);
        for (T& e : w.data) e = T(ns.next());
        auto t0 = Clock::now();
        DenseTensor<T> gr = lifted_gradient(L, w);
        const double dt = seconds_since(t0);
        std::cout << dt << " | " << format_bytes(L.bytes_needed()) << " | "
                  << peak_rss_kib() / 1024.0 << " | " << double(madds) / dt / 1e6 << " | "
                  << double(madds) / dt / rate << " |\n";
      } catch (const memory_budget_error& e) {
        std::cout << "skipped (memory): " << e.what() << " | | | | |\n";
      }
      std::cout.flush();
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  double max_seconds = 60;
  std::size_t budget = default_memory_budget();
  for (int i = 1; i + 1 < argc; ++i) {
    if (!std::strcmp(argv[i], "--max-seconds"))
      max_seconds = std::atof(argv[++i]);
    else if (!std::strcmp(argv[i], "--mem-budget"))
      budget = parse_memory_size(argv[++i]);
  }
  std::cout << "# bench_lifted_gradient: one grad h^l(w), dense random w, Eigen backend\n"
            << "memory budget " << format_bytes(budget)
            << "; configurations predicted to take more than " << max_seconds
            << " s (at 1/4 of the dense rate) are skipped\n"
            << "peak RSS is the process high-water mark (monotone over the run)\n";
  run_scalar<double>("double", 256, max_seconds, budget);
  run_scalar<f128>("float128", 64, max_seconds, budget);
  run_scalar<bf50>("bf50", 48, max_seconds, budget);
  return 0;
}
