// One long exact PGD run in S per (instance, l, rho, eta, steps), shared by
// fig4a and prop5.4: h^l on a 1-2-5 grid, the first step below h^l(a), and
// the switches of the dominant component of (5.8).
#pragma once

#include <map>

#include "claims/support/lifting.hpp"

namespace sodlift::validate {

namespace lchk {

// ---- Exact PGD runs shared by fig4a and prop5.4 ---------------------------
template <class T>
struct ExactRun {
  long long steps = 0;
  T h_a = 0;
  std::vector<long long> grid_t;  // log grid (1-2-5) plus 0
  std::vector<Vec<T>> grid_c;
  std::vector<T> grid_h;
  long long first_below = -1;  // first step with h^l < h^l(a) - round-off
  bool below_at_end = false;
  T h_end = 0;
  // Dominance switches: (t, component index 0/1/2) whenever argmax |c_p| ||x_p^l|| changes.
  std::vector<std::pair<long long, int>> switches;
  std::vector<int> dominant;  // per step? no: only switches (memory); kept empty
  T hround = 0;
};

inline bool on_125_grid(long long t) {
  if (t <= 0) return t == 0;
  while (t % 10 == 0) t /= 10;
  return t == 1 || t == 2 || t == 5;
}

template <class T>
const ExactRun<T>& exact_run(const Context<T>& c, const SubspaceSimulation<T>& sim, const T& rho,
                             const T& eta, long long steps) {
  static std::map<std::string, ExactRun<T>> cache;
  const std::string key = c.instance.name + "|" + std::to_string(sim.l()) + "|" +
                          decimal_string(rho) + "|" + decimal_string(eta) + "|" +
                          std::to_string(steps) + "|" + decimal_string(c.sod.lambda_n);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  ExactRun<T> r;
  r.steps = steps;
  r.h_a = sim.h_lifted(vec3<T>(1, 0, 0));
  r.hround = tolerance<T>::bound(1e3, 200, r.h_a > 0 ? r.h_a : T(1));
  Vec<T> cv = vec3<T>(1, rho, 0);
  int dom = -1;
  for (long long t = 0; t <= steps; ++t) {
    T nrm[3];
    for (int p = 0; p < 3; ++p) {
      using std::abs;
      nrm[p] = abs(cv(p)) * sim.generator_norm(p);
    }
    const int d = (nrm[0] >= nrm[1] && nrm[0] >= nrm[2]) ? 0 : (nrm[1] >= nrm[2] ? 1 : 2);
    if (d != dom) {
      r.switches.push_back({t, d});
      dom = d;
    }
    const bool grid = on_125_grid(t) || t == steps;
    if (grid || r.first_below < 0) {
      const T h = sim.h_lifted(cv);
      if (r.first_below < 0 && h < r.h_a - r.hround) r.first_below = t;
      if (grid) {
        r.grid_t.push_back(t);
        r.grid_c.push_back(cv);
        r.grid_h.push_back(h);
      }
      if (t == steps) {
        r.h_end = h;
        r.below_at_end = h < r.h_a - r.hround;
      }
    }
    if (t < steps) cv = sim.step(cv, eta);
  }
  return cache.emplace(key, std::move(r)).first->second;
}

inline long long long_steps(bool full) { return full ? 10000000LL : 100000LL; }

}  // namespace lchk

}  // namespace sodlift::validate
