// Copyright 2026 The dedup Authors.
//
// A run split among ranks (issue 8) reaches the decisions of a single-process
// run. The ranks here are threads of one process over LoopbackComms(), so the
// distributed stages are tested in every build, sanitizers included;
// tests/cli/mpi_test.cc runs the same comparison under mpirun.
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "core/io/reader.h"
#include "core/pipeline/comm.h"
#include "core/pipeline/dist_report.h"
#include "core/pipeline/pipeline.h"
#include "gtest/gtest.h"
#include "tests/testing/testing.h"

namespace dedup::pipeline {
namespace {

namespace fs = std::filesystem;

// Runs `body(comm)` on `n` loopback ranks, one thread each.
template <class F>
void OnRanks(int n, F body) {
  auto comms = LoopbackComms(n);
  std::vector<std::thread> ranks;
  for (int r = 0; r < n; ++r) ranks.emplace_back([&, r] { body(*comms[static_cast<size_t>(r)]); });
  for (auto& t : ranks) t.join();
}

TEST(CommTest, LoopbackCollectives) {
  constexpr int kRanks = 3;
  std::vector<std::vector<std::string>> got(kRanks);
  std::vector<std::vector<uint64_t>> sums(kRanks), scans(kRanks);
  std::vector<absl::Status> agreed(kRanks);
  OnRanks(kRanks, [&](Comm& c) {
    const size_t me = static_cast<size_t>(c.rank());
    std::vector<std::string> send(kRanks), recv;
    for (int to = 0; to < kRanks; ++to) send[static_cast<size_t>(to)] = std::to_string(c.rank()) + ">" + std::to_string(to);
    c.AllToAll(&send, &recv);
    got[me] = recv;
    std::vector<uint64_t> v = {me + 1, 10};
    c.AllReduceSum(absl::MakeSpan(v));
    sums[me] = v;
    std::vector<uint64_t> w = {me + 1, 10};
    c.ExclusiveScanSum(absl::MakeSpan(w));
    scans[me] = w;
    agreed[me] = Agree(c, c.rank() == 1 ? absl::NotFoundError("x.jsonl: No such file") : absl::OkStatus());
  });
  for (size_t r = 0; r < kRanks; ++r) {
    for (size_t from = 0; from < kRanks; ++from)
      EXPECT_EQ(got[r][from], std::to_string(from) + ">" + std::to_string(r));
    EXPECT_EQ(sums[r], (std::vector<uint64_t>{6, 30}));
  }
  EXPECT_EQ(scans[0], (std::vector<uint64_t>{0, 0}));
  EXPECT_EQ(scans[1], (std::vector<uint64_t>{1, 10}));
  EXPECT_EQ(scans[2], (std::vector<uint64_t>{3, 20}));
  // The failed rank keeps its reason; the others stop with its code.
  EXPECT_EQ(agreed[1].code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(agreed[1].message(), "x.jsonl: No such file");
  for (const size_t r : {0, 2}) {
    EXPECT_TRUE(IsAnotherRanksFailure(agreed[r]));
    EXPECT_EQ(agreed[r].code(), absl::StatusCode::kNotFound);
  }
}

// The shares of ShareInputs, read in rank order, are the input: every line of
// a split JSONL file once, with its own line number.
TEST(ShareInputsTest, SharesConcatenateToTheInput) {
  const auto tmp = testing::MakeTempDir("share");
  std::string jsonl;
  for (int i = 0; i < 500; ++i) {
    jsonl += "{\"text\": \"" + std::string(static_cast<size_t>(i % 37 + 1), 'a') + "\"}\n";
    if (i % 50 == 0) jsonl += "\n";  // blank lines count as lines, not records
  }
  testing::WriteFile(tmp / "a.jsonl", jsonl);
  fs::copy_file(testing::SeedPath("001"), tmp / "b.txt");
  testing::WriteFile(tmp / "c.jsonl", "{\"id\": \"last\", \"text\": \"x\"}");  // no final newline
  ASSERT_TRUE(fs::exists(tmp / "b.txt"));
  auto files = io::ExpandInputs({tmp.string()});
  ASSERT_TRUE(files.ok());
  auto read_all = [](const std::vector<io::InputFile>& f, std::vector<std::string>* ids) {
    auto reader = io::DocumentReader::Open(f, io::ReaderOptions{});
    ASSERT_TRUE(reader.ok());
    io::Document doc;
    while ((*reader)->Next(&doc)) ids->push_back(doc.id);
    ASSERT_TRUE((*reader)->status().ok());
  };
  std::vector<std::string> whole;
  read_all(*files, &whole);
  ASSERT_EQ(whole.size(), 502u);
  for (const int ranks : {1, 2, 3, 7, 64}) {
    std::vector<std::vector<io::InputFile>> shares;
    std::vector<uint64_t> newlines(files->size(), 0);
    for (int r = 0; r < ranks; ++r) {
      auto s = io::ShareInputs(*files, r, ranks);
      ASSERT_TRUE(s.ok()) << s.status();
      shares.push_back(*s);
    }
    // What ExclusiveScanSum does across ranks, here in order.
    for (auto& share : shares) {
      auto counts = io::CountPieceNewlines(share);
      ASSERT_TRUE(counts.ok());
      for (size_t i = 0; i < share.size(); ++i) {
        if (!share[i].piece) continue;
        share[i].first_line = 1 + newlines[share[i].file_index];
        newlines[share[i].file_index] += (*counts)[i];
      }
    }
    std::vector<std::string> joined;
    for (const auto& share : shares) read_all(share, &joined);
    EXPECT_EQ(joined, whole) << ranks << " ranks";
  }
}

struct RunOutput {
  std::string jsonl;
  report::Report report;
};

RunOutput Single(PipelineOptions o, const fs::path& out) {
  o.output = out.string();
  auto r = RunClean(o);
  EXPECT_TRUE(r.ok()) << r.status();
  RunOutput ro;
  ro.jsonl = testing::ReadFile(out);
  if (r.ok()) ro.report = r->report;
  return ro;
}

RunOutput Split(PipelineOptions o, const fs::path& out, int ranks) {
  o.output = out.string();
  RunOutput ro;
  std::vector<absl::Status> status(static_cast<size_t>(ranks));
  OnRanks(ranks, [&](Comm& c) {
    PipelineOptions mine = o;
    mine.comm = &c;
    auto r = RunClean(mine);
    status[static_cast<size_t>(c.rank())] = r.status();
    if (r.ok() && c.rank() == 0) ro.report = r->report;
  });
  for (const auto& st : status) EXPECT_TRUE(st.ok()) << st;
  for (int r = 0; r < ranks; ++r) {
    char name[32];
    std::snprintf(name, sizeof name, "part-%05d.jsonl", r);
    EXPECT_TRUE(fs::exists(out / name)) << name;
    ro.jsonl += testing::ReadFile(out / name);
  }
  size_t entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(out)) ++entries;
  EXPECT_EQ(entries, static_cast<size_t>(ranks)) << "only the shards are in OUT";
  return ro;
}

void ExpectSameReport(const report::Report& a, const report::Report& b) {
  EXPECT_EQ(a.records, b.records);
  EXPECT_EQ(a.documents, b.documents);
  EXPECT_EQ(a.bytes, b.bytes);
  EXPECT_EQ(a.error_records, b.error_records);
  EXPECT_EQ(a.error_examples, b.error_examples);
  EXPECT_EQ(a.near_duplicate_documents, b.near_duplicate_documents);
  EXPECT_EQ(a.near_duplicate_clusters, b.near_duplicate_clusters);
  EXPECT_EQ(a.near_duplicate_bytes, b.near_duplicate_bytes);
  EXPECT_EQ(a.repeated_block.documents, b.repeated_block.documents);
  EXPECT_EQ(a.repeated_block.bytes, b.repeated_block.bytes);
  EXPECT_EQ(a.boilerplate.documents, b.boilerplate.documents);
  EXPECT_EQ(a.boilerplate.bytes, b.boilerplate.bytes);
  EXPECT_EQ(a.kept_documents, b.kept_documents);
  EXPECT_EQ(a.kept_bytes, b.kept_bytes);
  EXPECT_EQ(a.similarity_bins, b.similarity_bins);
  EXPECT_EQ(a.cluster_sizes, b.cluster_sizes);
  ASSERT_EQ(a.boilerplate_top.size(), b.boilerplate_top.size());
  for (size_t i = 0; i < a.boilerplate_top.size(); ++i) {
    EXPECT_EQ(a.boilerplate_top[i].text, b.boilerplate_top[i].text) << i;
    EXPECT_EQ(a.boilerplate_top[i].documents, b.boilerplate_top[i].documents) << i;
  }
  ASSERT_EQ(a.groups.size(), b.groups.size());
  for (size_t i = 0; i < a.groups.size(); ++i) {
    EXPECT_EQ(a.groups[i].group, b.groups[i].group) << i;
    EXPECT_EQ(a.groups[i].documents, b.groups[i].documents) << i;
    EXPECT_EQ(a.groups[i].boilerplate.bytes, b.groups[i].boilerplate.bytes) << i;
  }
}

// A run of `o` split among `ranks` (output folder `out`) writes `one`'s
// output, the shards in rank order, and its report.
void ExpectSplitAsSingle(const PipelineOptions& o, const RunOutput& one, const fs::path& out, int ranks) {
  SCOPED_TRACE(std::to_string(ranks) + " ranks");
  const RunOutput split = Split(o, out, ranks);
  EXPECT_EQ(split.jsonl.size(), one.jsonl.size());
  EXPECT_TRUE(split.jsonl == one.jsonl) << "the shards, in rank order, differ from the single-process output";
  ExpectSameReport(split.report, one.report);
}

// A generated crawl (sites with furniture, reposts across the whole file,
// traditional reposts, doubled bodies) as plain JSONL, split at line
// boundaries, plus the seeds as text files and a malformed line.
class SplitRunTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new fs::path(testing::MakeTempDir("split_run"));
    const std::string root = testing::CorpusDir().parent_path().string();
    fs::create_directories(*tmp_ / "in");
    const std::string gen = "python3 " + root + "/corpus/make_crawl.py --mb 3 --seed 5 --pages-per-site 60 --out " +
                            (*tmp_ / "in" / "crawl.jsonl").string() + " --cache " + (*tmp_ / "cache").string();
    int rc = -1;
    const std::string log = testing::RunCommand(gen, &rc, true);
    ASSERT_EQ(rc, 0) << gen << "\n" << log;
    std::string crawl = testing::ReadFile(*tmp_ / "in" / "crawl.jsonl");
    // A malformed record in the middle: counted once, by the rank reading it.
    const size_t mid = crawl.find('\n', crawl.size() / 2) + 1;
    crawl.insert(mid, "{\"id\": \"broken\", \"text\": \n");
    testing::WriteFile(*tmp_ / "in" / "crawl.jsonl", crawl);
    fs::create_directories(*tmp_ / "in" / "seeds");
    for (const auto& e : fs::directory_iterator(testing::CorpusDir() / "seeds"))
      fs::copy_file(e.path(), *tmp_ / "in" / "seeds" / e.path().filename());
  }
  static void TearDownTestSuite() { delete tmp_; }

