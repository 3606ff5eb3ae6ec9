// Copyright 2026 The dedup Authors.
//
// TopLines: the most frequent removed lines, counted in bounded memory with
// the Space-Saving algorithm (Metwally, Agrawal, El Abbadi, ICDT 2005): at most
// `capacity` counters; when full, the smallest counter is replaced and its
// count inherited, so every line whose true count exceeds N/capacity is kept
// and its count is over-estimated by at most the inherited amount.
#ifndef DEDUP_CORE_REPORT_TOP_LINES_H_
#define DEDUP_CORE_REPORT_TOP_LINES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace dedup::report {

struct TopLine {
  std::string text;
  uint64_t documents = 0;
  uint64_t key = 0;  // the line's key in the counter (for merging counters' tops)
};

// Not thread-safe; give each thread its own and Merge().
class TopLines {
 public:
  explicit TopLines(size_t capacity = 4096) : capacity_(capacity) {}
  // Counts one document in which line `text` (whose key is `key`) was removed.
  void Add(uint64_t key, std::string_view text, uint64_t count = 1);
  void Merge(const TopLines& other);
  // Returns up to `n` lines, most frequent first, ties by text.
  std::vector<TopLine> Top(size_t n) const;
  bool empty() const { return entries_.empty(); }

 private:
  struct Entry {
    std::string text;
    uint64_t count = 0;
  };
  void EvictSmallest();
  size_t capacity_;
  absl::flat_hash_map<uint64_t, Entry> entries_;
};

}  // namespace dedup::report

#endif  // DEDUP_CORE_REPORT_TOP_LINES_H_
