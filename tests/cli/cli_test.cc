// Copyright 2026 The dedup Authors.
//
// End-to-end: runs the built `dedup` on the seed pages and on edited copies of
// them, and reads back its output and report.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/base/json_writer.h"
#include "core/base/utf8.h"
#include "tests/testing/testing.h"

namespace dedup {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::WriteFile;

std::string Bin() { return testing::DedupBinary().string(); }

std::string Dedup(const std::string& args, int* code, bool merge_stderr = false) {
  return testing::RunCommand(Bin() + " " + args, code, merge_stderr);
}

// Returns the value of "key": in a one-line JSON record, as raw text
// (a string value keeps its quotes).
std::string Field(const std::string& json, const std::string& key) {
  const std::string pat = "\"" + key + "\":";
  size_t p = json.find(pat);
  if (p == std::string::npos) return "<missing>";
  p += pat.size();
  while (json[p] == ' ') ++p;
  size_t e = p;
  if (json[p] == '"') {
    e = p + 1;
    while (json[e] != '"') e += json[e] == '\\' ? 2 : 1;
    return json.substr(p, e + 1 - p);
  }
  while (e < json.size() && json[e] != ',' && json[e] != '}') ++e;
  return json.substr(p, e - p);
}

// Copies the five seeds into a fresh folder and returns it.
fs::path SeedsCopy(const std::string& tag) {
  fs::path dir = testing::MakeTempDir(tag) / "in";
  fs::create_directories(dir);
  for (const char* s : {"000", "001", "002", "003", "004"}) {
    fs::path p = testing::SeedPath(s);
    fs::copy_file(p, dir / p.filename());
  }
  return dir;
}

std::vector<std::string> Lines(const std::string& s) { return testing::SplitLines(s); }

TEST(CliTest, SeedsAreCleanedAndNotMerged) {
  fs::path in = SeedsCopy("seeds");
  fs::path out = in.parent_path() / "out.jsonl";
  fs::path rep = in.parent_path() / "report.json";
  int code;
  std::string err = Dedup("clean " + in.string() + " -o " + out.string() + " --report " + rep.string(), &code, true);
  ASSERT_EQ(code, 0) << err;
  EXPECT_NE(err.find("near-duplicates"), std::string::npos) << err;  // the readable summary
  auto lines = Lines(ReadFile(out));
  ASSERT_EQ(lines.size(), 5u);
  for (const auto& l : lines) {
    EXPECT_EQ(Field(l, "cluster"), "null") << l.substr(0, 200);
    EXPECT_EQ(Field(l, "duplicate_of"), "null");
  }
  EXPECT_EQ(Field(lines[0], "id"), "\"000_8ba279914070168e.txt\"");
  const std::string report = ReadFile(rep);
  for (const char* key : {"\"documents\": 5", "\"near_duplicate\"", "\"repeated_block\"", "\"boilerplate\"",
                          "\"kept\"", "\"params\"", "\"seconds\"", "\"s_curve\"", "\"bands\"", "\"rows\"", "\"errors\""})
    EXPECT_NE(report.find(key), std::string::npos) << key;
  EXPECT_NE(report.find("\"clusters\": 0"), std::string::npos) << report;
  // The CONTRACT's stages, each with its seconds; the detectors' time lies
  // inside normalize+sign.
  std::map<std::string, double> seconds;
  const size_t at = report.find("\"seconds\": {");
  ASSERT_NE(at, std::string::npos);
  const std::string object = report.substr(at, report.find('}', at) - at);
  for (const char* stage : {"read", "normalize+sign", "index", "cluster", "blocks", "boilerplate", "write", "total"}) {
    const size_t k = object.find(std::string("\"") + stage + "\": ");
    ASSERT_NE(k, std::string::npos) << stage << " missing from " << object;
    seconds[stage] = std::stod(object.substr(k + std::strlen(stage) + 4));
    EXPECT_GE(seconds[stage], 0) << stage;
  }
  EXPECT_GT(seconds["blocks"], 0);  // seed 001 is doubled: the detector ran
  EXPECT_LE(seconds["blocks"] + seconds["boilerplate"], seconds["normalize+sign"]) << object;
  EXPECT_LT(seconds["normalize+sign"] + seconds["write"], seconds["total"] + 1e-3) << object;
}

TEST(CliTest, RepostWithEditsIsFound) {
  fs::path in = SeedsCopy("repost");
  // Repost of 000: retitled, one paragraph dropped, a few words changed, lines re-wrapped.
  std::string text = ReadFile(testing::SeedPath("000"));
  auto lines = Lines(text);
  std::string repost = "【转载】新北区商务局2022年工作总结\n";
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i == 7) continue;  // one paragraph dropped
    std::string l = lines[i];
    if (i == 3) {
      size_t p = l.find("落实");
      if (p != std::string::npos) l.replace(p, 6, "推进");
    }
    repost += l + (i % 2 ? "\n\n" : "\n");
  }
  repost += "来源:转载自区政府网站\n";
  WriteFile(in / "zz_repost.txt", repost);
  fs::path out = in.parent_path() / "out.jsonl";
  int code;
  std::string err = Dedup("clean " + in.string() + " -o " + out.string(), &code, true);
  ASSERT_EQ(code, 0) << err;
  auto out_lines = Lines(ReadFile(out));
  ASSERT_EQ(out_lines.size(), 5u);  // the repost is dropped
  EXPECT_EQ(Field(out_lines[0], "cluster"), "0");

  // With --keep-duplicates it appears, annotated.
  fs::path out2 = in.parent_path() / "out2.jsonl";
  Dedup("clean " + in.string() + " -o " + out2.string() + " --keep-duplicates", &code, true);
  ASSERT_EQ(code, 0);
  auto all = Lines(ReadFile(out2));
  ASSERT_EQ(all.size(), 6u);
  EXPECT_EQ(Field(all[5], "duplicate_of"), "\"000_8ba279914070168e.txt\"");
  EXPECT_EQ(Field(all[5], "cluster"), "0");
}

