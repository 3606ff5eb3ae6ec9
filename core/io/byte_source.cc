// Copyright 2026 The dedup Authors.
#include "core/io/byte_source.h"

#include <zlib.h>
#include <zstd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"

namespace dedup::io {
namespace {

constexpr size_t kChunk = 1 << 20;

class FileSource : public ByteSource {
 public:
  explicit FileSource(FILE* f, std::string name) : f_(f), name_(std::move(name)) {}
  ~FileSource() override {
    if (f_ != nullptr) std::fclose(f_);
  }
  size_t Read(char* buf, size_t n) override {
    const size_t got = std::fread(buf, 1, n, f_);
    consumed_ += got;
    if (got == 0 && std::ferror(f_)) status_ = absl::DataLossError(absl::StrCat(name_, ": read error: ", std::strerror(errno)));
    return got;
  }
  const absl::Status& status() const override { return status_; }
  uint64_t consumed() const override { return consumed_; }

 protected:
  FILE* f_;
  std::string name_;
  absl::Status status_;
  uint64_t consumed_ = 0;
};

// gzip with any number of members (WET .gz files hold one member per record).
class GzipSource : public ByteSource {
 public:
  GzipSource(std::unique_ptr<ByteSource> raw, std::string name) : raw_(std::move(raw)), name_(std::move(name)), in_(kChunk) {
    std::memset(&z_, 0, sizeof(z_));
    ok_ = inflateInit2(&z_, 15 + 32) == Z_OK;
    if (!ok_) status_ = absl::InternalError(name_ + ": cannot initialise zlib");
  }
  ~GzipSource() override { inflateEnd(&z_); }
  size_t Read(char* buf, size_t n) override {
    if (!ok_ || done_) return 0;
    z_.next_out = reinterpret_cast<Bytef*>(buf);
    z_.avail_out = static_cast<uInt>(n);
    while (z_.avail_out == n) {
      if (z_.avail_in == 0) {
        const size_t got = raw_->Read(in_.data(), in_.size());
        if (!raw_->status().ok()) return Fail(std::string(raw_->status().message()));
        if (got == 0) {
          if (in_member_) return Fail("truncated gzip stream");
          done_ = true;
          break;
        }
        z_.next_in = reinterpret_cast<Bytef*>(in_.data());
        z_.avail_in = static_cast<uInt>(got);
      }
      in_member_ = true;
      const int r = inflate(&z_, Z_NO_FLUSH);
      if (r == Z_STREAM_END) {
        in_member_ = false;
        inflateReset(&z_);
      } else if (r != Z_OK && r != Z_BUF_ERROR) {
        return Fail("corrupt gzip stream");
      }
    }
    return n - z_.avail_out;
  }
  const absl::Status& status() const override { return status_; }
  uint64_t consumed() const override { return raw_->consumed(); }

 private:
  size_t Fail(const std::string& why) {
    ok_ = false;
    status_ = absl::DataLossError(absl::StrCat(name_, ": ", why));
    return 0;
  }
  std::unique_ptr<ByteSource> raw_;
  std::string name_;
  std::vector<char> in_;
  z_stream z_;
  bool ok_ = false, done_ = false, in_member_ = false;
  absl::Status status_;
};

class ZstdSource : public ByteSource {
 public:
  ZstdSource(std::unique_ptr<ByteSource> raw, std::string name)
      : raw_(std::move(raw)), name_(std::move(name)), in_(ZSTD_DStreamInSize()), dctx_(ZSTD_createDCtx()) {}
  ~ZstdSource() override { ZSTD_freeDCtx(dctx_); }
  size_t Read(char* buf, size_t n) override {
    if (failed_) return 0;
    ZSTD_outBuffer out{buf, n, 0};
    while (out.pos == 0) {
      if (in_pos_ == in_size_) {
        in_size_ = raw_->Read(in_.data(), in_.size());
        in_pos_ = 0;
        if (!raw_->status().ok()) return Fail(std::string(raw_->status().message()));
        if (in_size_ == 0) {
          if (last_ret_ != 0) return Fail("truncated zstd stream");
          return 0;
        }
      }
      ZSTD_inBuffer in{in_.data(), in_size_, in_pos_};
      const size_t r = ZSTD_decompressStream(dctx_, &out, &in);
      in_pos_ = in.pos;
      if (ZSTD_isError(r)) return Fail(std::string("corrupt zstd stream: ") + ZSTD_getErrorName(r));
      last_ret_ = r;
    }
    return out.pos;
  }
  const absl::Status& status() const override { return status_; }
  uint64_t consumed() const override { return raw_->consumed(); }

 private:
  size_t Fail(const std::string& why) {
    failed_ = true;
    status_ = absl::DataLossError(absl::StrCat(name_, ": ", why));
    return 0;
  }
  std::unique_ptr<ByteSource> raw_;
  std::string name_;
  std::vector<char> in_;
  size_t in_size_ = 0, in_pos_ = 0, last_ret_ = 0;
  ZSTD_DCtx* dctx_;
  bool failed_ = false;
  absl::Status status_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<ByteSource>> OpenByteSource(const InputFile& file) {
  FILE* f = std::fopen(file.path.c_str(), "rb");
  if (f == nullptr) return absl::NotFoundError(absl::StrCat(file.display, ": ", std::strerror(errno)));
  std::unique_ptr<ByteSource> raw = std::make_unique<FileSource>(f, file.display);
  switch (file.compression) {
    case Compression::kNone:
      return raw;
    case Compression::kGzip:
      return std::unique_ptr<ByteSource>(std::make_unique<GzipSource>(std::move(raw), file.display));
    case Compression::kZstd:
      return std::unique_ptr<ByteSource>(std::make_unique<ZstdSource>(std::move(raw), file.display));
  }
  return raw;
}

bool BufferedReader::Fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  const size_t old = buf_.size();
  buf_.resize(old + kChunk);
  const size_t got = src_->Read(buf_.data() + old, kChunk);
  buf_.resize(old + got);
  if (got == 0) eof_ = true;
  return got > 0;
}

bool BufferedReader::ReadLine(std::string* line) {
  size_t scan = pos_;
  for (;;) {
    const size_t nl = buf_.find('\n', scan);
    if (nl != std::string::npos) {
      line->assign(buf_, pos_, nl - pos_);
      pos_ = nl + 1;
      return true;
    }
    scan = buf_.size() - pos_;  // relative to the compacted buffer below
    if (!Fill()) {
      if (pos_ < buf_.size()) {
        line->assign(buf_, pos_, std::string::npos);
        pos_ = buf_.size();
        return true;
      }
      return false;
    }
    // Fill() moved the unread bytes to the front.
  }
}

size_t BufferedReader::ReadExact(size_t n, std::string* out) {
  out->clear();
  while (out->size() < n) {
    if (pos_ == buf_.size() && !Fill()) break;
    const size_t take = std::min(n - out->size(), buf_.size() - pos_);
    out->append(buf_, pos_, take);
    pos_ += take;
  }
  return out->size();
}

}  // namespace dedup::io
