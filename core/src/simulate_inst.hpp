// Explicit instantiation of the in-S simulation and first-order model for one
// scalar; each inst_simulate_<scalar>.cpp expands it once (pitfall 9).
#pragma once
#include "first_order_impl.hpp"
#include "subspace_simulation_impl.hpp"

#define SODLIFT_INSTANTIATE_SIMULATE(T)                                                    \
  namespace sodlift {                                                                      \
  template class SubspaceSimulation<T>;                                                    \
  template class FirstOrderModel<T>;                                                       \
  template PropagatedState<T> propagate_power<T>(const Mat<T>&, const Vec<T>&, long long); \
  }
