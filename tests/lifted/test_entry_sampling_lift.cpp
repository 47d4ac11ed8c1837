// The O(m^l) lifted gradient for entry-sampling operators (issue 21 item 3)
// against lifted/'s dense LiftedProblem (the Kronecker recursion of the dense
// I_r ⊗ A_i, and the naive multi-index loop where it fits) and against the
// rank-1 identity y(vec(X)^{⊗l}) = A(XX^T)^{⊗l}, which neither code uses.
#include <catch2/catch.hpp>

#include <tuple>

#include "lifted_test_util.hpp"
#include "sodlift/lifted/entry_sampling_lift.hpp"
#include "sodlift/lifted/lifted_problem.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift/support/parse.hpp"
#include "sodlift_test.hpp"

using namespace sodlift;
using namespace sodlift::lifted;
using sodlift::test::WithinAbsT;

namespace {

template <class T>
T D(const char* s) {
  return from_string<T>(s);
}

// A small entry-sampling operator with everything the representation allows:
// diagonal and off-diagonal entries, a repeated entry, both orders (i, j) and
// (j, i), unequal weights, not every pair sampled.
template <class T>
SensingProblem<T> small_entry_problem() {
  std::vector<SampledEntry<T>> e = {{0, 0, T(1)},          {0, 1, D<T>("0.7")}, {1, 2, D<T>("0.3")},
                                    {2, 2, D<T>("1.1")},      {0, 1, D<T>("0.5")}, {2, 0, D<T>("0.01")},
                                    {1, 1, D<T>("-0.4")}};
  Mat<T> Z(3, 1);
  Z << T(1), D<T>("-0.5"), D<T>("0.25");
  return SensingProblem<T>(3, e, Z);
}

template <class T>
T max_abs(const DenseTensor<T>& t) {
  using std::abs;
  T s = 0;
  for (const T& x : t.data)
    if (abs(x) > s) s = abs(x);
  return s;
}

}  // namespace

using EntryScalars = std::tuple<double, bf50>;

TEMPLATE_LIST_TEST_CASE("entry-sampling lifted gradient equals the dense lifted gradient",
                        "[lifted][entry_sampling]", EntryScalars) {
  using T = TestType;
  const SensingProblem<T> P = small_entry_problem<T>();
  struct Case {
    int r, l;
    bool naive;
  };
  for (Case c : {Case{1, 1, true}, Case{1, 3, true}, Case{2, 3, true}, Case{1, 5, false}}) {
    INFO("r=" << c.r << " l=" << c.l);
    EntrySamplingLift<T> E(P, c.r, c.l);
    LiftedProblem<T> L(P, c.r, c.l);
    // A general (not symmetric, not rank-1) lifted point.
    const DenseTensor<T> w = sodlift::test::random_tensor<T>(c.r * 3, c.l, 91 + c.l + 10 * c.r);
    const DenseTensor<T> y = E.measure(w);
    const DenseTensor<T> y_dense = L.measure(w, w);
    const ObjectiveGradient<T> og = E.objective_gradient(w);
    const ObjectiveGradient<T> og_dense = lifted_objective_gradient(L, w);
    const double ops = static_cast<double>(E.pass_iterations()) + 1e3;
    CHECK_THAT(max_abs_diff(y, y_dense),
               WithinAbsT(T(0), tolerance<T>::bound(100, ops, max_abs(y_dense)), "y vs dense"));
    CHECK_THAT(max_abs_diff(og.grad, og_dense.grad),
               WithinAbsT(T(0), tolerance<T>::bound(100, ops, max_abs(og_dense.grad)),
                          "grad vs dense"));
    CHECK_THAT(og.h, WithinAbsT(og_dense.h, tolerance<T>::bound(100, ops, og_dense.h)));
    if (c.naive) {
      const DenseTensor<T> g_naive = lifted_gradient(L, w, Backend::naive);
      CHECK_THAT(max_abs_diff(og.grad, g_naive),
                 WithinAbsT(T(0), tolerance<T>::bound(100, ops, max_abs(g_naive)),
                            "grad vs naive loop"));
    }
  }
}

TEMPLATE_LIST_TEST_CASE("entry-sampling lifted measurement factorises on rank-1 points",
                        "[lifted][entry_sampling]", EntryScalars) {
  using T = TestType;
  const SensingProblem<T> P = small_entry_problem<T>();
  for (int l : {1, 3, 5}) {
    EntrySamplingLift<T> E(P, 1, l);
    const Mat<T> X = sodlift::test::random_matrix<T>(3, 1, 7 + l);
    const DenseTensor<T> y = E.measure(lift_matrix(X, l));
    const Vec<T> g = P.measure(X * X.transpose());  // A(XX^T), O(m) per entry
    T err = 0, scale = 0;
    for (std::size_t I = 0; I < y.size(); ++I) {
      std::size_t rest = I;
      T ref = 1;
      for (int p = 0; p < l; ++p) {
        ref *= g(static_cast<Eigen::Index>(rest % static_cast<std::size_t>(P.m())));
        rest /= static_cast<std::size_t>(P.m());
      }
      using std::abs;
      if (abs(y.data[I] - ref) > err) err = abs(y.data[I] - ref);
      if (abs(ref) > scale) scale = abs(ref);
    }
    INFO("l=" << l);
    CHECK_THAT(err, WithinAbsT(T(0), tolerance<T>::bound(100, 1e3, scale)));
  }
}

TEST_CASE("entry-sampling lift refuses dense operators and bad orders", "[lifted][entry_sampling]") {
  const SensingProblem<double> P = small_entry_problem<double>();
  CHECK_THROWS_AS(EntrySamplingLift<double>(P, 1, 0), input_error);
  CHECK_THROWS_AS(EntrySamplingLift<double>(P, 0, 3), input_error);
  std::vector<Mat<double>> A = {Mat<double>::Identity(3, 3)};
  const SensingProblem<double> D(A, Mat<double>::Ones(3, 1));
  CHECK_THROWS_AS(EntrySamplingLift<double>(D, 1, 3), input_error);
  EntrySamplingLift<double> E(P, 1, 3);
  CHECK_THROWS_AS(E.measure(DenseTensor<double>(3, 2)), input_error);
}
