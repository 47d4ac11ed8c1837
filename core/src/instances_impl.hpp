// Definitions for instances.hpp; included only by the per-scalar inst_*.cpp.
#pragma once

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sodlift/core/instance_data.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift/support/memory.hpp"
#include "sodlift/support/parse.hpp"

namespace sodlift {

namespace detail {

template <class T>
Mat<T> matrix_from_strings(int rows, int cols, const std::vector<const char*>& rowmajor) {
  Mat<T> M(rows, cols);
  for (int i = 0; i < rows; ++i)
    for (int j = 0; j < cols; ++j) M(i, j) = from_string<T>(rowmajor[i * cols + j]);
  return M;
}

// Appendix C.2, the six "real-world" sensing matrices as printed
// (realworld_matrix_strings(), core_misc.cpp).
template <class T>
std::vector<Mat<T>> realworld_matrices() {
  std::vector<Mat<T>> A;
  for (const auto& d : realworld_matrix_strings()) A.push_back(matrix_from_strings<T>(3, 3, d));
  return A;
}

template <class T>
Mat<T> pad_columns(const Mat<T>& x, int r) {
  Mat<T> X = Mat<T>::Zero(x.rows(), r);
  X.col(0) = x.col(0);
  return X;
}

// Refuses (memory_budget_error, one line with the estimate, the budget, the
// largest n that fits and the fix) before anything is allocated.
inline void check_instance_memory(const InstanceSpec& spec, std::size_t scalar_bytes) {
  if (spec.name != "pmc" && spec.name != "gaussian") return;
  const long double bytes = instance_bytes_estimate(spec, scalar_bytes);
  const std::size_t budget = effective_memory_budget(spec.mem_budget);
  // Indices and m are int: m = n^2 (pmc) or the measurement count must fit.
  const long double m = spec.name == "pmc" ? static_cast<long double>(spec.n) * spec.n
                                           : (spec.m > 0 ? spec.m : 5.0L * spec.n);
  const bool too_many = m > 2147483647.0L;
  if (bytes <= static_cast<long double>(budget) && !too_many) return;
  InstanceSpec probe = spec;
  long long lo = 1, hi = spec.n;  // largest n in [2, spec.n) that fits
  while (hi - lo > 1) {
    const long long mid = lo + (hi - lo) / 2;
    probe.n = static_cast<int>(mid);
    const long double mm = spec.name == "pmc" ? static_cast<long double>(mid) * mid
                                              : (spec.m > 0 ? spec.m : 5.0L * mid);
    if (instance_bytes_estimate(probe, scalar_bytes) <= static_cast<long double>(budget) && mm <= 2147483647.0L)
      lo = mid;
    else
      hi = mid;
  }
  std::ostringstream os;
  os << "--n " << spec.n << " is too large: " << spec.name << " with n=" << spec.n << ", m="
     << static_cast<double>(m) << " needs about " << format_bytes(bytes) << " but the memory budget is "
     << format_bytes(budget) << (too_many ? " (and m must stay below 2^31)" : "") << "; "
     << (lo >= 2 ? "the largest n that fits is " + std::to_string(lo) : std::string("no n fits"))
     << "; lower --n" << (lo >= 2 ? " to at most " + std::to_string(lo) : std::string()) << ", or "
     << raise_budget_hint(bytes);
  throw memory_budget_error(os.str());
}

}  // namespace detail

template <class T>
Instance<T> make_instance(const InstanceSpec& spec) {
  using std::sqrt;
  Instance<T> inst;
  if (spec.r < 1) throw input_error("--r must be >= 1 (got " + std::to_string(spec.r) + ")");
  inst.search_rank = spec.r;
  detail::check_instance_memory(spec, sizeof(T));

  if (spec.name == "basic") {
    // Paper (1.1): z = (1, 0); spurious minima at (0, +-1/sqrt 2).
    const T h = sqrt(T(3)) / T(2);
    Mat<T> A1(2, 2), A2(2, 2), A3(2, 2), Z(2, 1), x(2, 1);
    A1 << T(1), T(0), T(0), T(1) / T(2);
    A2 << T(0), h, h, T(0);
    A3 << T(0), T(0), T(0), h;
    Z << T(1), T(0);
    x << T(0), T(1) / sqrt(T(2));
    inst.name = "basic";
    inst.description = "basic example (1.1): n=2, m=3, z=(1,0); spurious minima near (0, +-1/sqrt2)";
    inst.problem = SensingProblem<T>({A1, A2, A3}, Z);
    inst.start = detail::pad_columns<T>(x, spec.r);
  } else if (spec.name == "realworld") {
    Mat<T> Z(3, 1), x(3, 1);
    Z << T(1), T(0), T(0);
    x << from_string<T>("0.2234"), from_string<T>("0.0918"), from_string<T>("0.5985");
    inst.name = "realworld";
    inst.description =
        "real-world case (App. C.2): n=3, m=6, z=(1,0,0); spurious minima near "
        "+-(0.2234, 0.0918, 0.5985)";
    inst.problem = SensingProblem<T>(detail::realworld_matrices<T>(), Z);
    inst.start = detail::pad_columns<T>(x, spec.r);
  } else if (spec.name == "pmc") {
    // Appendix C.1: m = n^2 measurements, one per ordered pair (i, j) (1-based,
    // i outer), A_(i,j) = w_ij (e_i e_j^T + e_j e_i^T) / 2 with w_ij = 1 when
    // i == j or i or j is even, eps otherwise; z = (1, 0, 1, 0, ...).
    const int n = spec.n;
    if (n < 2) throw input_error("pmc needs --n >= 2 (got " + std::to_string(n) + ")");
    const T eps = from_named_string<T>(spec.eps, "--eps");
    if (!is_finite(eps) || !(eps > 0))
      throw input_error("pmc needs a finite --eps > 0 (got '" + spec.eps + "')");
    // An entry sampling (SPEC §5): 2 nonzeros per A_(i,j), O(m r) per A(XX^T).
    std::vector<SampledEntry<T>> A;
    A.reserve(static_cast<std::size_t>(n) * n);
    for (int i = 1; i <= n; ++i)
      for (int j = 1; j <= n; ++j) {
        const bool full = (i == j) || (i % 2 == 0) || (j % 2 == 0);
        A.push_back({i - 1, j - 1, full ? T(1) : eps});
      }
    Mat<T> Z = Mat<T>::Zero(n, 1), x = Mat<T>::Zero(n, 1);
    // Default start: a sign flip inside supp(z), alternating (1, 0, -1, 0, 1, ...).
    for (int i = 0, k = 0; i < n; i += 2, ++k) {
      Z(i, 0) = T(1);
      x(i, 0) = (k % 2 == 0) ? T(1) : T(-1);
    }
    inst.name = "pmc(" + std::to_string(n) + "," + spec.eps + ")";
    inst.description = "perturbed matrix completion (App. C.1), n=" + std::to_string(n) +
                       ", eps=" + spec.eps + ", z=(1,0,1,0,...)";
    inst.problem = SensingProblem<T>(n, std::move(A), Z, spec.mem_budget);
    inst.start = detail::pad_columns<T>(x, spec.r);
  } else if (spec.name == "gaussian") {
    // Ensemble (4.7): (A_i)_jj ~ N(0, 1/m), (A_i)_jk ~ N(0, 1/(2m)) for j < k,
    // symmetric. Z (n x r) and the start (n x r) are standard normal. All draws
    // from one NormalStream(seed) in the order A_1..A_m (upper triangle,
    // column by column), Z (column-major), start (column-major); computed in
    // double and converted exactly, so every precision sees the same instance.
    const int n = spec.n;
    if (n < 2) throw input_error("gaussian needs --n >= 2 (got " + std::to_string(n) + ")");
    const int m = spec.m > 0 ? spec.m : 5 * n;
    if (spec.r > n) throw input_error("--r must be <= n for gaussian");
    NormalStream g(spec.seed);
    const double sd_diag = std::sqrt(1.0 / m), sd_off = std::sqrt(1.0 / (2.0 * m));
    std::vector<Mat<T>> A;
    for (int k = 0; k < m; ++k) {
      Mat<T> Ai(n, n);
      for (int j = 0; j < n; ++j)
        for (int i = 0; i <= j; ++i) {
          const double v = g.next() * (i == j ? sd_diag : sd_off);
          Ai(i, j) = T(v);
          Ai(j, i) = T(v);
        }
      A.push_back(Ai);
    }
    Mat<T> Z(n, spec.r), X0(n, spec.r);
    for (int j = 0; j < spec.r; ++j)
      for (int i = 0; i < n; ++i) Z(i, j) = T(g.next());
    for (int j = 0; j < spec.r; ++j)
      for (int i = 0; i < n; ++i) X0(i, j) = T(g.next());
    inst.name = "gaussian(" + std::to_string(n) + "," + std::to_string(m) + "," +
                std::to_string(spec.r) + "," + std::to_string(spec.seed) + ")";
    inst.description = "Gaussian ensemble (4.7), n=" + std::to_string(n) + ", m=" + std::to_string(m) +
                       ", r=" + std::to_string(spec.r) + ", seed=" + std::to_string(spec.seed);
    inst.problem = SensingProblem<T>(std::move(A), Z);
    inst.start = X0;
    inst.random = true;
    inst.seed = spec.seed;
    inst.generator = NormalStream::description;
  } else if (spec.name == "file") {
    if (spec.file.empty()) throw input_error("--instance file needs --file PATH");
    std::error_code ec;
    if (std::filesystem::is_directory(spec.file, ec))
      throw input_error("instance file '" + spec.file +
                        "' is a directory; give the path of a JSON file (see --instance file)");
    std::ifstream in(spec.file);
    if (!in) throw input_error("cannot open instance file '" + spec.file + "'");
    nlohmann::json j;
    try {
      in >> j;
    } catch (const std::exception& e) {
      throw input_error("instance file '" + spec.file + "' is not valid JSON: " + e.what());
    }
    // Every complaint about the content names the file it is about.
    try {
      inst = instance_from_json<T>(j, spec.mem_budget);
    } catch (const input_error& e) {
      std::string what = e.what();
      const std::string generic = "instance JSON: ";
      if (what.rfind(generic, 0) == 0) what = what.substr(generic.size());
      throw input_error("instance file '" + spec.file + "': " + what);
    }
    if (spec.r != 1 && spec.r != inst.search_rank) inst.search_rank = spec.r;
  } else {
    throw input_error("unknown instance '" + spec.name +
                      "': use basic, realworld, pmc, gaussian or file");
  }

  if (!spec.start.empty()) {
    const int n = inst.problem.n(), r = inst.search_rank;
    if (static_cast<int>(spec.start.size()) != n * r)
      throw input_error("--start has " + std::to_string(spec.start.size()) +
                        " numbers but the instance needs n*r = " + std::to_string(n * r) +
                        " (column-major)");
    Mat<T> X(n, r);
    for (int k = 0; k < n * r; ++k) {
      X(k % n, k / n) =
          from_named_string<T>(spec.start[k], "--start entry " + std::to_string(k + 1));
      if (!is_finite(X(k % n, k / n)))
        throw input_error("--start entry " + std::to_string(k + 1) + " ('" + spec.start[k] +
                          "') is not a finite number");
    }
    inst.start = X;
  }
  if (inst.start.size() == 0) inst.start = Mat<T>::Zero(inst.problem.n(), inst.search_rank);
  inst.problem.check_point(inst.start, "start point");
  inst.problem.set_memory_budget(spec.mem_budget);
  return inst;
}

template <class T>
nlohmann::json matrix_to_json(const Mat<T>& M) {
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index i = 0; i < M.rows(); ++i) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index j = 0; j < M.cols(); ++j) row.push_back(decimal_string(M(i, j)));
    rows.push_back(row);
  }
  return rows;
}

