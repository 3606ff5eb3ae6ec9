// Copyright 2026 The dedup Authors.
#include "core/cluster/union_find.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

namespace dedup::cluster {
namespace {

TEST(UnionFindTest, RootIsSmallestMember) {
  UnionFind uf(6);
  EXPECT_TRUE(uf.Union(4, 2));
  EXPECT_TRUE(uf.Union(5, 4));
  EXPECT_FALSE(uf.Union(2, 5));
  EXPECT_EQ(uf.Find(5), 2u);
  EXPECT_EQ(uf.Find(4), 2u);
  EXPECT_EQ(uf.Find(0), 0u);
  EXPECT_EQ(uf.Find(3), 3u);
}

TEST(UnionFindTest, PartitionIsInvariantUnderShuffledEdges) {
  constexpr uint32_t kN = 2000;
  std::mt19937 rng(7);
  std::vector<std::pair<uint32_t, uint32_t>> edges;
  for (int i = 0; i < 1500; ++i) edges.emplace_back(rng() % kN, rng() % kN);
  std::vector<uint32_t> reference;
  for (int trial = 0; trial < 5; ++trial) {
    std::shuffle(edges.begin(), edges.end(), rng);
    UnionFind uf(kN);
    for (auto [a, b] : edges) uf.Union(trial % 2 ? a : b, trial % 2 ? b : a);
    std::vector<uint32_t> roots(kN);
    for (uint32_t i = 0; i < kN; ++i) roots[i] = uf.Find(i);
    if (trial == 0) {
      reference = roots;
    } else {
      EXPECT_EQ(roots, reference) << "trial " << trial;
    }
  }
}

}  // namespace
}  // namespace dedup::cluster
