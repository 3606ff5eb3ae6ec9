// Copyright 2026 The dedup Authors.
//
// Normalisation throughput on ~10 KB pages (the size of a typical crawled
// article): simplified Chinese (fast path, no conversion), traditional Chinese
// (phrase-level conversion), English, and the traditional-character scan.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/common/bench_corpus.h"
#include "core/normalize/normalizer.h"
#include "core/normalize/t2s.h"

namespace dedup::bench {
namespace {

const normalize::Normalizer& Norm() {
  static const auto n = *normalize::Normalizer::Create({});
  return *n;
}

void RunNormalize(benchmark::State& state, const std::string& text) {
  const auto pages = SplitPages(text);
  std::string out;
  size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& p : pages) {
      Norm().Normalize(p, &out);
      benchmark::DoNotOptimize(out.data());
      bytes += p.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["docs/s"] = benchmark::Counter(static_cast<double>(pages.size()) * static_cast<double>(state.iterations()),
                                                benchmark::Counter::kIsRate);
}

void BM_NormalizeSimplified(benchmark::State& state) { RunNormalize(state, SimplifiedChineseText(4 << 20)); }
void BM_NormalizeTraditional(benchmark::State& state) { RunNormalize(state, TraditionalChineseText(4 << 20)); }
void BM_NormalizeEnglish(benchmark::State& state) { RunNormalize(state, EnglishText(4 << 20)); }
BENCHMARK(BM_NormalizeSimplified)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NormalizeTraditional)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NormalizeEnglish)->Unit(benchmark::kMillisecond);

void BM_HasTraditional(benchmark::State& state) {
  const std::string text = SimplifiedChineseText(4 << 20);
  for (auto _ : state) benchmark::DoNotOptimize(Norm().HasTraditional(text));
  state.SetBytesProcessed(static_cast<int64_t>(text.size()) * state.iterations());
}
BENCHMARK(BM_HasTraditional)->Unit(benchmark::kMillisecond);

void BM_T2SConvert(benchmark::State& state) {
  static const auto t2s = *normalize::T2SConverter::Create(DEDUP_OPENCC_DATA_DIR);
  const std::string text = TraditionalChineseText(4 << 20);
  std::string out;
  for (auto _ : state) {
    t2s->Convert(text, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(text.size()) * state.iterations());
}
BENCHMARK(BM_T2SConvert)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dedup::bench

BENCHMARK_MAIN();
