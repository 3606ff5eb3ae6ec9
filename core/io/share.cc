// Copyright 2026 The dedup Authors.
//
// Splitting a run's inputs among ranks (reader.h: ShareInputs).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/base/find.h"
#include "core/base/status_macros.h"
#include "core/io/reader.h"

namespace dedup::io {
namespace {

// Closes a descriptor on every path.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

absl::Status OpenForRead(const InputFile& f, Fd* fd) {
  fd->fd = ::open(f.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd->fd < 0) return absl::NotFoundError(absl::StrCat(f.display, ": ", std::strerror(errno)));
  return absl::OkStatus();
}

// The first line start at or after `pos` in a file of `size` bytes: `pos`
// itself when it is 0 or follows a '\n', else one past the next '\n' (the
// file's size when there is none).
absl::StatusOr<uint64_t> LineStartAtOrAfter(const InputFile& f, uint64_t pos) {
  if (pos == 0 || pos >= f.size) return std::min(pos, f.size);
  Fd fd;
  if (absl::Status st = OpenForRead(f, &fd); !st.ok()) return st;
  std::vector<char> buf(1 << 16);
  uint64_t at = pos - 1;  // the byte before pos decides
  while (at < f.size) {
    const ssize_t got = ::pread(fd.fd, buf.data(), buf.size(), static_cast<off_t>(at));
    if (got < 0) {
      if (errno == EINTR) continue;
      return absl::DataLossError(absl::StrCat(f.display, ": read error: ", std::strerror(errno)));
    }
    if (got == 0) break;
    const char* nl = static_cast<const char*>(std::memchr(buf.data(), '\n', static_cast<size_t>(got)));
    if (nl != nullptr) return at + static_cast<uint64_t>(nl - buf.data()) + 1;
    at += static_cast<uint64_t>(got);
  }
  return f.size;
}

bool Splittable(const InputFile& f) { return f.format == Format::kJsonl && f.compression == Compression::kNone; }

}  // namespace

absl::StatusOr<std::vector<InputFile>> ShareInputs(const std::vector<InputFile>& files, int rank, int ranks) {
  if (ranks < 1 || rank < 0 || rank >= ranks) return absl::InvalidArgumentError("rank out of range");
  uint64_t total = 0;
  for (const auto& f : files) total += f.size;
  // Rank r's range of the stream is [cut(r), cut(r + 1)).
  auto cut = [&](int r) -> uint64_t {
    // floor(total * r / ranks) without overflow.
    const uint64_t n = static_cast<uint64_t>(ranks), k = static_cast<uint64_t>(r);
    return total / n * k + total % n * k / n;
  };
  const uint64_t lo = cut(rank), hi = cut(rank + 1);
  std::vector<InputFile> share;
  uint64_t start = 0;  // the file's first byte in the stream
  for (size_t i = 0; i < files.size(); ++i) {
    const InputFile& f = files[i];
    const uint64_t end = start + f.size;
    if (!Splittable(f) || f.size == 0) {
      // Whole, to the rank whose range holds its first byte (the last rank
      // for files at the very end of the stream, e.g. empty ones).
      const bool mine = (start >= lo && start < hi) || (rank == ranks - 1 && start >= hi);
      if (mine) share.push_back(f);
    } else if (start < hi && end > lo) {
      // The piece from the first line start at or after lo (within the file)
      // to the first line start at or after hi.
      uint64_t from = 0, to = f.size;
      if (lo > start) {
        auto s = LineStartAtOrAfter(f, lo - start);
        if (!s.ok()) return s.status();
        from = *s;
      }
      if (hi < end) {
        auto s = LineStartAtOrAfter(f, hi - start);
        if (!s.ok()) return s.status();
        to = *s;
      }
      if (from < to) {
        InputFile piece = f;
        piece.piece = true;
        piece.offset = from;
        piece.size = to - from;
        piece.file_index = i;
        share.push_back(std::move(piece));
      }
    }
    start = end;
  }
  return share;
}

namespace {

// The '\n' bytes in bytes [offset, offset + size) of `f`.
absl::StatusOr<uint64_t> CountNewlines(const InputFile& f, std::vector<char>* buf) {
  Fd fd;
  if (absl::Status st = OpenForRead(f, &fd); !st.ok()) return st;
  uint64_t n = 0;
  uint64_t at = f.offset;
  const uint64_t end = f.offset + f.size;
  while (at < end) {
    const ssize_t got = ::pread(fd.fd, buf->data(), static_cast<size_t>(std::min<uint64_t>(buf->size(), end - at)),
                                static_cast<off_t>(at));
    if (got < 0) {
      if (errno == EINTR) continue;
      return absl::DataLossError(absl::StrCat(f.display, ": read error: ", std::strerror(errno)));
    }
    if (got == 0) return absl::DataLossError(absl::StrCat(f.display, ": file shrank while being read"));
    n += base::CountByte(std::string_view(buf->data(), static_cast<size_t>(got)), '\n');
    at += static_cast<uint64_t>(got);
  }
  return n;
}

// CountNewlines of the pieces whose `want` is set, `threads` at a time.
absl::StatusOr<std::vector<uint64_t>> CountNewlinesOf(const std::vector<InputFile>& files,
                                                      const std::vector<bool>& want, size_t threads) {
  std::vector<uint64_t> out(files.size(), 0);
  if (std::find(want.begin(), want.end(), true) == want.end()) return out;
  std::vector<absl::Status> status(files.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    std::vector<char> buf(1 << 20);
    for (size_t i; (i = next.fetch_add(1)) < files.size();) {
      if (!want[i]) continue;
      auto n = CountNewlines(files[i], &buf);
      if (n.ok()) {
        out[i] = *n;
      } else {
        status[i] = n.status();
      }
    }
  };
  std::vector<std::thread> pool;
  for (size_t t = 1; t < std::max<size_t>(threads, 1); ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
  for (const auto& st : status)
    if (!st.ok()) return st;  // the first failing file, in input order
  return out;
}

}  // namespace

absl::StatusOr<std::vector<uint64_t>> CountPieceNewlines(const std::vector<InputFile>& share) {
  std::vector<bool> want(share.size());
  for (size_t i = 0; i < share.size(); ++i) want[i] = share[i].piece;
  return CountNewlinesOf(share, want, 1);
}

namespace {

// Whether `next` is the piece of a file that follows `prev`, so that its
// first line follows prev's lines.
bool Continues(const InputFile& prev, const InputFile& next) {
  return prev.piece && next.piece && prev.path == next.path && prev.offset + prev.size == next.offset;
}

}  // namespace

absl::StatusOr<std::vector<InputFile>> SplitForReading(const std::vector<InputFile>& files, uint64_t piece_bytes,
                                                        size_t threads, bool count_lines) {
  piece_bytes = std::max<uint64_t>(piece_bytes, 1);
  std::vector<InputFile> out;
  for (size_t i = 0; i < files.size(); ++i) {
    const InputFile& f = files[i];
    if (!Splittable(f) || f.size <= piece_bytes) {
      out.push_back(f);
      continue;
    }
    // Bytes [begin, stop) of the file: all of it, or a piece a rank was
    // given (which starts at a line start, at line f.first_line).
    const uint64_t begin = f.piece ? f.offset : 0, stop = begin + f.size;
    InputFile head = f;  // the file up to `stop`, for finding line starts
    head.piece = false;
    head.offset = 0;
    head.size = stop;
    for (uint64_t from = begin; from < stop;) {
      uint64_t to = stop;
      if (stop - from > piece_bytes + piece_bytes / 2) {  // no piece under half the size
        ASSIGN_OR_RETURN(to, LineStartAtOrAfter(head, from + piece_bytes));
      }
      InputFile piece = f;
      piece.piece = true;
      piece.offset = from;
      piece.size = to - from;
      if (!f.piece) piece.file_index = i;
      out.push_back(std::move(piece));
      from = to;
    }
  }
  if (!count_lines) return out;
  std::vector<bool> continued(out.size(), false);  // out[i + 1] continues out[i]: count out[i]'s lines
  for (size_t i = 0; i + 1 < out.size(); ++i) continued[i] = Continues(out[i], out[i + 1]);
  ASSIGN_OR_RETURN(const std::vector<uint64_t> newlines, CountNewlinesOf(out, continued, threads));
  SetFirstLines(newlines, &out);
  return out;
}

void SetFirstLines(const std::vector<uint64_t>& lines, std::vector<InputFile>* files) {
  std::vector<InputFile>& f = *files;
  for (size_t i = 1; i < f.size() && i <= lines.size(); ++i)
    if (Continues(f[i - 1], f[i])) f[i].first_line = f[i - 1].first_line + lines[i - 1];
}

}  // namespace dedup::io
