// Copyright 2026 The dedup Authors.
//
// LSH: band keys per signature (insert side) and sorting one band's entries
// into buckets (the query side of a batch run), for 1M documents.
#include <benchmark/benchmark.h>

#include <vector>

#include "core/base/hash.h"
#include "core/lsh/lsh.h"

namespace dedup::bench {
namespace {

void BM_BandKeys(benchmark::State& state) {
  const lsh::LshParams p = *lsh::ChooseParams(0.8, 128);
  std::vector<uint32_t> sig(128);
  for (size_t i = 0; i < sig.size(); ++i) sig[i] = static_cast<uint32_t>(base::Mix64(i));
  std::vector<uint64_t> keys(static_cast<size_t>(p.bands));
  for (auto _ : state) {
    lsh::BandKeys(sig, p, 42, absl::MakeSpan(keys));
    benchmark::DoNotOptimize(keys.data());
  }
  state.counters["docs/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BandKeys);

void BM_SortBandAndBuckets(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  std::vector<lsh::BandEntry> base(n);
  for (size_t i = 0; i < n; ++i) base[i] = {base::Mix64(i % (n - n / 10)), static_cast<uint32_t>(i)};  // 10% in pairs
  for (auto _ : state) {
    auto entries = base;
    lsh::SortBand(&entries);
    size_t buckets = 0;
    lsh::ForEachBucket(entries, [&](absl::Span<const lsh::BandEntry>) { ++buckets; });
    benchmark::DoNotOptimize(buckets);
  }
  state.counters["docs/s"] =
      benchmark::Counter(static_cast<double>(n) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SortBandAndBuckets)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dedup::bench

BENCHMARK_MAIN();
