// Copyright 2026 The dedup Authors.
#include "core/lsh/lsh.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <string>

#include "core/base/hash.h"

namespace dedup::lsh {

double CandidateProbability(double j, LshParams p) {
  return 1.0 - std::pow(1.0 - std::pow(j, p.rows), p.bands);
}

absl::StatusOr<LshParams> ChooseParams(double threshold, int num_perm) {
  const double must = std::min(threshold + 0.05, 1.0);
  const double low = threshold - 0.1;
  LshParams best;
  double best_cost = 1e300, best_p = 0;
  for (int r = 1; r <= num_perm; ++r) {
    for (int b = 1; b * r <= num_perm; ++b) {
      const LshParams p{b, r};
      const double pm = CandidateProbability(must, p);
      best_p = std::max(best_p, pm);
      if (pm < 0.99) continue;
      double cost = 0;  // integral of P over [0, t - 0.1]
      if (low > 0) {
        constexpr int kSteps = 200;
        for (int s = 0; s < kSteps; ++s) cost += CandidateProbability(low * (s + 0.5) / kSteps, p) * low / kSteps;
      }
      if (cost < best_cost - 1e-12) {
        best_cost = cost;
        best = p;
      }
      break;  // more bands only add candidates
    }
  }
  if (best.bands == 0)
    return absl::InvalidArgumentError("no bands x rows <= " + std::to_string(num_perm) +
                                      " makes pairs at J = " + std::to_string(must) +
                                      " candidates with probability 0.99 (best " + std::to_string(best_p) +
                                      "); raise --num-perm");
  return best;
}

std::vector<std::pair<double, double>> SCurve(LshParams p) {
  std::vector<std::pair<double, double>> out;
  for (int i = 0; i <= 10; ++i) {
    const double j = 0.5 + 0.05 * i;
    out.emplace_back(j, CandidateProbability(j, p));
  }
  return out;
}

void BandKeys(absl::Span<const uint32_t> signature, LshParams p, uint64_t seed, absl::Span<uint64_t> out) {
  const size_t rows = static_cast<size_t>(p.rows);
  for (size_t b = 0; b < static_cast<size_t>(p.bands); ++b)
    out[b] = base::Hash64(signature.data() + b * rows, rows * sizeof(uint32_t), seed ^ base::Mix64(b));
}

void SortBand(std::vector<BandEntry>* entries) {
  auto less = [](const BandEntry& a, const BandEntry& b) { return a.key != b.key ? a.key < b.key : a.doc < b.doc; };
  const size_t n = entries->size();
  if (n < 4096) {
    std::sort(entries->begin(), entries->end(), less);
    return;
  }
  // Band keys are hashes, close to uniform: a counting pass by their top
  // bits sends each entry to a bucket of about four, sorted in place. A
  // bucket of many equal keys (copies of one page) goes to std::sort.
  // lsh_bench's BM_SortBandAndBuckets, a million entries: 72 ms with
  // std::sort alone, 39 ms so.
  const int bits = std::clamp(static_cast<int>(std::bit_width(n / 4)), 8, 24);
  const int shift = 64 - bits;
  std::vector<uint32_t> start((size_t{1} << bits) + 1, 0);
  for (const BandEntry& e : *entries) ++start[(e.key >> shift) + 1];
  for (size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
  std::vector<BandEntry> sorted(n);
  {
    std::vector<uint32_t> at(start.begin(), start.end() - 1);
    for (const BandEntry& e : *entries) sorted[at[e.key >> shift]++] = e;
  }
  for (size_t b = 0; b + 1 < start.size(); ++b) {
    BandEntry* const first = sorted.data() + start[b];
    BandEntry* const last = sorted.data() + start[b + 1];
    if (last - first > 16) {
      std::sort(first, last, less);
      continue;
    }
    for (BandEntry* i = first + 1; i < last; ++i) {
      const BandEntry x = *i;
      BandEntry* j = i;
      for (; j > first && less(x, j[-1]); --j) *j = j[-1];
      *j = x;
    }
  }
  entries->swap(sorted);
}

}  // namespace dedup::lsh
