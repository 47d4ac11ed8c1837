// report.md / report.json / CSV / gnuplot SVG writers.
#include "sodlift/validate/report.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "sodlift/core/atomic_file.hpp"
#include "sodlift/core/errors.hpp"

namespace sodlift::validate {

namespace fs = std::filesystem;

std::string file_stem(const std::string& s) {
  std::string out;
  for (char ch : s) {
    const bool keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                      ch == '.' || ch == '_' || ch == '+';
    if (keep) out += ch;
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "x" : out;
}

namespace {

MeasureKind kind_from_string(const std::string& s) {
  if (s == "residual") return MeasureKind::residual;
  if (s == "exact") return MeasureKind::exact;
  return MeasureKind::value;
}

std::string series_file(const Series& s) { return file_stem(s.name) + ".csv"; }
std::string plot_file(const PlotSpec& p) { return file_stem(p.stem) + ".svg"; }

std::string fmt(double x, int prec = 4) {
  std::ostringstream os;
  os.precision(prec);
  os << x;
  return os.str();
}

// Markdown table cells must not contain '|' or newlines.
std::string cell(std::string s) {
  for (auto& ch : s)
    if (ch == '|') ch = '/';
    else if (ch == '\n') ch = ' ';
  return s;
}

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
    if (ch == '\'') out += "'\\''";
    else out += ch;
  }
  return out + "'";
}

std::string gp_number(double x) {
  std::ostringstream os;
  os.precision(17);
  os << x;
  return os.str();
}

}  // namespace

nlohmann::json report_to_json(const Report& r) {
  nlohmann::json j;
  j["precision"] = r.info.precision;
  j["version"] = r.info.version;
  j["git"] = r.info.git_commit;
  j["mode"] = r.info.mode;
  j["instances"] = r.info.instances;
  j["objective_scale"] = r.info.objective_scale;
  nlohmann::json seeds = nlohmann::json::object();
  for (const auto& [name, seed] : r.info.seeds) seeds[name] = seed;
  j["seeds"] = seeds;
  nlohmann::json reg = nlohmann::json::array();
  for (const auto& c : r.claims)
    reg.push_back({{"id", c.id},
                   {"paper_ref", c.paper_ref},
                   {"statement", c.statement},
                   {"check", c.check},
                   {"tolerance", c.tolerance}});
  j["registry"] = reg;
  nlohmann::json claims = nlohmann::json::array();
  for (const auto& res : r.results) {
    nlohmann::json c;
    c["id"] = res.id;
    c["instance"] = res.instance;
    c["precision"] = res.precision;
    c["verdict"] = to_string(res.verdict);
    c["reason"] = res.reason;
    c["digits"] = res.digits;
    c["key_number"] = res.key_number;
    nlohmann::json ms = nlohmann::json::array();
    for (const auto& m : res.measured) {
      nlohmann::json mj{{"name", m.name}, {"value", m.value}, {"kind", to_string(m.kind)}};
      if (m.plot && std::isfinite(*m.plot)) mj["plot"] = *m.plot;
      ms.push_back(mj);
    }
    c["measured"] = ms;
    nlohmann::json files = nlohmann::json::array();
    for (const auto& s : res.series) files.push_back(series_file(s));
    for (const auto& p : res.plots) files.push_back(plot_file(p));
    c["files"] = files;
    claims.push_back(c);
  }
  j["claims"] = claims;
  if (r.info.timestamps)
    j["run"] = {{"started_utc", r.info.started_utc}, {"wall_seconds", r.info.wall_seconds}};
  return j;
}

std::vector<ClaimResult> results_from_json(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("claims") || !j["claims"].is_array())
    throw input_error("report JSON has no 'claims' array: is this a sodlift report.json?");
  std::vector<ClaimResult> out;
  for (const auto& c : j["claims"]) {
    ClaimResult r;
    r.id = c.at("id").get<std::string>();
    r.instance = c.at("instance").get<std::string>();
    r.precision = c.value("precision", "");
    r.verdict = verdict_from_string(c.at("verdict").get<std::string>());
    r.reason = c.value("reason", "");
    r.digits = c.value("digits", 0.0);
    r.key_number = c.value("key_number", "");
    for (const auto& m : c.at("measured")) {
      Measured x;
      x.name = m.at("name").get<std::string>();
      x.value = m.at("value").get<std::string>();
      x.kind = kind_from_string(m.value("kind", "value"));
      if (m.contains("plot")) x.plot = m["plot"].get<double>();
      r.measured.push_back(x);
    }
    out.push_back(std::move(r));
  }
  return out;
}

