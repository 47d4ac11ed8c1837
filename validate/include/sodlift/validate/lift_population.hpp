// The lifted landscape (issue 21) on a population: the certified spurious
// minima that the fig10 protocol's GD stops at on PMC(n, eps) (SPEC §6; the
// trials, seeds and certification of `sodlift study fig10 --n 10,20
// --eps 0.15,0.10`: experiments/ fig10_endpoint), and at each of them the
// Hessian of h^l at x̂^{⊗l} for l = 1..lmax (lifted/hessian.hpp). The claim
// file validate/claims/lift_population.hpp turns it into the population
// versions of lift-saddle, lift-escape-b and lift-vs-S.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sodlift/lifted/hessian.hpp"
#include "sodlift/validate/claims.hpp"

namespace sodlift::validate {

struct LiftPopulationGrid {
  std::vector<int> n;
  std::vector<std::string> eps;
  std::uint64_t trials = 0;  // the first `trials` seeds of each configuration
  int lmax = 5;              // l = 1..lmax at every minimum
  bool reduced = false;      // validate --quick
  std::size_t full_max_dim = 0;  // lambda_min on all of R^{n^l} when n^l <= this
  int inertia_max_dim = 0;       // LDL^T sign confirmation up to this symmetric dim
};
// quick: n = 10, eps = 0.15, 0.10, 3 trials each, l = 1..5 (reduced; about 1.5 s); full:
// n = 10, 20, eps = 0.15, 0.10, 10 trials (the fig10 claim's quick trials),
// l = 1..5.
LiftPopulationGrid lift_population_grid(bool full);

struct LiftMinimum {
  std::string configuration, eps;
  int n = 0;
  std::uint64_t trial = 0, seed = 0;
  double h = 0, dist_truth = 0;
  lifted::SaddleTheorem<double> theorem;
  std::vector<lifted::LandscapeResult<double>> levels;  // l = 1..lmax
  std::vector<double> seconds;                          // per level (wall; not golden)
};

struct LiftPopulation {
  LiftPopulationGrid grid;
  std::string spec_hash;
  std::uint64_t trials = 0, diverged = 0, at_truth = 0, not_spurious = 0, cert_errors = 0;
  std::vector<LiftMinimum> minima;  // in (configuration, trial) order
  double seconds = 0;               // wall, whole population
};

// Computed once per (full) per process and shared by the three claims.
const LiftPopulation& lift_population(bool full);

// The saddle decision at one level: the symmetric eigenvalue (decided), or the
// full-space one where it was computed and is decided negative.
bool lift_level_saddle(const lifted::LandscapeResult<double>& R);

ClaimResult lift_population_saddle_claim(const std::string& id, bool full);
ClaimResult lift_population_escape_b_claim(const std::string& id, bool full);
ClaimResult lift_population_vs_S_claim(const std::string& id, bool full);

}  // namespace sodlift::validate
