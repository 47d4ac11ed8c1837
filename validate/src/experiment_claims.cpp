// The case studies of §6.1 (Figs. 8, 9) as claims; see experiments.hpp.
// Computed in bf50: at l = 11 the lifted objective is a difference of terms
// like <g, g>^11 that cancel to a few digits, and the escape's h^l change is a
// small fraction of h^l(a); 50 digits leave every comparison decided with
// more than 30 digits to spare (the margins are printed).
#include <chrono>
#include <cmath>
#include <ctime>
#include <limits>
#include <map>
#include <sstream>

#include "sodlift/core/instances.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/core/subspace_simulation.hpp"
#include "sodlift/experiments/case_study.hpp"
#include "sodlift/lifted/descent.hpp"
#include "sodlift/lifted/lifted_problem.hpp"
#include "sodlift/lifted/subspace.hpp"
#include "sodlift/proof/exact_data.hpp"
#include "sodlift/proof/sign_proofs.hpp"
#include "sodlift/validate/experiments.hpp"
#include "sodlift/validate/report.hpp"

namespace sodlift::validate {

namespace {

using T = bf50;

// A std::chrono clock reading this thread's CPU time (POSIX
// CLOCK_THREAD_CPUTIME_ID): what the cost claim times, so that claims running
// in parallel, or other load on the machine, do not enter its comparison.
struct ThreadCpuClock {
  using duration = std::chrono::nanoseconds;
  using rep = duration::rep;
  using period = duration::period;
  using time_point = std::chrono::time_point<ThreadCpuClock>;
  static constexpr bool is_steady = true;
  static time_point now() noexcept {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return time_point(
        duration(std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec)));
  }
};

std::string num(double x, int prec = 4) {
  std::ostringstream os;
  os.precision(prec);
  os << x;
  return os.str();
}
Measured mval(const std::string& name, const T& x) {
  return Measured{name, decimal_string(x), to_double(x)};
}
Measured mtext(const std::string& name, const std::string& v) {
  return Measured{name, v, std::nullopt, MeasureKind::exact};
}
Measured measured_count_text(const std::string& name, long v) {
  return Measured{name, std::to_string(v), double(v), MeasureKind::exact};
}
std::string yes_no(bool b) { return b ? "yes" : "no"; }
double log10d(const T& x) { return x > 0 ? to_double(T(log10(x))) : -400.0; }

// A decrease is decided when the difference exceeds the round-off of the
// terms h^l is a difference of (their size is h^l(a) at most times the
// cancellation the Gram entries allow; 1e-30 relative keeps 20 digits spare).
bool decided(const T& a, const T& b) {
  using std::abs;
  const T scale = abs(a) > abs(b) ? abs(a) : abs(b);
  return abs(a - b) > T(1e-30) * (scale > 0 ? scale : T(1));
}

// The proof behind fig8/fig9 (issue 25, docs/proofs.md): (a) and (b) at X*
// in ball arithmetic. (c) (t steps of exact PGD) and (d) (GD to convergence)
// are not enclosed, so HOLDS is never proved; FAILS is proved when (a) or (b)
// is proved false.
void attach_case_study_proof(const CaseStudySetup& su, const Mat<T>& X, Verdict va, Verdict vb,
                             ClaimResult& res) {
  ProofNote& p = res.proof;
  p.attempted = true;
  std::vector<std::string> center;
  for (Eigen::Index k = 0; k < X.size(); ++k) center.push_back(decimal_string(X.data()[k]));
  proof::ClosedFormProof pr;
  try {
    pr = proof::enclose_closed_form(proof::exact_data(su.spec), center, su.l, su.rho, su.eta, su.t);
  } catch (const std::exception& e) {
    pr.reason = e.what();
  }
  p.method = pr.method;
  if (!pr.ok) {
    p.statement = "(a) and (b) at X*";
    p.detail = "not proved: " + pr.reason;
    return;
  }
  const proof::Enclosure ca = proof::difference(pr.log10_c, pr.log10_a);
  const proof::Enclosure cb = proof::difference(pr.log10_c, pr.log10_b);
  // +1: proved true, -1: proved false, 0: undecided.
  const int a = ca.sign > 0 && cb.sign > 0 ? 1 : (ca.sign < 0 || cb.sign < 0) ? -1 : 0;
  const int b = pr.hl_diff.sign < 0 ? 1 : pr.hl_diff.sign > 0 ? -1 : 0;
  const bool a_false = va == Verdict::fails && a == -1, b_false = vb == Verdict::fails && b == -1;
  p.proved = res.verdict == Verdict::fails && (a_false || b_false);
  p.statement =
      res.verdict == Verdict::fails
          ? std::string(b_false   ? "(b) is false at X*: h^l(a + beta~ b + gamma~ c) > h^l(a)"
                        : a_false ? "(a) is false at X*: the c-term does not dominate"
                                  : "(a) or (b) is false at X*")
          : "(a), (b) enclosed at X*; (c), (d) are not: not proved";
  p.enclosure = "(a) log10||c-term|| - log10||a-term|| in " + ca.ball + ", - log10||b-term|| in " +
                cb.ball + "; (b) h^l(a) in " + pr.hl_a.ball +
                ", h^l(a + beta~ b + gamma~ c) - h^l(a) in " + pr.hl_diff.ball;
  p.detail = "Krawczyk box radius " + pr.radius + "; lambda_n in [" + pr.lambda_n.lower + ", " +
             pr.lambda_n.upper + "]; ||u_n - computed|| <= " + pr.u_error.upper + "; (a) " +
             (a > 0   ? "proved true"
              : a < 0 ? "proved false"
                      : "undecided") +
             ", (b) " +
             (b > 0   ? "proved true"
              : b < 0 ? "proved false"
                      : "undecided");
  res.measured.push_back(mtext("proof (ball arithmetic)", p.proved ? "proved" : "not proved"));
}

}  // namespace

