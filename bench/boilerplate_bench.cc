// Copyright 2026 The dedup Authors.
//
// Boilerplate detection with the built-in rule pack, one thread: the seed
// pages (with real headers and footers) and ~10 KB English pages, and line
// counting for the cross-document pass.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/common/bench_corpus.h"
#include "core/boilerplate/boilerplate.h"

namespace dedup::bench {
namespace {

const std::vector<std::string>& EnglishPages() {
  static const auto* pages = new std::vector<std::string>(SplitPages(EnglishText(1 << 20)));
  return *pages;
}

void Rules(benchmark::State& state, const std::vector<std::string>& docs) {
  const auto det = *boilerplate::BoilerplateDetector::Create({}, boilerplate::RulePack::Default());
  boilerplate::BoilerplateWorkspace ws;
  std::vector<base::RemovedSpan> spans;
  size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& d : docs) {
      spans.clear();
      det.Detect(d, boilerplate::GroupKey(""), nullptr, &ws, &spans);
      benchmark::DoNotOptimize(spans.data());
      bytes += d.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void Count(benchmark::State& state, const std::vector<std::string>& docs) {
  boilerplate::BoilerplateWorkspace ws;
  std::vector<uint64_t> hashes;
  boilerplate::LineCounter counts;
  size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& d : docs) {
      boilerplate::DistinctLineHashes(d, &ws, &hashes);
      counts.AddDocument(1, hashes);
      bytes += d.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_BoilerplateRulesSeeds(benchmark::State& state) { Rules(state, SeedPages()); }
BENCHMARK(BM_BoilerplateRulesSeeds)->Unit(benchmark::kMicrosecond);
void BM_BoilerplateRulesEnglish(benchmark::State& state) { Rules(state, EnglishPages()); }
BENCHMARK(BM_BoilerplateRulesEnglish)->Unit(benchmark::kMicrosecond);
void BM_CountLines(benchmark::State& state) { Count(state, SeedPages()); }
BENCHMARK(BM_CountLines)->Unit(benchmark::kMicrosecond);
void BM_CountLinesEnglish(benchmark::State& state) { Count(state, EnglishPages()); }
BENCHMARK(BM_CountLinesEnglish)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace dedup::bench

BENCHMARK_MAIN();
