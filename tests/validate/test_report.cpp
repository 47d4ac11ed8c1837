// Report writers: deterministic JSON, JSON round trip, CSV, and the three plot
// kinds through gnuplot (skipped with a warning when gnuplot is missing).
#include <unistd.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sodlift/support/errors.hpp"
#include "sodlift/validate/report.hpp"
#include "report_html_checks.hpp"
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
  fs::path d =
      fs::temp_directory_path() / ("sodlift-test-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

}  // namespace

TEST_CASE("report JSON is deterministic and drops the run object without timestamps",
          "[validate][report]") {
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

TEST_CASE("markdown starts with the verdict matrix, then findings, then the claims",
          "[validate][report]") {
  const auto md = report_to_markdown(sample(false), {});
  const auto matrix = md.find("Verdict matrix\n");
  const auto header = md.find("| claim | paper | basic |");
  const auto findings = md.find("Findings\n");
  const auto section = md.find("### <a id=\"c-c1\"></a>c1 (");
  REQUIRE(matrix != std::string::npos);
  REQUIRE(header != std::string::npos);
  REQUIRE(findings != std::string::npos);
  REQUIRE(section != std::string::npos);
  CHECK(matrix < header);
  CHECK(header < findings);
  CHECK(findings < section);
  // "§1" puts c1 under the paper's section 1; the claim's name links to its
  // section (the cells do not repeat the link in Markdown).
  CHECK(md.find("| **§1 Problem setup** |") != std::string::npos);
  CHECK(md.find("| [c1](#c-c1) | §1 | ❌ FAILS k |") != std::string::npos);
  // Numbers for people: 1.25e+00 is shown as 1.25; the integer stays.
  CHECK(md.find("| x | `1.25` |") != std::string::npos);
  CHECK(md.find("| n | `3` |") != std::string::npos);
}

TEST_CASE("human_number rounds to 6 significant digits and leaves text alone",
          "[validate][report]") {
  // Expected strings worked out by hand from the decimal digits.
  CHECK(human_number("5.8289163865276058924826979256602173752030042054916306e-02") == "0.0582892");
  CHECK(human_number("9.9999996e+10") == "1e+11");          // carry through every digit
  CHECK(human_number("-1.2345649e-07") == "-1.23456e-07");  // the 7th digit 4 rounds down
  CHECK(human_number("123456.7") == "123457");
  CHECK(human_number("1234567.0") == "1.23457e+06");  // %g switches at 10^6
  CHECK(human_number("0.000123456789") == "0.000123457");
  CHECK(human_number("0.0000123456789") == "1.23457e-05");
  CHECK(human_number("1.4e+37") == "1.4e+37");
  CHECK(human_number("2.5e-400") == "2.5e-400");  // beyond double range: strings only
  CHECK(human_number("0.000") == "0");
  CHECK(human_number("42") == "42");  // counts stay exact
  CHECK(human_number("123456789") == "123456789");
  CHECK(human_number("HOLDS") == "HOLDS");
  CHECK(human_number("1.5 ; 2") == "1.5 ; 2");
  CHECK(human_number("inf") == "inf");
  CHECK(human_number("3.14159265", 3) == "3.14");
  // In text only long numbers change; names with digits stay.
  CHECK(human_text("paper 2006.17, ours 2005.588862977604555 at T5 (l=3)") ==
        "paper 2006.17, ours 2005.59 at T5 (l=3)");
  CHECK(human_text("x-1.23456789e-3") == "x-0.00123457");
}

TEST_CASE("paper_section groups claims by the section that states them", "[validate][report]") {
  CHECK(paper_section("Prop. 4.2, (4.4)") == "§4 Single-step SOD escape");
  CHECK(paper_section("Table 2, row T1 (proof of Prop. 4.2)") == "§4 Single-step SOD escape");
  CHECK(paper_section("Fig. 4a") == "§3 Main results");  // Figure 4 is printed in §3.2
  CHECK(paper_section("(5.17), hypothesis of Thm 5.5") == "§5 Multi-step SOD escape");
  CHECK(paper_section("§1.1, App. C (the spurious local minima)") == "§1 Problem setup");
  CHECK(paper_section("Table 5, App. C.3 (on App. C.2)") == "Appendix C");
  CHECK(paper_section("SPEC §2.3 (Algorithm 1 steps 1.1-1.2)") ==
        "Harness cross-checks (not claims of the paper)");
  CHECK(paper_section("nothing known") == "Other");
  // Another paper's section numbers are not this paper's (issue 20).
  CHECK(paper_section("arXiv:2310.15549, §6 Fig. 1") == "Other papers: arXiv:2310.15549");
  CHECK(paper_section("arXiv:2310.15549, Thm 1, Lemma 14") == "Other papers: arXiv:2310.15549");
  CHECK(paper_section_order("Prop. 4.2").first < paper_section_order("Thm 5.5").first);
  CHECK(paper_section_order("Thm 5.5").first < paper_section_order("App. C").first);
}

TEST_CASE("automatic axis scale: log or symmetric log only when values span decades",
          "[validate][report][plot]") {
  std::vector<double> even, geometric, signed_decades, flat;
  for (int t = 0; t <= 1000; ++t)
    even.push_back(t);  // 1..1000 spans 3 decades but is evenly spaced
  for (int k = 0; k <= 8; ++k) geometric.push_back(std::pow(10.0, -k));
  for (int t = 0; t < 100; ++t) signed_decades.push_back(-1e-3 * t);
  for (int t = 0; t < 30; ++t)
    signed_decades.push_back(std::pow(10.0, t * 1.3));  // Fig. 4a-like blow-up to 1e37
  for (int t = 0; t < 50; ++t) flat.push_back(0.5 + 1e-9 * t);
  CHECK(auto_axis_scale(even) == AxisScale::linear);
  CHECK(auto_axis_scale(geometric) == AxisScale::log);
  CHECK(auto_axis_scale(signed_decades) == AxisScale::symlog);
  CHECK(auto_axis_scale(flat) == AxisScale::linear);
  CHECK(auto_axis_scale({}) == AxisScale::linear);
}

TEST_CASE("write_report writes md, json and csv", "[validate][report]") {
  const auto d = temp_dir("report");
  std::vector<std::string> warnings;
  write_report(sample(false), d.string(), warnings);
  CHECK(fs::exists(d / "report.md"));
  CHECK(fs::exists(d / "report.json"));
  CHECK(fs::exists(d / "report.html"));
  CHECK(slurp(d / "c1-series.csv") == "a,b\n1,2\n3,4\n");
  CHECK(file_stem("pmc(3,0.3)") == "pmc-3-0.3");
}

TEST_CASE("csv fields holding a comma or a quote are quoted (RFC 4180)", "[validate][report]") {
  // Written by hand from RFC 4180: the configuration id "n=10,eps=0.15" and a
  // note with a comma and a quote; unquoted, a reader would see 5 columns.
  const auto d = temp_dir("report-csv");
  auto rep = sample(false);
  Series s;
  s.name = "quoted";
  s.columns = {"configuration", "note"};
  s.rows = {{"n=10,eps=0.15", "timed over 2 steps, scaled to \"t\""}, {"plain", "x"}};
  rep.results.front().series.push_back(s);
  std::vector<std::string> warnings;
  write_report(rep, d.string(), warnings);
  CHECK(slurp(d / "quoted.csv") ==
        "configuration,note\n\"n=10,eps=0.15\",\"timed over 2 steps, scaled to "
        "\"\"t\"\"\"\nplain,x\n");
}

TEST_CASE("the three plot kinds render to SVG", "[validate][report][plot]") {
  if (!gnuplot_available()) {
    WARN("gnuplot not installed: plot rendering not tested");
    return;
  }
  const auto d = temp_dir("plots");
  PlotLine l1{"impl A", {0, 1, 2, 3}, {1, 0.5, 0.25, 0.125}};
  PlotLine l2{"impl B", {0, 1, 2, 3}, {1, 0.6, 0.3, 0.1}};
  auto spec = [](std::string stem, PlotKind kind, std::string title, std::string xl, std::string yl,
                 std::vector<PlotLine> lines) {
    PlotSpec p;
    p.stem = std::move(stem);
    p.kind = kind;
    p.title = std::move(title);
    p.xlabel = std::move(xl);
    p.ylabel = std::move(yl);
    p.lines = std::move(lines);
    return p;
  };
  const PlotSpec lines = spec("lines", PlotKind::lines, "beta per step", "t", "beta", {l1, l2});
  PlotSpec ref = spec("ref", PlotKind::versus_reference, "h^l vs h^l(a)", "t", "h^l", {l1});
  ref.reference = 0.3;
  ref.reference_label = "h^l(a)";
  PlotLine pts{"error", {1e-4, 1e-3, 1e-2, 1e-1}, {1e-8, 1e-6, 1e-4, 1e-2}};
  PlotSpec ll = spec("loglog", PlotKind::loglog_fit, "error vs rho", "rho", "error", {pts});
  ll.slope = 2.0;
  ll.slope_stderr = 0.01;
  ll.claimed_slope = 2.0;
  for (const auto& p : {lines, ref, ll}) {
    std::string w;
    INFO(p.stem << ": " << w);
    CHECK(write_svg_plot(p, d.string(), w));
    const auto svg = slurp(d / (p.stem + ".svg"));
    CHECK(svg.find("<svg") != std::string::npos);
  }
  // The fitted and the claimed slope are in the legend.
  CHECK(slurp(d / "loglog.svg").find("fit: slope 2") != std::string::npos);
  CHECK(slurp(d / "loglog.svg").find("claimed: slope 2") != std::string::npos);
  CHECK(slurp(d / "ref.svg").find("h^l(a)") != std::string::npos);
}

TEST_CASE("order_plot separates used and round-off points and renders",
          "[validate][report][plot]") {
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

TEST_CASE("report.html: one strict-parsing page, plots inline, each claim once in the matrix",
          "[validate][report][html]") {
  Report r = sample(false);
  r.info.instances = {"basic", "pmc(3,0.3)"};
  r.claims.push_back({"c2", "Prop. 4.2, (4.4)", "a <b> & c", "check", "tol"});
  ClaimResult c2 = r.results[0];
  c2.id = "c2";
  c2.instance = "pmc(3,0.3)";
  c2.verdict = Verdict::holds;
  c2.reason = "x < y & \"z\" | w";  // escaping in text, tooltips and table cells
  c2.series.clear();
  PlotSpec p;
  p.stem = "c2-pmc(3,0.3)";
  p.kind = PlotKind::versus_reference;
  p.title = "h^l - h^l(a) <&>";
  p.xlabel = "t";
  p.ylabel = "h^l - h^l(a)";
  PlotLine l{"(5.8)", {}, {}};
  for (int t = 0; t < 60; ++t) {
    l.x.push_back(t);
    l.y.push_back(t < 30 ? -1e-3 * t
                         : std::pow(10.0, t - 23.0));  // decreases, then blows up to 1e36
  }
  p.lines = {l};
  p.reference = 0.0;
  p.reference_label = "h^l(a)";
  c2.plots = {p};
  r.results.push_back(c2);
  const auto d = temp_dir("html");
  std::vector<std::string> warnings;
  write_report(r, d.string(), warnings);
  sodlift::test::check_report_html(d);
  const std::string html = slurp(d / "report.html");
  // Full digits in the tooltip, 6 in the cell.
  CHECK(html.find("<code title=\"1.25e+00\">1.25</code>") != std::string::npos);
  CHECK(html.find("x &lt; y &amp;") != std::string::npos);
  if (!gnuplot_available()) return;
  // The blow-up to 1e36 is drawn on a symmetric log axis with signed tics
  // (read in the SVG: the gnuplot script is not kept in the report folder).
  const std::string svg = slurp(d / "c2-pmc-3-0.3.svg");
  CHECK(svg.find("(symlog: linear for |y| &lt; 1e-3)") != std::string::npos);
  CHECK(svg.find(">-1e-1<") != std::string::npos);  // the negative side reaches -0.029
  CHECK(svg.find(">1e30<") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(d / "c2-pmc-3-0.3.gp"));
  CHECK(html.find("id=\"plot-c2-pmc-3-0.3\"") != std::string::npos);
}

TEST_CASE("inline_svg drops the prolog, prefixes ids and keeps no blank line",
          "[validate][report][html]") {
  const std::string svg =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg\n width=\"10\"\n>\n\n<title>Gnuplot</title>\n"
      "<defs><path id='gpPt0' d='M0,0'/></defs>\n\n<use xlink:href='#gpPt0'/><g "
      "clip-path=\"url(#c1)\"/>\n</svg>\n";
  const std::string s = inline_svg(svg, "p-x", "a < b");
  CHECK(s.rfind("<svg", 0) == 0);
  CHECK(s.find("\n\n") == std::string::npos);
  CHECK(s.find("id='p-x-gpPt0'") != std::string::npos);
  CHECK(s.find("href='#p-x-gpPt0'") != std::string::npos);
  CHECK(s.find("url(#p-x-c1)") != std::string::npos);
  CHECK(s.find("<title>a &lt; b</title>") != std::string::npos);
  CHECK(inline_svg("no svg here", "p", "").empty());
}

TEST_CASE("a verdict on a reduced grid is marked in its cell, the findings and report.json",
          "[validate][report][population]") {
  Report r = sample(false);
  r.info.instances = {"basic", "pmc-grid", "gaussian-4.7"};
  r.claims.push_back({"study-a", "§6.2, Fig. 10", "s", "c", "t"});
  r.claims.push_back({"study-b", "§6.2, Fig. 10", "s", "c", "t"});
  ClaimResult a = r.results[0];
  a.id = "study-a";
  a.instance = "pmc-grid";
  a.verdict = Verdict::holds;
  a.key_number = "4/4 configurations";
  a.series.clear();
  a.population =
      PopulationInfo{true, "reduced grid", "n = 10, 20; 10 trials", "the paper's n = 40..80"};
  ClaimResult b = a;  // the same study on its full grid: no mark
  b.id = "study-b";
  b.instance = "gaussian-4.7";
  b.population = PopulationInfo{false, "", "the paper's grid", ""};
  r.results.push_back(a);
  r.results.push_back(b);

  // report.json: the population object, read back by results_from_json.
  const auto j = report_to_json(r);
  const auto& cj = j.at("claims");
  CHECK_FALSE(cj[0].contains("population"));  // c1 runs on an instance, not a grid
  CHECK(cj[1].at("population") == nlohmann::json({{"reduced", true},
                                                  {"mark", "reduced grid"},
                                                  {"what", "n = 10, 20; 10 trials"},
                                                  {"cannot_decide", "the paper's n = 40..80"}}));
  CHECK(cj[2].at("population") ==
        nlohmann::json({{"reduced", false}, {"what", "the paper's grid"}}));
  const auto back = results_from_json(j);
  REQUIRE(back.size() == 3);
  CHECK_FALSE(back[0].population);
  REQUIRE(back[1].population);
  CHECK(back[1].population->reduced);
  CHECK(back[1].population->cannot_decide == "the paper's n = 40..80");
  REQUIRE(back[2].population);
  CHECK_FALSE(back[2].population->reduced);

  // report.md: mark, key number and what the grid cannot decide in the cell;
  // the findings name the grid; the unreduced result has no mark.
  const auto md = report_to_markdown(r, {});
  CHECK(md.find("| ✅ HOLDS (reduced grid) 4/4 configurations; cannot decide: the paper's n = "
                "40..80 |") != std::string::npos);
  CHECK(md.find("| ✅ HOLDS 4/4 configurations |") != std::string::npos);
  CHECK(md.find("- pmc-grid; n = 10, 20; 10 trials: [study-a](#c-study-a) HOLDS") !=
        std::string::npos);
  std::size_t marks = 0;
  for (auto p = md.find("(reduced grid)"); p != std::string::npos;
       p = md.find("(reduced grid)", p + 1))
    ++marks;
  CHECK(marks == 1);  // the cell (the legend says "(reduced ...)"), not study-b's cell

  // report.html: the same, checked cell by cell against report.json.
  const auto d = temp_dir("population");
  std::vector<std::string> warnings;
  write_report(r, d.string(), warnings);
  sodlift::test::check_report_html(d);
  const auto m = sodlift::test::parse_matrix(slurp(d / "report.html"));
  CHECK(m.text.at({"study-a", "pmc-grid"}) ==
        "HOLDS (reduced grid)4/4 configurationscannot decide: the paper's n = 40..80");
  CHECK(m.text.at({"study-b", "gaussian-4.7"}) == "HOLDS4/4 configurations");
}
