// Copyright 2026 The dedup Authors.
#include "core/base/find.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "core/base/line_key.h"
#include "tests/testing/testing.h"

namespace dedup::base {
namespace {

// Every window of every length (0 to 40) of each line of a seed page, cut
// from the page and searched for in lines of every length: each answer is
// the standard library's, found or not, at every start and near every end
// (the search takes 16 starts at a time and then a block that overlaps).
TEST(FindTest, AgreesWithStdFindOnASeedPage) {
  const std::string page = testing::ReadFile(testing::SeedPath("004_"));
  std::vector<std::string> hays;  // the lines, and their keys (as the rule matcher searches)
  std::string key;
  for (const auto& line : testing::SplitLines(page)) {
    if (line.empty()) continue;
    hays.push_back(line);
    if (NormalizeLineKey(line, {}, &key) > 0) hays.push_back(key);
  }
  ASSERT_GT(hays.size(), 20u);
  std::mt19937_64 rng(7);
  size_t found = 0, searches = 0;
  for (const std::string& hay : hays) {
    for (size_t cut = 0; cut <= hay.size(); cut += 1 + hay.size() / 7) {
      const std::string_view h = std::string_view(hay).substr(0, cut);
      for (size_t m = 0; m <= 40; ++m) {
        // A needle from this hay (found), and one from another (mostly not).
        const std::string& other = hays[rng() % hays.size()];
        for (const std::string* src : {&hay, &other}) {
          if (src->size() < m) continue;
          const std::string_view needle = std::string_view(*src).substr(rng() % (src->size() - m + 1), m);
          const size_t want = h.find(needle);
          ASSERT_EQ(FindSubstring(h, needle), want) << "needle \"" << needle << "\" in \"" << h << "\"";
          found += want != std::string_view::npos;
          ++searches;
        }
      }
    }
  }
  EXPECT_GT(found, searches / 10);
  EXPECT_LT(found, searches);
}

// The needle as the last bytes of the hay, for every hay length around the
// blocks of 16 starts; and a near miss (the last byte differs) that must not
// be found.
TEST(FindTest, FindsTheNeedleAtTheVeryEnd) {
  const std::string needle = "版权所有";  // 12 bytes: first byte E7, last 89
  for (size_t pad = 0; pad < 70; ++pad) {
    std::string hay(pad, 'a');
    EXPECT_EQ(FindSubstring(hay + needle, needle), pad) << pad;
    std::string miss = hay + needle;
    miss.back() = static_cast<char>(0x88);
    EXPECT_EQ(FindSubstring(miss, needle), std::string_view::npos) << pad;
    // First and last byte match but a middle one differs: a candidate only.
    std::string middle = hay + needle;
    middle[pad + 4] = 'x';
    EXPECT_EQ(FindSubstring(middle, needle), std::string_view::npos) << pad;
  }
}

}  // namespace
}  // namespace dedup::base
