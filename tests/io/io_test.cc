// Copyright 2026 The dedup Authors.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/base/json_writer.h"
#include "core/io/reader.h"
#include "core/io/writer.h"
#include "tests/testing/testing.h"

namespace dedup::io {
namespace {

namespace fs = std::filesystem;

std::string JsonLine(const std::string& id, const std::string& text, const std::string& extra = "") {
  std::string out = "{\"id\":";
  base::AppendJsonString(id, &out);
  out += ",\"text\":";
  base::AppendJsonString(text, &out);
  out += extra + "}\n";
  return out;
}

std::vector<Document> ReadAll(const std::vector<std::string>& inputs, ReaderOptions opt = {},
                              absl::Status* status = nullptr, uint64_t* malformed = nullptr,
                              std::vector<std::string>* examples = nullptr) {
  auto files = ExpandInputs(inputs);
  EXPECT_TRUE(files.ok()) << files.status();
  auto r = DocumentReader::Open(*files, opt);
  std::vector<Document> docs;
  Document d;
  while ((*r)->Next(&d)) docs.push_back(d);
  if (status) *status = (*r)->status();
  else EXPECT_TRUE((*r)->status().ok()) << (*r)->status();
  if (malformed) *malformed = (*r)->malformed_records();
  if (examples) *examples = (*r)->error_examples();
  return docs;
}

void Compress(const fs::path& plain, const std::string& tool) {
  int code;
  testing::RunCommand(tool + " -q -k -f " + plain.string(), &code, true);
  ASSERT_EQ(code, 0) << tool;
}

TEST(IoTest, TextDirectoriesAreReadRecursivelyInPathOrder) {
  fs::path dir = testing::MakeTempDir("io-txt");
  testing::WriteFile(dir / "b" / "page.txt", testing::ReadFile(testing::SeedPath("001")));
  testing::WriteFile(dir / "a.txt", testing::ReadFile(testing::SeedPath("000")));
  testing::WriteFile(dir / "notes.md", "not an input");
  auto docs = ReadAll({dir.string()});
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].id, "a.txt");
  EXPECT_EQ(docs[1].id, "b/page.txt");
  EXPECT_EQ(docs[1].text, testing::ReadFile(testing::SeedPath("001")));
  EXPECT_EQ(docs[1].format, Format::kText);
  // A file INPUT: its id is its file name.
  EXPECT_EQ(ReadAll({(dir / "b" / "page.txt").string()})[0].id, "page.txt");
}

TEST(IoTest, JsonlPlainGzipAndZstdReadTheSame) {
  fs::path dir = testing::MakeTempDir("io-jsonl");
  std::string content;
  for (const char* s : {"000", "002", "004"})
    content += JsonLine(std::string("seed-") + s, testing::ReadFile(testing::SeedPath(s)),
                        ",\"url\":\"http://www.example.gov.cn/" + std::string(s) + "\",\"site\":\"example\"");
  testing::WriteFile(dir / "d.jsonl", content);
  Compress(dir / "d.jsonl", "gzip");
  Compress(dir / "d.jsonl", "zstd");
  for (const char* name : {"d.jsonl", "d.jsonl.gz", "d.jsonl.zst"}) {
    auto docs = ReadAll({(dir / name).string()});
    ASSERT_EQ(docs.size(), 3u) << name;
    EXPECT_EQ(docs[2].id, "seed-004");
    EXPECT_EQ(docs[2].text, testing::ReadFile(testing::SeedPath("004")));
    EXPECT_EQ(docs[0].url, "http://www.example.gov.cn/000");
    EXPECT_EQ(docs[0].group, "example");
    EXPECT_EQ(docs[1].line, 2u);
  }
}

