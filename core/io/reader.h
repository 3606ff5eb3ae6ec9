// Copyright 2026 The dedup Authors.
//
// Streaming document readers for every input format of CONTRACT.md: text
// files (one document each), JSONL (plain, .gz, .zst; stdin via a spool
// file), and Common Crawl WET (plain, .gz, multi-member). Memory stays bounded
// by the largest single record whatever the file size.
#ifndef DEDUP_CORE_IO_READER_H_
#define DEDUP_CORE_IO_READER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace dedup::io {

enum class Format { kText, kJsonl, kWet };
enum class Compression { kNone, kGzip, kZstd };

struct Document {
  // txt: path relative to the INPUT argument (a file INPUT: its file name);
  // jsonl: the id field (numbers as their JSON text), missing -> "FILE:LINE";
  // WET: WARC-Record-ID.
  std::string id;
  std::string text;   // original bytes (JSON-unescaped for JSONL)
  std::string url;    // jsonl "url" field; WET WARC-Target-URI
  std::string group;  // value of the group field when present
  std::optional<double> keep_value;  // numeric value of the keep field
  std::string raw;    // jsonl: the original line, so every field is carried through
  Format format = Format::kText;
  std::string source;         // the file it came from, as shown to users ("-" for stdin)
  std::string relative_path;  // txt: relative to its INPUT argument
  uint64_t line = 0;          // jsonl: 1-based line; WET: 1-based line where the record starts
  // jsonl: the text field's JSON string, its content between the quotes, is
  // raw[text_json_begin, text_json_end) (the line the reader parsed; 0, 0
  // for other formats). Read with ReaderOptions::text_in_raw, where that
  // string holds only escapes base::AppendJsonString writes
  // (base::IsCanonicalJsonString), `text` is left empty (text_in_raw) and
  // the string is text_json_size bytes once unescaped. Use TextSize() for
  // the text's length.
  bool text_in_raw = false;
  size_t text_json_begin = 0, text_json_end = 0, text_json_size = 0;

  size_t TextSize() const { return text_in_raw ? text_json_size : text.size(); }
  std::string_view TextJson() const {
    return std::string_view(raw).substr(text_json_begin, text_json_end - text_json_begin);
  }
};

struct ReaderOptions {
  std::string text_field = "text";
  std::string id_field = "id";
  std::string group_field = "site";
  std::string keep_field;  // empty: none
  bool strict = false;     // the first malformed record is a fatal error
  // A record of UTF-8 with a few invalid bytes (too few to be another
  // charset, see charset.h) is malformed, as the CONTRACT says; with
  // repair_utf8 it is kept with each bad sequence replaced by U+FFFD, and
  // counted in EncodingStats. Text converted from another charset is kept
  // either way.
  bool repair_utf8 = false;
  size_t max_error_examples = 20;
  // Files read at once (each by its own thread; documents still come in input
  // order). 1: one file after the other, on the caller's thread.
  size_t read_threads = 1;
  // JSONL: keep each record's line in Document::raw (what `clean` writes
  // back); a pass that only reads the text leaves raw empty and skips a copy
  // of every record.
  bool keep_raw = true;
  // JSONL with keep_raw: a text field whose JSON string base::AppendJsonString
  // would write as it stands is left in `raw` (Document::text_in_raw), not
  // unescaped into `text`: the write pass copies it cut, as it stands.
  bool text_in_raw = false;
  // A compressed file is decompressed on a thread of its own, a few MiB
  // ahead of the JSON parsing (one more thread per file read at once): for
  // runs with workers to spare, where a single compressed file's reading
  // thread would otherwise bound every pass.
  bool decompress_ahead = false;
};

struct InputFile {
  std::string path;     // where to open it
  std::string display;  // how errors name it
  std::string root;     // the INPUT argument it came from
  Format format = Format::kText;
  Compression compression = Compression::kNone;
  uint64_t size = 0;  // bytes to read: the file's size, or the length of a piece
  // A piece of a plain JSONL file (ShareInputs): bytes [offset, offset +
  // size), starting at a line start; its first line is line `first_line` of
  // the file. A whole file: offset 0, first_line 1.
  uint64_t offset = 0;
  uint64_t first_line = 1;
  bool piece = false;
  size_t file_index = 0;  // a piece: the position of its file in the list ShareInputs cut
};

// Text that was not UTF-8, made UTF-8 (see charset.h).
struct EncodingStats {
  std::map<std::string, uint64_t> converted;  // documents converted, by source charset
  uint64_t replaced_records = 0;              // documents kept with U+FFFD for invalid bytes
  uint64_t replaced_chars = 0;                // U+FFFD written in them
  std::vector<std::string> replaced_examples;  // "FILE:LINE: N invalid UTF-8 sequences replaced by U+FFFD"
};

