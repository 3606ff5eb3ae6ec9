// Copyright 2026 The dedup Authors.
#include "core/report/top_lines.h"

#include <algorithm>

namespace dedup::report {

void TopLines::EvictSmallest() {
  auto victim = entries_.begin();
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->second.count < victim->second.count ||
        (it->second.count == victim->second.count && it->first < victim->first))
      victim = it;
  }
  entries_.erase(victim);
}

void TopLines::Add(uint64_t key, std::string_view text, uint64_t count) {
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    it->second.count += count;
    return;
  }
  uint64_t inherited = 0;
  if (entries_.size() >= capacity_) {
    // Evicting scans all counters; amortise by evicting an eighth at a time.
    std::vector<uint64_t> counts;
    counts.reserve(entries_.size());
    for (const auto& [k, e] : entries_) counts.push_back(e.count);
    const size_t drop = std::max<size_t>(1, capacity_ / 8);
    std::nth_element(counts.begin(), counts.begin() + static_cast<long>(drop - 1), counts.end());
    const uint64_t cut = counts[drop - 1];
    size_t dropped = 0;
    for (auto e = entries_.begin(); e != entries_.end() && dropped < drop;) {
      if (e->second.count <= cut) {
        inherited = std::max(inherited, e->second.count);
        entries_.erase(e++);
        ++dropped;
      } else {
        ++e;
      }
    }
  }
  entries_[key] = Entry{std::string(text), inherited + count};
}

void TopLines::Merge(const TopLines& other) {
  for (const auto& [k, e] : other.entries_) Add(k, e.text, e.count);
}

std::vector<TopLine> TopLines::Top(size_t n) const {
  std::vector<TopLine> all;
  all.reserve(entries_.size());
  for (const auto& [k, e] : entries_) all.push_back({e.text, e.count, k});
  std::sort(all.begin(), all.end(), [](const TopLine& a, const TopLine& b) {
    return a.documents != b.documents ? a.documents > b.documents : a.text < b.text;
  });
  if (all.size() > n) all.resize(n);
  return all;
}

}  // namespace dedup::report
