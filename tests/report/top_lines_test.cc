// Copyright 2026 The dedup Authors.
#include "core/report/top_lines.h"

#include <gtest/gtest.h>

#include <random>

namespace dedup::report {
namespace {

TEST(TopLinesTest, CountsAndOrders) {
  TopLines t;
  for (int i = 0; i < 5; ++i) t.Add(1, "返回");
  for (int i = 0; i < 3; ++i) t.Add(2, "扫码查看手机版");
  t.Add(3, "打印本页");
  auto top = t.Top(2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].text, "返回");
  EXPECT_EQ(top[0].documents, 5u);
  EXPECT_EQ(top[1].text, "扫码查看手机版");
}

TEST(TopLinesTest, HeavyHittersSurviveBoundedMemory) {
  // 50 frequent lines among 100,000 rare ones, capacity 512: the frequent
  // ones must all be reported first.
  TopLines t(512);
  std::mt19937_64 rng(5);
  for (int round = 0; round < 100000; ++round) {
    t.Add(1000000 + rng() % 1000000000, "rare");
    if (round % 100 == 0)
      for (uint64_t k = 0; k < 50; ++k) t.Add(k, "frequent " + std::to_string(k));
  }
  auto top = t.Top(50);
  ASSERT_EQ(top.size(), 50u);
  for (const auto& line : top) {
    EXPECT_EQ(line.text.rfind("frequent", 0), 0u) << line.text;
    EXPECT_GE(line.documents, 1000u);
  }
}

TEST(TopLinesTest, MergeAddsCounts) {
  TopLines a, b;
  a.Add(1, "返回", 2);
  b.Add(1, "返回", 3);
  b.Add(2, "关闭窗口", 1);
  a.Merge(b);
  auto top = a.Top(5);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].documents, 5u);
}

}  // namespace
}  // namespace dedup::report
