// Copyright 2026 The dedup Authors.
//
// Bit sets over arrays of 64-bit words (the filters of the rule matcher and
// of the traditional-to-simplified converter), and tests of the eight byte
// lanes of a word at once (the JSON scans).
#ifndef DEDUP_CORE_BASE_BITS_H_
#define DEDUP_CORE_BASE_BITS_H_

#include <cstddef>
#include <cstdint>

namespace dedup::base {

inline bool TestBit(const uint64_t* bits, size_t i) { return (bits[i >> 6] >> (i & 63)) & 1; }
inline void SetBit(uint64_t* bits, size_t i) { bits[i >> 6] |= uint64_t{1} << (i & 63); }

// The byte lanes of `x` (little-endian: lane 0 is the byte at the lowest
// address) equal to `c`, or below `c`, flagged in their high bit. Exact for
// the lowest flagged lane, the only one a scan reads: a borrow runs only
// towards higher lanes.
inline constexpr uint64_t kLaneOnes = 0x0101010101010101ULL;
inline constexpr uint64_t kLaneHighs = 0x8080808080808080ULL;
inline uint64_t ByteLanesEqual(uint64_t x, unsigned char c) {
  const uint64_t y = x ^ (kLaneOnes * c);
  return (y - kLaneOnes) & ~y & kLaneHighs;
}
inline uint64_t ByteLanesBelow(uint64_t x, unsigned char c) { return (x - kLaneOnes * c) & ~x & kLaneHighs; }

}  // namespace dedup::base

#endif  // DEDUP_CORE_BASE_BITS_H_
