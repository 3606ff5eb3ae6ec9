// Copyright 2026 The dedup Authors.
#include "core/base/span.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/base/json_writer.h"
#include "tests/testing/testing.h"

namespace dedup::base {
namespace {

RemovedSpan Span(uint64_t s, uint64_t e) {
  RemovedSpan r;
  r.start = s;
  r.end = e;
  return r;
}

TEST(SpanTest, CoveredBytesCountsOverlapsOnce) {
  EXPECT_EQ(CoveredBytes({}), 0u);
  EXPECT_EQ(CoveredBytes({Span(0, 10), Span(5, 15), Span(20, 25)}), 20u);
  EXPECT_EQ(CoveredBytes({Span(3, 3)}), 0u);
}

TEST(SpanTest, ApplySpansCutsTheUnion) {
  const std::string text = "扫码查看手机版\n正文第一段\n返回\n";
  // Remove the first and last lines (with their newlines).
  const size_t first = text.find('\n') + 1;
  const size_t last = text.rfind("返回");
  EXPECT_EQ(ApplySpans(text, {Span(last, text.size()), Span(0, first)}), "正文第一段\n");
  EXPECT_EQ(ApplySpans(text, {}), text);
}

// A text's JSON string as dedup writes it, without its quotes.
std::string JsonContent(std::string_view text) {
  std::string quoted;
  AppendJsonString(text, &quoted);
  return quoted.substr(1, quoted.size() - 2);
}

// The write pass copies a page's JSON string as it stands, cut by the spans
// where the escapes are dedup's own, instead of unescaping and escaping
// again: the result must be what the round trip writes, for every byte
// that needs escaping, spans that overlap, touch, end past the text or cut
// nothing, and the real pages.
TEST(SpanTest, JsonStringLessSpansIsTheRoundTrip) {
  std::vector<std::string> texts;
  for (const char* seed : {"000", "001", "002", "003", "004"}) texts.push_back(testing::ReadFile(testing::SeedPath(seed)));
  std::mt19937_64 rng(7);
  const std::vector<std::string> pieces = {"发布时间", "\n", "a", "\"", "\\", "\t", "\r", "\b", "\f",
                                           std::string(1, '\0'), "\x01", "\x1f", "\x7f", "/", "u", " ", "\xe2\x80\x9c"};
  for (int i = 0; i < 2000; ++i) {
    std::string t;
    const size_t n = rng() % 40;
    for (size_t j = 0; j < n; ++j) t += pieces[rng() % pieces.size()];
    texts.push_back(t);
  }
  for (const std::string& text : texts) {
    const std::string json = JsonContent(text);
    size_t size = 0;
    ASSERT_TRUE(IsCanonicalJsonString(json, &size)) << json;
    ASSERT_EQ(size, text.size());
    std::string unescaped;
    AppendCanonicalUnescaped(json, &unescaped);
    ASSERT_EQ(unescaped, text);
    for (int k = 0; k < 20; ++k) {
      std::vector<RemovedSpan> spans;
      const size_t m = rng() % 4;
      for (size_t j = 0; j < m; ++j) {
        const uint64_t a = rng() % (text.size() + 3), b = a + rng() % (text.size() / 2 + 3);
        spans.push_back(Span(a, b));
      }
      std::string want, got;
      AppendJsonString(ApplySpans(text, spans), &want);
      AppendJsonStringLessSpans(json, spans, &got);
      ASSERT_EQ(got, want) << json;
    }
  }
  // Every line of a real page but the odd ones: the cuts fall after "\n".
  const std::string& page = texts[4];
  std::vector<RemovedSpan> odd;
  size_t line = 0, start = 0;
  for (size_t i = 0; i < page.size(); ++i) {
    if (page[i] != '\n') continue;
    if (line++ % 2 == 1) odd.push_back(Span(start, i + 1));
    start = i + 1;
  }
  ASSERT_GT(odd.size(), 10u);
  std::string want, got;
  AppendJsonString(ApplySpans(page, odd), &want);
  AppendJsonStringLessSpans(JsonContent(page), odd, &got);
  EXPECT_EQ(got, want);
}

// Escapes a JSON writer may use but dedup does not write, and bare bytes
// it would escape: such a string goes the round trip.
TEST(SpanTest, OnlyDedupsOwnEscapesAreCanonical) {
  size_t size = 0;
  for (const char* json : {"a\\/b", "\\u4e2d", "\\u000a", "\\u001F", "\\u0020", "\\u00e9", "a\"b", "a\x01" "b", "abc\\",
                           "\\x", "\\u00", "\\U0001"}) {
    EXPECT_FALSE(IsCanonicalJsonString(json, &size)) << json;
  }
  EXPECT_TRUE(IsCanonicalJsonString("\\u001f\\u0000\\n\\\"\\\\", &size));
  EXPECT_EQ(size, 5u);
  EXPECT_TRUE(IsCanonicalJsonString("", &size));
  EXPECT_EQ(size, 0u);
}

TEST(SpanTest, KindNamesAreTheContractNames) {
  EXPECT_EQ(RemovalKindName(RemovalKind::kRepeatedBlock), "repeated_block");
  EXPECT_EQ(RemovalKindName(RemovalKind::kBoilerplate), "boilerplate");
}

}  // namespace
}  // namespace dedup::base
