// Copyright 2026 The dedup Authors.
#include "core/blocks/repeats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "core/base/hash.h"
#include "core/base/line_key.h"
#include "core/base/utf8.h"
#include "tests/testing/testing.h"

namespace dedup::blocks {
namespace {

std::vector<base::RemovedSpan> Detect(std::string_view text, BlockOptions o = {}) {
  auto d = BlockDetector::Create(o);
  EXPECT_TRUE(d.ok());
  BlockWorkspace ws;
  std::vector<base::RemovedSpan> out;
  d->Detect(text, &ws, &out);
  for (const auto& s : out) {
    EXPECT_LT(s.start, s.end);
    EXPECT_LE(s.end, text.size());
    // Never cut through a UTF-8 character.
    EXPECT_EQ(base::FloorToCharBoundary(text, s.start), s.start);
    EXPECT_EQ(base::FloorToCharBoundary(text, s.end), s.end);
    EXPECT_LE(s.copy_end, s.start) << "the first copy comes first";
  }
  return out;
}

bool Covered(const std::vector<base::RemovedSpan>& spans, size_t start, size_t end) {
  for (const auto& s : spans)
    if (s.start <= start && end <= s.end) return true;
  return false;
}

bool Touched(const std::vector<base::RemovedSpan>& spans, size_t start, size_t end) {
  for (const auto& s : spans)
    if (s.start < end && start < s.end) return true;
  return false;
}

// Byte ranges of the lines of `text` (without '\n').
std::vector<std::pair<size_t, size_t>> LineRanges(const std::string& text) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    out.emplace_back(pos, nl);
    pos = nl + 1;
  }
  return out;
}

// 001 holds the 2021 report, then after its "关联附件" tail the whole report
// again, re-laid out (the 发布时间/来源 line split in two, the mobile link missing).
TEST(BlocksTest, Seed001SecondCopyRemovedFirstKept) {
  const std::string text = testing::ReadFile(testing::SeedPath("001"));
  const auto lines = LineRanges(text);
  const auto spans = Detect(text);
  ASSERT_FALSE(spans.empty());
  // The second copy: from the second "政府信息公开" (line 146) to the last body line (285).
  for (size_t i = 145; i < 285; ++i) {
    auto [s, e] = lines[i];
    if (text.substr(s, e - s).find_first_not_of(" \t\r") == std::string::npos) continue;
    EXPECT_TRUE(Covered(spans, s, e)) << "line " << i + 1 << " of the copy kept: " << text.substr(s, e - s);
  }
  // Nothing of the first copy (title, metadata, body: lines 1-138).
  EXPECT_FALSE(Touched(spans, 0, lines[137].second));
  EXPECT_EQ(spans[0].copy_start, 0u);
}

TEST(BlocksTest, OtherSeedsLoseNothing) {
  for (const char* seed : {"000", "002", "003", "004"}) {
    const std::string text = testing::ReadFile(testing::SeedPath(seed));
    EXPECT_TRUE(Detect(text).empty()) << seed;
  }
}

// A page doubled with its layout changed: lines joined and split, blank lines
// dropped, one line missing and one changed in the copy.
TEST(BlocksTest, DoubledPageWithLayoutChanges) {
  const auto lines = testing::SplitLines(testing::ReadFile(testing::SeedPath("000")));
  std::string first, copy;
  for (const auto& l : lines) first += l + "\n";
  size_t kept = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].empty()) continue;  // blank lines dropped
    if (i == 4) continue;            // one line missing
    std::string l = lines[i];
    if (i == 8 && l.size() > 60) l = l.substr(0, base::FloorToCharBoundary(l, l.size() / 2)) + "\n" + l.substr(base::FloorToCharBoundary(l, l.size() / 2));
    copy += l + (i % 3 == 0 ? " " : "\n");  // some lines joined
    ++kept;
  }
  const std::string text = first + "\n相关附件\n\n" + copy;
  const auto spans = Detect(text);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_FALSE(Touched(spans, 0, first.size()));
  const size_t copy_start = text.size() - copy.size();
  // The whole copy goes (its first and last characters included).
  EXPECT_LE(spans[0].start, copy_start);
  EXPECT_GE(spans[0].end, text.size() - 2);
}

