// Cost of one multi-step SOD escape (the paper's abstract and §6.2: "minimal
// computational cost compared to explicit tensor over-parameterization"), in
// numbers: wall time and peak memory of one escape of t simulated steps by
//   closed-form  the SOD ingredients + (5.8) + the collapse (5.15)/(5.16)
//   exact-S      the SOD ingredients + t steps of exact PGD in S (SPEC §2.3)
//   explicit     the lifted problem + S's dense generators + t explicit PGD
//                steps on (R^{nr})^{(x)l} (lifted/), the paper's TPGD done literally
// against n (PMC(n, 0.15), r = 1) and l, in double. Each measurement runs in
// a forked child, so its peak resident memory (getrusage ru_maxrss) is its
// own; the parent's baseline is printed. Explicit runs that the memory guard
// refuses (estimate > budget) or whose first step exceeds the time cap are
// reported with the guard's byte estimate and the multiply-add count; an
// explicit escape of t steps is timed over `probe` steps and scaled by t/probe
// (stated in the row). The cost does not depend on where the generators come
// from, so X̂ = z with its last support entry negated (the PMC spurious
// pattern), unrefined: refining is the certification's cost, not the escape's.
//
// Usage: bench_escape_cost [t=1000] [ns=3,5,10,20,40,80] [ls=3,5,7,9,11] [budget_gib=4] [cap_s=20]
// Prints a Markdown table; never fails on timing.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "bench_args.hpp"
#include "sodlift/core/closed_form.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/core/subspace_simulation.hpp"
#include "sodlift/lifted/descent.hpp"
#include "sodlift/lifted/lifted_problem.hpp"
#include "sodlift/lifted/subspace.hpp"

using namespace sodlift;
using Clock = std::chrono::steady_clock;
using bench_args::parse_int;
using bench_args::parse_list;
using bench_args::parse_positive;
using bench_args::refuse;

namespace {

const char* const kUsage =
    "usage: bench_escape_cost [t=1000] [ns=3,5,10,20,40,80] [ls=3,5,7,9,11] [budget_gib=4] [cap_s=20]\n"
    "  t           simulated steps of one escape (>= 1)\n"
    "  ns, ls      comma-separated PMC sizes n (>= 2) and lifting orders l (odd, >= 3)\n"
    "  budget_gib  memory budget of explicit lifting (the guard refuses above it)\n"
    "  cap_s       explicit lifting is skipped when one step takes longer than this\n"
    "Prints a Markdown table (time and peak RSS per method) on stdout.\n";

struct Meas {
  double seconds = -1, peak_kib = 0;
  int status = 0;  // 0 ok, 1 refused (memory), 2 refused (time), 3 error
  double estimate_bytes = 0, madds = 0;
  long long steps_timed = 0;
};

Instance<double> pmc(int n) {
  InstanceSpec s;
  s.name = "pmc";
  s.n = n;
  s.eps = "0.15";
  return make_instance<double>(s);
}

Mat<double> spurious_pattern(const SensingProblem<double>& P) {
  Mat<double> X = P.Z();
  for (int i = P.n() - 1; i >= 0; --i)
    if (X(i, 0) != 0) {
      X(i, 0) = -X(i, 0);
      break;
    }
  return X;
}

// Runs `work` in a child; the child writes seconds and its own status.
template <class F>
Meas in_child(F work) {
  int fd[2];
  if (pipe(fd) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    close(fd[0]);
    Meas m = work();
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    m.peak_kib = double(ru.ru_maxrss);
    if (write(fd[1], &m, sizeof m) != sizeof m) _exit(1);
    _exit(0);
  }
  close(fd[1]);
  Meas m;
  m.status = 3;
  if (read(fd[0], &m, sizeof m) != sizeof m) m.status = 3;
  close(fd[0]);
  int st = 0;
  waitpid(pid, &st, 0);
  return m;
}

double secs(Clock::time_point a) { return std::chrono::duration<double>(Clock::now() - a).count(); }

}  // namespace

