// `sodlift lifted pgd|tpgd|gd|rank1`: explicit tensor lifting (issue 4).
// One JSON record per line with --json: a header (instance, precision, scale,
// subspace rank/condition), then one record per step.
#include <iomanip>

#include "common.hpp"
#include "lifted_hessian.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/lifted/descent.hpp"
#include "sodlift/lifted/rank1.hpp"
#include "sodlift/support/memory.hpp"

namespace sodlift::cli {

namespace {

struct LiftedCmd {
  InstanceOptions inst;
  std::string mode = "pgd";
  int l = 3;
  lifted::DescentOptions d;
  std::string backend = "eigen";
  bool json = false;
  std::string sign = "+1";
  int sign_value = 1;
  CLI::Option *rho_opt = nullptr, *eta_opt = nullptr;
  bool allow_second_order = false;
  std::string l_text = "3";  // --l: one order, or L1:L2 for `hessian`
  LiftedHessianCmd hessian;
};

template <class T>
nlohmann::json vec_json(const Vec<T>& v) {
  nlohmann::json a = nlohmann::json::array();
  for (Eigen::Index k = 0; k < v.size(); ++k) a.push_back(decimal_string(v(k)));
  return a;
}

template <class T>
nlohmann::json record_json(const lifted::StepRecord<T>& r, const std::string& mode) {
  nlohmann::json j;
  j["record"] = "step";
  j["t"] = r.t;
  j["alpha"] = decimal_string(r.alpha);
  j["beta"] = decimal_string(r.beta);
  j["gamma"] = decimal_string(r.gamma);
  j["h_lifted"] = decimal_string(r.h_lifted);
  j["h_lifted_at_a"] = decimal_string(r.h_at_a);
  j["norm_alpha_a"] = decimal_string(r.norm_a);
  j["norm_beta_b"] = decimal_string(r.norm_b);
  j["norm_gamma_c"] = decimal_string(r.norm_c);
  j["grad_norm"] = decimal_string(r.grad_norm);
  if (mode == "gd") j["dist_to_S"] = decimal_string(r.dist_to_S);
  if (mode == "tpgd") {
    nlohmann::json dn, dc;
    for (auto& [k, v] : r.dropped) dn[k] = decimal_string(v);
    for (auto& [k, v] : r.dropped_coefficients) dc[k] = vec_json(v);
    j["dropped_norms"] = dn;
    j["dropped_projection_coefficients"] = dc;
    j["pgd_tpgd_gap"] = decimal_string(r.pgd_tpgd_gap);
  }
  return j;
}

template <class T>
int run_lifted(LiftedCmd& o) {
  // Every flag is checked before the header is printed: a refusal must not
  // follow partial output on stdout.
  lifted::check_descent_options<T>(o.d);
  Instance<T> I = make_instance<T>(o.inst.spec);
  CriticalPoint<T> cp = refine_critical_point(I.problem, I.start);
  require_spurious(cp, o.allow_second_order);
  SodIngredients<T> s = sod_ingredients(I.problem, cp.X, o.sign_value);
  const std::size_t budget = effective_memory_budget(o.inst.spec.mem_budget);
  lifted::LiftedProblem<T> L(I.problem, I.search_rank, o.l, budget);
  lifted::SubspaceBasis<T> S = lifted::make_subspace_basis(L, s);

  nlohmann::json h;
  h["record"] = "header";
  h["command"] = "lifted " + o.mode;
  h["instance"] = I.name;
  if (I.random) {
    h["seed"] = I.seed;
    h["generator"] = I.generator;
  }
  h["precision"] = scalar_name<T>::value;
  h["objective_scale"] = lifted::kObjectiveScaleText;
  h["backend"] = o.backend;
  h["n"] = L.n();
  h["r"] = L.r();
  h["m"] = L.m();
  h["l"] = o.l;
  h["rho"] = o.d.rho;
  h["eta"] = o.d.eta;
  h["steps"] = o.d.steps;
  h["point"] = matrix_to_json(cp.X);
  h["sign_convention"] = SodIngredients<T>::sign_convention;
  h["sign"] = s.sign;
  h["lambda_n"] = decimal_string(s.lambda_n);
  h["sigma_r"] = decimal_string(s.sigma_r);
  nlohmann::json G = nlohmann::json::array();
  for (int p = 0; p < 3; ++p) G.push_back(vec_json<T>(S.gram.row(p).transpose()));
  h["gram"] = G;
  h["unit_gram_eigenvalues"] = vec_json(S.unit_gram_eigenvalues);
  h["gram_condition"] = decimal_string(S.condition);
  h["rank_tolerance"] = decimal_string(S.rank_tol);
  h["subspace_rank"] = S.rank;
  h["dropped_generator"] = S.dropped;
  h["memory_estimate"] = lifted::format_bytes(L.bytes_needed());
  h["memory_budget"] = lifted::format_bytes(static_cast<long double>(budget));
  if (o.json) {
    std::cout << h.dump() << "\n";
  } else {
    std::cout << "lifted " << o.mode << ": " << I.name << ", " << scalar_name<T>::value
              << ", l = " << o.l << ", rho = " << o.d.rho << ", eta = " << o.d.eta << ", backend "
              << o.backend << "\n"
              << "scale: " << lifted::kObjectiveScaleText << "\n"
              << "Gram condition (unit diagonal) " << decimal_string(S.condition) << ", rank "
              << S.rank
              << (S.dropped.empty() ? ""
                                    : ", dropped " + S.dropped + " (coefficient reported as 0)")
              << "\n"
              << "memory estimate " << lifted::format_bytes(L.bytes_needed()) << " of budget "
              << lifted::format_bytes(static_cast<long double>(budget)) << "\n";
    std::cout << std::setw(6) << "t"
              << "  alpha / beta / gamma / h^l / h^l(a)"
              << "\n";
  }
  const std::string mode = o.mode == "rank1" ? "pgd" : o.mode;
  lifted::StepCallback<T> cb = [&](const lifted::StepRecord<T>& r) {
    if (o.json) {
      std::cout << record_json(r, mode).dump() << "\n";
    } else {
      std::cout << std::setw(6) << r.t << "  " << decimal_string(r.alpha) << "  "
                << decimal_string(r.beta) << "  " << decimal_string(r.gamma) << "  "
                << decimal_string(r.h_lifted) << "  " << decimal_string(r.h_at_a);
      if (mode == "tpgd") std::cout << "  gap " << decimal_string(r.pgd_tpgd_gap);
      if (mode == "gd") std::cout << "  dist_S " << decimal_string(r.dist_to_S);
      std::cout << "\n";
    }
    std::cout.flush();
  };
  std::vector<lifted::StepRecord<T>> recs;
  if (mode == "pgd")
    recs = lifted::run_pgd(L, S, o.d, cb);
  else if (mode == "tpgd")
    recs = lifted::run_tpgd(L, S, o.d, cb);
  else
    recs = lifted::run_gd(L, S, o.d, cb);
  if (o.mode == "rank1") {
    const auto& last = recs.back();
    Vec<T> c(3);
    c << last.alpha, last.beta, last.gamma;
    lifted::DenseTensor<T> w = lifted::combine(S, c);
    lifted::Rank1Result<T> r1 =
        lifted::best_rank1(w, L.n(), L.r(), {{"a", S.x_a}, {"b", S.x_b}, {"c", S.x_c}});
    const T hX = I.problem.h(r1.X);
    const T hl = lifted::lifted_objective(L, lifted::lift_matrix(r1.X, o.l));
    nlohmann::json j;
    j["record"] = "rank1";
    j["t"] = last.t;
    j["lambda"] = decimal_string(r1.lambda);
    j["X"] = matrix_to_json(r1.X);
    j["relative_residual"] = decimal_string(r1.residual);
    j["start"] = r1.start;
    j["h_matrix_at_X"] = decimal_string(hX);
    j["h_matrix_at_Xhat"] = decimal_string(cp.h);
    j["h_lifted_at_lift_X"] = decimal_string(hl);
    j["h_lifted_at_w"] = decimal_string(last.h_lifted);
    nlohmann::json st = nlohmann::json::array();
    for (auto& x : r1.starts)
      st.push_back({{"start", x.name},
                    {"lambda", decimal_string(x.lambda)},
                    {"residual", decimal_string(x.residual)},
                    {"iterations", x.iterations},
                    {"converged", x.converged}});
    j["starts"] = st;
    if (o.json) {
      std::cout << j.dump() << "\n";
    } else {
      // Text, not raw JSON (issue 23); full digits with --json.
      std::cout << "rank-1 collapse of w at t = " << last.t << " (best rank-1 approximation, started from "
                << r1.start << ")\n";
      std::cout << "  lambda               " << decimal_string(r1.lambda) << "\n";
      std::cout << "  X                    ";
      for (Eigen::Index k = 0; k < r1.X.size(); ++k)
        std::cout << (k ? ", " : "") << decimal_string(r1.X.data()[k]);
      std::cout << "   (column-major)\n";
      std::cout << "  relative residual    " << decimal_string(r1.residual) << "\n";
      std::cout << "  h(X)                 " << decimal_string(hX) << "   (h(X^) " << decimal_string(cp.h) << ")\n";
      std::cout << "  h^l(X^(x)l)          " << decimal_string(hl) << "   (h^l(w) " << decimal_string(last.h_lifted)
                << ")\n";
      std::cout << "  starts               ";
      bool first = true;
      for (auto& x : r1.starts) {
        std::cout << (first ? "" : "; ") << x.name << ": lambda " << to_double(x.lambda) << ", residual "
                  << to_double(x.residual) << ", " << x.iterations << " iterations"
                  << (x.converged ? "" : " (not converged)");
        first = false;
      }
      std::cout << "\n";
    }
  }
  return 0;
}

}  // namespace

void register_lifted(CLI::App& app, int& status) {
  auto o = std::make_shared<LiftedCmd>();
  auto* sub = app.add_subcommand(
      "lifted",
      "Explicit tensor lifting (issue 4): lifted GD, projected GD onto S = span{a,b,c}, the "
      "literal "
      "TPGD step with every dropped sub-term, or the rank-1 collapse of the PGD iterate; "
      "`hessian`: the Hessian of h^l at x^(x)l, its smallest eigenvalue on symmetric tensors "
      "and on all tensors, along b and on S (issue 21)");
  sub->add_option("mode", o->mode, "pgd | tpgd | gd | rank1 | hessian")
      ->check(CLI::IsMember({"pgd", "tpgd", "gd", "rank1", "hessian"}))
      ->required();
  add_instance_options(sub, o->inst, "bf50");
  sub->add_option("--l", o->l_text,
                  "Lifting order (odd, 1..15); for hessian any L >= 1 or a range L1:L2")
      ->capture_default_str();
  sub->add_option("--inertia-max-dim", o->hessian.inertia_max_dim,
                  "hessian: where Lanczos decides (symmetric dim > 300), confirm the sign by the LDL^T "
                  "inertia of the explicit matrix when dim <= this (0: never)")
      ->check(CLI::Range(0, 20000));
  sub->add_option("--full-max-dim", o->hessian.full_max_dim,
                  "hessian: compute lambda_min on all of (R^{nr})^{(x)l} when (nr)^l <= this (0: never)")
      ->capture_default_str();
  // One default across closed-form, escape, simulate and lifted (issue 23): the
  // paper fixes rho = eta = 0.1 (App. C.2, Table 5); lifted used 1e-2 before.
  o->d.rho = "0.1";
  o->d.eta = "0.1";
  o->rho_opt = sub->add_option("--rho", o->d.rho, "Start w = a + rho b (3.1), decimal")->capture_default_str();
  o->eta_opt = sub->add_option("--eta", o->d.eta, "Step size eta, decimal")->capture_default_str();
  auto* t_opt =
      sub->add_option("--t", o->d.steps, "Number of steps t (>= 0; old spelling --steps)")->capture_default_str();
  add_old_spelling(sub, t_opt, "--steps", o->d.steps);
  sub->add_option("--backend", o->backend, "Contraction backend: eigen (default) | xtensor | naive")
      ->check(CLI::IsMember({"eigen", "xtensor", "naive"}))
      ->capture_default_str();
  sub->add_option("--sign", o->sign, "Sign of u_n: +1 (convention) or -1")->capture_default_str();
  add_allow_second_order_flag(sub, o->allow_second_order);
  sub->add_flag("--json", o->json, "JSON lines: a header record, then one record per step");
  set_instance_callback(sub, o, status, [o](auto tag) {
    if (o->mode == "hessian") {
      o->hessian.l_text = o->l_text;
      o->hessian.json = o->json;
      o->hessian.allow_second_order = o->allow_second_order;
      o->hessian.sign = parse_sign(o->sign, "lifted hessian");
      return run_lifted_hessian<typename decltype(tag)::type>(o->inst, o->hessian);
    }
    {
      const auto lr = parse_l_range(o->l_text);
      if (lr.first != lr.second)
        throw input_error("--l '" + o->l_text + "': a range is only accepted by `lifted hessian`; give one odd order, e.g. --l 3");
      o->l = lr.first;
    }
    o->d.backend = o->backend == "xtensor" ? lifted::Backend::xtensor
                   : o->backend == "naive" ? lifted::Backend::naive
                                           : lifted::Backend::eigen;
    o->d.progress = true;
    if (o->d.steps < 0) throw input_error("--t " + std::to_string(o->d.steps) + " must be >= 0 (the number of steps)");
    o->sign_value = parse_sign(o->sign, "lifted");
    if (o->rho_opt->count() == 0 || o->eta_opt->count() == 0)
      note_deprecated("lifted: the default --rho/--eta changed from 1e-2 to 0.1 in this version (one default for "
                      "closed-form, escape, simulate and lifted: the paper's rho = eta = 0.1, README 'One name per "
                      "concept'); pass --rho 1e-2 --eta 1e-2 for the old default",
                      false);
    return run_lifted<typename decltype(tag)::type>(*o);
  });
}

}  // namespace sodlift::cli
