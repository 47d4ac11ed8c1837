// Counts over §4.3 Monte Carlo records (montecarlo43_tally.hpp).
#include "sodlift/experiments/montecarlo43_tally.hpp"

#include "sodlift/support/errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sodlift {

namespace {

const char* const kLabels[] = {"upper", "lower", "sampled"};

void add_counterexample(Mc43Tally& t, const std::string& claim, const std::string& delta,
                        const std::string& config, const nlohmann::json& rec, std::size_t k,
                        const nlohmann::json& at) {
  const auto& mn = rec["minima"][k];
  Mc43Counterexample c;
  c.claim = claim;
  c.delta = delta;
  c.configuration = config;
  c.seed = rec["seed"].get<std::uint64_t>();
  c.n = rec["n"];
  c.m = rec["m"];
  c.r = rec["r"];
  c.minimum = k;
  c.X = mn["X"];
  c.dist2 = mn["dist2"];
  c.efs = at["efs"];
  c.r_1 = at["r_1"].is_number() ? at["r_1"].get<double>() : 0.0;
  c.r_2 = at["r_2"].is_number() ? at["r_2"].get<double>() : 0.0;
  c.delta_value = at["delta"];
  t.counterexamples.push_back(std::move(c));
}

}  // namespace

Mc43Tally mc43_tally(const std::vector<nlohmann::json>& records,
                     const std::vector<std::string>& configuration) {
  Mc43Tally t;
  for (std::size_t ri = 0; ri < records.size(); ++ri) {
    const auto& rec = records[ri];
    const std::string& cfg = configuration[ri];
    ++t.trials;
    for (const auto& [k, v] : rec["start_outcomes"].items()) t.start_outcomes[k] += v.get<long>();
    for (const char* L : kLabels)
      t.delta_values[L].push_back(rec["delta"][L]["delta"].get<double>());
    t.upper_below_1 += rec["delta"]["upper"]["delta"].get<double>() < 1;
    t.lower_below_1 += rec["delta"]["lower"]["delta"].get<double>() < 1;
    t.sampled_below_1 += rec["delta"]["sampled"]["delta"].get<double>() < 1;
    const auto& mins = rec["minima"];
    if (!mins.empty()) ++t.trials_with_minimum;
    const int m = rec["m"];
    for (std::size_t k = 0; k < mins.size(); ++k) {
      const auto& mn = mins[k];
      ++t.minima;
      const double dist2 = mn["dist2"];
      for (const char* L : kLabels) {
        const auto& at = mn["at"][L];
        auto& c = t.at[L];
        ++c.minima;
        const int cs = at["case"];
        const bool e = at["efs_gt_1"];
        c.in_case[cs]++;
        c.efs_gt_1[cs] += e;
        if (cs == 3) {
          const double b = at["probability_bound"], th = at["theta"];
          c.case3_bound_sum += b;
          const int bin = std::min(3, std::max(0, static_cast<int>(std::floor(th * 4))));
          c.theta_bin_n[bin]++;
          c.theta_bin_k[bin] += e;
          c.theta_bin_bound_sum[bin] += b;
        }
        if (at["radii_defined"])
          t.scatter.push_back({L, dist2 / at["r_2"].get<double>(), at["efs"], cs});
        if (cs == 1 && !e) add_counterexample(t, "thm4.4-case1", L, cfg, rec, k, at);
        if (cs == 2 && e) add_counterexample(t, "thm4.4-case2", L, cfg, rec, k, at);
        if (at["interval_4_6"]) ++c.interval;
        const std::string ev = at["every_rho_decreases"], nv = at["necessity_4_4"];
        c.every_yes += ev == "yes";
        c.every_no += ev == "no";
        c.every_undecided += ev == "undecided";
        if (ev == "no") add_counterexample(t, "thm4.4-det-random", L, cfg, rec, k, at);
        if (!mn["exact_descent_set"].is_null()) ++c.exact;
        c.nec_yes += nv == "yes";
        c.nec_no += nv == "no";
        c.nec_undecided += nv == "undecided";
        if (nv == "no") add_counterexample(t, "prop4.2-random", L, cfg, rec, k, at);
      }
      // Decided over [lower, upper].
      const std::string rc = mn["range"]["case"], re = mn["range"]["efs_gt_1"];
      const bool case_decided = rc == "1" || rc == "2" || rc == "3";
      const bool efs_decided = re == "yes" || re == "no";
      if (case_decided)
        t.range_case[std::stoi(rc)]++;
      else if (rc.rfind("undefined", 0) == 0)
        ++t.range_case_undefined;
      else
        ++t.range_case_changes;
      t.range_efs_yes += re == "yes";
      t.range_efs_no += re == "no";
      t.range_efs_changes += !efs_decided;
      if (rc == "1") {
        ++t.range_case1_n;
        if (re == "no") {
          ++t.range_case1_counter;
          add_counterexample(t, "thm4.4-case1", "range", cfg, rec, k, mn["at"]["lower"]);
        }
      }
      if (rc == "2") {
        ++t.range_case2_n;
        if (re == "yes") {
          ++t.range_case2_counter;
          add_counterexample(t, "thm4.4-case2", "range", cfg, rec, k, mn["at"]["upper"]);
        }
      }
      if (rc == "3" && efs_decided) {
        ++t.range_case3_n;
        t.range_case3_k += re == "yes";
        t.range_case3_bound_upper_sum += mn["at"]["upper"]["probability_bound"].get<double>();
        t.range_case3_bound_lower_sum += mn["at"]["lower"]["probability_bound"].get<double>();
      }
      // Moments at the data-dependent P, Q.
      const double v = mn["m_S2_over_2"];
      ++t.mom_n;
      t.mS2_sum += v;
      t.mS2_sq_sum += v * v;
      t.mS2_4th_sum += v * v * v * v;
      t.mS2_sq_theory_sum += 3.0 * (m + 2) / m;
      t.AP2_half_sum += mn["AP2"].get<double>() / 2;
      t.AQ2_sum += mn["AQ2"].get<double>();
      t.mS2_values.push_back(v);
      t.mS2_m.push_back(m);
    }
  }
  return t;
}

