// Copyright 2026 The dedup Authors.
//
// StringColumn: many short strings appended once and read by index (the ids
// of every document of a run). A std::string per id costs 32 bytes, and a
// heap block of its own for an id past 15 bytes (a URL, a UUID); here an id
// costs its bytes and 8 bytes of position. The bytes live in chunks that are
// never reallocated, so the column grows without a transient copy of itself.
#ifndef DEDUP_CORE_BASE_STRING_COLUMN_H_
#define DEDUP_CORE_BASE_STRING_COLUMN_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace dedup::base {

class StringColumn {
 public:
  StringColumn() = default;
  StringColumn(std::initializer_list<std::string_view> strings) {
    for (std::string_view s : strings) push_back(s);
  }

  void push_back(std::string_view s) {
    if (chunks_.empty() || chunks_.back().size() >= kChunkBytes ||
        chunks_.back().capacity() - chunks_.back().size() < s.size()) {
      chunks_.emplace_back();
      chunks_.back().reserve(std::max(kChunkBytes, s.size()));
    }
    std::string& c = chunks_.back();
    at_.push_back((static_cast<uint64_t>(chunks_.size() - 1) << 32) | c.size());
    c.append(s);  // within capacity: no reallocation
  }

  std::string_view operator[](size_t i) const {
    const size_t chunk = at_[i] >> 32;
    const size_t begin = at_[i] & 0xFFFFFFFFu;
    // The string ends where the next one of its chunk begins, or at the
    // chunk's end.
    const size_t end = i + 1 < at_.size() && (at_[i + 1] >> 32) == chunk ? (at_[i + 1] & 0xFFFFFFFFu)
                                                                          : chunks_[chunk].size();
    return std::string_view(chunks_[chunk]).substr(begin, end - begin);
  }

  size_t size() const { return at_.size(); }
  bool empty() const { return at_.empty(); }

 private:
  // 1 MiB: small against a run's ids, large against one id. A longer string
  // gets a chunk of its own; every string starts below kChunkBytes in its
  // chunk, so offsets fit in 32 bits.
  static constexpr size_t kChunkBytes = size_t{1} << 20;
  std::vector<std::string> chunks_;
  std::vector<uint64_t> at_;  // chunk << 32 | offset in the chunk
};

}  // namespace dedup::base

#endif  // DEDUP_CORE_BASE_STRING_COLUMN_H_
