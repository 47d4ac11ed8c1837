// Report writers of the harness: report.md and report.html (people),
// report.json (programs), one CSV per series, SVG plots through gnuplot
// (SPEC §3).
#pragma once

#include <cstdint>
#include <optional>
#include <map>
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

// Markdown: the verdict matrix first (claims grouped by paper section x
// instances), then the findings in words, then one section per claim.
// `plot_files` are SVG names relative to the report directory (may be empty).
std::string report_to_markdown(const Report& r, const std::vector<std::string>& plot_files);
// The same text; with `html` the SVGs of `svgs` (plot file name -> inline
// SVG) are embedded and numbers carry all their digits in a title tooltip.
std::string report_markdown(const Report& r, const std::vector<std::string>& plot_files, bool html,
                            const std::map<std::string, std::string>* svgs);

// report.html: report_markdown(html) rendered by cmark-gfm into one
// self-contained page. `svg_text` maps plot file names to the SVG files' text.
std::string report_to_html(const Report& r, const std::vector<std::string>& plot_files,
                           const std::map<std::string, std::string>& svg_text);
// CommonMark + GFM tables to HTML (raw HTML kept).
std::string markdown_to_html(const std::string& md);
// An SVG file's text ready to sit inside HTML: prolog dropped, ids prefixed
// with `id_prefix` (unique per page), blank lines removed, gnuplot's
// "Gnuplot" title replaced by `title`. Empty if there is no <svg element.
std::string inline_svg(const std::string& svg, const std::string& id_prefix,
                       const std::string& title);

// Numbers for people: a decimal string (all digits) rounded to `sig`
// significant digits in %g style ("5.82891638e-02" -> "0.0582892"). Integers
// without exponent (counts) and anything that is not one number come back as
// they are.
std::string human_number(const std::string& full, int sig = 6);
// Every number in free text with more than sig + 2 significant digits
// rounded as by human_number; shorter ones and names like "T5" kept.
std::string human_text(const std::string& text, int sig = 6);
// The paper section a claim belongs to, from its paper reference
// ("Prop. 4.2, (4.4)" -> "§4 Single-step SOD escape"); the pair's first
// member orders sections as in the paper (appendix and harness checks last).
std::pair<int, std::string> paper_section_order(const std::string& paper_ref);
std::string paper_section(const std::string& paper_ref);

// Writes a CSV (full-digit strings as they are).
void write_csv(const Series& s, const std::string& path);

// Writes `<dir>/<stem>.gp` and runs gnuplot on it to make `<dir>/<stem>.svg`,
// then removes the script and gnuplot's log (the report folder holds only
// what the report links to). Returns false (and says why in `warning`, the
// script kept) when gnuplot is missing or fails; true with a non-empty
// `warning` when gnuplot made the plot but printed something. Never throws
// for that, since plots are optional.
bool write_svg_plot(const PlotSpec& p, const std::string& dir, std::string& warning);
// True when a gnuplot executable is on PATH.
bool gnuplot_available();
// The scale AxisScale::automatic resolves to for these values: log when all
// are positive and span >= 3 decades with most of them >= 10x below the
// largest, symlog when so but some are zero or negative, linear otherwise.
AxisScale auto_axis_scale(const std::vector<double>& values);

// Everything: report.md, report.html, report.json, <series>.csv, <plot>.svg
// into `dir` (created), each written atomically. Warnings (e.g. no gnuplot)
// go to `warnings`.
void write_report(const Report& r, const std::string& dir, std::vector<std::string>& warnings);

// Helpers for order claims: a log-log plot of the points (used and
// round-off-excluded as separate series) with the fitted line and slope in the
// legend and, when given, a line of the claimed slope beside it, and the measured entries of a fit
// (slope, standard error, points, decades, claimed order, tolerance).
PlotSpec order_plot(const std::string& stem, const std::string& title,
                    const std::string& param_name, const std::vector<OrderPoint>& pts,
                    const SlopeFit& fit, std::optional<double> claimed_slope = std::nullopt);
std::vector<Measured> order_measured(const std::string& prefix, const SlopeFit& fit,
                                     const OrderJudgement& j, double claimed);

// Stable file-name form of an id or instance name ("pmc(3,0.3)" -> "pmc-3-0.3").
std::string file_stem(const std::string& s);

}  // namespace sodlift::validate
