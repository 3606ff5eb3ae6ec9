// Copyright 2026 The dedup Authors.
#include "core/base/json_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace dedup::base {
namespace {

TEST(JsonWriterTest, EscapesStrings) {
  std::string out;
  AppendJsonString(std::string("发布时间:\"a\"\\\n\t\x01", 20) + std::string(1, '\0'), &out);
  EXPECT_EQ(out, "\"发布时间:\\\"a\\\"\\\\\\n\\t\\u0001\\u0000\"");
}

// The escape scan reads sixteen bytes at a time, then eight, then one; every
// byte that needs escaping, at every offset in and around those blocks, next
// to UTF-8 and bytes >= 0x80 (a signed compare or a borrow trick that let
// them through, or flagged 0x7F or 0x20, would show here), must come out as
// a byte-at-a-time escaper writes it.
TEST(JsonWriterTest, EscapesEveryByteAtEveryOffset) {
  auto reference = [](std::string_view s) {
    std::string r = "\"";
    for (unsigned char c : s) {
      if (c == '"') r += "\\\"";
      else if (c == '\\') r += "\\\\";
      else if (c == '\n') r += "\\n";
      else if (c == '\r') r += "\\r";
      else if (c == '\t') r += "\\t";
      else if (c == '\b') r += "\\b";
      else if (c == '\f') r += "\\f";
      else if (c < 0x20) r += "\\u00" + std::string(1, "0123456789abcdef"[c >> 4]) + "0123456789abcdef"[c & 15];
      else r += static_cast<char>(c);
    }
    return r + "\"";
  };
  const std::string fill = "发布时间\x7f \xff\x80!#[]~";  // no byte here needs escaping
  for (int b = 0; b < 256; ++b) {
    for (size_t at = 0; at < 40; ++at) {
      for (size_t len : {at + 1, at + 3, size_t{24}, size_t{41}}) {
        std::string s;
        while (s.size() < len) s += fill;
        s.resize(std::max(len, at + 1));
        s[at] = static_cast<char>(b);
        std::string out = "x", want = "x";
        AppendJsonString(s, &out);
        want += reference(s);
        ASSERT_EQ(out, want) << "byte " << b << " at " << at << " of " << s.size();
      }
    }
  }
}

// The scan a record's string values are skipped with: the first '"' or
// '\\' only, control bytes and all others passed over.
TEST(JsonWriterTest, FindsQuotesAndBackslashesOnly) {
  for (const char special : {'"', '\\', '\n', '\x01'}) {
    for (size_t at = 0; at < 40; ++at) {
      std::string s = "文本 \x7f\xff" + std::string(40, 'a');
      s[at] = special;
      const bool quote = special == '"' || special == '\\';
      EXPECT_EQ(FindJsonSpecial(s), at) << at;
      EXPECT_EQ(FindJsonSpecial(s, /*quotes_only=*/true), quote ? at : s.size()) << at;
    }
  }
  EXPECT_EQ(FindJsonSpecial(""), 0u);
}

TEST(JsonWriterTest, CompactAndNested) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject().Key("documents").Uint(5).Key("ratio").Double(0.25).Key("top").BeginArray();
  w.BeginObject().Key("text").String("返回").Key("documents").Uint(2).EndObject();
  w.EndArray().Key("cluster").Null().Key("empty").BeginArray().EndArray().EndObject();
  EXPECT_EQ(out,
            "{\"documents\":5,\"ratio\":0.25,\"top\":[{\"text\":\"返回\",\"documents\":2}],"
            "\"cluster\":null,\"empty\":[]}");
}

TEST(JsonWriterTest, Indented) {
  std::string out;
  JsonWriter w(&out, 2);
  w.BeginObject().Key("a").Uint(1).Key("b").BeginObject().Key("c").Bool(true).EndObject().EndObject();
  EXPECT_EQ(out, "{\n  \"a\": 1,\n  \"b\": {\n    \"c\": true\n  }\n}");
}

TEST(JsonWriterTest, Doubles) {
  std::string out;
  AppendJsonDouble(0.8, &out);
  out += ' ';
  AppendJsonDouble(1.0 / 3.0, &out, 4);
  out += ' ';
  AppendJsonDouble(1.0 / 0.0, &out);
  EXPECT_EQ(out, "0.8 0.3333 null");
}

TEST(JsonWriterTest, Uints) {
  std::string out = "[";
  for (const uint64_t v : {uint64_t{0}, uint64_t{7}, uint64_t{1234567890}, UINT64_MAX}) {
    AppendJsonUint(v, &out);
    out += ',';
  }
  EXPECT_EQ(out, "[0,7,1234567890,18446744073709551615,");
}

}  // namespace
}  // namespace dedup::base
