// Copyright 2026 The dedup Authors.
#include "core/shingle/shingler.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "tests/testing/testing.h"

namespace dedup::shingle {
namespace {

const normalize::Normalizer& N() {
  static const auto* n = normalize::Normalizer::Create({})->release();
  return *n;
}

std::vector<uint64_t> Shingles(std::string_view text, int n = 5) {
  ShingleOptions o;
  o.ngram = n;
  auto s = Shingler::Create(o, &N());
  EXPECT_TRUE(s.ok());
  std::string norm;
  N().Normalize(text, &norm);
  ShingleWorkspace ws;
  std::vector<uint64_t> out;
  s->Shingle(norm, &ws, &out);
  return out;
}

TEST(ShinglerTest, ChineseGivesCharacterNgrams) {
  EXPECT_EQ(Shingles("东西湖区商务局").size(), 3u);          // 7 characters, 5-grams
  EXPECT_EQ(Shingles("东西湖区商务局", 3).size(), 5u);
  // Punctuation and spaces make no tokens.
  EXPECT_EQ(Shingles("东西湖区, 商务局。"), Shingles("东西湖区商务局"));
}

TEST(ShinglerTest, EnglishGivesWordNgrams) {
  EXPECT_EQ(Shingles("The quick brown fox jumps over").size(), 2u);
  EXPECT_EQ(Shingles("The quick brown fox jumps over"), Shingles("the QUICK, brown fox -- jumps over!"));
  EXPECT_EQ(Shingles("don't stop me now please").size(), 1u);  // "don't" is one word
}

TEST(ShinglerTest, MixedText) {
  // tokens: 东 西 湖 区 2021 年 tcl 智 能: 9 tokens -> 5 five-grams
  EXPECT_EQ(Shingles("东西湖区2021年TCL智能").size(), 5u);
}

TEST(ShinglerTest, ShortAndEmptyDocuments) {
  EXPECT_EQ(Shingles("你好").size(), 1u);
  EXPECT_EQ(Shingles("hello").size(), 1u);
  EXPECT_TRUE(Shingles("").empty());
  EXPECT_TRUE(Shingles(" 。，!? ").empty());
  EXPECT_NE(Shingles("你好"), Shingles("您好"));
}

TEST(ShinglerTest, LayoutDoesNotChangeShinglesOfSeed001sTwoCopies) {
  // 001 holds its metadata line whole (line 5) and split in two (150, 152).
  const auto lines = testing::SplitLines(testing::ReadFile(testing::SeedPath("001")));
  ASSERT_GT(lines.size(), 152u);
  const std::string whole = lines[4];
  const std::string split = lines[149] + "\n\n" + lines[151];
  auto a = Shingles(whole), b = Shingles(split);
  // The split copy lacks the trailing "字号:[ ]"; everything it has matches.
  for (uint64_t h : b) EXPECT_NE(std::find(a.begin(), a.end(), h), a.end());
  // A paragraph of the body re-wrapped over several lines gives the same shingles.
  std::string para = lines[19], wrapped;
  for (size_t i = 0; i < para.size(); ++i) {
    wrapped += para[i];
    if (i % 60 == 59 && (static_cast<unsigned char>(para[i + 1]) & 0xC0) != 0x80) wrapped += "\n  ";
  }
  EXPECT_EQ(Shingles(para), Shingles(wrapped));
}

TEST(ShinglerTest, SeedsHaveAboutOneShinglePerCharacter) {
  for (const char* s : {"000", "002", "004"}) {
    const std::string text = testing::ReadFile(testing::SeedPath(s));
    const size_t n = Shingles(text).size();
    // ~3 bytes per Han character; punctuation and digits make fewer tokens.
    EXPECT_GT(n, text.size() / 5) << s;
    EXPECT_LT(n, text.size() / 2) << s;
  }
}

}  // namespace
}  // namespace dedup::shingle
