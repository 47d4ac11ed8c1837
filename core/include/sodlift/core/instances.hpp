// Built-in instances (SPEC §4) and JSON load/save.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sodlift/core/sensing.hpp"

namespace sodlift {

// What the user asked for; scalar-independent so that one spec builds the same
// instance in every precision.
struct InstanceSpec {
  std::string name = "realworld";  // basic | realworld | pmc | gaussian | file
  int n = 3;                       // pmc, gaussian
  std::string eps = "0.3";         // pmc perturbation (decimal string, exact)
  int m = 0;                       // gaussian (0: default 5n; < 0 refused)
  int r = 1;                       // search rank (and truth rank for gaussian)
  std::uint64_t seed = 1;          // gaussian
  std::string file;                // name == "file": path to JSON
  // Optional start point, column-major decimal strings, n*r entries.
  std::vector<std::string> start;
  // Memory budget in bytes for everything that grows with the instance
  // (0 = default_memory_budget(), memory.hpp). The estimate is checked before
  // anything is allocated; the problem keeps the budget for later allocations.
  std::size_t mem_budget = 0;
};

// Bytes the instance `spec` will take in a scalar of `scalar_bytes` bytes
// (the operator, M*, b and working n x n matrices); throws input_error for
// parameters that are invalid regardless of memory.
long double instance_bytes_estimate(const InstanceSpec& spec, std::size_t scalar_bytes);

template <class T>
struct Instance {
  std::string name;         // e.g. "pmc(3,0.3)"
  std::string description;  // one line, with the paper reference
  SensingProblem<T> problem;
  int search_rank = 1;
  Mat<T> start;             // default start (the paper's spurious neighbourhood)
  bool random = false;      // gaussian: seed matters
  std::uint64_t seed = 0;
  std::string generator;    // how random data was made (empty when not random)
};

// Builds the instance in precision T. Throws input_error on bad parameters.
template <class T>
Instance<T> make_instance(const InstanceSpec& spec);

// JSON with every number as a decimal string (pitfall 7). Matrices are arrays
// of rows. Two forms of the operator (README "Instance files"):
//   dense:          {"operator": "dense" (optional), "A": [[[str]]], ...}
//   entry sampling: {"operator": "entry_sampling", "n": int,
//                    "entries": [[i, j, "w"], ...], ...}  (0-based i, j;
//                    A = w (e_i e_j^T + e_j e_i^T)/2)
// and in both {"name", "description", "m", "search_rank", "Z": [[str]],
// "start": [[str]] (optional)}.
template <class T>
nlohmann::json instance_to_json(const Instance<T>& inst);
template <class T>
Instance<T> instance_from_json(const nlohmann::json& j, std::size_t mem_budget = 0);

// Decimal-string matrix helpers shared by every JSON writer (rows of strings).
template <class T>
nlohmann::json matrix_to_json(const Mat<T>& M);
template <class T>
Mat<T> matrix_from_json(const nlohmann::json& j, const std::string& field);
template <class T>
nlohmann::json vector_to_json(const Vec<T>& v);

// Reproducible standard normals: mt19937_64 engine, 53-bit uniforms, and
// Box-Muller written out here (std::normal_distribution differs between
// standard libraries, pitfall 8).
class NormalStream {
 public:
  explicit NormalStream(std::uint64_t seed) : engine_(seed) {}
  double next();
  static constexpr const char* description =
      "mt19937_64, 53-bit uniforms, Box-Muller (sodlift NormalStream)";

 private:
  std::mt19937_64 engine_;
  bool has_spare_ = false;
  double spare_ = 0;
};

}  // namespace sodlift
