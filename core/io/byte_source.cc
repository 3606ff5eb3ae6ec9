// Copyright 2026 The dedup Authors.
#include "core/io/byte_source.h"

#include <fcntl.h>
#include <isa-l/igzip_lib.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"

namespace dedup::io {
namespace {

// Read size of every layer: large enough that syscalls and inflate/zstd call
// overheads vanish, small enough to stay in L2 on the way through.
constexpr size_t kChunk = 1 << 20;

class FdSource : public ByteSource {
 public:
  FdSource(int fd, std::string name, bool owned, uint64_t limit = UINT64_MAX)
      : fd_(fd), name_(std::move(name)), owned_(owned), remaining_(limit) {}
  ~FdSource() override {
    if (owned_) ::close(fd_);
  }
  size_t Read(char* buf, size_t n) override {
    if (!status_.ok()) return 0;
    n = static_cast<size_t>(std::min<uint64_t>(n, remaining_));
    if (n == 0) return 0;
    for (;;) {
      const ssize_t got = ::read(fd_, buf, n);
      if (got >= 0) {
        consumed_ += static_cast<uint64_t>(got);
        remaining_ -= static_cast<uint64_t>(got);
        return static_cast<size_t>(got);
      }
      if (errno == EINTR) continue;
      status_ = absl::DataLossError(absl::StrCat(name_, ": read error: ", std::strerror(errno)));
      return 0;
    }
  }
  const absl::Status& status() const override { return status_; }
  uint64_t consumed() const override { return consumed_; }

 private:
  int fd_;
  std::string name_;
  bool owned_;
  uint64_t remaining_;  // bytes this source may still read (a piece of a file)
  absl::Status status_;
  uint64_t consumed_ = 0;
};

// What the decompressing sources share: the compressed source below them, the
// name errors carry, and a sticky failure.
class DecompressingSource : public ByteSource {
 public:
  const absl::Status& status() const override { return status_; }
  uint64_t consumed() const override { return raw_->consumed(); }

 protected:
  DecompressingSource(std::unique_ptr<ByteSource> raw, std::string name) : raw_(std::move(raw)), name_(std::move(name)) {}
  // Records "NAME: why" as the status; returns 0 (no bytes) for Read().
  // `io`: the compressed file could not be read (not damaged data).
  size_t Fail(absl::string_view why, bool io = false) {
    failed_ = true;
    io_error_ = io;
    status_ = absl::DataLossError(absl::StrCat(name_, ": ", why));
    return 0;
  }

 public:
  bool damaged() const override { return failed_ && !io_error_; }

 protected:
  std::unique_ptr<ByteSource> raw_;
  bool failed_ = false;
  bool io_error_ = false;

 private:
  std::string name_;
  absl::Status status_;
};

// gzip (or zlib) with any number of members: Common Crawl's .warc.wet.gz holds
// one member per record, so each member's end is followed by a reset.
// gzip is inflated by ISA-L (igzip), about twice as fast as zlib here
// (0.29 s against 0.6 s for 200 MB of crawl), which counts three times
// over, since every pass reads the input again; a stream that does not
// start with gzip's magic bytes (zlib's format) goes to zlib.
class GzipSource : public DecompressingSource {
 public:
  GzipSource(std::unique_ptr<ByteSource> raw, std::string name)
      : DecompressingSource(std::move(raw), std::move(name)), in_(kChunk + kSlack) {
    std::memset(&z_, 0, sizeof(z_));
  }
  ~GzipSource() override {
    if (engine_ == Engine::kZlib) inflateEnd(&z_);
  }
  size_t Read(char* buf, size_t n) override {
    if (failed_ || done_ || n == 0) return 0;
    if (engine_ == Engine::kUndecided && !Decide()) return 0;
    return engine_ == Engine::kIsal ? Pump(Isal{&isal_}, buf, n) : Pump(Zlib{&z_}, buf, n);
  }

 private:
  enum class Engine { kUndecided, kIsal, kZlib };
  // Readable bytes past the compressed data in in_, should an inflater's
  // bit reader load a word beyond its last byte.
  static constexpr size_t kSlack = 64;

  // Reads the next compressed bytes into in_ from `at` on; false at the end
  // (raw_eof_ set) or on an error (Fail()ed).
  bool Refill(size_t at, size_t* got) {
    *got = raw_->Read(in_.data() + at, kChunk - at);
    if (!raw_->status().ok()) {
      Fail(raw_->status().message(), /*io=*/true);
      return false;
    }
    if (*got == 0) raw_eof_ = true;
    return *got > 0;
  }

