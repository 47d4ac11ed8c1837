// The gnuplot SVG writer of the report: PlotSpec -> <stem>.gp -> <stem>.svg,
// with axis scales chosen from the data (see AxisScale in claims.hpp).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sodlift/support/atomic_file.hpp"
#include "sodlift/validate/report.hpp"

namespace sodlift::validate {

namespace fs = std::filesystem;

namespace {

std::string gp_quote(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'')
      out += "'\\''";
    else
      out += ch;
  }
  return out + "'";
}

std::string gp_number(double x) {
  std::ostringstream os;
  os.precision(17);
  os << x;
  return os.str();
}

std::string short_number(double x, int prec) {
  std::ostringstream os;
  os.precision(prec);
  os << x;
  return os.str();
}

// One axis of a plot: the scale and, for symmetric log, the linear threshold
// c (values with |v| < c are drawn linearly in (-1, 1); beyond, one unit per
// decade: t(v) = sign(v) (1 + log10(|v| / c))).
struct Axis {
  AxisScale scale = AxisScale::linear;
  double c = 1;
  bool keep(double v) const { return std::isfinite(v) && (scale != AxisScale::log || v > 0); }
  double map(double v) const {
    if (scale != AxisScale::symlog) return v;
    const double a = std::fabs(v);
    if (a < c) return v / c;
    return std::copysign(1 + std::log10(a / c), v);
  }
};

// Decimal exponent label of sign * 10^e ("1e-12", "-1e5", "1e0"): the
// format of the log axes ('1e%L'), so a plot's axes read alike (issue 20).
std::string pow10_label(int e, bool negative) {
  std::string s = "1e" + std::to_string(e);
  return negative ? "-" + s : s;
}

// gnuplot `tics (...)` and `set Xrange` for a symmetric-log axis over `values`: 0,
// powers of ten at a round step (about six per side at most), the threshold c
// and each side's outermost decade, each only where the values on that side
// reach and where it does not crowd a tic placed before it.
std::string symlog_tics(const Axis& ax, const char* name, const std::vector<double>& values) {
  double hi_pos = 0, hi_neg = 0;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    if (v > 0) hi_pos = std::max(hi_pos, v);
    if (v < 0) hi_neg = std::max(hi_neg, -v);
  }
  const int e0 = int(std::lround(std::log10(ax.c)));
  auto top = [&](double hi) { return hi >= ax.c ? int(std::ceil(std::log10(hi) - 1e-9)) : e0 - 1; };
  const int tp = top(hi_pos), tn = top(hi_neg);
  const double t_hi = hi_pos > 0 ? ax.map(hi_pos) : 0, t_lo = hi_neg > 0 ? ax.map(-hi_neg) : 0;
  const double gap = (t_hi - t_lo) / 16;
  const int span = std::max(tp, tn) - e0;
  int step = 1;
  for (int s : {1, 2, 3, 5, 10, 15, 20, 30, 50, 100}) {
    step = s;
    if (span / s <= 6) break;
  }
  std::vector<std::pair<double, std::string>> tics{{0.0, "0"}};
  auto place = [&](int e, bool neg) {
    const double t = neg ? -(1.0 + (e - e0)) : 1.0 + (e - e0);
    for (const auto& [u, _] : tics)
      if (std::fabs(u - t) < gap) return;
    tics.push_back({t, pow10_label(e, neg)});
  };
  for (const bool neg : {false, true}) {
    const int last = neg ? tn : tp;
    for (int e = last; e >= e0; --e)
      if (e % step == 0) place(e, neg);
  }
  for (const bool neg : {false, true}) {
    const int last = neg ? tn : tp;
    if (last >= e0) {
      place(e0, neg);
      place(last, neg);
    }
  }
  // The range reaches the outermost tics (gnuplot does not extend an
  // autoscaled range to explicit tics), so each side ends at a labelled decade.
  double lo = t_lo, hi = t_hi;
  for (const auto& [t, _] : tics) {
    lo = std::min(lo, t);
    hi = std::max(hi, t);
  }
  std::ostringstream os;
  os << "tics (";
  for (std::size_t k = 0; k < tics.size(); ++k)
    os << (k ? ", " : "") << gp_quote(tics[k].second) << " " << tics[k].first;
  os << ")\nset " << name << "range [" << gp_number(lo) << ":" << gp_number(hi) << "]";
  return os.str();
}

Axis make_axis(AxisScale requested, const std::vector<double>& values) {
  Axis ax;
  ax.scale = requested == AxisScale::automatic ? auto_axis_scale(values) : requested;
  if (ax.scale == AxisScale::symlog) {
    double lo = 0;
    for (double v : values)
      if (std::isfinite(v) && v != 0) lo = lo == 0 ? std::fabs(v) : std::min(lo, std::fabs(v));
    ax.c = lo > 0 ? std::pow(10.0, std::floor(std::log10(lo))) : 1.0;
  }
  return ax;
}

