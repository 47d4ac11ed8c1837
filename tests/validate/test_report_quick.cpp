// The report of the default quick run, as a reader gets it: report.html
// parses strictly, has every plot inline and every claim x instance once in
// the verdict matrix; report.md stays short enough to read (< 60 KB); the
// report folder holds only files the report links to; and a verdict is
// marked as reduced exactly where the claim's quick parameters differ from
// its full ones (issue 20).
#include <unistd.h>
#include <catch2/catch.hpp>

#include <cstring>
#include <filesystem>
#include <set>

#include "report_html_checks.hpp"
#include "sodlift/validate/context.hpp"
#include "sodlift/validate/report.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;
using namespace sodlift::validate;
namespace fs = std::filesystem;

TEST_CASE("quick run: report.html strict, plots inline, matrix complete - report.md < 60 KB",
          "[validate][report][quick]") {
  // Same as `sodlift validate --quick --no-timestamps` (default instances, bf50).
  std::vector<InstanceSpec> specs;
  for (const char* l : {"basic", "realworld", "pmc3"}) specs.push_back(instance_spec_from_label(l));
  Report r;
  r.results = run_checks<bf50>(specs, ValidateOptions::quick(), {}, nullptr);
  r.claims = claim_registry();
  r.info.precision = "bf50";
  r.info.mode = "quick";
  r.info.timestamps = false;
  for (const auto& res : r.results)
    if (std::find(r.info.instances.begin(), r.info.instances.end(), res.instance) ==
        r.info.instances.end())
      r.info.instances.push_back(res.instance);
  const fs::path dir = fs::temp_directory_path() / ("sodlift-test-quick-report-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  std::vector<std::string> warnings;
  write_report(r, dir.string(), warnings);
  for (const auto& w : warnings) WARN(w);
  const auto md_bytes = fs::file_size(dir / "report.md");
  INFO("report.md: " << md_bytes << " bytes");
  CHECK(md_bytes < 60u * 1024u);
  sodlift::test::check_report_html(dir);
  if (gnuplot_available()) CHECK(warnings.empty());
  // The folder holds the three reports and what they link to, nothing else
  // (no gnuplot scripts or logs; issue 20).
  {
    const std::string html = sodlift::test::slurp_text(dir / "report.html");
    const std::string md = sodlift::test::slurp_text(dir / "report.md");
    std::set<std::string> linked{"report.html", "report.md", "report.json"};
    for (const std::string* text : {&html, &md})
      for (const char* open : {"href=\"", "src=\"", "](" })
        for (std::size_t p = text->find(open); p != std::string::npos; p = text->find(open, p + 1)) {
          const std::size_t b = p + std::strlen(open);
          const std::size_t e = text->find_first_of("\")#", b);
          if (e != std::string::npos && e > b) linked.insert(text->substr(b, e - b));
        }
    std::size_t files = 0;
    for (const auto& f : fs::directory_iterator(dir)) {
      ++files;
      INFO(f.path().filename().string());
      CHECK(linked.count(f.path().filename().string()) == 1);
    }
    CHECK(files > 40);  // the CSVs and SVGs are there (and were linked)
  }

  // Reduced populations (issue 20): a verdict carries the mark, in
  // report.json and in its matrix cell, exactly when its claim declares quick
  // parameters that differ from its full ones (Claim::quick_reductions). That
  // the declarations are true is checked below: claims without one give the
  // same result with the full options, and these, read off the check code,
  // declare one (fig4a: t <= 1e5 vs 1e7; prop5.4: 1e5 vs 1e6 steps;
  // prop5.4-closed: l <= 7 vs 15; lift-*: l <= 9 vs 15; thm4.4-det: 49 vs 499
  // rho; thm5.5: 1 vs 3 t per interval; the l = 3 vs 3, 5, 7 claims; the
  // studies' grids). fig8 and fig9 run the published parameters in both modes.
  std::set<std::string> declared;
  for (const auto& c : claim_registry())
    for (const auto& q : c.quick_reductions)
      if (q.quick != q.full) declared.insert(c.id);
  for (const char* id : {"fig10", "cost", "thm4.4-case1", "moments-4.3", "lifted-gd-success", "fig4a", "prop5.4",
                         "prop5.4-closed", "lift-saddle", "lift-vs-S", "thm4.4-det", "thm5.5", "table5", "prop4.2",
                         "table2.T1", "orth-ab", "H3-5.2", "prop5.1", "first-order"}) {
    INFO(id);
    CHECK(declared.count(id) == 1);
  }
  for (const char* id : {"fig8", "fig9", "bound-5.14", "cond-5.17", "point-certified", "orth-un-vr"}) {
    INFO(id);
    CHECK(declared.count(id) == 0);
  }
  const auto json = nlohmann::json::parse(sodlift::test::slurp_text(dir / "report.json"));
  for (const auto& c : json.at("claims")) {
    const std::string id = c.at("id").get<std::string>();
    INFO(id << " on " << c.at("instance").get<std::string>());
    const bool is_reduced = c.contains("population") && c["population"].value("reduced", false);
    CHECK(is_reduced == (declared.count(id) == 1));
    if (is_reduced) CHECK_FALSE(c["population"].value("cannot_decide", std::string()).empty());
  }
  const auto m = sodlift::test::parse_matrix(sodlift::test::slurp_text(dir / "report.html"));
  // fig10's green cell says it is the reduced grid and names the paper's sizes.
  const std::string fig10 = m.text.at({"fig10", "pmc-grid"});
  CHECK(fig10.rfind("HOLDS (reduced grid)", 0) == 0);
  CHECK(fig10.find("40,50,60,70,80") != std::string::npos);
  // The mark is in the cell: "(reduced ...)" or "(quick: ...)" right after the verdict.
  for (const auto& [key, cell] : m.text) {
    INFO(key.first << " on " << key.second << ": " << cell);
    const bool marked = cell.find(" (reduced") != std::string::npos || cell.find(" (quick: ") != std::string::npos;
    CHECK(marked == (declared.count(key.first) == 1));
    if (marked) CHECK(cell.find("cannot decide: ") != std::string::npos);
  }
  CHECK(m.text.at({"fig4a", "basic"}).find("(quick: t &lt;= 1e5") != std::string::npos);
  // report.md: the lifted landscape and the proofs in one line each (their
  // detail is in report.html).
  const std::string md = sodlift::test::slurp_text(dir / "report.md");
  CHECK(md.find("statements, numbers, tables and plots in report.html") != std::string::npos);
  CHECK(md.find("id=\"c-lift-saddle\"") == std::string::npos);
  CHECK(sodlift::test::slurp_text(dir / "report.html").find("id=\"c-lift-saddle\"") != std::string::npos);
  // Lines are cut at a word: " ..." follows a whole word, never a part of one.
  for (std::size_t p = md.find("..."); p != std::string::npos; p = md.find("...", p + 3)) {
    INFO(md.substr(p > 40 ? p - 40 : 0, 45));
    CHECK((p > 0 && md[p - 1] == ' '));
  }
  // No cell needs a click to mean something: no bare "not shown", "0/0",
  // "n/a", "Xi-bar = 1" or a key that only repeats the verdict.
  for (const auto& [key, cell] : m.text) {
    INFO(key.first << " on " << key.second << ": " << cell);
    for (const char* bare : {"not shown", "n/a"})
      CHECK(cell.find(bare) == std::string::npos);
    CHECK(cell.find(" 0/0") == std::string::npos);
    CHECK((cell.size() < 10 || cell.substr(cell.size() - 10) != "Xi-bar = 1"));
    for (const char* v : {"HOLDS", "FAILS", "INCONCLUSIVE"})
      CHECK(cell != std::string(v) + v);
  }
  for (const auto* inst : {"basic", "realworld", "pmc(3,0.3)"}) {
    INFO(inst);
    CHECK(m.text.at({"prop5.4", inst}).find("sampled t") != std::string::npos);
    CHECK(m.text.at({"fig4a", inst}).find("h^l(a)") != std::string::npos);
    // thm5.5: the hypothesis (5.17) fails on all three, which is what decides.
    CHECK(m.text.at({"thm5.5", inst}).find("(5.17) fails") != std::string::npos);
  }
  CHECK(m.text.at({"bound-5.14", "basic"}).find("(5.14) bounds nothing") != std::string::npos);
  CHECK(m.text.at({"thm4.4-case1", "gaussian-4.7"}).find("0 of ") != std::string::npos);
  // prop5.4 and prop5.4-closed: the titles say how they differ.
  const auto& c1 = find_claim("prop5.4");
  const auto& c2 = find_claim("prop5.4-closed");
  CHECK(c1.paper_ref.find("exact PGD") != std::string::npos);
  CHECK(c2.paper_ref.find("closed form") != std::string::npos);
  CHECK(c1.paper_ref.find("closed form") == std::string::npos);
  CHECK(c2.paper_ref.find("exact PGD") == std::string::npos);
}


// The declarations are the truth: a per-instance claim that declares no quick
// reduction gives the same result (verdict, key, reason, every measured
// number) when run with the full options, on the three default instances. A
// claim that reads ValidateOptions or options.full without declaring it fails
// here. (The reference is the quick run; the other side is an independent run
// of the same checks with ValidateOptions::full_run().)
TEST_CASE("quick run: claims that declare no reduction run the same with --full options",
          "[validate][report][quick]") {
  std::vector<InstanceSpec> specs;
  for (const char* l : {"basic", "realworld", "pmc3"}) specs.push_back(instance_spec_from_label(l));
  std::vector<std::string> same;
  for (const auto& e : claim_table<bf50>())
    if (e.scope == ClaimScope::per_instance && !reduced_in_quick(e.meta)) same.push_back(e.meta.id);
  REQUIRE(same.size() >= 5);
  const auto quick = run_checks<bf50>(specs, ValidateOptions::quick(), same, nullptr);
  const auto full = run_checks<bf50>(specs, ValidateOptions::full_run(), same, nullptr);
  REQUIRE(quick.size() == full.size());
  for (std::size_t i = 0; i < quick.size(); ++i) {
    const auto& q = quick[i];
    const auto& f = full[i];
    INFO(q.id << " on " << q.instance);
    REQUIRE(q.id == f.id);
    CHECK(to_string(q.verdict) == std::string(to_string(f.verdict)));
    CHECK(q.key_number == f.key_number);
    CHECK(q.reason == f.reason);
    REQUIRE(q.measured.size() == f.measured.size());
    for (std::size_t k = 0; k < q.measured.size(); ++k) {
      INFO(q.measured[k].name);
      CHECK(q.measured[k].name == f.measured[k].name);
      CHECK(q.measured[k].value == f.measured[k].value);
    }
    CHECK_FALSE(q.population.has_value());
  }
}