  PipelineOptions Options() const {
    PipelineOptions o;
    o.inputs = {(*tmp_ / "in").string()};
    o.threads = 1;
    o.progress = ProgressMode::kNever;
    return o;
  }
  static fs::path* tmp_;
};
fs::path* SplitRunTest::tmp_ = nullptr;

TEST_F(SplitRunTest, ShardsEqualTheSingleProcessOutput) {
  const RunOutput one = Single(Options(), *tmp_ / "single.jsonl");
  EXPECT_GT(one.report.near_duplicate_documents, 50u);
  EXPECT_GT(one.report.boilerplate.documents, 100u);
  EXPECT_GT(one.report.repeated_block.documents, 5u);
  EXPECT_EQ(one.report.error_records, 1u);
  for (const int ranks : {2, 4}) ExpectSplitAsSingle(Options(), one, *tmp_ / ("split" + std::to_string(ranks)), ranks);
}

TEST_F(SplitRunTest, SameDecisionsWithOtherKeepPolicies) {
  PipelineOptions o = Options();
  o.keep = cluster::KeepPolicy::kLongest;
  o.keep_duplicates = true;
  const RunOutput one = Single(o, *tmp_ / "single-longest.jsonl");
  ExpectSplitAsSingle(o, one, *tmp_ / "split-longest", 3);
}

