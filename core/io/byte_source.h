// Copyright 2026 The dedup Authors.
//
// ByteSource: decompressed bytes of one file, read in chunks (plain, gzip with
// any number of members, zstd), with a line/exact-length reader on top.
#ifndef DEDUP_CORE_IO_BYTE_SOURCE_H_
#define DEDUP_CORE_IO_BYTE_SOURCE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/io/reader.h"

namespace dedup::io {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `n` bytes into `buf`; returns 0 at the end. On error returns 0
  // and status() is not OK.
  virtual size_t Read(char* buf, size_t n) = 0;
  virtual const absl::Status& status() const = 0;
  // Bytes of the underlying file consumed so far.
  virtual uint64_t consumed() const = 0;
};

absl::StatusOr<std::unique_ptr<ByteSource>> OpenByteSource(const InputFile& file);

// Buffered lines and exact-length reads over a ByteSource.
class BufferedReader {
 public:
  explicit BufferedReader(std::unique_ptr<ByteSource> src) : src_(std::move(src)) {}
  // Reads one line without its '\n' into `*line`; false at the end of input.
  bool ReadLine(std::string* line);
  // Reads exactly `n` bytes (fewer at the end of input) into `*out`.
  size_t ReadExact(size_t n, std::string* out);
  const absl::Status& status() const { return src_->status(); }
  uint64_t consumed() const { return src_->consumed(); }

 private:
  bool Fill();
  std::unique_ptr<ByteSource> src_;
  std::string buf_;
  size_t pos_ = 0;
  bool eof_ = false;
};

}  // namespace dedup::io

#endif  // DEDUP_CORE_IO_BYTE_SOURCE_H_