// Returns the format and compression of `path` by its name, or an error for a
// name that is no input type.
absl::StatusOr<InputFile> ClassifyPath(const std::string& path);

// Expands INPUT arguments into files: a directory is read recursively, sorted
// by path, keeping only input types. A missing INPUT is an error naming it.
// Files of a directory whose name is no input type are skipped; those that
// look like data all the same (".json", ".jsonl.bz2", ".TXT", ".warc.gz":
// a name holding .json, .txt, .wet or .warc, in any case) are appended to
// `*skipped` when given, so that the run can say what it did not read.
absl::StatusOr<std::vector<InputFile>> ExpandInputs(const std::vector<std::string>& inputs,
                                                    std::vector<std::string>* skipped = nullptr);

// One rank's share of the inputs when `ranks` processes split a run
// (core/dist): the files, in order, as one stream of bytes cut into `ranks`
// equal ranges. Plain .jsonl files are cut at the first line start at or
// after each cut, so every line belongs to exactly one rank; other files
// (compressed, text, WET) go whole to the rank whose range holds their first
// byte. The shares of ranks 0..N-1, concatenated, are the input in order.
// `first_line` of a piece is left at 1 (LineOffsets() fills it in).
absl::StatusOr<std::vector<InputFile>> ShareInputs(const std::vector<InputFile>& files, int rank, int ranks);

// The '\n' bytes in each piece of `share` (0 for a whole file), so that ranks
// can add up the lines before their pieces.
absl::StatusOr<std::vector<uint64_t>> CountPieceNewlines(const std::vector<InputFile>& share);

// The inputs of one process, with every plain .jsonl file of more than
// `piece_bytes` cut into pieces of about `piece_bytes` at line starts, so
// that several threads can read one big file (a DocumentReader with
// read_threads > 1 reads pieces as it reads files). Each piece's first_line
// is counted (`threads` count newlines at once): documents get the ids and
// errors the line numbers they get from the whole file. A piece a rank was
// given (ShareInputs, first_line known) is cut the same way. Other files
// (compressed, text, WET) stay whole. With `count_lines` false the pieces'
// first lines are left for SetFirstLines (the caller reads every piece once
// anyway, and so saves reading the input for the newlines alone); until
// then a continued piece's first_line is 1.
absl::StatusOr<std::vector<InputFile>> SplitForReading(const std::vector<InputFile>& files, uint64_t piece_bytes,
                                                        size_t threads, bool count_lines = true);

// Sets the first_line of each piece that continues the one before it in
// `files` (the next piece of the same file, starting where that one ends)
// from the lines of that one: `lines[i]` is the number of lines of
// files[i], as a DocumentReader that read them all gives them (lines()).
void SetFirstLines(const std::vector<uint64_t>& lines, std::vector<InputFile>* files);

// Pull iterator over every document of every input, in input order.
// Not thread-safe.
class DocumentReader {
 public:
  static absl::StatusOr<std::unique_ptr<DocumentReader>> Open(std::vector<InputFile> files,
                                                               const ReaderOptions& options);
  virtual ~DocumentReader() = default;
  // Reads the next document into `*doc`. Returns false at the end of input or
  // on a fatal error; status() tells which.
  virtual bool Next(Document* doc) = 0;
  // Fatal errors: an unreadable or corrupt file ("FILE: reason"), or in strict
  // mode the first malformed record ("FILE:LINE: reason").
  virtual const absl::Status& status() const = 0;
  // Malformed records counted and skipped.
  virtual uint64_t malformed_records() const = 0;
  // "FILE:LINE: reason" for the first malformed records.
  virtual const std::vector<std::string>& error_examples() const = 0;
  // Documents converted from another charset or repaired with U+FFFD (in
  // strict mode a repair is a malformed record instead).
  virtual const EncodingStats& encodings() const = 0;
  // Records met so far, good or malformed: text files, non-blank JSONL lines,
  // WET conversion records and WARC records too broken to tell their type.
  // Every one ends as a document returned by Next() or a malformed record.
  virtual uint64_t records() const = 0;
  // Sum of the input files' sizes on disk.
  virtual uint64_t total_bytes() const = 0;
  // On-disk bytes consumed so far (compressed bytes for compressed files).
  virtual uint64_t consumed_bytes() const = 0;
  // The lines read from each JSONL or WET input (one entry per file given
  // to Open, in order: its '\n' bytes, and one more for a last line
  // without one): an input's entry is set once Next() has passed its end,
  // 0 before.
  virtual const std::vector<uint64_t>& lines() const = 0;
};

// Copies standard input to a new file in `dir` and returns its path; the
// caller removes it. The pipeline reads its inputs more than once.
absl::StatusOr<std::string> SpoolStdin(const std::string& dir);

}  // namespace dedup::io

#endif  // DEDUP_CORE_IO_READER_H_
