// Copyright 2026 The dedup Authors.
//
// Dirty input and interrupted runs, end to end through the `dedup` binary:
// pages in GBK and Big5, invalid UTF-8, accounting, and SIGINT/SIGTERM in the
// middle of writing.
#include <gtest/gtest.h>
#include <signal.h>
#include <simdjson.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/base/json_writer.h"
#include "core/base/utf8.h"
#include "tests/testing/testing.h"

namespace dedup {
namespace {

namespace fs = std::filesystem;

std::string Dedup(const std::string& args, int* code) {
  return testing::RunCommand(testing::DedupBinary().string() + " " + args + " --progress never", code, true);
}

// A GBK copy of a seed is converted, found to be the same page as its UTF-8
// original, and counted; a page with a few bad bytes is malformed (the
// CONTRACT) unless --repair-utf8 asks to keep it, repaired.
TEST(ReliabilityTest, GbkAndBig5PagesAreConvertedAndMatched) {
  const fs::path dir = testing::MakeTempDir("charset-cli");
  const fs::path in = dir / "in";
  for (const char* s : {"000", "001", "002", "003", "004"}) {
    const fs::path p = testing::SeedPath(s);
    fs::create_directories(in);
    fs::copy_file(p, in / p.filename());
  }
  testing::WriteFile(in / "zz_001_gbk.txt", testing::Encode(testing::ReadFile(testing::SeedPath("001")), "GBK"));
  testing::WriteFile(in / "zz_004_big5.txt", testing::Encode(testing::ReadFile(testing::SeedPath("004")), "Big5"));
  std::string bad = testing::ReadFile(testing::SeedPath("003"));
  bad.insert(bad.find('\n') + 1, "\xff\xfe");
  testing::WriteFile(in / "zz_003_bad_bytes.txt", bad);
  int code = 0;
  // By default the page with bad bytes is skipped, named in the errors.
  std::string err = Dedup("clean " + in.string() + " -o " + (dir / "out.jsonl").string() + " --report " +
                              (dir / "r.json").string(),
                          &code);
  ASSERT_EQ(code, 0) << err;
  const std::string skipped = testing::ReadFile(dir / "r.json");
  EXPECT_NE(skipped.find("zz_003_bad_bytes.txt: invalid UTF-8 (2 bad byte sequences; --repair-utf8 keeps such records)"),
            std::string::npos)
      << skipped;
  EXPECT_NE(skipped.find("\"records\": 8"), std::string::npos);
  EXPECT_NE(skipped.find("\"documents\": 7"), std::string::npos);
  EXPECT_EQ(testing::ReadFile(dir / "out.jsonl").find("zz_003_bad_bytes.txt"), std::string::npos);

  err = Dedup("clean " + in.string() + " -o " + (dir / "out.jsonl").string() + " --keep-duplicates --repair-utf8 --report " +
                  (dir / "r.json").string(),
              &code);
  ASSERT_EQ(code, 0) << err;
  EXPECT_NE(err.find("converted                 1  documents from GB18030 to UTF-8"), std::string::npos) << err;
  const std::string report = testing::ReadFile(dir / "r.json");
  EXPECT_NE(report.find("\"GB18030\": 1"), std::string::npos) << report;
  EXPECT_NE(report.find("\"Big5\": 1"), std::string::npos) << report;
  EXPECT_NE(report.find("zz_003_bad_bytes.txt: 2 byte sequences of invalid UTF-8 replaced by U+FFFD"), std::string::npos)
      << report;
  EXPECT_NE(report.find("\"records\": 8"), std::string::npos);
  // Every output line is valid JSON in UTF-8; the converted pages are
  // duplicates of their originals.
  simdjson::ondemand::parser parser;
  int lines = 0;
  for (const std::string& line : testing::SplitLines(testing::ReadFile(dir / "out.jsonl"))) {
    if (line.empty()) continue;
    ++lines;
    simdjson::padded_string p(line);
    simdjson::ondemand::document d;
    ASSERT_FALSE(parser.iterate(p).get(d)) << line.substr(0, 200);
    std::string_view id, dup;
    ASSERT_FALSE(d["id"].get_string().get(id));
    const bool has_dup = !d["dedup"]["duplicate_of"].get_string().get(dup);
    const std::string expected = id == "zz_001_gbk.txt"         ? "001_90b6929a41ae5cc6.txt"
                                 : id == "zz_004_big5.txt"      ? "004_f1fd57fe3eb58d42.txt"
                                 : id == "zz_003_bad_bytes.txt" ? "003_33ecf4c4b4f5e363.txt"
                                                                : "";
    EXPECT_EQ(has_dup ? std::string(dup) : std::string(), expected) << id;
  }
  EXPECT_EQ(lines, 8);

  // --strict refuses the repair, naming the file.
  const std::string strict = Dedup("scan " + in.string() + " --strict --repair-utf8", &code);
  EXPECT_EQ(code, 1);
  EXPECT_NE(strict.find("zz_003_bad_bytes.txt: invalid UTF-8 (2 bad byte sequences)"), std::string::npos) << strict;
}

// Records read = documents + malformed records, and documents = kept +
// dropped, in the report of a dirty file.
TEST(ReliabilityTest, ReportAccountsForEveryRecord) {
  const fs::path dir = testing::MakeTempDir("accounting");
  std::string jsonl;
  const std::string page = testing::ReadFile(testing::SeedPath("002"));
  for (int i = 0; i < 4; ++i) {
    jsonl += "{\"id\":\"p" + std::to_string(i) + "\",\"text\":";
    base::AppendJsonString(i == 3 ? page + "\n补充一句。" : page, &jsonl);
    jsonl += "}\n";
  }
  jsonl += "{\"id\":\"broken\",\"text\":\n";
  jsonl += "{\"id\":\"no-text\"}\n";
  jsonl += "\n";
  jsonl += "{\"id\":\"ok\",\"text\":\"一个独立的短文档。\"}\n";
  testing::WriteFile(dir / "in.jsonl", jsonl);
  int code = 0;
  const std::string err =
      Dedup("clean " + (dir / "in.jsonl").string() + " -o " + (dir / "out.jsonl").string() + " --no-boilerplate --report " +
                (dir / "r.json").string(),
            &code);
  ASSERT_EQ(code, 0) << err;
  const std::string r = testing::ReadFile(dir / "r.json");
  for (const char* key : {"\"records\": 7", "\"documents\": 5", "\"records\": 2"})  // errors.records = 2
    EXPECT_NE(r.find(key), std::string::npos) << key << "\n" << r;
  EXPECT_NE(r.find("\"near_duplicate\": {\n    \"documents\": 3"), std::string::npos) << r;
  EXPECT_NE(r.find("\"kept\": {\n    \"documents\": 2"), std::string::npos) << r;
  EXPECT_EQ(testing::SplitLines(testing::ReadFile(dir / "out.jsonl")).size(), 2u);
}

// NUL bytes and empty documents are text like any other: kept, counted, and
// written back as valid JSON (NUL as \u0000), byte for byte.
TEST(ReliabilityTest, NulBytesAndEmptyDocumentsAreKept) {
  const fs::path dir = testing::MakeTempDir("nul-empty");
  std::string with_nul = "第一行";
  with_nul.push_back('\0');
  with_nul.append("中间\nsecond");
  with_nul.push_back('\0');
  with_nul.append("line\n");
  std::string jsonl = "{\"id\":\"nul\",\"text\":";
  base::AppendJsonString(with_nul, &jsonl);
  jsonl += "}\n{\"id\":\"empty\",\"text\":\"\"}\n{\"id\":\"blank\",\"text\":\"  \\n\\n \"}\n";
  testing::WriteFile(dir / "in" / "a.jsonl", jsonl);
  const std::string txt_nul = with_nul + "另一个文件";  // not a near-duplicate of the JSONL one
  testing::WriteFile(dir / "in" / "b_nul.txt", txt_nul);
  testing::WriteFile(dir / "in" / "c_empty.txt", "");
  int code = 0;
  const std::string err = Dedup("clean " + (dir / "in").string() + " -o " + (dir / "out.jsonl").string() +
                                    " --report " + (dir / "r.json").string(),
                                &code);
  ASSERT_EQ(code, 0) << err;
  EXPECT_NE(testing::ReadFile(dir / "r.json").find("\"records\": 5"), std::string::npos);
  simdjson::ondemand::parser parser;
  std::vector<std::pair<std::string, std::string>> got;
  for (const std::string& l : testing::SplitLines(testing::ReadFile(dir / "out.jsonl"))) {
    if (l.empty()) continue;
    simdjson::padded_string p(l);
    simdjson::ondemand::document d;
    ASSERT_FALSE(parser.iterate(p).get(d)) << l;
    std::string_view id, text;
    ASSERT_FALSE(d["id"].get_string().get(id));
    ASSERT_FALSE(d["text"].get_string().get(text));
    got.emplace_back(std::string(id), std::string(text));
  }
  const std::vector<std::pair<std::string, std::string>> want = {
      {"nul", with_nul}, {"empty", ""}, {"blank", "  \n\n "}, {"b_nul.txt", txt_nul}, {"c_empty.txt", ""}};
  EXPECT_EQ(got, want);
}

// A crawl big enough that the write pass takes a while: seed pages with a
// unique line each.
void WriteCrawl(const fs::path& path, int pages) {
  std::string seeds[5];
  const char* names[5] = {"000", "001", "002", "003", "004"};
  for (int i = 0; i < 5; ++i) seeds[i] = testing::ReadFile(testing::SeedPath(names[i]));
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::string line;
  for (int i = 0; i < pages; ++i) {
    line = "{\"id\":\"d" + std::to_string(i) + "\",\"text\":";
    base::AppendJsonString("第" + std::to_string(i) + "号文件\n" + seeds[i % 5], &line);
    line += "}\n";
    std::fwrite(line.data(), 1, line.size(), f);
  }
  std::fclose(f);
}

// The temporaries in `dir` (names with ".tmp."), one per line, and what each
// folder among them holds; empty when there are none.
std::string TempsIn(const fs::path& dir) {
  std::string found;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().filename().string().find(".tmp.") == std::string::npos) continue;
    found += e.path().filename().string() + "\n";
    for (const auto& inner : fs::recursive_directory_iterator(e.path(), ec))
      found += "  " + fs::relative(inner.path(), e.path()).string() + "\n";
  }
  return found;
}

