#include "core_inst.hpp"
SODLIFT_INSTANTIATE_CORE(double)
