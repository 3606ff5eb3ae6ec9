// Copyright 2026 The dedup Authors.
#include "core/blocks/repeats.h"

#include <algorithm>

#include "core/base/line_key.h"
#include "core/base/utf8.h"

namespace dedup::blocks {

absl::Status BlockOptions::Validate() const {
  if (window < 4 || window > 1024) return absl::InvalidArgumentError("block window must be in [4, 1024]");
  if (min_chars < window) return absl::InvalidArgumentError("block min_chars must be >= window");
  if (!(max_gap_fraction >= 0 && max_gap_fraction <= 1))
    return absl::InvalidArgumentError("block max_gap_fraction must be in [0, 1]");
  return absl::OkStatus();
}

absl::StatusOr<BlockDetector> BlockDetector::Create(const BlockOptions& options) {
  absl::Status s = options.Validate();
  if (!s.ok()) return s;
  return BlockDetector(options);
}

namespace {

constexpr uint64_t kBase = 0x100000001B3ULL;

// Builds the key stream of `text` (see the header) with byte offsets and lines.
void BuildKeys(std::string_view text, BlockWorkspace* ws) {
  ws->keys.clear();
  ws->key_begin.clear();
  ws->key_end.clear();
  ws->key_line.clear();
  ws->line_start.clear();
  ws->line_next.clear();
  ws->line_first_key.clear();
  ws->line_last_key.clear();
  const char* base = text.data();
  const char* p = base;
  const char* end = base + text.size();
  uint32_t line = 0;
  ws->line_start.push_back(0);
  ws->line_first_key.push_back(UINT32_MAX);
  ws->line_last_key.push_back(UINT32_MAX);
  while (p < end) {
    const char* at = p;
    char32_t cp;
    p += base::DecodeUtf8(p, end, &cp);
    if (cp == '\n') {
      ws->line_next.push_back(static_cast<uint32_t>(p - base));
      ++line;
      ws->line_start.push_back(static_cast<uint32_t>(p - base));
      ws->line_first_key.push_back(UINT32_MAX);
      ws->line_last_key.push_back(UINT32_MAX);
      continue;
    }
    cp = base::FoldKeyChar(cp);
    if (cp == 0) continue;
    const uint32_t k = static_cast<uint32_t>(ws->keys.size());
    if (ws->line_first_key[line] == UINT32_MAX) ws->line_first_key[line] = k;
    ws->line_last_key[line] = k;
    ws->keys.push_back(cp);
    ws->key_begin.push_back(static_cast<uint32_t>(at - base));
    ws->key_end.push_back(static_cast<uint32_t>(p - base));
    ws->key_line.push_back(line);
  }
  ws->line_next.push_back(static_cast<uint32_t>(text.size()));
}

}  // namespace

void BlockDetector::Detect(std::string_view text, BlockWorkspace* ws, std::vector<base::RemovedSpan>* out) const {
  if (text.size() >= UINT32_MAX) return;  // 32-bit offsets; such input is split upstream
  BuildKeys(text, ws);
  const auto& keys = ws->keys;
  const size_t n = keys.size();
  const size_t w = options_.window;
  ws->matches.clear();
  if (n < 2 * options_.min_chars) return;

  // Rolling hash of every window; the first position of each hash.
  uint64_t pow = 1;
  for (size_t i = 1; i < w; ++i) pow *= kBase;
  auto& first = ws->first_seen;
  first.clear();
  first.reserve(n);
  uint64_t h = 0;
  for (size_t i = 0; i < w; ++i) h = h * kBase + keys[i] + 1;
  size_t i = 0;
  for (;;) {
    // Window [i, i + w) has hash h.
    auto [it, inserted] = first.try_emplace(h, static_cast<uint32_t>(i));
    size_t advance = 1;
    if (!inserted && it->second + w <= i) {
      const size_t j = it->second;
      size_t len = 0;
      // Verify (hash collisions) and extend; the source never runs into the copy.
      while (i + len < n && j + len < i && keys[j + len] == keys[i + len]) ++len;
      if (len >= w) {
        if (len >= options_.min_chars / 2) {  // short pieces can still join a near-exact run
          ws->matches.push_back({static_cast<uint32_t>(j), static_cast<uint32_t>(j + len), static_cast<uint32_t>(i),
                                 static_cast<uint32_t>(i + len)});
          advance = len;
        }
      }
    }
    // Slide the window by `advance`, recording the windows it passes over so
    // that later copies of this text still find their first occurrence.
    for (size_t s = 0; s < advance; ++s) {
      if (i + w >= n) goto done;
      h = (h - (keys[i] + 1) * pow) * kBase + keys[i + w] + 1;
      ++i;
      if (s + 1 < advance) first.try_emplace(h, static_cast<uint32_t>(i));
    }
  }
done:
  if (ws->matches.empty()) return;

  // Merge matches into near-exact runs.
  std::vector<BlockWorkspace::Match> runs;
  for (const auto& m : ws->matches) {
    if (!runs.empty()) {
      auto& r = runs.back();
      const int64_t gap_copy = static_cast<int64_t>(m.copy) - r.copy_end;
      const int64_t gap_src = static_cast<int64_t>(m.src) - r.src_end;
      const double matched = static_cast<double>((r.copy_end - r.copy) + (m.copy_end - m.copy));
      const double allowed = std::max(static_cast<double>(options_.min_gap_chars), options_.max_gap_fraction * matched);
      if (gap_copy >= 0 && gap_src >= 0 && gap_copy <= allowed && gap_src <= allowed && m.src < r.copy) {
        r.copy_end = m.copy_end;
        r.src_end = std::max(r.src_end, m.src_end);
        continue;
      }
    }
    runs.push_back(m);
  }

  // Spans, widened to whole lines where the run covers them.
  for (const auto& r : runs) {
    if (r.copy_end - r.copy < options_.min_chars) continue;
    auto byte_range = [&](uint32_t a, uint32_t b, uint64_t* start, uint64_t* stop) {
      *start = ws->key_begin[a];
      *stop = ws->key_end[b - 1];
      const uint32_t la = ws->key_line[a], lb = ws->key_line[b - 1];
      if (ws->line_first_key[la] == a) *start = ws->line_start[la];
      if (ws->line_last_key[lb] == b - 1) {
        *stop = ws->line_next[lb];
      } else if (b < ws->keys.size()) {
        *stop = ws->key_begin[b];  // the copy's own trailing punctuation goes with it
      }
    };
    base::RemovedSpan s;
    s.kind = base::RemovalKind::kRepeatedBlock;
    byte_range(r.copy, r.copy_end, &s.start, &s.end);
    byte_range(r.src, r.src_end, &s.copy_start, &s.copy_end);
    if (!out->empty() && out->back().kind == base::RemovalKind::kRepeatedBlock && out->back().end > s.start)
      s.start = out->back().end;
    if (s.start < s.end) out->push_back(std::move(s));
  }
}

}  // namespace dedup::blocks