bool HasTemp(const fs::path& dir) { return !TempsIn(dir).empty(); }

// Starts dedup with `args`, waits until it is writing (a temp file appears in
// `watch`), sends `sig`, and returns its wait status; stderr goes to `err`.
int InterruptWhileWriting(const std::vector<std::string>& args, const fs::path& watch, int sig, const fs::path& err,
                          bool* caught_writing) {
  const std::string bin = testing::DedupBinary().string();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    if (std::freopen(err.c_str(), "w", stderr) == nullptr) ::_exit(126);
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(bin.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  *caught_writing = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (HasTemp(watch)) {
      *caught_writing = true;
      break;
    }
    if (::waitpid(pid, &status, WNOHANG) == pid) return status;  // finished first
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, sig);
  ::waitpid(pid, &status, 0);
  return status;
}

// A write that fails (here a file size limit, as a full disk would) ends the
// run with exit 1 and one line naming the file, and leaves no partial output.
TEST(ReliabilityTest, FailedWriteLeavesNoPartialOutput) {
  const fs::path dir = testing::MakeTempDir("write-fails");
  WriteCrawl(dir / "crawl.jsonl", 200);  // 3 MB of output with --keep-duplicates
  const fs::path out = dir / "out" / "cleaned.jsonl";
  int code = 0;
  // Ignored SIGXFSZ stays ignored across exec, so the write gets EFBIG.
  const std::string err = testing::RunCommand("sh -c 'trap \"\" XFSZ; ulimit -f 2048; exec " +
                                                  testing::DedupBinary().string() + " clean " +
                                                  (dir / "crawl.jsonl").string() + " -o " + out.string() +
                                                  " --keep-duplicates --progress never'",
                                              &code, true);
  EXPECT_EQ(code, 1) << err;
  EXPECT_NE(err.find("dedup: " + out.string() + ": write failed: File too large (the unfinished output is removed)"),
            std::string::npos)
      << err;
  EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
  EXPECT_FALSE(fs::exists(out));
  EXPECT_FALSE(HasTemp(out.parent_path()));
}

