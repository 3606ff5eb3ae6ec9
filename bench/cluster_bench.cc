// Copyright 2026 The dedup Authors.
//
// Clustering: candidate pairs from LSH buckets (pairing each bucket, then
// sorting and de-duplicating the pairs of all bands), and components with the
// hub guard over verified edges, for 1M documents of which 15% are
// near-duplicates in clusters of 2 to 9 (about a generated crawl's share).
// The similarity is a table lookup here, so BM_ClusterEdges measures the
// clusterer itself; the sketch estimate it calls in a run is
// BM_EstimateBottomK (minhash_bench).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "core/base/hash.h"
#include "core/cluster/clusterer.h"

namespace dedup::bench {
namespace {

constexpr uint32_t kDocs = 1 << 20;

// The crawl's clusters: cluster (first, size) holds documents first,
// first + 3, ..., first + 3 (size - 1), every size in 2..9.
struct Planted {
  std::vector<std::pair<uint32_t, uint32_t>> clusters;  // (first document, size)
};

const Planted& PlantedClusters() {
  static const Planted* p = [] {
    auto* out = new Planted;
    uint32_t d = 0;
    uint64_t i = 0;
    // 15% of documents in clusters, spread over the input in runs.
    while (d < kDocs - 16) {
      const uint32_t size = 2 + static_cast<uint32_t>(base::Mix64(i++) % 8);
      out->clusters.emplace_back(d, size);
      d += size * 100 / 15;
    }
    return out;
  }();
  return *p;
}

// The buckets of 15 bands: each cluster's members share the band in 11 of
// them (what a pair at J = 0.85 does); every other document is alone.
void BM_CandidatePairs(benchmark::State& state) {
  const Planted& planted = PlantedClusters();
  std::vector<uint32_t> bucket;
  std::vector<uint64_t> pairs;
  for (auto _ : state) {
    pairs.clear();
    for (int band = 0; band < 15; ++band) {
      for (const auto& [first, size] : planted.clusters) {
        if (base::Mix64(first * 31 + static_cast<uint64_t>(band)) % 15 >= 11) continue;
        bucket.clear();
        for (uint32_t m = 0; m < size; ++m) bucket.push_back(first + m * 3);
        cluster::AddBucketPairs(bucket, &pairs);
      }
    }
    cluster::SortUniquePairs(&pairs);
    benchmark::DoNotOptimize(pairs.data());
  }
  state.counters["docs/s"] =
      benchmark::Counter(static_cast<double>(kDocs) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["pairs"] = static_cast<double>(pairs.size());
}
BENCHMARK(BM_CandidatePairs)->Unit(benchmark::kMillisecond);

// Components and the hub guard: a chain of edges through each cluster (its
// members i and i + 1 verified), one member in five a little below the
// threshold from the kept one, so that clusters split and are clustered again.
void BM_ClusterEdges(benchmark::State& state) {
  const Planted& planted = PlantedClusters();
  std::vector<cluster::Edge> edges;
  std::vector<float> to_first(kDocs, 0.0f);
  std::vector<uint32_t> first_of(kDocs, cluster::kNoCluster);
  for (const auto& [first, size] : planted.clusters) {
    for (uint32_t m = 0; m < size; ++m) {
      const uint32_t d = first + m * 3;
      first_of[d] = first;
      to_first[d] = base::Mix64(d) % 5 == 0 ? 0.7f : 0.9f;
      if (m > 0) edges.push_back({d - 3, d, 0.9f});
    }
  }
  std::vector<cluster::DocFacts> facts(kDocs);
  for (uint32_t d = 0; d < kDocs; ++d) facts[d].cleaned_bytes = 1000 + base::Mix64(d) % 9000;
  auto sim = [&](uint32_t a, uint32_t b) -> float {
    if (first_of[a] != first_of[b] || first_of[a] == cluster::kNoCluster) return 0.0f;
    return a == first_of[a] ? to_first[b] : b == first_of[b] ? to_first[a] : 0.9f;
  };
  cluster::ClusterOptions options;
  options.keep = static_cast<cluster::KeepPolicy>(state.range(0));
  uint64_t dropped = 0;
  for (auto _ : state) {
    const cluster::ClusterResult r = cluster::ClusterEdges(kDocs, edges, facts, sim, options);
    dropped = r.duplicates;
    benchmark::DoNotOptimize(r.kept.data());
  }
  state.counters["docs/s"] =
      benchmark::Counter(static_cast<double>(kDocs) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["edges"] = static_cast<double>(edges.size());
  state.counters["dropped"] = static_cast<double>(dropped);
}
BENCHMARK(BM_ClusterEdges)
    ->Arg(static_cast<int>(cluster::KeepPolicy::kFirst))
    ->Arg(static_cast<int>(cluster::KeepPolicy::kLongest))
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dedup::bench

BENCHMARK_MAIN();
