// JSON views of the closed-form results, shared by `closed-form` and `escape`.
// Every number is a full-digit decimal string (pitfall 7); values a scalar
// cannot hold are printed from their log10 (decimal_from_log10).
#pragma once

#include <nlohmann/json.hpp>

#include "sodlift/core/closed_form.hpp"
#include "sodlift/core/escape_pipeline.hpp"
#include "sodlift/core/instances.hpp"

namespace sodlift::cli {

template <class T>
std::string num(const T& x) {
  return decimal_string(x);
}

template <class T>
nlohmann::json interval_json(const TInterval<T>& U) {
  nlohmann::json j;
  j["empty"] = U.empty;
  if (!U.empty) {
    j["lo"] = num(U.lo);
    j["hi"] = U.hi_infinite ? std::string("+inf") : num(U.hi);
  }
  if (!U.reason.empty()) j["reason"] = U.reason;
  return j;
}

template <class T>
nlohmann::json single_json(const SingleStepResult<T>& R) {
  nlohmann::json j;
  j["delta"] = num(R.delta);
  j["delta_source"] = R.delta_source;
  j["ncm"] = num(R.ncm);
  j["aic"] = num(R.aic);
  j["efs"] = num(R.efs);
  j["E_un_un"] = num(R.E_un_un);
  j["discriminant"] = num(R.discriminant);
  j["constant_term_44"] = num(R.constant_term_44);
  j["constant_term_positive"] = R.constant_term_positive;
  j["sign_case"] = R.sign_case;
  if (R.interval_exists) {
    j["rho_interval"] = {num(R.rho_1), num(R.rho_2)};
    j["rho_interval_thm31"] = {num(R.rho_1_thm31), num(R.rho_2_thm31)};
  } else {
    j["rho_interval"] = nullptr;
    j["rho_interval_reason"] = R.interval_note;
  }
  if (R.exact_interval_exists)
    j["exact_descent_interval"] = {num(R.exact_rho_1), num(R.exact_rho_2)};
  else
    j["exact_descent_interval"] = nullptr;
  j["dist2"] = num(R.dist2);
  if (R.radii_defined) {
    j["r1"] = num(R.r_1);
    j["r2"] = num(R.r_2);
    j["radius_case"] = R.radius_case;
    if (R.radius_case == 3) j["theta"] = num(R.theta);
    j["probability_bound"] = num(R.probability_bound);
  } else {
    j["r1"] = "undefined";
    j["r2"] = "undefined";
    j["radius_case"] = 0;
    j["radius_note"] = R.radius_note;
  }
  nlohmann::json p;
  if (R.point_defined) {
    p["rho"] = num(R.rho);
    p["point"] = matrix_to_json(R.point);
    p["h"] = num(R.h_point);
    p["h_local_min"] = num(R.h_local_min);
  } else {
    p["point"] = nullptr;
  }
  j["point"] = p;
  return j;
}

template <class T>
nlohmann::json coef_json(const TpgdCoefficients<T>& c) {
  nlohmann::json j;
  j["alpha_t"] = num(c.alpha);
  j["beta_t"] = c.beta_representable ? num(c.beta) : decimal_from_log10(c.log10_abs_beta, 1);
  j["gamma_t"] = c.gamma_zero ? std::string("0")
                              : (c.gamma_representable ? num(c.gamma) : decimal_from_log10(c.log10_abs_gamma, -1));
  j["log10_abs_beta"] = num(c.log10_abs_beta);
  if (!c.gamma_zero) j["log10_abs_gamma"] = num(c.log10_abs_gamma);
  j["representable"] = c.finite;
  j["q"] = num(c.q);
  j["log_q"] = num(c.log_q);
  return j;
}

template <class T>
nlohmann::json point_json(const EscapePoint<T>& e) {
  nlohmann::json j;
  j["type"] = e.type;
  j["defined"] = e.defined;
  if (!e.note.empty()) j["note"] = e.note;
  if (!e.defined) return j;
  j["coefficient"] = e.representable ? num(e.coefficient)
                                     : decimal_from_log10(e.log10_abs_coefficient, e.coefficient_sign);
  j["representable"] = e.representable;
  j["h_local_min"] = num(e.h_local_min);
  if (e.representable) {
    j["point"] = matrix_to_json(e.point);
    j["h"] = num(e.h);
    j["h_lower"] = e.h_lower;
    j["dist_local"] = num(e.dist_local);
    j["dist_truth"] = num(e.dist_truth);
    j["ratio_C3"] = num(e.ratio_C3);
  } else {
    j["point"] = nullptr;
    j["dist_local"] = decimal_from_log10(e.log10_dist_local, 1);
    j["dist_truth"] = decimal_from_log10(e.log10_dist_truth, 1);
    j["ratio_C3"] = "1 (leading term)";
  }
  return j;
}

template <class T>
nlohmann::json multi_json(const MultiStepResult<T>& R) {
  nlohmann::json j = coef_json(R.coef);
  j["l"] = R.l;
  j["t"] = R.t;
  j["rho"] = num(R.rho);
  j["eta"] = num(R.eta);
  j["norm_Xhat"] = num(R.norm_Xhat);
  j["norm_EXhat"] = num(R.norm_EXhat);
  j["log10_norm_a_term"] = num(R.log10_norm_a_term);
  j["log10_norm_b_term"] = num(R.log10_norm_b_term);
  j["log10_norm_c_term"] = R.c_term_zero ? nlohmann::json("c-term is 0") : nlohmann::json(num(R.log10_norm_c_term));
  j["dominant"] = R.dominant;
  j["EXhat_parallel_u"] = R.EXhat_parallel_u;
  j["log10_K"] = num(R.log10_K);
  j["K_ge_1"] = R.K_ge_1;
  j["U_beta_printed"] = {num(R.U_beta_lo_printed),
                         R.U_beta_hi_printed_defined ? num(R.U_beta_hi_printed) : std::string("undefined (log of <= 0)")};
  j["U_gamma_printed_lo"] = R.U_gamma_lo_printed_defined ? num(R.U_gamma_lo_printed) : std::string("undefined");
  j["U_beta"] = interval_json(R.U_beta);
  j["U_gamma"] = interval_json(R.U_gamma);
  j["rho_min"] = R.rho_min_defined ? num(R.rho_min) : std::string("undefined (E Xhat = 0)");
  j["rho_gt_rho_min"] = R.rho_gt_rho_min;
  j["Xi"] = num(R.Xi);
  j["xi_bar"] = num(R.xi_bar);
  j["EXhat_bound_lemmaA8"] = num(R.EXhat_bound);
  if (R.l_bound_514_defined) {
    j["l_bound_514"] = num(R.l_bound_514);
    j["l_satisfies_514"] = R.l_satisfies_514;
    j["l_upper_from_514_derivation"] = num(R.l_upper_from_derivation);
  } else {
    j["l_bound_514"] = "undefined (Xi-bar <= 1)";
  }
  if (R.conditions_defined) {
    j["cond_517"] = {{"lower", num(R.cond_517_lower)}, {"dist2", num(R.dist2)}, {"upper", num(R.cond_517_upper)},
                     {"holds", R.cond_517}};
    j["l_bound_518"] = R.l_bound_518_defined ? num(R.l_bound_518) : std::string("undefined");
    j["cond_518"] = R.cond_518;
  } else {
    j["cond_517"] = "undefined (1 - delta <= 0)";
    j["cond_518"] = "undefined (1 - delta <= 0)";
  }
  j["step_size_510"] = R.step_size_510;
  j["beta"] = point_json(R.beta_point);
  j["gamma"] = point_json(R.gamma_point);
  if (!R.notes.empty()) j["notes"] = R.notes;
  return j;
}

template <class T>
nlohmann::json gd_json(const GdRun<T>& g) {
  nlohmann::json j;
  j["end"] = g.end;
  if (!g.z_sign.empty()) j["z_sign"] = g.z_sign;
  j["iterations"] = g.iterations;
  j["grad_norm"] = num(g.grad_norm);
  if (!g.diverged) {
    j["X"] = matrix_to_json(g.X);
    j["h"] = num(g.h);
    j["dist_truth"] = num(g.dist_truth);
  }
  return j;
}

}  // namespace sodlift::cli
