// Copyright 2026 The dedup Authors.
#include "core/pipeline/progress.h"

#include <cstdio>

namespace dedup::pipeline {

Progress::Progress(bool enabled, std::string stage, uint64_t total_bytes)
    : enabled_(enabled), stage_(std::move(stage)), total_bytes_(total_bytes),
      start_(std::chrono::steady_clock::now()), last_draw_(start_) {}

Progress::~Progress() { Finish(); }

void Progress::Update(uint64_t documents, uint64_t text_bytes, uint64_t consumed_bytes) {
  documents_ = documents;
  text_bytes_ = text_bytes;
  consumed_bytes_ = consumed_bytes;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(200)) return;
  last_draw_ = now;
  Draw(false);
}

void Progress::Finish() {
  if (!enabled_ || finished_) return;
  finished_ = true;
  Draw(true);
  std::fputc('\n', stderr);
}

void Progress::Draw(bool final) {
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count() + 1e-9;
  const double mb = static_cast<double>(text_bytes_) / 1e6;
  char line[256];
  int n = std::snprintf(line, sizeof(line), "\r%-6s %10llu docs %9.1f MB %7.1f MB/s", stage_.c_str(),
                        (unsigned long long)documents_, mb, mb / secs);
  if (total_bytes_ > 0 && n > 0 && static_cast<size_t>(n) < sizeof(line)) {
    const double frac = static_cast<double>(consumed_bytes_) / static_cast<double>(total_bytes_);
    const int width = 20;
    const int filled = frac >= 1 ? width : static_cast<int>(frac * width);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(width, '.');
    const double eta = frac > 0 && !final ? secs * (1 - frac) / frac : 0;
    std::snprintf(line + n, sizeof(line) - static_cast<size_t>(n), " [%s] %3.0f%% ETA %4.0fs", bar.c_str(),
                  100 * (frac > 1 ? 1 : frac), eta);
  }
  std::fputs(line, stderr);
  std::fflush(stderr);
}

}  // namespace dedup::pipeline
