// Copyright 2026 The dedup Authors.
#include "core/pipeline/dist_cluster.h"

#include <algorithm>
#include <chrono>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "core/base/hash.h"
#include "core/lsh/lsh.h"
#include "core/minhash/minhash.h"
#include "core/base/status_macros.h"
#include "core/pipeline/verify.h"
#include "core/pipeline/wire.h"
#include "core/report/report.h"

namespace dedup::pipeline {
namespace {

class Ranks {
 public:
  explicit Ranks(const std::vector<uint64_t>& first) : first_(first) {}
  int count() const { return static_cast<int>(first_.size()) - 1; }
  // The rank holding global document g.
  size_t Home(uint64_t g) const {
    return static_cast<size_t>(std::upper_bound(first_.begin(), first_.end() - 1, g) - first_.begin() - 1);
  }

 private:
  const std::vector<uint64_t>& first_;
};

size_t OwnerOf(uint64_t hash, int ranks) { return static_cast<size_t>(base::Mix64(hash) % static_cast<uint64_t>(ranks)); }

// Step 1: candidate pairs (min << 32 | max, global indices) found by the
// buckets this rank owns, sorted and unique.
absl::Status BandPairs(Comm& comm, const DistClusterInput& in, uint64_t me_first, std::vector<uint64_t>* pairs) {
  const int n = comm.size();
  absl::Status local;
  std::vector<uint64_t> keys;
  std::vector<std::string> send, recv;
  std::vector<lsh::BandEntry> entries;
  std::vector<uint32_t> bucket;
  for (size_t b = 0; b < in.bands; ++b) {
    send.assign(static_cast<size_t>(n), {});
    if (local.ok()) local = in.band_keys->ReadBand(b, &keys);
    if (local.ok()) {
      const auto& signable = *in.signable;
      for (size_t d = 0; d < signable.size() && d < keys.size(); ++d) {
        if (!signable[d]) continue;
        std::string& out = send[OwnerOf(keys[d] ^ (uint64_t{b} * 0x9E3779B97F4A7C15ULL), n)];
        wire::Put<uint64_t>(&out, keys[d]);
        wire::Put<uint32_t>(&out, static_cast<uint32_t>(me_first + d));
      }
    }
    comm.AllToAll(&send, &recv);
    entries.clear();
    for (const std::string& from : recv) {
      wire::Reader r(from);
      while (!r.done() && r.ok()) {
        lsh::BandEntry e;
        e.key = r.Get<uint64_t>();
        e.doc = r.Get<uint32_t>();
        if (r.ok()) entries.push_back(e);
      }
    }
    lsh::SortBand(&entries);
    lsh::ForEachBucket(entries, [&](absl::Span<const lsh::BandEntry> be) {
      bucket.clear();
      for (const auto& e : be) bucket.push_back(e.doc);
      cluster::AddBucketPairs(bucket, pairs);
    });
    cluster::SortUniquePairs(pairs);
  }
  return local;
}

// Routes each pair to the home of its smaller document.
void RoutePairs(Comm& comm, const Ranks& ranks, std::vector<uint64_t>* pairs) {
  std::vector<std::string> send(static_cast<size_t>(comm.size())), recv;
  for (const uint64_t p : *pairs) wire::Put<uint64_t>(&send[ranks.Home(p >> 32)], p);
  std::vector<uint64_t>().swap(*pairs);
  comm.AllToAll(&send, &recv);
  for (const std::string& from : recv) {
    wire::Reader r(from);
    while (!r.done() && r.ok()) pairs->push_back(r.Get<uint64_t>());
  }
  cluster::SortUniquePairs(pairs);
}

// Sketches of other ranks' documents, by global index.
using RemoteSketches = absl::flat_hash_map<uint32_t, std::vector<uint32_t>>;

// Step 2's fetch: loads this rank's sketches of documents in `pairs` or
// asked for by other ranks (in place of those loaded before), and fetches
// the remote ones `pairs` needs.
absl::Status FetchSketches(Comm& comm, const DistClusterInput& in, const Ranks& ranks, uint64_t me_first,
                           absl::Span<const uint64_t> pairs, RemoteSketches* remote) {
  const size_t n = static_cast<size_t>(comm.size());
  const uint64_t me_end = me_first + in.signable->size();
  std::vector<uint32_t> load;  // local indices
  std::vector<std::vector<uint32_t>> want(n);
  for (const uint64_t p : pairs) {
    for (const uint64_t g : {p >> 32, p & 0xFFFFFFFFu}) {
      if (g >= me_first && g < me_end) {
        load.push_back(static_cast<uint32_t>(g - me_first));
      } else {
        want[ranks.Home(g)].push_back(static_cast<uint32_t>(g));
      }
    }
  }
  std::vector<std::string> send(n), recv;
  for (size_t r = 0; r < n; ++r) {
    auto& w = want[r];
    std::sort(w.begin(), w.end());
    w.erase(std::unique(w.begin(), w.end()), w.end());
    for (const uint32_t g : w) wire::Put<uint32_t>(&send[r], g);
  }
  comm.AllToAll(&send, &recv);
  std::vector<std::vector<uint32_t>> asked(n);
  for (size_t r = 0; r < n; ++r) {
    wire::Reader rd(recv[r]);
    while (!rd.done() && rd.ok()) {
      const uint32_t g = rd.Get<uint32_t>();
      if (rd.ok() && g >= me_first && g < me_end) {
        asked[r].push_back(g);
        load.push_back(static_cast<uint32_t>(g - me_first));
      }
    }
  }
  std::sort(load.begin(), load.end());
  load.erase(std::unique(load.begin(), load.end()), load.end());
  absl::Status local = in.sketches->LoadDocs(load);
  send.assign(n, {});
  if (local.ok()) {
    for (size_t r = 0; r < n; ++r) {
      for (const uint32_t g : asked[r]) {
        const auto sk = in.sketches->Sketch(static_cast<uint32_t>(g - me_first));
        wire::Put<uint32_t>(&send[r], g);
        wire::PutArray(&send[r], sk.data(), sk.size());
      }
    }
  }
  comm.AllToAll(&send, &recv);
  for (const std::string& from : recv) {
    wire::Reader rd(from);
    while (!rd.done() && rd.ok()) {
      const uint32_t g = rd.Get<uint32_t>();
      std::vector<uint32_t> sk;
      rd.GetVector(&sk);
      if (rd.ok()) (*remote)[g] = std::move(sk);
    }
  }
  return local;
}

// The largest of every rank's `v`. Collective.
uint64_t AllMax(Comm& comm, uint64_t v) {
  std::vector<uint64_t> all(static_cast<size_t>(comm.size()), 0);
  all[static_cast<size_t>(comm.rank())] = v;
  comm.AllReduceSum(absl::MakeSpan(all));
  return *std::max_element(all.begin(), all.end());
}

// Cuts `pairs` into consecutive batches whose documents' sketches take at
// most `budget` bytes (a batch has one pair at least); returns where each
// batch ends. A remote document counts as a full sketch.
std::vector<size_t> CutPairBatches(const std::vector<uint64_t>& pairs, const DistClusterInput& in, uint64_t me_first,
                                   size_t budget) {
  const uint64_t me_end = me_first + in.signable->size();
  auto bytes_of = [&](uint64_t g) -> size_t {
    if (g >= me_first && g < me_end) return in.sketches->SketchBytes(static_cast<uint32_t>(g - me_first));
    return static_cast<size_t>(in.sketch_size) * sizeof(uint32_t);
  };
  std::vector<size_t> ends;
  absl::flat_hash_set<uint32_t> seen;
  size_t bytes = 0;
  for (size_t i = 0; i < pairs.size(); ++i) {
    const uint32_t a = static_cast<uint32_t>(pairs[i] >> 32), b = static_cast<uint32_t>(pairs[i]);
    auto cost = [&] { return (seen.contains(a) ? 0 : bytes_of(a)) + (seen.contains(b) ? 0 : bytes_of(b)); };
    size_t c = cost();
    if (!seen.empty() && bytes + c > budget) {
      ends.push_back(i);
      seen.clear();
      bytes = 0;
      c = cost();
    }
    seen.insert(a);
    seen.insert(b);
    bytes += c;
  }
  if (!pairs.empty()) ends.push_back(pairs.size());
  return ends;
}

// The verified edges at this rank, between its documents that have one
// (`member`, local indices, ascending) and their neighbours: neighbours here
// as member positions (`near`), elsewhere as global indices (`far`), each in
// compressed rows (member i's are [begin[i], begin[i + 1])). Documents
// without an edge, most of a crawl, cost nothing: a rank of 60 million
// documents holds its edges and members only.
struct EdgeGraph {
  std::vector<uint32_t> member;
  std::vector<uint64_t> near_begin, far_begin;
  std::vector<uint32_t> near, far;
  std::vector<uint32_t> label;  // per member: the least global index reached

