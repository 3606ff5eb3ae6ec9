// Copyright 2026 The dedup Authors.
#include "core/base/utf8.h"

#include <gtest/gtest.h>

#include "tests/testing/testing.h"

namespace dedup::base {
namespace {

TEST(Utf8Test, DecodesEverySeedPageAndRoundTrips) {
  for (const char* seed : {"000", "001", "002", "003", "004"}) {
    const std::string text = testing::ReadFile(testing::SeedPath(seed));
    ASSERT_FALSE(text.empty());
    EXPECT_TRUE(IsValidUtf8(text)) << seed;
    std::string again;
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
      char32_t cp;
      p += DecodeUtf8(p, end, &cp);
      AppendUtf8(cp, &again);
    }
    EXPECT_EQ(again, text) << seed;
  }
}

TEST(Utf8Test, RejectsAndReplacesInvalidSequences) {
  const std::string bad = std::string("政府") + "\xE4\xBF" + "信息" + "\xFF" + "ok" + "\xED\xA0\x80";
  EXPECT_FALSE(IsValidUtf8(bad));
  size_t replaced = 0;
  const std::string fixed = ReplaceInvalidUtf8(bad, &replaced);
  EXPECT_TRUE(IsValidUtf8(fixed));
  EXPECT_EQ(replaced, 2u + 1u + 3u);  // truncated 2-byte prefix, 0xFF, a surrogate (3 bytes)
  EXPECT_EQ(fixed.substr(0, 6), "政府");
  EXPECT_NE(fixed.find("信息"), std::string::npos);
}

TEST(Utf8Test, FloorToCharBoundaryNeverSplitsACharacter) {
  const std::string text = "发布时间:2022";
  for (size_t i = 0; i <= text.size(); ++i) {
    const size_t b = FloorToCharBoundary(text, i);
    EXPECT_LE(b, i);
    EXPECT_TRUE(IsValidUtf8(std::string_view(text).substr(0, b))) << i;
  }
  EXPECT_EQ(FloorToCharBoundary(text, 1), 0u);
  EXPECT_EQ(FloorToCharBoundary(text, 3), 3u);
}

TEST(Utf8Test, IsAscii) {
  EXPECT_TRUE(IsAscii("All rights reserved. Copyright 2024"));
  EXPECT_FALSE(IsAscii("版权所有 All rights reserved"));
  EXPECT_TRUE(IsAscii(""));
}

}  // namespace
}  // namespace dedup::base