template <class T>
nlohmann::json vector_to_json(const Vec<T>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (Eigen::Index i = 0; i < v.size(); ++i) a.push_back(decimal_string(v(i)));
  return a;
}

namespace detail {
template <class T>
T json_number(const nlohmann::json& x, const std::string& field) {
  std::string s;
  if (x.is_string()) {
    s = x.get<std::string>();
  } else if (x.is_number()) {
    s = x.dump();
  } else {
    throw input_error(field + ": expected a number or a decimal string, got " + x.dump());
  }
  T v = from_named_string<T>(s, field);
  if (!is_finite(v)) throw input_error(field + ": '" + s + "' is not a finite number");
  return v;
}
}  // namespace detail

template <class T>
Mat<T> matrix_from_json(const nlohmann::json& j, const std::string& field) {
  if (!j.is_array() || j.empty() || !j[0].is_array())
    throw input_error(field + ": expected a non-empty array of rows");
  const auto rows = j.size(), cols = j[0].size();
  Mat<T> M(rows, cols);
  for (std::size_t i = 0; i < rows; ++i) {
    if (!j[i].is_array() || j[i].size() != cols)
      throw input_error(field + ": row " + std::to_string(i + 1) + " has a different length");
    for (std::size_t k = 0; k < cols; ++k)
      M(i, k) = detail::json_number<T>(j[i][k], field + "[" + std::to_string(i) + "][" +
                                                     std::to_string(k) + "]");
  }
  return M;
}

