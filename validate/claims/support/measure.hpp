// Shared by every claim file: measured entries (full digits plus a double for
// plots), short numbers for reasons, digit caps, and the small linear algebra
// the foundation claims need (Frobenius inner product, 3x3 eigenvalues).
#pragma once

#include <algorithm>
#include <cmath>
#include <sstream>

#include "sodlift/support/errors.hpp"
#include "sodlift/validate/context.hpp"
#include "sodlift/validate/lifted_checks.hpp"
#include "sodlift/validate/report.hpp"

namespace sodlift::validate {

namespace detail {

template <class T>
double digits_cap() {
  return digits10<T>() + 1.0;
}

template <class T>
Measured measured(const std::string& name, const T& x, MeasureKind k = MeasureKind::value) {
  return Measured{name, decimal_string(x), to_double(x), k};
}
inline Measured measured_text(const std::string& name, const std::string& v) {
  return Measured{name, v, std::nullopt, MeasureKind::exact};
}
inline Measured measured_count(const std::string& name, long v) {
  return Measured{name, std::to_string(v), double(v), MeasureKind::exact};
}

inline std::string short_num(double x, int prec = 3) {
  std::ostringstream os;
  os.precision(prec);
  os << x;
  return os.str();
}

template <class T>
T frob(const Mat<T>& A, const Mat<T>& B) {  // <A, B> = Tr(A^T B)
  return A.cwiseProduct(B).sum();
}

// Relative error err/scale as a double (only its magnitude matters); scale 0
// means an absolute comparison.
template <class T>
double ratio(const T& err, const T& scale) {
  if (scale == 0) return to_double(err);
  return to_double(T(err / scale));
}

// The residual level the critical point was certified to: its gradient
// tolerance, or the measured |grad h| when certification accepted more (a
// degenerate minimum is only certified to sqrt(eps) level).
template <class T>
T residual_level(const CriticalPoint<T>& cp) {
  return cp.grad_norm > cp.grad_tol ? cp.grad_norm : cp.grad_tol;
}

// Eigenvalues of a small symmetric matrix by cyclic Jacobi rotations (kept
// here instead of Eigen's solver: 3x3 only, and it keeps this TU light).
template <class T>
std::vector<T> symmetric_eigenvalues(Mat<T> A) {
  using std::abs;
  using std::sqrt;
  const int n = static_cast<int>(A.rows());
  for (int sweep = 0; sweep < 100; ++sweep) {
    T off = 0, diag = 0;
    for (int p = 0; p < n; ++p) {
      diag += A(p, p) * A(p, p);
      for (int q = p + 1; q < n; ++q) off += A(p, q) * A(p, q);
    }
    if (off <= epsilon<T>() * epsilon<T>() * diag * T(1e-4) || off == 0) break;
    for (int p = 0; p < n; ++p)
      for (int q = p + 1; q < n; ++q) {
        if (A(p, q) == 0) continue;
        const T theta = (A(q, q) - A(p, p)) / (T(2) * A(p, q));
        const T t = (theta >= 0 ? T(1) : T(-1)) / (abs(theta) + sqrt(theta * theta + T(1)));
        const T cs = T(1) / sqrt(t * t + T(1)), sn = t * cs;
        for (int k = 0; k < n; ++k) {  // A <- J^T A J
          const T akp = A(k, p), akq = A(k, q);
          A(k, p) = cs * akp - sn * akq;
          A(k, q) = sn * akp + cs * akq;
        }
        for (int k = 0; k < n; ++k) {
          const T apk = A(p, k), aqk = A(q, k);
          A(p, k) = cs * apk - sn * aqk;
          A(q, k) = sn * apk + cs * aqk;
        }
      }
  }
  std::vector<T> ev(n);
  for (int i = 0; i < n; ++i) ev[i] = A(i, i);
  std::sort(ev.begin(), ev.end());
  return ev;
}

template <class T>
T pow_int(const T& x, int l) {
  T r = 1;
  for (int i = 0; i < l; ++i) r *= x;
  return r;
}

// The tolerance text of the identities judged against the round-off bound of
// tolerance<T>::bound (orth-un-vr, orth-ab, the rows of Table 2).
inline std::string identity_tolerance_text() {
  return "round-off bound c*ops*eps*scale (tolerance<T>::bound) plus the certified gradient "
         "residual of the critical point; FAILS above 1e3 x that bound";
}

}  // namespace detail

}  // namespace sodlift::validate
