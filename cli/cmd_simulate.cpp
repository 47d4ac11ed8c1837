// `sodlift simulate`: exact PGD in S = span{a,b,c} at matrix cost (SPEC §2.3)
// and, with --first-order, the linearised model beside the paper's (SPEC §2.4).
#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "common.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/first_order.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/core/subspace_simulation.hpp"
#include "sodlift/support/atomic_file.hpp"

namespace sodlift::cli {

namespace {

struct SimulateCmd {
  bool allow_second_order = false;
  InstanceOptions inst;
  int l = 3;
  // One default across closed-form, escape, simulate and lifted (issue 23):
  // the paper fixes rho = eta = 0.1 (App. C.2, Table 5); simulate used 1e-3.
  std::string rho = "0.1";
  std::string eta = "0.1";
  CLI::Option *rho_opt = nullptr, *eta_opt = nullptr;
  long long steps = 100;
  long long record_every = 1;
  std::string sign = "+1";
  std::string c0;  // "alpha,beta,gamma" (default 1,rho,0)
  bool json = false;
  std::string csv;
  bool first_order = false;
  std::string point = "spurious";  // spurious | critical | start
  bool quiet = false;
};

std::vector<std::string> split_csv(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto b = item.find_first_not_of(" \t"), e = item.find_last_not_of(" \t");
    if (b == std::string::npos) throw input_error("--c0: empty entry in '" + s + "'");
    out.push_back(item.substr(b, e - b + 1));
  }
  return out;
}

template <class T>
T parse_finite(const std::string& s, const char* what) {
  T x;
  try {
    x = from_string<T>(s);
  } catch (const std::exception&) {
    throw input_error(std::string(what) + ": cannot parse '" + s + "' as a number");
  }
  if (!is_finite(x)) throw input_error(std::string(what) + ": '" + s + "' is not finite");
  return x;
}

template <class T>
nlohmann::json mat_json(const Mat<T>& M) {
  return matrix_to_json(M);
}

template <class T>
void print_matrix(std::ostream& os, const char* name, const Mat<T>& M) {
  os << name << "\n";
  for (Eigen::Index i = 0; i < M.rows(); ++i) {
    os << "  ";
    for (Eigen::Index j = 0; j < M.cols(); ++j) os << (j ? "  " : "") << decimal_string(M(i, j));
    os << "\n";
  }
}

template <class T>
nlohmann::json state_json(const PropagatedState<T>& st) {
  nlohmann::json j;
  j["t"] = st.t;
  j["log10_norm"] = decimal_string(st.log10_norm);
  j["unit"] = vector_to_json(st.unit);
  j["representable"] = st.representable;
  if (st.representable) j["delta_c"] = vector_to_json(st.delta_c);
  return j;
}

template <class T>
std::string state_text(const PropagatedState<T>& st) {
  std::ostringstream os;
  if (st.representable) {
    os << "(" << decimal_string(st.delta_c(0)) << ", " << decimal_string(st.delta_c(1)) << ", "
       << decimal_string(st.delta_c(2)) << ")";
  } else {
    os << "10^" << decimal_string(st.log10_norm) << " * (" << decimal_string(st.unit(0)) << ", "
       << decimal_string(st.unit(1)) << ", " << decimal_string(st.unit(2)) << ")";
  }
  return os.str();
}

template <class T>
int run_simulate(const SimulateCmd& o) {
  if (o.l < 1 || o.l % 2 == 0)
    throw input_error("--l must be odd and >= 1 (got " + std::to_string(o.l) +
                      "): pass 1, 3, 5, ...");
  // Every flag is checked before anything is computed or printed: a refusal
  // must not follow partial output on stdout.
  const bool write_csv = !o.csv.empty() && !o.first_order;
  if (write_csv) require_writable_file(o.csv, "--csv");
  const T eta = parse_finite<T>(o.eta, "--eta");
  const T rho = parse_finite<T>(o.rho, "--rho");
  if (!(eta > 0)) throw input_error("--eta must be > 0");
  if (o.steps < 0) throw input_error("--t " + std::to_string(o.steps) + " must be >= 0 (the number of PGD steps)");
  if (o.record_every < 1) throw input_error("--record-every must be >= 1");
  const std::vector<int> signs = parse_signs(o.sign, true, "simulate");
  if (o.rho_opt && o.eta_opt && (o.rho_opt->count() == 0 || o.eta_opt->count() == 0))
    note_deprecated("simulate: the default --rho/--eta changed from 1e-3 to 0.1 in this version (one default for "
                    "closed-form, escape, simulate and lifted: the paper's rho = eta = 0.1, README 'One name per "
                    "concept'); pass --rho 1e-3 --eta 1e-3 for the old default",
                    false);
  if (o.point != "start" && o.point != "spurious" && o.point != "critical")
    throw input_error("--point must be spurious, critical or start (got '" + o.point + "')");
  Vec<T> c0(3);
  if (o.c0.empty()) {
    c0 << T(1), rho, T(0);
  } else {
    auto parts = split_csv(o.c0);
    if (parts.size() != 3)
      throw input_error("--c0 '" + o.c0 + "' needs three numbers alpha,beta,gamma (got " +
                        std::to_string(parts.size()) + ")");
    for (int p = 0; p < 3; ++p) c0(p) = parse_finite<T>(parts[p], "--c0");
  }
  Instance<T> I = make_instance<T>(o.inst.spec);

  Mat<T> Xhat;
  std::string point_kind;
  if (o.point == "start") {
    Xhat = I.start;
    point_kind = "start point (not refined; generators only)";
  } else {
    CriticalPoint<T> cp = refine_critical_point(I.problem, I.start);
    if (o.point == "spurious") require_spurious(cp, o.allow_second_order);
    else if (cp.kind == PointKind::not_converged)
      throw precondition_error("refinement did not converge (|grad h| = " +
                               decimal_string(cp.grad_norm) + "): use --point start");
    Xhat = cp.X;
    point_kind = to_string(cp.kind);
  }

  // The SOD ingredients of every sign before anything is printed: a point
  // where they are undefined (e.g. X^ = 0) is refused with nothing on stdout.
  std::vector<SodIngredients<T>> ingredients;
  for (int sign : signs) ingredients.push_back(sod_ingredients(I.problem, Xhat, sign));

  nlohmann::json out;
  out["command"] = o.first_order ? "simulate --first-order" : "simulate";
  out["instance"] = I.name;
  out["precision"] = scalar_name<T>::value;
  if (I.random) {
    out["seed"] = I.seed;
    out["generator"] = I.generator;
  }
  out["point"] = point_kind;
  out["Xhat"] = matrix_to_json(Xhat);
  out["l"] = o.l;
  out["eta"] = decimal_string(eta);
  out["rho"] = decimal_string(rho);
  out["scale"] = kLiftedScaleText;
  out["sign_convention"] = SodIngredients<T>::sign_convention;
  out["runs"] = nlohmann::json::array();

  // Streamed row by row into a temporary; renamed over --csv only at the end.
  std::unique_ptr<AtomicOutputFile> csv_file;
  std::ostream* csv = nullptr;
  if (write_csv) {
    csv_file = std::make_unique<AtomicOutputFile>(o.csv);
    csv = &csv_file->stream();
    *csv << "sign,t,alpha,beta,gamma,h_lifted,h_lifted_at_a,norm_a,norm_b,norm_c\n";
  }
  std::ostream& txt = std::cout;
  if (!o.json) {
    txt << "instance     " << I.name << "  (" << I.description << ")\n";
    txt << "precision    " << scalar_name<T>::value << "\n";
    if (I.random) txt << "seed         " << I.seed << "  (" << I.generator << ")\n";
    txt << "point        " << point_kind << "\n";
    txt << "scale        " << kLiftedScaleText << "\n";
    txt << "sign conv.   " << SodIngredients<T>::sign_convention << "\n";
    txt << "l, eta, rho  " << o.l << ", " << decimal_string(eta) << ", " << decimal_string(rho)
        << "\n";
  }

  for (std::size_t si = 0; si < signs.size(); ++si) {
    const int sign = signs[si];
    const SodIngredients<T>& s = ingredients[si];
    SubspaceSimulation<T> sim(I.problem, s, o.l);
    nlohmann::json run;
    run["sign"] = sign;
    run["lambda_n"] = decimal_string(s.lambda_n);
    run["sigma_r"] = decimal_string(s.sigma_r);
    run["gram"] = mat_json(sim.gram());
    run["gram_normalised_eigenvalues"] = vector_to_json(sim.gram_normalised_eigenvalues());
    run["singular_tolerance"] = decimal_string(sim.singular_tolerance());
    run["rank"] = sim.rank();
    run["dropped"] = sim.dropped_names();
    run["condition"] = decimal_string(sim.condition());
    run["reduced_condition"] = decimal_string(sim.reduced_condition());
    if (!o.json) {
      txt << "\n== sign of u_n: " << (sign > 0 ? "+1" : "-1") << "\n";
      txt << "lambda_n     " << decimal_string(s.lambda_n) << "\n";
      txt << "sigma_r      " << decimal_string(s.sigma_r) << "\n";
      print_matrix(txt, "Gram G_pq = <x_p,x_q>^l", sim.gram());
      txt << "rank         " << sim.rank()
          << (sim.dropped().empty() ? "" : "  (reduced span: dropped " + sim.dropped_names() + ")")
          << "\n";
      txt << "cond(G~)     " << decimal_string(sim.condition())
          << "  (normalised Gram; solved: " << decimal_string(sim.reduced_condition()) << ")\n";
    }
    if (o.first_order) {
      FirstOrderModel<T> fo(sim, s, eta, rho);
      run["gradient_at_a"] = vector_to_json(fo.gradient_at_a);
      run["hessian"] = mat_json(fo.hessian);
      run["J"] = mat_json(fo.J);
      run["J_paper"] = mat_json(fo.J_paper);
      run["J_minus_J_paper"] = mat_json(fo.difference);
      run["J_gauss_newton"] = mat_json(fo.J_gauss_newton);
      run["J_residual"] = mat_json(fo.J_residual);
      run["J_residual_paper_form"] = mat_json(fo.J_residual_paper_form);
      std::vector<long long> times = {0};
      for (long long t = 1; t < o.steps; t *= 10) times.push_back(t);
      if (o.steps > 0) times.push_back(o.steps);
      run["propagation"] = nlohmann::json::array();
      if (!o.json) {
        txt << "C^T grad h^l at (1,0,0) (criticality in S): " << decimal_string(fo.gradient_at_a(0))
            << ", " << decimal_string(fo.gradient_at_a(1)) << ", "
            << decimal_string(fo.gradient_at_a(2)) << "\n";
        print_matrix(txt, "J = G^{-1} d(C^T grad h^l)/dc at (1,0,0)  [exact]", fo.J);
        print_matrix(
            txt, "J_paper from (5.8)/Prop. 5.2: [[0,0,0],[0,lambda_n^l,0],[0,sigma_r^l 2^(1-l),0]]",
            fo.J_paper);
        print_matrix(txt, "J - J_paper (entry by entry)", fo.difference);
        print_matrix(txt, "  J_gauss_newton = G^{-1}[2<g_p1,g_q1>^l]  (paper: H_2 / H_2^1)",
                     fo.J_gauss_newton);
        print_matrix(txt, "  J_residual = G^{-1}[<g_11,g_pq>^l - <b,g_pq>^l]  (exact H_3 / H_1^1)",
                     fo.J_residual);
        print_matrix(
            txt,
            "  J_residual_paper_form = G^{-1}[<g_11 - b,g_pq>^l]  (residual as (A(XX^T)-b)^(x)l)",
            fo.J_residual_paper_form);
        txt << "delta c(t) = (I - eta J)^t (0, rho, 0)   [exact model | paper model]\n";
      }
      for (long long t : times) {
        const auto a = fo.propagate(t), b = fo.propagate_paper(t);
        nlohmann::json pj;
        pj["t"] = t;
        pj["exact"] = state_json(a);
        pj["paper"] = state_json(b);
        run["propagation"].push_back(pj);
        if (!o.json)
          txt << "  t=" << t << "\n    exact " << state_text(a) << "\n    paper " << state_text(b)
              << "\n";
      }
    } else {
      const long long pe = (!o.quiet && o.steps >= 100000) ? o.steps / 20 : 0;
      ProgressFn progress = [sign](long long t, long long n) {
        std::cerr << "simulate (sign " << sign << "): step " << t << " / " << n << "\n";
      };
      typename SubspaceSimulation<T>::Divergence div;
      auto tr = sim.trajectory(c0, eta, o.steps, o.record_every, progress, pe, &div);
      run["records"] = nlohmann::json::array();
      if (!o.json)
        txt << "t  alpha  beta  gamma  h_lifted  h_lifted_at_a  norm_a  norm_b  norm_c\n";
      for (const auto& r : tr) {
        const std::string row = decimal_string(r.alpha) + "," + decimal_string(r.beta) + "," +
                                decimal_string(r.gamma) + "," + decimal_string(r.h_lifted) + "," +
                                decimal_string(r.h_lifted_at_a) + "," + decimal_string(r.norm_a) +
                                "," + decimal_string(r.norm_b) + "," + decimal_string(r.norm_c);
        if (csv) *csv << sign << "," << r.t << "," << row << "\n";
        nlohmann::json rj;
        rj["t"] = r.t;
        rj["alpha"] = decimal_string(r.alpha);
        rj["beta"] = decimal_string(r.beta);
        rj["gamma"] = decimal_string(r.gamma);
        rj["h_lifted"] = decimal_string(r.h_lifted);
        rj["h_lifted_at_a"] = decimal_string(r.h_lifted_at_a);
        rj["norm_a"] = decimal_string(r.norm_a);
        rj["norm_b"] = decimal_string(r.norm_b);
        rj["norm_c"] = decimal_string(r.norm_c);
        run["records"].push_back(rj);
        if (!o.json) {
          std::string spaced = row;
          for (auto& ch : spaced)
            if (ch == ',') ch = ' ';
          txt << r.t << " " << spaced << "\n";
        }
      }
      // Divergence is a result (issue 23): the records end at the last finite
      // step (also in --csv), and the outcome says where and what.
      run["outcome"] = div.diverged ? "diverged" : "completed";
      if (div.diverged) {
        const std::string hint =
            "the step size is too large for this l: try an --eta smaller than " + o.eta +
            (std::string(scalar_name<T>::value) == "double"
                 ? "; if the growth is genuine, --precision bf50 has a far wider exponent range"
                 : "");
        run["diverged_at_step"] = div.step;
        run["diverged_quantity"] = div.quantity;
        run["last_finite_step"] = div.last_finite;
        run["hint"] = hint;
        if (!o.json)
          txt << "outcome      diverged: " << (div.quantity == "h_lifted" ? "the lifted objective " : "coefficient ")
              << div.quantity << " left the range of "
              << scalar_name<T>::value << " at step " << div.step << " (records end at step "
              << div.last_finite << "); " << hint << "\n";
      }
    }
    out["runs"].push_back(run);
  }
  if (csv_file) csv_file->commit();
  if (o.json) std::cout << out.dump(2) << "\n";
  return 0;
}

}  // namespace

