// The order measurement of Prop. 5.1 and 5.2: one exact PGD step in S against
// (5.8) over a rho or eta grid, the log-log fit, its plot and CSV series.
#pragma once

#include "claims/support/lifting.hpp"

namespace sodlift::validate {

// One exact step vs (5.8) over a sweep; returns the fit and appends series/plot.
namespace lchk {
template <class T>
struct SweepOut {
  SlopeFit fit;
  OrderJudgement judge;
};

// start_t: (5.8) iterate the step starts from (0: a + rho b). Sweeps `param`
// over grid; the other of (rho, eta) is fixed.
template <class T>
SweepOut<T> order_sweep(ClaimResult& res, const Context<T>& c, const SubspaceSimulation<T>& sim,
                        long long start_t, bool sweep_rho, const T& fixed,
                        const std::vector<std::string>& grid, double claimed,
                        const LiftedCheckOptions& o, const std::string& tag, bool record) {
  const int l = sim.l();
  std::vector<OrderPoint> pts;
  Series ser;
  ser.name = tag + "-" + file_stem(c.instance.name) + "-l" + std::to_string(l);
  ser.columns = {
      sweep_rho ? "rho" : "eta", "err_tensor", "err_alpha", "err_beta", "err_gamma", "roundoff"};
  PlotLine line{"||w_exact - w~|| (l=" + std::to_string(l) + ")", {}, {}};
  for (const auto& gs : grid) {
    const T p = from_string<T>(gs);
    const T rho = sweep_rho ? p : fixed, eta = sweep_rho ? fixed : p;
    Vec<T> start;
    if (start_t == 0) {
      start = vec3<T>(1, rho, 0);  // (3.1)
    } else {
      const auto k0 = paper_coef(c, l, rho, eta, start_t, o);
      start = fold_dropped(sim, vec3<T>(1, k0.beta, k0.gamma));
    }
    const Vec<T> next = sim.step(start, eta);
    const auto k1 = paper_coef(c, l, rho, eta, start_t + 1, o);
    const Vec<T> d = next - vec3<T>(1, k1.beta, k1.gamma);
    const T err = tensor_norm(sim, d);
    using std::abs;
    const T cmax = std::max({T(1), T(abs(next(1))), T(abs(next(2)))});
    const T ro = tensor_norm_roundoff(sim, d, cmax);
    pts.push_back({to_double(p), to_double(err), to_double(ro)});
    ser.rows.push_back({gs, decimal_string(err), decimal_string(T(abs(d(0)))),
                        decimal_string(T(abs(d(1)))), decimal_string(T(abs(d(2)))),
                        decimal_string(ro)});
    line.x.push_back(to_double(p));
    line.y.push_back(to_double(err));
  }
  SweepOut<T> out;
  out.fit = fit_loglog(pts);
  out.judge = judge_order(out.fit, claimed);
  const std::string lab = Lname(l) + tag + ": ";
  res.measured.push_back(Measured{lab + "fitted slope", short_num(out.fit.slope, 4), out.fit.slope,
                                  MeasureKind::value});
  res.measured.push_back(Measured{lab + "slope std error", short_num(out.fit.slope_stderr, 2),
                                  out.fit.slope_stderr, MeasureKind::residual});
  res.measured.push_back(
      measured_count(lab + "points used (error >= 1e3 x round-off)", out.fit.used));
  res.measured.push_back(
      Measured{lab + "claimed order", short_num(claimed), claimed, MeasureKind::exact});
  res.measured.push_back(measured_text(lab + "order verdict", to_string(out.judge.verdict)));
  if (!pts.empty()) {
    res.measured.push_back(
        measured(lab + "error at largest " + std::string(sweep_rho ? "rho" : "eta"),
                 from_string<T>(ser.rows.front()[1])));
    res.measured.push_back(
        measured(lab + "error at smallest " + std::string(sweep_rho ? "rho" : "eta"),
                 from_string<T>(ser.rows.back()[1])));
  }
  if (record) {
    res.series.push_back(ser);
    PlotSpec plot;
    plot.stem = ser.name;
    plot.kind = PlotKind::loglog_fit;
    plot.title = tag + " on " + c.instance.name + ", l=" + std::to_string(l) + " (claimed order " +
                 short_num(claimed) + ")";
    plot.xlabel = sweep_rho ? "rho" : "eta";
    plot.ylabel = "||w_exact - w~(5.8)||";
    plot.lines = {line};
    plot.slope = out.fit.slope;
    plot.slope_stderr = out.fit.slope_stderr;
    plot.intercept = out.fit.intercept;
    plot.claimed_slope = claimed;  // drawn beside the fitted slope
    res.plots.push_back(plot);
  }
  return out;
}
}  // namespace lchk

}  // namespace sodlift::validate
