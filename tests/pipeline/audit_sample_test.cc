// Copyright 2026 The dedup Authors.
#include "core/pipeline/audit_sample.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/base/utf8.h"
#include "tests/testing/testing.h"

namespace dedup::pipeline {
namespace {

base::RemovedSpan Span(uint64_t start, uint64_t end, base::RemovalKind kind) {
  base::RemovedSpan s;
  s.start = start;
  s.end = end;
  s.kind = kind;
  return s;
}

struct FakeDoc {
  std::string id, text;
  std::vector<base::RemovedSpan> spans;
};

// 300 documents: every third has a repeated block (and furniture), every
// third furniture only, the rest nothing removed.
std::vector<FakeDoc> Docs() {
  std::vector<FakeDoc> docs;
  for (int i = 0; i < 300; ++i) {
    const std::string n = std::to_string(i);
    FakeDoc d;
    d.id = "doc-" + n;
    for (const char* part : {"标题\n正文第", n.c_str(), "段\n正文第", n.c_str(), "段\n"}) d.text += part;
    if (i % 3 == 0) {
      d.spans.push_back(Span(0, 7, base::RemovalKind::kBoilerplate));
      d.spans.push_back(Span(7 + (d.text.size() - 7) / 2, d.text.size(), base::RemovalKind::kRepeatedBlock));
    } else if (i % 3 == 1) {
      d.spans.push_back(Span(0, 7, base::RemovalKind::kBoilerplate));
    }
    docs.push_back(d);
  }
  return docs;
}

base::StringColumn Ids(const std::vector<FakeDoc>& docs) {
  base::StringColumn ids;
  for (const auto& d : docs) ids.push_back(d.id);
  return ids;
}

cluster::ClusterResult Unclustered(size_t n) {
  cluster::ClusterResult r;
  r.cluster.assign(n, cluster::kNoCluster);
  r.kept.resize(n);
  for (uint32_t d = 0; d < n; ++d) r.kept[d] = d;
  r.similarity_to_kept.assign(n, 1.0f);
  return r;
}

// The k lowest hashes among the documents `pick` accepts, in document order.
std::vector<std::string> Expected(const std::vector<FakeDoc>& docs, size_t k, bool (*pick)(const FakeDoc&)) {
  std::vector<std::pair<uint64_t, size_t>> cand;
  for (size_t i = 0; i < docs.size(); ++i)
    if (pick(docs[i])) cand.push_back({SampleHash(docs[i].id), i});
  std::sort(cand.begin(), cand.end());
  cand.resize(std::min(k, cand.size()));
  std::sort(cand.begin(), cand.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  std::vector<std::string> out;
  for (const auto& [h, i] : cand) out.push_back(docs[i].id);
  return out;
}

bool HasBlock(const FakeDoc& d) {
  for (const auto& s : d.spans)
    if (s.kind == base::RemovalKind::kRepeatedBlock) return true;
  return false;
}
bool BoilerplateOnly(const FakeDoc& d) { return !d.spans.empty() && !HasBlock(d); }

TEST(DocSamplerTest, KeepsTheLowestHashesPerKind) {
  const auto docs = Docs();
  DocSampler sampler(4);
  for (uint32_t i = 0; i < docs.size(); ++i)
    sampler.Offer(SampleHash(docs[i].id), i, docs[i].id, "site", docs[i].text, docs[i].spans);
  const auto samples = sampler.Take(Unclustered(docs.size()), Ids(docs));
  std::vector<std::string> blocks, bps;
  for (const auto& s : samples) {
    bool block = false;
    for (const auto& sp : s.spans) block |= sp.kind == base::RemovalKind::kRepeatedBlock;
    (block ? blocks : bps).push_back(s.id);
    EXPECT_EQ(s.group, "site");
    EXPECT_TRUE(s.duplicate_of.empty());
  }
  EXPECT_EQ(blocks, Expected(docs, 4, HasBlock));
  EXPECT_EQ(bps, Expected(docs, 4, BoilerplateOnly));
  EXPECT_EQ(samples.size(), 8u);
  // In document order, with their own text.
  for (size_t i = 1; i < samples.size(); ++i)
    EXPECT_LT(std::stoi(samples[i - 1].id.substr(4)), std::stoi(samples[i].id.substr(4)));
  for (const auto& s : samples) EXPECT_EQ(s.text, docs[static_cast<size_t>(std::stoi(s.id.substr(4)))].text);
}

// Workers only copy spans of documents below AdmitBelow(), read earlier than
// the offer; the sample must not depend on how stale that reading was.
TEST(DocSamplerTest, StaleAdmitFilterGivesTheSameSample) {
  const auto docs = Docs();
  DocSampler all(4), filtered(4);
  uint64_t seen = UINT64_MAX;  // a reading 7 documents old
  std::vector<uint64_t> readings;
  for (uint32_t i = 0; i < docs.size(); ++i) {
    const uint64_t h = SampleHash(docs[i].id);
    all.Offer(h, i, docs[i].id, "", docs[i].text, docs[i].spans);
    readings.push_back(filtered.AdmitBelow());
    seen = readings.size() > 7 ? readings[readings.size() - 8] : UINT64_MAX;
    if (h < seen) filtered.Offer(h, i, docs[i].id, "", docs[i].text, docs[i].spans);
  }
  const auto a = all.Take(Unclustered(docs.size()), Ids(docs));
  const auto b = filtered.Take(Unclustered(docs.size()), Ids(docs));
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i].id, b[i].id);
}

TEST(DocSamplerTest, LongTextIsCutOnACharacterBoundaryAndSpansClipped) {
  const std::string seed = testing::ReadFile(testing::SeedPath("001"));  // 38 KB of Chinese
  const std::string text = seed + seed;                                  // past the 48 KiB cut
  ASSERT_GT(text.size(), report::kSampleTextBytes);
  std::vector<base::RemovedSpan> spans = {Span(0, 19, base::RemovalKind::kBoilerplate),
                                          Span(seed.size(), text.size(), base::RemovalKind::kRepeatedBlock),
                                          Span(text.size() - 10, text.size(), base::RemovalKind::kBoilerplate)};
  spans[1].copy_start = 0;
  spans[1].copy_end = seed.size();
  DocSampler sampler(2);
  sampler.Offer(SampleHash("x"), 0, "x", "", text, spans);
  const auto samples = sampler.Take(Unclustered(1), {"x"});
  ASSERT_EQ(samples.size(), 1u);
  const auto& s = samples[0];
  EXPECT_EQ(s.original_bytes, text.size());
  EXPECT_LE(s.text.size(), report::kSampleTextBytes);
  EXPECT_GT(s.text.size(), report::kSampleTextBytes - 4);
  EXPECT_TRUE(base::IsValidUtf8(s.text));
  EXPECT_EQ(s.text, text.substr(0, s.text.size()));
  ASSERT_EQ(s.spans.size(), 2u);  // the span past the cut is gone
  EXPECT_EQ(s.spans[0], spans[0]);
  EXPECT_EQ(s.spans[1].start, seed.size());
  EXPECT_EQ(s.spans[1].end, s.text.size());
  EXPECT_EQ(s.spans[1].copy_end, seed.size());
}

TEST(DocSamplerTest, DroppedSampleNamesItsKeptDocument) {
  const auto docs = Docs();
  DocSampler sampler(100);
  for (uint32_t i = 0; i < 6; ++i) sampler.Offer(SampleHash(docs[i].id), i, docs[i].id, "", docs[i].text, docs[i].spans);
  cluster::ClusterResult r = Unclustered(6);
  r.cluster[0] = r.cluster[3] = 0;
  r.kept[3] = 0;
  r.similarity_to_kept[3] = 0.91f;
  const auto samples = sampler.Take(r, Ids(docs));
  ASSERT_EQ(samples.size(), 4u);  // docs 0, 1, 3, 4 have removals
  EXPECT_EQ(samples[2].id, "doc-3");
  EXPECT_EQ(samples[2].duplicate_of, "doc-0");
  EXPECT_NEAR(samples[2].similarity, 0.91, 1e-6);
  EXPECT_TRUE(samples[0].duplicate_of.empty());
}

TEST(ChoosePairsTest, ClosestCallsThenLowestHashes) {
  const size_t n = 40;
  base::StringColumn ids;
  for (size_t i = 0; i < n; ++i) ids.push_back(std::to_string(i).insert(0, 1, 'p'));
  cluster::ClusterResult r = Unclustered(n);
  // Documents 10..39 are dropped near-duplicates of document i % 10.
  for (uint32_t d = 10; d < n; ++d) {
    r.kept[d] = d % 10;
    r.similarity_to_kept[d] = 0.8f + 0.005f * static_cast<float>(d % 7);
  }
  const auto chosen = ChoosePairs(r, ids, 4);
  ASSERT_EQ(chosen.size(), 4u);
  EXPECT_TRUE(std::is_sorted(chosen.begin(), chosen.end()));
  // Two closest calls: similarity 0.8 at d % 7 == 0, the lowest ordinals (14, 21).
  EXPECT_NE(std::find(chosen.begin(), chosen.end(), 14u), chosen.end());
  EXPECT_NE(std::find(chosen.begin(), chosen.end(), 21u), chosen.end());
  // The other two: the lowest hashes of the rest.
  std::vector<std::pair<uint64_t, uint32_t>> rest;
  for (uint32_t d = 10; d < n; ++d)
    if (d != 14 && d != 21) rest.push_back({SampleHash(ids[d]), d});
  std::sort(rest.begin(), rest.end());
  for (int i = 0; i < 2; ++i)
    EXPECT_NE(std::find(chosen.begin(), chosen.end(), rest[static_cast<size_t>(i)].second), chosen.end());
  for (uint32_t d : chosen) EXPECT_GE(d, 10u);
  EXPECT_TRUE(ChoosePairs(Unclustered(5), {"a", "b", "c", "d", "e"}, 4).empty());
}

TEST(PairTextsTest, CollectsBothSidesOfEachPair) {
  const base::StringColumn ids = {"a", "b", "c", "d"};
  cluster::ClusterResult r = Unclustered(4);
  r.kept[3] = 1;
  r.similarity_to_kept[3] = 0.85f;
  PairTexts texts(r, {3});
  EXPECT_EQ(texts.end(), 4u);
  EXPECT_FALSE(texts.Wants(0));
  EXPECT_TRUE(texts.Wants(1));
  EXPECT_TRUE(texts.Wants(3));
  texts.Put(1, "kept text");
  texts.Put(3, std::string(report::kSampleTextBytes + 100, 'x'));
  const auto pairs = texts.Take(r, ids);
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].kept_id, "b");
  EXPECT_EQ(pairs[0].dropped_id, "d");
  EXPECT_EQ(pairs[0].kept_text, "kept text");
  EXPECT_EQ(pairs[0].dropped_text.size(), report::kSampleTextBytes);
  EXPECT_NEAR(pairs[0].similarity, 0.85, 1e-6);
}

}  // namespace
}  // namespace dedup::pipeline
