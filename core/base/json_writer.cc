// Copyright 2026 The dedup Authors.
#include "core/base/json_writer.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>

#include "core/base/bits.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace dedup::base {

namespace {

// The byte lanes of `x` that need escaping: a control byte (< 0x20), '"'
// or '\\' (see ByteLanesEqual).
inline uint64_t EscapeLanes(uint64_t x, bool quotes_only) {
  return (quotes_only ? 0 : ByteLanesBelow(x, 0x20)) | ByteLanesEqual(x, '"') | ByteLanesEqual(x, '\\');
}

}  // namespace

size_t FindJsonSpecial(std::string_view s, bool quotes_only) {
  const char* const data = s.data();
  const size_t n = s.size();
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control = _mm_set1_epi8(0x1F);
  // max(x, 0x1F) == 0x1F: x < 0x20, unsigned; not asked with quotes_only.
  const __m128i ask_control = quotes_only ? _mm_setzero_si128() : _mm_set1_epi8(-1);
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(data + i));
    const __m128i below = _mm_and_si128(_mm_cmpeq_epi8(_mm_max_epu8(x, control), control), ask_control);
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backslash)), below);
    if (const int mask = _mm_movemask_epi8(hit); mask != 0)
      return i + static_cast<size_t>(std::countr_zero(static_cast<unsigned>(mask)));
  }
#endif
  if (std::endian::native == std::endian::little) {
    for (; i + 8 <= n; i += 8) {
      uint64_t x;
      std::memcpy(&x, data + i, 8);
      if (const uint64_t lanes = EscapeLanes(x, quotes_only); lanes != 0)
        return i + static_cast<size_t>(std::countr_zero(lanes)) / 8;
    }
  }
  for (; i < n; ++i) {
    const auto c = static_cast<unsigned char>(data[i]);
    if (c == '"' || c == '\\' || (!quotes_only && c < 0x20)) return i;
  }
  return n;
}

void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->reserve(out->size() + s.size() + s.size() / 16 + 8);  // room for a newline every ~32 bytes
  out->push_back('"');
  const char* const data = s.data();
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    const size_t run = i + FindJsonSpecial(s.substr(i));  // bytes [i, run) need no escaping
    out->append(data + i, run - i);
    if (run == n) break;
    const unsigned char c = static_cast<unsigned char>(data[run]);
    i = run + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default:
        out->append("\\u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
    }
  }
  out->push_back('"');
}

namespace {

// The byte the escape at content[0] ('\\') stands for, where it is one
// AppendJsonString writes; -1 otherwise.
int CanonicalEscape(std::string_view content) {
  if (content.size() < 2) return -1;
  switch (content[1]) {
    case '"': return '"';
    case '\\': return '\\';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'u': {
      if (content.size() < 6 || content[2] != '0' || content[3] != '0') return -1;
      auto hex = [](char h) { return h >= '0' && h <= '9' ? h - '0' : h >= 'a' && h <= 'f' ? h - 'a' + 10 : -1; };
      const int hi = hex(content[4]), lo = hex(content[5]);
      if (hi < 0 || lo < 0) return -1;
      const int c = hi * 16 + lo;
      // Control bytes only, and not those with a short form.
      if (c >= 0x20 || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') return -1;
      return c;
    }
    default:
      return -1;
  }
}

}  // namespace

bool IsCanonicalJsonString(std::string_view content, size_t* size) {
  size_t n = content.size();
  for (size_t i = FindJsonSpecial(content); i < content.size(); i += FindJsonSpecial(content.substr(i))) {
    if (content[i] != '\\' || CanonicalEscape(content.substr(i)) < 0) return false;  // a bare '"' or control byte
    const size_t len = CanonicalEscapeSize(content.substr(i));
    n -= len - 1;
    i += len;
  }
  *size = n;
  return true;
}

void AppendCanonicalUnescaped(std::string_view content, std::string* out) {
  size_t i = 0;
  while (i < content.size()) {
    const size_t run = i + FindJsonSpecial(content.substr(i), /*quotes_only=*/true);
    out->append(content.data() + i, run - i);
    if (run == content.size()) break;
    out->push_back(static_cast<char>(CanonicalEscape(content.substr(run))));
    i = run + CanonicalEscapeSize(content.substr(run));
  }
}

void AppendJsonDouble(double v, std::string* out, int precision) {
  if (!std::isfinite(v)) {
    out->append("null");
    return;
  }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::general, precision);
  std::string_view s(buf, static_cast<size_t>(res.ptr - buf));
  out->append(s);
  // "1e-05" is valid JSON; "5" for 5.0 is fine too.
}

void AppendJsonUint(uint64_t v, std::string* out) {
  char buf[24];
  out->append(buf, static_cast<size_t>(std::to_chars(buf, buf + sizeof(buf), v).ptr - buf));
}

void JsonWriter::Newline() {
  if (indent_ <= 0) return;
  out_->push_back('\n');
  out_->append(has_member_.size() * static_cast<size_t>(indent_), ' ');
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_member_.empty()) {
    if (has_member_.back()) out_->push_back(',');
    has_member_.back() = true;
    Newline();
  }
}

JsonWriter& JsonWriter::BeginObject() {
  BeforeValue();
  out_->push_back('{');
  has_member_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  const bool had = has_member_.back();
  has_member_.pop_back();
  if (had) Newline();
  out_->push_back('}');
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  BeforeValue();
  out_->push_back('[');
  has_member_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::EndArray() { return EndObject(), out_->back() = ']', *this; }

JsonWriter& JsonWriter::Key(std::string_view key) {
  BeforeValue();
  AppendJsonString(key, out_);
  out_->append(indent_ > 0 ? ": " : ":");
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view v) {
  BeforeValue();
  AppendJsonString(v, out_);
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t v) {
  BeforeValue();
  out_->append(std::to_string(v));
  return *this;
}

JsonWriter& JsonWriter::Uint(uint64_t v) {
  BeforeValue();
  AppendJsonUint(v, out_);
  return *this;
}

JsonWriter& JsonWriter::Double(double v, int precision) {
  BeforeValue();
  AppendJsonDouble(v, out_, precision);
  return *this;
}

JsonWriter& JsonWriter::Bool(bool v) {
  BeforeValue();
  out_->append(v ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_->append("null");
  return *this;
}

JsonWriter& JsonWriter::Raw(std::string_view json) {
  BeforeValue();
  out_->append(json);
  return *this;
}

}  // namespace dedup::base
