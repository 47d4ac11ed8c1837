// report.md and report.html: one Markdown text for people, rendered as is
// (report.md) or with the plots inline and full digits in tooltips, through
// cmark-gfm (report.html).
#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "sodlift/validate/report.hpp"

namespace sodlift::validate {

namespace {

// ---- numbers -----------------------------------------------------------------

bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

// Length of the decimal number (sign, digits, point, exponent) at s[i], 0 if none.
std::size_t number_length(const std::string& s, std::size_t i) {
  std::size_t j = i;
  if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
  std::size_t digits = 0;
  while (j < s.size() && is_digit(s[j])) ++j, ++digits;
  if (j < s.size() && s[j] == '.') {
    ++j;
    while (j < s.size() && is_digit(s[j])) ++j, ++digits;
  }
  if (digits == 0) return 0;
  if (j < s.size() && (s[j] == 'e' || s[j] == 'E')) {
    std::size_t k = j + 1;
    if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
    if (k < s.size() && is_digit(s[k])) {
      while (k < s.size() && is_digit(s[k])) ++k;
      j = k;
    }
  }
  return j - i;
}

// ---- Markdown and HTML text -----------------------------------------------------

// Plain text inside Markdown, escaped only where CommonMark would read it
// as markup (report.md must stay short): '*', '[', ']', '`', '\\' always;
// '_' unless inside a word (intraword '_' never emphasises); '<' before a
// letter, '/', '!' or '?' (raw HTML); '&' before a letter or '#' (entity);
// '|' in table cells (`cell`); newlines become spaces.
std::string md_text(const std::string& s, bool cell = true) {
  auto alnum = [&](std::size_t k) {
    return k < s.size() && std::isalnum(static_cast<unsigned char>(s[k]));
  };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char ch = s[i];
    bool esc = false;
    switch (ch) {
      case '*':
      case '[':
      case ']':
      case '`':
      case '\\':
      case '~':
        esc = true;
        break;
      case '_':
        esc = !(i > 0 && alnum(i - 1) && alnum(i + 1));
        break;
      case '<':
        esc = i + 1 < s.size() && (std::isalpha(static_cast<unsigned char>(s[i + 1])) ||
                                   s[i + 1] == '/' || s[i + 1] == '!' || s[i + 1] == '?');
        break;
      case '&':
        esc = alnum(i + 1) || (i + 1 < s.size() && s[i + 1] == '#');
        break;
      case '>':
      case '#':
      case '+':
      case '-':
        esc = out.empty();
        break;  // block markers at a line start
      case '|':
        esc = cell;
        break;
      default:
        break;
    }
    if (ch == '\n') {
      out += ' ';
      continue;
    }
    if (esc) out += '\\';
    out += ch;
  }
  return out;
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '|':
        out += "&#124;";
        break;  // would split a Markdown table cell
      case '\n':
        out += ' ';
        break;
      default:
        out += ch;
    }
  }
  return out;
}

// A code span in a table cell: backticks cannot occur in our values, '|'
// must be escaped even inside code in GFM tables.
std::string md_code(const std::string& s) {
  std::string out = "`";
  for (char ch : s) {
    if (ch == '|')
      out += "\\|";
    else if (ch == '\n')
      out += ' ';
    else
      out += ch;
  }
  return out + "`";
}

std::string lower(std::string s) {
  for (auto& ch : s) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

std::string anchor(const std::string& prefix, const std::string& a, const std::string& b = "") {
  return prefix + "-" + lower(file_stem(b.empty() ? a : a + "-" + b));
}

std::string plot_file(const PlotSpec& p) { return file_stem(p.stem) + ".svg"; }
std::string series_file(const Series& s) { return file_stem(s.name) + ".csv"; }

struct Flavor {
  bool html = false;
  const std::map<std::string, std::string>* svgs = nullptr;  // plot file -> inline SVG (html)
};

const char* verdict_mark(Verdict v) {
  switch (v) {
    case Verdict::holds:
      return "✅";
    case Verdict::fails:
      return "❌";
    default:
      return "❔";
  }
}

std::string verdict_class(Verdict v) { return lower(to_string(v)); }

// "✅ HOLDS" in Markdown; a coloured badge in HTML (no emoji font needed).
std::string verdict_label(Verdict v, const Flavor& fl) {
  if (fl.html) return "<span class=\"badge " + verdict_class(v) + "\">" + to_string(v) + "</span>";
  return std::string(verdict_mark(v)) + " " + to_string(v);
}

// ---- paper sections ------------------------------------------------------------

struct Section {
  int order = 0;  // sort key: paper sections 1..7, then appendix, other, harness
  std::string title;
};

Section section_of_number(int n) {
  static const std::map<int, std::string> titles{{1, "§1 Problem setup"},
                                                 {2, "§2 Tensor over-parameterisation"},
                                                 {3, "§3 Main results"},
                                                 {4, "§4 Single-step SOD escape"},
                                                 {5, "§5 Multi-step SOD escape"},
                                                 {6, "§6 Numerical experiments"},
                                                 {7, "§7 Conclusions"}};
  auto it = titles.find(n);
  return {n, it != titles.end() ? it->second : "§" + std::to_string(n)};
}

}  // namespace

