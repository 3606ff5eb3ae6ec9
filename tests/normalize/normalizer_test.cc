// Copyright 2026 The dedup Authors.
#include "core/normalize/normalizer.h"

#include <gtest/gtest.h>

#include <opencc/Lexicon.hpp>
#include <opencc/MarisaDict.hpp>
#include <opencc/SimpleConverter.hpp>

#include <algorithm>
#include <cstdio>
#include <random>
#include <set>

#include "core/base/utf8.h"
#include "core/normalize/t2s.h"
#include "tests/testing/testing.h"

namespace dedup::normalize {
namespace {

const Normalizer& N() {
  static const auto* n = [] {
    auto r = Normalizer::Create({});
    EXPECT_TRUE(r.ok()) << r.status();
    return r->release();
  }();
  return *n;
}

std::string Norm(std::string_view s) {
  std::string out;
  N().Normalize(s, &out);
  return out;
}

// Character 5-grams (code points, spaces dropped) as a set.
std::set<std::u32string> Char5(std::string_view s) {
  std::u32string cps;
  for (const char* p = s.data(); p < s.data() + s.size();) {
    char32_t c;
    p += base::DecodeUtf8(p, s.data() + s.size(), &c);
    if (c != ' ' && c != '\n') cps.push_back(c);
  }
  std::set<std::u32string> out;
  for (size_t i = 0; i + 5 <= cps.size(); ++i) out.insert(cps.substr(i, 5));
  return out;
}

double Jaccard(const std::set<std::u32string>& a, const std::set<std::u32string>& b) {
  size_t inter = 0;
  for (const auto& x : a) inter += b.count(x);
  return static_cast<double>(inter) / static_cast<double>(a.size() + b.size() - inter);
}

TEST(NormalizerTest, NfkcAndCaseFolding) {
  EXPECT_EQ(Norm("ＡＢＣ１２３"), "abc123");
  EXPECT_EQ(Norm("ﬁle ①"), "file 1");
  EXPECT_EQ(Norm("Straße"), "strasse");
  EXPECT_EQ(Norm("ΣΑΣ"), Norm("σας"));
  EXPECT_EQ(Norm("ｶﾀｶﾅ"), "カタカナ");  // half-width katakana
  EXPECT_EQ(Norm("Hello WORLD"), "hello world");
}

TEST(NormalizerTest, CombiningSequencesTakeTheIcuPathAndMatchPrecomposed) {
  NormalizeStats stats;
  std::string a, b;
  N().Normalize("Cafe\u0301 crème", &a, &stats);
  N().Normalize("Café crème", &b, &stats);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, "café crème");
  EXPECT_EQ(stats.icu_path, 1u);
  EXPECT_EQ(stats.table_path, 1u);
}

TEST(NormalizerTest, PunctuationAndWhitespaceFolding) {
  EXPECT_EQ(Norm("发布时间：2022年。\n\n  来源，“商务局”、【通知】"), "发布时间:2022年. 来源,\"商务局\",[通知]");
  EXPECT_EQ(Norm("  a\t\tb \u3000 c\r\n"), "a b c");
  EXPECT_EQ(Norm(""), "");
}

TEST(NormalizerTest, TraditionalPhrasesBecomeSimplified) {
  EXPECT_EQ(Norm("軟體"), "软件");  // Taiwan phrase, not a character-by-character mapping
  EXPECT_EQ(Norm("開發區召開會議"), "开发区召开会议");
  EXPECT_EQ(Norm("開發區召開會議"), Norm("开发区召开会议"));
}

// The fast conversion equals the plain longest match through each stage's
// maps, on Taiwan and Hong Kong forms of the seeds (OpenCC's own s2twp and
// s2hk, phrases included), on the traditional seed, and on the same
// characters shuffled (random neighbours probe the phrase filter), with
// ASCII, 2- and 4-byte characters and invalid bytes mixed in, and cut at
// every length near the end.
TEST(T2SConverterTest, FastConversionEqualsLongestMatchThroughTheMaps) {
  auto t2s = T2SConverter::Create(DEDUP_OPENCC_DATA_DIR);
  ASSERT_TRUE(t2s.ok()) << t2s.status();
  std::vector<std::string> texts = {testing::ReadFile(testing::SeedPath("004"))};
  for (const char* config : {"s2twp.json", "s2hk.json"}) {
    opencc::SimpleConverter to_traditional(std::string(DEDUP_OPENCC_DATA_DIR) + "/" + config);
    for (const char* seed : {"000", "001", "002", "003"})
      texts.push_back(to_traditional.Convert(testing::ReadFile(testing::SeedPath(seed))));
  }
  std::u32string chars;
  for (const auto& t : texts) {
    for (const char* p = t.data(); p < t.data() + t.size();) {
      char32_t c;
      p += base::DecodeUtf8(p, t.data() + t.size(), &c);
      chars.push_back(c);
    }
  }
  std::mt19937_64 rng(5);
  const char* extras[] = {"a", "Z9 ", "é", "𠮷", "\xff", "\xe8\xbb", "軟體", "\n", "。"};
  for (int round = 0; round < 20; ++round) {
    std::string t;
    for (int i = 0; i < 2000; ++i) {
      if (rng() % 10 == 0) {
        t += extras[rng() % (sizeof(extras) / sizeof(extras[0]))];
      } else {
        char buf[4];
        t.append(buf, base::EncodeUtf8(chars[rng() % chars.size()], buf));
      }
    }
    texts.push_back(std::move(t));
  }
  std::string fast, spec;
  size_t changed = 0;
  for (const auto& t : texts) {
    (*t2s)->Convert(t, &fast);
    (*t2s)->ConvertByMaps(t, &spec);
    ASSERT_EQ(fast, spec) << t.substr(0, 300);
    changed += fast != t ? 1 : 0;
    const std::string tail = t.substr(t.size() > 200 ? t.size() - 200 : 0);
    for (size_t cut = tail.size() > 12 ? tail.size() - 12 : 0; cut < tail.size(); ++cut) {
      (*t2s)->Convert(tail.substr(0, cut), &fast);
      (*t2s)->ConvertByMaps(tail.substr(0, cut), &spec);
      ASSERT_EQ(fast, spec) << cut;
    }
  }
  EXPECT_EQ(changed, texts.size());
  std::string out;
  (*t2s)->Convert("這個軟體的資料庫", &out);
  EXPECT_EQ(out, "这个软件的数据库");
}

// The phrases (keys of two characters or more) of OpenCC's dictionary `name`.
std::vector<std::string> Phrases(const char* name) {
  std::vector<std::string> out;
  FILE* fp = std::fopen((std::string(DEDUP_OPENCC_DATA_DIR) + "/" + name + ".ocd2").c_str(), "rb");
  EXPECT_NE(fp, nullptr) << name;
  if (fp == nullptr) return out;
  opencc::MarisaDictPtr dict = opencc::MarisaDict::NewFromFile(fp);
  std::fclose(fp);
  for (const auto& entry : *dict->GetLexicon()) {
    const std::string key = entry->Key();
    char32_t c;
    if (base::DecodeUtf8(key.data(), key.data() + key.size(), &c) < key.size()) out.push_back(key);
  }
  return out;
}

// The one-pass conversion and tokenisation gives TokenizeFast's tokens of
// the converted text, and fails where it fails: on Taiwan and Hong Kong
// forms of the seeds, and on random text dense with the dictionaries'
// phrases, their prefixes, and phrases that overlap, where the character
// at a time path must hand over to the stretch path at the right places.
TEST(NormalizerTest, TokenizeTraditionalEqualsTokenizeFastOfTheConvertedText) {
  std::vector<std::string> texts = {testing::ReadFile(testing::SeedPath("004"))};
  for (const char* config : {"s2twp.json", "s2hk.json"}) {
    opencc::SimpleConverter to_traditional(std::string(DEDUP_OPENCC_DATA_DIR) + "/" + config);
    for (const char* seed : {"000", "001", "002", "003"})
      texts.push_back(to_traditional.Convert(testing::ReadFile(testing::SeedPath(seed))));
  }
  // A stage-2 phrase (沈默) whose second character comes from a stage-1
  // phrase after it (預設值 -> 默認值): 沈 cannot be converted alone.
  texts.push_back("這沈預設值");
  const size_t real_texts = texts.size();
  std::vector<std::string> pieces;
  for (const char* name : {"TWPhrasesRev", "TWVariantsRevPhrases", "HKVariantsRevPhrases", "TSPhrases"}) {
    for (const std::string& k : Phrases(name)) {
      pieces.push_back(k);
      pieces.push_back(k.substr(0, base::FloorToCharBoundary(k, k.size() - 1)));  // cut short
      pieces.push_back(k.substr(base::FloorToCharBoundary(k, 3)));               // its tail
    }
  }
  ASSERT_GT(pieces.size(), 1000u);
  const std::string seed004 = texts[0];
  std::vector<std::string> chars;
  for (const char* p = seed004.data(); p < seed004.data() + seed004.size();) {
    char32_t c;
    const size_t n = base::DecodeUtf8(p, seed004.data() + seed004.size(), &c);
    chars.emplace_back(p, n);
    p += n;
  }
  const char* extras[] = {"SQL", "PN", "S", "P", "é", "𠮷", "Z9 ", "don't ", "\n", "。", "ＡＢ", "e\u0301", "乾"};
  std::mt19937_64 rng(11);
  for (int round = 0; round < 300; ++round) {
    std::string t = "這";
    for (int i = 0; i < 60; ++i) {
      const uint64_t r = rng() % 10;
      if (r < 4) t += pieces[rng() % pieces.size()];
      else if (r < 9) t += chars[rng() % chars.size()];
      else t += extras[rng() % (sizeof(extras) / sizeof(extras[0]))];
    }
    texts.push_back(std::move(t));
  }
  const uint64_t seed = 7;
  std::vector<uint64_t> got, want;
  std::string word, stretch, converted;
  size_t agreed = 0;
  auto check = [&](const std::string& t, size_t i) {
    ASSERT_TRUE(N().ConvertTraditional(t, &converted)) << i;
    const bool want_ok = N().TokenizeFast(converted, seed, &want, &word);
    const bool got_ok = N().TokenizeTraditional(t, seed, &got, &word, &stretch);
    ASSERT_EQ(got_ok, want_ok) << i << ": " << t;
    if (got_ok) {
      ASSERT_EQ(got, want) << i << ": " << t;
      ++agreed;
    }
  };
  for (size_t i = 0; i < texts.size(); ++i) {
    check(texts[i], i);
    if (i < real_texts) {
      ASSERT_EQ(agreed, i + 1) << "a seed page left the fast path";
    }
    // Cut at every character near the start of the random texts: a phrase
    // or a watched character at the very end.
    if (i >= real_texts) {
      for (size_t cut = 4; cut < 60 && cut < texts[i].size(); ++cut) {
        const std::string head = texts[i].substr(0, base::FloorToCharBoundary(texts[i], cut));
        if (N().HasTraditional(head)) check(head, i);
      }
    }
  }
  EXPECT_GT(agreed, texts.size());  // most random texts are tokenised too
}

// Every phrase of the conversion dictionaries normalises to a folded form,
// no capital letter left, though the conversion may bring one in
// (TWPhrasesRev turns 隨身碟 into U盘). (Normalising twice may still
// differ: a phrase can keep a character, 變徵 → 变徵, that converts alone,
// 徵 → 征.)
TEST(NormalizerTest, ConvertedPhrasesAreFoldedToo) {
  size_t checked = 0, capitals = 0;
  for (const char* name : {"TWPhrasesRev", "TWVariantsRevPhrases", "HKVariantsRevPhrases", "TSPhrases"}) {
    for (const std::string& k : Phrases(name)) {
      std::string converted;
      if (N().ConvertTraditional(k, &converted))
        capitals += std::any_of(converted.begin(), converted.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
      const std::string once = Norm(k);
      EXPECT_EQ(std::count_if(once.begin(), once.end(), [](char c) { return c >= 'A' && c <= 'Z'; }), 0) << k;
      ++checked;
    }
  }
  EXPECT_GT(capitals, 0u);  // the case this test is for is in the dictionaries
  EXPECT_GT(checked, 1000u);
  EXPECT_EQ(Norm("隨身碟"), "u盘");
}

TEST(NormalizerTest, SeedPagesDetectTraditionalOnlyIn004) {
  for (const char* s : {"000", "001", "002", "003"})
    EXPECT_FALSE(N().HasTraditional(testing::ReadFile(testing::SeedPath(s)))) << s;
  EXPECT_TRUE(N().HasTraditional(testing::ReadFile(testing::SeedPath("004"))));
}

TEST(NormalizerTest, TraditionalPageSharesMostFiveGramsWithItsSimplifiedOriginal) {
  const std::string trad = testing::ReadFile(testing::SeedPath("004"));
  const std::string simp = testing::ReadFile(testing::CorpusDir() / "fixtures" / "004_simplified.txt");
  const double raw = Jaccard(Char5(trad), Char5(simp));
  const double normalized = Jaccard(Char5(Norm(trad)), Char5(Norm(simp)));
  EXPECT_LT(raw, 0.4) << raw;
  EXPECT_GE(normalized, 0.9) << normalized;

  NormalizerOptions off;
  off.traditional_to_simplified = false;
  auto n = Normalizer::Create(off);
  ASSERT_TRUE(n.ok());
  std::string a, b;
  (*n)->Normalize(trad, &a);
  (*n)->Normalize(simp, &b);
  EXPECT_LT(Jaccard(Char5(a), Char5(b)), 0.4);
}

TEST(NormalizerTest, SimplifiedSeedsAreOnlyFolded) {
  // Normalising a simplified page changes punctuation and spacing only: the
  // Han characters come out in the same order.
  for (const char* s : {"000", "002"}) {
    const std::string text = testing::ReadFile(testing::SeedPath(s));
    auto han = [](std::string_view t) {
      std::u32string out;
      for (const char* p = t.data(); p < t.data() + t.size();) {
        char32_t c;
        p += base::DecodeUtf8(p, t.data() + t.size(), &c);
        if (c >= 0x4E00 && c <= 0x9FFF) out.push_back(c);
      }
      return out;
    };
    EXPECT_EQ(han(Norm(text)), han(text)) << s;
  }
}

TEST(NormalizerTest, InvalidUtf8DoesNotCrash) {
  std::string out = Norm(std::string("abc\xff\xfe 政府\xe4", 12));
  EXPECT_TRUE(base::IsValidUtf8(out));
  EXPECT_NE(out.find("政府"), std::string::npos);
}

TEST(NormalizerTest, TokenClasses) {
  EXPECT_EQ(N().ClassOf(U'政'), TokenClass::kSpaceless);
  EXPECT_EQ(N().ClassOf(U'か'), TokenClass::kSpaceless);
  EXPECT_EQ(N().ClassOf(U'한'), TokenClass::kSpaceless);
  EXPECT_EQ(N().ClassOf(U'ก'), TokenClass::kSpaceless);
  EXPECT_EQ(N().ClassOf(U'a'), TokenClass::kWord);
  EXPECT_EQ(N().ClassOf(U'ж'), TokenClass::kWord);
  EXPECT_EQ(N().ClassOf(U','), TokenClass::kSeparator);
  EXPECT_EQ(N().ClassOf(U'。'), TokenClass::kSeparator);
}

}  // namespace
}  // namespace dedup::normalize
