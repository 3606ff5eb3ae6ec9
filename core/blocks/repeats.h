// Copyright 2026 The dedup Authors.
//
// Repeated blocks inside one document: text that repeats earlier text of the
// same document (a crawler that saved the body twice, a doubled paragraph or
// table). The later copy is marked for removal with `copy_of` pointing at the
// first copy; the first copy is never marked.
//
// Method. The document becomes a key stream: the line keys of core/base
// (spaces, line breaks and punctuation dropped, width and case folded), so two
// copies match whatever their line breaks, blank lines, spacing or a line's
// split. Every window of `window` key characters is hashed (a rolling
// polynomial hash); one window in four, chosen by its hash, is an anchor, so a
// copy has its anchors where its source has them. The first position of each
// anchor is remembered; an anchor seen before, at least a window earlier, is
// verified and extended character by character both ways into a maximal
// match, and scanning resumes after it: O(n) expected time, one index entry
// per four key characters. Matches shorter
// than `min_chars` are natural repetition (a heading also in the table of
// contents, a refrain, a table label) and are left alone. Consecutive
// matches separated by a short gap in both copies (a line missing from or
// changed in the copy) merge into one near-exact run, gap included.
//
// Spans. A copy that covers whole lines is widened to those lines including
// their '\n'; otherwise (one long line) it is the exact byte range of its
// characters, so spans always lie on UTF-8 boundaries.
#ifndef DEDUP_CORE_BLOCKS_REPEATS_H_
#define DEDUP_CORE_BLOCKS_REPEATS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/base/span.h"

namespace dedup::blocks {

struct BlockOptions {
  // A copy must span at least this many key characters (letters, digits,
  // ideographs; spaces and punctuation not counted): about two sentences of
  // Chinese, a dozen English words.
  size_t min_chars = 64;
  // Window of the rolling hash (key characters); <= min_chars.
  size_t window = 24;
  // Two matches merge into one run when the text between them, in the copy
  // and in the source, is at most max(min_gap_chars, max_gap_fraction x the
  // matched length).
  size_t min_gap_chars = 24;
  double max_gap_fraction = 0.2;
  absl::Status Validate() const;
};

// Per-thread scratch, reused across documents.
struct BlockWorkspace {
  // The key stream and the byte offset of each key character: the first
  // key_count entries (the vectors only grow, so that no document pays for
  // zeroing them).
  std::vector<char32_t> keys;
  std::vector<uint32_t> key_begin;
  size_t key_count = 0;
  std::vector<uint32_t> line_start, line_next, line_first_key, line_last_key;
  struct AnchorSlot {
    uint32_t hash = 0;  // 32 bits of the window hash; 0 = empty
    uint32_t pos = 0;
  };
  std::vector<AnchorSlot> anchor_slots;  // first position of each anchor window
  std::vector<uint32_t> anchor_pos;      // the anchor windows, in order: the first
  std::vector<uint64_t> anchor_hash;     // anchor_count entries, with their hashes
  size_t anchor_count = 0;
  struct Match {
    uint32_t src = 0, src_end = 0, copy = 0, copy_end = 0;  // key positions, half-open
  };
  std::vector<Match> matches;
};

// The key stream of `text` (room for text.size() entries in `keys`);
// returns its length. Detect builds it for every document.
size_t KeyStream(std::string_view text, char32_t* keys);

// The same stream into ws->keys and ws->key_count, with the byte offset of
// each key character (ws->key_begin) and the lines (ws->line_*), from
// base::NextKeyChar like the line keys. Detect maps a document's stream
// only when it holds a repeat to cut (one document in twenty).
void MapKeyStream(std::string_view text, BlockWorkspace* ws);

// Immutable after Create(); safe for concurrent use with one workspace per thread.
class BlockDetector {
 public:
  static absl::StatusOr<BlockDetector> Create(const BlockOptions& options);
  // Appends one span per later copy to `*out` (kind kRepeatedBlock, copy_start
  // and copy_end = the first copy), sorted and disjoint.
  void Detect(std::string_view text, BlockWorkspace* ws, std::vector<base::RemovedSpan>* out) const;
  const BlockOptions& options() const { return options_; }

 private:
  explicit BlockDetector(const BlockOptions& o) : options_(o) {}
  BlockOptions options_;
};

}  // namespace dedup::blocks

#endif  // DEDUP_CORE_BLOCKS_REPEATS_H_
