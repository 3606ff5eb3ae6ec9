// Copyright 2026 The dedup Authors.
//
// xxh3 wrappers: the one hash function of the project. Inlined (XXH_INLINE_ALL)
// so that short-key hashing in hot loops compiles to straight-line code.
#ifndef DEDUP_CORE_BASE_HASH_H_
#define DEDUP_CORE_BASE_HASH_H_

#include <array>
#include <cstdint>
#include <cstring>
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
//
// A word of up to 16 bytes (nearly every word) is hashed with no branch on
// its length: its bytes, zero-padded to 16, as two 64-bit halves, each
// keyed by the seed, folded by one 128-bit multiplication, with the length
// mixed in and the result finalised by Mix64. XXH3's short-input paths
// branch three ways by length, and English word lengths are random enough
// that the branch cost more than the hashing (a third of signing English).
// Longer words are hashed by XXH3.
namespace internal {

// Per length n <= 16, the masks that keep a word's n bytes of the two
// 64-bit halves loaded from it (little-endian: byte i is bits 8i..8i+7;
// elsewhere the hash is another function of the same bytes, still the same
// by either path).
struct WordMask {
  uint64_t lo, hi;
};
inline constexpr auto kWordMasks = [] {
  std::array<WordMask, 17> m{};
  for (size_t n = 0; n <= 16; ++n) {
    m[n].lo = n >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * n)) - 1;
    m[n].hi = n >= 16 ? ~uint64_t{0} : n <= 8 ? 0 : (uint64_t{1} << (8 * (n - 8))) - 1;
  }
  return m;
}();

inline uint64_t Load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

__extension__ using U128 = unsigned __int128;  // GCC and Clang: one MUL

inline uint64_t ShortWordHash(uint64_t lo, uint64_t hi, size_t n, uint64_t seed) {
  const U128 m = static_cast<U128>(lo ^ (seed + 0x9FB21C651E98DF25ULL)) * (hi ^ (0xC2B2AE3D27D4EB4FULL - seed));
  return Mix64(static_cast<uint64_t>(m) ^ static_cast<uint64_t>(m >> 64) ^ (uint64_t{n} * 0x165667B19E3779F9ULL));
}

}  // namespace internal

// WordTokenHash where 16 bytes at `p` may be read (a word inside a longer
// text, or in a buffer with room): two loads, two masks, no branch on `n`.
inline uint64_t WordTokenHashPadded(const char* p, size_t n, uint64_t seed) {
  if (n > 16) return Hash64(p, n, seed);
  const internal::WordMask& m = internal::kWordMasks[n];
  return internal::ShortWordHash(internal::Load64(p) & m.lo, internal::Load64(p + 8) & m.hi, n, seed);
}

// WordTokenHashPadded of the word with its letters A-Z folded to lower
// case, for an ASCII word of n <= 16 bytes (16 bytes readable at p): folded
// in the register, eight bytes at a time. A byte under 0x80 plus 0x3F
// reaches bit 7 from 'A' up, plus 0x25 from '[' up, and neither carries
// into the next byte.
inline uint64_t AsciiWordTokenHashFolded(const char* p, size_t n, uint64_t seed) {
  const internal::WordMask& m = internal::kWordMasks[n];
  auto fold = [](uint64_t x) {
    constexpr uint64_t kOnes = 0x0101010101010101ULL;
    const uint64_t upper = (x + 0x3F * kOnes) & ~(x + 0x25 * kOnes) & (0x80 * kOnes);
    return x | upper >> 2;
  };
  return internal::ShortWordHash(fold(internal::Load64(p) & m.lo), fold(internal::Load64(p + 8) & m.hi), n, seed);
}

// The hash of the word token of the `n` bytes at `p`, reading no byte past
// them.
inline uint64_t WordTokenHash(const char* p, size_t n, uint64_t seed) {
  if (n > 16) return Hash64(p, n, seed);
  char padded[16] = {};
  std::memcpy(padded, p, n);
  return WordTokenHashPadded(padded, n, seed);
}

}  // namespace dedup::base

#endif  // DEDUP_CORE_BASE_HASH_H_