// One process verifying and clustering the candidates a component at a time
// (a 1-byte sketch budget: every component is a batch of its own, loaded
// alone) decides as when they all fit in one batch.
TEST_F(SplitRunTest, SketchBatchesDecideAsOneBatch) {
  for (const auto keep : {cluster::KeepPolicy::kFirst, cluster::KeepPolicy::kLongest}) {
    PipelineOptions o = Options();
    o.keep = keep;
    o.keep_duplicates = true;
    o.threads = 2;
    const RunOutput one = Single(o, *tmp_ / "one-batch.jsonl");
    EXPECT_GT(one.report.near_duplicate_clusters, 20u);
    o.sketch_batch_bytes = 1;
    const RunOutput many = Single(o, *tmp_ / "many-batches.jsonl");
    EXPECT_TRUE(many.jsonl == one.jsonl);
    ExpectSameReport(many.report, one.report);
  }
}

// A split run verifying and clustering in rounds (an 8 KiB sketch budget:
// a few pairs per verify round, tens of cluster rounds, ranks with fewer
// batches than others taking part in the rounds empty-handed) decides as
// one process with every sketch in memory.
TEST_F(SplitRunTest, SplitRunInSketchRoundsDecidesAsOneProcess) {
  PipelineOptions o = Options();
  o.keep = cluster::KeepPolicy::kLongest;
  o.keep_duplicates = true;
  const RunOutput one = Single(o, *tmp_ / "single-rounds.jsonl");
  EXPECT_GT(one.report.near_duplicate_clusters, 20u);
  o.sketch_batch_bytes = 8 << 10;
  for (const int ranks : {2, 3}) ExpectSplitAsSingle(o, one, *tmp_ / ("split-rounds" + std::to_string(ranks)), ranks);
}

