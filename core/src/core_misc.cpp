// Non-template parts of core/.
#include <cmath>

#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/instances.hpp"

namespace sodlift {

const char* to_string(PointKind k) {
  switch (k) {
    case PointKind::spurious_local_min: return "spurious_local_min";
    case PointKind::global_min: return "global_min";
    case PointKind::saddle: return "saddle";
    case PointKind::second_order_saddle: return "second_order_saddle";
    case PointKind::not_converged: return "not_converged";
  }
  return "unknown";
}

double NormalStream::next() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  constexpr double two53 = 9007199254740992.0;  // 2^53
  // u1 in (0, 1] (never 0: log is finite), u2 in [0, 1).
  const double u1 = static_cast<double>((engine_() >> 11) + 1) / two53;
  const double u2 = static_cast<double>(engine_() >> 11) / two53;
  const double rad = std::sqrt(-2.0 * std::log(u1));
  const double ang = 6.283185307179586476925286766559 * u2;
  spare_ = rad * std::sin(ang);
  has_spare_ = true;
  return rad * std::cos(ang);
}

}  // namespace sodlift