// Axis setup lines for gnuplot; `name` is "x" or "y"; `label` gets the scale.
std::string axis_commands(const Axis& ax, const char* name, const std::string& label,
                          const std::vector<double>& values) {
  std::ostringstream f;
  std::string lab = label;
  if (ax.scale == AxisScale::log) {
    f << "set logscale " << name << " 10\nset format " << name << " '1e%L'\n";
    lab += "  (log scale)";
  } else if (ax.scale == AxisScale::symlog) {
    f << "set " << name << symlog_tics(ax, name, values) << "\n";
    lab += "  (symlog: linear for |" + std::string(name) + "| < " +
           pow10_label(int(std::lround(std::log10(ax.c))), false) + ")";
    if (std::string(name) == "y")
      f << "set yzeroaxis\n";
    else
      f << "set xzeroaxis\n";
  }
  f << "set " << name << "label " << gp_quote(lab) << "\n";
  return f.str();
}

}  // namespace

AxisScale auto_axis_scale(const std::vector<double>& values) {
  std::vector<double> mags;
  bool nonpositive = false;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    if (v <= 0) nonpositive = true;
    if (v != 0) mags.push_back(std::fabs(v));
  }
  if (mags.size() < 2) return AxisScale::linear;
  std::sort(mags.begin(), mags.end());
  const double lo = mags.front(), hi = mags.back(), median = mags[mags.size() / 2];
  // Decades must be spanned, and most values must sit well below the largest:
  // evenly spaced data (t = 0..1000) stays linear even though 1..1000 spans
  // three decades.
  if (std::log10(hi / lo) < 3 || std::log10(hi / median) < 1) return AxisScale::linear;
  return nonpositive ? AxisScale::symlog : AxisScale::log;
}

bool gnuplot_available() { return std::system("command -v gnuplot >/dev/null 2>&1") == 0; }

