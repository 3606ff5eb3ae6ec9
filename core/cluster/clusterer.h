// Copyright 2026 The dedup Authors.
//
// Near-duplicate clustering from LSH buckets.
//
//   buckets  ->  candidate pairs  ->  verified edges  ->  components
//            ->  clusters verified against their kept document
//
// 1. Candidates. Within one LSH bucket (documents sharing a band key, sorted by
//    index) every member i > 0 is paired with the bucket's first member and
//    with its predecessor: at most 2 pairs per member per band, so a bucket of
//    100,000 exact copies costs 200,000 pairs, not 5 billion. A true pair at
//    J >= 0.85 shares ~11 of 25 bands, so it meets in at least one of them.
// 2. Verification. Each distinct candidate pair is scored by a caller-supplied
//    similarity (the pipeline uses bottom-k sketches) and kept as an edge when
//    the score is >= `verify_threshold`.
// 3. Components by union-find over the edges.
// 4. Hub guard. Similarity is not transitive: A~B and B~C do not make A~C. So
//    each component is split into clusters around a kept document: the best
//    document by the keep policy is kept, every member whose similarity TO
//    THE KEPT DOCUMENT passes joins its cluster, and the rest is clustered
//    again the same way. No chain of merges joins two unrelated pages.
//
// Every step depends only on the set of buckets and on document indices, never
// on thread count or on the order in which buckets arrive: cluster ids are the
// smallest document index of the cluster.
#ifndef DEDUP_CORE_CLUSTER_CLUSTERER_H_
#define DEDUP_CORE_CLUSTER_CLUSTERER_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <vector>

#include "absl/types/span.h"

namespace dedup::cluster {

inline constexpr uint32_t kNoCluster = std::numeric_limits<uint32_t>::max();

// Which member of a cluster is kept.
enum class KeepPolicy {
  kFirst,    // the earliest in input order
  kLongest,  // the longest cleaned text; ties by input order
  kField,    // the highest value of a numeric field; missing ranks lowest; ties by input order
};

// What the clusterer needs to know per document.
struct DocFacts {
  uint64_t cleaned_bytes = 0;
  std::optional<double> keep_value;
};

struct ClusterOptions {
  // Edges need similarity >= verify_threshold (both to form a component and to
  // join a kept document's cluster).
  double verify_threshold = 0.775;
  KeepPolicy keep = KeepPolicy::kFirst;
};

// Returns true when document `a` ranks before `b` as the one to keep.
bool KeepsBefore(uint32_t a, uint32_t b, const std::vector<DocFacts>& facts, KeepPolicy keep);

// Adds the candidate pairs of one LSH bucket to `pairs` as (min << 32 | max).
// REQUIRES: `bucket` sorted ascending, no duplicates.
void AddBucketPairs(absl::Span<const uint32_t> bucket, std::vector<uint64_t>* pairs);

// Sorts and de-duplicates packed candidate pairs.
void SortUniquePairs(std::vector<uint64_t>* pairs);

struct Edge {
  uint32_t a = 0;
  uint32_t b = 0;
  float similarity = 0;
};

struct ClusterResult {
  // Per document: cluster id (= smallest member index) or kNoCluster.
  std::vector<uint32_t> cluster;
  // Per document: index of the kept document of its cluster; itself when it is
  // kept or unclustered.
  std::vector<uint32_t> kept;
  // Per document: similarity to its kept document (1 for kept/unclustered).
  std::vector<float> similarity_to_kept;
  uint64_t clusters = 0;          // clusters of >= 2 documents
  uint64_t duplicates = 0;        // documents dropped as near-duplicates
  uint64_t verifications = 0;     // similarity evaluations in step 4
};

// Similarity of two documents by index, e.g. a sketch estimate. Must be
// symmetric and safe to call from several threads.
using SimilarityFn = std::function<float(uint32_t, uint32_t)>;

// Adds the sizes of the clusters in `cluster` (ClusterResult::cluster) to
// `histogram` (size -> clusters of that size).
void AddClusterSizes(absl::Span<const uint32_t> cluster, std::map<uint64_t, uint64_t>* histogram);

// Steps 3-4: clusters `num_docs` documents from verified `edges`.
ClusterResult ClusterEdges(uint32_t num_docs, const std::vector<Edge>& edges,
                           const std::vector<DocFacts>& facts, const SimilarityFn& similarity,
                           const ClusterOptions& options);

// A result for `num_docs` documents with no cluster, for ClusterComponents.
ClusterResult UnclusteredResult(uint32_t num_docs);

// Steps 3-4 for some of the components of the verified-edge graph: `edges`
// must be whole components (no document of theirs has an edge outside
// them). Writes their documents' entries of *r and adds to its counts, in
// time and memory of the order of `edges`, so that a caller can cluster a
// crawl one batch of components at a time, holding only their sketches for
// `similarity`. Over batches that together hold every edge, *r ends as
// ClusterEdges' result.
void ClusterComponents(const std::vector<Edge>& edges, const std::vector<DocFacts>& facts,
                       const SimilarityFn& similarity, const ClusterOptions& options, ClusterResult* r);

}  // namespace dedup::cluster

#endif  // DEDUP_CORE_CLUSTER_CLUSTERER_H_
