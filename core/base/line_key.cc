// Copyright 2026 The dedup Authors.
#include "core/base/line_key.h"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <nmmintrin.h>
#endif

#include "core/base/ascii_block.h"
#include "core/base/hash.h"
#include "core/base/utf8.h"

namespace dedup::base {

size_t NormalizeLineKey(std::string_view line, const LineKeyOptions& options, std::string* out) {
  out->resize(LineKeyRoom(line.size()));
  size_t bytes = 0;
  const size_t n = WriteLineKey(line, options, out->data(), &bytes);
  out->resize(bytes);
  return n;
}

namespace {

// Per byte, for runs of ASCII: the key character (low byte), bit 8 when
// the key keeps it, and kRunGoesOn for ASCII other than digits (digits and
// other bytes end the run).
constexpr uint16_t kRunGoesOn = 1u << 9;
constexpr std::array<uint16_t, 256> kAsciiRun = [] {
  std::array<uint16_t, 256> t{};
  for (size_t b = 0; b < 128; ++b) {
    const char32_t c = kAsciiKeyChar[b];
    if (c - '0' < 10) continue;
    t[b] = static_cast<uint16_t>(c | (kAsciiKeyKept[b] << 8) | kRunGoesOn);
  }
  return t;
}();

#if defined(DEDUP_ASCII_BLOCKS)
// Writes the key of the ASCII bytes from p on, 16 at a time, to *o; stops
// at the first byte that is not ASCII or at the end. A block writes 16
// bytes at most, where the key has room for three per byte left plus one:
// called with four bytes left or more, and each full block keeps at most
// one byte per byte it reads. The line that ends at `end` has 16 bytes or
// more: its last bytes are read in a block that overlaps the one before.
// Returns where it stopped. *digits is the length of the number the key
// ends with, as WriteLineKey counts it, and with `fold` numbers are folded
// as WriteLineKey folds them (a block that keeps a digit is walked again).
__attribute__((target("ssse3"))) const char* AsciiKeyRun(const char* p, const char* const end, bool fold,
                                                         char** o, size_t* digits) {
  char* w = *o;
  size_t run = *digits;
  while (p < end) {
    const char* q = p;  // the block read: q..q+15, of which bytes from `skip` on are new
    unsigned skip = 0;
    if (end - p < 16) {
      q = end - 16;
      skip = static_cast<unsigned>(p - q);
    }
    const AsciiBlock b = KeyAsciiBlock(q, skip);
    if (b.stop == skip) break;  // p is not ASCII
    char* const written = w;
    for (int h = 0; h < 2; ++h) {
      unsigned count;
      _mm_storel_epi64(reinterpret_cast<__m128i*>(w), PackAsciiHalf(b, h, &count));
      w += count;
    }
    if (b.digits != 0) {
      for (char* c = written; c < w; ++c) {
        if (static_cast<unsigned char>(*c - '0') >= 10) {
          run = 0;
        } else if (++run >= 2 && fold) {
          if (run == 2) c[-1] = '0';
          *c = '0';
        }
      }
    } else if (b.keep != 0) {
      run = 0;  // a kept letter ends the number
    }
    p = q + b.stop;
    if (b.stop < 16) break;
  }
  *digits = run;
  *o = w;
  return p;
}

// Not kHaveSsse3 && ...: an initializer that reads another variable's may
// run before it (clang 14 does), and read false.
const bool kHaveSsse3Popcnt = __builtin_cpu_supports("ssse3") && __builtin_cpu_supports("popcnt");

// Writes the key of the characters from p on to *o, 16 bytes at a time, as
// far as they are ASCII, CJK ideographs U+4000..U+9FFF (kept as they are)
// or the punctuation between Chinese phrases, dropped whole: U+2000..U+203F
// (E2 80 xx: dashes, quotes, the ellipsis), U+3000..U+303F (E3 80 xx: 。、
// 「」《》) and the full-width forms of ASCII punctuation U+FF01..U+FF0F
// and U+FF1A..U+FF20 (EF BC 81..8F, 9A..A0: ，！（）：；？). Stops at the
// first other character (a full-width digit or letter, another script, a
// broken sequence) or where fewer than 32 bytes are left, and returns
// where it stopped: a character boundary; p itself when the character at p
// is one of the others.
//
// The blocks are read 16 bytes apart whatever they hold, so that no load
// waits for the block before it: a character may straddle two blocks. A
// lead byte is judged with the two bytes after it (from the next block
// where it lies at the end of this one), and each block keeps the bytes it
// holds, continuation bytes of a lead in the block before included. The
// block after which fewer than 32 bytes are left takes no lead in its last
// two bytes, so that the run ends between characters. Numbers are folded
// as AsciiKeyRun folds them; the room argument is its own (a block keeps at
// most one byte per byte it reads). *chars is increased by the characters
// kept. REQUIRES: end - p >= 32.
// Byte classes for ChineseKeyRun: a byte is in a class when both the table
// by its low nibble and the table by its high nibble have the class's bit.
// Two class bytes, A and B, of up to eight classes each.
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
  kFw81 = 1,     // B: 81..8F
  kFw9A = 2,     // B: 9A..9F
  kFwA0 = 4,     // B: A0
  kUpperPZ = 8,  // B: 'P'..'Z'
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
constexpr NibbleClass kClassesA[] = {{kCont, 8, 0xB, 0, 0xF},     {kIdeoLead, 0xE, 0xE, 4, 9}, {kE2E3, 0xE, 0xE, 2, 3},
                                     {kEF, 0xE, 0xE, 0xF, 0xF},    {kB80, 8, 8, 0, 0},          {kBBC, 0xB, 0xB, 0xC, 0xC},
                                     {kDigit, 3, 3, 0, 9},         {kUpperAO, 4, 4, 1, 0xF}};
constexpr NibbleClass kClassesB[] = {{kFw81, 8, 8, 1, 0xF},   {kFw9A, 9, 9, 0xA, 0xF},   {kFwA0, 0xA, 0xA, 0, 0},
                                     {kUpperPZ, 5, 5, 0, 0xA}, {kLowerAO, 6, 6, 1, 0xF}, {kLowerPZ, 7, 7, 0, 0xA}};
constexpr NibbleTables kNibblesA = MakeNibbleTables(kClassesA);
constexpr NibbleTables kNibblesB = MakeNibbleTables(kClassesB);

// Each bit of a byte as a byte: 0xFF where it is set.
constexpr std::array<uint64_t, 256> kBitBytes = [] {
  std::array<uint64_t, 256> t{};
  for (size_t m = 0; m < 256; ++m)
    for (int i = 0; i < 8; ++i)
      if (m & (size_t{1} << i)) t[m] |= uint64_t{0xFF} << (8 * i);
  return t;
}();

// Bytes 0..13 of a block: the last block of a run takes no lead in its last two.
alignas(16) constexpr uint8_t kFirst14[16] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                                              0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0,    0};

// Writes the key of the characters from p on to *o, 16 bytes at a time, as
// far as they are ASCII, CJK ideographs U+4000..U+9FFF (kept as they are)
// or the punctuation between Chinese phrases, dropped whole: U+2000..U+203F
// (E2 80 xx: dashes, quotes, the ellipsis), U+3000..U+303F (E3 80 xx: 。、
// 「」《》) and the full-width forms of ASCII punctuation U+FF01..U+FF0F
// and U+FF1A..U+FF20 (EF BC 81..8F, 9A..A0: ，！（）：；？). Stops at the
// first other character (a full-width digit or letter, another script, a
// broken sequence) or where fewer than 32 bytes are left, and returns
// where it stopped: a character boundary; p itself when the character at p
// is one of the others.
//
// The blocks are read 16 bytes apart whatever they hold, so that no load
// waits on the block before it: a character may straddle two blocks. Each
// byte is classed by two nibble lookups; a lead byte is judged with the two
// bytes after it (from the next block where it lies at the end of this
// one), and each block keeps the bytes it holds, continuation bytes of a
// lead in the block before included. The block after which fewer than 32
// bytes are left takes no lead in its last two bytes, so that the run ends
// between characters. Numbers are folded as AsciiKeyRun folds them; the
// room argument is its own (a block keeps at most one byte per byte it
// reads). *chars is increased by the characters kept.
// REQUIRES: end - p >= 32.
__attribute__((target("ssse3,popcnt"))) const char* ChineseKeyRun(const char* p, const char* const end, bool fold,
                                                                  char** o, size_t* digits, size_t* chars) {
  const __m128i low_nibble = _mm_set1_epi8(0x0F);
  const __m128i lo_a = _mm_load_si128(reinterpret_cast<const __m128i*>(kNibblesA.lo));
  const __m128i hi_a = _mm_load_si128(reinterpret_cast<const __m128i*>(kNibblesA.hi));
  const __m128i lo_b = _mm_load_si128(reinterpret_cast<const __m128i*>(kNibblesB.lo));
  const __m128i hi_b = _mm_load_si128(reinterpret_cast<const __m128i*>(kNibblesB.hi));
  const __m128i zero = _mm_setzero_si128();
  auto bit = [](uint8_t b) { return _mm_set1_epi8(static_cast<char>(b)); };
#define DEDUP_CLASSES(v, a, b)                                                          \
  do {                                                                                  \
    const __m128i lo = _mm_and_si128(v, low_nibble);                                    \
    const __m128i hi = _mm_and_si128(_mm_srli_epi16(v, 4), low_nibble);                 \
    a = _mm_and_si128(_mm_shuffle_epi8(lo_a, lo), _mm_shuffle_epi8(hi_a, hi));          \
    b = _mm_and_si128(_mm_shuffle_epi8(lo_b, lo), _mm_shuffle_epi8(hi_b, hi));          \
  } while (false)
  auto bits = [](__m128i v) { return static_cast<unsigned>(_mm_movemask_epi8(v)); };
  char* w = *o;
  // 1 when the key so far ends with a digit. Handing back a number's
  // length as 1 whatever it is keeps WriteLineKey right: its next digit
  // zeroes the one before it, which is '0' already where the number was
  // longer.
  unsigned digit_before = *digits > 0 ? 1 : 0;
  size_t n = 0;
  // Of the block before: 0xFF at each byte that is not a lead (the run's
  // first block has none before it), and at each that is an ideograph's.
  __m128i not_lead_before = _mm_set1_epi8(-1);
  __m128i ideograph_before = zero;
  const char* q = p;
  __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
  __m128i a, b;
  DEDUP_CLASSES(x, a, b);
  for (;;) {
    const bool last = end - q < 48;  // no whole block after the next
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + 16));
    __m128i next_a, next_b;
    DEDUP_CLASSES(next, next_a, next_b);
    // Byte i of these: the classes of byte i + 1 and i + 2.
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
    const __m128i unclaimed = _mm_and_si128(not_lead, _mm_and_si128(_mm_alignr_epi8(not_lead, not_lead_before, 15),
                                                                    _mm_alignr_epi8(not_lead, not_lead_before, 14)));
    const unsigned bad = bits(_mm_and_si128(unclaimed, x));
    const auto stop = static_cast<unsigned>(std::countr_zero(bad | 0x10000u));  // 16 when none
    const unsigned take = (1u << stop) - 1;
    // ASCII as KeyAsciiBlock keys it: letters lowered, letters and digits
    // kept; ideographs whole.
    const __m128i not_upper =
        _mm_cmpeq_epi8(_mm_or_si128(_mm_and_si128(a, bit(kUpperAO)), _mm_and_si128(b, bit(kUpperPZ))), zero);
    const __m128i folded = _mm_or_si128(x, _mm_andnot_si128(not_upper, bit(0x20)));
    const __m128i not_alnum = _mm_cmpeq_epi8(
        _mm_or_si128(_mm_and_si128(a, bit(kDigit | kUpperAO)), _mm_and_si128(b, bit(kUpperPZ | kLowerAO | kLowerPZ))),
        zero);
    const __m128i ideograph_bytes = _mm_or_si128(ideograph, _mm_or_si128(_mm_alignr_epi8(ideograph, ideograph_before, 15),
                                                                         _mm_alignr_epi8(ideograph, ideograph_before, 14)));
    const unsigned alnum = ~bits(not_alnum) & take;
    const __m128i digit_bytes = _mm_cmpeq_epi8(_mm_and_si128(a, bit(kDigit)), bit(kDigit));
    const unsigned digit = bits(digit_bytes) & take;
    const unsigned keep = (bits(ideograph_bytes) | alnum) & take;
    // The kept bytes moved together, eight at a time.
    const unsigned low = keep & 0xFF, high_half = keep >> 8;
    const unsigned count0 = static_cast<unsigned>(_mm_popcnt_u32(low));
    const unsigned count = static_cast<unsigned>(_mm_popcnt_u32(keep));
    const __m128i shuffle0 = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(kAsciiCompress.shuffle[low]));
    const __m128i shuffle1 = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(kAsciiCompress.shuffle[high_half]));
    __m128i out0 = _mm_shuffle_epi8(folded, shuffle0);
    __m128i out1 = _mm_shuffle_epi8(_mm_srli_si128(folded, 8), shuffle1);
    if (digit != 0) {
      // The digits among the key bytes written, a bit each in key order; a
      // digit next to a digit there is part of a number and becomes '0'
      // (its low nibble cleared), the one before the block included.
      const unsigned d0 = bits(_mm_shuffle_epi8(digit_bytes, shuffle0)) & ((1u << count0) - 1);
      const unsigned d1 = bits(_mm_shuffle_epi8(_mm_srli_si128(digit_bytes, 8), shuffle1)) & ((1u << (count - count0)) - 1);
      const unsigned key_digits = d0 | (d1 << count0);
      if (fold) {
        const unsigned zeroed = key_digits & ((key_digits << 1) | (key_digits >> 1) | digit_before);
        if ((key_digits & digit_before) != 0) w[-1] = '0';
        const __m128i nibble = _mm_set1_epi8(0x0F);
        out0 = _mm_andnot_si128(
            _mm_and_si128(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(&kBitBytes[zeroed & 0xFF])), nibble), out0);
        out1 = _mm_andnot_si128(
            _mm_and_si128(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(&kBitBytes[(zeroed >> count0) & 0xFF])), nibble),
            out1);
      }
      digit_before = (key_digits >> (count - 1)) & 1;  // count > 0: a digit was kept
    } else if (keep != 0) {
      digit_before = 0;  // a kept letter or ideograph ends the number
    }
    _mm_storel_epi64(reinterpret_cast<__m128i*>(w), out0);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(w + count0), out1);
    w += count;
    n += static_cast<size_t>(_mm_popcnt_u32((bits(ideograph) & take) | alnum));
    if (stop < 16) {
      q += stop;
      break;
    }
    q += 16;
    if (last) break;
    not_lead_before = not_lead;
    ideograph_before = ideograph;
    x = next;
    a = next_a;
    b = next_b;
  }
  *digits = digit_before;
  *o = w;
  *chars += n;
  return q;
}
#undef DEDUP_CLASSES
#endif

}  // namespace

