// Explicit instantiation of EntrySamplingLift for one scalar (CMake generates
// one translation unit per scalar, sodlift_instantiate).
#pragma once
#include "entry_sampling_lift_impl.hpp"

#define SODLIFT_INSTANTIATE_ENTRY_SAMPLING_LIFT(T) \
  namespace sodlift::lifted {                      \
  template class EntrySamplingLift<T>;             \
  }
