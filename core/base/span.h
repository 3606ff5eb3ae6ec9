// Copyright 2026 The dedup Authors.
//
// RemovedSpan: a byte range of a document's ORIGINAL text that a detector
// removes, with the reason. This is the plain data that the blocks and
// boilerplate detectors produce and that pipeline, io and report consume.
#ifndef DEDUP_CORE_BASE_SPAN_H_
#define DEDUP_CORE_BASE_SPAN_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dedup::base {

// Do not change the values: they appear in output files.
enum class RemovalKind : uint8_t {
  kRepeatedBlock = 0,  // "repeated_block": a later copy of earlier text
  kBoilerplate = 1,    // "boilerplate": site furniture
};

// Returns "repeated_block" or "boilerplate".
std::string_view RemovalKindName(RemovalKind kind);

struct RemovedSpan {
  // Half-open byte range [start, end) into the original text. Both ends lie on
  // UTF-8 character boundaries.
  uint64_t start = 0;
  uint64_t end = 0;
  RemovalKind kind = RemovalKind::kBoilerplate;
  // kRepeatedBlock: the half-open byte range of the first copy.
  uint64_t copy_start = 0;
  uint64_t copy_end = 0;
  // kBoilerplate: name of the rule (or "site-repeated-line" etc.) that fired.
  std::string rule;

  uint64_t size() const { return end - start; }
  friend bool operator==(const RemovedSpan&, const RemovedSpan&) = default;
};

// Sorts `spans` by (start, end), merges nothing. Overlapping spans of
// different detectors may remain; use CoveredBytes / ApplySpans for bytes.
void SortSpans(std::vector<RemovedSpan>* spans);

// Returns how many bytes of a text of `text_size` bytes the union of `spans`
// covers (overlaps counted once).
uint64_t CoveredBytes(const std::vector<RemovedSpan>& spans);

// Returns `text` with the union of `spans` cut out. Where a cut leaves two
// newlines-free pieces glued, nothing is inserted: callers that care about
// line structure remove whole lines (detectors include the line's '\n').
std::string ApplySpans(std::string_view text, const std::vector<RemovedSpan>& spans);
// The same into `*out` (replaced), reusing its capacity.
void ApplySpans(std::string_view text, const std::vector<RemovedSpan>& spans, std::string* out);

// Appends what base::AppendJsonString(ApplySpans(text, spans)) appends,
// where `json` is the content of a JSON string of `text` that
// IsCanonicalJsonString accepted: the pieces between the spans copied as
// they stand, escapes and all, with no unescaping and no escaping again.
void AppendJsonStringLessSpans(std::string_view json, const std::vector<RemovedSpan>& spans, std::string* out);

}  // namespace dedup::base

#endif  // DEDUP_CORE_BASE_SPAN_H_
