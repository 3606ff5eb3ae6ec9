// Copyright 2026 The dedup Authors.
#include "core/pipeline/span_spill.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace dedup::pipeline {
namespace {

base::RemovedSpan Block(uint64_t start, uint64_t end, uint64_t copy_start, uint64_t copy_end) {
  base::RemovedSpan s;
  s.start = start;
  s.end = end;
  s.kind = base::RemovalKind::kRepeatedBlock;
  s.copy_start = copy_start;
  s.copy_end = copy_end;
  return s;
}

base::RemovedSpan Boilerplate(uint64_t start, uint64_t end, std::string rule) {
  base::RemovedSpan s;
  s.start = start;
  s.end = end;
  s.rule = std::move(rule);
  return s;
}

TEST(SpanSpillTest, RecordsComeBackInOrder) {
  auto spill = SpanSpill::Create();
  ASSERT_TRUE(spill.ok()) << spill.status();
  // Offsets past 2^32 (a document over 4 GB is possible in a WET record
  // stream) and a long rule name round-trip too.
  const std::vector<std::pair<uint64_t, std::vector<base::RemovedSpan>>> docs = {
      {38749, {Boilerplate(18990, 19010, "mobile-version-link"), Block(19204, 38749, 0, 19105)}},
      {0, {}},
      {10, {}},
      {(1ull << 33) + 5, {Block(1ull << 32, (1ull << 33) + 5, 0, 1ull << 32)}},
      {300, {Boilerplate(0, 10, std::string(200, 'r')), Boilerplate(10, 20, "site-repeated-line"),
             Boilerplate(250, 300, "icp")}},
  };
  std::string record;
  for (const auto& [bytes, spans] : docs) {
    EncodeSpans(bytes, spans, &record);
    ASSERT_TRUE((*spill)->Append(record).ok());
  }
  ASSERT_TRUE((*spill)->Rewind().ok());
  std::vector<base::RemovedSpan> got;
  for (const auto& [bytes, spans] : docs) {
    ASSERT_TRUE((*spill)->Next(bytes, &got).ok());
    EXPECT_EQ(got, spans);
  }
  EXPECT_FALSE((*spill)->Next(0, &got).ok()) << "past the last record";
}

TEST(SpanSpillTest, ChangedInputIsAnError) {
  auto spill = SpanSpill::Create();
  ASSERT_TRUE(spill.ok());
  std::string record;
  EncodeSpans(100, {Boilerplate(0, 10, "x")}, &record);
  ASSERT_TRUE((*spill)->Append(record).ok());
  ASSERT_TRUE((*spill)->Rewind().ok());
  std::vector<base::RemovedSpan> got;
  const absl::Status s = (*spill)->Next(99, &got);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("input changed between passes"), std::string::npos) << s;
}

// Sketches of 300 documents (lengths 0..255, past the 64-document blocks of
// the offset index) come back whole, batch after batch, and only the
// loaded batch's.
TEST(SketchSpillTest, BatchesLoadTheirOwnSketches) {
  auto spill = SketchSpill::Create();
  ASSERT_TRUE(spill.ok()) << spill.status();
  auto sketch_of = [](uint32_t d) {
    std::vector<uint32_t> v((d * 37) % 256);
    for (size_t i = 0; i < v.size(); ++i) v[i] = d * 1000003u + static_cast<uint32_t>(i);
    return v;
  };
  constexpr uint32_t kDocs = 300;
  for (uint32_t d = 0; d < kDocs; ++d) ASSERT_TRUE((*spill)->Append(sketch_of(d)).ok());
  ASSERT_EQ((*spill)->size(), kDocs);
  for (const std::vector<uint32_t>& batch :
       {std::vector<uint32_t>{0, 1, 63, 64, 65, 127, 128, 299}, std::vector<uint32_t>{2, 200, 201},
        std::vector<uint32_t>{}}) {
    ASSERT_TRUE((*spill)->LoadDocs(batch).ok());
    for (uint32_t d = 0; d < kDocs; ++d) {
      const auto got = (*spill)->Sketch(d);
      const bool loaded = std::find(batch.begin(), batch.end(), d) != batch.end();
      const std::vector<uint32_t> want = loaded ? sketch_of(d) : std::vector<uint32_t>();
      EXPECT_EQ(std::vector<uint32_t>(got.begin(), got.end()), want) << "document " << d;
    }
  }
  EXPECT_FALSE((*spill)->LoadDocs(std::vector<uint32_t>{5, 4}).ok()) << "out of order";
  EXPECT_FALSE((*spill)->LoadDocs(std::vector<uint32_t>{kDocs}).ok()) << "no such document";
}

}  // namespace
}  // namespace dedup::pipeline
