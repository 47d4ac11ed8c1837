// The validate harness and every claim file, for ::sodlift::bf100.
#define SODLIFT_SCALAR ::sodlift::bf100
#include "validate_inst.hpp"
