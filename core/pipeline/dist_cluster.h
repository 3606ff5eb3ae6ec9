// Copyright 2026 The dedup Authors.
//
// The near-duplicate stages of a run split among ranks (issue 8): band,
// candidates, verify and cluster, with no rank holding all documents or all
// edges. Each rank holds its own documents: a contiguous range of the global
// input order, [first[rank], first[rank + 1]).
//
//   1. Band keys go to the rank that owns them (a hash of band and key), one
//      band per all-to-all; the owner sorts each bucket by document and pairs
//      it up exactly as the single-process run does (cluster::AddBucketPairs).
//   2. Each pair goes to the home rank of its smaller document; the other
//      document's sketch is fetched from its home, and the pair verified there.
//   3. Connected components of the verified edges by min-label propagation:
//      every document starts with its own index as label; each round a rank
//      offers the labels of its documents to their neighbours' homes, which
//      keep the minimum. At the fixed point every label is the smallest index
//      of the component. Rounds: the longest shortest path in a component + 1.
//   4. Each component goes to one rank (a hash of its label) with its members'
//      sketches, facts and ids, and is clustered there by the same code as a
//      single-process run (cluster::ClusterEdges, members in index order), so
//      the clusters and the kept documents are the same.
//   5. The decisions go back to the documents' homes.
#ifndef DEDUP_CORE_PIPELINE_DIST_CLUSTER_H_
#define DEDUP_CORE_PIPELINE_DIST_CLUSTER_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "core/base/string_column.h"
#include "core/cluster/clusterer.h"
#include "core/pipeline/comm.h"
#include "core/pipeline/span_spill.h"

namespace dedup::pipeline {

struct DistClusterInput {
  // Global index of each rank's first document; size ranks + 1 (the last is
  // the total).
  std::vector<uint64_t> first;
  size_t bands = 0;
  BandSpill* band_keys = nullptr;   // this rank's documents
  SketchSpill* sketches = nullptr;  // this rank's documents
  const std::vector<uint8_t>* signable = nullptr;
  const std::vector<cluster::DocFacts>* facts = nullptr;
  const base::StringColumn* ids = nullptr;
  int sketch_size = 256;
  // Sketches held at once, about: verifying and clustering go in rounds of
  // this many bytes of sketches per rank.
  size_t sketch_batch_bytes = size_t{64} << 20;
  cluster::ClusterOptions cluster;
  int workers = 1;
};

struct DistClusterResult {
  // Per document of this rank: its cluster id (the smallest global index of
  // the cluster) or kNoCluster; whether it is dropped; its similarity to the
  // kept document (1 when kept); the kept document's id when dropped.
  std::vector<uint32_t> cluster;
  std::vector<uint8_t> dropped;
  std::vector<float> similarity_to_kept;
  absl::flat_hash_map<uint32_t, std::string> kept_id;
  // This rank's share of the run's figures (sum them over ranks): clusters
  // decided here, their sizes, and the pairs verified here by similarity.
  uint64_t clusters = 0;
  std::map<uint64_t, uint64_t> cluster_sizes;
  std::vector<uint64_t> similarity_bins;
  // Work done, for the logs and tests.
  uint64_t candidate_pairs = 0, edges = 0, label_rounds = 0;
  // Seconds until this rank held its candidate pairs (the report's "index").
  double index_seconds = 0;
};

// Collective. Errors (a spill file that cannot be read) are agreed among the
// ranks (Agree()).
absl::StatusOr<DistClusterResult> DistributedCluster(Comm& comm, const DistClusterInput& in);

}  // namespace dedup::pipeline

#endif  // DEDUP_CORE_PIPELINE_DIST_CLUSTER_H_