TEST(CliTest, TraditionalPageAndItsSimplifiedConversionAreFound) {
  fs::path in = SeedsCopy("t2s");
  fs::copy_file(testing::CorpusDir() / "fixtures" / "004_simplified.txt", in / "zz_004_simplified.txt");
  fs::path out = in.parent_path() / "out.jsonl";
  int code;
  std::string err = Dedup("clean " + in.string() + " -o " + out.string() + " --keep-duplicates", &code, true);
  ASSERT_EQ(code, 0) << err;
  auto lines = Lines(ReadFile(out));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(Field(lines[5], "duplicate_of"), "\"004_f1fd57fe3eb58d42.txt\"") << lines[5].substr(0, 300);
  // Without traditional->simplified folding they are not near-duplicates.
  Dedup("clean " + in.string() + " -o " + out.string() + " --keep-duplicates --no-traditional-to-simplified", &code,
      true);
  ASSERT_EQ(code, 0);
  lines = Lines(ReadFile(out));
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(Field(lines[5], "duplicate_of"), "null");
}

TEST(CliTest, JsonlFieldsCarriedThroughAndMalformedCounted) {
  fs::path dir = testing::MakeTempDir("jsonl");
  std::string a = ReadFile(testing::SeedPath("002"));
  std::string jsonl;
  auto esc = [](const std::string& s) {
    std::string o;
    for (char c : s) {
      if (c == '\n') o += "\\n";
      else if (c == '"') o += "\\\"";
      else if (c == '\\') o += "\\\\";
      else o += c;
    }
    return o;
  };
  jsonl += "{\"id\":\"a\",\"url\":\"http://x.gov.cn/a\",\"meta\":{\"n\":[1,2]},\"text\":\"" + esc(a) + "\"}\n";
  jsonl += "{\"id\":\"broken\",\"text\":\n";              // line 2: invalid JSON
  jsonl += "{\"id\":\"notext\",\"body\":\"x\"}\n";       // line 3: missing text
  jsonl += "{\"url\":\"http://x.gov.cn/b\",\"text\":\"" + esc(a) + "\",\"score\":3}\n";  // line 4: no id
  WriteFile(dir / "in.jsonl", jsonl);
  int code;
  std::string err = Dedup("clean " + (dir / "in.jsonl").string() + " -o " + (dir / "out.jsonl").string() +
                            " --report " + (dir / "r.json").string() + " --keep-duplicates",
                        &code, true);
  ASSERT_EQ(code, 0) << err;
  auto lines = Lines(ReadFile(dir / "out.jsonl"));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("\"meta\":{\"n\":[1,2]}"), std::string::npos) << lines[0].substr(0, 200);
  EXPECT_EQ(Field(lines[1], "id"), "<missing>");  // no id field is invented in the record...
  EXPECT_NE(lines[1].find("\"score\":3"), std::string::npos);
  // ...but the duplicate points at the first by id, and the second is its duplicate.
  EXPECT_EQ(Field(lines[1], "duplicate_of"), "\"a\"");
  const std::string report = ReadFile(dir / "r.json");
  EXPECT_NE(report.find("\"records\": 2"), std::string::npos) << report;
  EXPECT_NE(report.find("in.jsonl:2:"), std::string::npos) << report;
  EXPECT_NE(report.find("in.jsonl:3:"), std::string::npos) << report;

  // --strict stops at the first malformed record with a one-line error.
  err = Dedup("scan --strict " + (dir / "in.jsonl").string(), &code, true);
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.find("in.jsonl:2"), std::string::npos) << err;
}

