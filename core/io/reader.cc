// Copyright 2026 The dedup Authors.
#include "core/io/reader.h"

#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/base/find.h"
#include "core/base/input_types.h"
#include "core/base/json_writer.h"
#include "core/base/strings.h"
#include "core/base/utf8.h"
#include "core/io/byte_source.h"
#include "core/io/charset.h"
#include "core/io/interrupt.h"
#include "core/io/prefetch_reader.h"

namespace dedup::io {
namespace fs = std::filesystem;

absl::StatusOr<InputFile> ClassifyPath(const std::string& path) {
  InputFile f;
  f.path = f.display = path;
  std::string name = fs::path(path).filename().string();
  if (absl::EndsWith(name, ".gz")) {
    f.compression = Compression::kGzip;
    name.resize(name.size() - 3);
  } else if (absl::EndsWith(name, ".zst")) {
    f.compression = Compression::kZstd;
    name.resize(name.size() - 4);
  }
  if (absl::EndsWith(name, ".jsonl")) {
    f.format = Format::kJsonl;
  } else if (absl::EndsWith(name, ".warc.wet") && f.compression != Compression::kZstd) {
    f.format = Format::kWet;
  } else if (absl::EndsWith(name, ".txt") && f.compression == Compression::kNone) {
    f.format = Format::kText;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": not an input type (", base::ToAbsl(base::kInputTypes), ")"));
  }
  return f;
}

namespace {

bool LooksLikeData(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* ext : {".json", ".txt", ".wet", ".warc"})
    if (name.find(ext) != std::string::npos) return true;
  return false;
}

}  // namespace

