// Sign of h(P) - h(X*) for an exact point P and the critical point X* proved
// near a center (issue 25: thm5.5's h(Xcheck) vs h(Xhat)). P is taken as the
// exact number its decimal strings denote (e.g. an escape point computed in
// bf50): the proof is about that point, not about the formula it
// approximates.
#pragma once

#include <string>
#include <vector>

#include "sodlift/proof/critical_point_proof.hpp"

namespace sodlift::proof {

struct DifferenceEnclosure {
  bool defined = false;     // false: no unique critical point proved near the center
  std::string enclosure;    // Arb's "[mid +/- rad]" of h(P) - h(X*)
  bool proved_negative = false, proved_positive = false;
  double mid = 0, radius = 0;  // the enclosure's midpoint and radius (radius rounded up)
};

DifferenceEnclosure enclose_h_minus_critical(const ExactData& data, int r, const std::vector<std::string>& center,
                                             const std::vector<std::string>& point, const ProofOptions& opt = {});

}  // namespace sodlift::proof
