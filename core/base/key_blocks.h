// Copyright 2026 The dedup Authors.
//
// Chinese text keyed sixteen bytes at a time, as the line keys and the
// repeated-block key stream key it one character at a time (FoldKeyChar):
// CJK ideographs U+4000..U+9FFF kept as they are, ASCII letters lowered,
// letters and digits kept, and the punctuation between Chinese phrases
// dropped whole: U+2000..U+203F (E2 80 xx: dashes, quotes, the ellipsis),
// U+3000..U+303F (E3 80 xx: 。、「」《》) and the full-width forms of
// ASCII punctuation U+FF01..U+FF0F and U+FF1A..U+FF20 (EF BC 81..8F and
// 9A..A0: ，！（）：；？). Any other character (a full-width digit or letter,
// kana, another script, a broken sequence) stops a run of blocks, for the
// caller's character-by-character path.
//
// The blocks are read 16 bytes apart whatever they hold, so that no load
// waits on what the block before it found (a walk that advances by what it
// found does: its loads form a chain): a character may straddle two
// blocks. Each byte is classed by two nibble lookups; a lead byte is judged
// with the two bytes after it (from the next block where it lies at the end
// of this one), and a block holds the continuation bytes of a lead in the
// block before. A run's last block takes no lead in its last two bytes, so
// that the run ends between characters.
//
// SSSE3 (byte shuffles) and POPCNT, which the x86-64 baseline this project
// builds for lacks: the functions here are compiled for them, and called
// only where kHaveKeyBlocks says the CPU has them (see ascii_block.h).
#ifndef DEDUP_CORE_BASE_KEY_BLOCKS_H_
#define DEDUP_CORE_BASE_KEY_BLOCKS_H_

#include "core/base/ascii_block.h"

#if defined(DEDUP_ASCII_BLOCKS)

#include <nmmintrin.h>

#include <array>
#include <bit>
#include <cstdint>

namespace dedup::base {

// Not kHaveSsse3 && ...: an initializer that reads another variable may run
// before that variable's own (clang 14 ran it so, read false, and left the
// blocks out of the sanitizer build).
inline const bool kHaveKeyBlocks = __builtin_cpu_supports("ssse3") && __builtin_cpu_supports("popcnt");

namespace key_blocks {

// Byte classes: a byte is in a class when both the table by its low nibble
// and the table by its high nibble have the class's bit. Two class bytes, A
// and B, of up to eight classes each.
enum : uint8_t {
  kCont = 1,      // A: 80..BF
  kIdeoLead = 2,  // A: E4..E9
  kE2E3 = 4,      // A: E2, E3
  kEF = 8,        // A: EF
  kB80 = 16,      // A: 80
  kBBC = 32,      // A: BC
  kDigit = 64,    // A: '0'..'9'
  kUpperAO = 128  // A: 'A'..'O'
};
enum : uint8_t {
  kFw81 = 1,      // B: 81..8F
  kFw9A = 2,      // B: 9A..9F
  kFwA0 = 4,      // B: A0
  kUpperPZ = 8,   // B: 'P'..'Z'
  kLowerAO = 16,  // B: 'a'..'o'
  kLowerPZ = 32   // B: 'p'..'z'
};
struct NibbleClass {
  uint8_t bit, hi_from, hi_to, lo_from, lo_to;
};
struct NibbleTables {
  alignas(16) uint8_t lo[16];
  alignas(16) uint8_t hi[16];
};
template <size_t N>
constexpr NibbleTables MakeNibbleTables(const NibbleClass (&classes)[N]) {
  NibbleTables t{};
  for (const NibbleClass& c : classes) {
    for (int n = c.lo_from; n <= c.lo_to; ++n) t.lo[n] |= c.bit;
    for (int n = c.hi_from; n <= c.hi_to; ++n) t.hi[n] |= c.bit;
  }
  return t;
}
inline constexpr NibbleClass kClassesA[] = {
    {kCont, 8, 0xB, 0, 0xF},  {kIdeoLead, 0xE, 0xE, 4, 9}, {kE2E3, 0xE, 0xE, 2, 3}, {kEF, 0xE, 0xE, 0xF, 0xF},
    {kB80, 8, 8, 0, 0},       {kBBC, 0xB, 0xB, 0xC, 0xC},  {kDigit, 3, 3, 0, 9},     {kUpperAO, 4, 4, 1, 0xF}};
inline constexpr NibbleClass kClassesB[] = {{kFw81, 8, 8, 1, 0xF},   {kFw9A, 9, 9, 0xA, 0xF},   {kFwA0, 0xA, 0xA, 0, 0},
                                            {kUpperPZ, 5, 5, 0, 0xA}, {kLowerAO, 6, 6, 1, 0xF}, {kLowerPZ, 7, 7, 0, 0xA}};
inline constexpr NibbleTables kNibblesA = MakeNibbleTables(kClassesA);
inline constexpr NibbleTables kNibblesB = MakeNibbleTables(kClassesB);

// Bytes 0..13 of a block: a run's last block takes no lead in its last two.
alignas(16) inline constexpr uint8_t kFirst14[16] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                                     0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0,    0};

}  // namespace key_blocks

