// The methods of the success-rate study (methods.hpp, SPEC §6). Double only:
// the study runs thousands of GD trajectories, and every escape quantity it
// needs is formed in log form by the closed form (closed_form.hpp) or at
// matrix cost by the exact simulation in S (subspace_simulation.hpp).
#include "sodlift/experiments/methods.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
// The AVX2 variant of the PMC kernel (GCC/Clang on x86-64, chosen at run
// time). Only "avx2" is enabled for it, not "fma": no multiply-add can be
// contracted, so its lanes round exactly as the SSE2 and scalar code.
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define SODLIFT_GRADIENT_AVX2 1
#include <immintrin.h>
#else
#define SODLIFT_GRADIENT_AVX2 0
#endif

#include "sodlift/core/closed_form.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/core/instances.hpp"
#include "sodlift/core/sod_ingredients.hpp"
#include "sodlift/core/subspace_simulation.hpp"
#include "sodlift/support/errors.hpp"

namespace sodlift {

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double dist_to(const Mat<double>& X, const Mat<double>& M) {
  return (X * X.transpose() - M).norm();
}

// splitmix64: the stream of pgd-noise / restarts must not be the stream X0
// was drawn from, and must depend only on the trial seed.
std::uint64_t mix_seed(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

// EntrySamplingGradient: grad h in one pass over the entries, into a
// preallocated G. The GD loops below evaluate it up to 15,000 times per
// method; SensingProblem::grad_h (measure_outer, then adjoint_times, each
// allocating) made two passes. Same operations in the same order as
// grad_h = 2 adjoint_times(measure_outer(X, X) - b, X) (sensing_impl.hpp), so
// the result is bit-identical: the residual of entry k only feeds entry k's
// update, and each G(i, q) receives its terms in entry order, as in
// adjoint_times.
EntrySamplingGradient::EntrySamplingGradient(const SensingProblem<double>& P, bool allow_avx2)
    : n_(P.n()) {
  if (P.kind() != OperatorKind::entry_sampling)
    throw input_error("EntrySamplingGradient: the operator is dense, not entry sampling");
  const auto& E = P.entries();
  I_.reserve(E.size()), J_.reserve(E.size()), W_.reserve(E.size());
  for (const auto& e : E) I_.push_back(e.i), J_.push_back(e.j), W_.push_back(e.w);
  b_ = P.b();
  // The PMC list: every ordered pair (i, j), i-major, j ascending.
  const std::size_t n = static_cast<std::size_t>(n_), m = I_.size();
  full_rows_ = n >= 1 && m == n * n;
  for (std::size_t k = 0; full_rows_ && k < m; ++k)
    full_rows_ = static_cast<std::size_t>(I_[k]) == k / n && static_cast<std::size_t>(J_[k]) == k % n;
  if (full_rows_) {
    // Every block, the last one partial when B does not divide n (its lanes
    // past row n - 1 hold 0 and are never used).
    const std::size_t B = kFullRowBlock, nb = (n + B - 1) / B;
    blk_hw_.assign(nb * n * B, 0.0), blk_b_.assign(nb * n * B, 0.0);
    for (std::size_t bi = 0; bi < nb; ++bi)
      for (std::size_t j = 0; j < n; ++j)
        for (std::size_t a = 0; a < B && bi * B + a < n; ++a) {
          const std::size_t k = (bi * B + a) * n + j;
          blk_hw_[(bi * n + j) * B + a] = W_[k] / 2.0;
          blk_b_[(bi * n + j) * B + a] = b_[k];
        }
#if SODLIFT_GRADIENT_AVX2
    __builtin_cpu_init();  // harmless after main; needed if this ever runs in a static initialiser
    avx2_ = allow_avx2 && __builtin_cpu_supports("avx2");
#else
    (void)allow_avx2;
#endif
  }
}

void EntrySamplingGradient::operator()(const Mat<double>& X, Mat<double>& G) const {
  if (X.rows() != n_ || X.cols() < 1)
    throw input_error("EntrySamplingGradient: X is " + std::to_string(X.rows()) + " x " +
                      std::to_string(X.cols()) + ", expected " + std::to_string(n_) + " x r");
  const int r = static_cast<int>(X.cols());
  G.setZero(n_, r);
  if (r == 1 && full_rows_ && avx2_)
    pass_full_rows_rank1_avx2(X.data(), G.data());
  else if (r == 1 && full_rows_)
    pass_full_rows_rank1(X.data(), G.data());
  else if (r == 1)
    pass_rank1(X.data(), G.data(), 0, I_.size());
  else
    pass(X, G);
  G *= 2.0;
}

// Any r: each entry's residual, then its update of rows i and j of G.
void EntrySamplingGradient::pass(const Mat<double>& X, Mat<double>& G) const {
  const int r = static_cast<int>(X.cols());
  const double* x = X.data();
  double* g = G.data();
  const std::ptrdiff_t ld = n_;  // column stride of X and G (column-major n x r)
  const std::size_t m = I_.size();
  for (std::size_t k = 0; k < m; ++k) {
    const int i = I_[k], j = J_[k];
    const double w = W_[k];
    if (i == j) {
      double xy = 0;
      for (int c = 0; c < r; ++c) xy += x[i + c * ld] * x[i + c * ld];
      const double res = w * xy - b_[k];
      const double cf = res * w;
      for (int q = 0; q < r; ++q) g[i + q * ld] += cf * x[i + q * ld];
    } else {
      double xy = 0, yx = 0;
      for (int c = 0; c < r; ++c) {
        xy += x[i + c * ld] * x[j + c * ld];
        yx += x[j + c * ld] * x[i + c * ld];
      }
      const double res = w / 2.0 * (xy + yx) - b_[k];
      const double cf = res * (w / 2.0);
      for (int q = 0; q < r; ++q) {
        g[i + q * ld] += cf * x[j + q * ld];
        g[j + q * ld] += cf * x[i + q * ld];
      }
    }
  }
}

// r = 1, entries [k_begin, k_end): as pass() with r = 1, but G(i) of the
// current row i is held in a register while consecutive entries share i (the
// PMC list is i-major), which removes a store-to-load dependency per entry.
// G(i) gets the same terms in the same order: an entry (i, j) with j != i
// only touches G(j) in memory, and G(j) != G(i).
void EntrySamplingGradient::pass_rank1(const double* x, double* g, std::size_t k_begin,
                                       std::size_t k_end) const {
  int cur = -1;
  double acc = 0;
  for (std::size_t k = k_begin; k < k_end; ++k) {
    const int i = I_[k], j = J_[k];
    const double w = W_[k];
    if (i != cur) {
      if (cur >= 0) g[cur] = acc;
      cur = i;
      acc = g[i];
    }
    const double xi = x[i];
    if (i == j) {
      double xy = 0;
      xy += xi * xi;
      const double res = w * xy - b_[k];
      const double cf = res * w;
      acc += cf * xi;
    } else {
      const double xj = x[j];
      double xy = 0, yx = 0;
      xy += xi * xj;
      yx += xj * xi;
      const double res = w / 2.0 * (xy + yx) - b_[k];
      const double cf = res * (w / 2.0);
      acc += cf * xj;
      g[j] += cf * xi;
    }
  }
  if (cur >= 0) g[cur] = acc;
}

// r = 1 and the PMC list (entry k = (k / n, k % n)): rows i0 .. i0+3 at once.
// pass_rank1 is one sum per row, G(i) = G(i) + t(i,0) + ... + t(i,n-1) in that
// order, with t(i,j) = cf(i,j) x_j, and G(j) += u(i,j) = cf(i,j) x_i for each
// j != i, rows in increasing order; cf(i,j) depends on x only. Here the
// four rows' sums run in four SSE2 lanes (independent chains instead of one
// serial chain per row), each still in the order j = 0 .. n-1, and every G(j)
// receives the same terms in the same order as there:
//   j outside the block: u(i0,j), u(i0+1,j), ..., u(i0+3,j) (row order);
//   G(i0+c) of a block row: u(i0+a, i0+c) for a < c (those rows came first),
//   then its own t(i0+c, 0..n-1), then u(i0+a, i0+c) for a > c.
// cf is formed by the same IEEE operations as in pass_rank1 (0 + x_i x_j for
// xy and for yx, which is the same product; w/2 stored once, the same value);
// packed SSE2 operations round lane by lane exactly as the scalar ones, and
// nothing is contracted into an FMA (none is enabled). Rows past the last full
// block go through pass_rank1. Without SSE2 (not x86-64) pass_rank1 does it all.
void EntrySamplingGradient::pass_full_rows_rank1(const double* x, double* g) const {
#if defined(__SSE2__)
  constexpr int B = kFullRowBlock;
  static_assert(B == 4, "two SSE2 pairs of rows");
  const int n = n_;
  const int nb = n / B;
  const __m128d zero = _mm_setzero_pd();
  for (int bi = 0; bi < nb; ++bi) {
    const int i0 = bi * B;
    const double* hw = blk_hw_.data() + static_cast<std::size_t>(bi) * n * B;
    const double* bb = blk_b_.data() + static_cast<std::size_t>(bi) * n * B;
    const __m128d xi01 = _mm_loadu_pd(x + i0), xi23 = _mm_loadu_pd(x + i0 + 2);
    // cf of the entries inside the block's own columns, as pass_rank1 forms them.
    double cfb[B][B];
    for (int a = 0; a < B; ++a)
      for (int c = 0; c < B; ++c) {
        const std::size_t k = static_cast<std::size_t>(i0 + a) * n + (i0 + c);
        const double w = W_[k], xa = x[i0 + a], xc = x[i0 + c];
        if (a == c) {
          double xy = 0;
          xy += xa * xa;
          const double res = w * xy - b_[k];
          cfb[a][c] = res * w;
        } else {
          double xy = 0, yx = 0;
          xy += xa * xc;
          yx += xc * xa;
          const double res = w / 2.0 * (xy + yx) - b_[k];
          cfb[a][c] = res * (w / 2.0);
        }
      }
    double acc[B];
    for (int c = 0; c < B; ++c) {
      acc[c] = g[i0 + c];
      for (int a = 0; a < c; ++a) acc[c] += cfb[a][c] * x[i0 + a];
    }
    __m128d acc01 = _mm_loadu_pd(acc), acc23 = _mm_loadu_pd(acc + 2);
    auto columns = [&](int j0, int j1) {
      for (int j = j0; j < j1; ++j) {
        const __m128d xj = _mm_set1_pd(x[j]);
        const double* hp = hw + static_cast<std::size_t>(j) * B;
        const double* bp = bb + static_cast<std::size_t>(j) * B;
        const __m128d h01 = _mm_loadu_pd(hp), h23 = _mm_loadu_pd(hp + 2);
        const __m128d xy01 = _mm_add_pd(zero, _mm_mul_pd(xi01, xj));  // = yx: the same product
        const __m128d xy23 = _mm_add_pd(zero, _mm_mul_pd(xi23, xj));
        const __m128d res01 = _mm_sub_pd(_mm_mul_pd(h01, _mm_add_pd(xy01, xy01)), _mm_loadu_pd(bp));
        const __m128d res23 =
            _mm_sub_pd(_mm_mul_pd(h23, _mm_add_pd(xy23, xy23)), _mm_loadu_pd(bp + 2));
        const __m128d cf01 = _mm_mul_pd(res01, h01), cf23 = _mm_mul_pd(res23, h23);
        acc01 = _mm_add_pd(acc01, _mm_mul_pd(cf01, xj));
        acc23 = _mm_add_pd(acc23, _mm_mul_pd(cf23, xj));
        const __m128d u01 = _mm_mul_pd(cf01, xi01), u23 = _mm_mul_pd(cf23, xi23);
        __m128d gj = _mm_load_sd(g + j);
        gj = _mm_add_sd(gj, u01);
        gj = _mm_add_sd(gj, _mm_unpackhi_pd(u01, u01));
        gj = _mm_add_sd(gj, u23);
        gj = _mm_add_sd(gj, _mm_unpackhi_pd(u23, u23));
        _mm_store_sd(g + j, gj);
      }
    };
    columns(0, i0);
    _mm_storeu_pd(acc, acc01), _mm_storeu_pd(acc + 2, acc23);
    for (int c = 0; c < B; ++c)
      for (int a = 0; a < B; ++a) acc[a] += cfb[a][c] * x[i0 + c];
    acc01 = _mm_loadu_pd(acc), acc23 = _mm_loadu_pd(acc + 2);
    columns(i0 + B, n);
    _mm_storeu_pd(acc, acc01), _mm_storeu_pd(acc + 2, acc23);
    for (int c = 0; c < B; ++c) {
      for (int a = c + 1; a < B; ++a) acc[c] += cfb[a][c] * x[i0 + a];
      g[i0 + c] = acc[c];
    }
  }
  const std::size_t k_tail = static_cast<std::size_t>(nb) * B * n;
  pass_rank1(x, g, k_tail, I_.size());
#else
  pass_rank1(x, g, 0, I_.size());
#endif
}

#if SODLIFT_GRADIENT_AVX2
namespace {
// Columns [j0, j1) outside the block of pass_full_rows_rank1_avx2; only the
// first `lanes` lanes are rows (a partial last block): G(j) gets their terms.
template <int lanes>
__attribute__((target("avx2"))) inline void avx2_columns(const double* x, double* g,
                                                         const double* hw, const double* bb,
                                                         __m256d xi, __m256d& av, int j0, int j1) {
  const __m256d zero = _mm256_setzero_pd();
  for (int j = j0; j < j1; ++j) {
    const __m256d xj = _mm256_set1_pd(x[j]);
    const __m256d h = _mm256_loadu_pd(hw + static_cast<std::size_t>(j) * 4);
    const __m256d xy = _mm256_add_pd(zero, _mm256_mul_pd(xi, xj));  // = yx: the same product
    const __m256d res = _mm256_sub_pd(_mm256_mul_pd(h, _mm256_add_pd(xy, xy)),
                                      _mm256_loadu_pd(bb + static_cast<std::size_t>(j) * 4));
    const __m256d cf = _mm256_mul_pd(res, h);
    av = _mm256_add_pd(av, _mm256_mul_pd(cf, xj));
    const __m256d u = _mm256_mul_pd(cf, xi);
    const __m128d u01 = _mm256_castpd256_pd128(u), u23 = _mm256_extractf128_pd(u, 1);
    __m128d gj = _mm_load_sd(g + j);
    gj = _mm_add_sd(gj, u01);
    if (lanes > 1) gj = _mm_add_sd(gj, _mm_unpackhi_pd(u01, u01));
    if (lanes > 2) gj = _mm_add_sd(gj, u23);
    if (lanes > 3) gj = _mm_add_sd(gj, _mm_unpackhi_pd(u23, u23));
    _mm_store_sd(g + j, gj);
  }
}
__attribute__((target("avx2"))) inline void avx2_columns_of(int lanes, const double* x, double* g,
                                                            const double* hw, const double* bb,
                                                            __m256d xi, __m256d& av, int j0,
                                                            int j1) {
  switch (lanes) {
    case 4: avx2_columns<4>(x, g, hw, bb, xi, av, j0, j1); break;
    case 3: avx2_columns<3>(x, g, hw, bb, xi, av, j0, j1); break;
    case 2: avx2_columns<2>(x, g, hw, bb, xi, av, j0, j1); break;
    default: avx2_columns<1>(x, g, hw, bb, xi, av, j0, j1); break;
  }
}
}  // namespace
#endif

// The same as pass_full_rows_rank1, the four rows in one AVX2 register
// (lane a of every vector here is lane a of the SSE2 pairs there), and the
// rows past the last full block as one partial block: its v < 4 rows in the
// first v lanes (the other lanes compute on zeros and are dropped), the same
// orders as for a full block.
#if SODLIFT_GRADIENT_AVX2
__attribute__((target("avx2"))) void EntrySamplingGradient::pass_full_rows_rank1_avx2(
    const double* x, double* g) const {
  constexpr int B = kFullRowBlock;
  static_assert(B == 4, "one AVX2 register of rows");
  const int n = n_;
  const int nb = (n + B - 1) / B;
  for (int bi = 0; bi < nb; ++bi) {
    const int i0 = bi * B, v = std::min(B, n - i0);
    const double* hw = blk_hw_.data() + static_cast<std::size_t>(bi) * n * B;
    const double* bb = blk_b_.data() + static_cast<std::size_t>(bi) * n * B;
    double xs[B] = {0, 0, 0, 0};
    for (int a = 0; a < v; ++a) xs[a] = x[i0 + a];
    const __m256d xi = _mm256_loadu_pd(xs);
    double cfb[B][B];
    for (int a = 0; a < v; ++a)
      for (int c = 0; c < v; ++c) {
        const std::size_t k = static_cast<std::size_t>(i0 + a) * n + (i0 + c);
        const double w = W_[k], xa = x[i0 + a], xc = x[i0 + c];
        if (a == c) {
          double xy = 0;
          xy += xa * xa;
          const double res = w * xy - b_[k];
          cfb[a][c] = res * w;
        } else {
          double xy = 0, yx = 0;
          xy += xa * xc;
          yx += xc * xa;
          const double res = w / 2.0 * (xy + yx) - b_[k];
          cfb[a][c] = res * (w / 2.0);
        }
      }
    double acc[B] = {0, 0, 0, 0};
    for (int c = 0; c < v; ++c) {
      acc[c] = g[i0 + c];
      for (int a = 0; a < c; ++a) acc[c] += cfb[a][c] * x[i0 + a];
    }
    __m256d av = _mm256_loadu_pd(acc);
    avx2_columns_of(v, x, g, hw, bb, xi, av, 0, i0);
    _mm256_storeu_pd(acc, av);
    for (int c = 0; c < v; ++c)
      for (int a = 0; a < v; ++a) acc[a] += cfb[a][c] * x[i0 + c];
    av = _mm256_loadu_pd(acc);
    avx2_columns_of(v, x, g, hw, bb, xi, av, i0 + v, n);
    _mm256_storeu_pd(acc, av);
    for (int c = 0; c < v; ++c) {
      for (int a = c + 1; a < v; ++a) acc[c] += cfb[a][c] * x[i0 + a];
      g[i0 + c] = acc[c];
    }
  }
}
#else
void EntrySamplingGradient::pass_full_rows_rank1_avx2(const double* x, double* g) const {
  pass_full_rows_rank1(x, g);
}
#endif

namespace {

// State of one method's run: the iterate, its gradient-evaluation count and
// the distance trace.
struct Run {
  const SensingProblem<double>& P;
  const ProtocolOptions& o;
  MethodResult& R;
  Mat<double> X;
  Mat<double> G;
  double gnorm = std::numeric_limits<double>::infinity();
  bool diverged = false;
  bool stopped = false;         // the last gd() returned at grad_tol
  double shared_seconds = 0;    // time of the shared prefix this run continued from
  std::optional<EntrySamplingGradient> fast;  // entry sampling: the one-pass gradient

  Run(const SensingProblem<double>& P_, const ProtocolOptions& o_, MethodResult& R_,
      const Mat<double>& X0)
      : P(P_), o(o_), R(R_), X(X0) {
    if (P.kind() == OperatorKind::entry_sampling) fast.emplace(P);
  }

  double dist() const { return dist_to(X, P.M_star()); }
  // dist() < success_tol, as dist() decides it (within_truth, below).
  bool at_truth() const { return within_truth(P, X, o.success_tol); }

  // One gradient evaluation at X (traced before it, so the trace entry k is
  // the distance after k evaluations).
  void eval() {
    if (o.trace_every > 0 && R.grad_evals % o.trace_every == 0) R.trace.push_back(dist());
    if (fast)
      (*fast)(X, G);
    else
      G = P.grad_h(X);
    ++R.grad_evals;
    gnorm = G.norm();
  }
  // X <- X - step G; false (and diverged) when ||X||_F leaves the bound.
  bool step() {
    X -= o.gd_step * G;
    const double nx = X.norm();
    if (!std::isfinite(nx) || nx > o.diverge_norm) {
      diverged = true;
      return false;
    }
    return true;
  }
  // Fixed-step GD for up to `iters` evaluations; stops at grad_tol or divergence.
  void gd(long long iters) {
    for (long long k = 0; k < iters && !diverged; ++k) {
      eval();
      if (gnorm <= o.grad_tol) {
        stopped = true;
        return;
      }
      if (!step()) return;
    }
  }
  // The evaluations a certification used count against the budget, not in the trace.
  void add_evals(long long k) {
    if (o.trace_every > 0) {
      double d = 0;  // X does not change here: one dist() for every trace point
      bool have = false;
      for (long long e = R.grad_evals + 1; e <= R.grad_evals + k; ++e)
        if (e % o.trace_every == 0) {
          if (!have) d = dist(), have = true;
          R.trace.push_back(d);
        }
    }
    R.grad_evals += k;
  }
  void finish() {
    R.X = X;
    if (diverged) {
      R.end = "diverged";
      R.success = false;
      R.dist_truth = std::numeric_limits<double>::infinity();
      R.h = std::numeric_limits<double>::infinity();
      R.grad_norm = std::numeric_limits<double>::infinity();
      return;
    }
    R.dist_truth = dist();
    R.h = P.h(X);
    R.grad_norm = P.grad_h(X).norm();
    R.success = R.dist_truth < o.success_tol;
    R.end = R.success ? "success" : (R.grad_norm <= o.grad_tol ? "stalled" : "budget");
  }
};

}  // namespace

// ---- the shared prefix of a trial -----------------------------------------------
struct TrialPrefix::State {
  const SensingProblem<double>* P = nullptr;
  Mat<double> X0;
  ProtocolOptions o;
  // GD from X0 for K1 evaluations (the state a Run has after gd(K1)).
  bool gd_done = false;
  MethodResult R;  // grad_evals and trace of the prefix
  Mat<double> X, G;
  double gnorm = 0;
  bool diverged = false, stopped = false;
  double gd_seconds = 0;
  // pgd-noise and restarts follow GD until the gradient first falls to
  // pgd_g_thres / restart_grad_tol: the state right after that evaluation.
  struct Snapshot {
    bool taken = false;
    Mat<double> X, G;
    double gnorm = 0;
    long long grad_evals = 0;
    std::vector<double> trace;
    double seconds = 0;
  };
  Snapshot pgd, restart;
  // The certification of X (refine_critical_point), or why it failed.
  bool cert_done = false;
  CriticalPoint<double> cp;
  std::string cert_error;
  double cert_seconds = 0;
};

struct PrefixAccess {
  static TrialPrefix::State& get(TrialPrefix& p) { return *p.s_; }
};

TrialPrefix::TrialPrefix(const SensingProblem<double>& P, const Mat<double>& X0,
                         const ProtocolOptions& o)
    : s_(std::make_unique<State>()) {
  s_->P = &P;
  s_->X0 = X0;
  s_->o = o;
}
TrialPrefix::~TrialPrefix() = default;

namespace {

RefineOptions certify_options(const ProtocolOptions& o) {
  RefineOptions ro;
  ro.gd_max_iter = o.certify_gd_max;
  ro.gd_grad_tol = o.grad_tol;
  ro.newton_max_iter = o.certify_newton_max;
  return ro;
}

// The prefix is valid for a method only if everything it depends on is the same.
void check_prefix(const TrialPrefix::State& s, const SensingProblem<double>& P,
                  const Mat<double>& X0, const ProtocolOptions& o) {
  const ProtocolOptions& p = s.o;
  const bool same = s.P == &P && s.X0.rows() == X0.rows() && s.X0.cols() == X0.cols() &&
                    s.X0 == X0 && p.gd_step == o.gd_step && p.K1 == o.K1 &&
                    p.grad_tol == o.grad_tol && p.diverge_norm == o.diverge_norm &&
                    p.success_tol == o.success_tol && p.certify_gd_max == o.certify_gd_max &&
                    p.certify_newton_max == o.certify_newton_max &&
                    (o.trace_every == 0 || o.trace_every == p.trace_every);
  if (!same)
    throw std::invalid_argument(
        "run_method: the shared TrialPrefix was made for another problem, start or protocol");
}

// Both return true when they computed the part now (its time is then already
// inside the caller's own wall time) and false when it was computed before.
bool ensure_gd(TrialPrefix::State& s) {
  if (s.gd_done) return false;
  const auto t0 = Clock::now();
  s.R = MethodResult{};
  Run run(*s.P, s.o, s.R, s.X0);
  auto snap = [&](TrialPrefix::State::Snapshot& z) {
    z.taken = true;
    z.X = run.X, z.G = run.G, z.gnorm = run.gnorm;
    z.grad_evals = run.R.grad_evals;
    z.trace = run.R.trace;
    z.seconds = seconds_since(t0);
  };
  // run.gd(K1), with the two snapshots taken on the way.
  for (long long k = 0; k < s.o.K1 && !run.diverged; ++k) {
    run.eval();
    if (!s.pgd.taken && run.gnorm <= s.o.pgd_g_thres) snap(s.pgd);
    if (!s.restart.taken && run.gnorm <= s.o.restart_grad_tol) snap(s.restart);
    if (run.gnorm <= s.o.grad_tol) {
      run.stopped = true;
      break;
    }
    if (!run.step()) break;
  }
  s.X = run.X, s.G = run.G, s.gnorm = run.gnorm;
  s.diverged = run.diverged, s.stopped = run.stopped;
  s.gd_done = true;
  s.gd_seconds = seconds_since(t0);
  return true;
}

bool ensure_cert(TrialPrefix::State& s) {
  if (s.cert_done) return false;
  const auto t0 = Clock::now();
  try {
    s.cp = refine_critical_point(*s.P, s.X, certify_options(s.o));
  } catch (const std::exception& ex) {
    s.cp = CriticalPoint<double>{};
    s.cert_error = std::string("certification failed: ") + ex.what();
  }
  s.cert_done = true;
  s.cert_seconds = seconds_since(t0);
  return true;
}

// run continues from the prefix's GD state, as if it had run gd(K1) itself.
void load_gd(Run& run, TrialPrefix::State& s) {
  const bool now = ensure_gd(s);
  run.X = s.X, run.G = s.G, run.gnorm = s.gnorm;
  run.diverged = s.diverged, run.stopped = s.stopped;
  run.R.grad_evals = s.R.grad_evals;
  if (run.o.trace_every > 0) run.R.trace = s.R.trace;
  if (!now) run.shared_seconds += s.gd_seconds;
}

// pgd-noise and restarts from the prefix. Both run GD's eval + step until the
// gradient first falls to their threshold z (pgd_g_thres, restart_grad_tol;
// grad_tol <= z, so GD's own stop comes no earlier): then `run` resumes right
// after that evaluation (returns true). Without such an evaluation in the
// prefix, run resumes at the top of its loop from the prefix's end state
// (after K1 steps, or diverged; false).
bool load_until(Run& run, TrialPrefix::State& s, const TrialPrefix::State::Snapshot& z) {
  const bool now = ensure_gd(s);
  if (z.taken) {
    run.X = z.X, run.G = z.G, run.gnorm = z.gnorm;
    run.R.grad_evals = z.grad_evals;
    if (run.o.trace_every > 0) run.R.trace = z.trace;
    if (!now) run.shared_seconds += z.seconds;
    return true;
  }
  run.X = s.X, run.G = s.G, run.gnorm = s.gnorm;
  run.diverged = s.diverged;
  run.R.grad_evals = s.R.grad_evals;
  if (run.o.trace_every > 0) run.R.trace = s.R.trace;
  if (!now) run.shared_seconds += s.gd_seconds;
  return false;
}

// Uniform sample of the ball of radius r in R^{n x r}: Gaussian direction,
// radius r U^{1/d}.
Mat<double> ball_sample(int n, int r, double radius, NormalStream& ns, std::mt19937_64& eng) {
  Mat<double> D(n, r);
  for (int j = 0; j < r; ++j)
    for (int i = 0; i < n; ++i) D(i, j) = ns.next();
  const double u = static_cast<double>(eng() >> 11) / 9007199254740992.0;
  return D * (radius * std::pow(u, 1.0 / (double(n) * r)) / D.norm());
}

// X̌ = sign(coef) |coef|^{1/l} D from log10|coef| (the collapse of coef x^{(x)l}
// onto x = vec D for odd l); nullopt when the point cannot be held in double.
std::optional<Mat<double>> collapse(double log10_abs, int sgn, int l, const Mat<double>& D) {
  const double lg = log10_abs / l;
  if (!std::isfinite(lg) || lg > 300) return std::nullopt;
  return Mat<double>(D * (sgn * std::pow(10.0, lg)));
}

struct Candidate {
  Mat<double> X;
  std::string type;
  int sign = 1;
  long long t = 0;
  double la = 0, lb = 0, lc = 0;
  double step = 0;
  std::string note;
};

std::string num(double x) {
  std::ostringstream os;
  os.precision(6);
  os << x;
  return os.str();
}

// ---- the escape rules --------------------------------------------------------
// Each returns the candidate point for one sign of u_n, or the reason why none.
using Rule = std::optional<Candidate> (*)(const SensingProblem<double>&, const Mat<double>&, int,
                                          const ProtocolOptions&, const ProblemFacts&,
                                          std::string&);

// Norms of the three terms of (5.8) in log10: ||a|| = ||X̂||^l, ||b|| = 1
// (||u_n q_r^T|| = 1), ||c|| = ||E X̂||^l.
void term_norms(const TpgdCoefficients<double>& c, int l, double nX, double nEX, Candidate& k) {
  k.la = l * std::log10(nX);
  k.lb = c.log10_abs_beta;
  k.lc = (c.gamma_zero || !(nEX > 0)) ? -std::numeric_limits<double>::infinity()
                                      : c.log10_abs_gamma + l * std::log10(nEX);
}

std::optional<Candidate> rule_notebook(const SensingProblem<double>& P, const Mat<double>& Xhat,
                                       int sign, const ProtocolOptions& o, const ProblemFacts&,
                                       std::string& why) {
  const auto s = sod_ingredients(P, Xhat, sign);
  const auto c = tpgd_coefficients(o.l, o.rho, o.eta, o.t, s.lambda_n, s.sigma_r);
  const Mat<double> B = s.u_n * s.q_r.transpose(), Y = s.E * Xhat;
  Candidate k;
  k.t = o.t;
  k.sign = sign;
  term_norms(c, o.l, Xhat.norm(), Y.norm(), k);
  // The notebook compares the b- and c-terms only (never collapses a).
  const bool beta = !(k.lc > k.lb);
  auto X = beta ? collapse(c.log10_abs_beta, +1, o.l, B) : collapse(c.log10_abs_gamma, -1, o.l, Y);
  if (!X) {
    why = std::string(beta ? "beta" : "gamma") + "-type coefficient 10^(" +
          num(beta ? c.log10_abs_beta : c.log10_abs_gamma) + "/l) exceeds double";
    return std::nullopt;
  }
  k.X = *X;
  k.type = beta ? "beta" : "gamma";
  return k;
}

std::optional<Candidate> rule_paper(const SensingProblem<double>& P, const Mat<double>& Xhat,
                                    int sign, const ProtocolOptions& o, const ProblemFacts& f,
                                    std::string& why) {
  const auto s = sod_ingredients(P, Xhat, sign);
  const double delta = f.has_delta ? f.delta : 0.0;
  auto R = multi_step(P, s, o.l, o.rho, o.eta, o.t, delta);
  long long t = o.t;
  std::string type, note;
  const double tt = double(o.t);
  if (R.U_beta.contains(tt)) {
    type = "beta", note = "t in U_beta";
  } else if (R.U_gamma.contains(tt)) {
    type = "gamma", note = "t in U_gamma";
  } else if (!R.U_beta.empty && !R.U_beta.hi_infinite && R.U_beta.hi < 1e15 &&
             std::floor(0.5 * (R.U_beta.lo + R.U_beta.hi)) > R.U_beta.lo) {
    t = static_cast<long long>(std::floor(0.5 * (R.U_beta.lo + R.U_beta.hi)));
    type = "beta", note = "t outside U_beta and U_gamma: middle of U_beta";
  } else if (!R.U_gamma.empty && R.U_gamma.lo < 1e15) {
    t = static_cast<long long>(std::floor(2 * R.U_gamma.lo)) + 1;
    type = "gamma",
    note = "t outside U_beta and U_gamma, U_beta empty: twice the left end of U_gamma";
  } else {
    why = "U_beta and U_gamma both empty or beyond t = 1e15 (" + R.U_beta.reason + "; " +
          R.U_gamma.reason + ")";
    return std::nullopt;
  }
  if (t != o.t) R = multi_step(P, s, o.l, o.rho, o.eta, t, delta);
  const EscapePoint<double>& e = type == "beta" ? R.beta_point : R.gamma_point;
  if (!e.defined || !e.representable) {
    why = type + "-type point (" + note + ", t = " + std::to_string(t) +
          ") not usable in double: " + e.note;
    return std::nullopt;
  }
  Candidate k;
  k.X = e.point;
  k.type = type;
  k.sign = sign;
  k.t = t;
  k.note = note;
  term_norms(R.coef, o.l, R.norm_Xhat, R.norm_EXhat, k);
  return k;
}

std::optional<Candidate> rule_single(const SensingProblem<double>& P, const Mat<double>& Xhat,
                                     int sign, const ProtocolOptions&, const ProblemFacts& f,
                                     std::string& why) {
  if (!f.has_delta) {
    why = "no isometry bound delta for (4.6)";
    return std::nullopt;
  }
  const auto s = sod_ingredients(P, Xhat, sign);
  const auto r = single_step(P, s, f.delta);
  if (!r.point_defined) {
    why = "EFS = " + num(r.efs) + " <= 1 at delta = " + num(f.delta) + ": (4.6) has no interval";
    return std::nullopt;
  }
  Candidate k;
  k.X = r.point;
  k.type = "single";
  k.sign = sign;
  k.step = r.rho;
  return k;
}

// Line search along D from the origin (the scale SOD's points use) and from
// X̂ (the single-step family); the lower of the two global minimisers.
std::optional<Candidate> line_rule(const SensingProblem<double>& P, const Mat<double>& Xhat,
                                   bool beta_dir, std::string& why) {
  const auto s = sod_ingredients(P, Xhat, +1);
  const Mat<double> D = beta_dir ? Mat<double>(s.u_n * s.q_r.transpose()) : Mat<double>(s.E * Xhat);
  if (!(D.norm() > 0)) {
    why = "direction is zero";
    return std::nullopt;
  }
  std::optional<Candidate> best;
  const Mat<double> Z0 = Mat<double>::Zero(Xhat.rows(), Xhat.cols());
  for (int from = 0; from < 2; ++from) {
    const Mat<double>& base = from == 0 ? Z0 : Xhat;
    const auto q = line_quartic(P, base, D);
    const auto smin = quartic_global_minimiser(q);
    if (!smin) continue;
    Candidate k;
    k.X = base + *smin * D;
    k.type = from == 0 ? "line-origin" : "line-xhat";
    k.step = *smin;
    k.note = "s over R covers both signs of u_n";
    if (!best || P.h(k.X) < P.h(best->X)) best = k;
  }
  if (!best) why = "A(D D^T) = 0: h(s D) is not a quartic with a minimiser";
  return best;
}

std::optional<Candidate> rule_line_beta(const SensingProblem<double>& P, const Mat<double>& Xhat,
                                        int, const ProtocolOptions&, const ProblemFacts&,
                                        std::string& why) {
  return line_rule(P, Xhat, true, why);
}
std::optional<Candidate> rule_line_gamma(const SensingProblem<double>& P, const Mat<double>& Xhat,
                                         int, const ProtocolOptions&, const ProblemFacts&,
                                         std::string& why) {
  return line_rule(P, Xhat, false, why);
}

std::optional<Candidate> rule_exact_S(const SensingProblem<double>& P, const Mat<double>& Xhat,
                                      int sign, const ProtocolOptions& o, const ProblemFacts&,
                                      std::string& why) {
  const auto s = sod_ingredients(P, Xhat, sign);
  const SubspaceSimulation<double> sim(P, s, o.l);
  if (!sim.dropped().empty() && sim.dropped().front() == 1) {
    why = "b dropped (singular Gram of {a,b,c}): the start a + rho b is outside the span solved";
    return std::nullopt;
  }
  Vec<double> c0(3);
  c0 << 1.0, o.rho, 0.0;
  std::vector<SubspaceRecord<double>> tr;
  try {
    tr = sim.trajectory(c0, o.eta, o.t, std::max<long long>(o.t, 1));
  } catch (const precondition_error& e) {
    why = e.what();
    return std::nullopt;
  }
  const auto& r = tr.back();
  if (!std::isfinite(r.beta) || !std::isfinite(r.gamma) || !std::isfinite(r.alpha)) {
    why = "exact PGD in S reached non-finite coefficients in double by step " + std::to_string(o.t);
    return std::nullopt;
  }
  Candidate k;
  k.sign = sign;
  k.t = o.t;
  auto lg = [](double v) {
    return v > 0 ? std::log10(v) : -std::numeric_limits<double>::infinity();
  };
  k.la = lg(r.norm_a), k.lb = lg(r.norm_b), k.lc = lg(r.norm_c);
  const bool beta = !(r.norm_c > r.norm_b);
  const double coef = beta ? r.beta : r.gamma;
  if (coef == 0) {
    why = "both the b- and c-coefficients are 0 after t steps";
    return std::nullopt;
  }
  const int p = beta ? 1 : 2;
  auto X = collapse(std::log10(std::abs(coef)), coef > 0 ? 1 : -1, o.l, sim.generators()[p]);
  if (!X) {
    why = "collapsed coefficient exceeds double";
    return std::nullopt;
  }
  k.X = *X;
  k.type = beta ? "exact-S-b" : "exact-S-c";
  return k;
}

Rule rule_of(const std::string& m) {
  if (m == "gd+sod") return rule_notebook;
  if (m == "gd+sod-paper") return rule_paper;
  if (m == "gd+single") return rule_single;
  if (m == "gd+line-beta") return rule_line_beta;
  if (m == "gd+line-gamma") return rule_line_gamma;
  if (m == "gd+exact-S") return rule_exact_S;
  return nullptr;
}

// Rules whose point changes with the sign of u_n in more than a global sign
// (h(-X) = h(X), so for the others both signs give the same h; they are still
// evaluated and recorded).
bool line_rule_name(const std::string& m) { return m == "gd+line-beta" || m == "gd+line-gamma"; }

// GD -> certify -> escape -> GD, up to max_escapes times.
void run_escape_method(Run& run, const std::string& method, const ProblemFacts& facts,
                       TrialPrefix::State* shared) {
  const ProtocolOptions& o = run.o;
  const Rule rule = rule_of(method);
  if (shared)
    load_gd(run, *shared);
  else
    run.gd(o.K1);
  for (int e = 0; e < o.max_escapes && !run.diverged; ++e) {
    EscapeRecord rec;
    rec.at_eval = run.R.grad_evals;
    if (run.at_truth()) {
      rec.reason = "GD already at M* (success): no escape needed";
      run.R.escapes.push_back(rec);
      break;
    }
    auto t0 = Clock::now();
    CriticalPoint<double> cp;
    if (shared && e == 0) {
      // The first certification is of the prefix's end point: the same for every method.
      if (!ensure_cert(*shared)) {
        // Computed by an earlier method: counted as this method's time too.
        t0 -= std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(shared->cert_seconds));
        run.shared_seconds += shared->cert_seconds;
      }
      cp = shared->cp;
      rec.reason = shared->cert_error;
    } else {
      try {
        cp = refine_critical_point(run.P, run.X, certify_options(o));
      } catch (const std::exception& ex) {
        rec.reason = std::string("certification failed: ") + ex.what();
      }
    }
    rec.certify_evals = cp.gd_iterations + cp.newton_iterations;
    run.add_evals(rec.certify_evals);
    rec.certification = rec.reason.empty() ? to_string(cp.kind) : "error";
    std::optional<Candidate> chosen;
    if (rec.reason.empty() && cp.kind != PointKind::spurious_local_min) {
      rec.reason = "GD end point certified as " + rec.certification +
                   ", not a spurious local minimum: no escape (" + cp.note + ")";
    } else if (rec.reason.empty()) {
      rec.h_hat = cp.h;
      std::string why[2];
      std::optional<Candidate> cand[2];
      const int nsigns = line_rule_name(method) ? 1 : 2;
      for (int k = 0; k < nsigns; ++k) {
        try {
          cand[k] = rule(run.P, cp.X, k == 0 ? +1 : -1, o, facts, why[k]);
        } catch (const std::exception& ex) {
          why[k] = ex.what();
        }
      }
      if (cand[0] && cand[1]) {
        const double h0 = run.P.h(cand[0]->X), h1 = run.P.h(cand[1]->X);
        chosen = h1 < h0 ? cand[1] : cand[0];
        rec.h_check_other_sign = h1 < h0 ? h0 : h1;
      } else {
        chosen = cand[0] ? cand[0] : cand[1];
        rec.h_check_other_sign = std::numeric_limits<double>::quiet_NaN();
      }
      if (!chosen)
        rec.reason =
            "no escape point: " + why[0] + (nsigns == 2 ? " (sign -1: " + why[1] + ")" : "");
    }
    rec.seconds = seconds_since(t0);
    run.R.escape_seconds += rec.seconds;
    if (chosen) {
      rec.tried = true;
      rec.type = chosen->type;
      rec.sign = chosen->sign;
      rec.t = chosen->t;
      rec.step = chosen->step;
      rec.log10_norm_a = chosen->la, rec.log10_norm_b = chosen->lb, rec.log10_norm_c = chosen->lc;
      rec.reason = chosen->note;
      rec.h_check = run.P.h(chosen->X);
      rec.h_lower = rec.h_check < rec.h_hat;
      run.X = chosen->X;
      const double nx = run.X.norm();
      if (!std::isfinite(nx) || nx > o.diverge_norm) run.diverged = true;
    }
    run.gd(o.K2);
    rec.dist_truth_after = run.diverged ? std::numeric_limits<double>::infinity() : run.dist();
    if (run.diverged)
      rec.outcome = "divergence";
    else if (run.at_truth())
      rec.outcome = "reached_truth";
    else if (rec.tried && dist_to(run.X, cp.X * cp.X.transpose()) < o.success_tol)
      rec.outcome = "same_minimum";
    else if (run.P.grad_h(run.X).norm() <= o.restart_grad_tol)
      rec.outcome = "other_critical";
    else
      rec.outcome = "not_converged";
    run.R.escapes.push_back(rec);
  }
}

// Perturbed GD (Jin et al. 2017, Algorithm 2 without the early-termination
// test, which needs the unknown constants f_thres and the Lipschitz bounds):
// perturb when the gradient is small and the last perturbation is at least
// t_thres iterations old; stop only at M* or at the end of the budget.
// mid: resume right after an evaluation (load_until).
void run_pgd_noise(Run& run, long long budget, std::uint64_t seed, bool mid = false) {
  const ProtocolOptions& o = run.o;
  NormalStream ns(mix_seed(seed ^ 0x5045u));
  std::mt19937_64 eng(mix_seed(seed ^ 0x5046u));
  long long last = -1;  // iteration (gradient evaluation) of the last perturbation
  while (mid || (run.R.grad_evals < budget && !run.diverged)) {
    if (!mid) run.eval();
    mid = false;
    if (run.gnorm <= o.grad_tol && run.at_truth()) return;
    if (run.gnorm <= o.pgd_g_thres && (last < 0 || run.R.grad_evals - 1 - last >= o.pgd_t_thres) &&
        !run.at_truth()) {
      last = run.R.grad_evals - 1;
      run.R.perturbed_at.push_back(last);
      run.X += ball_sample(int(run.X.rows()), int(run.X.cols()), o.pgd_radius, ns, eng);
      if (run.R.grad_evals >= budget) return;
      run.eval();  // Jin's step uses the gradient at the perturbed point
    }
    if (!run.step()) return;
  }
}

// GD with a fresh small initialisation whenever it stalls (gradient below
// restart_grad_tol, or divergence) away from M*, within the budget.
void run_restarts(Run& run, long long budget, std::uint64_t seed, bool mid = false) {
  const ProtocolOptions& o = run.o;
  const int n = int(run.X.rows()), r = int(run.X.cols());
  std::uint64_t s = mix_seed(seed ^ 0x5253u);
  while (mid || run.R.grad_evals < budget) {
    if (!mid && run.diverged) {
      run.diverged = false;
      run.X = small_initialisation(n, r, o.zeta, s = mix_seed(s));
      ++run.R.restarts;
      continue;
    }
    if (!mid) run.eval();
    mid = false;
    if (run.gnorm <= o.restart_grad_tol) {
      if (run.at_truth()) {
        if (run.gnorm <= o.grad_tol) return;
      } else {
        run.X = small_initialisation(n, r, o.zeta, s = mix_seed(s));
        ++run.R.restarts;
        continue;
      }
    }
    run.step();
  }
}

}  // namespace

// pgd-noise and restarts ask at every step near M*, and (XX^T - M*).norm()
// forms an n x n matrix, about as costly as a gradient. The O(n (r + r*)^2)
// identity
//   ||XX^T - ZZ^T||_F^2 = ||X^T X||_F^2 - 2 ||Z^T X||_F^2 + ||Z^T Z||_F^2
// decides first when its value is farther from tol^2 than a margin, 1e-8 of
// the terms' magnitudes (their sum, plus ||X||_F^4 + ||Z||_F^4), which
// exceeds the rounding error of this formula (about 2n u of those
// magnitudes) plus that of the dense norm (about (n^2 + r + r*) u: the n^2
// squares summed, M* = ZZ^T rounded; SensingProblem) for n, r, r* <= 2000;
// then the dense norm would give the same answer. Closer than the margin,
// for larger sizes or non-finite values, the dense norm decides.
bool within_truth(const SensingProblem<double>& P, const Mat<double>& X, double tol) {
  const Mat<double>& Z = P.Z();
  if (X.rows() <= 2000 && X.cols() <= 2000 && Z.cols() <= 2000 && tol > 0) {
    const double t1 = (X.transpose() * X).squaredNorm(), t2 = (Z.transpose() * X).squaredNorm(),
                 t3 = (Z.transpose() * Z).squaredNorm(), nx = X.squaredNorm(),
                 nz = Z.squaredNorm();
    const double est = t1 - 2 * t2 + t3, scale = t1 + 2 * t2 + t3 + nx * nx + nz * nz;
    const double tol2 = tol * tol;
    if (std::isfinite(est) && std::isfinite(scale) && std::isfinite(tol2)) {
      const double margin = 1e-8 * scale + 1e-14 * tol2 + 1e-280;
      if (est < tol2 - margin) return true;
      if (est > tol2 + margin) return false;
    }
  }
  return dist_to(X, P.M_star()) < tol;
}

long long gd_budget(const ProtocolOptions& o) {
  return o.K1 +
         static_cast<long long>(o.max_escapes) * (o.K2 + o.certify_gd_max + o.certify_newton_max);
}

const std::vector<std::string>& method_names() {
  static const std::vector<std::string> v = {"gd",         "gd+sod",       "gd+sod-paper",
                                             "gd+single",  "gd+line-beta", "gd+line-gamma",
                                             "gd+exact-S", "pgd-noise",    "restarts"};
  return v;
}

void check_method_name(const std::string& name) {
  for (const auto& m : method_names())
    if (m == name) return;
  std::string all;
  for (const auto& m : method_names()) all += (all.empty() ? "" : ", ") + m;
  throw input_error("unknown method '" + name + "': use one or more of " + all);
}

ProblemFacts problem_facts(const SensingProblem<double>& P) {
  ProblemFacts f;
  f.delta = isometry_bound(P).delta;
  f.has_delta = std::isfinite(f.delta);
  return f;
}

Mat<double> small_initialisation(int n, int r, double zeta, std::uint64_t seed) {
  NormalStream ns(seed);
  Mat<double> X(n, r);
  for (int j = 0; j < r; ++j)
    for (int i = 0; i < n; ++i) X(i, j) = zeta * ns.next();
  return X;
}

Fig10Endpoint fig10_endpoint(const SensingProblem<double>& P, const Mat<double>& X0,
                             const ProtocolOptions& o) {
  P.check_point(X0, "X0");
  TrialPrefix prefix(P, X0, o);
  TrialPrefix::State& s = PrefixAccess::get(prefix);
  ensure_gd(s);
  Fig10Endpoint e;
  e.diverged = s.diverged;
  e.X_gd = s.X;
  e.at_truth = !s.diverged && dist_to(s.X, P.M_star()) < o.success_tol;
  if (s.diverged || e.at_truth) return e;
  ensure_cert(s);
  e.cp = s.cp;
  e.cert_error = s.cert_error;
  return e;
}

MethodResult run_method(const std::string& method, const SensingProblem<double>& P,
                        const Mat<double>& X0, const ProtocolOptions& o, std::uint64_t seed,
                        const ProblemFacts& facts, TrialPrefix* shared) {
  check_method_name(method);
  P.check_point(X0, "X0");
  if (!(o.gd_step > 0) || o.K1 < 0 || o.K2 < 0 || o.max_escapes < 0)
    throw input_error("protocol: gd step must be > 0 and K1, K2, max-escapes >= 0");
  MethodResult R;
  R.method = method;
  const auto t0 = Clock::now();
  Run run(P, o, R, X0);
  const long long budget = gd_budget(o);
  TrialPrefix::State* sp = nullptr;
  if (shared) {
    sp = &PrefixAccess::get(*shared);
    check_prefix(*sp, P, X0, o);
    // pgd-noise / restarts share it only with their prefix's threshold and
    // grad_tol below it (load_until); otherwise they run alone.
    if ((method == "pgd-noise" &&
         (sp->o.pgd_g_thres != o.pgd_g_thres || !(o.grad_tol <= o.pgd_g_thres))) ||
        (method == "restarts" &&
         (sp->o.restart_grad_tol != o.restart_grad_tol || !(o.grad_tol <= o.restart_grad_tol))))
      sp = nullptr;
  }
  if (method == "gd") {
    // gd(budget) is gd(K1) and then, unless it stopped (grad_tol, divergence),
    // gd(budget - K1): the loop carries no state but the Run's.
    if (sp) {
      load_gd(run, *sp);
      if (!run.stopped && !run.diverged) run.gd(budget - o.K1);
    } else {
      run.gd(budget);
    }
  } else if (method == "pgd-noise") {
    const bool mid = sp && load_until(run, *sp, sp->pgd);
    run_pgd_noise(run, budget, seed, mid);
  } else if (method == "restarts") {
    const bool mid = sp && load_until(run, *sp, sp->restart);
    run_restarts(run, budget, seed, mid);
  } else {
    run_escape_method(run, method, facts, sp);
  }
  run.finish();
  R.seconds = seconds_since(t0) + run.shared_seconds;
  return R;
}

std::vector<MethodResult> run_trial(const SensingProblem<double>& P, int r,
                                    const std::vector<std::string>& methods,
                                    const ProtocolOptions& opt, std::uint64_t seed,
                                    const ProblemFacts& facts) {
  const Mat<double> X0 = small_initialisation(P.n(), r, opt.zeta, seed);
  TrialPrefix shared(P, X0, opt);
  std::vector<MethodResult> out;
  for (const auto& m : methods) out.push_back(run_method(m, P, X0, opt, seed, facts, &shared));
  return out;
}

namespace {
// JSON has no inf/nan: write them as strings so a record always parses.
nlohmann::json jnum(double x) {
  if (std::isfinite(x)) return x;
  return std::isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf");
}
}  // namespace

nlohmann::json to_json(const EscapeRecord& e) {
  nlohmann::json j;
  j["at_eval"] = e.at_eval;
  j["certification"] = e.certification;
  j["tried"] = e.tried;
  j["reason"] = e.reason;
  j["type"] = e.type;
  j["sign"] = e.sign;
  j["t"] = e.t;
  j["h_hat"] = jnum(e.h_hat);
  j["h_check"] = jnum(e.h_check);
  j["h_check_other_sign"] = jnum(e.h_check_other_sign);
  j["h_lower"] = e.h_lower;
  j["log10_norm_a"] = jnum(e.log10_norm_a);
  j["log10_norm_b"] = jnum(e.log10_norm_b);
  j["log10_norm_c"] = jnum(e.log10_norm_c);
  j["step"] = jnum(e.step);
  j["outcome"] = e.outcome;
  j["dist_truth_after"] = jnum(e.dist_truth_after);
  j["seconds"] = e.seconds;
  j["certify_evals"] = e.certify_evals;
  return j;
}

nlohmann::json to_json(const MethodResult& r) {
  nlohmann::json j;
  j["method"] = r.method;
  j["ran"] = r.ran;
  j["reason"] = r.reason;
  j["success"] = r.success;
  j["end"] = r.end;
  j["dist_truth"] = jnum(r.dist_truth);
  j["h"] = jnum(r.h);
  j["grad_norm"] = jnum(r.grad_norm);
  j["grad_evals"] = r.grad_evals;
  j["seconds"] = r.seconds;
  j["escape_seconds"] = r.escape_seconds;
  j["escapes"] = nlohmann::json::array();
  for (const auto& e : r.escapes) j["escapes"].push_back(to_json(e));
  j["restarts"] = r.restarts;
  j["perturbations"] = r.perturbed_at.size();
  if (!r.trace.empty()) {
    nlohmann::json t = nlohmann::json::array();
    for (double d : r.trace) t.push_back(jnum(d));
    j["trace"] = t;
  }
  return j;
}

nlohmann::json to_json(const ProtocolOptions& o) {
  nlohmann::json j;
  j["zeta"] = o.zeta;
  j["gd_step"] = o.gd_step;
  j["K1"] = o.K1;
  j["K2"] = o.K2;
  j["grad_tol"] = o.grad_tol;
  j["diverge_norm"] = o.diverge_norm;
  j["success_tol"] = o.success_tol;
  j["max_escapes"] = o.max_escapes;
  j["l"] = o.l;
  j["rho"] = o.rho;
  j["eta"] = o.eta;
  j["t"] = o.t;
  j["certify_gd_max"] = o.certify_gd_max;
  j["certify_newton_max"] = o.certify_newton_max;
  j["pgd_g_thres"] = o.pgd_g_thres;
  j["pgd_t_thres"] = o.pgd_t_thres;
  j["pgd_radius"] = o.pgd_radius;
  j["restart_grad_tol"] = o.restart_grad_tol;
  j["trace_every"] = o.trace_every;
  j["gd_budget"] = gd_budget(o);
  return j;
}

// ---- line search -----------------------------------------------------------
Quartic line_quartic(const SensingProblem<double>& P, const Mat<double>& X0, const Mat<double>& D) {
  const Vec<double> r0 = P.measure(X0 * X0.transpose()) - P.b();
  const Vec<double> r1 = P.measure(X0 * D.transpose() + D * X0.transpose());
  const Vec<double> r2 = P.measure(D * D.transpose());
  Quartic q;
  q.c[0] = 0.5 * r0.squaredNorm();
  q.c[1] = r0.dot(r1);
  q.c[2] = 0.5 * r1.squaredNorm() + r0.dot(r2);
  q.c[3] = r1.dot(r2);
  q.c[4] = 0.5 * r2.squaredNorm();
  return q;
}

std::optional<double> quartic_global_minimiser(const Quartic& q) {
  if (!(q.c[4] > 0) || !std::isfinite(q.c[4])) return std::nullopt;
  // Roots of q'(s) = 4c4 s^3 + 3c3 s^2 + 2c2 s + c1: eigenvalues of the
  // companion matrix of the monic cubic, then Newton on q' to full accuracy.
  const double a2 = 3 * q.c[3] / (4 * q.c[4]), a1 = 2 * q.c[2] / (4 * q.c[4]),
               a0 = q.c[1] / (4 * q.c[4]);
  Eigen::Matrix3d C;
  C << 0, 0, -a0, 1, 0, -a1, 0, 1, -a2;
  const Eigen::Vector3cd ev = Eigen::EigenSolver<Eigen::Matrix3d>(C, false).eigenvalues();
  auto d1 = [&](double s) { return ((4 * q.c[4] * s + 3 * q.c[3]) * s + 2 * q.c[2]) * s + q.c[1]; };
  auto d2 = [&](double s) { return (12 * q.c[4] * s + 6 * q.c[3]) * s + 2 * q.c[2]; };
  std::optional<double> best;
  for (int i = 0; i < 3; ++i) {
    // Every root is a candidate (a nearly real pair is a double root); the
    // quartic's value decides, so a spurious candidate costs nothing.
    double s = ev(i).real();
    for (int it = 0; it < 50; ++it) {
      const double h2 = d2(s);
      if (h2 == 0) break;
      const double ds = d1(s) / h2;
      if (!std::isfinite(ds)) break;
      s -= ds;
      if (std::abs(ds) <= 1e-16 * (1 + std::abs(s))) break;
    }
    if (std::isfinite(s) && (!best || q(s) < q(*best))) best = s;
  }
  return best;
}

}  // namespace sodlift
