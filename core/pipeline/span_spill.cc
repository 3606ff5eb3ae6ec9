// Copyright 2026 The dedup Authors.
#include "core/pipeline/span_spill.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "core/base/status_macros.h"

namespace dedup::pipeline {
namespace {

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool GetVarint(std::FILE* f, uint64_t* v) {
  *v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    const int c = getc_unlocked(f);
    if (c == EOF) return false;
    *v |= static_cast<uint64_t>(c & 0x7F) << shift;
    if ((c & 0x80) == 0) return true;
  }
  return false;
}

}  // namespace

void EncodeSpans(uint64_t text_bytes, const std::vector<base::RemovedSpan>& spans, std::string* out) {
  out->clear();
  PutVarint(text_bytes, out);
  PutVarint(spans.size(), out);
  uint64_t prev = 0;
  for (const auto& s : spans) {
    PutVarint(s.start - prev, out);
    PutVarint(s.end - s.start, out);
    out->push_back(static_cast<char>(s.kind));
    if (s.kind == base::RemovalKind::kRepeatedBlock) {
      PutVarint(s.copy_start, out);
      PutVarint(s.copy_end - s.copy_start, out);
    } else {
      PutVarint(s.rule.size(), out);
      out->append(s.rule);
    }
    prev = s.end;
  }
}

absl::StatusOr<TempFile> TempFile::Open(std::string what, size_t buffer_bytes) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = absl::StrCat(dir != nullptr && *dir != '\0' ? dir : "/tmp", "/dedup-XXXXXX");
  const int fd = mkstemp(path.data());
  if (fd < 0) return absl::InternalError(absl::StrCat(path, ": cannot create a temporary file: ", std::strerror(errno)));
  unlink(path.c_str());  // gone when the process ends, however it ends
  std::FILE* f = fdopen(fd, "w+b");
  if (f == nullptr) {
    close(fd);
    return absl::InternalError(absl::StrCat(what, ": ", std::strerror(errno)));
  }
  auto buffer = std::make_unique_for_overwrite<char[]>(buffer_bytes);  // stdio writes it before it reads it
  setvbuf(f, buffer.get(), _IOFBF, buffer_bytes);
  TempFile t;
  t.file_ = std::unique_ptr<std::FILE, Closer>(f, Closer{std::move(buffer)});
  t.what_ = std::move(what);
  return t;
}

absl::Status TempFile::Write(const void* data, size_t bytes) {
  if (std::fwrite(data, 1, bytes, file_.get()) != bytes)
    return absl::ResourceExhaustedError(absl::StrCat(what_, ": write failed: ", std::strerror(errno)));
  return absl::OkStatus();
}

