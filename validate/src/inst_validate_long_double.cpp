// The validate harness and every claim file, for long double.
#define SODLIFT_SCALAR long double
#include "validate_inst.hpp"
