// Copyright 2026 The dedup Authors.
//
// UnionFind: disjoint sets over dense document indices 0..n-1, with path
// halving and union by index: the root of every set is its smallest member,
// so the partition and its representatives do not depend on the order in
// which unions happen (or on how edges were sharded and merged).
#ifndef DEDUP_CORE_CLUSTER_UNION_FIND_H_
#define DEDUP_CORE_CLUSTER_UNION_FIND_H_

#include <cstdint>
#include <vector>

namespace dedup::cluster {

// Not thread-safe.
class UnionFind {
 public:
  explicit UnionFind(uint32_t n);
  // Returns the smallest member of the set holding `x`.
  uint32_t Find(uint32_t x);
  // Merges the sets of `a` and `b`; returns false when they were already one.
  bool Union(uint32_t a, uint32_t b);
  uint32_t size() const { return static_cast<uint32_t>(parent_.size()); }

 private:
  std::vector<uint32_t> parent_;
};

}  // namespace dedup::cluster

#endif  // DEDUP_CORE_CLUSTER_UNION_FIND_H_