void register_simulate(CLI::App& app, int& status) {
  auto o = std::make_shared<SimulateCmd>();
  auto* sub = app.add_subcommand(
      "simulate",
      "Exact projected GD of the lifted objective inside span{a,b,c} at matrix cost (no tensor "
      "built; any n, r, l), or with --first-order the linearised model J beside the paper's (5.8)");
  add_instance_options(sub, o->inst, "bf50");
  sub->add_option("--l", o->l, "Lifting order l (odd >= 1)")->capture_default_str();
  o->rho_opt = sub->add_option("--rho", o->rho, "Initial b-coefficient rho (decimal)")->capture_default_str();
  o->eta_opt = sub->add_option("--eta", o->eta, "Step size eta (decimal)")->capture_default_str();
  auto* t_opt = sub->add_option("--t", o->steps,
                                "Number of PGD steps t (first order: largest t; old spelling --steps)")
                    ->capture_default_str();
  add_old_spelling(sub, t_opt, "--steps", o->steps);
  sub->add_option("--record-every", o->record_every, "Record every K-th step (and the last)")
      ->capture_default_str();
  sub->add_option("--sign", o->sign, "Sign of u_n: +1 (convention), -1 or both (old spellings + and -)")
      ->capture_default_str();
  sub->add_option("--c0", o->c0, "Initial coefficients alpha,beta,gamma (default 1,rho,0)");
  sub->add_option("--point", o->point,
                  "Where the generators are built: spurious (refined, certified; default), "
                  "critical (refined, any kind), start (the instance's start point)")
      ->capture_default_str();
  add_allow_second_order_flag(sub, o->allow_second_order);
  sub->add_flag("--json", o->json, "Print one JSON object (numbers as full-digit strings)");
  sub->add_option("--csv", o->csv, "Write the trajectory records as CSV to FILE");
  sub->add_flag("--first-order", o->first_order,
                "Print J, the paper's J_paper and their difference; propagate (I - eta J)^t");
  sub->add_flag("--quiet", o->quiet, "No progress output on stderr");
  set_instance_callback(sub, o, status, [o](auto tag) {
    return run_simulate<typename decltype(tag)::type>(*o);
  });
}

}  // namespace sodlift::cli
