// Copyright 2026 The dedup Authors.
#include "core/pipeline/pipeline.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "core/base/json_writer.h"
#include "core/base/hash.h"
#include "core/base/line_key.h"
#include "core/base/span.h"
#include "core/base/string_column.h"
#include "core/base/status_macros.h"
#include "core/base/strings.h"
#include "core/base/utf8.h"
#include "core/cluster/union_find.h"
#include "core/io/interrupt.h"
#include "core/io/writer.h"
#include "core/lsh/lsh.h"
#include "core/minhash/minhash.h"
#include "core/normalize/normalizer.h"
#include "core/pipeline/audit_sample.h"
#include "core/pipeline/comm.h"
#include "core/pipeline/dist_cluster.h"
#include "core/pipeline/dist_report.h"
#include "core/pipeline/wire.h"
#include "core/pipeline/ordered_runner.h"
#include "core/pipeline/progress.h"
#include "core/pipeline/span_spill.h"
#include "core/pipeline/verify.h"
#include "core/shingle/shingler.h"

namespace dedup::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kBatchDocs = 256;
constexpr size_t kBatchBytes = 4u << 20;
// Files of no input type named in the report (of how many it counts).
constexpr size_t kSkippedExamples = 20;
// The LSH index stage sorts bands side by side within this much memory.
constexpr uint64_t kIndexBytes = uint64_t{256} << 20;
// Input is read by up to this many threads (one per worker), each reading
// its own file, or its own piece of a big .jsonl file.
constexpr int kMaxReadThreads = 8;
// Pieces are handed to the reading threads in turn and their documents
// taken in input order; a thread may read ahead only as far as its queue
// (io's prefetch reader: 16 MiB). With 64 MiB pieces the other threads
// filled their queues and waited while one piece was taken, so one thread
// did nearly all the parsing; a piece that fits in the queue lets every
// thread parse its next piece meanwhile.
constexpr uint64_t kReadPieceBytes = 4u << 20;
constexpr size_t kTopLines = 20;
constexpr size_t kReportGroups = 50;
// Removed lines tracked per group (space-saving counts): the report shows 5
// per group; a site has a few dozen furniture lines; memory is per group.
constexpr size_t kGroupTopCapacity = 32;
// The HTML audit view: documents per removal kind, and near-duplicate pairs.
constexpr size_t kSampleDocsPerKind = 4;
constexpr size_t kSamplePairs = 4;

double SecondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// ---------------------------------------------------------------------------
// The immutable components, shared by all workers.
struct Engine {
  PipelineOptions options;
  lsh::LshParams lsh;
  double verify_threshold = 0;
  std::unique_ptr<normalize::Normalizer> normalizer;
  std::optional<shingle::Shingler> shingler;
  std::optional<minhash::MinHasher> minhasher;
  std::optional<minhash::BottomKSketcher> sketcher;
  std::optional<boilerplate::BoilerplateDetector> boilerplate;
  std::optional<blocks::BlockDetector> blocks;
  // Filled by the count pass, read-only afterwards.
  std::unique_ptr<boilerplate::LineCounter> line_counts;
};

// Per-worker scratch, reused for every document.
struct Scratch {
  std::string stripped, key;
  shingle::ShingleWorkspace shingle_ws;
  std::vector<uint64_t> shingles;
  std::vector<uint32_t> signature, sketch_scratch;
  std::vector<base::RemovedSpan> spans, bp_spans;
  boilerplate::BoilerplateWorkspace bp_ws;
  blocks::BlockWorkspace block_ws;
  // Seconds this worker spent in each detector (the report's "blocks" and
  // "boilerplate").
  double blocks_seconds = 0, boilerplate_seconds = 0;
};

// Cuts boilerplate spans where they overlap a repeated-block span, so that the
// removed spans of a document are disjoint and every byte has one reason.
void ResolveOverlaps(std::vector<base::RemovedSpan>* spans) {
  // Most pages have no repeated block: their spans are only sorted and
  // merged, in place (a copy of each span copies its rule's name, which
  // is mostly too long to be stored in the string itself).
  if (std::any_of(spans->begin(), spans->end(),
                  [](const auto& s) { return s.kind == base::RemovalKind::kRepeatedBlock; })) {
    base::SortSpans(spans);
    // The union of the block spans as disjoint intervals, sorted, so that
    // each boilerplate span finds the blocks it meets by binary search: a
    // 200 MB page has thousands of both.
    std::vector<std::pair<uint64_t, uint64_t>> blocks;
    std::vector<base::RemovedSpan> out;
    for (const auto& s : *spans) {
      if (s.kind != base::RemovalKind::kRepeatedBlock) continue;
      if (!blocks.empty() && s.start <= blocks.back().second) {
        blocks.back().second = std::max(blocks.back().second, s.end);
      } else {
        blocks.emplace_back(s.start, s.end);
      }
    }
    for (auto& s : *spans) {
      if (s.kind == base::RemovalKind::kRepeatedBlock) {
        out.push_back(std::move(s));
        continue;
      }
      uint64_t start = s.start;
      auto it = std::upper_bound(blocks.begin(), blocks.end(), start,
                                 [](uint64_t pos, const std::pair<uint64_t, uint64_t>& b) { return pos < b.second; });
      for (; it != blocks.end() && it->first < s.end; ++it) {
        const auto& [b_start, b_end] = *it;
        if (b_start > start) {
          base::RemovedSpan piece = s;
          piece.start = start;
          piece.end = b_start;
          out.push_back(std::move(piece));
        }
        start = std::max(start, b_end);
      }
      if (start < s.end) {
        s.start = start;
        out.push_back(std::move(s));
      }
    }
    spans->swap(out);
  }
  // Overlaps within one kind: merge into the earlier span.
  base::SortSpans(spans);
  size_t kept = 0;
  for (size_t i = 0; i < spans->size(); ++i) {
    auto& s = (*spans)[i];
    if (kept > 0) {
      auto& back = (*spans)[kept - 1];
      if (s.start < back.end) {
        if (s.end > back.end && s.kind == back.kind) back.end = s.end;
        if (s.end > back.end) {
          s.start = back.end;
          if (kept != i) (*spans)[kept] = std::move(s);
          ++kept;
        }
        continue;
      }
    }
    if (kept != i) (*spans)[kept] = std::move(s);
    ++kept;
  }
  spans->resize(kept);
}

// The group of a document for boilerplate statistics: the group field, else
// the host of its url, else "" (one group).
std::string GroupOf(const io::Document& doc) {
  if (!doc.group.empty()) return doc.group;
  std::string_view u = doc.url;
  const size_t scheme = u.find("://");
  if (scheme == std::string_view::npos) return "";
  u.remove_prefix(scheme + 3);
  u = u.substr(0, u.find_first_of("/?#"));
  if (const size_t at = u.rfind('@'); at != std::string_view::npos) u.remove_prefix(at + 1);
  if (!u.empty() && u.front() != '[') u = u.substr(0, u.find(':'));
  std::string host(u);
  for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return host;
}

// The strip stage: runs the enabled detectors over one document and leaves
// their disjoint spans in s->spans, timing each (two clock reads per
// detector and page: tens of nanoseconds against tens of microseconds).
void Strip(const Engine& e, const io::Document& doc, std::string_view group, Scratch* s) {
  s->spans.clear();
  if (e.blocks) {
    const auto t0 = Clock::now();
    e.blocks->Detect(doc.text, &s->block_ws, &s->spans);
    s->blocks_seconds += SecondsSince(t0);
  }
  if (e.boilerplate) {
    const auto t0 = Clock::now();
    e.boilerplate->Detect(doc.text, boilerplate::GroupKey(group), e.line_counts.get(), &s->bp_ws, &s->spans);
    s->boilerplate_seconds += SecondsSince(t0);
  }
  ResolveOverlaps(&s->spans);
}

// ---------------------------------------------------------------------------
// Reading in batches.

struct ReadState {
  std::unique_ptr<io::DocumentReader> reader;
  uint64_t next_ordinal = 0;
  double seconds = 0;  // spent in FillBatch: the report's "read"
};

absl::Status ReadBatch(ReadState* rs, std::vector<io::Document>* docs, uint64_t* first_ordinal, bool* more) {
  docs->resize(kBatchDocs);
  size_t n = 0, bytes = 0;
  while (n < kBatchDocs && bytes < kBatchBytes && rs->reader->Next(&(*docs)[n])) {
    bytes += (*docs)[n].text.size();
    ++n;
  }
  docs->resize(n);
  *first_ordinal = rs->next_ordinal;
  rs->next_ordinal += n;
  RETURN_IF_ERROR(rs->reader->status());
  *more = n > 0;
  return absl::OkStatus();
}

absl::Status FillBatch(ReadState* rs, std::vector<io::Document>* docs, uint64_t* first_ordinal, bool* more) {
  const auto t0 = Clock::now();
  absl::Status st = ReadBatch(rs, docs, first_ordinal, more);
  rs->seconds += SecondsSince(t0);
  return st;
}

