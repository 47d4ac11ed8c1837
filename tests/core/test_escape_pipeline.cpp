// GD -> SOD -> GD pipeline (issue 3).
#include <catch2/catch.hpp>

#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/escape_pipeline.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;

TEST_CASE("GD classifies its end point from the definitions", "[escape][gd]") {
  InstanceSpec spec;
  spec.name = "realworld";
  auto I = make_instance<double>(spec);
  const auto& P = I.problem;
  GdOptions<double> o;
  // Near the truth: GD must end at the ground truth (h is locally strongly
  // convex there up to sign), with a gradient below the tolerance.
  const Mat<double> X0 = P.Z() * 1.01;
  auto R = gradient_descent(P, X0, o);
  CHECK(R.converged);
  CHECK(R.end == "ground_truth");
  CHECK(R.z_sign == "+Z");
  CHECK(R.grad_norm <= o.grad_tol);
  CHECK((R.X * R.X.transpose() - P.M_star()).norm() == R.dist_truth);
  // Huge step from a large start: divergence, reported without NaN.
  GdOptions<double> big = o;
  big.step = 100;
  auto D = gradient_descent(P, Mat<double>(X0 * 10.0), big);
  CHECK(D.diverged);
  CHECK(D.end == "divergence");
}

TEST_CASE("pipeline: escape point is the closed-form point and the verdict is consistent", "[escape][pipeline]") {
  InstanceSpec spec;
  spec.name = "realworld";
  auto I = make_instance<double>(spec);
  const auto& P = I.problem;
  EscapeOptions<double> o;
  o.l = 3;
  o.t = 5000;
  o.type = "gamma";
  auto R = escape_pipeline(P, I.start, o);
  CHECK(R.chosen_type == "gamma");
  REQUIRE(R.multi.gamma_point.representable);
  CHECK(sodlift::test::max_abs_diff(R.escape_point, R.multi.gamma_point.point) == 0.0);
  CHECK(R.h_escape == P.h(R.escape_point));
  CHECK(R.h_spurious == P.h(R.Xhat));
  // Whatever the verdict, it must agree with the final distances.
  if (R.second.end == "ground_truth") CHECK(R.second.dist_truth < 1e-4);
  if (R.second.end == "same_spurious") CHECK(R.second.dist_spurious < 1e-4);
  // auto picks the type the intervals say.
  o.type = "auto";
  auto A = escape_pipeline(P, I.start, o);
  if (A.multi.U_gamma.contains(5000.0)) CHECK(A.chosen_type == "gamma");
  if (A.multi.U_beta.contains(5000.0)) CHECK(A.chosen_type == "beta");
}

TEST_CASE("pipeline refuses a start that is not at a spurious point", "[escape][errors]") {
  InstanceSpec spec;
  spec.name = "realworld";
  auto I = make_instance<double>(spec);
  EscapeOptions<double> o;
  CHECK_THROWS_AS(escape_pipeline(I.problem, Mat<double>(I.problem.Z()), o), precondition_error);
  o.type = "nonsense";
  CHECK_THROWS_AS(escape_pipeline(I.problem, I.start, o), input_error);
}
