// Golden comparison: digits-aware for numbers, exact for verdicts and counts.
#include "sodlift/validate/golden.hpp"

#include <cmath>
#include <map>
#include <sstream>

#include "sodlift/core/scalar.hpp"

namespace sodlift::validate {

namespace {
// Values are parsed in bf100 so that no digit of a bf50 golden value is lost.
bool parse(const std::string& s, bf100& x) {
  try {
    x = bf100(s);
    return is_finite(x);
  } catch (...) {
    return false;
  }
}
std::string key(const ClaimResult& r) { return r.id + " @ " + r.instance; }
}  // namespace

std::string to_string(const GoldenDiff& d) {
  std::ostringstream os;
  os << d.claim << ": " << d.quantity << ": golden " << d.golden << ", now " << d.now << " (" << d.why << ")";
  return os.str();
}

std::vector<GoldenDiff> compare_with_golden(const std::vector<ClaimResult>& golden,
                                            const std::vector<ClaimResult>& now, const GoldenTolerance& tol) {
  std::vector<GoldenDiff> diffs;
  std::map<std::string, const ClaimResult*> by_key;
  for (const auto& r : now) by_key[key(r)] = &r;
  std::map<std::string, bool> seen;
  for (const auto& g : golden) {
    const std::string k = key(g);
    seen[k] = true;
    auto it = by_key.find(k);
    if (it == by_key.end()) {
      diffs.push_back({k, "missing", "present", "absent", "claim not produced by this run"});
      continue;
    }
    const ClaimResult& n = *it->second;
    if (g.verdict != n.verdict)
      diffs.push_back({k, "verdict", to_string(g.verdict), to_string(n.verdict), "verdict changed: " + n.reason});
    std::map<std::string, const Measured*> nm;
    for (const auto& m : n.measured) nm[m.name] = &m;
    for (const auto& gm : g.measured) {
      auto jt = nm.find(gm.name);
      if (jt == nm.end()) {
        diffs.push_back({k, gm.name, gm.value, "absent", "measured quantity disappeared"});
        continue;
      }
      const Measured& m = *jt->second;
      if (gm.kind == MeasureKind::exact) {
        if (gm.value != m.value) diffs.push_back({k, gm.name, gm.value, m.value, "exact entry changed"});
        continue;
      }
      bf100 a, b;
      if (!parse(gm.value, a) || !parse(m.value, b)) {
        if (gm.value != m.value) diffs.push_back({k, gm.name, gm.value, m.value, "not a number; text differs"});
        continue;
      }
      using std::abs;
      using std::pow;
      if (gm.kind == MeasureKind::residual) {
        bf100 floor = pow(bf100(10), bf100(-tol.residual_floor_digits));
        bf100 ref = abs(a) > floor ? abs(a) : floor;
        if (abs(b) > bf100(tol.residual_factor) * ref)
          diffs.push_back({k, gm.name, gm.value, m.value, "round-off residual grew by more than the allowed factor"});
        continue;
      }
      bf100 scale = abs(a) > abs(b) ? abs(a) : abs(b);
      bf100 floor = pow(bf100(10), bf100(-tol.value_digits));
      if (scale < floor) scale = floor;
      const bf100 rel = abs(a - b) / scale;
      if (rel > floor) {
        std::ostringstream why;
        why << "agree to " << (rel > 0 ? -to_double(log10(rel)) : 99.0) << " digits, need " << tol.value_digits;
        diffs.push_back({k, gm.name, gm.value, m.value, why.str()});
      }
    }
  }
  for (const auto& n : now)
    if (!seen.count(key(n)))
      diffs.push_back({key(n), "missing", "absent", "present",
                       "new claim/instance: regenerate validate/golden/quick.json (see validate/golden/README.md)"});
  return diffs;
}

}  // namespace sodlift::validate
