// Copyright 2026 The dedup Authors.
//
// libFuzzer target for the repeated-block detector: for any text, the spans
// are sorted, disjoint, inside the text, on character boundaries, and each
// is a later copy of a first copy that ends before it starts.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/utf8.h"
#include "core/blocks/repeats.h"

namespace {

bool Boundary(std::string_view t, uint64_t pos) {
  return pos == t.size() || (pos < t.size() && (static_cast<unsigned char>(t[pos]) & 0xC0) != 0x80);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* detector = [] {
    dedup::blocks::BlockOptions o;
    o.min_chars = 16;  // small, so that short inputs find blocks
    o.window = 8;
    o.min_gap_chars = 8;
    auto d = dedup::blocks::BlockDetector::Create(o);
    if (!d.ok()) std::abort();
    return new dedup::blocks::BlockDetector(*std::move(d));
  }();
  // The detector sees what the readers hand out: valid UTF-8.
  const std::string valid =
      dedup::base::ReplaceInvalidUtf8(std::string_view(reinterpret_cast<const char*>(data), size), nullptr);
  const std::string_view text(valid);
  static dedup::blocks::BlockWorkspace ws;  // reused, as each worker thread does
  std::vector<dedup::base::RemovedSpan> spans;
  detector->Detect(text, &ws, &spans);
  uint64_t prev_end = 0;
  auto fail = [&](const char* what, const dedup::base::RemovedSpan& s) {
    std::fprintf(stderr, "blocks_fuzz: %s: span [%llu, %llu) copy_of [%llu, %llu), previous end %llu, text %zu bytes\n",
                 what, (unsigned long long)s.start, (unsigned long long)s.end, (unsigned long long)s.copy_start,
                 (unsigned long long)s.copy_end, (unsigned long long)prev_end, text.size());
    std::abort();
  };
  for (const auto& s : spans) {
    if (s.kind != dedup::base::RemovalKind::kRepeatedBlock) fail("not a repeated block", s);
    if (s.start >= s.end || s.end > text.size()) fail("empty or outside the text", s);
    if (s.start < prev_end) fail("overlaps the span before", s);
    if (s.copy_start >= s.copy_end || s.copy_end > s.start) fail("first copy empty or not before the span", s);
    if (!Boundary(text, s.start) || !Boundary(text, s.end)) fail("not on a character boundary", s);
    prev_end = s.end;
  }
  return 0;
}
