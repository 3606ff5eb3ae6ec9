// Copyright 2026 The dedup Authors.
#include "core/report/report.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/base/strings.h"
#include "core/base/utf8.h"
#include "tests/testing/testing.h"

namespace dedup::report {
namespace {

Report Sample() {
  Report r;
  r.documents = 10;
  r.bytes = 1000;
  r.error_records = 1;
  r.error_examples = {"a.jsonl:3: invalid JSON"};
  r.near_duplicate_documents = 2;
  r.near_duplicate_clusters = 1;
  r.near_duplicate_bytes = 200;
  r.repeated_block = {1, 100};
  r.boilerplate = {4, 50};
  r.boilerplate_top = {{"扫码查看手机版", 4}};
  r.groups.push_back({"news.example.cn", 8, 800, {4, 50}, {{"扫码查看手机版", 4}}});
  r.kept_documents = 8;
  r.kept_bytes = 650;
  r.params_json = "{\"threshold\":0.8}";
  r.seconds = {{"normalize+sign", 0.5}, {"write", 0.25}, {"read", 0.125}};
  return r;
}

TEST(ReportTest, JsonHasEveryContractKey) {
  const std::string json = Sample().ToJson();
  for (const char* key :
       {"\"documents\": 10", "\"bytes\": 1000", "\"errors\"", "\"records\": 1", "\"examples\"",
        "a.jsonl:3: invalid JSON", "\"near_duplicate\"", "\"clusters\": 1", "\"ratio\": 0.2",
        "\"repeated_block\"", "\"ratio\": 0.1", "\"boilerplate\"", "\"top\"", "扫码查看手机版", "\"kept\"",
        "\"bytes\": 650", "\"params\": {\"threshold\":0.8}", "\"seconds\"", "\"read\": 0.125", "\"total\": 0.75"}) {
    EXPECT_NE(json.find(key), std::string::npos) << key << "\n" << json;
  }
}

// The CONTRACT names seven stages; a run reports every one of them, in
// pipeline order, and the total adds only the stages that do not run inside
// others.
TEST(ReportTest, StagesAreCompleteOrderedAndNestedOnesNotAdded) {
  Report r;
  r.seconds = {{"setup", 0.5}, {"count-lines", 1}, {"normalize+sign", 4}, {"index", 0.25}, {"cluster", 0.25}};
  r.AddSeconds("read", 1);
  r.AddSeconds("blocks", 1.5);
  r.AddSeconds("read", 0.5);  // a second pass's reading adds up
  r.AddSeconds("write", 2);
  r.CompleteStages();
  std::vector<std::string> names;
  for (const auto& [stage, s] : r.seconds) names.push_back(stage);
  EXPECT_EQ(names, (std::vector<std::string>{"setup", "count-lines", "read", "normalize+sign", "blocks", "boilerplate",
                                             "index", "cluster", "write"}));
  EXPECT_EQ(r.seconds[2].second, 1.5);  // read
  EXPECT_EQ(r.seconds[5].second, 0);    // boilerplate: did not run
  EXPECT_EQ(r.TotalSeconds(), 8);       // read, blocks and boilerplate are inside the others
  const std::string json = r.ToJson();
  EXPECT_NE(json.find("\"total\": 8"), std::string::npos) << json;
  EXPECT_NE(r.Summary().find("8.00  s"), std::string::npos) << r.Summary();
  EXPECT_NE(r.ToHtml().find("blocks <i>(within normalize+sign"), std::string::npos);
  // A stage of our own that the CONTRACT does not name goes last.
  r.AddSeconds("pairs", 1);
  r.CompleteStages();
  EXPECT_EQ(r.seconds.size(), 10u);
  EXPECT_EQ(r.seconds.back().first, "pairs");
}

TEST(ReportTest, SummaryAndHtml) {
  const Report r = Sample();
  const std::string s = r.Summary();
  EXPECT_NE(s.find("near-duplicates"), std::string::npos);
  EXPECT_NE(s.find("20.0%"), std::string::npos) << s;
  const std::string html = r.ToHtml();
  for (const char* chart : {"headline", "clusters", "similarity-chart", "group-chart"})
    EXPECT_NE(html.find(std::string("<svg class=\"chart\" id=\"") + chart + "\""), std::string::npos) << chart;
  EXPECT_NE(html.find("扫码查看手机版"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);  // nothing fetched from the network
}

base::RemovedSpan Span(uint64_t start, uint64_t end, base::RemovalKind kind) {
  base::RemovedSpan s;
  s.start = start;
  s.end = end;
  s.kind = kind;
  return s;
}

// Returns the text inside the first <mark class="rm `cls`" ...> after `from`.
std::string MarkedText(const std::string& html, const std::string& cls, size_t from = 0) {
  const size_t open = html.find("<mark class=\"rm " + cls + "\"", from);
  if (open == std::string::npos) return "<none>";
  const size_t body = html.find('>', open) + 1;
  return html.substr(body, html.find("</mark>", body) - body);
}

size_t Count(const std::string& hay, const std::string& needle) {
  size_t n = 0;
  for (size_t p = hay.find(needle); p != std::string::npos; p = hay.find(needle, p + 1)) ++n;
  return n;
}

// The seed crawled twice (001) as the audit view gets it: its second copy and
// two furniture lines removed.
TEST(ReportHtmlTest, SampleMarksEachRemovalAndLinksTheBlockToItsCopy) {
  const std::string text = testing::ReadFile(testing::SeedPath("001"));
  const std::string first_line = text.substr(0, text.find('\n') + 1);  // 政府信息公开
  const size_t copy2 = text.find("政府信息公开", 10);
  ASSERT_NE(copy2, std::string::npos);
  Report r;
  DocSample d;
  d.id = "001.txt";
  d.text = text;
  d.original_bytes = text.size();
  d.spans.push_back(Span(0, first_line.size(), base::RemovalKind::kBoilerplate));
  d.spans.back().rule = "breadcrumb";
  d.spans.push_back(Span(copy2, text.size(), base::RemovalKind::kRepeatedBlock));
  d.spans.back().copy_start = first_line.size();
  d.spans.back().copy_end = copy2;
  r.samples.push_back(d);
  const std::string html = r.ToHtml();
  EXPECT_EQ(MarkedText(html, "bp"), first_line);
  EXPECT_NE(html.find("title=\"boilerplate: breadcrumb\""), std::string::npos);
  // The block's mark holds exactly the second copy, and follows a link to the
  // anchor where the first copy starts; the first copy is not marked removed.
  const std::string anchor = "s0-c" + std::to_string(first_line.size());
  EXPECT_EQ(MarkedText(html, "rb"), text.substr(copy2));
  EXPECT_NE(html.find("<a class=\"jump\" href=\"#" + anchor + "\""), std::string::npos);
  EXPECT_EQ(Count(html, "<a id=\"" + anchor + "\"></a>"), 1u);
  EXPECT_NE(html.find("<span class=\"src\" data-src=\"" + anchor + "\""), std::string::npos);
  EXPECT_EQ(Count(html, "<mark class=\"rm "), 2u);
}

TEST(ReportHtmlTest, DocumentTextIsEscaped) {
  Report r;
  DocSample d;
  d.id = "<b>id</b>";
  d.text = "<script>alert(1)</script>\n<img src=x onerror=alert(2)>\n";
  d.original_bytes = d.text.size();
  d.spans.push_back(Span(0, 26, base::RemovalKind::kBoilerplate));
  d.spans.back().rule = "x\"><script>" + std::string(2000, 'r');  // longer than any format buffer
  r.samples.push_back(d);
  r.pairs.push_back({"k<", "d&", "<i>a</i>", "<i>b</i>", 0.9});
  r.boilerplate_top = {{"<style>", 3}};
  r.groups.push_back({"<site>", 1, 1, {}, {}});
  const std::string html = r.ToHtml();
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<b>id"), std::string::npos);
  EXPECT_EQ(html.find("<i>"), std::string::npos);
  EXPECT_EQ(html.find("<site>"), std::string::npos);
  EXPECT_EQ(Count(html, "<script>"), 2u);  // the page's own two
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("title=\"boilerplate: x&quot;&gt;&lt;script&gt;" + std::string(2000, 'r') + "\">"), std::string::npos);
}

// A repost with one line edited: only that line is marked on each side.
TEST(ReportHtmlTest, PairMarksOnlyTheLinesTheOtherLacks) {
  const std::string kept = testing::ReadFile(testing::SeedPath("002"));
  std::vector<std::string> lines = testing::SplitLines(kept);
  ASSERT_GT(lines.size(), 5u);
  const std::string old_line = lines[3];
  ASSERT_FALSE(base::StripSpace(old_line).empty());
  lines[3] = "本文经编辑修改";
  std::string dropped;
  for (const auto& l : lines) dropped += l + "\n";
  Report r;
  r.pairs.push_back({"a", "b", kept, dropped, 0.93});
  const std::string html = r.ToHtml();
  EXPECT_EQ(Count(html, "<mark class=\"only\">"), 2u);
  EXPECT_NE(html.find("<mark class=\"only\">本文经编辑修改</mark>"), std::string::npos);
  std::string escaped_old;
  for (char c : old_line) escaped_old += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '"' ? "&quot;" : std::string(1, c);
  EXPECT_NE(html.find("<mark class=\"only\">" + escaped_old + "</mark>"), std::string::npos);
  EXPECT_NE(html.find("J≈0.930"), std::string::npos);
}

// With line keys (normalised forms), lines compare by key: two lines that
// differ in text but share a key are not marked.
TEST(ReportHtmlTest, PairWithKeysComparesByKey) {
  Report r;
  r.pairs.push_back({"a", "b", "開發區\n新的一行\n", "开发区\n", 0.9, {11, 22}, {11}});
  const std::string html = r.ToHtml();
  EXPECT_EQ(Count(html, "<mark class=\"only\">"), 1u);
  EXPECT_NE(html.find("<mark class=\"only\">新的一行</mark>"), std::string::npos);
}

TEST(ReportHtmlTest, SimilarityChartSplitsAcceptedFromRejected) {
  Report r;
  r.threshold = 0.8;
  r.verify_threshold = 0.775;
  r.similarity_bins[10] = 7;   // [0.20, 0.22): rejected
  r.similarity_bins[39] = 3;   // [0.78, 0.80): accepted (>= 0.775)
  r.similarity_bins[49] = 12;  // [0.98, 1]
  const std::string html = r.ToHtml();
  EXPECT_NE(html.find("22 pairs that LSH made candidates"), std::string::npos);
  EXPECT_NE(html.find("15 at or above"), std::string::npos);
  EXPECT_NE(html.find("7 pairs with estimated Jaccard in [0.20, 0.22): rejected"), std::string::npos);
  EXPECT_NE(html.find("3 pairs with estimated Jaccard in [0.78, 0.80): accepted"), std::string::npos);
  EXPECT_NE(html.find("--threshold 0.80"), std::string::npos);
}

// The largest report the pipeline can hand over stays a few megabytes.
TEST(ReportHtmlTest, SizeIsBoundedByTheSamples) {
  Report r;
  std::string big;
  while (big.size() < kSampleTextBytes) big += "这一行是正文，重复很多次。\n";
  big.resize(base::FloorToCharBoundary(big, kSampleTextBytes));
  for (int i = 0; i < 8; ++i) {
    DocSample d;
    d.id = "doc" + std::to_string(i);
    d.text = big;
    d.original_bytes = 10 * big.size();
    for (uint64_t p = 0; p + 40 < big.size(); p += 400) d.spans.push_back(Span(p, p + 39, base::RemovalKind::kBoilerplate));
    r.samples.push_back(d);
  }
  for (int i = 0; i < 4; ++i) r.pairs.push_back({"a", "b", big, big, 0.9});
  for (int i = 0; i < 50; ++i) r.groups.push_back({"site" + std::to_string(i), 10, 100, {1, 10}, {{"line", 3}}});
  for (uint64_t s = 2; s < 100000; s = s * 3 / 2 + 1) r.cluster_sizes.push_back({s, 1});
  const std::string html = r.ToHtml();
  EXPECT_LT(html.size(), 4u << 20);
  EXPECT_NE(html.find("shown: the first"), std::string::npos);
}

TEST(ReportTest, RatioOfEmptyRunIsZero) {
  Report r;
  EXPECT_NE(r.ToJson().find("\"ratio\": 0"), std::string::npos);
  EXPECT_EQ(Ratio(5, 0), 0.0);
}

}  // namespace
}  // namespace dedup::report
