// The instance data as exact numbers (exact_data.hpp).
#include "sodlift/proof/exact_data.hpp"

#include <cmath>
#include <cstdint>
#include <fstream>

#include <nlohmann/json.hpp>

#include "sodlift/core/instance_data.hpp"
#include "sodlift/support/errors.hpp"

namespace sodlift::proof {

std::string exact_double(double x) {
  if (!std::isfinite(x)) throw input_error("exact_double: non-finite value");
  if (x == 0) return "0";
  int e = 0;
  const double f = std::frexp(x, &e);                      // x = f 2^e, 0.5 <= |f| < 1
  const auto M = static_cast<long long>(std::ldexp(f, 53));  // exact: 53-bit integer
  return std::to_string(M) + "p" + std::to_string(e - 53);
}

namespace {

std::vector<ExactTerm> dense_terms(const std::vector<std::vector<std::string>>& rows) {
  std::vector<ExactTerm> t;
  for (std::size_t i = 0; i < rows.size(); ++i)
    for (std::size_t j = 0; j < rows[i].size(); ++j)
      t.push_back({static_cast<int>(i), static_cast<int>(j), rows[i][j]});
  return t;
}

// A = w (e_i e_j^T + e_j e_i^T) / 2.
void add_sampled(std::vector<ExactTerm>& t, int i, int j, const std::string& w) {
  if (i == j) {
    t.push_back({i, i, w});
  } else {
    t.push_back({i, j, w + "/2"});
    t.push_back({j, i, w + "/2"});
  }
}

std::string json_number_string(const nlohmann::json& v, const std::string& field) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return v.dump();  // what the file says, as printed
  throw input_error("instance file: field '" + field + "' holds a non-number");
}

std::vector<std::vector<std::string>> json_rows(const nlohmann::json& M, const std::string& field) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& row : M) {
    rows.emplace_back();
    for (const auto& v : row) rows.back().push_back(json_number_string(v, field));
  }
  return rows;
}

}  // namespace

ExactData exact_data(const InstanceSpec& spec) {
  ExactData D;
  D.name = spec.name;
  if (spec.name == "basic") {
    // Paper (1.1): A1 = diag(1, 1/2), A2 = sqrt3/2 (e1 e2^T + e2 e1^T), A3 = sqrt3/2 e2 e2^T.
    D.n = 2;
    D.truth_rank = 1;
    D.A = {{{0, 0, "1"}, {1, 1, "1/2"}},
           {{0, 1, "sqrt(3)/2"}, {1, 0, "sqrt(3)/2"}},
           {{1, 1, "sqrt(3)/2"}}};
    D.Z = {"1", "0"};
    D.provenance = "paper (1.1): entries 1, 1/2, sqrt(3)/2 exactly";
  } else if (spec.name == "realworld") {
    D.n = 3;
    D.truth_rank = 1;
    for (const auto& m : realworld_matrix_strings()) {
      std::vector<std::vector<std::string>> rows(3);
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) rows[i].push_back(m[i * 3 + j]);
      D.A.push_back(dense_terms(rows));
    }
    D.Z = {"1", "0", "0"};
    D.provenance = "App. C.2's printed 4-decimal matrices as exact decimals";
  } else if (spec.name == "pmc") {
    D.n = spec.n;
    D.truth_rank = 1;
    for (int i = 1; i <= spec.n; ++i)
      for (int j = 1; j <= spec.n; ++j) {
        const bool full = (i == j) || (i % 2 == 0) || (j % 2 == 0);
        D.A.emplace_back();
        add_sampled(D.A.back(), i - 1, j - 1, full ? "1" : spec.eps);
      }
    for (int i = 0; i < spec.n; ++i) D.Z.push_back(i % 2 == 0 ? "1" : "0");
    D.provenance = "App. C.1 with eps = " + spec.eps + " as an exact decimal";
  } else if (spec.name == "gaussian") {
    // The instance is defined as the doubles the generator drew.
    const Instance<double> I = make_instance<double>(spec);
    D.n = I.problem.n();
    D.truth_rank = I.problem.truth_rank();
    for (const auto& A : I.problem.A()) {
      std::vector<std::vector<std::string>> rows(D.n);
      for (int i = 0; i < D.n; ++i)
        for (int j = 0; j < D.n; ++j) rows[i].push_back(exact_double(A(i, j)));
      D.A.push_back(dense_terms(rows));
    }
    for (int j = 0; j < D.truth_rank; ++j)
      for (int i = 0; i < D.n; ++i) D.Z.push_back(exact_double(I.problem.Z()(i, j)));
    D.provenance = "the generator's doubles (exact binary values)";
  } else if (spec.name == "file") {
    std::ifstream in(spec.file);
    if (!in) throw input_error("cannot open instance file '" + spec.file + "'");
    nlohmann::json j;
    try {
      in >> j;
    } catch (const std::exception& e) {
      throw input_error("instance file '" + spec.file + "' is not valid JSON: " + e.what());
    }
    const bool sampling = j.value("operator", std::string(j.contains("entries") ? "entry_sampling" : "dense")) ==
                          "entry_sampling";
    if (sampling) {
      D.n = j.at("n").get<int>();
      for (const auto& e : j.at("entries")) {
        D.A.emplace_back();
        add_sampled(D.A.back(), e.at(0).get<int>(), e.at(1).get<int>(), json_number_string(e.at(2), "entries"));
      }
    } else {
      for (const auto& A : j.at("A")) D.A.push_back(dense_terms(json_rows(A, "A")));
      D.n = static_cast<int>(j.at("A").at(0).size());
    }
    const auto Zrows = json_rows(j.at("Z"), "Z");
    D.truth_rank = Zrows.empty() ? 0 : static_cast<int>(Zrows[0].size());
    for (int c = 0; c < D.truth_rank; ++c)
      for (const auto& row : Zrows) D.Z.push_back(row.at(c));
    D.provenance = "the decimal strings of " + spec.file;
  } else {
    throw input_error("no exact data for instance '" + spec.name + "': use basic, realworld, pmc, gaussian or file");
  }
  return D;
}

}  // namespace sodlift::proof
