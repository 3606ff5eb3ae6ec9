// Copyright 2026 The dedup Authors.
#include "core/pipeline/audit_sample.h"

#include <algorithm>

#include "core/base/hash.h"
#include "core/base/utf8.h"

namespace dedup::pipeline {
namespace {

constexpr uint64_t kSampleSeed = 0x5A3D1E0C0FFEE123ULL;

std::string_view Cut(std::string_view text) {
  if (text.size() <= report::kSampleTextBytes) return text;
  return text.substr(0, base::FloorToCharBoundary(text, report::kSampleTextBytes));
}

constexpr auto kByHash = [](const auto& a, const auto& b) { return a.hash < b.hash; };

}  // namespace

uint64_t SampleHash(std::string_view id) { return base::Hash64(id, kSampleSeed); }

void DocSampler::Offer(uint64_t hash, uint32_t ordinal, std::string_view id, std::string_view group,
                       std::string_view text, const std::vector<base::RemovedSpan>& spans) {
  if (spans.empty() || per_kind_ == 0) return;
  bool block = false;
  for (const auto& s : spans) block |= s.kind == base::RemovalKind::kRepeatedBlock;
  std::vector<Entry>& heap = heaps_[block ? 0 : 1];
  if (heap.size() == per_kind_) {
    if (hash >= heap.front().hash) return;
    std::pop_heap(heap.begin(), heap.end(), kByHash);
    heap.pop_back();
  }
  Entry e{hash, ordinal, {}};
  e.doc.id = id;
  e.doc.group = group;
  e.doc.original_bytes = text.size();
  e.doc.text = Cut(text);
  const uint64_t cut = e.doc.text.size();
  for (const auto& s : spans) {
    if (s.start >= cut) continue;
    e.doc.spans.push_back(s);
    e.doc.spans.back().end = std::min(s.end, cut);
  }
  heap.push_back(std::move(e));
  std::push_heap(heap.begin(), heap.end(), kByHash);
  UpdateAdmit();
}

void DocSampler::UpdateAdmit() {
  uint64_t admit = 0;
  for (const auto& h : heaps_) admit = std::max(admit, h.size() < per_kind_ ? UINT64_MAX : h.front().hash);
  admit_below_.store(admit, std::memory_order_relaxed);
}

std::vector<report::DocSample> DocSampler::Take(const cluster::ClusterResult& r, const base::StringColumn& ids) {
  std::vector<Entry> all;
  for (auto& h : heaps_) {
    for (auto& e : h) all.push_back(std::move(e));
    h.clear();
  }
  std::sort(all.begin(), all.end(), [](const Entry& a, const Entry& b) { return a.ordinal < b.ordinal; });
  std::vector<report::DocSample> out;
  for (auto& e : all) {
    if (e.ordinal < r.kept.size() && r.kept[e.ordinal] != e.ordinal) {
      e.doc.duplicate_of = ids[r.kept[e.ordinal]];
      e.doc.similarity = r.similarity_to_kept[e.ordinal];
    }
    out.push_back(std::move(e.doc));
  }
  UpdateAdmit();
  return out;
}

std::vector<uint32_t> ChoosePairs(const cluster::ClusterResult& r, const base::StringColumn& ids, size_t count) {
  struct Cand {
    float similarity;
    uint64_t hash;
    uint32_t d;
  };
  std::vector<Cand> dropped;
  for (uint32_t d = 0; d < r.kept.size(); ++d)
    if (r.kept[d] != d) dropped.push_back({r.similarity_to_kept[d], SampleHash(ids[d]), d});
  std::vector<uint32_t> chosen;
  const size_t closest = std::min(dropped.size(), (count + 1) / 2);
  std::partial_sort(dropped.begin(), dropped.begin() + static_cast<long>(closest), dropped.end(),
                    [](const Cand& a, const Cand& b) { return a.similarity != b.similarity ? a.similarity < b.similarity : a.d < b.d; });
  for (size_t i = 0; i < closest; ++i) chosen.push_back(dropped[i].d);
  const size_t rest = std::min(dropped.size() - closest, count - closest);
  std::partial_sort(dropped.begin() + static_cast<long>(closest), dropped.begin() + static_cast<long>(closest + rest),
                    dropped.end(), [](const Cand& a, const Cand& b) { return a.hash != b.hash ? a.hash < b.hash : a.d < b.d; });
  for (size_t i = closest; i < closest + rest; ++i) chosen.push_back(dropped[i].d);
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

PairTexts::PairTexts(const cluster::ClusterResult& r, const std::vector<uint32_t>& dropped) : dropped_(dropped) {
  for (uint32_t d : dropped) {
    for (uint32_t o : {d, r.kept[d]}) {
      texts_.try_emplace(o);
      end_ = std::max(end_, o + 1);
    }
  }
}

void PairTexts::Put(uint32_t ordinal, std::string_view cleaned) {
  auto it = texts_.find(ordinal);
  if (it != texts_.end()) it->second = Cut(cleaned);
}

std::vector<report::PairSample> PairTexts::Take(const cluster::ClusterResult& r, const base::StringColumn& ids) {
  std::vector<report::PairSample> out;
  for (uint32_t d : dropped_) {
    report::PairSample p;
    p.kept_id = ids[r.kept[d]];
    p.dropped_id = ids[d];
    p.kept_text = texts_[r.kept[d]];
    p.dropped_text = texts_[d];
    p.similarity = r.similarity_to_kept[d];
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace dedup::pipeline
