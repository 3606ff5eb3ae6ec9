// Copyright 2026 The dedup Authors.
//
// Boilerplate detection with the built-in rule pack, one thread: the seed
// pages (with real headers and footers) and ~10 KB English pages, and line
// counting for the cross-document pass; and the substring search of the
// rules' "contains" patterns against the standard library's.
#include <benchmark/benchmark.h>

#include <cstring>
#include <string>
#include <vector>

#include "bench/common/bench_corpus.h"
#include "core/base/find.h"
#include "core/base/line_key.h"
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

// Every "contains" pattern of the built-in pack searched for in the line
// keys of the seed pages and of the English pages (lines of at most 200
// key characters, as the matcher sees them), with std::string_view::find
// (arg 0), base::FindSubstring (arg 1) or glibc's memmem (arg 2).
void BM_FindPatterns(benchmark::State& state) {
  const auto pack = boilerplate::RulePack::Default();
  std::vector<std::string> patterns;
  for (const auto& r : pack.rules())
    if (r.match == boilerplate::MatchKind::kContains) patterns.insert(patterns.end(), r.patterns.begin(), r.patterns.end());
  std::vector<std::string> keys;
  std::string key;
  for (const auto* docs : {&SeedPages(), &EnglishPages()}) {
    for (const auto& d : *docs) {
      for (size_t pos = 0; pos < d.size();) {
        size_t nl = d.find('\n', pos);
        if (nl == std::string::npos) nl = d.size();
        if (const size_t n = base::NormalizeLineKey(std::string_view(d).substr(pos, nl - pos), {}, &key); n > 0 && n <= 200)
          keys.push_back(key);
        pos = nl + 1;
      }
    }
  }
  const int64_t how = state.range(0);
  auto find = [how](std::string_view k, std::string_view p) -> bool {
    if (how == 1) return base::FindSubstring(k, p) != std::string_view::npos;
    if (how == 2) return ::memmem(k.data(), k.size(), p.data(), p.size()) != nullptr;
    return k.find(p) != std::string_view::npos;
  };
  size_t bytes = 0, hits = 0;
  for (auto _ : state) {
    for (const auto& k : keys) {
      for (const auto& p : patterns)
        hits += find(k, p);
      bytes += k.size();
    }
  }
  benchmark::DoNotOptimize(hits);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["patterns"] = static_cast<double>(patterns.size());
}
BENCHMARK(BM_FindPatterns)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMicrosecond);

// WriteLineKey over every line of the pages, keys folded as the
// boilerplate detector folds them: the seed pages (arg 0), generated
// simplified Chinese (1), traditional Chinese (2), English (3). Both the
// count pass and the detector key every line.
void BM_LineKeys(benchmark::State& state) {
  static const auto* chinese = new std::vector<std::string>(SplitPages(SimplifiedChineseText(1 << 20)));
  static const auto* traditional = new std::vector<std::string>(SplitPages(TraditionalChineseText(1 << 20)));
  const std::vector<std::string>* docs[] = {&SeedPages(), chinese, traditional, &EnglishPages()};
  std::vector<std::string_view> lines;
  for (const auto& d : *docs[state.range(0)]) {
    for (size_t pos = 0; pos < d.size();) {
      size_t nl = d.find('\n', pos);
      if (nl == std::string::npos) nl = d.size();
      lines.push_back(std::string_view(d).substr(pos, nl - pos));
      pos = nl + 1;
    }
  }
  std::string room;
  size_t bytes = 0, chars = 0;
  for (auto _ : state) {
    for (const std::string_view line : lines) {
      if (room.size() < base::LineKeyRoom(line.size())) room.resize(base::LineKeyRoom(line.size()));
      size_t key_bytes = 0;
      chars += base::WriteLineKey(line, boilerplate::KeyOptions(), room.data(), &key_bytes);
      benchmark::DoNotOptimize(room.data());
      bytes += line.size() + 1;
    }
  }
  benchmark::DoNotOptimize(chars);
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_LineKeys)->DenseRange(0, 3)->Unit(benchmark::kMicrosecond);

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
