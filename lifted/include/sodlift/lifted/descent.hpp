// Descent in the lifted space (Algorithm 1; SPEC §2.2):
//  - run_gd:   w <- w - eta grad h^l(w)                       (plain lifted GD)
//  - run_pgd:  w <- Pi_S(w - eta grad h^l(w))                 (steps 1.1-1.2)
//  - run_tpgd: the literal truncated step, DEFINED here as follows. At
//    w~ = c_a a + c_b b + c_c c expand
//      y(w~) - b^{⊗l} = R0 + R_ab + R_bb + R_ac + R_cc + R_bc,
//      R0 = c_a^2 y(a,a) - b^{⊗l},  R_ab = 2 c_a c_b y(a,b),  R_bb = c_b^2 y(b,b),
//      R_ac = 2 c_a c_c y(a,c),     R_cc = c_c^2 y(c,c),      R_bc = 2 c_b c_c y(b,c),
//    with y_I(s,t) = <s, K_I t>. The 18 sub-terms are
//      H(L, R) = sum_I R_I K_I (c_L L),  L in {a,b,c}, R one of the six pieces,
//    each by explicit dense contraction; they sum to grad h^l(w~). The TPGD
//    step keeps H_1^1 = (b,R0) and H_2^1 = (a,R_ab) (Lemma B.1):
//      w~_next = Pi_S(w~ - eta (H_1^1 + H_2^1)),
//    and records the PGD point Pi_S(w~ - eta grad h^l(w~)) beside it.
// Start: w = a + rho b (3.1). All objectives use kObjectiveScale (1/4).
#pragma once

#include <array>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "sodlift/lifted/subspace.hpp"

namespace sodlift::lifted {

// Paper name and (generator, piece) of each of the 18 sub-terms, in the order
// term0, H_1^1, H_1^2, H_2^1..H_2^6, H_3^1..H_3^6, H_4^1..H_4^3.
struct SubtermName {
  const char* paper;      // e.g. "H_2^1"
  const char* generator;  // "a", "b" or "c"
  const char* piece;      // "R0", "R_ab", "R_bb", "R_ac", "R_cc", "R_bc"
};
extern const std::array<SubtermName, 18> kSubtermNames;

template <class T>
struct TpgdSubterms {
  T c_a = 0, c_b = 0, c_c = 0;
  std::array<DenseTensor<T>, 6> pieces;  // R0, R_ab, R_bb, R_ac, R_cc, R_bc (dim m)
  std::array<DenseTensor<T>, 18> terms;  // in kSubtermNames order (dim N)
  DenseTensor<T> gradient;               // grad h^l(w~) evaluated directly
  T h = 0;                               // h^l(w~)
};
// All 18 sub-terms at w~ = c_a a + c_b b + c_c c (S's generators).
template <class T>
TpgdSubterms<T> tpgd_subterms(const LiftedProblem<T>& L, const SubspaceBasis<T>& S, const T& c_a,
                              const T& c_b, const T& c_c, Backend be = Backend::eigen);

template <class T>
struct StepRecord {
  int t = 0;
  T alpha = 0, beta = 0, gamma = 0;      // coefficients of the iterate (of Pi_S(w) for gd)
  T h_lifted = 0;                        // h^l(iterate)
  T h_at_a = 0;                          // h^l(a)
  T norm_a = 0, norm_b = 0, norm_c = 0;  // ||alpha a||, ||beta b||, ||gamma c||
  T dist_to_S = 0;                       // ||w - Pi_S w|| (gd; 0 for pgd/tpgd up to round-off)
  T grad_norm = 0;                       // ||grad h^l(iterate)||
  // tpgd only: per dropped sub-term (16 of the 18) its norm and the
  // coefficients of Pi_S of it; the gap ||PGD point - TPGD point|| of this step.
  std::vector<std::pair<std::string, T>> dropped;
  std::vector<std::pair<std::string, Vec<T>>> dropped_coefficients;
  T pgd_tpgd_gap = 0;
};

struct DescentOptions {
  std::string rho = "1e-2";  // decimal strings: parsed exactly in T
  std::string eta = "1e-2";
  int steps = 10;
  Backend backend = Backend::eigen;
  bool progress = false;  // progress lines on stderr
};

// Throws input_error for a negative step count, or an eta or rho that is not
// a decimal in T (eta finite and > 0, rho finite). run_* call it first; callers
// that print anything before descending call it before that, so a refusal
// never follows partial output.
template <class T>
void check_descent_options(const DescentOptions& o);

template <class T>
using StepCallback = std::function<void(const StepRecord<T>&)>;

// Each returns the records for t = 0..steps (t = 0 is the start a + rho b) and
// calls `cb` (if set) as each record is produced.
template <class T>
std::vector<StepRecord<T>> run_pgd(const LiftedProblem<T>& L, const SubspaceBasis<T>& S,
                                   const DescentOptions& o, const StepCallback<T>& cb = {});
template <class T>
std::vector<StepRecord<T>> run_tpgd(const LiftedProblem<T>& L, const SubspaceBasis<T>& S,
                                    const DescentOptions& o, const StepCallback<T>& cb = {});
template <class T>
std::vector<StepRecord<T>> run_gd(const LiftedProblem<T>& L, const SubspaceBasis<T>& S,
                                  const DescentOptions& o, const StepCallback<T>& cb = {});

}  // namespace sodlift::lifted
