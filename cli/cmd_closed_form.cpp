// `sodlift closed-form`: the paper's closed form, simulated side (issue 3):
// single-step SOD (§4) and multi-step SOD (§5) at one (l, t) or on a grid of
// (l, t) in the layout of Table 5, as a human table, JSON and CSV.
#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

#include "closed_form_json.hpp"
#include "common.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/support/atomic_file.hpp"

namespace sodlift::cli {

namespace {

struct CfCmd {
  bool allow_second_order = false;
  InstanceOptions inst;
  int l = 3;
  std::string rho = "0.1", eta = "0.1";
  long long t = 5000;
  std::string delta;  // empty: isometry bound
  std::string sign = "+1";
  bool json = false;
  std::string grid_l, grid_t, csv;
  bool gd = false;
  std::string gd_step = "0.1", gd_tol = "1e-10";
  long long gd_iter = 200000;
};

template <class V>
std::vector<V> parse_list(const std::string& s, const char* flag) {
  std::vector<V> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty()) continue;
    try {
      size_t pos = 0;
      const double d = std::stod(item, &pos);
      // Range first: casting NaN or a double beyond 2^63 is undefined behaviour.
      if (pos != item.size() || !(std::fabs(d) <= 9.0e15) ||
          d != static_cast<double>(static_cast<long long>(d)))
        throw std::invalid_argument(item);
      out.push_back(static_cast<V>(d));
    } catch (const std::exception&) {
      throw input_error(std::string(flag) + ": '" + item + "' is not an integer (use e.g. 1000,5000,1e5)");
    }
  }
  if (out.empty()) throw input_error(std::string(flag) + " is empty: give a comma-separated list");
  return out;
}

std::string short_num(double x) {
  std::ostringstream os;
  os << std::setprecision(6) << x;
  return os.str();
}

template <class T>
std::string interval_text(const TInterval<T>& U) {
  if (U.empty) return "empty (" + U.reason + ")";
  return "(" + short_num(to_double(U.lo)) + ", " + (U.hi_infinite ? std::string("+inf") : short_num(to_double(U.hi))) + ")";
}

// Which footnotes a table used (printed only then).
struct Footnotes {
  bool star = false, undefined = false, neither = false;
  std::vector<std::string> undefined_notes;
};

template <class T>
std::string point_cell(const EscapePoint<T>& e, double v, double log10v, Footnotes& f) {
  if (!e.defined) {
    f.undefined = true;
    if (!e.note.empty() &&
        std::find(f.undefined_notes.begin(), f.undefined_notes.end(), e.note) == f.undefined_notes.end())
      f.undefined_notes.push_back(e.note);
    return "undef+";
  }
  if (!e.representable) {
    f.star = true;
    return "1e" + short_num(log10v) + "*";
  }
  return short_num(v);
}

