// Copyright 2026 The dedup Authors.
#include "core/base/line_key.h"

#include "core/base/hash.h"
#include "core/base/utf8.h"

namespace dedup::base {

bool IsKeyPunctOrSpace(char32_t cp) {
  if (cp < 0x80) {
    return cp <= 0x20 || cp == 0x7F || (cp >= '!' && cp <= '/') || (cp >= ':' && cp <= '@') ||
           (cp >= '[' && cp <= '`') || (cp >= '{' && cp <= '~');
  }
  if (cp == 0xA0 || cp == 0xAD || cp == 0xB7 || cp == 0xFEFF) return true;
  if (cp >= 0x2000 && cp <= 0x206F) return true;  // general punctuation, spaces, ZW chars
  if (cp >= 0x3000 && cp <= 0x303F) return true;  // CJK symbols and punctuation
  if (cp >= 0xFE30 && cp <= 0xFE4F) return true;  // CJK compatibility forms
  if (cp >= 0xFF01 && cp <= 0xFF0F) return true;  // full-width ! .. /
  if (cp >= 0xFF1A && cp <= 0xFF20) return true;  // full-width : .. @
  if (cp >= 0xFF3B && cp <= 0xFF40) return true;  // full-width [ .. `
  if (cp >= 0xFF5B && cp <= 0xFF65) return true;  // full-width { .. and half-width punct
  if (cp == 0x00A7 || cp == 0x00B6) return true;
  return false;
}

size_t NormalizeLineKey(std::string_view line, const LineKeyOptions& options, std::string* out) {
  out->clear();
  size_t n = 0;
  size_t digits = 0;  // length of the number the key ends with
  const char* p = line.data();
  const char* end = p + line.size();
  while (p < end) {
    char32_t cp;
    p += DecodeUtf8(p, end, &cp);
    cp = FoldKeyChar(cp);
    if (cp == 0) continue;
    if (cp >= '0' && cp <= '9') {
      ++digits;
      if (options.fold_numbers && digits >= 2) {
        if (digits == 2) out->back() = '0';
        cp = '0';
      }
    } else {
      digits = 0;
    }
    AppendUtf8(cp, out);
    ++n;
  }
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
