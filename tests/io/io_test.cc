// Copyright 2026 The dedup Authors.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <map>
#include <random>

#include <filesystem>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/base/json_writer.h"
#include "core/base/utf8.h"
#include "core/io/charset.h"
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
                              std::vector<std::string>* examples = nullptr, EncodingStats* enc = nullptr,
                              uint64_t* records = nullptr) {
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
  if (enc) *enc = (*r)->encodings();
  if (records) *records = (*r)->records();
  return docs;
}

// The first `n` bytes of `s`, cut back to a character boundary (a cut
// character would be invalid UTF-8, a malformed record).
std::string Prefix(const std::string& s, size_t n) { return s.substr(0, base::FloorToCharBoundary(s, std::min(n, s.size()))); }

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

// A folder's files of no input type are skipped; those that look like data
// (a compression dedup does not read, a .json, an upper-case extension) are
// named, so that a run can say what it did not read; other files (notes,
// pages) are not.
TEST(IoTest, FolderFilesThatLookLikeDataButAreNotReadAreNamed) {
  fs::path dir = testing::MakeTempDir("io-skipped");
  const std::string line = JsonLine("a", "正文");
  for (const char* name : {"a.jsonl", "b.jsonl.bz2", "c.json", "d/PAGE.TXT", "e.warc.gz", "notes.md", "index.html"})
    testing::WriteFile(dir / name, line);
  std::vector<std::string> skipped;
  auto files = ExpandInputs({dir.string()}, &skipped);
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].path, (dir / "a.jsonl").string());
  EXPECT_EQ(skipped, (std::vector<std::string>{(dir / "b.jsonl.bz2").string(), (dir / "c.json").string(),
                                               (dir / "d/PAGE.TXT").string(), (dir / "e.warc.gz").string()}));
  // Named as an INPUT itself, such a file is an error, as before.
  EXPECT_FALSE(ExpandInputs({(dir / "c.json").string()}).ok());
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

// A byte order mark before the first record (Windows tools write one) is
// skipped: the record is read whole, its line carried without the mark, and
// plain, gzip and zstd read the same. A mark anywhere else is the record's
// (and makes it malformed).
TEST(IoTest, ByteOrderMarkBeforeTheFirstRecordIsSkipped) {
  fs::path dir = testing::MakeTempDir("io-bom");
  const std::string first = JsonLine("first", "第一条记录。\n第二行。");
  const std::string second = JsonLine("second", "Second record.");
  testing::WriteFile(dir / "bom.jsonl", "\xEF\xBB\xBF" + first + second);
  Compress(dir / "bom.jsonl", "gzip");
  Compress(dir / "bom.jsonl", "zstd");
  for (const char* name : {"bom.jsonl", "bom.jsonl.gz", "bom.jsonl.zst"}) {
    SCOPED_TRACE(name);
    uint64_t malformed = 0;
    absl::Status st;
    auto docs = ReadAll({(dir / name).string()}, {}, &st, &malformed);
    EXPECT_TRUE(st.ok()) << st;
    EXPECT_EQ(malformed, 0u);
    ASSERT_EQ(docs.size(), 2u);
    EXPECT_EQ(docs[0].id, "first");
    EXPECT_EQ(docs[0].text, "第一条记录。\n第二行。");
    EXPECT_EQ(docs[0].line, 1u);
    EXPECT_EQ(docs[0].raw + "\n", first);
    EXPECT_EQ(docs[1].id, "second");
  }
  testing::WriteFile(dir / "mid.jsonl", first + "\xEF\xBB\xBF" + second);
  uint64_t malformed = 0;
  std::vector<std::string> examples;
  auto docs = ReadAll({(dir / "mid.jsonl").string()}, {}, nullptr, &malformed, &examples);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(malformed, 1u);
  ASSERT_EQ(examples.size(), 1u);
  EXPECT_EQ(examples[0], (dir / "mid.jsonl").string() + ":2: not a JSON object");
}