// ---- public helpers -----------------------------------------------------------------

std::string human_number(const std::string& s, int sig) {
  if (s.empty() || number_length(s, 0) != s.size()) return s;
  std::size_t i = 0;
  const bool neg = s[0] == '-';
  if (s[0] == '+' || s[0] == '-') ++i;
  std::string digits;
  long int_digits = 0;
  bool dot = false, has_exp = false;
  long exp10 = 0;
  for (; i < s.size(); ++i) {
    const char ch = s[i];
    if (is_digit(ch)) {
      digits += ch;
      if (!dot) ++int_digits;
    } else if (ch == '.')
      dot = true;
    else {
      has_exp = true;
      exp10 = std::stol(s.substr(i + 1));
      break;
    }
  }
  if (!dot && !has_exp) return s;  // an integer: a count, exact as it is
  std::size_t lz = 0;
  while (lz < digits.size() && digits[lz] == '0') ++lz;
  if (lz == digits.size()) return "0";
  digits = digits.substr(lz);
  long e = int_digits - long(lz) + exp10 - 1;  // value = d.ddd * 10^e
  if (sig < 1) sig = 1;
  if (digits.size() > std::size_t(sig)) {
    const bool up = digits[sig] >= '5';
    digits.resize(sig);
    if (up) {
      int k = sig - 1;
      while (k >= 0 && digits[k] == '9') digits[k--] = '0';
      if (k >= 0)
        ++digits[k];
      else {
        digits.insert(digits.begin(), '1');
        digits.pop_back();
        ++e;
      }
    }
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::string out = neg ? "-" : "";
  if (e < -4 || e >= sig) {
    out += digits[0];
    if (digits.size() > 1) out += "." + digits.substr(1);
    const long a = e < 0 ? -e : e;
    out += std::string("e") + (e < 0 ? "-" : "+") + (a < 10 ? "0" : "") + std::to_string(a);
  } else if (e >= 0) {
    std::string ip = digits.substr(0, std::min<std::size_t>(digits.size(), e + 1));
    while (long(ip.size()) < e + 1) ip += '0';
    out += ip;
    if (digits.size() > std::size_t(e + 1)) out += "." + digits.substr(e + 1);
  } else {
    out += "0." + std::string(-e - 1, '0') + digits;
  }
  return out;
}

std::string human_text(const std::string& s, int sig) {
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    // A number starts at a digit (or sign/point before one) not glued to a
    // word: "x1" or "T5" are names, not numbers.
    const bool boundary = i == 0 || !(std::isalnum(static_cast<unsigned char>(s[i - 1])) ||
                                      s[i - 1] == '.' || s[i - 1] == '_');
    const std::size_t n = boundary ? number_length(s, i) : 0;
    if (n == 0) {
      out += s[i++];
      continue;
    }
    std::string tok = s.substr(i, n);
    // A sign glued to the previous token is an operator ("a-1e-3"), keep it.
    std::string pre;
    if (tok[0] == '+' || tok[0] == '-') {
      pre = tok.substr(0, 1);
      tok = tok.substr(1);
    }
    std::size_t sigdigits = 0;
    for (char ch : tok) {
      if (ch == 'e' || ch == 'E') break;
      if (is_digit(ch) && (sigdigits > 0 || ch != '0')) ++sigdigits;
    }
    out += pre + (sigdigits > std::size_t(sig) + 2 ? human_number(tok, sig) : tok);
    i += n;
  }
  return out;
}

std::string paper_section(const std::string& ref) { return paper_section_order(ref).second; }

