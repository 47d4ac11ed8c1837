// §5.2-§5.4 (truncated projected GD): Prop. 5.1 (5.5) and Prop. 5.2 (5.7) with
// measured orders, the first-order model of exact PGD in S against the
// recursion (5.8), Prop. 5.3 (descent of h^l along literal TPGD, (5.9)-(5.10)),
// and the cross-check of the two PGD implementations (Algorithm 1, steps
// 1.1-1.2).
#pragma once

#include "claims/support/order_sweep.hpp"
#include "claims/support/sign_proofs.hpp"

namespace sodlift::validate {

// ---------------------------------------------------------------------------
template <class T>
ClaimResult check_prop5_1(const Context<T>& c, const LiftedCheckOptions& o) {
  using namespace lchk;
  ClaimResult res;
  Verdict v = Verdict::holds;
  std::string reason;
  const T eta = from_string<T>("1e-2");
  const auto grid = log_grid(-1, -5);
  double worst_slope = 1e9;
  for (int l : c.options.lifting_orders) {
    SubspaceSimulation<T> sim(c.instance.problem, c.sod, l);
    res.measured.push_back(
        measured_text(Lname(l) + "span kept",
                      sim.dropped().empty() ? "a,b,c" : "dropped " + sim.dropped_names()));
    const auto sw = order_sweep(res, c, sim, 0, true, eta, grid, 2.0, o, "prop5.1-rho", true);
    v = worst(v, sw.judge.verdict);
    worst_slope = std::min(worst_slope, sw.fit.slope);
    reason += (reason.empty() ? "" : "; ") + Lname(l) + sw.judge.reason;
    // Explicit lifting cross-check of the exact step (one point).
    auto lift = try_lift(c, l, o);
    if (lift.L) {
      lifted::DescentOptions d;
      d.rho = "1e-2";
      d.eta = "1e-2";
      d.steps = 1;
      const auto ex = lifted::run_pgd(*lift.L, *lift.S, d);
      const Vec<T> st = sim.step(vec3<T>(1, from_string<T>("1e-2"), 0), from_string<T>("1e-2"));
      double dg = detail::digits_cap<T>();
      const T exv[3] = {ex[1].alpha, ex[1].beta, ex[1].gamma};
      for (int p = 0; p < 3; ++p)
        if (!(exv[p] == 0 && st(p) == 0)) dg = std::min(dg, correct_digits(exv[p], T(st(p))));
      res.measured.push_back(
          Measured{Lname(l) + "explicit run_pgd vs exact-in-S, one step at rho=eta=1e-2 (digits)",
                   short_num(dg, 3), dg, MeasureKind::residual});
    } else {
      res.measured.push_back(measured_text(Lname(l) + "explicit cross-check", lift.refused));
    }
  }
  // Control: l = 1, where the paper's b-column is exact (docs, F1).
  {
    SubspaceSimulation<T> sim1(c.instance.problem, c.sod, 1);
    ClaimResult tmp;
    const auto sw = order_sweep(tmp, c, sim1, 0, true, eta, grid, 2.0, o, "prop5.1-rho", false);
    res.measured.push_back(Measured{"control l=1: fitted slope (not part of the verdict)",
                                    short_num(sw.fit.slope, 4), sw.fit.slope, MeasureKind::value});
  }
  res.verdict = v;
  res.reason =
      reason + " (eta = 1e-2 fixed, rho = 1e-1..1e-5; error = tensor norm of w^(1) - w~^(1))";
  if (v == Verdict::fails)
    res.reason +=
        ". The first-order error eta rho (J_bb - lambda_n^l) of the b-coefficient survives (see "
        "first-order): the error is O(rho eta), not O~(rho^2), at fixed eta";
  res.digits = worst_slope;
  res.key_number = "slope " + short_num(worst_slope, 3) + " (claimed 2)";
  return res;
}

// ---------------------------------------------------------------------------
template <class T>
ClaimResult check_prop5_2(const Context<T>& c, const LiftedCheckOptions& o) {
  using namespace lchk;
  using std::abs;
  ClaimResult res;
  Verdict v = Verdict::holds;
  std::string reason;
  const long long t0 = 5;
  // (rho + eta) rho eta: order 2 in rho when rho >> eta, order 2 in eta when
  // eta >> rho (order 1 in the other regime). Both sweeps keep the ratio >= 1e2.
  const T tiny = from_string<T>("1e-6");
  const auto grid = log_grid(-1, -4);
  double worst_slope = 1e9;
  for (int l : c.options.lifting_orders) {
    SubspaceSimulation<T> sim(c.instance.problem, c.sod, l);
    const auto a = order_sweep(res, c, sim, t0, true, tiny, grid, 2.0, o, "prop5.2-rho", true);
    const auto b = order_sweep(res, c, sim, t0, false, tiny, grid, 2.0, o, "prop5.2-eta", true);
    v = worst(v, worst(a.judge.verdict, b.judge.verdict));
    worst_slope = std::min({worst_slope, a.fit.slope, b.fit.slope});
    reason += (reason.empty() ? "" : "; ") + Lname(l) + "vs rho (eta=1e-6): " + a.judge.reason +
              "; vs eta (rho=1e-6): " + b.judge.reason;
    // Per-step growth of beta along exact PGD (first 10 steps) vs 1 - eta lambda_n^l
    // (5.8) and vs 1 - eta J_bb (first-order model).
    const T rho = from_string<T>("1e-3"), eta = from_string<T>("1e-3");
    FirstOrderModel<T> fo(sim, c.sod, eta, rho);
    const T q_paper = T(1) - eta * int_pow(c.sod.lambda_n, l);
    const T q_fo = T(1) - eta * fo.J(1, 1);
    Vec<T> cv = vec3<T>(1, rho, 0);
    T ratio_first = 0, ratio_last = 0;
    for (int t = 0; t < 10; ++t) {
      const Vec<T> nx = sim.step(cv, eta);
      const T ratio = nx(1) / cv(1);
      if (t == 0) ratio_first = ratio;
      ratio_last = ratio;
      cv = nx;
    }
    res.measured.push_back(
        measured(Lname(l) + "beta growth per step, exact PGD, step 1 (rho=eta=1e-3)", ratio_first));
    res.measured.push_back(
        measured(Lname(l) + "beta growth per step, exact PGD, step 10", ratio_last));
    res.measured.push_back(measured(Lname(l) + "1 - eta lambda_n^l (5.8)", q_paper));
    res.measured.push_back(measured(Lname(l) + "1 - eta J_bb (first-order model)", q_fo));
    res.measured.push_back(measured(Lname(l) + "(observed - 1)/(paper - 1) at step 10",
                                    T((ratio_last - T(1)) / (q_paper - T(1)))));
    res.measured.push_back(measured(Lname(l) + "(observed - 1)/(first-order - 1) at step 10",
                                    T((ratio_last - T(1)) / (q_fo - T(1)))));
  }
  res.verdict = v;
  res.reason =
      reason + " (one exact step from the (5.8) point at t = 5 to t = 6; error = tensor norm)";
  res.digits = worst_slope;
  res.key_number =
      "min slope " + short_num(worst_slope, 3) + " (claimed 2 in each dominant regime)";
  return res;
}

// ---------------------------------------------------------------------------
template <class T>
ClaimResult check_first_order(const Context<T>& c, const LiftedCheckOptions& o) {
  using namespace lchk;
  using std::abs;
  ClaimResult res;
  Verdict v = Verdict::holds;
  std::string reason;
  double min_digits = detail::digits_cap<T>();
  const T eta = from_string<T>("1e-3"), rho = from_string<T>("1e-3");
  const char* nm = "abc";
  for (int l : c.options.lifting_orders) {
    SubspaceSimulation<T> sim(c.instance.problem, c.sod, l);
    FirstOrderModel<T> fo(sim, c.sod, eta, rho);
    Mat<T> Jp = fo.J_paper;
    if (o.perturb_printed != 0) Jp(1, 1) *= T(1) + T(o.perturb_printed);
    const bool c_dropped =
        std::find(sim.dropped().begin(), sim.dropped().end(), 2) != sim.dropped().end();
    std::string note;
    if (c_dropped) {
      // c = kappa b exactly: the paper's b-column (0, lambda^l, sigma^l 2^(1-l)) acts on b as
      // lambda^l + kappa sigma^l 2^(1-l) in the reduced coordinates.
      const T kappa = sim.gram()(1, 2) / sim.gram()(1, 1);
      Jp(1, 1) += kappa * Jp(2, 1);
      Jp(2, 1) = 0;
      note = " (reduced span: c = kappa b with kappa = " + short_num(to_double(kappa), 6) +
             ", paper's c-entry folded onto b)";
      res.measured.push_back(measured(Lname(l) + "kappa = G_bc/G_bb", kappa));
      res.measured.push_back(
          measured(Lname(l) + "J_bb paper before folding (lambda_n^l)", fo.J_paper(1, 1)));
    }
    const T scale = fo.J.cwiseAbs().maxCoeff() + Jp.cwiseAbs().maxCoeff();
    const T bound = tolerance<T>::bound(1e3, 100, T(scale * sim.reduced_condition()));
    std::string bad;
    for (int p = 0; p < 3; ++p)
      for (int q = 0; q < 3; ++q) {
        const std::string e = std::string("J_") + nm[p] + nm[q];
        const T diff = abs(fo.J(p, q) - Jp(p, q));
        const bool determined =
            (q == 1);  // the b-column: what the recursion (5.8) uses at first order
        const bool differs = diff > T(kClearlyFactor) * bound;
        // An entry at round-off level (e.g. J_ab on pmc, ~1e-153) is noise, not a value.
        res.measured.push_back(
            measured(Lname(l) + e + " exact", fo.J(p, q),
                     abs(fo.J(p, q)) <= bound ? MeasureKind::residual : MeasureKind::value));
        res.measured.push_back(measured(Lname(l) + e + " paper", Jp(p, q),
                                        Jp(p, q) == 0 ? MeasureKind::exact : MeasureKind::value));
        const double dg = correct_digits(fo.J(p, q), Jp(p, q));
        res.measured.push_back(
            Measured{Lname(l) + e + " digits of agreement" +
                         (determined ? "" : " (not determined: paper's remainder)"),
                     short_num(dg, 3), dg, MeasureKind::residual});
        if (determined) {
          min_digits = std::min(min_digits, dg);
          if (differs) {
            v = Verdict::fails;
            bad += (bad.empty() ? "" : ", ") + e + " " + short_num(to_double(fo.J(p, q)), 6) +
                   " vs " + short_num(to_double(Jp(p, q)), 6);
          } else if (diff > bound) {
            v = worst(v, Verdict::inconclusive);
          }
        }
      }
    reason +=
        (reason.empty() ? "" : "; ") + Lname(l) +
        (bad.empty() ? std::string("b-column agrees to round-off") : "b-column differs: " + bad) +
        note;
  }
  res.verdict = v;
  res.reason =
      reason +
      ". Determined entries: the b-column (5.8 at first order in delta c); a- and c-columns "
      "are zero in the paper's matrix because it drops those sub-terms as remainders "
      "(reported, not judged)";
  res.digits = min_digits;
  res.key_number = short_num(min_digits, 3) + " digits (b-column)";
  return res;
}

// ---------------------------------------------------------------------------
template <class T>
ClaimResult check_prop5_3(const Context<T>& c, const LiftedCheckOptions& o) {
  using namespace lchk;
  ClaimResult res;
  const int l = c.options.lifting_orders.empty() ? 3 : c.options.lifting_orders.front();
  auto lift = try_lift(c, l, o);
  if (!lift.L) return refused_result(lift, l);
  lifted::DescentOptions d;
  d.rho = o.tpgd_step;
  d.eta = o.tpgd_step;
  d.steps = 10;
  const auto rec = lifted::run_tpgd(*lift.L, *lift.S, d);
  Series ser;
  ser.name = "prop5.3-" + file_stem(c.instance.name) + "-l" + std::to_string(l);
  ser.columns = {
      "t", "h_tpgd", "h_at_a", "pgd_tpgd_gap", "largest_dropped", "largest_dropped_norm"};
  long long increases = 0, decreases = 0, undecided = 0;
  std::vector<int> classes;  // per step: -1 decrease, +1 increase, 0 undecided (the proof's sides)
  T worst_increase = 0;
  T max_gap = 0;
  std::string biggest_dropped;
  T biggest_dropped_norm = 0;
  PlotLine hl{"h^l along literal TPGD", {}, {}};
  for (std::size_t t = 0; t < rec.size(); ++t) {
    const auto& r = rec[t];
    std::string dn;
    T dv = 0;
    for (const auto& [name, val] : r.dropped)
      if (val > dv) dv = val, dn = name;
    if (dv > biggest_dropped_norm)
      biggest_dropped_norm = dv, biggest_dropped = dn + " at t=" + std::to_string(t);
    if (r.pgd_tpgd_gap > max_gap) max_gap = r.pgd_tpgd_gap;
    ser.rows.push_back({std::to_string(t), decimal_string(r.h_lifted), decimal_string(r.h_at_a),
                        decimal_string(r.pgd_tpgd_gap), dn, decimal_string(dv)});
    hl.x.push_back(double(t));
    hl.y.push_back(to_double(r.h_lifted));
    if (t == 0) continue;
    const T dh = r.h_lifted - rec[t - 1].h_lifted;
    const T ro = contraction_bound(*lift.L, T(1)) * (rec[t - 1].h_lifted + r.h_at_a);
    if (dh < -ro) {
      ++decreases;
      classes.push_back(-1);
    } else if (dh > ro) {
      ++increases;
      classes.push_back(1);
      if (dh > worst_increase) worst_increase = dh;
    } else {
      ++undecided;
      classes.push_back(0);
    }
  }
  res.measured.push_back(measured_count("steps with h^l decrease", decreases));
  res.measured.push_back(measured_count("steps with h^l increase", increases));
  res.measured.push_back(measured_count("steps undecided (|dh| <= round-off)", undecided));
  res.measured.push_back(measured("largest increase of h^l in one step", worst_increase));
  res.measured.push_back(measured("h^l(start) = h^l(a + rho b)", rec.front().h_lifted));
  res.measured.push_back(measured("h^l(after 10 TPGD steps)", rec.back().h_lifted));
  res.measured.push_back(measured("h^l(a)", rec.front().h_at_a));
  res.measured.push_back(measured("largest PGD/TPGD gap over the steps", max_gap));
  res.measured.push_back(measured_text("largest dropped sub-term", biggest_dropped));
  res.measured.push_back(measured("its norm", biggest_dropped_norm));
  // Per-step top dropped norms (step 1 and last).
  for (std::size_t t : {std::size_t(1), rec.size() - 1}) {
    if (t >= rec.size()) continue;
    auto dr = rec[t].dropped;
    std::sort(dr.begin(), dr.end(),
              [](const auto& x, const auto& y) { return x.second > y.second; });
    for (std::size_t k = 0; k < std::min<std::size_t>(3, dr.size()); ++k)
      res.measured.push_back(measured(
          "t=" + std::to_string(t) + ": dropped #" + std::to_string(k + 1) + " " + dr[k].first,
          dr[k].second));
  }
  if (increases > 0) {
    res.verdict = Verdict::fails;
    res.reason = std::to_string(increases) + " of " + std::to_string(rec.size() - 1) +
                 " literal TPGD steps increase h^l beyond round-off at rho = eta = " + o.tpgd_step +
                 " (l=" + std::to_string(l) +
                 "); the proposition only asserts descent below unspecified bounds on rho, eta";
  } else if (undecided > 0) {
    res.verdict = Verdict::inconclusive;
    res.reason = std::to_string(undecided) + " steps change h^l by less than round-off";
  } else {
    res.verdict = Verdict::holds;
    res.reason = "h^l decreases at every one of " + std::to_string(decreases) +
                 " literal TPGD steps (explicit lifting, rho = eta = " + o.tpgd_step +
                 ", l=" + std::to_string(l) + ")";
  }
  res.key_number = std::to_string(decreases) + " down / " + std::to_string(increases) + " up";
  // Issue 25: the exact iterates at X* enclosed, each h^l difference's sign.
  attach_prop5_3_proof(c, res, l, o.tpgd_step, d.steps, lift.S->active, classes);
  res.series.push_back(ser);
  PlotSpec plot;
  plot.stem = ser.name;
  plot.kind = PlotKind::versus_reference;
  plot.title =
      "Prop. 5.3 on " + c.instance.name + ": h^l along literal TPGD (l=" + std::to_string(l) + ")";
  plot.xlabel = "t";
  plot.ylabel = "h^l";
  plot.lines = {hl};
  plot.reference = to_double(rec.front().h_at_a);
  plot.reference_label = "h^l(a)";
  res.plots.push_back(plot);
  return res;
}

// ---------------------------------------------------------------------------
// pgd-cross-check (SPEC §2.3): the exact PGD in S (matrix cost) and the
// explicit PGD (dense tensors) are two implementations of the same iteration
// and must agree to round-off wherever both run. The chart puts beta(t) and
// gamma(t) of every implementation on one plot: closed form (5.8), exact PGD
// in S, explicit PGD, explicit literal TPGD.
template <class T>
ClaimResult check_pgd_cross(const Context<T>& c, const LiftedCheckOptions& o) {
  using namespace lchk;
  using std::abs;
  ClaimResult res;
  const int l = c.options.lifting_orders.empty() ? 3 : c.options.lifting_orders.front();
  auto lift = try_lift(c, l, o);
  if (!lift.L) return refused_result(lift, l);
  const std::string step = o.tpgd_step;
  const int steps = 20;
  lifted::DescentOptions d;
  d.rho = step;
  d.eta = step;
  d.steps = steps;
  const auto ex = lifted::run_pgd(*lift.L, *lift.S, d);
  const auto tp = lifted::run_tpgd(*lift.L, *lift.S, d);
  SubspaceSimulation<T> sim(c.instance.problem, c.sod, l);
  const T rho = from_string<T>(step), eta = from_string<T>(step);
  Vec<T> c0(3);
  c0 << T(1), rho, T(0);
  const auto tr = sim.trajectory(c0, T(eta * (T(1) + T(o.perturb_exact_eta))), steps);
  // Error of the explicit coefficients against the exact ones, on the scale
  // of the coefficient vector (the projection's round-off is kappa eps ||c||).
  T worst_c = 0, worst_h = 0;
  std::string where;
  Series ser;
  ser.name = "pgd-cross-check-" + file_stem(c.instance.name) + "-l" + std::to_string(l);
  ser.columns = {"t",
                 "beta_closed_form",
                 "beta_exact_in_S",
                 "beta_explicit_pgd",
                 "beta_literal_tpgd",
                 "gamma_closed_form",
                 "gamma_exact_in_S",
                 "gamma_explicit_pgd",
                 "gamma_literal_tpgd"};
  PlotLine b_cf{"closed form (5.8)", {}, {}}, b_ex{"exact PGD in S", {}, {}},
      b_ld{"explicit PGD", {}, {}}, b_tp{"explicit literal TPGD", {}, {}};
  PlotLine g_cf = b_cf, g_ex = b_ex, g_ld = b_ld, g_tp = b_tp;
  for (int t = 0; t <= steps; ++t) {
    const auto& e = ex[t];
    const auto& x = tr[t];
    T cs = abs(x.alpha);
    if (abs(x.beta) > cs) cs = abs(x.beta);
    if (abs(x.gamma) > cs) cs = abs(x.gamma);
    const T errs[3] = {abs(e.alpha - x.alpha), abs(e.beta - x.beta), abs(e.gamma - x.gamma)};
    for (int k = 0; k < 3; ++k)
      if (errs[k] / cs > worst_c) {
        worst_c = errs[k] / cs;
        where = std::string(comp_name(k)) + "-coefficient at t=" + std::to_string(t);
      }
    const T eh = abs(e.h_lifted - x.h_lifted) / (abs(x.h_lifted_at_a) + abs(x.h_lifted));
    if (eh > worst_h) worst_h = eh;
    const auto cf = tpgd_coefficients(l, rho, eta, t, c.sod.lambda_n, c.sod.sigma_r);
    ser.rows.push_back({std::to_string(t), decimal_string(cf.beta), decimal_string(x.beta),
                        decimal_string(e.beta), decimal_string(tp[t].beta),
                        decimal_string(cf.gamma), decimal_string(x.gamma), decimal_string(e.gamma),
                        decimal_string(tp[t].gamma)});
    const double td = double(t);
    for (auto* L : {&b_cf, &b_ex, &b_ld, &b_tp, &g_cf, &g_ex, &g_ld, &g_tp}) L->x.push_back(td);
    b_cf.y.push_back(to_double(T(cf.beta / rho - 1)));
    b_ex.y.push_back(to_double(T(x.beta / rho - 1)));
    b_ld.y.push_back(to_double(T(e.beta / rho - 1)));
    b_tp.y.push_back(to_double(T(tp[t].beta / rho - 1)));
    g_cf.y.push_back(to_double(cf.gamma));
    g_ex.y.push_back(to_double(x.gamma));
    g_ld.y.push_back(to_double(e.gamma));
    g_tp.y.push_back(to_double(tp[t].gamma));
  }
  // Round-off: the contraction bound per step, amplified by the condition of
  // the (unit-diagonal) Gram solved, accumulated over the steps.
  T cond = sim.reduced_condition();
  if (!is_finite(cond) || cond < T(1)) cond = T(1);
  const T bound = contraction_bound(*lift.L, cond) * T(steps);
  const auto j =
      judge_identity(rel_double(worst_c, T(1)), rel_double(bound, T(1)), digits10<T>() + 1.0);
  const auto jh =
      judge_identity(rel_double(worst_h, T(1)), rel_double(bound, T(1)), digits10<T>() + 1.0);
  res.verdict = worst(j.verdict, jh.verdict);
  res.digits = std::min(j.digits, jh.digits);
  res.reason = "explicit vs exact-in-S PGD over " + std::to_string(steps) +
               " steps at rho = eta = " + step + " (l=" + std::to_string(l) + "): coefficients " +
               j.reason + "; h^l " + jh.reason;
  res.measured.push_back(
      measured("max |explicit - exact| / max|coefficient| (" + where + ")", worst_c));
  res.measured.push_back(measured("max |h^l explicit - h^l exact| / (h^l(a) + h^l)", worst_h));
  res.measured.push_back(measured("round-off bound (contraction x Gram condition x steps)", bound));
  res.measured.push_back(measured("Gram condition (unit diagonal, solved span)", cond));
  res.measured.push_back(measured_text("dropped generator",
                                       sim.dropped_names().empty() ? "none" : sim.dropped_names()));
  res.measured.push_back(measured("beta(20): exact PGD in S", tr.back().beta));
  res.measured.push_back(measured("beta(20): explicit literal TPGD", tp.back().beta));
  res.measured.push_back(
      measured("beta(20): closed form (5.8)",
               tpgd_coefficients(l, rho, eta, steps, c.sod.lambda_n, c.sod.sigma_r).beta));
  res.key_number = short_num(res.digits, 3) + " digits";
  res.series.push_back(ser);
  for (int which = 0; which < 2; ++which) {
    PlotSpec plot;
    plot.stem = ser.name + (which == 0 ? "-beta" : "-gamma");
    plot.kind = PlotKind::lines;
    plot.title = std::string(which == 0 ? "growth of beta" : "gamma") + "(t) on " +
                 c.instance.name + ", every implementation (l=" + std::to_string(l) +
                 ", rho = eta = " + step + ")";
    plot.xlabel = "t";
    plot.ylabel = which == 0 ? "beta(t) / rho - 1" : "gamma(t)";
    plot.lines = which == 0 ? std::vector<PlotLine>{b_cf, b_ex, b_ld, b_tp}
                            : std::vector<PlotLine>{g_cf, g_ex, g_ld, g_tp};
    res.plots.push_back(plot);
  }
  return res;
}

// ---- Registration (report order: rank) ------------------------------------
SODLIFT_CLAIMS(s5_3_tpgd) {
  const std::string order_tol =
      "slope of log10 error vs log10 parameter from points whose error is >= 1e3 x its round-off "
      "(tensor-norm error floor sqrt(eps ||G||) |d|); judged with judge_order (tolerance max(3 "
      "stderr, "
      "curvature, 0.05))";
  r.per_instance(
      200,
      {"first-order", "Prop. 5.2 / (5.8) as a linear recursion",
       "Linearised around c = (1,0,0), exact projected GD in S moves delta c by (I - eta J); the "
       "paper's "
       "recursion implies J_paper = [[0,0,0],[0,lambda_n^l,0],[0,sigma_r^l 2^(1-l),0]].",
       "J = G^{-1} d(C^T grad h^l)/dc (core FirstOrderModel, analytic) vs J_paper entry by entry; "
       "the "
       "b-column is what (5.8) determines at first order (judged); a- and c-columns are reported. "
       "Reduced "
       "span (c = kappa b): the paper's c-entry is folded onto b (lambda^l + kappa sigma^l "
       "2^(1-l))",
       "1e3 * 100 * eps * (max|J| + max|J_paper|) * cond(G); FAILS above 1e3 x that bound"},
      [](const Context<T>& c) { return check_first_order(c); });
  r.per_instance(
      210,
      {"prop5.1", "Prop. 5.1, (5.5)",
       "One projected GD step from a + rho b gives coefficients (1, rho(1 - eta lambda_n^l), "
       "-eta rho sigma_r^l 2^(1-l)) up to O~(rho^2).",
       "exact PGD step in S (core SubspaceSimulation::step) vs (5.8) at t = 1; error "
       "||w^(1) - w~^(1)|| (tensor norm from the Gram matrix) for rho = 1e-1..1e-5 at eta = 1e-2; "
       "claimed "
       "order 2 in rho at fixed eta; explicit run_pgd cross-check of one step where lifting fits; "
       "l = 1 "
       "control slope reported",
       order_tol},
      [](const Context<T>& c) { return check_prop5_1(c); });
  r.per_instance(
      220,
      {"prop5.2", "Prop. 5.2, (5.7)",
       "From the (5.8) point at t, one projected GD step gives the (5.8) point at t+1 up to "
       "O((rho + eta) rho eta).",
       "exact PGD step from w~(5) vs w~(6); (rho+eta) rho eta is order 2 in rho where rho >> eta "
       "and order 2 "
       "in eta where eta >> rho (order 1 in the other): sweep rho = 1e-1..1e-4 at eta = 1e-6 and "
       "eta = "
       "1e-1..1e-4 at rho = 1e-6, claimed order 2 in each; also the per-step growth of beta along "
       "exact PGD "
       "(10 steps, rho = eta = 1e-3) vs 1 - eta lambda_n^l and 1 - eta J_bb",
       order_tol},
      [](const Context<T>& c) { return check_prop5_2(c); });
  r.per_instance(230,
                 {"prop5.3", "Prop. 5.3, (5.9)-(5.10)",
                  "For small enough rho and eta the objective h^l decreases at every TPGD step.",
                  "literal TPGD (lifted::run_tpgd: explicit gradient split into the 18 sub-terms, "
                  "H_1^1 and H_2^1 "
                  "kept, projected) for 10 steps at rho = eta = 1e-2 and the first lifting order; "
                  "sign of each "
                  "h^l change; dropped-term norms and the PGD/TPGD gap reported",
                  "a step counts only if |dh| exceeds the contraction round-off times h^l; the "
                  "proposition only "
                  "asserts unspecified bounds, so FAILS means 'not at these rho, eta'"},
                 [](const Context<T>& c) { return check_prop5_3(c); });
  r.per_instance(
      260,
      {"pgd-cross-check", "SPEC §2.3 (Algorithm 1 steps 1.1-1.2)",
       "Projected GD in span{a,b,c} computed exactly at matrix cost equals projected GD on the "
       "explicitly lifted tensors, step by step.",
       "20 PGD steps from a + rho b (rho = eta = 1e-2, first lifting order) by both "
       "implementations; "
       "coefficients compared on the scale of the coefficient vector, h^l relative to h^l(a); the "
       "beta/gamma trajectories of (5.8), exact PGD, explicit PGD and literal TPGD are plotted "
       "together",
       "round-off bound = contraction bound (64 l m N^2 eps) x Gram condition x steps; FAILS above "
       "1e3 x"},
      [](const Context<T>& c) { return check_pgd_cross(c); });
  // Issue 20: --quick fits at the lifting orders of ValidateOptions::quick()
  // (prop5.3 and pgd-cross-check run the first order only, l = 3 in both modes).
  for (const char* id : {"first-order", "prop5.1", "prop5.2"})
    r.reduced_in_quick(id, {{"l =", values_text(ValidateOptions::quick().lifting_orders), values_text(ValidateOptions::full_run().lifting_orders)}}, "l = 5, 7 (validate --full)");
}

// Checks the tests call directly, compiled once per scalar.
template ClaimResult check_prop5_1(const Context<SODLIFT_SCALAR>&, const LiftedCheckOptions&);
template ClaimResult check_prop5_2(const Context<SODLIFT_SCALAR>&, const LiftedCheckOptions&);
template ClaimResult check_first_order(const Context<SODLIFT_SCALAR>&, const LiftedCheckOptions&);
template ClaimResult check_prop5_3(const Context<SODLIFT_SCALAR>&, const LiftedCheckOptions&);
template ClaimResult check_pgd_cross(const Context<SODLIFT_SCALAR>&, const LiftedCheckOptions&);

}  // namespace sodlift::validate
