// Copyright 2026 The dedup Authors.
#include "core/minhash/minhash.h"

#include <algorithm>

#include "core/base/hash.h"

namespace dedup::minhash {
namespace {
constexpr int kMaxNumPerm = 4096;  // bounds the on-stack bins of ComputeOnePermutation
}  // namespace

absl::Status MinHashOptions::Validate() const {
  if (num_perm < 1 || num_perm > kMaxNumPerm) return absl::InvalidArgumentError("num_perm must be in [1, 4096]");
  return absl::OkStatus();
}

std::string_view MinHashMethodName(MinHashMethod m) {
  return m == MinHashMethod::kOnePermutation ? "oph" : "kperm";
}

namespace {

// The t-th densification probe of bin j: a bin index in [0, k), the same for
// every document of a run.
inline uint32_t ProbeBin(uint64_t seed_key, uint32_t j, uint32_t t, uint32_t k) {
  const uint64_t h = base::Mix64(seed_key ^ ((static_cast<uint64_t>(j) << 32) | t) ^ 0xD3A5F7C1B2E49681ULL);
  return static_cast<uint32_t>(((h >> 32) * k) >> 32);
}

}  // namespace

absl::StatusOr<MinHasher> MinHasher::Create(const MinHashOptions& options) {
  absl::Status s = options.Validate();
  if (!s.ok()) return s;
  MinHasher m;
  m.k_ = options.num_perm;
  m.method_ = options.method;
  m.seed_key_ = base::Mix64(options.seed ^ 0x4F50484D494E48ULL);
  const uint32_t k = static_cast<uint32_t>(m.k_);
  if (m.method_ == MinHashMethod::kPermutations) {
    m.a_.resize(k);
    m.b_.resize(k);
    for (size_t i = 0; i < k; ++i) {
      m.a_[i] = base::Mix64(options.seed * 0x100000001B3ULL + 2 * i) | 1;
      m.b_[i] = base::Mix64(options.seed * 0x100000001B3ULL + 2 * i + 1);
    }
  } else {
    m.probe_.resize(static_cast<size_t>(k) * kProbes);
    for (uint32_t j = 0; j < k; ++j)
      for (uint32_t t = 0; t < static_cast<uint32_t>(kProbes); ++t)
        m.probe_[j * kProbes + t] = static_cast<uint16_t>(ProbeBin(m.seed_key_, j, t + 1, k));
    if (k <= static_cast<uint32_t>(kMaxInverseK)) {
      // Counting sort by target bin; within a bin, t then j ascending.
      m.inverse_start_.assign(k + 1, 0);
      for (uint32_t t = 0; t < static_cast<uint32_t>(kInverseRounds); ++t)
        for (uint32_t j = 0; j < k; ++j) ++m.inverse_start_[m.Probe(j, t) + 1];
      for (uint32_t b = 0; b < k; ++b) m.inverse_start_[b + 1] += m.inverse_start_[b];
      m.inverse_.resize(m.inverse_start_[k]);
      std::vector<uint32_t> at(m.inverse_start_.begin(), m.inverse_start_.end() - 1);
      for (uint32_t t = 0; t < static_cast<uint32_t>(kInverseRounds); ++t)
        for (uint32_t j = 0; j < k; ++j) m.inverse_[at[m.Probe(j, t)]++] = t << 16 | j;
    }
  }
  return m;
}

uint32_t MinHasher::Probe(uint32_t j, uint32_t t) const {
  const uint32_t k = static_cast<uint32_t>(k_);
  return t < static_cast<uint32_t>(kProbes) ? probe_[j * kProbes + t] : ProbeBin(seed_key_, j, t + 1, k);
}

void MinHasher::ComputeByProbing(absl::Span<const uint64_t> shingles, absl::Span<uint32_t> out) const {
  if (method_ == MinHashMethod::kPermutations) {
    ComputePermutations(shingles, out.data());
  } else {
    ComputeOnePermutation(shingles, out.data(), /*by_probing=*/true);
  }
}

void MinHasher::Compute(absl::Span<const uint64_t> shingles, absl::Span<uint32_t> out) const {
  if (method_ == MinHashMethod::kPermutations) {
    ComputePermutations(shingles, out.data());
  } else {
    ComputeOnePermutation(shingles, out.data());
  }
}

void MinHasher::ComputePermutations(absl::Span<const uint64_t> shingles, uint32_t* o) const {
  const size_t k = a_.size();
  std::fill(o, o + k, 0xFFFFFFFFu);
  const uint64_t* a = a_.data();
  const uint64_t* b = b_.data();
  for (const uint64_t x : shingles) {
    for (size_t i = 0; i < k; ++i) {
      const uint32_t v = static_cast<uint32_t>((a[i] * x + b[i]) >> 32);
      o[i] = v < o[i] ? v : o[i];
    }
  }
}

void MinHasher::ComputeOnePermutation(absl::Span<const uint64_t> shingles, uint32_t* o, bool by_probing) const {
  const uint32_t k = static_cast<uint32_t>(k_);
  // Bin minima are kept as 64-bit (value << 32 | 0) so that "empty" is a value
  // no shingle produces: 2^64 - 1 > any (v << 32).
  constexpr uint64_t kEmpty = ~0ULL;
  uint64_t bins[kMaxNumPerm];
  std::fill(bins, bins + k, kEmpty);
  const uint64_t key = seed_key_;
  // Shingle hashes are already uniform (Shingler: a weighted sum of uniform
  // token hashes), so one seeded odd multiply is a fresh permutation of them.
  for (const uint64_t x : shingles) {
    const uint64_t h = (x ^ key) * 0xD1B54A32D192ED03ULL;
    const uint32_t bin = static_cast<uint32_t>(((h >> 32) * k) >> 32);
    const uint64_t v = h << 32;
    bins[bin] = v < bins[bin] ? v : bins[bin];
  }
  uint32_t filled = 0;
  for (uint32_t j = 0; j < k; ++j) filled += bins[j] != kEmpty;
  if (filled == 0) {
    std::fill(o, o + k, 0xFFFFFFFFu);
    return;
  }
  // Optimal densification: an empty bin takes the value of the first
  // non-empty bin of its own probe sequence. Two documents probing from the
  // same empty bin follow the same sequence, so they copy from the same bin
  // whenever both have it. Following each sequence costs about K / filled
  // probes per empty bin, K^2 / filled in all: on a page of a few shingles
  // (a title, a short post) that was two thirds of a run. With few bins
  // filled, the same first hits are found from the other side: round t
  // visits, for each filled bin, the empty bins whose t-th probe reaches
  // it; the first visit of a bin is its first hit. About K ln K visits.
  if (!by_probing && filled * 8 <= k && !inverse_.empty()) {
    DensifyByInverse(bins, filled, o);
    return;
  }
  for (uint32_t j = 0; j < k; ++j) {
    if (bins[j] != kEmpty) {
      o[j] = static_cast<uint32_t>(bins[j] >> 32);
      continue;
    }
    uint32_t t = 0;
    while (bins[Probe(j, t)] == kEmpty) ++t;
    o[j] = static_cast<uint32_t>(bins[Probe(j, t)] >> 32);
  }
}

void MinHasher::DensifyByInverse(const uint64_t* bins, uint32_t filled, uint32_t* o) const {
  constexpr uint64_t kEmpty = ~0ULL;
  const uint32_t k = static_cast<uint32_t>(k_);
  // first[j]: t << 16 | donor of the earliest probe of bin j seen to reach
  // a filled bin. Only one filled bin is bin j's t-th probe, so the least
  // such value over the filled bins' lists is j's first hit.
  uint32_t first[kMaxInverseK];
  std::fill(first, first + k, ~0u);
  // A bin misses `filled` bins of K at each probe: after T probes it has
  // missed them all with probability (1 - filled/K)^T ~ exp(-filled T / K).
  // T = 5.5 K / filled leaves about one empty bin of 128 to probe on
  // (below), and reads 5.5 K entries whatever `filled` is.
  const uint32_t rounds = std::min<uint32_t>(kInverseRounds, 11 * k / (2 * filled) + 1);
  for (uint32_t f = 0; f < k; ++f) {
    if (bins[f] == kEmpty) continue;
    o[f] = static_cast<uint32_t>(bins[f] >> 32);
    const uint32_t* e = inverse_.data() + inverse_start_[f];
    const uint32_t* const stop = inverse_.data() + inverse_start_[f + 1];
    for (; e < stop && (*e >> 16) < rounds; ++e) {
      const uint32_t j = *e & 0xFFFF;
      first[j] = std::min(first[j], (*e & 0xFFFF0000u) | f);
    }
  }
  for (uint32_t j = 0; j < k; ++j) {
    if (bins[j] != kEmpty) continue;
    if (first[j] != ~0u) {
      o[j] = o[first[j] & 0xFFFF];
      continue;
    }
    // Every probe before `rounds` missed: probe on from there.
    uint32_t t = rounds;
    while (bins[Probe(j, t)] == kEmpty) ++t;
    o[j] = static_cast<uint32_t>(bins[Probe(j, t)] >> 32);
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

namespace {

// Sorts `in` (values roughly uniform over [0, limit]) into `*out`: a counting
// sort into in.size() buckets by value, about one value each, then an
// insertion sort that moves each value a step or two. Twice as fast as
// std::sort on the few hundred values of a sketch.
void SortUniform(uint32_t limit, absl::Span<const uint32_t> in, std::vector<uint32_t>* out) {
  const size_t m = in.size();
  out->resize(m);
  if (m < 64) {
    std::copy(in.begin(), in.end(), out->begin());
    std::sort(out->begin(), out->end());
    return;
  }
  thread_local std::vector<uint32_t> start;
  start.assign(m + 1, 0);
  // bucket(v) = floor(v * m / (limit + 1)) by a multiply: scale = m * 2^32 /
  // (limit + 1), rounded down, so that v <= limit gives a bucket below m
  // (two divisions per value cost more than the sort itself).
  const uint64_t scale = (static_cast<uint64_t>(m) << 32) / (uint64_t{limit} + 1);
  auto bucket = [&](uint32_t v) { return static_cast<size_t>((uint64_t{v} * scale) >> 32); };
  for (const uint32_t v : in) ++start[bucket(v) + 1];
  for (size_t b = 1; b <= m; ++b) start[b] += start[b - 1];
  uint32_t* o = out->data();
  for (const uint32_t v : in) o[start[bucket(v)]++] = v;
  for (size_t i = 1; i < m; ++i) {
    const uint32_t v = o[i];
    size_t j = i;
    for (; j > 0 && o[j - 1] > v; --j) o[j] = o[j - 1];
    o[j] = v;
  }
}

}  // namespace

void BottomKSketcher::Compute(absl::Span<const uint64_t> shingles, std::vector<uint32_t>* scratch,
                              std::vector<uint32_t>* out) const {
  const size_t k = static_cast<size_t>(k_);
  const uint64_t mix = base::Mix64(seed_ ^ 0x424F54544F4DULL) | 1;
  const size_t n = shingles.size();
  // The values are uniform, so the k-th smallest of n distinct ones lies near
  // 2^32 * k / n: collect only values under 2^32 * (1.25 k + 64) / n (one
  // compare per shingle, a few hundred pushes), then sort that short list.
  // Repeated shingles can leave fewer than k distinct values under the bound;
  // then the bound doubles and the pass repeats (rare: pages that repeat
  // most of their text).
  uint64_t bound = n == 0 ? 0 : (static_cast<uint64_t>(1.25 * static_cast<double>(k) + 64) << 32) / n;
  for (;;) {
    const uint32_t limit = bound >= 0xFFFFFFFFULL ? 0xFFFFFFFFu : static_cast<uint32_t>(bound);
    size_t count = 0;
    if (limit > UINT32_MAX / 16) {
      // More than one value in 16 is kept, at random (a page of a thousand
      // shingles keeps a third): every value is written and kept by
      // advancing the count, with no branch to mispredict.
      if (scratch->size() < n) scratch->resize(n);
      uint32_t* kept = scratch->data();
      for (const uint64_t x : shingles) {
        const uint32_t v = static_cast<uint32_t>((x * mix) >> 32);
        kept[count] = v;
        count += v <= limit ? 1 : 0;
      }
    } else {
      // Few are kept: the branch is predicted, and the loop stays free of
      // stores.
      scratch->clear();
      for (const uint64_t x : shingles) {
        const uint32_t v = static_cast<uint32_t>((x * mix) >> 32);
        if (v <= limit) scratch->push_back(v);
      }
      count = scratch->size();
    }
    SortUniform(limit, absl::MakeConstSpan(scratch->data(), count), out);
    out->erase(std::unique(out->begin(), out->end()), out->end());
    if (out->size() >= k || limit == 0xFFFFFFFFu) break;
    bound *= 2;
  }
  if (out->size() > k) out->resize(k);
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