// More ranks than documents: some ranks read nothing and write an empty
// shard; compressed shards hold the same lines.
TEST_F(SplitRunTest, RanksWithoutDocumentsAndCompressedShards) {
  PipelineOptions o = Options();
  o.inputs = {(*tmp_ / "in" / "seeds").string()};
  const RunOutput one = Single(o, *tmp_ / "seeds.jsonl");
  EXPECT_GE(one.report.documents, 5u);
  ExpectSplitAsSingle(o, one, *tmp_ / "seeds-split", 8);

  o.shard_format = "jsonl.zst";
  o.output = (*tmp_ / "seeds-zst").string();
  OnRanks(3, [&](Comm& c) {
    PipelineOptions mine = o;
    mine.comm = &c;
    EXPECT_TRUE(RunClean(mine).ok());
  });
  std::string joined;
  for (int r = 0; r < 3; ++r) {
    int rc = -1;
    joined += testing::RunCommand("zstd -q -d -c " + (*tmp_ / "seeds-zst").string() + "/part-0000" + std::to_string(r) +
                                      ".jsonl.zst",
                                  &rc);
    EXPECT_EQ(rc, 0);
  }
  EXPECT_TRUE(joined == one.jsonl);
}

TEST_F(SplitRunTest, AFailureStopsEveryRankWithoutOutput) {
  PipelineOptions o = Options();
  o.inputs.push_back((*tmp_ / "missing.jsonl").string());
  o.output = (*tmp_ / "never").string();
  std::vector<absl::Status> status(3);
  OnRanks(3, [&](Comm& c) {
    PipelineOptions mine = o;
    mine.comm = &c;
    status[static_cast<size_t>(c.rank())] = RunClean(mine).status();
  });
  // Every rank meets the missing file; rank 0 alone says so.
  EXPECT_TRUE(absl::StrContains(status[0].message(), "missing.jsonl")) << status[0];
  for (const size_t r : {1, 2}) EXPECT_TRUE(IsAnotherRanksFailure(status[r])) << status[r];
  for (const auto& st : status) EXPECT_EQ(st.code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(fs::exists(*tmp_ / "never"));
}

}  // namespace
}  // namespace dedup::pipeline
