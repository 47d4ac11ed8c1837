// The double part of the sodlift Python module (bindings.hpp); one translation
// unit per scalar so the three compile in parallel and alone.
#include "bindings.hpp"

namespace sodlift::python {
void bind_double(py::module_& m) {
  bind_scalar<double>(m, "double", "sodlift in double: Instance and its methods (see help(sodlift)).");
}
}  // namespace sodlift::python
