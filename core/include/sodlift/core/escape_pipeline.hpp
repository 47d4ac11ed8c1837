// GD -> SOD -> GD (issue 3): gradient descent to a spurious point, the
// paper's SOD escape point (single-step (4.11), beta-type (5.15) or gamma-type
// (5.16)), then gradient descent from it, with a verdict on where it ends.
#pragma once

#include <string>

#include "sodlift/core/closed_form.hpp"
#include "sodlift/core/sensing.hpp"

namespace sodlift {

template <class T>
struct GdOptions {
  T step = T(1) / T(10);     // fixed step (the paper used 0.1 on realworld)
  long long max_iter = 200000;
  T grad_tol = T(1e-10);     // stop when ||grad h||_F <= grad_tol
  T diverge_norm = T(1e8);   // stop (diverged) when ||X||_F exceeds this or is not finite
};

// Where a run ended.
//   ground_truth      ||XX^T - M*||_F <= truth_tol (sign "+Z"/"-Z" when r = r* = 1)
//   same_spurious     ||XX^T - X̂X̂^T||_F <= truth_tol
//   other_critical    gradient below tolerance elsewhere
//   divergence        ||X|| blew up or became non-finite
//   not_converged     budget exhausted
template <class T>
struct GdRun {
  Mat<T> X;
  long long iterations = 0;
  T grad_norm = 0, h = 0, dist_truth = 0, dist_spurious = 0;
  bool converged = false, diverged = false;
  std::string end;       // one of the kinds above
  std::string z_sign;    // "+Z", "-Z" or "" (r = 1 only)
};

template <class T>
GdRun<T> gradient_descent(const SensingProblem<T>& P, const Mat<T>& X0, const GdOptions<T>& opt,
                          const Mat<T>* spurious = nullptr);

template <class T>
struct EscapeOptions {
  std::string type = "auto";  // auto | single | beta | gamma
  int l = 3;
  T rho = T(1) / T(10), eta = T(1) / T(10);
  long long t = 5000;
  bool delta_given = false;
  T delta = 0;
  GdOptions<T> gd;
  int sign = 1;               // sign of u_n (SodIngredients convention)
  bool allow_second_order = false;  // accept a second_order_saddle as X̂
  // GD from the start reaching M* (a certified global minimum) is a result,
  // not a refused precondition: the pipeline returns with no_escape_needed
  // set and nothing after GD 1 filled in (issue 23). Off by default.
  bool global_min_is_result = false;
  // GD from the start diverging is a result too: the pipeline returns with
  // first.diverged set and nothing after GD 1 filled in (issue 23). Off by
  // default (then a precondition_error).
  bool divergence_is_result = false;
  // Above this n r the two fixed-step GD runs are carried out in double and
  // reported in T: they stop at grad_tol (1e-10 by default), far above the
  // round-off of double, and only classify where GD ends; the certified point,
  // the closed form and the escape point stay in T. (In bf50 a PMC(80) GD run
  // of 1e5 steps would take minutes.) 0: always in T.
  int gd_double_min_dim = 64;
};

template <class T>
struct EscapeResult {
  GdRun<T> first;             // GD from the start
  Mat<T> Xhat;                // certified spurious point
  std::string certification;  // kind of the refined point
  bool no_escape_needed = false;  // global_min_is_result and GD 1 reached M*
  T h_first = 0;                  // h at the refined end point of GD 1
  T delta = 0;
  std::string delta_source;
  SingleStepResult<T> single;
  MultiStepResult<T> multi;
  std::string chosen_type;    // single | beta | gamma
  std::string choice_reason;
  Mat<T> escape_point;
  T h_escape = 0, h_spurious = 0;
  GdRun<T> second;            // GD from the escape point
  std::string gd_precision;   // scalar the two GD runs were carried out in
};

// Throws precondition_error when the refined point is not a certified
// spurious minimum, or when the requested escape point is not defined.
template <class T>
EscapeResult<T> escape_pipeline(const SensingProblem<T>& P, const Mat<T>& start, const EscapeOptions<T>& opt);

}  // namespace sodlift
