// report.json, CSV files, order-plot helpers and write_report (the Markdown,
// HTML and plot writers are in report_markdown.cpp, report_html.cpp and
// plot_gnuplot.cpp).
#include "sodlift/validate/report.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "sodlift/support/atomic_file.hpp"
#include "sodlift/support/errors.hpp"

namespace sodlift::validate {

namespace fs = std::filesystem;

std::string file_stem(const std::string& s) {
  std::string out;
  for (char ch : s) {
    const bool keep = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '+';
    if (keep)
      out += ch;
    else if (!out.empty() && out.back() != '-')
      out += '-';
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
    if (res.proof.attempted)
      c["proof"] = {{"proved", res.proof.proved},
                    {"statement", res.proof.statement},
                    {"enclosure", res.proof.enclosure},
                    {"detail", res.proof.detail},
                    {"method", res.proof.method}};
    if (res.population) {
      nlohmann::json pj{{"reduced", res.population->reduced}, {"what", res.population->what}};
      if (res.population->reduced) {
        pj["mark"] = res.population->mark;
        pj["cannot_decide"] = res.population->cannot_decide;
      }
      c["population"] = pj;
    }
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
    if (c.contains("proof") && c["proof"].is_object()) {
      const auto& q = c["proof"];
      r.proof.attempted = true;
      r.proof.proved = q.value("proved", false);
      r.proof.statement = q.value("statement", "");
      r.proof.enclosure = q.value("enclosure", "");
      r.proof.detail = q.value("detail", "");
      r.proof.method = q.value("method", "");
    }
    for (const auto& m : c.at("measured")) {
      Measured x;
      x.name = m.at("name").get<std::string>();
      x.value = m.at("value").get<std::string>();
      x.kind = kind_from_string(m.value("kind", "value"));
      if (m.contains("plot")) x.plot = m["plot"].get<double>();
      r.measured.push_back(x);
    }
    if (c.contains("population") && c["population"].is_object()) {
      const auto& pj = c["population"];
      PopulationInfo p;
      p.reduced = pj.value("reduced", false);
      p.mark = pj.value("mark", "");
      p.what = pj.value("what", "");
      p.cannot_decide = pj.value("cannot_decide", "");
      r.population = p;
    }
    out.push_back(std::move(r));
  }
  return out;
}

namespace {

// RFC 4180: a field holding a comma, a double quote or a line break is
// quoted, its quotes doubled. Configuration ids ("n=10,eps=0.15") and notes
// ("timed over 20 steps, scaled to t") hold commas; unquoted, they shifted
// every later column for a CSV reader.
std::string csv_field(const std::string& f) {
  if (f.find_first_of(",\"\r\n") == std::string::npos) return f;
  std::string q = "\"";
  for (char ch : f) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return q + "\"";
}

std::string csv_text(const Series& s) {
  std::string out;
  for (std::size_t i = 0; i < s.columns.size(); ++i)
    out += (i ? "," : "") + csv_field(s.columns[i]);
  out += "\n";
  for (const auto& row : s.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + csv_field(row[i]);
    out += "\n";
  }
  return out;
}

}  // namespace

void write_csv(const Series& s, const std::string& path) { write_file_atomic(path, csv_text(s)); }

PlotSpec order_plot(const std::string& stem, const std::string& title,
                    const std::string& param_name, const std::vector<OrderPoint>& pts,
                    const SlopeFit& fit, std::optional<double> claimed_slope) {
  PlotSpec p;
  p.stem = stem;
  p.kind = PlotKind::loglog_fit;
  p.title = title;
  p.xlabel = param_name;
  p.ylabel = "error";
  PlotLine used{"error (used in fit)", {}, {}},
      dropped{"error (within 1e3 x round-off, not used)", {}, {}};
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
  p.claimed_slope = claimed_slope;
  return p;
}

std::vector<Measured> order_measured(const std::string& prefix, const SlopeFit& fit,
                                     const OrderJudgement& j, double claimed) {
  auto num = [](double x) {
    std::ostringstream os;
    os.precision(6);
    os << x;
    return os.str();
  };
  std::vector<Measured> m;
  m.push_back({prefix + "fitted slope", num(fit.slope), fit.slope, MeasureKind::value});
  m.push_back({prefix + "slope standard error", num(fit.slope_stderr), fit.slope_stderr,
               MeasureKind::residual});
  m.push_back({prefix + "claimed order", num(claimed), claimed, MeasureKind::exact});
  m.push_back({prefix + "tolerance", num(j.tolerance), j.tolerance, MeasureKind::residual});
  m.push_back(
      {prefix + "points used", std::to_string(fit.used), double(fit.used), MeasureKind::exact});
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
  std::map<std::string, std::string> svg_text;
  for (const auto& res : r.results) {
    for (const auto& s : res.series) write_csv(s, (fs::path(dir) / series_file(s)).string());
    for (const auto& p : res.plots) {
      std::string w;
      if (!write_svg_plot(p, dir, w)) {
        warnings.push_back(w);
        continue;
      }
      if (!w.empty()) warnings.push_back(w);  // made, but gnuplot said something
      plots.push_back(plot_file(p));
      std::ifstream f(fs::path(dir) / plot_file(p));
      std::stringstream ss;
      ss << f.rdbuf();
      svg_text[plot_file(p)] = ss.str();
    }
  }
  write_file_atomic((fs::path(dir) / "report.json").string(), report_to_json(r).dump(2) + "\n");
  write_file_atomic((fs::path(dir) / "report.md").string(), report_to_markdown(r, plots));
  write_file_atomic((fs::path(dir) / "report.html").string(), report_to_html(r, plots, svg_text));
}

}  // namespace sodlift::validate
