// Copyright 2026 The dedup Authors.
//
// gzip output on several threads, as one ordinary gzip member. The stream
// is cut every kBlockBytes of input; each piece is deflated by ISA-L
// (igzip, level 3) on a worker thread into raw deflate blocks that end on a
// byte boundary (a sync flush), with the 32 KiB of input before it as its
// dictionary, so back-references reach across pieces as in one stream. The
// pieces are written in order between one gzip header and one trailer
// (the CRC-32 and size of the whole input): gzip, zcat and every library,
// including those that read only the first member of a file, read it
// through. The bytes are the same for any thread count (with none, the
// caller's thread deflates). Internal to core/io.
#ifndef DEDUP_CORE_IO_PARALLEL_GZIP_H_
#define DEDUP_CORE_IO_PARALLEL_GZIP_H_

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/status/status.h"

namespace dedup::io {

class ParallelGzip {
 public:
  static constexpr size_t kBlockBytes = size_t{1} << 20;
  static constexpr size_t kDictBytes = size_t{32} << 10;
  // Receives the compressed bytes, in order.
  using Sink = std::function<absl::Status(std::string_view)>;

  // `name` (the output's path) starts error messages.
  ParallelGzip(int threads, std::string name, Sink sink);
  ~ParallelGzip();
  ParallelGzip(const ParallelGzip&) = delete;
  ParallelGzip& operator=(const ParallelGzip&) = delete;

  // Adds bytes to the stream; pieces that are done go to the sink.
  absl::Status Write(std::string_view data);
  // Deflates what is left, ends the deflate stream and writes the trailer.
  absl::Status Finish();

  // Raw deflate of `in` with `dict` (up to 32 KiB of the input before it)
  // as history: ending the stream when `last`, else on a byte boundary.
  // False only when ISA-L refuses its parameters.
  static bool DeflatePiece(std::string_view dict, std::string_view in, bool last, std::string* out);

 private:
  struct Job {
    std::string dict, in, out;
    bool last = false, ok = false, done = false;
  };
  // Queues the current piece (deflates it here without workers), and
  // sends finished pieces to the sink while too many are in flight.
  absl::Status Submit(bool last);
  // Sends the oldest piece to the sink, waiting for it.
  absl::Status PopOldest();
  void Work();
  absl::Status Failed() const;

  std::string name_;
  Sink sink_;
  std::string current_, tail_;  // the piece being filled; the last 32 KiB before it
  uint32_t crc_ = 0;
  uint64_t size_ = 0;
  bool header_written_ = false;
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Job>> in_flight_;  // in stream order
  std::deque<Job*> queue_;                      // not yet taken by a worker
  bool stop_ = false;
};

}  // namespace dedup::io

#endif  // DEDUP_CORE_IO_PARALLEL_GZIP_H_