CaseStudySetup pmc_case_study_setup() {
  CaseStudySetup s;
  s.label = "pmc(3,0.3)";  // the built-in pmc3 instance's column in the report
  s.spec.name = "pmc";
  s.spec.n = 3;
  s.spec.eps = "0.3";
  s.start = {"-1", "0", "1"};
  return s;
}

CaseStudySetup realworld_case_study_setup() {
  CaseStudySetup s;
  s.label = "realworld";
  s.spec.name = "realworld";
  s.l = 5;
  s.rho = "0.1";
  s.eta = "0.1";
  s.t = 150000;
  s.gd_step = "0.1";
  s.gd_before = 100;
  s.gd_after = 100;
  return s;
}

ClaimResult case_study_claim(const CaseStudySetup& su, const std::string& id) {
  auto I = make_instance<T>(su.spec);
  const auto& P = I.problem;
  Mat<T> start = I.start;
  if (!su.start.empty())
    for (int i = 0; i < P.n(); ++i) start(i, 0) = from_string<T>(su.start[i]);
  CaseStudyParams<T> prm;
  prm.l = su.l;
  prm.rho = from_string<T>(su.rho);
  prm.eta = from_string<T>(su.eta);
  prm.t = su.t;
  prm.gd_step = from_string<T>(su.gd_step);
  prm.gd_after = su.gd_after;
  // The spurious point as the paper reaches it: GD with its step from the
  // start for its number of iterations, then refinement and certification.
  GdOptions<T> g;
  g.step = prm.gd_step;
  g.max_iter = su.gd_before;
  g.grad_tol = T(0);
  const GdRun<T> before = gradient_descent(P, start, g);
  const auto R = case_study(P, before.X, prm);

  ClaimResult res;
  res.id = id;
  res.instance = su.label;
  res.precision = scalar_name<T>::value;
  auto& m = res.measured;
  const std::string params = "l = " + std::to_string(su.l) + ", rho = " + su.rho +
                             ", eta = " + su.eta + ", t = " + std::to_string(su.t) + ", GD step " +
                             su.gd_step;
  m.push_back(mtext("parameters (published, SPEC §7)", params));
  {
    std::ostringstream os;
    for (int i = 0; i < R.cp.X.rows(); ++i)
      os << (i ? ", " : "") << num(to_double(R.cp.X(i, 0)), 6);
    m.push_back(mtext("X̂ (certified " + std::string(to_string(R.cp.kind)) + ", after " +
                          std::to_string(su.gd_before) + " GD steps from the published start)",
                      "(" + os.str() + ")"));
  }
  m.push_back(mval("h(X̂)", R.h_hat));
  m.push_back(mtext(
      "span of {a, b, c}",
      "rank " + std::to_string(R.gram_rank) +
          (R.dropped.empty() ? "" : ", dropped: " + R.dropped + " (parallel to the others)")));

  // (a) dominance by (5.8) at t.
  const auto& M = R.multi;
  m.push_back(mval("(a) log10 ||a-term|| = l log10 ||X̂||", M.log10_norm_a_term));
  m.push_back(mval("(a) log10 ||beta~ b|| at t", M.log10_norm_b_term));
  m.push_back(mval("(a) log10 ||gamma~ c|| at t", M.log10_norm_c_term));
  m.push_back(mtext("(a) dominant term at t (5.8)", M.dominant));
  const Verdict va = M.dominant == "c" ? Verdict::holds : Verdict::fails;

  // (b) true h^l vs the diagonal surrogate, closed-form coefficients.
  m.push_back(mval("(b) h^l(a)", R.h_lifted_a));
  m.push_back(mval("(b) h^l(a + beta~ b + gamma~ c) at t (exact, SPEC §2.3)", R.closed.h_lifted));
  m.push_back(mtext("(b) h^l decreased", yes_no(R.closed.decreased)));
  m.push_back(mval("(b) diagonal surrogate at a", R.surrogate_a));
  m.push_back(mval("(b) diagonal surrogate at a + beta~ b + gamma~ c", R.closed.surrogate));
  m.push_back(mtext("(b) surrogate decreased", yes_no(R.closed.surrogate_decreased)));
  m.push_back(mtext("(b) true h^l and surrogate agree on 'decreased'",
                    yes_no(R.closed.decreased == R.closed.surrogate_decreased)));
  Verdict vb = !R.closed.finite || !decided(R.closed.h_lifted, R.h_lifted_a)
                   ? Verdict::inconclusive
                   : (R.closed.decreased ? Verdict::holds : Verdict::fails);

  // (c) exact PGD in S over the same t.
  Verdict vc = Verdict::inconclusive;
  std::string vc_text;
  if (!R.exact.finite) {
    vc_text = "exact PGD in S undefined: " + R.exact.dominant;
    m.push_back(mtext("(c) exact PGD in S", vc_text));
  } else {
    m.push_back(mval("(c) exact alpha(t)", R.exact.alpha));
    m.push_back(mval("(c) exact beta(t)", R.exact.beta));
    m.push_back(mval("(c) exact gamma(t)", R.exact.gamma));
    m.push_back(mval("(c) exact ||alpha a||", R.exact.norm_a));
    m.push_back(mval("(c) exact ||beta b||", R.exact.norm_b));
    m.push_back(mval("(c) exact ||gamma c||", R.exact.norm_c));
    m.push_back(mtext("(c) exact dominant term at t", R.exact.dominant));
    m.push_back(mval("(c) exact h^l(w(t))", R.exact.h_lifted));
    m.push_back(mtext("(c) exact h^l decreased", yes_no(R.exact.decreased)));
    m.push_back(mval("(c) exact diagonal surrogate", R.exact.surrogate));
    m.push_back(mtext("(c) exact: true h^l and surrogate agree on 'decreased'",
                      yes_no(R.exact.decreased == R.exact.surrogate_decreased)));
    // With c dropped (c parallel to b), the c-term is a multiple of b: the
    // question "does the c-term dominate" is then "does the {b, c} direction
    // dominate a" (the split between b and c is not defined).
    const bool c_in_b = R.dropped == "c";
    const bool dom_ok = c_in_b ? R.exact.dominant == "b" : R.exact.dominant == "c";
    const bool dec_decided = decided(R.exact.h_lifted, R.h_lifted_a);
    vc = !dec_decided ? Verdict::inconclusive
                      : (dom_ok && R.exact.decreased ? Verdict::holds : Verdict::fails);
    vc_text = std::string("exact dominance ") + R.exact.dominant +
              (c_in_b ? " (c parallel to b: the b/c direction " +
                            std::string(dom_ok ? "dominates" : "does not dominate") + " a)"
                      : "") +
              ", h^l " + (R.exact.decreased ? "decreased" : "not decreased") + " (" +
              num(to_double(R.exact.h_lifted)) + " vs " + num(to_double(R.h_lifted_a)) + ")";
  }

  // (d) escape points and where GD ends.
  for (const auto& e : R.escape) {
    const std::string L = "(d) sign " + std::string(e.sign > 0 ? "+" : "-") + "u_n: ";
    if (!e.defined) {
      m.push_back(mtext(L + "escape point", "undefined: " + e.note));
      continue;
    }
    std::ostringstream os;
    for (int i = 0; i < e.point.rows(); ++i)
      os << (i ? ", " : "") << num(to_double(e.point(i, 0)), 6);
    m.push_back(mtext(L + e.type + "-type X̌ (larger of the b- and c-terms)", "(" + os.str() + ")"));
    m.push_back(mval(L + "h(X̌)", e.h));
    m.push_back(mtext(L + "h(X̌) < h(X̂)", yes_no(e.h_lower)));
    m.push_back(
        mval(L + "||XX^T - M*||_F after the paper's " + std::to_string(su.gd_after) + " GD steps",
             e.gd_paper.dist_truth));
    m.push_back(mtext(L + "GD to convergence ends at",
                      e.gd_end.end + (e.gd_end.end == "ground_truth" ? " " + e.gd_end.z_sign : "") +
                          " after " + std::to_string(e.gd_end.iterations) + " steps"));
  }
  const auto& E = R.escape[R.chosen];
  const Verdict vd = !E.defined
                         ? Verdict::inconclusive
                         : (E.gd_end.end == "ground_truth" ? Verdict::holds : Verdict::fails);
  m.push_back(mtext("(d) sign used (lower h(X̌))", E.sign > 0 ? "+" : "-"));

  res.verdict = worst(worst(va, vb), worst(vc, vd));
  attach_case_study_proof(su, R.cp.X, va, vb, res);  // issue 25: (a), (b) enclosed at X*
  std::ostringstream why;
  why << "(a) " << to_string(va) << ": dominant term at t is " << M.dominant << " (log10 norms a "
      << num(to_double(M.log10_norm_a_term)) << ", b " << num(to_double(M.log10_norm_b_term))
      << ", c " << num(to_double(M.log10_norm_c_term)) << "); (b) " << to_string(vb) << ": h^l "
      << num(to_double(R.closed.h_lifted)) << " vs h^l(a) " << num(to_double(R.h_lifted_a))
      << ", diagonal surrogate " << (R.closed.surrogate_decreased ? "decreased" : "not decreased")
      << " (" << (R.closed.decreased == R.closed.surrogate_decreased ? "agrees" : "DISAGREES")
      << "); (c) " << to_string(vc) << ": " << vc_text << "; (d) " << to_string(vd) << ": h(X̌) "
      << num(to_double(E.h)) << " vs h(X̂) " << num(to_double(R.h_hat))
      << (E.h_lower ? " (lower)" : " (NOT lower)") << ", GD ends at " << E.gd_end.end
      << (E.gd_end.end == "ground_truth" ? " " + E.gd_end.z_sign : "") << ".";
  res.reason = why.str();
  res.key_number =
      "h^l " + num(to_double(R.closed.h_lifted), 3) + " vs " + num(to_double(R.h_lifted_a), 3);

  // Series and the panels (d)(e): log10 of the lifted objective and of the
  // three term norms against t, closed form and exact side by side.
  Series ser;
  ser.name = id + "-curves";
  ser.columns = {"t",
                 "closed_h_lifted",
                 "closed_surrogate",
                 "closed_norm_a",
                 "closed_norm_b",
                 "closed_norm_c",
                 "exact_h_lifted",
                 "exact_surrogate",
                 "exact_norm_a",
                 "exact_norm_b",
                 "exact_norm_c"};
  PlotSpec pd, pe;
  pd.stem = id + "-lifted-objective";
  pd.title = su.label + ": lifted objective vs simulated TPGD steps";
  pd.xlabel = "t (simulated TPGD steps)";
  pd.ylabel = "log10 h^l (scale 1/4)";
  pe.stem = id + "-term-norms";
  pe.title = su.label + ": norms of the three terms of w(t) in S";
  pe.xlabel = pd.xlabel;
  pe.ylabel = "log10 norm";
  // The values are already log10 (they span hundreds of decades: exact alpha
  // reaches 1e-516), so the axes stay linear: an automatic symlog axis would
  // take the log of a log.
  pd.xscale = pe.xscale = pd.yscale = pe.yscale = AxisScale::linear;
  // h^l(a) is the reference line (black, dashed, drawn over the others), so
  // exact PGD and h^l(a) stay distinguishable where they nearly coincide
  // (fig9). Values of h^l and its surrogate below the resolution of a
  // decrease (`decided`: 1e-30 h^l(a)) are round-off and not drawn; a line
  // at that level says where they stop (fig8's exact surrogate reached 1e-99).
  pd.kind = PlotKind::versus_reference;
  pd.reference = log10d(R.h_lifted_a);
  pd.reference_label = "h^l(a)";
  const double resolution = log10d(R.h_lifted_a) - 30;
  bool below_resolution = false;
  PlotLine hc{"closed form (5.8): h^l", {}, {}}, he{"exact PGD in S: h^l", {}, {}},
      sc{"closed form: diagonal surrogate", {}, {}}, se{"exact: diagonal surrogate", {}, {}},
      ha{"1e-30 h^l(a): resolution, lower values not drawn", {}, {}};
  PlotLine nc[3] = {
      {"closed ||a||", {}, {}}, {"closed ||beta~ b||", {}, {}}, {"closed ||gamma~ c||", {}, {}}};
  PlotLine ne[3] = {
      {"exact ||alpha a||", {}, {}}, {"exact ||beta b||", {}, {}}, {"exact ||gamma c||", {}, {}}};
  for (const auto& p : R.curve) {
    const double t = double(p.t);
    ser.rows.push_back({std::to_string(p.t), decimal_string(p.closed.h_lifted),
                        decimal_string(p.closed.surrogate), decimal_string(p.closed.norm_a),
                        decimal_string(p.closed.norm_b), decimal_string(p.closed.norm_c),
                        decimal_string(p.exact.h_lifted), decimal_string(p.exact.surrogate),
                        decimal_string(p.exact.norm_a), decimal_string(p.exact.norm_b),
                        decimal_string(p.exact.norm_c)});
    ha.x.push_back(t), ha.y.push_back(resolution);
    auto add = [&](PlotLine& L, const T& v, bool ok) {
      if (ok && v > 0) L.x.push_back(t), L.y.push_back(log10d(v));
    };
    auto add_h = [&](PlotLine& L, const T& v, bool ok) {
      if (ok && v > 0 && log10d(v) < resolution)
        below_resolution = true;
      else
        add(L, v, ok);
    };
    add_h(hc, p.closed.h_lifted, p.closed.finite);
    add_h(sc, p.closed.surrogate, p.closed.finite);
    add_h(he, p.exact.h_lifted, p.exact.finite);
    add_h(se, p.exact.surrogate, p.exact.finite);
    add(nc[0], p.closed.norm_a, p.closed.finite);
    add(nc[1], p.closed.norm_b, p.closed.finite);
    add(nc[2], p.closed.norm_c, p.closed.finite);
    add(ne[0], p.exact.norm_a, p.exact.finite);
    add(ne[1], p.exact.norm_b, p.exact.finite);
    add(ne[2], p.exact.norm_c, p.exact.finite);
  }
  pd.lines = {hc, he, sc, se};
  if (below_resolution) pd.lines.push_back(ha);
  pe.lines = {nc[0], nc[1], nc[2], ne[0], ne[1], ne[2]};
  res.series.push_back(ser);
  res.plots.push_back(pd);
  res.plots.push_back(pe);
  return res;
}

