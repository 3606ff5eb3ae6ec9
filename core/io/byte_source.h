// Copyright 2026 The dedup Authors.
//
// ByteSource: the decompressed bytes of one input file, pulled in chunks
// (plain, gzip with any number of members, zstd with any number of frames),
// and LineReader, which cuts them into lines or exact-length pieces with a
// buffer that grows only to the longest line. Internal to core/io.
#ifndef DEDUP_CORE_IO_BYTE_SOURCE_H_
#define DEDUP_CORE_IO_BYTE_SOURCE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/io/reader.h"

namespace dedup::io {

// Not thread-safe.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `buf`; returns 0 at the end of the data. On an
  // error returns 0 and status() says "FILE: reason".
  virtual size_t Read(char* buf, size_t n) = 0;
  virtual const absl::Status& status() const = 0;
  // Bytes of the underlying (compressed) file consumed so far.
  virtual uint64_t consumed() const = 0;
  // Whether the failure in status() is damaged compressed data (a truncated
  // or corrupt gzip/zstd stream), which a reader may skip, rather than an
  // I/O error, which it may not.
  virtual bool damaged() const { return false; }
};

// Opens `file.path`, decompressing by `file.compression`; errors name
// `file.display`. With `ahead`, a compressed file is decompressed on a
// thread of its own, a few MiB ahead of the caller (ReaderOptions::
// decompress_ahead); the bytes, status and errors are the same.
absl::StatusOr<std::unique_ptr<ByteSource>> OpenByteSource(const InputFile& file, bool ahead = false);

// Wraps an already open descriptor (not owned; e.g. standard input) as a
// plain ByteSource named `name`.
std::unique_ptr<ByteSource> FdByteSource(int fd, std::string name);

// Lines and exact-length reads over a ByteSource. Memory: one buffer of
// max(longest line, 1 MiB) + kPadding bytes. Not thread-safe.
class LineReader {
 public:
  // Every view ReadLine() returns is followed by at least this many readable
  // bytes (the simdjson padding requirement); their content is unspecified.
  static constexpr size_t kPadding = 64;

  explicit LineReader(std::unique_ptr<ByteSource> src);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Sets `*line` to the next line without its '\n'; the view stays valid until
  // the next call. Returns false at the end of input (or on a read error:
  // check status()). A last line without '\n' is returned too.
  bool ReadLine(std::string_view* line);
  // Appends up to `n` bytes to `*out`; returns how many (fewer only at the end
  // of input or on an error).
  size_t ReadExact(size_t n, std::string* out);
  const absl::Status& status() const { return src_->status(); }
  bool damaged() const { return src_->damaged(); }
  uint64_t consumed() const { return src_->consumed(); }

 private:
  // Moves unread bytes to the front and reads more; false when nothing came.
  bool Fill();
  std::unique_ptr<ByteSource> src_;
  char* buf_ = nullptr;
  size_t cap_ = 0;    // allocated bytes, including kPadding
  size_t begin_ = 0;  // first unread byte
  size_t end_ = 0;    // one past the last valid byte
  bool eof_ = false;
};

}  // namespace dedup::io

#endif  // DEDUP_CORE_IO_BYTE_SOURCE_H_