std::pair<int, std::string> paper_section_order(const std::string& ref) {
  // The lifting papers' landscape (SPEC §8, validate/claims/lift_landscape.hpp).
  if (ref.rfind("Lifted landscape", 0) == 0) return {800, "The lifted landscape (the premise SOD simulates)"};
  // Claims of another paper ("arXiv:2310.15549, §6 Fig. 1"): its section
  // numbers are not this paper's (the lifted-GD experiments are not §6 here).
  if (ref.rfind("arXiv:", 0) == 0)
    return {850, "Other papers: " + ref.substr(0, ref.find(','))};
  // The earliest reference in the text decides; figures and tables map to the
  // section that prints them (Fig. 4 is in §3.2, Table 2 in §4.2, Table 5 in
  // App. C.3).
  static const std::map<int, int> fig{{1, 1}, {2, 2}, {3, 3}, {4, 3}, {5, 4},
                                      {6, 5}, {7, 5}, {8, 6}, {9, 6}, {10, 6}};
  static const std::map<int, int> tab{{1, 1}, {2, 4}};
  static const std::regex re(
      R"((SPEC)|App\.?\s*([A-Z])|§\s*(\d+)|(?:Prop|Thm|Theorem|Lemma|Cor|Def|Remark)\.?\s*(\d+)\.\d+|\((\d+)\.\d+\)|Fig(?:ure|\.)?\s*(\d+)|Table\s*(\d+))");
  std::smatch m;
  std::string rest = ref;
  while (std::regex_search(rest, m, re)) {
    if (m[1].matched) return {1000, "Harness cross-checks (not claims of the paper)"};
    if (m[2].matched) return {100 + (m[2].str()[0] - 'A'), "Appendix " + m[2].str()};
    for (int g : {3, 4, 5}) {
      if (m[g].matched) {
        const auto sec = section_of_number(std::stoi(m[g].str()));
        return {sec.order, sec.title};
      }
    }
    if (m[6].matched) {
      auto it = fig.find(std::stoi(m[6].str()));
      if (it != fig.end()) {
        const auto sec = section_of_number(it->second);
        return {sec.order, sec.title};
      }
    }
    if (m[7].matched) {
      const int t = std::stoi(m[7].str());
      auto it = tab.find(t);
      if (it != tab.end()) {
        const auto sec = section_of_number(it->second);
        return {sec.order, sec.title};
      }
      if (t >= 3) return {102, "Appendix C"};  // Tables 3-5 are in the appendix
    }
    rest = m.suffix();
  }
  return {900, "Other"};
}

