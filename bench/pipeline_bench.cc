// Copyright 2026 The dedup Authors.
//
// The sign stage as the pipeline runs it per document (SignOne in
// core/pipeline/pipeline.cc): normalise -> shingle (char 5-grams / word
// 5-grams, XXH3) -> 128-slot MinHash -> LSH band keys -> bottom-k
// verification sketch, on ~10 KB pages, one thread. MB/s here is per core.
// BM_MinHashOnly* stop after the MinHash: the stage as issue 5's target and
// datasketch define it.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench/common/bench_corpus.h"
#include "core/lsh/lsh.h"
#include "core/minhash/minhash.h"
#include "core/normalize/normalizer.h"
#include "core/shingle/shingler.h"

namespace dedup::bench {
namespace {

// `with_verification`: also the LSH band keys and the bottom-k sketch, as the
// pipeline signs a document; without, only what issue 5's sign-stage target
// names (normalise + shingle + 128-slot MinHash), as datasketch's MinHash
// does.
void RunSign(benchmark::State& state, const std::string& text, minhash::MinHashMethod method,
             bool with_verification = true) {
  static const auto norm = *normalize::Normalizer::Create({});
  const auto shingler = *shingle::Shingler::Create({}, norm.get());
  minhash::MinHashOptions mo;
  mo.method = method;
  const auto mh = *minhash::MinHasher::Create(mo);
  const auto bk = *minhash::BottomKSketcher::Create(256, 42);
  const lsh::LshParams lp = *lsh::ChooseParams(0.8, 128);
  const auto pages = SplitPages(text);
  shingle::ShingleWorkspace ws;
  std::vector<uint64_t> shingles, keys(static_cast<size_t>(lp.bands));
  std::vector<uint32_t> sig(128), scratch, sketch;
  size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& p : pages) {
      shingler.ShingleText(p, &ws, &shingles);
      mh.Compute(shingles, absl::MakeSpan(sig));
      benchmark::DoNotOptimize(sig.data());
      if (with_verification) {
        lsh::BandKeys(sig, lp, 42, absl::MakeSpan(keys));
        bk.Compute(shingles, &scratch, &sketch);
        benchmark::DoNotOptimize(keys.data());
        benchmark::DoNotOptimize(sketch.data());
      }
      bytes += p.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["docs/s"] = benchmark::Counter(static_cast<double>(pages.size()) * static_cast<double>(state.iterations()),
                                                benchmark::Counter::kIsRate);
}

void BM_SignSimplifiedChinese(benchmark::State& s) { RunSign(s, SimplifiedChineseText(8 << 20), minhash::MinHashMethod::kOnePermutation); }
void BM_SignTraditionalChinese(benchmark::State& s) { RunSign(s, TraditionalChineseText(8 << 20), minhash::MinHashMethod::kOnePermutation); }
void BM_SignEnglish(benchmark::State& s) { RunSign(s, EnglishText(8 << 20), minhash::MinHashMethod::kOnePermutation); }
void BM_SignSimplifiedChineseKPerm(benchmark::State& s) { RunSign(s, SimplifiedChineseText(8 << 20), minhash::MinHashMethod::kPermutations); }
void BM_MinHashOnlySimplifiedChinese(benchmark::State& s) {
  RunSign(s, SimplifiedChineseText(8 << 20), minhash::MinHashMethod::kOnePermutation, false);
}
void BM_MinHashOnlyTraditionalChinese(benchmark::State& s) {
  RunSign(s, TraditionalChineseText(8 << 20), minhash::MinHashMethod::kOnePermutation, false);
}
void BM_MinHashOnlyEnglish(benchmark::State& s) { RunSign(s, EnglishText(8 << 20), minhash::MinHashMethod::kOnePermutation, false); }
BENCHMARK(BM_SignSimplifiedChinese)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SignTraditionalChinese)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SignEnglish)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SignSimplifiedChineseKPerm)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MinHashOnlySimplifiedChinese)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MinHashOnlyTraditionalChinese)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MinHashOnlyEnglish)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dedup::bench

BENCHMARK_MAIN();
