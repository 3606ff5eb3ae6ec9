// Copyright 2026 The dedup Authors.
//
// Boilerplate detection with the built-in rule pack, one thread: the seed
// pages (with real headers and footers), and line counting for the
// cross-document pass.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/common/bench_corpus.h"
#include "core/boilerplate/boilerplate.h"

namespace dedup::bench {
namespace {

void BM_BoilerplateRulesSeeds(benchmark::State& state) {
  const auto det = *boilerplate::BoilerplateDetector::Create({}, boilerplate::RulePack::Default());
  boilerplate::BoilerplateWorkspace ws;
  std::vector<base::RemovedSpan> spans;
  size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& d : SeedPages()) {
      spans.clear();
      det.Detect(d, boilerplate::GroupKey(""), nullptr, &ws, &spans);
      benchmark::DoNotOptimize(spans.data());
      bytes += d.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_BoilerplateRulesSeeds)->Unit(benchmark::kMicrosecond);

void BM_CountLines(benchmark::State& state) {
  boilerplate::BoilerplateWorkspace ws;
  std::vector<uint64_t> hashes;
  boilerplate::LineCounter counts;
  size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& d : SeedPages()) {
      boilerplate::DistinctLineHashes(d, &ws, &hashes);
      counts.AddDocument(1, hashes);
      bytes += d.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_CountLines)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace dedup::bench

BENCHMARK_MAIN();
