// The paper's two case studies (§6.1, Figs. 8 and 9; SPEC §7 fig8/fig9)
// recomputed from a certified spurious point with the published parameters:
//   (a) which term of (5.8) dominates at t, with the three norms;
//   (b) the true lifted objective h^l at a + beta~ b + gamma~ c, exactly at
//       matrix cost (SPEC §2.3), against h^l(a); beside it the diagonal-only
//       surrogate that keeps only the multi-indices i_1 = ... = i_l;
//   (c) the same for exact projected GD in S over the same t;
//   (d) the escape point X̌ (collapse of the larger of the b- and c-terms,
//       both signs of u_n), h(X̌) vs h(X̂), and where GD (the paper's step) ends.
// Plus the curves of panels (d)(e) against t, closed form and exact.
#pragma once

#include <string>
#include <vector>

#include "sodlift/core/closed_form.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/escape_pipeline.hpp"
#include "sodlift/core/subspace_simulation.hpp"

namespace sodlift {

template <class T>
struct CaseStudyParams {
  int l = 11;
  T rho = T(3) / T(10), eta = T(1) / T(100);
  long long t = 59000;
  T gd_step = T(1) / T(1000);
  long long gd_after = 1000;  // the paper's GD iterations after the escape
  long long gd_max = 200000;  // GD "to the end" (stops at gd_grad_tol)
  T gd_grad_tol = T(1e-12);
  int curve_points = 60;  // t grid of the curves (plus t itself)
};

// Diagonal-only surrogate of h^l at w = sum_j c_j x_j^(x)l:
//   1/4 sum_i ( sum_jk c_j c_k (g_jk)_i^l - b_i^l )^2
// i.e. h^l's sum restricted to I = (i, ..., i) (same 1/4 scale, so it is a
// lower bound of h^l, equal to it when m = 1).
template <class T>
class DiagonalSurrogate {
 public:
  DiagonalSurrogate(const SensingProblem<T>& P, const std::array<Mat<T>, 3>& X, int l);
  T operator()(const Vec<T>& c) const;

 private:
  int l_;
  std::array<Vec<T>, 6> gl_;  // (g_jk)_i^l for the six pairs
  Vec<T> bl_;                 // b_i^l
};

template <class T>
struct CaseSide {
  T alpha = 1, beta = 0, gamma = 0;
  T h_lifted = 0, surrogate = 0;  // at (alpha, beta, gamma)
  T norm_a = 0, norm_b = 0, norm_c = 0;
  T log10_norm_a = 0, log10_norm_b = 0, log10_norm_c = 0;  // (when norms overflow T)
  std::string dominant;                                    // "a" | "b" | "c"
  bool decreased = false;                                  // h^l < h^l(a)
  bool surrogate_decreased = false;                        // surrogate < surrogate(a)
  bool finite = true;
};

template <class T>
struct CaseEscape {
  int sign = 1;
  std::string type;  // beta | gamma (the larger of the b- and c-terms)
  bool defined = false;
  std::string note;
  Mat<T> point;
  T h = 0;
  bool h_lower = false;  // h(X̌) < h(X̂)
  GdRun<T> gd_paper;     // the paper's number of GD steps after the escape
  GdRun<T> gd_end;       // GD until ||grad h|| <= gd_grad_tol (or gd_max)
};

template <class T>
struct CaseCurvePoint {
  long long t = 0;
  CaseSide<T> closed, exact;
};

template <class T>
struct CaseStudyResult {
  CriticalPoint<T> cp;
  T h_hat = 0;
  T h_lifted_a = 0, surrogate_a = 0;
  int gram_rank = 3;
  std::string dropped;        // generators dropped from the exact PGD (singular Gram)
  MultiStepResult<T> multi;   // closed form at t, sign +1
  CaseSide<T> closed, exact;  // at t
  CaseEscape<T> escape[2];    // sign +1, -1
  int chosen = 0;             // index into escape: the lower h(X̌)
  std::vector<CaseCurvePoint<T>> curve;
  double seconds_closed = 0, seconds_exact = 0;
};

// Throws precondition_error when the start does not refine to a certified
// spurious minimum; input_error on bad parameters.
template <class T>
CaseStudyResult<T> case_study(const SensingProblem<T>& P, const Mat<T>& start,
                              const CaseStudyParams<T>& prm);

}  // namespace sodlift
