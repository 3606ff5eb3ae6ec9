// Copyright 2026 The dedup Authors.
#include "core/io/parallel_gzip.h"

#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <utility>

namespace dedup::io {

ParallelGzip::ParallelGzip(int threads, std::string name, Sink sink) : name_(std::move(name)), sink_(std::move(sink)) {
  for (int t = 0; t < threads; ++t) workers_.emplace_back([this] { Work(); });
  current_.reserve(kBlockBytes);
}

ParallelGzip::~ParallelGzip() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& w : workers_) w.join();
}

bool ParallelGzip::DeflatePiece(std::string_view dict, std::string_view in, bool last, std::string* out) {
  // Level 3's buffer, once per thread.
  thread_local std::vector<uint8_t> level_buf(ISAL_DEF_LVL3_DEFAULT);
  isal_zstream z;
  isal_deflate_init(&z);
  z.level = 3;
  z.level_buf = level_buf.data();
  z.level_buf_size = static_cast<uint32_t>(level_buf.size());
  z.gzip_flag = IGZIP_DEFLATE;
  z.end_of_stream = last ? 1 : 0;
  z.flush = last ? NO_FLUSH : SYNC_FLUSH;
  if (!dict.empty() && isal_deflate_set_dict(&z, reinterpret_cast<uint8_t*>(const_cast<char*>(dict.data())),
                                             static_cast<uint32_t>(dict.size())) != COMP_OK)
    return false;
  z.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uint32_t>(in.size());
  // Incompressible input grows by a stored block's 5 bytes per 64 KiB.
  out->resize(in.size() + in.size() / 64 + 1024);
  size_t used = 0;
  for (;;) {
    if (used == out->size()) out->resize(2 * out->size());
    z.next_out = reinterpret_cast<uint8_t*>(out->data() + used);
    z.avail_out = static_cast<uint32_t>(out->size() - used);
    if (isal_deflate(&z) != COMP_OK) return false;
    used = out->size() - z.avail_out;
    // Done: the stream ended, or all input is in and flushed to a byte
    // boundary, which ISA-L promises once a call with all input taken left
    // output room to spare or is back at a new block.
    const auto state = z.internal_state.state;
    if (last ? state == ZSTATE_END : z.avail_in == 0 && (z.avail_out > 0 || state == ZSTATE_NEW_HDR)) break;
  }
  out->resize(used);
  return true;
}

absl::Status ParallelGzip::Failed() const { return absl::InternalError(name_ + ": gzip compression failed"); }

absl::Status ParallelGzip::Write(std::string_view data) {
  crc_ = crc32_gzip_refl(crc_, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  size_ += data.size();
  while (!data.empty()) {
    // A full piece is sent on only once more input comes: the last piece
    // must be the one Finish() ends the stream with.
    if (current_.size() == kBlockBytes) {
      absl::Status s = Submit(false);
      if (!s.ok()) return s;
    }
    const size_t take = std::min(data.size(), kBlockBytes - current_.size());
    current_.append(data.data(), take);
    data.remove_prefix(take);
  }
  return absl::OkStatus();
}

absl::Status ParallelGzip::Finish() {
  absl::Status s = Submit(true);
  while (s.ok() && !in_flight_.empty()) s = PopOldest();
  if (!s.ok()) return s;
  // The trailer: CRC-32 and size (mod 2^32) of the input, little-endian.
  char trailer[8];
  for (int i = 0; i < 4; ++i) {
    trailer[i] = static_cast<char>(crc_ >> (8 * i));
    trailer[4 + i] = static_cast<char>(size_ >> (8 * i));
  }
  return sink_(std::string_view(trailer, 8));
}

absl::Status ParallelGzip::Submit(bool last) {
  if (!header_written_) {
    // A header with no name and no time: the same bytes for every run.
    static constexpr char kHeader[10] = {'\x1f', '\x8b', 8, 0, 0, 0, 0, 0, 0, 3};
    absl::Status s = sink_(std::string_view(kHeader, sizeof(kHeader)));
    if (!s.ok()) return s;
    header_written_ = true;
  }
  auto job = std::make_unique<Job>();
  job->last = last;
  job->dict = tail_;
  // The next piece's history: the last 32 KiB of the stream so far.
  if (current_.size() >= kDictBytes) {
    tail_.assign(current_, current_.size() - kDictBytes, kDictBytes);
  } else {
    tail_.append(current_);
    if (tail_.size() > kDictBytes) tail_.erase(0, tail_.size() - kDictBytes);
  }
  job->in.swap(current_);
  current_.reserve(kBlockBytes);
  if (workers_.empty()) {
    job->ok = DeflatePiece(job->dict, job->in, job->last, &job->out);
    return job->ok ? sink_(job->out) : Failed();
  }
  {
    std::lock_guard<std::mutex> l(mu_);
    queue_.push_back(job.get());
    in_flight_.push_back(std::move(job));
  }
  cv_.notify_all();
  // Two pieces per worker in flight: the workers never wait for the
  // writer, and memory stays at a few mebibytes per worker.
  while (in_flight_.size() > 2 * workers_.size()) {
    absl::Status s = PopOldest();
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ParallelGzip::PopOldest() {
  std::unique_ptr<Job> job;
  {
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [&] { return in_flight_.front()->done; });
    job = std::move(in_flight_.front());
    in_flight_.pop_front();
  }
  return job->ok ? sink_(job->out) : Failed();
}

void ParallelGzip::Work() {
  for (;;) {
    Job* job = nullptr;
    {
      std::unique_lock<std::mutex> l(mu_);
      cv_.wait(l, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      job = queue_.front();
      queue_.pop_front();
    }
    const bool ok = DeflatePiece(job->dict, job->in, job->last, &job->out);
    {
      std::lock_guard<std::mutex> l(mu_);
      job->ok = ok;
      job->done = true;
      std::string().swap(job->in);
      std::string().swap(job->dict);
    }
    cv_.notify_all();
  }
}

}  // namespace dedup::io
