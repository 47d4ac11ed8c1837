// The claims registry is built from the registrations in validate/claims/:
// each claim id is registered once, in one file, and no other source file
// under validate/ names it (the metadata, the check and the registration sit
// side by side). Also the once-per-run path of the runner, on a table built
// here.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sodlift/support/errors.hpp"
#include "sodlift/validate/context.hpp"
#include "validate_test_util.hpp"

using namespace sodlift;
using namespace sodlift::validate;
namespace fs = std::filesystem;

namespace {

fs::path validate_dir() {
  for (const fs::path& p :
       {fs::path(__FILE__).parent_path() / "../../validate", fs::path("validate"),
        fs::path("../validate"), fs::path("../../validate")})
    if (fs::exists(p / "claims")) return fs::canonical(p);
  return {};
}

std::string read(const fs::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// True if `text` contains the literal `lit` where it is not a JSON key or a
// function argument such as j["precision"] or value("precision", ...): those
// are output fields that share a word with a claim id.
bool names_literal(const std::string& text, const std::string& lit) {
  for (auto pos = text.find(lit); pos != std::string::npos; pos = text.find(lit, pos + 1))
    if (pos == 0 || (text[pos - 1] != '[' && text[pos - 1] != '(')) return true;
  return false;
}

}  // namespace

TEST_CASE("every claim is registered once, in a claim file of validate/claims/",
          "[validate][layout]") {
  const auto& table = claim_table<double>();
  REQUIRE(!table.empty());
  std::set<std::string> ids;
  for (const auto& e : table) {
    INFO(e.meta.id << " registered in " << e.file);
    CHECK(ids.insert(e.meta.id).second);
    const fs::path f(e.file);
    CHECK(f.parent_path().filename() == "claims");
    CHECK(!e.meta.paper_ref.empty());
    CHECK(!e.meta.statement.empty());
    CHECK(!e.meta.check.empty());
    CHECK(!e.meta.tolerance.empty());
    if (e.scope == ClaimScope::once) CHECK(!e.once_instance.empty());
  }
  // Report order is the rank order, and the scalar-independent registry is the same list.
  for (std::size_t i = 1; i < table.size(); ++i) CHECK(table[i - 1].rank <= table[i].rank);
  REQUIRE(claim_registry().size() == table.size());
  for (std::size_t i = 0; i < table.size(); ++i) CHECK(claim_registry()[i].id == table[i].meta.id);
  // Every scalar registers the same claims.
  const auto& tb = claim_table<bf50>();
  REQUIRE(tb.size() == table.size());
  for (std::size_t i = 0; i < table.size(); ++i) CHECK(tb[i].meta.id == table[i].meta.id);
}

TEST_CASE("each claim id appears in exactly one source file under validate/",
          "[validate][layout]") {
  const fs::path dir = validate_dir();
  INFO("validate/ found at: " << (dir.empty() ? std::string("NOT FOUND") : dir.string()));
  REQUIRE(!dir.empty());
  std::map<fs::path, std::string> sources;  // everything but the golden data
  for (const auto& f : fs::recursive_directory_iterator(dir)) {
    if (!f.is_regular_file()) continue;
    const auto rel = fs::relative(f.path(), dir);
    if (*rel.begin() == "golden") continue;
    const auto ext = f.path().extension();
    if (ext == ".cpp" || ext == ".hpp" || ext == ".txt") sources[f.path()] = read(f.path());
  }
  REQUIRE(sources.size() > 10);
  std::set<fs::path> claim_files;  // file names in validate/claims/
  for (const auto& e : claim_table<double>()) {
    const std::string& id = e.meta.id;
    INFO("claim " << id << ", registered in " << e.file);
    // A family of ids built in a loop (table2.<row>) is named by its prefix.
    std::vector<fs::path> where;
    for (const auto& [path, text] : sources)
      if (names_literal(text, "\"" + id + "\"")) where.push_back(path);
    if (where.empty() && id.find('.') != std::string::npos) {
      const std::string family = "\"" + id.substr(0, id.find('.') + 1);
      for (const auto& [path, text] : sources)
        if (names_literal(text, family)) where.push_back(path);
    }
    for (const auto& w : where) UNSCOPED_INFO("named in " << w.string());
    REQUIRE(where.size() == 1);
    // __FILE__ may be relative to the build directory (ccache base_dir), so
    // the folder and the file name identify the registering file.
    CHECK(where.front().parent_path() == dir / "claims");
    CHECK(where.front().filename() == fs::path(e.file).filename());
    claim_files.insert(fs::path(e.file).filename());
  }
  // Every file directly in validate/claims/ is a claim file that registers claims.
  for (const auto& f : fs::directory_iterator(dir / "claims")) {
    if (!f.is_regular_file()) continue;
    INFO(f.path().string());
    CHECK(claim_files.count(f.path().filename()) == 1);
  }
}

TEST_CASE(
    "run_claims: a once-per-run claim runs once, after the instances, and sees --quick/--full",
    "[validate][runner]") {
  std::vector<ClaimEntry<double>> table;
  ClaimRegistrar<double> r(table, __FILE__);
  int per_instance_runs = 0, once_runs = 0;
  r.per_instance(10, {"demo-per-instance", "§0", "s", "c", "t"}, [&](const Context<double>&) {
    ++per_instance_runs;
    ClaimResult res;
    res.verdict = Verdict::holds;
    return res;
  });
  r.once(20, {"demo-once", "§0", "s", "c", "t"}, "demo-ensemble", [&](const RunContext& rc) {
    ++once_runs;
    ClaimResult res;
    res.verdict = rc.options.full ? Verdict::fails : Verdict::holds;
    res.key_number = rc.scalar;
    return res;
  });
  r.once(30, {"demo-precondition", "§0", "s", "c", "t"}, "demo-grid",
         [](const RunContext&) -> ClaimResult { throw precondition_error("no data"); });
  const std::vector<InstanceSpec> specs{instance_spec_from_label("basic"),
                                        instance_spec_from_label("realworld")};
  const auto res = run_claims<double>(table, specs, ValidateOptions::quick(), {}, nullptr);
  REQUIRE(res.size() == 4);
  CHECK(per_instance_runs == 2);
  CHECK(once_runs == 1);
  CHECK(res[0].id == "demo-per-instance");
  CHECK(res[0].instance == "basic");
  CHECK(res[2].id == "demo-once");
  CHECK(res[2].instance == "demo-ensemble");
  CHECK(res[2].precision == "double");
  CHECK(res[2].verdict == Verdict::holds);
  CHECK(res[2].key_number == "double");
  CHECK(res[3].instance == "demo-grid");
  CHECK(res[3].verdict == Verdict::inconclusive);
  CHECK(res[3].reason.find("no data") != std::string::npos);
  // --full reaches the once claim; --only selects it alone without refining any instance.
  const auto full =
      run_claims<double>(table, specs, ValidateOptions::full_run(), {"demo-once"}, nullptr);
  REQUIRE(full.size() == 1);
  CHECK(full[0].verdict == Verdict::fails);
  CHECK(per_instance_runs == 2);
  CHECK_THROWS_AS(run_claims<double>(table, specs, ValidateOptions::quick(), {"nope"}, nullptr),
                  input_error);
}

TEST_CASE("run_claim runs one registered per-instance claim by id", "[validate][runner]") {
  const auto& c = sodlift::test::cached_context<double>("basic");
  CHECK(run_claim<double>("orth-un-vr", c).verdict == Verdict::holds);
  CHECK_THROWS_AS(run_claim<double>("no-such-claim", c), input_error);
}
