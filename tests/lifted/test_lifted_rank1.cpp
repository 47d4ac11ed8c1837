// SS-HOPM rank-1 extraction (issue 4).
#include <catch2/catch.hpp>

#include "lifted_test_util.hpp"
#include "sodlift/lifted/rank1.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;
using namespace sodlift::lifted;
using sodlift::test::WithinAbsT;
using sodlift::test::WithinRelT;

TEMPLATE_LIST_TEST_CASE("rank-1 extraction recovers X from vec(X)^{(x)l}", "[lifted][rank1]",
                        sodlift::test::AllScalars) {
  using T = TestType;
  struct Case {
    int n, r, l;
  };
  for (Case c : {Case{3, 1, 3}, Case{3, 1, 5}, Case{2, 2, 3}, Case{2, 1, 1}}) {
    Mat<T> X = sodlift::test::random_matrix<T>(c.n, c.r, 40 + c.l);
    DenseTensor<T> w = lift_matrix(X, c.l);
    Rank1Result<T> res = best_rank1(w, c.n, c.r);
    INFO("n=" << c.n << " r=" << c.r << " l=" << c.l << " start " << res.start);
    // Reference: X itself (odd l fixes the sign), exact rank 1.
    CHECK_THAT(test::max_abs_diff(res.X, X),
               WithinAbsT(T(0), tolerance<T>::bound(100, c.n * c.r, X.norm())));
    CHECK_THAT(res.residual, WithinAbsT(T(0), tolerance<T>::bound(100, w.size())));
  }
}

TEMPLATE_LIST_TEST_CASE(
    "rank-1 of a weighted sum of two orthogonal rank-1 tensors is the dominant one",
    "[lifted][rank1]", sodlift::test::AllScalars) {
  using T = TestType;
  using std::sqrt;
  const int l = 3;
  Vec<T> x(3), y(3);
  x << T(1), T(2), T(2);
  x /= T(3);
  y << T(2), T(1), T(-2);
  y /= T(3);  // <x, y> = 0, both unit
  DenseTensor<T> w = lift_vector(x, l);
  for (T& e : w.data) e *= T(3);
  axpy(T(1), lift_vector(y, l), w);
  // Reference (orthogonally decomposable tensor): best rank-1 = 3 x^{⊗3};
  // residual = |y^{⊗3}| / |w| = 1/sqrt(10); X = 3^{1/3} x.
  Rank1Result<T> res = best_rank1(w, 3, 1, {{"y", y}, {"x+y", Vec<T>(x + y)}});
  CHECK_THAT(res.lambda, WithinRelT(T(3), tolerance<T>::bound(100, 27)));
  CHECK_THAT(res.residual, WithinRelT(T(1) / sqrt(T(10)), tolerance<T>::bound(100, 27)));
  using std::cbrt;
  Vec<T> xr = x * cbrt(T(3));
  CHECK_THAT(test::max_abs_diff<T>(res.X, xr), WithinAbsT(T(0), tolerance<T>::bound(100, 3)));
  // The y start converges to the weaker eigenpair (lambda = 1): the method
  // picks the best start, not the first.
  CHECK_THAT(res.starts[0].lambda, WithinRelT(T(1), tolerance<T>::bound(100, 27)));
}

TEST_CASE("rank-1 extraction refuses non-symmetric tensors and bad sizes",
          "[lifted][rank1][errors]") {
  DenseTensor<double> w = sodlift::test::random_tensor<double>(3, 3, 9);
  CHECK_THROWS_AS(best_rank1(w, 3, 1), input_error);
  DenseTensor<double> s = lift_vector(Vec<double>(Vec<double>::Ones(3)), 3);
  CHECK_THROWS_AS(best_rank1(s, 2, 1), input_error);
  CHECK_THROWS_AS(best_rank1(lift_vector(Vec<double>(Vec<double>::Ones(3)), 2), 3, 1), input_error);
}
