// Verdict rules, the log-log order fitter, options, and the scalar-independent
// view of the claims registry (the claims themselves are in validate/claims/).
#include "sodlift/validate/claims.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "sodlift/support/errors.hpp"
#include "sodlift/validate/context.hpp"

namespace sodlift::validate {

const char* to_string(Verdict v) {
  switch (v) {
    case Verdict::holds:
      return "HOLDS";
    case Verdict::fails:
      return "FAILS";
    case Verdict::inconclusive:
      return "INCONCLUSIVE";
  }
  return "INCONCLUSIVE";
}

Verdict verdict_from_string(const std::string& s) {
  if (s == "HOLDS") return Verdict::holds;
  if (s == "FAILS") return Verdict::fails;
  if (s == "INCONCLUSIVE") return Verdict::inconclusive;
  throw input_error("unknown verdict '" + s + "': expected HOLDS, FAILS or INCONCLUSIVE");
}

Verdict worst(Verdict a, Verdict b) {
  if (a == Verdict::fails || b == Verdict::fails) return Verdict::fails;
  if (a == Verdict::inconclusive || b == Verdict::inconclusive) return Verdict::inconclusive;
  return Verdict::holds;
}

const char* to_string(MeasureKind k) {
  switch (k) {
    case MeasureKind::value:
      return "value";
    case MeasureKind::residual:
      return "residual";
    case MeasureKind::exact:
      return "exact";
  }
  return "value";
}

namespace {
std::string fmt(double x, int prec = 3) {
  std::ostringstream os;
  os.precision(prec);
  os << x;
  return os.str();
}
double neg_log10(double x, double cap) {
  if (!(x > 0)) return cap;
  return std::min(cap, -std::log10(x));
}
}  // namespace

IdentityJudgement judge_identity(double rel_err, double rel_bound, double digits_cap) {
  IdentityJudgement j;
  j.digits = neg_log10(rel_err, digits_cap);
  j.bound_digits = neg_log10(rel_bound, digits_cap);
  if (!std::isfinite(rel_err) || !std::isfinite(rel_bound)) {
    j.verdict = Verdict::inconclusive;
    j.reason = "error or bound is not finite";
    return j;
  }
  if (rel_bound >= std::pow(10.0, -kMinDecidableDigits)) {
    j.verdict = Verdict::inconclusive;
    j.reason = "precision too low to decide: the round-off bound " + fmt(rel_bound) +
               " leaves fewer than " + fmt(kMinDecidableDigits) + " digits";
    return j;
  }
  if (rel_err <= rel_bound) {
    j.verdict = Verdict::holds;
    j.reason = "agree to " + fmt(j.digits) + " digits, within the round-off bound (" +
               fmt(j.bound_digits) + " digits)";
  } else if (rel_err > kClearlyFactor * rel_bound) {
    j.verdict = Verdict::fails;
    j.reason = "differ by " + fmt(rel_err) + " (relative), more than " + fmt(kClearlyFactor) +
               " x the round-off bound " + fmt(rel_bound);
  } else {
    j.verdict = Verdict::inconclusive;
    j.reason = "error " + fmt(rel_err) + " is above the round-off bound " + fmt(rel_bound) +
               " but less than " + fmt(kClearlyFactor) + " x it";
  }
  return j;
}

SlopeFit fit_loglog(const std::vector<OrderPoint>& pts, double filter) {
  SlopeFit f;
  f.usable.assign(pts.size(), false);
  std::vector<double> lx, ly;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const auto& p = pts[i];
    const bool ok =
        p.param > 0 && p.error > 0 && std::isfinite(p.error) && p.error >= filter * p.roundoff;
    f.usable[i] = ok;
    if (ok) {
      lx.push_back(std::log10(p.param));
      ly.push_back(std::log10(p.error));
    }
  }
  f.used = static_cast<int>(lx.size());
  if (f.used > 0)
    f.decades = *std::max_element(lx.begin(), lx.end()) - *std::min_element(lx.begin(), lx.end());
  if (f.used < 3 || f.decades < 2) {
    f.reason = std::to_string(f.used) + " usable point(s) over " + fmt(f.decades) +
               " decade(s) (error >= " + fmt(filter) +
               " x round-off); need >= 3 points over >= 2 decades";
    // Still report a slope when two points exist, for information only.
    if (f.used < 2) return f;
  }
  const double n = f.used;
  double mx = 0, my = 0;
  for (int i = 0; i < f.used; ++i) mx += lx[i], my += ly[i];
  mx /= n;
  my /= n;
  double sxx = 0, sxy = 0;
  for (int i = 0; i < f.used; ++i) {
    sxx += (lx[i] - mx) * (lx[i] - mx);
    sxy += (lx[i] - mx) * (ly[i] - my);
  }
  if (sxx <= 0) {
    f.reason = "all usable points have the same parameter";
    return f;
  }
  f.slope = sxy / sxx;
  f.intercept = my - f.slope * mx;
  double ssr = 0;
  for (int i = 0; i < f.used; ++i) {
    const double res = ly[i] - (f.intercept + f.slope * lx[i]);
    ssr += res * res;
    f.max_residual = std::max(f.max_residual, std::abs(res));
  }
  f.slope_stderr = f.used > 2 ? std::sqrt(ssr / (n - 2) / sxx) : 0.0;
  if (f.reason.empty()) f.ok = true;
  return f;
}

