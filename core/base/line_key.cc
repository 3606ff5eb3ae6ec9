// Copyright 2026 The dedup Authors.
#include "core/base/line_key.h"

#include <array>

#include "core/base/hash.h"
#include "core/base/utf8.h"

namespace dedup::base {

namespace {

// Key of each ASCII byte: 0 = dropped (space, control, punctuation), else the
// byte case-folded. The same as FoldKeyChar on ASCII.
constexpr auto kAsciiKey = [] {
  std::array<char, 128> t{};
  for (int c = 0; c < 128; ++c) t[c] = static_cast<char>(FoldKeyChar(static_cast<char32_t>(c)));
  return t;
}();

}  // namespace

// Byte-level: ASCII goes through a 128-entry table and the CJK block
// U+4000..U+9FFF (lead bytes E4..E9), which FoldKeyChar leaves alone, is
// copied as it is; only other characters are decoded and re-encoded. A key is
// at most 3 bytes per input byte (an invalid byte becomes U+FFFD).
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
  auto digit = [&](char32_t* cp) {
    ++digits;
    if (options.fold_numbers && digits >= 2) {
      if (digits == 2) o[-1] = '0';
      *cp = '0';
    }
  };
  while (p < end) {
    const auto b = static_cast<unsigned char>(*p);
    if (b < 0x80) {
      ++p;
      char32_t cp = static_cast<unsigned char>(kAsciiKey[b]);
      if (cp == 0) continue;
      if (cp >= '0' && cp <= '9') {
        digit(&cp);
      } else {
        digits = 0;
      }
      *o++ = static_cast<char>(cp);
      ++n;
      continue;
    }
    if (b >= 0xE4 && b <= 0xE9 && end - p >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
      o[0] = p[0];
      o[1] = p[1];
      o[2] = p[2];
      o += 3;
      p += 3;
      digits = 0;
      ++n;
      continue;
    }
    char32_t cp;
    p += DecodeUtf8(p, end, &cp);
    cp = FoldKeyChar(cp);
    if (cp == 0) continue;
    if (cp >= '0' && cp <= '9') {
      digit(&cp);
    } else {
      digits = 0;
    }
    o += EncodeUtf8(cp, o);
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
