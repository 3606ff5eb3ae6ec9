// Copyright 2026 The dedup Authors.
//
// The verify step shared by the single-process and the split run: every
// candidate pair scored on `workers` threads in fixed strides, and the
// scores binned for the report.
#ifndef DEDUP_CORE_PIPELINE_VERIFY_H_
#define DEDUP_CORE_PIPELINE_VERIFY_H_

#include <algorithm>
#include <cstdint>
#include <thread>
#include <vector>

#include "absl/types/span.h"
#include "core/report/report.h"

namespace dedup::pipeline {

// Returns score(a, b) for each packed pair (a << 32 | b), in order.
template <class Score>
std::vector<float> ScorePairs(absl::Span<const uint64_t> pairs, int workers, Score score) {
  std::vector<float> sims(pairs.size());
  workers = std::max(1, workers);
  std::vector<std::thread> pool;
  for (int w = 0; w < workers; ++w) {
    pool.emplace_back([&, w] {
      for (size_t i = static_cast<size_t>(w); i < pairs.size(); i += static_cast<size_t>(workers))
        sims[i] = score(static_cast<uint32_t>(pairs[i] >> 32), static_cast<uint32_t>(pairs[i]));
    });
  }
  for (auto& t : pool) t.join();
  return sims;
}

// Adds each similarity to its bin of report::Report::similarity_bins.
inline void BinSimilarities(const std::vector<float>& sims, std::vector<uint64_t>* bins) {
  for (const float s : sims)
    ++(*bins)[std::min<size_t>(static_cast<size_t>(std::max(0.0f, s) * report::kSimilarityBins),
                               report::kSimilarityBins - 1)];
}

}  // namespace dedup::pipeline

#endif  // DEDUP_CORE_PIPELINE_VERIFY_H_
