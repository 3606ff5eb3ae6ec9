// Copyright 2026 The dedup Authors.
//
// xxh3 wrappers: the one hash function of the project. Inlined (XXH_INLINE_ALL)
// so that short-key hashing in hot loops compiles to straight-line code.
#ifndef DEDUP_CORE_BASE_HASH_H_
#define DEDUP_CORE_BASE_HASH_H_

#include <cstdint>
#include <string_view>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace dedup::base {

// Returns the 64-bit XXH3 hash of `bytes` under `seed`.
inline uint64_t Hash64(std::string_view bytes, uint64_t seed = 0) {
  return XXH3_64bits_withSeed(bytes.data(), bytes.size(), seed);
}

// Returns the 64-bit XXH3 hash of `n` bytes at `data` under `seed`.
inline uint64_t Hash64(const void* data, size_t n, uint64_t seed = 0) {
  return XXH3_64bits_withSeed(data, n, seed);
}

// A strong 64-bit finaliser (splitmix64's): turns a counter or a weak key into
// a well-mixed 64-bit value. Used to derive per-permutation constants from a seed.
inline uint64_t Mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace dedup::base

#endif  // DEDUP_CORE_BASE_HASH_H_