bool ProgressEnabled(ProgressMode m) {
  if (m == ProgressMode::kAlways) return true;
  if (m == ProgressMode::kNever) return false;
  return ::isatty(STDERR_FILENO) == 1;
}

// ---------------------------------------------------------------------------
// Per-document results of the sign pass, and the corpus-wide arrays.

struct SignedDoc {
  std::string group;
  uint64_t original_bytes = 0, cleaned_bytes = 0, block_bytes = 0, boilerplate_bytes = 0;
  bool signable = false;
  std::vector<uint64_t> band_keys;
  std::vector<uint32_t> sketch;
  // Boilerplate lines removed, for the report's "top": the key, and where
  // the line's text lies in the document (read by the in-order consumer,
  // which still holds the document: no copy per line).
  struct RemovedLine {
    uint64_t key;
    uint32_t start, size;
  };
  std::vector<RemovedLine> removed_lines;
  std::string spill;  // the spans, encoded for the emit pass (clean only)
  // Offered to the audit sample (--html) when its id hash may enter it.
  bool sample = false;
  uint64_t sample_hash = 0;
  std::vector<base::RemovedSpan> sample_spans;
};

struct SignBatch {
  std::vector<io::Document> docs;
  uint64_t first = 0;
  uint64_t consumed = 0;
  std::vector<SignedDoc> out;
};

struct GroupAcc {
  report::GroupStats stats;
  report::TopLines top{256};
};

struct Corpus {
  base::StringColumn ids;
  std::vector<cluster::DocFacts> facts;
  std::vector<uint64_t> original_bytes, block_bytes, boilerplate_bytes;
  std::vector<uint32_t> group_of;
  std::vector<std::string> group_names;
  absl::flat_hash_map<std::string, uint32_t> group_index;
  std::vector<uint8_t> signable;
  std::unique_ptr<BandSpill> band_keys;   // on disk, one file per band
  std::unique_ptr<SketchSpill> sketches;  // on disk until the candidates are known
  report::TopLines top{4096};
  std::vector<report::TopLines> group_top;
  // A run split among ranks: the global index of each rank's first document
  // (and the total, last), and the id of the kept document of each dropped
  // one, which may live on another rank.
  std::vector<uint64_t> rank_first;
  absl::flat_hash_map<uint32_t, std::string> kept_ids;

  uint32_t size() const { return static_cast<uint32_t>(ids.size()); }
  bool distributed() const { return !rank_first.empty(); }
  std::string_view KeptId(const cluster::ClusterResult& r, uint32_t d) const {
    if (!distributed()) return ids[r.kept[d]];
    auto it = kept_ids.find(d);
    return it == kept_ids.end() ? std::string_view() : std::string_view(it->second);
  }
  absl::Span<const uint32_t> Sketch(uint32_t d) const { return sketches->Sketch(d); }
};

// `sampler`: the audit sample (--html), or null.
void SignOne(const Engine& e, const io::Document& doc, bool spill, const DocSampler* sampler, Scratch* s,
             SignedDoc* out) {
  out->group = GroupOf(doc);
  out->original_bytes = doc.text.size();
  Strip(e, doc, out->group, s);
  if (spill) EncodeSpans(doc.text.size(), s->spans, &out->spill);
  out->sample = false;
  if (sampler != nullptr && !s->spans.empty()) {
    out->sample_hash = SampleHash(doc.id);
    if (out->sample_hash < sampler->AdmitBelow()) {
      out->sample = true;
      out->sample_spans = s->spans;
    }
  }
  out->block_bytes = out->boilerplate_bytes = 0;
  out->removed_lines.clear();
  // The key hash of a removed line is the one the boilerplate detector gave
  // the line: found by its place among the page's lines, which come in
  // order as the spans do; a line a repeated block cut short is hashed here.
  const auto& lines = s->bp_ws.lines;
  size_t next_line = 0;
  auto line_hash = [&](std::string_view line) {
    const uint64_t start = static_cast<uint64_t>(line.data() - doc.text.data());
    while (next_line < lines.size() && lines[next_line].start < start) ++next_line;
    if (next_line < lines.size() && lines[next_line].start == start &&
        lines[next_line].end == start + line.size())
      return lines[next_line].hash;
    return base::LineKeyHash(line, boilerplate::KeyOptions(), &s->key);
  };
  for (const auto& sp : s->spans) {
    if (sp.kind == base::RemovalKind::kRepeatedBlock) {
      out->block_bytes += sp.size();
    } else {
      out->boilerplate_bytes += sp.size();
      // One entry per removed line, for the report's "top".
      std::string_view span(doc.text.data() + sp.start, sp.size());
      size_t pos = 0;
      while (pos < span.size()) {
        size_t nl = span.find('\n', pos);
        if (nl == std::string_view::npos) nl = span.size();
        std::string_view line = span.substr(pos, nl - pos);
        const uint64_t key = line_hash(line);
        if (key != 0) {
          line = base::StripSpace(line);
          if (line.size() > 200) line = line.substr(0, base::FloorToCharBoundary(line, 200));
          out->removed_lines.push_back(
              {key, static_cast<uint32_t>(line.data() - doc.text.data()), static_cast<uint32_t>(line.size())});
        }
        pos = nl + 1;
      }
    }
  }
  // "top" counts documents: a line removed twice from one page counts once.
  std::stable_sort(out->removed_lines.begin(), out->removed_lines.end(),
            [](const auto& a, const auto& b) { return a.key < b.key; });
  out->removed_lines.erase(std::unique(out->removed_lines.begin(), out->removed_lines.end(),
                                       [](const auto& a, const auto& b) { return a.key == b.key; }),
                           out->removed_lines.end());
  out->cleaned_bytes = doc.text.size() - base::CoveredBytes(s->spans);
  out->signable = false;
  out->band_keys.clear();
  out->sketch.clear();
  if (!e.options.near_dup) return;
  std::string_view signed_text = doc.text;  // a page with nothing removed is signed as it is, uncopied
  if (!s->spans.empty()) {
    base::ApplySpans(doc.text, s->spans, &s->stripped);
    signed_text = s->stripped;
  }
  e.shingler->ShingleText(signed_text, &s->shingle_ws, &s->shingles);
  if (s->shingles.empty()) return;
  out->signable = true;
  s->signature.resize(static_cast<size_t>(e.minhasher->num_perm()));
  e.minhasher->Compute(s->shingles, absl::MakeSpan(s->signature));
  out->band_keys.resize(static_cast<size_t>(e.lsh.bands));
  lsh::BandKeys(s->signature, e.lsh, e.options.seed, absl::MakeSpan(out->band_keys));
  e.sketcher->Compute(s->shingles, &s->sketch_scratch, &out->sketch);
}

// ---------------------------------------------------------------------------

absl::StatusOr<std::vector<io::InputFile>> PrepareInputs(const PipelineOptions& o, std::string* spooled,
                                                         std::vector<std::string>* skipped) {
  std::vector<std::string> args = o.inputs;
  for (auto& a : args) {
    if (a == "-") {
      if (!spooled->empty()) return absl::InvalidArgumentError("-: standard input given twice");
      std::string dir = o.temp_dir;
      if (dir.empty()) dir = std::filesystem::temp_directory_path().string();
      ASSIGN_OR_RETURN(*spooled, io::SpoolStdin(dir));
      a = *spooled;
    }
  }
  return io::ExpandInputs(args, skipped);
}

