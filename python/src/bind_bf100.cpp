// The bf100 part of the sodlift Python module (bindings.hpp); one translation
// unit per scalar so the three compile in parallel and alone.
#include "bindings.hpp"

namespace sodlift::python {
void bind_bf100(py::module_& m) {
  bind_scalar<::sodlift::bf100>(m, "bf100", "sodlift in bf100: Instance and its methods (see help(sodlift)).");
}
}  // namespace sodlift::python
