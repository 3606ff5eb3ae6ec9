// Copyright 2026 The dedup Authors.
//
// libFuzzer target for the readers: the input is written to a file and read
// as JSONL (DEDUP_FUZZ_FORMAT=jsonl, the default) or as WET (=wet). Every
// document must come out valid UTF-8, and every record must end as a
// document or a malformed record.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/base/utf8.h"
#include "core/io/reader.h"

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
  auto reader = dedup::io::DocumentReader::Open({*file}, options);
  if (!reader.ok()) std::abort();
  dedup::io::Document doc;
  uint64_t docs = 0;
  while ((*reader)->Next(&doc)) {
    ++docs;
    if (!dedup::base::IsValidUtf8(doc.text) || !dedup::base::IsValidUtf8(doc.raw)) std::abort();
  }
  if (!(*reader)->status().ok()) std::abort();  // a plain file has no fatal errors
  if (docs + (*reader)->malformed_records() != (*reader)->records()) std::abort();
  return 0;
}