absl::Status TempFile::Rewind() {
  if (std::fflush(file_.get()) != 0 || std::fseek(file_.get(), 0, SEEK_SET) != 0)
    return absl::InternalError(absl::StrCat(what_, ": ", std::strerror(errno)));
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<SpanSpill>> SpanSpill::Create() {
  auto f = TempFile::Open("temporary span file", 1 << 20);
  if (!f.ok()) return f.status();
  return std::unique_ptr<SpanSpill>(new SpanSpill(*std::move(f)));
}

absl::Status SpanSpill::Next(uint64_t text_bytes, std::vector<base::RemovedSpan>* spans) {
  spans->clear();
  auto corrupt = [] { return absl::InternalError("temporary span file: short or corrupt record"); };
  std::FILE* f = file_.get();
  uint64_t size = 0, n = 0;
  if (!GetVarint(f, &size) || !GetVarint(f, &n)) return corrupt();
  if (size != text_bytes)
    return absl::InternalError(
        absl::StrCat("input changed between passes: a document of ", size, " bytes now has ", text_bytes));
  uint64_t prev = 0;
  for (uint64_t i = 0; i < n; ++i) {
    base::RemovedSpan s;
    uint64_t gap = 0, len = 0;
    if (!GetVarint(f, &gap) || !GetVarint(f, &len)) return corrupt();
    s.start = prev + gap;
    s.end = s.start + len;
    const int kind = getc_unlocked(f);
    if (kind == EOF) return corrupt();
    s.kind = static_cast<base::RemovalKind>(kind);
    if (s.kind == base::RemovalKind::kRepeatedBlock) {
      uint64_t copy_len = 0;
      if (!GetVarint(f, &s.copy_start) || !GetVarint(f, &copy_len)) return corrupt();
      s.copy_end = s.copy_start + copy_len;
    } else {
      uint64_t rule_len = 0;
      if (!GetVarint(f, &rule_len) || rule_len > 4096) return corrupt();
      s.rule.resize(rule_len);
      if (!file_.Read(s.rule.data(), rule_len)) return corrupt();
    }
    if (s.end > text_bytes) return corrupt();
    prev = s.end;
    spans->push_back(std::move(s));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<SketchSpill>> SketchSpill::Create() {
  auto f = TempFile::Open("temporary sketch file", 1 << 20);
  if (!f.ok()) return f.status();
  return std::unique_ptr<SketchSpill>(new SketchSpill(*std::move(f)));
}

absl::Status SketchSpill::Append(const std::vector<uint32_t>& sketch) {
  if (sketch.size() > UINT16_MAX) return absl::InvalidArgumentError("sketch larger than 65535 values");
  if (length_.size() >= UINT32_MAX) return absl::InvalidArgumentError("more than 2^32 - 1 sketches");
  RETURN_IF_ERROR(file_.Write(sketch.data(), sketch.size() * sizeof(uint32_t)));
  if (length_.size() % kOffsetEvery == 0) offset_.push_back(bytes_);
  length_.push_back(static_cast<uint16_t>(sketch.size()));
  bytes_ += sketch.size() * sizeof(uint32_t);
  return absl::OkStatus();
}

uint64_t SketchSpill::FileOffset(uint32_t d) const {
  uint64_t offset = offset_[d / kOffsetEvery];
  for (uint32_t i = d - d % kOffsetEvery; i < d; ++i) offset += SketchBytes(i);
  return offset;
}

absl::Status SketchSpill::LoadDocs(absl::Span<const uint32_t> docs) {
  if (std::fflush(file_.get()) != 0) return absl::InternalError(absl::StrCat(file_.what(), ": ", std::strerror(errno)));
  slot_.clear();
  slot_.reserve(docs.size());
  uint64_t total = 0;
  for (size_t i = 0; i < docs.size(); ++i) {
    if (docs[i] >= length_.size()) return absl::InvalidArgumentError("LoadDocs: no such document");
    if (i > 0 && docs[i] <= docs[i - 1]) return absl::InvalidArgumentError("LoadDocs: documents out of order");
    total += length_[docs[i]];
  }
  loaded_.resize(total);
  const int fd = ::fileno(file_.get());
  uint64_t used = 0;
  for (const uint32_t d : docs) {
    slot_.emplace(d, used);
    auto* dst = reinterpret_cast<char*>(loaded_.data() + used);
    size_t want = SketchBytes(d);
    uint64_t from = FileOffset(d);
    while (want > 0) {
      const ssize_t got = ::pread(fd, dst, want, static_cast<off_t>(from));
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return absl::InternalError(absl::StrCat(file_.what(), ": short read"));
      dst += got;
      from += static_cast<uint64_t>(got);
      want -= static_cast<size_t>(got);
    }
    used += length_[d];
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<BandSpill>> BandSpill::Create(size_t bands) {
  std::unique_ptr<BandSpill> spill(new BandSpill());
  for (size_t b = 0; b < bands; ++b) {
    auto f = TempFile::Open("temporary band file", 1 << 16);
    if (!f.ok()) return f.status();
    spill->files_.push_back(*std::move(f));
  }
  return spill;
}

absl::Status BandSpill::Append(absl::Span<const uint64_t> keys) {
  for (size_t b = 0; b < files_.size(); ++b) {
    const uint64_t k = b < keys.size() ? keys[b] : 0;
    RETURN_IF_ERROR(files_[b].Write(&k, sizeof k));
  }
  ++docs_;
  return absl::OkStatus();
}

absl::Status BandSpill::ReadBand(size_t b, std::vector<uint64_t>* out) {
  RETURN_IF_ERROR(files_[b].Rewind());
  out->resize(docs_);
  if (!files_[b].Read(out->data(), docs_ * sizeof(uint64_t)))
    return absl::InternalError("temporary band file: short read");
  return absl::OkStatus();
}

}  // namespace dedup::pipeline
