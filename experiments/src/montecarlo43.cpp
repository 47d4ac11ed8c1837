// §4.3 by Monte Carlo: delta estimates, the moment Monte Carlo and one trial
// of the study (montecarlo43.hpp). The analysis of one minimum is templated
// (montecarlo43_impl.hpp) and instantiated here for double (the study) and
// bf50 (re-verification of stored counterexamples).
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <map>

#include "montecarlo43_impl.hpp"

namespace sodlift {

namespace {

// Orthonormal coordinates of symmetric n x n matrices, in the order of
// isometry_bound(): for j, for i >= j: E_jj, (E_ij + E_ji)/sqrt 2.
int svec_dim(int n) { return n * (n + 1) / 2; }

Vec<double> svec(const Mat<double>& M) {
  const int n = static_cast<int>(M.rows());
  Vec<double> x(svec_dim(n));
  int k = 0;
  for (int j = 0; j < n; ++j)
    for (int i = j; i < n; ++i, ++k) x(k) = i == j ? M(i, i) : std::sqrt(2.0) * M(i, j);
  return x;
}

Mat<double> smat(const Vec<double>& x, int n) {
  Mat<double> M(n, n);
  int k = 0;
  for (int j = 0; j < n; ++j)
    for (int i = j; i < n; ++i, ++k) {
      const double v = i == j ? x(k) : x(k) / std::sqrt(2.0);
      M(i, j) = v;
      M(j, i) = v;
    }
  return M;
}

// Gram operator of A on symmetric matrices in svec coordinates: G = Phi^T Phi.
Mat<double> gram_svec(const SensingProblem<double>& P) {
  const int n = P.n();
  Mat<double> Phi(P.m(), svec_dim(n));
  for (int k = 0; k < P.m(); ++k) Phi.row(k) = svec(P.A()[k]).transpose();
  return Phi.transpose() * Phi;
}

// Keep the p eigenvalues of largest magnitude; returns the column space too.
Mat<double> truncate_rank(const Mat<double>& M, int p, Mat<double>* U = nullptr) {
  Eigen::SelfAdjointEigenSolver<Mat<double>> es(M);
  const int n = static_cast<int>(M.rows());
  std::vector<int> idx(n);
  for (int i = 0; i < n; ++i) idx[i] = i;
  std::sort(idx.begin(), idx.end(), [&](int a, int b) {
    return std::abs(es.eigenvalues()(a)) > std::abs(es.eigenvalues()(b));
  });
  Mat<double> R = Mat<double>::Zero(n, n);
  if (U) U->resize(n, p);
  for (int k = 0; k < p && k < n; ++k) {
    const Vec<double> v = es.eigenvectors().col(idx[k]);
    R += es.eigenvalues()(idx[k]) * v * v.transpose();
    if (U) U->col(k) = v;
  }
  return R;
}

double ratio(const Mat<double>& G, const Vec<double>& x) { return x.dot(G * x) / x.squaredNorm(); }

// Best M = U S U^T (S symmetric p x p) for the largest (sign +1) or smallest
// (sign -1) ratio: an eigenproblem in the p(p+1)/2 coordinates of S, whose
// images svec(U E U^T) are orthonormal because U is.
Vec<double> best_on_column_space(const Mat<double>& G, const Mat<double>& U, int sign) {
  const int n = static_cast<int>(U.rows()), p = static_cast<int>(U.cols());
  Mat<double> B(svec_dim(n), svec_dim(p));
  int k = 0;
  for (int b = 0; b < p; ++b)
    for (int a = b; a < p; ++a, ++k) {
      Mat<double> E =
          a == b ? Mat<double>(U.col(a) * U.col(a).transpose())
                 : Mat<double>((U.col(a) * U.col(b).transpose() + U.col(b) * U.col(a).transpose()) /
                               std::sqrt(2.0));
      B.col(k) = svec(E);
    }
  Eigen::SelfAdjointEigenSolver<Mat<double>> es(B.transpose() * G * B);
  const Vec<double> c = es.eigenvectors().col(sign > 0 ? svec_dim(p) - 1 : 0);
  return B * c;
}

// A random rank-p symmetric matrix G D G^T (G n x p, D diagonal, standard
// normal): the starts of the optimiser and the samples of the sampled estimator.
Mat<double> random_rank_p(NormalStream& g, int n, int p) {
  Mat<double> Gm(n, p);
  for (int j = 0; j < p; ++j)
    for (int i = 0; i < n; ++i) Gm(i, j) = g.next();
  Vec<double> dg(p);
  for (int j = 0; j < p; ++j) dg(j) = g.next();
  return Gm * dg.asDiagonal() * Gm.transpose();
}

}  // namespace

RestrictedIsometryEstimate restricted_isometry_lower(const SensingProblem<double>& P, int rank,
                                                     int starts, std::uint64_t seed) {
  const int n = P.n();
  if (rank < 1 || rank > n)
    throw input_error("restricted rank p = " + std::to_string(rank) +
                      " must lie in [1, n = " + std::to_string(n) + "]");
  if (starts < 1) throw input_error("restricted-isometry starts must be >= 1");
  const Mat<double> G = gram_svec(P);
  Eigen::SelfAdjointEigenSolver<Mat<double>> es(G);
  const int d = svec_dim(n);
  const double lmax = es.eigenvalues()(d - 1);
  const double shift = 1.01 * lmax + 1e-12;  // c I - G is PSD
  RestrictedIsometryEstimate out;
  out.rank = rank;
  out.starts = starts;
  out.ratio_min = 1e300;
  out.ratio_max = -1e300;
  NormalStream g(seed);
  for (int sign : {+1, -1}) {
    for (int st = 0; st < starts; ++st) {
      Mat<double> M;
      if (st == 0) {
        M = smat(es.eigenvectors().col(sign > 0 ? d - 1 : 0), n);
      } else {
        M = random_rank_p(g, n, rank);
      }
      Mat<double> U;
      M = truncate_rank(M, rank, &U);
      Vec<double> x = svec(M);
      x /= x.norm();
      for (int round = 0; round < 3; ++round) {
        for (int it = 0; it < 200; ++it) {
          const Vec<double> y = sign > 0 ? Vec<double>(G * x) : Vec<double>(shift * x - G * x);
          Vec<double> xn = svec(truncate_rank(smat(y, n), rank, &U));
          const double nn = xn.norm();
          if (!(nn > 0)) break;
          xn /= nn;
          const double change = (xn - x).norm();
          x = xn;
          if (change < 1e-13) break;
        }
        truncate_rank(smat(x, n), rank, &U);
        x = best_on_column_space(G, U, sign);
        x /= x.norm();
      }
      const double rr = ratio(G, x);
      if (sign > 0 && rr > out.ratio_max) {
        out.ratio_max = rr;
        out.argmax = smat(x, n);
      }
      if (sign < 0 && rr < out.ratio_min) {
        out.ratio_min = rr;
        out.argmin = smat(x, n);
      }
    }
  }
  out.delta = std::max(1.0 - out.ratio_min, out.ratio_max - 1.0);
  return out;
}

SampledIsometry sampled_isometry(const SensingProblem<double>& P, int rank, int samples,
                                 std::uint64_t seed) {
  const int n = P.n();
  if (rank < 1 || rank > n)
    throw input_error("sampled-estimator rank p = " + std::to_string(rank) + " must lie in [1, n]");
  if (samples < 1) throw input_error("sampled-estimator samples must be >= 1");
  SampledIsometry out;
  out.rank = rank;
  out.samples = samples;
  out.ratio_min = 1e300;
  out.ratio_max = -1e300;
  NormalStream g(seed);
  for (int k = 0; k < samples; ++k) {
    const Mat<double> M = random_rank_p(g, n, rank);
    const double rr = P.measure(M).squaredNorm() / M.squaredNorm();
    out.ratio_min = std::min(out.ratio_min, rr);
    out.ratio_max = std::max(out.ratio_max, rr);
  }
  out.delta = std::max(1.0 - out.ratio_min, out.ratio_max - 1.0);
  return out;
}

CaseClassification classify_case(double dist2, double r_1, double r_2, int m) {
  if (!(r_1 < r_2) || !(r_1 >= 0) || !std::isfinite(r_2))
    throw input_error("radii must satisfy 0 <= r_1 < r_2 < inf (got r_1 = " + std::to_string(r_1) +
                      ", r_2 = " + std::to_string(r_2) + ")");
  if (m < 1) throw input_error("m must be >= 1");
  CaseClassification c;
  if (dist2 >= r_2) {
    c.radius_case = 1;
    c.probability_bound = 1;
  } else if (dist2 < r_1) {
    c.radius_case = 2;
    c.probability_bound = 0;
  } else {
    c.radius_case = 3;
    c.theta = (r_2 - dist2) / (r_2 - r_1);
    c.probability_bound = (1 - c.theta) * (1 - c.theta) * m / (3.0 * (m + 2));
  }
  return c;
}

const char* to_string(Tri t) {
  switch (t) {
    case Tri::yes:
      return "yes";
    case Tri::no:
      return "no";
    case Tri::undecided:
      return "undecided";
    case Tri::vacuous:
      return "vacuous";
  }
  return "vacuous";
}

double moment_S2(int m) { return 2.0 / m; }
double moment_S4(int m) { return 12.0 * (m + 2) / (double(m) * m * m); }

FixedPQMoments fixed_pq_moments(int n, int m, int samples, std::uint64_t seed) {
  if (n < 2) throw input_error("moments need n >= 2 (P = u v^T + v u^T needs u ⊥ v)");
  if (m < 1) throw input_error("moments need m >= 1");
  if (samples < 2) throw input_error("moments need >= 2 samples (standard errors)");
  FixedPQMoments out;
  out.n = n;
  out.m = m;
  out.samples = samples;
  out.seed = seed;
  NormalStream g(seed);
  std::mt19937_64 seeds(seed);
  // Fixed orthonormal u, v (Gram-Schmidt of two normal vectors), drawn once.
  Vec<double> u(n), v(n);
  for (int i = 0; i < n; ++i) u(i) = g.next();
  for (int i = 0; i < n; ++i) v(i) = g.next();
  u /= u.norm();
  v -= u.dot(v) * u;
  v /= v.norm();
  const Mat<double> Pm = u * v.transpose() + v * u.transpose(), Qm = u * u.transpose();
  double s1 = 0, s2 = 0, s4 = 0, q1 = 0, q2 = 0, q4 = 0;
  // Correlations over all (sample, i): sums for psi, omega and their squares.
  double a = 0, b = 0, aa = 0, bb = 0, ab = 0, A2 = 0, B2 = 0, A2A2 = 0, B2B2 = 0, A2B2 = 0;
  long count = 0;
  out.mS2_over_2.reserve(samples);
  for (int k = 0; k < samples; ++k) {
    // Each draw is the gaussian instance generator itself (ensemble (4.7)),
    // with its own seed from the stream.
    InstanceSpec spec;
    spec.name = "gaussian";
    spec.n = n;
    spec.m = m;
    spec.seed = seeds();
    const auto inst = make_instance<double>(spec);
    double S = 0;
    for (const auto& Ai : inst.problem.A()) {
      const double psi = (Ai.cwiseProduct(Pm)).sum(), om = (Ai.cwiseProduct(Qm)).sum();
      S += psi * om;
      a += psi, b += om, aa += psi * psi, bb += om * om, ab += psi * om;
      const double p2 = psi * psi, o2 = om * om;
      A2 += p2, B2 += o2, A2A2 += p2 * p2, B2B2 += o2 * o2, A2B2 += p2 * o2;
      ++count;
    }
    const double S2 = S * S, S4 = S2 * S2;
    s1 += S, s2 += S2, s4 += S4;
    q1 += S * S, q2 += S2 * S2, q4 += S4 * S4;
    out.mS2_over_2.push_back(m * S2 / 2);
  }
  const double N = samples;
  auto est = [&](double sum, double sumsq, double theory) {
    MomentEstimate e;
    e.theory = theory;
    e.mean = sum / N;
    const double var = std::max(0.0, (sumsq - N * e.mean * e.mean) / (N - 1));
    e.stderr_ = std::sqrt(var / N);
    e.z = e.stderr_ > 0 ? (e.mean - theory) / e.stderr_ : 0;
    return e;
  };
  out.S1 = est(s1, q1, 0);
  out.S2 = est(s2, q2, moment_S2(m));
  out.S4 = est(s4, q4, moment_S4(m));
  auto corr = [&](double x, double y, double xx, double yy, double xy) {
    const double c = double(count);
    const double cov = xy / c - (x / c) * (y / c);
    const double vx = xx / c - (x / c) * (x / c), vy = yy / c - (y / c) * (y / c);
    return vx > 0 && vy > 0 ? cov / std::sqrt(vx * vy) : 0.0;
  };
  out.corr_psi_omega = corr(a, b, aa, bb, ab);
  out.corr_sq = corr(A2, B2, A2A2, B2B2, A2B2);
  out.corr_stderr = 1.0 / std::sqrt(double(count));
  return out;
}

// ---------------------------------------------------------------- one trial
namespace {

nlohmann::json tri_json(Tri t) { return to_string(t); }

nlohmann::json delta_json(const DeltaAnalysis<double>& d) {
  const auto& s = d.ss;
  nlohmann::json j;
  j["delta"] = d.delta;
  j["ncm"] = s.ncm;
  j["aic"] = s.aic;
  j["efs"] = s.efs;
  j["efs_gt_1"] = s.interval_exists;  // EFS > 1 beyond round-off (Delta of (4.4) > its bound)
  j["radii_defined"] = s.radii_defined;
  j["r_1"] = s.radii_defined ? nlohmann::json(s.r_1) : nlohmann::json(nullptr);
  j["r_2"] = s.radii_defined ? nlohmann::json(s.r_2) : nlohmann::json(nullptr);
  j["case"] = s.radius_case;  // 0: radii undefined
  j["theta"] = s.radius_case == 3 ? nlohmann::json(s.theta) : nlohmann::json(nullptr);
  j["probability_bound"] =
      s.radii_defined ? nlohmann::json(s.probability_bound) : nlohmann::json(nullptr);
  j["interval_4_6"] = s.interval_exists;
  if (s.interval_exists) j["rho"] = {s.rho_1, s.rho_2};
  j["constant_term_4_4_positive"] = s.constant_term_positive;
  j["every_rho_decreases"] = tri_json(d.every_rho_decreases);
  if (d.every_rho_decreases == Tri::no || d.every_rho_decreases == Tri::undecided)
    j["increase_witness"] = {d.witness_increase_rho, d.witness_increase_dh};
  j["necessity_4_4"] = tri_json(d.necessity);
  if (d.necessity == Tri::no || d.necessity == Tri::undecided)
    j["necessity_witness"] = {d.witness_necessity_rho, d.witness_necessity_dh};
  return j;
}

bool same_minimum(const Mat<double>& X, const Mat<double>& Y) {
  const Mat<double> a = X * X.transpose(), b = Y * Y.transpose();
  return (a - b).norm() <= 1e-6 * (1 + a.norm());
}

}  // namespace

nlohmann::json montecarlo43_trial(const Montecarlo43Config& cfg, std::uint64_t seed) {
  if (cfg.starts < 1) throw input_error("--starts must be >= 1");
  InstanceSpec spec;
  spec.name = "gaussian";
  spec.n = cfg.n;
  spec.m = cfg.m;
  spec.r = cfg.r;
  spec.seed = seed;
  const Instance<double> inst = make_instance<double>(spec);
  const auto& P = inst.problem;
  const double scale = from_string<double>(cfg.start_scale);
  if (!(scale > 0) || !std::isfinite(scale))
    throw input_error("--start-scale '" + cfg.start_scale + "' must be a finite number > 0");

  nlohmann::json rec;
  rec["instance"] = inst.name;
  rec["seed"] = seed;
  rec["generator"] = inst.generator;
  rec["n"] = cfg.n;
  rec["m"] = cfg.m;
  rec["r"] = cfg.r;
  rec["sym_dim"] = cfg.n * (cfg.n + 1) / 2;

  // The three deltas (see the header): valid upper, optimised lower, sampled.
  const IsometryBound<double> iso = isometry_bound(P);
  // Sub-seeds: fixed odd offsets so the three streams never coincide.
  const auto low = restricted_isometry_lower(P, cfg.restricted_rank, cfg.restricted_starts,
                                             seed ^ 0x9e3779b97f4a7c15ULL);
  const auto smp =
      sampled_isometry(P, cfg.restricted_rank, cfg.sampled_samples, seed ^ 0xbf58476d1ce4e5b9ULL);
  nlohmann::json dj;
  dj["upper"] = {{"delta", iso.delta},
                 {"gram_lambda_min", iso.lambda_min},
                 {"gram_lambda_max", iso.lambda_max},
                 {"how", "isometry bound on all symmetric matrices (SPEC 2.1)"}};
  dj["lower"] = {{"delta", low.delta},
                 {"ratio_min", low.ratio_min},
                 {"ratio_max", low.ratio_max},
                 {"rank", low.rank},
                 {"starts", low.starts},
                 {"how", "truncated power iterations over rank-p symmetric matrices"}};
  dj["sampled"] = {{"delta", smp.delta},         {"ratio_min", smp.ratio_min},
                   {"ratio_max", smp.ratio_max}, {"rank", smp.rank},
                   {"samples", smp.samples},     {"how", SampledIsometry::recipe}};
  rec["delta"] = dj;

  RefineOptions ro;
  ro.gd_max_iter = cfg.gd_max_iter;
  NormalStream g(seed ^ 0x94d049bb133111ebULL);
  std::map<std::string, int> outcomes;
  std::vector<CriticalPoint<double>> minima;
  for (int st = 0; st < cfg.starts; ++st) {
    Mat<double> X0(cfg.n, cfg.r);
    for (int j = 0; j < cfg.r; ++j)
      for (int i = 0; i < cfg.n; ++i) X0(i, j) = scale * g.next();
    CriticalPoint<double> cp = refine_critical_point(P, X0, ro);
    outcomes[to_string(cp.kind)]++;
    if (cp.kind != PointKind::spurious_local_min) continue;
    bool dup = false;
    for (const auto& o : minima) dup = dup || same_minimum(o.X, cp.X);
    if (!dup) minima.push_back(cp);
  }
  rec["start_outcomes"] = outcomes;
  rec["starts"] = cfg.starts;

  nlohmann::json mins = nlohmann::json::array();
  for (const auto& cp : minima) {
    const auto A = analyse_minimum<double>(
        P, cp.X, {{"upper", iso.delta}, {"lower", low.delta}, {"sampled", smp.delta}});
    const auto& s = A.sod;
    nlohmann::json mj;
    mj["X"] = matrix_to_json(cp.X);
    mj["h"] = cp.h;
    mj["grad_norm"] = cp.grad_norm;
    mj["hessian_min_eig"] = cp.hessian_min_eig;
    mj["degenerate"] = cp.degenerate;
    mj["dist2"] = A.dist2;
    mj["trace_Mstar"] = A.trace_Mstar;
    mj["sigma_r"] = s.sigma_r;
    mj["lambda_n"] = s.lambda_n;
    mj["lambda_degenerate"] = s.lambda_degenerate;
    mj["sigma_degenerate"] = s.sigma_degenerate;
    mj["S"] = A.S;
    mj["m_S2_over_2"] = cfg.m * A.S * A.S / 2;
    mj["AP2"] = A.AP2;
    mj["AQ2"] = A.AQ2;
    mj["psi_omega_cosine"] = A.psi_omega_corr;
    mj["quartic"] = {{"c2", A.quartic.c2}, {"c3", A.quartic.c3}, {"c4", A.quartic.c4}};
    const auto& ss0 = A.deltas[0].ss;
    mj["exact_descent_set"] = ss0.exact_interval_exists
                                  ? nlohmann::json({ss0.exact_rho_1, ss0.exact_rho_2})
                                  : nlohmann::json(nullptr);
    nlohmann::json per = nlohmann::json::object();
    for (const auto& d : A.deltas) {
      nlohmann::json dj1 = delta_json(d);
      // The step of §4.3.2 that ties NCM to the distance ([41, Thm. 5.4] as
      // quoted): NCM >= (1-delta)/(1+delta) d^2/(2 sigma_r^2 Tr M*). Case 1
      // rests on it; recorded so a case-1 failure can be traced to it.
      const double lb =
          (1 - d.delta) / (1 + d.delta) * A.dist2 / (2 * s.sigma_r * s.sigma_r * A.trace_Mstar);
      dj1["ncm_bound_41"] = lb;
      dj1["ncm_bound_41_holds"] = d.ss.ncm >= lb;
      per[d.label] = dj1;
    }
    mj["at"] = per;
    const RangeDecision rd = decide_over_range(A.deltas[1], A.deltas[0]);
    mj["range"] = {{"case", rd.radius_case}, {"efs_gt_1", rd.efs_gt_1}};
    mins.push_back(mj);
  }
  rec["minima"] = mins;
  return rec;
}

nlohmann::json montecarlo43_instance_json(const Montecarlo43Config& cfg, std::uint64_t seed,
                                          const Mat<double>& X, const std::string& note) {
  InstanceSpec spec;
  spec.name = "gaussian";
  spec.n = cfg.n;
  spec.m = cfg.m;
  spec.r = cfg.r;
  spec.seed = seed;
  Instance<double> inst = make_instance<double>(spec);
  inst.start = X;
  inst.description += "; start = a certified spurious local minimum (§4.3 Monte Carlo): " + note;
  return instance_to_json(inst);
}

#define SODLIFT_INSTANTIATE_MC43(T)                                                           \
  template MinimumAnalysis<T> analyse_minimum(const SensingProblem<T>&, const Mat<T>&,        \
                                              const std::vector<std::pair<std::string, T>>&); \
  template RangeDecision decide_over_range(const DeltaAnalysis<T>&, const DeltaAnalysis<T>&);
SODLIFT_INSTANTIATE_MC43(double)
SODLIFT_INSTANTIATE_MC43(bf50)
#undef SODLIFT_INSTANTIATE_MC43

}  // namespace sodlift
