// Your own instance, in double and in 50 digits: build (P1) from matrices,
// certify the critical point GD reaches, print SOD's ingredients, the closed
// form (5.8) at (l, rho, eta, t), and run GD -> SOD -> GD (docs/api.md).
// The data are the six A_i of the paper's App. C.2 typed in by hand, so the
// program checks itself against `sodlift instance --instance realworld`.
#include <iostream>
#include <vector>

#include "sodlift/core/closed_form.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/escape_pipeline.hpp"
#include "sodlift/core/sod_ingredients.hpp"

template <class T>
int run() {
  using namespace sodlift;
  const char* rows[6][9] = {
      {"0.0783", "0.2372", "-0.0439", "0.2372", "-0.0397", "0.1456", "-0.0439", "0.1456", "-0.4724"},
      {"0.0389", "0.0536", "-0.0059", "0.0536", "0.4614", "-0.3907", "-0.0059", "-0.3907", "0.2760"},
      {"0.0293", "-0.1456", "-0.1656", "-0.1456", "0.3257", "0.2528", "-0.1656", "0.2528", "-0.0078"},
      {"0.0762", "0.3193", "-0.3338", "0.3193", "-0.3364", "0.5847", "-0.3338", "0.5847", "0.1873"},
      {"-0.0889", "0.7089", "0.4472", "0.7089", "0.3788", "0.0902", "0.4472", "0.0902", "-0.3193"},
      {"0.4097", "0.1190", "0.2078", "0.1190", "0.2282", "-0.2274", "0.2078", "-0.2274", "0.4046"}};
  std::vector<Mat<T>> A;
  for (auto& row : rows) {
    Mat<T> Ai(3, 3);
    for (int k = 0; k < 9; ++k) Ai(k / 3, k % 3) = from_string<T>(row[k]);  // exact decimals
    A.push_back(Ai);
  }
  Mat<T> Z(3, 1), start(3, 1);
  Z << T(1), T(0), T(0);
  start << from_string<T>("0.2234"), from_string<T>("0.0918"), from_string<T>("0.5985");
  SensingProblem<T> P(A, Z);                          // (P1), b = A(Z Z^T)

  CriticalPoint<T> cp = refine_critical_point(P, start);  // GD, Newton, certification
  require_spurious(cp);                               // throws precondition_error otherwise
  SodIngredients<T> s = sod_ingredients(P, cp.X);     // lambda_n, u_n, sigma_r, v_r, q_r, E
  const T delta = isometry_bound(P).delta;
  MultiStepResult<T> R = multi_step(P, s, /*l=*/5, /*rho=*/T(1) / 10, /*eta=*/T(1) / 10, /*t=*/100000, delta);

  EscapeOptions<T> opt;                               // GD -> SOD escape point -> GD
  opt.type = "auto";
  EscapeResult<T> e = escape_pipeline(P, start, opt);

  std::cout << scalar_name<T>::value << ": " << to_string(cp.kind) << " X = (" << decimal_string(cp.X(0, 0))
            << ", " << decimal_string(cp.X(1, 0)) << ", " << decimal_string(cp.X(2, 0)) << ")\n"
            << "  |grad h| = " << decimal_string(cp.grad_norm) << ", lambda_n = " << decimal_string(s.lambda_n)
            << ", sigma_r = " << decimal_string(s.sigma_r) << "\n"
            << "  (5.8) l=5 t=1e5: beta~ = " << decimal_string(R.coef.beta) << ", gamma~ = "
            << decimal_string(R.coef.gamma) << ", dominant term " << R.dominant << "\n"
            << "  escape (" << e.chosen_type << "): h " << decimal_string(e.h_spurious) << " -> "
            << decimal_string(e.h_escape) << "; GD then ends at " << e.second.end << " " << e.second.z_sign << "\n";
  return cp.kind == PointKind::spurious_local_min ? 0 : 1;
}

int main() {
  try {
    return run<double>() | run<sodlift::bf50>();
  } catch (const std::exception& ex) {
    std::cerr << "certify_and_escape: " << ex.what() << "\n";
    return 2;
  }
}