TEST(BlocksTest, DoubledParagraphInsideOneLine) {
  const auto lines = testing::SplitLines(testing::ReadFile(testing::SeedPath("002")));
  std::string para;
  for (const auto& l : lines)
    if (l.size() > para.size()) para = l;
  ASSERT_GT(para.size(), 300u);
  const std::string text = "导语:" + para + para + "以上为全文。";
  const auto spans = Detect(text);
  ASSERT_EQ(spans.size(), 1u);
  const size_t prefix = std::string("导语:").size();
  // The copy, from its first letter to its trailing punctuation.
  const size_t lead = para.size() - std::string_view(para).substr(para.find_first_not_of("(“\"([")).size();
  EXPECT_EQ(spans[0].start, prefix + para.size() + lead);
  EXPECT_EQ(spans[0].end, prefix + 2 * para.size());
  EXPECT_EQ(spans[0].copy_start, prefix + lead);
}

// Headings repeated in a table of contents are natural repetition.
TEST(BlocksTest, TableOfContentsKept) {
  const std::string text = testing::ReadFile(testing::SeedPath("000"));
  std::string toc = "目录\n";
  for (const auto& l : testing::SplitLines(text))
    if (!l.empty() && l.size() < 60 && l.find("、") != std::string::npos) toc += l + "\n";
  ASSERT_GT(toc.size(), 50u);
  EXPECT_TRUE(Detect(toc + "\n" + text).empty());
}

TEST(BlocksTest, PageRepeatedThreeTimes) {
  const std::string page = testing::ReadFile(testing::SeedPath("003"));
  const std::string text = page + "\n" + page + "\n" + page;
  const auto spans = Detect(text);
  ASSERT_EQ(spans.size(), 2u);
  const size_t first_letter = page.find_first_not_of('\n');  // 003 opens with blank lines
  for (const auto& s : spans) EXPECT_EQ(s.copy_start, first_letter);
  EXPECT_FALSE(Touched(spans, 0, page.size()));
  EXPECT_TRUE(Covered(spans, page.size() + 1 + first_letter, 2 * page.size()));
  EXPECT_TRUE(Covered(spans, 2 * page.size() + 2 + first_letter, text.size() - 1));
}

TEST(BlocksTest, EnglishRepeatedSection) {
  const std::string para =
      "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and "
      "associated documentation files, to deal in the Software without restriction.\n";
  const std::string other = "The above copyright notice shall be included in all copies or substantial portions.\n";
  const std::string text = "License\n" + para + other + "Summary\n" + para;
  const auto spans = Detect(text);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(text.substr(spans[0].start), para);
}

// A doubled body after a title that ends as the body's last line does
// (both in "s"): the match reaches back over that "s", by chance, into the
// first copy. The span must still start where the second copy does, and
// the first copy keep its last word whole.
TEST(BlocksTest, DoubledBodyAfterATitleThatEndsAlike) {
  const std::string body =
      "Only allocate a huge page if it will be fully used by the mapping that asked for it.\n"
      "With strict overcommit enabled, allocations which would exceed the limit are not permitted.\n"
      "The details are described in the documentation that comes with the kernel sources and files.\n";
  const std::string text = "Memory tools\n" + body + body;
  const auto spans = Detect(text);
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0].start, 13u + body.size());
  EXPECT_EQ(text.substr(spans[0].start), body);
  EXPECT_EQ(spans[0].copy_start, 13u);
}

TEST(BlocksTest, TenMegabyteDocument) {
  std::string body;
  for (const char* seed : {"000", "002", "003", "004"}) body += testing::ReadFile(testing::SeedPath(seed));
  // ~5 MB of real text made unique by a counter after every 8 characters
  // (so no 24-character window repeats), then the whole of it again.
  std::string big;
  int k = 0;
  while (big.size() < (5u << 20)) {
    for (const auto& l : testing::SplitLines(body)) {
      if (l.empty()) continue;
      size_t pos = 0;
      while (pos < l.size()) {
        size_t next = pos;
        for (int c = 0; c < 8 && next < l.size(); ++c) {
          char32_t cp;
          next += base::DecodeUtf8(l.data() + next, l.data() + l.size(), &cp);
        }
        big += l.substr(pos, next - pos) + std::to_string(k++);
        pos = next;
      }
      big += "\n";
    }
  }
  const std::string text = big + big;
  const auto spans = Detect(text);
  ASSERT_FALSE(spans.empty());
  EXPECT_FALSE(Touched(spans, 0, big.size()));
  EXPECT_TRUE(Covered(spans, big.size(), text.size()));
}