// A \u escape of half a surrogate pair (Python's json writes "\ud83d" for
// a text cut inside an emoji) is no character UTF-8 can hold: the record is
// malformed, saying so, like invalid UTF-8 bytes; --repair-utf8 keeps it
// with U+FFFD, in every field, counted with the other repairs. A whole pair
// and an escaped backslash before "ud800" are left alone.
TEST(IoTest, LoneSurrogateEscapesAreInvalidUtf8) {
  fs::path dir = testing::MakeTempDir("io-surrogate");
  std::string content = JsonLine("ok", "正常的一行");
  content += "{\"id\":\"cut\",\"text\":\"表情\\ud83d被截断\"}\n";                   // 2: a lone high half
  content += "{\"id\":\"low\",\"text\":\"a\\udc00b\\ud83d\\ude00c\",\"t\":\"\\ud800\"}\n";  // 3: a low half, a pair, a field
  content += "{\"id\":\"slash\",\"text\":\"C:\\\\ud800\"}\n";                   // 4: "C:\ud800", no escape
  content += "{\"id\":\"bad\",\"text\":\"x\\uZZZZ\"}\n";                          // 5: not an escape at all
  testing::WriteFile(dir / "s.jsonl", content);
  const std::string path = (dir / "s.jsonl").string();

  uint64_t malformed = 0;
  std::vector<std::string> examples;
  auto docs = ReadAll({path}, {}, nullptr, &malformed, &examples);
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[1].id, "slash");
  EXPECT_EQ(docs[1].text, "C:\\ud800");
  EXPECT_EQ(malformed, 3u);
  ASSERT_EQ(examples.size(), 3u);
  EXPECT_EQ(examples[0], path + ":2: invalid UTF-8 (1 lone surrogate escape, \\ud800-\\udfff without a pair; "
                                "--repair-utf8 keeps such records)");
  EXPECT_NE(examples[1].find(path + ":3: invalid UTF-8 (2 lone surrogate escapes"), std::string::npos) << examples[1];
  EXPECT_EQ(examples[2], path + ":5: invalid JSON");

  ReaderOptions repair;
  repair.repair_utf8 = true;
  EncodingStats enc;
  examples.clear();
  docs = ReadAll({path}, repair, nullptr, &malformed, &examples, &enc);
  ASSERT_EQ(docs.size(), 4u);
  EXPECT_EQ(malformed, 1u);
  EXPECT_EQ(docs[1].text, "表情\uFFFD被截断");
  EXPECT_EQ(docs[2].text, "a\uFFFDb😀c");
  EXPECT_NE(docs[2].raw.find("\"t\":\"\\ufffd\""), std::string::npos) << docs[2].raw;
  EXPECT_EQ(docs[3].text, "C:\\ud800");
  EXPECT_EQ(enc.replaced_records, 2u);
  EXPECT_EQ(enc.replaced_chars, 3u);
  ASSERT_EQ(enc.replaced_examples.size(), 2u);
  EXPECT_EQ(enc.replaced_examples[0], path + ":2: 1 lone surrogate escape replaced by U+FFFD");

  ReaderOptions strict = repair;
  strict.strict = true;
  absl::Status st;
  ReadAll({path}, strict, &st);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find(path + ":2: invalid UTF-8 (1 lone surrogate escape"), std::string::npos) << st;
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
  content += std::string("{\"id\":\"u\",\"text\":\"a\xff\xfe" "b\"}\n");  // 8: invalid UTF-8
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
  EncodingStats enc;
  uint64_t records = 0;
  auto docs = ReadAll({(dir / "bad.jsonl").string()}, {}, &st, &malformed, &examples, &enc, &records);
  EXPECT_TRUE(st.ok());
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[1].id, (dir / "bad.jsonl").string() + ":7");
  EXPECT_EQ(docs[2].text, "kept");
  EXPECT_EQ(enc.replaced_records, 0u);
  EXPECT_EQ(malformed, 10u);
  EXPECT_EQ(records, 13u);  // 14 lines, one blank
  ASSERT_EQ(examples.size(), 10u);
  EXPECT_NE(examples[0].find("bad.jsonl:2: invalid JSON"), std::string::npos) << examples[0];
  EXPECT_NE(examples[1].find("bad.jsonl:3: missing field \"text\""), std::string::npos) << examples[1];
  EXPECT_NE(examples[2].find(":4: field \"text\" is not a string"), std::string::npos) << examples[2];
  // Invalid UTF-8 is a malformed record (the CONTRACT), skipped.
  EXPECT_NE(examples[4].find("bad.jsonl:8: invalid UTF-8 (2 bad byte sequences; --repair-utf8 keeps such records)"),
            std::string::npos)
      << examples[4];
  EXPECT_NE(examples[5].find(":9: invalid JSON"), std::string::npos) << examples[5];
  EXPECT_NE(examples[6].find(":10: invalid JSON"), std::string::npos) << examples[6];
  EXPECT_NE(examples[7].find(":11: invalid JSON"), std::string::npos) << examples[7];
  EXPECT_NE(examples[8].find(":12: invalid JSON"), std::string::npos) << examples[8];
  EXPECT_NE(examples[9].find(":13: invalid JSON"), std::string::npos) << examples[9];

  // Asked to repair, line 8 is kept, its two bad bytes each a U+FFFD, in the
  // text and in the line carried into the output.
  ReaderOptions repair;
  repair.repair_utf8 = true;
  docs = ReadAll({(dir / "bad.jsonl").string()}, repair, &st, &malformed, &examples, &enc, &records);
  EXPECT_TRUE(st.ok());
  ASSERT_EQ(docs.size(), 4u);
  EXPECT_EQ(docs[2].id, "u");
  EXPECT_EQ(docs[2].text, "a\xEF\xBF\xBD\xEF\xBF\xBD" "b");
  EXPECT_TRUE(base::IsValidUtf8(docs[2].raw)) << docs[2].raw;
  EXPECT_EQ(enc.replaced_records, 1u);
  EXPECT_EQ(enc.replaced_chars, 2u);
  ASSERT_EQ(enc.replaced_examples.size(), 1u);
  EXPECT_NE(enc.replaced_examples[0].find("bad.jsonl:8: 2 byte sequences of invalid UTF-8 replaced by U+FFFD"),
            std::string::npos)
      << enc.replaced_examples[0];
  EXPECT_EQ(malformed, 9u);
  EXPECT_EQ(records, 13u);

  // Read as the write pass reads (a text with dedup's own escapes left in
  // the raw line): the same records kept and the same errors, the kept
  // texts' JSON strings in their lines. Also a record broken right after
  // such a text, and one whose text holds a bare control byte.
  // 15: invalid JSON after the text (found by the reader's fuzz target: left
  // unread, the text's value was skipped, and the record taken for whole).
  content += std::string("{\"text\":\"\":{[\x89\xa9\xe5\x9a\xe6\x94]\xe5\xbc]},\"\":7}\n");
  content += std::string("{\"text\":\"a\x01\",\"id\":\"c\"}\n");  // 16: a bare control byte: invalid JSON
  testing::WriteFile(dir / "bad.jsonl", content);
  std::vector<std::string> plain_examples, raw_examples;
  uint64_t plain_malformed = 0, raw_malformed = 0;
  const auto plain = ReadAll({(dir / "bad.jsonl").string()}, {}, &st, &plain_malformed, &plain_examples);
  ReaderOptions in_raw;
  in_raw.text_in_raw = true;
  const auto raw = ReadAll({(dir / "bad.jsonl").string()}, in_raw, &st, &raw_malformed, &raw_examples);
  EXPECT_EQ(raw_malformed, plain_malformed);
  EXPECT_EQ(raw_examples, plain_examples);
  ASSERT_EQ(raw.size(), plain.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    EXPECT_EQ(raw[i].id, plain[i].id);
    EXPECT_EQ(raw[i].TextSize(), plain[i].text.size());
    if (!raw[i].text_in_raw) continue;
    std::string unescaped;
    base::AppendCanonicalUnescaped(raw[i].TextJson(), &unescaped);
    EXPECT_EQ(unescaped, plain[i].text);
  }
  EXPECT_TRUE(raw[0].text_in_raw);
  ASSERT_GE(raw_examples.size(), 2u);
  EXPECT_NE(raw_examples[raw_examples.size() - 2].find(":15: invalid JSON"), std::string::npos);
  EXPECT_NE(raw_examples.back().find(":16: invalid JSON"), std::string::npos) << raw_examples.back();

  ReaderOptions strict;
  strict.strict = true;
  docs = ReadAll({(dir / "bad.jsonl").string()}, strict, &st);
  EXPECT_EQ(docs.size(), 1u);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("bad.jsonl:2"), std::string::npos) << st;
  // Strict mode rejects a repair even when repairs are asked for.
  testing::WriteFile(dir / "utf8.jsonl", JsonLine("ok", "fine") + "{\"id\":\"u\",\"text\":\"a\xff\xfe" "b\"}\n");
  strict.repair_utf8 = true;
  docs = ReadAll({(dir / "utf8.jsonl").string()}, strict, &st);
  EXPECT_EQ(docs.size(), 1u);
  EXPECT_EQ(st.message(), (dir / "utf8.jsonl").string() + ":2: invalid UTF-8 (2 bad byte sequences)");
}