  // Picks the engine by the first two bytes; false when there is nothing
  // to read (done) or on an error.
  bool Decide() {
    // The first read all but always brings more than two bytes; a source
    // that gives fewer is read on into the same buffer.
    size_t got = 0;
    while (got < 2 && !raw_eof_) {
      size_t more = 0;
      if (!Refill(got, &more) && failed_) return false;
      got += more;
    }
    if (got == 0) {
      done_ = true;
      return false;
    }
    const auto* b = reinterpret_cast<const unsigned char*>(in_.data());
    if (got >= 2 && b[0] == 0x1F && b[1] == 0x8B) {
      engine_ = Engine::kIsal;
      isal_inflate_init(&isal_);
      isal_.crc_flag = ISAL_GZIP;
      Isal{&isal_}.SetIn(in_.data(), got);
      return true;
    }
    if (inflateInit2(&z_, 15 + 32) != Z_OK) {
      Fail("cannot initialise zlib");
      return false;
    }
    engine_ = Engine::kZlib;
    Zlib{&z_}.SetIn(in_.data(), got);
    return true;
  }

  // What one call of an engine did.
  enum class Step { kGoOn, kMemberEnd, kCorrupt };

  // The two engines behind one loop: their input and output windows (zlib
  // and ISA-L name the fields alike), and a step each.
  template <class S>
  struct Windows {
    S* s;
    auto avail_in() const { return s->avail_in; }
    auto avail_out() const { return s->avail_out; }
    void SetIn(char* p, size_t n) {
      s->next_in = reinterpret_cast<decltype(s->next_in)>(p);
      s->avail_in = static_cast<decltype(s->avail_in)>(n);
    }
    auto SetOut(char* p, size_t n) {
      using Avail = decltype(s->avail_out);
      s->next_out = reinterpret_cast<decltype(s->next_out)>(p);
      return s->avail_out = static_cast<Avail>(std::min<size_t>(n, std::numeric_limits<Avail>::max()));
    }
  };
  struct Isal : Windows<inflate_state> {
    Step Run() {
      if (isal_inflate(s) < 0) return Step::kCorrupt;
      if (s->block_state != ISAL_BLOCK_FINISH) return Step::kGoOn;
      // The member's bytes are consumed up to its trailer; what follows is
      // the next member's.
      isal_inflate_reset(s);
      s->crc_flag = ISAL_GZIP;
      s->total_out = 0;  // the trailer's size check and back-references are per member
      return Step::kMemberEnd;
    }
  };
  struct Zlib : Windows<z_stream> {
    Step Run() {
      // Z_BUF_ERROR: no progress possible now (more input is needed, or
      // output pending from a back-reference cut by a full buffer drains
      // on the next call).
      const int r = inflate(s, Z_NO_FLUSH);
      if (r == Z_STREAM_END) {
        inflateReset(s);
        return Step::kMemberEnd;
      }
      return r == Z_OK || r == Z_BUF_ERROR ? Step::kGoOn : Step::kCorrupt;
    }
  };

  // Fills `buf` from the members, any number of them; a stream cut inside
  // a member is truncated once the engine can make no more progress.
  template <class E>
  size_t Pump(E e, char* buf, size_t n) {
    const auto want = e.SetOut(buf, n);
    while (e.avail_out() == want) {
      if (e.avail_in() == 0 && !raw_eof_) {
        size_t got = 0;
        if (!Refill(0, &got) && failed_) return 0;
        e.SetIn(in_.data(), got);
      }
      if (e.avail_in() == 0 && raw_eof_ && !in_member_) {
        done_ = true;
        break;
      }
      in_member_ = true;
      const auto in_before = e.avail_in(), out_before = e.avail_out();
      switch (e.Run()) {
        case Step::kMemberEnd:
          in_member_ = false;
          break;
        case Step::kCorrupt:
          return Fail("corrupt gzip stream");
        case Step::kGoOn:
          if (raw_eof_ && e.avail_in() == 0 && e.avail_out() == want) return Fail("truncated gzip stream");
          // An engine that took no input and gave no output while it had
          // both would be asked again forever.
          if (e.avail_in() == in_before && in_before > 0 && e.avail_out() == out_before)
            return Fail("corrupt gzip stream");
          break;
      }
    }
    return want - e.avail_out();
  }

