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
template <class T>
double min_digits(const std::vector<lifted::StepRecord<T>>& ex,
                  const std::vector<SubspaceRecord<T>>& sim, std::string& worst) {
  double best = 1e9;
  REQUIRE(ex.size() == sim.size());
  for (std::size_t k = 0; k < ex.size(); ++k) {
    const std::pair<const char*, std::pair<T, T>> q[] = {
        {"alpha", {ex[k].alpha, sim[k].alpha}},
        {"beta", {ex[k].beta, sim[k].beta}},
        {"gamma", {ex[k].gamma, sim[k].gamma}},
        {"h_lifted", {ex[k].h_lifted, sim[k].h_lifted}}};
    for (const auto& [name, v] : q) {
      const double d = correct_digits(v.first, v.second);
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
void compare(const Setup<T>& s, int l, const char* rho, const char* eta, double digits) {
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
  const double d = min_digits(ex, tr, worst);
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

TEST_CASE("explicit lifting and exact in-S PGD agree to >= 13 digits in double", "[cross][pgd]") {
  using T = double;
  for (const char* rho : {"1e-1", "1e-3"})
    for (const char* eta : {"1e-1", "1e-3"}) {
      compare(setup<T>("realworld"), 3, rho, eta, 13);
      compare(setup<T>("realworld"), 5, rho, eta, 13);
      compare(setup<T>("pmc"), 3, rho, eta, 13);
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