size_t WriteLineKey(std::string_view line, const LineKeyOptions& options, char* const key, size_t* bytes) {
  char* o = key;
  size_t n = 0;
  size_t digits = 0;  // length of the number the key ends with
  const char* p = line.data();
  const char* const end = p + line.size();
  // A kept character: digits are counted into numbers (folded to zeros
  // from the second digit on), anything else ends the number.
  auto put = [&](char32_t cp) {
    if (cp >= '0' && cp <= '9') {
      ++digits;
      if (options.fold_numbers && digits >= 2) {
        if (digits == 2) o[-1] = '0';
        cp = '0';
      }
    } else {
      digits = 0;
    }
    if (cp < 0x80) {
      *o++ = static_cast<char>(cp);
    } else {
      o += EncodeUtf8(cp, o);
    }
    ++n;
  };
  // One loop for the characters of a Chinese or English line, with no
  // exit where ASCII and ideographs alternate: a character is read as a
  // 4-byte word. Runs of ASCII go 16 bytes at a time where the CPU can
  // (AsciiKeyRun), else a byte at a time without a branch on what it is
  // (spaces come at random); CJK ideographs U+4000..U+9FFF (lead bytes
  // E4..E9, which folding leaves alone) are copied as they are.
  //
  // The key has room: it is at least as long as what is left of the line,
  // times three, and no step writes more than three bytes per byte it
  // reads, or 16 bytes where 16 or more are left.
  while (end - p >= 4) {
    uint32_t x;
    std::memcpy(&x, p, 4);
    const uint32_t b = x & 0xFF;
    if (b < 0x80) {
#if defined(DEDUP_ASCII_BLOCKS)
      // Runs of four bytes or more (English text; in Chinese text, ASCII
      // comes a digit or a space at a time).
      if (kHaveSsse3 && line.size() >= 16 && (x & 0x80808080u) == 0) {
        char* const run = o;
        p = AsciiKeyRun(p, end, options.fold_numbers, &o, &digits);  // four bytes at least
        n += static_cast<size_t>(o - run);
        continue;
      }
#endif
      if (kAsciiKeyChar[b] - '0' < 10) {
        put(kAsciiKeyChar[b]);
        ++p;
        continue;
      }
      // The run of ASCII other than digits (English runs long): one table
      // entry per byte says whether it goes on, what the key writes and
      // whether it keeps it. Each kept character is one byte of the key.
      char* const run = o;
      do {
        const uint16_t e = kAsciiRun[static_cast<unsigned char>(*p)];
        if ((e & kRunGoesOn) == 0) break;
        *o = static_cast<char>(e);
        o += (e >> 8) & 1;
        ++p;
      } while (p < end);
      if (o != run) digits = 0;  // a kept character ends the number
      n += static_cast<size_t>(o - run);
      continue;
    }
#if defined(DEDUP_ASCII_BLOCKS)
    // Chinese text: ideographs, the punctuation between them and digits,
    // 16 bytes at a time.
    if (kHaveSsse3Popcnt && end - p >= 32 && (b - 0xE2 < 8 || b == 0xEF)) {
      const char* const at = p;
      p = ChineseKeyRun(p, end, options.fold_numbers, &o, &digits, &n);
      if (p != at) continue;
    }
#endif
    if ((x & 0xC0C0F0) == 0x8080E0 && b - 0xE4 < 6) {
      digits = 0;
      // Ideographs up to five at a time (Chinese runs about eight
      // characters between punctuation); at least this one.
      size_t k = 1;
      if (end - p >= 16) {
        k = LeadingIdeographs(p);
        std::memcpy(o, p, 16);
      } else {
        std::memcpy(o, &x, 4);
      }
      o += 3 * k;
      p += 3 * k;
      n += k;
      continue;
    }
    if (const char32_t cp = NextKeyChar(&p, end); cp != 0) put(cp);
  }
  while (p < end) {
    if (const char32_t cp = NextKeyChar(&p, end); cp != 0) put(cp);
  }
  *bytes = static_cast<size_t>(o - key);
  return n;
}

uint64_t LineKeyHash(std::string_view line, const LineKeyOptions& options, std::string* scratch) {
  // The scratch only grows: a string resized to fit each key would zero
  // the room for it every time (three bytes per byte of the line).
  const size_t room = LineKeyRoom(line.size());
  if (scratch->size() < room) scratch->resize(room);
  size_t bytes = 0;
  if (WriteLineKey(line, options, scratch->data(), &bytes) == 0) return 0;
  return HashLineKey(std::string_view(scratch->data(), bytes));
}

uint64_t HashLineKey(std::string_view key) {
  const uint64_t h = Hash64(key, 0x6C696E656B6579ULL);
  return h == 0 ? 1 : h;
}

}  // namespace dedup::base
