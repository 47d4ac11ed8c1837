// Rank-r test cases shared by several test files (core, experiments).
#pragma once

#include "sodlift/core/instances.hpp"

namespace sodlift::test {

// gaussian(4, 6, 2) seed 24: n = 4, r = 2, six Gaussian symmetric A_i
// (issue 23). No start point.
inline InstanceSpec gaussian_r2_spec() {
  InstanceSpec s;
  s.name = "gaussian";
  s.n = 4;
  s.m = 6;
  s.r = 2;
  s.seed = 24;
  return s;
}

// The same, started at its spurious local minimum (found by a scan of random
// starts; tests/core/test_rank_r.cpp certifies it in every precision).
inline InstanceSpec gaussian_r2_minimum_spec() {
  InstanceSpec s = gaussian_r2_spec();
  s.start = {"-0.467", "0.001342", "2.131", "0.107", "-1.085", "0.1756", "0.2227", "0.452"};
  return s;
}

}  // namespace sodlift::test
