// Copyright 2026 The dedup Authors.
#include "core/base/hash.h"

#include <gtest/gtest.h>

#include <array>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "tests/testing/testing.h"

namespace dedup::base {
namespace {

// The words of real pages, English and Chinese (corpus/boilerplate): runs of
// ASCII letters and digits, and runs of non-ASCII bytes, as they lie in the
// text (so that the bytes after each are the page's, not zeros).
std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    auto kind = [](unsigned char c) {
      return c >= 0x80 ? 2 : ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? 1 : 0;
    };
    const int k = kind(static_cast<unsigned char>(text[i]));
    size_t j = i + 1;
    while (j < text.size() && kind(static_cast<unsigned char>(text[j])) == k) ++j;
    if (k != 0) words.push_back(text.substr(i, j - i));
    i = j;
  }
  return words;
}

const std::string& Pages() {
  static const std::string* pages =
      new std::string(testing::ReadFile(testing::CorpusDir() / "boilerplate" / "pages.jsonl"));
  return *pages;
}

// The padded path reads 16 bytes whatever the word's length: the bytes past
// the word (the page's next bytes here) must not change its hash. The safe
// path reads the word from an allocation of its exact size, so that under
// ASan a read past it fails.
TEST(HashTest, PaddedWordHashIsTheWordsHash) {
  const std::string& pages = Pages();
  const std::vector<std::string_view> words = Words(pages);
  ASSERT_GT(words.size(), 10000u);
  size_t checked = 0;
  for (const std::string_view w : words) {
    // Every length up to 40 of the text from where the word starts.
    for (size_t n = 0; n <= 40; ++n) {
      const char* p = w.data();
      if (p + n + 16 > pages.data() + pages.size()) break;
      const auto exact = std::make_unique<char[]>(n == 0 ? 1 : n);
      std::copy(p, p + n, exact.get());
      for (const uint64_t seed : {uint64_t{0}, uint64_t{0x5EED}, ~uint64_t{0}}) {
        ASSERT_EQ(WordTokenHashPadded(p, n, seed), WordTokenHash(exact.get(), n, seed))
            << "n=" << n << " word=" << std::string_view(p, n);
      }
      ++checked;
    }
    if (checked > 200000) break;
  }
}

// Distinct words hash apart, across lengths that differ only by zero
// bytes too ("a" and "a\0"), and under each seed differently.
TEST(HashTest, DistinctWordsHashApart) {
  std::set<std::string_view> distinct;
  for (const std::string_view w : Words(Pages())) distinct.insert(w);
  ASSERT_GT(distinct.size(), 3000u);
  std::set<uint64_t> hashes;
  for (const std::string_view w : distinct) hashes.insert(WordTokenHash(w.data(), w.size(), 7));
  EXPECT_EQ(hashes.size(), distinct.size());
  const std::string zeros(17, '\0');
  std::set<uint64_t> by_length;
  for (size_t n = 0; n <= 17; ++n) by_length.insert(WordTokenHash(zeros.data(), n, 7));
  EXPECT_EQ(by_length.size(), 18u);
  const std::string_view the = "the";
  EXPECT_NE(WordTokenHash(the.data(), the.size(), 7), WordTokenHash(the.data(), the.size(), 8));
}

// Each output bit is set for about half of the words: the fold and the
// finaliser leave no bit stuck or biased (the MinHash takes the low and the
// high bits alike).
TEST(HashTest, WordHashBitsAreBalanced) {
  std::set<std::string_view> distinct;
  for (const std::string_view w : Words(Pages())) distinct.insert(w);
  std::array<size_t, 64> set{};
  for (const std::string_view w : distinct) {
    const uint64_t h = WordTokenHash(w.data(), w.size(), 0x5EED);
    for (int b = 0; b < 64; ++b) set[static_cast<size_t>(b)] += (h >> b) & 1;
  }
  const double n = static_cast<double>(distinct.size());
  for (int b = 0; b < 64; ++b) {
    EXPECT_GT(static_cast<double>(set[static_cast<size_t>(b)]) / n, 0.45) << "bit " << b;
    EXPECT_LT(static_cast<double>(set[static_cast<size_t>(b)]) / n, 0.55) << "bit " << b;
  }
}

}  // namespace
}  // namespace dedup::base
