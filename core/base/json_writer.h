// Copyright 2026 The dedup Authors.
//
// JsonWriter: appends compact or indented JSON to a string. Callers keep the
// structure right (Key before each object member); the writer only inserts
// separators and escapes strings. Numbers are printed locale-independently;
// non-finite doubles become null.
#ifndef DEDUP_CORE_BASE_JSON_WRITER_H_
#define DEDUP_CORE_BASE_JSON_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dedup::base {

// Appends `s` as a quoted JSON string. Control characters (NUL included) are
// escaped as \u00XX; other bytes are copied, so `s` should be valid UTF-8.
void AppendJsonString(std::string_view s, std::string* out);

// The offset in `s` of the first byte that a JSON string must escape (a
// control byte, '"' or '\\'), or s.size(). With `quotes_only`, of the first
// '"' or '\\' (where a JSON string ends or escapes: the scan over a
// record's string values). 16 bytes at a time.
size_t FindJsonSpecial(std::string_view s, bool quotes_only = false);

// Whether `content` (the bytes between a JSON string's quotes) is exactly
// what AppendJsonString writes for some text: every escape one it writes
// (\" \\ \n \r \t \b \f, and \u00xx in lower case for the other control
// bytes), and no byte it would escape left bare. Then `*size` is the
// length of that text. Such a string can be cut and copied as it stands
// (AppendJsonStringLessSpans, span.h) instead of being unescaped and
// escaped again.
bool IsCanonicalJsonString(std::string_view content, size_t* size);

// Appends the text of `content`, which IsCanonicalJsonString accepted.
void AppendCanonicalUnescaped(std::string_view content, std::string* out);

// The length of the escape at content[0] ('\\'), in a string
// IsCanonicalJsonString accepted: 6 for \u00xx, else 2.
inline size_t CanonicalEscapeSize(std::string_view content) { return content[1] == 'u' ? 6 : 2; }

// Appends `v` with up to `precision` significant digits ("0.8", not "0.800000").
void AppendJsonDouble(double v, std::string* out, int precision = 6);

// Appends `v` in decimal, as a JSON number.
void AppendJsonUint(uint64_t v, std::string* out);

// Not thread-safe.
class JsonWriter {
 public:
  // `indent` > 0 pretty-prints with that many spaces per level.
  explicit JsonWriter(std::string* out, int indent = 0) : out_(out), indent_(indent) {}

  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view v);
  JsonWriter& Int(int64_t v);
  JsonWriter& Uint(uint64_t v);
  JsonWriter& Double(double v, int precision = 6);
  JsonWriter& Bool(bool v);
  JsonWriter& Null();
  // Appends already-encoded JSON as one value.
  JsonWriter& Raw(std::string_view json);

 private:
  void BeforeValue();
  void Newline();
  std::string* out_;
  int indent_;
  // Per open container: whether it has a member yet.
  std::vector<bool> has_member_;
  bool after_key_ = false;
};

}  // namespace dedup::base

#endif  // DEDUP_CORE_BASE_JSON_WRITER_H_
