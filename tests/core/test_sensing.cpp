// Foundation tests: derivatives of h against finite differences, isometry
// bound against its closed form, input validation.
#include <catch2/catch.hpp>

#include "sodlift/core/instances.hpp"
#include "sodlift/core/sensing.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;
using sodlift::test::WithinAbsT;
using sodlift::test::WithinRelT;

namespace {

template <class T>
Mat<T> random_point(int n, int r, std::uint64_t seed) {
  NormalStream g(seed);
  Mat<T> X(n, r);
  for (int j = 0; j < r; ++j)
    for (int i = 0; i < n; ++i) X(i, j) = T(g.next());
  return X;
}

// Central difference of h along every entry: the reference for grad h.
template <class T>
Mat<T> fd_gradient(const SensingProblem<T>& P, const Mat<T>& X, const T& step) {
  Mat<T> G(X.rows(), X.cols());
  for (Eigen::Index k = 0; k < X.size(); ++k) {
    Mat<T> Xp = X, Xm = X;
    Xp.data()[k] += step;
    Xm.data()[k] -= step;
    G.data()[k] = (P.h(Xp) - P.h(Xm)) / (T(2) * step);
  }
  return G;
}

double log10d(const bf100& x) { return static_cast<double>(log10(x)); }

}  // namespace

// grad h of (1.2) vs central finite differences in bf100. The FD error is
// C step^2 (+ round-off eps*h/step, ~1e-80 here), so shrinking the step by
// 1e5 must shrink the error by 1e10: the observed order must be 2.
TEST_CASE("grad h matches central differences with O(step^2) error (bf100)", "[core][derivatives]") {
  using T = bf100;
  for (const char* name : {"realworld", "gaussian"}) {
    InstanceSpec spec;
    spec.name = name;
    spec.n = 4;
    spec.r = 2;  // r = 2 covers the multi-column case
    spec.seed = 7;
    if (std::string(name) == "realworld") spec.r = 1;
    Instance<T> I = make_instance<T>(spec);
    Mat<T> X = random_point<T>(I.problem.n(), spec.r, 11);
    Mat<T> g = I.problem.grad_h(X);
    T e1 = (fd_gradient(I.problem, X, T("1e-10")) - g).cwiseAbs().maxCoeff();
    T e2 = (fd_gradient(I.problem, X, T("1e-15")) - g).cwiseAbs().maxCoeff();
    const double order = (log10d(e1) - log10d(e2)) / 5.0;
    INFO(name << ": error at 1e-10 = " << decimal_string(e1) << ", at 1e-15 = " << decimal_string(e2)
              << ", observed order " << order);
    CHECK(order > 1.9);
    CHECK(order < 2.1);
    CHECK(e2 < T("1e-25") * (g.cwiseAbs().maxCoeff() + T(1)));
  }
}

// The Hessian (vec coordinates) vs central differences of the gradient.
TEST_CASE("Hessian of h matches central differences of grad h (bf100)", "[core][derivatives]") {
  using T = bf100;
  InstanceSpec spec;
  spec.name = "gaussian";
  spec.n = 3;
  spec.r = 2;
  spec.seed = 3;
  Instance<T> I = make_instance<T>(spec);
  Mat<T> X = random_point<T>(3, 2, 5);
  Mat<T> H = I.problem.hessian_h(X);
  auto fd = [&](const T& step) {
    Mat<T> F(6, 6);
    for (int k = 0; k < 6; ++k) {
      Mat<T> Xp = X, Xm = X;
      Xp.data()[k] += step;
      Xm.data()[k] -= step;
      Mat<T> d = (I.problem.grad_h(Xp) - I.problem.grad_h(Xm)) / (T(2) * step);
      for (int j = 0; j < 6; ++j) F(j, k) = d.data()[j];
    }
    return F;
  };
  T e1 = (fd(T("1e-10")) - H).cwiseAbs().maxCoeff();
  T e2 = (fd(T("1e-15")) - H).cwiseAbs().maxCoeff();
  const double order = (log10d(e1) - log10d(e2)) / 5.0;
  INFO("Hessian FD errors " << decimal_string(e1) << " / " << decimal_string(e2) << ", order " << order);
  CHECK(order > 1.9);
  CHECK(order < 2.1);
  // hessian_h_apply is the same operator applied to one direction.
  Mat<T> D = random_point<T>(3, 2, 9);
  Mat<T> HD = I.problem.hessian_h_apply(X, D);
  Vec<T> vD = Eigen::Map<Vec<T>>(D.data(), 6);
  Vec<T> HvD = H * vD;
  for (int k = 0; k < 6; ++k)
    CHECK_THAT(HD.data()[k], WithinAbsT(HvD(k), tolerance<T>::bound(100, 36, H.norm() * D.norm())));
}

