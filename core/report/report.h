// Copyright 2026 The dedup Authors.
//
// Report: the run's statistics as plain data, and its renderings: the JSON
// of CONTRACT.md ("documents", "bytes", "errors", "near_duplicate",
// "repeated_block", "boilerplate", "kept", "params", "seconds"), a short
// human summary for the terminal, and a self-contained HTML page.
#ifndef DEDUP_CORE_REPORT_REPORT_H_
#define DEDUP_CORE_REPORT_REPORT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "core/base/span.h"
#include "core/report/top_lines.h"

namespace dedup::report {

struct KindStats {
  uint64_t documents = 0;  // kept documents with at least one removal of this kind
  uint64_t bytes = 0;      // bytes of this kind removed from kept documents
};

struct GroupStats {
  std::string group;  // "" = documents with no group
  uint64_t documents = 0;
  uint64_t bytes = 0;
  KindStats boilerplate;
  std::vector<TopLine> top;
};

// One document shown in the HTML audit view: its original text with the
// spans removed from it. Text longer than kSampleTextBytes is cut there (on a
// character boundary) and its spans clipped.
struct DocSample {
  std::string id;
  std::string group;
  std::string text;                      // original text, maybe cut
  uint64_t original_bytes = 0;           // before the cut
  std::vector<base::RemovedSpan> spans;  // sorted, clipped to `text`
  std::string duplicate_of;              // "" unless dropped as a near-duplicate
  double similarity = 0;                 // to duplicate_of
};

// A dropped near-duplicate and the document kept for it, both as cleaned text
// (what was signed), each cut at kSampleTextBytes.
struct PairSample {
  std::string kept_id, dropped_id;
  std::string kept_text, dropped_text;
  double similarity = 0;
  // Per line of each text (split at '\n'; a final '\n' ends the last line),
  // a hash of its normalised form, 0 for a blank line; the view marks a line
  // whose key the other side lacks, so that a traditional repost of a
  // simplified page shows its edits, not every line. Empty: raw lines compare.
  std::vector<uint64_t> kept_keys, dropped_keys;
};

inline constexpr size_t kSampleTextBytes = 48 * 1024;
inline constexpr int kSimilarityBins = 50;  // of width 0.02 over [0, 1]

struct Report {
  uint64_t records = 0;    // records read, malformed ones included
  uint64_t documents = 0;  // documents read (malformed records excluded)
  uint64_t bytes = 0;      // their original text bytes
  uint64_t error_records = 0;
  std::vector<std::string> error_examples;
  // Files in INPUT folders that look like data but are no input type (a
  // .jsonl.bz2, a .json): not read.
  uint64_t skipped_files = 0;
  std::vector<std::string> skipped_file_examples;
  // Documents not in UTF-8: converted, by source charset; and kept with
  // invalid bytes replaced by U+FFFD.
  std::vector<std::pair<std::string, uint64_t>> converted_charsets;
  uint64_t replaced_records = 0;
  uint64_t replaced_chars = 0;
  std::vector<std::string> replaced_examples;

  uint64_t near_duplicate_documents = 0;  // dropped as near-duplicates of a kept one
  uint64_t near_duplicate_clusters = 0;
  uint64_t near_duplicate_bytes = 0;      // original bytes of those documents
  KindStats repeated_block;
  KindStats boilerplate;
  std::vector<TopLine> boilerplate_top;
  std::vector<GroupStats> groups;  // noisiest first, bounded

  uint64_t kept_documents = 0;
  uint64_t kept_bytes = 0;  // cleaned bytes of kept documents

  // Already-encoded JSON object for "params" (the pipeline owns its content).
  std::string params_json = "{}";
  // Wall seconds per stage, in stage order (the CONTRACT's stages are always
  // there, 0 when a stage did not run: see CompleteStages). Three run inside
  // others and are not part of the total (IsNestedStage): "read", the
  // reading thread's time in all passes, beside the workers; "blocks" and
  // "boilerplate", the detectors' share of "normalize+sign" (their time
  // summed over the workers, divided by the number of workers).
  std::vector<std::pair<std::string, double>> seconds;

  // Adds `s` to stage `name`, appending the stage when it is new.
  void AddSeconds(std::string_view name, double s);
  // Adds the CONTRACT's stages that are missing (at 0) and puts the known
  // stages in pipeline order: setup, count-lines, read, normalize+sign,
  // blocks, boilerplate, index, cluster, write; others after, as they came.
  void CompleteStages();
  // The run's seconds: the sum of the stages that are not nested.
  double TotalSeconds() const;
  // Where a nested stage's time lies ("normalize+sign"; "every pass" for
  // "read"), or "" for a stage of its own.
  static std::string_view NestedIn(std::string_view name);
  static bool IsNestedStage(std::string_view name) { return !NestedIn(name).empty(); }

  // Estimated Jaccard of every verified candidate pair, binned: bin i counts
  // pairs in [i/kSimilarityBins, (i+1)/kSimilarityBins), the last bin takes 1.
  std::vector<uint64_t> similarity_bins = std::vector<uint64_t>(kSimilarityBins, 0);
  double threshold = 0;         // the run's --threshold
  double verify_threshold = 0;  // pairs at or above this were accepted
  // Cluster sizes histogram: size -> count.
  std::vector<std::pair<uint64_t, uint64_t>> cluster_sizes;

  // For the HTML audit view, bounded whatever the run's size.
  std::vector<DocSample> samples;
  std::vector<PairSample> pairs;
  // When set, why there are no samples (e.g. a run split among MPI ranks);
  // the page says so instead of "nothing to show".
  std::string samples_note;

  // Checks that every record is accounted for: records = documents +
  // malformed, and documents = kept + dropped near-duplicates. A mismatch is
  // a bug of ours: an InternalError naming the figures (exit 2).
  absl::Status Reconcile() const;

  // Returns the report as indented JSON with a trailing newline.
  std::string ToJson() const;
  // Returns a few human-readable lines for the terminal.
  std::string Summary() const;
  // Returns a self-contained HTML page (no network, no external files).
  std::string ToHtml() const;
};

// Returns part / whole, 0 when whole is 0.
double Ratio(uint64_t part, uint64_t whole);

}  // namespace dedup::report

#endif  // DEDUP_CORE_REPORT_REPORT_H_
