#include "simulate_inst.hpp"
SODLIFT_INSTANTIATE_SIMULATE(double)
