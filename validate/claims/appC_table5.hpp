// Table 5 (App. C.3, on the instance of App. C.2): every printed cell
// recomputed from the certified critical point and from the 4-digit xhat.
#pragma once

#include "claims/support/closed_form.hpp"
#include "claims/support/sign_proofs.hpp"
#include <array>

namespace sodlift::validate {

// ---------------------------------------------------------------------------
namespace cf_checks {
// Table 5 of the paper as printed (realworld, rho = eta = 0.1). This is the
// claim under test, not a test oracle. The extracted table text is garbled;
// cells are mapped to t from the right-aligned rows and checked against the
// printed ratio column (dist_local / dist_truth). "" = printed as undefined
// (x^1) or unstable (x^2).
struct PaperTable5Row {
  int l;
  const char* rho_min;
  const char* U_beta_lo;  // "" when printed empty
  const char* U_beta_hi;
  const char* U_gamma_lo;
  std::array<const char*, 6> type;        // "beta", "gamma", "" (neither, or not considered)
  std::array<const char*, 6> dist_local;  // ||Xhat Xhat^T - Xcheck Xcheck^T||_F
  std::array<const char*, 6> dist_truth;  // ||Xcheck Xcheck^T - Z Z^T||_F
  std::array<const char*, 6> ratio;       // (C.3)
  std::array<const char*, 6> x_final;     // "+Z", "-Z", "" (not printed / not legible)
};
inline const std::array<long long, 6>& table5_ts() {
  static const std::array<long long, 6> ts{1000, 5000, 33500, 100000, 500000, 2000000};
  return ts;
}
inline const std::array<PaperTable5Row, 3>& paper_table5() {
  static const std::array<PaperTable5Row, 3> rows{{
      {3,
       "0.208",
       "",
       "",
       "2006.17",
       {"", "gamma", "gamma", "gamma", "gamma", "gamma"},
       {"", "1.08", "114.22", "4.08e6", "9.94e33", ""},
       {"", "0.36", "113.29", "4.08e6", "9.94e33", ""},
       {"", "3.03", "1.01", "1.00", "1.00", ""},
       {"", "+Z", "", "", "", ""}},
      {5,
       "0.097",
       "26948.72",
       "33974.73",
       "33974.73",
       {"", "", "beta", "gamma", "gamma", "gamma"},
       {"", "", "0.59", "0.80", "2.00", "25.65"},
       {"", "", "0.66", "0.43", "1.08", "24.72"},
       {"", "", "0.89", "1.86", "1.84", "1.04"},
       {"", "", "-Z", "+Z", "+Z", ""}},
      {7,
       "0.043",
       "0",
       "1093342.41",
       "1093342.41",
       {"beta", "beta", "beta", "beta", "beta", "gamma"},
       {"0.665", "0.665", "0.665", "0.666", "0.669", "0.754"},
       {"0.601", "0.601", "0.600", "0.600", "0.598", "0.461"},
       {"1.106", "1.106", "1.107", "1.109", "1.119", "1.634"},
       {"-Z", "-Z", "-Z", "-Z", "-Z", "+Z"}},
  }};
  return rows;
}
}  // namespace cf_checks

// table5: each printed numeric cell against the exact value at X*: proved
// beyond half a unit of its last digit (the cell disagrees) or within. The
// region and X_final cells are comparisons of other kinds (GD end points)
// and are not enclosed, so HOLDS is never proved here; FAILS is proved by one
// numeric cell proved beyond its rounding.
template <class T>
void attach_table5_proof(const Context<T>& c, ClaimResult& res) {
  using namespace sign_proof_detail;
  using cf_checks::paper_table5;
  using cf_checks::table5_ts;
  ProofNote& p = res.proof;
  p.attempted = true;
  const bool fails = res.verdict == Verdict::fails;
  p.statement = fails ? "a printed numeric cell differs from its exact value at X* by more than half a unit"
                      : "numeric cells enclosed; region and X_final cells are not: not proved";
  proof::ExactData data;
  std::vector<std::string> center;
  if (!exact_inputs_or_note(c, p, data, center)) return;
  long beyond = 0, within = 0, undecided = 0;
  std::string enc, beyond_keys, reason;
  for (const auto& row : paper_table5()) {
    const std::string L = "l=" + std::to_string(row.l);
    for (int k = 0; k < 6; ++k) {
      const std::string type = row.type[k];
      const bool dist_cells = !type.empty() && std::string(row.dist_local[k]).size();
      if (k > 0 && !dist_cells) continue;
      const long long t = table5_ts()[k];
      const proof::ClosedFormProof pr = proof::enclose_closed_form(data, center, row.l, "0.1", "0.1", t);
      if (p.method.empty()) p.method = pr.method;
      auto cell = [&](const std::string& key, const proof::Enclosure& v, const char* printed) {
        if (!*printed) return;
        proof::Enclosure d;
        const int sg = pr.ok ? proof::printed_cell_sign(v, printed, &d) : 0;
        if (sg > 0) {
          ++beyond;
          beyond_keys += (beyond_keys.empty() ? "" : ", ") + key;
          enc += (enc.empty() ? "" : "; ") + key + " (paper " + printed + "): value in " + v.ball +
                 ", |value - printed| - half unit in " + d.ball;
        } else if (sg < 0) {
          ++within;
        } else {
          ++undecided;
          if (!pr.ok && reason.empty()) reason = pr.reason;
        }
      };
      if (k == 0) {
        cell(L + " rho_min", pr.rho_min, row.rho_min);
        if (std::string(row.U_beta_lo).size() && std::string(row.U_beta_lo) != "0")
          cell(L + " U_beta left", pr.U_beta_lo, row.U_beta_lo);
        cell(L + " U_beta right", pr.U_beta_hi, row.U_beta_hi);
        cell(L + " U_gamma left", pr.U_gamma_lo, row.U_gamma_lo);
      }
      if (dist_cells) {
        const std::string key = L + " t=" + std::to_string(t);
        const proof::EscapeEnclosure& e = type == "beta" ? pr.beta : pr.gamma;
        cell(key + " dist_local", e.dist_local, row.dist_local[k]);
        cell(key + " dist_truth", e.dist_truth, row.dist_truth[k]);
        cell(key + " ratio (C.3)", e.ratio, row.ratio[k]);
      }
    }
  }
  p.proved = fails && beyond > 0;
  p.enclosure = enc;
  p.detail = std::to_string(beyond) + " numeric cells proved beyond half a unit (" + beyond_keys + "), " +
             std::to_string(within) + " proved within, " + std::to_string(undecided) + " undecided" +
             (reason.empty() ? "" : " (" + reason + ")");
  res.measured.push_back(detail::measured_count("numeric cells proved beyond the printed rounding", beyond));
  res.measured.push_back(detail::measured_count("numeric cells proved within the printed rounding", within));
  measured_outcome(res, p.proved);
}

// table5: Table 5 recomputed (critical point, and the 4-digit xhat of App.
// C.2), cell by cell against the printed values, plus the exact in-S PGD
// norms at the same t.
template <class T>
ClaimResult check_table5(const Context<T>& c) {
  using namespace cf_checks;
  using std::abs;
  ClaimResult res;
  const auto& P = c.instance.problem;
  if (c.instance.name != "realworld") {
    res.verdict = Verdict::inconclusive;
    res.reason = "Table 5 is computed on the App. C.2 instance only (realworld)";
    res.key_number = "not run: Table 5 is on realworld only";
    return res;
  }
  const T rho = tenth<T>(), eta = tenth<T>(), delta = c.iso.delta;
  // App. C.2 prints xhat to 4 decimals; the SOD ingredients at that point
  // (not a critical point) show where the printed endpoints come from.
  Mat<T> X4(3, 1);
  X4 << from_string<T>("0.2234"), from_string<T>("0.0918"), from_string<T>("0.5985");
  if (X4.col(0).dot(c.cp.X.col(0)) < 0) X4 = -X4;
  const auto s4 = sod_ingredients(P, X4, +1);
  const auto gdo = gd_options(c);
  res.measured.push_back(measured_text(
      "how the printed table was read",
      "the extracted Table 5 is misaligned; numeric cells are mapped to t = 1000..2e6 right to "
      "left and agree with "
      "the printed ratio row (dist_local/dist_truth); the l = 3 X_final cells at t = 33500 and 1e5 "
      "are not legible "
      "and are left out; a cell agrees when within half a unit of its last printed digit"));
  long cells = 0, bad_cells = 0, cells4_better = 0;
  struct XFinal {
    std::string key, paper, plus, minus;
  };
  std::vector<XFinal> xfinal;
  Verdict verdict = Verdict::holds;
  std::string bad;
  Series csv;
  csv.name = "table5";
  csv.columns = {"l",
                 "t",
                 "type",
                 "source",
                 "rho_min",
                 "U_beta",
                 "U_gamma",
                 "dist_local",
                 "dist_truth",
                 "ratio_C3",
                 "X_final",
                 "exact_norm_a",
                 "exact_norm_b",
                 "exact_norm_c"};
  auto note_cell = [&](const std::string& key, const T& ours, const T& ours4, const char* paper) {
    if (std::string(paper).empty()) return;
    const T p = from_string<T>(paper);
    const T tol = half_ulp_of_print<T>(paper);
    const bool ok = abs(ours - p) <= tol;
    const bool ok4 = abs(ours4 - p) <= tol;
    ++cells;
    if (!ok) {
      ++bad_cells;
      bad += (bad.empty() ? "" : ", ") + key + " (paper " + paper + ", ours " +
             short_num(to_double(ours), 6) + ")";
    }
    if (!ok && ok4) ++cells4_better;
    res.measured.push_back(
        measured_text(key + ": paper ; ours ; digits ; from 4-digit xhat ; digits",
                      std::string(paper) + " ; " + decimal_string(ours) + " ; " +
                          short_num(digits_vs(ours, p), 3) + " ; " + decimal_string(ours4) + " ; " +
                          short_num(digits_vs(ours4, p), 3)));
  };
  for (const auto& row : paper_table5()) {
    const int l = row.l;
    const std::string L = "l=" + std::to_string(l);
    // Exact in-S PGD: advance from c = (1, rho, 0) segment by segment.
    const bool run_exact = c.options.full || l <= 5;
    std::unique_ptr<SubspaceSimulation<T>> sim;
    Vec<T> cc(3);
    cc << T(1), rho, T(0);
    long long t_done = 0;
    if (run_exact) sim = std::make_unique<SubspaceSimulation<T>>(P, c.sod, l);
    for (int k = 0; k < 6; ++k) {
      const long long t = table5_ts()[k];
      const auto R = multi_step(P, c.sod, l, rho, eta, t, delta);
      const auto R4 = multi_step(P, s4, l, rho, eta, t, delta);
      const std::string key = L + " t=" + std::to_string(t);
      if (k == 0) {
        note_cell(L + " rho_min", R.rho_min, R4.rho_min, row.rho_min);
        if (std::string(row.U_beta_lo).size() && std::string(row.U_beta_lo) != "0")
          note_cell(L + " U_beta left", R.U_beta.lo, R4.U_beta.lo, row.U_beta_lo);
        if (std::string(row.U_beta_hi).size())
          note_cell(L + " U_beta right", R.U_beta_hi_printed, R4.U_beta_hi_printed, row.U_beta_hi);
        if (std::string(row.U_gamma_lo).size())
          note_cell(L + " U_gamma left", R.U_gamma.lo, R4.U_gamma.lo, row.U_gamma_lo);
        res.measured.push_back(
            measured_text(L + " U_beta ; U_gamma (ours)",
                          interval_text(R.U_beta) + " ; " + interval_text(R.U_gamma)));
        if (std::string(row.U_beta_lo).empty() && !R.U_beta.empty) {
          ++cells, ++bad_cells;
          bad += (bad.empty() ? "" : ", ") + L + " U_beta printed empty, ours non-empty";
        }
      }
      std::string our_type = R.U_beta.contains(T(t))    ? "beta"
                             : R.U_gamma.contains(T(t)) ? "gamma"
                                                        : "";
      const std::string type = row.type[k];
      res.measured.push_back(
          measured_text(key + ": region paper ; ours",
                        (type.empty() ? "-" : type) + " ; " + (our_type.empty() ? "-" : our_type)));
      if (type != our_type && !type.empty()) {
        ++cells, ++bad_cells;
        bad += (bad.empty() ? "" : ", ") + key + " region (paper " + type + ", ours " +
               (our_type.empty() ? "-" : our_type) + ")";
      }
      std::string xf = "-", xf_minus = "-";
      const std::string use = type.empty() ? our_type : type;
      if (!use.empty()) {
        const EscapePoint<T>& e = use == "beta" ? R.beta_point : R.gamma_point;
        const EscapePoint<T>& e4 = use == "beta" ? R4.beta_point : R4.gamma_point;
        if (e.defined) {
          const T dl = e.representable ? e.dist_local : T(0),
                  dt = e.representable ? e.dist_truth : T(0);
          const T dl4 = e4.representable ? e4.dist_local : T(0),
                  dt4 = e4.representable ? e4.dist_truth : T(0);
          if (e.representable) {
            note_cell(key + " dist_local = norm(XX^T - XcXc^T)", dl, dl4, row.dist_local[k]);
            note_cell(key + " dist_truth = norm(XcXc^T - ZZ^T)", dt, dt4, row.dist_truth[k]);
            note_cell(key + " ratio (C.3)", e.ratio_C3, e4.ratio_C3, row.ratio[k]);
            const GdRun<T> g = gradient_descent(P, e.point, gdo, &c.cp.X);
            xf = g.end == "ground_truth" ? g.z_sign : g.end;
            // With -u_n both escape points change sign (E is linear in u_n) and
            // h(-X) = h(X), so GD ends at the mirrored point: no second run.
            xf_minus = xf == "+Z" ? "-Z" : xf == "-Z" ? "+Z" : xf;
            res.measured.push_back(
                measured_text(key + ": h(Xcheck) < h(Xhat)", yes_no(e.h < e.h_local_min)));
          } else {
            res.measured.push_back(
                measured_text(key + ": escape point", "not representable in " + c.scalar));
          }
          const std::string pf = row.x_final[k];
          res.measured.push_back(
              measured_text(key + ": X_final paper ; ours with u_n ; with -u_n (GD step 0.1)",
                            (pf.empty() ? "-" : pf) + " ; " + xf + " ; " + xf_minus));
          if (!pf.empty()) xfinal.push_back({key, pf, xf, xf_minus});
          csv.rows.push_back({std::to_string(l), std::to_string(t), use, "critical point",
                              decimal_string(R.rho_min), interval_text(R.U_beta),
                              interval_text(R.U_gamma), decimal_string(dl), decimal_string(dt),
                              e.representable ? decimal_string(e.ratio_C3) : "", xf, "", "", ""});
        }
      }
      if (run_exact && (c.options.full || t <= 33500)) {
        const long long dt = t - t_done;
        const auto tr = sim->trajectory(cc, eta, dt, dt);
        const auto& last = tr.back();
        cc << last.alpha, last.beta, last.gamma;
        t_done = t;
        auto p10 = [](const T& x) { return decimal_from_log10(x, 1); };
        res.measured.push_back(measured_text(
            key + ": exact in-S term norms (alpha a, beta b, gamma c) ; closed form (5.8)",
            decimal_string(last.norm_a) + ", " + decimal_string(last.norm_b) + ", " +
                decimal_string(last.norm_c) + " ; " + p10(R.log10_norm_a_term) + ", " +
                p10(R.log10_norm_b_term) + ", " +
                (R.c_term_zero ? std::string("0") : p10(R.log10_norm_c_term))));
        csv.rows.push_back({std::to_string(l), std::to_string(t), "", "exact in-S PGD", "", "", "",
                            "", "", "", "", decimal_string(last.norm_a),
                            decimal_string(last.norm_b), decimal_string(last.norm_c)});
      }
    }
  }
  // The paper does not say which sign of u_n it used: compare X_final under
  // the convention that matches more printed cells, and report both counts.
  long match_plus = 0, match_minus = 0;
  for (const auto& x : xfinal) match_plus += x.paper == x.plus, match_minus += x.paper == x.minus;
  const bool use_minus = match_minus > match_plus;
  for (const auto& x : xfinal) {
    ++cells;
    const std::string& ours = use_minus ? x.minus : x.plus;
    if (ours != x.paper) {
      ++bad_cells;
      bad +=
          (bad.empty() ? "" : ", ") + x.key + " X_final (paper " + x.paper + ", ours " + ours + ")";
    }
  }
  res.measured.push_back(measured_text("X_final cells matching with u_n ; with -u_n",
                                       std::to_string(match_plus) + " ; " +
                                           std::to_string(match_minus) + " of " +
                                           std::to_string(xfinal.size())));
  res.measured.push_back(
      measured_text("sign of u_n used for the X_final comparison", use_minus ? "-u_n" : "u_n"));
  res.series.push_back(csv);
  res.measured.push_back(measured_count("cells compared", cells));
  res.measured.push_back(
      measured_count("cells that disagree beyond the printed rounding", bad_cells));
  res.measured.push_back(
      measured_count("of those, reproduced from the 4-digit xhat", cells4_better));
  if (bad_cells > 0) verdict = Verdict::fails;
  res.verdict = verdict;
  res.reason =
      bad_cells == 0
          ? "all " + std::to_string(cells) + " printed cells reproduced within their rounding"
          : std::to_string(bad_cells) + " of " + std::to_string(cells) +
                " printed cells disagree beyond the printed rounding (" +
                std::to_string(cells4_better) +
                " of them are reproduced from the 4-digit xhat of App. C.2): " + bad;
  res.key_number = std::to_string(cells - bad_cells) + "/" + std::to_string(cells) + " cells";
  attach_table5_proof(c, res);  // issue 25: each numeric cell against half a unit, enclosed
  return res;
}

// ---- Registration (report order: rank) ------------------------------------
SODLIFT_CLAIMS(appC_table5) {
  r.per_instance(
      140,
      {"table5", "Table 5, App. C.3 (on App. C.2)",
       "Table 5's rho_min, U_beta, U_gamma, distances, ratio (C.3) and X_final on the realworld "
       "instance.",
       "every printed cell recomputed from the certified critical point and from the 4-digit xhat "
       "of "
       "App. C.2 (digits of agreement for both); X_final by GD with step 0.1; exact in-S PGD term "
       "norms at "
       "the same t (l = 3, 5 up to t = 33500 in quick mode, all in --full)",
       "a cell agrees when it is within half a unit of its last printed digit; FAILS on one "
       "disagreeing cell"},
      [](const Context<T>& c) { return check_table5(c); });
  // Issue 20: --quick runs exact PGD only where it is short (check above).
  r.reduced_in_quick("table5",
                     {{"exact PGD at", "l <= 5, t <= 33500", "every row"},
                      {"GD after escape", "2e4 steps", "2e5 steps"}},
                     "the exact-PGD cells at l = 7 and t > 33500");
}

}  // namespace sodlift::validate
