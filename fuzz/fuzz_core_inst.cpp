// The part of sodlift_core the instance reader needs, instantiated for the
// two scalars the fuzz target uses (double, bf50) and nothing else: a full
// core built with instrumentation would cost several times the compile time.
// Same definitions as the generated inst_core_<scalar>.cpp (the *_impl.hpp headers).
#include "../core/src/instances_impl.hpp"
#include "../core/src/sensing_impl.hpp"

namespace sodlift {
template Instance<double> make_instance<double>(const InstanceSpec&);
template Instance<bf50> make_instance<bf50>(const InstanceSpec&);
}  // namespace sodlift