template <class T>
int run_closed_form(const CfCmd& o) {
  if (!o.csv.empty()) require_writable_file(o.csv, "--csv");
  Instance<T> I = make_instance<T>(o.inst.spec);
  const SensingProblem<T>& P = I.problem;
  CriticalPoint<T> cp = refine_critical_point(P, I.start);
  require_spurious(cp, o.allow_second_order);
  const SodIngredients<T> s = sod_ingredients(P, cp.X, parse_sign(o.sign, "closed-form"));
  T delta;
  std::string delta_source;
  if (!o.delta.empty()) {
    delta = from_named_string<T>(o.delta, "--delta");
    delta_source = "user (--delta)";
  } else {
    delta = isometry_bound(P).delta;
    delta_source = "isometry bound: max(1 - lambda_min, lambda_max - 1) of the Gram operator of A on symmetric matrices";
  }
  const T rho = from_named_string<T>(o.rho, "--rho"), eta = from_named_string<T>(o.eta, "--eta");
  SingleStepResult<T> single = single_step(P, s, delta);
  single.delta_source = delta_source;

  const bool grid = !o.grid_l.empty() || !o.grid_t.empty();
  const std::vector<int> ls = o.grid_l.empty() ? std::vector<int>{o.l} : parse_list<int>(o.grid_l, "--grid-l");
  const std::vector<long long> ts =
      o.grid_t.empty() ? std::vector<long long>{o.t} : parse_list<long long>(o.grid_t, "--grid-t");
  GdOptions<T> gdo;
  gdo.step = from_named_string<T>(o.gd_step, "--gd-step");
  gdo.grad_tol = parse_nonnegative<T>(o.gd_tol, "--gd-tol", true);
  gdo.max_iter = o.gd_iter;

  nlohmann::json j;
  j["instance"] = I.name;
  j["precision"] = scalar_name<T>::value;
  j["point"] = matrix_to_json(cp.X);
  j["kind"] = to_string(cp.kind);
  j["lambda_n"] = num(s.lambda_n);
  j["sigma_r"] = num(s.sigma_r);
  j["sign"] = s.sign;
  j["sign_convention"] = SodIngredients<T>::sign_convention;
  j["h_local_min"] = num(P.h(cp.X));
  j["dist_truth_local_min"] = num(cp.dist_to_truth);
  j["delta"] = num(delta);
  j["delta_source"] = delta_source;
  const nlohmann::json sj = single_json(single);
  for (auto it = sj.begin(); it != sj.end(); ++it) j[it.key()] = it.value();
  j["single_point"] = sj["point"];
  j.erase("point");
  j["point"] = matrix_to_json(cp.X);

  std::vector<MultiStepResult<T>> rows;
  nlohmann::json jrows = nlohmann::json::array();
  std::vector<std::pair<std::string, std::string>> gd_ends;  // beta, gamma
  for (int l : ls) {
    for (long long t : ts) {
      MultiStepResult<T> R = multi_step(P, s, l, rho, eta, t, delta);
      nlohmann::json r = multi_json(R);
      std::string ge[2] = {"", ""};
      if (o.gd) {
        int k = 0;
        for (const EscapePoint<T>* e : {&R.beta_point, &R.gamma_point}) {
          const char* key = k == 0 ? "beta" : "gamma";
          if (e->defined && e->representable) {
            GdRun<T> g = gradient_descent(P, e->point, gdo, &cp.X);
            r[key]["gd_end"] = g.end + (g.z_sign.empty() || g.end != "ground_truth" ? "" : " " + g.z_sign);
            r[key]["gd"] = gd_json(g);
            ge[k] = r[key]["gd_end"].get<std::string>();
          } else {
            r[key]["gd_end"] = "not run (point undefined or not representable)";
            ge[k] = "-";
          }
          ++k;
        }
      }
      gd_ends.emplace_back(ge[0], ge[1]);
      jrows.push_back(r);
      rows.push_back(std::move(R));
    }
  }
  if (grid) {
    j["rows"] = jrows;
  } else {
    for (auto it = jrows[0].begin(); it != jrows[0].end(); ++it) j[it.key()] = it.value();
  }

  if (!o.csv.empty()) {
    std::ostringstream f;
    f << "l,t,dominant,U_beta_lo,U_beta_hi,U_gamma_lo,rho_min,beta_t,gamma_t";
    for (const char* k : {"beta", "gamma"})
      f << "," << k << "_representable," << k << "_dist_local," << k << "_dist_truth," << k << "_ratio_C3," << k
        << "_h_lower," << k << "_gd_end";
    f << "\n";
    for (size_t i = 0; i < rows.size(); ++i) {
      const auto& r = jrows[i];
      const auto& R = rows[i];
      f << R.l << "," << R.t << "," << R.dominant << ","
        << (R.U_beta.empty ? "empty" : num(R.U_beta.lo)) << ","
        << (R.U_beta.empty ? "empty" : (R.U_beta.hi_infinite ? std::string("inf") : num(R.U_beta.hi))) << ","
        << (R.U_gamma.empty ? "empty" : num(R.U_gamma.lo)) << "," << r["rho_min"].get<std::string>() << ","
        << r["beta_t"].get<std::string>() << "," << r["gamma_t"].get<std::string>();
      int k = 0;
      for (const EscapePoint<T>* e : {&R.beta_point, &R.gamma_point}) {
        const auto& pj = r[k == 0 ? "beta" : "gamma"];
        if (!e->defined) {
          f << ",undefined,,,,,";
        } else {
          f << "," << (e->representable ? "1" : "0") << "," << pj["dist_local"].get<std::string>() << ","
            << pj["dist_truth"].get<std::string>() << "," << pj["ratio_C3"].get<std::string>() << ","
            << (e->h_lower ? "1" : "0") << ",";
        }
        f << (k == 0 ? gd_ends[i].first : gd_ends[i].second);
        ++k;
      }
      f << "\n";
    }
    write_file_atomic(o.csv, f.str());
  }

  if (o.json) {
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << "instance   " << I.name << "   precision " << scalar_name<T>::value << "\n";
  std::cout << "X^         ";
  for (Eigen::Index k = 0; k < cp.X.size(); ++k) std::cout << (k ? ", " : "") << to_double(cp.X.data()[k]);
  std::cout << "   h = " << num(P.h(cp.X)) << "\n";
  std::cout << "lambda_n   " << num(s.lambda_n) << "   sigma_r " << num(s.sigma_r) << "   <E,uu^T> "
            << num(s.E_un_un) << "   (u_n sign " << s.sign << ")\n";
  std::cout << "delta      " << num(delta) << "   [" << delta_source << "]\n";
  std::cout << "-- single step (§4)\n";
  std::cout << "NCM " << num(single.ncm) << "  AIC " << num(single.aic) << "  EFS " << num(single.efs) << "\n";
  if (single.interval_exists)
    std::cout << "(4.6) rho in (" << num(single.rho_1) << ", " << num(single.rho_2) << ")  sign case "
              << single.sign_case << "  h(point) " << num(single.h_point) << "\n";
  else
    std::cout << "(4.6) no interval: Delta = " << num(single.discriminant) << ": " << single.interval_note << "\n";
  if (single.exact_interval_exists)
    std::cout << "exact descent set of X^ + rho u q^T (quartic, no RIP bound): rho in (" << num(single.exact_rho_1)
              << ", " << num(single.exact_rho_2) << ")\n";
  if (single.radii_defined)
    std::cout << "r1 " << num(single.r_1) << "  r2 " << num(single.r_2) << "  ||X^X^T-M*||_F^2 " << num(single.dist2)
              << "  Thm 4.4 case " << single.radius_case << "\n";
  else
    std::cout << "radii: " << single.radius_note << "\n";
  std::cout << "-- multi step (§5), rho " << o.rho << ", eta " << o.eta << "\n";
  std::cout << "(5.10) step-size bounds: " << rows.front().step_size_510 << "\n";
  size_t i = 0;
  Footnotes notes;
  for (int l : ls) {
    const auto& R0 = rows[i];
    // Every value the closed form cannot give says why, in words (issue 23).
    std::cout << "\nl = " << l << " => rho_min = "
              << (R0.rho_min_defined ? short_num(to_double(R0.rho_min)) +
                                           (R0.rho_gt_rho_min ? "  (rho > rho_min)" : "  (rho <= rho_min)")
                                     : std::string("not defined (E X^ = 0: (5.13) has no c-term)"))
              << "   U_beta = " << interval_text(R0.U_beta) << "   U_gamma = " << interval_text(R0.U_gamma) << "\n";
    std::cout << "   (5.14) "
              << (R0.l_bound_514_defined
                      ? "l > " + short_num(to_double(R0.l_bound_514)) + ": " + (R0.l_satisfies_514 ? "holds" : "fails")
                      : "gives no order bound: Xi-bar = " + short_num(to_double(R0.xi_bar)) +
                            " <= 1, so log2(Xi-bar) <= 0 and 2^(l/2) < Xi-bar has no solution l >= 1")
              << "\n   (5.17) "
              << (R0.conditions_defined ? std::string(R0.cond_517 ? "holds" : "fails")
                                        : std::string("not defined: 1 - delta <= 0 (delta = ") +
                                              short_num(to_double(delta)) + "), and (5.17) divides by 1 - delta")
              << "   (5.18) "
              << (R0.l_bound_518_defined
                      ? "l > " + short_num(to_double(R0.l_bound_518)) + ": " + (R0.cond_518 ? "holds" : "fails")
                      : std::string(R0.conditions_defined
                                        ? "gives no order bound: its denominator 1 - log2(2 base/dist^2) is 0"
                                        : "not defined: 1 - delta <= 0, and (5.18) divides by 1 - delta"))
              << "\n";
    std::cout << "   " << std::left << std::setw(10) << "t" << std::setw(6) << "dom" << std::setw(8) << "type"
              << std::setw(16) << "|X^X^T-X'X'^T|" << std::setw(16) << "|X'X'^T-ZZ^T|" << std::setw(12) << "ratio(C.3)"
              << std::setw(8) << "h<h^" << "X_final\n";
    for (size_t k = 0; k < ts.size(); ++k, ++i) {
      const auto& R = rows[i];
      const T tt = T(R.t);
      const bool inb = R.U_beta.contains(tt), ing = R.U_gamma.contains(tt);
      const EscapePoint<T>& e = inb ? R.beta_point : R.gamma_point;
      const std::string type = inb ? "beta" : (ing ? "gamma" : "none");
      std::cout << "   " << std::setw(10) << R.t << std::setw(6) << R.dominant << std::setw(8) << type;
      if (!inb && !ing) {
        std::cout << "- (t is in neither U_beta nor U_gamma: no multi-step escape point at this t)\n";
        continue;
      }
      if (!e.representable && e.defined) notes.star = true;
      std::cout << std::setw(16) << point_cell(e, to_double(e.dist_local), to_double(e.log10_dist_local), notes)
                << std::setw(16) << point_cell(e, to_double(e.dist_truth), to_double(e.log10_dist_truth), notes)
                << std::setw(12)
                << (!e.defined ? std::string("undef+") : e.representable ? short_num(to_double(e.ratio_C3)) : std::string("1*"))
                << std::setw(8) << (e.defined ? (e.h_lower ? "yes" : "no") : "-")
                << (o.gd ? (inb ? gd_ends[i].first : gd_ends[i].second) : std::string("(--gd)")) << "\n";
    }
  }
  std::cout << std::right;
  if (notes.star)
    std::cout << "\n* the escape point is not representable in " << scalar_name<T>::value
              << ": the distances are leading-term values 10^x, and ratio(C.3) tends to 1.";
  if (notes.undefined) {
    std::cout << "\n+ the escape point is not defined";
    for (const auto& n : notes.undefined_notes) std::cout << ": " << n;
    std::cout << ".";
  }
  std::cout << "\nFull digits, both escape types per row: --json / --csv.\n";
  return 0;
}

}  // namespace