namespace {

// Claim ids in matrix order: grouped by paper section (sections in paper
// order), registry order within a section; ids without a registry entry last.
std::vector<std::pair<std::string, std::vector<const Claim*>>> grouped_claims(
    const Report& r, std::vector<std::string>& orphans) {
  std::set<std::string> with_result;
  for (const auto& res : r.results) with_result.insert(res.id);
  std::map<std::pair<int, std::string>, std::vector<const Claim*>> by;
  std::set<std::string> known;
  for (const auto& c : r.claims) {
    known.insert(c.id);
    if (with_result.count(c.id)) by[paper_section_order(c.paper_ref)].push_back(&c);
  }
  for (const auto& res : r.results)
    if (!known.count(res.id) && std::find(orphans.begin(), orphans.end(), res.id) == orphans.end())
      orphans.push_back(res.id);
  std::vector<std::pair<std::string, std::vector<const Claim*>>> out;
  for (auto& [key, v] : by) out.push_back({key.second, v});
  return out;
}

// Claims that are not the paper's (sections ordered from the lifted
// landscape on) are detailed in report.html only; report.md links there.
bool html_only_claim(const Report& r, const std::string& id) {
  for (const auto& c : r.claims)
    if (c.id == id)
      return paper_section_order(c.paper_ref).first >= paper_section_order("Lifted landscape").first;
  return false;
}
std::string claim_href(const Report& r, const std::string& id, const Flavor& fl) {
  return (!fl.html && html_only_claim(r, id) ? "report.html#" : "#") + anchor("c", id);
}

std::vector<std::string> instance_columns(const Report& r) {
  std::vector<std::string> cols = r.info.instances;
  for (const auto& res : r.results)
    if (std::find(cols.begin(), cols.end(), res.instance) == cols.end())
      cols.push_back(res.instance);
  return cols;
}

// A verdict decided on a reduced grid or population (validate --quick) is
// marked in its cell: "HOLDS (reduced grid)", then the key number, then what
// that grid cannot decide. A green cell alone would read as the paper's claim
// holding.
bool reduced(const ClaimResult& res) { return res.population && res.population->reduced; }

std::string reduced_mark(const ClaimResult& res) {
  if (!reduced(res)) return "";
  return "(" + (res.population->mark.empty() ? std::string("reduced grid") : res.population->mark) +
         ")";
}

std::string matrix_cell(const ClaimResult& res, const Flavor& fl) {
  const std::string target = "#" + anchor("c", res.id);
  const std::string key = human_text(res.key_number);
  const std::string mark = reduced_mark(res);
  const std::string open = reduced(res) ? "cannot decide: " + res.population->cannot_decide : "";
  // report.md (kept short, and the README's matrix): a verdict on the
  // built-in instances marked "(quick: l = 3)" names its quick values in the
  // mark and its full ones in the findings, so its cell leaves out what the
  // quick values cannot decide (report.html and report.json have it).
  const bool compact = mark.rfind("(quick: ", 0) == 0;
  // Markdown cells carry no link (the claim's name in the first column has
  // it): a link per cell made the matrix a sixth of report.md.
  // A proved verdict carries a check mark (legend above the matrix).
  const std::string proved = res.proof.proved ? " ✓" : "";
  if (!fl.html)
    return std::string(verdict_mark(res.verdict)) + " " + to_string(res.verdict) + proved +
           (mark.empty() ? "" : " " + md_text(mark)) + (key.empty() ? "" : " " + md_text(key)) +
           (open.empty() || compact ? "" : "; " + md_text(human_text(open)));
  return "<a class=\"v " + verdict_class(res.verdict) + (reduced(res) ? " reduced" : "") +
         "\" href=\"" + target + "\" title=\"" + html_escape(res.reason) + "\"><b>" +
         to_string(res.verdict) + proved + "</b>" +
         (mark.empty() ? "" : " <span class=\"mark\">" + html_escape(mark) + "</span>") +
         (key.empty() ? "" : "<br/>" + html_escape(key)) +
         (open.empty() ? "" : "<br/><small>" + html_escape(human_text(open)) + "</small>") + "</a>";
}

void write_matrix(std::ostringstream& md, const Report& r, const Flavor& fl) {
  const auto cols = instance_columns(r);
  std::vector<std::string> orphans;
  const auto groups = grouped_claims(r, orphans);
  md << "## <a id=\"matrix\"></a>Verdict matrix\n\n";
  md << "One row per claim (grouped by the paper's sections), one column per instance; each cell "
        "gives the verdict and its key number"
     << (fl.html ? " and links to the claim's section. " : "; the claim's name links to its section. ")
     << verdict_label(Verdict::holds, fl) << ", " << verdict_label(Verdict::fails, fl) << ", "
     << verdict_label(Verdict::inconclusive, fl) << "; – not run on that instance; "
     << "✓ proved in ball arithmetic (docs/proofs.md); "
     << "\"(reduced ...)\", \"(quick: ...)\": decided on this run's smaller grid, sample or "
        "horizon than validate --full's (see Findings).\n\n";
  if (fl.html) md << "<div class=\"matrix\">\n\n";
  md << "| claim | paper |";
  for (const auto& c : cols) md << " " << md_text(c) << " |";
  md << "\n|---|---|";
  for (std::size_t i = 0; i < cols.size(); ++i) md << "---|";
  md << "\n";
  auto row = [&](const std::string& id, const std::string& ref) {
    md << "| [" << md_text(id) << "](" << claim_href(r, id, fl) << ") | " << md_text(ref) << " |";
    for (const auto& col : cols) {
      std::string cellv;
      for (const auto& res : r.results)
        if (res.id == id && res.instance == col)
          cellv += (cellv.empty() ? "" : " ") + matrix_cell(res, fl);
      md << " " << (cellv.empty() ? "–" : cellv) << " |";
    }
    md << "\n";
  };
  for (const auto& [title, claims] : groups) {
    md << "| **" << md_text(title) << "** | |";
    for (std::size_t i = 0; i < cols.size(); ++i) md << " |";
    md << "\n";
    for (const Claim* c : claims) row(c->id, c->paper_ref);
  }
  if (!orphans.empty()) {
    md << "| **Not in the registry** | |";
    for (std::size_t i = 0; i < cols.size(); ++i) md << " |";
    md << "\n";
    for (const auto& id : orphans) row(id, "");
  }
  md << "\n";
  if (fl.html) md << "</div>\n\n";
}

// `s` cut at a word to at most `n` bytes with "..." appended (issue 20:
// a line cut mid-word reads as a typo). A single word longer than that is
// cut at a whole UTF-8 character.
std::string shortened(const std::string& s, std::size_t n) {
  if (s.size() <= n) return s;
  std::string t = s.substr(0, n - 3);
  const auto sp = t.find_last_of(' ');
  if (sp != std::string::npos && sp > 0) {
    if (s[n - 3] != ' ') t.resize(sp);
    while (!t.empty() && t.back() == ' ') t.pop_back();
    return t + " ...";  // after a whole word ("0.067. ..." stays readable)
  }
  while (!t.empty() && (static_cast<unsigned char>(t.back()) & 0xC0) == 0x80) t.pop_back();
  if (!t.empty() && (static_cast<unsigned char>(t.back()) & 0x80)) t.pop_back();
  return t + "...";
}

// The first clause of a reason (up to "; ", at most 120 characters) for the
// findings list; the whole reason is in the claim's section.
std::string first_clause(const std::string& reason) {
  return shortened(reason.substr(0, reason.find("; ")), 110);
}

void write_findings(std::ostringstream& md, const Report& r, const Flavor& fl) {
  std::map<Verdict, int> n;
  for (const auto& res : r.results) ++n[res.verdict];
  md << "## <a id=\"findings\"></a>Findings\n\n";
  md << r.results.size() << " results: " << n[Verdict::holds] << " HOLDS, " << n[Verdict::fails]
     << " FAILS, " << n[Verdict::inconclusive]
     << " INCONCLUSIVE. A FAILS is a finding about the paper's claim on that "
     << "instance, with the numbers that show it; an INCONCLUSIVE says why the data cannot decide. "
     << "docs/findings.md in the source tree explains each one of the default run.\n\n";
  // Verdicts on a reduced grid first: a reader who stops here must not take
  // them for the paper's claim. One line per grid (claims sharing a
  // population share it); what each grid cannot decide is in its cells. A
  // grid on one instance (a study) lists its verdicts; one shared by the
  // built-in instances (quick lifting orders, horizons) its claims, whose
  // verdicts are in the matrix.
  std::vector<std::pair<std::string, std::vector<const ClaimResult*>>> grids;
  for (const auto& res : r.results) {
    if (!reduced(res)) continue;
    auto it = std::find_if(grids.begin(), grids.end(),
                           [&](const auto& g) { return g.first == res.population->what; });
    if (it == grids.end()) it = grids.insert(grids.end(), {res.population->what, {}});
    it->second.push_back(&res);
  }
  std::set<const ClaimResult*> listed;  // listed with their verdict here
  if (!grids.empty()) {
    md << "**Decided on a reduced grid** (validate --quick; about that grid only, --full runs "
          "the full one)\n\n";
    for (const auto& [what, rs] : grids) {
      std::vector<std::string> insts, ids;
      for (const ClaimResult* x : rs) {
        if (std::find(insts.begin(), insts.end(), x->instance) == insts.end()) insts.push_back(x->instance);
        if (std::find(ids.begin(), ids.end(), x->id) == ids.end()) ids.push_back(x->id);
      }
      md << "- ";
      for (std::size_t i = 0; i < insts.size(); ++i) md << (i ? ", " : "") << md_text(insts[i]);
      md << "; " << md_text(human_text(what), false) << ":";
      for (std::size_t i = 0; i < ids.size(); ++i) {
        // A study's verdicts are here; the claims on the built-in instances
        // are named only (their rows, with links, are in the matrix).
        if (insts.size() == 1)
          md << (i ? "," : "") << " [" << md_text(ids[i]) << "](" << claim_href(r, ids[i], fl) << ") "
             << to_string(rs[i]->verdict);
        else
          md << (i ? "," : "") << " " << md_text(ids[i]);
      }
      if (insts.size() == 1) listed.insert(rs.begin(), rs.end());
      md << "\n";
    }
    md << "\n";
  }
  // Verdicts proved in ball arithmetic (the statements are in the claims'
  // sections of report.html; report.md stays short).
  {
    int attempted = 0;
    std::vector<std::string> proved;
    for (const auto& res : r.results) {
      if (!res.proof.attempted) continue;
      ++attempted;
      if (res.proof.proved) proved.push_back(res.id + " on " + res.instance);
    }
    if (attempted > 0) {
      md << "**Proofs** (ball arithmetic, docs/proofs.md): " << proved.size() << " of " << attempted
         << " attempted verdicts proved, ✓ in the matrix";
      for (std::size_t i = 0; i < proved.size(); ++i) md << (i ? ", " : " (") << md_text(proved[i]);
      md << (proved.empty() ? "" : ")") << "; what is proved" << (fl.html ? " is under each claim below" : ", with its enclosure, is in report.html")
         << ".\n\n";
    }
  }
  // FAILS with the first clause of the reason; INCONCLUSIVE with the key
  // number only (the reasons are in the claims' sections).
  for (Verdict v : {Verdict::fails, Verdict::inconclusive}) {
    if (n[v] == 0) continue;
    md << "**" << to_string(v) << "**\n\n";
    for (const auto& res : r.results) {
      // Reduced INCONCLUSIVE ones are listed with their grid above.
      if (res.verdict != v || (v == Verdict::inconclusive && listed.count(&res))) continue;
      const std::string what = v == Verdict::fails ? first_clause(res.reason) : res.key_number;
      md << "- [" << md_text(res.id) << " on " << md_text(res.instance) << "]("
         << claim_href(r, res.id, fl) << "): " << md_text(human_text(what), false) << "\n";
    }
    md << "\n";
  }
}

// A measured value for a table cell: one number to 6 digits, or text whose
// long numbers are shortened ("2.0826 ; 2.005588862977604555" -> "2.0826 ; 2.00559").
std::string value_cell(const std::string& full, const Flavor& fl) {
  std::string shown = human_number(full);
  if (shown == full) shown = human_text(full);
  if (!fl.html) return md_code(shown);
  if (shown == full) return "<code>" + html_escape(shown) + "</code>";
  return "<code title=\"" + html_escape(full) + "\">" + html_escape(shown) + "</code>";
}

// The measured numbers of one claim as one table: a row per quantity, a
// column per instance. The first rows (the numbers that decide a verdict
// come first) are shown; the rest is collapsed in HTML and left to
// report.json in Markdown (which must stay short enough to read).
void write_measured(std::ostringstream& md, const std::vector<const ClaimResult*>& rs,
                    const Flavor& fl) {
  // report.md shows fewer rows than report.html: it must stay short enough
  // to read as text (under 60 KB for the quick run).
  const std::size_t kShown = fl.html ? 6 : 2, kCollapseAbove = fl.html ? 9 : 3;
  std::vector<std::string> names;
  std::map<std::string, std::map<const ClaimResult*, std::string>> value;
  for (const ClaimResult* res : rs)
    for (const auto& m : res->measured) {
      auto& row = value[m.name];
      if (row.empty()) names.push_back(m.name);
      if (!row.count(res)) row[res] = m.value;
    }
  if (names.empty()) return;
  std::vector<const ClaimResult*> cols;  // instances with numbers (a vacuous result may have none)
  for (const ClaimResult* res : rs)
    if (!res->measured.empty()) cols.push_back(res);
  // A run of rows named "<label>: h1 ; ... ; hk" with values "v1 ; ... ; vk"
  // (one instance) is a small table of its own: a column per part.
  auto split = [](const std::string& t) {
    std::vector<std::string> parts;
    std::size_t b = 0;
    for (std::size_t e; (e = t.find(" ; ", b)) != std::string::npos; b = e + 3)
      parts.push_back(t.substr(b, e - b));
    parts.push_back(t.substr(b));
    return parts;
  };
  auto compound = [&](std::size_t i, std::string& label, std::vector<std::string>& head,
                      std::vector<std::string>& vals) {
    if (cols.size() != 1) return false;
    const auto colon = names[i].rfind(": ");
    if (colon == std::string::npos) return false;
    head = split(names[i].substr(colon + 2));
    auto it = value[names[i]].find(cols[0]);
    if (head.size() < 2 || it == value[names[i]].end()) return false;
    vals = split(it->second);
    label = names[i].substr(0, colon);
    return vals.size() == head.size();
  };
  auto table = [&](std::size_t from, std::size_t to) {
    bool open = false;
    for (std::size_t i = from; i < to;) {
      std::string label;
      std::vector<std::string> head, vals;
      std::size_t run = i;
      if (compound(i, label, head, vals)) {
        std::string l2;
        std::vector<std::string> h2, v2;
        while (run + 1 < to && compound(run + 1, l2, h2, v2) && h2 == head) ++run;
      }
      if (run > i) {  // two or more rows with the same parts
        md << (open ? "\n" : "") << "| " << md_text(cols[0]->instance) << " |";
        for (const auto& h : head) md << " " << md_text(h) << " |";
        md << "\n|---|";
        for (std::size_t k = 0; k < head.size(); ++k) md << "---|";
        md << "\n";
        for (; i <= run; ++i) {
          compound(i, label, head, vals);
          md << "| " << md_text(label) << " |";
          for (const auto& v : vals) md << " " << value_cell(v, fl) << " |";
          md << "\n";
        }
        md << "\n";
        open = false;
        continue;
      }
      if (!open) {
        md << "| measured |";
        for (const ClaimResult* res : cols) md << " " << md_text(res->instance) << " |";
        md << "\n|---|";
        for (std::size_t k = 0; k < cols.size(); ++k) md << "---|";
        md << "\n";
        open = true;
      }
      md << "| " << md_text(names[i]) << " |";
      for (const ClaimResult* res : cols) {
        auto it = value[names[i]].find(res);
        md << " " << (it == value[names[i]].end() ? "–" : value_cell(it->second, fl)) << " |";
      }
      md << "\n";
      ++i;
    }
    if (open) md << "\n";
  };
  if (names.size() <= kCollapseAbove) {
    table(0, names.size());
    return;
  }
  table(0, kShown);
  const std::size_t more = names.size() - kShown;
  if (fl.html) {
    md << "<details><summary>" << more << " more measured quantities</summary>\n\n";
    table(kShown, names.size());
    md << "</details>\n\n";
  } else {
    // Short on purpose: this line repeats in every long section and report.md
    // of the quick run is kept under 60 KB (the header says where the rest is).
    md << "*+" << more << " more in report.html*\n\n";
  }
}

void write_plots(std::ostringstream& md, const std::vector<const ClaimResult*>& rs,
                 const std::set<std::string>& has_plot, const Flavor& fl) {
  for (const ClaimResult* res : rs)
    for (const auto& p : res->plots) {
      const std::string f = plot_file(p);
      if (!has_plot.count(f)) continue;
      if (fl.html && fl.svgs && fl.svgs->count(f))
        // The SVG file beside the page is linked under its inline copy (to
        // open it alone; the report folder holds only files the report links to).
        md << "<div class=\"plot\" id=\"" << anchor("plot", p.stem) << "\">" << fl.svgs->at(f)
           << "<small><a href=\"" << html_escape(f) << "\">" << html_escape(f) << "</a></small></div>\n";
      else
        md << "![plot](" << f << ")\n\n";  // its title is inside the SVG
    }
}

// One claim: its statement, a verdict line per instance (with the reason),
// the measured numbers of all instances side by side, its data files and
// its plots (beside the numbers in HTML).
void write_claim(std::ostringstream& md, const std::string& id, const Claim* c, const Report& r,
                 const std::set<std::string>& has_plot, const Flavor& fl) {
  md << "### <a id=\"" << anchor("c", id) << "\"></a>" << md_text(id);
  if (c) md << " (" << md_text(c->paper_ref) << ")";
  if (fl.html) md << " <a class=\"up\" href=\"#matrix\" title=\"back to the verdict matrix\">↑</a>";
  md << "\n\n";
  // How a claim is checked is long and the same in every run: report.md
  // (kept short) leaves it to report.json's registry, report.html collapses it.
  if (c) md << "*Claim:* " << md_text(c->statement, false) << "\n\n";
  if (c && fl.html)
    md << "<details><summary>How it is checked</summary>\n\n*Check:* " << md_text(c->check, false)
       << "  \n*Tolerance:* " << md_text(c->tolerance, false) << "\n\n</details>\n\n";
  std::vector<const ClaimResult*> rs;
  for (const auto& res : r.results)
    if (res.id == id) rs.push_back(&res);
  for (const ClaimResult* res : rs) {
    md << "- **" << md_text(res->instance) << ":** " << verdict_label(res->verdict, fl);
    if (res->digits != 0) md << " (digits " << human_number(std::to_string(res->digits), 3) << ")";
    md << ": " << md_text(human_text(fl.html ? res->reason : shortened(res->reason, 100)), false)
       << "\n";
    // The proof, when the claim attempted one (report.json has every field;
    // report.md has one line for all proofs, in the findings).
    if (res->proof.attempted && fl.html)
      md << "  " << (res->proof.proved ? "✓ **proved**: " : "not proved: ")
         << md_text(res->proof.statement, false)
         << (fl.html && !res->proof.detail.empty() ? " — " + md_text(res->proof.detail, false) : "") << "\n";
  }
  md << "\n";
  // report.md (kept short) names the grids once, in the findings.
  for (const ClaimResult* res : rs) {
    if (!res->population || !fl.html) continue;
    const auto& p = *res->population;
    md << "*Grid" << (rs.size() > 1 ? " on " + md_text(res->instance) : "")
       << (p.reduced ? " " + md_text(reduced_mark(*res)) : "") << ":* "
       << md_text(human_text(p.what), false);
    if (p.reduced) md << ". *Cannot decide:* " << md_text(human_text(p.cannot_decide), false);
    md << "\n\n";
  }
  bool plots = false;
  for (const ClaimResult* res : rs)
    for (const auto& p : res->plots) plots = plots || has_plot.count(plot_file(p));
  const bool side = fl.html && plots;
  if (side) md << "<div class=\"res\"><div class=\"nums\">\n\n";
  write_measured(md, rs, fl);
  std::string data;
  for (const ClaimResult* res : rs)
    for (const auto& s : res->series)
      data += (data.empty() ? "" : ", ") +
              (fl.html ? "[" + series_file(s) + "](" + series_file(s) + ")" : series_file(s));
  // In report.md the names only (the files sit beside it): it must stay short.
  if (!data.empty()) md << "Data: " << data << "\n\n";
  if (side) md << "</div><div class=\"plots\">\n";
  if (plots) write_plots(md, rs, has_plot, fl);
  if (side) md << "</div></div>\n\n";
}

}  // namespace

