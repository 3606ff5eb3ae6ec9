// Copyright 2026 The dedup Authors.
//
// The write side of `dedup clean`, one thread: escaping a cleaned text into
// its JSON string, and a whole output record (the input line's fields carried
// through, the text replaced, the dedup object appended), on ~10 KB Chinese
// and English pages.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/common/bench_corpus.h"
#include "core/base/json_writer.h"
#include "core/io/reader.h"
#include "core/io/writer.h"

namespace dedup::bench {
namespace {

void RunEscape(benchmark::State& state, const std::vector<std::string>& pages) {
  std::string out;
  size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& p : pages) {
      out.clear();
      base::AppendJsonString(p, &out);
      benchmark::DoNotOptimize(out.data());
      bytes += p.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_JsonEscapeChinese(benchmark::State& state) { RunEscape(state, SplitPages(ChineseText(4 << 20))); }
BENCHMARK(BM_JsonEscapeChinese)->Unit(benchmark::kMillisecond);

void BM_JsonEscapeEnglish(benchmark::State& state) { RunEscape(state, SplitPages(EnglishText(4 << 20))); }
BENCHMARK(BM_JsonEscapeEnglish)->Unit(benchmark::kMillisecond);

// Output records as `clean` writes them: the page's own JSONL line carried
// through, its text replaced by the page without its first line.
void BM_OutputRecordChinese(benchmark::State& state) {
  std::vector<io::Document> docs;
  std::vector<std::string> cleaned;
  size_t n = 0;
  for (const auto& p : SplitPages(ChineseText(4 << 20))) {
    io::Document d;
    d.format = io::Format::kJsonl;
    d.id = absl::StrCat("p", n++);
    d.raw = absl::StrCat("{\"id\":\"", d.id, "\",\"site\":\"www.example.gov.cn\",\"url\":\"https://www.example.gov.cn/a/", n,
                         ".html\",\"text\":");
    base::AppendJsonString(p, &d.raw);
    d.raw += "}";
    d.text = p;
    cleaned.push_back(p.substr(p.find('\n') + 1));
    docs.push_back(std::move(d));
  }
  const std::string dedup_json = "{\"cluster\":null,\"removed\":{\"boilerplate\":120,\"repeated\":0}}";
  std::string out;
  size_t bytes = 0;
  for (auto _ : state) {
    out.clear();
    for (size_t i = 0; i < docs.size(); ++i) {
      io::AppendOutputRecord(docs[i], "text", cleaned[i], dedup_json, &out);
      bytes += docs[i].text.size();
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_OutputRecordChinese)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace dedup::bench

BENCHMARK_MAIN();
