// The validate harness and every claim file, for ::sodlift::f128.
#define SODLIFT_SCALAR ::sodlift::f128
#include "validate_inst.hpp"
