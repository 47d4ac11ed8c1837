// The bf50 part of the sodlift Python module (bindings.hpp); one translation
// unit per scalar so the three compile in parallel and alone.
#include "bindings.hpp"

namespace sodlift::python {
void bind_bf50(py::module_& m) {
  bind_scalar<::sodlift::bf50>(m, "bf50", "sodlift in bf50: Instance and its methods (see help(sodlift)).");
}
}  // namespace sodlift::python