// ---------------------------------------------------------------------------
// Cost of one escape, in process (bench/bench_escape_cost.cpp measures peak
// memory per call in forked children; here the memory column is the bytes the
// computation holds: the explicit side's guard estimate, O(m + n^2) scalars
// for the other two).
std::vector<EscapeCostRow> escape_cost_grid(const std::vector<int>& ns, const std::vector<int>& ls,
                                            long long t, double budget, double cap) {
  // Timings are the CPU time of this thread (lifted/ and core/ are single
  // threaded), best of kReps repetitions: validate runs claims in parallel and
  // a wall-clock reading of a 0.1 ms computation flipped this claim's verdict
  // under load. The verdict still rests on timings; the series says so.
  using Clock = ThreadCpuClock;
  auto secs = [](Clock::time_point a) {
    return std::chrono::duration<double>(Clock::now() - a).count();
  };
  constexpr int kReps = 3;
  std::vector<EscapeCostRow> rows;
  for (int n : ns) {
    InstanceSpec spec;
    spec.name = "pmc";
    spec.n = n;
    spec.eps = "0.15";
    const auto I = make_instance<double>(spec);
    const auto& P = I.problem;
    Mat<double> X = P.Z();  // the PMC spurious pattern: last support entry negated
    for (int i = n - 1; i >= 0; --i)
      if (X(i, 0) != 0) {
        X(i, 0) = -X(i, 0);
        break;
      }
    const double small_bytes = 8.0 * (double(P.m()) * 8 + 4.0 * n * n);
    for (int l : ls) {
      EscapeCostRow c{"closed-form", n, l, t, false, 0, 0, ""};
      Clock::time_point t0;
      c.seconds = std::numeric_limits<double>::infinity();
      for (int rep = 0; rep < kReps; ++rep) {
        t0 = Clock::now();
        const auto s = sod_ingredients(P, X, +1);
        multi_step(P, s, l, 0.1, 1e-3, t, 0.0);
        c.seconds = std::min(c.seconds, secs(t0));
      }
      const auto s = sod_ingredients(P, X, +1);
      c.measured = true;
      c.peak_bytes = small_bytes;
      rows.push_back(c);
      EscapeCostRow e{"exact-S", n, l, t, false, 0, 0, ""};
      e.seconds = std::numeric_limits<double>::infinity();
      for (int rep = 0; rep < kReps; ++rep) {
        t0 = Clock::now();
        const auto s2 = sod_ingredients(P, X, +1);
        SubspaceSimulation<double> sim(P, s2, l);
        Vec<double> c0(3);
        c0 << 1.0, (!sim.dropped().empty() && sim.dropped().front() == 1) ? 0.0 : 0.1, 0.0;
        try {
          sim.trajectory(c0, 1e-3, t, std::max<long long>(t, 1));
        } catch (const std::exception& ex) {
          e.note = ex.what();
        }
        e.seconds = std::min(e.seconds, secs(t0));
      }
      e.measured = true;
      e.peak_bytes = small_bytes;
      rows.push_back(e);
      EscapeCostRow x{"explicit", n, l, t, false, 0, 0, ""};
      const double est = double(lifted::lifted_bytes_estimate(n, P.m(), l, sizeof(double)));
      const double madds = double(lifted::lifted_gradient_madds(n, P.m(), l));
      x.peak_bytes = est;
      if (est > budget) {
        x.note = "refused by the memory guard: " + lifted::format_bytes(est) + " needed";
      } else if (madds / 1e9 > cap) {
        x.note = "over the time cap: " + num(madds, 3) + " multiply-adds per step";
      } else {
        t0 = Clock::now();
        lifted::LiftedProblem<double> L(P, 1, l, std::size_t(budget));
        const auto S = lifted::make_subspace_basis(L, s);
        lifted::DescentOptions o;
        o.rho = "0.1";
        o.eta = "1e-3";
        const double setup = secs(t0);
        o.steps = 1;
        auto t1 = Clock::now();
        lifted::run_pgd(L, S, o);
        const double one = secs(t1);
        long long probe =
            std::min<long long>(t, std::max<long long>(1, (long long)(cap / std::max(one, 1e-9))));
        probe = std::min<long long>(probe, 20);
        o.steps = int(probe);
        // Best of kReps where a probe is cheap (n = 3, 5 at l = 3: a few ms,
        // where the comparison is closest); one probe where it is not.
        const int reps = one * double(probe) < 0.05 ? kReps : 1;
        double best = std::numeric_limits<double>::infinity();
        for (int rep = 0; rep < reps; ++rep) {
          t1 = Clock::now();
          lifted::run_pgd(L, S, o);
          best = std::min(best, secs(t1));
        }
        x.seconds = setup + best / double(probe) * double(t);
        x.measured = true;
        if (probe < t) x.note = "timed over " + std::to_string(probe) + " steps, scaled to t";
      }
      rows.push_back(x);
    }
  }
  return rows;
}

