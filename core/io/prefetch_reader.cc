// Copyright 2026 The dedup Authors.
#include "core/io/prefetch_reader.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <utility>

namespace dedup::io {
namespace {

// What a reading thread hands over: a run of documents of one file, or the
// end of that file with everything its reader counted.
struct Chunk {
  size_t file = 0;
  // docs[0, count) are the documents; the vector may hold more, spare ones
  // whose buffers the next documents reuse.
  std::vector<Document> docs;
  size_t count = 0;
  size_t bytes = 0;  // what the chunk's documents hold in memory (about)
  bool end = false;
  absl::Status status;
  uint64_t malformed = 0, records = 0;
  uint64_t lines = 0;  // the file's, with `end`
  std::vector<std::string> examples;
  EncodingStats encodings;
};

constexpr size_t kChunkDocs = 64;
constexpr size_t kChunkBytes = 2u << 20;
// How far a thread may read ahead of the documents taken: its queue holds
// chunks up to this many bytes (and at least one chunk). The documents
// are taken in input order, so while one file is taken the threads of the
// next ones can only fill their queues: at four chunks (some 2 MB of
// average pages) a thread reading the next shard stopped almost at once,
// and one thread did nearly all the reading. A shard of up to about this
// size is read side by side with the one being taken.
constexpr size_t kQueueBytes = 16u << 20;
constexpr size_t kSpareChunks = 8;  // per thread: emptied chunks kept for reuse
// A document whose buffers grew past this is not kept for reuse.
constexpr size_t kReuseBytes = 1u << 20;

class PrefetchReader : public DocumentReader {
 public:
  PrefetchReader(std::vector<InputFile> files, const ReaderOptions& options)
      : files_(std::move(files)), options_(options), lanes_(std::min(options.read_threads, files_.size())) {
    for (const auto& f : files_) total_ += f.size;
    lines_.assign(files_.size(), 0);
    for (size_t t = 0; t < lanes_.size(); ++t) lanes_[t].thread = std::thread([this, t] { ReadLane(t); });
  }

