// The toy study type: seeded coin flips, the runner's own test subject. No
// mathematics of the paper here; it exercises grids, paired methods, records
// with extended-precision strings, and the rate/McNemar summary.
#include "sodlift/study/seeds.hpp"
#include "sodlift/study/study.hpp"
#include "sodlift/study/summary.hpp"
#include "sodlift/support/errors.hpp"

namespace sodlift::study {

namespace {

StudyType make_toy() {
  StudyType t;
  t.name = "toy";
  t.description =
      "Seeded coin flips (runner self-test): per trial `flips` flips of a coin with heads "
      "probability `bias`; method `majority` succeeds when heads are a strict majority, "
      "`first` when the first flip is heads";
  t.flags = {
      {"bias", FlagKind::decimal_list, "0.3,0.5,0.7", "grid: heads probabilities, each in [0, 1]"},
      {"flips", FlagKind::integer, "15", "protocol: flips per trial (>= 1)"},
  };
  t.check = [](const Spec& s) {
    if (s.integer("flips") < 1)
      throw input_error("--flips " + s.text("flips") + ": need at least 1 flip per trial");
    for (const auto& b : s.decimal_list("bias")) {
      const double p = std::strtod(b.c_str(), nullptr);
      if (!(p >= 0 && p <= 1))
        throw input_error("--bias " + b + ": a probability must lie in [0, 1]");
    }
  };
  t.configurations = [](const Spec& s) {
    std::vector<Configuration> c;
    for (const auto& b : s.decimal_list("bias")) c.push_back({"bias=" + b, {{"bias", b}}});
    return c;
  };
  t.methods = [](const Spec&) { return std::vector<std::string>{"majority", "first"}; };
  t.run_trial = [](const Spec& s, const Configuration& c, std::uint64_t, std::uint64_t seed) {
    const double p = std::strtod(c.params.at("bias").get<std::string>().c_str(), nullptr);
    const std::int64_t flips = s.integer("flips");
    SplitMix64 rng(seed);
    std::int64_t heads = 0;
    bool first = false;
    for (std::int64_t i = 0; i < flips; ++i) {
      const bool h = rng.uniform01() < p;
      heads += h ? 1 : 0;
      if (i == 0) first = h;
    }
    // A decimal string with more digits than a double holds, as extended
    // results are stored (heads/flips is exact in 40 digits only when it
    // terminates; the string is the exact quotient truncated, for testing).
    std::string frac = std::to_string(heads / flips) + ".";
    std::int64_t rem = heads % flips;
    for (int d = 0; d < 40; ++d) {
      rem *= 10;
      frac += static_cast<char>('0' + rem / flips);
      rem %= flips;
    }
    return std::vector<TrialRecord>{
        {"majority", {{"success", 2 * heads > flips}, {"heads", heads}, {"fraction", frac}}},
        {"first", {{"success", first}, {"heads", heads}}},
    };
  };
  t.summarize = [](const Spec&, const std::vector<Record>& records, SummaryBuilder& out) {
    RateTableOptions o;
    o.title = "Success rate";
    o.xlabel = "bias (heads probability)";
    o.paired = {{"majority", "first"}};
    write_rate_table(
        out.configurations(), out.methods(), records,
        [](const Record& r) -> std::optional<bool> { return r.result.at("success").get<bool>(); },
        o, out);
  };
  return t;
}

const StudyRegistrar toy_registrar(make_toy);

}  // namespace

}  // namespace sodlift::study