TEST(ReliabilityTest, InterruptedRunLeavesNoPartialOutput) {
  const fs::path dir = testing::MakeTempDir("interrupt");
  const fs::path in = dir / "crawl.jsonl";
  WriteCrawl(in, 3000);  // about 75 MB
  struct Case {
    int sig;
    std::string out;  // a file, or a folder
  } cases[] = {{SIGTERM, "out/cleaned.jsonl"}, {SIGINT, "out/cleaned.jsonl.zst"}, {SIGTERM, "outdir"}};
  for (const Case& c : cases) {
    SCOPED_TRACE(c.out);
    const fs::path out = dir / c.out;
    const fs::path watch = out.parent_path();
    fs::create_directories(watch);
    bool caught = false;
    const int status = InterruptWhileWriting({"clean", in.string(), "-o", out.string(), "--threads", "2",
                                              "--report", (watch / "r.json").string(), "--progress", "never"},
                                             watch, c.sig, dir / "err.txt", &caught);
    ASSERT_TRUE(caught) << "the run ended before it wrote anything; make the crawl bigger";
    ASSERT_TRUE(WIFEXITED(status)) << status;
    EXPECT_EQ(WEXITSTATUS(status), 128 + c.sig);
    const std::string err = testing::ReadFile(dir / "err.txt");
    EXPECT_NE(err.find(c.sig == SIGINT ? "dedup: interrupted by SIGINT" : "dedup: interrupted by SIGTERM"),
              std::string::npos)
        << err;
    EXPECT_NE(err.find("no partial output left"), std::string::npos) << err;
    EXPECT_FALSE(fs::exists(out));
    EXPECT_FALSE(fs::exists(watch / "r.json"));
    EXPECT_EQ(TempsIn(watch), "");
  }
}


