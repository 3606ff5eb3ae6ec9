// Copyright 2026 The dedup Authors.
#include "core/lsh/lsh.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/base/hash.h"
#include "core/minhash/minhash.h"

namespace dedup::lsh {
namespace {

TEST(LshTest, ChosenParamsFindPairsJustAboveThreshold) {
  for (int i = 0; i < 10; ++i) {
    const double t = 0.5 + 0.05 * i;
    auto p = ChooseParams(t, 128);
    ASSERT_TRUE(p.ok()) << t << " " << p.status();
    EXPECT_LE(p->bands * p->rows, 128);
    EXPECT_GE(CandidateProbability(std::min(1.0, t + 0.05), *p), 0.99) << t;
  }
  // datasketch's 9 x 13 for t = 0.8 catches ~40% of pairs at J = 0.8; ours far more.
  EXPECT_NEAR(CandidateProbability(0.8, {9, 13}), 0.40, 0.05);
  EXPECT_GT(CandidateProbability(0.8, *ChooseParams(0.8, 128)), 0.9);
  EXPECT_FALSE(ChooseParams(0.8, 2).ok());
}

// Two sets of about 2000 elements with Jaccard exactly j.
void MakePair(double j, uint64_t salt, std::vector<uint64_t>* a, std::vector<uint64_t>* b) {
  constexpr int kUnion = 2000;
  const int shared = static_cast<int>(std::lround(j * kUnion));
  const int only = (kUnion - shared) / 2;
  a->clear();
  b->clear();
  uint64_t x = salt * 1000003;
  for (int i = 0; i < shared; ++i) {
    const uint64_t h = base::Mix64(++x);
    a->push_back(h);
    b->push_back(h);
  }
  for (int i = 0; i < only; ++i) a->push_back(base::Mix64(++x));
  for (int i = 0; i < kUnion - shared - only; ++i) b->push_back(base::Mix64(++x));
}

TEST(LshTest, MeasuredSCurveMatchesTheFormula) {
  auto mh = minhash::MinHasher::Create({});
  const LshParams p = *ChooseParams(0.8, 128);
  constexpr int kPairs = 400;
  for (int step = 0; step < 10; ++step) {
    const double j = 0.5 + 0.05 * step;
    int hits = 0;
    std::vector<uint64_t> a, b;
    std::vector<uint32_t> sa(128), sb(128);
    std::vector<uint64_t> ka(static_cast<size_t>(p.bands)), kb(static_cast<size_t>(p.bands));
    for (int i = 0; i < kPairs; ++i) {
      MakePair(j, static_cast<uint64_t>(step * kPairs + i), &a, &b);
      mh->Compute(a, absl::MakeSpan(sa));
      mh->Compute(b, absl::MakeSpan(sb));
      BandKeys(sa, p, 42, absl::MakeSpan(ka));
      BandKeys(sb, p, 42, absl::MakeSpan(kb));
      bool hit = false;
      for (size_t k = 0; k < ka.size(); ++k) hit |= ka[k] == kb[k];
      hits += hit;
    }
    const double expected = CandidateProbability(j, p);
    const double measured = static_cast<double>(hits) / kPairs;
    const double se = std::sqrt(expected * (1 - expected) / kPairs);
    EXPECT_NEAR(measured, expected, 4 * se + 0.01) << "J = " << j;
  }
}

TEST(LshTest, CandidatesPlusBottomKVerificationMeetTheQualityTargets) {
  // End to end for t = 0.8: banding + bottom-k(256) verification at 0.775.
  auto mh = minhash::MinHasher::Create({});
  auto bk = minhash::BottomKSketcher::Create(256, 42);
  const LshParams p = *ChooseParams(0.8, 128);
  auto accepted = [&](double j, int pairs, uint64_t salt) {
    int ok = 0;
    std::vector<uint64_t> a, b;
    std::vector<uint32_t> sa(128), sb(128), scratch, ka, kb;
    std::vector<uint64_t> ba(static_cast<size_t>(p.bands)), bb(static_cast<size_t>(p.bands));
    for (int i = 0; i < pairs; ++i) {
      MakePair(j, salt + static_cast<uint64_t>(i), &a, &b);
      mh->Compute(a, absl::MakeSpan(sa));
      mh->Compute(b, absl::MakeSpan(sb));
      BandKeys(sa, p, 42, absl::MakeSpan(ba));
      BandKeys(sb, p, 42, absl::MakeSpan(bb));
      bool cand = false;
      for (size_t k = 0; k < ba.size(); ++k) cand |= ba[k] == bb[k];
      if (!cand) continue;
      bk->Compute(a, &scratch, &ka);
      bk->Compute(b, &scratch, &kb);
      ok += minhash::EstimateJaccardBottomK(ka, kb, 256) >= 0.775;
    }
    return static_cast<double>(ok) / pairs;
  };
  EXPECT_GE(accepted(0.85, 1500, 1u << 20), 0.98);
  EXPECT_GE(accepted(0.95, 500, 2u << 20), 0.99);
  EXPECT_LT(accepted(0.70, 1500, 3u << 20), 0.01);
  EXPECT_LT(accepted(0.50, 500, 4u << 20), 0.01);
}

TEST(LshTest, BucketsGroupEqualKeys) {
  std::vector<BandEntry> e = {{5, 3}, {1, 9}, {5, 1}, {7, 2}, {5, 2}, {1, 4}};
  SortBand(&e);
  std::vector<std::vector<uint32_t>> buckets;
  ForEachBucket(e, [&](absl::Span<const BandEntry> b) {
    buckets.emplace_back();
    for (const auto& x : b) buckets.back().push_back(x.doc);
  });
  ASSERT_EQ(buckets.size(), 2u);
  EXPECT_EQ(buckets[0], (std::vector<uint32_t>{4, 9}));
  EXPECT_EQ(buckets[1], (std::vector<uint32_t>{1, 2, 3}));
}

// Bands of thousands of pages are sorted by bucketing on the keys' top
// bits: the order must be std::sort's by (key, doc) for uniform keys, for
// many copies of one key (a page copied across a crawl), for keys that are
// not uniform at all, and for documents in any order (a split run's bands).
TEST(LshTest, SortBandOrdersLargeBandsByKeyThenDocument) {
  std::mt19937_64 rng(3);
  auto check = [](std::vector<BandEntry> e) {
    std::vector<BandEntry> want = e;
    std::sort(want.begin(), want.end(),
              [](const BandEntry& a, const BandEntry& b) { return a.key != b.key ? a.key < b.key : a.doc < b.doc; });
    SortBand(&e);
    ASSERT_EQ(e.size(), want.size());
    for (size_t i = 0; i < e.size(); ++i) {
      ASSERT_EQ(e[i].key, want[i].key) << i;
      ASSERT_EQ(e[i].doc, want[i].doc) << i;
    }
  };
  for (size_t n : {4095u, 4096u, 5000u, 100000u}) {
    std::vector<BandEntry> uniform(n), copies(n), small(n);
    for (size_t i = 0; i < n; ++i) {
      const uint32_t doc = static_cast<uint32_t>(rng() % (4 * n));  // any order, some docs twice
      uniform[i] = {rng(), doc};
      copies[i] = {i % 3 == 0 ? 0x8000000000000000ULL : base::Mix64(i % 97), doc};
      small[i] = {rng() % 1000, doc};  // all in the lowest bucket
    }
    check(uniform);
    check(copies);
    check(small);
  }
}

}  // namespace
}  // namespace dedup::lsh
