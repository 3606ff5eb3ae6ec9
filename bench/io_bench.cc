// Copyright 2026 The dedup Authors.
//
// The write side of `dedup clean`, one thread: escaping a cleaned text into
// its JSON string, and a whole output record (the input line's fields carried
// through, the text replaced, the dedup object appended), on ~10 KB Chinese
// and English pages. The read side: JSONL documents from one big file, by one
// thread and by two, and from one compressed file, decompressed on the
// reading thread or ahead of it.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
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

// The write pass's work per page once read: the page's first and last
// lines cut out and the record written. Arg 0: from the unescaped text (ApplySpans, then
// AppendOutputRecord escapes the rest); arg 1: from the JSON string left in
// the line (Document::text_in_raw), cut and copied as it stands. (Reading
// also differs: arg 0's text was unescaped and copied by the reader.)
void BM_CleanRecordChinese(benchmark::State& state) {
  const bool in_raw = state.range(0) == 1;
  std::vector<io::Document> docs;
  std::vector<std::vector<base::RemovedSpan>> spans;
  size_t n = 0;
  for (const auto& p : SplitPages(ChineseText(4 << 20))) {
    io::Document d;
    d.format = io::Format::kJsonl;
    d.id = absl::StrCat("p", n++);
    d.raw = absl::StrCat("{\"id\":\"", d.id, "\",\"site\":\"www.example.gov.cn\",\"text\":");
    d.text_json_begin = d.raw.size() + 1;
    base::AppendJsonString(p, &d.raw);
    d.text_json_end = d.raw.size() - 1;
    d.raw += "}";
    if (in_raw) {
      d.text_in_raw = true;
      d.text_json_size = p.size();
    } else {
      d.text = p;
    }
    // Its first and last lines, as a header and a footer (the copy from
    // the line maps every escape up to the last cut).
    base::RemovedSpan first_line, last_line;
    first_line.start = 0;
    first_line.end = p.find('\n') + 1;
    last_line.start = p.size() > 1 ? p.rfind('\n', p.size() - 2) + 1 : 0;
    last_line.end = p.size();
    spans.push_back({first_line, last_line});
    docs.push_back(std::move(d));
  }
  const std::string dedup_json = "{\"cluster\":null,\"removed\":[]}";
  std::string out, cleaned;
  size_t bytes = 0;
  for (auto _ : state) {
    out.clear();
    for (size_t i = 0; i < docs.size(); ++i) {
      if (in_raw) {
        io::AppendOutputRecordLessSpans(docs[i], spans[i], dedup_json, &out);
      } else {
        base::ApplySpans(docs[i].text, spans[i], &cleaned);
        io::AppendOutputRecord(docs[i], "text", cleaned, dedup_json, &out);
      }
      bytes += docs[i].TextSize();
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_CleanRecordChinese)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Reading: one 128 MB .jsonl file of ~10 KB Chinese pages, from the page
// cache, JSON-parsed into documents. Arg: reading threads. With more than one
// the file is cut into 16 MB pieces (io::SplitForReading, as a run with
// several workers cuts it) that the threads read at once; this is the
// ceiling a single-file input sets on a many-core run, since every pass
// reads the input again. Wall time: the readers run beside the caller.
const std::vector<io::InputFile>& BigJsonl() {
  static const std::vector<io::InputFile> files = [] {
    const std::string path = (std::filesystem::temp_directory_path() / "dedup-io-bench.jsonl").string();
    std::string content;
    size_t n = 0;
    const std::vector<std::string> pages = SplitPages(ChineseText(8 << 20));
    while (content.size() < (128u << 20)) {
      for (const auto& p : pages) {
        absl::StrAppend(&content, "{\"id\":\"p", n, "\",\"url\":\"https://www.example.gov.cn/a/", n, ".html\",\"text\":");
        ++n;
        base::AppendJsonString(p, &content);
        content += "}\n";
      }
    }
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr || std::fwrite(content.data(), 1, content.size(), f) != content.size() || std::fclose(f) != 0) {
      std::fprintf(stderr, "cannot write %s\n", path.c_str());
      std::exit(1);
    }
    auto expanded = io::ExpandInputs({path});
    if (!expanded.ok()) {
      std::fprintf(stderr, "%s\n", expanded.status().ToString().c_str());
      std::exit(1);
    }
    return *expanded;
  }();
  return files;
}

// Reads every document of `files` once per iteration; text bytes and
// documents per second.
void ReadAll(benchmark::State& state, const std::vector<io::InputFile>& files, const io::ReaderOptions& options) {
  size_t bytes = 0, docs = 0;
  for (auto _ : state) {
    auto reader = io::DocumentReader::Open(files, options);
    if (!reader.ok()) {
      state.SkipWithError(reader.status().ToString().c_str());
      return;
    }
    io::Document d;
    while ((*reader)->Next(&d)) {
      bytes += d.text.size();
      ++docs;
    }
    if (!(*reader)->status().ok()) {
      state.SkipWithError((*reader)->status().ToString().c_str());
      return;
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["docs/s"] = benchmark::Counter(static_cast<double>(docs), benchmark::Counter::kIsRate);
}

void BM_ReadJsonl(benchmark::State& state) {
  io::ReaderOptions options;
  options.read_threads = static_cast<size_t>(state.range(0));
  auto files = io::SplitForReading(BigJsonl(), 16u << 20, options.read_threads);
  if (!files.ok() || options.read_threads == 1) files = BigJsonl();
  ReadAll(state, *files, options);
  state.counters["pieces"] = static_cast<double>(files->size());
}
BENCHMARK(BM_ReadJsonl)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// Reading one compressed file: the same 128 MB as .jsonl.zst and
// .jsonl.gz (written by dedup's own writers), one stream, which no number of
// reading threads can cut. Arg: 0 decompresses on the reading thread, 1 on a
// thread of its own ahead of it (ReaderOptions::decompress_ahead, what a run
// with two or more workers does). Wall time: the rate at which one file's
// documents can reach the workers, in every pass.
const io::InputFile& BigCompressed(const std::string& suffix) {
  static std::map<std::string, io::InputFile> files;
  auto it = files.find(suffix);
  if (it != files.end()) return it->second;
  const std::string path = BigJsonl()[0].path + suffix;
  std::FILE* in = std::fopen(BigJsonl()[0].path.c_str(), "rb");
  auto w = io::AtomicFileWriter::Create(path, 1);
  if (in == nullptr || !w.ok()) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::exit(1);
  }
  std::vector<char> buf(1 << 20);
  for (size_t n; (n = std::fread(buf.data(), 1, buf.size(), in)) > 0;) {
    if (!(*w)->Write(std::string_view(buf.data(), n)).ok()) std::exit(1);
  }
  std::fclose(in);
  if (!(*w)->Commit().ok()) std::exit(1);
  auto expanded = io::ExpandInputs({path});
  if (!expanded.ok() || expanded->size() != 1) std::exit(1);
  return files[suffix] = (*expanded)[0];
}

void ReadOne(benchmark::State& state, const io::InputFile& file) {
  io::ReaderOptions options;
  options.decompress_ahead = state.range(0) != 0;
  ReadAll(state, {file}, options);
}
void BM_ReadJsonlZst(benchmark::State& state) { ReadOne(state, BigCompressed(".zst")); }
BENCHMARK(BM_ReadJsonlZst)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
void BM_ReadJsonlGz(benchmark::State& state) { ReadOne(state, BigCompressed(".gz")); }
BENCHMARK(BM_ReadJsonlGz)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same over the files named in DEDUP_BENCH_READ (comma-separated; e.g.
// the generated crawl bench/e2e.sh leaves in build/bench-data, whose
// compression is a real crawl's, where the pages above repeat): skipped
// when it is unset.
void BM_ReadFile(benchmark::State& state) {
  const char* env = std::getenv("DEDUP_BENCH_READ");
  if (env == nullptr || *env == '\0') {
    state.SkipWithError("DEDUP_BENCH_READ is not set");
    return;
  }
  const std::vector<std::string> paths = absl::StrSplit(env, ',');
  const auto files = io::ExpandInputs(paths);
  if (!files.ok() || files->size() != 1) {
    state.SkipWithError("DEDUP_BENCH_READ: name one input file");
    return;
  }
  ReadOne(state, (*files)[0]);
}
BENCHMARK(BM_ReadFile)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace dedup::bench

BENCHMARK_MAIN();
