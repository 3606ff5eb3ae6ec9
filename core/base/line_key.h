// Copyright 2026 The dedup Authors.
//
// Line keys: a cheap, loose normal form of one line (or block) of text used to
// compare lines within a document (repeated blocks) and across the pages of a
// site (boilerplate). It is much looser than the matching normaliser: it only
// needs to say "same line modulo layout, width, case, digits, punctuation".
//
//   "发布时间:2022-01-10 13:10 来源:东西湖区商务局"
//   -> "发布时间000000000000来源东西湖区商务局"      (fold_numbers)
//
// Folding: full-width ASCII (U+FF01..U+FF5E) and the ideographic space to
// ASCII; ASCII letters to lower case; whitespace, ASCII punctuation and CJK
// punctuation (U+3000..U+303F, U+FF00..U+FF65 punctuation, general
// punctuation U+2000..U+206F) dropped; optionally numbers of two or more
// digits to zeros.
#ifndef DEDUP_CORE_BASE_LINE_KEY_H_
#define DEDUP_CORE_BASE_LINE_KEY_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace dedup::base {

struct LineKeyOptions {
  // Map every digit (ASCII or full-width) of a number of two or more digits
  // to '0', so that dates, phone numbers and counters that vary from page to
  // page collapse. Numbers are read after punctuation and spaces are dropped
  // ("2022-01-10 13:10" is one). A lone digit stays: "version 2, part 6" and
  // "version 3, part 9" are titles of different pages, not one line.
  bool fold_numbers = false;
};

// Writes the loose normal form of `line` to `*out` (cleared first) and returns
// the number of code points written. Does not allocate when `out` has capacity.
size_t NormalizeLineKey(std::string_view line, const LineKeyOptions& options, std::string* out);

// Returns the 64-bit hash of NormalizeLineKey(line); 0 is returned only for a
// line whose key is empty. `scratch` is reused between calls.
uint64_t LineKeyHash(std::string_view line, const LineKeyOptions& options, std::string* scratch);

// Returns true for code points that the line key drops as punctuation or space.
bool IsKeyPunctOrSpace(char32_t cp);

// The line key's folding of one code point: full-width ASCII to ASCII, upper
// to lower case; 0 when the key drops it (space, punctuation). Numbers are
// folded by NormalizeLineKey, which sees their length. The repeated-block
// detector builds its key stream with it.
inline char32_t FoldKeyChar(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
  if (IsKeyPunctOrSpace(cp)) return 0;
  if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
  return cp;
}

// The hash LineKeyHash gives a key NormalizeLineKey wrote (never 0).
uint64_t HashLineKey(std::string_view key);

}  // namespace dedup::base

#endif  // DEDUP_CORE_BASE_LINE_KEY_H_
