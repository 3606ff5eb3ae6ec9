// Copyright 2026 The dedup Authors.
#include "core/base/line_key.h"

#include <cstring>

#include "core/base/hash.h"
#include "core/base/utf8.h"

namespace dedup::base {

// A key is at most 3 bytes per input byte (an invalid byte becomes U+FFFD).
size_t NormalizeLineKey(std::string_view line, const LineKeyOptions& options, std::string* out) {
  out->clear();
  return AppendLineKey(line, options, out);
}

size_t AppendLineKey(std::string_view line, const LineKeyOptions& options, std::string* out) {
  const size_t base = out->size();
  out->resize(base + 3 * line.size());
  char* const o0 = out->data();
  char* o = o0 + base;
  size_t n = 0;
  size_t digits = 0;  // length of the number the key ends with
  const char* p = line.data();
  const char* const end = p + line.size();
  while (p < end) {
    // Runs of CJK ideographs (lead bytes E4..E9, which folding leaves
    // alone) are copied as they are, with no decoding.
    while (KeptIdeographAt(p, end) != 0) {
      std::memcpy(o, p, 3);
      o += 3;
      p += 3;
      ++n;
      digits = 0;
    }
    // ASCII letters, spaces and punctuation without a branch on which
    // (spaces come at random); digits take the number-folding path.
    while (p < end) {
      const auto b = static_cast<unsigned char>(*p);
      if (b >= 0x80) break;
      const char32_t c = kAsciiKeyChar[b];
      if (c - '0' < 10) break;
      *o = static_cast<char>(c);
      o += kAsciiKeyKept[b];
      n += kAsciiKeyKept[b];
      digits &= size_t{kAsciiKeyKept[b]} - 1;  // a kept character ends the number
      ++p;
    }
    if (p == end) break;
    char32_t cp = NextKeyChar(&p, end);
    if (cp == 0) continue;
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
  }
  out->resize(static_cast<size_t>(o - o0));
  return n;
}

uint64_t LineKeyHash(std::string_view line, const LineKeyOptions& options, std::string* scratch) {
  if (NormalizeLineKey(line, options, scratch) == 0) return 0;
  return HashLineKey(*scratch);
}

uint64_t HashLineKey(std::string_view key) {
  const uint64_t h = Hash64(key, 0x6C696E656B6579ULL);
  return h == 0 ? 1 : h;
}

}  // namespace dedup::base
