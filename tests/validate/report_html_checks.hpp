// Checks of a written report directory (report.json + report.html +
// report.md) that a reader would otherwise do by eye: the HTML parses, every
// plot is inline and drawn, nothing is fetched from elsewhere, and the verdict
// matrix has each claim x instance of report.json exactly once. Not a test
// file: used by test_report.cpp (sample report) and the quick-run test.
#pragma once

#include <unistd.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace sodlift::test {

inline std::string slurp_text(const std::filesystem::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The strict parser: xmllint (libxml2-utils, installed by scripts/setup.sh)
// reading the page as XML. report.html is written as polyglot HTML5 (every
// element closed, attributes quoted, only XML's entities), so a well-formed
// XML parse with zero recovery catches any unclosed or misnested tag, bad
// escaping and broken inline SVG. (libxml2's HTML parser would not do: it
// knows HTML 4 only and flags <details>, <summary> and <svg> themselves.)
inline bool xmllint_available() { return std::system("command -v xmllint >/dev/null 2>&1") == 0; }

inline std::string xml_parse_errors(const std::filesystem::path& html) {
  const auto log = std::filesystem::temp_directory_path() / ("sodlift-xmllint-" + std::to_string(::getpid()) + ".log");
  const std::string cmd =
      "xmllint --noout --nonet '" + html.string() + "' 2>'" + log.string() + "'";
  const int rc = std::system(cmd.c_str());
  std::string errors = slurp_text(log);
  std::filesystem::remove(log);
  if (rc != 0 && errors.empty()) errors = "xmllint exited with " + std::to_string(rc);
  return rc == 0 ? "" : errors;
}

inline std::string strip_tags(const std::string& s) {
  std::string out;
  bool in_tag = false;
  for (char ch : s) {
    if (ch == '<')
      in_tag = true;
    else if (ch == '>')
      in_tag = false;
    else if (!in_tag)
      out += ch;
  }
  return out;
}

// Cells of the verdict matrix in report.html: (claim id, instance) -> how
// many verdict cells, and claim id -> how many rows.
struct MatrixCount {
  std::map<std::pair<std::string, std::string>, int> cells;
  std::map<std::string, int> rows;
  std::map<std::pair<std::string, std::string>, std::string> text;  // the cell without tags
};

inline MatrixCount parse_matrix(const std::string& html) {
  MatrixCount m;
  const auto b = html.find("<div class=\"matrix\">");
  if (b == std::string::npos) return m;
  const auto e = html.find("</table>", b);
  const std::string t = html.substr(b, e - b);
  auto cells_of = [](const std::string& row, const char* tag) {
    std::vector<std::string> out;
    const std::string open = std::string("<") + tag, close = std::string("</") + tag + ">";
    for (auto p = row.find(open); p != std::string::npos; p = row.find(open, p + 1)) {
      const auto s = row.find('>', p) + 1;
      out.push_back(row.substr(s, row.find(close, s) - s));
    }
    return out;
  };
  std::vector<std::string> cols;
  std::size_t pos = 0;
  while ((pos = t.find("<tr>", pos)) != std::string::npos) {
    const auto end = t.find("</tr>", pos);
    const std::string row = t.substr(pos, end - pos);
    pos = end;
    if (cols.empty()) {
      for (const auto& c : cells_of(row, "th")) cols.push_back(strip_tags(c));
      continue;
    }
    const auto cells = cells_of(row, "td");
    if (cells.empty() || cells[0].find("<strong>") != std::string::npos) continue;  // a section row
    const std::string id = strip_tags(cells[0]);
    ++m.rows[id];
    for (std::size_t i = 2; i < cells.size() && i < cols.size(); ++i)
      for (auto p = cells[i].find("class=\"v "); p != std::string::npos;
           p = cells[i].find("class=\"v ", p + 1)) {
        ++m.cells[{id, cols[i]}];
        m.text[{id, cols[i]}] = strip_tags(cells[i]);
      }
  }
  return m;
}

// Everything above on the report in `dir`, as Catch2 checks.
inline void check_report_html(const std::filesystem::path& dir) {
  REQUIRE(std::filesystem::exists(dir / "report.html"));
  INFO("report: " << (dir / "report.html").string());
  const std::string html = slurp_text(dir / "report.html");
  const auto json = nlohmann::json::parse(slurp_text(dir / "report.json"));
  // Strict parse.
  INFO("xmllint is in libxml2-utils: run scripts/setup.sh");
  REQUIRE(xmllint_available());
  const std::string errors = xml_parse_errors(dir / "report.html");
  INFO("parse errors: " << errors.substr(0, 2000));
  CHECK(errors.empty());
  // Self-contained: no external images, scripts, style sheets or frames; every
  // link is to an anchor of the page or to a data file beside it.
  for (const char* bad : {"<img", "<script", "<link", "<iframe", "src=", "url(http", "@import"})
    CHECK(html.find(bad) == std::string::npos);
  for (auto p = html.find("href=\""); p != std::string::npos; p = html.find("href=\"", p + 1)) {
    const std::string target = html.substr(p + 6, html.find('"', p + 6) - p - 6);
    INFO("link target " << target);
    CHECK((target.rfind("#", 0) == 0 ||
           (target.find(':') == std::string::npos &&
            (target.find(".csv") != std::string::npos || target.find(".svg") != std::string::npos))));
  }
  // Every plot of report.json is inline and draws something.
  for (const auto& c : json.at("claims"))
    for (const auto& f : c.at("files")) {
      const std::string file = f.get<std::string>();
      if (file.size() < 4 || file.substr(file.size() - 4) != ".svg") continue;
      if (!std::filesystem::exists(dir / file))
        continue;  // gnuplot missing: no SVG, nothing to inline
      std::string stem = file.substr(0, file.size() - 4);
      for (auto& ch : stem) ch = char(std::tolower(static_cast<unsigned char>(ch)));
      INFO("plot " << file);
      const auto at = html.find("<div class=\"plot\" id=\"plot-" + stem + "\">");
      REQUIRE(at != std::string::npos);
      const auto svg_end = html.find("</svg>", at);
      REQUIRE(svg_end != std::string::npos);
      const std::string svg = html.substr(at, svg_end - at);
      CHECK(svg.find("<svg") != std::string::npos);
      CHECK(svg.find("<path") != std::string::npos);
    }
  // The matrix: every claim x instance exactly once, nothing else.
  const auto m = parse_matrix(html);
  std::map<std::pair<std::string, std::string>, int> want;
  std::set<std::string> ids;
  for (const auto& c : json.at("claims")) {
    ++want[{c.at("id").get<std::string>(), c.at("instance").get<std::string>()}];
    ids.insert(c.at("id").get<std::string>());
  }
  for (const auto& [key, n] : want) {
    INFO("claim " << key.first << " on " << key.second);
    CHECK(n == 1);
    CHECK(m.cells.count(key) == 1);
    if (m.cells.count(key)) CHECK(m.cells.at(key) == 1);
  }
  CHECK(m.cells.size() == want.size());
  for (const auto& id : ids) {
    INFO("matrix row of " << id);
    CHECK(m.rows.count(id) == 1);
    if (m.rows.count(id)) CHECK(m.rows.at(id) == 1);
  }
  CHECK(m.rows.size() == ids.size());
  // A verdict decided on a reduced grid or population carries the mark and
  // what that grid cannot decide in its cell, and no other cell has it.
  for (const auto& c : json.at("claims")) {
    const std::pair<std::string, std::string> key{c.at("id").get<std::string>(),
                                                  c.at("instance").get<std::string>()};
    const bool is_reduced = c.contains("population") && c["population"].value("reduced", false);
    const std::string cell = m.text.count(key) ? m.text.at(key) : "";
    INFO("cell of " << key.first << " on " << key.second << ": " << cell);
    // "(reduced grid)" from a study, "(quick: l = 3)" from a declaration.
    CHECK((cell.find("(reduced") != std::string::npos || cell.find("(quick: ") != std::string::npos) ==
          is_reduced);
    CHECK((cell.find("cannot decide: ") != std::string::npos) == is_reduced);
    if (is_reduced) {
      std::string mark;  // as it stands in the page's text
      for (char ch : c["population"].at("mark").get<std::string>())
        mark += ch == '<' ? "&lt;" : ch == '>' ? "&gt;" : ch == '&' ? "&amp;" : std::string(1, ch);
      // A proved verdict carries the proof mark between verdict and mark.
      const std::string v = c.at("verdict").get<std::string>();
      CHECK((cell.find(v + " (" + mark + ")") == 0 || cell.find(v + " \u2713 (" + mark + ")") == 0));
      CHECK(!c["population"].at("what").get<std::string>().empty());
      CHECK(!c["population"].at("cannot_decide").get<std::string>().empty());
    }
  }
}

}  // namespace sodlift::test
