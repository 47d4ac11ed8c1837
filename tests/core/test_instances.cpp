// Built-in instances, JSON round trip, reproducible Gaussian ensemble.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>

#include "sodlift/core/instances.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;

TEST_CASE("instance JSON round trip keeps every digit (bf100)", "[core][json]") {
  using T = bf100;
  for (const char* name : {"basic", "realworld", "pmc", "gaussian"}) {
    InstanceSpec spec;
    spec.name = name;
    Instance<T> I = make_instance<T>(spec);
    Instance<T> J = instance_from_json<T>(nlohmann::json::parse(instance_to_json(I).dump()));
    REQUIRE(J.problem.m() == I.problem.m());
    for (int i = 0; i < I.problem.m(); ++i) CHECK(J.problem.A()[i] == I.problem.A()[i]);
    CHECK(J.problem.Z() == I.problem.Z());
    CHECK(J.start == I.start);
  }
}

TEST_CASE("file instances load through make_instance and report bad JSON", "[core][json]") {
  using T = bf50;
  InstanceSpec spec;
  spec.name = "realworld";
  Instance<T> I = make_instance<T>(spec);
  const std::string path = "sodlift_test_instance.json";
  {
    std::ofstream(path) << instance_to_json(I).dump();
  }
  InstanceSpec f;
  f.name = "file";
  f.file = path;
  Instance<T> J = make_instance<T>(f);
  CHECK(J.problem.A()[3] == I.problem.A()[3]);
  {
    std::ofstream(path) << R"({"A": [[["1","2"],["3","4"]]], "Z": [["1"],["0"]]})";
  }
  CHECK_THROWS_WITH(make_instance<T>(f), Catch::Contains("A_1 is not symmetric"));
  {
    std::ofstream(path) << R"({"A": [[["1","0"],["0","nan"]]], "Z": [["1"],["0"]]})";
  }
  CHECK_THROWS_WITH(make_instance<T>(f), Catch::Contains("not a finite number"));
  {
    std::ofstream(path) << R"({"Z": [["1"]]})";
  }
  CHECK_THROWS_WITH(make_instance<T>(f), Catch::Contains("missing field 'A'"));
  {
    std::ofstream(path) << "{ not json";
  }
  CHECK_THROWS_WITH(make_instance<T>(f), Catch::Contains("not valid JSON"));
  std::remove(path.c_str());
  f.file = "/nonexistent/x.json";
  CHECK_THROWS_WITH(make_instance<T>(f), Catch::Contains("cannot open"));
}

TEST_CASE("gaussian instances are reproducible and identical across precisions", "[core][gaussian]") {
  InstanceSpec spec;
  spec.name = "gaussian";
  spec.n = 4;
  spec.m = 7;
  spec.r = 2;
  spec.seed = 42;
  Instance<double> a = make_instance<double>(spec), b = make_instance<double>(spec);
  Instance<bf50> c = make_instance<bf50>(spec);
  REQUIRE(a.random);
  CHECK(a.seed == 42);
  CHECK(a.problem.m() == 7);
  for (int i = 0; i < 7; ++i) {
    CHECK(a.problem.A()[i] == b.problem.A()[i]);
    // Draws are doubles converted exactly: bf50 holds the same numbers.
    for (int k = 0; k < 16; ++k) CHECK(bf50(a.problem.A()[i].data()[k]) == c.problem.A()[i].data()[k]);
  }
  spec.seed = 43;
  Instance<double> d = make_instance<double>(spec);
  CHECK(d.problem.A()[0] != a.problem.A()[0]);
  // The ensemble (4.7) is normalised so that E||A(M)||^2 = ||M||_F^2: the
  // sample mean over many draws of ||A(I)||^2 / ||I||^2 must be near 1
  // (n = 4, m = 200: relative sd of the estimate ~ 0.05).
  spec.m = 200;
  spec.seed = 5;
  Instance<double> e = make_instance<double>(spec);
  Mat<double> Id = Mat<double>::Identity(4, 4);
  double ratio = e.problem.measure(Id).squaredNorm() / Id.squaredNorm();
  CHECK(ratio > 0.8);
  CHECK(ratio < 1.2);
}

TEST_CASE("bad instance parameters are refused", "[core][errors]") {
  InstanceSpec s;
  s.name = "nonsense";
  CHECK_THROWS_WITH(make_instance<double>(s), Catch::Contains("unknown instance 'nonsense'"));
  s.name = "pmc";
  s.n = 1;
  CHECK_THROWS_WITH(make_instance<double>(s), Catch::Contains("--n >= 2"));
  s.n = 3;
  s.eps = "-1";
  CHECK_THROWS_WITH(make_instance<double>(s), Catch::Contains("--eps > 0"));
  s.eps = "0.3";
  s.start = {"1", "0"};
  CHECK_THROWS_WITH(make_instance<double>(s), Catch::Contains("needs n*r = 3"));
  s.start = {"1", "inf", "0"};
  CHECK_THROWS_WITH(make_instance<double>(s), Catch::Contains("not a finite number"));
  s.start.clear();
  s.r = 0;
  CHECK_THROWS_WITH(make_instance<double>(s), Catch::Contains("--r must be >= 1"));
  s.name = "file";
  s.r = 1;
  CHECK_THROWS_WITH(make_instance<double>(s), Catch::Contains("needs --file"));
}
