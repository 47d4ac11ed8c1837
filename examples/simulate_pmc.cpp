// A built-in instance (the paper's PMC of App. C.1, an entry-sampling
// operator) and exact projected GD in S = span{a, b, c} at matrix cost
// (Algorithm 1 steps 1.1-1.2 without forming an order-l tensor; docs/api.md).
#include <iostream>

#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/core/subspace_simulation.hpp"

int main() {
  using namespace sodlift;
  using T = bf50;
  try {
    InstanceSpec spec;
    spec.name = "pmc";
    spec.n = 3;
    spec.eps = "0.3";
    Instance<T> I = make_instance<T>(spec);
    CriticalPoint<T> cp = refine_critical_point(I.problem, I.start);
    require_spurious(cp);
    SodIngredients<T> s = sod_ingredients(I.problem, cp.X);
    const int l = 11;
    const T rho = from_string<T>("0.3"), eta = from_string<T>("0.01");
    SubspaceSimulation<T> sim(I.problem, s, l);
    Vec<T> c0(3);
    c0 << T(1), rho, T(0);  // w(0) = a + rho b (Algorithm 1's start)
    auto tr = sim.trajectory(c0, eta, /*steps=*/200, /*record_every=*/100);
    std::cout << I.name << " (" << to_string(I.problem.kind()) << " operator), l = " << l
              << ", Gram rank " << sim.rank() << " (dropped: " << sim.dropped_names() << ")\n";
    for (const auto& r : tr)
      std::cout << "  t = " << r.t << ": alpha " << decimal_string(r.alpha) << " beta " << decimal_string(r.beta)
                << " h^l " << decimal_string(r.h_lifted) << "\n";
    std::cout << "  (" << kLiftedScaleText << ")\n";
    return 0;
  } catch (const std::exception& ex) {
    std::cerr << "simulate_pmc: " << ex.what() << "\n";
    return 2;
  }
}
