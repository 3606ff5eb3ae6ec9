// Copyright 2026 The dedup Authors.
//
// The input types dedup reads, as its messages name them: io::ClassifyPath's
// error for a file of another type, and the report's summary and HTML page
// where files of a folder were not read. One text, so that a type added to
// the reader is named everywhere.
#ifndef DEDUP_CORE_BASE_INPUT_TYPES_H_
#define DEDUP_CORE_BASE_INPUT_TYPES_H_

#include <string_view>

namespace dedup::base {

inline constexpr std::string_view kInputTypes = "*.txt, *.jsonl[.gz|.zst], *.warc.wet[.gz]";

}  // namespace dedup::base

#endif  // DEDUP_CORE_BASE_INPUT_TYPES_H_