std::string report_markdown(const Report& r, const std::vector<std::string>& plot_files, bool html,
                            const std::map<std::string, std::string>* svgs) {
  const Flavor fl{html, svgs};
  std::ostringstream md;
  md << "# sodlift validation report\n\n";
  md << "Claims of arXiv:2602.05887 (Simulated Oracle Direction) checked in precision **"
     << r.info.precision << "**, mode **" << r.info.mode << "**, sodlift " << r.info.version
     << " (git " << r.info.git_commit << ").  \n";
  md << "Instances: ";
  for (std::size_t i = 0; i < r.info.instances.size(); ++i)
    md << (i ? ", " : "") << md_text(r.info.instances[i]);
  md << ".  \n";
  if (r.info.seeds.empty())
    md << "Seeds: none for the instances; the fig10 and §4.3 populations seed trial i by the "
          "study rule of docs/studies.md.  \n";
  else {
    md << "Seeds: ";
    for (std::size_t i = 0; i < r.info.seeds.size(); ++i)
      md << (i ? ", " : "") << md_text(r.info.seeds[i].first) << " = " << r.info.seeds[i].second;
    md << ".  \n";
  }
  if (!r.info.objective_scale.empty())
    md << "Objective scale: " << md_text(r.info.objective_scale) << ".  \n";
  if (r.info.timestamps) {
    std::ostringstream w;
    w.precision(3);
    w << r.info.wall_seconds;
    md << "Started " << r.info.started_utc << ", wall time " << w.str() << " s.  \n";
  }
  md << "Numbers are shown to 6 significant digits" << (html ? " (hover for all digits)" : "")
     << "; report.json and the CSV files keep every digit" << (html ? "" : ", and report.html and report.json every measured quantity (here only the first rows)") << ". HOLDS / FAILS / INCONCLUSIVE and "
        "\"digits\" are "
        "explained in docs/reading-the-report.md.\n\n";
  write_matrix(md, r, fl);
  write_findings(md, r, fl);
  std::set<std::string> has_plot(plot_files.begin(), plot_files.end());
  std::vector<std::string> orphans;
  // What is not a claim of the paper (the lifted landscape, SPEC §8; other
  // papers; the harness's cross-checks: the sections ordered after the
  // paper's) has its numbers, tables and plots in report.html only: report.md
  // must stay short enough to read (< 60 KB for the quick run), and its
  // verdicts are in the matrix.
  const int html_only_from = paper_section_order("Lifted landscape").first;
  for (const auto& [title, claims] : grouped_claims(r, orphans)) {
    md << "## " << md_text(title) << "\n\n";
    if (!html && !claims.empty() && paper_section_order(claims.front()->paper_ref).first >= html_only_from) {
      md << claims.size() << " claims (";
      for (std::size_t i = 0; i < claims.size(); ++i) md << (i ? ", " : "") << md_text(claims[i]->id);
      md << "): verdicts in the matrix above; statements, numbers, tables and plots in report.html.\n\n";
      continue;
    }
    for (const Claim* c : claims) write_claim(md, c->id, c, r, has_plot, fl);
  }
  if (!orphans.empty()) md << "## Not in the registry\n\n";
  for (const auto& id : orphans) write_claim(md, id, nullptr, r, has_plot, fl);
  return md.str();
}

std::string report_to_markdown(const Report& r, const std::vector<std::string>& plot_files) {
  return report_markdown(r, plot_files, false, nullptr);
}

}  // namespace sodlift::validate
