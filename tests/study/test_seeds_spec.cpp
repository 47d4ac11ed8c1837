// Seed derivation golden list, spec canonicalisation, and the toy study type.
#include <catch2/catch.hpp>

#include "sodlift/study/seeds.hpp"
#include "sodlift/study/study.hpp"
#include "sodlift/support/errors.hpp"

using namespace sodlift::study;

TEST_CASE("splitmix64 and fnv1a64 match their reference implementations", "[study][seeds]") {
  // SplitMix64 (Vigna, prng.di.unimi.it/splitmix64.c) from state 0: the first
  // two outputs are 0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4.
  SplitMix64 g(0);
  CHECK(g.next() == 0xe220a8397b1dcdafULL);
  CHECK(g.next() == 0x6e789e6aa1b965f4ULL);
  // FNV-1a 64 test vectors (Fowler/Noll/Vo reference test suite).
  CHECK(fnv1a64("") == 0xcbf29ce484222325ULL);
  CHECK(fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(fnv1a64("foobar") == 0x85944171f73967e8ULL);
}

TEST_CASE("trial seeds of a fixed spec: golden list", "[study][seeds]") {
  // Reference values from an independent Python transcription of the formula
  // documented in seeds.hpp (json.dumps(sort_keys=True, separators=(',',':'))
  // for the canonical spec, then FNV-1a and SplitMix64 on Python integers).
  // A change here changes every seed of every study: records made before the
  // change no longer merge with records made after it.
  const StudyType* toy = find_study_type("toy");
  REQUIRE(toy != nullptr);
  const Spec s = make_spec(*toy, {}, "0.0.0-golden");
  CHECK(s.canonical_json().dump() ==
        R"({"flags":{"bias":"0.3,0.5,0.7","flips":"15"},"format":"sodlift-study-spec/1",)"
        R"("sodlift_version":"0.0.0-golden","study":"toy"})");
  CHECK(s.hash() == "919db1f402389097");
  const std::uint64_t H = s.hash_value();
  CHECK(trial_seed(H, "bias=0.3", 0) == 15334037985998733667ULL);
  CHECK(trial_seed(H, "bias=0.3", 1) == 1861452946828090329ULL);
  CHECK(trial_seed(H, "bias=0.3", 2) == 9086722856000105874ULL);
  CHECK(trial_seed(H, "bias=0.3", 49) == 16732231762047818078ULL);
  CHECK(trial_seed(H, "bias=0.3", 1000000) == 2304504521885275691ULL);
  CHECK(trial_seed(H, "bias=0.7", 0) == 6088670740948181717ULL);
  CHECK(trial_seed(H, "bias=0.7", 1) == 9710008200557593712ULL);
  CHECK(trial_seed(H, "bias=0.7", 2) == 8274302140402652743ULL);
  CHECK(trial_seed(H, "bias=0.7", 49) == 17903929085167376170ULL);
  CHECK(trial_seed(H, "bias=0.7", 1000000) == 5550571020443709363ULL);
}

TEST_CASE("make_spec canonicalises and validates flag values", "[study][spec]") {
  const StudyType* toy = find_study_type("toy");
  REQUIRE(toy != nullptr);
  const Spec s = make_spec(*toy, {{"bias", " 0.10 , 1e-1"}, {"flips", "007"}}, "v");
  CHECK(s.text("bias") == "0.10,1e-1");  // decimals kept as typed: exact
  CHECK(s.text("flips") == "7");
  CHECK(s.decimal_list("bias") == std::vector<std::string>{"0.10", "1e-1"});
  CHECK(s.integer("flips") == 7);
  // Different text, different spec: "0.10" and "0.1" are not silently merged.
  CHECK(make_spec(*toy, {{"bias", "0.1"}}, "v").hash() !=
        make_spec(*toy, {{"bias", "0.10"}}, "v").hash());
  CHECK(make_spec(*toy, {}, "v").hash() != make_spec(*toy, {}, "w").hash());
  CHECK_THROWS_AS(make_spec(*toy, {{"flips", "ten"}}, "v"), sodlift::input_error);
  CHECK_THROWS_AS(make_spec(*toy, {{"bias", "0.3,,0.5"}}, "v"), sodlift::input_error);
  CHECK_THROWS_AS(make_spec(*toy, {{"bias", "nan"}}, "v"), sodlift::input_error);
  CHECK_THROWS_AS(make_spec(*toy, {{"nosuch", "1"}}, "v"), sodlift::input_error);
  CHECK_THROWS_WITH(make_spec(*toy, {{"flips", "ten"}}, "v"), Catch::Contains("--flips"));
}

TEST_CASE("toy study: one record per method, deterministic in the seed", "[study][toy]") {
  const StudyType* toy = find_study_type("toy");
  REQUIRE(toy != nullptr);
  const Spec s = make_spec(*toy, {{"bias", "0,1"}, {"flips", "5"}}, "v");
  toy->check(s);
  const auto configs = toy->configurations(s);
  REQUIRE(configs.size() == 2);
  CHECK(configs[0].id == "bias=0");
  const auto methods = toy->methods(s);
  // bias 0: never heads, so neither method succeeds; bias 1: both always do.
  const auto r0 = toy->run_trial(s, configs[0], 3, 12345);
  const auto r1 = toy->run_trial(s, configs[1], 3, 12345);
  REQUIRE(r0.size() == methods.size());
  for (std::size_t m = 0; m < methods.size(); ++m) {
    CHECK(r0[m].method == methods[m]);
    CHECK(r0[m].result.at("success") == false);
    CHECK(r1[m].result.at("success") == true);
  }
  CHECK(r1[0].result.at("fraction") == "1.0000000000000000000000000000000000000000");
  // Same seed, same record; another seed at bias 0.5 eventually differs.
  const Spec half = make_spec(*toy, {{"bias", "0.5"}, {"flips", "31"}}, "v");
  const auto c = toy->configurations(half)[0];
  CHECK(toy->run_trial(half, c, 0, 7)[0].result == toy->run_trial(half, c, 0, 7)[0].result);
  bool differs = false;
  for (std::uint64_t seed = 0; seed < 20 && !differs; ++seed)
    differs = toy->run_trial(half, c, 0, seed)[0].result != toy->run_trial(half, c, 0, 7)[0].result;
  CHECK(differs);
  CHECK_THROWS_AS(toy->check(make_spec(*toy, {{"bias", "1.5"}}, "v")), sodlift::input_error);
}

#include "sodlift/study/runner.hpp"

TEST_CASE("parse_shard accepts K/N with 0 <= K < N only", "[study][shard]") {
  CHECK(parse_shard("0/1").k == 0);
  CHECK(parse_shard("2/3").k == 2);
  CHECK(parse_shard("2/3").n == 3);
  for (const char* bad : {"3/2", "0/0", "3/3", "1", "a/b", "-1/2", "1/", "/2", "1/2/3", " 1/2"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_shard(bad), sodlift::input_error);
  }
  CHECK_THROWS_WITH(parse_shard("3/2"), Catch::Contains("0 <= K < N"));
}
