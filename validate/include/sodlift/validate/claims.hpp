// The claims registry of the harness (SPEC §3, issue 6): what a claim is, what
// a check returns, and the scalar-independent verdict rules (identities and
// measured orders). Everything here is plain data so that reports, the golden
// test and the CLI never depend on the scalar a check ran in.
#pragma once

#include <optional>
#include <utility>
#include <string>
#include <vector>

namespace sodlift::validate {

enum class Verdict { holds, fails, inconclusive };
const char* to_string(Verdict v);  // "HOLDS" | "FAILS" | "INCONCLUSIVE"
// Inverse of to_string; throws input_error on anything else.
Verdict verdict_from_string(const std::string& s);
// FAILS beats INCONCLUSIVE beats HOLDS: a claim holds only if every part does.
Verdict worst(Verdict a, Verdict b);

// One parameter in which a claim's `validate --quick` run is smaller than its
// `--full` run (issue 20): a shorter horizon, a smaller sample, fewer lifting
// orders. Declared with the claim (ClaimRegistrar::reduced_in_quick), as the
// values the check code uses in each mode.
struct QuickReduction {
  std::string parameter;  // what differs: "l", "exact PGD steps"
  std::string quick;      // its value in --quick: "3"
  std::string full;       // its value in --full: "3, 5, 7"
};

// One registry entry. `statement` is in our words, never the paper's sentence.
struct Claim {
  std::string id;
  std::string paper_ref;
  std::string statement;
  std::string check;      // how it is checked
  std::string tolerance;  // the tolerance and the reason for it
  // Where --quick runs less than --full (empty: both run the same). Every
  // quick verdict of such a claim carries a population mark (quick_population).
  std::vector<QuickReduction> quick_reductions{};
  std::string quick_cannot_decide{};  // what the quick parameters leave open
};


// How the golden test compares a measured number with its golden value.
enum class MeasureKind {
  value,     // a deterministic quantity: compared to many digits
  residual,  // round-off-level noise (e.g. <u_n, v_r>): only its size matters
  exact      // a count or flag: compared exactly
};
const char* to_string(MeasureKind k);

struct Measured {
  std::string name;
  std::string value;            // full digits (decimal_string) or exact text
  std::optional<double> plot;   // the same number as a double, for plots only
  MeasureKind kind = MeasureKind::value;
};

// A table for CSV output (one file per series) and plotting.
struct Series {
  std::string name;  // file stem, e.g. "prop4.2-grid"
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;  // full-digit strings
};

// Plot kinds the report needs (issue 6): several lines on one chart, series
// against a horizontal reference line, and a log-log error plot with the
// fitted slope line (slope in the legend).
enum class PlotKind { lines, versus_reference, loglog_fit };

struct PlotLine {
  std::string label;
  std::vector<double> x, y;
};

// How an axis maps values to positions. `automatic` (the default) picks log
// when all values are positive and span 3 decades or more, symmetric log when
// they span that many decades but include zero or negative values (the sign
// then shows as the side of zero), and linear otherwise: a linear axis to 1e37
// would flatten every curve that stays near 1.
enum class AxisScale { automatic, linear, log, symlog };

struct PlotSpec {
  std::string stem;  // file stem of the SVG
  PlotKind kind = PlotKind::lines;
  std::string title, xlabel, ylabel;
  std::vector<PlotLine> lines;
  std::optional<double> reference;  // versus_reference: y = reference
  std::string reference_label;
  // loglog_fit: the fitted line log10 y = intercept + slope log10 x.
  double slope = 0, slope_stderr = 0, intercept = 0;
  // loglog_fit: the order the paper claims, drawn as a line of that slope
  // through the middle of the fitted line so the two slopes can be compared.
  std::optional<double> claimed_slope;
  // Axis scales (loglog_fit is always log-log).
  AxisScale xscale = AxisScale::automatic, yscale = AxisScale::automatic;
  // Fixed y range of a linear axis (e.g. [0, 1] for rates); automatic if unset.
  std::optional<std::pair<double, double>> yrange;
};

// A verdict that is a proof (issue 25, docs/proofs.md): the deciding
// statement enclosed in ball arithmetic (Arb), from the data as exact numbers.
struct ProofNote {
  bool attempted = false;
  bool proved = false;      // the enclosure excludes the boundary: the verdict is proved
  std::string statement;    // what is proved (or would have been)
  std::string enclosure;    // the deciding quantity's enclosure, decimal strings
  std::string detail;       // radius, bounds; or why not proved
  std::string method;
};

// The population or grid a verdict was decided on, for claims that run on
// their own data (a study grid, a Monte Carlo population). `reduced`: the run
// used a smaller one than the claim's full check (validate --quick), so the
// verdict is about that grid only; `what` says what the grid is,
// `cannot_decide` what it leaves open. The report marks such a verdict in the
// matrix cell (`mark`, e.g. "reduced grid") and in report.json ("population").
struct PopulationInfo {
  bool reduced = false;
  std::string mark;           // short cell mark ("reduced grid"); empty when not reduced
  std::string what;           // the grid or population this run used
  std::string cannot_decide;  // what that grid cannot decide (reduced only)
};

// True when claim `c` declares a parameter whose quick and full values differ.
bool reduced_in_quick(const Claim& c);
// The population of a quick verdict of a claim that is reduced_in_quick and
// runs on the built-in instances (its check sets none): mark
// "quick: l = 3", what "l = 3 (--full: 3, 5, 7)", cannot_decide from the
// declaration (the full values when it gives none). The runner attaches it.
PopulationInfo quick_population(const Claim& c);

struct ClaimResult {
  std::string id;
  std::string instance;
  std::string precision;  // scalar the check ran in
  Verdict verdict = Verdict::inconclusive;
  std::string reason;
  std::vector<Measured> measured;  // ordered: the numbers that decide the verdict first
  double digits = 0;               // digits of agreement (identities) or margin
  std::string key_number;          // one short number for the verdict table
  std::vector<Series> series;
  std::vector<PlotSpec> plots;
  ProofNote proof;                 // attempted only by claims that can prove their verdict
  std::optional<PopulationInfo> population;  // claims on their own data only
};

// ---- Verdict rules -------------------------------------------------------

// FAILS needs the error to exceed the round-off bound by this factor: in
// between the data cannot tell a real discrepancy from a pessimistic bound.
constexpr double kClearlyFactor = 1e3;
// A bound that admits fewer digits than this leaves nothing to decide.
constexpr double kMinDecidableDigits = 3;

struct IdentityJudgement {
  Verdict verdict = Verdict::inconclusive;
  double digits = 0;        // -log10(rel_err), capped at digits_cap
  double bound_digits = 0;  // -log10(rel_bound)
  std::string reason;
};

// Both sides of an identity agree to `rel_err` (|lhs - rhs| / scale) and the
// round-off bound is `rel_bound` (same scale). HOLDS if rel_err <= rel_bound;
// FAILS if rel_err > kClearlyFactor * rel_bound; INCONCLUSIVE in between, or
// when rel_bound >= 10^-kMinDecidableDigits (precision too low to decide).
// Magnitudes only are compared, so doubles suffice (range to 1e-308).
IdentityJudgement judge_identity(double rel_err, double rel_bound, double digits_cap);

// ---- Order measurement -----------------------------------------------------

struct OrderPoint {
  double param = 0;     // rho or eta (> 0)
  double error = 0;     // |measured - predicted| (>= 0)
  double roundoff = 0;  // round-off level of `error` at this magnitude
};

struct SlopeFit {
  bool ok = false;          // enough usable points to fit
  double slope = 0;         // least-squares slope of log10 error vs log10 param
  double slope_stderr = 0;  // standard error of the slope (0 with 2 points)
  double intercept = 0;
  double max_residual = 0;  // largest |log10 error - fit| over used points
  int used = 0;
  double decades = 0;       // log10(max param / min param) over used points
  std::vector<bool> usable; // per input point: error >= filter * roundoff
  std::string reason;       // why not ok
};

// Fits log10(error) = intercept + slope * log10(param) using only points whose
// error is at least `filter` times their round-off (smaller errors are
// round-off, not truncation). Needs >= 3 usable points over >= 2 decades.
SlopeFit fit_loglog(const std::vector<OrderPoint>& pts, double filter = kClearlyFactor);

struct OrderJudgement {
  Verdict verdict = Verdict::inconclusive;
  double tolerance = 0;  // allowed shortfall of the slope below the claim
  std::string reason;
};

// The claim "error = O(param^claimed)": HOLDS if slope >= claimed - tol,
// FAILS if slope < claimed - 2 tol, INCONCLUSIVE in between or if the fit is
// not ok. tol = max(3 * slope_stderr, max_residual / decades, 0.05): three
// standard errors of the fit, widened by the curvature the residuals show, and
// never below 0.05 (a finite-range fit of C p^k + O(p^{k+1}) bends by that much).
OrderJudgement judge_order(const SlopeFit& fit, double claimed);

}  // namespace sodlift::validate