namespace {

std::string num(double x, int digits = 4) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, x);
  return buf;
}
std::string cnt(long k, long n) { return std::to_string(k) + "/" + std::to_string(n); }
std::string rate(const Mc43Interval& w, long k, long n) {
  return num(w.estimate, 3) + " [" + num(w.lower, 3) + ", " + num(w.upper, 3) + "] (" + cnt(k, n) +
         ")";
}

// "case-c minima: k/N with EFS > 1" at each delta label.
void per_label_case(Mc43Judgement& j, const Mc43Tally& t, int c) {
  for (const char* L : kLabels) {
    const auto it = t.at.find(L);
    if (it == t.at.end()) continue;
    j.measured.push_back(
        {std::string("delta=") + L + ": case-" + std::to_string(c) + " minima with EFS > 1",
         cnt(it->second.efs_gt_1[c], it->second.in_case[c])});
  }
}

Mc43Judgement judge_case12(const Mc43Tally& t, int c) {
  Mc43Judgement j;
  j.claim = c == 1 ? "thm4.4-case1" : "thm4.4-case2";
  const long N = c == 1 ? t.range_case1_n : t.range_case2_n;
  const long K = c == 1 ? t.range_case1_counter : t.range_case2_counter;
  const std::string bad = c == 1 ? "EFS <= 1" : "EFS > 1";
  const std::string where = c == 1 ? "d^2 >= r_2" : "d^2 < r_1";
  j.measured.push_back({"minima", std::to_string(t.minima)});
  j.measured.push_back(
      {"decided in case " + std::to_string(c) + " over [lower, upper]", std::to_string(N)});
  j.measured.push_back({"of those, decided " + bad + " (counterexamples)", std::to_string(K)});
  j.measured.push_back(
      {"case changes within [lower, upper]", std::to_string(t.range_case_changes)});
  j.measured.push_back(
      {"case undefined (lower delta >= 1)", std::to_string(t.range_case_undefined)});
  per_label_case(j, t, c);
  std::string side;
  for (const char* L : {"lower", "sampled"}) {
    const auto it = t.at.find(L);
    if (it == t.at.end()) continue;
    const long n = it->second.in_case[c], e = it->second.efs_gt_1[c];
    side += std::string(side.empty() ? "" : "; ") + "with the " + L + " delta " +
            std::to_string(c == 1 ? n - e : e) + " of " + std::to_string(n) + " case-" +
            std::to_string(c) + " minima have " + bad;
  }
  if (K > 0) {
    j.verdict = "FAILS";
    j.reason = std::to_string(K) + " of " + std::to_string(N) + " minima decided in case " +
               std::to_string(c) + " (" + where + " for every delta in [lower, upper]) have " +
               bad + " for every such delta";
  } else if (N > 0) {
    j.verdict = "HOLDS";
    j.reason = "all " + std::to_string(N) + " minima decided in case " + std::to_string(c) +
               " have " + (c == 1 ? "EFS > 1" : "EFS <= 1");
  } else {
    j.verdict = "INCONCLUSIVE";
    j.reason = "no minimum is decided in case " + std::to_string(c) +
               " over [lower, upper] (the valid delta is >= 1 wherever minima occur, or the case "
               "changes within "
               "the range)";
  }
  if (!side.empty()) j.reason += "; " + side;
  j.key = cnt(K, N);
  return j;
}

