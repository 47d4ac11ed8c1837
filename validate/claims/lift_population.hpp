// The lifted landscape (lift_landscape.hpp) on a population instead of one
// instance: the certified spurious minima the fig10 protocol's GD stops at on
// PMC(n, eps) (issue 21: "also on the fig10 population ... n = 10 and 20,
// l = 3 and 5"). Computed in validate/src/lift_population.cpp (double; the
// fig10 study's seeds and certification), judged by the per-instance claims'
// rules, aggregated: FAILS if any minimum fails, counts with Wilson intervals.
#pragma once

#include "sodlift/validate/lift_population.hpp"

namespace sodlift::validate {

SODLIFT_CLAIMS(lift_population) {
  r.once(640,
         {"lift-saddle-pmc", "Lifted landscape: Ma+23 (27), (28), on the fig10 minima",
          "At the spurious minima GD stops at on PMC(n, eps) (fig10 protocol), x^(x)l is a strict "
          "saddle of h^l for every odd l above the bound (28), where (27) holds.",
          "fig10 trials (seeds of `sodlift study fig10 --n 10,20 --eps 0.15,0.10`): GD K1 = 10000 "
          "steps of 0.001 from 0.01 G, certification; at each certified spurious minimum the smallest "
          "eigenvalue of Hess h^l on the symmetric tensors for l = 1..5 (dense <= 300, else Lanczos; "
          "LDL^T inertia confirms the sign up to the inertia limit) and on all of R^{n^l} where n^l "
          "fits; quick: n = 10, eps = 0.15, 0.10, 3 trials each (reduced); full: n = 10, 20, eps = 0.15, 0.10, 10 "
          "trials",
          "signs decided when |lambda_min| exceeds the residual in double; (27) failing at every "
          "minimum makes the theorem vacuous (INCONCLUSIVE, counts reported); Wilson 95% intervals"},
         "pmc-fig10-minima",
         [](const RunContext& run) { return lift_population_saddle_claim("lift-saddle-pmc", run.options.full); });
  r.once(650,
         {"lift-escape-b-pmc", "Lifted landscape: Ma+23 (29), on the fig10 minima",
          "Where x^(x)l is a saddle at a fig10 PMC minimum (odd l), b = vec(u_n q_r^T)^(x)l is the "
          "escape direction.",
          "at each odd-l saddle of the lift-saddle-pmc population: b^T H b < 0, |cos| between the "
          "minimising eigenvector and b, and no lower eigenvalue outside the symmetric tensors "
          "(where computed)",
          "|cos| >= 1 - 1e-6; FAILS if any saddle misses it"},
         "pmc-fig10-minima",
         [](const RunContext& run) { return lift_population_escape_b_claim("lift-escape-b-pmc", run.options.full); });
  r.once(660,
         {"lift-vs-S-pmc", "Lifted landscape: S of SOD §5.1, on the fig10 minima",
          "Where x^(x)l is a saddle at a fig10 PMC minimum (odd l), H restricted to S = span{a,b,c} "
          "has negative curvature.",
          "smallest eigenvalue of H on S (3x3, relative to the Gram matrix) at each odd-l saddle of "
          "the lift-saddle-pmc population",
          "sign of lambda_min(H|S) in double; FAILS if any saddle misses it"},
         "pmc-fig10-minima",
         [](const RunContext& run) { return lift_population_vs_S_claim("lift-vs-S-pmc", run.options.full); });
  // Issue 20: --quick decides on n = 10 only, 3 trials per eps (see the check text).
  for (const char* id : {"lift-saddle-pmc", "lift-escape-b-pmc", "lift-vs-S-pmc"})
    r.reduced_in_quick(id, {{"n =", "10", "10, 20"}, {"trials per eps =", "3", "10"}},
                       "the n = 20 minima and 7 more trials per eps (validate --full)");
}

}  // namespace sodlift::validate