void register_closed_form(CLI::App& app, int& status) {
  auto o = std::make_shared<CfCmd>();
  auto* sub = app.add_subcommand(
      "closed-form",
      "The paper's closed form (simulated side): EFS/NCM/AIC, (4.6) roots, radii, (5.8) coefficients, U_beta, "
      "U_gamma, rho_min, (5.14), (5.17), (5.18), beta/gamma escape points and (C.3); --grid-l/--grid-t for Table 5");
  add_instance_options(sub, o->inst, "bf50");
  auto* l_opt = sub->add_option("--l", o->l, "Lifting order (odd, >= 1)")->capture_default_str();
  sub->add_option("--rho", o->rho, "Escape step size rho in (0,1)")->capture_default_str();
  sub->add_option("--eta", o->eta, "TPGD step size eta in (0,1)")->capture_default_str();
  auto* t_opt = sub->add_option("--t", o->t, "Number of simulated TPGD steps t (>= 0; old spelling --steps)")
                    ->capture_default_str();
  auto* steps_opt = add_old_spelling(sub, t_opt, "--steps", o->t);
  sub->add_option("--delta", o->delta, "RIP constant delta_p (default: the isometry bound of A, stated)");
  sub->add_option("--sign", o->sign, "Sign of u_n: +1 (convention) or -1")->capture_default_str();
  // A grid replaces the single value: giving both is refused (issue 23), not silently overridden.
  sub->add_option("--grid-l", o->grid_l, "Comma-separated lifting orders, e.g. 3,5,7 (instead of --l)")
      ->excludes(l_opt);
  sub->add_option("--grid-t", o->grid_t, "Comma-separated step counts, e.g. 1000,5000,33500,1e5 (instead of --t)")
      ->excludes(t_opt)
      ->excludes(steps_opt);
  sub->add_option("--csv", o->csv, "Also write one CSV row per (l, t) to this file");
  sub->add_flag("--gd", o->gd, "Run gradient descent from each representable escape point (X_final of Table 5)");
  sub->add_option("--gd-step", o->gd_step, "GD step size")->capture_default_str();
  sub->add_option("--gd-iter", o->gd_iter, "GD iteration budget")->capture_default_str();
  sub->add_option("--gd-tol", o->gd_tol, "GD stops when ||grad h||_F <= this")->capture_default_str();
  add_allow_second_order_flag(sub, o->allow_second_order);
  sub->add_flag("--json", o->json, "Print one JSON object (numbers as full-digit strings)");
  set_instance_callback(sub, o, status, [o](auto tag) {
    return run_closed_form<typename decltype(tag)::type>(*o);
  });
}

}  // namespace sodlift::cli
