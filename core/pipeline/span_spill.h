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

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/base/span.h"

namespace dedup::pipeline {

// Encodes one document's spans (sorted, as Strip leaves them) and its text
// size into `out` (cleared first). Thread-safe; workers encode, one thread appends.
void EncodeSpans(uint64_t text_bytes, const std::vector<base::RemovedSpan>& spans, std::string* out);

class SpanSpill {
 public:
  static absl::StatusOr<std::unique_ptr<SpanSpill>> Create();
  ~SpanSpill();
  SpanSpill(const SpanSpill&) = delete;
  SpanSpill& operator=(const SpanSpill&) = delete;

  // Appends one record from EncodeSpans. Calls come in document order.
  absl::Status Append(std::string_view record);
  // Ends writing; reading starts at the first record.
  absl::Status Rewind();
  // Reads the next record into `*spans`; fails when the document's text size
  // differs from the recorded one (the input changed between passes) or the
  // file is short.
  absl::Status Next(uint64_t text_bytes, std::vector<base::RemovedSpan>* spans);
  uint64_t bytes_written() const { return written_; }

 private:
  explicit SpanSpill(std::FILE* f) : file_(f) {}
  std::FILE* file_;
  uint64_t written_ = 0;
};

// The bottom-k sketches of every document, written by the sign pass (a
// kilobyte a document: 2 GB for 2 million pages, too much to hold), then read
// back once, keeping only the documents that LSH made candidates: the
// verification and clustering stages never look at any other.
class SketchSpill {
 public:
  static absl::StatusOr<std::unique_ptr<SketchSpill>> Create();
  ~SketchSpill();
  SketchSpill(const SketchSpill&) = delete;
  SketchSpill& operator=(const SketchSpill&) = delete;

  // Appends document number size() (calls in document order).
  absl::Status Append(const std::vector<uint32_t>& sketch);
  uint32_t size() const { return static_cast<uint32_t>(length_.size()); }
  // Reads the sketches of the documents with keep[d] != 0 into memory.
  absl::Status Load(const std::vector<uint8_t>& keep);
  // A loaded document's sketch; empty for one not loaded.
  absl::Span<const uint32_t> Sketch(uint32_t d) const {
    if (slot_[d] == UINT64_MAX) return {};
    return absl::MakeConstSpan(loaded_.data() + slot_[d], length_[d]);
  }
  uint64_t loaded_values() const { return loaded_.size(); }

 private:
  explicit SketchSpill(std::FILE* f) : file_(f) {}
  std::FILE* file_;
  std::vector<uint16_t> length_;  // values per document (<= 65536 - 1)
  std::vector<uint64_t> slot_;    // offset in loaded_, UINT64_MAX = not loaded
  std::vector<uint32_t> loaded_;
};

// The LSH band keys of every document, one temporary file per band, so that
// the index stage reads one band at a time (8 bytes a document) instead of
// holding all of them (15 x 8 bytes a document).
class BandSpill {
 public:
  static absl::StatusOr<std::unique_ptr<BandSpill>> Create(size_t bands);
  ~BandSpill();
  BandSpill(const BandSpill&) = delete;
  BandSpill& operator=(const BandSpill&) = delete;

  // Appends one document's keys (bands() of them; zeros for a document
  // without a signature). Calls in document order.
  absl::Status Append(absl::Span<const uint64_t> keys);
  // Reads band `b` of every document into `*out`. Concurrent calls must be
  // for different bands.
  absl::Status ReadBand(size_t b, std::vector<uint64_t>* out) const;
  size_t bands() const { return files_.size(); }

 private:
  BandSpill() = default;
  std::vector<std::FILE*> files_;
  uint64_t docs_ = 0;
};

}  // namespace dedup::pipeline

#endif  // DEDUP_CORE_PIPELINE_SPAN_SPILL_H_
