// Copyright 2026 The dedup Authors.
//
// The HTML report's audit view shows removals in context: a few documents with
// their removed spans, and a few near-duplicate pairs side by side. These
// classes choose them so that the choice is the same for any --threads and
// its cost stays bounded however large the run: documents are the bottom-k by
// a hash of their id (a uniform sample across the whole input), and only a
// document that enters the sample has its text copied.
#ifndef DEDUP_CORE_PIPELINE_AUDIT_SAMPLE_H_
#define DEDUP_CORE_PIPELINE_AUDIT_SAMPLE_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "core/base/span.h"
#include "core/base/string_column.h"
#include "core/cluster/clusterer.h"
#include "core/report/report.h"

namespace dedup::pipeline {

// Hash of a document id that orders the samples.
uint64_t SampleHash(std::string_view id);

// Keeps, per removal kind, the `per_kind` documents of lowest SampleHash that
// have a removal of that kind (a document with a repeated block counts under
// repeated_block only). Offer() is called from one thread in document order;
// AdmitBelow() may be read from any thread as a pre-filter.
class DocSampler {
 public:
  explicit DocSampler(size_t per_kind) : per_kind_(per_kind) {}

  // A document whose hash is >= this cannot enter; worth no copying.
  uint64_t AdmitBelow() const { return admit_below_.load(std::memory_order_relaxed); }

  // Offers document `ordinal`. `spans` are sorted, of its original `text`.
  void Offer(uint64_t hash, uint32_t ordinal, std::string_view id, std::string_view group, std::string_view text,
             const std::vector<base::RemovedSpan>& spans);

  // Returns the samples in document order with their ordinals, and fills in
  // duplicate_of from the clusters.
  std::vector<report::DocSample> Take(const cluster::ClusterResult& r, const base::StringColumn& ids);

 private:
  struct Entry {
    uint64_t hash;
    uint32_t ordinal;
    report::DocSample doc;
  };
  void UpdateAdmit();

  size_t per_kind_;
  std::vector<Entry> heaps_[2];  // max-heaps by hash: repeated_block, boilerplate
  std::atomic<uint64_t> admit_below_{UINT64_MAX};
};

// Picks up to `count` dropped near-duplicates to show beside their kept
// document: half the closest calls (lowest similarity), the rest the lowest
// SampleHash. Returns their ordinals, ascending.
std::vector<uint32_t> ChoosePairs(const cluster::ClusterResult& r, const base::StringColumn& ids, size_t count);

// Gathers the cleaned text of the documents the chosen pairs need, from a
// pass over the input (clean's emit pass, or a pass of its own for scan).
class PairTexts {
 public:
  PairTexts(const cluster::ClusterResult& r, const std::vector<uint32_t>& dropped);

  // Whether document `ordinal` is needed. Safe from any thread.
  bool Wants(uint32_t ordinal) const { return texts_.contains(ordinal); }
  // The last document ordinal needed, +1; 0 when none.
  uint32_t end() const { return end_; }
  // Stores the cleaned text of document `ordinal` (cut to kSampleTextBytes).
  void Put(uint32_t ordinal, std::string_view cleaned);

  std::vector<report::PairSample> Take(const cluster::ClusterResult& r, const base::StringColumn& ids);

 private:
  std::vector<uint32_t> dropped_;
  absl::flat_hash_map<uint32_t, std::string> texts_;
  uint32_t end_ = 0;
};

}  // namespace dedup::pipeline

#endif  // DEDUP_CORE_PIPELINE_AUDIT_SAMPLE_H_
