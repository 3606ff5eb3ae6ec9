// Copyright 2026 The dedup Authors.
//
// Issue 8's bar, as a user runs it: `mpirun --oversubscribe -np 4 dedup clean`
// over a generated crawl on loopback gives, shard by shard in rank order,
// exactly the single-process output, and the same report. Built with
// DEDUP_MPI only (scripts/test.sh builds so).
#include <cstdlib>
#include <filesystem>
#include <string>

#include "gtest/gtest.h"
#include "tests/testing/testing.h"

namespace dedup {
namespace {

namespace fs = std::filesystem;

// Open MPI refuses root unless told; CI runs as root.
std::string Mpirun(int ranks) {
  return std::string("OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1 ") +
         DEDUP_MPIEXEC + " --oversubscribe -np " + std::to_string(ranks) + " " + testing::DedupBinary().string();
}

// The report without what differs by design: seconds and params (threads,
// ranks).
std::string Decisions(const fs::path& report) {
  int rc = -1;
  const std::string out = testing::RunCommand(
      "python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r.pop(\"seconds\"); r.pop(\"params\"); "
      "print(json.dumps(r, sort_keys=True, ensure_ascii=False, indent=1))' " + report.string(),
      &rc, true);
  EXPECT_EQ(rc, 0) << out;
  return out;
}

class MpiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new fs::path(testing::MakeTempDir("mpi"));
    const std::string root = testing::CorpusDir().parent_path().string();
    fs::create_directories(*tmp_ / "in");
    // A plain JSONL crawl (split among ranks at line boundaries), a
    // compressed one (whole, to one rank), and the seeds as text files.
    for (const auto& [name, mb, seed] : {std::tuple{"a-crawl.jsonl", "8", "21"}, std::tuple{"b-crawl.jsonl.zst", "2", "22"}}) {
      const std::string gen = std::string("python3 ") + root + "/corpus/make_crawl.py --mb " + mb + " --seed " + seed +
                              " --out " + (*tmp_ / "in" / name).string() + " --cache " + (*tmp_ / "cache").string();
      int rc = -1;
      const std::string log = testing::RunCommand(gen, &rc, true);
      ASSERT_EQ(rc, 0) << gen << "\n" << log;
    }
    fs::copy(testing::CorpusDir() / "seeds", *tmp_ / "in" / "c-seeds");
  }
  static void TearDownTestSuite() { delete tmp_; }
  static fs::path* tmp_;
};
fs::path* MpiTest::tmp_ = nullptr;

TEST_F(MpiTest, FourRanksWriteTheSingleProcessOutput) {
  const fs::path& t = *tmp_;
  int rc = -1;
  const std::string single = testing::DedupBinary().string() + " clean " + (t / "in").string() + " -o " +
                             (t / "single.jsonl").string() + " --report " + (t / "single.json").string() +
                             " --progress never";
  std::string log = testing::RunCommand(single, &rc, true);
  ASSERT_EQ(rc, 0) << single << "\n" << log;
  const std::string split = Mpirun(4) + " clean " + (t / "in").string() + " -o " + (t / "shards").string() +
                            " --report " + (t / "split.json").string();
  log = testing::RunCommand(split, &rc, true);
  ASSERT_EQ(rc, 0) << split << "\n" << log;
  // One summary, from rank 0.
  size_t summaries = 0;
  for (size_t at = log.find("near-duplicates"); at != std::string::npos; at = log.find("near-duplicates", at + 1)) ++summaries;
  EXPECT_EQ(summaries, 1u) << log;

  std::string joined;
  for (int r = 0; r < 4; ++r) {
    char name[32];
    std::snprintf(name, sizeof name, "part-%05d.jsonl", r);
    ASSERT_TRUE(fs::exists(t / "shards" / name)) << name;
    const std::string shard = testing::ReadFile(t / "shards" / name);
    EXPECT_GT(shard.size(), 1000u) << name << ": every rank had a share";
    joined += shard;
  }
  const std::string expected = testing::ReadFile(t / "single.jsonl");
  EXPECT_GT(expected.size(), 5u << 20);
  EXPECT_EQ(joined.size(), expected.size());
  EXPECT_TRUE(joined == expected) << "the union of the shards differs from the single-process output";
  EXPECT_EQ(Decisions(t / "split.json"), Decisions(t / "single.json"));
  // The run found work for every detector.
  EXPECT_NE(Decisions(t / "single.json").find("\"clusters\""), std::string::npos);
}

TEST_F(MpiTest, ScanReportsTheSame) {
  const fs::path& t = *tmp_;
  int rc = -1;
  std::string log = testing::RunCommand(testing::DedupBinary().string() + " scan " + (t / "in").string() + " --report " +
                                            (t / "scan1.json").string() + " --progress never",
                                        &rc, true);
  ASSERT_EQ(rc, 0) << log;
  log = testing::RunCommand(Mpirun(3) + " scan " + (t / "in").string() + " --report " + (t / "scan3.json").string() +
                                " --html " + (t / "scan3.html").string(),
                            &rc, true);
  ASSERT_EQ(rc, 0) << log;
  EXPECT_EQ(Decisions(t / "scan3.json"), Decisions(t / "scan1.json"));
  // The page has the merged figures, and says why it has no audit sample.
  const std::string html = testing::ReadFile(t / "scan3.html");
  EXPECT_NE(html.find("This run was split among 3 MPI ranks"), std::string::npos);
  EXPECT_NE(html.find("id=\"cluster-sizes\""), std::string::npos);
}

TEST_F(MpiTest, BadInputIsOneLineAndNoOutput) {
  const fs::path& t = *tmp_;
  int rc = -1;
  const std::string log = testing::RunCommand(Mpirun(4) + " clean " + (t / "in").string() + " " +
                                                  (t / "missing.jsonl").string() + " -o " + (t / "never").string(),
                                              &rc, false);
  EXPECT_NE(rc, 0);
  EXPECT_FALSE(fs::exists(t / "never"));
  // stderr: the reason once (mpirun adds its own notice after it).
  const std::string err = testing::RunCommand(Mpirun(4) + " clean " + (t / "in").string() + " " +
                                                  (t / "missing.jsonl").string() + " -o " + (t / "never").string() +
                                                  " 2>&1 >/dev/null | grep '^dedup:'",
                                              &rc, false);
  EXPECT_EQ(testing::SplitLines(err).size(), 1u) << err;
  EXPECT_NE(err.find("missing.jsonl: No such file or directory"), std::string::npos) << err;
}

}  // namespace
}  // namespace dedup