int WorkerCount(const PipelineOptions& o) {
  if (o.threads > 0) return o.threads;
  const unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

absl::StatusOr<std::unique_ptr<Engine>> BuildEngine(const PipelineOptions& o) {
  auto e = std::make_unique<Engine>();
  e->options = o;
  // Several input files are read at once, one reading thread per worker (8 at
  // most): one thread cannot decompress and parse for 16 workers.
  e->options.reader.read_threads = static_cast<size_t>(std::min(WorkerCount(o), kMaxReadThreads));
  // A compressed file is decompressed beside its parsing where workers can
  // spare the thread: a single .jsonl.zst is otherwise read at the speed of
  // one thread doing both.
  e->options.reader.decompress_ahead = WorkerCount(o) > 1;
  if (o.bands > 0 && o.rows > 0) {
    e->lsh = {o.bands, o.rows};
  } else {
    ASSIGN_OR_RETURN(e->lsh, lsh::ChooseParams(o.threshold, o.num_perm));
  }
  e->verify_threshold = std::max(0.0, o.threshold - o.verify_margin);
  if (o.near_dup) {
    normalize::NormalizerOptions no;
    no.traditional_to_simplified = o.traditional_to_simplified;
    ASSIGN_OR_RETURN(e->normalizer, normalize::Normalizer::Create(no));
    shingle::ShingleOptions so;
    so.ngram = o.ngram;
    so.seed = o.seed;
    ASSIGN_OR_RETURN(auto shingler, shingle::Shingler::Create(so, e->normalizer.get()));
    e->shingler.emplace(std::move(shingler));
    minhash::MinHashOptions mo;
    mo.num_perm = o.num_perm;
    mo.seed = o.seed;
    mo.method = o.minhash_method;
    ASSIGN_OR_RETURN(auto mh, minhash::MinHasher::Create(mo));
    e->minhasher.emplace(std::move(mh));
    ASSIGN_OR_RETURN(auto sk, minhash::BottomKSketcher::Create(o.sketch_size, o.seed));
    e->sketcher.emplace(std::move(sk));
  }
  if (o.repeated_blocks) {
    blocks::BlockOptions bo = o.block_options;
    bo.window = std::min(bo.window, bo.min_chars);
    ASSIGN_OR_RETURN(auto det, blocks::BlockDetector::Create(bo));
    e->blocks.emplace(std::move(det));
  }
  if (o.boilerplate) {
    boilerplate::RulePack rules;
    if (!o.rules_replace_default) rules = boilerplate::RulePack::Default();
    for (const auto& f : o.rules_files) {
      ASSIGN_OR_RETURN(auto extra, boilerplate::RulePack::Load(f));
      rules.Append(extra);
    }
    ASSIGN_OR_RETURN(auto det, boilerplate::BoilerplateDetector::Create(o.boilerplate_options, std::move(rules)));
    e->boilerplate.emplace(std::move(det));
  }
  return e;
}

// Pass 1 (boilerplate only): per group, in how many documents each line key
// occurs. Workers hash lines; the in-order consumer counts, so pruning and
// every later decision are independent of the thread count.
struct CountBatch {
  std::vector<io::Document> docs;
  uint64_t first = 0;
  std::vector<uint64_t> groups;
  std::vector<std::vector<uint64_t>> hashes;
};

// Leaves in `*lines` the lines of each input (io::DocumentReader::lines()).
absl::Status CountPass(Engine* e, const std::vector<io::InputFile>& files, report::Report* rep,
                       std::vector<uint64_t>* lines) {
  const auto t0 = Clock::now();
  io::ReaderOptions ro = e->options.reader;
  ro.strict = false;  // the sign pass reports malformed records (and fails in strict mode)
  ro.keep_raw = false;
  ASSIGN_OR_RETURN(auto reader, io::DocumentReader::Open(files, ro));
  ReadState rs{std::move(reader)};
  const int workers = WorkerCount(e->options);
  std::vector<boilerplate::BoilerplateWorkspace> ws(static_cast<size_t>(workers));
  auto counts = std::make_unique<boilerplate::LineCounter>(e->options.max_line_entries);
  Progress progress(ProgressEnabled(e->options.progress), "count", rs.reader->total_bytes());
  uint64_t docs = 0, bytes = 0;
  RETURN_IF_ERROR(OrderedRunner<CountBatch>::Run(
      workers, [&](CountBatch* b, bool* more) { return FillBatch(&rs, &b->docs, &b->first, more); },
      [&](CountBatch* b, int w) {
        b->groups.resize(b->docs.size());
        b->hashes.resize(b->docs.size());
        for (size_t i = 0; i < b->docs.size(); ++i) {
          b->groups[i] = boilerplate::GroupKey(GroupOf(b->docs[i]));
          boilerplate::DistinctLineHashes(b->docs[i].text, &ws[static_cast<size_t>(w)], &b->hashes[i]);
        }
      },
      [&](CountBatch* b) {
        for (size_t i = 0; i < b->docs.size(); ++i) {
          counts->AddDocument(b->groups[i], b->hashes[i]);
          bytes += b->docs[i].text.size();
        }
        docs += b->docs.size();
        progress.Update(docs, bytes, rs.reader->consumed_bytes());
        return absl::OkStatus();
      }));
  progress.Finish();
  *lines = rs.reader->lines();
  e->line_counts = std::move(counts);
  rep->seconds.emplace_back("count-lines", SecondsSince(t0));
  rep->AddSeconds("read", rs.seconds);
  return absl::OkStatus();
}

// One (key, count) record, as MergeLineCounts exchanges them.
void PutCount(uint64_t key, uint32_t count, std::string* out) {
  wire::Put<uint64_t>(out, key);
  wire::Put<uint32_t>(out, count);
}

template <class F>
void ForEachCount(std::string_view bytes, F&& f) {
  wire::Reader rd(bytes);
  while (!rd.done() && rd.ok()) {
    const uint64_t key = rd.Get<uint64_t>();
    const uint32_t count = rd.Get<uint32_t>();
    if (rd.ok()) f(key, count);
  }
}

// A split run: every rank counted its share; the counts are summed by key on
// the rank that owns the key, and the entries that can decide anything are
// given to every rank. A line held by one document of its group matters only
// when groups of 2 documents have counts (min_group_docs <= 2), so count-1
// entries stay behind otherwise. Collective.
void MergeLineCounts(Comm& comm, Engine* e) {
  const size_t n = static_cast<size_t>(comm.size());
  const uint32_t min_count = e->options.boilerplate_options.min_group_docs >= 3 ? 2 : 1;
  std::vector<std::string> send(n), recv;
  {
    std::vector<std::pair<uint64_t, uint32_t>> entries;
    e->line_counts->ExportEntries(&entries);
    for (const auto& [key, count] : entries) PutCount(key, count, &send[key % n]);
  }
  comm.AllToAll(&send, &recv);
  absl::flat_hash_map<uint64_t, uint32_t> owned;
  for (const std::string& from : recv) ForEachCount(from, [&](uint64_t key, uint32_t count) { owned[key] += count; });
  recv.clear();
  std::string mine, my_groups;
  for (const auto& [key, count] : owned)
    if (count >= min_count) PutCount(key, count, &mine);
  owned.clear();
  std::vector<std::pair<uint64_t, uint32_t>> groups;
  e->line_counts->ExportGroups(&groups);
  for (const auto& [group, docs] : groups) PutCount(group, docs, &my_groups);
  auto merged = std::make_unique<boilerplate::LineCounter>(e->options.max_line_entries);
  e->line_counts.reset();
  std::vector<std::string> all;
  comm.AllGather(mine, &all);
  for (const std::string& from : all)
    ForEachCount(from, [&](uint64_t key, uint32_t count) { merged->ImportEntry(key, count); });
  comm.AllGather(my_groups, &all);
  for (const std::string& from : all)
    ForEachCount(from, [&](uint64_t group, uint32_t docs) { merged->ImportGroup(group, docs); });
  e->line_counts = std::move(merged);
}

// Pass 2: strip + sign.
// Pass 2. With `spill`, each document's spans are kept for the emit pass.
// With `sampler`, documents with removals are offered to the audit sample.
absl::Status SignPass(const Engine& e, const std::vector<io::InputFile>& files, SpanSpill* spill,
                      DocSampler* sampler, Corpus* c, report::Report* rep) {
  const auto t0 = Clock::now();
  ASSIGN_OR_RETURN(c->sketches, SketchSpill::Create());
  ASSIGN_OR_RETURN(c->band_keys, BandSpill::Create(static_cast<size_t>(e.lsh.bands)));
  io::ReaderOptions ro = e.options.reader;
  ro.keep_raw = false;  // the sign pass reads the text only
  ASSIGN_OR_RETURN(auto reader, io::DocumentReader::Open(files, ro));
  ReadState rs{std::move(reader)};
  const int workers = WorkerCount(e.options);
  std::vector<Scratch> scratch(static_cast<size_t>(workers));
  Progress progress(ProgressEnabled(e.options.progress), "sign", rs.reader->total_bytes());
  RETURN_IF_ERROR(OrderedRunner<SignBatch>::Run(
      workers, [&](SignBatch* b, bool* more) { return FillBatch(&rs, &b->docs, &b->first, more); },
      [&](SignBatch* b, int w) {
        b->out.resize(b->docs.size());
        for (size_t i = 0; i < b->docs.size(); ++i) SignOne(e, b->docs[i], spill != nullptr, sampler, &scratch[static_cast<size_t>(w)], &b->out[i]);
      },
      [&](SignBatch* b) {
        for (size_t i = 0; i < b->docs.size(); ++i) {
          io::Document& doc = b->docs[i];
          SignedDoc& sd = b->out[i];
          if (c->size() == UINT32_MAX - 1) return absl::ResourceExhaustedError("more than 4 billion documents in one run");
          if (spill != nullptr) RETURN_IF_ERROR(spill->Append(sd.spill));
          const uint32_t d = c->size();
          if (sd.sample) sampler->Offer(sd.sample_hash, d, doc.id, sd.group, doc.text, sd.sample_spans);
          c->ids.push_back(doc.id);
          cluster::DocFacts f;
          f.cleaned_bytes = sd.cleaned_bytes;
          f.keep_value = doc.keep_value;
          c->facts.push_back(f);
          c->original_bytes.push_back(sd.original_bytes);
          c->block_bytes.push_back(sd.block_bytes);
          c->boilerplate_bytes.push_back(sd.boilerplate_bytes);
          auto [it, inserted] = c->group_index.try_emplace(sd.group, static_cast<uint32_t>(c->group_names.size()));
          if (inserted) {
            c->group_names.push_back(sd.group);
            c->group_top.emplace_back(kGroupTopCapacity);
          }
          c->group_of.push_back(it->second);
          c->signable.push_back(sd.signable ? 1 : 0);
          RETURN_IF_ERROR(c->band_keys->Append(sd.signable ? absl::MakeConstSpan(sd.band_keys)
                                                           : absl::Span<const uint64_t>()));
          RETURN_IF_ERROR(c->sketches->Append(sd.sketch));
          for (const auto& line : sd.removed_lines) {
            const std::string_view text = std::string_view(doc.text).substr(line.start, line.size);
            c->top.Add(line.key, text);
            c->group_top[it->second].Add(line.key, text);
          }
          (void)d;
          rep->documents++;
          rep->bytes += sd.original_bytes;
        }
        progress.Update(rep->documents, rep->bytes, rs.reader->consumed_bytes());
        return absl::OkStatus();
      }));
  progress.Finish();
  rep->error_records = rs.reader->malformed_records();
  rep->error_examples = rs.reader->error_examples();
  rep->records = rs.reader->records();
  const io::EncodingStats& enc = rs.reader->encodings();
  rep->converted_charsets.assign(enc.converted.begin(), enc.converted.end());
  rep->replaced_records = enc.replaced_records;
  rep->replaced_chars = enc.replaced_chars;
  rep->replaced_examples = enc.replaced_examples;
  rep->seconds.emplace_back("normalize+sign", SecondsSince(t0));
  rep->AddSeconds("read", rs.seconds);
  double blocks_seconds = 0, boilerplate_seconds = 0;
  for (const Scratch& s : scratch) {
    blocks_seconds += s.blocks_seconds;
    boilerplate_seconds += s.boilerplate_seconds;
  }
  rep->AddSeconds("blocks", blocks_seconds / workers);
  rep->AddSeconds("boilerplate", boilerplate_seconds / workers);
  return absl::OkStatus();
}

// Band, candidates, verify, cluster: one process.
absl::StatusOr<cluster::ClusterResult> LocalClusterStage(const Engine& e, const Corpus& c, report::Report* rep) {
  const uint32_t n = c.size();
  const size_t bands = static_cast<size_t>(e.lsh.bands);
  const int workers = WorkerCount(e.options);
  auto t0 = Clock::now();
  // Index: per band, sort (key, doc) and pair up each bucket. Bands are
  // independent; each of `indexers` threads takes every indexers-th band.
  // A band being sorted holds about 40 bytes per document (its keys, the
  // entries and their sorted copy): so many threads at once that they
  // stay within kIndexBytes (on 16 cores, 2 M pages would otherwise take
  // 1.3 GB here).
  const int indexers = static_cast<int>(
      std::clamp<uint64_t>(kIndexBytes / (uint64_t{40} * std::max<uint32_t>(n, 1)), 1, static_cast<uint64_t>(workers)));
  std::vector<std::vector<uint64_t>> pairs_per_worker(static_cast<size_t>(indexers));
  absl::Status error;
  std::mutex error_mu;
  if (e.options.near_dup && n > 1) {
    std::vector<std::thread> pool;
    for (int w = 0; w < indexers; ++w) {
      pool.emplace_back([&, w] {
        std::vector<lsh::BandEntry> entries;
        std::vector<uint32_t> bucket;
        std::vector<uint64_t> keys;
        auto& pairs = pairs_per_worker[static_cast<size_t>(w)];
        for (size_t b = static_cast<size_t>(w); b < bands; b += static_cast<size_t>(indexers)) {
          if (absl::Status st = c.band_keys->ReadBand(b, &keys); !st.ok()) {
            std::lock_guard<std::mutex> lock(error_mu);
            if (error.ok()) error = st;
            return;
          }
          entries.clear();
          for (uint32_t d = 0; d < n; ++d)
            if (c.signable[d]) entries.push_back({keys[d], d});
          lsh::SortBand(&entries);
          lsh::ForEachBucket(entries, [&](absl::Span<const lsh::BandEntry> bucket_entries) {
            bucket.clear();
            for (const auto& be : bucket_entries) bucket.push_back(be.doc);
            cluster::AddBucketPairs(bucket, &pairs);
          });
          cluster::SortUniquePairs(&pairs);
        }
      });
    }
    for (auto& t : pool) t.join();
  }
  RETURN_IF_ERROR(error);
  std::vector<uint64_t> pairs;
  for (auto& p : pairs_per_worker) {
    pairs.insert(pairs.end(), p.begin(), p.end());
    std::vector<uint64_t>().swap(p);
  }
  cluster::SortUniquePairs(&pairs);

  // The candidates' components, in batches of whole components whose
  // sketches take at most sketch_batch_bytes (a component larger than that
  // is a batch of its own). Clustering a component needs only its own
  // sketches, so the result is that of all candidates at once.
  std::vector<uint32_t> batch_of(n, UINT32_MAX);
  std::vector<std::vector<uint32_t>> batch_docs;
  {
    cluster::UnionFind uf(n);
    for (const uint64_t p : pairs) uf.Union(static_cast<uint32_t>(p >> 32), static_cast<uint32_t>(p));
    // Each candidate once; its batch is set below, when its component's is known.
    constexpr uint32_t kSeen = UINT32_MAX - 1;
    std::vector<std::pair<uint32_t, uint32_t>> by_root;  // (root, candidate)
    for (const uint64_t p : pairs) {
      for (const uint32_t d : {static_cast<uint32_t>(p >> 32), static_cast<uint32_t>(p)}) {
        if (batch_of[d] == kSeen) continue;
        batch_of[d] = kSeen;
        by_root.emplace_back(uf.Find(d), d);
      }
    }
    std::sort(by_root.begin(), by_root.end());
    size_t bytes = 0;
    for (size_t i = 0; i < by_root.size();) {
      size_t j = i, component = 0;
      for (; j < by_root.size() && by_root[j].first == by_root[i].first; ++j) component += c.sketches->SketchBytes(by_root[j].second);
      if (batch_docs.empty() || (bytes > 0 && bytes + component > e.options.sketch_batch_bytes)) {
        batch_docs.emplace_back();
        bytes = 0;
      }
      for (; i < j; ++i) {
        batch_of[by_root[i].second] = static_cast<uint32_t>(batch_docs.size() - 1);
        batch_docs.back().push_back(by_root[i].second);
      }
      bytes += component;
    }
  }
  // The pairs by batch, each batch's in sorted order.
  std::vector<size_t> batch_start(batch_docs.size() + 1, 0);
  for (const uint64_t p : pairs) ++batch_start[batch_of[p >> 32] + 1];
  for (size_t b = 0; b < batch_docs.size(); ++b) batch_start[b + 1] += batch_start[b];
  {
    std::vector<uint64_t> by_batch(pairs.size());
    std::vector<size_t> at(batch_start.begin(), batch_start.end() - 1);
    for (const uint64_t p : pairs) by_batch[at[batch_of[p >> 32]]++] = p;
    pairs.swap(by_batch);
  }
  std::vector<uint32_t>().swap(batch_of);
  rep->seconds.emplace_back("index", SecondsSince(t0));

  t0 = Clock::now();
  const int k = e.options.sketch_size;
  auto similarity = [&](uint32_t a, uint32_t b) -> float {
    return static_cast<float>(minhash::EstimateJaccardBottomK(c.Sketch(a), c.Sketch(b), k));
  };
  rep->threshold = e.options.threshold;
  rep->verify_threshold = e.verify_threshold;
  cluster::ClusterOptions co;
  co.verify_threshold = e.verify_threshold;
  co.keep = e.options.keep;
  cluster::ClusterResult r = cluster::UnclusteredResult(n);
  std::vector<cluster::Edge> edges;
  for (size_t b = 0; b < batch_docs.size(); ++b) {
    std::sort(batch_docs[b].begin(), batch_docs[b].end());
    RETURN_IF_ERROR(c.sketches->LoadDocs(batch_docs[b]));
    std::vector<uint32_t>().swap(batch_docs[b]);
    const auto batch_pairs = absl::MakeConstSpan(pairs).subspan(batch_start[b], batch_start[b + 1] - batch_start[b]);
    // Verify candidate pairs in parallel, in fixed chunks; edges come out sorted.
    const std::vector<float> sims = ScorePairs(batch_pairs, workers, similarity);
    BinSimilarities(sims, &rep->similarity_bins);
    edges.clear();
    for (size_t i = 0; i < batch_pairs.size(); ++i)
      if (sims[i] >= e.verify_threshold)
        edges.push_back({static_cast<uint32_t>(batch_pairs[i] >> 32), static_cast<uint32_t>(batch_pairs[i]), sims[i]});
    cluster::ClusterComponents(edges, c.facts, similarity, co, &r);
  }
  rep->seconds.emplace_back("cluster", SecondsSince(t0));

  std::map<uint64_t, uint64_t> hist;
  cluster::AddClusterSizes(r.cluster, &hist);
  rep->cluster_sizes.assign(hist.begin(), hist.end());
  rep->near_duplicate_clusters = r.clusters;
  return r;
}

// Band, candidates, verify, cluster: this rank's part of a split run
// (dist_cluster.h). The figures are this rank's share of the run's.
absl::StatusOr<cluster::ClusterResult> DistClusterStage(const Engine& e, Corpus* c, report::Report* rep) {
  const auto t0 = Clock::now();
  DistClusterInput in;
  in.first = c->rank_first;
  in.bands = e.options.near_dup ? static_cast<size_t>(e.lsh.bands) : 0;
  in.band_keys = c->band_keys.get();
  in.sketches = c->sketches.get();
  in.signable = &c->signable;
  in.facts = &c->facts;
  in.ids = &c->ids;
  in.sketch_size = e.options.sketch_size;
  in.sketch_batch_bytes = e.options.sketch_batch_bytes;
  in.cluster.verify_threshold = e.verify_threshold;
  in.cluster.keep = e.options.keep;
  in.workers = WorkerCount(e.options);
  ASSIGN_OR_RETURN(DistClusterResult res, DistributedCluster(*e.options.comm, in));
  const uint32_t n = c->size();
  cluster::ClusterResult r;
  r.cluster = std::move(res.cluster);
  r.similarity_to_kept = std::move(res.similarity_to_kept);
  r.kept.resize(n);
  for (uint32_t d = 0; d < n; ++d) {
    // A dropped document's kept one may be on another rank: its id is in
    // kept_ids, and kept[d] only says "not itself".
    r.kept[d] = res.dropped[d] ? cluster::kNoCluster : d;
    if (res.dropped[d]) ++r.duplicates;
  }
  r.clusters = res.clusters;
  c->kept_ids = std::move(res.kept_id);
  rep->similarity_bins = std::move(res.similarity_bins);
  rep->threshold = e.options.threshold;
  rep->verify_threshold = e.verify_threshold;
  rep->cluster_sizes.assign(res.cluster_sizes.begin(), res.cluster_sizes.end());
  rep->near_duplicate_clusters = res.clusters;
  const double seconds = SecondsSince(t0);
  rep->seconds.emplace_back("index", res.index_seconds);
  rep->seconds.emplace_back("cluster", seconds - res.index_seconds);
  return r;
}

absl::StatusOr<cluster::ClusterResult> ClusterStage(const Engine& e, Corpus* cm, report::Report* rep) {
  const Corpus& c = *cm;
  const uint32_t n = c.size();
  cluster::ClusterResult r;
  if (c.distributed()) {
    ASSIGN_OR_RETURN(r, DistClusterStage(e, cm, rep));
  } else {
    ASSIGN_OR_RETURN(r, LocalClusterStage(e, c, rep));
  }
  // A rank's share keeps every line and group for the merge (dist_report.h).
  const size_t top_lines = c.distributed() ? size_t{4096} : kTopLines;
  const size_t group_lines = c.distributed() ? kGroupTopCapacity : 5;
  std::vector<GroupAcc> groups(c.group_names.size());
  for (uint32_t d = 0; d < n; ++d) {
    const bool dropped = r.kept[d] != d;
    if (dropped) {
      rep->near_duplicate_documents++;
      rep->near_duplicate_bytes += c.original_bytes[d];
      continue;
    }
    rep->kept_documents++;
    rep->kept_bytes += c.facts[d].cleaned_bytes;
    if (c.block_bytes[d] > 0) {
      rep->repeated_block.documents++;
      rep->repeated_block.bytes += c.block_bytes[d];
    }
    auto& g = groups[c.group_of[d]].stats;
    g.documents++;
    g.bytes += c.original_bytes[d];
    if (c.boilerplate_bytes[d] > 0) {
      rep->boilerplate.documents++;
      rep->boilerplate.bytes += c.boilerplate_bytes[d];
      g.boilerplate.documents++;
      g.boilerplate.bytes += c.boilerplate_bytes[d];
    }
  }
  rep->boilerplate_top = c.top.Top(top_lines);
  std::vector<report::GroupStats> gs;
  for (size_t g = 0; g < groups.size(); ++g) {
    groups[g].stats.group = c.group_names[g];
    groups[g].stats.top = c.group_top[g].Top(group_lines);
    gs.push_back(std::move(groups[g].stats));
  }
  std::sort(gs.begin(), gs.end(), [](const report::GroupStats& a, const report::GroupStats& b) {
    const double ra = report::Ratio(a.boilerplate.bytes, a.bytes), rb = report::Ratio(b.boilerplate.bytes, b.bytes);
    return ra != rb ? ra > rb : a.group < b.group;
  });
  if (!c.distributed() && gs.size() > kReportGroups) gs.resize(kReportGroups);
  rep->groups = std::move(gs);
  return r;
}

// The `dedup` annotation of one output record, as base::JsonWriter writes
// it (compact), appended piece by piece: a record has a few members per
// removed span, and the writer's bookkeeping (a stack, a key escaped each
// time) cost more than the record's text did to escape.
void AppendDedupJson(const io::Document& doc, uint32_t d, const Corpus& c, const cluster::ClusterResult& r,
                     const std::vector<base::RemovedSpan>& spans, std::string* out) {
  out->append("{\"cluster\":");
  if (r.cluster[d] == cluster::kNoCluster) {
    out->append("null");
  } else {
    base::AppendJsonUint(r.cluster[d], out);
  }
  out->append(",\"duplicate_of\":");
  if (r.kept[d] == d) {
    out->append("null");
  } else {
    base::AppendJsonString(c.KeptId(r, d), out);
    out->append(",\"similarity\":");
    base::AppendJsonDouble(r.similarity_to_kept[d], out, 4);
  }
  out->append(",\"original_bytes\":");
  base::AppendJsonUint(doc.TextSize(), out);
  out->append(",\"removed\":[");
  for (size_t i = 0; i < spans.size(); ++i) {
    const auto& s = spans[i];
    out->append(i == 0 ? "{\"start\":" : ",{\"start\":");
    base::AppendJsonUint(s.start, out);
    out->append(",\"end\":");
    base::AppendJsonUint(s.end, out);
    out->append(",\"kind\":");
    base::AppendJsonString(base::RemovalKindName(s.kind), out);
    if (s.kind == base::RemovalKind::kRepeatedBlock) {
      out->append(",\"copy_of\":[");
      base::AppendJsonUint(s.copy_start, out);
      out->push_back(',');
      base::AppendJsonUint(s.copy_end, out);
      out->push_back(']');
    } else {
      out->append(",\"rule\":");
      base::AppendJsonString(s.rule, out);
    }
    out->push_back('}');
  }
  out->append("]}");
}

bool IsJsonlPath(const std::string& p) {
  for (const char* ext : {".jsonl", ".jsonl.gz", ".jsonl.zst"}) {
    const std::string_view e(ext);
    if (p.size() >= e.size() && p.compare(p.size() - e.size(), e.size(), e) == 0) return true;
  }
  return false;
}

absl::Status WriteCleaned(const Engine& e, const std::vector<io::InputFile>& files, const Corpus& c,
                          const cluster::ClusterResult& r, SpanSpill* spill, PairTexts* pair_texts,
                          report::Report* rep, io::AtomicFileWriter* file, io::AtomicDirectoryWriter* dir,
                          bool to_file);

// Pass 3: emit cleaned documents in input order, atomically. With
// `pair_texts`, keeps the cleaned texts it wants for the audit view.
absl::Status EmitPass(const Engine& e, const std::vector<io::InputFile>& files, const Corpus& c,
                      const cluster::ClusterResult& r, SpanSpill* spill, PairTexts* pair_texts, report::Report* rep) {
  const auto t0 = Clock::now();
  const std::string& out_path = e.options.output;
  Comm* comm = e.options.comm;
  // A split run writes one JSONL shard per rank into a folder that rank 0
  // creates and, once every rank has committed its shard, renames into place.
  const bool to_file = IsJsonlPath(out_path) || comm != nullptr;
  std::unique_ptr<io::AtomicFileWriter> file;
  std::unique_ptr<io::AtomicDirectoryWriter> dir;
  if (comm != nullptr) {
    absl::Status st;
    std::string tmp;
    if (comm->rank() == 0) {
      auto d = io::AtomicDirectoryWriter::Create(out_path);
      st = d.status();
      if (d.ok()) {
        dir = *std::move(d);
        tmp = dir->temp_path();
      }
    }
    RETURN_IF_ERROR(Agree(*comm, st));
    std::vector<std::string> paths;
    comm->AllGather(tmp, &paths);
    char shard[32];
    std::snprintf(shard, sizeof shard, "part-%05d.", comm->rank());
    auto f = io::AtomicFileWriter::Create(paths[0] + "/" + shard + e.options.shard_format, WorkerCount(e.options));
    RETURN_IF_ERROR(Agree(*comm, f.status()));
    file = *std::move(f);
  } else if (to_file) {
    ASSIGN_OR_RETURN(file, io::AtomicFileWriter::Create(out_path, WorkerCount(e.options)));
  } else {
    ASSIGN_OR_RETURN(dir, io::AtomicDirectoryWriter::Create(out_path));
  }
  absl::Status st = WriteCleaned(e, files, c, r, spill, pair_texts, rep, file.get(), dir.get(), to_file);
  if (comm != nullptr) {
    RETURN_IF_ERROR(Agree(*comm, st));
    if (comm->rank() == 0) st = dir->Commit();
    RETURN_IF_ERROR(Agree(*comm, st));
  } else {
    RETURN_IF_ERROR(st);
    if (dir) RETURN_IF_ERROR(dir->Commit());
  }
  rep->seconds.emplace_back("write", SecondsSince(t0));
  return absl::OkStatus();
}

// The emit pass's reading and writing; commits `file` (and the JSONL file of
// a folder OUT), not `dir`.
absl::Status WriteCleaned(const Engine& e, const std::vector<io::InputFile>& files, const Corpus& c,
                          const cluster::ClusterResult& r, SpanSpill* spill, PairTexts* pair_texts,
                          report::Report* rep, io::AtomicFileWriter* file, io::AtomicDirectoryWriter* dir,
                          bool to_file) {
  std::unique_ptr<io::AtomicFileWriter> dir_jsonl;
  // A page's JSON string, when its escapes are those dedup writes, is cut
  // and copied as it stands rather than unescaped here and escaped again.
  io::ReaderOptions ro = e.options.reader;
  ro.text_in_raw = true;
  ASSIGN_OR_RETURN(auto reader, io::DocumentReader::Open(files, ro));
  ReadState rs{std::move(reader)};
  const int workers = WorkerCount(e.options);
  Progress progress(ProgressEnabled(e.options.progress), "write", rs.reader->total_bytes());
  struct Slot {
    std::vector<io::Document> docs;
    uint64_t first = 0;
    std::vector<std::vector<base::RemovedSpan>> spans;  // from the sign pass
    std::string records;               // the JSONL records of the batch, one after the other
    std::vector<size_t> record_end;    // where each doc's record ends in `records` (none: empty)
    std::vector<std::string> cleaned;  // txt docs in directory mode
    std::vector<std::string> pair_text;  // cleaned text wanted by pair_texts
    std::vector<uint8_t> emit;
  };
  uint64_t docs = 0, bytes = 0, kept_written = 0;
  const std::string& text_field = e.options.reader.text_field;
  std::vector<std::string> cleaned_scratch(static_cast<size_t>(workers));  // one per worker
  RETURN_IF_ERROR(spill->Rewind());
  RETURN_IF_ERROR(OrderedRunner<Slot>::Run(
      workers,
      [&](Slot* s, bool* more) {
        RETURN_IF_ERROR(FillBatch(&rs, &s->docs, &s->first, more));
        if (s->first + s->docs.size() > c.size())
          return absl::InternalError(absl::StrCat("input changed between passes: more than the ", c.size(),
                                                  " documents read before"));
        s->spans.resize(s->docs.size());
        for (size_t i = 0; i < s->docs.size(); ++i) RETURN_IF_ERROR(spill->Next(s->docs[i].TextSize(), &s->spans[i]));
        return absl::OkStatus();
      },
      [&](Slot* s, int worker) {
        const size_t m = s->docs.size();
        s->records.clear();
        s->record_end.assign(m, 0);
        s->cleaned.assign(m, {});
        s->pair_text.assign(m, {});
        s->emit.assign(m, 0);
        std::string dedup_json, unescaped;
        std::string& cleaned = cleaned_scratch[static_cast<size_t>(worker)];
        for (size_t i = 0; i < m; ++i) {
          s->record_end[i] = s->records.size();  // until a record is appended
          const io::Document& doc = s->docs[i];
          const uint32_t d = static_cast<uint32_t>(s->first + i);
          const bool wanted = pair_texts != nullptr && pair_texts->Wants(d);  // by the audit view's pairs
          const std::vector<base::RemovedSpan>& spans = s->spans[i];
          const bool dropped = r.kept[d] != d;
          if (wanted) {  // a few pages
            std::string_view text = doc.text;
            if (doc.text_in_raw) {  // its text stayed in its raw line
              unescaped.clear();
              base::AppendCanonicalUnescaped(doc.TextJson(), &unescaped);
              text = unescaped;
            }
            s->pair_text[i] = base::ApplySpans(text, spans);
          }
          if (dropped && !e.options.keep_duplicates) continue;
          s->emit[i] = 1;
          // A text left in its raw line is cut there, as it stands, when
          // the record is written.
          if (!doc.text_in_raw) {
            base::ApplySpans(doc.text, spans, &cleaned);
            if (!to_file && doc.format == io::Format::kText) {
              if (!dropped) s->cleaned[i] = cleaned;
              else s->emit[i] = 0;  // a mirrored .txt has no room for the annotation
              continue;
            }
          }
          dedup_json.clear();
          AppendDedupJson(doc, d, c, r, spans, &dedup_json);
          if (doc.text_in_raw) {
            io::AppendOutputRecordLessSpans(doc, spans, dedup_json, &s->records);
          } else {
            io::AppendOutputRecord(doc, text_field, cleaned, dedup_json, &s->records);
          }
          s->record_end[i] = s->records.size();
        }
      },
      [&](Slot* s) {
        size_t record_start = 0;
        for (size_t i = 0; i < s->docs.size(); ++i) {
          const std::string_view record =
              std::string_view(s->records).substr(record_start, s->record_end[i] - record_start);
          record_start = s->record_end[i];
          bytes += s->docs[i].TextSize();
          if (pair_texts != nullptr && pair_texts->Wants(static_cast<uint32_t>(s->first + i)))
            pair_texts->Put(static_cast<uint32_t>(s->first + i), s->pair_text[i]);
          if (!s->emit[i]) continue;
          const io::Document& doc = s->docs[i];
          const uint32_t d = static_cast<uint32_t>(s->first + i);
          if (r.kept[d] == d) ++kept_written;
          if (to_file) continue;  // the batch's records are written at once, below
          if (doc.format == io::Format::kText) {
            RETURN_IF_ERROR(dir->WriteFile(doc.relative_path, s->cleaned[i]));
          } else {
            if (!dir_jsonl) {
              ASSIGN_OR_RETURN(dir_jsonl, dir->OpenFile("documents.jsonl"));
            }
            RETURN_IF_ERROR(dir_jsonl->Write(record));
          }
        }
        // Into a file, `records` holds exactly the emitted records, in order:
        // one write for the batch, not one per document.
        if (to_file && !s->records.empty()) RETURN_IF_ERROR(file->Write(s->records));
        docs += s->docs.size();
        progress.Update(docs, bytes, rs.reader->consumed_bytes());
        return absl::OkStatus();
      }));
  progress.Finish();
  if (docs != c.size() || rs.reader->malformed_records() != rep->error_records)
    return absl::InternalError(absl::StrCat("input changed between passes: read ", docs, " documents and ",
                                            rs.reader->malformed_records(), " malformed records, expected ", c.size(),
                                            " and ", rep->error_records));
  if (kept_written != rep->kept_documents)
    return absl::InternalError(absl::StrCat("accounting does not reconcile: ", kept_written, " kept documents written, ",
                                            rep->kept_documents, " kept"));
  if (file) RETURN_IF_ERROR(file->Commit());
  if (dir_jsonl) RETURN_IF_ERROR(dir_jsonl->Commit());
  rep->AddSeconds("read", rs.seconds);
  return absl::OkStatus();
}

// For scan --html: reads the input again as far as the last document the
// chosen pairs need, with its spilled spans, for their cleaned texts.
absl::Status PairPass(const Engine& e, const std::vector<io::InputFile>& files, SpanSpill* spill, PairTexts* texts) {
  if (texts->end() == 0) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto reader, io::DocumentReader::Open(files, e.options.reader));
  RETURN_IF_ERROR(spill->Rewind());
  io::Document doc;
  std::vector<base::RemovedSpan> spans;
  for (uint32_t d = 0; d < texts->end(); ++d) {
    if (!reader->Next(&doc)) {
      RETURN_IF_ERROR(reader->status());
      return absl::InternalError("input changed between passes: fewer documents than before");
    }
    RETURN_IF_ERROR(spill->Next(doc.text.size(), &spans));
    if (texts->Wants(d)) texts->Put(d, base::ApplySpans(doc.text, spans));
  }
  return absl::OkStatus();
}