OrderJudgement judge_order(const SlopeFit& fit, double claimed) {
  OrderJudgement j;
  if (!fit.ok) {
    j.verdict = Verdict::inconclusive;
    j.reason = "order not measurable: " + fit.reason;
    return j;
  }
  const double curvature = fit.decades > 0 ? fit.max_residual / fit.decades : 0.0;
  j.tolerance = std::max({3 * fit.slope_stderr, curvature, 0.05});
  const double shortfall = claimed - fit.slope;
  const std::string slope = "slope " + fmt(fit.slope, 4) + " +- " + fmt(fit.slope_stderr, 2) +
                            " over " + fmt(fit.decades, 3) + " decades (" +
                            std::to_string(fit.used) + " points)";
  if (shortfall <= j.tolerance) {
    j.verdict = Verdict::holds;
    j.reason = slope + " >= claimed order " + fmt(claimed) + " - " + fmt(j.tolerance, 2);
  } else if (shortfall > 2 * j.tolerance) {
    j.verdict = Verdict::fails;
    j.reason = slope + " is clearly below the claimed order " + fmt(claimed) + " (tolerance " +
               fmt(j.tolerance, 2) + ")";
  } else {
    j.verdict = Verdict::inconclusive;
    j.reason = slope + " is below the claimed order " + fmt(claimed) + " by between 1 and 2 x " +
               "the tolerance " + fmt(j.tolerance, 2);
  }
  return j;
}

// ---- Options ---------------------------------------------------------------

ValidateOptions ValidateOptions::quick() { return ValidateOptions{}; }

ValidateOptions ValidateOptions::full_run() {
  ValidateOptions o;
  o.full = true;
  o.lifting_orders = {3, 5, 7};
  o.rho_grid_points = 2001;
  o.rho_values = {"1e-4", "1e-3", "1e-2", "1e-1", "1", "3"};
  return o;
}

InstanceSpec instance_spec_from_label(const std::string& label) {
  InstanceSpec s;
  if (label == "basic" || label == "realworld") {
    s.name = label;
    return s;
  }
  if (label == "gaussian") {
    s.name = "gaussian";
    s.n = 3;
    s.seed = 1;
    return s;
  }
  if (label.rfind("pmc", 0) == 0 && label.size() > 3 &&
      std::all_of(label.begin() + 3, label.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    s.name = "pmc";
    s.n = std::stoi(label.substr(3));
    s.eps = "0.3";
    return s;
  }
  throw input_error("unknown instance '" + label +
                    "': use basic, realworld, pmc<N> (e.g. pmc3, eps 0.3) or gaussian");
}

// ---- Registry ----------------------------------------------------------------

// The rows of Table 2 as the paper prints them (claims table2.<row>).
const std::vector<std::string>& table2_rows() {
  static const std::vector<std::string> rows{"T1",    "T2",    "T5",    "T9",
                                             "T6+T8", "S1-T4", "S2-T7", "-T3"};
  return rows;
}

// The metadata is the same in every scalar; the double table is always linked.
const std::vector<Claim>& claim_registry() {
  static const std::vector<Claim> reg = [] {
    std::vector<Claim> v;
    for (const auto& e : claim_table<double>()) v.push_back(e.meta);
    return v;
  }();
  return reg;
}

const Claim& find_claim(const std::string& id) {
  for (const auto& c : claim_registry())
    if (c.id == id) return c;
  throw input_error("unknown claim id '" + id + "'");
}

}  // namespace sodlift::validate

namespace sodlift::validate {

std::string values_text(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}
std::string values_text(const std::vector<int>& v) {
  std::vector<std::string> t;
  for (int x : v) t.push_back(std::to_string(x));
  return values_text(t);
}

bool reduced_in_quick(const Claim& c) {
  for (const auto& q : c.quick_reductions)
    if (q.quick != q.full) return true;
  return false;
}

PopulationInfo quick_population(const Claim& c) {
  PopulationInfo p;
  p.reduced = reduced_in_quick(c);
  if (!p.reduced) return p;
  std::string mark, what, full;
  for (const auto& q : c.quick_reductions) {
    if (q.quick == q.full) continue;
    const std::string sep = mark.empty() ? "" : "; ";
    mark += sep + q.parameter + " " + q.quick;
    what += sep + q.parameter + " " + q.quick + " (--full: " + q.full + ")";
    full += sep + q.parameter + " " + q.full;
  }
  p.mark = "quick: " + mark;
  p.what = what;
  p.cannot_decide = c.quick_cannot_decide.empty() ? full + " (validate --full)" : c.quick_cannot_decide;
  return p;
}

}  // namespace sodlift::validate
