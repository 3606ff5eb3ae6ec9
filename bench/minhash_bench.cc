// Copyright 2026 The dedup Authors.
//
// Signature cost per shingle: one-permutation hashing with densification
// against K independent permutations (the datasketch scheme), and the
// bottom-k verification sketch, on the shingles of ~10 KB Chinese pages
// (about 3,000 shingles each).
#include <benchmark/benchmark.h>

#include <vector>

#include "core/base/hash.h"
#include "core/minhash/minhash.h"

namespace dedup::bench {
namespace {

std::vector<uint64_t> Shingles(size_t n, uint64_t salt) {
  std::vector<uint64_t> s(n);
  for (size_t i = 0; i < n; ++i) s[i] = base::Mix64(i * 0x9E3779B97F4A7C15ULL + salt);
  return s;
}

void RunMinHash(benchmark::State& state, minhash::MinHashMethod method) {
  minhash::MinHashOptions o;
  o.method = method;
  o.num_perm = static_cast<int>(state.range(1));
  const auto mh = *minhash::MinHasher::Create(o);
  const auto shingles = Shingles(static_cast<size_t>(state.range(0)), 1);
  std::vector<uint32_t> sig(static_cast<size_t>(o.num_perm));
  for (auto _ : state) {
    mh.Compute(shingles, absl::MakeSpan(sig));
    benchmark::DoNotOptimize(sig.data());
  }
  state.counters["shingles/s"] =
      benchmark::Counter(static_cast<double>(shingles.size()) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}

void BM_MinHashOph(benchmark::State& state) { RunMinHash(state, minhash::MinHashMethod::kOnePermutation); }
void BM_MinHashKPerm(benchmark::State& state) { RunMinHash(state, minhash::MinHashMethod::kPermutations); }
BENCHMARK(BM_MinHashOph)->Args({3000, 128})->Args({50, 128})->Args({3000, 256});
BENCHMARK(BM_MinHashKPerm)->Args({3000, 128})->Args({50, 128});

// Short pages (a title, a one-line post: 2-20 shingles) leave most of the
// 128 bins empty, and densifying them is then the whole cost. Args:
// shingles, and 0 for Compute (donors found from the filled bins' side
// where few are filled) or 1 for ComputeByProbing (each empty bin follows
// its own probe sequence): the same signatures.
void BM_MinHashOphShort(benchmark::State& state) {
  const auto mh = *minhash::MinHasher::Create({});
  const auto shingles = Shingles(static_cast<size_t>(state.range(0)), 3);
  std::vector<uint32_t> sig(128);
  for (auto _ : state) {
    if (state.range(1) == 0) {
      mh.Compute(shingles, absl::MakeSpan(sig));
    } else {
      mh.ComputeByProbing(shingles, absl::MakeSpan(sig));
    }
    benchmark::DoNotOptimize(sig.data());
  }
  state.counters["docs/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MinHashOphShort)->ArgsProduct({{2, 5, 10, 16, 20}, {0, 1}});

void BM_BottomK(benchmark::State& state) {
  const auto bk = *minhash::BottomKSketcher::Create(256, 42);
  const auto shingles = Shingles(static_cast<size_t>(state.range(0)), 2);
  std::vector<uint32_t> scratch, out;
  for (auto _ : state) {
    bk.Compute(shingles, &scratch, &out);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["shingles/s"] =
      benchmark::Counter(static_cast<double>(shingles.size()) * static_cast<double>(state.iterations()),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BottomK)->Arg(300)->Arg(1000)->Arg(3000)->Arg(300000);

void BM_EstimateBottomK(benchmark::State& state) {
  const auto bk = *minhash::BottomKSketcher::Create(256, 42);
  std::vector<uint32_t> scratch, a, b;
  bk.Compute(Shingles(3000, 3), &scratch, &a);
  bk.Compute(Shingles(3000, 3), &scratch, &b);
  for (auto _ : state) benchmark::DoNotOptimize(minhash::EstimateJaccardBottomK(a, b, 256));
}
BENCHMARK(BM_EstimateBottomK);

}  // namespace
}  // namespace dedup::bench

BENCHMARK_MAIN();
