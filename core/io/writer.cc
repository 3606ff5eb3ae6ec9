// Copyright 2026 The dedup Authors.
#include "core/io/writer.h"

#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/base/json_writer.h"
#include "core/io/parallel_gzip.h"
#include "core/io/interrupt.h"

namespace dedup::io {
namespace fs = std::filesystem;
namespace {

std::atomic<int> g_temp_counter{0};

// A fresh temporary name beside `path`, registered for removal on interruption.
// A name for a temporary beside `path` (made with CreateTemp, so that an
// interruption removes it).
std::string TempNameBeside(const std::string& path) {
  fs::path p(path);
  return (p.parent_path() / absl::StrCat(".", p.filename().string(), ".tmp.", ::getpid(), ".", g_temp_counter++))
      .string();
}

class FileWriter : public AtomicFileWriter {
 public:
  FileWriter(std::string path, std::string tmp, FILE* f, Compression c, int threads)
      : path_(std::move(path)), tmp_(std::move(tmp)), f_(f), c_(c) {
    if (c_ == Compression::kGzip) {
      gz_ = std::make_unique<ParallelGzip>(std::max(threads, 0), path_,
                                           [this](std::string_view b) { return Put(b.data(), b.size()); });
    } else if (c_ == Compression::kZstd) {
      zc_ = ZSTD_createCCtx();
      ZSTD_CCtx_setParameter(zc_, ZSTD_c_compressionLevel, 3);
      // A libzstd built without threads rejects this; compression then stays
      // in the caller's thread.
      if (threads >= 1) ZSTD_CCtx_setParameter(zc_, ZSTD_c_nbWorkers, threads);
      out_.resize(1 << 17);
    }
  }
  ~FileWriter() override { Abandon(); }

  absl::Status Write(std::string_view data) override {
    if (done_) return absl::FailedPreconditionError(path_ + ": already closed");
    switch (c_) {
      case Compression::kNone:
        return Put(data.data(), data.size());
      case Compression::kGzip:
        return gz_->Write(data);
      case Compression::kZstd:
        return Zstd(data, ZSTD_e_continue);
    }
    return absl::OkStatus();
  }

  absl::Status Commit() override {
    if (done_) return absl::FailedPreconditionError(path_ + ": already closed");
    absl::Status s;
    if (c_ == Compression::kGzip) s = gz_->Finish();
    if (c_ == Compression::kZstd) s = Zstd({}, ZSTD_e_end);
    if (s.ok() && std::fflush(f_) != 0) s = Errno("write");
    if (s.ok() && ::fsync(::fileno(f_)) != 0) s = Errno("sync");
    if (std::fclose(f_) != 0 && s.ok()) s = Errno("close");
    f_ = nullptr;
    // Renamed and forgotten together: an interruption removes the temp or
    // leaves the finished file, and inside a temporary folder it never sees
    // a name appear while it removes the folder.
    UnderInterruptLock([&] {
      if (s.ok() && std::rename(tmp_.c_str(), path_.c_str()) != 0) s = Errno("rename");
      if (!s.ok()) std::remove(tmp_.c_str());
      UnregisterTemp(tmp_);
    });
    done_ = true;
    Cleanup();
    if (!s.ok()) return s;
    return absl::OkStatus();
  }

  void Abandon() override {
    if (done_) return;
    done_ = true;
    if (f_ != nullptr) std::fclose(f_);
    f_ = nullptr;
    std::remove(tmp_.c_str());
    UnregisterTemp(tmp_);
    Cleanup();
  }

 private:
  void Cleanup() {
    gz_.reset();
    if (zc_ != nullptr) ZSTD_freeCCtx(zc_);
    zc_ = nullptr;
  }
  absl::Status Errno(const char* what) {
    return absl::ResourceExhaustedError(
        absl::StrCat(path_, ": ", what, " failed: ", std::strerror(errno), " (the unfinished output is removed)"));
  }
  absl::Status Put(const char* p, size_t n) {
    if (n > 0 && std::fwrite(p, 1, n, f_) != n) return Errno("write");
    return absl::OkStatus();
  }
  absl::Status Zstd(std::string_view data, ZSTD_EndDirective mode) {
    ZSTD_inBuffer in{data.data(), data.size(), 0};
    for (;;) {
      ZSTD_outBuffer o{out_.data(), out_.size(), 0};
      const size_t r = ZSTD_compressStream2(zc_, &o, &in, mode);
      if (ZSTD_isError(r)) return absl::InternalError(absl::StrCat(path_, ": zstd error: ", ZSTD_getErrorName(r)));
      absl::Status s = Put(out_.data(), o.pos);
      if (!s.ok()) return s;
      if (mode == ZSTD_e_end ? r == 0 : in.pos == in.size) break;
    }
    return absl::OkStatus();
  }

