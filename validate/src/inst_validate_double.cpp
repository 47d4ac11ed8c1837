// The validate harness and every claim file, for double.
#define SODLIFT_SCALAR double
#include "validate_inst.hpp"
