// Seed derivation (formulas and constants documented in seeds.hpp).
#include "sodlift/study/seeds.hpp"

namespace sodlift::study {

std::uint64_t fnv1a64(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (const unsigned char c : bytes) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

std::uint64_t splitmix64(std::uint64_t x) {
  std::uint64_t z = x + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t trial_seed(std::uint64_t spec_hash, std::string_view configuration_id,
                         std::uint64_t trial) {
  return splitmix64(splitmix64(spec_hash ^ splitmix64(fnv1a64(configuration_id))) ^ trial);
}

}  // namespace sodlift::study
