// Copyright 2026 The dedup Authors.
//
// The issue-5 quality bar on a generated crawl, as a user measures it:
// corpus/make_crawl.py writes 6 MB of pages with ground truth (sites with
// furniture, reposts, traditional reposts, copies, related pages, doubled
// bodies), `dedup clean --keep-duplicates` cleans it, bench/eval_crawl.py
// scores the output. Near-duplicate pairs, boilerplate and repeated-block
// bytes must reach precision >= 0.98; recall >= 0.98 for pairs and >= 0.95
// for bytes. The generator is deterministic, so a failure reproduces with
// the command lines in the message.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "simdjson.h"
#include "tests/testing/testing.h"

namespace dedup {
namespace {

TEST(GeneratedCrawlTest, MeetsTheQualityBar) {
  const auto tmp = testing::MakeTempDir("gen_crawl");
  const std::string root = testing::CorpusDir().parent_path().string();
  const std::string crawl = (tmp / "crawl.jsonl.zst").string();
  const std::string truth = (tmp / "truth.jsonl.zst").string();
  const std::string clean = (tmp / "clean.jsonl").string();
  const std::string gen = "python3 " + root + "/corpus/make_crawl.py --mb 6 --seed 7 --pages-per-site 100 --out " +
                          crawl + " --truth " + truth + " --cache " + (tmp / "cache").string();
  const std::string run = testing::DedupBinary().string() + " clean " + crawl + " -o " + clean +
                          " --keep-duplicates --progress never";
  const std::string eval = "python3 " + root + "/bench/eval_crawl.py " + crawl + " " + truth + " " + clean + " --json";
  int rc = -1;
  std::string log = testing::RunCommand(gen, &rc, true);
  ASSERT_EQ(rc, 0) << gen << "\n" << log;
  log = testing::RunCommand(run, &rc, true);
  ASSERT_EQ(rc, 0) << run << "\n" << log;
  const std::string json = testing::RunCommand(eval, &rc, false);
  ASSERT_EQ(rc, 0) << eval << "\n" << json;

  simdjson::ondemand::parser parser;
  simdjson::padded_string p(json);
  auto doc = parser.iterate(p);
  const uint64_t docs = doc["documents"].get_uint64().value();
  EXPECT_GT(docs, 500u);
  auto score = [&](const char* kind, const char* what) {
    simdjson::ondemand::parser q;
    simdjson::padded_string again(json);
    auto d = q.iterate(again);
    return d[kind][what].get_double().value();
  };
  const std::string how = "\nreproduce: " + gen + "\n" + run + "\n" + eval + "\n" + json;
  // The crawl holds real work for each detector.
  simdjson::ondemand::parser q;
  simdjson::padded_string again(json);
  auto d = q.iterate(again);
  EXPECT_GT(d["near_dup"]["truth_pairs"].get_uint64().value(), 50u) << how;
  EXPECT_GE(score("near_dup", "precision"), 0.98) << how;
  EXPECT_GE(score("near_dup", "recall"), 0.98) << how;
  EXPECT_GE(score("boilerplate", "precision"), 0.98) << how;
  EXPECT_GE(score("boilerplate", "recall"), 0.95) << how;
  EXPECT_GE(score("repeated_block", "precision"), 0.98) << how;
  EXPECT_GE(score("repeated_block", "recall"), 0.95) << how;
}

// Returns `report` without what may differ: its "seconds" object and the
// thread count in "params".
std::string WithoutTimings(std::string report) {
  const size_t at = report.find("\"seconds\": {");
  if (at != std::string::npos) report = report.substr(0, at) + report.substr(report.find('}', at) + 1);
  const size_t threads = report.find(",\"threads\":");
  if (threads != std::string::npos) report.erase(threads, report.find('}', threads) - threads);
  return report;
}

// Determinism: on a crawl of some 1,500 pages (6 batches of 256), the
// output, the report and the HTML page are byte-identical (timings aside)
// for 1, 2 and 3 threads, across two runs with the same count, and when the
// crawl comes as 7 files read several at once.
TEST(GeneratedCrawlTest, SameBytesForAnyThreadsAndAcrossRuns) {
  const auto tmp = testing::MakeTempDir("determinism");
  const std::string root = testing::CorpusDir().parent_path().string();
  const std::string crawl = (tmp / "crawl.jsonl.zst").string();
  int rc = -1;
  std::string log = testing::RunCommand("python3 " + root + "/corpus/make_crawl.py --mb 12 --seed 11 --out " + crawl +
                                            " --truth " + (tmp / "truth.jsonl.zst").string() + " --cache " +
                                            (tmp / "cache").string(),
                                        &rc, true);
  ASSERT_EQ(rc, 0) << log;
  struct Run {
    std::string out, report, html;
  };
  std::vector<Run> runs;
  // Cleans `input` on `threads` threads and keeps what must not change.
  auto clean = [&](const std::string& input, const char* threads, std::string extra = "") {
    const std::string tag = std::to_string(runs.size());
    const auto out = tmp / ("out" + tag + ".jsonl.zst"), report = tmp / ("r" + tag + ".json"),
               html = tmp / ("r" + tag + ".html");
    log = testing::RunCommand(testing::DedupBinary().string() + " clean " + input + " -o " + out.string() +
                                  " --keep-duplicates --threads " + threads + " --report " + report.string() +
                                  " --html " + html.string() + " --progress never " + extra,
                              &rc, true);
    ASSERT_EQ(rc, 0) << log;
    const std::string page = testing::ReadFile(html);
    runs.push_back({testing::ReadFile(out), WithoutTimings(testing::ReadFile(report)),
                    page.substr(0, page.find("<h2 id=\"run\">"))});
  };
  for (const char* threads : {"2", "1", "3", "2"}) ASSERT_NO_FATAL_FAILURE(clean(crawl, threads));
  // Candidates' sketches verified and clustered 50 KB at a time (several
  // batches, where the default holds them all at once): the same bytes.
  ASSERT_NO_FATAL_FAILURE(clean(crawl, "2", "--sketch-memory 0.05"));
  // The same crawl split into 7 files, read several at once: the same bytes.
  const auto parts = tmp / "parts";
  std::filesystem::create_directories(parts);
  log = testing::RunCommand("zstd -dcq " + crawl + " | split -l 220 -d --additional-suffix=.jsonl - " +
                                (parts / "part-").string(),
                            &rc, true);
  ASSERT_EQ(rc, 0) << log;
  for (const char* threads : {"1", "3"}) ASSERT_NO_FATAL_FAILURE(clean(parts.string(), threads));
  EXPECT_GT(runs[0].out.size(), 100000u);
  EXPECT_NE(runs[0].report.find("\"clusters\""), std::string::npos);
  for (size_t i = 1; i < runs.size(); ++i) {
    EXPECT_TRUE(runs[i].out == runs[0].out) << "output of run " << i << " differs";
    EXPECT_EQ(runs[i].report, runs[0].report) << "run " << i;
    EXPECT_TRUE(runs[i].html == runs[0].html) << "HTML of run " << i << " differs";
  }
}

}  // namespace
}  // namespace dedup
