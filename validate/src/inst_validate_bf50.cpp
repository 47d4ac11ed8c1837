#include "validate_inst.hpp"
SODLIFT_INSTANTIATE_VALIDATE(::sodlift::bf50)
