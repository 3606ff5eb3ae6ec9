// Copyright 2026 The dedup Authors.
#include "core/base/line_key.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>
#include <string>

#include "core/base/utf8.h"
#include "tests/testing/testing.h"

namespace dedup::base {
namespace {

TEST(LineKeyTest, SplitMetadataLineOfSeed001MatchesItsJoinedForm) {
  // 001 carries the same metadata line twice: once whole, once split in two.
  std::string a, b, c;
  NormalizeLineKey("发布时间:2022-01-10 13:10 来源:东西湖区商务局   作者:   字号:[ ]", {}, &a);
  NormalizeLineKey("发布时间:2022-01-10 13:10", {}, &b);
  NormalizeLineKey("来源:东西湖区商务局   作者:  ", {}, &c);
  EXPECT_EQ(a.rfind(b + c, 0), 0u) << a;
}

TEST(LineKeyTest, FoldsWidthCaseSpaceAndPunctuation) {
  std::string a, b;
  NormalizeLineKey("ＡＬＬ　Rights Reserved。", {}, &a);
  NormalizeLineKey("all rights reserved", {}, &b);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, "allrightsreserved");
}

TEST(LineKeyTest, FoldNumbersKeepsLoneDigits) {
  std::string a, b;
  LineKeyOptions opt;
  opt.fold_numbers = true;
  NormalizeLineKey("Reading the GNU GPL, version 2, part 6 of 7", opt, &a);
  NormalizeLineKey("Reading the GNU GPL, version 3, part 9 of 14", opt, &b);
  EXPECT_EQ(a, "readingthegnugplversion2part6of7");
  EXPECT_EQ(b, "readingthegnugplversion3part9of00");
  NormalizeLineKey("发布时间:2022-01-10 13:10 第3期", opt, &a);
  EXPECT_EQ(a, "发布时间000000000000第3期");
}

TEST(LineKeyTest, FoldNumbersCollapsesVaryingNumbers) {
  std::string scratch;
  LineKeyOptions opt;
  opt.fold_numbers = true;
  EXPECT_EQ(LineKeyHash("电话:025-8799064", opt, &scratch), LineKeyHash("电话：０２５-8799065", opt, &scratch));
  EXPECT_NE(LineKeyHash("电话:025-8799064", {}, &scratch), LineKeyHash("电话:025-8799065", {}, &scratch));
}

TEST(LineKeyTest, EmptyKeyHashesToZero) {
  std::string scratch;
  EXPECT_EQ(LineKeyHash("  ,。、 ", {}, &scratch), 0u);
  EXPECT_NE(LineKeyHash("返回", {}, &scratch), 0u);
}


// The key written character by character, as the definition in the header
// reads: the byte-level fast paths of NormalizeLineKey must agree with it.
std::string ReferenceKey(std::string_view line, bool fold_numbers) {
  std::string out;
  size_t digits = 0;
  const char* p = line.data();
  const char* end = p + line.size();
  while (p < end) {
    char32_t cp;
    p += DecodeUtf8(p, end, &cp);
    cp = FoldKeyChar(cp);
    if (cp == 0) continue;
    if (cp >= '0' && cp <= '9') {
      ++digits;
      if (fold_numbers && digits >= 2) {
        if (digits == 2) out.back() = '0';
        cp = '0';
      }
    } else {
      digits = 0;
    }
    AppendUtf8(cp, &out);
  }
  return out;
}

// NormalizeLineKey of `line` with and without folding against the character
// walk: the key, its count of characters, and WriteLineKey's key written
// right after a number (which the key's own digits must not fold into, as
// the boilerplate detector writes a page's keys one after the other).
// Returns false on the first difference, reported with `what`.
bool KeysAsTheWalk(std::string_view line, const std::string& what) {
  std::string key;
  for (bool fold : {false, true}) {
    LineKeyOptions opt;
    opt.fold_numbers = fold;
    const size_t chars = NormalizeLineKey(line, opt, &key);
    const std::string want = ReferenceKey(line, fold);
    EXPECT_EQ(key, want) << what << " fold " << fold;
    EXPECT_EQ(chars, testing::Utf8Chars(want)) << what;
    std::string appended = "12" + std::string(LineKeyRoom(line.size()), '\0');
    size_t bytes = 0;
    WriteLineKey(line, opt, appended.data() + 2, &bytes);
    appended.resize(2 + bytes);
    EXPECT_EQ(appended, "12" + want) << what;
    if (::testing::Test::HasFailure()) return false;
  }
  return true;
}

TEST(LineKeyTest, FastPathsAgreeWithCharacterByCharacterKey) {
  // Random strings over the interesting pieces: ASCII letters, digits,
  // punctuation, full-width forms, CJK (fast path), other scripts, CJK
  // punctuation, astral characters and broken or truncated sequences.
  const std::vector<std::string> pieces = {
      "a", "Z", "7", "0", " ", ",", "\n", "\t", "-", "１", "９", "Ａ", "ｚ", "，", "。", "、", "　", "中",
      "國", "䶵", "鿿", "é", "Ж", "ß", "\u00a0", "\u200b", "\ufeff", "😀", "𠀀", "\xe4", "\xe4\xb8", "\xff",
      "\xc3", "\xed\xa0\x80", "\xe9\xbf", "\x80"};
  std::mt19937 rng(7);
  for (int trial = 0; trial < 5000; ++trial) {
    std::string s;
    const int len = static_cast<int>(rng() % 24);
    for (int i = 0; i < len; ++i) s += pieces[rng() % pieces.size()];
    ASSERT_TRUE(KeysAsTheWalk(s, "input bytes: " + std::to_string(s.size())));
  }
}

// ASCII goes 16 bytes at a time where the CPU can: long English-like
// strings, with digits (numbers that straddle the 16-byte blocks), capitals,
// punctuation, and a non-ASCII character now and then that stops a block
// part-way, must key as the character walk does.
TEST(LineKeyTest, AsciiBlocksAgreeWithCharacterByCharacterKey) {
  const std::vector<std::string> pieces = {"the", "The", "QUICK", " ", " ", ", ", ".", "2022", "7", "-", "x9",
                                           "@", "\t", "~", "Zz", "\x7f", "’", "中", "é", "１２", "\xff"};
  std::mt19937 rng(11);
  for (int trial = 0; trial < 5000; ++trial) {
    std::string s;
    const int len = static_cast<int>(rng() % 60);
    for (int i = 0; i < len; ++i) s += pieces[rng() % (trial % 2 == 0 ? 14 : pieces.size())];
    // The line is followed by more text (a letter and a digit, which a read
    // past its end would key).
    const std::string page = s + "Q7";
    const std::string_view line(page.data(), s.size());
    ASSERT_TRUE(KeysAsTheWalk(line, "\"" + s + "\""));
  }
  // The key's room is tightest where bytes that expand threefold (invalid,
  // each keyed U+FFFD) come before a run of ASCII that ends the line: runs
  // of every length after every such start (the sanitizer build catches a
  // write past the key's buffer).
  for (size_t bad = 0; bad < 24; ++bad) {
    for (size_t ascii = 1; ascii < 40; ++ascii) {
      std::string line(bad, '\xff');
      for (size_t i = 0; i < ascii; ++i) line += "Ab1 "[i % 4];
      ASSERT_TRUE(KeysAsTheWalk(line, std::to_string(bad) + " bad bytes, " + std::to_string(ascii) + " ASCII"));
    }
  }
}

// Long runs of ideographs go five at a time: runs of every length, ending
// at the edges of the U+4000..U+9FFF range (㐀 U+3400 and ꀀ U+A000 are
// outside it), in broken sequences, punctuation, digits or the line's end.
TEST(LineKeyTest, IdeographRunsAgreeWithCharacterByCharacterKey) {
  const std::vector<std::string> breaks = {"㐀", "ꀀ", "，", "。", "7", "12", "a", " ", "\xe4\xb8", "\xe9", "\x80", "😀"};
  uint64_t state = 11;
  for (int trial = 0; trial < 5000; ++trial) {
    const std::string s = testing::IdeographRuns(&state, 7, 24, breaks);
    ASSERT_TRUE(KeysAsTheWalk(s, "trial " + std::to_string(trial)));
  }
}

// Chinese text goes 16 bytes at a time where the CPU can: ideographs, the
// punctuation dropped whole (E2 80 xx, E3 80 xx, EF BC xx), ASCII letters
// and digits (numbers folded across the blocks), among characters that
// stop the blocks: full-width digits and letters, kana, U+2040 and up,
// other scripts, broken sequences. Lines of up to ~300 bytes, so that
// characters straddle blocks at every offset, each keyed followed by more
// text and alone.
TEST(LineKeyTest, ChineseBlocksAgreeWithCharacterByCharacterKey) {
  const std::vector<std::string> common = {"中", "國", "的", "䶵", "鿿", "丁", "，", "。", "、", "“", "”", "—", "…",
                                           "《", "》", "（", "）", "：", "；", "！", "？", "　", "7", "2022", "-", "10",
                                           " ", "a", "B", "x9", "Q"};
  const std::vector<std::string> rare = {"１", "２３", "Ａ", "ｚ", "ぁ", "⁀", "\u00a0", "é", "㐀", "ꀀ", "😀", "\xe4\xb8",
                                         "\xe9", "\x80", "\xef\xbc", "\xe3\x80", "\xe2\x80", "［", "｀", "｛"};
  std::mt19937 rng(13);
  for (int trial = 0; trial < 6000; ++trial) {
    std::string s;
    const int len = 8 + static_cast<int>(rng() % 120);
    const unsigned rare_in = 4 + rng() % 60;  // one piece in this many is rare
    for (int i = 0; i < len; ++i) s += rng() % rare_in == 0 ? rare[rng() % rare.size()] : common[rng() % common.size()];
    const std::string page = s + "中7";
    ASSERT_TRUE(KeysAsTheWalk(std::string_view(page.data(), s.size()), "trial " + std::to_string(trial)));
    // And from an allocation of its own size, where the sanitizer build
    // sees a read past the line's end.
    const std::vector<char> alone(s.begin(), s.end());
    ASSERT_TRUE(KeysAsTheWalk(std::string_view(alone.data(), alone.size()), "alone, trial " + std::to_string(trial)));
  }
}

// WriteLineKey writes into room that holds whatever it held (a buffer kept
// at its largest size), and LineKeyHash hashes the key it wrote, not the
// room: every line of the seeds, keyed after a longer line left its key in
// the same room, keys and hashes as in fresh room.
TEST(LineKeyTest, UsedRoomKeysAsFreshRoom) {
  LineKeyOptions opt;
  opt.fold_numbers = true;
  std::string used_scratch(4096, '\xff');
  for (const char* seed : {"000", "001", "002", "003", "004"}) {
    for (const std::string& line : testing::SplitLines(testing::ReadFile(testing::SeedPath(seed)))) {
      const std::string want = ReferenceKey(line, true);
      std::string room(LineKeyRoom(line.size()), '\xff');
      size_t bytes = 0;
      EXPECT_EQ(WriteLineKey(line, opt, room.data(), &bytes), testing::Utf8Chars(want)) << line;
      EXPECT_EQ(room.substr(0, bytes), want) << line;
      std::string fresh;
      LineKeyHash(std::string(300, 'q') + line, opt, &used_scratch);  // a longer key first
      EXPECT_EQ(LineKeyHash(line, opt, &used_scratch), LineKeyHash(line, opt, &fresh)) << line;
      EXPECT_EQ(LineKeyHash(line, opt, &fresh), want.empty() ? 0 : HashLineKey(want)) << line;
    }
  }
}

}  // namespace
}  // namespace dedup::base