// The write pass copies a page's JSON string as it stands, cut, where its
// escapes are those dedup writes, and unescapes it otherwise: the same
// pages written three ways (raw UTF-8 as dedup writes it; every non-ASCII
// character as \uXXXX, as Python's json.dumps and many crawlers do; and
// dedup's escapes with "/" as "\/") must come out byte for byte alike,
// boilerplate and repeated blocks cut, duplicates annotated.
TEST(CliTest, JsonlTextCleanedAlikeWhateverItsEscapes) {
  fs::path dir = testing::MakeTempDir("escapes");
  auto ascii_only = [](std::string_view text) {
    std::string o = "\"";
    for (const char* p = text.data(); p < text.data() + text.size();) {
      char32_t cp;
      p += base::DecodeUtf8(p, text.data() + text.size(), &cp);
      char buf[16];
      auto u = [&](unsigned v) {
        std::snprintf(buf, sizeof buf, "\\u%04x", v);
        o += buf;
      };
      if (cp == '"') o += "\\\"";
      else if (cp == '\\') o += "\\\\";
      else if (cp == '/') o += "\\/";
      else if (cp == '\n') o += "\\n";
      else if (cp < 0x20 || cp >= 0x80) {
        if (cp >= 0x10000) {
          u(0xD800 + ((cp - 0x10000) >> 10));
          u(0xDC00 + ((cp - 0x10000) & 0x3FF));
        } else {
          u(static_cast<unsigned>(cp));
        }
      } else o.push_back(static_cast<char>(cp));
    }
    return o + "\"";
  };
  std::string dedups, asciis, slashes;
  int n = 0;
  for (const char* seed : {"000", "001", "002", "003", "004", "004"}) {
    std::string text = ReadFile(testing::SeedPath(seed));
    if (n == 5) {  // a repost of 004, with every kind of escape in a body line
      const size_t mid = text.find('\n', text.size() / 2) + 1;
      text.insert(mid, "\t补充说明，关于本次会议的安排：\x01 \"引号\" a/b \\ 😀。\n");
    }
    const std::string head = "{\"id\":\"p" + std::to_string(n++) + "\",\"site\":\"s.gov.cn\",\"text\":";
    std::string own;
    base::AppendJsonString(text, &own);
    dedups += head + own + ",\"n\":1}\n";
    asciis += head + ascii_only(text) + ",\"n\":1}\n";
    std::string slashed;  // dedup's escapes, but "/" as "\/" (PHP's json_encode)
    for (const char c : own) slashed += c == '/' ? std::string("\\/") : std::string(1, c);
    slashes += head + slashed + ",\"n\":1}\n";
  }
  WriteFile(dir / "own.jsonl", dedups);
  WriteFile(dir / "ascii.jsonl", asciis);
  WriteFile(dir / "slashes.jsonl", slashes);
  std::string outs[3];
  for (int i = 0; i < 3; ++i) {
    const fs::path in = dir / (i == 0 ? "own.jsonl" : i == 1 ? "ascii.jsonl" : "slashes.jsonl");
    const fs::path out = dir / ("out" + std::to_string(i) + ".jsonl");
    int code;
    const std::string err = Dedup("clean " + in.string() + " -o " + out.string() + " --keep-duplicates", &code, true);
    ASSERT_EQ(code, 0) << err;
    outs[i] = ReadFile(out);
  }
  const auto lines = Lines(outs[0]);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_NE(lines[1].find("\"kind\":\"repeated_block\""), std::string::npos);  // 001: its body saved twice
  EXPECT_NE(lines[4].find("\"kind\":\"boilerplate\""), std::string::npos);     // 004: site furniture
  EXPECT_EQ(Field(lines[5], "duplicate_of"), "\"p4\"");
  EXPECT_NE(lines[5].find("\\t补充说明，关于本次会议的安排：\\u0001 \\\"引号\\\" a/b \\\\ 😀。"), std::string::npos)
      << lines[5].substr(0, 300);
  EXPECT_EQ(outs[0], outs[1]);
  EXPECT_EQ(outs[0], outs[2]);
}

