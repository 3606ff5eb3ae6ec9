// Copyright 2026 The dedup Authors.
//
// Atomic outputs (temp file or folder + rename: an interrupted run leaves no
// half-written OUT) and the output record encoding of CONTRACT.md.
#ifndef DEDUP_CORE_IO_WRITER_H_
#define DEDUP_CORE_IO_WRITER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/base/span.h"
#include "core/io/reader.h"

namespace dedup::io {

// Writes to a temp file beside `path`, compressed by extension (.gz, .zst);
// Commit() flushes, syncs and renames it onto `path`. Destruction without
// Commit() removes the temp file. Not thread-safe.
class AtomicFileWriter {
 public:
  // `compress_threads` >= 1: a .zst output is compressed by that many zstd
  // worker threads, beside the caller (the stream is the same for any count).
  static absl::StatusOr<std::unique_ptr<AtomicFileWriter>> Create(const std::string& path, int compress_threads = 0);
  virtual ~AtomicFileWriter() = default;
  virtual absl::Status Write(std::string_view data) = 0;
  virtual absl::Status Commit() = 0;
  virtual void Abandon() = 0;
};

// A directory OUT built in a temp folder beside it and renamed into place by
// Commit() (an existing OUT folder is replaced). Not thread-safe.
class AtomicDirectoryWriter {
 public:
  static absl::StatusOr<std::unique_ptr<AtomicDirectoryWriter>> Create(const std::string& path);
  ~AtomicDirectoryWriter();
  // Writes `content` to `relative_path` inside the folder.
  absl::Status WriteFile(const std::string& relative_path, std::string_view content);
  // Opens a streamed file inside the folder; Commit() it before this Commit().
  absl::StatusOr<std::unique_ptr<AtomicFileWriter>> OpenFile(const std::string& relative_path);
  absl::Status Commit();
  void Abandon();
  // The temporary folder that becomes `path` on Commit() (other processes of
  // a split run write their files into it).
  const std::string& temp_path() const { return tmp_; }

 private:
  AtomicDirectoryWriter(std::string path, std::string tmp) : path_(std::move(path)), tmp_(std::move(tmp)) {}
  std::string path_, tmp_;
  bool done_ = false;
};

// Appends one output line (with '\n'). JSONL documents keep every original
// field, in order and byte for byte, except `text_field`, whose value becomes
// `cleaned_text`, and "dedup", set to `dedup_json` (appended last). Text and
// WET documents become {"id", "text", "url" (when known), "dedup"}.
void AppendOutputRecord(const Document& doc, std::string_view text_field, std::string_view cleaned_text,
                        std::string_view dedup_json, std::string* out);

// AppendOutputRecord for a JSONL document whose text was left in its raw
// line (Document::text_in_raw): the text field's JSON string is written cut
// by `spans`, as it stands (base::AppendJsonStringLessSpans), which is what
// AppendOutputRecord writes for the cleaned text.
void AppendOutputRecordLessSpans(const Document& doc, const std::vector<base::RemovedSpan>& spans,
                                 std::string_view dedup_json, std::string* out);

// Error when OUT would overwrite an input: OUT is an input file, lies inside
// an input folder, or (as a folder) contains an input.
absl::Status CheckNotOverwritingInputs(const std::string& out, const std::vector<InputFile>& inputs,
                                       const std::vector<std::string>& input_args);

}  // namespace dedup::io

#endif  // DEDUP_CORE_IO_WRITER_H_
