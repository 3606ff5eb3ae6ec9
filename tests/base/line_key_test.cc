// Copyright 2026 The dedup Authors.
#include "core/base/line_key.h"

#include <gtest/gtest.h>

namespace dedup::base {
namespace {

TEST(LineKeyTest, SplitMetadataLineOfSeed001MatchesItsJoinedForm) {
  // 001 carries the same metadata line twice: once whole, once split in two.
  std::string a, b, c;
  NormalizeLineKey("发布时间:2022-01-10 13:10 来源:东西湖区商务局   作者:   字号:[ ]", {}, &a);
  NormalizeLineKey("发布时间:2022-01-10 13:10", {}, &b);
  NormalizeLineKey("来源:东西湖区商务局   作者:  ", {}, &c);
  EXPECT_EQ(a.rfind(b + c, 0), 0u) << a;
}

TEST(LineKeyTest, FoldsWidthCaseSpaceAndPunctuation) {
  std::string a, b;
  NormalizeLineKey("ＡＬＬ　Rights Reserved。", {}, &a);
  NormalizeLineKey("all rights reserved", {}, &b);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, "allrightsreserved");
}

TEST(LineKeyTest, FoldNumbersKeepsLoneDigits) {
  std::string a, b;
  LineKeyOptions opt;
  opt.fold_numbers = true;
  NormalizeLineKey("Reading the GNU GPL, version 2, part 6 of 7", opt, &a);
  NormalizeLineKey("Reading the GNU GPL, version 3, part 9 of 14", opt, &b);
  EXPECT_EQ(a, "readingthegnugplversion2part6of7");
  EXPECT_EQ(b, "readingthegnugplversion3part9of00");
  NormalizeLineKey("发布时间:2022-01-10 13:10 第3期", opt, &a);
  EXPECT_EQ(a, "发布时间000000000000第3期");
}

TEST(LineKeyTest, FoldNumbersCollapsesVaryingNumbers) {
  std::string scratch;
  LineKeyOptions opt;
  opt.fold_numbers = true;
  EXPECT_EQ(LineKeyHash("电话:025-8799064", opt, &scratch), LineKeyHash("电话：０２５-8799065", opt, &scratch));
  EXPECT_NE(LineKeyHash("电话:025-8799064", {}, &scratch), LineKeyHash("电话:025-8799065", {}, &scratch));
}

TEST(LineKeyTest, EmptyKeyHashesToZero) {
  std::string scratch;
  EXPECT_EQ(LineKeyHash("  ,。、 ", {}, &scratch), 0u);
  EXPECT_NE(LineKeyHash("返回", {}, &scratch), 0u);
}

}  // namespace
}  // namespace dedup::base
