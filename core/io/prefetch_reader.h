// Copyright 2026 The dedup Authors.
//
// A DocumentReader over many files that reads up to `read_threads` of them at
// once (decompression and JSON parsing are most of reading, and a crawl is
// many shards), and still hands out documents, errors and counts in input
// order, exactly as the sequential reader would. Used by
// DocumentReader::Open when ReaderOptions::read_threads > 1 and there is more
// than one file.
#ifndef DEDUP_CORE_IO_PREFETCH_READER_H_
#define DEDUP_CORE_IO_PREFETCH_READER_H_

#include <memory>
#include <vector>

#include "core/io/reader.h"

namespace dedup::io {

std::unique_ptr<DocumentReader> NewPrefetchReader(std::vector<InputFile> files, const ReaderOptions& options);

}  // namespace dedup::io

#endif  // DEDUP_CORE_IO_PREFETCH_READER_H_