TEST(BlocksTest, OptionsValidated) {
  BlockOptions o;
  o.min_chars = 10;
  EXPECT_FALSE(BlockDetector::Create(o).ok());  // window 24 > min_chars
  o.window = 8;
  EXPECT_TRUE(BlockDetector::Create(o).ok());
}

// The key stream is the lines' keys one after another (README: "line keys
// concatenated"), each key character at the byte where its character
// starts, and each line's first and last key where its key begins and ends:
// runs of ideographs of every length (five at a time where they can be),
// the range's edges (㐀 U+3400 and ꀀ U+A000 are outside it), broken
// sequences, punctuation, ASCII and blank lines.
// English goes 16 bytes at a time where the CPU can: long runs of ASCII
// (capitals, digits, punctuation, line breaks) broken now and then by a
// character that is not, keyed as NextKeyChar keys them one by one.
TEST(BlocksTest, KeyStreamOfEnglishIsTheCharacterWalk) {
  const std::vector<std::string> pieces = {"The", "quick", "BROWN", " ", " ", ", ", ".\n", "2022", "x9", "@",
                                           "~", "\t", "\x7f", "’", "中", "é", "Ｚ"};
  std::mt19937 rng(3);
  std::vector<char32_t> keys;
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text;
    const int len = static_cast<int>(rng() % 80);
    for (int i = 0; i < len; ++i) text += pieces[rng() % (trial % 2 == 0 ? 13 : pieces.size())];
    std::vector<char32_t> want;
    for (const char* p = text.data(); p < text.data() + text.size();)
      if (const char32_t c = base::NextKeyChar(&p, text.data() + text.size()); c != 0) want.push_back(c);
    keys.assign(text.size(), 0);
    const size_t n = KeyStream(text, keys.data());
    ASSERT_EQ(std::vector<char32_t>(keys.begin(), keys.begin() + static_cast<ptrdiff_t>(n)), want) << text;
  }
}

// Chinese text goes 16 bytes at a time where the CPU can (ideographs
// decoded in the register, the punctuation between them dropped, ASCII
// letters and digits), among characters that stop the blocks; texts of up
// to ~400 bytes, so that characters straddle blocks at every offset, each
// keyed followed by more text and from an allocation of its own size (where
// the sanitizer build sees a read past its end).
TEST(BlocksTest, KeyStreamOfChineseIsTheCharacterWalk) {
  const std::vector<std::string> common = {"中", "國", "的", "䶵", "鿿", "丁", "一", "，", "。", "、", "“", "”", "—",
                                           "…", "《", "》", "（", "）", "：", "！", "　", "7", "2022", "-", " ", "a",
                                           "B", "x9", "\n"};
  const std::vector<std::string> rare = {"１", "Ａ", "ｚ", "ぁ", "⁀", "\u00a0", "é", "㐀", "ꀀ", "😀", "\xe4\xb8", "\xe9",
                                         "\x80", "\xef\xbc", "\xe3\x80", "［", "｛"};
  std::mt19937 rng(17);
  std::vector<char32_t> keys;
  for (int trial = 0; trial < 4000; ++trial) {
    std::string text;
    const int len = 8 + static_cast<int>(rng() % 160);
    const unsigned rare_in = 4 + rng() % 80;  // one piece in this many is rare
    for (int i = 0; i < len; ++i) text += rng() % rare_in == 0 ? rare[rng() % rare.size()] : common[rng() % common.size()];
    std::vector<char32_t> want;
    for (const char* p = text.data(); p < text.data() + text.size();)
      if (const char32_t c = base::NextKeyChar(&p, text.data() + text.size()); c != 0) want.push_back(c);
    const std::string page = text + "中7";
    const std::vector<char> alone(text.begin(), text.end());
    for (const std::string_view t : {std::string_view(page.data(), text.size()), std::string_view(alone.data(), alone.size())}) {
      keys.assign(t.size(), 0);
      const size_t n = KeyStream(t, keys.data());
      ASSERT_EQ(std::vector<char32_t>(keys.begin(), keys.begin() + static_cast<ptrdiff_t>(n)), want) << "trial " << trial;
    }
  }
}