// A page of `lines` real sentences made unique by a random tail of Chinese
// characters (deterministic), as one string.
std::string UniqueBody(size_t lines, uint64_t seed) {
  const std::vector<std::string> src = testing::SplitLines(testing::ReadFile(testing::SeedPath("002")));
  std::string body;
  uint64_t x = seed;
  for (size_t i = 0; i < lines; ++i) {
    const std::string& s = src[i % src.size()];
    body += s.substr(0, base::FloorToCharBoundary(s, std::min<size_t>(s.size(), 90)));
    for (int k = 0; k < 12; ++k) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      base::AppendUtf8(static_cast<char32_t>(0x4E00 + (x >> 33) % 6000), &body);
    }
    body += "。\n";
  }
  return body;
}

// A 24 MB page saved twice over (a crawler that doubled a huge body) and a
// 5 MB line with no break: the run completes, the second copy goes, the first
// stays whole.
TEST(ReliabilityTest, HugeDocumentAndHugeLine) {
  const fs::path dir = testing::MakeTempDir("huge");
  const std::string body = UniqueBody(100000, 7);  // about 11 MB
  ASSERT_GT(body.size(), 10u << 20);
  testing::WriteFile(dir / "in" / "huge.txt", body + body);
  std::string line = UniqueBody(40000, 9);
  for (char& c : line)
    if (c == '\n') c = ' ';
  testing::WriteFile(dir / "in" / "line.txt", line);
  int code = 0;
  const std::string err =
      Dedup("clean " + (dir / "in").string() + " -o " + (dir / "out.jsonl").string() + " --threads 2", &code);
  ASSERT_EQ(code, 0) << err;
  const std::string out = testing::ReadFile(dir / "out.jsonl");
  simdjson::ondemand::parser parser;
  int seen = 0;
  for (const std::string& l : testing::SplitLines(out)) {
    if (l.empty()) continue;
    simdjson::padded_string p(l);
    simdjson::ondemand::document d;
    ASSERT_FALSE(parser.iterate(p).get(d));
    std::string_view id, text;
    ASSERT_FALSE(d["id"].get_string().get(id));
    ASSERT_FALSE(d["text"].get_string().get(text));
    ++seen;
    if (id == "huge.txt") {
      EXPECT_GE(text.size(), body.size() * 99 / 100);
      EXPECT_LE(text.size(), body.size() * 101 / 100);
      EXPECT_TRUE(text.substr(0, body.size() - 100) == std::string_view(body).substr(0, body.size() - 100))
          << "the first copy is not kept whole";
    } else {
      EXPECT_EQ(id, "line.txt");
      EXPECT_TRUE(text == line) << "the long line lost " << line.size() - text.size() << " bytes";  // nothing repeats
    }
  }
  EXPECT_EQ(seen, 2);
}

