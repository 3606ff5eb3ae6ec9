// Copyright 2026 The dedup Authors.
#include "core/shingle/shingler.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/base/hash.h"
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

// The one-pass path (Normalizer::TokenizeFast) must give exactly the tokens of
// Normalize + Tokens, or near-duplicates signed on different paths (a
// simplified page and its traditional repost) would not match.
void ExpectBothPathsAgree(std::string_view text, bool expect_fast) {
  auto s = Shingler::Create({}, &N());
  ASSERT_TRUE(s.ok());
  std::vector<uint64_t> fast, slow;
  std::string word, norm;
  const bool took = N().TokenizeFast(text, ShingleOptions{}.seed, &fast, &word);
  EXPECT_EQ(took, expect_fast) << "[" << text.substr(0, 80) << "]";
  N().Normalize(text, &norm);
  s->Tokens(norm, &slow);
  if (took) {
    EXPECT_EQ(fast, slow) << text.substr(0, 200);
  }
  ShingleWorkspace ws;
  std::vector<uint64_t> a, b;
  s->ShingleText(text, &ws, &a);
  s->Shingle(norm, &ws, &b);
  EXPECT_EQ(a, b);
}

TEST(ShinglerTest, OnePassAndTwoPassTokenisationAgree) {
  for (const char* seed : {"000", "001", "002", "003"}) ExpectBothPathsAgree(testing::ReadFile(testing::SeedPath(seed)), true);
  // 004 is traditional: the full path converts it.
  ExpectBothPathsAgree(testing::ReadFile(testing::SeedPath("004")), false);
  ExpectBothPathsAgree(testing::ReadFile(testing::CorpusDir() / "fixtures" / "004_simplified.txt"), true);
  // Apostrophes, case, full-width forms, ligatures (multi-character
  // mappings), marks, underscores, invalid UTF-8.
  for (const char* t : {"Don't STOP me now, it's 'quoted' rock'n'roll o' ''x", "ＡＢＣ　ｄｅｆ１２３ ﬁnance ﬀ ½ ㈱",
                        "naïve café résumé x_y __ _", "东西湖区2021年TCL智能 ok", "a'", "'a", "it'", "\xff\xfe abc \xe4\xb8",
                        "Ελληνικά και русский текст", "한국어 텍스트 です。カタカナー"})
    ExpectBothPathsAgree(t, true);
  // Composition needs ICU's context (e + combining acute, Thai marks), and
  // astral characters.
  ExpectBothPathsAgree("cafe\xcc\x81 ok", false);
  ExpectBothPathsAgree("ภาษาไทย ไม่มีช่องว่าง", false);
  ExpectBothPathsAgree("𠀀𠀁 emoji 😀", false);
}

// Fewer than `max_pieces` pieces of `alphabet`, drawn by the generator state `*x`.
std::string RandomText(const std::vector<std::string>& alphabet, uint64_t max_pieces, uint64_t* x) {
  std::string text;
  *x = base::Mix64(*x);
  const uint64_t len = *x % max_pieces;
  for (uint64_t i = 0; i < len; ++i) {
    *x = base::Mix64(*x);
    text += alphabet[*x % alphabet.size()];
  }
  return text;
}

// Random strings over an alphabet of the cases that differ between paths.
TEST(ShinglerTest, OnePassAndTwoPassAgreeOnRandomText) {
  const std::vector<std::string> alphabet = {"a", "Z", "0", "_", "'", " ", "\n", ",", "。", "东", "區", "ﬁ", "Ａ", "ー",
                                             "é", "ß", "İ", "½", "\xff", "カ", "한", "—", "\t", "x'y", "㈱"};
  // Runs of ideographs of every length (taken five at a time), ending at
  // U+4000..U+4DFF (lead byte E4 but before the common block), U+A000,
  // punctuation, ASCII or a broken sequence.
  const std::vector<std::string> runs = {"东", "的", "中", "丁", "一", "鿿", "东", "的", "中", "丁", "一", "鿿",
                                         "䀀", "ꀀ", "，", "a", " ", "\n", "\xe4\xb8", "區"};
  uint64_t x = 12345;
  auto s = Shingler::Create({}, &N());
  const std::vector<uint64_t> cjk = N().CjkTokenHashes(ShingleOptions{}.seed);
  for (int iter = 0; iter < 6000; ++iter) {
    const std::string text = iter % 2 == 0 ? RandomText(alphabet, 40, &x) : RandomText(runs, 80, &x);
    std::vector<uint64_t> fast, slow;
    std::string word, norm;
    const bool took = N().TokenizeFast(text, ShingleOptions{}.seed, &fast, &word);
    // With the table of CJK token hashes (0 for a character the fast path
    // leaves, such as 區), the same answer and the same tokens.
    std::vector<uint64_t> tabled;
    ASSERT_EQ(N().TokenizeFast(text, ShingleOptions{}.seed, &tabled, &word, cjk.data()), took) << "[" << text << "]";
    if (!took) continue;
    ASSERT_EQ(tabled, fast) << "[" << text << "]";
    N().Normalize(text, &norm);
    s->Tokens(norm, &slow);
    ASSERT_EQ(fast, slow) << "[" << text << "]";
  }
}

