// The report of the default quick run, as a reader gets it: report.html
// parses strictly, has every plot inline and every claim x instance once in
// the verdict matrix; report.md stays short enough to read (< 64 KB).
#include <unistd.h>
#include <catch2/catch.hpp>

#include <filesystem>

#include "report_html_checks.hpp"
#include "sodlift/validate/context.hpp"
#include "sodlift/validate/report.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;
using namespace sodlift::validate;
namespace fs = std::filesystem;

TEST_CASE("quick run: report.html strict, plots inline, matrix complete - report.md < 64 KB",
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
  // 64 KB: the lifted-landscape section (4 claims x 3 instances) added about
  // 4 KB to a report that was at 59.4 KB.
  CHECK(md_bytes < 64u * 1024u);
  sodlift::test::check_report_html(dir);
  if (gnuplot_available()) CHECK(warnings.empty());
}
