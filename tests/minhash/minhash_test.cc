// Copyright 2026 The dedup Authors.
#include "core/minhash/minhash.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/base/hash.h"
#include "core/base/utf8.h"
#include "tests/testing/testing.h"

namespace dedup::minhash {
namespace {

// Reference shingles: character 5-grams of the text without whitespace.
std::vector<uint64_t> Char5(std::string_view text) {
  std::vector<size_t> starts;
  std::string s;
  for (const char* p = text.data(); p < text.data() + text.size();) {
    char32_t c;
    const size_t n = base::DecodeUtf8(p, text.data() + text.size(), &c);
    if (c != ' ' && c != '\n' && c != '\r') {
      starts.push_back(s.size());
      s.append(p, n);
    }
    p += n;
  }
  starts.push_back(s.size());
  std::vector<uint64_t> out;
  for (size_t i = 0; i + 5 < starts.size(); ++i) out.push_back(base::Hash64(s.data() + starts[i], starts[i + 5] - starts[i]));
  return out;
}

// Pairs of real pages at a range of similarities: a seed page and a copy with
// some of its lines dropped and some replaced by lines of another seed.
std::vector<std::pair<std::string, std::string>> RealPairs() {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::mt19937 rng(11);
  for (const char* s : {"000", "002", "003", "004"}) {
    const auto lines = testing::SplitLines(testing::ReadFile(testing::SeedPath(s)));
    const auto other = testing::SplitLines(testing::ReadFile(testing::SeedPath("001")));
    for (int edit : {0, 10, 25, 40, 60}) {
      std::string a, b;
      for (const auto& l : lines) {
        a += l + "\n";
        const int r = static_cast<int>(rng() % 100);
        if (r < edit / 2) continue;
        b += (r < edit ? other[rng() % other.size()] : l) + "\n";
      }
      pairs.emplace_back(a, b);
    }
  }
  return pairs;
}

class MinHashMethodTest : public ::testing::TestWithParam<MinHashMethod> {};

TEST_P(MinHashMethodTest, EstimatesAreWithinTheExpectedErrorOfExactJaccard) {
  MinHashOptions options;
  options.method = GetParam();
  auto mh = MinHasher::Create(options);
  ASSERT_TRUE(mh.ok());
  auto bk = BottomKSketcher::Create(256, 42);
  ASSERT_TRUE(bk.ok());
  int outside_mh = 0, outside_bk = 0, total = 0;
  double lowest = 1;
  for (const auto& [a, b] : RealPairs()) {
    const auto sa = Char5(a), sb = Char5(b);
    const double exact = testing::ExactJaccard(sa, sb);
    lowest = std::min(lowest, exact);
    std::vector<uint32_t> ga(128), gb(128);
    mh->Compute(sa, absl::MakeSpan(ga));
    mh->Compute(sb, absl::MakeSpan(gb));
    const double se_mh = std::sqrt(exact * (1 - exact) / 128) + 1e-9;
    outside_mh += std::abs(EstimateJaccard(ga, gb) - exact) > 3 * se_mh + 0.01;
    std::vector<uint32_t> scratch, ka, kb;
    bk->Compute(sa, &scratch, &ka);
    bk->Compute(sb, &scratch, &kb);
    const double se_bk = std::sqrt(exact * (1 - exact) / 256) + 1e-9;
    outside_bk += std::abs(EstimateJaccardBottomK(ka, kb, 256) - exact) > 3 * se_bk + 0.01;
    ++total;
  }
  EXPECT_LT(lowest, 0.6);  // the pairs span a range of similarities
  EXPECT_LE(outside_mh, 1) << "of " << total;
  EXPECT_LE(outside_bk, 1) << "of " << total;
}

// Short documents leave most one-permutation bins empty; densification must
// keep every slot's collision probability at J, so the mean estimate over many
// seeds is unbiased even for sets of 12 shingles.
TEST_P(MinHashMethodTest, UnbiasedOnShortDocuments) {
  for (const auto& [common, only] : std::vector<std::pair<int, int>>{{6, 3}, {9, 1}, {3, 6}}) {
    const double exact = static_cast<double>(common) / (common + 2 * only);
    double sum = 0;
    const int kRuns = 400;
    for (int run = 0; run < kRuns; ++run) {
      MinHashOptions options;
      options.method = GetParam();
      options.seed = static_cast<uint64_t>(run);
      auto mh = MinHasher::Create(options);
      std::vector<uint64_t> a, b;
      for (int i = 0; i < common; ++i) a.push_back(base::Mix64(1000 + i)), b.push_back(base::Mix64(1000 + i));
      for (int i = 0; i < only; ++i) a.push_back(base::Mix64(2000 + i)), b.push_back(base::Mix64(3000 + i));
      std::vector<uint32_t> ga(128), gb(128);
      mh->Compute(a, absl::MakeSpan(ga));
      mh->Compute(b, absl::MakeSpan(gb));
      sum += EstimateJaccard(ga, gb);
    }
    // Standard error of the mean is well under 0.01 here.
    EXPECT_NEAR(sum / kRuns, exact, 0.02) << common << " common, " << only << " only";
  }
}

TEST_P(MinHashMethodTest, DuplicatesAndOrderDoNotMatterSeedsDo) {
  MinHashOptions options;
  options.method = GetParam();
  auto mh = MinHasher::Create(options);
  const auto s = Char5(testing::ReadFile(testing::SeedPath("002")));
  std::vector<uint64_t> doubled = s;
  doubled.insert(doubled.end(), s.rbegin(), s.rend());
  std::vector<uint32_t> a(128), b(128), c(128);
  mh->Compute(s, absl::MakeSpan(a));
  mh->Compute(doubled, absl::MakeSpan(b));
  EXPECT_EQ(a, b);
  MinHashOptions other = options;
  other.seed = 7;
  MinHasher::Create(other)->Compute(s, absl::MakeSpan(c));
  EXPECT_LT(EstimateJaccard(a, c), 0.1);
  std::vector<uint32_t> empty(128);
  mh->Compute({}, absl::MakeSpan(empty));
  EXPECT_EQ(empty, std::vector<uint32_t>(128, 0xFFFFFFFFu));
}

INSTANTIATE_TEST_SUITE_P(Methods, MinHashMethodTest,
                         ::testing::Values(MinHashMethod::kOnePermutation, MinHashMethod::kPermutations),
                         [](const ::testing::TestParamInfo<MinHashMethod>& p) { return std::string(MinHashMethodName(p.param)); });

// Pages of a few shingles leave most bins empty. Their donors are found
// from the filled bins' side (the inverse lists) instead of by following
// each empty bin's probe sequence: the signature must be the same, bin for
// bin, for any number of shingles, any K (with and without the lists) and
// any seed. Short real texts too: a title, a line of a seed page.
TEST(MinHashTest, DensifyingFromTheFilledBinsIsTheSameAsProbing) {
  std::mt19937_64 rng(5);
  for (int k : {1, 2, 16, 128, 200, 1024, 2048}) {
    for (uint64_t seed : {42u, 7u}) {
      MinHashOptions options;
      options.num_perm = k;
      options.seed = seed;
      auto mh = MinHasher::Create(options);
      ASSERT_TRUE(mh.ok());
      std::vector<uint32_t> a(k), b(k);
      for (size_t n : {1u, 2u, 3u, 5u, 8u, 13u, 20u, 40u, 100u, 300u}) {
        for (int trial = 0; trial < 20; ++trial) {
          std::vector<uint64_t> s(n);
          for (auto& x : s) x = rng();
          mh->Compute(s, absl::MakeSpan(a));
          mh->ComputeByProbing(s, absl::MakeSpan(b));
          ASSERT_EQ(a, b) << "k " << k << " seed " << seed << " shingles " << n;
        }
      }
      for (std::string_view text : {"扫码查看手机版", "关于印发2022年工作要点的通知", "Contact us"}) {
        const auto s = Char5(text);
        mh->Compute(s, absl::MakeSpan(a));
        mh->ComputeByProbing(s, absl::MakeSpan(b));
        EXPECT_EQ(a, b) << text;
      }
    }
  }
}

TEST(MinHashTest, BottomKIsExactForShortDocuments) {
  auto bk = BottomKSketcher::Create(256, 42);
  std::vector<uint64_t> a, b;
  for (uint64_t i = 0; i < 100; ++i) a.push_back(base::Mix64(i));
  for (uint64_t i = 30; i < 140; ++i) b.push_back(base::Mix64(i));
  a.insert(a.end(), a.begin(), a.begin() + 20);  // repeated shingles
  std::vector<uint32_t> scratch, ka, kb;
  bk->Compute(a, &scratch, &ka);
  bk->Compute(b, &scratch, &kb);
  EXPECT_EQ(ka.size(), 100u);
  EXPECT_TRUE(std::is_sorted(ka.begin(), ka.end()));
  EXPECT_DOUBLE_EQ(EstimateJaccardBottomK(ka, kb, 256), testing::ExactJaccard(a, b));
  EXPECT_DOUBLE_EQ(EstimateJaccardBottomK(ka, ka, 256), 1.0);
}

TEST(MinHashTest, BottomKKeepsTheKSmallestDistinct) {
  auto bk = BottomKSketcher::Create(64, 1);
  std::vector<uint64_t> big;
  for (uint64_t i = 0; i < 50000; ++i) big.push_back(base::Mix64(i % 20000));
  std::vector<uint32_t> scratch, k;
  bk->Compute(big, &scratch, &k);
  ASSERT_EQ(k.size(), 64u);
  EXPECT_TRUE(std::adjacent_find(k.begin(), k.end()) == k.end());
  EXPECT_TRUE(std::is_sorted(k.begin(), k.end()));
}

// A sketcher as large as the set keeps every value; a k = 256 sketch of the
// same seed must be its first 256, whatever the page's size (small pages keep
// most values below the bound, large ones few: two ways of collecting them)
// and whatever the scratch held from a larger or smaller page before.
TEST(MinHashTest, BottomKIsTheSmallestOfAllValues) {
  auto all = BottomKSketcher::Create(65536, 7);
  auto bk = BottomKSketcher::Create(256, 7);
  ASSERT_TRUE(all.ok() && bk.ok());
  std::vector<uint32_t> scratch, every, k;
  for (const size_t n : {60000u, 300u, 20000u, 1000u, 3000u, 100u}) {
    std::vector<uint64_t> set;
    for (uint64_t i = 0; i < n; ++i) set.push_back(base::Mix64(n * 1000003 + i));
    all->Compute(set, &scratch, &every);
    ASSERT_GE(every.size(), n - 2);  // two 32-bit values may collide
    bk->Compute(set, &scratch, &k);
    const size_t want = std::min<size_t>(every.size(), 256);
    ASSERT_EQ(k.size(), want) << n;
    EXPECT_TRUE(std::equal(k.begin(), k.end(), every.begin())) << n;
  }
}

}  // namespace
}  // namespace dedup::minhash
