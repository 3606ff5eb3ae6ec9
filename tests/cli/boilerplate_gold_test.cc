// Copyright 2026 The dedup Authors.
//
// Line precision and recall of boilerplate removal on the gold-labelled
// corpus (corpus/boilerplate: 83 pages of 6 sites; heldout/: 44 pages of 3
// more sites written after the rules were tuned), run through `dedup clean` as
// a user runs it. A line counts as removed when boilerplate spans cover all of
// it; bench/score_boilerplate.py computes the same figures.
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "simdjson.h"
#include "tests/testing/testing.h"

namespace dedup {
namespace {

struct Score {
  size_t tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp == 0 ? 1.0 : static_cast<double>(tp) / static_cast<double>(tp + fp); }
  double recall() const { return tp + fn == 0 ? 1.0 : static_cast<double>(tp) / static_cast<double>(tp + fn); }
};

std::vector<std::string> JsonLines(const std::filesystem::path& path) {
  std::vector<std::string> out;
  for (auto& l : testing::SplitLines(testing::ReadFile(path)))
    if (!l.empty()) out.push_back(std::move(l));
  return out;
}

// Runs dedup on `dir`/pages.jsonl and scores it against `dir`/gold.jsonl.
Score ScoreCorpus(const std::filesystem::path& dir, std::vector<std::string>* misses) {
  const auto tmp = testing::MakeTempDir("bp_gold");
  const auto out = tmp / "clean.jsonl";
  int rc = -1;
  const std::string log = testing::RunCommand(testing::DedupBinary().string() + " clean " + (dir / "pages.jsonl").string() +
                                                  " -o " + out.string() + " --no-near-dup --no-repeated-blocks",
                                              &rc, true);
  EXPECT_EQ(rc, 0) << log;

  simdjson::ondemand::parser parser;
  std::unordered_map<std::string, std::string> pages;
  for (const auto& l : JsonLines(dir / "pages.jsonl")) {
    simdjson::padded_string p(l);
    auto doc = parser.iterate(p);
    std::string id(std::string_view(doc["id"].get_string().value()));
    pages[id] = std::string(std::string_view(doc["text"].get_string().value()));
  }
  std::unordered_map<std::string, std::set<size_t>> gold;
  for (const auto& l : JsonLines(dir / "gold.jsonl")) {
    simdjson::padded_string p(l);
    auto doc = parser.iterate(p);
    std::string id(std::string_view(doc["id"].get_string().value()));
    auto& g = gold[id];
    for (auto v : doc["furniture"].get_array()) g.insert(static_cast<size_t>(v.get_uint64().value()));
  }

  Score s;
  size_t scored = 0;
  for (const auto& l : JsonLines(out)) {
    simdjson::padded_string p(l);
    auto doc = parser.iterate(p);
    const std::string id(std::string_view(doc["id"].get_string().value()));
    std::vector<std::pair<uint64_t, uint64_t>> spans;
    for (auto sp : doc["dedup"]["removed"].get_array()) {
      const uint64_t start = sp["start"].get_uint64().value();
      const uint64_t end = sp["end"].get_uint64().value();
      if (std::string_view(sp["kind"].get_string().value()) == "boilerplate") spans.emplace_back(start, end);
    }
    EXPECT_TRUE(pages.count(id)) << id;
    const std::string& text = pages[id];
    const auto& g = gold[id];
    size_t pos = 0, line_no = 0;
    for (const auto& line : testing::SplitLines(text)) {
      ++line_no;
      const size_t a = pos, b = pos + line.size();
      pos = b + 1;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      bool removed = false;
      for (const auto& [x, y] : spans) removed |= x <= a && b <= y;
      const bool furniture = g.count(line_no) > 0;
      if (removed && furniture) ++s.tp;
      if (removed && !furniture) {
        ++s.fp;
        misses->push_back("removed content " + id + ":" + std::to_string(line_no) + " " + line);
      }
      if (!removed && furniture) {
        ++s.fn;
        misses->push_back("kept furniture " + id + ":" + std::to_string(line_no) + " " + line);
      }
    }
    ++scored;
  }
  EXPECT_EQ(scored, pages.size());
  std::filesystem::remove_all(tmp);
  return s;
}

void ExpectAtLeast95(const char* name, const Score& s, const std::vector<std::string>& misses) {
  std::string shown;
  for (size_t i = 0; i < misses.size() && i < 20; ++i) shown += misses[i] + "\n";
  EXPECT_GE(s.precision(), 0.95) << name << " tp " << s.tp << " fp " << s.fp << "\n" << shown;
  EXPECT_GE(s.recall(), 0.95) << name << " tp " << s.tp << " fn " << s.fn << "\n" << shown;
  std::printf("%s: line precision %.3f recall %.3f (tp %zu, fp %zu, fn %zu)\n", name, s.precision(), s.recall(), s.tp,
              s.fp, s.fn);
}

TEST(BoilerplateGoldTest, SixSitesPrecisionAndRecallAtLeast95) {
  std::vector<std::string> misses;
  const Score s = ScoreCorpus(testing::CorpusDir() / "boilerplate", &misses);
  EXPECT_GE(s.tp, 1500u);  // the corpus is all there
  ExpectAtLeast95("corpus/boilerplate", s, misses);
}

TEST(BoilerplateGoldTest, HeldOutSitesPrecisionAndRecallAtLeast95) {
  std::vector<std::string> misses;
  const Score s = ScoreCorpus(testing::CorpusDir() / "boilerplate" / "heldout", &misses);
  EXPECT_GE(s.tp, 600u);
  ExpectAtLeast95("corpus/boilerplate/heldout", s, misses);
}

}  // namespace
}  // namespace dedup
