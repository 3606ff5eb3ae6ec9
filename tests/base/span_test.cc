// Copyright 2026 The dedup Authors.
#include "core/base/span.h"

#include <gtest/gtest.h>

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

TEST(SpanTest, KindNamesAreTheContractNames) {
  EXPECT_EQ(RemovalKindName(RemovalKind::kRepeatedBlock), "repeated_block");
  EXPECT_EQ(RemovalKindName(RemovalKind::kBoilerplate), "boilerplate");
}

}  // namespace
}  // namespace dedup::base
