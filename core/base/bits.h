// Copyright 2026 The dedup Authors.
//
// Bit sets over arrays of 64-bit words: the filters of the rule matcher and
// of the traditional-to-simplified converter.
#ifndef DEDUP_CORE_BASE_BITS_H_
#define DEDUP_CORE_BASE_BITS_H_

#include <cstddef>
#include <cstdint>

namespace dedup::base {

inline bool TestBit(const uint64_t* bits, size_t i) { return (bits[i >> 6] >> (i & 63)) & 1; }
inline void SetBit(uint64_t* bits, size_t i) { bits[i >> 6] |= uint64_t{1} << (i & 63); }

}  // namespace dedup::base

#endif  // DEDUP_CORE_BASE_BITS_H_