// Seed pages saved as GBK and Big5, as many Chinese sites serve them: read as
// text files, in JSONL and in WET (declared and undeclared), they come back as
// the same UTF-8 text, and are counted by charset.
TEST(IoTest, GbkAndBig5PagesAreConvertedToUtf8) {
  fs::path dir = testing::MakeTempDir("io-charset");
  const std::string simplified = testing::ReadFile(testing::SeedPath("001"));
  const std::string traditional = testing::ReadFile(testing::SeedPath("004"));
  const std::string gbk = testing::Encode(simplified, "GBK"), big5 = testing::Encode(traditional, "Big5");
  ASSERT_FALSE(base::IsValidUtf8(gbk));
  ASSERT_FALSE(base::IsValidUtf8(big5));
  testing::WriteFile(dir / "txt" / "a_gbk.txt", gbk);
  testing::WriteFile(dir / "txt" / "b_big5.txt", big5);
  EncodingStats enc;
  absl::Status st;
  auto docs = ReadAll({(dir / "txt").string()}, {}, &st, nullptr, nullptr, &enc);
  ASSERT_EQ(docs.size(), 2u);
  // The same text, but for the few characters GBK and Big5 lack (no-break
  // spaces), which the encoder dropped.
  EXPECT_EQ(docs[0].text, testing::Decode(gbk, "GBK"));
  EXPECT_EQ(docs[1].text, testing::Decode(big5, "Big5"));
  EXPECT_NE(docs[0].text.find("东西湖区商务局2021年工作总结"), std::string::npos);
  EXPECT_NE(docs[1].text.find("南通開發區召開全區年中工作會議"), std::string::npos);
  EXPECT_EQ(enc.converted, (std::map<std::string, uint64_t>{{"Big5", 1}, {"GB18030", 1}}));
  EXPECT_EQ(enc.replaced_records, 0u);

  // JSONL: the whole line is in GBK (JSON's syntax is ASCII in any of them).
  testing::WriteFile(dir / "g.jsonl", testing::Encode(JsonLine("g", simplified), "GBK"));
  docs = ReadAll({(dir / "g.jsonl").string()}, {}, &st, nullptr, nullptr, &enc);
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].id, "g");
  EXPECT_EQ(docs[0].text, testing::Decode(gbk, "GBK"));
  EXPECT_TRUE(base::IsValidUtf8(docs[0].raw));

  // WET: a declared charset is used as declared; an undeclared one detected.
  auto record = [](const std::string& content_type, const std::string& body) {
    return "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Record-ID: <urn:uuid:1>\r\n" + content_type +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body + "\r\n\r\n";
  };
  testing::WriteFile(dir / "c.warc.wet", record("Content-Type: text/plain; charset=\"gbk\"\r\n", gbk) +
                                             record("", big5) + record("Content-Type: text/plain\r\n", simplified));
  docs = ReadAll({(dir / "c.warc.wet").string()}, {}, &st, nullptr, nullptr, &enc);
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].text, testing::Decode(gbk, "GBK"));
  EXPECT_EQ(docs[1].text, testing::Decode(big5, "Big5"));
  EXPECT_EQ(docs[2].text, simplified);
  EXPECT_EQ(enc.converted, (std::map<std::string, uint64_t>{{"Big5", 1}, {"GBK", 1}}));
}