std::string ParamsJson(const Engine& e, const PipelineOptions& o) {
  std::string out;
  base::JsonWriter w(&out);
  w.BeginObject();
  w.Key("threshold").Double(o.threshold).Key("num_perm").Int(o.num_perm);
  w.Key("minhash").String(minhash::MinHashMethodName(o.minhash_method));
  w.Key("bands").Int(e.lsh.bands).Key("rows").Int(e.lsh.rows);
  w.Key("ngram").Int(o.ngram).Key("seed").Uint(o.seed);
  w.Key("verify").BeginObject().Key("sketch").String("bottom-k").Key("k").Int(o.sketch_size);
  w.Key("threshold").Double(e.verify_threshold).EndObject();
  w.Key("s_curve").BeginArray();
  for (const auto& [j, p] : lsh::SCurve(e.lsh))
    w.BeginObject().Key("jaccard").Double(j, 3).Key("candidate_probability").Double(p, 6).EndObject();
  w.EndArray();
  const char* keep = o.keep == cluster::KeepPolicy::kFirst ? "first" : o.keep == cluster::KeepPolicy::kLongest ? "longest" : "field";
  w.Key("keep").String(o.keep == cluster::KeepPolicy::kField ? absl::StrCat("field:", o.keep_field) : keep);
  w.Key("keep_duplicates").Bool(o.keep_duplicates);
  w.Key("detectors").BeginObject().Key("near_duplicate").Bool(o.near_dup);
  w.Key("repeated_block").Bool(o.repeated_blocks).Key("boilerplate").Bool(o.boilerplate).EndObject();
  w.Key("traditional_to_simplified").Bool(o.traditional_to_simplified);
  w.Key("text_field").String(o.reader.text_field).Key("id_field").String(o.reader.id_field);
  w.Key("group_field").String(o.reader.group_field);
  w.Key("strict").Bool(o.reader.strict).Key("repair_utf8").Bool(o.reader.repair_utf8);
  w.Key("threads").Int(WorkerCount(o));
  if (o.comm != nullptr) w.Key("ranks").Int(o.comm->size());
  w.EndObject();
  return out;
}

