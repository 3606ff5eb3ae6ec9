// Copyright 2026 The dedup Authors.
//
// libFuzzer target for the readers: the input is written to a file and read
// as JSONL (DEDUP_FUZZ_FORMAT=jsonl, the default) or as WET (=wet), with
// --repair-utf8 when the input's last byte is odd. Every
// document must come out valid UTF-8, and every record must end as a
// document or a malformed record. Read again as the write pass reads it
// (ReaderOptions::text_in_raw), the same documents must come out, and a
// text left in its raw line must give the output record the unescaped
// text gives, cut by the same spans.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/base/json_writer.h"
#include "core/base/span.h"
#include "core/base/utf8.h"
#include "core/io/reader.h"
#include "core/io/writer.h"

namespace {

std::string TempPath(const char* ext) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/dedup-fuzz-" + std::to_string(::getpid()) + ext;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const char* format = std::getenv("DEDUP_FUZZ_FORMAT");
  const bool wet = format != nullptr && std::string(format) == "wet";
  static const std::string path = TempPath(wet ? ".warc.wet" : ".jsonl");
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  auto file = dedup::io::ClassifyPath(path);
  if (!file.ok()) std::abort();
  file->display = file->root = path;
  file->size = size;
  dedup::io::ReaderOptions options;
  options.keep_field = "score";
  // Half the inputs are read with repairs (bad bytes, lone surrogate
  // escapes), which read a line a second time.
  options.repair_utf8 = size > 0 && (data[size - 1] & 1) != 0;
  auto reader = dedup::io::DocumentReader::Open({*file}, options);
  if (!reader.ok()) std::abort();
  options.text_in_raw = false;
  auto as_write_pass = [&] {
    dedup::io::ReaderOptions o = options;
    o.text_in_raw = true;
    return dedup::io::DocumentReader::Open({*file}, o);
  }();
  if (!as_write_pass.ok()) std::abort();
  dedup::io::Document doc, raw_doc;
  uint64_t docs = 0;
  std::string want, got, text;
  while ((*reader)->Next(&doc)) {
    ++docs;
    if (!dedup::base::IsValidUtf8(doc.text) || !dedup::base::IsValidUtf8(doc.raw)) std::abort();
    if (!(*as_write_pass)->Next(&raw_doc) || raw_doc.id != doc.id || raw_doc.raw != doc.raw) std::abort();
    if (raw_doc.TextSize() != doc.text.size()) std::abort();
    if (!raw_doc.text_in_raw) {
      if (raw_doc.text != doc.text) std::abort();
      continue;
    }
    text.clear();
    dedup::base::AppendCanonicalUnescaped(raw_doc.TextJson(), &text);
    if (text != doc.text) std::abort();
    // Cut the middle third, and a span past the end.
    std::vector<dedup::base::RemovedSpan> spans(2);
    spans[0].start = doc.text.size() / 3;
    spans[0].end = 2 * doc.text.size() / 3;
    spans[1].start = doc.text.size();
    spans[1].end = doc.text.size() + 5;
    want.clear();
    got.clear();
    dedup::io::AppendOutputRecord(doc, options.text_field, dedup::base::ApplySpans(doc.text, spans), "{}", &want);
    dedup::io::AppendOutputRecordLessSpans(raw_doc, spans, "{}", &got);
    if (got != want) std::abort();
  }
  if (!(*reader)->status().ok()) std::abort();  // a plain file has no fatal errors
  if (docs + (*reader)->malformed_records() != (*reader)->records()) std::abort();
  if ((*as_write_pass)->Next(&raw_doc)) std::abort();
  return 0;
}