Mc43Judgement judge_case3(const Mc43Tally& t, const Mc43IntervalFn& interval) {
  Mc43Judgement j;
  j.claim = "thm4.4-case3";
  const long N = t.range_case3_n, K = t.range_case3_k;
  const Mc43Interval w = interval(K, N);
  const double Bu = N ? t.range_case3_bound_upper_sum / N : 0,
               Bl = N ? t.range_case3_bound_lower_sum / N : 0;
  j.measured.push_back({"decided case 3 and decided EFS: P(EFS > 1) [Wilson 95%]", rate(w, K, N)});
  j.measured.push_back(
      {"mean bound (1-theta)^2 m/(3(m+2)) at the upper delta (smallest)", num(Bu)});
  j.measured.push_back({"mean bound at the lower delta (largest)", num(Bl)});
  for (const char* L : kLabels) {
    const auto it = t.at.find(L);
    if (it == t.at.end()) continue;
    const auto& c = it->second;
    const long n = c.in_case[3], k = c.efs_gt_1[3];
    const Mc43Interval wl = interval(k, n);
    j.measured.push_back({std::string("delta=") + L + ": P(EFS > 1) in case 3", rate(wl, k, n)});
    j.measured.push_back({std::string("delta=") + L + ": mean bound in case 3",
                          n ? num(c.case3_bound_sum / n) : "-"});
    for (int b = 0; b < 4; ++b) {
      if (!c.theta_bin_n[b]) continue;
      const Mc43Interval wb = interval(c.theta_bin_k[b], c.theta_bin_n[b]);
      j.measured.push_back({std::string("delta=") + L + ": theta in [" + num(b / 4.0, 2) + ", " +
                                num((b + 1) / 4.0, 2) + "): P(EFS > 1) vs mean bound",
                            rate(wb, c.theta_bin_k[b], c.theta_bin_n[b]) + " vs " +
                                num(c.theta_bin_bound_sum[b] / c.theta_bin_n[b])});
    }
  }
  constexpr long kMinPopulation = 10;
  if (N < kMinPopulation) {
    j.verdict = "INCONCLUSIVE";
    j.reason = std::to_string(N) + " minima are decided in case 3 with a decided EFS (need " +
               std::to_string(kMinPopulation) + ")";
  } else if (w.upper < Bu) {
    j.verdict = "FAILS";
    j.reason = "P(EFS > 1) = " + rate(w, K, N) + " lies below the mean bound " + num(Bu) +
               " even at the upper delta, where the bound is smallest";
  } else if (w.upper >= Bl) {
    j.verdict = "HOLDS";
    j.reason = "P(EFS > 1) = " + rate(w, K, N) + " is not below the mean bound (" + num(Bu) +
               " .. " + num(Bl) + " over [lower, upper])";
  } else {
    j.verdict = "INCONCLUSIVE";
    j.reason = "P(EFS > 1) = " + rate(w, K, N) + " is below the bound at the lower delta (" +
               num(Bl) + ") but not at the upper delta (" + num(Bu) +
               "): decided only by the unknown delta_2";
  }
  j.key = N ? num(w.estimate, 3) + " vs " + num(Bu, 3) : "n/a";
  return j;
}