absl::Status WriteTextAtomically(const std::string& path, const std::string& content) {
  ASSIGN_OR_RETURN(auto f, io::AtomicFileWriter::Create(path));
  RETURN_IF_ERROR(f->Write(content));
  return f->Commit();
}

// Cleans up the stdin spool on every exit path.
struct SpoolGuard {
  std::string path;
  ~SpoolGuard() {
    if (path.empty()) return;
    std::filesystem::remove(path);
    io::UnregisterTemp(path);
  }
};

struct Detection {
  std::unique_ptr<Engine> engine;
  std::vector<io::InputFile> files;
  Corpus corpus;
  cluster::ClusterResult clusters;
  report::Report report;
  std::unique_ptr<SpanSpill> spill;  // clean, or --html: the spans, for a later pass
  std::unique_ptr<DocSampler> sampler;  // --html: documents for the audit view
};

// `keep_counts`: keep the line counter after the sign pass (explain strips
// again); scan and clean free it, a table of up to 285 MB.
absl::Status Detect(const PipelineOptions& options, bool keep_counts, SpoolGuard* spool, Detection* det) {
  Comm* comm = options.comm;
  // A split run: the ranks agree on every failure before the next collective.
  auto sync = [comm](const absl::Status& st) { return comm != nullptr ? Agree(*comm, st) : st; };
  RETURN_IF_ERROR(sync(options.Validate()));
  const auto t0 = Clock::now();
  std::vector<uint64_t> newlines;
  RETURN_IF_ERROR(sync([&]() -> absl::Status {
    std::vector<std::string> skipped;
    ASSIGN_OR_RETURN(det->files, PrepareInputs(options, &spool->path, &skipped));
    // Every rank finds the same: the report says it once.
    det->report.skipped_files = skipped.size();
    if (skipped.size() > kSkippedExamples) skipped.resize(kSkippedExamples);
    det->report.skipped_file_examples = std::move(skipped);
    for (auto& f : det->files)
      if (!spool->path.empty() && f.path == spool->path) f.display.assign(1, '-');
    if (!options.output.empty())
      RETURN_IF_ERROR(io::CheckNotOverwritingInputs(options.output, det->files, options.inputs));
    if (comm == nullptr) return absl::OkStatus();
    const size_t all_files = det->files.size();
    ASSIGN_OR_RETURN(det->files, io::ShareInputs(det->files, comm->rank(), comm->size()));
    ASSIGN_OR_RETURN(auto counts, io::CountPieceNewlines(det->files));
    newlines.assign(all_files, 0);
    for (size_t i = 0; i < det->files.size(); ++i)
      if (det->files[i].piece) newlines[det->files[i].file_index] = counts[i];
    return absl::OkStatus();
  }()));
  if (comm != nullptr) {
    // A piece's first line: 1 + the lines of the pieces of lower ranks.
    comm->ExclusiveScanSum(absl::MakeSpan(newlines));
    for (auto& f : det->files)
      if (f.piece) f.first_line = 1 + newlines[f.file_index];
  }
  // One big .jsonl file, or a rank's piece of one, is read by several
  // threads, as a crawl's shards are.
  // The pieces' first lines come from the count pass where there is one
  // (it reads every piece before any line number is shown), and are
  // counted here otherwise.
  const bool count_pass = options.boilerplate;
  if (const int read_threads = std::min(WorkerCount(options), kMaxReadThreads); read_threads > 1) {
    auto split =
        io::SplitForReading(det->files, kReadPieceBytes, static_cast<size_t>(read_threads), !count_pass);
    RETURN_IF_ERROR(sync(split.status()));
    det->files = *std::move(split);
  }
  {
    auto engine = BuildEngine(options);
    RETURN_IF_ERROR(sync(engine.status()));
    det->engine = *std::move(engine);
  }
  det->report.seconds.emplace_back("setup", SecondsSince(t0));
  if (count_pass) {  // BuildEngine made the boilerplate detector
    std::vector<uint64_t> lines;
    RETURN_IF_ERROR(sync(CountPass(det->engine.get(), det->files, &det->report, &lines)));
    io::SetFirstLines(lines, &det->files);
    if (comm != nullptr) MergeLineCounts(*comm, det->engine.get());
    det->engine->line_counts->DropBelow(options.boilerplate_options.min_docs);
  }
  // The spans go to disk for the emit pass, and for scan --html's pair pass
  // (one process only).
  if (!options.output.empty() || (!options.html_path.empty() && comm == nullptr)) {
    auto spill = SpanSpill::Create();
    RETURN_IF_ERROR(sync(spill.status()));
    det->spill = *std::move(spill);
  }
  // The audit view samples documents of one process only.
  if (!options.html_path.empty() && comm == nullptr) det->sampler = std::make_unique<DocSampler>(kSampleDocsPerKind);
  RETURN_IF_ERROR(sync(SignPass(*det->engine, det->files, det->spill.get(), det->sampler.get(), &det->corpus,
                                &det->report)));
  if (comm != nullptr) {
    std::vector<uint64_t> docs(static_cast<size_t>(comm->size()), 0);
    docs[static_cast<size_t>(comm->rank())] = det->corpus.size();
    comm->AllReduceSum(absl::MakeSpan(docs));
    det->corpus.rank_first.assign(1, 0);
    for (const uint64_t d : docs) det->corpus.rank_first.push_back(det->corpus.rank_first.back() + d);
    RETURN_IF_ERROR(sync(det->corpus.rank_first.back() >= UINT32_MAX - 1
                             ? absl::ResourceExhaustedError("more than 4 billion documents in one run")
                             : absl::OkStatus()));
  }
  if (!keep_counts) det->engine->line_counts.reset();  // clean's emit pass reads the spilled spans
  ASSIGN_OR_RETURN(det->clusters, ClusterStage(*det->engine, &det->corpus, &det->report));
  // The candidates' sketches (up to 1 KiB each, a fifth of a crawl's
  // documents) and the band files served the clustering only; the write
  // pass should not hold them.
  det->corpus.sketches.reset();
  det->corpus.band_keys.reset();
  RETURN_IF_ERROR(sync(det->report.Reconcile()));
  det->report.params_json = ParamsJson(*det->engine, options);
  if (det->sampler) det->report.samples = det->sampler->Take(det->clusters, det->corpus.ids);
  return absl::OkStatus();
}

