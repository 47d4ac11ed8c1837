#include "closed_form_inst.hpp"
SODLIFT_INSTANTIATE_CLOSED_FORM(::sodlift::bf100)