std::string report_to_markdown(const Report& r, const std::vector<std::string>& plot_files) {
  std::ostringstream md;
  md << "# sodlift validation report\n\n";
  md << "Precision **" << r.info.precision << "**, mode **" << r.info.mode << "**, sodlift " << r.info.version
     << " (git " << r.info.git_commit << ").  \n";
  md << "Instances: ";
  for (std::size_t i = 0; i < r.info.instances.size(); ++i) md << (i ? ", " : "") << r.info.instances[i];
  md << ".  \n";
  if (r.info.seeds.empty()) md << "Seeds: none (no random instance).  \n";
  else {
    md << "Seeds: ";
    for (std::size_t i = 0; i < r.info.seeds.size(); ++i)
      md << (i ? ", " : "") << r.info.seeds[i].first << " = " << r.info.seeds[i].second;
    md << ".  \n";
  }
  if (!r.info.objective_scale.empty()) md << "Objective scale: " << r.info.objective_scale << ".  \n";
  if (r.info.timestamps)
    md << "Started " << r.info.started_utc << ", wall time " << fmt(r.info.wall_seconds, 3) << " s.\n";
  md << "\nHOLDS / FAILS / INCONCLUSIVE and \"digits\" are explained in docs/reading-the-report.md.\n\n";
  md << "## Verdicts\n\n| claim | instance | verdict | key number |\n|---|---|---|---|\n";
  for (const auto& res : r.results)
    md << "| " << cell(res.id) << " | " << cell(res.instance) << " | **" << to_string(res.verdict) << "** | "
       << cell(res.key_number) << " |\n";
  md << "\n";
  std::map<std::string, bool> has_plot;
  for (const auto& f : plot_files) has_plot[f] = true;
  for (const auto& c : r.claims) {
    bool any = false;
    for (const auto& res : r.results) any = any || res.id == c.id;
    if (!any) continue;
    md << "## " << c.id << " (" << c.paper_ref << ")\n\n";
    md << "*Claim:* " << c.statement << "  \n*Check:* " << c.check << "  \n*Tolerance:* " << c.tolerance
       << "\n\n";
    for (const auto& res : r.results) {
      if (res.id != c.id) continue;
      md << "### " << res.instance << ": " << to_string(res.verdict) << "\n\n";
      md << res.reason << "\n\n";
      md << "| measured | value |\n|---|---|\n";
      for (const auto& m : res.measured) md << "| " << cell(m.name) << " | `" << cell(m.value) << "` |\n";
      md << "\n";
      for (const auto& p : res.plots) {
        const std::string f = plot_file(p);
        if (has_plot.count(f)) md << "![" << p.title << "](" << f << ")\n\n";
      }
      for (const auto& s : res.series) md << "Data: [" << series_file(s) << "](" << series_file(s) << ")\n\n";
    }
  }
  return md.str();
}

void write_csv(const Series& s, const std::string& path) {
  std::ostringstream f;
  for (std::size_t i = 0; i < s.columns.size(); ++i) f << (i ? "," : "") << s.columns[i];
  f << "\n";
  for (const auto& row : s.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) f << (i ? "," : "") << row[i];
    f << "\n";
  }
  write_file_atomic(path, f.str());
}

bool gnuplot_available() { return std::system("command -v gnuplot >/dev/null 2>&1") == 0; }

