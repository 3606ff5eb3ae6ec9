// Copyright 2026 The dedup Authors.
#include "core/base/string_column.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/base/hash.h"

namespace dedup::base {
namespace {

// Ids of every length a crawl has, across many 1 MiB chunks: empty ids, ids
// that end a chunk exactly, ids longer than a chunk, and ids after them.
TEST(StringColumnTest, ReadsBackWhatWasAppendedAcrossChunks) {
  std::vector<std::string> want;
  StringColumn col;
  uint64_t x = 1;
  size_t bytes = 0;
  auto add = [&](std::string s) {
    col.push_back(s);
    bytes += s.size();
    want.push_back(std::move(s));
  };
  for (int i = 0; i < 200000; ++i) {
    x = Mix64(x);
    const size_t len = x % 97 == 0 ? 0 : x % 60;  // some empty ids
    std::string s(len, 'a');
    for (size_t j = 0; j < len; ++j) s[j] = static_cast<char>('a' + (x >> (j % 50)) % 26);
    add(std::move(s));
    if (i == 1000) add(std::string((1 << 20) + 5, 'L'));  // longer than a chunk
    if (i == 1001) add(std::string(3 << 20, 'M'));
  }
  ASSERT_GT(bytes, size_t{9} << 20);  // many chunks
  ASSERT_EQ(col.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) ASSERT_EQ(col[i], want[i]) << i;
}

TEST(StringColumnTest, FillsAChunkToTheByte) {
  StringColumn col;
  col.push_back(std::string((1 << 20) - 3, 'x'));
  col.push_back("abc");  // exactly fills the first chunk, when its capacity is 1 MiB
  col.push_back("");
  col.push_back("next");
  EXPECT_EQ(col[0].size(), (1u << 20) - 3);
  EXPECT_EQ(col[1], "abc");
  EXPECT_EQ(col[2], "");
  EXPECT_EQ(col[3], "next");
  const StringColumn list = {"a", "", "bc"};
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0], "a");
  EXPECT_EQ(list[1], "");
  EXPECT_EQ(list[2], "bc");
  EXPECT_TRUE(StringColumn().empty());
}

}  // namespace
}  // namespace dedup::base