  size_t size() const { return member.size(); }
  // The position of local document `d` among the members, or size().
  size_t PositionOf(uint64_t d) const {
    const auto it = std::lower_bound(member.begin(), member.end(), d);
    return it != member.end() && *it == d ? static_cast<size_t>(it - member.begin()) : size();
  }
};

// Builds the graph from half-edges (local document, global neighbour), in
// any order; consumes them.
EdgeGraph BuildEdgeGraph(std::vector<std::pair<uint32_t, uint32_t>>* ends, uint64_t me_first, uint64_t me_end) {
  EdgeGraph g;
  std::sort(ends->begin(), ends->end());
  for (size_t i = 0; i < ends->size(); ++i)
    if (i == 0 || (*ends)[i].first != (*ends)[i - 1].first) g.member.push_back((*ends)[i].first);
  g.near_begin.assign(g.size() + 1, 0);
  g.far_begin.assign(g.size() + 1, 0);
  size_t m = 0;
  for (size_t i = 0; i < ends->size(); ++i) {
    const auto [u, w] = (*ends)[i];
    if (i > 0 && u != (*ends)[i - 1].first) ++m;
    if (w >= me_first && w < me_end) {
      // An edge between two documents here is kept at both ends: w is a member.
      g.near.push_back(static_cast<uint32_t>(g.PositionOf(w - me_first)));
      ++g.near_begin[m + 1];
    } else {
      g.far.push_back(w);
      ++g.far_begin[m + 1];
    }
  }
  for (size_t i = 0; i < g.size(); ++i) {
    g.near_begin[i + 1] += g.near_begin[i];
    g.far_begin[i + 1] += g.far_begin[i];
  }
  std::vector<std::pair<uint32_t, uint32_t>>().swap(*ends);
  g.label.resize(g.size());
  for (size_t i = 0; i < g.size(); ++i) g.label[i] = static_cast<uint32_t>(me_first + g.member[i]);
  return g;
}

// Step 3: min-label propagation to a fixed point. Each round costs the
// members and their edges.
uint64_t PropagateLabels(Comm& comm, const Ranks& ranks, uint64_t me_first, EdgeGraph* g) {
  const size_t n = static_cast<size_t>(comm.size());
  std::vector<uint8_t> dirty(g->size(), 1), next(g->size(), 0);
  std::vector<std::string> send, recv;
  uint64_t rounds = 0;
  for (;;) {
    ++rounds;
    send.assign(n, {});
    uint64_t changed = 0;
    // Local neighbours first, to a local fixed point; remote ones get offers.
    bool again = true;
    std::vector<uint8_t> offer = dirty;
    while (again) {
      again = false;
      for (size_t u = 0; u < g->size(); ++u) {
        if (!dirty[u]) continue;
        dirty[u] = 0;
        for (uint64_t e = g->near_begin[u]; e < g->near_begin[u + 1]; ++e) {
          const uint32_t w = g->near[e];
          if (g->label[u] < g->label[w]) {
            g->label[w] = g->label[u];
            dirty[w] = offer[w] = 1;
            again = true;
            ++changed;
          }
        }
      }
    }
    for (size_t u = 0; u < g->size(); ++u) {
      if (!offer[u]) continue;
      for (uint64_t e = g->far_begin[u]; e < g->far_begin[u + 1]; ++e) {
        const uint32_t w = g->far[e];
        std::string& out = send[ranks.Home(w)];
        wire::Put<uint32_t>(&out, w);
        wire::Put<uint32_t>(&out, g->label[u]);
      }
    }
    comm.AllToAll(&send, &recv);
    std::fill(next.begin(), next.end(), 0);
    for (const std::string& from : recv) {
      wire::Reader rd(from);
      while (!rd.done() && rd.ok()) {
        const uint32_t w = rd.Get<uint32_t>();
        const uint32_t lab = rd.Get<uint32_t>();
        if (!rd.ok() || w < me_first) continue;
        const size_t lw = g->PositionOf(w - me_first);
        if (lw == g->size()) continue;
        if (lab < g->label[lw]) {
          g->label[lw] = lab;
          next[lw] = 1;
          ++changed;
        }
      }
    }
    dirty.swap(next);
    uint64_t total[1] = {changed};
    comm.AllReduceSum(absl::MakeSpan(total));
    if (total[0] == 0) break;
  }
  return rounds;
}

// A member of a component, as sent to the rank that clusters it.
struct Member {
  uint32_t doc = 0;
  cluster::DocFacts facts;
  std::string id;
  std::vector<uint32_t> sketch;
};

}  // namespace

absl::StatusOr<DistClusterResult> DistributedCluster(Comm& comm, const DistClusterInput& in) {
  const auto t0 = std::chrono::steady_clock::now();
  const size_t n = static_cast<size_t>(comm.size());
  const Ranks ranks(in.first);
  const uint64_t me_first = in.first[static_cast<size_t>(comm.rank())];
  const size_t local_docs = in.signable->size();
  const uint64_t me_end = me_first + local_docs;
  DistClusterResult res;
  res.cluster.assign(local_docs, cluster::kNoCluster);
  res.dropped.assign(local_docs, 0);
  res.similarity_to_kept.assign(local_docs, 1.0f);
  res.similarity_bins.assign(report::kSimilarityBins, 0);

  std::vector<uint64_t> pairs;
  absl::Status local = BandPairs(comm, in, me_first, &pairs);
  RoutePairs(comm, ranks, &pairs);
  res.candidate_pairs = pairs.size();
  res.index_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  // Step 2, in rounds: each rank verifies a batch of its pairs whose
  // sketches fit the budget, with the sketches it is asked for, until every
  // rank is done.
  std::vector<float> sims;
  sims.reserve(pairs.size());
  {
    const std::vector<size_t> ends = CutPairBatches(pairs, in, me_first, in.sketch_batch_bytes);
    const uint64_t rounds = AllMax(comm, ends.size());
    size_t begin = 0;
    for (uint64_t round = 0; round < rounds; ++round) {
      const size_t end = round < ends.size() ? ends[round] : begin;
      const auto batch = absl::MakeConstSpan(pairs).subspan(begin, end - begin);
      RemoteSketches remote;
      if (absl::Status st = FetchSketches(comm, in, ranks, me_first, batch, &remote); local.ok()) local = st;
      auto sketch_of = [&](uint64_t g) -> absl::Span<const uint32_t> {
        if (g >= me_first && g < me_end) return in.sketches->Sketch(static_cast<uint32_t>(g - me_first));
        auto it = remote.find(static_cast<uint32_t>(g));
        return it == remote.end() ? absl::Span<const uint32_t>() : absl::MakeConstSpan(it->second);
      };
      const std::vector<float> s = ScorePairs(batch, in.workers, [&](uint64_t a, uint64_t b) {
        return static_cast<float>(minhash::EstimateJaccardBottomK(sketch_of(a), sketch_of(b), in.sketch_size));
      });
      sims.insert(sims.end(), s.begin(), s.end());
      begin = end;
    }
  }
  BinSimilarities(sims, &res.similarity_bins);

  // Edges, kept at both ends' homes.
  EdgeGraph graph;
  {
    std::vector<std::pair<uint32_t, uint32_t>> ends;  // (local document, global neighbour)
    std::vector<std::string> send(n), recv;
    for (size_t i = 0; i < pairs.size(); ++i) {
      if (sims[i] < in.cluster.verify_threshold) continue;
      ++res.edges;
      const uint32_t a = static_cast<uint32_t>(pairs[i] >> 32), b = static_cast<uint32_t>(pairs[i]);
      ends.emplace_back(static_cast<uint32_t>(a - me_first), b);
      if (b >= me_first && b < me_end) {
        ends.emplace_back(static_cast<uint32_t>(b - me_first), a);
      } else {
        wire::Put<uint32_t>(&send[ranks.Home(b)], b);
        wire::Put<uint32_t>(&send[ranks.Home(b)], a);
      }
    }
    std::vector<uint64_t>().swap(pairs);
    std::vector<float>().swap(sims);
    comm.AllToAll(&send, &recv);
    for (const std::string& from : recv) {
      wire::Reader rd(from);
      while (!rd.done() && rd.ok()) {
        const uint32_t b = rd.Get<uint32_t>(), a = rd.Get<uint32_t>();
        if (rd.ok() && b >= me_first && b < me_end) ends.emplace_back(static_cast<uint32_t>(b - me_first), a);
      }
    }
    graph = BuildEdgeGraph(&ends, me_first, me_end);
  }
  res.label_rounds = PropagateLabels(comm, ranks, me_first, &graph);

  // Components to the ranks that cluster them, in rounds: a component goes
  // whole in round RoundOf(label), with as many rounds as make every rank's
  // sketches sent or received in a round about the budget.
  std::vector<uint32_t> member = std::move(graph.member);  // local documents with an edge, ascending
  std::vector<uint32_t> label = std::move(graph.label);    // per member
  graph = EdgeGraph();
  uint64_t rounds = 1;
  {
    std::vector<uint64_t> to(n, 0);
    for (size_t i = 0; i < member.size(); ++i)
      to[OwnerOf(label[i], static_cast<int>(n))] += in.sketches->SketchBytes(member[i]);
    std::vector<std::string> send(n), recv;
    uint64_t sent = 0, received = 0;
    for (size_t r = 0; r < n; ++r) {
      wire::Put<uint64_t>(&send[r], to[r]);
      sent += to[r];
    }
    comm.AllToAll(&send, &recv);
    for (const std::string& from : recv) {
      wire::Reader rd(from);
      const uint64_t b = rd.Get<uint64_t>();
      if (rd.ok()) received += b;
    }
    const uint64_t budget = std::max<uint64_t>(1, in.sketch_batch_bytes);
    rounds = AllMax(comm, std::max<uint64_t>(1, (std::max(sent, received) + budget - 1) / budget));
  }
  auto round_of = [&](uint32_t lab) { return base::Mix64(~uint64_t{lab}) % rounds; };
  std::vector<std::string> decisions(n);
  std::vector<cluster::DocFacts> facts;
  std::vector<cluster::Edge> star;
  // The members by round (counting sort: ascending within a round), so that
  // a round costs its own members, not all of them.
  std::vector<uint64_t> round_start(rounds + 1, 0);
  for (const uint32_t lab : label) ++round_start[round_of(lab) + 1];
  for (uint64_t r = 0; r < rounds; ++r) round_start[r + 1] += round_start[r];
  {
    std::vector<uint64_t> at(round_start.begin(), round_start.end() - 1);
    std::vector<uint32_t> docs(member.size()), labels(member.size());
    for (size_t i = 0; i < member.size(); ++i) {
      const uint64_t to = at[round_of(label[i])]++;
      docs[to] = member[i];
      labels[to] = label[i];
    }
    member.swap(docs);
    label.swap(labels);
  }
  for (uint64_t round = 0; round < rounds; ++round) {
    const size_t first = round_start[round];
    absl::Span<const uint32_t> docs = absl::MakeConstSpan(member).subspan(first, round_start[round + 1] - first);
    if (absl::Status st = in.sketches->LoadDocs(docs); local.ok()) local = st;
    std::vector<std::string> send(n), recv;
    if (!local.ok()) docs = {};  // nothing loaded to send; the collectives go on
    for (size_t i = 0; i < docs.size(); ++i) {
      const uint32_t d = docs[i];
      const uint32_t lab = label[first + i];
      std::string& out = send[OwnerOf(lab, static_cast<int>(n))];
      const auto& f = (*in.facts)[d];
      wire::Put<uint32_t>(&out, lab);
      wire::Put<uint32_t>(&out, static_cast<uint32_t>(me_first + d));
      wire::Put<uint64_t>(&out, f.cleaned_bytes);
      wire::Put<uint8_t>(&out, f.keep_value.has_value() ? 1 : 0);
      wire::Put<double>(&out, f.keep_value.value_or(0.0));
      wire::PutString(&out, (*in.ids)[d]);
      const auto sk = in.sketches->Sketch(d);
      wire::PutArray(&out, sk.data(), sk.size());
    }
    comm.AllToAll(&send, &recv);
    std::map<uint32_t, std::vector<Member>> components;
    for (const std::string& from : recv) {
      wire::Reader rd(from);
      while (!rd.done() && rd.ok()) {
        const uint32_t lab = rd.Get<uint32_t>();
        Member m;
        m.doc = rd.Get<uint32_t>();
        m.facts.cleaned_bytes = rd.Get<uint64_t>();
        const bool has_value = rd.Get<uint8_t>() != 0;
        const double value = rd.Get<double>();
        if (has_value) m.facts.keep_value = value;
        m.id = std::string(rd.GetString());
        rd.GetVector(&m.sketch);
        if (rd.ok()) components[lab].push_back(std::move(m));
      }
    }
    recv.clear();
    // Cluster each component as the single-process run does, members in
    // index order; decisions back to the members' homes.
    for (auto& component : components) {
      std::vector<Member>& members = component.second;
      std::sort(members.begin(), members.end(), [](const Member& a, const Member& b) { return a.doc < b.doc; });
      const uint32_t k = static_cast<uint32_t>(members.size());
      facts.clear();
      star.clear();
      for (uint32_t i = 0; i < k; ++i) {
        facts.push_back(members[i].facts);
        if (i > 0) star.push_back({0, i, 1.0f});
      }
      auto sim = [&](uint32_t a, uint32_t b) -> float {
        return static_cast<float>(
            minhash::EstimateJaccardBottomK(members[a].sketch, members[b].sketch, in.sketch_size));
      };
      const cluster::ClusterResult r = cluster::ClusterEdges(k, star, facts, sim, in.cluster);
      res.clusters += r.clusters;
      cluster::AddClusterSizes(r.cluster, &res.cluster_sizes);
      for (uint32_t i = 0; i < k; ++i) {
        std::string& out = decisions[ranks.Home(members[i].doc)];
        wire::Put<uint32_t>(&out, members[i].doc);
        wire::Put<uint32_t>(&out,
                            r.cluster[i] == cluster::kNoCluster ? cluster::kNoCluster : members[r.cluster[i]].doc);
        wire::Put<float>(&out, r.similarity_to_kept[i]);
        wire::Put<uint8_t>(&out, r.kept[i] != i ? 1 : 0);
        wire::PutString(&out, r.kept[i] != i ? std::string_view(members[r.kept[i]].id) : std::string_view());
      }
    }
  }
  std::vector<std::string> recv;
  comm.AllToAll(&decisions, &recv);
  for (const std::string& from : recv) {
    wire::Reader rd(from);
    while (!rd.done() && rd.ok()) {
      const uint32_t g = rd.Get<uint32_t>();
      const uint32_t cl = rd.Get<uint32_t>();
      const float s = rd.Get<float>();
      const bool dropped = rd.Get<uint8_t>() != 0;
      const std::string_view kept_id = rd.GetString();
      if (!rd.ok() || g < me_first || g >= me_end) continue;
      const size_t d = g - me_first;
      res.cluster[d] = cl;
      res.similarity_to_kept[d] = s;
      res.dropped[d] = dropped ? 1 : 0;
      if (dropped) res.kept_id[static_cast<uint32_t>(d)] = std::string(kept_id);
    }
  }
  RETURN_IF_ERROR(Agree(comm, local));
  return res;
}

}  // namespace dedup::pipeline