TEST(IoTest, MalformedRecordsAreCountedWithFileAndLine) {
  fs::path dir = testing::MakeTempDir("io-bad");
  std::string content = JsonLine("ok", "政府信息公开");
  content += "{\"id\":\"x\",\"text\":\n";                  // 2: invalid JSON
  content += "{\"id\":\"y\",\"body\":\"text\"}\n";         // 3: missing text
  content += "{\"id\":\"z\",\"text\":42}\n";               // 4: text not a string
  content += "\n";                                         // 5: blank, skipped silently
  content += "[1,2]\n";                                    // 6: not an object
  content += "{\"text\":\"no id here\"}\n";                // 7: id = FILE:7
  content += std::string("{\"id\":\"u\",\"text\":\"\xff\xfe\"}\n");  // 8: invalid UTF-8
  content += "{\"id\":\"v\",\"text\":broken}\n";           // 9: invalid JSON, not a non-string value
  content += "{\"text\":\"fine\",\"id\":broken}\n";        // 10: invalid JSON in a carried field
  content += "{\"text\":\"fine\"} trailing\n";              // 11: bytes after the object
  content += "{\"text\":\"fine\",\"meta\":{\"a\":[1,tru]}}\n"; // 12: invalid JSON nested in a carried field
  content += "{\"text\":\"fine\",\"n\":12abc}\n";         // 13: not a number
  content += "{\"text\":\"kept\",\"meta\":{\"a\":[1,true,null,\"x\",-2.5e3,{}]},\"n\":7}  \n";  // 14: good
  testing::WriteFile(dir / "bad.jsonl", content);
  absl::Status st;
  uint64_t malformed = 0;
  std::vector<std::string> examples;
  auto docs = ReadAll({(dir / "bad.jsonl").string()}, {}, &st, &malformed, &examples);
  EXPECT_TRUE(st.ok());
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[1].id, (dir / "bad.jsonl").string() + ":7");
  EXPECT_EQ(docs[2].text, "kept");
  EXPECT_EQ(malformed, 10u);
  ASSERT_EQ(examples.size(), 10u);
  EXPECT_NE(examples[0].find("bad.jsonl:2: invalid JSON"), std::string::npos) << examples[0];
  EXPECT_NE(examples[1].find("bad.jsonl:3: missing field \"text\""), std::string::npos) << examples[1];
  EXPECT_NE(examples[2].find(":4: field \"text\" is not a string"), std::string::npos) << examples[2];
  EXPECT_NE(examples[4].find(":8: invalid UTF-8"), std::string::npos) << examples[0] << " / " << examples[4];
  EXPECT_NE(examples[5].find(":9: invalid JSON"), std::string::npos) << examples[5];
  EXPECT_NE(examples[6].find(":10: invalid JSON"), std::string::npos) << examples[6];
  EXPECT_NE(examples[7].find(":11: invalid JSON"), std::string::npos) << examples[7];
  EXPECT_NE(examples[8].find(":12: invalid JSON"), std::string::npos) << examples[8];
  EXPECT_NE(examples[9].find(":13: invalid JSON"), std::string::npos) << examples[9];

  ReaderOptions strict;
  strict.strict = true;
  docs = ReadAll({(dir / "bad.jsonl").string()}, strict, &st);
  EXPECT_EQ(docs.size(), 1u);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("bad.jsonl:2"), std::string::npos) << st;
}

TEST(IoTest, TruncatedCompressedFilesAreFatalAndNameTheFile) {
  fs::path dir = testing::MakeTempDir("io-trunc");
  testing::WriteFile(dir / "d.jsonl", JsonLine("a", testing::ReadFile(testing::SeedPath("001"))));
  Compress(dir / "d.jsonl", "gzip");
  Compress(dir / "d.jsonl", "zstd");
  for (const char* name : {"d.jsonl.gz", "d.jsonl.zst"}) {
    std::string bytes = testing::ReadFile(dir / name);
    testing::WriteFile(dir / (std::string("t_") + name), bytes.substr(0, bytes.size() / 2));
    absl::Status st;
    ReadAll({(dir / (std::string("t_") + name)).string()}, {}, &st);
    EXPECT_FALSE(st.ok()) << name;
    EXPECT_NE(st.message().find(std::string("t_") + name), std::string::npos) << st;
  }
}

TEST(IoTest, WetRecordsPlainAndMultiMemberGzip) {
  fs::path dir = testing::MakeTempDir("io-wet");
  auto record = [](const std::string& type, const std::string& uri, const std::string& body) {
    return "WARC/1.0\r\nWARC-Type: " + type + "\r\nWARC-Target-URI: " + uri +
           "\r\nWARC-Record-ID: <urn:uuid:" + std::to_string(body.size()) + ">\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body + "\r\n\r\n";
  };
  const std::string a = testing::ReadFile(testing::SeedPath("000"));
  const std::string b = "Short English page.\nAll rights reserved.";
  std::string wet = record("warcinfo", "", "software: test\r\n") + record("conversion", "http://a.gov.cn/x", a) +
                    record("conversion", "https://b.example.com/y", b);
  testing::WriteFile(dir / "c.warc.wet", wet);
  auto docs = ReadAll({(dir / "c.warc.wet").string()});
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].text, a);
  EXPECT_EQ(docs[0].url, "http://a.gov.cn/x");
  EXPECT_EQ(docs[0].id, "<urn:uuid:" + std::to_string(a.size()) + ">");
  EXPECT_EQ(docs[1].text, b);
  // One gzip member per record, as Common Crawl writes them.
  int code;
  testing::RunCommand("cd " + dir.string() + " && printf '%s' '" + "' > m.warc.wet.gz", &code);
  std::string parts[3] = {record("warcinfo", "", "x\r\n"), record("conversion", "http://a.gov.cn/x", a),
                          record("conversion", "https://b.example.com/y", b)};
  for (int i = 0; i < 3; ++i) {
    testing::WriteFile(dir / ("p" + std::to_string(i)), parts[i]);
    testing::RunCommand("cd " + dir.string() + " && gzip -c p" + std::to_string(i) + " >> m.warc.wet.gz", &code);
    ASSERT_EQ(code, 0);
  }
  auto gz = ReadAll({(dir / "m.warc.wet.gz").string()});
  ASSERT_EQ(gz.size(), 2u);
  EXPECT_EQ(gz[0].text, a);
  EXPECT_EQ(gz[1].url, "https://b.example.com/y");
  // A record whose body is shorter than its Content-Length is counted, not fatal.
  testing::WriteFile(dir / "short.warc.wet", "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 999\r\n\r\nabc");
  absl::Status st;
  uint64_t malformed = 0;
  EXPECT_TRUE(ReadAll({(dir / "short.warc.wet").string()}, {}, &st, &malformed).empty());
  EXPECT_TRUE(st.ok());
  EXPECT_EQ(malformed, 1u);
}

