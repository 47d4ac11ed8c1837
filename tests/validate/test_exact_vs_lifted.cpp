// Agreement of the two independent implementations of projected gradient
// descent in S = span{a,b,c}: the explicit lifting (lifted/, dense tensors,
// contraction, projection from the dense Gram) and the exact simulation at
// matrix cost (core/subspace_simulation, powers of inner products). Neither
// uses the other's formulas, so agreement to ~all digits is evidence that
// both are right (issue 5: >= 40 digits in bf50, >= 13 in double).
#include <catch2/catch.hpp>

#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/core/subspace_simulation.hpp"
#include "sodlift/lifted/descent.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;

namespace {

template <class T>
struct Setup {
  Instance<T> inst;
  SodIngredients<T> sod;
};

template <class T>
Setup<T> setup(const char* name) {
  InstanceSpec spec;
  spec.name = name;
  Setup<T> s{make_instance<T>(spec), {}};
  CriticalPoint<T> cp = refine_critical_point(s.inst.problem, s.inst.start);
  require_spurious(cp, /*allow_second_order=*/true);  // basic is a second-order saddle
  s.sod = sod_ingredients(s.inst.problem, cp.X);
  return s;
}

// Smallest number of correct digits over all steps and all four quantities.
// A coefficient that is exactly zero on both sides (a dropped generator)
// counts as fully correct.
// vector_scale = false: each coefficient relative to itself (significant digits).
// vector_scale = true: coefficients relative to max(|alpha|,|beta|,|gamma|),
// the scale of the round-off bound of a projection, |dc| <~ kappa(G) eps ||c||:
// a coefficient 1e-7 times smaller than the others cannot carry 13 significant
// digits in double on either side, whatever the implementation.
template <class T>
double min_digits(const std::vector<lifted::StepRecord<T>>& ex,
                  const std::vector<SubspaceRecord<T>>& sim, std::string& worst,
                  bool vector_scale = false) {
  double best = 1e9;
  REQUIRE(ex.size() == sim.size());
  for (std::size_t k = 0; k < ex.size(); ++k) {
    const std::pair<const char*, std::pair<T, T>> q[] = {
        {"alpha", {ex[k].alpha, sim[k].alpha}},
        {"beta", {ex[k].beta, sim[k].beta}},
        {"gamma", {ex[k].gamma, sim[k].gamma}},
        {"h_lifted", {ex[k].h_lifted, sim[k].h_lifted}}};
    using std::abs;
    T cscale = abs(sim[k].alpha);
    if (abs(sim[k].beta) > cscale) cscale = abs(sim[k].beta);
    if (abs(sim[k].gamma) > cscale) cscale = abs(sim[k].gamma);
    for (const auto& [name, v] : q) {
      double d = correct_digits(v.first, v.second);
      if (vector_scale && std::string(name) != "h_lifted") {
        const T err = abs(v.first - v.second);
        d = err == 0 ? digits10<T>() + 1.0 : -to_double(log10(err / cscale));
      }
      if (d < best) {
        best = d;
        worst = std::string(name) + " at t=" + std::to_string(k) + ": explicit " +
                decimal_string(v.first) + " vs exact-in-S " + decimal_string(v.second);
      }
    }
  }
  return best;
}

template <class T>
void compare(const Setup<T>& s, int l, const char* rho, const char* eta, double digits,
             bool vector_scale = false) {
  lifted::LiftedProblem<T> L(s.inst.problem, s.inst.search_rank, l);
  lifted::SubspaceBasis<T> S = lifted::make_subspace_basis(L, s.sod);
  lifted::DescentOptions o;
  o.rho = rho;
  o.eta = eta;
  o.steps = 20;
  auto ex = lifted::run_pgd(L, S, o);
  SubspaceSimulation<T> sim(s.inst.problem, s.sod, l);
  Vec<T> c0(3);
  c0 << T(1), from_string<T>(rho), T(0);
  auto tr = sim.trajectory(c0, from_string<T>(eta), 20);
  std::string worst;
  const double d = min_digits(ex, tr, worst, vector_scale);
  std::string worst_rel;
  const double d_rel = min_digits(ex, tr, worst_rel, false);
  INFO("significant digits (each value relative to itself): " << d_rel << "; worst " << worst_rel);
  INFO(s.inst.name << " l=" << l << " rho=" << rho << " eta=" << eta << " [" << scalar_name<T>::value
                   << "]: " << d << " digits; worst " << worst);
  CHECK(d >= digits);
  CHECK(S.rank == sim.rank());
}

}  // namespace

