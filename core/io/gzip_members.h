// Copyright 2026 The dedup Authors.
//
// gzip output on several threads: the stream is cut every kMemberBytes of
// input, and each piece becomes a gzip member of its own, deflated by
// ISA-L (igzip, level 3) on a worker thread; the members are written in
// order. A file of concatenated members is plain gzip (RFC 1952): gzip,
// zcat and every library read it through. The bytes are the same for any
// thread count (with none, the caller's thread deflates). Each member
// starts without the 32 KiB history of the one before, which costs well
// under 1% at a mebibyte. Internal to core/io.
#ifndef DEDUP_CORE_IO_GZIP_MEMBERS_H_
#define DEDUP_CORE_IO_GZIP_MEMBERS_H_

#include <condition_variable>
#include <cstddef>
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

class GzipMembers {
 public:
  static constexpr size_t kMemberBytes = size_t{1} << 20;
  // Receives the compressed bytes, in order.
  using Sink = std::function<absl::Status(std::string_view)>;

  // `name` (the output's path) starts error messages.
  GzipMembers(int threads, std::string name, Sink sink);
  ~GzipMembers();
  GzipMembers(const GzipMembers&) = delete;
  GzipMembers& operator=(const GzipMembers&) = delete;

  // Adds bytes to the stream; members that are done go to the sink.
  absl::Status Write(std::string_view data);
  // Deflates what is left (an empty stream becomes one empty member) and
  // hands every member to the sink.
  absl::Status Finish();

  // One member of `in`, deflated (gzip header and trailer included); false
  // only when ISA-L refuses its parameters.
  static bool Deflate(std::string_view in, std::string* out);

 private:
  struct Job {
    std::string in, out;
    bool ok = false;
    bool done = false;
  };
  // Queues the current piece (compresses it here without workers), and
  // sends finished members to the sink while too many are in flight.
  absl::Status Submit();
  // Sends the oldest member to the sink, waiting for it.
  absl::Status PopOldest();
  void Work();
  absl::Status Failed() const;

  std::string name_;
  Sink sink_;
  std::string current_;
  bool submitted_ = false;
  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Job>> in_flight_;  // in stream order
  std::deque<Job*> queue_;                      // not yet taken by a worker
  bool stop_ = false;
};

}  // namespace dedup::io

#endif  // DEDUP_CORE_IO_GZIP_MEMBERS_H_