// True where a KeyBlockWalk may start at p: the CPU has the instructions,
// 32 bytes are left, and p holds the lead byte of a character the blocks
// key whole (an ideograph, E4..E9, or the punctuation of E2, E3 and EF).
inline bool KeyBlockRunMayStart(const char* p, const char* end) {
  const auto lead = static_cast<unsigned char>(*p);
  return kHaveKeyBlocks && end - p >= 32 && (lead - 0xE2u < 8 || lead == 0xEF);
}

// One block of 16 bytes, keyed up to `stop`.
struct KeyBlock {
  __m128i bytes;            // the 16 bytes
  __m128i next1, next2;     // byte i: the bytes 1 and 2 after byte i (from the next block at the end)
  __m128i folded;           // the bytes, ASCII letters lowered
  __m128i ideograph;        // 0xFF at the lead byte of each ideograph kept
  __m128i ideograph_bytes;  // 0xFF at every byte of an ideograph kept that lies in the block
  __m128i digit_bytes;      // 0xFF at each ASCII digit
  unsigned stop;            // the first byte that stops the run, 16 when none
  unsigned take;            // the bytes before `stop`, a bit each
  unsigned alnum;           // ASCII letters and digits taken, a bit each
  unsigned digit;           // ASCII digits taken
  unsigned ideographs;      // lead bytes of ideographs taken
  unsigned keep;            // every byte the key keeps: alnum and ideograph_bytes, taken
};

// Walks the run of blocks 16 bytes apart from `p`: each Next keys one block
// and reads the one after it. The run ends at the first block that stops
// short (stop < 16) or at the block after which fewer than 32 bytes are
// left (it takes no lead in its last two bytes); Next then returns false,
// and run_end() is where the run ended: a character boundary, p itself
// when the character at p stops it.
//   KeyBlockWalk walk(p, end);  // end - p >= 32
//   for (KeyBlock k; walk.Next(&k);) { ... the bytes of k up to k.stop ... }
//   p = walk.run_end();
class KeyBlockWalk {
 public:
  __attribute__((target("ssse3"))) KeyBlockWalk(const char* p, const char* end) : q_(p), end_(end) {
    x_ = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    Classes(x_, &a_, &b_);
    not_lead_before_ = _mm_set1_epi8(-1);  // the first block has no lead before it
    ideograph_before_ = _mm_setzero_si128();
  }

