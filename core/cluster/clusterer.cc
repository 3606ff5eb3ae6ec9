// Copyright 2026 The dedup Authors.
#include "core/cluster/clusterer.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "core/cluster/union_find.h"

namespace dedup::cluster {

bool KeepsBefore(uint32_t a, uint32_t b, const std::vector<DocFacts>& facts, KeepPolicy keep) {
  switch (keep) {
    case KeepPolicy::kFirst:
      break;
    case KeepPolicy::kLongest:
      if (facts[a].cleaned_bytes != facts[b].cleaned_bytes)
        return facts[a].cleaned_bytes > facts[b].cleaned_bytes;
      break;
    case KeepPolicy::kField: {
      const auto& va = facts[a].keep_value;
      const auto& vb = facts[b].keep_value;
      if (va.has_value() != vb.has_value()) return va.has_value();
      if (va.has_value() && *va != *vb) return *va > *vb;
      break;
    }
  }
  return a < b;
}

void AddBucketPairs(absl::Span<const uint32_t> bucket, std::vector<uint64_t>* pairs) {
  if (bucket.size() < 2) return;
  const uint64_t first = bucket[0];
  for (size_t i = 1; i < bucket.size(); ++i) {
    pairs->push_back(first << 32 | bucket[i]);
    if (i >= 2) pairs->push_back(uint64_t{bucket[i - 1]} << 32 | bucket[i]);
  }
}

void SortUniquePairs(std::vector<uint64_t>* pairs) {
  std::sort(pairs->begin(), pairs->end());
  pairs->erase(std::unique(pairs->begin(), pairs->end()), pairs->end());
}

void AddClusterSizes(absl::Span<const uint32_t> cluster, std::map<uint64_t, uint64_t>* histogram) {
  absl::flat_hash_map<uint32_t, uint64_t> sizes;
  for (const uint32_t id : cluster)
    if (id != kNoCluster) ++sizes[id];
  for (const auto& [id, size] : sizes) ++(*histogram)[size];
}

ClusterResult UnclusteredResult(uint32_t num_docs) {
  ClusterResult r;
  r.cluster.assign(num_docs, kNoCluster);
  r.kept.resize(num_docs);
  for (uint32_t i = 0; i < num_docs; ++i) r.kept[i] = i;
  r.similarity_to_kept.assign(num_docs, 1.0f);
  return r;
}

ClusterResult ClusterEdges(uint32_t num_docs, const std::vector<Edge>& edges,
                           const std::vector<DocFacts>& facts, const SimilarityFn& similarity,
                           const ClusterOptions& options) {
  ClusterResult r = UnclusteredResult(num_docs);
  ClusterComponents(edges, facts, similarity, options, &r);
  return r;
}

void ClusterComponents(const std::vector<Edge>& edges, const std::vector<DocFacts>& facts,
                       const SimilarityFn& similarity, const ClusterOptions& options, ClusterResult* r) {
  // The documents of the edges, sorted: local index i is docs[i], so a
  // component's smallest local index is its smallest document.
  std::vector<uint32_t> docs;
  docs.reserve(2 * edges.size());
  for (const Edge& e : edges) {
    docs.push_back(e.a);
    docs.push_back(e.b);
  }
  std::sort(docs.begin(), docs.end());
  docs.erase(std::unique(docs.begin(), docs.end()), docs.end());
  auto local = [&](uint32_t d) {
    return static_cast<uint32_t>(std::lower_bound(docs.begin(), docs.end(), d) - docs.begin());
  };
  UnionFind uf(static_cast<uint32_t>(docs.size()));
  for (const Edge& e : edges) uf.Union(local(e.a), local(e.b));

  // Group members by component root; members come out in index order.
  std::vector<std::pair<uint32_t, uint32_t>> by_root;  // (root, member), local
  by_root.reserve(docs.size());
  for (uint32_t i = 0; i < docs.size(); ++i) by_root.emplace_back(uf.Find(i), i);
  std::sort(by_root.begin(), by_root.end());

  std::vector<uint32_t> remaining, next, members;
  size_t i = 0;
  while (i < by_root.size()) {
    size_t j = i;
    remaining.clear();
    while (j < by_root.size() && by_root[j].first == by_root[i].first) remaining.push_back(docs[by_root[j++].second]);
    i = j;
    // Peel off one cluster per round around the best remaining document.
    while (remaining.size() >= 2) {
      uint32_t keep = remaining[0];
      for (uint32_t d : remaining)
        if (KeepsBefore(d, keep, facts, options.keep)) keep = d;
      members.clear();
      next.clear();
      members.push_back(keep);
      for (uint32_t d : remaining) {
        if (d == keep) continue;
        const float s = similarity(d, keep);
        ++r->verifications;
        if (s >= options.verify_threshold) {
          members.push_back(d);
          r->similarity_to_kept[d] = s;
        } else {
          next.push_back(d);
        }
      }
      if (members.size() >= 2) {
        const uint32_t id = *std::min_element(members.begin(), members.end());
        for (uint32_t d : members) {
          r->cluster[d] = id;
          r->kept[d] = keep;
        }
        ++r->clusters;
        r->duplicates += members.size() - 1;
      }
      remaining.swap(next);
    }
  }
}

}  // namespace dedup::cluster
