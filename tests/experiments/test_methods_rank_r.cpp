// The Fig. 10 protocol (methods.hpp) at rank r = 2 (issue 23 item 1): every
// method runs from an n x 2 point, GD stalls at the certified spurious
// minimum of gaussian(4,6,2) seed 24 (tests/core/test_rank_r.cpp), and the
// escape methods certify it and try an escape. Independent reference for the
// line-search escapes: the minimum of s -> h(X̂ + s u_n q_r^T) and s -> h(s
// u_n q_r^T) over a fine grid, with X̂, u_n, q_r computed here (h along these
// lines is O(2)-invariant, docs/rank-r.md, so the representative of the
// orbit does not matter).
#include <catch2/catch.hpp>

#include <cmath>

#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/experiments/methods.hpp"
#include "rank_r_cases.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;

TEST_CASE("Fig. 10 protocol at r = 2: every method runs and escapes a certified spurious minimum",
          "[methods][rank]") {
  const InstanceSpec s = test::gaussian_r2_minimum_spec();
  const Instance<double> I = make_instance<double>(s);
  const auto& P = I.problem;
  const CriticalPoint<double> cp = refine_critical_point(P, I.start);
  REQUIRE(cp.kind == PointKind::spurious_local_min);

  ProtocolOptions o;
  o.gd_step = 0.01;
  o.K1 = 4000;
  o.K2 = 2000;
  o.l = 3;
  o.rho = 0.1;
  o.eta = 0.1;
  o.t = 100000;
  const ProblemFacts facts = problem_facts(P);
  for (const auto& m : method_names()) {
    // From the certified point: GD's gradient is at round-off at once (GD
    // from the file's start needs more than K1 steps: lambda_min = 4e-3).
    const MethodResult r = run_method(m, P, cp.X, o, 5, facts);
    INFO(m << ": end " << r.end << ", reason " << r.reason << ", dist " << r.dist_truth);
    REQUIRE(r.ran);
    CHECK(r.X.rows() == 4);
    CHECK(r.X.cols() == 2);
    CHECK(std::isfinite(r.dist_truth));
    if (m == "gd") {
      // Plain GD stalls at the spurious minimum (same X X^T as cp).
      CHECK(r.end == "stalled");
      CHECK(std::abs(r.dist_truth - to_double(cp.dist_to_truth)) < 1e-6);
    }
    if (m.rfind("gd+", 0) == 0) {
      REQUIRE(!r.escapes.empty());
      CHECK(r.escapes[0].certification == "spurious_local_min");
    }
    if (m == "gd+line-beta") {
      const auto& e = r.escapes[0];
      REQUIRE(e.tried);
      const SodIngredients<double> sod = sod_ingredients(P, cp.X);
      const Mat<double> D = sod.u_n * sod.q_r.transpose();
      double best = P.h(cp.X);
      for (int from = 0; from < 2; ++from)
        for (int k = -200000; k <= 200000; ++k) {
          const double t = 10.0 * k / 200000;  // |s| <= 10 covers both minimisers (|X̂| ~ 2)
          best = std::min(best, P.h((from ? cp.X : Mat<double>::Zero(4, 2)) + t * D));
        }
      // The exact quartic minimiser is at most the grid's minimum (grid step
      // 5e-5: h changes by O(1e-8) between grid points near a minimum).
      CHECK(e.h_check <= best + 1e-12);
      CHECK(e.h_check >= best - 1e-6);
    }
  }
}
