// `sodlift search`: multi-start refinement + certification (issue 23). Lists
// the distinct certified critical points of an instance, spurious minima
// first, each with h, the smallest Hessian eigenvalue (rotations projected
// out) and the start that reached it; --save DIR writes each minimum as an
// instance file whose "start" is the certified point.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "common.hpp"
#include "sodlift/core/critical_point.hpp"
#include "sodlift/support/atomic_file.hpp"

namespace sodlift::cli {

namespace {

struct SearchCmd {
  InstanceOptions inst;
  int starts = 20;
  std::uint64_t start_seed = 1;
  std::string start_scale;  // empty: automatic
  std::string save_dir;
  bool json = false;
  bool quiet = false;
};

// Rank of a kind in the listing: spurious minima first.
int kind_rank(PointKind k) {
  switch (k) {
    case PointKind::spurious_local_min: return 0;
    case PointKind::second_order_saddle: return 1;
    case PointKind::saddle: return 2;
    case PointKind::global_min: return 3;
    default: return 4;
  }
}

template <class T>
struct Found {
  CriticalPoint<T> cp;
  Mat<T> XX;          // X X^T: the same for X Q, Q in O(r) (signs included)
  Mat<double> start;  // the first start that reached it
  int start_index = 0;
  int hits = 0;
  // global_min only: every start that reached h = 0 is one entry (a global
  // minimiser is a global minimiser); how many distinct X X^T they reached
  // (more than one when A(M) = b has several rank-r PSD solutions, e.g. m <
  // n(n+1)/2 for Gaussian A: the zero set of h is then a continuum, not the
  // O(r) orbit of one point) and the range of ||X X^T - M*||_F over them.
  std::vector<Mat<T>> distinct_xx;
  T dist_min = T(0), dist_max = T(0);
};

template <class T>
int run_search(const SearchCmd& o) {
  if (o.starts < 1) throw input_error("--starts " + std::to_string(o.starts) + " must be >= 1; e.g. --starts 20");
  Instance<T> I = make_instance<T>(o.inst.spec);
  if (!o.save_dir.empty()) require_writable_dir(o.save_dir, "--save");
  const int n = I.problem.n(), r = I.search_rank;
  // Start entries ~ N(0, s^2). Automatic s: 1.5 times the rms entry of the
  // ground truth factor Z (so X X^T is on the scale of M*), at least 1e-3.
  double scale = 0;
  if (o.start_scale.empty()) {
    const double z = to_double(I.problem.Z().norm()) / std::sqrt(double(I.problem.Z().size()));
    scale = std::max(1.5 * z, 1e-3);
  } else {
    scale = to_double(parse_nonnegative<T>(o.start_scale, "--start-scale", false));
  }
  // One stream per search seed: start k is the k-th block of n r normals, so
  // the same (--seed, k) gives the same start whatever --starts is.
  NormalStream rng(o.start_seed);
  std::vector<Found<T>> found;
  int not_converged = 0;
  const auto t0 = std::chrono::steady_clock::now();
  auto last = t0;
  for (int k = 0; k < o.starts; ++k) {
    Mat<double> S(n, r);
    for (Eigen::Index q = 0; q < S.size(); ++q) S.data()[q] = scale * rng.next();
    Mat<T> X0(n, r);
    for (Eigen::Index q = 0; q < S.size(); ++q) X0.data()[q] = T(S.data()[q]);
    CriticalPoint<T> cp = refine_critical_point(I.problem, X0);
    if (cp.kind == PointKind::not_converged) {
      ++not_converged;
    } else {
      const Mat<T> XX = cp.X * cp.X.transpose();
      // Two certified points are the same when their X X^T agree to 1e-6
      // relative: a certified point is accurate to |grad h| / lambda_min
      // (round-off of T), or eps^(1/4) of T for a degenerate one (double:
      // about 1e-4 of the flat direction, so degenerate points in double may
      // be listed twice), while distinct critical points of a generic
      // instance differ at O(1).
      bool dup = false;
      if (cp.kind == PointKind::global_min) {
        for (auto& f : found) {
          if (f.cp.kind != PointKind::global_min) continue;
          dup = true;
          ++f.hits;
          bool seen = false;
          for (const auto& d : f.distinct_xx)
            if (to_double((d - XX).norm()) <= 1e-6 * std::max(1.0, to_double(XX.norm()))) seen = true;
          if (!seen) f.distinct_xx.push_back(XX);
          if (cp.dist_to_truth < f.dist_min) f.dist_min = cp.dist_to_truth;
          if (cp.dist_to_truth > f.dist_max) f.dist_max = cp.dist_to_truth;
          // Representative: the one closest to M*.
          if (cp.dist_to_truth < f.cp.dist_to_truth) {
            f.cp = cp;
            f.XX = XX;
            f.start = S;
            f.start_index = k;
          }
          break;
        }
      }
      for (auto& f : found) {
        if (dup) break;
        const T d = (f.XX - XX).norm();
        if (to_double(d) <= 1e-6 * std::max(1.0, to_double(XX.norm()))) {
          ++f.hits;
          dup = true;
          break;
        }
      }
      if (!dup) found.push_back({cp, XX, S, k, 1, {XX}, cp.dist_to_truth, cp.dist_to_truth});
    }
    const auto now = std::chrono::steady_clock::now();
    if (!o.quiet && (std::chrono::duration<double>(now - last).count() > 2.0 || k + 1 == o.starts) &&
        std::chrono::duration<double>(now - t0).count() > 2.0) {
      std::cerr << "search: " << (k + 1) << "/" << o.starts << " starts, " << found.size()
                << " distinct certified points, " << not_converged << " not converged\n";
      last = now;
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const Found<T>& a, const Found<T>& b) {
    if (kind_rank(a.cp.kind) != kind_rank(b.cp.kind)) return kind_rank(a.cp.kind) < kind_rank(b.cp.kind);
    return a.cp.h < b.cp.h;
  });

  // --save: each minimum (spurious, and second-order points SOD may start
  // from with --allow-second-order) as an instance file; "start" is the
  // certified point, "search_start" the random start that reached it.
  std::vector<std::string> saved(found.size());
  if (!o.save_dir.empty()) {
    int idx = 0;
    for (std::size_t q = 0; q < found.size(); ++q) {
      const auto& f = found[q];
      if (f.cp.kind != PointKind::spurious_local_min && f.cp.kind != PointKind::second_order_saddle) continue;
      Instance<T> J = I;
      J.start = f.cp.X;
      nlohmann::json j = instance_to_json(J);
      j["description"] = I.description + "; " + to_string(f.cp.kind) + " found by `sodlift search` (start " +
                         std::to_string(f.start_index) + " of --start-seed " + std::to_string(o.start_seed) + ")";
      j["search_start"] = matrix_to_json(f.start);
      j["search_kind"] = to_string(f.cp.kind);
      j["search_h"] = decimal_string(f.cp.h);
      const std::string path =
          (std::filesystem::path(o.save_dir) / ("minimum_" + std::to_string(++idx) + ".json")).string();
      write_file_atomic(path, j.dump(2) + "\n");
      saved[q] = path;
    }
  }

  int spurious = 0;
  for (const auto& f : found) spurious += f.cp.kind == PointKind::spurious_local_min;
  if (o.json) {
    nlohmann::json j;
    j["instance"] = I.name;
    j["precision"] = scalar_name<T>::value;
    if (I.random) {
      j["seed"] = I.seed;
      j["generator"] = I.generator;
    }
    j["r"] = r;
    j["starts"] = o.starts;
    j["start_seed"] = o.start_seed;
    j["start_scale"] = scale;
    j["start_generator"] = std::string(NormalStream::description) + ", entries scale * N(0,1), column-major";
    j["not_converged"] = not_converged;
    j["spurious_minima"] = spurious;
    nlohmann::json pts = nlohmann::json::array();
    for (std::size_t q = 0; q < found.size(); ++q) {
      const auto& f = found[q];
      nlohmann::json p;
      p["kind"] = to_string(f.cp.kind);
      p["h"] = decimal_string(f.cp.h);
      p["hessian_min_eig"] = decimal_string(f.cp.hessian_min_eig);
      p["grad_norm"] = decimal_string(f.cp.grad_norm);
      p["dist_to_truth"] = decimal_string(f.cp.dist_to_truth);
      p["point"] = matrix_to_json(f.cp.X);
      p["start_index"] = f.start_index;
      p["start"] = matrix_to_json(f.start);
      p["hits"] = f.hits;
      if (f.cp.kind == PointKind::global_min) {
        p["distinct_XXT"] = f.distinct_xx.size();
        p["dist_to_truth_min"] = decimal_string(f.dist_min);
        p["dist_to_truth_max"] = decimal_string(f.dist_max);
      }
      p["note"] = f.cp.note;
      if (!saved[q].empty()) p["file"] = saved[q];
      pts.push_back(p);
    }
    j["points"] = pts;
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << "instance     " << I.name << "  (" << I.description << ")\n";
  std::cout << "precision    " << scalar_name<T>::value << ", rank r = " << r << "\n";
  if (I.random) std::cout << "seed         " << I.seed << "  (" << I.generator << ")\n";
  std::cout << "starts       " << o.starts << " from --start-seed " << o.start_seed << ", entries "
            << decimal_string(scale) << " * N(0,1)  (" << NormalStream::description << ")\n";
  std::cout << "found        " << found.size() << " distinct certified critical points (up to X -> X Q, Q in O(r); "
            << "all global minima as one), " << spurious << " spurious minima; " << not_converged
            << " starts not converged\n";
  int idx = 0;
  for (std::size_t q = 0; q < found.size(); ++q) {
    const auto& f = found[q];
    std::cout << "\n#" << ++idx << "  " << to_string(f.cp.kind) << "  (" << f.hits << " of " << o.starts
              << " starts)\n";
    std::cout << "  h            " << decimal_string(f.cp.h) << "\n";
    std::cout << "  lambda_min   " << decimal_string(f.cp.hessian_min_eig)
              << "  (Hessian, rotations projected out)\n";
    std::cout << "  |XX^T - M*|  " << decimal_string(f.cp.dist_to_truth) << "\n";
    if (f.cp.kind == PointKind::global_min && f.distinct_xx.size() > 1)
      std::cout << "  h = 0 set    " << f.distinct_xx.size() << " distinct X X^T with h = 0, |XX^T - M*| from "
                << decimal_string(f.dist_min) << " to " << decimal_string(f.dist_max)
                << ": A(M) = b has several rank-" << r
                << " PSD solutions (a continuum of global minima, not one O(r) orbit); listed once, the "
                   "point nearest M* shown\n";
    std::cout << "  point        ";
    for (Eigen::Index k = 0; k < f.cp.X.size(); ++k) std::cout << (k ? "," : "") << to_double(f.cp.X.data()[k]);
    std::cout << "\n  start #" << f.start_index << "    ";
    for (Eigen::Index k = 0; k < f.start.size(); ++k) std::cout << (k ? "," : "") << f.start.data()[k];
    std::cout << "\n";
    if (!saved[q].empty()) std::cout << "  saved        " << saved[q] << "\n";
  }
  if (spurious > 0 && o.save_dir.empty())
    std::cout << "\nnext: --save DIR writes each minimum as an instance file; then e.g. "
                 "`sodlift escape --instance file --file DIR/minimum_1.json`\n";
  return 0;
}

}  // namespace

void register_search(CLI::App& app, int& status) {
  auto o = std::make_shared<SearchCmd>();
  auto* sub = app.add_subcommand(
      "search",
      "Multi-start search for certified critical points (spurious minima first), deduplicated up to "
      "X -> X Q (Q in O(r)); --save DIR writes each minimum as an instance file");
  add_instance_options(sub, o->inst, "double");
  sub->add_option("--starts", o->starts, "Number of random starts (>= 1)")->capture_default_str();
  sub->add_option("--start-seed", o->start_seed,
                  "Seed of the random starts (the instance's own --seed is separate)")
      ->capture_default_str();
  sub->add_option("--start-scale", o->start_scale,
                  "Start entries are scale * N(0,1) (default: 1.5 x the rms entry of Z)");
  sub->add_option("--save", o->save_dir, "Directory: write each minimum as minimum_K.json (an instance file)");
  sub->add_flag("--json", o->json, "Print one JSON object (all numbers as full-digit strings)");
  sub->add_flag("--quiet", o->quiet, "No progress lines on stderr");
  set_instance_callback(sub, o, status, [o](auto tag) {
    return run_search<typename decltype(tag)::type>(*o);
  });
}

}  // namespace sodlift::cli
