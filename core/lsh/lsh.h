// Copyright 2026 The dedup Authors.
//
// LSH banding: a signature of K = bands x rows slots is cut into bands; two
// documents become candidates when all rows of at least one band agree, with
// probability P(J) = 1 - (1 - J^rows)^bands (the S-curve).
//
// Choosing bands x rows. Users compare tools by "found at threshold t".
// datasketch's choice for t = 0.8, K = 128 (9 x 13) makes only ~40% of pairs
// at J = 0.8 candidates. ChooseParams instead requires P(t + 0.05) >= 0.99 and,
// among the (b, r) meeting that, minimises the candidate mass below t - 0.1
// (fewer false candidates to verify); for t = 0.8, K = 128 that is 15 x 8 (P(0.85) = 0.992, P(0.7) = 0.59, P(0.5) = 0.06).
#ifndef DEDUP_CORE_LSH_LSH_H_
#define DEDUP_CORE_LSH_LSH_H_

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace dedup::lsh {

struct LshParams {
  int bands = 0;
  int rows = 0;
};

// 1 - (1 - j^rows)^bands.
double CandidateProbability(double jaccard, LshParams p);

// See the file comment. Error when no bands x rows <= num_perm reaches 0.99
// at threshold + 0.05.
absl::StatusOr<LshParams> ChooseParams(double threshold, int num_perm);

// The S-curve at J = 0.50, 0.55, ..., 1.00.
std::vector<std::pair<double, double>> SCurve(LshParams p);

// Writes one 64-bit key per band: the hash of the band's rows, seeded by the
// band index so equal rows in different bands differ.
// REQUIRES: signature.size() >= bands*rows, out.size() == bands.
void BandKeys(absl::Span<const uint32_t> signature, LshParams p, uint64_t seed, absl::Span<uint64_t> out);

struct BandEntry {
  uint64_t key;
  uint32_t doc;
};

// Sorts by (key, doc).
void SortBand(std::vector<BandEntry>* entries);

// Calls f(absl::Span<const BandEntry>) for every run of equal keys of length >= 2.
// REQUIRES: `sorted` sorted by SortBand.
template <class F>
void ForEachBucket(const std::vector<BandEntry>& sorted, F&& f) {
  size_t i = 0;
  while (i < sorted.size()) {
    size_t j = i + 1;
    while (j < sorted.size() && sorted[j].key == sorted[i].key) ++j;
    if (j - i >= 2) f(absl::MakeConstSpan(sorted.data() + i, j - i));
    i = j;
  }
}

}  // namespace dedup::lsh

#endif  // DEDUP_CORE_LSH_LSH_H_
