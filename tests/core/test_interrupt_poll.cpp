// The cooperative stop of support/interrupt.hpp (used by the Python module
// for Ctrl-C): once request_interrupt() is called, the long loops of core/
// throw interrupted_error at their next poll; after clear_interrupt() they
// run to the end. Reference: the same calls without a request (they finish).
#include <catch2/catch.hpp>

#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/escape_pipeline.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/core/subspace_simulation.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift/support/interrupt.hpp"

using namespace sodlift;

namespace {
struct ClearOnExit {
  ~ClearOnExit() { clear_interrupt(); }
};
}  // namespace

TEST_CASE("poll_interrupt throws only after request_interrupt", "[core][interrupt]") {
  ClearOnExit guard;
  clear_interrupt();
  CHECK_FALSE(interrupt_requested());
  CHECK_NOTHROW(poll_interrupt());
  request_interrupt();
  CHECK(interrupt_requested());
  CHECK_THROWS_AS(poll_interrupt(), interrupted_error);
  clear_interrupt();
  CHECK_NOTHROW(poll_interrupt());
}

TEST_CASE("GD, refinement and exact PGD in S stop at a requested interrupt", "[core][interrupt]") {
  ClearOnExit guard;
  using T = double;
  Instance<T> I = make_instance<T>(InstanceSpec{});  // realworld
  clear_interrupt();
  CriticalPoint<T> cp = refine_critical_point(I.problem, I.start);
  REQUIRE(cp.kind == PointKind::spurious_local_min);
  SodIngredients<T> s = sod_ingredients(I.problem, cp.X);
  SubspaceSimulation<T> sim(I.problem, s, 3);
  Vec<T> c0(3);
  c0 << 1, 0.01, 0;
  GdOptions<T> gd;
  Mat<T> far = I.start * 3.0;  // GD from here takes many steps
  // Without a request every call finishes.
  CHECK(sim.trajectory(c0, 0.01, 5000, 5000).size() == 2);
  CHECK(gradient_descent(I.problem, far, gd).iterations > 0);
  request_interrupt();
  CHECK_THROWS_AS(sim.trajectory(c0, 0.01, 5000, 5000), interrupted_error);
  CHECK_THROWS_AS(gradient_descent(I.problem, far, gd), interrupted_error);
  CHECK_THROWS_AS(refine_critical_point(I.problem, I.start), interrupted_error);
  clear_interrupt();
  CHECK(sim.trajectory(c0, 0.01, 5000, 5000).size() == 2);
}
