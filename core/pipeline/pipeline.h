// Copyright 2026 The dedup Authors.
//
// The engine end to end, as stages over plain data:
//
//   read -> [count lines per group] -> strip + sign -> band -> candidates
//        -> verify -> cluster -> emit -> report
//
// Passes over the input (each streams; nothing holds the corpus in memory):
//   1. count  (with the boilerplate detector): per-group line statistics.
//   2. sign:  repeated-block and boilerplate spans; the text minus those spans
//             is normalised, shingled and signed (MinHash -> LSH band keys)
//             and sketched (bottom-k, for verification). Kept per document:
//             band keys, the sketch, sizes, the id; for clean, the spans go
//             to a temporary file (span_spill.h).
//   3. emit   (clean only): the spans read back, cleaned text written in
//             input order with the `dedup` annotation.
// Between 2 and 3 the band/candidates/verify/cluster stages run over the
// per-document arrays alone. Workers split the work by document batch;
// consumption is in input order, so output and report are byte-identical for
// any thread count.
#ifndef DEDUP_CORE_PIPELINE_PIPELINE_H_
#define DEDUP_CORE_PIPELINE_PIPELINE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/blocks/repeats.h"
#include "core/boilerplate/boilerplate.h"
#include "core/cluster/clusterer.h"
#include "core/io/reader.h"
#include "core/minhash/minhash.h"
#include "core/report/report.h"

namespace dedup::pipeline {

class Comm;  // comm.h

enum class ProgressMode { kAuto, kAlways, kNever };

struct PipelineOptions {
  // ---- inputs and outputs
  std::vector<std::string> inputs;  // files, directories, or "-" (JSONL on stdin)
  std::string output;               // clean: .jsonl[.zst|.gz] file or directory; empty for scan
  std::string report_path;          // REPORT.json, optional
  std::string html_path;            // REPORT.html, optional
  io::ReaderOptions reader;

  // ---- near-duplicate detection
  double threshold = 0.8;  // Jaccard similarity at which two documents are near-duplicates
  int num_perm = 128;      // MinHash signature slots
  minhash::MinHashMethod minhash_method = minhash::MinHashMethod::kOnePermutation;
  int bands = 0;           // 0 = chosen from threshold
  int rows = 0;            // 0 = chosen from threshold
  int ngram = 5;           // shingle size in tokens (characters for CJK, words otherwise)
  uint64_t seed = 42;
  int sketch_size = 256;   // bottom-k size of the verification sketch
  // Candidates are verified at threshold - verify_margin: the midpoint between
  // "must find" (t + 0.05) and "must not merge" (t - 0.1) given the sketch error.
  double verify_margin = 0.025;
  bool traditional_to_simplified = true;

  // ---- detectors
  bool near_dup = true;
  // The strip stage runs these detectors (core/blocks, core/boilerplate) and
  // signs the text minus their spans; switching one off removes its spans.
  bool repeated_blocks = true;
  bool boilerplate = true;
  // Boilerplate rule files (format of core/boilerplate/default.rules) added to
  // the built-in pack; with rules_replace_default they replace it.
  std::vector<std::string> rules_files;
  bool rules_replace_default = false;
  boilerplate::BoilerplateOptions boilerplate_options;
  blocks::BlockOptions block_options;
  // Bound of the cross-document line counter: 13 M entries stay within a
  // 2^24-slot hash table (17 bytes a slot, 285 MB; it holds 14.68 M before it
  // would double).
  size_t max_line_entries = size_t{13} << 20;

  // ---- decisions
  cluster::KeepPolicy keep = cluster::KeepPolicy::kFirst;
  std::string keep_field;       // with KeepPolicy::kField
  bool keep_duplicates = false; // annotate dropped near-duplicates instead of dropping them

  // ---- performance and UI
  // Candidates are verified and clustered a batch of connected components at
  // a time, the batch's sketches (up to 1 KiB a document) read back from
  // disk up to this many bytes: what the cluster stage holds, whatever the
  // crawl's size. --sketch-memory, in MB.
  size_t sketch_batch_bytes = size_t{64} << 20;
  int threads = 0;  // 0 = all cores
  ProgressMode progress = ProgressMode::kAuto;
  std::string temp_dir;  // for spooling stdin; empty = beside OUT or the system temp folder

  // ---- a run split among ranks (issue 8; the CLI sets this under mpirun)
  // Each rank reads its share of the inputs (io::ShareInputs) and the ranks
  // reach the decisions of a single-process run together. clean's OUT is then
  // a folder of one shard per rank, part-RRRRR.jsonl (or .jsonl.zst, .jsonl.gz:
  // shard_format; input order within and
  // across shards); the reports are rank 0's. Not owned; null = one process.
  Comm* comm = nullptr;
  std::string shard_format = "jsonl";  // the shards' extension: jsonl, jsonl.zst or jsonl.gz

  absl::Status Validate() const;
};

struct RunResult {
  report::Report report;
};

// `dedup clean`: detects, removes, writes OUT atomically, and the reports.
absl::StatusOr<RunResult> RunClean(const PipelineOptions& options);

// `dedup scan`: detects and reports; writes no documents.
absl::StatusOr<RunResult> RunScan(const PipelineOptions& options);

// `dedup explain`: runs detection over the inputs and renders one document
// (the one with id `id`, or the first when `id` is empty) with its removed
// spans marked and their reasons. `color` adds ANSI highlighting.
absl::StatusOr<std::string> RunExplain(const PipelineOptions& options, const std::string& id, bool color);

}  // namespace dedup::pipeline

#endif  // DEDUP_CORE_PIPELINE_PIPELINE_H_