// The normalised-line keys of a pair text, for the HTML side-by-side view
// (report::PairSample): one per '\n'-separated line, 0 for a blank one.
std::vector<uint64_t> PairLineKeys(const normalize::Normalizer& n, std::string_view text) {
  std::vector<uint64_t> keys;
  std::string norm;
  for (size_t p = 0; p < text.size();) {
    size_t e = text.find('\n', p);
    if (e == std::string_view::npos) e = text.size();
    n.Normalize(text.substr(p, e - p), &norm);
    const std::string_view key = base::StripSpace(norm);
    keys.push_back(key.empty() ? 0 : base::Hash64(key) | 1);
    p = e + 1;
  }
  return keys;
}

std::vector<report::PairSample> TakePairs(const Engine& e, PairTexts* texts, const Detection& det) {
  std::vector<report::PairSample> pairs = texts->Take(det.clusters, det.corpus.ids);
  for (auto& p : pairs) {
    p.kept_keys = PairLineKeys(*e.normalizer, p.kept_text);
    p.dropped_keys = PairLineKeys(*e.normalizer, p.dropped_text);
  }
  return pairs;
}

// The near-duplicate pairs of the audit view (--html), or null.
std::unique_ptr<PairTexts> ChooseAuditPairs(const PipelineOptions& o, const Detection& det) {
  if (o.html_path.empty() || o.comm != nullptr) return nullptr;
  return std::make_unique<PairTexts>(det.clusters, ChoosePairs(det.clusters, det.corpus.ids, kSamplePairs));
}