TEST(IoTest, CharsetParameterOfContentType) {
  EXPECT_EQ(CharsetParameter("text/plain; charset=GBK"), "GBK");
  EXPECT_EQ(CharsetParameter("text/html;Charset=\"big5\" ; q=1"), "big5");
  EXPECT_EQ(CharsetParameter("text/plain"), "");
}

// A crawl file cut off in transfer: the documents before the cut are kept, the
// rest of the file counts as one malformed record naming file and line, and
// the next file is read. --strict stops there instead.
TEST(IoTest, TruncatedCompressedFilesKeepWhatCameBefore) {
  fs::path dir = testing::MakeTempDir("io-trunc");
  // Two members (gzip) or frames (zstd) of 20 pages each, as parallel
  // compressors write them; the file is cut in the middle of the second.
  const char* seeds[5] = {"000", "001", "002", "003", "004"};
  std::string parts[2];
  for (int i = 0; i < 40; ++i)
    parts[i / 20] += JsonLine(absl::StrCat("d", i), testing::ReadFile(testing::SeedPath(seeds[i % 5])));
  testing::WriteFile(dir / "z_next.jsonl", JsonLine("next", "下一个文件"));
  // Read as it comes, and decompressed on a thread of its own ahead of the
  // parser: the same documents, the same error at the same line.
  for (const std::string tool : {"gzip", "zstd", "gzip ahead", "zstd ahead"}) {
    SCOPED_TRACE(tool);
    ReaderOptions options;
    options.decompress_ahead = tool.size() > 4;
    const std::string name = tool.substr(0, 4) == "gzip" ? "gzip" : "zstd";
    std::string compressed[2];
    for (int p = 0; p < 2; ++p) {
      testing::WriteFile(dir / "part.jsonl", parts[p]);
      Compress(dir / "part.jsonl", name);
      compressed[p] = testing::ReadFile(dir / (name == "gzip" ? "part.jsonl.gz" : "part.jsonl.zst"));
    }
    const fs::path cut = dir / (name == "gzip" ? "cut.jsonl.gz" : "cut.jsonl.zst");
    testing::WriteFile(cut, compressed[0] + compressed[1].substr(0, compressed[1].size() / 2));
    absl::Status st;
    uint64_t malformed = 0, records = 0;
    std::vector<std::string> examples;
    auto docs = ReadAll({cut.string(), (dir / "z_next.jsonl").string()}, options, &st, &malformed, &examples, nullptr,
                        &records);
    EXPECT_TRUE(st.ok()) << st;
    ASSERT_GE(docs.size(), 21u);  // the first member whole, then the next file
    EXPECT_LT(docs.size(), 41u);
    for (size_t i = 0; i + 1 < docs.size(); ++i) EXPECT_EQ(docs[i].id, absl::StrCat("d", i));
    EXPECT_EQ(docs.back().id, "next");
    EXPECT_EQ(malformed, 1u);
    EXPECT_EQ(records, docs.size() + 1);
    ASSERT_EQ(examples.size(), 1u);
    EXPECT_NE(examples[0].find(absl::StrCat(cut.string(), ":", docs.size(), ": truncated ", name, " stream")),
              std::string::npos)
        << examples[0];
    EXPECT_NE(examples[0].find("the rest of the file is skipped"), std::string::npos) << examples[0];
    ReaderOptions strict = options;
    strict.strict = true;
    ReadAll({cut.string()}, strict, &st);
    EXPECT_FALSE(st.ok());
    EXPECT_NE(st.message().find(cut.string()), std::string::npos) << st;
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

// A field's string value with escaped quotes and backslashes at every offset
// around the 16-byte blocks its scan reads is carried through as it is.
TEST(IoTest, OutputRecordSkipsEscapesAtEveryOffset) {
  for (size_t at = 0; at < 40; ++at) {
    for (const char* esc : {"\\\"", "\\\\", "\\n"}) {
      std::string value = std::string(at, 'a') + esc + "\\\"}," + std::string(20, 'b');
      Document d;
      d.format = Format::kJsonl;
      d.raw = "{\"a\":\"" + value + "\",\"text\":\"old\",\"b\":1}";
      std::string out;
      AppendOutputRecord(d, "text", "new", "{}", &out);
      EXPECT_EQ(out, "{\"a\":\"" + value + "\",\"text\":\"new\",\"b\":1,\"dedup\":{}}\n") << at << " " << esc;
    }
  }
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

namespace dedup::io {
namespace {

struct ReadResult {
  std::vector<Document> docs;
  absl::Status status;
  uint64_t malformed = 0, records = 0;
  std::vector<std::string> examples;
  EncodingStats enc;
};

ReadResult ReadWith(const std::vector<std::string>& inputs, ReaderOptions opt) {
  ReadResult r;
  r.docs = ReadAll(inputs, opt, &r.status, &r.malformed, &r.examples, &r.enc, &r.records);
  return r;
}

// Twelve files of every kind, some dirty: reading them three at a time must
// give what reading them one after the other gives, document for document,
// with the same errors in the same order, and stop at the same place when
// strict.
TEST(PrefetchReaderTest, ManyFilesAtOnceReadAsOneAfterTheOther) {
  fs::path dir = testing::MakeTempDir("io-prefetch");
  const char* seeds[5] = {"000", "001", "002", "003", "004"};
  for (int f = 0; f < 9; ++f) {
    std::string content;
    for (int i = 0; i < 150; ++i) {
      content += JsonLine(absl::StrCat("f", f, "-", i), Prefix(testing::ReadFile(testing::SeedPath(seeds[(f + i) % 5])), 300 + i));
      if (i % 37 == 5) content += "{\"id\":\"broken\",\"text\":\n";
    }
    testing::WriteFile(dir / absl::StrCat("part-", f, ".jsonl"), content);
  }
  Compress(dir / "part-3.jsonl", "zstd");
  fs::remove(dir / "part-3.jsonl");
  std::string cut = testing::ReadFile(dir / "part-3.jsonl.zst");
  testing::WriteFile(dir / "part-3.jsonl.zst", cut.substr(0, cut.size() * 2 / 3));  // truncated
  Compress(dir / "part-5.jsonl", "gzip");
  fs::remove(dir / "part-5.jsonl");
  testing::WriteFile(dir / "page-gbk.txt", testing::Encode(testing::ReadFile(testing::SeedPath("001")), "GBK"));
  testing::WriteFile(dir / "page-bad.txt", "ok\xff\xfe" "ok\n");
  testing::WriteFile(dir / "z.warc.wet",
                     "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n"
                     "WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 999\r\n\r\nshort");
  ReaderOptions one, three;
  three.read_threads = 3;
  const ReadResult a = ReadWith({dir.string()}, one), b = ReadWith({dir.string()}, three);
  EXPECT_TRUE(a.status.ok()) << a.status;
  EXPECT_TRUE(b.status.ok()) << b.status;
  ASSERT_GT(a.docs.size(), 1000u);
  ASSERT_EQ(a.docs.size(), b.docs.size());
  for (size_t i = 0; i < a.docs.size(); ++i) {
    ASSERT_EQ(a.docs[i].id, b.docs[i].id) << i;
    ASSERT_EQ(a.docs[i].text, b.docs[i].text) << i;
    ASSERT_EQ(a.docs[i].raw, b.docs[i].raw) << i;
    ASSERT_EQ(a.docs[i].line, b.docs[i].line) << i;
    ASSERT_EQ(a.docs[i].source, b.docs[i].source) << i;
  }
  EXPECT_GT(a.malformed, 30u);
  EXPECT_EQ(a.malformed, b.malformed);
  EXPECT_EQ(a.records, b.records);
  EXPECT_EQ(a.examples, b.examples);
  EXPECT_EQ(a.enc.converted, b.enc.converted);
  EXPECT_EQ(a.enc.replaced_examples, b.enc.replaced_examples);
  EXPECT_EQ(a.enc.replaced_chars, b.enc.replaced_chars);

  // A caller that stops early (scan --html stops at its last sampled pair)
  // destroys the reader while its threads wait on full queues.
  for (int stop_after : {0, 1, 500}) {
    auto files = ExpandInputs({dir.string()});
    ASSERT_TRUE(files.ok());
    auto r = DocumentReader::Open(*files, three);
    ASSERT_TRUE(r.ok());
    Document d;
    for (int i = 0; i < stop_after && (*r)->Next(&d); ++i) EXPECT_EQ(d.id, a.docs[static_cast<size_t>(i)].id);
  }

  one.strict = three.strict = true;
  const ReadResult sa = ReadWith({dir.string()}, one), sb = ReadWith({dir.string()}, three);
  EXPECT_FALSE(sa.status.ok());
  EXPECT_EQ(sa.status, sb.status);
  EXPECT_EQ(sa.docs.size(), sb.docs.size());
}


ReadResult ReadFiles(const std::vector<InputFile>& files, ReaderOptions opt) {
  ReadResult r;
  auto reader = DocumentReader::Open(files, opt);
  EXPECT_TRUE(reader.ok()) << reader.status();
  Document d;
  while ((*reader)->Next(&d)) r.docs.push_back(d);
  r.status = (*reader)->status();
  r.malformed = (*reader)->malformed_records();
  r.examples = (*reader)->error_examples();
  r.enc = (*reader)->encodings();
  r.records = (*reader)->records();
  return r;
}

// A big .jsonl file cut into pieces and read by three threads reads as the
// whole file does: the same documents with the same ids ("FILE:LINE" where
// a record has none) and lines, the same errors at the same lines.
TEST(SplitForReadingTest, PiecesOfOneFileReadAsTheWholeFile) {
  fs::path dir = testing::MakeTempDir("io-split");
  const char* seeds[5] = {"000", "001", "002", "003", "004"};
  std::string content;
  for (int i = 0; i < 400; ++i) {
    const std::string text = Prefix(testing::ReadFile(testing::SeedPath(seeds[i % 5])), 200 + 7 * i);
    if (i % 3 == 0) {
      content += "{\"text\":";  // no id
      base::AppendJsonString(text, &content);
      content += "}\n";
    } else {
      content += JsonLine(absl::StrCat("d", i), text);
    }
    if (i % 41 == 7) content += "{\"id\":\"broken\",\"text\":\n";
    if (i % 53 == 9) content += "{\"id\":\"bad-utf8\",\"text\":\"a\xff" "b\"}\n";
    if (i % 67 == 11) content += "\n";  // a blank line is no record but still a line
  }
  testing::WriteFile(dir / "big.jsonl", content);
  testing::WriteFile(dir / "small.jsonl", JsonLine("", "小文件"));
  testing::WriteFile(dir / "zipped.jsonl", content.substr(0, 20000));
  Compress(dir / "zipped.jsonl", "zstd");
  fs::remove(dir / "zipped.jsonl");
  auto files = ExpandInputs({dir.string()});
  ASSERT_TRUE(files.ok()) << files.status();
  ASSERT_EQ(files->size(), 3u);

  auto split = SplitForReading(*files, 8192, 3);
  ASSERT_TRUE(split.ok()) << split.status();
  // big.jsonl in pieces of 8 KiB to 12 KiB that start at line starts and
  // tile the file; the compressed and the small file whole.
  size_t pieces = 0;
  uint64_t next = 0;
  for (const InputFile& f : *split) {
    if (!f.piece) {
      EXPECT_EQ(f.display.find("big.jsonl"), std::string::npos) << f.display;
      continue;
    }
    ++pieces;
    EXPECT_EQ(f.offset, next);
    EXPECT_TRUE(f.offset == 0 || content[f.offset - 1] == '\n') << f.offset;
    EXPECT_EQ(f.first_line, 1 + static_cast<uint64_t>(std::count(content.begin(), content.begin() + static_cast<long>(f.offset), '\n')));
    next = f.offset + f.size;
  }
  EXPECT_EQ(next, content.size());
  EXPECT_GT(pieces, content.size() / 12288);
  EXPECT_EQ(split->size(), pieces + 2);

  ReaderOptions one, three;
  three.read_threads = 3;
  const ReadResult a = ReadFiles(*files, one), b = ReadFiles(*split, three), b1 = ReadFiles(*split, one);
  ASSERT_EQ(b1.docs.size(), a.docs.size());
  for (size_t i = 0; i < a.docs.size(); ++i) ASSERT_EQ(a.docs[i].id, b1.docs[i].id) << i;
  EXPECT_EQ(a.examples, b1.examples);
  EXPECT_TRUE(a.status.ok()) << a.status;
  EXPECT_TRUE(b.status.ok()) << b.status;
  ASSERT_GT(a.docs.size(), 400u);
  ASSERT_EQ(a.docs.size(), b.docs.size());
  size_t unnamed = 0;
  for (size_t i = 0; i < a.docs.size(); ++i) {
    ASSERT_EQ(a.docs[i].id, b.docs[i].id) << i;
    ASSERT_EQ(a.docs[i].text, b.docs[i].text) << i;
    ASSERT_EQ(a.docs[i].line, b.docs[i].line) << i;
    unnamed += a.docs[i].id.find("big.jsonl:") != std::string::npos ? 1 : 0;
  }
  EXPECT_GT(unnamed, 100u);
  EXPECT_GT(a.malformed, 8u);
  EXPECT_EQ(a.malformed, b.malformed);
  EXPECT_EQ(a.records, b.records);
  EXPECT_EQ(a.examples, b.examples);
  EXPECT_EQ(a.enc.replaced_examples, b.enc.replaced_examples);

  // The second of two ranks' shares (ShareInputs): the second half of
  // big.jsonl, from its own first line, is cut the same way.
  auto share = ShareInputs(*files, 1, 2);
  ASSERT_TRUE(share.ok()) << share.status();
  ASSERT_TRUE((*share)[0].piece);
  const uint64_t at = (*share)[0].offset;
  ASSERT_GT(at, content.size() / 3);
  (*share)[0].first_line = 1 + static_cast<uint64_t>(std::count(content.begin(), content.begin() + static_cast<long>(at), '\n'));
  auto resplit = SplitForReading(*share, 8192, 2);
  ASSERT_TRUE(resplit.ok()) << resplit.status();
  ASSERT_GT(resplit->size(), share->size() + 4);
  EXPECT_EQ((*resplit)[0].offset, at);
  const ReadResult c = ReadFiles(*share, one), d = ReadFiles(*resplit, three);
  ASSERT_GT(c.docs.size(), 100u);
  ASSERT_EQ(c.docs.size(), d.docs.size());
  EXPECT_NE(c.docs[0].id, a.docs[0].id);
  for (size_t i = 0; i < c.docs.size(); ++i) {
    ASSERT_EQ(c.docs[i].id, d.docs[i].id) << i;
    ASSERT_EQ(c.docs[i].line, d.docs[i].line) << i;
    ASSERT_EQ(c.docs[i].text, d.docs[i].text) << i;
  }
  EXPECT_EQ(c.docs.back().id, a.docs.back().id);
  EXPECT_EQ(c.examples, d.examples);

  // Pieces whose first lines are left to the caller: a reader of one
  // thread or three gives each piece's lines, and SetFirstLines makes them
  // the counted first lines.
  for (const auto& [whole, counted] : {std::pair(&*files, &*split), std::pair(&*share, &*resplit)}) {
    auto uncounted = SplitForReading(*whole, 8192, 3, false);
    ASSERT_TRUE(uncounted.ok()) << uncounted.status();
    ASSERT_EQ(uncounted->size(), counted->size());
    for (const ReaderOptions& o : {one, three}) {
      auto reader = DocumentReader::Open(*uncounted, o);
      ASSERT_TRUE(reader.ok()) << reader.status();
      Document doc;
      while ((*reader)->Next(&doc)) {
      }
      ASSERT_EQ((*reader)->lines().size(), counted->size());
      std::vector<InputFile> filled = *uncounted;
      SetFirstLines((*reader)->lines(), &filled);
      for (size_t i = 0; i < counted->size(); ++i) {
        EXPECT_EQ(filled[i].first_line, (*counted)[i].first_line) << i;
        EXPECT_EQ(filled[i].offset, (*counted)[i].offset) << i;
      }
    }
  }
}

// The reader takes simdjson's UTF-8 validator for text and WET bodies
// (charset.cc) and base::IsValidUtf8 elsewhere: they must say the same of
// every string. Random strings over the bytes where UTF-8 goes wrong
// (continuation bytes, overlong leads C0/C1/E0/F0, surrogates ED A0..,
// F4 90.., F5..FF), cut anywhere, and real text.
TEST(IoTest, Utf8ValidatorsAgree) {
  const unsigned char bytes[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2,
                                 0xDF, 0xE0, 0xE4, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF};
  std::mt19937 rng(5);
  size_t valid = 0;
  for (int trial = 0; trial < 200000; ++trial) {
    std::string s;
    const size_t len = rng() % 40;
    for (size_t i = 0; i < len; ++i) s.push_back(static_cast<char>(bytes[rng() % sizeof(bytes)]));
    if (trial % 3 == 0) s = "汉字" + s + "。";
    const bool ours = base::IsValidUtf8(s);
    valid += ours ? 1 : 0;
    ASSERT_EQ(ours, simdjson::validate_utf8(s.data(), s.size())) << absl::CHexEscape(s);
  }
  EXPECT_GT(valid, 1000u);
  const std::string page = testing::ReadFile(testing::SeedPath("002"));
  EXPECT_TRUE(simdjson::validate_utf8(page.data(), page.size()));
  for (size_t cut = 1; cut < 12; ++cut) {
    const std::string cut_page = page.substr(0, page.size() - cut);
    EXPECT_EQ(base::IsValidUtf8(cut_page), simdjson::validate_utf8(cut_page.data(), cut_page.size())) << cut;
  }
}

}  // namespace
}  // namespace dedup::io
