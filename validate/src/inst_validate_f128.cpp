#include "validate_inst.hpp"
SODLIFT_INSTANTIATE_VALIDATE(::sodlift::f128)