// A text key spelled with an escape is still the text field: the reader
// finds it by its unescaped name, and the output record's value at that
// place is the cleaned text (it once kept the original there, unmatched).
TEST(CliTest, EscapedTextKeyIsCleaned) {
  fs::path dir = testing::MakeTempDir("escaped_key");
  const std::string text = ReadFile(testing::SeedPath("004"));
  std::string value;
  base::AppendJsonString(text, &value);
  WriteFile(dir / "in.jsonl", "{\"id\":\"k\",\"te\\u0078t\":" + value + "}\n");
  int code;
  const std::string err =
      Dedup("clean " + (dir / "in.jsonl").string() + " -o " + (dir / "out.jsonl").string(), &code, true);
  ASSERT_EQ(code, 0) << err;
  const auto lines = Lines(ReadFile(dir / "out.jsonl"));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("\"kind\":\"boilerplate\""), std::string::npos);
  const std::string cleaned = Field(lines[0], "te\\u0078t");
  ASSERT_NE(cleaned, "<missing>");
  EXPECT_LT(cleaned.size() + 100, value.size()) << cleaned.substr(0, 200);
  EXPECT_EQ(lines[0].find("\"text\":"), std::string::npos);  // no second text field
}

TEST(CliTest, OutputIsIdenticalForAnyThreadCount) {
  fs::path in = SeedsCopy("threads");
  std::string text = ReadFile(testing::SeedPath("003"));
  WriteFile(in / "copy_of_003.txt", text + "\n补充说明。\n");
  int code;
  std::string outs[3];
  for (int t : {1, 2, 3}) {
    fs::path out = in.parent_path() / ("out" + std::to_string(t) + ".jsonl");
    Dedup("clean " + in.string() + " -o " + out.string() + " --threads " + std::to_string(t), &code, true);
    ASSERT_EQ(code, 0);
    outs[t - 1] = ReadFile(out);
  }
  EXPECT_FALSE(outs[0].empty());
  EXPECT_EQ(outs[0], outs[1]);
  EXPECT_EQ(outs[0], outs[2]);
}

TEST(CliTest, ScanWritesNoDocumentsAndExplainMarksSpans) {
  fs::path in = SeedsCopy("scan");
  int code;
  std::string err = Dedup("scan " + in.string() + " --report " + (in.parent_path() / "r.json").string(), &code, true);
  ASSERT_EQ(code, 0) << err;
  EXPECT_TRUE(fs::exists(in.parent_path() / "r.json"));
  size_t files = 0;
  for (auto& e : fs::recursive_directory_iterator(in.parent_path())) files += e.is_regular_file();
  EXPECT_EQ(files, 6u);  // five seeds + the report

  std::string out = Dedup("explain " + in.string() + " --id 004_f1fd57fe3eb58d42.txt", &code);
  ASSERT_EQ(code, 0) << out;
  EXPECT_NE(out.find("id: 004_f1fd57fe3eb58d42.txt"), std::string::npos);
  EXPECT_NE(out.find("near-duplicate: none"), std::string::npos) << out.substr(0, 400);
}