bool write_svg_plot(const PlotSpec& p, const std::string& dir, std::string& warning) {
  const std::string stem = file_stem(p.stem);
  const std::string gp = (fs::path(dir) / (stem + ".gp")).string();
  const std::string svg = (fs::path(dir) / (stem + ".svg")).string();
  // gnuplot writes here; renamed over `svg` once it succeeded (no half plots).
  const std::string part = svg + ".part";
  const bool loglog = p.kind == PlotKind::loglog_fit;
  std::vector<double> xs, ys;
  for (const auto& L : p.lines) {
    xs.insert(xs.end(), L.x.begin(), L.x.end());
    ys.insert(ys.end(), L.y.begin(), L.y.end());
  }
  const bool has_ref =
      p.kind == PlotKind::versus_reference && p.reference && std::isfinite(*p.reference);
  if (has_ref) ys.push_back(*p.reference);
  const Axis ax = make_axis(loglog ? AxisScale::log : p.xscale, xs);
  Axis ay = make_axis(loglog ? AxisScale::log : p.yscale, ys);
  if (ay.scale == AxisScale::log && has_ref && *p.reference <= 0)
    ay = make_axis(AxisScale::symlog, ys);

  std::ostringstream f;
  f << "# generated by sodlift validate; run `gnuplot " << stem << ".gp` to remake " << stem
    << ".svg\n";
  f << "set encoding utf8\n";
  f << "set terminal svg size 800,520 noenhanced font 'sans,15' linewidth 1.5 background rgb "
       "'white'\n";
  f << "if (!exists(\"out\")) out = " << gp_quote(svg) << "\nset output out\n";
  f << "set title " << gp_quote(p.title) << "\n";
  f << axis_commands(ax, "x", p.xlabel, xs) << axis_commands(ay, "y", p.ylabel, ys);
  if (p.yrange && ay.scale == AxisScale::linear)
    f << "set yrange [" << gp_number(p.yrange->first) << ":" << gp_number(p.yrange->second) << "]\n";
  // The legend goes below the plot (never over the data), in at most `cols`
  // columns, and the bottom margin holds its rows plus the x tics and label:
  // gnuplot's own margin let the legend box cover the x label (issue 20).
  // Column width from the longest entry (15 px font: ~9 px a character, plus
  // the line sample and gaps); rows rounded up, so the margin errs wide.
  std::vector<std::string> entries;
  for (const auto& L : p.lines) entries.push_back(L.label);
  if (has_ref) entries.push_back(p.reference_label.empty() ? "reference" : p.reference_label);
  if (loglog) entries.push_back("fit: slope 0.0000 ± 0.00");
  if (loglog && p.claimed_slope) entries.push_back("claimed: slope 0.000");
  std::size_t longest = 1;
  for (const auto& e : entries) longest = std::max<std::size_t>(longest, e.size() + 13);  // "(none to draw)"
  const std::size_t cols =
      std::clamp<std::size_t>(std::size_t(740 / (9 * longest + 110)), 1, std::max<std::size_t>(entries.size(), 1));
  const std::size_t rows = (std::max<std::size_t>(entries.size(), 1) + cols - 1) / cols;
  f << "set grid\nset key outside below horizontal box opaque maxcols " << cols << "\n"
    << "set bmargin " << gp_number(double(rows) + 4.5) << "\n"
    << "set title font ',17'\nset border lw 1\n";
  std::vector<std::size_t> kept(p.lines.size(), 0);
  for (std::size_t i = 0; i < p.lines.size(); ++i) {
    const auto& L = p.lines[i];
    f << "$d" << i << " << EOD\n";
    for (std::size_t k = 0; k < L.x.size() && k < L.y.size(); ++k) {
      if (!ax.keep(L.x[k]) || !ay.keep(L.y[k])) continue;
      f << gp_number(ax.map(L.x[k])) << " " << gp_number(ay.map(L.y[k])) << "\n";
      ++kept[i];
    }
    f << "EOD\n";
  }
  f << "plot ";
  bool first = true;
  auto next = [&] {
    f << (first ? "" : ", \\\n     ");
    first = false;
  };
  for (std::size_t i = 0; i < p.lines.size(); ++i) {
    const bool few = p.lines[i].x.size() <= 40;
    next();
    // Earlier lines are drawn wider, so lines that coincide (methods with the
    // same success rate) stay visible as nested bands instead of hiding each
    // other; from the ninth line on the colours repeat, so the dash changes.
    const double lw = std::max(1.5, 5.0 - 0.5 * double(i));
    // A line with nothing to draw (e.g. a term that is 0 throughout) keeps its
    // legend entry and says so; gnuplot would drop it with a warning.
    if (kept[i] == 0) {
      f << "NaN with lines lw " << gp_number(lw) << " dt " << (1 + int(i / 8)) << " title "
        << gp_quote(p.lines[i].label + " (none to draw)");
      continue;
    }
    f << "$d" << i << " using 1:2 with " << (loglog || few ? "linespoints pt 7 ps 0.6" : "lines")
      << " lw " << gp_number(lw) << " dt " << (1 + int(i / 8)) << " title "
      << gp_quote(p.lines[i].label);
  }
  if (has_ref) {
    next();
    f << gp_number(ay.map(*p.reference)) << " with lines dt 2 lw 2 lc rgb 'black' title "
      << gp_quote(p.reference_label.empty() ? "reference" : p.reference_label);
  }
  if (loglog) {
    next();
    f << "10**(" << gp_number(p.intercept) << ") * x**(" << gp_number(p.slope)
      << ") with lines dt 2 lw 2 lc rgb 'black' title "
      << gp_quote("fit: slope " + short_number(p.slope, 4) + " ± " +
                  short_number(p.slope_stderr, 2));
    // The claimed order through the fitted line at the geometric middle of
    // the fitted points: equal slopes draw parallel-on-top lines.
    double lo = 0, hi = 0;
    if (!p.lines.empty())
      for (double x : p.lines.front().x)
        if (x > 0 && std::isfinite(x)) {
          lo = lo == 0 ? x : std::min(lo, x);
          hi = std::max(hi, x);
        }
    if (p.claimed_slope && lo > 0) {
      const double xc = std::sqrt(lo * hi);
      const double yc = std::pow(10.0, p.intercept + p.slope * std::log10(xc));
      next();
      f << gp_number(yc) << " * (x / " << gp_number(xc) << ")**(" << gp_number(*p.claimed_slope)
        << ") with lines dt 3 lw 3 lc rgb '#d62728' title "
        << gp_quote("claimed: slope " + short_number(*p.claimed_slope, 4));
    }
  }
  if (first) f << "NaN notitle";
  f << "\nunset output\n";
  try {
    write_file_atomic(gp, f.str());
  } catch (const std::exception& e) {
    warning = e.what();
    return false;
  }
  if (!gnuplot_available()) {
    warning = "gnuplot not found: plot " + stem + ".svg skipped (script kept in " + stem + ".gp)";
    return false;
  }
  const std::string err = (fs::path(dir) / (stem + ".gnuplot.log")).string();
  const int rc = std::system(("gnuplot -e " + sh_quote("out=" + gp_quote(part)) + " " +
                              sh_quote(gp) + " 2>" + sh_quote(err))
                                 .c_str());
  std::error_code ec;
  if (rc != 0 || !fs::exists(part)) {
    fs::remove(part, ec);
    warning = "gnuplot failed on " + gp + " (see " + err + ")";
    return false;
  }
  fs::rename(part, svg, ec);
  if (ec) {
    warning = "cannot rename " + part + " to " + svg + ": " + ec.message();
    return false;
  }
  // The report folder holds only what the report links to (issue 20): the
  // script and gnuplot's messages go once the SVG is made (they stay, and
  // the warning names them, when gnuplot is missing or fails).
  const std::string log_text = [&] {
    std::ifstream in(err);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }();
  fs::remove(err, ec);
  fs::remove(gp, ec);
  if (!log_text.empty())
    warning = "gnuplot on " + stem + ".gp: " + log_text.substr(0, log_text.find('\n'));
  return true;
}

}  // namespace sodlift::validate