  std::vector<char> in_;
  Engine engine_ = Engine::kUndecided;
  inflate_state isal_;
  z_stream z_;
  bool done_ = false, raw_eof_ = false, in_member_ = false;
};

// zstd with any number of frames.
class ZstdSource : public DecompressingSource {
 public:
  ZstdSource(std::unique_ptr<ByteSource> raw, std::string name)
      : DecompressingSource(std::move(raw), std::move(name)), in_(ZSTD_DStreamInSize()), dctx_(ZSTD_createDCtx()) {
    if (dctx_ == nullptr) Fail("cannot initialise zstd");
  }
  ~ZstdSource() override { ZSTD_freeDCtx(dctx_); }
  size_t Read(char* buf, size_t n) override {
    if (failed_ || n == 0) return 0;
    ZSTD_outBuffer out{buf, n, 0};
    while (out.pos == 0) {
      // A call that filled the whole output buffer may have left decoded
      // bytes inside the context: call again before asking for more input.
      if (in_pos_ == in_size_ && !may_have_more_) {
        in_size_ = raw_->Read(in_.data(), in_.size());
        in_pos_ = 0;
        if (!raw_->status().ok()) return Fail(raw_->status().message(), /*io=*/true);
        if (in_size_ == 0) return frame_open_ ? Fail("truncated zstd stream") : 0;
      }
      ZSTD_inBuffer in{in_.data(), in_size_, in_pos_};
      const size_t r = ZSTD_decompressStream(dctx_, &out, &in);
      in_pos_ = in.pos;
      if (ZSTD_isError(r)) return Fail(absl::StrCat("corrupt zstd stream (", ZSTD_getErrorName(r), ")"));
      frame_open_ = r != 0;
      may_have_more_ = out.pos == out.size;
    }
    return out.pos;
  }

