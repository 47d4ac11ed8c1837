// `sodlift instance`: build an instance, refine and certify its critical point,
// and print the SOD ingredients (issue 2).
#include <iomanip>
#include <limits>
#include <sstream>
#include <type_traits>

#include "common.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/proof/critical_point_proof.hpp"

namespace sodlift::cli {

namespace {

struct InstanceCmd {
  InstanceOptions inst;
  bool json = false;
  bool save = false;
  bool rigorous = false;
  std::string sign = "+1";
};

// "3.0000000000000000000000000000000000000000000000000053e-01" -> "0.3":
// the shortest decimal that reads back (correctly rounded, from_string<T>)
// to exactly x, written plainly when the exponent is moderate. Binary
// search on the digit count (a correctly rounded p-digit decimal that reads
// back implies the same for p+1 digits).
template <class T>
std::string shortest_decimal(const T& x) {
  auto sci = [&](int p) {
    if constexpr (std::is_floating_point_v<T>) {
      std::ostringstream os;
      os.precision(p - 1);
      os << std::scientific << x;
      return os.str();
    } else {
      return x.str(p, std::ios::scientific);
    }
  };
  if (!is_finite(x)) return decimal_string(x);
  if (x == 0) return "0";
  int lo = 1, hi = std::numeric_limits<T>::max_digits10;
  while (lo < hi) {
    const int mid = (lo + hi) / 2;
    if (from_string<T>(sci(mid)) == x)
      hi = mid;
    else
      lo = mid + 1;
  }
  const std::string e = sci(lo);  // [-]d[.ddd]e[+-]XX
  const std::size_t epos = e.find_first_of("eE");
  std::string mant = e.substr(0, epos);
  const long long ex = std::stoll(e.substr(epos + 1));
  const bool neg = !mant.empty() && mant[0] == '-';
  if (neg) mant = mant.substr(1);
  std::string digits;
  for (char c : mant)
    if (c != '.') digits += c;
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::string out;
  if (ex >= 0 && ex < 21) {
    if (static_cast<long long>(digits.size()) <= ex + 1) {
      out = digits + std::string(static_cast<std::size_t>(ex + 1 - static_cast<long long>(digits.size())), '0');
    } else {
      out = digits.substr(0, static_cast<std::size_t>(ex + 1)) + "." + digits.substr(static_cast<std::size_t>(ex + 1));
    }
  } else if (ex < 0 && ex >= -7) {
    out = "0." + std::string(static_cast<std::size_t>(-ex - 1), '0') + digits;
  } else {
    out = digits.substr(0, 1) + (digits.size() > 1 ? "." + digits.substr(1) : std::string()) + "e" +
          std::to_string(ex);
  }
  return (neg ? "-" : "") + out;
}

// Applies f to every string leaf of a (nested) array.
template <class F>
void rewrite_numbers(nlohmann::json& j, const F& f) {
  if (j.is_string()) {
    j = f(j.get<std::string>());
  } else if (j.is_array()) {
    for (auto& x : j) rewrite_numbers(x, f);
  }
}

// `instance --save`: decimals as given (issue 23): pmc's --eps and --start are
// written as the exact strings that were passed ("0.3" stays 0.3, "0.30"
// stays 0.30); every other number as the shortest decimal that reads back to
// the same value in this precision (so the file rebuilds this very instance).
template <class T>
nlohmann::json saved_instance(const Instance<T>& I, const InstanceSpec& spec) {
  nlohmann::json j = instance_to_json(I);
  const bool pmc = spec.name == "pmc";
  const T eps = pmc ? from_string<T>(spec.eps) : T(0);
  auto number = [&](const std::string& s) -> nlohmann::json {
    const T v = from_string<T>(s);
    if (pmc && v == eps) return spec.eps;
    return shortest_decimal(v);
  };
  for (const char* key : {"A", "Z", "start"})
    if (j.contains(key)) rewrite_numbers(j[key], number);
  if (j.contains("entries"))
    for (auto& e : j["entries"]) rewrite_numbers(e[2], number);
  if (!spec.start.empty() && j.contains("start")) {
    const std::size_t n = j["start"].size();
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t k = 0; k < j["start"][i].size(); ++k)
        if (k * n + i < spec.start.size()) j["start"][i][k] = spec.start[k * n + i];
  }
  return j;
}

template <class T>
int run_instance(const InstanceCmd& o) {
  const int sign = parse_sign(o.sign, "instance");
  Instance<T> I = make_instance<T>(o.inst.spec);
  if (o.save) {
    std::cout << saved_instance(I, o.inst.spec).dump(2) << "\n";
    return 0;
  }
  CriticalPoint<T> cp = refine_critical_point(I.problem, I.start);
  const IsometryBound<T> ib = isometry_bound(I.problem);
  nlohmann::json j;
  j["instance"] = I.name;
  j["description"] = I.description;
  j["precision"] = scalar_name<T>::value;
  if (I.random) {
    j["seed"] = I.seed;
    j["generator"] = I.generator;
  }
  j["n"] = I.problem.n();
  j["m"] = I.problem.m();
  j["r"] = I.search_rank;
  j["start"] = matrix_to_json(I.start);
  j["point"] = matrix_to_json(cp.X);
  j["kind"] = to_string(cp.kind);
  j["h"] = decimal_string(cp.h);
  j["grad_norm"] = decimal_string(cp.grad_norm);
  j["grad_tol"] = decimal_string(cp.grad_tol);
  j["hessian_min_eig"] = decimal_string(cp.hessian_min_eig);
  j["hessian_tol"] = decimal_string(cp.hessian_tol);
  j["is_local_min"] = cp.is_local_min;
  j["is_spurious"] = cp.is_spurious;
  j["degenerate"] = cp.degenerate;
  j["dist_to_truth"] = decimal_string(cp.dist_to_truth);
  j["gd_iterations"] = cp.gd_iterations;
  j["newton_iterations"] = cp.newton_iterations;
  j["note"] = cp.note;
  j["delta_bound"] = decimal_string(ib.delta);
  j["delta_bound_method"] = ib.method;
  j["operator"] = to_string(I.problem.kind());
  j["refine_method"] = cp.refine_method;
  j["certification_method"] = cp.certification_method;
  const bool have_sod = cp.kind != PointKind::not_converged && cp.X.norm() > 0;
  if (have_sod) {
    SodIngredients<T> s = sod_ingredients(I.problem, cp.X, sign);
    j["sign_convention"] = SodIngredients<T>::sign_convention;
    j["sign"] = s.sign;
    j["eigenvalues"] = vector_to_json(s.eigenvalues);
    j["lambda_n"] = decimal_string(s.lambda_n);
    j["lambda_degenerate"] = s.lambda_degenerate;
    j["u_n"] = vector_to_json(s.u_n);
    j["singular_values"] = vector_to_json(s.singular_values);
    j["sigma_r"] = decimal_string(s.sigma_r);
    j["sigma_degenerate"] = s.sigma_degenerate;
    j["v_r"] = vector_to_json(s.v_r);
    j["q_r"] = vector_to_json(s.q_r);
    j["E"] = matrix_to_json(s.E);
    j["un_dot_vr"] = decimal_string(s.un_dot_vr);
    j["E_un_un"] = decimal_string(s.E_un_un);
  }
  if (o.rigorous && cp.kind != PointKind::not_converged) {
    // The certified point is the center; the data are the instance's exact numbers.
    std::vector<std::string> center;
    for (Eigen::Index k = 0; k < cp.X.size(); ++k) center.push_back(decimal_string(cp.X.data()[k]));
    const proof::CriticalPointProof pr =
        proof::prove_critical_point(proof::exact_data(o.inst.spec), I.search_rank, center);
    nlohmann::json q;
    q["status"] = pr.status;
    if (!pr.reason.empty()) q["reason"] = pr.reason;
    q["unique_critical_point"] = pr.unique_critical_point;
    q["radius"] = pr.radius;
    q["gauge"] = pr.gauge;
    if (!pr.lambda_min_lower.empty()) q["lambda_min_lower"] = pr.lambda_min_lower;
    if (!pr.negative_curvature_upper.empty()) q["negative_curvature_upper"] = pr.negative_curvature_upper;
    q["h_enclosure"] = pr.h_enclosure;
    q["h_lower"] = pr.h_lower;
    q["h_upper"] = pr.h_upper;
    q["h_positive"] = pr.h_positive;
    q["method"] = pr.method;
    j["proof"] = q;
  } else if (o.rigorous) {
    j["proof"] = {{"status", "not_proved"}, {"reason", "refinement did not converge: no center to prove"}};
  }
  if (o.json) {
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << "instance     " << I.name << "  (" << I.description << ")\n";
  std::cout << "precision    " << scalar_name<T>::value << "\n";
  if (I.random) std::cout << "seed         " << I.seed << "  (" << I.generator << ")\n";
  std::cout << "point        ";
  for (Eigen::Index k = 0; k < cp.X.size(); ++k)
    std::cout << (k ? ", " : "") << to_double(cp.X.data()[k]);
  std::cout << "  (column-major; full digits with --json)\n";
  std::cout << "kind         " << to_string(cp.kind) << (cp.note.empty() ? "" : "  -- " + cp.note) << "\n";
  std::cout << "h            " << decimal_string(cp.h) << "\n";
  std::cout << "|grad h|     " << decimal_string(cp.grad_norm) << "  (round-off level "
            << decimal_string(cp.grad_tol) << ")\n";
  std::cout << "min eig Hess " << decimal_string(cp.hessian_min_eig) << "  [" << cp.certification_method << "]\n";
  std::cout << "|XX^T - M*|  " << decimal_string(cp.dist_to_truth) << "\n";
  std::cout << "delta bound  " << decimal_string(ib.delta) << "  [" << ib.method << "]\n";
  if (have_sod) {
    std::cout << "lambda_n     " << j["lambda_n"].get<std::string>()
              << (j["lambda_degenerate"].get<bool>() ? "  (DEGENERATE)" : "") << "\n";
    std::cout << "sigma_r      " << j["sigma_r"].get<std::string>()
              << (j["sigma_degenerate"].get<bool>() ? "  (DEGENERATE)" : "") << "\n";
    std::cout << "<u_n, v_r>   " << j["un_dot_vr"].get<std::string>() << "\n";
    std::cout << "<E, u u^T>   " << j["E_un_un"].get<std::string>() << "\n";
    std::cout << "sign conv.   " << SodIngredients<T>::sign_convention << "\n";
  }
  if (j.contains("proof")) {
    const auto& q = j["proof"];
    std::cout << "proof        " << q["status"].get<std::string>();
    if (q.contains("reason")) std::cout << "  -- " << q["reason"].get<std::string>();
    std::cout << "\n";
    if (q.value("unique_critical_point", false)) {
      std::cout << "  ball       radius " << q["radius"].get<std::string>() << "  (" << q["gauge"].get<std::string>()
                << ")\n";
      if (q.contains("lambda_min_lower"))
        std::cout << "  lambda_min >= " << q["lambda_min_lower"].get<std::string>() << " over the ball\n";
      if (q.contains("negative_curvature_upper"))
        std::cout << "  d^T H d / d^T d <= " << q["negative_curvature_upper"].get<std::string>() << " over the ball\n";
      std::cout << "  h(X*) in   " << q["h_enclosure"].get<std::string>()
                << (q["h_positive"].get<bool>() ? "  (> 0 proved)" : "") << "\n";
    }
    std::cout << "  method     " << q["method"].get<std::string>() << "\n";
  }
  return 0;
}

}  // namespace

void register_instance(CLI::App& app, int& status) {
  auto o = std::make_shared<InstanceCmd>();
  auto* sub = app.add_subcommand(
      "instance",
      "Build an instance, refine its critical point to round-off and certify it, print SOD "
      "ingredients (lambda_n, u_n, sigma_r, v_r, q_r, E, delta bound)");
  add_instance_options(sub, o->inst, "bf50");
  sub->add_flag("--json", o->json, "Print one JSON object (all numbers as full-digit strings)");
  sub->add_flag("--rigorous", o->rigorous,
                "Prove what the point is in Arb ball arithmetic (strict local minimum, saddle, or not "
                "proved; docs/proofs.md): adds a 'proof' object to --json");
  sub->add_flag("--save", o->save, "Print the instance itself as JSON (loadable with --instance file)");
  sub->add_option("--sign", o->sign, "Sign of u_n: +1 (convention) or -1 (flipped)")
      ->capture_default_str();
  set_instance_callback(sub, o, status, [o](auto tag) {
    return run_instance<typename decltype(tag)::type>(*o);
  });
}

}  // namespace sodlift::cli
