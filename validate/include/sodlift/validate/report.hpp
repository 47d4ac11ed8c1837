// Report writers of the harness: report.md (people), report.json (programs),
// one CSV per series, SVG plots through gnuplot (SPEC §3, issue 6).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sodlift/validate/claims.hpp"

namespace sodlift::validate {

struct RunInfo {
  std::string precision;  // scalar name
  std::string version;
  std::string git_commit;
  std::string mode;  // "quick" | "full"
  std::vector<std::string> instances;
  std::vector<std::pair<std::string, std::uint64_t>> seeds;  // random instances only
  std::string objective_scale;  // which scale of h / h^l the numbers use
  // Only in the `run` object, which --no-timestamps removes.
  bool timestamps = true;
  std::string started_utc;
  double wall_seconds = 0;
};

struct Report {
  RunInfo info;
  std::vector<Claim> claims;  // the registry (id order defines report order)
  std::vector<ClaimResult> results;
};

// Deterministic JSON: same inputs, same bytes (objects have sorted keys, no
// time unless info.timestamps). Extended values are strings.
nlohmann::json report_to_json(const Report& r);
// Reads back what report_to_json wrote (claims' results only; for the golden test).
std::vector<ClaimResult> results_from_json(const nlohmann::json& j);

// Markdown: the verdict table first, then one section per claim.
// `plot_files` are SVG names relative to the report directory (may be empty).
std::string report_to_markdown(const Report& r, const std::vector<std::string>& plot_files);

// Writes a CSV (full-digit strings as they are).
void write_csv(const Series& s, const std::string& path);

// Writes `<dir>/<stem>.gp` and runs gnuplot on it to make `<dir>/<stem>.svg`.
// Returns false (and says why in `warning`) when gnuplot is missing or fails;
// never throws for that, since plots are optional.
bool write_svg_plot(const PlotSpec& p, const std::string& dir, std::string& warning);
// True when a gnuplot executable is on PATH.
bool gnuplot_available();

// Everything: report.md, report.json, <series>.csv, <plot>.svg into `dir`
// (created). Warnings (e.g. no gnuplot) go to `warnings`.
void write_report(const Report& r, const std::string& dir, std::vector<std::string>& warnings);

// Helpers for order claims (prop5.1/5.2 later): a log-log plot of the points
// (used and round-off-excluded as separate series) with the fitted line and
// slope in the legend, and the measured entries of a fit (slope, standard
// error, points, decades, claimed order, tolerance).
PlotSpec order_plot(const std::string& stem, const std::string& title, const std::string& param_name,
                    const std::vector<OrderPoint>& pts, const SlopeFit& fit);
std::vector<Measured> order_measured(const std::string& prefix, const SlopeFit& fit, const OrderJudgement& j,
                                     double claimed);

// Stable file-name form of an id or instance name ("pmc(3,0.3)" -> "pmc-3-0.3").
std::string file_stem(const std::string& s);

}  // namespace sodlift::validate
