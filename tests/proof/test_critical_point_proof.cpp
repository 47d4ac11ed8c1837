// Proofs about critical points in ball arithmetic (proof/, issue 25).
// The points come from core's certification in bf100; the proofs use the
// instance data as exact numbers (proof/exact_data.hpp). Reference facts:
//   realworld's spurious minimum near (0.2234, 0.0918, 0.5985) (App. C.2;
//   core certifies it with a positive Hessian eigenvalue);
//   the global minimum x = z = (1, 0, 0) (h = 0 exactly);
//   basic's (0, 1/sqrt2): singular Hessian, h = 3/8 - 3/2 x1^4 + ... along a
//   curve (tests/core/test_critical_point.cpp): not a minimum;
//   [x*, 0] at rank 2: a saddle (the second column's block of the Hessian is
//   2 grad f(x* x*^T), which has the negative eigenvalue lambda_n).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/proof/critical_point_proof.hpp"

using namespace sodlift;
using namespace sodlift::proof;

namespace {

std::vector<std::string> strings_of(const Mat<bf100>& X) {
  std::vector<std::string> s;
  for (Eigen::Index k = 0; k < X.size(); ++k) s.push_back(decimal_string(X.data()[k]));
  return s;
}

CriticalPoint<bf100> certified(const char* name, std::vector<std::string> start = {}) {
  InstanceSpec s;
  s.name = name;
  s.start = start;
  Instance<bf100> I = make_instance<bf100>(s);
  return refine_critical_point(I.problem, I.start);
}

ExactData data_of(const char* name) {
  InstanceSpec s;
  s.name = name;
  return exact_data(s);
}

}  // namespace

TEST_CASE("exact doubles are written exactly", "[proof]") {
  CHECK(exact_double(0.1) == "7205759403792794p-56");  // 0x1.999999999999ap-4
  CHECK(exact_double(-2.0) == "-4503599627370496p-51");
  CHECK(exact_double(0.0) == "0");
}

TEST_CASE("realworld's spurious minimum is proved a strict local minimum with h > 0", "[proof]") {
  const auto cp = certified("realworld");
  REQUIRE(cp.kind == PointKind::spurious_local_min);
  const auto pr = prove_critical_point(data_of("realworld"), 1, strings_of(cp.X));
  INFO(pr.reason);
  CHECK(pr.status == "proved_strict_local_min");
  CHECK(pr.unique_critical_point);
  CHECK(pr.h_positive);
  // The proved bounds are consistent with the floating certification (bf100).
  const double lam = std::stod(pr.lambda_min_lower);
  CHECK(lam > 0);
  CHECK(lam <= static_cast<double>(cp.hessian_min_eig));
  CHECK(std::stod(pr.h_lower) <= static_cast<double>(cp.h));
  CHECK(static_cast<double>(cp.h) <= std::stod(pr.h_upper));
  CHECK(std::stod(pr.radius) < 1e-80);
}

TEST_CASE("realworld's global minimum z = (1,0,0): proved a strict minimum, h(X*) = 0 not excluded", "[proof]") {
  const auto pr = prove_critical_point(data_of("realworld"), 1, {"1", "0", "0"});
  INFO(pr.reason);
  CHECK(pr.status == "proved_strict_local_min");
  CHECK_FALSE(pr.h_positive);
  CHECK(std::stod(pr.h_lower) <= 0.0);
  CHECK(std::stod(pr.h_upper) >= 0.0);
}

TEST_CASE("basic's degenerate point (0, 1/sqrt2) is not proved a minimum", "[proof]") {
  const auto cp = certified("basic", {"0", "0.7"});
  REQUIRE(cp.kind == PointKind::second_order_saddle);
  const auto pr = prove_critical_point(data_of("basic"), 1, strings_of(cp.X));
  CHECK(pr.status == "not_proved");
  CHECK_FALSE(pr.reason.empty());
}

TEST_CASE("a saddle is proved a saddle: realworld [x*, 0] at rank 2 (gauge: O(2) slice)", "[proof]") {
  const auto cp = certified("realworld");
  std::vector<std::string> c = strings_of(cp.X);
  for (int i = 0; i < 3; ++i) c.push_back("0");
  const auto pr = prove_critical_point(data_of("realworld"), 2, c);
  INFO(pr.reason);
  CHECK(pr.status == "proved_saddle");
  CHECK(pr.dimension == 5);  // 6 - dim O(2)
  CHECK(std::stod(pr.negative_curvature_upper) < 0);
  CHECK(pr.h_positive);
}

TEST_CASE("a bound wrong by 1e-30 is caught: lambda_min(H) vs the bf100 eigenvalue -+ 1e-30", "[proof]") {
  // The bf100 eigenvalue is accurate to ~1e-95; H - (lambda + 1e-30) I has
  // an eigenvalue -1e-30 (a sign flip), H - (lambda - 1e-30) I is PD.
  const auto cp = certified("realworld");
  const ExactData D = data_of("realworld");
  const auto c = strings_of(cp.X);
  const bf100 lam = cp.hessian_min_eig;
  const std::string above = decimal_string(bf100(lam + bf100("1e-30")));
  const std::string below = decimal_string(bf100(lam - bf100("1e-30")));
  CHECK(check_shifted_hessian(D, 1, c, below) == ShiftVerdict::proved_positive_definite);
  CHECK(check_shifted_hessian(D, 1, c, above) == ShiftVerdict::proved_indefinite);
}

TEST_CASE("rank 2: a Gaussian instance's critical point is proved on the O(2) slice", "[proof]") {
  InstanceSpec s;
  s.name = "gaussian";
  s.n = 4;
  s.r = 2;
  s.seed = 1;
  Instance<bf100> I = make_instance<bf100>(s);
  const auto cp = refine_critical_point(I.problem, I.start);
  REQUIRE((cp.kind == PointKind::global_min || cp.kind == PointKind::spurious_local_min));
  const auto pr = prove_critical_point(exact_data(s), 2, strings_of(cp.X));
  INFO(pr.reason);
  CHECK(pr.status == "proved_strict_local_min");
  CHECK(pr.dimension == 7);
  CHECK(pr.h_positive == (cp.kind == PointKind::spurious_local_min));
}

TEST_CASE("the center need not be accurate: the paper's 4-digit point proves the same minimum", "[proof]") {
  // App. C.2 prints the spurious point to 4 decimals; Krawczyk then needs a
  // ball of radius ~1e-4, which must contain the bf100 point.
  const auto pr = prove_critical_point(data_of("realworld"), 1, {"0.2234", "0.0918", "0.5985"});
  INFO(pr.reason);
  REQUIRE(pr.status == "proved_strict_local_min");
  const double rho = std::stod(pr.radius);
  CHECK(rho > 1e-8);
  CHECK(rho < 1e-2);
  const auto cp = certified("realworld");
  const double x[3] = {0.2234, 0.0918, 0.5985};
  for (int i = 0; i < 3; ++i) CHECK(std::abs(static_cast<double>(cp.X(i, 0)) - x[i]) <= rho);
}

TEST_CASE("a center far from any critical point is not proved", "[proof]") {
  const auto pr = prove_critical_point(data_of("realworld"), 1, {"0.5", "0.5", "0.5"});
  CHECK(pr.status == "not_proved");
  CHECK_FALSE(pr.unique_critical_point);
}