 private:
  std::vector<char> in_;
  size_t in_size_ = 0, in_pos_ = 0;
  ZSTD_DCtx* dctx_;
  bool frame_open_ = false, may_have_more_ = false;
};

// A source read on a thread of its own, up to kAheadChunks chunks of
// kAheadBytes ahead of the caller: decompression then runs beside the JSON
// parsing instead of before it. A single compressed file is read by one
// thread whatever the workers, so on many cores that thread is the ceiling
// of every pass (bench/io_bench.cc, BM_ReadFile). Bytes, the status and
// consumed() reach the caller in the order the inner source gave them: an
// error shows only after the bytes read before it.
class AheadSource : public ByteSource {
 public:
  explicit AheadSource(std::unique_ptr<ByteSource> inner) : inner_(std::move(inner)) {
    for (auto& c : chunks_) free_.push_back(&c);
    thread_ = std::thread([this] { Produce(); });
  }
  ~AheadSource() override {
    {
      std::lock_guard<std::mutex> l(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  size_t Read(char* buf, size_t n) override {
    if (n == 0) return 0;
    if (cur_ == nullptr || pos_ == cur_->size) {
      std::unique_lock<std::mutex> l(mu_);
      if (cur_ != nullptr) {
        free_.push_back(cur_);
        cur_ = nullptr;
        cv_.notify_all();
      }
      cv_.wait(l, [&] { return !full_.empty() || done_; });
      if (full_.empty()) {  // the inner source ended: its last word
        status_ = end_status_;
        damaged_ = end_damaged_;
        consumed_ = end_consumed_;
        return 0;
      }
      cur_ = full_.front();
      full_.pop_front();
      pos_ = 0;
      consumed_ = cur_->consumed;
    }
    n = std::min(n, cur_->size - pos_);
    std::memcpy(buf, cur_->data.data() + pos_, n);
    pos_ += n;
    return n;
  }
  const absl::Status& status() const override { return status_; }
  uint64_t consumed() const override { return consumed_; }
  bool damaged() const override { return damaged_; }

 private:
  // 2 MiB ahead in all; chunks of 1 MiB made the decompressing thread
  // slower (bench/README.md, seventeenth session).
  static constexpr size_t kAheadChunks = 8;
  static constexpr size_t kAheadBytes = 256 << 10;
  struct Chunk {
    std::vector<char> data;
    size_t size = 0;
    uint64_t consumed = 0;  // the inner source's consumed() once this chunk was read
  };

  void Produce() {
    for (;;) {
      Chunk* c = nullptr;
      {
        std::unique_lock<std::mutex> l(mu_);
        cv_.wait(l, [&] { return !free_.empty() || stop_; });
        if (stop_) return;
        c = free_.back();
        free_.pop_back();
      }
      c->data.resize(kAheadBytes);
      c->size = 0;
      bool end = false;
      while (c->size < kAheadBytes) {
        const size_t got = inner_->Read(c->data.data() + c->size, kAheadBytes - c->size);
        if (got == 0) {
          end = true;
          break;
        }
        c->size += got;
      }
      c->consumed = inner_->consumed();
      {
        std::lock_guard<std::mutex> l(mu_);
        if (c->size > 0) {
          full_.push_back(c);
        } else {
          free_.push_back(c);
        }
        if (end) {
          done_ = true;
          end_status_ = inner_->status();
          end_damaged_ = inner_->damaged();
          end_consumed_ = inner_->consumed();
        }
      }
      cv_.notify_all();
      if (end) return;
    }
  }

  std::unique_ptr<ByteSource> inner_;  // used by the thread only
  Chunk chunks_[kAheadChunks];
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Chunk*> free_;  // under mu_
  std::deque<Chunk*> full_;   // under mu_, in the order read
  bool done_ = false, stop_ = false;
  absl::Status end_status_;
  bool end_damaged_ = false;
  uint64_t end_consumed_ = 0;
  std::thread thread_;
  // The caller's side.
  Chunk* cur_ = nullptr;
  size_t pos_ = 0;
  absl::Status status_;
  bool damaged_ = false;
  uint64_t consumed_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> FdByteSource(int fd, std::string name) {
  return std::make_unique<FdSource>(fd, std::move(name), /*owned=*/false);
}

absl::StatusOr<std::unique_ptr<ByteSource>> OpenByteSource(const InputFile& file, bool ahead) {
  const std::string& name = file.display.empty() ? file.path : file.display;
  const int fd = ::open(file.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return absl::NotFoundError(absl::StrCat(name, ": No such file or directory"));
    return absl::PermissionDeniedError(absl::StrCat(name, ": ", std::strerror(errno)));
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  if (file.piece) {
    if (::lseek(fd, static_cast<off_t>(file.offset), SEEK_SET) < 0) {
      const int err = errno;
      ::close(fd);
      return absl::DataLossError(absl::StrCat(name, ": ", std::strerror(err)));
    }
    return std::unique_ptr<ByteSource>(std::make_unique<FdSource>(fd, name, /*owned=*/true, file.size));
  }
  std::unique_ptr<ByteSource> raw = std::make_unique<FdSource>(fd, name, /*owned=*/true);
  switch (file.compression) {
    case Compression::kNone:
      return raw;
    case Compression::kGzip:
      raw = std::make_unique<GzipSource>(std::move(raw), name);
      break;
    case Compression::kZstd:
      raw = std::make_unique<ZstdSource>(std::move(raw), name);
      break;
  }
  if (ahead) return std::unique_ptr<ByteSource>(std::make_unique<AheadSource>(std::move(raw)));
  return raw;
}

LineReader::LineReader(std::unique_ptr<ByteSource> src) : src_(std::move(src)) {}

LineReader::~LineReader() { std::free(buf_); }

bool LineReader::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buf_, buf_ + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (cap_ < end_ + kChunk + kPadding) {
    // Grows only when one line outgrows the buffer: capacity doubles, so a
    // 50 MB line costs O(50 MB) copies in all. malloc/realloc, not
    // std::string, because resize() would zero-fill every chunk.
    const size_t cap = std::max(2 * cap_, end_ + kChunk + kPadding);
    char* grown = static_cast<char*>(std::realloc(buf_, cap));
    if (grown == nullptr) std::abort();
    buf_ = grown;
    cap_ = cap;
  }
  const size_t got = src_->Read(buf_ + end_, cap_ - kPadding - end_);
  end_ += got;
  if (got == 0) eof_ = true;
  return got > 0;
}

bool LineReader::ReadLine(std::string_view* line) {
  size_t scan = begin_;
  for (;;) {
    if (scan < end_) {
      const void* nl = std::memchr(buf_ + scan, '\n', end_ - scan);
      if (nl != nullptr) {
        const size_t at = static_cast<size_t>(static_cast<const char*>(nl) - buf_);
        *line = std::string_view(buf_ + begin_, at - begin_);
        begin_ = at + 1;
        return true;
      }
    }
    const size_t scanned = end_ - begin_;  // bytes known to hold no '\n'
    if (!Fill()) {
      if (!src_->status().ok()) return false;  // never hand out a cut-off line
      if (begin_ < end_) {
        *line = std::string_view(buf_ + begin_, end_ - begin_);
        begin_ = end_;
        return true;
      }
      return false;
    }
    scan = begin_ + scanned;
  }
}

size_t LineReader::ReadExact(size_t n, std::string* out) {
  size_t done = 0;
  while (done < n) {
    if (begin_ == end_) {
      // Large bodies bypass the line buffer, read in steps of at most 64 MiB
      // so that a record claiming a huge length costs only what it holds.
      if (n - done >= kChunk && !eof_) {
        const size_t step = std::min<size_t>(n - done, size_t{64} << 20);
        const size_t old = out->size();
        out->resize(old + step);
        const size_t got = src_->Read(out->data() + old, step);
        out->resize(old + got);
        if (got == 0) {
          eof_ = true;
          break;
        }
        done += got;
        continue;
      }
      if (!Fill()) break;
    }
    const size_t take = std::min(n - done, end_ - begin_);
    out->append(buf_ + begin_, take);
    begin_ += take;
    done += take;
  }
  return done;
}

}  // namespace dedup::io