// A file big enough to be read in pieces by several threads (over 6 MiB)
// gives every document the id and every malformed record the line number
// it has in the whole file, with or without the count pass (which, when it
// runs, is where the pieces' first lines are counted). Records have no
// "id", so a document's id is FILE:LINE; each page comes twice, and the
// copy's duplicate_of shows its first's id.
TEST(ReliabilityTest, LineNumbersOfAFileReadInPieces) {
  const fs::path dir = testing::MakeTempDir("pieces");
  const fs::path in = dir / "big.jsonl";
  std::string jsonl;
  std::vector<uint64_t> bad_lines;
  std::vector<std::string> first_ids;  // per page, its first copy's id
  uint64_t line = 0, x = 7;
  for (int i = 0; jsonl.size() < (14u << 20); ++i) {
    if (i % 53 == 20) {  // about 30 malformed records, spread over the pieces
      jsonl += "{\"text\": \"cut off\n";
      bad_lines.push_back(++line);
    }
    std::string page = "第" + std::to_string(i) + "篇\n";
    for (int k = 0; k < 900; ++k) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      base::AppendUtf8(static_cast<char32_t>(0x4E00 + (x >> 33) % 6000), &page);
      if (k % 60 == 59) page += "。\n";
    }
    std::string record = "{\"text\":";
    base::AppendJsonString(page, &record);
    record += "}\n";
    first_ids.push_back(in.string() + ":" + std::to_string(++line));
    jsonl += record;
    if (i % 17 == 5) {  // a blank line now and then
      jsonl += "\n";
      ++line;
    }
    jsonl += record;
    ++line;
  }
  testing::WriteFile(in, jsonl);
  ASSERT_GT(bad_lines.size(), 20u);
  for (const char* detectors : {"", " --no-boilerplate"}) {
    for (int threads : {1, 3}) {
      SCOPED_TRACE(std::string(detectors) + " threads " + std::to_string(threads));
      const fs::path out = dir / "out.jsonl", report = dir / "r.json";
      int code = 0;
      const std::string err = Dedup("clean " + in.string() + " -o " + out.string() + " --keep-duplicates --threads " +
                                        std::to_string(threads) + " --report " + report.string() + detectors,
                                    &code);
      ASSERT_EQ(code, 0) << err;
      // The report keeps the first 20 examples.
      const std::string r = testing::ReadFile(report);
      for (size_t k = 0; k < 20; ++k)
        EXPECT_NE(r.find(in.string() + ":" + std::to_string(bad_lines[k]) + ": invalid JSON"), std::string::npos)
            << bad_lines[k];
      const std::vector<std::string> lines = testing::SplitLines(testing::ReadFile(out));
      ASSERT_EQ(lines.size(), 2 * first_ids.size());
      simdjson::dom::parser parser;
      size_t wrong = 0;
      for (size_t k = 0; k < first_ids.size(); ++k) {
        std::string_view of;
        if (parser.parse(lines[2 * k + 1])["dedup"]["duplicate_of"].get(of) != simdjson::SUCCESS ||
            of != first_ids[k]) {
          if (wrong++ == 0) ADD_FAILURE() << "page " << k << ": duplicate of " << of << ", not " << first_ids[k];
        }
      }
      EXPECT_EQ(wrong, 0u);
    }
  }
}

}  // namespace
}  // namespace dedup
