// TrialPrefix (methods.hpp): gd and the escape methods continue from one
// shared GD prefix + certification; pgd-noise and restarts from the state
// of that GD run where the gradient first fell to their threshold. Reference: the same method run alone
// (run_method without a prefix), which computes its own GD from X0 and its
// own certification. Every field of the record except the wall times must be
// equal, bit for bit, in the cases where sharing could go wrong: GD stopping
// at grad_tol inside the prefix, divergence inside the prefix, a start at the
// truth (no escape needed), a second escape (not shared), traces on some
// methods and not others, and methods run in any order.
#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "sodlift/core/instances.hpp"
#include "sodlift/experiments/methods.hpp"

using namespace sodlift;

namespace {
Instance<double> pmc(int n, const std::string& eps) {
  InstanceSpec s;
  s.name = "pmc";
  s.n = n;
  s.eps = eps;
  return make_instance<double>(s);
}
nlohmann::json without_times(const MethodResult& r) {
  auto j = to_json(r);
  j.erase("seconds");
  j.erase("escape_seconds");
  for (auto& e : j["escapes"]) e.erase("seconds");
  return j;
}
// All nine methods with the shared prefix (trace only on gd and gd+sod, as
// the fig10 study does), each compared with the method run alone.
void check_shared_equals_alone(const SensingProblem<double>& P, const Mat<double>& X0,
                               const ProtocolOptions& o, const ProblemFacts& facts,
                               std::vector<std::string> methods) {
  TrialPrefix shared(P, X0, o);
  for (const auto& m : methods) {
    ProtocolOptions om = o;
    if (m != "gd" && m != "gd+sod") om.trace_every = 0;
    const auto a = run_method(m, P, X0, om, 11, facts, &shared);
    const auto b = run_method(m, P, X0, om, 11, facts);
    INFO(m);
    CHECK(without_times(a) == without_times(b));
    CHECK(a.X == b.X);
    CHECK(a.seconds >= a.escape_seconds);
  }
}
}  // namespace

TEST_CASE("shared prefix: every method's record equals the method run alone",
          "[methods][prefix]") {
  auto I = pmc(20, "0.10");
  const auto& P = I.problem;
  const auto facts = problem_facts(P);
  auto all = method_names();
  ProtocolOptions o;  // the paper's protocol
  o.trace_every = 100;
  SECTION("paper protocol, several seeds") {
    for (std::uint64_t seed : {1u, 2u, 3u}) {
      const Mat<double> X0 = small_initialisation(P.n(), 1, o.zeta, seed);
      check_shared_equals_alone(P, X0, o, facts, all);
    }
  }
  SECTION("methods in reverse order (the first user computes the prefix)") {
    std::vector<std::string> rev(all.rbegin(), all.rend());
    check_shared_equals_alone(P, small_initialisation(P.n(), 1, o.zeta, 5), o, facts, rev);
  }
  SECTION("GD stops at grad_tol inside the prefix") {
    ProtocolOptions q = o;
    q.grad_tol = 1e-3;
    const auto g = run_method("gd", P, small_initialisation(P.n(), 1, q.zeta, 1), q, 1);
    REQUIRE(g.grad_evals < q.K1);  // the case under test happens
    check_shared_equals_alone(P, small_initialisation(P.n(), 1, q.zeta, 1), q, facts, all);
  }
  SECTION("GD diverges inside the prefix") {
    ProtocolOptions q = o;
    q.gd_step = 5.0;
    q.zeta = 1.0;
    const auto g = run_method("gd", P, small_initialisation(P.n(), 1, q.zeta, 1), q, 1);
    REQUIRE(g.end == "diverged");
    check_shared_equals_alone(P, small_initialisation(P.n(), 1, q.zeta, 1), q, facts, all);
  }
  SECTION("start at the truth: no escape needed") {
    check_shared_equals_alone(P, Mat<double>(P.Z()), o, facts, all);
  }
  SECTION("pgd-noise / restarts thresholds reached inside the prefix, and never") {
    ProtocolOptions q = o;
    q.K1 = 3000;  // early thresholds are met inside the prefix, late ones after it
    for (double thres : {1e-1, 1e-3, 1e-12}) {
      q.pgd_g_thres = thres;
      q.restart_grad_tol = thres;
      q.grad_tol = std::min(1e-9, thres);
      check_shared_equals_alone(P, small_initialisation(P.n(), 1, q.zeta, 4), q, facts,
                                {"pgd-noise", "restarts", "gd"});
    }
  }
  SECTION("two escapes: only the first certification is shared") {
    ProtocolOptions q = o;
    q.max_escapes = 2;
    q.K1 = 3000;
    q.K2 = 2000;
    check_shared_equals_alone(P, small_initialisation(P.n(), 1, q.zeta, 2), q, facts, all);
  }
  SECTION("run_trial equals the methods run alone") {
    const auto v = run_trial(P, 1, all, o, 9, facts);
    const Mat<double> X0 = small_initialisation(P.n(), 1, o.zeta, 9);
    REQUIRE(v.size() == all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
      INFO(all[i]);
      CHECK(without_times(v[i]) == without_times(run_method(all[i], P, X0, o, 9, facts)));
    }
  }
}

