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

// Token hashes, shared by every tokeniser path so that they agree: a
// character token (Han, kana, ...) hashes its code point, a word token its
// UTF-8 bytes.
inline uint64_t CharTokenHash(char32_t cp, uint64_t seed) { return Mix64(seed ^ (uint64_t{cp} * 0xD6E8FEB86659FD93ULL)); }
inline uint64_t WordTokenHash(const char* p, size_t n, uint64_t seed) { return Hash64(p, n, seed); }

}  // namespace dedup::base

#endif  // DEDUP_CORE_BASE_HASH_H_
