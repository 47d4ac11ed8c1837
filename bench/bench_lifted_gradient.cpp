// Benchmark (a program, not a test): one lifted gradient grad h^l(w) by the
// default (Eigen) Kronecker recursion, for (n, m, l) in the issue-4 grid and
// the scalars double, float128, bf50. Prints the first call's time and the
// best of repeated calls (steady state: repeated until 1 s is spent, at least
// 2 and at most 10 calls), memory (estimate and process peak RSS), multiply-adds per second
// of the best call, and next to it the rate of an Eigen dense matrix product
// measured in the same run and scalar; then the time ratios float128/double
// and bf50/double per configuration.
// Usage: bench_lifted_gradient [--max-seconds S] [--mem-budget 4G]
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <algorithm>
#include <tuple>
#include <string>

#include "sodlift/core/instances.hpp"
#include "sodlift/lifted/lifted_problem.hpp"
#include "sodlift/support/errors.hpp"

using namespace sodlift;
using namespace sodlift::lifted;
using Clock = std::chrono::steady_clock;

namespace {

// Best time per configuration (n, m, l) and scalar, for the ratio table.
std::map<std::tuple<int, int, int>, std::map<std::string, double>> g_best;
// In-cache axpy rate per scalar (scalar_axpy_rate).
std::map<std::string, double> g_axpy;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

long peak_rss_kib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

// Multiply-adds per second of the scalar itself: y += a x over 1024 entries
// (in L1, no memory traffic), Eigen-vectorised where the scalar allows. No
// contraction of the same multiply-adds can run faster in that scalar.
template <class T>
double scalar_axpy_rate() {
  Vec<T> x = Vec<T>::Ones(1024), y = Vec<T>::Zero(1024);
  const T a = T(1) / T(3);
  long reps = 0;
  auto t0 = Clock::now();
  do {
    for (int k = 0; k < 64; ++k) y.noalias() += a * x;
    reps += 64;
  } while (seconds_since(t0) < 0.3);
  volatile double sink = static_cast<double>(y(0));
  (void)sink;
  return reps * 1024.0 / seconds_since(t0);
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
  const double axpy = scalar_axpy_rate<T>();
  g_axpy[name] = axpy;
  std::cout << "\n## " << name << " (sizeof " << sizeof(T) << " B); Eigen dense product "
            << prod_size << "^3: " << std::setprecision(3) << rate / 1e6
            << " M madd/s; in-cache axpy: " << axpy / 1e6 << " M madd/s\n\n";
  std::cout
      << "| n | m | l | N^l | first call [s] | best [s] | calls | est. memory | peak RSS [MiB] | M "
         "madd/s | vs dense |\n"
         "|---|---|---|---|---|---|---|---|---|---|---|\n";
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
      const long double madds = lifted_gradient_madds(N, m, l);
      // Optimistic time: every madd at the scalar's in-cache axpy rate (the
      // recursion runs at 0.5-1.4x of it), so only configurations that would
      // clearly exceed the cap are skipped.
      const double predicted = double(madds) / axpy;
      std::cout << "| " << g.n << " | " << m << " | " << l << " | " << std::pow(double(N), l)
                << " | ";
      if (predicted > max_seconds) {
        std::cout << "skipped: predicted " << predicted << " s > " << max_seconds
                  << " s | | | | | | |\n";
        continue;
      }
      try {
        LiftedProblem<T> L(I.problem, 1, l, budget);
        DenseTensor<T> w(N, l);
        NormalStream ns(7);
        for (T& e : w.data) e = T(ns.next());
        auto t0 = Clock::now();
        DenseTensor<T> gr = lifted_gradient(L, w);
        const double first = seconds_since(t0);
        double dt = first, spent = first;
        int calls = 1;
        // At least one repeat (the first call also pays for first-touch page
        // faults of fresh memory) unless the first call alone took half the cap.
        while ((spent < 1.0 || (calls < 2 && first < max_seconds / 2)) && calls < 10) {
          t0 = Clock::now();
          gr = lifted_gradient(L, w);
          const double d = seconds_since(t0);
          dt = std::min(dt, d);
          spent += d;
          ++calls;
        }
        g_best[{g.n, m, l}][name] = dt;
        std::cout << first << " | " << dt << " | " << calls << " | "
                  << format_bytes(L.bytes_needed()) << " | "
                  << peak_rss_kib() / 1024.0 << " | " << double(madds) / dt / 1e6 << " | "
                  << double(madds) / dt / rate << " |\n";
      } catch (const memory_budget_error& e) {
        std::cout << "skipped (memory): " << e.what() << " | | | | | | |\n";
      }
      std::cout.flush();
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  retain_freed_memory();  // steady-state timing; see lifted_problem.hpp
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
            << " s even at the scalar's in-cache axpy rate are skipped\n"
            << "peak RSS is the process high-water mark (monotone over the run)\n";
  run_scalar<double>("double", 256, max_seconds, budget);
  run_scalar<f128>("float128", 64, max_seconds, budget);
  run_scalar<bf50>("bf50", 48, max_seconds, budget);
  std::cout << "\n## Time ratios (best call) against double\n\n"
               "floor = the ratio float128 / double would reach if float128 ran every\n"
               "multiply-add of the recursion at its in-cache axpy rate (its measured peak;\n"
               "nominal madd count): (madds / float128 axpy rate) / double time.\n\n"
               "| n | m | l | float128 / double | floor | bf50 / double |\n"
               "|---|---|---|---|---|---|\n";
  for (const auto& [key, by] : g_best) {
    auto ratio = [&](const char* s) -> std::string {
      auto it = by.find(s), d = by.find("double");
      if (it == by.end() || d == by.end()) return "skipped";
      std::ostringstream os;
      os << std::setprecision(3) << it->second / d->second;
      return os.str();
    };
    std::string floor = "skipped";
    if (by.count("double") && g_axpy.count("float128")) {
      const int n = std::get<0>(key), m = std::get<1>(key), l = std::get<2>(key);
      std::ostringstream os;
      os << std::setprecision(3)
         << double(lifted_gradient_madds(n, m, l)) / g_axpy["float128"] / by.at("double");
      floor = os.str();
    }
    std::cout << "| " << std::get<0>(key) << " | " << std::get<1>(key) << " | "
              << std::get<2>(key) << " | " << ratio("float128") << " | " << floor << " | "
              << ratio("bf50") << " |\n";
  }
  return 0;
}
