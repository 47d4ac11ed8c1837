// The validate harness and every claim file, for ::sodlift::bf50.
#define SODLIFT_SCALAR ::sodlift::bf50
#include "validate_inst.hpp"