// English takes a path of its own: runs of ASCII word bytes found 16 at a
// time and, when lower case and ended by ASCII, hashed where they lie.
// Random text of long and short words, upper case, the bytes just outside
// each range the 16-byte classifier tests ('/', ':', '@', '[', '`', '{',
// DEL), apostrophes, and non-ASCII letters that carry a word on.
TEST(ShinglerTest, AsciiWordRunsTokeniseAsTheFullPath) {
  const std::vector<std::string> alphabet = {"a", "the", "government", "abcdefghijklmnopqrstuvwxyz0123456789_", "Z",
                                             "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "MiXeD", "0", "9", "_", "/", ":", "@", "[",
                                             "`", "{", "\x7f", "~", "'", " ", "  ", "\n", ".", ",", "é", "东", "\t",
                                             "don't", "x'", "\x01"};
  uint64_t x = 4242;
  auto s = Shingler::Create({}, &N());
  ASSERT_TRUE(s.ok());
  size_t long_runs = 0;
  for (int iter = 0; iter < 6000; ++iter) {
    const std::string text = RandomText(alphabet, 60, &x);
    std::vector<uint64_t> fast, slow;
    std::string word, norm;
    ASSERT_TRUE(N().TokenizeFast(text, ShingleOptions{}.seed, &fast, &word)) << "[" << text << "]";
    N().Normalize(text, &norm);
    s->Tokens(norm, &slow);
    ASSERT_EQ(fast, slow) << "[" << text << "]";
    long_runs += text.find("xyz0123456789_") != std::string::npos ? 1 : 0;  // a run past 16 bytes
  }
  EXPECT_GT(long_runs, 100u);
}

// Traditional text takes ShingleText's convert-then-fast path; random text of
// Taiwan and Hong Kong phrases, characters with one or several simplified
// forms, and the characters normalising changes (U+FA5F, a compatibility
// form of 著, which the conversion changes once it is normalised), must
// still shingle as Normalize + Tokens does.
TEST(ShinglerTest, ConvertedTraditionalTextShinglesAsTheFullPath) {
  const std::vector<std::string> alphabet = {"軟體", "資訊", "網路", "頭髮", "發展", "著力", "乾淨", "區", "裡",
                                             "東", "东", "Ａ", "a", " ", "。", "，", "1", "\n", "ﬁ", "滑鼠", "記憶體",
                                             "\uFA5F", "隨身碟"};
  uint64_t x = 777;
  auto s = Shingler::Create({}, &N());
  ASSERT_TRUE(s.ok());
  ShingleWorkspace ws;
  int traditional = 0, fast = 0, compat = 0;
  for (int iter = 0; iter < 3000; ++iter) {
    const std::string text = RandomText(alphabet, 30, &x);
    std::string norm, converted, word;
    std::vector<uint64_t> tokens;
    if (text.find("\uFA5F") != std::string::npos) {
      ++compat;  // takes the full path
    } else if (N().ConvertTraditional(text, &converted)) {
      ++traditional;
      fast += N().TokenizeFast(converted, ShingleOptions{}.seed, &tokens, &word);
    }
    N().Normalize(text, &norm);
    std::vector<uint64_t> a, b;
    s->ShingleText(text, &ws, &a);
    s->Shingle(norm, &ws, &b);
    ASSERT_EQ(a, b) << "[" << text << "]";
  }
  EXPECT_GT(traditional, 500);
  EXPECT_GT(compat, 500);
  EXPECT_GT(fast, traditional * 9 / 10);  // the converted text mostly takes the fast path
  // A phrase whose conversion brings in a capital letter (隨身碟 becomes
  // U盘): the full path folds it too, as the one-pass path does, so the
  // page shingles as its simplified original.
  {
    std::vector<uint64_t> trad, simp, full;
    s->ShingleText("我的隨身碟不見了", &ws, &trad);
    s->ShingleText("我的U盘不见了", &ws, &simp);
    std::string folded;
    N().Normalize("我的隨身碟不見了", &folded);
    EXPECT_EQ(folded, "我的u盘不见了");
    s->Shingle(folded, &ws, &full);
    EXPECT_EQ(trad, simp);
    EXPECT_EQ(full, simp);
  }
  // A phrase that keeps a traditional-only character (乾隆 stays 乾隆) sends
  // the converted text down the full path, which still agrees.
  std::string converted, word, norm;
  std::vector<uint64_t> tokens, a, b;
  const std::string kept = "乾隆年間的資訊與網路";
  ASSERT_TRUE(N().ConvertTraditional(kept, &converted));
  EXPECT_FALSE(N().TokenizeFast(converted, ShingleOptions{}.seed, &tokens, &word));
  N().Normalize(kept, &norm);
  s->ShingleText(kept, &ws, &a);
  s->Shingle(norm, &ws, &b);
  EXPECT_EQ(a, b);
}

// The output vector is reused from page to page without being cleared: a
// page shingled after a longer one has its own shingles only, as in a new
// vector, down to a page of fewer tokens than a shingle and an empty one.
TEST(ShinglerTest, ReusedOutputHoldsOnlyThisPagesShingles) {
  auto s = Shingler::Create({}, &N());
  ASSERT_TRUE(s.ok());
  ShingleWorkspace ws;
  std::vector<uint64_t> reused;
  const std::string long_page = testing::ReadFile(testing::SeedPath("001"));
  for (const std::string& page : {testing::ReadFile(testing::SeedPath("000")), std::string("东西湖区商务局发布"),
                                 std::string("你好"), std::string(""), testing::ReadFile(testing::SeedPath("004"))}) {
    s->ShingleText(long_page, &ws, &reused);
    ASSERT_GT(reused.size(), 1000u);
    s->ShingleText(page, &ws, &reused);
    ShingleWorkspace fresh_ws;
    std::vector<uint64_t> fresh;
    s->ShingleText(page, &fresh_ws, &fresh);
    EXPECT_EQ(reused, fresh) << page.substr(0, 60);
  }
}

}  // namespace
}  // namespace dedup::shingle
