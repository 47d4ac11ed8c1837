// The per-scalar part of the `sodlift` Python module: one submodule per
// scalar (sodlift._sodlift.double, .bf50, .bf100) holding the Instance class
// and its methods. bind_double.cpp, bind_bf50.cpp and bind_bf100.cpp each
// call bind_scalar<T> once; the mathematics is linked from the libraries
// (no template of core/ or lifted/ is instantiated here).
#pragma once

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "convert.hpp"
#include "long_call.hpp"
#include "sodlift/core/closed_form.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/escape_pipeline.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/core/subspace_simulation.hpp"
#include "sodlift/lifted/descent.hpp"
#include "sodlift/lifted/hessian.hpp"
#include "sodlift/lifted/lifted_problem.hpp"
#include "sodlift/lifted/subspace.hpp"
#include "sodlift/support/memory.hpp"

namespace sodlift::python {

// ------------------------------------------------------------------ results as dicts

template <class T>
py::dict critical_point_dict(const CriticalPoint<T>& c) {
  py::dict d;
  d["X"] = matrix_out(c.X);
  d["kind"] = to_string(c.kind);
  d["h"] = scalar_out(c.h);
  d["grad_norm"] = scalar_out(c.grad_norm);
  d["grad_tol"] = scalar_out(c.grad_tol);
  d["hessian_min_eig"] = scalar_out(c.hessian_min_eig);
  d["hessian_tol"] = scalar_out(c.hessian_tol);
  d["is_local_min"] = c.is_local_min;
  d["is_spurious"] = c.is_spurious;
  d["degenerate"] = c.degenerate;
  d["dist_to_truth"] = scalar_out(c.dist_to_truth);
  d["gd_iterations"] = c.gd_iterations;
  d["newton_iterations"] = c.newton_iterations;
  d["refine_method"] = c.refine_method;
  d["certification_method"] = c.certification_method;
  d["note"] = c.note;
  return d;
}

template <class T>
py::dict sod_dict(const SodIngredients<T>& s) {
  py::dict d;
  d["Xhat"] = matrix_out(s.Xhat);
  d["gradf"] = matrix_out(s.gradf);
  d["eigenvalues"] = vector_out(s.eigenvalues);
  d["lambda_n"] = scalar_out(s.lambda_n);
  d["u_n"] = vector_out(s.u_n);
  d["lambda_degenerate"] = s.lambda_degenerate;
  d["lambda_gap"] = scalar_out(s.lambda_gap);
  d["singular_values"] = vector_out(s.singular_values);
  d["sigma_r"] = scalar_out(s.sigma_r);
  d["rank"] = s.rank;
  d["v_r"] = vector_out(s.v_r);
  d["q_r"] = vector_out(s.q_r);
  d["sigma_degenerate"] = s.sigma_degenerate;
  d["E"] = matrix_out(s.E);
  d["un_dot_vr"] = scalar_out(s.un_dot_vr);
  d["E_un_un"] = scalar_out(s.E_un_un);
  d["sign"] = s.sign;
  d["sign_convention"] = SodIngredients<T>::sign_convention;
  return d;
}

template <class T>
py::dict single_dict(const SingleStepResult<T>& R) {
  py::dict d;
  d["delta"] = scalar_out(R.delta);
  d["delta_source"] = R.delta_source;
  d["ncm"] = scalar_out(R.ncm);
  d["aic"] = scalar_out(R.aic);
  d["efs"] = scalar_out(R.efs);
  d["E_un_un"] = scalar_out(R.E_un_un);
  d["discriminant"] = scalar_out(R.discriminant);
  d["constant_term_44"] = scalar_out(R.constant_term_44);
  d["constant_term_positive"] = R.constant_term_positive;
  d["sign_case"] = R.sign_case;
  d["rho_interval"] = R.interval_exists ? py::object(py::make_tuple(scalar_out(R.rho_1), scalar_out(R.rho_2)))
                                        : py::object(py::none());
  d["rho_interval_thm31"] = R.interval_exists
                                ? py::object(py::make_tuple(scalar_out(R.rho_1_thm31), scalar_out(R.rho_2_thm31)))
                                : py::object(py::none());
  d["rho_interval_reason"] = R.interval_note;
  d["exact_descent_interval"] =
      R.exact_interval_exists ? py::object(py::make_tuple(scalar_out(R.exact_rho_1), scalar_out(R.exact_rho_2)))
                              : py::object(py::none());
  d["dist2"] = scalar_out(R.dist2);
  d["radii_defined"] = R.radii_defined;
  d["r1"] = R.radii_defined ? scalar_out(R.r_1) : py::object(py::none());
  d["r2"] = R.radii_defined ? scalar_out(R.r_2) : py::object(py::none());
  d["radius_case"] = R.radius_case;
  d["theta"] = scalar_out(R.theta);
  d["probability_bound"] = scalar_out(R.probability_bound);
  d["radius_note"] = R.radius_note;
  d["point_defined"] = R.point_defined;
  d["rho"] = scalar_out(R.rho);
  d["point"] = R.point_defined ? matrix_out(R.point) : py::object(py::none());
  d["h_point"] = scalar_out(R.h_point);
  d["h_local_min"] = scalar_out(R.h_local_min);
  return d;
}

template <class T>
py::dict interval_dict(const TInterval<T>& U) {
  py::dict d;
  d["empty"] = U.empty;
  d["lo"] = U.empty ? py::object(py::none()) : scalar_out(U.lo);
  d["hi"] = U.empty ? py::object(py::none())
                    : (U.hi_infinite ? py::object(py::float_(std::numeric_limits<double>::infinity()))
                                     : scalar_out(U.hi));
  d["reason"] = U.reason;
  return d;
}

// A value a scalar may not hold: the number when representable, else its
// full-digit decimal string from log10 (closed_form.hpp, decimal_from_log10).
template <class T>
py::object maybe_value(bool representable, const T& value, const T& log10_abs, int sign) {
  return representable ? scalar_out(value) : py::object(py::str(decimal_from_log10(log10_abs, sign)));
}

template <class T>
py::dict escape_point_dict(const EscapePoint<T>& e) {
  py::dict d;
  d["type"] = e.type;
  d["defined"] = e.defined;
  d["note"] = e.note;
  if (!e.defined) return d;
  d["representable"] = e.representable;
  d["coefficient"] = maybe_value(e.representable, e.coefficient, e.log10_abs_coefficient, e.coefficient_sign);
  d["direction"] = matrix_out(e.direction);
  d["h_local_min"] = scalar_out(e.h_local_min);
  if (e.representable) {
    d["point"] = matrix_out(e.point);
    d["h"] = scalar_out(e.h);
    d["h_lower"] = e.h_lower;
    d["dist_local"] = scalar_out(e.dist_local);
    d["dist_truth"] = scalar_out(e.dist_truth);
    d["ratio_C3"] = scalar_out(e.ratio_C3);
  } else {
    d["point"] = py::none();
    d["dist_local"] = py::str(decimal_from_log10(e.log10_dist_local, 1));
    d["dist_truth"] = py::str(decimal_from_log10(e.log10_dist_truth, 1));
  }
  return d;
}

template <class T>
py::dict multi_dict(const MultiStepResult<T>& R) {
  py::dict d;
  d["l"] = R.l;
  d["t"] = R.t;
  d["rho"] = scalar_out(R.rho);
  d["eta"] = scalar_out(R.eta);
  d["delta"] = scalar_out(R.delta);
  const TpgdCoefficients<T>& c = R.coef;
  d["alpha_t"] = scalar_out(c.alpha);
  d["beta_t"] = maybe_value(c.beta_representable, c.beta, c.log10_abs_beta, 1);
  d["gamma_t"] = c.gamma_zero ? py::object(scalar_out(T(0)))
                              : maybe_value(c.gamma_representable, c.gamma, c.log10_abs_gamma, -1);
  d["log10_abs_beta"] = scalar_out(c.log10_abs_beta);
  d["log10_abs_gamma"] = scalar_out(c.log10_abs_gamma);
  d["q"] = scalar_out(c.q);
  d["log_q"] = scalar_out(c.log_q);
  d["norm_Xhat"] = scalar_out(R.norm_Xhat);
  d["norm_EXhat"] = scalar_out(R.norm_EXhat);
  d["dominant"] = R.dominant;
  d["EXhat_parallel_u"] = R.EXhat_parallel_u;
  d["log10_K"] = scalar_out(R.log10_K);
  d["K_ge_1"] = R.K_ge_1;
  d["U_beta"] = interval_dict(R.U_beta);
  d["U_gamma"] = interval_dict(R.U_gamma);
  d["rho_min"] = R.rho_min_defined ? scalar_out(R.rho_min) : py::object(py::none());
  d["rho_gt_rho_min"] = R.rho_gt_rho_min;
  d["Xi"] = scalar_out(R.Xi);
  d["xi_bar"] = scalar_out(R.xi_bar);
  d["l_bound_514"] = R.l_bound_514_defined ? scalar_out(R.l_bound_514) : py::object(py::none());
  d["l_satisfies_514"] = R.l_satisfies_514;
  d["conditions_defined"] = R.conditions_defined;
  d["cond_517"] = R.cond_517;
  d["cond_517_interval"] = py::make_tuple(scalar_out(R.cond_517_lower), scalar_out(R.cond_517_upper));
  d["cond_518"] = R.cond_518;
  d["l_bound_518"] = R.l_bound_518_defined ? scalar_out(R.l_bound_518) : py::object(py::none());
  d["beta"] = escape_point_dict(R.beta_point);
  d["gamma"] = escape_point_dict(R.gamma_point);
  d["notes"] = R.notes;
  return d;
}

template <class T>
py::dict gd_run_dict(const GdRun<T>& r) {
  py::dict d;
  d["X"] = matrix_out(r.X);
  d["iterations"] = r.iterations;
  d["grad_norm"] = scalar_out(r.grad_norm);
  d["h"] = scalar_out(r.h);
  d["dist_truth"] = scalar_out(r.dist_truth);
  d["dist_spurious"] = scalar_out(r.dist_spurious);
  d["converged"] = r.converged;
  d["diverged"] = r.diverged;
  d["end"] = r.end;
  d["z_sign"] = r.z_sign;
  return d;
}

// ------------------------------------------------------------------ the Instance class

template <class T>
struct PyInstance {
  Instance<T> inst;
};

template <class T>
Instance<T> instance_from_arrays(py::handle A, py::handle Z, py::handle start, const std::string& name,
                                 std::size_t mem_budget) {
  py::array a = numpy().attr("asarray")(A, "dtype"_a = py::none());
  if (a.ndim() != 3)
    throw input_error("A: expected a 3-D array (m matrices of n x n), got " + std::to_string(a.ndim()) +
                      " dimensions");
  std::vector<Mat<T>> mats;
  for (py::ssize_t i = 0; i < a.shape(0); ++i)
    mats.push_back(matrix_in<T>(py::object(a[py::int_(i)]), "A[" + std::to_string(i) + "]"));
  Instance<T> I;
  I.name = name;
  I.description = "dense instance from arrays (Python)";
  I.problem = SensingProblem<T>(std::move(mats), matrix_in<T>(Z, "Z"));
  if (mem_budget) I.problem.set_memory_budget(mem_budget);
  I.search_rank = I.problem.truth_rank();
  if (!start.is_none()) {
    I.start = matrix_in<T>(start, "start");
    I.problem.check_point(I.start, "start");
    I.search_rank = static_cast<int>(I.start.cols());
  }
  return I;
}

template <class T>
Instance<T> instance_from_entries(int n, py::handle entries, py::handle Z, py::handle start, const std::string& name,
                                  std::size_t mem_budget) {
  std::vector<SampledEntry<T>> E;
  std::size_t k = 0;
  for (py::handle e : entries) {
    const std::string what = "entries[" + std::to_string(k++) + "]";
    py::sequence s;
    try {
      s = py::reinterpret_borrow<py::sequence>(e);
      if (!py::isinstance<py::sequence>(e) || py::len(s) != 3) throw std::exception();
    } catch (...) {
      throw input_error(what + ": expected (i, j, w) with 0-based i, j and a weight w");
    }
    SampledEntry<T> x;
    try {
      x.i = s[0].cast<int>();
      x.j = s[1].cast<int>();
    } catch (py::cast_error&) {
      throw input_error(what + ": i and j must be integers (0-based indices)");
    }
    x.w = scalar_in<T>(py::object(s[2]), what + " weight");
    E.push_back(x);
  }
  Instance<T> I;
  I.name = name;
  I.description = "entry-sampling instance from arrays (Python)";
  I.problem = SensingProblem<T>(n, std::move(E), matrix_in<T>(Z, "Z"), mem_budget);
  I.search_rank = I.problem.truth_rank();
  if (!start.is_none()) {
    I.start = matrix_in<T>(start, "start");
    I.problem.check_point(I.start, "start");
    I.search_rank = static_cast<int>(I.start.cols());
  }
  return I;
}

// The point X to work at: given, or the instance's start (refined first).
template <class T>
Mat<T> start_or(const Instance<T>& I, py::handle X, const char* what) {
  if (!X.is_none()) {
    Mat<T> M = matrix_in<T>(X, what);
    I.problem.check_point(M, what);
    return M;
  }
  if (I.start.size() == 0)
    throw input_error(std::string(what) + ": this instance has no start point; pass " + what + "=<n x r array>");
  return I.start;
}

template <class T>
T delta_or_bound(const SensingProblem<T>& P, py::handle delta, std::string& source) {
  if (!delta.is_none()) {
    source = "user (delta=)";
    return scalar_in<T>(delta, "delta");
  }
  source =
      "isometry bound: max(1 - lambda_min, lambda_max - 1) of the Gram operator of A on symmetric matrices";
  return isometry_bound(P).delta;
}

// The number of steps is `t`, as the command line's --t (issue 23);
// `steps` is the old spelling, accepted for one version with a
// DeprecationWarning. Both at once is an input error; neither gives `dflt`
// (simulate has none: t is required).
inline long long steps_arg(const char* method, py::object t, py::object steps, bool has_default,
                           long long dflt) {
  if (!t.is_none() && !steps.is_none())
    throw input_error(std::string(method) + ": t= excludes steps= (steps= is the old spelling of t=); give only t=");
  if (!steps.is_none()) {
    const std::string msg = std::string(method) +
                            ": steps= is the old spelling of t= (the command line's --t); it will be "
                            "removed in the next version";
    if (PyErr_WarnEx(PyExc_DeprecationWarning, msg.c_str(), 1) != 0) throw py::error_already_set();
    return steps.cast<long long>();
  }
  if (!t.is_none()) return t.cast<long long>();
  if (!has_default)
    throw input_error(std::string(method) + " needs t= (the number of steps, the command line's --t)");
  return dflt;
}

inline void check_sign(int sign) {
  if (sign != 1 && sign != -1) throw input_error("sign " + std::to_string(sign) + ": use +1 or -1 (the sign of u_n)");
}

template <class T>
void bind_scalar(py::module_& parent, const char* name, const char* bits_doc) {
  py::module_ m = parent.def_submodule(name, bits_doc);
  m.attr("precision") = scalar_name<T>::value;
  m.attr("bits") = std::numeric_limits<T>::digits;
  m.attr("digits10") = std::numeric_limits<T>::digits10;
  using PI = PyInstance<T>;
  py::class_<PI> c(m, "Instance",
                   "A matrix-sensing instance (P1): h(X) = 1/2 ||A(XX^T) - b||^2, b = A(ZZ^T), in this "
                   "precision. Build it with sodlift.instance(), sodlift.dense_instance(), "
                   "sodlift.entry_sampling_instance() or sodlift.load_instance().");

  m.def("builtin", [](const std::string& nm, int n, const std::string& eps, int mm, int r, std::uint64_t seed,
                      py::object start, std::size_t mem_budget) {
    InstanceSpec spec;
    spec.name = nm;
    spec.n = n;
    spec.eps = eps;
    spec.m = mm;
    spec.r = r;
    spec.seed = seed;
    spec.mem_budget = mem_budget;
    if (!start.is_none()) {
      Mat<T> S = matrix_in<T>(start, "start");
      for (Eigen::Index j = 0; j < S.cols(); ++j)
        for (Eigen::Index i = 0; i < S.rows(); ++i) spec.start.push_back(decimal_string(S(i, j)));
    }
    return PI{long_call([&] { return make_instance<T>(spec); })};
  });
  m.def("from_arrays", [](py::object A, py::object Z, py::object start, const std::string& nm, std::size_t budget) {
    return PI{instance_from_arrays<T>(A, Z, start, nm, budget)};
  });
  m.def("from_entries", [](int n, py::object entries, py::object Z, py::object start, const std::string& nm,
                           std::size_t budget) {
    return PI{instance_from_entries<T>(n, entries, Z, start, nm, budget)};
  });
  m.def("from_json", [](const std::string& text, std::size_t budget) {
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
      throw input_error(std::string("instance JSON: not valid JSON (") + e.what() + "); pass the text written by "
                        "`sodlift instance --save` or Instance.to_json()");
    }
    return PI{instance_from_json<T>(j, budget)};
  });