TEST_CASE("shared prefix: a method with other prefix options is refused", "[methods][prefix]") {
  auto I = pmc(6, "0.3");
  const auto& P = I.problem;
  ProtocolOptions o;
  o.K1 = 100;
  o.K2 = 100;
  o.trace_every = 10;
  const Mat<double> X0 = small_initialisation(P.n(), 1, o.zeta, 1);
  TrialPrefix shared(P, X0, o);
  ProtocolOptions other = o;
  other.K1 = 99;
  CHECK_THROWS_AS(run_method("gd+sod", P, X0, other, 1, {}, &shared), std::invalid_argument);
  other = o;
  other.trace_every = 7;
  CHECK_THROWS_AS(run_method("gd", P, X0, other, 1, {}, &shared), std::invalid_argument);
  CHECK_THROWS_AS(run_method("gd", P, Mat<double>(X0 * 2.0), o, 1, {}, &shared),
                  std::invalid_argument);
  CHECK_THROWS_AS(run_method("restarts", P, X0, other, 1, {}, &shared), std::invalid_argument);
  // pgd-noise / restarts with another threshold than the prefix's snapshot
  // run alone (and give the result they give alone).
  other = o;
  other.pgd_g_thres = 1e-2;
  other.restart_grad_tol = 1e-4;
  for (const char* m : {"pgd-noise", "restarts"})
    CHECK(without_times(run_method(m, P, X0, other, 1, {}, &shared)) ==
          without_times(run_method(m, P, X0, other, 1, {})));
  CHECK_NOTHROW(run_method("gd", P, X0, o, 1, {}, &shared));
}

TEST_CASE("fig10_endpoint is the point the escape methods certify", "[methods][fig10]") {
  // Reference: gd+line-beta run alone (its own GD and certification): the
  // escape record's certification and h(X̂) must be fig10_endpoint's.
  const auto I = pmc(10, "0.15");
  ProtocolOptions o;
  o.K2 = 0;
  int spurious = 0;
  for (std::uint64_t seed : {1u, 2u, 3u, 4u, 5u}) {
    INFO("seed " << seed);
    const Mat<double> X0 = small_initialisation(10, 1, o.zeta, seed);
    const Fig10Endpoint e = fig10_endpoint(I.problem, X0, o);
    const MethodResult lb = run_method("gd+line-beta", I.problem, X0, o, seed);
    REQUIRE_FALSE(e.diverged);
    if (e.at_truth) {
      CHECK(lb.escapes.at(0).reason.find("no escape needed") != std::string::npos);
      continue;
    }
    REQUIRE(e.cert_error.empty());
    CHECK(lb.escapes.at(0).certification == to_string(e.cp.kind));
    if (e.cp.kind == PointKind::spurious_local_min) {
      ++spurious;
      CHECK(lb.escapes.at(0).h_hat == e.cp.h);
    }
  }
  CHECK(spurious > 0);  // fig10 quick: gd fails in 9 of 10 trials at n = 10
}
