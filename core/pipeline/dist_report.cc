// Copyright 2026 The dedup Authors.
#include "core/pipeline/dist_report.h"

#include <algorithm>
#include <map>

#include "absl/container/flat_hash_map.h"
#include "core/base/hash.h"
#include "core/pipeline/wire.h"
#include "core/report/top_lines.h"

namespace dedup::pipeline {
namespace {

void PutLines(std::string* out, const std::vector<report::TopLine>& lines) {
  wire::Put<uint64_t>(out, lines.size());
  for (const auto& l : lines) {
    wire::PutString(out, l.text);
    wire::Put<uint64_t>(out, l.documents);
    wire::Put<uint64_t>(out, l.key);
  }
}

void GetLines(wire::Reader* rd, std::vector<report::TopLine>* lines) {
  const uint64_t n = rd->Get<uint64_t>();
  lines->clear();
  for (uint64_t i = 0; i < n && rd->ok(); ++i) {
    report::TopLine l;
    l.text = std::string(rd->GetString());
    l.documents = rd->Get<uint64_t>();
    l.key = rd->Get<uint64_t>();
    lines->push_back(std::move(l));
  }
}

void PutStrings(std::string* out, const std::vector<std::string>& v) {
  wire::Put<uint64_t>(out, v.size());
  for (const auto& s : v) wire::PutString(out, s);
}

void GetStrings(wire::Reader* rd, std::vector<std::string>* v) {
  const uint64_t n = rd->Get<uint64_t>();
  v->clear();
  for (uint64_t i = 0; i < n && rd->ok(); ++i) v->emplace_back(rd->GetString());
}

template <class A, class B>
void PutPairs(std::string* out, const std::vector<std::pair<A, B>>& v) {
  wire::Put<uint64_t>(out, v.size());
  for (const auto& [a, b] : v) {
    if constexpr (std::is_same_v<A, std::string>) {
      wire::PutString(out, a);
    } else {
      wire::Put<A>(out, a);
    }
    wire::Put<B>(out, b);
  }
}

template <class A, class B>
void GetPairs(wire::Reader* rd, std::vector<std::pair<A, B>>* v) {
  const uint64_t n = rd->Get<uint64_t>();
  v->clear();
  for (uint64_t i = 0; i < n && rd->ok(); ++i) {
    A a;
    if constexpr (std::is_same_v<A, std::string>) {
      a = std::string(rd->GetString());
    } else {
      a = rd->Get<A>();
    }
    const B b = rd->Get<B>();
    v->emplace_back(std::move(a), b);
  }
}

// Merges line lists by text through a Space-Saving counter, as one run would
// have counted them.
std::vector<report::TopLine> MergeLines(const std::vector<report::TopLine>& a, const std::vector<report::TopLine>& b,
                                        size_t capacity) {
  report::TopLines t(capacity);
  for (const auto* v : {&a, &b})
    for (const auto& l : *v) t.Add(l.key != 0 ? l.key : base::Hash64(l.text), l.text, l.documents);
  return t.Top(capacity);
}

template <class T>
void AddHistogram(const std::vector<std::pair<T, uint64_t>>& from, std::vector<std::pair<T, uint64_t>>* into) {
  std::map<T, uint64_t> m(into->begin(), into->end());
  for (const auto& [k, v] : from) m[k] += v;
  into->assign(m.begin(), m.end());
}

}  // namespace

std::string EncodeReportShare(const report::Report& r) {
  std::string out;
  for (const uint64_t v : {r.records, r.documents, r.bytes, r.error_records, r.replaced_records, r.replaced_chars,
                           r.near_duplicate_documents, r.near_duplicate_clusters, r.near_duplicate_bytes,
                           r.repeated_block.documents, r.repeated_block.bytes, r.boilerplate.documents,
                           r.boilerplate.bytes, r.kept_documents, r.kept_bytes})
    wire::Put<uint64_t>(&out, v);
  PutStrings(&out, r.error_examples);
  PutStrings(&out, r.replaced_examples);
  PutPairs(&out, r.converted_charsets);
  PutLines(&out, r.boilerplate_top);
  wire::Put<uint64_t>(&out, r.groups.size());
  for (const auto& g : r.groups) {
    wire::PutString(&out, g.group);
    for (const uint64_t v : {g.documents, g.bytes, g.boilerplate.documents, g.boilerplate.bytes}) wire::Put<uint64_t>(&out, v);
    PutLines(&out, g.top);
  }
  PutPairs(&out, r.seconds);
  wire::PutVector(&out, r.similarity_bins);
  PutPairs(&out, r.cluster_sizes);
  return out;
}

absl::Status DecodeReportShare(const std::string& bytes, report::Report* r) {
  wire::Reader rd(bytes);
  for (uint64_t* v : {&r->records, &r->documents, &r->bytes, &r->error_records, &r->replaced_records,
                      &r->replaced_chars, &r->near_duplicate_documents, &r->near_duplicate_clusters,
                      &r->near_duplicate_bytes, &r->repeated_block.documents, &r->repeated_block.bytes,
                      &r->boilerplate.documents, &r->boilerplate.bytes, &r->kept_documents, &r->kept_bytes})
    *v = rd.Get<uint64_t>();
  GetStrings(&rd, &r->error_examples);
  GetStrings(&rd, &r->replaced_examples);
  GetPairs(&rd, &r->converted_charsets);
  GetLines(&rd, &r->boilerplate_top);
  const uint64_t groups = rd.Get<uint64_t>();
  r->groups.clear();
  for (uint64_t i = 0; i < groups && rd.ok(); ++i) {
    report::GroupStats g;
    g.group = std::string(rd.GetString());
    for (uint64_t* v : {&g.documents, &g.bytes, &g.boilerplate.documents, &g.boilerplate.bytes}) *v = rd.Get<uint64_t>();
    GetLines(&rd, &g.top);
    r->groups.push_back(std::move(g));
  }
  GetPairs(&rd, &r->seconds);
  rd.GetVector(&r->similarity_bins);
  GetPairs(&rd, &r->cluster_sizes);
  if (!rd.ok() || !rd.done()) return absl::InternalError("a rank's report share is damaged");
  return absl::OkStatus();
}

void AddReportShare(const report::Report& s, report::Report* r, const MergeLimits& limits) {
  r->records += s.records;
  r->documents += s.documents;
  r->bytes += s.bytes;
  r->error_records += s.error_records;
  r->replaced_records += s.replaced_records;
  r->replaced_chars += s.replaced_chars;
  r->near_duplicate_documents += s.near_duplicate_documents;
  r->near_duplicate_clusters += s.near_duplicate_clusters;
  r->near_duplicate_bytes += s.near_duplicate_bytes;
  r->repeated_block.documents += s.repeated_block.documents;
  r->repeated_block.bytes += s.repeated_block.bytes;
  r->boilerplate.documents += s.boilerplate.documents;
  r->boilerplate.bytes += s.boilerplate.bytes;
  r->kept_documents += s.kept_documents;
  r->kept_bytes += s.kept_bytes;
  for (const auto& e : s.error_examples)
    if (r->error_examples.size() < limits.examples) r->error_examples.push_back(e);
  for (const auto& e : s.replaced_examples)
    if (r->replaced_examples.size() < limits.examples) r->replaced_examples.push_back(e);
  AddHistogram(s.converted_charsets, &r->converted_charsets);
  r->boilerplate_top = MergeLines(r->boilerplate_top, s.boilerplate_top, limits.top_capacity);
  absl::flat_hash_map<std::string, size_t> index;
  for (size_t i = 0; i < r->groups.size(); ++i) index[r->groups[i].group] = i;
  for (const auto& g : s.groups) {
    auto [it, fresh] = index.try_emplace(g.group, r->groups.size());
    if (fresh) {
      r->groups.push_back(g);
      continue;
    }
    report::GroupStats& m = r->groups[it->second];
    m.documents += g.documents;
    m.bytes += g.bytes;
    m.boilerplate.documents += g.boilerplate.documents;
    m.boilerplate.bytes += g.boilerplate.bytes;
    m.top = MergeLines(m.top, g.top, limits.group_top_capacity);
  }
  // Stage seconds: the slowest rank's.
  for (const auto& stage : s.seconds) {
    auto it = std::find_if(r->seconds.begin(), r->seconds.end(), [&](const auto& p) { return p.first == stage.first; });
    if (it == r->seconds.end()) {
      r->seconds.push_back(stage);
    } else {
      it->second = std::max(it->second, stage.second);
    }
  }
  if (r->similarity_bins.size() < s.similarity_bins.size()) r->similarity_bins.resize(s.similarity_bins.size(), 0);
  for (size_t i = 0; i < s.similarity_bins.size(); ++i) r->similarity_bins[i] += s.similarity_bins[i];
  AddHistogram(s.cluster_sizes, &r->cluster_sizes);
}

void FinishMergedReport(report::Report* r, const MergeLimits& limits) {
  if (r->boilerplate_top.size() > limits.top_lines) r->boilerplate_top.resize(limits.top_lines);
  for (auto& g : r->groups)
    if (g.top.size() > limits.group_top) g.top.resize(limits.group_top);
  std::sort(r->groups.begin(), r->groups.end(), [](const report::GroupStats& a, const report::GroupStats& b) {
    const double ra = report::Ratio(a.boilerplate.bytes, a.bytes), rb = report::Ratio(b.boilerplate.bytes, b.bytes);
    return ra != rb ? ra > rb : a.group < b.group;
  });
  if (r->groups.size() > limits.groups) r->groups.resize(limits.groups);
}

absl::Status MergeReports(Comm& comm, report::Report* r, const MergeLimits& limits) {
  std::vector<std::string> shares;
  comm.Gather(EncodeReportShare(*r), &shares);
  if (comm.rank() != 0) return absl::OkStatus();
  report::Report merged;
  merged.similarity_bins.assign(r->similarity_bins.size(), 0);
  for (const std::string& bytes : shares) {
    report::Report share;
    if (absl::Status st = DecodeReportShare(bytes, &share); !st.ok()) return st;
    AddReportShare(share, &merged, limits);
  }
  FinishMergedReport(&merged, limits);
  // What the ranks share rather than add up.
  merged.params_json = std::move(r->params_json);
  merged.threshold = r->threshold;
  merged.verify_threshold = r->verify_threshold;
  *r = std::move(merged);
  return absl::OkStatus();
}

}  // namespace dedup::pipeline
