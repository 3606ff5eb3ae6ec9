// Copyright 2026 The dedup Authors.
#include "core/minhash/minhash.h"

#include <algorithm>

#include "core/base/hash.h"

namespace dedup::minhash {

absl::Status MinHashOptions::Validate() const {
  if (num_perm < 1 || num_perm > 4096) return absl::InvalidArgumentError("num_perm must be in [1, 4096]");
  return absl::OkStatus();
}

absl::StatusOr<MinHasher> MinHasher::Create(const MinHashOptions& options) {
  absl::Status s = options.Validate();
  if (!s.ok()) return s;
  MinHasher m;
  m.a_.resize(static_cast<size_t>(options.num_perm));
  m.b_.resize(static_cast<size_t>(options.num_perm));
  for (size_t i = 0; i < m.a_.size(); ++i) {
    m.a_[i] = base::Mix64(options.seed * 0x100000001B3ULL + 2 * i) | 1;
    m.b_[i] = base::Mix64(options.seed * 0x100000001B3ULL + 2 * i + 1);
  }
  return m;
}

void MinHasher::Compute(absl::Span<const uint64_t> shingles, absl::Span<uint32_t> out) const {
  const size_t k = a_.size();
  std::fill(out.begin(), out.end(), 0xFFFFFFFFu);
  const uint64_t* a = a_.data();
  const uint64_t* b = b_.data();
  uint32_t* o = out.data();
  for (const uint64_t x : shingles) {
    for (size_t i = 0; i < k; ++i) {
      const uint32_t v = static_cast<uint32_t>((a[i] * x + b[i]) >> 32);
      o[i] = v < o[i] ? v : o[i];
    }
  }
}

double EstimateJaccard(absl::Span<const uint32_t> a, absl::Span<const uint32_t> b) {
  if (a.empty() || a.size() != b.size()) return 0;
  size_t eq = 0;
  for (size_t i = 0; i < a.size(); ++i) eq += a[i] == b[i];
  return static_cast<double>(eq) / static_cast<double>(a.size());
}

absl::StatusOr<BottomKSketcher> BottomKSketcher::Create(int k, uint64_t seed) {
  if (k < 1 || k > 65536) return absl::InvalidArgumentError("bottom-k size must be in [1, 65536]");
  return BottomKSketcher(k, seed);
}

void BottomKSketcher::Compute(absl::Span<const uint64_t> shingles, std::vector<uint32_t>* scratch,
                              std::vector<uint32_t>* out) const {
  const size_t k = static_cast<size_t>(k_);
  scratch->clear();
  out->clear();
  uint32_t threshold = 0xFFFFFFFFu;  // values above it cannot be among the k smallest
  const uint64_t mix = base::Mix64(seed_ ^ 0x424F54544F4DULL) | 1;
  auto compact = [&] {
    std::sort(scratch->begin(), scratch->end());
    scratch->erase(std::unique(scratch->begin(), scratch->end()), scratch->end());
    if (scratch->size() > k) scratch->resize(k);
    if (scratch->size() == k) threshold = scratch->back();
  };
  for (const uint64_t x : shingles) {
    const uint32_t v = static_cast<uint32_t>((x * mix) >> 32);
    if (v > threshold) continue;
    scratch->push_back(v);
    if (scratch->size() >= 4 * k) compact();
  }
  compact();
  out->assign(scratch->begin(), scratch->end());
}

double EstimateJaccardBottomK(absl::Span<const uint32_t> a, absl::Span<const uint32_t> b, int k) {
  if (a.empty() && b.empty()) return 0;
  const size_t limit = static_cast<size_t>(k);
  // A full sketch says nothing about its set above its largest value: only
  // union values up to the smallest such maximum are comparable.
  uint64_t cutoff = UINT64_MAX;
  if (a.size() >= limit) cutoff = std::min<uint64_t>(cutoff, a.back());
  if (b.size() >= limit) cutoff = std::min<uint64_t>(cutoff, b.back());
  size_t i = 0, j = 0, taken = 0, both = 0;
  while (taken < limit && (i < a.size() || j < b.size())) {
    uint32_t v;
    if (j == b.size() || (i < a.size() && a[i] < b[j])) {
      v = a[i++];
    } else if (i == a.size() || b[j] < a[i]) {
      v = b[j++];
    } else {
      v = a[i];
      ++i;
      ++j;
      if (v <= cutoff) ++both;
    }
    if (v > cutoff) break;
    ++taken;
  }
  return taken == 0 ? 0 : static_cast<double>(both) / static_cast<double>(taken);
}

}  // namespace dedup::minhash