TEST_CASE("explicit lifting and exact in-S PGD agree to >= 40 digits in bf50", "[cross][pgd]") {
  using T = bf50;
  for (const char* rho : {"1e-1", "1e-3"})
    for (const char* eta : {"1e-1", "1e-3"}) {
      compare(setup<T>("basic"), 3, rho, eta, 40);
      compare(setup<T>("realworld"), 3, rho, eta, 40);
      compare(setup<T>("realworld"), 5, rho, eta, 40);
      compare(setup<T>("pmc"), 3, rho, eta, 40);
    }
}

// In double the coefficients are compared on the scale of the coefficient
// vector (see min_digits): gamma is ~eta rho sigma^l 2^(1-l), 1e-7..1e-3 of
// alpha = 1, so its significant digits are bounded far below 16 on either side
// (both metrics are printed on failure).
// Issue 5 asks for 13 digits in double; measured (this machine): >= 14.5 on
// the vector scale and >= 13.1 significant digits per coefficient on
// realworld (l = 3, 5) and pmc(3,0.3). Until the explicit PGD moved its
// coefficients by Pi_S(grad) instead of re-projecting the rounded tensor
// w - eta grad (lifted/src/descent_impl.hpp), realworld reached only 12.2:
// the lost digits were re-extraction of alpha ~ 1, not the contraction.
TEST_CASE("explicit lifting and exact in-S PGD agree to >= 13 digits in double",
          "[cross][pgd]") {
  using T = double;
  for (const char* rho : {"1e-1", "1e-3"})
    for (const char* eta : {"1e-1", "1e-3"}) {
      compare(setup<T>("realworld"), 3, rho, eta, 13, true);
      compare(setup<T>("realworld"), 5, rho, eta, 13, true);
      compare(setup<T>("pmc"), 3, rho, eta, 13, true);
    }
}

// r = 2: arbitrary generating matrices (no critical point needed for the
// agreement of two PGD implementations), a small Gaussian operator.
TEST_CASE("explicit lifting and exact in-S PGD agree for r = 2 (bf50)", "[cross][pgd]") {
  using T = bf50;
  InstanceSpec spec;
  spec.name = "gaussian";
  spec.n = 2;
  spec.m = 4;
  spec.r = 2;
  spec.seed = 3;
  Instance<T> I = make_instance<T>(spec);
  NormalStream g(17);
  std::array<Mat<T>, 3> X;
  for (auto& M : X) {
    M.resize(2, 2);
    for (int k = 0; k < 4; ++k) M.data()[k] = T(g.next());
  }
  const int l = 3;
  lifted::LiftedProblem<T> L(I.problem, 2, l);
  auto vecm = [](const Mat<T>& M) { return Vec<T>(Eigen::Map<const Vec<T>>(M.data(), M.size())); };
  lifted::SubspaceBasis<T> S = lifted::make_subspace_basis(L, vecm(X[0]), vecm(X[1]), vecm(X[2]));
  SubspaceSimulation<T> sim(I.problem, X, l);
  Vec<T> c(3);
  c << T(1), from_string<T>("0.1"), T(0);
  const T eta = from_string<T>("0.01");
  for (int t = 0; t < 10; ++t) {
    lifted::DenseTensor<T> w = lifted::combine(S, c);
    lifted::DenseTensor<T> grad = lifted::lifted_gradient(L, w);
    lifted::axpy(T(-eta), grad, w);
    Vec<T> ce = lifted::project_coefficients(S, w);
    Vec<T> cs = sim.step(c, eta);
    for (int k = 0; k < 3; ++k) {
      INFO("t=" << t << " k=" << k << " explicit " << decimal_string(ce(k)) << " exact " << decimal_string(cs(k)));
      CHECK(correct_digits(ce(k), cs(k)) >= 40);
    }
    c = cs;
  }
}
