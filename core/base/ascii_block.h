// Copyright 2026 The dedup Authors.
//
// Sixteen ASCII bytes keyed at once, as the line keys and the repeated-block
// key stream key them one at a time (kAsciiKeyChar: letters lowered, digits
// kept, spaces, punctuation and control bytes dropped), for English text,
// which is runs of ASCII. The kept bytes are moved together with a byte
// shuffle, 8 at a time from a 256-entry table: SSSE3, which every x86-64
// CPU of the last fifteen years has but the x86-64 baseline this project
// builds for does not. So the functions here are compiled for SSSE3 alone,
// and their callers (compiled for it too) are called only where
// kHaveSsse3 says the CPU has it.
#ifndef DEDUP_CORE_BASE_ASCII_BLOCK_H_
#define DEDUP_CORE_BASE_ASCII_BLOCK_H_

#if defined(__x86_64__) && defined(__GNUC__)
#define DEDUP_ASCII_BLOCKS 1

#include <tmmintrin.h>

#include <bit>
#include <cstdint>
#include <cstring>

namespace dedup::base {

inline const bool kHaveSsse3 = __builtin_cpu_supports("ssse3");

// For each 8-bit mask of kept bytes: the shuffle that moves them to the
// front, and how many there are.
struct AsciiCompressTable {
  uint8_t shuffle[256][8];
  uint8_t count[256];
};
inline constexpr AsciiCompressTable kAsciiCompress = [] {
  AsciiCompressTable t{};
  for (int m = 0; m < 256; ++m) {
    int k = 0;
    for (int i = 0; i < 8; ++i)
      if (m & (1 << i)) t.shuffle[m][k++] = static_cast<uint8_t>(i);
    t.count[m] = static_cast<uint8_t>(k);
  }
  return t;
}();

// The 16 bytes at q keyed: bytes from `skip` on, up to the first that is
// not ASCII (`stop`, 16 when all are), count.
struct AsciiBlock {
  __m128i folded;   // every byte, letters lowered
  unsigned stop;    // the first byte >= 0x80 at or after skip, or 16
  unsigned keep;    // the bytes in [skip, stop) the key keeps, a bit each
  unsigned digits;  // the kept digits, a bit each
};

__attribute__((target("ssse3"))) inline AsciiBlock KeyAsciiBlock(const char* q, unsigned skip) {
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
  AsciiBlock b;
  const unsigned high = static_cast<unsigned>(_mm_movemask_epi8(x)) & (~0u << skip);
  b.stop = high == 0 ? 16 : static_cast<unsigned>(std::countr_zero(high));
  // A range test per class: x - lo moved to the bottom of the signed range
  // (x + 0x80 - lo) is below -128 + width when x is in [lo, lo + width).
  // Only ASCII bytes are kept (`take`), so what the tests say of others
  // does not matter.
  auto in_range = [&](__m128i v, char lo, int width) {
    const __m128i t = _mm_add_epi8(v, _mm_set1_epi8(static_cast<char>(0x80 - lo)));
    return _mm_cmplt_epi8(t, _mm_set1_epi8(static_cast<char>(-128 + width)));
  };
  b.folded = _mm_or_si128(x, _mm_and_si128(in_range(x, 'A', 26), _mm_set1_epi8(0x20)));
  const __m128i letter = in_range(b.folded, 'a', 26);
  const __m128i digit = in_range(x, '0', 10);
  const unsigned take = ((1u << b.stop) - 1) & (~0u << skip);
  b.keep = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(letter, digit))) & take;
  b.digits = static_cast<unsigned>(_mm_movemask_epi8(digit)) & take;
  return b;
}

// The kept bytes of half `h` (0: bytes 0..7, 1: bytes 8..15) of a block,
// moved to the front of the low 8 bytes; *count is how many there are.
__attribute__((target("ssse3"))) inline __m128i PackAsciiHalf(const AsciiBlock& b, int h, unsigned* count) {
  const unsigned mask = (b.keep >> (8 * h)) & 0xFF;
  __m128i shuffle;
  std::memcpy(&shuffle, kAsciiCompress.shuffle[mask], 8);
  *count = kAsciiCompress.count[mask];
  return _mm_shuffle_epi8(h == 0 ? b.folded : _mm_srli_si128(b.folded, 8), shuffle);
}

}  // namespace dedup::base

#endif  // __x86_64__ && __GNUC__

#endif  // DEDUP_CORE_BASE_ASCII_BLOCK_H_
