// `sodlift escape`: GD -> SOD escape point -> GD (issue 3). Reports where the
// second gradient descent ends (ground truth up to sign, the same spurious
// point, another critical point, divergence) with iteration counts.
#include <cstdlib>
#include <iomanip>
#include <sstream>

#include "closed_form_json.hpp"
#include "common.hpp"

namespace sodlift::cli {

namespace {

struct EscapeCmd {
  InstanceOptions inst;
  std::string type = "auto";
  int l = 3;
  std::string rho = "0.1", eta = "0.1";
  long long t = 5000;
  std::string delta;
  std::string sign = "+1";
  std::string gd_step = "0.1", gd_tol = "1e-10", gd_diverge = "1e8";
  long long gd_iter = 200000;
  bool json = false;
  bool allow_second_order = false;
};

template <class T>
int run_escape(const EscapeCmd& o) {
  Instance<T> I = make_instance<T>(o.inst.spec);
  const SensingProblem<T>& P = I.problem;
  EscapeOptions<T> eo;
  eo.type = o.type;
  eo.l = o.l;
  eo.rho = from_named_string<T>(o.rho, "--rho");
  eo.eta = from_named_string<T>(o.eta, "--eta");
  eo.t = o.t;
  eo.allow_second_order = o.allow_second_order;
  if (!o.delta.empty()) {
    eo.delta_given = true;
    eo.delta = from_named_string<T>(o.delta, "--delta");
  }
  eo.sign = parse_sign(o.sign, "escape");
  eo.gd.step = from_named_string<T>(o.gd_step, "--gd-step");
  eo.gd.grad_tol = parse_nonnegative<T>(o.gd_tol, "--gd-tol", true);
  eo.gd.diverge_norm = parse_nonnegative<T>(o.gd_diverge, "--gd-diverge", false);
  eo.gd.max_iter = o.gd_iter;
  eo.global_min_is_result = true;
  eo.divergence_is_result = true;
  const EscapeResult<T> R = escape_pipeline(P, I.start, eo);
  if (R.first.diverged) {
    // A result, not an error (issue 23): where GD left, which quantity, a hint.
    const T nx = R.first.X.norm();
    const bool finite = is_finite(nx);
    const std::string quantity =
        finite ? "||X||_F = " + num(nx) + " exceeded --gd-diverge " + o.gd_diverge
               : std::string("||X||_F left the range of ") + scalar_name<T>::value + " (not finite)";
    const double step = std::strtod(o.gd_step.c_str(), nullptr);
    std::ostringstream smaller;
    smaller << std::setprecision(3) << step / 10;
    const std::string hint =
        "the GD step is too large for this instance: try --gd-step " + smaller.str() +
        (!finite && std::string(scalar_name<T>::value) == "double"
             ? " (bf50, the default precision, has a far wider exponent range)"
             : std::string());
    if (o.json) {
      nlohmann::json j;
      j["instance"] = I.name;
      j["precision"] = scalar_name<T>::value;
      j["outcome"] = "gd_diverged";
      j["gd_first"] = gd_json(R.first);
      j["diverged_at_iteration"] = R.first.iterations;
      j["diverged_quantity"] = quantity;
      j["hint"] = hint;
      std::cout << j.dump(2) << "\n";
    } else {
      std::cout << "instance      " << I.name << "   precision " << scalar_name<T>::value << "\n";
      std::cout << "GD 1          diverged at iteration " << R.first.iterations << " (--gd-step " << o.gd_step
                << ")\n";
      std::cout << "outcome       GD from the start diverged: " << quantity
                << "; no spurious point reached, nothing to escape from; " << hint << "\n";
    }
    return 0;
  }
  if (R.no_escape_needed) {
    // A result, not an error (issue 23): there is nothing to escape from.
    if (o.json) {
      nlohmann::json j;
      j["instance"] = I.name;
      j["precision"] = scalar_name<T>::value;
      j["outcome"] = "no_escape_needed";
      j["gd_first"] = gd_json(R.first);
      j["point"] = matrix_to_json(R.Xhat);
      j["h"] = num(R.h_first);
      std::cout << j.dump(2) << "\n";
    } else {
      std::cout << "instance      " << I.name << "   precision " << scalar_name<T>::value << "\n";
      std::cout << "GD 1          " << R.first.iterations << " iterations, ends " << R.first.end << "\n";
      std::cout << "outcome       no escape needed: GD from the start reaches M* (certified global minimum, h = "
                << num(R.h_first) << "); pass --start near a spurious minimum (`sodlift search` finds them) to "
                                     "test an escape\n";
    }
    return 0;
  }

  nlohmann::json j;
  j["instance"] = I.name;
  j["precision"] = scalar_name<T>::value;
  j["start"] = matrix_to_json(I.start);
  j["gd_first"] = gd_json(R.first);
  j["local_min"] = matrix_to_json(R.Xhat);
  j["certification"] = R.certification;
  j["h_local_min"] = num(R.h_spurious);
  j["delta"] = num(R.delta);
  j["delta_source"] = R.delta_source;
  j["single"] = single_json(R.single);
  j["multi"] = multi_json(R.multi);
  j["type"] = R.chosen_type;
  j["choice_reason"] = R.choice_reason;
  j["escape_point"] = matrix_to_json(R.escape_point);
  j["h_escape"] = num(R.h_escape);
  j["h_lower"] = R.h_escape < R.h_spurious;
  j["gd_second"] = gd_json(R.second);
  j["gd_precision"] = R.gd_precision;
  j["gd_end"] = R.second.end;
  j["gd_settings"] = {{"step", o.gd_step}, {"max_iter", o.gd_iter}, {"grad_tol", o.gd_tol},
                      {"diverge_norm", o.gd_diverge},
                      {"classification_tol", "sqrt(grad_tol) (1 + ||M*||_F) on ||XX^T - M*||_F and ||XX^T - X^X^T||_F"}};
  if (o.json) {
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  auto row = [](const Mat<T>& X) {
    std::string s;
    for (Eigen::Index k = 0; k < X.size(); ++k) s += (k ? ", " : "") + decimal_string(X.data()[k]);
    return s;
  };
  std::cout << "instance      " << I.name << "   precision " << scalar_name<T>::value << "\n";
  std::cout << "GD 1          " << R.first.iterations << " iterations, ends " << R.first.end
            << (R.gd_precision != scalar_name<T>::value ? "   (GD runs in " + R.gd_precision + ")" : "") << "\n";
  std::cout << "local min X^  " << row(R.Xhat) << "   (" << R.certification << ")\n";
  std::cout << "h(X^)         " << num(R.h_spurious) << "\n";
  std::cout << "delta         " << num(R.delta) << "   [" << R.delta_source << "]\n";
  std::cout << "EFS           " << num(R.single.efs) << "\n";
  // Intervals as text, not raw JSON (issue 23); open intervals of t, as in closed-form.
  auto interval_text = [](const auto& U) {
    std::string s = U.empty ? std::string("empty")
                            : "(" + num(U.lo) + ", " + (U.hi_infinite ? std::string("+inf") : num(U.hi)) + ")";
    if (!U.reason.empty()) s += "  (" + U.reason + ")";
    return s;
  };
  std::cout << "U_beta        " << interval_text(R.multi.U_beta) << "\n";
  std::cout << "U_gamma       " << interval_text(R.multi.U_gamma) << "\n";
  std::cout << "escape type   " << R.chosen_type << "   (" << R.choice_reason << "; l " << o.l << ", t " << o.t
            << ", rho " << o.rho << ", eta " << o.eta << ")\n";
  std::cout << "escape point  " << row(R.escape_point) << "\n";
  std::cout << "h(escape)     " << num(R.h_escape) << (R.h_escape < R.h_spurious ? "  < h(X^)" : "  >= h(X^)") << "\n";
  std::cout << "GD 2          " << R.second.iterations << " iterations, |grad h| " << num(R.second.grad_norm)
            << "\n";
  std::cout << "ends at       " << R.second.end << (R.second.z_sign.empty() ? "" : " (" + R.second.z_sign + ")")
            << "\n";
  if (!R.second.diverged) {
    std::cout << "X_final       " << row(R.second.X) << "\n";
    std::cout << "|XX^T - M*|_F " << num(R.second.dist_truth) << "\n";
  }
  return 0;
}

}  // namespace

void register_escape(CLI::App& app, int& status) {
  auto o = std::make_shared<EscapeCmd>();
  auto* sub = app.add_subcommand("escape",
                                 "GD -> SOD escape point (single, beta or gamma type) -> GD; reports where GD ends");
  add_instance_options(sub, o->inst, "bf50");
  sub->add_option("--type", o->type, "auto | single | beta | gamma (auto: U_beta, then U_gamma, then EFS > 1)")
      ->capture_default_str();
  sub->add_option("--l", o->l, "Lifting order (odd, >= 1)")->capture_default_str();
  sub->add_option("--rho", o->rho, "Escape step size rho in (0,1)")->capture_default_str();
  sub->add_option("--eta", o->eta, "TPGD step size eta in (0,1)")->capture_default_str();
  auto* t_opt = sub->add_option("--t", o->t, "Number of simulated TPGD steps t (>= 0; old spelling --steps)")
                    ->capture_default_str();
  add_old_spelling(sub, t_opt, "--steps", o->t);
  sub->add_option("--delta", o->delta, "RIP constant delta_p (default: the isometry bound of A)");
  sub->add_option("--sign", o->sign, "Sign of u_n: +1 (convention) or -1")->capture_default_str();
  sub->add_option("--gd-step", o->gd_step, "GD step size (the paper used 0.1 on realworld)")->capture_default_str();
  sub->add_option("--gd-iter", o->gd_iter, "GD iteration budget per run")->capture_default_str();
  sub->add_option("--gd-tol", o->gd_tol, "GD stops when ||grad h||_F <= this")->capture_default_str();
  sub->add_option("--gd-diverge", o->gd_diverge, "GD counts as diverged when ||X||_F exceeds this")
      ->capture_default_str();
  add_allow_second_order_flag(sub, o->allow_second_order);
  sub->add_flag("--json", o->json, "Print one JSON object (numbers as full-digit strings)");
  set_instance_callback(sub, o, status, [o](auto tag) {
    return run_escape<typename decltype(tag)::type>(*o);
  });
}

}  // namespace sodlift::cli