TEST(CliTest, BadUsageAndBadInputExitOneWithOneLine) {
  int code;
  std::string err = Dedup("clean /nonexistent/dir -o /tmp/x.jsonl", &code, true);
  EXPECT_EQ(code, 1);
  EXPECT_NE(err.find("/nonexistent/dir"), std::string::npos) << err;
  EXPECT_EQ(Lines(err).size(), 1u) << err;

  Dedup("clean", &code, true);
  EXPECT_EQ(code, 1);
  Dedup("scan x --threshold 3", &code, true);
  EXPECT_EQ(code, 1);
  Dedup("scan x --keep sometimes", &code, true);
  EXPECT_EQ(code, 1);

  // OUT onto an input is refused, and the input is untouched.
  fs::path dir = testing::MakeTempDir("overwrite");
  fs::path f = dir / "in.jsonl";
  WriteFile(f, "{\"id\":\"a\",\"text\":\"hello world\"}\n");
  err = Dedup("clean " + f.string() + " -o " + f.string(), &code, true);
  EXPECT_EQ(code, 1) << err;
  EXPECT_EQ(ReadFile(f), "{\"id\":\"a\",\"text\":\"hello world\"}\n");

  std::string v = Dedup("--version", &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(v.rfind("dedup ", 0), 0u) << v;
  std::string help = Dedup("clean --help", &code);
  EXPECT_EQ(code, 0);
  EXPECT_NE(help.find("--threshold"), std::string::npos);
}

TEST(CliTest, DirectoryOutputMirrorsTextFiles) {
  fs::path in = SeedsCopy("dirout");
  fs::create_directories(in / "sub");
  fs::rename(in / "002_c67550422da71441.txt", in / "sub" / "002.txt");
  fs::path out = in.parent_path() / "cleaned";
  int code;
  std::string err = Dedup("clean " + in.string() + " -o " + out.string(), &code, true);
  ASSERT_EQ(code, 0) << err;
  EXPECT_TRUE(fs::exists(out / "sub" / "002.txt"));
  EXPECT_TRUE(fs::exists(out / "000_8ba279914070168e.txt"));
  // 000 has no furniture and no repeats: unchanged.
  EXPECT_EQ(ReadFile(out / "000_8ba279914070168e.txt"), ReadFile(testing::SeedPath("000")));
  // No temp folders left beside OUT.
  for (auto& e : fs::directory_iterator(in.parent_path()))
    EXPECT_EQ(e.path().filename().string().find(".tmp"), std::string::npos) << e.path();
}

TEST(CliTest, StdinIsJsonl) {
  fs::path dir = testing::MakeTempDir("stdin");
  WriteFile(dir / "in.jsonl", "{\"id\":\"a\",\"text\":\"the quick brown fox jumps over the lazy dog\"}\n");
  int code;
  std::string err = testing::RunCommand(Bin() + " clean - -o " + (dir / "out.jsonl").string() + " < " +
                                            (dir / "in.jsonl").string(),
                                        &code, true);
  ASSERT_EQ(code, 0) << err;
  auto lines = Lines(ReadFile(dir / "out.jsonl"));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(Field(lines[0], "id"), "\"a\"");
}

// A crawl folder with a shard dedup cannot read (bzip2) and one named
// .json: the run reads the rest and says, in its summary, report and HTML
// page, which files it did not read.
TEST(CliTest, FilesOfNoInputTypeInAFolderAreReported) {
  fs::path dir = testing::MakeTempDir("skipped");
  const std::string line = "{\"id\":\"a\",\"text\":\"the quick brown fox jumps over the lazy dog\"}\n";
  WriteFile(dir / "in" / "part-0.jsonl", line);
  WriteFile(dir / "in" / "part-1.jsonl.bz2", "BZh91AY&SY");
  WriteFile(dir / "in" / "part-2.json", line);
  WriteFile(dir / "in" / "README.md", "notes");
  int code;
  std::string err = Dedup("scan " + (dir / "in").string() + " --report " + (dir / "r.json").string() + " --html " +
                              (dir / "r.html").string(),
                          &code, true);
  ASSERT_EQ(code, 0) << err;
  EXPECT_NE(err.find("not read                  2  files of no input type in INPUT folders (first: " +
                     (dir / "in" / "part-1.jsonl.bz2").string() + ")"),
            std::string::npos)
      << err;
  const std::string report = ReadFile(dir / "r.json");
  EXPECT_NE(report.find("\"skipped_files\": {"), std::string::npos) << report;
  EXPECT_NE(report.find("\"count\": 2"), std::string::npos) << report;
  EXPECT_NE(report.find((dir / "in" / "part-2.json").string()), std::string::npos) << report;
  EXPECT_EQ(report.find("README.md"), std::string::npos);
  EXPECT_NE(ReadFile(dir / "r.html").find("2 files in the input folders were not read"), std::string::npos);
  // A folder with no input at all: the run succeeds and says so.
  fs::create_directories(dir / "nothing");
  err = Dedup("scan " + (dir / "nothing").string(), &code, true);
  ASSERT_EQ(code, 0) << err;
  EXPECT_NE(err.find("the inputs held no records"), std::string::npos) << err;
}

}  // namespace
}  // namespace dedup