template <class T>
nlohmann::json instance_to_json(const Instance<T>& inst) {
  nlohmann::json j;
  j["name"] = inst.name;
  j["description"] = inst.description;
  j["n"] = inst.problem.n();
  j["m"] = inst.problem.m();
  j["search_rank"] = inst.search_rank;
  j["operator"] = to_string(inst.problem.kind());
  if (inst.problem.kind() == OperatorKind::entry_sampling) {
    nlohmann::json E = nlohmann::json::array();
    for (const auto& e : inst.problem.entries()) E.push_back({e.i, e.j, decimal_string(e.w)});
    j["entries"] = E;
  } else {
    nlohmann::json A = nlohmann::json::array();
    for (const auto& Ai : inst.problem.A()) A.push_back(matrix_to_json(Ai));
    j["A"] = A;
  }
  j["Z"] = matrix_to_json(inst.problem.Z());
  j["start"] = matrix_to_json(inst.start);
  if (inst.random) {
    j["seed"] = inst.seed;
    j["generator"] = inst.generator;
  }
  return j;
}

namespace detail {
// Optional text field: absent gives `fallback`, anything but a string is refused.
inline std::string json_text(const nlohmann::json& j, const char* field, const std::string& fallback) {
  if (!j.contains(field)) return fallback;
  if (!j[field].is_string())
    throw input_error(std::string("instance JSON: field '") + field + "' must be a string, got " +
                      j[field].dump());
  return j[field].get<std::string>();
}
// Optional integer field: a JSON integer in [lo, hi] (no strings, no fractions,
// no silent wrap of negative numbers into unsigned ones).
inline std::uint64_t json_count(const nlohmann::json& j, const char* field, std::uint64_t lo,
                                std::uint64_t hi, const char* fix) {
  const nlohmann::json& x = j[field];
  const bool ok = x.is_number_unsigned() ||
                  (x.is_number_integer() && x.get<std::int64_t>() >= 0);
  if (!ok || x.get<std::uint64_t>() < lo || x.get<std::uint64_t>() > hi)
    throw input_error(std::string("instance JSON: field '") + field + "' is " + x.dump() + "; " + fix);
  return x.get<std::uint64_t>();
}
}  // namespace detail

