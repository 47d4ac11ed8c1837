// `sodlift lifted hessian --l L|L1:L2`: the Hessian of h^l at x̂^{⊗l}
// (issue 21 item 1; lifted/hessian.hpp has the mathematics). One JSON record
// per line with --json: a header (instance, precision, scale, the theorem's
// hypotheses (27)/(28)), then one record per l.
#pragma once

#include <iomanip>
#include <iostream>
#include <string>
#include <utility>

#include "common.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/lifted/hessian.hpp"
#include "sodlift/lifted/lifted_problem.hpp"
#include "sodlift/support/memory.hpp"

namespace sodlift::cli {

// "7" or "1:21"; throws input_error naming --l and the fix.
inline std::pair<int, int> parse_l_range(const std::string& s) {
  auto one = [&](const std::string& t) {
    if (t.empty() || t.size() > 6 || t.find_first_not_of("0123456789") != std::string::npos ||
        (t.size() > 1 && t[0] == '0'))
      throw input_error("--l '" + s +
                        "': expected a lifting order L >= 1 or a range L1:L2 (plain decimal "
                        "integers), e.g. --l 5 or --l 1:21");
    return std::stoi(t);
  };
  const auto c = s.find(':');
  const int a = one(s.substr(0, c));
  const int b = c == std::string::npos ? a : one(s.substr(c + 1));
  if (a < 1) throw input_error("--l '" + s + "': the lifting order must be >= 1; use e.g. --l 1:9");
  if (b < a)
    throw input_error("--l '" + s + "': the range is empty (" + std::to_string(a) + " > " +
                      std::to_string(b) + "); write L1:L2 with L1 <= L2, e.g. --l " +
                      std::to_string(b) + ":" + std::to_string(a));
  return {a, b};
}

struct LiftedHessianCmd {
  std::string l_text;
  bool json = false;
  bool allow_second_order = false;
  int sign = 1;
  std::size_t full_max_dim = 60000;
  int inertia_max_dim = 2500;
};

template <class T>
nlohmann::json landscape_json(const lifted::LandscapeResult<T>& R) {
  nlohmann::json j;
  j["record"] = "hessian";
  j["l"] = R.l;
  j["sym_dim"] = R.sym_dim;
  j["full_dim"] = static_cast<double>(R.full_dim);
  j["lambda_min_sym"] = decimal_string(R.lambda_min_sym);
  j["residual_sym"] = decimal_string(R.residual_sym);
  j["lambda_min_full"] = R.full_computed ? nlohmann::json(decimal_string(R.lambda_min_full)) : nlohmann::json();
  j["residual_full"] = R.full_computed ? nlohmann::json(decimal_string(R.residual_full)) : nlohmann::json();
  j["full_note"] = R.full_note;
  j["rayleigh_b"] = decimal_string(R.rayleigh_b);
  j["rayleigh_b_printed"] = decimal_string(R.rayleigh_b_printed);
  j["cos_min_b"] = decimal_string(R.cos_min_b);
  j["proj_min_S"] = decimal_string(R.proj_min_S);
  j["lambda_min_S"] = decimal_string(R.lambda_min_S);
  j["S_rank"] = R.S_rank;
  j["saddle"] = R.saddle;
  j["decided"] = R.decided;
  j["scale"] = decimal_string(R.scale);
  j["method"] = R.method_sym;
  j["applications"] = R.applications;
  j["inertia_computed"] = R.inertia_computed;
  if (R.inertia_computed) {
    j["inertia_negative"] = R.inertia_negative;
    j["inertia_zero"] = R.inertia_zero;
    j["inertia_agrees"] = R.inertia_agrees;
  }
  return j;
}

template <class T>
int run_lifted_hessian(const InstanceOptions& io, const LiftedHessianCmd& o) {
  const auto [l1, l2] = parse_l_range(o.l_text);
  Instance<T> I = make_instance<T>(io.spec);
  CriticalPoint<T> cp = refine_critical_point(I.problem, I.start);
  require_spurious(cp, o.allow_second_order);
  const SodIngredients<T> s = sod_ingredients(I.problem, cp.X, o.sign);
  lifted::LandscapeOptions opt;
  opt.mem_budget = io.spec.mem_budget;
  opt.full_max_dim = o.full_max_dim;
  opt.inertia_max_dim = o.inertia_max_dim;
  // Every l of the range is checked against the budget before any output.
  const int N = I.problem.n() * static_cast<int>(cp.X.cols());
  for (int l = l1; l <= l2; ++l)
    require_memory(lifted::landscape_sym_bytes(N, l, sizeof(T), opt.lanczos_max_basis, opt.dense_max_dim),
                   opt.mem_budget,
                   "--l " + std::to_string(l) + ": the lifted Hessian on the symmetric tensors of order " +
                       std::to_string(l) + " over R^" + std::to_string(N),
                   "lower --l");
  const lifted::SaddleTheorem<T> th = lifted::saddle_theorem(I.problem, s);
  nlohmann::json h;
  h["record"] = "header";
  h["command"] = "lifted hessian";
  h["instance"] = I.name;
  if (I.random) {
    h["seed"] = I.seed;
    h["generator"] = I.generator;
  }
  h["precision"] = scalar_name<T>::value;
  h["objective_scale"] = lifted::kObjectiveScaleText;
  h["scale_note"] = "the lifting papers minimise ||y - b^{(x)l}||^2 without 1/4: their Hessians are 4x these";
  h["hessian"] = "Hess h^l(a) = 2 K^{(x)l} + (I_r (x) G)^{(x)l} - (I_r (x) B)^{(x)l} at a = vec(Xhat)^{(x)l}";
  h["n"] = I.problem.n();
  h["r"] = static_cast<int>(cp.X.cols());
  h["m"] = I.problem.m();
  h["l_range"] = {l1, l2};
  h["point"] = matrix_to_json(cp.X);
  h["point_kind"] = to_string(cp.kind);
  h["sign_convention"] = SodIngredients<T>::sign_convention;
  h["lambda_n"] = decimal_string(s.lambda_n);
  h["sigma_r"] = decimal_string(s.sigma_r);
  h["delta"] = decimal_string(th.delta);
  h["delta_method"] = th.delta_method;
  h["beta"] = decimal_string(th.beta);
  h["holds_27"] = th.holds27;
  h["bound_28"] = th.bound_finite ? nlohmann::json(decimal_string(th.bound28)) : nlohmann::json();
  h["smallest_odd_l_28"] = th.smallest_odd_l28;
  if (o.json) {
    std::cout << h.dump() << "\n";
  } else {
    std::cout << "lifted hessian: " << I.name << ", " << scalar_name<T>::value << ", l = " << l1
              << ".." << l2 << "\n"
              << "scale: " << lifted::kObjectiveScaleText << " (the lifting papers' Hessians are 4x)\n"
              << "(27) " << (th.holds27 ? "holds" : "fails") << ": beta = " << decimal_string(th.beta)
              << ", delta = " << decimal_string(th.delta) << " (" << th.delta_method << ")\n"
              << "(28) bound: "
              << (th.bound_finite ? "l > " + decimal_string(th.bound28) + " (smallest odd l " +
                                        std::to_string(th.smallest_odd_l28) + ")"
                                  : std::string("none (beta >= 1 or alpha_s <= 0)"))
              << "\n";
  }
  for (int l = l1; l <= l2; ++l) {
    const lifted::LandscapeResult<T> R = lifted::lifted_landscape(I.problem, s, l, opt);
    if (o.json) {
      std::cout << landscape_json(R).dump() << "\n";
    } else {
      std::cout << "l = " << std::setw(2) << l << "  lambda_min_sym " << decimal_string(R.lambda_min_sym)
                << " (residual " << decimal_string(R.residual_sym) << ")  "
                << (R.saddle ? "SADDLE" : "no negative curvature") << (R.decided ? "" : " (undecided)")
                << "\n      lambda_min_full "
                << (R.full_computed ? decimal_string(R.lambda_min_full) : "- (" + R.full_note + ")")
                << "\n      b^T H b/b^T b " << decimal_string(R.rayleigh_b) << ", (29) "
                << decimal_string(R.rayleigh_b_printed) << ", |cos(y_min, b)| "
                << decimal_string(R.cos_min_b) << ", |P_S y_min| " << decimal_string(R.proj_min_S)
                << ", lambda_min(H|S) " << decimal_string(R.lambda_min_S) << "\n      method: "
                << R.method_sym << "\n";
    }
    std::cout.flush();
  }
  return 0;
}

}  // namespace sodlift::cli
