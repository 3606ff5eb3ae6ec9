// Copyright 2026 The dedup Authors.
#include "core/cluster/union_find.h"

#include <numeric>

namespace dedup::cluster {

UnionFind::UnionFind(uint32_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), 0u); }

uint32_t UnionFind::Find(uint32_t x) {
  while (parent_[x] != x) {
    parent_[x] = parent_[parent_[x]];  // path halving
    x = parent_[x];
  }
  return x;
}

bool UnionFind::Union(uint32_t a, uint32_t b) {
  a = Find(a);
  b = Find(b);
  if (a == b) return false;
  // The smaller index becomes the root: representatives are order-independent.
  if (a < b) {
    parent_[b] = a;
  } else {
    parent_[a] = b;
  }
  return true;
}

}  // namespace dedup::cluster
