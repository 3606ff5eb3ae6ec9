// Copyright 2026 The dedup Authors.
//
// The HTML report: one self-contained file (no network, fonts or external
// scripts) that a user opens to decide whether to trust a run. Charts are
// inline SVG written here, so they show with scripts off; the page's own small
// script only adds the toggles of the audit view and jumps to a block's first
// copy. Every part is bounded: groups, top lines and samples are capped by the
// pipeline, sample texts by kSampleTextBytes.
#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "core/base/input_types.h"
#include "core/base/strings.h"
#include "core/report/report.h"

namespace dedup::report {
namespace {

void Appendf(std::string* out, const char* fmt, ...) __attribute__((format(printf, 2, 3)));
void Appendf(std::string* out, const char* fmt, ...) {
  char buf[1024];
  va_list ap, again;
  va_start(ap, fmt);
  va_copy(again, ap);
  const int n = std::vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  if (n > 0 && static_cast<size_t>(n) < sizeof(buf)) {
    out->append(buf, static_cast<size_t>(n));
  } else if (n > 0) {  // a long rule name or id: never cut a tag in half
    const size_t old = out->size();
    out->resize(old + static_cast<size_t>(n) + 1);
    std::vsnprintf(out->data() + old, static_cast<size_t>(n) + 1, fmt, again);
    out->resize(old + static_cast<size_t>(n));
  }
  va_end(again);
}

void AppendEscaped(std::string_view s, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      case '&': out->append("&amp;"); break;
      case '"': out->append("&quot;"); break;
      case '\'': out->append("&#39;"); break;
      default: out->push_back(c);
    }
  }
}

std::string Escaped(std::string_view s) {
  std::string out;
  AppendEscaped(s, &out);
  return out;
}

std::string Percent(double r) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f%%", 100 * r);
  return buf;
}

unsigned long long U(uint64_t v) { return static_cast<unsigned long long>(v); }

