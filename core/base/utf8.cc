// Copyright 2026 The dedup Authors.
#include "core/base/utf8.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "core/base/json_writer.h"
#include "core/base/span.h"

namespace dedup::base {

bool IsValidUtf8(std::string_view text) {
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    // Skip ASCII eight bytes at a time.
    if (end - p >= 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        p += 8;
        continue;
      }
    }
    char32_t cp;
    const size_t n = DecodeUtf8(p, end, &cp);
    if (cp == kReplacementChar && n == 1 && static_cast<unsigned char>(*p) >= 0x80) return false;
    p += n;
  }
  return true;
}

std::string ReplaceInvalidUtf8(std::string_view text, size_t* replaced) {
  std::string out;
  out.reserve(text.size());
  size_t count = 0;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    char32_t cp;
    const size_t n = DecodeUtf8(p, end, &cp);
    if (cp == kReplacementChar && n == 1 && static_cast<unsigned char>(*p) >= 0x80) {
      ++count;
      AppendUtf8(kReplacementChar, &out);
    } else {
      out.append(p, n);
    }
    p += n;
  }
  if (replaced != nullptr) *replaced = count;
  return out;
}

size_t FloorToCharBoundary(std::string_view text, size_t pos) {
  if (pos >= text.size()) return text.size();
  while (pos > 0 && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

bool IsAscii(std::string_view text) {
  const char* p = text.data();
  const char* end = p + text.size();
  uint64_t acc = 0;
  while (end - p >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    acc |= w;
    p += 8;
  }
  while (p < end) acc |= static_cast<unsigned char>(*p++);
  return (acc & 0x8080808080808080ULL) == 0;
}

std::string_view RemovalKindName(RemovalKind kind) {
  switch (kind) {
    case RemovalKind::kRepeatedBlock:
      return "repeated_block";
    case RemovalKind::kBoilerplate:
      return "boilerplate";
  }
  return "boilerplate";
}

void SortSpans(std::vector<RemovedSpan>* spans) {
  auto before = [](const RemovedSpan& a, const RemovedSpan& b) {
    return a.start != b.start ? a.start < b.start : a.end < b.end;
  };
  // A detector emits its spans in order, so they mostly are already;
  // stable_sort would still take a buffer from the heap for every page.
  if (std::is_sorted(spans->begin(), spans->end(), before)) return;
  std::stable_sort(spans->begin(), spans->end(), before);
}

namespace {
// Returns the union of the spans' ranges as sorted disjoint intervals, in a
// buffer of the calling thread (valid until its next call; every document of
// a run comes through here twice, so no allocation per call).
const std::vector<std::pair<uint64_t, uint64_t>>& Union(const std::vector<RemovedSpan>& spans) {
  thread_local std::vector<std::pair<uint64_t, uint64_t>> r, out;
  r.clear();
  out.clear();
  for (const auto& s : spans)
    if (s.end > s.start) r.emplace_back(s.start, s.end);
  std::sort(r.begin(), r.end());
  for (const auto& iv : r) {
    if (!out.empty() && iv.first <= out.back().second) {
      out.back().second = std::max(out.back().second, iv.second);
    } else {
      out.push_back(iv);
    }
  }
  return out;
}
}  // namespace

uint64_t CoveredBytes(const std::vector<RemovedSpan>& spans) {
  uint64_t total = 0;
  for (const auto& iv : Union(spans)) total += iv.second - iv.first;
  return total;
}

std::string ApplySpans(std::string_view text, const std::vector<RemovedSpan>& spans) {
  std::string out;
  ApplySpans(text, spans, &out);
  return out;
}

void ApplySpans(std::string_view text, const std::vector<RemovedSpan>& spans, std::string* out) {
  out->clear();
  out->reserve(text.size());
  uint64_t pos = 0;
  for (const auto& iv : Union(spans)) {
    const uint64_t s = std::min<uint64_t>(iv.first, text.size());
    const uint64_t e = std::min<uint64_t>(iv.second, text.size());
    if (s > pos) out->append(text.substr(pos, s - pos));
    pos = std::max(pos, e);
  }
  if (pos < text.size()) out->append(text.substr(pos));
}

void AppendJsonStringLessSpans(std::string_view json, const std::vector<RemovedSpan>& spans, std::string* out) {
  out->push_back('"');
  // (raw, plain): the same place in `json` and in the text it holds.
  size_t raw = 0;
  uint64_t plain = 0;
  // Moves (raw, plain) forward to where the text's offset is `to` (or its
  // end): plain bytes one for one, an escape as one byte.
  auto advance = [&](uint64_t to) {
    while (plain < to && raw < json.size()) {
      const size_t run = FindJsonSpecial(json.substr(raw), /*quotes_only=*/true);  // plain bytes
      if (run >= to - plain) {
        raw += static_cast<size_t>(to - plain);
        plain = to;
        return;
      }
      raw += run;
      plain += run;
      if (raw == json.size()) return;  // the text ends before `to`
      raw += CanonicalEscapeSize(json.substr(raw));
      ++plain;
    }
  };
  for (const auto& iv : Union(spans)) {
    const size_t from = raw;
    advance(iv.first);
    out->append(json.data() + from, raw - from);
    advance(iv.second);
  }
  out->append(json.data() + raw, json.size() - raw);
  out->push_back('"');
}

}  // namespace dedup::base
