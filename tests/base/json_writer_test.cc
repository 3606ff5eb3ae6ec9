// Copyright 2026 The dedup Authors.
#include "core/base/json_writer.h"

#include <gtest/gtest.h>

namespace dedup::base {
namespace {

TEST(JsonWriterTest, EscapesStrings) {
  std::string out;
  AppendJsonString(std::string("发布时间:\"a\"\\\n\t\x01", 20) + std::string(1, '\0'), &out);
  EXPECT_EQ(out, "\"发布时间:\\\"a\\\"\\\\\\n\\t\\u0001\\u0000\"");
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

}  // namespace
}  // namespace dedup::base