  __attribute__((target("ssse3"))) bool Next(KeyBlock* out) {
    using namespace key_blocks;
    if (done_) return false;
    const char* const q = q_;
    const bool last = end_ - q < 48;  // no whole block after the next
    const __m128i zero = _mm_setzero_si128();
    auto bit = [](uint8_t v) { return _mm_set1_epi8(static_cast<char>(v)); };
    auto bits = [](__m128i v) { return static_cast<unsigned>(_mm_movemask_epi8(v)); };
    const __m128i x = x_, a = a_, b = b_;
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 16));
    __m128i next_a, next_b;
    Classes(next, &next_a, &next_b);
    KeyBlock& k = *out;
    k.bytes = x;
    k.next1 = _mm_alignr_epi8(next, x, 1);
    k.next2 = _mm_alignr_epi8(next, x, 2);
    // Byte i of these: the classes of bytes i + 1 and i + 2.
    const __m128i a1 = _mm_alignr_epi8(next_a, a, 1);
    const __m128i a2 = _mm_alignr_epi8(next_a, a, 2);
    const __m128i b2 = _mm_alignr_epi8(next_b, b, 2);
    // A lead with the bytes it needs after it, each class bit shifted onto
    // the lead's (the 16-bit shifts carry bits across bytes only into bits
    // that are masked off).
    const __m128i a1_down2 = _mm_srli_epi16(a1, 2);  // kB80 -> kE2E3, kBBC -> kEF
    __m128i ideograph = _mm_and_si128(_mm_and_si128(a, bit(kIdeoLead)),
                                      _mm_and_si128(_mm_slli_epi16(a1, 1), _mm_slli_epi16(a2, 1)));
    const __m128i e2e3 = _mm_and_si128(_mm_and_si128(a, bit(kE2E3)), _mm_and_si128(a1_down2, _mm_slli_epi16(a2, 2)));
    const __m128i ef = _mm_andnot_si128(_mm_cmpeq_epi8(_mm_and_si128(b2, bit(kFw81 | kFw9A | kFwA0)), zero),
                                        _mm_and_si128(_mm_and_si128(a, bit(kEF)), a1_down2));
    __m128i not_lead = _mm_cmpeq_epi8(_mm_or_si128(ideograph, _mm_or_si128(e2e3, ef)), zero);
    ideograph = _mm_cmpeq_epi8(ideograph, bit(kIdeoLead));
    if (last) {
      const __m128i first14 = _mm_load_si128(reinterpret_cast<const __m128i*>(kFirst14));
      not_lead = _mm_or_si128(not_lead, _mm_andnot_si128(first14, _mm_set1_epi8(-1)));
      ideograph = _mm_and_si128(ideograph, first14);
    }
    // A byte no lead claims (neither a lead nor one of the two bytes after
    // one) and that is not ASCII stops the run.
    const __m128i unclaimed = _mm_and_si128(not_lead, _mm_and_si128(_mm_alignr_epi8(not_lead, not_lead_before_, 15),
                                                                    _mm_alignr_epi8(not_lead, not_lead_before_, 14)));
    k.stop = static_cast<unsigned>(std::countr_zero(bits(_mm_and_si128(unclaimed, x)) | 0x10000u));
    k.take = (1u << k.stop) - 1;
    const __m128i not_upper =
        _mm_cmpeq_epi8(_mm_or_si128(_mm_and_si128(a, bit(kUpperAO)), _mm_and_si128(b, bit(kUpperPZ))), zero);
    k.folded = _mm_or_si128(x, _mm_andnot_si128(not_upper, bit(0x20)));
    const __m128i not_alnum = _mm_cmpeq_epi8(
        _mm_or_si128(_mm_and_si128(a, bit(kDigit | kUpperAO)), _mm_and_si128(b, bit(kUpperPZ | kLowerAO | kLowerPZ))),
        zero);
    k.ideograph = ideograph;
    k.ideograph_bytes = _mm_or_si128(ideograph, _mm_or_si128(_mm_alignr_epi8(ideograph, ideograph_before_, 15),
                                                             _mm_alignr_epi8(ideograph, ideograph_before_, 14)));
    k.digit_bytes = _mm_cmpeq_epi8(_mm_and_si128(a, bit(kDigit)), bit(kDigit));
    k.alnum = ~bits(not_alnum) & k.take;
    k.digit = bits(k.digit_bytes) & k.take;
    k.ideographs = bits(ideograph) & k.take;
    k.keep = (bits(k.ideograph_bytes) | k.alnum) & k.take;
    if (k.stop < 16 || last) {
      q_ = q + k.stop;
      done_ = true;
      return true;
    }
    q_ = q + 16;
    not_lead_before_ = not_lead;
    ideograph_before_ = ideograph;
    x_ = next;
    a_ = next_a;
    b_ = next_b;
    return true;
  }

  const char* run_end() const { return q_; }

 private:
  __attribute__((target("ssse3"))) static void Classes(__m128i v, __m128i* a, __m128i* b) {
    using namespace key_blocks;
    const __m128i low_nibble = _mm_set1_epi8(0x0F);
    const __m128i lo = _mm_and_si128(v, low_nibble);
    const __m128i hi = _mm_and_si128(_mm_srli_epi16(v, 4), low_nibble);
    auto table = [](const uint8_t* t) { return _mm_load_si128(reinterpret_cast<const __m128i*>(t)); };
    *a = _mm_and_si128(_mm_shuffle_epi8(table(kNibblesA.lo), lo), _mm_shuffle_epi8(table(kNibblesA.hi), hi));
    *b = _mm_and_si128(_mm_shuffle_epi8(table(kNibblesB.lo), lo), _mm_shuffle_epi8(table(kNibblesB.hi), hi));
  }

  const char* q_;  // the block Next reads; where the run ended once done_
  const char* const end_;
  bool done_ = false;
  __m128i x_, a_, b_;  // the block at q_, and its classes
  __m128i not_lead_before_, ideograph_before_;  // of the block before it
};

}  // namespace dedup::base

#endif  // DEDUP_ASCII_BLOCKS

#endif  // DEDUP_CORE_BASE_KEY_BLOCKS_H_