template <class T>
Instance<T> instance_from_json(const nlohmann::json& j, std::size_t mem_budget) {
  if (!j.is_object()) throw input_error("instance JSON must be an object");
  const std::string op = j.contains("operator") && j["operator"].is_string()
                             ? j["operator"].get<std::string>()
                             : (j.contains("entries") ? "entry_sampling" : "dense");
  if (op != "dense" && op != "entry_sampling")
    throw input_error("instance JSON: 'operator' is '" + op + "': use dense or entry_sampling");
  if (op == "dense" && !j.contains("A"))
    throw input_error("instance JSON: missing field 'A' (list of n x n matrices)");
  if (!j.contains("Z")) throw input_error("instance JSON: missing field 'Z' (n x r* ground truth)");
  Mat<T> Z = matrix_from_json<T>(j["Z"], "Z");
  Instance<T> inst;
  inst.name = detail::json_text(j, "name", "file");
  inst.description = detail::json_text(j, "description", "instance read from JSON");
  if (op == "entry_sampling") {
    if (!j.contains("entries") || !j["entries"].is_array() || j["entries"].empty())
      throw input_error("instance JSON: entry_sampling needs 'entries', a non-empty list of [i, j, \"w\"] (0-based)");
    if (!j.contains("n") || !j["n"].is_number_integer())
      throw input_error("instance JSON: entry_sampling needs the integer field 'n'");
    const long long n = j["n"].get<long long>();
    if (n < 1 || n > 1000000000LL) throw input_error("instance JSON: 'n' = " + std::to_string(n) + " is out of range");
    const auto& E = j["entries"];
    require_memory(static_cast<long double>(E.size()) * (sizeof(SampledEntry<T>) + 2 * sizeof(T)) +
                       3.0L * n * n * sizeof(T),
                   mem_budget, "entry-sampling instance file with n=" + std::to_string(n) + ", m=" +
                                   std::to_string(E.size()));
    std::vector<SampledEntry<T>> entries;
    entries.reserve(E.size());
    for (std::size_t k = 0; k < E.size(); ++k) {
      const std::string f = "entries[" + std::to_string(k) + "]";
      const auto& e = E[k];
      if (!e.is_array() || e.size() != 3 || !e[0].is_number_integer() || !e[1].is_number_integer())
        throw input_error("instance JSON: " + f + " must be [i, j, \"w\"] with integer 0-based i, j");
      const long long a = e[0].get<long long>(), b = e[1].get<long long>();
      if (a < 0 || a >= n || b < 0 || b >= n)
        throw input_error("instance JSON: " + f + " has index (" + std::to_string(a) + ", " + std::to_string(b) +
                          ") outside 0.." + std::to_string(n - 1) + " (indices are 0-based)");
      entries.push_back({static_cast<int>(a), static_cast<int>(b), detail::json_number<T>(e[2], f + "[2]")});
    }
    inst.problem = SensingProblem<T>(static_cast<int>(n), std::move(entries), Z, mem_budget);
  } else {
    if (!j["A"].is_array() || j["A"].empty())
      throw input_error("instance JSON: field 'A' must be a non-empty list of matrices");
    std::vector<Mat<T>> A;
    for (std::size_t i = 0; i < j["A"].size(); ++i)
      A.push_back(matrix_from_json<T>(j["A"][i], "A[" + std::to_string(i) + "]"));
    inst.problem = SensingProblem<T>(std::move(A), Z);
    inst.problem.set_memory_budget(mem_budget);
  }
  const auto n = static_cast<std::uint64_t>(inst.problem.n());
  const auto m = static_cast<std::uint64_t>(inst.problem.m());
  // "n" and "m" are informative (instance_to_json writes them); when present
  // they must agree with the data, so a truncated or hand-edited file is caught.
  if (j.contains("n"))
    detail::json_count(j, "n", n, n,
                       ("but the matrices A_i are " + std::to_string(n) + "x" + std::to_string(n) +
                        "; fix or remove 'n'").c_str());
  if (j.contains("m"))
    detail::json_count(j, "m", m, m,
                       ("but the data hold " + std::to_string(m) + " measurements; fix or remove 'm'").c_str());
  inst.search_rank = 1;
  if (j.contains("search_rank"))
    inst.search_rank = static_cast<int>(detail::json_count(
        j, "search_rank", 1, n, ("the search rank must be an integer in [1, n = " + std::to_string(n) + "]").c_str()));
  if (j.contains("start")) {
    inst.start = matrix_from_json<T>(j["start"], "start");
    inst.search_rank = static_cast<int>(inst.start.cols());
  } else {
    inst.start = Mat<T>::Zero(inst.problem.n(), inst.search_rank);
  }
  inst.problem.check_point(inst.start, "start");
  if (j.contains("seed")) {
    inst.random = true;
    inst.seed = detail::json_count(j, "seed", 0, UINT64_MAX, "a seed must be an integer in [0, 2^64 - 1]");
    inst.generator = detail::json_text(j, "generator", std::string());
  }
  return inst;
}

}  // namespace sodlift