// pmc(n, eps): each diagonal entry is measured once with weight 1, each
// off-diagonal pair twice with weight w/2 each, so on the orthonormal basis of
// symmetric matrices the Gram operator is diagonal with entries 1 and w_ij^2.
// Hence lambda_min = eps^2, lambda_max = 1 and delta = 1 - eps^2 exactly.
TEMPLATE_LIST_TEST_CASE("isometry bound of pmc equals 1 - eps^2", "[core][delta]", sodlift::test::AllScalars) {
  using T = TestType;
  for (int n : {3, 4}) {
    InstanceSpec spec;
    spec.name = "pmc";
    spec.n = n;
    spec.eps = "0.3";
    Instance<T> I = make_instance<T>(spec);
    IsometryBound<T> ib = isometry_bound(I.problem);
    const T eps = from_string<T>("0.3");
    const T why = tolerance<T>::bound(100, n * n);
    CHECK_THAT(ib.lambda_min, WithinAbsT(T(eps * eps), why, "100 n^2 eps (symmetric eigensolver)"));
    CHECK_THAT(ib.lambda_max, WithinAbsT(T(1), why));
    CHECK_THAT(ib.delta, WithinAbsT(T(1 - eps * eps), why));
  }
}

TEST_CASE("A(M), A*(y) are adjoint: <A(M), y> = <M, A*(y)>", "[core]") {
  using T = bf50;
  InstanceSpec spec;
  spec.name = "gaussian";
  spec.n = 5;
  spec.seed = 2;
  Instance<T> I = make_instance<T>(spec);
  Mat<T> M = random_point<T>(5, 5, 1);
  Vec<T> y = random_point<T>(I.problem.m(), 1, 4).col(0);
  T lhs = I.problem.measure(M).dot(y);
  T rhs = (M.array() * I.problem.adjoint(y).array()).sum();
  CHECK_THAT(lhs, WithinAbsT(rhs, tolerance<T>::bound(10, 25 * I.problem.m(), M.norm() * y.norm())));
}

TEST_CASE("bad sensing input is refused with a message naming the field", "[core][errors]") {
  using T = double;
  Mat<T> A = Mat<T>::Identity(2, 2), Z = Mat<T>::Ones(2, 1);
  Mat<T> nonsym(2, 2);
  nonsym << 1, 2, 3, 4;
  CHECK_THROWS_WITH(SensingProblem<T>({}, Z), Catch::Contains("empty"));
  CHECK_THROWS_WITH(SensingProblem<T>({A, nonsym}, Z), Catch::Contains("A_2 is not symmetric"));
  CHECK_THROWS_WITH(SensingProblem<T>({A, Mat<T>::Identity(3, 3)}, Z), Catch::Contains("A_2 is 3x3"));
  Mat<T> bad = A;
  bad(0, 0) = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(SensingProblem<T>({bad}, Z), Catch::Contains("NaN or Inf"));
  CHECK_THROWS_WITH(SensingProblem<T>({A}, Mat<T>::Ones(3, 1)), Catch::Contains("Z has 3 rows"));
  Mat<T> Zinf = Z;
  Zinf(1, 0) = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH(SensingProblem<T>({A}, Zinf), Catch::Contains("Z contains NaN"));
  SensingProblem<T> P({A}, Z);
  CHECK_THROWS_WITH(P.check_point(Mat<T>::Ones(2, 3), "X"), Catch::Contains("search rank"));
  CHECK_THROWS_WITH(P.check_point(Mat<T>::Ones(3, 1), "X"), Catch::Contains("rows but n = 2"));
  CHECK_THROWS_AS(SensingProblem<T>({nonsym}, Z), input_error);
}
