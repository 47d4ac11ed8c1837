#include "lifted_inst.hpp"
SODLIFT_INSTANTIATE_LIFTED(double)
