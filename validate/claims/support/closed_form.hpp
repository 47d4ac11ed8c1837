// Shared by the claims that evaluate the closed form of §4-§5 (Thm 4.4, (5.8),
// (U_beta), (U_gamma), Thm 5.5, Table 5, the precision remark): rho = eta = 0.1,
// the ingredients for either sign of u_n, GD from an escape point, and digits
// against a printed decimal.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <memory>
#include <sstream>

#include "sodlift/core/closed_form.hpp"
#include "sodlift/core/escape_pipeline.hpp"
#include "sodlift/core/subspace_simulation.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift/validate/context.hpp"
#include "claims/support/measure.hpp"

namespace sodlift::validate {

namespace cf_checks {

using detail::measured;
using detail::measured_count;
using detail::measured_text;
using detail::short_num;

// rho = eta = 0.1: the values of Table 5 and App. C.3 (decimal, exact in T's
// rounding of 1/10).
template <class T>
T tenth() {
  return T(1) / T(10);
}

inline std::string yes_no(bool b) { return b ? "yes" : "no"; }

// Ingredients for sign +1 are in the context; -1 is recomputed (u_n -> -u_n).
template <class T>
SodIngredients<T> ingredients(const Context<T>& c, int sign) {
  return sign > 0 ? c.sod : sod_ingredients(c.instance.problem, c.cp.X, -1);
}

inline std::string sign_label(int sign) { return sign > 0 ? "u_n" : "-u_n"; }

template <class T>
std::string interval_text(const TInterval<T>& U) {
  if (U.empty) return "empty (" + U.reason + ")";
  return "(" + decimal_string(U.lo) + ", " +
         (U.hi_infinite ? std::string("+inf") : decimal_string(U.hi)) + ")";
}

// GD in the matrix space from an escape point, with the paper's step 0.1
// (App. C.2) and a budget that keeps the quick run short.
template <class T>
GdOptions<T> gd_options(const Context<T>& c) {
  GdOptions<T> o;
  o.step = tenth<T>();
  o.max_iter = c.options.full ? 200000 : 20000;
  // 1e-10 is far above bf50 round-off and far below any distance we report.
  o.grad_tol = T(1e-10);
  return o;
}

template <class T>
std::string gd_end_text(const GdRun<T>& g) {
  std::string e = g.end;
  if (g.end == "ground_truth" && !g.z_sign.empty()) e += " " + g.z_sign;
  return e + " after " + std::to_string(g.iterations) + " steps";
}

// Correct digits of `ours` against a printed decimal `paper`.
template <class T>
double digits_vs(const T& ours, const T& paper) {
  using std::abs;
  if (paper == 0) return ours == 0 ? 17.0 : 0.0;
  const double rel = to_double(T(abs(ours - paper) / abs(paper)));
  if (rel <= 0) return 17.0;
  return std::max(0.0, -std::log10(rel));
}

// Half a unit in the last printed digit of a decimal such as "1.08",
// "4.08e6", "26948.72": the largest error rounding to that print allows.
template <class T>
T half_ulp_of_print(const std::string& s) {
  std::string mant = s, ex;
  const auto e = s.find_first_of("eE");
  if (e != std::string::npos) {
    mant = s.substr(0, e);
    ex = s.substr(e + 1);
  }
  const auto dot = mant.find('.');
  const int decimals = dot == std::string::npos ? 0 : static_cast<int>(mant.size() - dot - 1);
  const int exp10 = ex.empty() ? 0 : std::stoi(ex);
  return from_string<T>("5e" + std::to_string(exp10 - decimals - 1));
}

}  // namespace cf_checks

}  // namespace sodlift::validate
