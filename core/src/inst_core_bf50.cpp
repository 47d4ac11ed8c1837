#include "core_inst.hpp"
SODLIFT_INSTANTIATE_CORE(::sodlift::bf50)
