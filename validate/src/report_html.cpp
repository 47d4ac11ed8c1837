// report.html: the Markdown of report.md (HTML flavour: plots inline, full
// digits in tooltips) rendered by cmark-gfm, wrapped in one self-contained
// page (inline CSS and SVG, nothing fetched from anywhere).
#include <cstdlib>
#include <map>
#include <memory>
#include <sstream>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include "sodlift/validate/report.hpp"

namespace sodlift::validate {

namespace {

const char* kStyle = R"CSS(
:root { --holds: #d4edda; --fails: #f8d0d0; --inconclusive: #fdf0c2; --line: #d0d4d9; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1d2125;
       margin: 0; background: #fafbfc; }
main { max-width: 1280px; margin: 0 auto; padding: 1em 2em 4em; background: #fff; }
h1 { margin-top: 0.3em; }
h2 { border-bottom: 2px solid var(--line); padding-bottom: 0.2em; margin-top: 2em; }
h3 { margin-top: 1.6em; }
h4 { margin: 1.2em 0 0.3em; }
table { border-collapse: collapse; margin: 0.5em 0 1em; }
th, td { border: 1px solid var(--line); padding: 0.25em 0.6em; vertical-align: top; text-align: left; }
th { background: #f1f3f5; }
code { font: 13px/1.3 "DejaVu Sans Mono", Menlo, Consolas, monospace; background: #f3f4f6; padding: 0 0.2em; }
code[title] { cursor: help; border-bottom: 1px dotted #888; }
.matrix { overflow-x: auto; position: relative; }
.matrix table { font-size: 13px; }
.matrix td { padding: 0; }
.matrix td:has(a.v.holds) { background: var(--holds); }
.matrix td:has(a.v.fails) { background: var(--fails); }
.matrix td:has(a.v.inconclusive) { background: var(--inconclusive); }
.matrix tr:has(strong) td { background: #eef1f4; border-left: 0; border-right: 0; padding: 0.45em 0.6em 0.2em;
                            height: 1.3em; }
.matrix tr:has(strong) strong { position: absolute; white-space: nowrap; }
.matrix td:first-child, .matrix td:nth-child(2) { padding: 0.25em 0.6em; }
.matrix td:nth-child(2) { color: #555; max-width: 11em; }
.matrix a.v { display: block; padding: 0.25em 0.6em; color: #1d2125; text-decoration: none; min-width: 7em;
               max-width: 15em; }
.matrix a.v:hover { outline: 2px solid #333; }
a.v.holds { background: var(--holds); }
a.v.fails { background: var(--fails); }
a.v.inconclusive { background: var(--inconclusive); }
a.v.reduced { background-image: repeating-linear-gradient(135deg, #fff0 0 8px, #fff8 8px 12px);
              box-shadow: inset 4px 0 0 #8a6d00; }
a.v .mark { font-weight: 600; color: #6b5300; }
a.v small { color: #444; }
.res { display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start; }
.nums { flex: 1 1 26em; min-width: 0; overflow-x: auto; }
.plots { flex: 1 1 34em; min-width: 0; }
.plot svg { width: 100%; height: auto; border: 1px solid var(--line); }
.badge { font-weight: 600; font-size: 12px; padding: 0.05em 0.45em; border-radius: 3px; border: 1px solid #0002; }
.badge.holds { background: var(--holds); }
.badge.fails { background: var(--fails); }
.badge.inconclusive { background: var(--inconclusive); }
a.up { text-decoration: none; font-weight: normal; color: #888; margin-left: 0.3em; }
details { margin: 0 0 1em; }
summary { cursor: pointer; color: #0b5cad; }
)CSS";

struct CmarkDoc {
  cmark_parser* parser = nullptr;
  cmark_node* doc = nullptr;
  ~CmarkDoc() {
    if (doc) cmark_node_free(doc);
    if (parser) cmark_parser_free(parser);
  }
};

// Replaces every occurrence of `from` with `to`.
void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t i = s.find(from); i != std::string::npos; i = s.find(from, i + to.size()))
    s.replace(i, from.size(), to);
}

}  // namespace

std::string markdown_to_html(const std::string& md) {
  cmark_gfm_core_extensions_ensure_registered();
  // Raw HTML passes through (CMARK_OPT_UNSAFE): the report embeds its own
  // SVG and <details>; the text of claims is escaped before it gets here.
  // The tagfilter extension is left out on purpose: it would disarm the
  // <title> elements inside the SVGs.
  const int opts = CMARK_OPT_UNSAFE;
  CmarkDoc d;
  d.parser = cmark_parser_new(opts);
  if (cmark_syntax_extension* table = cmark_find_syntax_extension("table"))
    cmark_parser_attach_syntax_extension(d.parser, table);
  cmark_parser_feed(d.parser, md.data(), md.size());
  d.doc = cmark_parser_finish(d.parser);
  char* html = cmark_render_html(d.doc, opts, cmark_parser_get_syntax_extensions(d.parser));
  std::string out(html ? html : "");
  std::free(html);
  return out;
}

std::string inline_svg(const std::string& svg, const std::string& id_prefix,
                       const std::string& title) {
  const auto start = svg.find("<svg");
  if (start == std::string::npos) return "";
  std::string s = svg.substr(start);
  // Ids must be unique in one page: prefix them and every reference to them.
  for (const char* q : {"'", "\""}) {
    replace_all(s, std::string("id=") + q, std::string("id=") + q + id_prefix + "-");
    replace_all(s, std::string("href=") + q + "#",
                std::string("href=") + q + "#" + id_prefix + "-");
  }
  replace_all(s, "url(#", "url(#" + id_prefix + "-");
  if (!title.empty()) {
    std::string t;
    for (char ch : title)
      t += ch == '&' ? "&amp;" : ch == '<' ? "&lt;" : ch == '>' ? "&gt;" : std::string(1, ch);
    replace_all(s, "<title>Gnuplot</title>", "<title>" + t + "</title>");
  }
  // A blank line would end the Markdown HTML block that carries the SVG.
  std::string out;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    out += line;
    out += '\n';
  }
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string report_to_html(const Report& r, const std::vector<std::string>& plot_files,
                           const std::map<std::string, std::string>& svg_text) {
  std::map<std::string, std::string> svgs;
  for (const auto& res : r.results)
    for (const auto& p : res.plots) {
      const std::string f = file_stem(p.stem) + ".svg";
      auto it = svg_text.find(f);
      if (it == svg_text.end()) continue;
      const std::string s = inline_svg(it->second, "p-" + file_stem(p.stem), p.title);
      if (!s.empty()) svgs[f] = s;
    }
  const std::string body = markdown_to_html(report_markdown(r, plot_files, true, &svgs));
  std::ostringstream h;
  h << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
    << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
    << "<title>sodlift validation report (" << r.info.precision << ", " << r.info.mode
    << ")</title>\n"
    << "<style>" << kStyle << "</style>\n</head>\n<body>\n<main>\n"
    << body << "</main>\n</body>\n</html>\n";
  return h.str();
}

}  // namespace sodlift::validate
