// Copyright 2026 The dedup Authors.
//
// The removed spans of every document, written once by the sign pass and read
// back, in the same order, by the emit pass of `clean`: detection runs once,
// and what the emit pass removes is exactly what the report counted. The
// spans go to an unlinked temporary file (in $TMPDIR, else /tmp), so memory
// stays bounded whatever the crawl's size and the file vanishes with the
// process. A record is a few bytes per span: varints, the rule name inline.
#ifndef DEDUP_CORE_PIPELINE_SPAN_SPILL_H_
#define DEDUP_CORE_PIPELINE_SPAN_SPILL_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/base/span.h"

namespace dedup::pipeline {

// An unlinked temporary file in $TMPDIR (else /tmp): gone when the process
// ends, however it ends. `what` names it in errors ("temporary span file").
class TempFile {
 public:
  static absl::StatusOr<TempFile> Open(std::string what, size_t buffer_bytes);
  absl::Status Write(const void* data, size_t bytes);
  // Flushes what was written; reading starts at the beginning.
  absl::Status Rewind();
  // Reads exactly `bytes`; false at the end of the file or on an error.
  bool Read(void* data, size_t bytes) { return std::fread(data, 1, bytes, file_.get()) == bytes; }
  std::FILE* get() const { return file_.get(); }
  const std::string& what() const { return what_; }

 private:
  // Closes the file, then frees its stdio buffer (glibc ignores setvbuf's
  // size without one, and its own is 4 KiB: a spill of 36 MB went out in
  // 9,000 writes). The buffer lives in the deleter, so that it moves with
  // the file and outlives the final flush however the file is replaced.
  struct Closer {
    std::unique_ptr<char[]> buffer;
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::unique_ptr<std::FILE, Closer> file_;
  std::string what_;
};

// Encodes one document's spans (sorted, as Strip leaves them) and its text
// size into `out` (cleared first). Thread-safe; workers encode, one thread appends.
void EncodeSpans(uint64_t text_bytes, const std::vector<base::RemovedSpan>& spans, std::string* out);

class SpanSpill {
 public:
  static absl::StatusOr<std::unique_ptr<SpanSpill>> Create();

  // Appends one record from EncodeSpans. Calls come in document order.
  absl::Status Append(std::string_view record) { return file_.Write(record.data(), record.size()); }
  // Ends writing; reading starts at the first record.
  absl::Status Rewind() { return file_.Rewind(); }
  // Reads the next record into `*spans`; fails when the document's text size
  // differs from the recorded one (the input changed between passes) or the
  // file is short.
  absl::Status Next(uint64_t text_bytes, std::vector<base::RemovedSpan>* spans);

 private:
  explicit SpanSpill(TempFile f) : file_(std::move(f)) {}
  TempFile file_;
};

// The bottom-k sketches of every document, written by the sign pass (a
// kilobyte a document: 2 GB for 2 million pages, too much to hold), then read
// back once, keeping only the documents that LSH made candidates: the
// verification and clustering stages never look at any other.
class SketchSpill {
 public:
  static absl::StatusOr<std::unique_ptr<SketchSpill>> Create();

  // Appends document number size() (calls in document order).
  absl::Status Append(const std::vector<uint32_t>& sketch);
  uint32_t size() const { return static_cast<uint32_t>(length_.size()); }
  // Reads the sketches of `docs` (ascending) into memory in place of those
  // loaded before: one batch of candidates at a time.
  absl::Status LoadDocs(absl::Span<const uint32_t> docs);
  // The bytes document d's sketch takes in memory.
  size_t SketchBytes(uint32_t d) const { return length_[d] * sizeof(uint32_t); }
  // A loaded document's sketch; empty for one not loaded.
  absl::Span<const uint32_t> Sketch(uint32_t d) const {
    const auto it = slot_.find(d);
    if (it == slot_.end()) return {};
    return absl::MakeConstSpan(loaded_.data() + it->second, length_[d]);
  }

 private:
  // Every kOffsetEvery-th document's offset in the file is kept; another's
  // is found by adding the lengths before it in its block. That is 1/8 byte
  // a document instead of 8, and a load costs its batch, not the corpus.
  static constexpr uint32_t kOffsetEvery = 64;
  explicit SketchSpill(TempFile f) : file_(std::move(f)) {}
  uint64_t FileOffset(uint32_t d) const;
  TempFile file_;
  uint64_t bytes_ = 0;                // written so far
  std::vector<uint16_t> length_;      // values per document (<= 65536 - 1)
  std::vector<uint64_t> offset_;      // file offset of documents 0, kOffsetEvery, 2 kOffsetEvery, ...
  absl::flat_hash_map<uint32_t, uint64_t> slot_;  // loaded document -> offset in loaded_
  std::vector<uint32_t> loaded_;
};

// The LSH band keys of every document, one temporary file per band, so that
// the index stage reads one band at a time (8 bytes a document) instead of
// holding all of them (15 x 8 bytes a document).
class BandSpill {
 public:
  static absl::StatusOr<std::unique_ptr<BandSpill>> Create(size_t bands);

  // Appends one document's keys (bands() of them; zeros for a document
  // without a signature). Calls in document order.
  absl::Status Append(absl::Span<const uint64_t> keys);
  // Reads band `b` of every document into `*out`. Concurrent calls must be
  // for different bands.
  absl::Status ReadBand(size_t b, std::vector<uint64_t>* out);
  size_t bands() const { return files_.size(); }

 private:
  BandSpill() = default;
  std::vector<TempFile> files_;
  uint64_t docs_ = 0;
};

}  // namespace dedup::pipeline

#endif  // DEDUP_CORE_PIPELINE_SPAN_SPILL_H_
