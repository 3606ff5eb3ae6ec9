// Copyright 2026 The dedup Authors.
//
// gzip input and output byte for byte. Input: members of every size and level (stored blocks
// included) as parallel compressors and Common Crawl write them, read in
// steps of every size; a zlib stream under a .gz name; and damage (a cut
// anywhere, a wrong checksum) that keeps what came before and says what
// happened. Output: one gzip member deflated on any number of threads, the
// same bytes for any number, read back by our reader, by gzip(1) and by a
// reader of one member only.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/io/byte_source.h"
#include "core/io/writer.h"
#include "tests/testing/testing.h"

namespace dedup::io {
namespace {

namespace fs = std::filesystem;

// `data` deflated at `level` with a gzip wrapper (windowBits 31) or a zlib
// one (15).
std::string Deflate(const std::string& data, int level, int window_bits) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, data.size()) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// Reads `path` as a .gz input, `step` bytes per Read(); *status is the
// source's status at the end.
// With `ahead`, the file is inflated on a thread of its own ahead of the
// reads (ReaderOptions::decompress_ahead).
std::string ReadGz(const fs::path& path, size_t step, absl::Status* status, bool* damaged = nullptr,
                   bool ahead = false) {
  InputFile f;
  f.path = f.display = path.string();
  f.compression = Compression::kGzip;
  auto src = OpenByteSource(f, ahead);
  EXPECT_TRUE(src.ok()) << src.status();
  std::string out, buf(step, '\0');
  for (size_t got; (got = (*src)->Read(buf.data(), step)) > 0;) out.append(buf.data(), got);
  *status = (*src)->status();
  if (damaged != nullptr) *damaged = (*src)->damaged();
  return out;
}

std::string CrawlText(size_t bytes) {
  std::string text;
  const char* seeds[5] = {"000", "001", "002", "003", "004"};
  for (int i = 0; text.size() < bytes; ++i) text += testing::ReadFile(testing::SeedPath(seeds[i % 5]));
  text.resize(bytes);
  return text;
}

// Text cut into gzip members of sizes drawn from `sizes`, each at a level
// from 0 (stored blocks) to 9.
std::string Members(const std::string& text, const std::vector<size_t>& sizes, std::mt19937* rng,
                    size_t* members) {
  std::string gz;
  *members = 0;
  for (size_t at = 0; at < text.size(); ++*members) {
    const size_t n = std::min(sizes[(*rng)() % sizes.size()], text.size() - at);
    gz += Deflate(text.substr(at, n), static_cast<int>((*rng)() % 10), 31);
    at += n;
  }
  return gz;
}

TEST(GzipTest, MembersOfEverySizeReadInStepsOfEverySize) {
  const fs::path dir = testing::MakeTempDir("gzip-members");
  const std::string text = CrawlText(3 << 20);
  std::mt19937 rng(7);
  size_t members = 0;
  testing::WriteFile(dir / "m.jsonl.gz", Members(text, {0, 1, 2, 17, 1000, 5000, 65536, 300000}, &rng, &members));
  ASSERT_GT(members, 40u);
  for (size_t step : {7u, 4096u, 1u << 20, 8u << 20}) {
    for (bool ahead : {false, true}) {
      absl::Status st;
      EXPECT_EQ(ReadGz(dir / "m.jsonl.gz", step, &st, nullptr, ahead), text) << step << " " << ahead;
      EXPECT_TRUE(st.ok()) << st;
    }
  }
  // A byte at a time, over small members.
  const std::string head = text.substr(0, 200000);
  testing::WriteFile(dir / "h.jsonl.gz", Members(head, {0, 1, 50, 3000}, &rng, &members));
  absl::Status st;
  EXPECT_EQ(ReadGz(dir / "h.jsonl.gz", 1, &st), head);
  EXPECT_TRUE(st.ok()) << st;
  // A zlib stream under a .gz name, and an empty file.
  testing::WriteFile(dir / "z.jsonl.gz", Deflate(text, 6, 15));
  EXPECT_EQ(ReadGz(dir / "z.jsonl.gz", 1 << 16, &st), text);
  EXPECT_TRUE(st.ok()) << st;
  testing::WriteFile(dir / "empty.jsonl.gz", "");
  EXPECT_EQ(ReadGz(dir / "empty.jsonl.gz", 1 << 16, &st), "");
  EXPECT_TRUE(st.ok()) << st;
}

TEST(GzipTest, DamageKeepsWhatCameBeforeAndSaysWhat) {
  const fs::path dir = testing::MakeTempDir("gzip-damage");
  const std::string text = CrawlText(600000);
  const std::string first = Deflate(text.substr(0, 200000), 6, 31), second = Deflate(text.substr(200000), 9, 31);
  const std::string gz = first + second;
  std::mt19937 rng(11);
  // Cut anywhere in the second member (its header, its blocks, its
  // trailer): the first member's text comes out whole, then the error.
  for (int trial = 0; trial < 40; ++trial) {
    const size_t cut = first.size() + 1 + rng() % (second.size() - 1);
    testing::WriteFile(dir / "cut.jsonl.gz", gz.substr(0, cut));
    absl::Status st;
    bool damaged = false;
    // Every other cut read ahead, on a thread of its own: the same.
    const std::string out = ReadGz(dir / "cut.jsonl.gz", 1 << 16, &st, &damaged, trial % 2 == 1);
    ASSERT_FALSE(st.ok()) << cut;
    EXPECT_TRUE(damaged);
    EXPECT_EQ(st.message(), (dir / "cut.jsonl.gz").string() + ": truncated gzip stream") << cut;
    ASSERT_GE(out.size(), 200000u) << cut;
    EXPECT_LT(out.size(), text.size()) << cut;
    EXPECT_EQ(out, text.substr(0, out.size())) << cut;
  }
  // The same for a zlib stream under a .gz name (zlib's engine).
  const std::string z = Deflate(text, 6, 15);
  for (int trial = 0; trial < 10; ++trial) {
    const size_t cut = 2 + rng() % (z.size() - 2);
    testing::WriteFile(dir / "zcut.jsonl.gz", z.substr(0, cut));
    absl::Status st;
    const std::string out = ReadGz(dir / "zcut.jsonl.gz", 1 << 16, &st);
    EXPECT_EQ(st.message(), (dir / "zcut.jsonl.gz").string() + ": truncated gzip stream") << cut;
    EXPECT_EQ(out, text.substr(0, out.size())) << cut;
  }
  // A cut between members is a whole file of one member.
  testing::WriteFile(dir / "one.jsonl.gz", first);
  absl::Status st;
  EXPECT_EQ(ReadGz(dir / "one.jsonl.gz", 1 << 16, &st), text.substr(0, 200000));
  EXPECT_TRUE(st.ok()) << st;
  // A wrong checksum in the first member's trailer, and bytes that are no
  // deflate data, are corrupt.
  std::string bad_crc = gz;
  bad_crc[first.size() - 8] ^= 0x01;
  testing::WriteFile(dir / "crc.jsonl.gz", bad_crc);
  bool damaged = false;
  ReadGz(dir / "crc.jsonl.gz", 1 << 16, &st, &damaged);
  EXPECT_EQ(st.message(), (dir / "crc.jsonl.gz").string() + ": corrupt gzip stream");
  EXPECT_TRUE(damaged);
  testing::WriteFile(dir / "junk.jsonl.gz", first + "this is not gzip at all, just text");
  EXPECT_EQ(ReadGz(dir / "junk.jsonl.gz", 1 << 16, &st), text.substr(0, 200000));
  EXPECT_EQ(st.message(), (dir / "junk.jsonl.gz").string() + ": corrupt gzip stream");
}

// `data` fed in `pieces` writes through an AtomicFileWriter to a .gz file
// deflated on `threads` threads; returns the file's bytes.
std::string WriteGz(const fs::path& path, const std::string& data, size_t pieces, int threads) {
  auto w = AtomicFileWriter::Create(path.string(), threads);
  EXPECT_TRUE(w.ok()) << w.status();
  for (size_t i = 0, at = 0; i < pieces; ++i) {
    const size_t end = i + 1 == pieces ? data.size() : data.size() * (i + 1) / pieces;
    EXPECT_TRUE((*w)->Write(std::string_view(data).substr(at, end - at)).ok());
    at = end;
  }
  EXPECT_TRUE((*w)->Commit().ok());
  return testing::ReadFile(path);
}

const std::string kEmpty;

TEST(GzipTest, OutputIsTheSameForAnyThreadsAndReadsBack) {
  const fs::path dir = testing::MakeTempDir("gzip-out");
  const std::string text = CrawlText(5 << 20);  // five pieces and a bit
  const std::string one = WriteGz(dir / "a.jsonl.gz", text, 1, 0);
  EXPECT_GT(one.size(), text.size() / 10);
  EXPECT_LT(one.size(), text.size() / 2);
  for (int threads : {1, 3, 8})
    for (size_t pieces : {1u, 7u, 3000u})
      EXPECT_EQ(WriteGz(dir / "b.jsonl.gz", text, pieces, threads), one) << threads << " " << pieces;
  absl::Status st;
  EXPECT_EQ(ReadGz(dir / "a.jsonl.gz", 1 << 20, &st), text);
  EXPECT_TRUE(st.ok()) << st;
  // gzip(1) reads the members as one file.
  int code = 0;
  testing::RunCommand("gzip -dc " + (dir / "a.jsonl.gz").string() + " > " + (dir / "a.plain").string(), &code);
  EXPECT_EQ(code, 0);
  EXPECT_EQ(testing::ReadFile(dir / "a.plain"), text);
  // An empty stream is one empty member, still a gzip file.
  const std::string empty = WriteGz(dir / "e.jsonl.gz", "", 1, 2);
  EXPECT_FALSE(empty.empty());
  EXPECT_EQ(ReadGz(dir / "e.jsonl.gz", 1 << 16, &st), "");
  EXPECT_TRUE(st.ok()) << st;
  testing::RunCommand("gzip -t " + (dir / "e.jsonl.gz").string(), &code);
  EXPECT_EQ(code, 0);
  // Input that does not compress (random bytes) fits its pieces.
  std::string noise_bytes(3 << 20, '\0');
  std::mt19937_64 rng(3);
  for (char& c : noise_bytes) c = static_cast<char>(rng());
  const std::string& noise = noise_bytes;
  const std::string n = WriteGz(dir / "n.jsonl.gz", noise, 5, 2);
  EXPECT_GT(n.size(), noise.size());
  EXPECT_EQ(ReadGz(dir / "n.jsonl.gz", 1 << 20, &st), noise);
  EXPECT_TRUE(st.ok()) << st;
  // One member: zlib's inflate, which stops at the end of the first
  // member, gives the whole text and uses every byte.
  for (const auto& [gz, want] : {std::pair(&one, &text), std::pair(&n, &noise), std::pair(&empty, &kEmpty)}) {
    z_stream z{};
    ASSERT_EQ(inflateInit2(&z, 31), Z_OK);
    std::string out(want->size() + 1, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz->data()));
    z.avail_in = static_cast<uInt>(gz->size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
    EXPECT_EQ(z.avail_in, 0u);
    out.resize(z.total_out);
    EXPECT_TRUE(out == *want) << out.size() << " of " << want->size();
    inflateEnd(&z);
  }
}

}  // namespace
}  // namespace dedup::io