absl::Status WriteReportFiles(const PipelineOptions& o, const report::Report& rep);

// A split run: rank 0 gathers and merges the ranks' reports and writes them.
absl::Status WriteReports(const PipelineOptions& o, report::Report* rep) {
  rep->CompleteStages();
  if (o.comm != nullptr) {
    RETURN_IF_ERROR(MergeReports(*o.comm, rep, MergeLimits{}));
    if (o.comm->rank() != 0) return absl::OkStatus();
    RETURN_IF_ERROR(rep->Reconcile());
    rep->samples_note = absl::StrCat("This run was split among ", o.comm->size(),
                                     " MPI ranks; the audit view samples documents in single-process runs only "
                                     "(dedup explain shows any one document).");
  }
  return WriteReportFiles(o, *rep);
}

absl::Status WriteReportFiles(const PipelineOptions& o, const report::Report& rep) {
  if (!o.report_path.empty()) RETURN_IF_ERROR(WriteTextAtomically(o.report_path, rep.ToJson()));
  if (!o.html_path.empty()) RETURN_IF_ERROR(WriteTextAtomically(o.html_path, rep.ToHtml()));
  return absl::OkStatus();
}

}  // namespace

absl::Status PipelineOptions::Validate() const {
  if (inputs.empty()) return absl::InvalidArgumentError("no INPUT given");
  if (!(threshold > 0 && threshold <= 1)) return absl::InvalidArgumentError("--threshold must be in (0, 1]");
  if (num_perm < 1 || num_perm > 4096) return absl::InvalidArgumentError("--num-perm must be in [1, 4096]");
  if ((bands > 0) != (rows > 0)) return absl::InvalidArgumentError("--bands and --rows go together");
  if (bands > 0 && bands * rows > num_perm)
    return absl::InvalidArgumentError(absl::StrCat("--bands x --rows = ", bands * rows, " exceeds --num-perm ", num_perm));
  if (ngram < 1 || ngram > 64) return absl::InvalidArgumentError("--ngram must be in [1, 64]");
  if (sketch_size < 16 || sketch_size > 65536) return absl::InvalidArgumentError("sketch size must be in [16, 65536]");
  if (keep == cluster::KeepPolicy::kField && keep_field.empty())
    return absl::InvalidArgumentError("--keep field:NAME needs a field name");
  if (threads < 0) return absl::InvalidArgumentError("--threads must be >= 0");
  if (comm != nullptr) {
    for (const auto& in : inputs)
      if (in == "-") return absl::InvalidArgumentError("-: standard input cannot be shared among MPI ranks");
    if (shard_format != "jsonl" && shard_format != "jsonl.zst" && shard_format != "jsonl.gz")
      return absl::InvalidArgumentError("--shard-format must be jsonl, jsonl.zst or jsonl.gz");
    if (IsJsonlPath(output))
      return absl::InvalidArgumentError(absl::StrCat(
          output, ": under MPI, -o names a folder; each rank writes its shard there as part-RRRRR.jsonl (--shard-format)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<RunResult> RunScan(const PipelineOptions& options) {
  SpoolGuard spool;
  Detection det;
  RETURN_IF_ERROR(Detect(options, /*keep_counts=*/false, &spool, &det));
  if (auto pairs = ChooseAuditPairs(options, det)) {
    RETURN_IF_ERROR(PairPass(*det.engine, det.files, det.spill.get(), pairs.get()));
    det.report.pairs = TakePairs(*det.engine, pairs.get(), det);
  }
  RETURN_IF_ERROR(WriteReports(options, &det.report));
  return RunResult{std::move(det.report)};
}

absl::StatusOr<RunResult> RunClean(const PipelineOptions& options) {
  if (options.output.empty()) return absl::InvalidArgumentError("clean needs -o OUT");
  SpoolGuard spool;
  Detection det;
  RETURN_IF_ERROR(Detect(options, /*keep_counts=*/false, &spool, &det));
  auto pairs = ChooseAuditPairs(options, det);
  RETURN_IF_ERROR(EmitPass(*det.engine, det.files, det.corpus, det.clusters, det.spill.get(), pairs.get(),
                           &det.report));
  if (pairs) det.report.pairs = TakePairs(*det.engine, pairs.get(), det);
  RETURN_IF_ERROR(WriteReports(options, &det.report));
  return RunResult{std::move(det.report)};
}

absl::StatusOr<std::string> RunExplain(const PipelineOptions& options, const std::string& id, bool color) {
  if (options.comm != nullptr) return absl::InvalidArgumentError("explain runs in one process, not under MPI");
  SpoolGuard spool;
  Detection det;
  RETURN_IF_ERROR(Detect(options, /*keep_counts=*/true, &spool, &det));
  // Find the document, re-read it, and mark its spans.
  ASSIGN_OR_RETURN(auto reader, io::DocumentReader::Open(det.files, options.reader));
  io::Document doc;
  uint32_t d = 0;
  bool found = false;
  while (reader->Next(&doc)) {
    if (id.empty() || doc.id == id) {
      found = true;
      break;
    }
    ++d;
  }
  RETURN_IF_ERROR(reader->status());
  if (!found) return absl::NotFoundError(id.empty() ? "no documents in the input" : absl::StrCat("no document with id ", id));
  Scratch sc;
  const Engine& e = *det.engine;
  Strip(e, doc, det.corpus.group_names[det.corpus.group_of[d]], &sc);
  const auto& r = det.clusters;
  const char* on_block = color ? "\x1b[33m" : "";
  const char* on_bp = color ? "\x1b[35m" : "";
  const char* off = color ? "\x1b[0m" : "";
  std::string out = absl::StrCat("id: ", doc.id, "\nbytes: ", doc.text.size(), "\n");
  if (r.cluster[d] == cluster::kNoCluster) {
    absl::StrAppend(&out, "near-duplicate: none\n");
  } else if (r.kept[d] == d) {
    absl::StrAppend(&out, "near-duplicate: cluster ", r.cluster[d], ", kept\n");
  } else {
    absl::StrAppend(&out, "near-duplicate: cluster ", r.cluster[d], ", duplicate of ", base::ToAbsl(det.corpus.ids[r.kept[d]]),
                    " (estimated Jaccard ", r.similarity_to_kept[d], ")\n");
  }
  absl::StrAppend(&out, "removed: ", sc.spans.size(), " spans, ", base::CoveredBytes(sc.spans), " bytes\n");
  auto line_of = [&](uint64_t off_bytes) { return 1 + std::count(doc.text.begin(), doc.text.begin() + static_cast<long>(off_bytes), '\n'); };
  for (const auto& s : sc.spans) {
    std::string_view t(doc.text.data() + s.start, s.size());
    std::string preview(t.substr(0, base::FloorToCharBoundary(t, 60)));
    std::replace(preview.begin(), preview.end(), '\n', ' ');
    if (s.kind == base::RemovalKind::kRepeatedBlock) {
      absl::StrAppend(&out, "  [", s.start, ", ", s.end, ") lines ", line_of(s.start), "-", line_of(s.end > s.start ? s.end - 1 : s.end),
                      " repeated_block copy_of [", s.copy_start, ", ", s.copy_end, ") lines ", line_of(s.copy_start), "-",
                      line_of(s.copy_end > s.copy_start ? s.copy_end - 1 : s.copy_end), ": ", preview, "\n");
    } else {
      absl::StrAppend(&out, "  [", s.start, ", ", s.end, ") line ", line_of(s.start), " boilerplate/", s.rule, ": ", preview, "\n");
    }
  }
  absl::StrAppend(&out, "----\n");
  uint64_t pos = 0;
  for (const auto& s : sc.spans) {
    out.append(doc.text, pos, s.start - pos);
    const bool blk = s.kind == base::RemovalKind::kRepeatedBlock;
    out += blk ? on_block : on_bp;
    out += "[-";
    out.append(doc.text, s.start, s.size());
    out += "-]{";
    out += blk ? std::string("repeated_block") : absl::StrCat("boilerplate/", s.rule);
    out += "}";
    out += off;
    pos = s.end;
  }
  out.append(doc.text, pos, std::string::npos);
  if (!out.empty() && out.back() != '\n') out.push_back('\n');
  return out;
}

}  // namespace dedup::pipeline
