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

#include <array>
#include <bit>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/utf8.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
// line whose key is empty. `scratch` is room reused between calls (it only
// grows; what it holds afterwards is unspecified).
uint64_t LineKeyHash(std::string_view line, const LineKeyOptions& options, std::string* scratch);

// The room WriteLineKey needs for a line of `line_bytes` bytes: three bytes
// per byte (an invalid byte becomes U+FFFD) and one more (an ideograph is
// stored as a 4-byte word).
constexpr size_t LineKeyRoom(size_t line_bytes) { return 3 * line_bytes + 1; }

// NormalizeLineKey into `key`, which has LineKeyRoom(line.size()) bytes
// (their values do not matter, and bytes past the key may be written): sets
// *bytes to the key's length and returns its code points. For callers that
// keep a buffer at its largest size instead of resizing a string, which
// zeroes what it grows by.
size_t WriteLineKey(std::string_view line, const LineKeyOptions& options, char* key, size_t* bytes);

// Returns true for code points that the line key drops as punctuation or space.
constexpr bool IsKeyPunctOrSpace(char32_t cp) {
  if (cp < 0x80) {
    return cp <= 0x20 || cp == 0x7F || (cp >= '!' && cp <= '/') || (cp >= ':' && cp <= '@') ||
           (cp >= '[' && cp <= '`') || (cp >= '{' && cp <= '~');
  }
  if (cp == 0xA0 || cp == 0xAD || cp == 0xB7 || cp == 0xFEFF) return true;
  if (cp >= 0x2000 && cp <= 0x206F) return true;  // general punctuation, spaces, ZW chars
  if (cp >= 0x3000 && cp <= 0x303F) return true;  // CJK symbols and punctuation
  if (cp >= 0xFE30 && cp <= 0xFE4F) return true;  // CJK compatibility forms
  if (cp >= 0xFF01 && cp <= 0xFF0F) return true;  // full-width ! .. /
  if (cp >= 0xFF1A && cp <= 0xFF20) return true;  // full-width : .. @
  if (cp >= 0xFF3B && cp <= 0xFF40) return true;  // full-width [ .. `
  if (cp >= 0xFF5B && cp <= 0xFF65) return true;  // full-width { .. and half-width punct
  if (cp == 0x00A7 || cp == 0x00B6) return true;
  return false;
}

// The line key's folding of one code point: full-width ASCII to ASCII, upper
// to lower case; 0 when the key drops it (space, punctuation). Numbers are
// folded by NormalizeLineKey, which sees their length. The repeated-block
// detector builds its key stream with it.
constexpr char32_t FoldKeyChar(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;  // full-width ASCII
  if (IsKeyPunctOrSpace(cp)) return 0;
  if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
  return cp;
}

// FoldKeyChar of every ASCII byte.
inline constexpr std::array<char32_t, 128> kAsciiKeyChar = [] {
  std::array<char32_t, 128> t{};
  for (int c = 0; c < 128; ++c) t[c] = FoldKeyChar(static_cast<char32_t>(c));
  return t;
}();

// Per ASCII byte: 1 when the key keeps it, else 0. Loops that keep a
// character by advancing a count read this (and `kept - 1` as a mask), where
// a comparison would be compiled back into a branch that mispredicts on
// every space.
inline constexpr std::array<uint32_t, 128> kAsciiKeyKept = [] {
  std::array<uint32_t, 128> t{};
  for (size_t b = 0; b < 128; ++b) t[b] = kAsciiKeyChar[b] != 0 ? 1 : 0;
  return t;
}();

// The code point of the three UTF-8 bytes at p, unchecked: for bytes that
// KeptIdeographAt or LeadingIdeographs found well-formed.
inline char32_t DecodeIdeograph(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (char32_t(u[0] & 0x0F) << 12) | (char32_t(u[1] & 0x3F) << 6) | (u[2] & 0x3F);
}

// The key keeps the CJK block U+4000..U+9FFF (lead bytes E4..E9) as it is.
// Returns the character at p when it is a well-formed one of them, else 0.
// Key streams run over these without folding.
inline char32_t KeptIdeographAt(const char* p, const char* end) {
  if (end - p < 3) return 0;
  const auto b = static_cast<unsigned char>(p[0]);
  if (b < 0xE4 || b > 0xE9 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
  return DecodeIdeograph(p);
}

// How many of the five 3-byte characters at p, in a row, are ideographs
// U+4000..U+9FFF (lead bytes E4..E9): one 16-byte compare instead of a
// 4-byte test per character. p must have 16 readable bytes.
inline size_t LeadingIdeographs(const char* p) {
#if defined(__SSE2__)
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // Lead bytes at 0, 3, 6, 9, 12: v - E4 <= 5 unsigned; the others 80..BF.
  const __m128i t = _mm_sub_epi8(v, _mm_set1_epi8(static_cast<char>(0xE4)));
  const __m128i lead = _mm_cmpeq_epi8(_mm_min_epu8(t, _mm_set1_epi8(5)), t);
  const __m128i cont = _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8(static_cast<char>(0xC0))),
                                      _mm_set1_epi8(static_cast<char>(0x80)));
  const __m128i at_lead = _mm_setr_epi8(-1, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, -1, 0, 0, 0);
  const __m128i ok = _mm_or_si128(_mm_and_si128(at_lead, lead), _mm_andnot_si128(at_lead, cont));
  const auto bad = static_cast<unsigned>(~_mm_movemask_epi8(ok)) | 0x8000u;  // byte 15 is not read
  return static_cast<size_t>(std::countr_zero(bad)) / 3;
#else
  size_t k = 0;
  for (; k < 5; ++k) {
    const auto b0 = static_cast<unsigned char>(p[3 * k]), b1 = static_cast<unsigned char>(p[3 * k + 1]),
               b2 = static_cast<unsigned char>(p[3 * k + 2]);
    if (b0 - 0xE4u >= 6 || (b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) break;
  }
  return k;
#endif
}

// Reads the character at *p, advances *p past it and returns its key
// character (FoldKeyChar; 0 when the key drops it; an invalid byte is
// U+FFFD). Byte-level fast paths: ASCII by table, the CJK block
// U+4000..U+9FFF (lead bytes E4..E9, which folding leaves alone) decoded
// inline. Line keys and the block detector's key stream are built with it.
// REQUIRES: *p < end.
inline char32_t NextKeyChar(const char** p, const char* end) {
  const char* s = *p;
  const auto b = static_cast<unsigned char>(s[0]);
  if (b < 0x80) {
    *p = s + 1;
    return kAsciiKeyChar[b];
  }
  if (const char32_t cp = KeptIdeographAt(s, end)) {
    *p = s + 3;
    return cp;
  }
  char32_t cp;
  *p = s + DecodeUtf8(s, end, &cp);
  return FoldKeyChar(cp);
}

// The hash LineKeyHash gives a key NormalizeLineKey wrote (never 0).
uint64_t HashLineKey(std::string_view key);

}  // namespace dedup::base

#endif  // DEDUP_CORE_BASE_LINE_KEY_H_