  std::string path_, tmp_;
  FILE* f_;
  Compression c_;
  std::unique_ptr<ParallelGzip> gz_;  // gzip: pieces deflated on `threads` threads
  ZSTD_CCtx* zc_ = nullptr;
  std::string out_;  // zstd's output buffer
  bool done_ = false;
};

// Splits a JSON object's text into (raw key with quotes, raw value) ranges.
// A string whose content is known to be json[known_begin, known_end) (the
// text, which the reader found) is stepped over, not scanned.
// REQUIRES: `json` is a valid JSON object (the reader checked it).
void SplitObject(std::string_view json, std::vector<std::pair<std::string_view, std::string_view>>* fields,
                 size_t known_begin = 0, size_t known_end = 0) {
  fields->clear();
  size_t i = json.find('{') + 1;
  auto skip_ws = [&] {
    while (i < json.size() && (json[i] == ' ' || json[i] == '\t' || json[i] == '\r' || json[i] == '\n')) ++i;
  };
  auto skip_string = [&] {  // at '"'
    if (known_end != 0 && i + 1 == known_begin) {
      i = known_end + 1;
      return;
    }
    ++i;
    // To the next '"' or '\\', 16 bytes at a time (a text field is most of
    // a record, and holds neither in most of its bytes).
    while (i < json.size()) {
      i += base::FindJsonSpecial(json.substr(i), /*quotes_only=*/true);
      if (i >= json.size() || json[i] == '"') break;
      i += 2;  // an escape
    }
    ++i;
  };
  for (;;) {
    skip_ws();
    if (i >= json.size() || json[i] == '}') return;
    if (json[i] == ',') {
      ++i;
      continue;
    }
    const size_t ks = i;
    skip_string();
    std::string_view key = json.substr(ks, i - ks);
    skip_ws();
    ++i;  // ':'
    skip_ws();
    const size_t vs = i;
    int depth = 0;
    while (i < json.size()) {
      const char c = json[i];
      if (c == '"') {
        skip_string();
        if (depth == 0) break;
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if (c == '}' || c == ']') {
        if (depth == 0) break;
        --depth;
        if (depth == 0) {
          ++i;
          break;
        }
      }
      if (c == ',' && depth == 0) break;
      ++i;
    }
    size_t ve = i;
    while (ve > vs && (json[ve - 1] == ' ' || json[ve - 1] == '\t' || json[ve - 1] == '\r')) --ve;
    fields->emplace_back(key, json.substr(vs, ve - vs));
  }
}

}  // namespace

namespace {

// A writer to a temporary beside `path`, which is made, with `prepare` run
// just before, under the interruption's lock (CreateTemp). `prepare` makes
// the folders the temporary goes in, where those lie inside a temporary
// folder an interruption may be removing.
absl::StatusOr<std::unique_ptr<AtomicFileWriter>> OpenBeside(const std::string& path, int compress_threads,
                                                             const std::function<absl::Status()>& prepare) {
  Compression c = Compression::kNone;
  if (absl::EndsWith(path, ".gz")) c = Compression::kGzip;
  if (absl::EndsWith(path, ".zst")) c = Compression::kZstd;
  std::string tmp = TempNameBeside(path);
  absl::Status prepared;
  FILE* f = CreateTempFile(tmp, [&] {
    prepared = prepare();
    return prepared.ok();
  });
  if (!prepared.ok()) return prepared;
  if (f == nullptr) return absl::PermissionDeniedError(absl::StrCat(path, ": ", std::strerror(errno)));
  return std::unique_ptr<AtomicFileWriter>(std::make_unique<FileWriter>(path, tmp, f, c, compress_threads));
}

}  // namespace

absl::StatusOr<std::unique_ptr<AtomicFileWriter>> AtomicFileWriter::Create(const std::string& path,
                                                                         int compress_threads) {
  std::error_code ec;
  const fs::path parent = fs::path(path).parent_path();
  // Missing parent folders are created (as `mkdir -p`); a parent that is a
  // file is an error.
  if (!parent.empty() && !fs::is_directory(parent, ec)) {
    fs::create_directories(parent, ec);
    if (ec || !fs::is_directory(parent))
      return absl::NotFoundError(absl::StrCat(path, ": cannot create folder ", parent.string()));
  }
  return OpenBeside(path, compress_threads, [] { return absl::OkStatus(); });
}

absl::StatusOr<std::unique_ptr<AtomicDirectoryWriter>> AtomicDirectoryWriter::Create(const std::string& path) {
  std::error_code ec;
  if (fs::exists(path, ec) && !fs::is_directory(path, ec))
    return absl::InvalidArgumentError(absl::StrCat(path, ": exists and is not a folder"));
  std::string tmp = TempNameBeside(path);
  if (!CreateTemp(tmp, [&] {
        fs::create_directories(tmp, ec);
        return !ec;
      })) {
    return absl::PermissionDeniedError(absl::StrCat(path, ": cannot create ", tmp, ": ", ec.message()));
  }
  return std::unique_ptr<AtomicDirectoryWriter>(new AtomicDirectoryWriter(path, tmp));
}

AtomicDirectoryWriter::~AtomicDirectoryWriter() { Abandon(); }

absl::Status AtomicDirectoryWriter::WriteFile(const std::string& relative_path, std::string_view content) {
  auto f = OpenFile(relative_path);
  if (!f.ok()) return f.status();
  absl::Status s = (*f)->Write(content);
  if (!s.ok()) return s;
  return (*f)->Commit();
}

absl::StatusOr<std::unique_ptr<AtomicFileWriter>> AtomicDirectoryWriter::OpenFile(const std::string& relative_path) {
  const fs::path rel = fs::path(relative_path).lexically_normal();
  if (rel.is_absolute() || rel.empty() || *rel.begin() == "..")
    return absl::InvalidArgumentError(absl::StrCat(relative_path, ": not a path inside OUT"));
  const fs::path target = fs::path(tmp_) / rel;
  // The folders below the temporary folder, one at a time, never the
  // temporary folder itself, and under the interruption's lock with the
  // file: an interruption removes the temporary folder, and must neither
  // see it made again afterwards nor an entry appear in it meanwhile.
  return OpenBeside(target.string(), 0, [&] {
    std::error_code ec;
    fs::path at = tmp_;
    for (const fs::path& part : rel.parent_path()) {
      at /= part;
      if (!fs::is_directory(at, ec)) fs::create_directory(at, ec);
      if (ec) return absl::PermissionDeniedError(absl::StrCat(at.string(), ": ", ec.message()));
    }
    return absl::OkStatus();
  });
}

absl::Status AtomicDirectoryWriter::Commit() {
  if (done_) return absl::FailedPreconditionError(path_ + ": already closed");
  done_ = true;
  std::string old;
  absl::Status s;
  // Both renames under the interruption's lock: an interruption finds the
  // previous OUT or the new one in place, never neither.
  UnderInterruptLock([&] {
    std::error_code ec;
    if (fs::exists(path_, ec)) {
      // The previous OUT moves aside, and is removed once the new one is
      // in place (by the interruption, if one comes meanwhile).
      old = TempNameBeside(path_) + ".old";
      fs::rename(path_, old, ec);
      if (ec) {
        s = absl::PermissionDeniedError(absl::StrCat(path_, ": cannot replace: ", ec.message()));
        old.clear();
        return;
      }
    }
    fs::rename(tmp_, path_, ec);
    if (ec) {
      if (!old.empty()) fs::rename(old, path_, ec);
      old.clear();
      s = absl::PermissionDeniedError(absl::StrCat(path_, ": cannot rename into place"));
      return;
    }
    UnregisterTemp(tmp_);
    if (!old.empty()) CreateTemp(old, [] { return true; });
  });
  std::error_code ec;
  if (!s.ok()) {
    fs::remove_all(tmp_, ec);
    UnregisterTemp(tmp_);
    return s;
  }
  if (!old.empty()) {
    fs::remove_all(old, ec);
    UnregisterTemp(old);
  }
  return absl::OkStatus();
}

void AtomicDirectoryWriter::Abandon() {
  if (done_) return;
  done_ = true;
  std::error_code ec;
  fs::remove_all(tmp_, ec);
  UnregisterTemp(tmp_);
}

namespace {

// A JSONL document's output record: every field of its line carried through
// in order but "dedup", which is appended last, set to `dedup_json`; the
// text field's value written by `write_text(out)`. The text field is the
// one whose string starts where the reader found it (a key spelled with
// escapes, "te\u0078t", is still that field); without that place, the
// first whose raw key is `text_key`.
template <class WriteText>
void AppendJsonlRecord(const Document& doc, std::string_view text_key, std::string_view dedup_json, std::string* out,
                       WriteText&& write_text) {
  thread_local std::vector<std::pair<std::string_view, std::string_view>> fields;
  SplitObject(doc.raw, &fields, doc.text_json_begin, doc.text_json_end);
  const char* const text_value = doc.text_json_end != 0 ? doc.raw.data() + doc.text_json_begin - 1 : nullptr;
  const std::string_view dedup_key = "\"dedup\"";
  out->push_back('{');
  bool first = true, wrote_text = false;
  for (const auto& [key, value] : fields) {
    if (key == dedup_key) continue;
    if (!first) out->push_back(',');
    first = false;
    out->append(key);
    out->push_back(':');
    if (!wrote_text && (text_value != nullptr ? value.data() == text_value : key == text_key)) {
      write_text(out);
      wrote_text = true;
    } else {
      out->append(value);
    }
  }
  if (!first) out->push_back(',');
  out->append("\"dedup\":");
  out->append(dedup_json);
  out->append("}\n");
}

}  // namespace

void AppendOutputRecord(const Document& doc, std::string_view text_field, std::string_view cleaned_text,
                        std::string_view dedup_json, std::string* out) {
  if (doc.format == Format::kJsonl && !doc.raw.empty()) {
    std::string text_key;
    base::AppendJsonString(text_field, &text_key);
    AppendJsonlRecord(doc, text_key, dedup_json, out,
                      [&](std::string* o) { base::AppendJsonString(cleaned_text, o); });
    return;
  }
  out->append("{\"id\":");
  base::AppendJsonString(doc.id, out);
  out->append(",\"text\":");
  base::AppendJsonString(cleaned_text, out);
  if (!doc.url.empty()) {
    out->append(",\"url\":");
    base::AppendJsonString(doc.url, out);
  }
  out->append(",\"dedup\":");
  out->append(dedup_json);
  out->append("}\n");
}

void AppendOutputRecordLessSpans(const Document& doc, const std::vector<base::RemovedSpan>& spans,
                                 std::string_view dedup_json, std::string* out) {
  AppendJsonlRecord(doc, {}, dedup_json, out,
                    [&](std::string* o) { base::AppendJsonStringLessSpans(doc.TextJson(), spans, o); });
}

absl::Status CheckNotOverwritingInputs(const std::string& out, const std::vector<InputFile>& inputs,
                                       const std::vector<std::string>& input_args) {
  std::error_code ec;
  const fs::path o = fs::weakly_canonical(out, ec);
  auto inside = [](const fs::path& child, const fs::path& parent) {
    auto c = child.begin();
    for (auto p = parent.begin(); p != parent.end(); ++p, ++c) {
      if (c == child.end() || *c != *p) return false;
    }
    return true;
  };
  for (const auto& f : inputs) {
    const fs::path in = fs::weakly_canonical(f.path, ec);
    if (in == o || inside(in, o))
      return absl::InvalidArgumentError(absl::StrCat(out, ": refusing to overwrite input ", f.display));
  }
  for (const auto& a : input_args) {
    if (a == "-") continue;
    const fs::path in = fs::weakly_canonical(a, ec);
    if (fs::is_directory(in, ec) && inside(o, in))
      return absl::InvalidArgumentError(absl::StrCat(out, ": lies inside input folder ", a, "; choose another OUT"));
  }
  return absl::OkStatus();
}

}  // namespace dedup::io