TEST(IoTest, LongLinesStream) {
  fs::path dir = testing::MakeTempDir("io-long");
  std::string big;
  const std::string seed = testing::ReadFile(testing::SeedPath("001"));
  while (big.size() < (6u << 20)) big += seed;
  testing::WriteFile(dir / "big.jsonl", JsonLine("big", big) + JsonLine("next", "after"));
  auto docs = ReadAll({(dir / "big.jsonl").string()});
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].text, big);
  EXPECT_EQ(docs[1].text, "after");
}

TEST(IoTest, OutputRecordCarriesEveryFieldThrough) {
  Document d;
  d.format = Format::kJsonl;
  d.raw = "{\"id\": 7, \"meta\": {\"a\": [1, {\"b\": \"}\"}]}, \"text\": \"old\", \"dedup\": 1, \"z\": null}";
  std::string out;
  AppendOutputRecord(d, "text", "新\"文本\"", "{\"cluster\":null}", &out);
  EXPECT_EQ(out,
            "{\"id\":7,\"meta\":{\"a\": [1, {\"b\": \"}\"}]},\"text\":\"新\\\"文本\\\"\",\"z\":null,"
            "\"dedup\":{\"cluster\":null}}\n");
  Document t;
  t.format = Format::kText;
  t.id = "a/b.txt";
  out.clear();
  AppendOutputRecord(t, "text", "正文", "{}", &out);
  EXPECT_EQ(out, "{\"id\":\"a/b.txt\",\"text\":\"正文\",\"dedup\":{}}\n");
}

TEST(IoTest, AtomicWritersLeaveNothingUntilCommit) {
  fs::path dir = testing::MakeTempDir("io-atomic");
  for (const char* name : {"o.jsonl", "o.jsonl.gz", "o.jsonl.zst"}) {
    auto w = AtomicFileWriter::Create((dir / name).string());
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->Write("{\"id\":\"a\",\"text\":\"扫码查看手机版\"}\n").ok());
    EXPECT_FALSE(fs::exists(dir / name));
    ASSERT_TRUE((*w)->Commit().ok());
    EXPECT_TRUE(fs::exists(dir / name));
    auto docs = ReadAll({(dir / name).string()});
    ASSERT_EQ(docs.size(), 1u) << name;
    EXPECT_EQ(docs[0].text, "扫码查看手机版");
  }
  {
    auto w = AtomicFileWriter::Create((dir / "abandoned.jsonl").string());
    ASSERT_TRUE((*w)->Write("x").ok());
  }  // destroyed without Commit
  size_t entries = 0;
  for (auto& e : fs::directory_iterator(dir)) entries += e.path().filename().string().find("abandoned") != std::string::npos;
  EXPECT_EQ(entries, 0u);

  auto d = AtomicDirectoryWriter::Create((dir / "outdir").string());
  ASSERT_TRUE(d.ok());
  ASSERT_TRUE((*d)->WriteFile("sub/a.txt", "正文").ok());
  EXPECT_FALSE(fs::exists(dir / "outdir"));
  ASSERT_TRUE((*d)->Commit().ok());
  EXPECT_EQ(testing::ReadFile(dir / "outdir" / "sub" / "a.txt"), "正文");
}

TEST(IoTest, RefusesToOverwriteInputs) {
  fs::path dir = testing::MakeTempDir("io-refuse");
  testing::WriteFile(dir / "in" / "a.jsonl", JsonLine("a", "x"));
  auto files = ExpandInputs({(dir / "in").string()});
  ASSERT_TRUE(files.ok());
  EXPECT_FALSE(CheckNotOverwritingInputs((dir / "in" / "a.jsonl").string(), *files, {(dir / "in").string()}).ok());
  EXPECT_FALSE(CheckNotOverwritingInputs((dir / "in" / "out.jsonl").string(), *files, {(dir / "in").string()}).ok());
  EXPECT_FALSE(CheckNotOverwritingInputs(dir.string(), *files, {(dir / "in").string()}).ok());
  EXPECT_TRUE(CheckNotOverwritingInputs((dir / "out.jsonl").string(), *files, {(dir / "in").string()}).ok());
  EXPECT_FALSE(ExpandInputs({(dir / "missing").string()}).ok());
}

}  // namespace
}  // namespace dedup::io
