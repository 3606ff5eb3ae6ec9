// Copyright 2026 The dedup Authors.
//
// A first, self-contained HTML rendering of the report: headline ratios as an
// inline SVG bar chart, cluster sizes, and the boilerplate tables. No scripts,
// fonts or network. (The audit view with highlighted spans builds on this.)
#include <cstdio>
#include <string>

#include "core/report/report.h"

namespace dedup::report {
namespace {

void AppendEscaped(std::string_view s, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      case '&': out->append("&amp;"); break;
      case '"': out->append("&quot;"); break;
      default: out->push_back(c);
    }
  }
}

std::string Percent(double r) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.1f%%", 100 * r);
  return buf;
}

}  // namespace

std::string Report::ToHtml() const {
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\"><title>dedup report</title>\n";
  h += "<style>body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em;max-width:960px}"
       "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}"
       "td.n{text-align:right}</style></head><body>\n<h1>dedup report</h1>\n";
  char buf[256];
  std::snprintf(buf, sizeof(buf), "<p>%llu documents, %.2f MB read; %llu malformed records skipped.</p>\n",
                (unsigned long long)documents, static_cast<double>(bytes) / 1e6, (unsigned long long)error_records);
  h += buf;

  struct Bar {
    const char* label;
    double ratio;
    const char* color;
  };
  const Bar bars[] = {
      {"near-duplicate documents", Ratio(near_duplicate_documents, documents), "#d62728"},
      {"repeated-block bytes", Ratio(repeated_block.bytes, bytes), "#ff7f0e"},
      {"boilerplate bytes", Ratio(boilerplate.bytes, bytes), "#9467bd"},
      {"kept bytes", Ratio(kept_bytes, bytes), "#2ca02c"},
  };
  h += "<h2>Headline ratios</h2>\n<svg id=\"headline\" width=\"640\" height=\"130\" role=\"img\">\n";
  int y = 5;
  for (const Bar& b : bars) {
    const double w = 400 * (b.ratio > 1 ? 1 : b.ratio);
    std::snprintf(buf, sizeof(buf),
                  "<text x=\"0\" y=\"%d\" font-size=\"13\">%s</text><rect x=\"190\" y=\"%d\" width=\"%.1f\" "
                  "height=\"20\" fill=\"%s\"/><text x=\"%.1f\" y=\"%d\" font-size=\"13\">%s</text>\n",
                  y + 15, b.label, y, w, b.color, 195 + w, y + 15, Percent(b.ratio).c_str());
    h += buf;
    y += 30;
  }
  h += "</svg>\n";

  if (!cluster_sizes.empty()) {
    h += "<h2>Cluster sizes</h2>\n<table><tr><th>size</th><th>clusters</th></tr>\n";
    for (const auto& [size, count] : cluster_sizes) {
      std::snprintf(buf, sizeof(buf), "<tr><td class=n>%llu</td><td class=n>%llu</td></tr>\n",
                    (unsigned long long)size, (unsigned long long)count);
      h += buf;
    }
    h += "</table>\n";
  }

  h += "<h2>Top boilerplate lines</h2>\n<table><tr><th>line</th><th>documents</th></tr>\n";
  for (const auto& t : boilerplate_top) {
    h += "<tr><td>";
    AppendEscaped(t.text, &h);
    std::snprintf(buf, sizeof(buf), "</td><td class=n>%llu</td></tr>\n", (unsigned long long)t.documents);
    h += buf;
  }
  h += "</table>\n";

  if (!groups.empty()) {
    h += "<h2>Boilerplate by group, noisiest first</h2>\n<table><tr><th>group</th><th>documents</th>"
         "<th>boilerplate share</th></tr>\n";
    for (const auto& g : groups) {
      h += "<tr><td>";
      AppendEscaped(g.group.empty() ? "(no group)" : g.group, &h);
      std::snprintf(buf, sizeof(buf), "</td><td class=n>%llu</td><td class=n>%s</td></tr>\n",
                    (unsigned long long)g.documents, Percent(Ratio(g.boilerplate.bytes, g.bytes)).c_str());
      h += buf;
    }
    h += "</table>\n";
  }
  h += "<h2>Parameters</h2>\n<pre>";
  AppendEscaped(params_json, &h);
  h += "</pre>\n</body></html>\n";
  return h;
}

}  // namespace dedup::report
