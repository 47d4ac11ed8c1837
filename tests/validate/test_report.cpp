// Report writers: deterministic JSON, JSON round trip, CSV, and the three plot
// kinds through gnuplot (skipped with a warning when gnuplot is missing).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "sodlift/core/errors.hpp"
#include "sodlift/validate/report.hpp"
#include "sodlift_test.hpp"

using namespace sodlift::validate;
namespace fs = std::filesystem;

namespace {

Report sample(bool timestamps) {
  Report r;
  r.info.precision = "bf50";
  r.info.version = "0.1.0";
  r.info.git_commit = "abc";
  r.info.mode = "quick";
  r.info.instances = {"basic"};
  r.info.timestamps = timestamps;
  r.info.started_utc = "2026-01-01T00:00:00Z";
  r.info.wall_seconds = 1.5;
  r.claims = {{"c1", "§1", "statement", "check", "tol"}};
  ClaimResult c;
  c.id = "c1";
  c.instance = "basic";
  c.precision = "bf50";
  c.verdict = Verdict::fails;
  c.reason = "because";
  c.digits = 12.5;
  c.key_number = "k";
  c.measured = {{"x", "1.25e+00", 1.25, MeasureKind::value}, {"n", "3", 3.0, MeasureKind::exact}};
  Series s;
  s.name = "c1-series";
  s.columns = {"a", "b"};
  s.rows = {{"1", "2"}, {"3", "4"}};
  c.series = {s};
  r.results = {c};
  return r;
}

std::string slurp(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

fs::path temp_dir(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("sodlift-test-" + name);
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

}  // namespace

TEST_CASE("report JSON is deterministic and drops the run object without timestamps", "[validate][report]") {
  const auto a = report_to_json(sample(false)).dump(2);
  const auto b = report_to_json(sample(false)).dump(2);
  CHECK(a == b);
  CHECK(a.find("\"run\"") == std::string::npos);
  CHECK(a.find("2026-01-01") == std::string::npos);
  const auto t = report_to_json(sample(true));
  CHECK(t.contains("run"));
  // Round trip of what the golden test reads.
  const auto back = results_from_json(nlohmann::json::parse(a));
  REQUIRE(back.size() == 1);
  CHECK(back[0].id == "c1");
  CHECK(back[0].verdict == Verdict::fails);
  REQUIRE(back[0].measured.size() == 2);
  CHECK(back[0].measured[0].value == "1.25e+00");
  CHECK(back[0].measured[1].kind == MeasureKind::exact);
  CHECK_THROWS_AS(results_from_json(nlohmann::json::object()), sodlift::input_error);
}

TEST_CASE("markdown starts with the verdict table", "[validate][report]") {
  const auto md = report_to_markdown(sample(false), {});
  const auto table = md.find("| claim | instance | verdict | key number |");
  const auto section = md.find("## c1 (");
  REQUIRE(table != std::string::npos);
  REQUIRE(section != std::string::npos);
  CHECK(table < section);
  CHECK(md.find("| c1 | basic | **FAILS** | k |") != std::string::npos);
}

TEST_CASE("write_report writes md, json and csv", "[validate][report]") {
  const auto d = temp_dir("report");
  std::vector<std::string> warnings;
  write_report(sample(false), d.string(), warnings);
  CHECK(fs::exists(d / "report.md"));
  CHECK(fs::exists(d / "report.json"));
  CHECK(slurp(d / "c1-series.csv") == "a,b\n1,2\n3,4\n");
  CHECK(file_stem("pmc(3,0.3)") == "pmc-3-0.3");
}

TEST_CASE("the three plot kinds render to SVG", "[validate][report][plot]") {
  if (!gnuplot_available()) {
    WARN("gnuplot not installed: plot rendering not tested");
    return;
  }
  const auto d = temp_dir("plots");
  PlotLine l1{"impl A", {0, 1, 2, 3}, {1, 0.5, 0.25, 0.125}};
  PlotLine l2{"impl B", {0, 1, 2, 3}, {1, 0.6, 0.3, 0.1}};
  PlotSpec lines{"lines", PlotKind::lines, "beta per step", "t", "beta", {l1, l2}, std::nullopt, "", 0, 0, 0};
  PlotSpec ref{"ref", PlotKind::versus_reference, "h^l vs h^l(a)", "t", "h^l", {l1}, 0.3, "h^l(a)", 0, 0, 0};
  PlotLine pts{"error", {1e-4, 1e-3, 1e-2, 1e-1}, {1e-8, 1e-6, 1e-4, 1e-2}};
  PlotSpec ll{"loglog", PlotKind::loglog_fit, "error vs rho", "rho", "error", {pts}, std::nullopt, "", 2.0, 0.01,
              0.0};
  for (const auto& p : {lines, ref, ll}) {
    std::string w;
    INFO(p.stem << ": " << w);
    CHECK(write_svg_plot(p, d.string(), w));
    const auto svg = slurp(d / (p.stem + ".svg"));
    CHECK(svg.find("<svg") != std::string::npos);
  }
  // The fitted slope is in the legend.
  CHECK(slurp(d / "loglog.svg").find("slope 2") != std::string::npos);
  CHECK(slurp(d / "ref.svg").find("h^l(a)") != std::string::npos);
}

TEST_CASE("order_plot separates used and round-off points and renders", "[validate][report][plot]") {
  // error = p^2 with a round-off floor of 1e-12: the two smallest p are excluded.
  std::vector<OrderPoint> pts;
  for (double p : {1e-8, 1e-7, 1e-4, 1e-3, 1e-2, 1e-1}) pts.push_back({p, p * p + 1e-12, 1e-12});
  const auto fit = fit_loglog(pts);
  REQUIRE(fit.ok);
  const auto j = judge_order(fit, 2.0);
  const auto p = order_plot("order", "error vs rho", "rho", pts, fit);
  REQUIRE(p.lines.size() == 2);
  CHECK(p.lines[0].x.size() == 4);
  CHECK(p.lines[1].x.size() == 2);
  const auto m = order_measured("rho: ", fit, j, 2.0);
  CHECK(m.front().name == "rho: fitted slope");
  CHECK(m.back().value == "HOLDS");
  if (!gnuplot_available()) return;
  const auto d = temp_dir("order");
  std::string w;
  CHECK(write_svg_plot(p, d.string(), w));
  CHECK(slurp(d / "order.svg").find("slope 2") != std::string::npos);
}
