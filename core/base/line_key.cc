// Copyright 2026 The dedup Authors.
#include "core/base/line_key.h"

#include <array>
#include <cstring>

#include "core/base/ascii_block.h"
#include "core/base/hash.h"
#include "core/base/key_blocks.h"
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

// Each bit of a byte as a byte: 0xFF where it is set.
constexpr std::array<uint64_t, 256> kBitBytes = [] {
  std::array<uint64_t, 256> t{};
  for (size_t m = 0; m < 256; ++m)
    for (int i = 0; i < 8; ++i)
      if (m & (size_t{1} << i)) t[m] |= uint64_t{0xFF} << (8 * i);
  return t;
}();

// Writes the key of the Chinese text from p on to *o, a block of 16 bytes
// at a time (KeyBlockWalk), and returns where the run stopped: a character
// boundary, p itself when the character at p is one the blocks do not key.
// The run also stops where fewer than 32 bytes are left. The kept bytes
// move together as AsciiKeyRun moves them, and numbers are folded in the
// register, from the digits' places in the key; the room argument is
// AsciiKeyRun's (a block keeps at most one byte per byte it reads). *chars
// is increased by the characters kept. REQUIRES: end - p >= 32.
__attribute__((target("ssse3,popcnt"))) const char* ChineseKeyRun(const char* p, const char* const end, bool fold,
                                                                  char** o, size_t* digits, size_t* chars) {
  auto bits = [](__m128i v) { return static_cast<unsigned>(_mm_movemask_epi8(v)); };
  char* w = *o;
  // 1 when the key so far ends with a digit. Handing back a number's
  // length as 1 whatever it is keeps WriteLineKey right: its next digit
  // zeroes the one before it, which is '0' already where the number was
  // longer.
  unsigned digit_before = *digits > 0 ? 1 : 0;
  size_t n = 0;
  KeyBlockWalk walk(p, end);
  for (KeyBlock k; walk.Next(&k);) {
    // The kept bytes moved together, eight at a time.
    const unsigned low = k.keep & 0xFF;
    const unsigned count0 = static_cast<unsigned>(_mm_popcnt_u32(low));
    const unsigned count = static_cast<unsigned>(_mm_popcnt_u32(k.keep));
    const __m128i shuffle0 = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(kAsciiCompress.shuffle[low]));
    const __m128i shuffle1 = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(kAsciiCompress.shuffle[k.keep >> 8]));
    __m128i out0 = _mm_shuffle_epi8(k.folded, shuffle0);
    __m128i out1 = _mm_shuffle_epi8(_mm_srli_si128(k.folded, 8), shuffle1);
    if (k.digit != 0) {
      // The digits among the key bytes written, a bit each in key order; a
      // digit next to a digit there is part of a number and becomes '0'
      // (its low nibble cleared), the one before the block included.
      const unsigned d0 = bits(_mm_shuffle_epi8(k.digit_bytes, shuffle0)) & ((1u << count0) - 1);
      const unsigned d1 =
          bits(_mm_shuffle_epi8(_mm_srli_si128(k.digit_bytes, 8), shuffle1)) & ((1u << (count - count0)) - 1);
      const unsigned key_digits = d0 | (d1 << count0);
      if (fold) {
        const unsigned zeroed = key_digits & ((key_digits << 1) | (key_digits >> 1) | digit_before);
        if ((key_digits & digit_before) != 0) w[-1] = '0';
        const __m128i nibble = _mm_set1_epi8(0x0F);
        auto zero_mask = [&](unsigned m) {
          return _mm_and_si128(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(&kBitBytes[m & 0xFF])), nibble);
        };
        out0 = _mm_andnot_si128(zero_mask(zeroed), out0);
        out1 = _mm_andnot_si128(zero_mask(zeroed >> count0), out1);
      }
      digit_before = (key_digits >> (count - 1)) & 1;  // count > 0: a digit was kept
    } else if (k.keep != 0) {
      digit_before = 0;  // a kept letter or ideograph ends the number
    }
    _mm_storel_epi64(reinterpret_cast<__m128i*>(w), out0);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(w + count0), out1);
    w += count;
    n += static_cast<size_t>(_mm_popcnt_u32(k.ideographs | k.alnum));
  }
  *digits = digit_before;
  *o = w;
  *chars += n;
  return walk.run_end();
}
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
    if (KeyBlockRunMayStart(p, end)) {
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