Mc43Judgement judge_moments(const Mc43Tally& t, const std::vector<FixedPQMoments>& fixed) {
  Mc43Judgement j;
  j.claim = "moments-4.3";
  double worst_z = 0, worst_corr = 0;
  for (const auto& f : fixed) {
    const std::string L = "fixed P,Q, n=" + std::to_string(f.n) + ", m=" + std::to_string(f.m) +
                          ", " + std::to_string(f.samples) + " draws, seed " +
                          std::to_string(f.seed) + ": ";
    j.measured.push_back({L + "E[S] (theory 0)", num(f.S1.mean) + " +- " + num(f.S1.stderr_, 2) +
                                                     " (z " + num(f.S1.z, 2) + ")"});
    j.measured.push_back(
        {L + "E[S^2] (theory " + num(f.S2.theory) + ")",
         num(f.S2.mean) + " +- " + num(f.S2.stderr_, 2) + " (z " + num(f.S2.z, 2) + ")"});
    j.measured.push_back(
        {L + "E[S^4] (theory " + num(f.S4.theory) + ")",
         num(f.S4.mean) + " +- " + num(f.S4.stderr_, 2) + " (z " + num(f.S4.z, 2) + ")"});
    j.measured.push_back(
        {L + "corr(psi, omega), corr(psi^2, omega^2) (+- " + num(f.corr_stderr, 2) + ")",
         num(f.corr_psi_omega, 3) + ", " + num(f.corr_sq, 3)});
    worst_z = std::max({worst_z, std::abs(f.S1.z), std::abs(f.S2.z), std::abs(f.S4.z)});
    worst_corr = std::max({worst_corr, std::abs(f.corr_psi_omega) / f.corr_stderr,
                           std::abs(f.corr_sq) / f.corr_stderr});
  }
  std::string minima;
  if (t.mom_n > 1) {
    const double n = t.mom_n, mean = t.mS2_sum / n, m2 = t.mS2_sq_sum / n;
    const double se1 = std::sqrt(std::max(0.0, m2 - mean * mean) / (n - 1));
    const double se2 = std::sqrt(std::max(0.0, t.mS2_4th_sum / n - m2 * m2) / (n - 1));
    const double th2 = t.mS2_sq_theory_sum / n;
    const double z1 = se1 > 0 ? (mean - 1) / se1 : 0, z2 = se2 > 0 ? (m2 - th2) / se2 : 0;
    j.measured.push_back({"real minima: E[m S^2/2] (fixed P,Q: 1)",
                          num(mean) + " +- " + num(se1, 2) + " (z " + num(z1, 2) + ", " +
                              std::to_string(t.mom_n) + " minima)"});
    j.measured.push_back(
        {"real minima: E[(m S^2/2)^2] (fixed P,Q: mean of 3(m+2)/m = " + num(th2) + ")",
         num(m2) + " +- " + num(se2, 2) + " (z " + num(z2, 2) + ")"});
    j.measured.push_back({"real minima: E[||A(P)||^2/2] (fixed P: 1)", num(t.AP2_half_sum / n)});
    j.measured.push_back({"real minima: E[||A(Q)||^2] (fixed Q: 1)", num(t.AQ2_sum / n)});
    minima = "; at " + std::to_string(t.mom_n) + " real minima E[m S^2/2] = " + num(mean, 3) +
             " +- " + num(se1, 2) + " against 1 for fixed P, Q (z = " + num(z1, 2) + ")";
  } else {
    minima = "; no real minima to compare";
  }
  if (fixed.empty()) {
    j.verdict = "INCONCLUSIVE";
    j.reason = "no fixed-P,Q Monte Carlo was run";
  } else if (worst_z > 6 || worst_corr > 6) {
    j.verdict = "FAILS";
    j.reason = "a fixed-P,Q moment or correlation is " + num(std::max(worst_z, worst_corr), 3) +
               " standard errors from the paper's value";
  } else if (worst_z <= 4 && worst_corr <= 4) {
    j.verdict = "HOLDS";
    j.reason =
        "E[S], E[S^2], E[S^4] and the independence of <A,P>, <A,Q> agree with the paper within " +
        num(worst_z, 2) + " standard errors (limit 4)";
  } else {
    j.verdict = "INCONCLUSIVE";
    j.reason = "largest deviation " + num(std::max(worst_z, worst_corr), 3) +
               " standard errors: between 4 and 6";
  }
  j.reason += minima;
  j.key = "max |z| " + num(worst_z, 2);
  return j;
}