TEST(BlocksTest, KeyStreamIsTheLinesKeysConcatenated) {
  auto detector = BlockDetector::Create(BlockOptions{});
  ASSERT_TRUE(detector.ok());
  const std::vector<std::string> others = {"㐀", "ꀀ", "，", "。", "7", "ab", " ", "\n", "\n\n", "\xe4\xb8", "\xe9", "\x80", "😀", "Ｚ"};
  uint64_t state = 5;
  BlockWorkspace ws;
  std::vector<base::RemovedSpan> spans;
  for (int trial = 0; trial < 3000; ++trial) {
    const std::string text = testing::IdeographRuns(&state, 9, 20, others);
    spans.clear();
    detector->Detect(text, &ws, &spans);
    MapKeyStream(text, &ws);
    // Detect's stream without offsets is the same.
    std::vector<char32_t> bare(text.size());
    ASSERT_EQ(KeyStream(text, bare.data()), ws.key_count) << "trial " << trial;
    ASSERT_TRUE(std::equal(bare.begin(), bare.begin() + static_cast<ptrdiff_t>(ws.key_count), ws.keys.begin()))
        << "trial " << trial;
    std::string stream, want;
    std::vector<uint32_t> want_first, want_last;
    size_t chars = 0;
    for (const auto& [start, end] : LineRanges(text)) {
      std::string key;
      base::NormalizeLineKey(std::string_view(text).substr(start, end - start), {}, &key);
      const size_t n = testing::Utf8Chars(key);
      want_first.push_back(n > 0 ? static_cast<uint32_t>(chars) : UINT32_MAX);
      want_last.push_back(n > 0 ? static_cast<uint32_t>(chars + n - 1) : UINT32_MAX);
      want += key;
      chars += n;
    }
    for (size_t i = 0; i < ws.key_count; ++i) {
      base::AppendUtf8(ws.keys[i], &stream);
      // The character at key_begin[i] folds to this key character.
      const char* p = text.data() + ws.key_begin[i];
      ASSERT_EQ(base::NextKeyChar(&p, text.data() + text.size()), ws.keys[i]) << "trial " << trial << " key " << i;
    }
    ASSERT_EQ(stream, want) << "trial " << trial;
    ASSERT_EQ(ws.line_first_key, want_first) << "trial " << trial;
    ASSERT_EQ(ws.line_last_key, want_last) << "trial " << trial;
  }
}

}  // namespace
}  // namespace dedup::blocks

namespace dedup::blocks {
namespace {

// The anchors are a function of each window's content alone (what lets a
// copy find its source): a key stream R R R (three copies of a random R) has
// an anchor at p exactly when it has one at p + |R|, with the same hash;
// anchors come in order, and about one window in four is one.
TEST(BlocksTest, AnchorsDependOnTheWindowOnly) {
  auto detector = BlockDetector::Create(BlockOptions{});
  ASSERT_TRUE(detector.ok());
  const size_t w = BlockOptions{}.window;
  uint64_t state = 11;
  BlockWorkspace ws;
  std::vector<base::RemovedSpan> spans;
  for (size_t m = 50; m < 1500; m += 37) {
    std::string r;
    for (size_t i = 0; i < m; ++i) {
      state = base::Mix64(state + 0x9E3779B97F4A7C15ULL);
      r += static_cast<char>('a' + state % 6);
    }
    const std::string text = r + " " + r + "\n" + r;
    spans.clear();
    detector->Detect(text, &ws, &spans);
    ASSERT_EQ(ws.key_count, 3 * m);
    const size_t windows = 3 * m - w + 1;
    std::vector<int64_t> hash_at(windows, -1);  // -1: not an anchor
    for (size_t a = 0; a < ws.anchor_count; ++a) {
      if (a > 0) {
        ASSERT_LT(ws.anchor_pos[a - 1], ws.anchor_pos[a]) << "m " << m;
      }
      ASSERT_LT(ws.anchor_pos[a], windows);
      hash_at[ws.anchor_pos[a]] = static_cast<int64_t>(ws.anchor_hash[a] >> 1);
    }
    for (size_t p = 0; p + m < windows; ++p) ASSERT_EQ(hash_at[p], hash_at[p + m]) << "m " << m << " window " << p;
    EXPECT_GT(ws.anchor_count, windows / 8) << "m " << m;
    EXPECT_LT(ws.anchor_count, windows / 2) << "m " << m;
  }
}

}  // namespace
}  // namespace dedup::blocks
