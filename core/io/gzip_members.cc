// Copyright 2026 The dedup Authors.
#include "core/io/gzip_members.h"

#include <isa-l/igzip_lib.h>

#include <utility>

namespace dedup::io {

GzipMembers::GzipMembers(int threads, std::string name, Sink sink) : name_(std::move(name)), sink_(std::move(sink)) {
  for (int t = 0; t < threads; ++t) workers_.emplace_back([this] { Work(); });
  current_.reserve(kMemberBytes);
}

GzipMembers::~GzipMembers() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& w : workers_) w.join();
}

bool GzipMembers::Deflate(std::string_view in, std::string* out) {
  // Level 3's buffer, once per thread.
  thread_local std::vector<uint8_t> level_buf(ISAL_DEF_LVL3_DEFAULT);
  isal_zstream z;
  isal_deflate_init(&z);
  z.level = 3;
  z.level_buf = level_buf.data();
  z.level_buf_size = static_cast<uint32_t>(level_buf.size());
  z.gzip_flag = IGZIP_GZIP;
  z.end_of_stream = 1;
  z.flush = NO_FLUSH;
  z.next_in = reinterpret_cast<uint8_t*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uint32_t>(in.size());
  // Incompressible input grows by a stored block's 5 bytes per 64 KiB.
  out->resize(in.size() + in.size() / 64 + 1024);
  size_t used = 0;
  while (z.internal_state.state != ZSTATE_END) {
    if (used == out->size()) out->resize(2 * out->size());
    z.next_out = reinterpret_cast<uint8_t*>(out->data() + used);
    z.avail_out = static_cast<uint32_t>(out->size() - used);
    if (isal_deflate(&z) != COMP_OK) return false;
    used = out->size() - z.avail_out;
  }
  out->resize(used);
  return true;
}

absl::Status GzipMembers::Failed() const { return absl::InternalError(name_ + ": gzip compression failed"); }

absl::Status GzipMembers::Write(std::string_view data) {
  while (!data.empty()) {
    const size_t take = std::min(data.size(), kMemberBytes - current_.size());
    current_.append(data.data(), take);
    data.remove_prefix(take);
    if (current_.size() == kMemberBytes) {
      absl::Status s = Submit();
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::Status GzipMembers::Finish() {
  if (!current_.empty() || !submitted_) {
    absl::Status s = Submit();
    if (!s.ok()) return s;
  }
  while (!in_flight_.empty()) {
    absl::Status s = PopOldest();
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status GzipMembers::Submit() {
  submitted_ = true;
  if (workers_.empty()) {
    std::string out;
    const bool ok = Deflate(current_, &out);
    current_.clear();
    return ok ? sink_(out) : Failed();
  }
  auto job = std::make_unique<Job>();
  job->in.swap(current_);
  current_.reserve(kMemberBytes);
  {
    std::lock_guard<std::mutex> l(mu_);
    queue_.push_back(job.get());
    in_flight_.push_back(std::move(job));
  }
  cv_.notify_all();
  // Two members per worker in flight: the workers never wait for the
  // writer, and memory stays at a few mebibytes per worker.
  while (in_flight_.size() > 2 * workers_.size()) {
    absl::Status s = PopOldest();
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status GzipMembers::PopOldest() {
  std::unique_ptr<Job> job;
  {
    std::unique_lock<std::mutex> l(mu_);
    cv_.wait(l, [&] { return in_flight_.front()->done; });
    job = std::move(in_flight_.front());
    in_flight_.pop_front();
  }
  return job->ok ? sink_(job->out) : Failed();
}

void GzipMembers::Work() {
  for (;;) {
    Job* job = nullptr;
    {
      std::unique_lock<std::mutex> l(mu_);
      cv_.wait(l, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      job = queue_.front();
      queue_.pop_front();
    }
    const bool ok = Deflate(job->in, &job->out);
    {
      std::lock_guard<std::mutex> l(mu_);
      job->ok = ok;
      job->done = true;
      std::string().swap(job->in);
    }
    cv_.notify_all();
  }
}

}  // namespace dedup::io
