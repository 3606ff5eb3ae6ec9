// Copyright 2026 The dedup Authors.
//
// Merging the reports of the ranks of one run on rank 0 (issue 8). Each rank's
// report is its share: counts of its documents, its error examples in input
// order, and the untruncated lists the merged report is cut from (every
// removed line it counted, every group). Rank 0 adds counts up, keeps the
// first error examples in rank order (= input order), merges lines and groups
// by text and name, and cuts them as a single-process run does.
#ifndef DEDUP_CORE_PIPELINE_DIST_REPORT_H_
#define DEDUP_CORE_PIPELINE_DIST_REPORT_H_

#include <cstddef>
#include <string>

#include "core/pipeline/comm.h"
#include "core/report/report.h"

namespace dedup::pipeline {

struct MergeLimits {
  size_t top_lines = 20;       // report "top"
  size_t top_capacity = 4096;  // lines counted while merging
  size_t groups = 50;          // groups shown, noisiest first
  size_t group_top = 5;        // lines per group
  size_t group_top_capacity = 32;
  size_t examples = 20;        // error and replacement examples
};

std::string EncodeReportShare(const report::Report& r);
absl::Status DecodeReportShare(const std::string& bytes, report::Report* r);

// Folds `share` into `*into` (counts summed; examples appended; lines and
// groups merged untruncated); Finish() cuts the lists to `limits`.
void AddReportShare(const report::Report& share, report::Report* into, const MergeLimits& limits);
void FinishMergedReport(report::Report* r, const MergeLimits& limits);

// Collective: on rank 0 `*r` becomes the merged report of all ranks (its
// params and thresholds are rank 0's; seconds per stage are the slowest
// rank's); other ranks keep their share.
absl::Status MergeReports(Comm& comm, report::Report* r, const MergeLimits& limits);

}  // namespace dedup::pipeline

#endif  // DEDUP_CORE_PIPELINE_DIST_REPORT_H_
