#include "lifted_inst.hpp"
SODLIFT_INSTANTIATE_LIFTED(::sodlift::f128)