ClaimResult cost_claim(const std::string& id, bool full) {
  const std::vector<int> full_ns{3, 5, 10, 20, 40, 80}, full_ls{3, 5, 7, 9, 11};
  const long long full_t = 1000;
  const std::vector<int> ns = full ? full_ns : std::vector<int>{3, 5, 10};
  const std::vector<int> ls = full ? full_ls : std::vector<int>{3, 5};
  const long long t = full ? full_t : 100;
  const double budget = 4.0 * 1073741824.0, cap = full ? 5.0 : 0.5;
  const auto rows = escape_cost_grid(ns, ls, t, budget, cap);
  ClaimResult res;
  res.id = id;
  res.instance = "pmc-grid";
  res.precision = "double";
  Series ser;
  ser.name = id + "-escape";
  ser.columns = {"n", "l", "t", "method", "measured", "seconds", "bytes", "note"};
  std::map<std::pair<int, int>, std::map<std::string, const EscapeCostRow*>> by;
  long explicit_run = 0, explicit_refused = 0, cheaper = 0;
  for (const auto& r : rows) {
    by[{r.n, r.l}][r.method] = &r;
    ser.rows.push_back({std::to_string(r.n), std::to_string(r.l), std::to_string(r.t), r.method,
                        r.measured ? "yes" : "no", r.measured ? num(r.seconds, 4) : "",
                        num(r.peak_bytes, 4), r.note});
  }
  for (const auto& [k, mm] : by) {
    const auto* x = mm.at("explicit");
    const std::string L = "n=" + std::to_string(k.first) + ", l=" + std::to_string(k.second) + ": ";
    res.measured.push_back(mval(L + "explicit lifting bytes (guard estimate)", T(x->peak_bytes)));
    if (!x->measured) {
      ++explicit_refused;
      res.measured.push_back(mtext(L + "explicit lifting", "not run: " + x->note));
      continue;
    }
    ++explicit_run;
    if (mm.at("closed-form")->seconds < x->seconds && mm.at("exact-S")->seconds < x->seconds)
      ++cheaper;
  }
  res.measured.push_back(
      measured_count_text("grid points where explicit lifting ran", explicit_run));
  res.measured.push_back(
      measured_count_text("grid points where explicit lifting was refused", explicit_refused));
  // Plot: log10 seconds against n, one line per (method, l).
  PlotSpec p;
  p.stem = id + "-escape-time";
  p.title = "One escape of t = " + std::to_string(t) +
            " steps: thread CPU time, best of 3 (double, PMC(n, 0.15))";
  p.xlabel = "n";
  p.ylabel = "log10 seconds";
  for (const std::string method : {"closed-form", "exact-S", "explicit"})
    for (int l : ls) {
      PlotLine line{method + " l=" + std::to_string(l), {}, {}};
      for (const auto& r : rows)
        if (r.method == method && r.l == l && r.measured && r.seconds > 0)
          line.x.push_back(r.n), line.y.push_back(std::log10(r.seconds));
      if (!line.x.empty()) p.lines.push_back(line);
    }
  res.series.push_back(ser);
  res.plots.push_back(p);
  res.verdict = explicit_run == 0 ? Verdict::inconclusive
                                  : (cheaper == explicit_run ? Verdict::holds : Verdict::fails);
  res.reason = "closed form and exact PGD in S faster than explicit lifting at " +
               std::to_string(cheaper) + " of " + std::to_string(explicit_run) +
               " grid points where explicit lifting ran; explicit refused at " +
               std::to_string(explicit_refused) + " (memory guard " + lifted::format_bytes(budget) +
               " or time cap); times are thread CPU seconds, best of 3, in the series (times are "
               "not part of the golden data)";
  res.key_number = "faster at " + std::to_string(cheaper) + "/" + std::to_string(explicit_run) +
                   " grid points (explicit refused at " + std::to_string(explicit_refused) + ")";
  auto list = [](const std::vector<int>& v) {
    std::string out;
    for (int x : v) out += (out.empty() ? "" : ", ") + std::to_string(x);
    return out;
  };
  PopulationInfo pop;
  pop.reduced = !full;
  pop.what = "n = " + list(ns) + "; l = " + list(ls) + "; t = " + std::to_string(t);
  if (!full) {
    pop.mark = "reduced grid";
    pop.what += " (validate --full: n = " + list(full_ns) + "; l = " + list(full_ls) +
                "; t = " + std::to_string(full_t) + ")";
    pop.cannot_decide = "n > " + std::to_string(ns.back()) + ", l > " + std::to_string(ls.back());
  }
  res.population = pop;
  return res;
}

}  // namespace sodlift::validate
