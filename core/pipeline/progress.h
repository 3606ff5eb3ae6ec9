// Copyright 2026 The dedup Authors.
//
// Progress: a one-line progress bar on stderr (documents, MB, MB/s, and ETA
// when the input size is known), redrawn at most 5 times a second. Silent
// unless enabled (the CLI enables it when stderr is a terminal, or always).
#ifndef DEDUP_CORE_PIPELINE_PROGRESS_H_
#define DEDUP_CORE_PIPELINE_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <string>

namespace dedup::pipeline {

// Not thread-safe: call from the consumer thread only.
class Progress {
 public:
  Progress(bool enabled, std::string stage, uint64_t total_bytes);
  ~Progress();
  // Reports the running totals: documents and text bytes processed, and bytes
  // of input consumed (compressed bytes for compressed files).
  void Update(uint64_t documents, uint64_t text_bytes, uint64_t consumed_bytes);
  // Draws the final state and ends the line.
  void Finish();

 private:
  void Draw(bool final);
  bool enabled_;
  bool finished_ = false;
  std::string stage_;
  uint64_t total_bytes_;
  uint64_t documents_ = 0, text_bytes_ = 0, consumed_bytes_ = 0;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace dedup::pipeline

#endif  // DEDUP_CORE_PIPELINE_PROGRESS_H_