int main(int argc, char** argv) {
  bench_args::program = "bench_escape_cost";
  for (int i = 1; i < argc; ++i)
    if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
  if (argc > 6) refuse("too many arguments");
  lifted::retain_freed_memory();
  const long long t = argc > 1 ? parse_int(argv[1], "t", 1) : 1000;
  const auto ns = parse_list(argc > 2 ? argv[2] : "3,5,10,20,40,80", "ns", 2);
  const auto ls = parse_list(argc > 3 ? argv[3] : "3,5,7,9,11", "ls", 3);
  for (int l : ls)
    if (l % 2 == 0) refuse("ls: l = " + std::to_string(l) + " is even; SOD uses odd lifting orders");
  const double budget = (argc > 4 ? parse_positive(argv[4], "budget_gib") : 4.0) * 1024.0 * 1024.0 * 1024.0;
  const double cap = argc > 5 ? parse_positive(argv[5], "cap_s") : 20.0;
  rusage base{};
  getrusage(RUSAGE_SELF, &base);
  std::printf(
      "# bench_escape_cost: one SOD escape of t = %lld simulated steps, PMC(n, 0.15), r = 1, "
      "double\n",
      t);
  std::printf(
      "# rho = 0.1, eta = 1e-3 (exact-S and explicit); explicit budget %.1f GiB, time cap %.0f s "
      "per step\n",
      budget / 1073741824.0, cap);
  std::printf(
      "# parent baseline peak RSS %ld KiB (each row: the child's own peak, instance included)\n\n",
      base.ru_maxrss);
  std::printf("| n | l | method | time (s) | peak RSS (MiB) | note |\n|---|---|---|---|---|---|\n");
  std::fflush(stdout);
  for (int n : ns)
    for (int l : ls) {
      // closed form
      Meas c = in_child([&] {
        Meas m;
        auto I = pmc(n);
        const auto X = spurious_pattern(I.problem);
        const auto t0 = Clock::now();
        const auto s = sod_ingredients(I.problem, X, +1);
        const auto R = multi_step(I.problem, s, l, 0.1, 1e-3, t, 0.0);
        m.seconds = secs(t0);
        m.status = R.dominant.empty() ? 3 : 0;
        return m;
      });
      std::printf(
          "| %d | %d | closed-form | %.3g | %.1f | SOD ingredients + (5.8) + (5.15)/(5.16) |\n", n,
          l, c.seconds, c.peak_kib / 1024.0);
      Meas e = in_child([&] {
        Meas m;
        auto I = pmc(n);
        const auto X = spurious_pattern(I.problem);
        const auto t0 = Clock::now();
        const auto s = sod_ingredients(I.problem, X, +1);
        SubspaceSimulation<double> sim(I.problem, s, l);
        Vec<double> c0(3);
        c0 << 1.0, 0.1, 0.0;
        if (!sim.dropped().empty() && sim.dropped().front() == 1) c0(1) = 0;
        try {
          sim.trajectory(c0, 1e-3, t, std::max<long long>(t, 1));
        } catch (const std::exception&) {
          m.status = 3;
        }
        m.seconds = secs(t0);
        return m;
      });
      std::printf(
          "| %d | %d | exact-S | %.3g | %.1f | SOD ingredients + %lld exact PGD steps in S%s |\n",
          n, l, e.seconds, e.peak_kib / 1024.0, t, e.status == 3 ? " (non-finite: diverged)" : "");
      const int N = n;
      const double est = double(lifted::lifted_bytes_estimate(N, n * n, l, sizeof(double)));
      const double madds = double(lifted::lifted_gradient_madds(N, n * n, l));
      if (est > budget) {
        std::printf(
            "| %d | %d | explicit | - | (%.3g estimated) | refused by the memory guard: %s needed; "
            "%.3g "
            "multiply-adds per step |\n",
            n, l, est / 1048576.0, lifted::format_bytes(est).c_str(), madds);
        std::fflush(stdout);
        continue;
      }
      // ~1e9 multiply-adds/s in double on this machine (bench/results/lifted.md):
      // skip what cannot do one step within the cap.
      if (madds / 1e9 > cap) {
        std::printf(
            "| %d | %d | explicit | (%.3g estimated) | (%.3g estimated) | over the time cap: %.3g "
            "multiply-adds per step ~ %.3g s/step at 1e9/s, x %lld steps |\n",
            n, l, madds / 1e9 * t, est / 1048576.0, madds, madds / 1e9, t);
        std::fflush(stdout);
        continue;
      }
      Meas x = in_child([&] {
        Meas m;
        auto I = pmc(n);
        const auto X = spurious_pattern(I.problem);
        const auto t0 = Clock::now();
        try {
          lifted::LiftedProblem<double> L(I.problem, 1, l, std::size_t(budget));
          const auto s = sod_ingredients(I.problem, X, +1);
          const auto S = lifted::make_subspace_basis(L, s);
          lifted::DescentOptions o;
          o.rho = "0.1";
          o.eta = "1e-3";
          // Probe: time a few steps, scale to t.
          const auto t1 = Clock::now();
          o.steps = 1;
          lifted::run_pgd(L, S, o);
          const double one = secs(t1);
          long long probe = std::min<long long>(
              t, std::max<long long>(1, (long long)(cap / std::max(one, 1e-9))));
          probe = std::min<long long>(probe, 200);
          o.steps = int(probe);
          const auto t2 = Clock::now();
          lifted::run_pgd(L, S, o);
          const double per = secs(t2) / double(probe);
          m.seconds = secs(t0) - secs(t1) + per * double(t);
          m.steps_timed = probe;
        } catch (const std::exception&) {
          m.status = 3;
        }
        return m;
      });
      std::printf(
          "| %d | %d | explicit | %.3g | %.1f | lifted problem + S + %lld explicit PGD steps%s |\n",
          n, l, x.seconds, x.peak_kib / 1024.0, t,
          x.status == 3 ? " (error)"
          : x.steps_timed < t
              ? (" (timed over " + std::to_string(x.steps_timed) + " steps, scaled)").c_str()
              : "");
      std::fflush(stdout);
    }
  return 0;
}
