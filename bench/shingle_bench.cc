// Copyright 2026 The dedup Authors.
//
// Shingling (tokenise + hash n-grams with XXH3) of normalised ~10 KB pages.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/common/bench_corpus.h"
#include "core/normalize/normalizer.h"
#include "core/shingle/shingler.h"

namespace dedup::bench {
namespace {

void RunShingle(benchmark::State& state, const std::string& raw) {
  static const auto norm = *normalize::Normalizer::Create({});
  const auto shingler = *shingle::Shingler::Create({}, norm.get());
  std::vector<std::string> pages;
  for (const auto& page : SplitPages(raw)) {
    std::string n;
    norm->Normalize(page, &n);
    pages.push_back(std::move(n));
  }
  shingle::ShingleWorkspace ws;
  std::vector<uint64_t> out;
  size_t bytes = 0, shingles = 0;
  for (auto _ : state) {
    for (const auto& p : pages) {
      shingler.Shingle(p, &ws, &out);
      benchmark::DoNotOptimize(out.data());
      bytes += p.size();
      shingles += out.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["shingles/s"] = benchmark::Counter(static_cast<double>(shingles), benchmark::Counter::kIsRate);
}

void BM_ShingleChinese(benchmark::State& state) { RunShingle(state, SimplifiedChineseText(4 << 20)); }
void BM_ShingleEnglish(benchmark::State& state) { RunShingle(state, EnglishText(4 << 20)); }
BENCHMARK(BM_ShingleChinese)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ShingleEnglish)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dedup::bench

BENCHMARK_MAIN();