bool write_svg_plot(const PlotSpec& p, const std::string& dir, std::string& warning) {
  const std::string stem = file_stem(p.stem);
  const std::string gp = (fs::path(dir) / (stem + ".gp")).string();
  const std::string svg = (fs::path(dir) / (stem + ".svg")).string();
  const bool logxy = p.kind == PlotKind::loglog_fit;
  std::ostringstream f;
  f << "# generated by sodlift validate; run `gnuplot " << stem << ".gp` to remake " << stem << ".svg\n";
  f << "set terminal svg size 900,560 noenhanced font 'sans,13' background rgb 'white'\n";
  f << "set output " << gp_quote(svg) << "\n";
  f << "set title " << gp_quote(p.title) << "\nset xlabel " << gp_quote(p.xlabel) << "\nset ylabel "
    << gp_quote(p.ylabel) << "\n";
  f << "set grid\nset key inside top center box opaque\n";
  if (logxy) f << "set logscale xy\nset format x '1e%L'\nset format y '1e%L'\n";
  int nblocks = 0;
  for (std::size_t i = 0; i < p.lines.size(); ++i) {
    const auto& L = p.lines[i];
    f << "$d" << i << " << EOD\n";
    for (std::size_t k = 0; k < L.x.size() && k < L.y.size(); ++k) {
      if (!std::isfinite(L.x[k]) || !std::isfinite(L.y[k])) continue;
      if (logxy && (L.x[k] <= 0 || L.y[k] <= 0)) continue;
      f << gp_number(L.x[k]) << " " << gp_number(L.y[k]) << "\n";
    }
    f << "EOD\n";
    ++nblocks;
  }
  f << "plot ";
  bool first = true;
  for (std::size_t i = 0; i < p.lines.size(); ++i) {
    f << (first ? "" : ", \\\n     ") << "$d" << i << " using 1:2 with "
      << (logxy ? "linespoints pt 7 ps 0.6" : "lines") << " lw 2 title " << gp_quote(p.lines[i].label);
    first = false;
  }
  if (p.kind == PlotKind::versus_reference && p.reference) {
    f << (first ? "" : ", \\\n     ") << gp_number(*p.reference) << " with lines dt 2 lw 2 lc rgb 'black' title "
      << gp_quote(p.reference_label.empty() ? "reference" : p.reference_label);
    first = false;
  }
  if (p.kind == PlotKind::loglog_fit) {
    const std::string label = "fit: slope " + fmt(p.slope, 4) + " +- " + fmt(p.slope_stderr, 2);
    f << (first ? "" : ", \\\n     ") << "10**(" << gp_number(p.intercept) << ") * x**(" << gp_number(p.slope)
      << ") with lines dt 2 lw 2 lc rgb 'black' title " << gp_quote(label);
    first = false;
  }
  if (first) f << "NaN notitle";
  f << "\nunset output\n";
  try {
    write_file_atomic(gp, f.str());
  } catch (const input_error&) {
    warning = "cannot write " + gp;
    return false;
  }
  if (!gnuplot_available()) {
    warning = "gnuplot not found: plot " + stem + ".svg skipped (script kept in " + stem + ".gp)";
    return false;
  }
  const std::string err = (fs::path(dir) / (stem + ".gnuplot.log")).string();
  const int rc = std::system(("gnuplot " + sh_quote(gp) + " 2>" + sh_quote(err)).c_str());
  if (rc != 0 || !fs::exists(svg)) {
    warning = "gnuplot failed on " + gp + " (see " + err + ")";
    return false;
  }
  std::error_code ec;
  if (fs::file_size(err, ec) == 0) fs::remove(err, ec);
  return true;
}

PlotSpec order_plot(const std::string& stem, const std::string& title, const std::string& param_name,
                    const std::vector<OrderPoint>& pts, const SlopeFit& fit) {
  PlotSpec p;
  p.stem = stem;
  p.kind = PlotKind::loglog_fit;
  p.title = title;
  p.xlabel = param_name;
  p.ylabel = "error";
  PlotLine used{"error (used in fit)", {}, {}}, dropped{"error (within 1e3 x round-off, not used)", {}, {}};
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const bool u = i < fit.usable.size() && fit.usable[i];
    (u ? used : dropped).x.push_back(pts[i].param);
    (u ? used : dropped).y.push_back(pts[i].error);
  }
  p.lines.push_back(used);
  if (!dropped.x.empty()) p.lines.push_back(dropped);
  p.slope = fit.slope;
  p.slope_stderr = fit.slope_stderr;
  p.intercept = fit.intercept;
  return p;
}

std::vector<Measured> order_measured(const std::string& prefix, const SlopeFit& fit, const OrderJudgement& j,
                                     double claimed) {
  auto num = [](double x) {
    std::ostringstream os;
    os.precision(6);
    os << x;
    return os.str();
  };
  std::vector<Measured> m;
  m.push_back({prefix + "fitted slope", num(fit.slope), fit.slope, MeasureKind::value});
  m.push_back({prefix + "slope standard error", num(fit.slope_stderr), fit.slope_stderr, MeasureKind::residual});
  m.push_back({prefix + "claimed order", num(claimed), claimed, MeasureKind::exact});
  m.push_back({prefix + "tolerance", num(j.tolerance), j.tolerance, MeasureKind::residual});
  m.push_back({prefix + "points used", std::to_string(fit.used), double(fit.used), MeasureKind::exact});
  m.push_back({prefix + "decades", num(fit.decades), fit.decades, MeasureKind::value});
  m.push_back({prefix + "order verdict", to_string(j.verdict), std::nullopt, MeasureKind::exact});
  return m;
}

void write_report(const Report& r, const std::string& dir, std::vector<std::string>& warnings) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (!fs::is_directory(dir))
    throw input_error("cannot create the report directory '" + dir + "': " + ec.message() +
                      " (choose another --out)");
  std::vector<std::string> plots;
  for (const auto& res : r.results) {
    for (const auto& s : res.series) write_csv(s, (fs::path(dir) / series_file(s)).string());
    for (const auto& p : res.plots) {
      std::string w;
      if (write_svg_plot(p, dir, w)) plots.push_back(plot_file(p));
      else warnings.push_back(w);
    }
  }
  write_file_atomic((fs::path(dir) / "report.json").string(), report_to_json(r).dump(2) + "\n");
  write_file_atomic((fs::path(dir) / "report.md").string(), report_to_markdown(r, plots));
}

}  // namespace sodlift::validate
