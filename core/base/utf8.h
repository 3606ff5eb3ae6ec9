// Copyright 2026 The dedup Authors.
//
// Minimal UTF-8 helpers for hot loops: decoding one code point, validation,
// and snapping byte offsets to character boundaries.
#ifndef DEDUP_CORE_BASE_UTF8_H_
#define DEDUP_CORE_BASE_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dedup::base {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes the code point at `p` (REQUIRES: p < end). Returns the number of
// bytes consumed (1..4) and stores the code point in `*cp`. An invalid or
// truncated sequence consumes 1 byte and yields U+FFFD.
inline size_t DecodeUtf8(const char* p, const char* end, char32_t* cp) {
  const auto* s = reinterpret_cast<const unsigned char*>(p);
  const unsigned char c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  const size_t avail = static_cast<size_t>(end - p);
  if (c >= 0xC2 && c <= 0xDF) {
    if (avail >= 2 && (s[1] & 0xC0) == 0x80) {
      *cp = (char32_t(c & 0x1F) << 6) | (s[1] & 0x3F);
      return 2;
    }
  } else if (c >= 0xE0 && c <= 0xEF) {
    if (avail >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
      const char32_t v = (char32_t(c & 0x0F) << 12) | (char32_t(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
      if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) {
        *cp = v;
        return 3;
      }
    }
  } else if (c >= 0xF0 && c <= 0xF4) {
    if (avail >= 4 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80) {
      const char32_t v = (char32_t(c & 0x07) << 18) | (char32_t(s[1] & 0x3F) << 12) |
                         (char32_t(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
      if (v >= 0x10000 && v <= 0x10FFFF) {
        *cp = v;
        return 4;
      }
    }
  }
  *cp = kReplacementChar;
  return 1;
}

// Writes the UTF-8 encoding of `cp` (a valid code point) at `out`, which has
// room for 4 bytes; returns the number of bytes written.
inline size_t EncodeUtf8(char32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

// Appends the UTF-8 encoding of `cp` to `out`.
inline void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Returns true when `text` is well-formed UTF-8.
bool IsValidUtf8(std::string_view text);

// Returns `text` with every invalid sequence replaced by U+FFFD, and stores in
// `*replaced` (when non-null) how many replacements were made.
std::string ReplaceInvalidUtf8(std::string_view text, size_t* replaced);

// Returns the largest offset <= `pos` that starts a UTF-8 character of `text`
// (or text.size()).
size_t FloorToCharBoundary(std::string_view text, size_t pos);

// Returns true when every byte of `text` is ASCII (< 0x80).
bool IsAscii(std::string_view text);

// The code points of UTF-8 `text` (its bytes that start a character).
inline size_t CodePoints(std::string_view text) {
  size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace dedup::base

#endif  // DEDUP_CORE_BASE_UTF8_H_
