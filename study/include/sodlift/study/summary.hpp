// What a study type's summarize() writes through: the output directory with
// atomic files, the study's sections of summary.md and summary.json, CSV
// tables and gnuplot SVG plots. The runner writes the generic parts (spec,
// hash, counts per configuration and method, missing trials) around them.
#pragma once

#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "sodlift/study/study.hpp"

namespace sodlift::study {

// One plot: x values as strings (written as they are, so "0.10" stays
// "0.10"), y with optional error bars (ylo/yhi empty = no bars).
struct PlotSeries {
  std::string title;
  std::vector<std::string> x;
  std::vector<double> y;
  std::vector<double> ylo, yhi;
};
struct PlotSpec {
  std::string stem;  // <stem>.gp and <stem>.svg
  std::string title, xlabel, ylabel;
  bool logx = false, logy = false;
  std::string yrange;  // gnuplot syntax, e.g. "[0:1]"; empty = automatic
  std::vector<PlotSeries> series;
};

class SummaryBuilder {
 public:
  SummaryBuilder(std::string dir, std::vector<Configuration> configurations,
                 std::vector<std::string> methods);
  const std::string& dir() const { return dir_; }
  // configurations(spec) and methods(spec) of the study, in report order.
  const std::vector<Configuration>& configurations() const { return configurations_; }
  const std::vector<std::string>& methods() const { return methods_; }

  // Study-specific Markdown, placed in summary.md after the generic header.
  std::ostringstream& markdown() { return md_; }
  // Study-specific JSON, placed in summary.json under "results".
  Json& json() { return json_; }

  // <dir>/<name>, atomically (temp file + rename); listed in summary.json.
  void write_file(const std::string& name, const std::string& content);
  // RFC 4180 CSV: fields with , " or newline are quoted. Written atomically.
  void write_csv(const std::string& name, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows);
  // <stem>.gp (self-contained: data inline) and, when gnuplot runs, <stem>.svg.
  // Returns false and adds a warning when gnuplot is missing or fails.
  bool plot_svg(const PlotSpec& p);
  // <stem>.gp and <stem>.svg from a gnuplot script body (everything after
  // `set terminal` / `set output`, which this adds), for plots plot_svg's
  // categorical x cannot draw (scatter, CDF). Same atomicity and warnings.
  bool render_gnuplot(const std::string& stem, const std::string& body);

  const std::vector<std::string>& files() const { return files_; }
  const std::vector<std::string>& warnings() const { return warnings_; }
  void warn(const std::string& w) { warnings_.push_back(w); }
  std::string markdown_text() const { return md_.str(); }

 private:
  std::string dir_;
  std::vector<Configuration> configurations_;
  std::vector<std::string> methods_;
  std::ostringstream md_;
  Json json_ = Json::object();
  std::vector<std::string> files_;
  std::vector<std::string> warnings_;
};

// Renders a Markdown table (header row, alignment row, rows) with '|' in
// cells escaped.
std::string markdown_table(const std::vector<std::string>& header,
                           const std::vector<std::vector<std::string>>& rows);

// The standard success-rate section (SPEC §6 "Statistics"): for one binary
// outcome, per (configuration, method) the rate with its Wilson 95% interval
// and counts; trials where the outcome is not defined (method not run) are
// counted apart, never as failures. For each pair (a, b) in `paired`, the
// exact McNemar test on the trials where both are defined. Writes a Markdown
// table, <stem>.csv, <stem>.svg (rate vs configuration, one line per method,
// Wilson bars) and summary.json results[<stem>].
struct RateTableOptions {
  std::string stem = "success";
  std::string title = "Success rate";  // section heading and plot title
  std::string xlabel = "configuration";
  std::vector<std::pair<std::string, std::string>> paired;  // (method a, method b)
};
using Outcome = std::function<std::optional<bool>(const Record&)>;
void write_rate_table(const std::vector<Configuration>& configurations,
                      const std::vector<std::string>& methods, const std::vector<Record>& records,
                      const Outcome& outcome, const RateTableOptions& options, SummaryBuilder& out);

}  // namespace sodlift::study