absl::StatusOr<std::vector<InputFile>> ExpandInputs(const std::vector<std::string>& inputs,
                                                    std::vector<std::string>* skipped) {
  std::vector<InputFile> out;
  for (const std::string& arg : inputs) {
    std::error_code ec;
    const fs::file_status st = fs::status(arg, ec);
    if (ec || !fs::exists(st)) return absl::NotFoundError(absl::StrCat(arg, ": No such file or directory"));
    if (fs::is_directory(st)) {
      std::vector<std::string> paths;
      for (auto it = fs::recursive_directory_iterator(arg, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        if (it->is_regular_file(ec)) paths.push_back(it->path().string());
      }
      if (ec) return absl::PermissionDeniedError(absl::StrCat(arg, ": ", ec.message()));
      std::sort(paths.begin(), paths.end());
      for (const auto& p : paths) {
        auto f = ClassifyPath(p);
        if (!f.ok()) {  // other files in a crawl folder are skipped
          if (skipped != nullptr && LooksLikeData(p)) skipped->push_back(p);
          continue;
        }
        f->root = arg;
        f->size = fs::file_size(p, ec);
        out.push_back(*std::move(f));
      }
    } else {
      auto f = ClassifyPath(arg);
      if (!f.ok()) return f.status();
      if (::access(arg.c_str(), R_OK) != 0)
        return absl::PermissionDeniedError(absl::StrCat(arg, ": ", std::strerror(errno)));
      f->root = arg;
      f->size = fs::file_size(arg, ec);
      out.push_back(*std::move(f));
    }
  }
  return out;
}

namespace {

// Copies a JSON value's text when it is a string or a number; false otherwise
// (the value is then still unread).
bool ScalarText(simdjson::ondemand::value v, std::string* out) {
  simdjson::ondemand::json_type t;
  if (v.type().get(t)) return false;
  if (t == simdjson::ondemand::json_type::string) {
    std::string_view s;
    if (v.get_string().get(s)) return false;
    out->assign(s);
    return true;
  }
  if (t == simdjson::ondemand::json_type::number) {
    const std::string_view raw = base::StripTrailingSpace(v.raw_json_token());
    simdjson::ondemand::number n;
    if (v.get_number().get(n)) return false;
    out->assign(raw);
    return true;
  }
  return false;
}

// Reads a value through, so that the grammar of a value the reader does not
// use, but the output carries as it is, is checked too (on-demand parsing
// checks only what it reads; UTF-8 was checked for the whole line).
bool ValidValue(simdjson::ondemand::value v, int depth = 0) {
  using simdjson::ondemand::json_type;
  json_type t;
  if (depth > 256 || v.type().get(t)) return false;
  switch (t) {
    case json_type::array: {
      simdjson::ondemand::array a;
      if (v.get_array().get(a)) return false;
      for (auto e : a) {
        simdjson::ondemand::value x;
        if (e.get(x) || !ValidValue(x, depth + 1)) return false;
      }
      return true;
    }
    case json_type::object: {
      simdjson::ondemand::object o;
      if (v.get_object().get(o)) return false;
      for (auto field : o) {
        std::string_view key;
        simdjson::ondemand::value x;
        if (field.unescaped_key().get(key) || field.value().get(x) || !ValidValue(x, depth + 1)) return false;
      }
      return true;
    }
    case json_type::string: {
      std::string_view s;
      return !v.get_string().get(s);
    }
    case json_type::number: {
      simdjson::ondemand::number n;
      return !v.get_number().get(n);
    }
    case json_type::boolean: {
      bool b;
      return !v.get_bool().get(b);
    }
    case json_type::null: {
      bool null = false;
      return !v.is_null().get(null) && null;
    }
  }
  return false;
}

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// The value of the four hex digits at p (all four checked), or -1.
int Hex4(const char* p) {
  int v = 0;
  for (int i = 0; i < 4; ++i) {
    const char c = p[i];
    const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

// Rewrites each \u escape of a UTF-16 surrogate without its pair (a lone
// \ud83d: Python's json writes one for a text cut inside a pair, and no
// UTF-8 can hold it) as \ufffd, in place (the same length); returns how
// many. Escapes are read as JSON reads them, so an escaped backslash
// before "ud800" is no escape.
size_t ReplaceLoneSurrogateEscapes(std::string* line) {
  size_t replaced = 0;
  char* const p = line->data();
  const size_t n = line->size();
  for (size_t i = 0; i + 1 < n; ++i) {
    if (p[i] != '\\') continue;
    if (p[i + 1] != 'u' || i + 6 > n) {
      ++i;  // a two-character escape
      continue;
    }
    const int unit = Hex4(p + i + 2);
    const bool high = unit >= 0xD800 && unit <= 0xDBFF, low = unit >= 0xDC00 && unit <= 0xDFFF;
    if (high && i + 12 <= n && p[i + 6] == '\\' && p[i + 7] == 'u') {
      const int next = Hex4(p + i + 8);
      if (next >= 0xDC00 && next <= 0xDFFF) {
        i += 11;  // a pair
        continue;
      }
    }
    if (high || low) {
      std::memcpy(p + i, "\\ufffd", 6);
      ++replaced;
    }
    i += 5;
  }
  return replaced;
}

class Reader : public DocumentReader {
 public:
  Reader(std::vector<InputFile> files, ReaderOptions options) : files_(std::move(files)), opt_(std::move(options)) {
    for (const auto& f : files_) total_ += f.size;
    lines_.assign(files_.size(), 0);
  }

  bool Next(Document* doc) override {
    while (status_.ok()) {
      if (!src_) {
        if (next_file_ >= files_.size()) return false;
        if (!OpenNext()) return false;
      }
      const InputFile& f = files_[next_file_ - 1];
      bool got = false;
      switch (f.format) {
        case Format::kText: got = NextText(f, doc); break;
        case Format::kJsonl: got = NextJsonl(f, doc); break;
        case Format::kWet: got = NextWet(f, doc); break;
      }
      if (got) return true;
      if (!status_.ok()) return false;
      if (!src_->status().ok()) {
        if (!src_->damaged()) {
          status_ = src_->status();
          return false;
        }
        // A truncated or corrupt stream: what came before it is kept, the
        // rest of the file is one malformed record; the next file follows.
        ++records_;
        std::string why(src_->status().message());
        if (absl::StartsWith(why, f.display + ": ")) why.erase(0, f.display.size() + 2);
        Malformed(f, line_no_ + 1, why + "; the rest of the file is skipped");
        if (!status_.ok()) return false;
      }
      done_bytes_ += f.size;
      lines_[next_file_ - 1] = line_no_ - (f.first_line - 1);
      src_.reset();
    }
    return false;
  }

  const absl::Status& status() const override { return status_; }
  uint64_t malformed_records() const override { return malformed_; }
  const std::vector<std::string>& error_examples() const override { return examples_; }
  const EncodingStats& encodings() const override { return enc_; }
  uint64_t records() const override { return records_; }
  uint64_t total_bytes() const override { return total_; }
  uint64_t consumed_bytes() const override { return done_bytes_ + (src_ ? src_->consumed() : 0); }
  const std::vector<uint64_t>& lines() const override { return lines_; }

 private:
  bool OpenNext() {
    const InputFile& f = files_[next_file_++];
    auto s = OpenByteSource(f, opt_.decompress_ahead);
    if (!s.ok()) {
      status_ = s.status();
      return false;
    }
    src_ = std::make_unique<LineReader>(*std::move(s));
    line_no_ = f.first_line - 1;
    text_done_ = false;
    return true;
  }

  // Counts a malformed record; in strict mode it becomes the fatal status.
  void Malformed(const InputFile& f, uint64_t line, std::string_view reason) {
    std::string where = f.display;
    if (line > 0) absl::StrAppend(&where, ":", line);
    where += ": ";
    where.append(reason.data(), reason.size());
    if (opt_.strict) {
      status_ = absl::DataLossError(where);
      return;
    }
    ++malformed_;
    if (examples_.size() < opt_.max_error_examples) examples_.push_back(std::move(where));
  }

  // Makes `*text` UTF-8 and counts what that took. False (the record is then
  // malformed) for invalid UTF-8 unless repairs are asked for, and for any
  // replaced byte in a strict run.
  bool Decode(const InputFile& f, uint64_t line, std::string* text, std::string_view declared) {
    const Decoded d = ToUtf8(text, declared);
    return Count(f, line, d);
  }

  bool Count(const InputFile& f, uint64_t line, const Decoded& d) {
    if (d.kind == Decoded::Kind::kUtf8) return true;
    const char* const sequences = d.replaced == 1 ? "byte sequence" : "byte sequences";
    if ((d.kind == Decoded::Kind::kReplaced && !opt_.repair_utf8) || (d.replaced > 0 && opt_.strict)) {
      Malformed(f, line,
                d.kind == Decoded::Kind::kConverted
                    ? absl::StrCat(d.replaced, " ", sequences, " not in ", d.charset)
                    : absl::StrCat("invalid UTF-8 (", d.replaced, " bad ", sequences,
                                   opt_.repair_utf8 ? ")" : "; --repair-utf8 keeps such records)"));
      return false;
    }
    if (d.kind == Decoded::Kind::kConverted) ++enc_.converted[d.charset];
    if (d.replaced > 0) {
      ++enc_.replaced_records;
      enc_.replaced_chars += d.replaced;
      if (enc_.replaced_examples.size() < opt_.max_error_examples) {
        std::string where = f.display;
        if (line > 0) absl::StrAppend(&where, ":", line);
        absl::StrAppend(&where, ": ", d.replaced, " ", sequences,
                        d.kind == Decoded::Kind::kConverted ? absl::StrCat(" not in ", d.charset) : std::string(" of invalid UTF-8"),
                        " replaced by U+FFFD");
        enc_.replaced_examples.push_back(std::move(where));
      }
    }
    return true;
  }

  bool NextText(const InputFile& f, Document* doc) {
    if (text_done_) return false;
    text_done_ = true;
    ++records_;
    doc->text.clear();
    while (src_->ReadExact(1 << 20, &doc->text) > 0) {
    }
    if (!src_->status().ok()) return false;
    if (!Decode(f, 0, &doc->text, "")) return false;
    doc->text_in_raw = false;
    doc->text_json_begin = doc->text_json_end = 0;
    doc->format = Format::kText;
    doc->source = f.display;
    std::error_code ec;
    const bool file_arg = fs::path(f.root) == fs::path(f.path);
    doc->relative_path = file_arg ? fs::path(f.path).filename().string()
                                  : fs::path(f.path).lexically_relative(f.root).string();
    doc->id = doc->relative_path;
    doc->url.clear();
    doc->group.clear();
    doc->keep_value.reset();
    doc->raw.clear();
    doc->line = 0;
    return true;
  }

  bool NextJsonl(const InputFile& f, Document* doc) {
    while (src_->ReadLine(&line_)) {
      ++line_no_;
      // A UTF-8 byte order mark before the first record (written by some
      // Windows tools) is no part of it: RFC 8259 lets a parser ignore it,
      // and the record it would break is real.
      if (line_no_ == 1 && line_.starts_with(kUtf8Bom)) line_.remove_prefix(kUtf8Bom.size());
      if (line_.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      ++records_;
      if (ParseJsonl(f, doc)) return true;
      if (!status_.ok()) return false;
    }
    return false;
  }

  // Records where the text field's string `v` lies in the line
  // (Document::text_json_begin/end: the writer replaces that value); with
  // `in_raw`, leaves it there (Document::text_in_raw) where its escapes are
  // all base::AppendJsonString's, and returns true. False otherwise, `v`
  // unread, to be read as usual.
  bool FindText(simdjson::ondemand::value v, bool in_raw, Document* doc) {
    std::string_view token = v.raw_json_token();
    // A string token runs to its closing quote and the spaces after it.
    while (!token.empty() && token.back() != '"') token.remove_suffix(1);
    if (token.size() < 2 || token.front() != '"') return false;
    const std::string_view content = token.substr(1, token.size() - 2);
    doc->text_json_begin = static_cast<size_t>(content.data() - line_.data());
    doc->text_json_end = doc->text_json_begin + content.size();
    size_t size = 0;
    if (!in_raw || !base::IsCanonicalJsonString(content, &size)) return false;
    // Consumed as get_string would (without unescaping it): an unread value
    // is skipped otherwise, and a record broken just after it, as in
    // "text":"a":1, was taken for whole.
    simdjson::ondemand::raw_json_string consumed;
    if (v.get_raw_json_string().get(consumed)) return false;
    doc->text.clear();
    doc->text_in_raw = true;
    doc->text_json_size = size;
    return true;
  }

  bool ParseJsonl(const InputFile& f, Document* doc) {
    // LineReader keeps kPadding readable bytes after every line, so simdjson
    // parses the line in place.
    static_assert(LineReader::kPadding >= simdjson::SIMDJSON_PADDING);
    simdjson::ondemand::document d;
    if (auto err = parser_.iterate(line_.data(), line_.size(), line_.size() + LineReader::kPadding).get(d)) {
      if (err == simdjson::UTF8_ERROR && !repairing_) return RepairAndParse(f, doc);
      Malformed(f, line_no_, err == simdjson::UTF8_ERROR ? "invalid UTF-8" : "invalid JSON");
      return false;
    }
    simdjson::ondemand::object obj;
    if (auto err = d.get_object().get(obj)) {
      Malformed(f, line_no_, err == simdjson::INCORRECT_TYPE ? "not a JSON object" : "invalid JSON");
      return false;
    }
    bool have_text = false, have_id = false, have_url = false, have_group = false, have_keep = false;
    const bool text_in_raw = opt_.text_in_raw && opt_.keep_raw;
    doc->text_in_raw = false;
    doc->text_json_begin = doc->text_json_end = 0;
    doc->keep_value.reset();
    doc->url.clear();
    doc->group.clear();
    for (auto field : obj) {
      std::string_view key;
      if (field.unescaped_key().get(key)) {
        Malformed(f, line_no_, "invalid JSON");
        return false;
      }
      simdjson::ondemand::value v;
      if (field.value().get(v)) {
        Malformed(f, line_no_, "invalid JSON");
        return false;
      }
      bool read = false;  // `v` read (and so checked) by the branch below
      if (!have_text && key == opt_.text_field && FindText(v, text_in_raw, doc)) {
        have_text = read = true;
      } else if (!have_text && key == opt_.text_field) {
        std::string_view s;
        auto err = v.get_string().get(s);
        if (err == simdjson::UTF8_ERROR) {
          Malformed(f, line_no_, "invalid UTF-8");
          return false;
        }
        if (err && !repairing_ && doc->text_json_end > doc->text_json_begin &&
            std::string_view(line_).substr(doc->text_json_begin, doc->text_json_end - doc->text_json_begin).find("\\u") !=
                std::string_view::npos)
          return RepairSurrogatesAndParse(f, doc);
        if (err) {
          // On-demand parsing reads a value only when asked: a token that
          // starts no JSON value ("text":broken) is bad JSON, not a non-string.
          simdjson::ondemand::json_type t;
          Malformed(f, line_no_,
                    v.type().get(t) ? std::string("invalid JSON")
                                    : absl::StrCat("field \"", opt_.text_field, "\" is not a string"));
          return false;
        }
        doc->text.assign(s);
        have_text = read = true;
      } else if (!have_id && key == opt_.id_field) {
        have_id = read = ScalarText(v, &doc->id);
      } else if (!have_url && key == "url") {
        std::string_view s;
        if (!v.get_string().get(s)) {
          doc->url.assign(s);
          have_url = read = true;
        }
      } else if (!have_group && key == opt_.group_field) {
        have_group = read = ScalarText(v, &doc->group);
      } else if (!have_keep && !opt_.keep_field.empty() && key == opt_.keep_field) {
        double x;
        if (!v.get_double().get(x)) {
          doc->keep_value = x;
          have_keep = read = true;
        }
      }
      // Every other field is carried into the output as it is: check it.
      if (!read && !ValidValue(v)) {
        if (!repairing_ && line_.find("\\u") != std::string_view::npos) return RepairSurrogatesAndParse(f, doc);
        Malformed(f, line_no_, "invalid JSON");
        return false;
      }
    }
    // Bytes after the object (current_location fails only at the end).
    const char* rest = nullptr;
    if (!d.current_location().get(rest)) {
      Malformed(f, line_no_, "invalid JSON");
      return false;
    }
    if (!have_text) {
      Malformed(f, line_no_, absl::StrCat("missing field \"", opt_.text_field, "\""));
      return false;
    }
    if (!have_id) doc->id = absl::StrCat(f.display, ":", line_no_);
    if (opt_.keep_raw) {
      doc->raw.assign(line_);
    } else {
      doc->raw.clear();
    }
    doc->format = Format::kJsonl;
    doc->source = f.display;
    doc->relative_path.clear();
    doc->line = line_no_;
    return true;
  }

  // A line that is not UTF-8: a line in another charset (JSON syntax is
  // ASCII) is converted, bad bytes in a UTF-8 line become U+FFFD; the record
  // counts as repaired only when it then parses.
  bool RepairAndParse(const InputFile& f, Document* doc) {
    repair_.assign(line_.data(), line_.size());
    const Decoded dec = ToUtf8(&repair_, "");
    return ParseRepaired(f, doc) && Count(f, line_no_, dec);
  }

  // Parses repair_, a repaired copy of the line, as the line.
  bool ParseRepaired(const InputFile& f, Document* doc) {
    const size_t n = repair_.size();
    repair_.append(LineReader::kPadding, ' ');
    line_ = std::string_view(repair_.data(), n);
    repairing_ = true;
    const bool ok = ParseJsonl(f, doc);
    repairing_ = false;
    return ok;
  }

  // A line simdjson would not read for a \u escape: lone surrogates become
  // U+FFFD where repairs are asked for (as invalid UTF-8 bytes do), and the
  // line is read again; otherwise the record is malformed, saying why. A
  // line with no lone surrogate is as bad as simdjson found it.
  bool RepairSurrogatesAndParse(const InputFile& f, Document* doc) {
    repair_.assign(line_.data(), line_.size());
    const size_t n = ReplaceLoneSurrogateEscapes(&repair_);
    if (n == 0) {
      Malformed(f, line_no_, "invalid JSON");
      return false;
    }
    const char* const escapes = n == 1 ? "lone surrogate escape" : "lone surrogate escapes";
    if (!opt_.repair_utf8 || opt_.strict) {
      Malformed(f, line_no_,
                absl::StrCat("invalid UTF-8 (", n, " ", escapes, ", \\ud800-\\udfff without a pair",
                             opt_.repair_utf8 ? ")" : "; --repair-utf8 keeps such records)"));
      return false;
    }
    if (!ParseRepaired(f, doc)) return false;
    ++enc_.replaced_records;
    enc_.replaced_chars += n;
    if (enc_.replaced_examples.size() < opt_.max_error_examples)
      enc_.replaced_examples.push_back(absl::StrCat(f.display, ":", line_no_, ": ", n, " ", escapes, " replaced by U+FFFD"));
    return true;
  }

  // WET: "WARC/1.0" header lines, a blank line, Content-Length bytes of body.
  bool NextWet(const InputFile& f, Document* doc) {
    for (;;) {
      // Find the next record start.
      bool found = false;
      while (src_->ReadLine(&line_)) {
        ++line_no_;
        if (absl::StartsWith(base::ToAbsl(line_), "WARC/")) {
          found = true;
          break;
        }
      }
      if (!found) return false;
      const uint64_t start_line = line_no_;
      std::string type, id, uri, content_type;
      int64_t length = -1;
      while (src_->ReadLine(&line_)) {
        ++line_no_;
        if (!line_.empty() && line_.back() == '\r') line_.remove_suffix(1);
        if (line_.empty()) break;
        const size_t colon = line_.find(':');
        if (colon == std::string_view::npos) continue;
        absl::string_view name(line_.data(), colon);
        std::string_view value(line_.data() + colon + 1, line_.size() - colon - 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        if (absl::EqualsIgnoreCase(name, "WARC-Type")) type = value;
        else if (absl::EqualsIgnoreCase(name, "WARC-Record-ID")) id = value;
        else if (absl::EqualsIgnoreCase(name, "WARC-Target-URI")) uri = value;
        else if (absl::EqualsIgnoreCase(name, "Content-Type")) content_type = value;
        else if (absl::EqualsIgnoreCase(name, "Content-Length")) {
          char* end = nullptr;
          const std::string v(value);
          length = std::strtoll(v.c_str(), &end, 10);
          if (end == v.c_str() || *end != '\0' || length < 0) length = -1;
        }
      }
      if (length < 0) {
        ++records_;
        Malformed(f, start_line, "WARC record without a valid Content-Length");
        if (!status_.ok()) return false;
        continue;
      }
      body_.clear();
      const size_t got = src_->ReadExact(static_cast<size_t>(length), &body_);
      line_no_ += base::CountByte(body_, '\n');
      if (got < static_cast<size_t>(length)) {
        ++records_;
        if (!src_->status().ok()) return false;
        Malformed(f, start_line, "WARC record body shorter than its Content-Length");
        return false;
      }
      if (type != "conversion") continue;
      ++records_;
      if (!Decode(f, start_line, &body_, CharsetParameter(content_type))) return false;
      doc->text.swap(body_);
      doc->text_in_raw = false;
      doc->text_json_begin = doc->text_json_end = 0;
      doc->id = id.empty() ? absl::StrCat(f.display, ":", start_line) : id;
      doc->url = uri;
      doc->group.clear();
      doc->keep_value.reset();
      doc->raw.clear();
      doc->format = Format::kWet;
      doc->source = f.display;
      doc->relative_path.clear();
      doc->line = start_line;
      return true;
    }
  }

  std::vector<InputFile> files_;
  ReaderOptions opt_;
  size_t next_file_ = 0;
  std::unique_ptr<LineReader> src_;
  std::string_view line_;  // valid until the next ReadLine()
  std::string body_;
  std::string repair_;  // a repaired JSONL line, padded for simdjson
  bool repairing_ = false;
  EncodingStats enc_;
  uint64_t records_ = 0;
  uint64_t line_no_ = 0;
  std::vector<uint64_t> lines_;  // lines(), by file
  bool text_done_ = false;
  simdjson::ondemand::parser parser_;
  absl::Status status_;
  uint64_t malformed_ = 0;
  std::vector<std::string> examples_;
  uint64_t total_ = 0, done_bytes_ = 0;
};

}  // namespace

absl::StatusOr<std::unique_ptr<DocumentReader>> DocumentReader::Open(std::vector<InputFile> files,
                                                                     const ReaderOptions& options) {
  if (options.read_threads > 1 && files.size() > 1) return NewPrefetchReader(std::move(files), options);
  return std::unique_ptr<DocumentReader>(std::make_unique<Reader>(std::move(files), options));
}

absl::StatusOr<std::string> SpoolStdin(const std::string& dir) {
  std::string path = (fs::path(dir) / absl::StrCat(".dedup-stdin-", ::getpid(), ".jsonl")).string();
  // Registered as it is made (the caller's UnregisterTemp goes with its
  // removal).
  FILE* out = CreateTempFile(path);
  if (out == nullptr) return absl::PermissionDeniedError(absl::StrCat(path, ": ", std::strerror(errno)));
  std::vector<char> buf(1 << 20);
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), stdin)) > 0) {
    if (std::fwrite(buf.data(), 1, n, out) != n) {
      std::fclose(out);
      std::remove(path.c_str());
      UnregisterTemp(path);
      return absl::ResourceExhaustedError(absl::StrCat(path, ": write failed while spooling standard input"));
    }
  }
  const bool read_error = std::ferror(stdin);
  if (std::fclose(out) != 0 || read_error) {
    std::remove(path.c_str());
    UnregisterTemp(path);
    return absl::DataLossError("-: cannot read standard input");
  }
  return path;
}

}  // namespace dedup::io
