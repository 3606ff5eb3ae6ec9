// Copyright 2026 The dedup Authors.
#include "core/cluster/clusterer.h"

#include <gtest/gtest.h>

#include "core/cluster/union_find.h"

#include <algorithm>
#include <map>
#include <random>

namespace dedup::cluster {
namespace {

// A similarity table for a handful of documents; unlisted pairs are 0.
class Table {
 public:
  void Set(uint32_t a, uint32_t b, float s) { sims_[Key(a, b)] = s; }
  float operator()(uint32_t a, uint32_t b) const {
    if (a == b) return 1;
    auto it = sims_.find(Key(a, b));
    return it == sims_.end() ? 0.0f : it->second;
  }
  std::vector<Edge> Edges(float threshold) const {
    std::vector<Edge> edges;
    for (auto [k, s] : sims_)
      if (s >= threshold) edges.push_back({uint32_t(k >> 32), uint32_t(k), s});
    return edges;
  }

 private:
  static uint64_t Key(uint32_t a, uint32_t b) {
    return uint64_t{std::min(a, b)} << 32 | std::max(a, b);
  }
  std::map<uint64_t, float> sims_;
};

TEST(ClustererTest, BucketPairsAreStarPlusChain) {
  std::vector<uint64_t> pairs;
  const std::vector<uint32_t> bucket = {3, 5, 9, 12};
  AddBucketPairs(bucket, &pairs);
  // 5,9,12 pair with 3; 9 with 5; 12 with 9.
  std::vector<uint64_t> expected = {3ull << 32 | 5, 3ull << 32 | 9, 5ull << 32 | 9, 3ull << 32 | 12,
                                    9ull << 32 | 12};
  EXPECT_EQ(pairs, expected);
  pairs.push_back(3ull << 32 | 5);
  SortUniquePairs(&pairs);
  EXPECT_EQ(pairs.size(), 5u);
  EXPECT_TRUE(std::is_sorted(pairs.begin(), pairs.end()));
}

TEST(ClustererTest, HubDoesNotChainUnrelatedPages) {
  // 0 ~ 1 and 1 ~ 2, but 0 and 2 are unrelated: 1 is a hub (say a page that
  // quotes both). Keeping 0, only 1 joins it; 2 stays unique.
  Table t;
  t.Set(0, 1, 0.85f);
  t.Set(1, 2, 0.85f);
  t.Set(0, 2, 0.3f);
  std::vector<DocFacts> facts(3);
  ClusterResult r = ClusterEdges(3, t.Edges(0.775f), facts, std::cref(t), {});
  EXPECT_EQ(r.cluster[0], 0u);
  EXPECT_EQ(r.cluster[1], 0u);
  EXPECT_EQ(r.cluster[2], kNoCluster);
  EXPECT_EQ(r.kept[1], 0u);
  EXPECT_EQ(r.kept[2], 2u);
  EXPECT_EQ(r.clusters, 1u);
  EXPECT_EQ(r.duplicates, 1u);
}

TEST(ClustererTest, RemainderFormsItsOwnCluster) {
  // Two groups bridged by one weak-but-passing edge: {0,1} and {2,3}.
  Table t;
  t.Set(0, 1, 0.95f);
  t.Set(2, 3, 0.95f);
  t.Set(1, 2, 0.8f);
  std::vector<DocFacts> facts(4);
  ClusterResult r = ClusterEdges(4, t.Edges(0.775f), facts, std::cref(t), {});
  EXPECT_EQ(r.cluster, (std::vector<uint32_t>{0, 0, 2, 2}));
  EXPECT_EQ(r.kept, (std::vector<uint32_t>{0, 0, 2, 2}));
  EXPECT_EQ(r.clusters, 2u);
}

TEST(ClustererTest, KeepPolicies) {
  Table t;
  t.Set(0, 1, 0.9f);
  t.Set(0, 2, 0.9f);
  t.Set(1, 2, 0.9f);
  std::vector<DocFacts> facts(3);
  facts[0].cleaned_bytes = 100;
  facts[1].cleaned_bytes = 300;
  facts[2].cleaned_bytes = 300;
  facts[0].keep_value = 5;
  facts[2].keep_value = 7;

  ClusterOptions first;
  EXPECT_EQ(ClusterEdges(3, t.Edges(0.775f), facts, std::cref(t), first).kept,
            (std::vector<uint32_t>{0, 0, 0}));
  ClusterOptions longest;
  longest.keep = KeepPolicy::kLongest;  // 1 and 2 tie on length: input order wins
  EXPECT_EQ(ClusterEdges(3, t.Edges(0.775f), facts, std::cref(t), longest).kept,
            (std::vector<uint32_t>{1, 1, 1}));
  ClusterOptions field;
  field.keep = KeepPolicy::kField;  // 1 has no value: ranks lowest
  ClusterResult r = ClusterEdges(3, t.Edges(0.775f), facts, std::cref(t), field);
  EXPECT_EQ(r.kept, (std::vector<uint32_t>{2, 2, 2}));
  EXPECT_EQ(r.cluster, (std::vector<uint32_t>{0, 0, 0}));  // id = smallest member, not the kept one
}

// `pairs` random pairs of `n` documents with similarities 0.7-1.0, random
// page lengths, keep the longest: the edges at 0.775 and their clusters.
struct RandomGraph {
  Table t;
  std::vector<DocFacts> facts;
  ClusterOptions opt;
  std::vector<Edge> edges;
  ClusterResult ref;
  RandomGraph(uint32_t n, int pairs, std::mt19937* rng) {
    for (int i = 0; i < pairs; ++i) {
      uint32_t a = (*rng)() % n, b = (*rng)() % n;
      if (a != b) t.Set(a, b, 0.7f + 0.3f * float((*rng)() % 1000) / 1000.0f);
    }
    facts.assign(n, DocFacts{});
    for (uint32_t i = 0; i < n; ++i) facts[i].cleaned_bytes = (*rng)() % 50;
    opt.keep = KeepPolicy::kLongest;
    edges = t.Edges(0.775f);
    ref = ClusterEdges(n, edges, facts, std::cref(t), opt);
  }
};

TEST(ClustererTest, ResultIsIndependentOfEdgeOrder) {
  std::mt19937 rng(3);
  constexpr uint32_t kN = 300;
  RandomGraph g(kN, 600, &rng);
  const Table& t = g.t;
  const auto& facts = g.facts;
  const ClusterOptions& opt = g.opt;
  std::vector<Edge> edges = g.edges;
  const ClusterResult& ref = g.ref;
  EXPECT_GT(ref.clusters, 10u);
  for (int trial = 0; trial < 3; ++trial) {
    std::shuffle(edges.begin(), edges.end(), rng);
    ClusterResult r = ClusterEdges(kN, edges, facts, std::cref(t), opt);
    EXPECT_EQ(r.cluster, ref.cluster);
    EXPECT_EQ(r.kept, ref.kept);
  }
  // Every clustered document is similar enough to its kept document.
  for (uint32_t d = 0; d < kN; ++d) {
    if (ref.cluster[d] != kNoCluster && ref.kept[d] != d) {
      EXPECT_GE(t(d, ref.kept[d]), 0.775f);
    }
  }
}

// Clustering the components of the edge graph in batches (a crawl's
// candidates a batch of sketches at a time) gives the result of clustering
// all edges at once, whatever the batches, and touches no other document.
TEST(ClustererTest, ComponentsInBatchesClusterAsAllAtOnce) {
  std::mt19937 rng(7);
  constexpr uint32_t kN = 400;
  const RandomGraph g(kN, 700, &rng);
  const Table& t = g.t;
  const ClusterResult& ref = g.ref;
  ASSERT_GT(ref.clusters, 10u);
  UnionFind uf(kN);
  for (const Edge& e : g.edges) uf.Union(e.a, e.b);
  for (const uint32_t batches : {1u, 2u, 5u, 40u}) {
    // Each component to a random batch; the batches in a random order.
    std::vector<uint32_t> batch_of(kN);
    for (uint32_t d = 0; d < kN; ++d) batch_of[d] = static_cast<uint32_t>(rng() % batches);
    std::vector<std::vector<Edge>> parts(batches);
    for (const Edge& e : g.edges) parts[batch_of[uf.Find(e.a)]].push_back(e);
    std::shuffle(parts.begin(), parts.end(), rng);
    ClusterResult r = UnclusteredResult(kN);
    uint32_t nonempty = 0;
    for (const auto& part : parts) {
      nonempty += part.empty() ? 0 : 1;
      ClusterComponents(part, g.facts, std::cref(t), g.opt, &r);
    }
    EXPECT_GE(nonempty, std::min(batches, 2u)) << batches;
    EXPECT_EQ(r.cluster, ref.cluster) << batches;
    EXPECT_EQ(r.kept, ref.kept) << batches;
    EXPECT_EQ(r.similarity_to_kept, ref.similarity_to_kept) << batches;
    EXPECT_EQ(r.clusters, ref.clusters) << batches;
    EXPECT_EQ(r.duplicates, ref.duplicates) << batches;
    EXPECT_EQ(r.verifications, ref.verifications) << batches;
  }
}

}  // namespace
}  // namespace dedup::cluster