  c.def_property_readonly("name", [](const PI& p) { return p.inst.name; })
      .def_property_readonly("description", [](const PI& p) { return p.inst.description; })
      .def_property_readonly("precision", [](const PI&) { return scalar_name<T>::value; })
      .def_property_readonly("n", [](const PI& p) { return p.inst.problem.n(); })
      .def_property_readonly("m", [](const PI& p) { return p.inst.problem.m(); })
      .def_property_readonly("search_rank", [](const PI& p) { return p.inst.search_rank; })
      .def_property_readonly("operator", [](const PI& p) { return std::string(to_string(p.inst.problem.kind())); })
      .def_property_readonly("random", [](const PI& p) { return p.inst.random; })
      .def_property_readonly("seed", [](const PI& p) { return p.inst.seed; })
      .def_property_readonly("generator", [](const PI& p) { return p.inst.generator; })
      .def_property_readonly("start",
                             [](const PI& p) -> py::object {
                               if (p.inst.start.size() == 0) return py::none();
                               return matrix_out(p.inst.start);
                             })
      .def_property_readonly("Z", [](const PI& p) { return matrix_out(p.inst.problem.Z()); })
      .def_property_readonly("M_star", [](const PI& p) { return matrix_out(p.inst.problem.M_star()); })
      .def_property_readonly("b", [](const PI& p) { return vector_out(p.inst.problem.b()); })
      .def("__repr__",
           [](const PI& p) {
             return "<sodlift.Instance " + p.inst.name + " n=" + std::to_string(p.inst.problem.n()) +
                    " m=" + std::to_string(p.inst.problem.m()) + " " + to_string(p.inst.problem.kind()) + " " +
                    scalar_name<T>::value + ">";
           })
      .def("to_json", [](const PI& p) { return instance_to_json(p.inst).dump(2); },
           "The instance as JSON text, every number a full-digit decimal string (README \"Instance files\"); "
           "sodlift.load_instance() and `sodlift --instance file` read it back.")
      .def("h",
           [](const PI& p, py::object X) {
             Mat<T> M = matrix_in<T>(X, "X");
             p.inst.problem.check_point(M, "X");
             return scalar_out(p.inst.problem.h(M));
           },
           py::arg("X"), "h(X) = 1/2 ||A(XX^T) - b||^2, the objective of (P1).")
      .def("grad_h",
           [](const PI& p, py::object X) {
             Mat<T> M = matrix_in<T>(X, "X");
             p.inst.problem.check_point(M, "X");
             return matrix_out(p.inst.problem.grad_h(M));
           },
           py::arg("X"), "grad h(X) = 2 grad f(XX^T) X, (1.2), with grad f(M) = A*(A(M) - b).")
      .def("isometry_bound",
           [](const PI& p) {
             IsometryBound<T> ib = long_call([&] { return isometry_bound(p.inst.problem); });
             py::dict d;
             d["lambda_min"] = scalar_out(ib.lambda_min);
             d["lambda_max"] = scalar_out(ib.lambda_max);
             d["delta"] = scalar_out(ib.delta);
             d["method"] = ib.method;
             return d;
           },
           "delta = max(1 - lambda_min, lambda_max - 1) of the Gram operator of A on symmetric matrices "
           "(a valid RIP constant delta_p for every rank p; SPEC §2.1).")
      .def("certify",
           [](const PI& p, py::object X, bool refine) {
             Mat<T> M = start_or(p.inst, X, "X");
             CriticalPoint<T> cp = long_call([&] {
               return refine ? refine_critical_point(p.inst.problem, M) : certify_point(p.inst.problem, M);
             });
             return critical_point_dict(cp);
           },
           py::arg("X") = py::none(), py::arg("refine") = true,
           "Refine X (default: the instance's start) to a critical point of h (GD in double, then Newton in "
           "this precision) and certify it: gradient at round-off level, Hessian PSD modulo rotations, h > 0 "
           "(paper §1.1, App. C). refine=False certifies X as given. Returns a dict; 'kind' is one of "
           "spurious_local_min, global_min, saddle, second_order_saddle, not_converged.")
      .def("sod_ingredients",
           [](const PI& p, py::object X, int sign) {
             check_sign(sign);
             Mat<T> M = matrix_in<T>(X, "X");
             p.inst.problem.check_point(M, "X");
             return sod_dict(long_call([&] { return sod_ingredients(p.inst.problem, M, sign); }));
           },
           py::arg("X"), py::arg("sign") = 1,
           "SOD ingredients at a critical point X̂ (paper §1.2, §3): grad f(X̂X̂^T), its eigenvalues "
           "(descending) and (lambda_n, u_n), the thin SVD of X̂ and (sigma_r, v_r, q_r), "
           "E = A*A(u_n v_r^T + v_r u_n^T), <u_n, v_r> and <E, u_n u_n^T>. sign=-1 flips u_n (and E).")
      .def("closed_form",
           [](const PI& p, int l, py::object rho, py::object eta, long long t, py::object delta, py::object X,
              int sign, bool allow_second_order) {
             check_sign(sign);
             const T rh = scalar_in<T>(rho, "rho"), et = scalar_in<T>(eta, "eta");
             Mat<T> M = start_or(p.inst, X, "X");
             std::string source;
             std::optional<T> dgiven;
             if (!delta.is_none()) dgiven = scalar_in<T>(delta, "delta");
             auto [cp, single, multi] = long_call([&] {
               CriticalPoint<T> c0 = refine_critical_point(p.inst.problem, M);
               require_spurious(c0, allow_second_order);
               SodIngredients<T> s = sod_ingredients(p.inst.problem, c0.X, sign);
               const T d = dgiven ? *dgiven : isometry_bound(p.inst.problem).delta;
               SingleStepResult<T> s1 = single_step(p.inst.problem, s, d);
               MultiStepResult<T> s2 = multi_step(p.inst.problem, s, l, rh, et, t, d);
               return std::make_tuple(c0, s1, s2);
             });
             source = dgiven ? "user (delta=)"
                             : "isometry bound: max(1 - lambda_min, lambda_max - 1) of the Gram operator of A on "
                               "symmetric matrices";
             single.delta_source = source;
             py::dict d;
             d["point"] = critical_point_dict(cp);
             d["single"] = single_dict(single);
             d["multi"] = multi_dict(multi);
             d["delta_source"] = source;
             return d;
           },
           py::arg("l"), py::arg("rho"), py::arg("eta"), py::arg("t"), py::arg("delta") = py::none(),
           py::arg("X") = py::none(), py::arg("sign") = 1, py::arg("allow_second_order") = false,
           "The paper's closed form at the certified spurious point refined from X (default: the start), "
           "as `sodlift closed-form`: 'single' = single-step SOD (Def. 4.3 EFS/NCM/AIC, (4.4), roots (4.6), "
           "Thm 3.1, radii (4.9)/(4.10), point (4.11)); 'multi' = (5.8) coefficients alpha~, beta~(t), "
           "gamma~(t), U_beta/U_gamma (Prop. 5.4), (5.13), (5.14), (5.17), (5.18), and the escape points "
           "(5.15) 'beta' and (5.16) 'gamma' with (C.3) distances. l odd >= 1, rho and eta in (0, 1), t >= 0; "
           "delta defaults to the isometry bound. Raises PreconditionError unless the point is a certified "
           "spurious minimum (allow_second_order=True accepts a second-order saddle).")
      .def("escape",
           [](const PI& p, const std::string& type, int l, py::object rho, py::object eta, long long t,
              py::object delta, py::object start, int sign, bool allow_second_order, py::object step,
              long long max_iter) {
             check_sign(sign);
             EscapeOptions<T> o;
             o.type = type;
             o.l = l;
             o.rho = scalar_in<T>(rho, "rho");
             o.eta = scalar_in<T>(eta, "eta");
             o.t = t;
             if (!delta.is_none()) {
               o.delta_given = true;
               o.delta = scalar_in<T>(delta, "delta");
             }
             o.sign = sign;
             o.allow_second_order = allow_second_order;
             o.gd.step = scalar_in_or<T>(step, o.gd.step, "step");
             o.gd.max_iter = max_iter;
             Mat<T> S = start_or(p.inst, start, "start");
             EscapeResult<T> e = long_call([&] { return escape_pipeline(p.inst.problem, S, o); });
             py::dict d;
             d["first"] = gd_run_dict(e.first);
             d["Xhat"] = matrix_out(e.Xhat);
             d["certification"] = e.certification;
             d["delta"] = scalar_out(e.delta);
             d["delta_source"] = e.delta_source;
             d["single"] = single_dict(e.single);
             d["multi"] = multi_dict(e.multi);
             d["chosen_type"] = e.chosen_type;
             d["choice_reason"] = e.choice_reason;
             d["escape_point"] = matrix_out(e.escape_point);
             d["h_escape"] = scalar_out(e.h_escape);
             d["h_spurious"] = scalar_out(e.h_spurious);
             d["second"] = gd_run_dict(e.second);
             d["gd_precision"] = e.gd_precision;
             return d;
           },
           py::arg("type") = "auto", py::arg("l") = 3, py::arg("rho") = "0.1", py::arg("eta") = "0.1",
           py::arg("t") = 5000, py::arg("delta") = py::none(), py::arg("start") = py::none(),
           py::arg("sign") = 1, py::arg("allow_second_order") = false, py::arg("step") = py::none(),
           py::arg("max_iter") = 200000,
           "GD -> SOD -> GD, as `sodlift escape`: GD from start to a spurious point, certification, the "
           "escape point of the chosen type ('single' (4.11), 'beta' (5.15), 'gamma' (5.16) or 'auto'), then "
           "GD from it; 'second'['end'] says where it ends (ground_truth with '+Z'/'-Z', same_spurious, "
           "other_critical, divergence, not_converged). GD uses a fixed step (default 0.1).")
      .def("simulate",
           [](const PI& p, int l, py::object rho, py::object eta, py::object t, long long record_every,
              py::object c0, py::object X, int sign, bool allow_second_order, py::object old_steps) {
             const long long steps = steps_arg("simulate", t, old_steps, false, 0);
             check_sign(sign);
             const T rh = scalar_in<T>(rho, "rho"), et = scalar_in<T>(eta, "eta");
             if (steps < 0) throw input_error("t " + std::to_string(steps) + ": must be >= 0 (the number of PGD steps)");
             if (record_every < 1)
               throw input_error("record_every " + std::to_string(record_every) + ": must be >= 1");
             Vec<T> c(3);
             if (c0.is_none()) {
               c << T(1), rh, T(0);
             } else {
               Mat<T> C = matrix_in<T>(c0, "c0");
               if (C.size() != 3) throw input_error("c0: needs three numbers (alpha, beta, gamma)");
               for (int k = 0; k < 3; ++k) c(k) = C.data()[k];
             }
             Mat<T> M = start_or(p.inst, X, "X");
             auto [sim_info, tr] = long_call([&] {
               CriticalPoint<T> cp = refine_critical_point(p.inst.problem, M);
               require_spurious(cp, allow_second_order);
               SodIngredients<T> s = sod_ingredients(p.inst.problem, cp.X, sign);
               SubspaceSimulation<T> sim(p.inst.problem, s, l);
               auto records = sim.trajectory(c, et, steps, record_every);
               return std::make_pair(std::make_tuple(sim.rank(), sim.dropped_names(), sim.condition()), records);
             });
             py::list recs;
             for (const SubspaceRecord<T>& r : tr) {
               py::dict d;
               d["t"] = r.t;
               d["alpha"] = scalar_out(r.alpha);
               d["beta"] = scalar_out(r.beta);
               d["gamma"] = scalar_out(r.gamma);
               d["h_lifted"] = scalar_out(r.h_lifted);
               d["h_lifted_at_a"] = scalar_out(r.h_lifted_at_a);
               d["norm_a"] = scalar_out(r.norm_a);
               d["norm_b"] = scalar_out(r.norm_b);
               d["norm_c"] = scalar_out(r.norm_c);
               recs.append(d);
             }
             py::dict d;
             d["records"] = recs;
             d["gram_rank"] = std::get<0>(sim_info);
             d["dropped"] = std::get<1>(sim_info);
             d["condition"] = scalar_out(std::get<2>(sim_info));
             d["objective_scale"] = kLiftedScaleText;
             return d;
           },
           py::arg("l"), py::arg("rho"), py::arg("eta"), py::arg("t") = py::none(), py::arg("record_every") = 1,
           py::arg("c0") = py::none(), py::arg("X") = py::none(), py::arg("sign") = 1,
           py::arg("allow_second_order") = false, py::arg("steps") = py::none(),
           "Exact projected GD in S = span{a, b, c} at matrix cost (Algorithm 1 steps 1.1-1.2 with "
           "a = X̂^{⊗l}, b = (u_n q_r^T)^{⊗l}, c = (E X̂)^{⊗l}, (5.1)), as `sodlift simulate`, for t steps "
           "(required; steps= is its old spelling, deprecated): w(0) = a + rho b "
           "(c0 = (1, rho, 0)) unless c0 is given; records every record_every steps hold alpha, beta, gamma "
           "and h^l (scale 1/4). A singular Gram matrix drops the dependent generator ('dropped').")
      .def("lifted",
           [](const PI& p, const std::string& mode, int l, py::object rho, py::object eta, py::object t,
              std::size_t mem_budget, py::object X, int sign, bool allow_second_order, py::object old_steps) {
             const long long steps_ll = steps_arg("lifted", t, old_steps, true, 10);
             if (steps_ll < std::numeric_limits<int>::min() || steps_ll > std::numeric_limits<int>::max())
               throw input_error("t " + std::to_string(steps_ll) + ": out of range for lifted (e.g. t=10)");
             const int steps = static_cast<int>(steps_ll);
             check_sign(sign);
             if (mode != "pgd" && mode != "tpgd" && mode != "gd")
               throw input_error("mode '" + mode + "': use pgd, tpgd or gd");
             lifted::DescentOptions o;
             o.rho = decimal_string(scalar_in<T>(rho, "rho"));
             o.eta = decimal_string(scalar_in<T>(eta, "eta"));
             o.steps = steps;
             lifted::check_descent_options<T>(o);
             Mat<T> M = start_or(p.inst, X, "X");
             auto out = long_call([&] {
               CriticalPoint<T> cp = refine_critical_point(p.inst.problem, M);
               require_spurious(cp, allow_second_order);
               SodIngredients<T> s = sod_ingredients(p.inst.problem, cp.X, sign);
               const std::size_t budget = effective_memory_budget(mem_budget);
               lifted::LiftedProblem<T> L(p.inst.problem, static_cast<int>(cp.X.cols()), l, budget);
               lifted::SubspaceBasis<T> S = lifted::make_subspace_basis(L, s);
               std::vector<lifted::StepRecord<T>> recs = mode == "pgd"    ? lifted::run_pgd(L, S, o)
                                                         : mode == "tpgd" ? lifted::run_tpgd(L, S, o)
                                                                          : lifted::run_gd(L, S, o);
               return std::make_tuple(recs, S.rank, S.dropped, L.bytes_needed());
             });
             py::list recs;
             for (const auto& r : std::get<0>(out)) {
               py::dict d;
               d["t"] = r.t;
               d["alpha"] = scalar_out(r.alpha);
               d["beta"] = scalar_out(r.beta);
               d["gamma"] = scalar_out(r.gamma);
               d["h_lifted"] = scalar_out(r.h_lifted);
               d["h_lifted_at_a"] = scalar_out(r.h_at_a);
               d["grad_norm"] = scalar_out(r.grad_norm);
               d["dist_to_S"] = scalar_out(r.dist_to_S);
               if (mode == "tpgd") {
                 py::dict dropped;
                 for (const auto& [k, v] : r.dropped) dropped[py::str(k)] = scalar_out(v);
                 d["dropped"] = dropped;
                 d["pgd_tpgd_gap"] = scalar_out(r.pgd_tpgd_gap);
               }
               recs.append(d);
             }
             py::dict d;
             d["records"] = recs;
             d["gram_rank"] = std::get<1>(out);
             d["dropped"] = std::get<2>(out);
             d["bytes"] = static_cast<double>(std::get<3>(out));
             d["objective_scale"] = lifted::kObjectiveScaleText;
             return d;
           },
           py::arg("mode"), py::arg("l"), py::arg("rho"), py::arg("eta"), py::arg("t") = py::none(),
           py::arg("mem_budget") = 0, py::arg("X") = py::none(), py::arg("sign") = 1,
           py::arg("allow_second_order") = false, py::arg("steps") = py::none(),
           "Explicit lifting (ground truth, small n), as `sodlift lifted pgd|tpgd|gd`, for t steps (default "
           "10; steps= is its old spelling, deprecated): order-l tensors built "
           "and contracted; 'pgd' = real PGD onto span{a, b, c} (Algorithm 1 steps 1.1-1.2), 'tpgd' = the "
           "literal truncated step keeping H_1^1 and H_2^1 (Lemma B.1) with every dropped sub-term's norm, "
           "'gd' = plain lifted GD. Start w = a + rho b (3.1); h^l has scale 1/4. The memory guard refuses "
           "(MemoryBudgetError) a lifting beyond mem_budget bytes (0: half the available memory).");
  // ---- lifted Hessian (issue 21; lifted/hessian.hpp) -------------------
  // Same pipeline as `sodlift lifted hessian`: refine + certify the point,
  // SOD ingredients, then the Hessian of h^l at vec(X̂)^{⊗l} per order l.
  c.def(
      "lifted_hessian",
      [](const PI& p, int l, std::size_t mem_budget, py::object X, int sign, bool allow_second_order,
         std::size_t full_max_dim) {
        check_sign(sign);
        if (l < 1) throw input_error("l = " + std::to_string(l) + ": the lifting order must be >= 1; use e.g. l=5");
        Mat<T> M = start_or(p.inst, X, "X");
        auto out = long_call([&] {
          CriticalPoint<T> cp = refine_critical_point(p.inst.problem, M);
          require_spurious(cp, allow_second_order);
          SodIngredients<T> s = sod_ingredients(p.inst.problem, cp.X, sign);
          lifted::LandscapeOptions opt;
          opt.mem_budget = mem_budget;
          opt.full_max_dim = full_max_dim;
          const int N = p.inst.problem.n() * static_cast<int>(cp.X.cols());
          require_memory(lifted::landscape_sym_bytes(N, l, sizeof(T), opt.lanczos_max_basis, opt.dense_max_dim),
                         opt.mem_budget,
                         "l = " + std::to_string(l) + ": the lifted Hessian on the symmetric tensors of order " +
                             std::to_string(l) + " over R^" + std::to_string(N),
                         "lower l");
          return std::make_pair(lifted::lifted_landscape(p.inst.problem, s, l, opt),
                                lifted::saddle_theorem(p.inst.problem, s));
        });
        const auto& R = out.first;
        const auto& th = out.second;
        py::dict d;
        d["l"] = R.l;
        d["sym_dim"] = R.sym_dim;
        d["lambda_min_sym"] = scalar_out(R.lambda_min_sym);
        d["residual_sym"] = scalar_out(R.residual_sym);
        d["lambda_min_full"] = R.full_computed ? scalar_out(R.lambda_min_full) : py::object(py::none());
        d["full_note"] = R.full_note;
        d["rayleigh_b"] = scalar_out(R.rayleigh_b);
        d["rayleigh_b_printed"] = scalar_out(R.rayleigh_b_printed);
        d["cos_min_b"] = scalar_out(R.cos_min_b);
        d["proj_min_S"] = scalar_out(R.proj_min_S);
        d["lambda_min_S"] = scalar_out(R.lambda_min_S);
        d["saddle"] = R.saddle;
        d["decided"] = R.decided;
        d["method"] = R.method_sym;
        d["holds_27"] = th.holds27;
        d["beta"] = scalar_out(th.beta);
        d["bound_28"] = th.bound_finite ? scalar_out(th.bound28) : py::object(py::none());
        d["objective_scale"] = lifted::kObjectiveScaleText;
        return d;
      },
      py::arg("l"), py::arg("mem_budget") = 0, py::arg("X") = py::none(), py::arg("sign") = 1,
      py::arg("allow_second_order") = false, py::arg("full_max_dim") = 60000,
      "The Hessian of h^l at a = vec(X̂)^{⊗l} (arXiv:2302.07828; SPEC: Hess h^l(a) = 2 K^{⊗l} + G^{⊗l} - B^{⊗l}, "
      "matrix-free), as `sodlift lifted hessian --l L`: lambda_min on symmetric tensors (and on all tensors "
      "when (nr)^l <= full_max_dim), b^T H b / b^T b and (29) as printed, |cos| of the minimiser with b, its "
      "projection on S = span{a, b, c}, lambda_min of H on S, 'saddle', and the hypothesis (27) / bound (28) "
      "of Ma et al.'s theorem. h^l has scale 1/4: the lifting papers' Hessians are 4x these. "
      "MemoryBudgetError beyond mem_budget bytes (0: half the available memory).");
}

}  // namespace sodlift::python
