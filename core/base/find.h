// Copyright 2026 The dedup Authors.
//
// Byte scans. CountByte: how often a byte occurs (the newlines of a WET
// body or of a piece of a file), 16 bytes a step; std::count over chars
// widened each byte to a 64-bit counter, and ran at about a tenth of the
// speed. FindSubstring: substring search for the boilerplate rules'
// "contains" patterns.
// std::string_view::find looks for the pattern's first byte with memchr and
// compares at every hit; in Chinese text the first byte of a Chinese pattern
// (the lead byte of its first character, E4..E9) starts every few
// characters, and in English text an ASCII pattern's first letter is as
// common. This search tests 16 start positions at once: a position is a
// candidate when the text has the pattern's first byte there and its last
// byte where the pattern would end (two SSE2 compares), and only candidates
// are compared in full. Where the first byte is rare in the text, memchr
// (which the C library runs 32 bytes at a time) is the faster: the rule
// matcher chooses between the two (RulePack::Match). BM_FindPatterns
// measures both over the line keys of real pages.
#ifndef DEDUP_CORE_BASE_FIND_H_
#define DEDUP_CORE_BASE_FIND_H_

#include <bit>
#include <cstddef>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace dedup::base {

// The number of bytes `c` in `s`; the same as std::count(s.begin(), s.end(), c).
inline size_t CountByte(std::string_view s, char c) {
  size_t n = 0, i = 0;
#if defined(__SSE2__)
  const __m128i want = _mm_set1_epi8(c);
  for (; i + 16 <= s.size(); i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    n += static_cast<size_t>(std::popcount(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, want)))));
  }
#endif
  for (; i < s.size(); ++i) n += s[i] == c ? 1 : 0;
  return n;
}

// The first position of `needle` in `hay`, or std::string_view::npos; the
// same as hay.find(needle).
inline size_t FindSubstring(std::string_view hay, std::string_view needle) {
#if defined(__SSE2__)
  const size_t m = needle.size();
  if (m < 2 || hay.size() < m + 15) return hay.find(needle);
  const char* const h = hay.data();
  const char* const rest = needle.data() + 1;  // the bytes between the first and the last
  const __m128i first = _mm_set1_epi8(needle[0]);
  const __m128i last = _mm_set1_epi8(needle[m - 1]);
  const size_t starts = hay.size() - m + 1;  // positions where the needle fits: 16 or more
  auto candidates = [&](size_t i) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i + m - 1));
    return _mm_and_si128(_mm_cmpeq_epi8(a, first), _mm_cmpeq_epi8(b, last));
  };
  // The candidates among starts i..i+15, less the first `skip` of them.
  auto block = [&](size_t i, unsigned skip) -> size_t {
    auto mask = static_cast<unsigned>(_mm_movemask_epi8(candidates(i)));
    mask &= ~0u << skip;
    while (mask != 0) {
      const size_t j = i + static_cast<size_t>(std::countr_zero(mask));
      if (std::memcmp(h + j + 1, rest, m - 2) == 0) return j;
      mask &= mask - 1;
    }
    return std::string_view::npos;
  };
  size_t i = 0;
  for (; i + 16 <= starts; i += 16) {
    if (const size_t j = block(i, 0); j != std::string_view::npos) return j;
  }
  // The last starts (fewer than 16) in a block that overlaps the one before.
  if (i == starts) return std::string_view::npos;
  return block(starts - 16, static_cast<unsigned>(i - (starts - 16)));
#else
  return hay.find(needle);
#endif
}

}  // namespace dedup::base

#endif  // DEDUP_CORE_BASE_FIND_H_
