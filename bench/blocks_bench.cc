// Copyright 2026 The dedup Authors.
//
// Repeated-block detection, one thread: ~10 KB Chinese pages without
// repeats (the common case: `BM_BlocksUniquePages`), Chinese pages that
// draw seed paragraphs at random and so repeat some (`BM_BlocksPages`: a
// repeat costs the mapped key stream and the spans), English pages, the
// seeds, and a 10 MB document whose body appears twice.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/common/bench_corpus.h"
#include "core/blocks/repeats.h"

namespace dedup::bench {
namespace {

void Run(benchmark::State& state, const std::vector<std::string>& docs) {
  const auto det = *blocks::BlockDetector::Create({});
  blocks::BlockWorkspace ws;
  std::vector<base::RemovedSpan> spans;
  size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& d : docs) {
      spans.clear();
      det.Detect(d, &ws, &spans);
      benchmark::DoNotOptimize(spans.data());
      bytes += d.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  size_t with = 0;  // pages the detector finds a repeat in
  for (const auto& d : docs) {
    spans.clear();
    det.Detect(d, &ws, &spans);
    with += spans.empty() ? 0 : 1;
  }
  state.counters["pages"] = static_cast<double>(docs.size());
  state.counters["with_repeats"] = static_cast<double>(with);
}

// The key stream alone (blocks::KeyStream): Chinese pages (arg 0),
// traditional (1), English (2).
void BM_KeyStream(benchmark::State& state) {
  static const auto* chinese = new std::vector<std::string>(SplitPages(SimplifiedChineseText(4 << 20)));
  static const auto* traditional = new std::vector<std::string>(SplitPages(TraditionalChineseText(4 << 20)));
  static const auto* english = new std::vector<std::string>(SplitPages(EnglishText(4 << 20)));
  const std::vector<std::string>* docs[] = {chinese, traditional, english};
  std::vector<char32_t> keys;
  size_t bytes = 0, chars = 0;
  for (auto _ : state) {
    for (const auto& d : *docs[state.range(0)]) {
      if (keys.size() < d.size()) keys.resize(d.size());
      chars += blocks::KeyStream(d, keys.data());
      benchmark::DoNotOptimize(keys.data());
      bytes += d.size();
    }
  }
  benchmark::DoNotOptimize(chars);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_KeyStream)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);

void BM_BlocksPages(benchmark::State& state) {
  Run(state, SplitPages(SimplifiedChineseText(4 << 20)));
}
BENCHMARK(BM_BlocksPages)->Unit(benchmark::kMillisecond);

void BM_BlocksUniquePages(benchmark::State& state) { Run(state, UniqueParagraphPages(4 << 20)); }
BENCHMARK(BM_BlocksUniquePages)->Unit(benchmark::kMillisecond);

void BM_BlocksEnglishPages(benchmark::State& state) { Run(state, SplitPages(EnglishText(4 << 20))); }
BENCHMARK(BM_BlocksEnglishPages)->Unit(benchmark::kMillisecond);

void BM_BlocksSeeds(benchmark::State& state) { Run(state, SeedPages()); }
BENCHMARK(BM_BlocksSeeds)->Unit(benchmark::kMicrosecond);

void BM_Blocks10MBDoubled(benchmark::State& state) {
  const std::string half = ChineseText(5 << 20);
  Run(state, {half + half});
}
BENCHMARK(BM_Blocks10MBDoubled)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dedup::bench

BENCHMARK_MAIN();
