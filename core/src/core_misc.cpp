// Non-template parts of core/.
#include <cmath>

#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/instance_data.hpp"
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

const char* to_string(OperatorKind k) {
  switch (k) {
    case OperatorKind::dense: return "dense";
    case OperatorKind::entry_sampling: return "entry_sampling";
  }
  return "unknown";
}

const std::vector<std::vector<const char*>>& realworld_matrix_strings() {
  static const std::vector<std::vector<const char*>> data = {
      {"0.0783", "0.2372", "-0.0439", "0.2372", "-0.0397", "0.1456", "-0.0439", "0.1456", "-0.4724"},
      {"0.0389", "0.0536", "-0.0059", "0.0536", "0.4614", "-0.3907", "-0.0059", "-0.3907", "0.2760"},
      {"0.0293", "-0.1456", "-0.1656", "-0.1456", "0.3257", "0.2528", "-0.1656", "0.2528", "-0.0078"},
      {"0.0762", "0.3193", "-0.3338", "0.3193", "-0.3364", "0.5847", "-0.3338", "0.5847", "0.1873"},
      {"-0.0889", "0.7089", "0.4472", "0.7089", "0.3788", "0.0902", "0.4472", "0.0902", "-0.3193"},
      {"0.4097", "0.1190", "0.2078", "0.1190", "0.2282", "-0.2274", "0.2078", "-0.2274", "0.4046"}};
  return data;
}

long double instance_bytes_estimate(const InstanceSpec& spec, std::size_t scalar_bytes) {
  const long double n = spec.n, s = static_cast<long double>(scalar_bytes);
  if (spec.name == "pmc") {
    // m = n^2 entries (two ints and a weight each), b and one residual (2m),
    // M* and the n x n work matrices of grad f (4 n^2).
    const long double m = n * n;
    return m * (16 + s) + 2 * m * s + 4 * n * n * s;
  }
  if (spec.name == "gaussian") {
    if (spec.m < 0)
      throw input_error("--m " + std::to_string(spec.m) +
                        " is invalid: the number of measurements must be >= 1 (omit --m for the default 5n)");
    const long double m = spec.m > 0 ? spec.m : 5 * n;
    // m dense n x n matrices (plus one being symmetrised), Z, start, M*, work.
    return (m + 1) * n * n * s + 2 * m * s + 4 * n * n * s;
  }
  return 0;
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