  ~PrefetchReader() override {
    {
      std::lock_guard<std::mutex> l(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& lane : lanes_) lane.thread.join();
  }

  bool Next(Document* doc) override {
    while (status_.ok()) {
      if (pos_ < current_.count) {
        // The caller's last document goes back to the reading threads, whose
        // next documents reuse its buffers: no allocation per document.
        std::swap(*doc, current_.docs[pos_++]);
        return true;
      }
      if (next_file_ == files_.size()) return false;
      Lane& lane = lanes_[next_file_ % lanes_.size()];
      {
        std::unique_lock<std::mutex> l(mu_);
        Recycle(&current_.docs);
        cv_.wait(l, [&] { return !lane.queue.empty(); });
        current_ = std::move(lane.queue.front());
        lane.queue.pop_front();
        lane.queued_bytes -= current_.bytes;
      }
      cv_.notify_all();
      pos_ = 0;
      if (current_.end) Finish(current_);
    }
    return false;
  }

  const absl::Status& status() const override { return status_; }
  uint64_t malformed_records() const override { return malformed_; }
  const std::vector<std::string>& error_examples() const override { return examples_; }
  const EncodingStats& encodings() const override { return encodings_; }
  uint64_t records() const override { return records_; }
  uint64_t total_bytes() const override { return total_; }
  uint64_t consumed_bytes() const override { return done_bytes_; }
  const std::vector<uint64_t>& lines() const override { return lines_; }

 private:
  struct Lane {
    std::thread thread;
    std::deque<Chunk> queue;
    size_t queued_bytes = 0;  // the bytes of the chunks in `queue`
  };

  // A file's end, in input order: its counts join the totals.
  void Finish(const Chunk& c) {
    done_bytes_ += files_[c.file].size;
    malformed_ += c.malformed;
    records_ += c.records;
    for (const auto& e : c.examples)
      if (examples_.size() < options_.max_error_examples) examples_.push_back(e);
    for (const auto& [charset, n] : c.encodings.converted) encodings_.converted[charset] += n;
    encodings_.replaced_records += c.encodings.replaced_records;
    encodings_.replaced_chars += c.encodings.replaced_chars;
    for (const auto& e : c.encodings.replaced_examples)
      if (encodings_.replaced_examples.size() < options_.max_error_examples) encodings_.replaced_examples.push_back(e);
    lines_[c.file] = c.lines;
    status_ = c.status;
    current_.count = 0;
    ++next_file_;
  }

  // Pushes `c` to lane `t`'s queue, waiting for room; false when stopping.
  bool Push(size_t t, Chunk&& c) {
    std::unique_lock<std::mutex> l(mu_);
    Lane& lane = lanes_[t];
    cv_.wait(l, [&] { return stop_ || lane.queue.empty() || lane.queued_bytes < kQueueBytes; });
    if (stop_) return false;
    lane.queued_bytes += c.bytes;
    lane.queue.push_back(std::move(c));
    l.unlock();
    cv_.notify_all();
    return true;
  }

  // Keeps `docs` for a reading thread to fill again (mu_ held), and leaves
  // it empty.
  void Recycle(std::vector<Document>* docs) {
    if (docs->empty()) return;
    if (spare_.size() < kSpareChunks * lanes_.size()) {
      for (Document& d : *docs)
        if (d.text.capacity() > kReuseBytes || d.raw.capacity() > kReuseBytes) d = Document();
      spare_.push_back(std::move(*docs));
    }
    docs->clear();
  }

  // A chunk of `file` with documents to reuse, when there are some.
  Chunk NewChunk(size_t file) {
    Chunk c;
    c.file = file;
    std::lock_guard<std::mutex> l(mu_);
    if (!spare_.empty()) {
      c.docs = std::move(spare_.back());
      spare_.pop_back();
    }
    return c;
  }

  // Lane t reads files t, t + lanes, t + 2 lanes, ... each with a
  // sequential reader of its own.
  void ReadLane(size_t t) {
    ReaderOptions one = options_;
    one.read_threads = 1;
    for (size_t f = t; f < files_.size(); f += lanes_.size()) {
      Chunk end;
      end.file = f;
      end.end = true;
      auto reader = DocumentReader::Open({files_[f]}, one);
      if (!reader.ok()) {
        end.status = reader.status();
        Push(t, std::move(end));
        return;  // the run stops at this file
      }
      Chunk c = NewChunk(f);
      size_t bytes = 0;
      for (;;) {
        if (c.count == c.docs.size()) c.docs.emplace_back();
        Document& doc = c.docs[c.count];
        if (!(*reader)->Next(&doc)) break;
        bytes += doc.text.size();
        // What the document holds in memory: its buffers, and the struct
        // itself, which outweighs the text of a short record (a title, a
        // one-line post): counting only text and line let a queue of such
        // records hold 400,000 documents, 180 MB.
        c.bytes += sizeof(Document) + doc.text.size() + doc.raw.size() + doc.id.size() + doc.url.size();
        ++c.count;
        if (c.count == kChunkDocs || bytes >= kChunkBytes) {
          if (!Push(t, std::move(c))) return;
          c = NewChunk(f);
          bytes = 0;
        }
      }
      if (c.count > 0 && !Push(t, std::move(c))) return;
      end.status = (*reader)->status();
      end.malformed = (*reader)->malformed_records();
      end.records = (*reader)->records();
      end.examples = (*reader)->error_examples();
      end.encodings = (*reader)->encodings();
      end.lines = (*reader)->lines()[0];
      const bool fatal = !end.status.ok();
      if (!Push(t, std::move(end)) || fatal) return;
    }
  }

  std::vector<InputFile> files_;
  ReaderOptions options_;
  std::vector<Lane> lanes_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::vector<std::vector<Document>> spare_;  // documents to fill again (mu_)

  // Consumer side (the caller of Next).
  size_t next_file_ = 0;
  Chunk current_;
  size_t pos_ = 0;
  absl::Status status_;
  uint64_t malformed_ = 0, records_ = 0, total_ = 0, done_bytes_ = 0;
  std::vector<std::string> examples_;
  EncodingStats encodings_;
  std::vector<uint64_t> lines_;
};

}  // namespace

std::unique_ptr<DocumentReader> NewPrefetchReader(std::vector<InputFile> files, const ReaderOptions& options) {
  return std::make_unique<PrefetchReader>(std::move(files), options);
}

}  // namespace dedup::io