// 1-based line of byte `pos` of `text`.
uint64_t LineOf(std::string_view text, uint64_t pos) {
  pos = std::min<uint64_t>(pos, text.size());
  return 1 + static_cast<uint64_t>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

constexpr const char* kStyle = R"CSS(
body{font-family:system-ui,'Noto Sans CJK SC','Noto Sans CJK TC','Microsoft YaHei','PingFang SC',sans-serif;
  margin:0 auto;padding:1em 2em;max-width:1200px;color:#222;line-height:1.45}
h1{margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
svg text{font-size:12px;fill:#333}svg .axis{stroke:#888}svg .thr{stroke:#000;stroke-dasharray:4 3}
.note{color:#666;font-size:90%}
.doc{white-space:pre-wrap;word-break:break-word;border:1px solid #ccc;padding:.6em;max-height:32em;overflow:auto;
  font-size:14px;background:#fcfcfc}
mark.rm{color:inherit}mark.rb{background:#ffd8a8}mark.bp{background:#e5d4f7}
.hide-rb mark.rb,.hide-bp mark.bp{display:none}.plain mark.rm{background:none}
span.src{border-bottom:2px dotted #e8590c}span.src.flash{background:#fff3bf}
a.jump{font-size:11px;background:#e8590c;color:#fff;border-radius:3px;padding:0 4px;text-decoration:none;margin-right:2px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:1em}.pair .doc{max-height:24em}
mark.only{background:#c3fae8}
.legend span{display:inline-block;padding:0 6px;margin-right:8px;border-radius:3px}
details{margin:.3em 0}summary{cursor:pointer}
)CSS";

// The first script only records errors, so that one in the main script is
// caught too; the test reads data-errors and data-rendered.
constexpr const char* kErrorScript = R"JS(
window.addEventListener('error', function (e) {
  var el = document.documentElement;
  el.setAttribute('data-errors', (el.getAttribute('data-errors') || '') + String(e.message) + ';');
});
)JS";

constexpr const char* kMainScript = R"JS(
(function () {
  var body = document.body;
  document.querySelectorAll('input[data-toggle]').forEach(function (box) {
    var cls = box.getAttribute('data-toggle');
    var apply = function () { body.classList.toggle(cls, box.checked === (box.getAttribute('data-when') === 'on')); };
    box.addEventListener('change', apply);
    apply();
  });
  document.querySelectorAll('a.jump').forEach(function (a) {
    a.addEventListener('click', function () {
      var id = a.getAttribute('href').slice(1);
      document.querySelectorAll('span.src[data-src="' + id + '"]').forEach(function (s) {
        s.classList.add('flash');
        setTimeout(function () { s.classList.remove('flash'); }, 1500);
      });
    });
  });
  var el = document.documentElement;
  el.setAttribute('data-marks', String(document.querySelectorAll('mark.rm').length));
  el.setAttribute('data-charts', String(document.querySelectorAll('svg.chart').length));
  el.setAttribute('data-rendered', 'ok');
})();
)JS";

struct Bar {
  std::string label;
  double value;      // drawn length, 0..1
  std::string text;  // printed after the bar
  std::string tip;   // <title>
  const char* color;
};

// A horizontal bar chart.
void HorizontalBars(const char* id, const std::vector<Bar>& bars, int label_width, std::string* h) {
  const int row = 24, width = 900, bar_max = width - label_width - 140;
  Appendf(h, "<svg class=\"chart\" id=\"%s\" width=\"%d\" height=\"%d\" role=\"img\">\n", id, width,
          static_cast<int>(bars.size()) * row + 6);
  int y = 3;
  for (const Bar& b : bars) {
    const double w = bar_max * std::clamp(b.value, 0.0, 1.0);
    Appendf(h, "<g><title>%s</title><text x=\"0\" y=\"%d\">", Escaped(b.tip).c_str(), y + 15);
    std::string label = b.label;
    if (label.size() > 40) label = label.substr(0, 37) + "...";
    AppendEscaped(label, h);
    Appendf(h, "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"18\" fill=\"%s\"/>", label_width, y, w, b.color);
    Appendf(h, "<text x=\"%.1f\" y=\"%d\">%s</text></g>\n", label_width + w + 5, y + 14, Escaped(b.text).c_str());
    y += row;
  }
  h->append("</svg>\n");
}

struct Column {
  std::string label;  // under the bar
  uint64_t count;
  std::string tip;
  const char* color;
};

// A vertical bar chart; heights on a log scale when `log_scale`.
// `markers`: (x in [0, 1] across the plot, label) drawn as dashed lines.
void VerticalBars(const char* id, const std::vector<Column>& cols, bool log_scale, const char* y_label,
                  const std::vector<std::pair<double, std::string>>& markers, std::string* h) {
  const int width = 900, height = 220, left = 50, bottom = 40, top = 12;
  const int plot_w = width - left - 10, plot_h = height - bottom - top;
  uint64_t max = 1;
  for (const auto& c : cols) max = std::max(max, c.count);
  auto scale = [&](uint64_t v) {
    if (v == 0) return 0.0;
    return log_scale ? std::log10(1.0 + static_cast<double>(v)) / std::log10(1.0 + static_cast<double>(max))
                     : static_cast<double>(v) / static_cast<double>(max);
  };
  Appendf(h, "<svg class=\"chart\" id=\"%s\" width=\"%d\" height=\"%d\" role=\"img\">\n", id, width, height);
  Appendf(h, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left, top + plot_h, left + plot_w,
          top + plot_h);
  Appendf(h, "<text x=\"0\" y=\"%d\">%llu</text><text x=\"0\" y=\"%d\">0</text>", top + 10, U(max), top + plot_h);
  Appendf(h, "<text x=\"0\" y=\"%d\">%s</text>\n", height - 2, y_label);
  const double slot =
      cols.empty() ? plot_w : std::min(64.0, static_cast<double>(plot_w) / static_cast<double>(cols.size()));
  const size_t label_every = cols.size() > 20 ? 5 : 1;
  for (size_t i = 0; i < cols.size(); ++i) {
    const Column& c = cols[i];
    const double bh = plot_h * scale(c.count);
    const double x = left + slot * static_cast<double>(i);
    Appendf(h, "<g><title>%s</title><rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
            Escaped(c.tip).c_str(), x + 1, top + plot_h - bh, std::max(1.0, slot - 2), bh, c.color);
    if (cols.size() <= 20 && c.count > 0)
      Appendf(h, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%llu</text>", x + slot / 2, top + plot_h - bh - 2,
              U(c.count));
    h->append("</g>");
    if (i % label_every == 0)
      Appendf(h, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", label_every > 1 ? x : x + slot / 2,
              top + plot_h + 15,
              Escaped(c.label).c_str());
    h->push_back('\n');
  }
  for (size_t i = 0; i < markers.size(); ++i) {
    const double x = left + plot_w * markers[i].first;
    Appendf(h, "<line class=\"thr\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", x, top, x, top + plot_h);
    Appendf(h, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>", i % 2 == 0 ? x + 3 : x - 3,
            top + 10 + 14 * static_cast<int>(i), i % 2 == 0 ? "start" : "end", Escaped(markers[i].second).c_str());
  }
  h->append("</svg>\n");
}

void HeadlineSection(const Report& r, std::string* h) {
  h->append("<h2 id=\"headline-ratios\">What was removed</h2>\n");
  std::vector<Bar> bars = {
      {"near-duplicate documents", Ratio(r.near_duplicate_documents, r.documents),
       Percent(Ratio(r.near_duplicate_documents, r.documents)) + " of documents",
       std::to_string(r.near_duplicate_documents) + " documents dropped in " + std::to_string(r.near_duplicate_clusters) +
           " clusters",
       "#d6336c"},
      {"repeated-block bytes", Ratio(r.repeated_block.bytes, r.bytes), Percent(Ratio(r.repeated_block.bytes, r.bytes)),
       std::to_string(r.repeated_block.bytes) + " bytes from " + std::to_string(r.repeated_block.documents) +
           " documents",
       "#e8590c"},
      {"boilerplate bytes", Ratio(r.boilerplate.bytes, r.bytes), Percent(Ratio(r.boilerplate.bytes, r.bytes)),
       std::to_string(r.boilerplate.bytes) + " bytes from " + std::to_string(r.boilerplate.documents) + " documents",
       "#7950f2"},
      {"kept bytes", Ratio(r.kept_bytes, r.bytes), Percent(Ratio(r.kept_bytes, r.bytes)),
       std::to_string(r.kept_documents) + " documents kept, " + std::to_string(r.kept_bytes) + " bytes", "#2b8a3e"},
  };
  HorizontalBars("headline", bars, 190, h);
  h->append("<p class=\"note\">Near-duplicates as a share of documents read; the others as a share of bytes read. "
            "Bytes of dropped near-duplicates count in neither repeated blocks nor boilerplate.</p>\n");
}

void ClusterSection(const Report& r, std::string* h) {
  h->append("<h2 id=\"cluster-sizes\">Near-duplicate cluster sizes</h2>\n");
  if (r.cluster_sizes.empty()) h->append("<p>No near-duplicate clusters.</p>\n");
  // Sizes 2..8 each, then powers of two; the axis always shows 2..8.
  std::vector<Column> cols;
  for (int size = 2; size <= 8; ++size) cols.push_back({std::to_string(size), 0, "", "#d6336c"});
  auto bin_of = [](uint64_t size) -> size_t {
    if (size <= 8) return static_cast<size_t>(size - 2);
    size_t b = 7;
    uint64_t hi = 16;
    while (size > hi) hi *= 2, ++b;
    return b;
  };
  for (const auto& [size, count] : r.cluster_sizes) {
    const size_t b = bin_of(std::max<uint64_t>(size, 2));
    while (cols.size() <= b) {
      const size_t i = cols.size();
      std::string label;
      if (i <= 6) {
        label = std::to_string(i + 2);
      } else {
        const uint64_t hi = uint64_t{16} << (i - 7);
        label = std::to_string(hi / 2 + 1) + "-" + std::to_string(hi);
      }
      cols.push_back({label, 0, "", "#d6336c"});
    }
    cols[b].count += count;
  }
  for (auto& c : cols) c.tip = std::to_string(c.count) + " clusters of " + c.label + " documents";
  VerticalBars("clusters", cols, /*log_scale=*/true, "clusters (log scale) by size in documents", {}, h);
  if (r.cluster_sizes.empty()) return;
  h->append("<table><tr><th class=n>documents in cluster</th><th class=n>clusters</th></tr>\n");
  size_t shown = 0;
  for (const auto& [size, count] : r.cluster_sizes) {
    if (++shown > 12) {
      Appendf(h, "<tr><td colspan=2>... %zu more sizes, up to %llu</td></tr>\n", r.cluster_sizes.size() - 12,
              U(r.cluster_sizes.back().first));
      break;
    }
    Appendf(h, "<tr><td class=n>%llu</td><td class=n>%llu</td></tr>\n", U(size), U(count));
  }
  h->append("</table>\n");
}

void SimilaritySection(const Report& r, std::string* h) {
  h->append("<h2 id=\"similarity\">Similarity of verified candidate pairs</h2>\n");
  uint64_t total = 0, accepted = 0;
  const int nb = static_cast<int>(r.similarity_bins.size());
  std::vector<Column> cols;
  for (int i = 0; i < nb; ++i) {
    const double lo = static_cast<double>(i) / nb, hi = static_cast<double>(i + 1) / nb;
    const bool ok = lo + 1e-9 >= r.verify_threshold;
    const uint64_t n = r.similarity_bins[static_cast<size_t>(i)];
    total += n;
    if (ok) accepted += n;
    char label[16], tip[128];
    std::snprintf(label, sizeof(label), "%.1f", lo);
    std::snprintf(tip, sizeof(tip), "%llu pairs with estimated Jaccard in [%.2f, %.2f)%s", U(n), lo, hi,
                  ok ? ": accepted" : ": rejected");
    cols.push_back({label, n, tip, ok ? "#d6336c" : "#adb5bd"});
  }
  if (total == 0) {
    h->append("<p>No candidate pairs: LSH found no two documents alike enough to compare.</p>\n");
  } else {
    Appendf(h, "<p>%llu pairs that LSH made candidates, by estimated Jaccard similarity of their cleaned text; "
              "%llu at or above the verification threshold %.3f (dashed: --threshold %.2f and the verification "
              "threshold). Red bars are accepted, grey rejected.</p>\n",
            U(total), U(accepted), r.verify_threshold, r.threshold);
  }
  char t1[48], t2[48];
  std::snprintf(t1, sizeof(t1), "--threshold %.2f", r.threshold);
  std::snprintf(t2, sizeof(t2), "accepted from %.3f", r.verify_threshold);
  VerticalBars("similarity-chart", cols, /*log_scale=*/true, "pairs (log scale) by estimated Jaccard",
               {{r.threshold, t1}, {r.verify_threshold, t2}}, h);
}

void GroupSection(const Report& r, std::string* h) {
  h->append("<h2 id=\"groups\">Boilerplate by site, noisiest first</h2>\n");
  if (r.groups.empty()) {
    h->append("<p>No groups.</p>\n");
    return;
  }
  // Bars are scaled to the noisiest site, so that sites of similar shares differ visibly.
  const double top_share = std::max(1e-9, Ratio(r.groups[0].boilerplate.bytes, r.groups[0].bytes));
  std::vector<Bar> bars;
  for (const auto& g : r.groups) {
    const double share = Ratio(g.boilerplate.bytes, g.bytes);
    bars.push_back({g.group.empty() ? "(no site)" : g.group, share / top_share, Percent(share),
                    std::to_string(g.boilerplate.bytes) + " of " + std::to_string(g.bytes) + " bytes in " +
                        std::to_string(g.documents) + " kept documents",
                    "#7950f2"});
    if (bars.size() == 25) break;
  }
  HorizontalBars("group-chart", bars, 300, h);
  h->append("<table><tr><th>site</th><th class=n>kept documents</th><th class=n>with boilerplate</th>"
            "<th class=n>boilerplate share</th><th>its most removed lines</th></tr>\n");
  for (const auto& g : r.groups) {
    h->append("<tr><td>");
    AppendEscaped(g.group.empty() ? "(no site)" : g.group, h);
    Appendf(h, "</td><td class=n>%llu</td><td class=n>%llu</td><td class=n>%s</td><td>", U(g.documents),
            U(g.boilerplate.documents), Percent(Ratio(g.boilerplate.bytes, g.bytes)).c_str());
    if (!g.top.empty()) {
      Appendf(h, "<details><summary>%zu lines</summary>", g.top.size());
      for (const auto& t : g.top) {
        AppendEscaped(t.text, h);
        Appendf(h, " <span class=note>(%llu)</span><br>", U(t.documents));
      }
      h->append("</details>");
    }
    h->append("</td></tr>\n");
  }
  h->append("</table>\n");
}

void TopLinesSection(const Report& r, std::string* h) {
  h->append("<h2 id=\"top-lines\">Most removed boilerplate lines</h2>\n");
  if (r.boilerplate_top.empty()) {
    h->append("<p>No boilerplate lines removed.</p>\n");
    return;
  }
  uint64_t max = 1;
  for (const auto& t : r.boilerplate_top) max = std::max(max, t.documents);
  h->append("<table><tr><th>line (counted with its numbers folded)</th><th class=n>documents</th><th></th></tr>\n");
  for (const auto& t : r.boilerplate_top) {
    h->append("<tr><td>");
    AppendEscaped(t.text, h);
    Appendf(h, "</td><td class=n>%llu</td><td><svg width=\"160\" height=\"12\"><rect width=\"%.1f\" height=\"12\" "
               "fill=\"#7950f2\"/></svg></td></tr>\n",
            U(t.documents), 160.0 * static_cast<double>(t.documents) / static_cast<double>(max));
  }
  h->append("</table>\n");
}

// One sample document, its removed spans marked. Spans are sorted and
// disjoint (the pipeline resolves overlaps); the first copies of repeated
// blocks are underlined and anchored, so a block links to its copy.
void RenderSample(const DocSample& s, size_t index, std::string* h) {
  const std::string_view text = s.text;
  const uint64_t n = text.size();
  uint64_t rb = 0, bp = 0;
  for (const auto& sp : s.spans) (sp.kind == base::RemovalKind::kRepeatedBlock ? rb : bp) += sp.size();
  Appendf(h, "<h3 id=\"s%zu\">", index);
  AppendEscaped(s.id, h);
  h->append("</h3>\n<p class=note>");
  if (!s.group.empty()) {
    h->append("site ");
    AppendEscaped(s.group, h);
    h->append(" · ");
  }
  Appendf(h, "%llu bytes · repeated block %llu · boilerplate %llu", U(s.original_bytes), U(rb), U(bp));
  if (!s.duplicate_of.empty()) {
    Appendf(h, " · dropped as a near-duplicate (J≈%.3f) of ", s.similarity);
    AppendEscaped(s.duplicate_of, h);
  }
  if (s.original_bytes > n) Appendf(h, " · shown: the first %llu bytes", U(n));
  h->append("</p>\n<div class=\"doc\">");

  struct Copy {
    uint64_t start, end;
    std::string anchor;
  };
  std::vector<Copy> copies;
  for (const auto& sp : s.spans) {
    if (sp.kind != base::RemovalKind::kRepeatedBlock || sp.copy_start >= n) continue;
    char a[48];
    std::snprintf(a, sizeof(a), "s%zu-c%llu", index, U(sp.copy_start));
    copies.push_back({sp.copy_start, std::min<uint64_t>(sp.copy_end, n), a});
  }
  std::vector<uint64_t> cuts = {0, n};
  for (const auto& sp : s.spans) cuts.insert(cuts.end(), {std::min(sp.start, n), std::min(sp.end, n)});
  for (const auto& c : copies) cuts.insert(cuts.end(), {c.start, c.end});
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  absl::flat_hash_set<std::string> anchored;
  size_t si = 0;
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    const uint64_t a = cuts[i], b = cuts[i + 1];
    while (si < s.spans.size() && s.spans[si].end <= a) ++si;
    const base::RemovedSpan* span = si < s.spans.size() && s.spans[si].start <= a ? &s.spans[si] : nullptr;
    const Copy* copy = nullptr;
    for (const auto& c : copies) {
      if (c.start <= a && b <= c.end) {
        copy = &c;
        break;
      }
    }
    for (const auto& c : copies)
      if (c.start == a && anchored.insert(c.anchor).second) Appendf(h, "<a id=\"%s\"></a>", c.anchor.c_str());
    const std::string_view seg = text.substr(a, b - a);
    if (span != nullptr) {
      const bool block = span->kind == base::RemovalKind::kRepeatedBlock;
      std::string tip;
      if (block) {
        tip = "repeated_block, a copy of bytes [" + std::to_string(span->copy_start) + ", " +
              std::to_string(span->copy_end) + "), lines " + std::to_string(LineOf(text, span->copy_start)) + "-" +
              std::to_string(LineOf(text, span->copy_end > 0 ? span->copy_end - 1 : 0));
        if (a == span->start && span->copy_start < n)
          Appendf(h, "<a class=\"jump\" href=\"#s%zu-c%llu\" title=\"%s\">copy of lines %llu-%llu &#8593;</a>", index,
                  U(span->copy_start), Escaped(tip).c_str(), U(LineOf(text, span->copy_start)),
                  U(LineOf(text, span->copy_end > 0 ? span->copy_end - 1 : 0)));
      } else {
        tip = "boilerplate: " + span->rule;
      }
      Appendf(h, "<mark class=\"rm %s\" title=\"%s\">", block ? "rb" : "bp", Escaped(tip).c_str());
      AppendEscaped(seg, h);
      h->append("</mark>");
    } else if (copy != nullptr) {
      Appendf(h, "<span class=\"src\" data-src=\"%s\" title=\"kept: the first copy of a repeated block\">",
              copy->anchor.c_str());
      AppendEscaped(seg, h);
      h->append("</span>");
    } else {
      AppendEscaped(seg, h);
    }
  }
  h->append("</div>\n");
}

void AuditSection(const Report& r, std::string* h) {
  h->append("<h2 id=\"audit\">Removals in context</h2>\n");
  if (!r.samples_note.empty()) {
    h->append("<p>");
    AppendEscaped(r.samples_note, h);
    h->append("</p>\n");
    return;
  }
  if (r.samples.empty()) {
    h->append("<p>No sampled document had anything removed.</p>\n");
    return;
  }
  Appendf(h, "<p>%zu documents with removals, sampled uniformly by a hash of their id (up to 4 with repeated blocks "
             "and 4 with boilerplate only), shown in full with what was removed marked. A repeated block links to "
             "its first copy, which stays and is underlined.</p>\n",
          r.samples.size());
  h->append("<p class=legend><span style=\"background:#ffd8a8\">repeated_block</span>"
            "<span style=\"background:#e5d4f7\">boilerplate</span>"
            "<span style=\"border-bottom:2px dotted #e8590c\">first copy (kept)</span>"
            "<label><input type=checkbox data-toggle=hide-rb data-when=off checked> show repeated blocks</label> "
            "<label><input type=checkbox data-toggle=hide-bp data-when=off checked> show boilerplate</label> "
            "<label><input type=checkbox data-toggle=plain data-when=on> hide the colours</label></p>\n");
  for (size_t i = 0; i < r.samples.size(); ++i) RenderSample(r.samples[i], i, h);
}

// A text with the lines that the other text lacks marked: by their keys when
// both sides have them (PairSample), else by their raw text.
void RenderPairSide(std::string_view text, const std::vector<uint64_t>& keys, std::string_view other,
                    const std::vector<uint64_t>& other_keys, std::string* h) {
  const bool by_key = !keys.empty() && !other_keys.empty();
  absl::flat_hash_set<std::string_view> other_lines;
  absl::flat_hash_set<uint64_t> other_key_set(other_keys.begin(), other_keys.end());
  for (size_t p = 0; !by_key && p <= other.size();) {
    size_t e = other.find('\n', p);
    if (e == std::string_view::npos) e = other.size();
    other_lines.insert(base::StripSpace(other.substr(p, e - p)));
    p = e + 1;
  }
  h->append("<div class=\"doc\">");
  size_t index = 0;
  for (size_t p = 0; p < text.size(); ++index) {
    size_t e = text.find('\n', p);
    const bool last = e == std::string_view::npos;
    if (last) e = text.size();
    const std::string_view line = text.substr(p, e - p);
    const std::string_view stripped = base::StripSpace(line);
    bool only_here;
    if (by_key) {
      const uint64_t key = index < keys.size() ? keys[index] : 0;
      only_here = key != 0 && !other_key_set.contains(key);
    } else {
      only_here = !stripped.empty() && !other_lines.contains(stripped);
    }
    if (only_here) {
      h->append("<mark class=\"only\">");
      AppendEscaped(line, h);
      h->append("</mark>");
    } else {
      AppendEscaped(line, h);
    }
    if (!last) h->push_back('\n');
    p = e + 1;
  }
  h->append("</div>");
}

void PairSection(const Report& r, std::string* h) {
  h->append("<h2 id=\"pairs\">Near-duplicate pairs side by side</h2>\n");
  if (!r.samples_note.empty()) {
    h->append("<p>");
    AppendEscaped(r.samples_note, h);
    h->append("</p>\n");
    return;
  }
  if (r.pairs.empty()) {
    h->append("<p>No near-duplicates were dropped.</p>\n");
    return;
  }
  h->append("<p>Dropped documents beside the one kept for them, as cleaned text (what was compared): half are the "
            "closest calls (lowest similarity), the rest a uniform sample. Lines found in only one of the two, "
            "compared after normalisation (so traditional and simplified forms of a line match), are "
            "<mark class=only>marked</mark>.</p>\n");
  for (size_t i = 0; i < r.pairs.size(); ++i) {
    const PairSample& p = r.pairs[i];
    Appendf(h, "<h3 id=\"p%zu\">J≈%.3f</h3>\n<div class=\"pair\"><div><b>kept</b> ", i, p.similarity);
    AppendEscaped(p.kept_id, h);
    h->append("</div><div><b>dropped</b> ");
    AppendEscaped(p.dropped_id, h);
    h->append("</div>");
    RenderPairSide(p.kept_text, p.kept_keys, p.dropped_text, p.dropped_keys, h);
    RenderPairSide(p.dropped_text, p.dropped_keys, p.kept_text, p.kept_keys, h);
    h->append("</div>\n");
  }
}

// `items`, escaped, as a list.
void AppendList(const std::vector<std::string>& items, std::string* h) {
  h->append("<ul>\n");
  for (const auto& e : items) {
    h->append("<li>");
    AppendEscaped(e, h);
    h->append("</li>\n");
  }
  h->append("</ul>\n");
}

void RunSection(const Report& r, std::string* h) {
  h->append("<h2 id=\"run\">The run</h2>\n");
  if (r.error_records > 0) {
    Appendf(h, "<p>%llu malformed records skipped. First ones:</p>", U(r.error_records));
    AppendList(r.error_examples, h);
  }
  if (r.skipped_files > 0) {
    Appendf(h, "<p>%llu files in the input folders were not read: they look like data but are no input type (%s). "
               "First ones:</p>",
            U(r.skipped_files), Escaped(base::kInputTypes).c_str());
    AppendList(r.skipped_file_examples, h);
  }
  for (const auto& [charset, n] : r.converted_charsets)
    Appendf(h, "<p>%llu documents converted from %s to UTF-8.</p>\n", U(n), Escaped(charset).c_str());
  if (r.replaced_records > 0) {
    Appendf(h, "<p>%llu documents kept with %llu invalid byte sequences replaced by U+FFFD. First ones:</p>",
            U(r.replaced_records), U(r.replaced_chars));
    AppendList(r.replaced_examples, h);
  }
  h->append("<table><tr><th>stage</th><th class=n>seconds</th></tr>\n");
  for (const auto& [stage, s] : r.seconds) {
    // A nested stage's time is part of another's (Report::IsNestedStage).
    const std::string_view in = Report::NestedIn(stage);
    Appendf(h, "<tr><td>%s%s</td><td class=n>%.3f</td></tr>\n", Escaped(stage).c_str(),
            in.empty() ? "" : (" <i>(within " + std::string(in) + ", not in the total)</i>").c_str(), s);
  }
  Appendf(h, "<tr><th>total</th><th class=n>%.3f</th></tr></table>\n", r.TotalSeconds());
  h->append("<details><summary>parameters</summary><pre>");
  AppendEscaped(r.params_json, h);
  h->append("</pre></details>\n");
}

}  // namespace

std::string Report::ToHtml() const {
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">\n"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>dedup report</title>\n<style>";
  h += kStyle;
  h += "</style>\n<script>";
  h += kErrorScript;
  h += "</script>\n</head><body>\n<h1>dedup report</h1>\n";
  Appendf(&h, "<p>%llu documents, %.2f MB read; %llu kept (%.2f MB); %llu malformed records skipped.</p>\n",
          U(documents), static_cast<double>(bytes) / 1e6, U(kept_documents), static_cast<double>(kept_bytes) / 1e6,
          U(error_records));
  h += "<p class=note><a href=\"#headline-ratios\">removed</a> · <a href=\"#cluster-sizes\">clusters</a> · "
       "<a href=\"#similarity\">similarity</a> · <a href=\"#groups\">sites</a> · <a href=\"#top-lines\">lines</a> · "
       "<a href=\"#audit\">removals in context</a> · <a href=\"#pairs\">pairs</a> · <a href=\"#run\">run</a></p>\n";
  HeadlineSection(*this, &h);
  ClusterSection(*this, &h);
  SimilaritySection(*this, &h);
  GroupSection(*this, &h);
  TopLinesSection(*this, &h);
  AuditSection(*this, &h);
  PairSection(*this, &h);
  RunSection(*this, &h);
  h += "<script>";
  h += kMainScript;
  h += "</script>\n</body></html>\n";
  return h;
}

}  // namespace dedup::report
