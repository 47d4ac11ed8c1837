// Seeds of study trials: a pure function of (spec hash, configuration id,
// trial index), never of time or execution order (SPEC §6), so a trial gives
// the same seed alone, in any shard of any shard count, and after a resume.
//
//   seed(H, c, i) = splitmix64( splitmix64( H ^ splitmix64(fnv1a64(c)) ) ^ i )
//
// H = the spec hash (FNV-1a 64 of the canonical spec JSON), c = the
// configuration id string, i = the trial index (0-based). splitmix64 is one
// output of Vigna's SplitMix64 generator from state x (the state advances by
// the golden-ratio increment, then the Stafford "Mix13" finaliser):
//   z = x + 0x9e3779b97f4a7c15; z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
//   z = (z ^ (z >> 27)) * 0x94d049bb133111eb; return z ^ (z >> 31).
// FNV-1a 64: offset basis 0xcbf29ce484222325, prime 0x100000001b3, per byte.
// Both are fixed, documented, and tested against a golden list.
#pragma once

#include <cstdint>
#include <string_view>

namespace sodlift::study {

std::uint64_t fnv1a64(std::string_view bytes);
std::uint64_t splitmix64(std::uint64_t x);
std::uint64_t trial_seed(std::uint64_t spec_hash, std::string_view configuration_id,
                         std::uint64_t trial);

// A SplitMix64 stream: a small, fully specified generator for study types that
// need only uniforms (the toy study). Numbers are the same on every platform.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    const std::uint64_t out = splitmix64(state_);
    state_ += 0x9e3779b97f4a7c15ULL;
    return out;
  }
  // Uniform on [0, 1) with 53 random bits.
  double uniform01() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

 private:
  std::uint64_t state_;
};

}  // namespace sodlift::study