Mc43Judgement judge_prop42(const Mc43Tally& t) {
  Mc43Judgement j;
  j.claim = "prop4.2-random";
  const auto& lo = t.at.at("lower");
  const auto& up = t.at.at("upper");
  for (const char* L : kLabels) {
    const auto& c = t.at.at(L);
    j.measured.push_back({std::string("delta=") + L + ": minima with an exact descent set",
                          std::to_string(c.exact)});
    j.measured.push_back({std::string("delta=") + L + ": (4.4) necessary: yes/no/undecided",
                          std::to_string(c.nec_yes) + "/" + std::to_string(c.nec_no) + "/" +
                              std::to_string(c.nec_undecided)});
    j.measured.push_back(
        {std::string("delta=") + L +
             ": (4.4) sufficient (every rho in (4.6) decreases h): yes/no/undecided",
         std::to_string(c.every_yes) + "/" + std::to_string(c.every_no) + "/" +
             std::to_string(c.every_undecided)});
  }
  // (4.4)'s solution set shrinks as delta grows, so a descent rho that
  // violates (4.4) at the lower delta violates it at every admissible delta.
  if (lo.nec_no > 0) {
    j.verdict = "FAILS";
    j.reason = std::to_string(lo.nec_no) + " of " + std::to_string(lo.exact) +
               " minima with an exact single-step descent set have a descent rho that violates "
               "(4.4) already at the "
               "lower delta (hence at every delta >= it): (4.4) is not necessary";
  } else if (up.exact > 0 && up.nec_no == 0 && up.nec_undecided == 0) {
    j.verdict = "HOLDS";
    j.reason = "at all " + std::to_string(up.exact) +
               " minima with a descent set it lies inside (4.4)'s interval";
  } else {
    j.verdict = "INCONCLUSIVE";
    j.reason = up.exact == 0 ? "no minimum has a single-step descent set (the claim is vacuous)"
                             : std::to_string(up.nec_no) + " violations at the upper delta only, " +
                                   std::to_string(up.nec_undecided) +
                                   " undecided: decided only by the unknown delta_2";
  }
  j.key = cnt(lo.nec_no, lo.exact);
  return j;
}

Mc43Judgement judge_thm44det(const Mc43Tally& t) {
  Mc43Judgement j;
  j.claim = "thm4.4-det-random";
  const auto& up = t.at.at("upper");
  for (const char* L : kLabels) {
    const auto& c = t.at.at(L);
    j.measured.push_back({std::string("delta=") + L + ": minima with EFS > 1 ((4.6) non-empty)",
                          std::to_string(c.interval)});
    j.measured.push_back(
        {std::string("delta=") + L + ": every rho in (rho_1, rho_2) decreases h: yes/no/undecided",
         std::to_string(c.every_yes) + "/" + std::to_string(c.every_no) + "/" +
             std::to_string(c.every_undecided)});
  }
  std::string side;
  for (const char* L : {"lower", "sampled"}) {
    const auto& c = t.at.at(L);
    side += std::string(side.empty() ? "" : "; ") + "with the " + L + " delta " +
            std::to_string(c.every_no) + " of " + std::to_string(c.interval) +
            " intervals contain a rho that increases h";
  }
  // (4.6)'s interval shrinks as delta grows, so an increase inside it at the
  // valid (upper) delta is inside it at every smaller delta as well.
  if (up.every_no > 0) {
    j.verdict = "FAILS";
    j.reason = std::to_string(up.every_no) + " of " + std::to_string(up.interval) +
               " intervals (4.6) at the valid delta contain a rho with h(X̌) > h(X̂)";
  } else if (up.interval > 0 && up.every_undecided == 0) {
    j.verdict = "HOLDS";
    j.reason = "at all " + std::to_string(up.interval) +
               " minima with EFS > 1 at the valid delta every rho in (4.6) decreases h";
  } else {
    j.verdict = "INCONCLUSIVE";
    j.reason = up.interval == 0
                   ? "vacuous at the valid delta: no minimum has EFS > 1 there"
                   : std::to_string(up.every_undecided) + " intervals undecided at round-off";
  }
  j.reason += "; " + side;
  j.key = cnt(up.every_no, up.interval);
  return j;
}

}  // namespace

std::vector<Mc43Judgement> mc43_judge(const Mc43Tally& t, const std::vector<FixedPQMoments>& fixed,
                                      const Mc43IntervalFn& interval) {
  if (!interval) throw input_error("mc43_judge needs an interval function");
  Mc43Tally u = t;
  for (const char* L : kLabels) u.at[L];  // empty populations judge as vacuous
  return {judge_case12(u, 1),      judge_case12(u, 2), judge_case3(u, interval),
          judge_moments(u, fixed), judge_prop42(u),    judge_thm44det(u)};
}

}  // namespace sodlift
