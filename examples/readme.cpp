// The C++ lines of the README's "Use it from your code", verbatim, so that CI
// builds them against the installed package.
#include <iostream>

#include "sodlift/core/closed_form.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/instances.hpp"
using namespace sodlift;

int main() {
  Instance<bf50> I = make_instance<bf50>(InstanceSpec{});            // realworld (App. C.2)
  CriticalPoint<bf50> cp = refine_critical_point(I.problem, I.start);
  require_spurious(cp);                                              // certified, or throws
  SodIngredients<bf50> s = sod_ingredients(I.problem, cp.X);
  const bf50 rho = from_string<bf50>("0.1"), eta = rho;                  // exact decimals
  auto R = multi_step(I.problem, s, 5, rho, eta, 100000, isometry_bound(I.problem).delta);
  std::cout << decimal_string(R.coef.gamma) << " " << R.dominant << "\n";   // (5.8)
}
