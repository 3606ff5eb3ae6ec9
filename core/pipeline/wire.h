// Copyright 2026 The dedup Authors.
//
// Packing plain values into the byte strings Comm carries between ranks of
// one run (same binary, same byte order: no versioning, no portability).
#ifndef DEDUP_CORE_PIPELINE_WIRE_H_
#define DEDUP_CORE_PIPELINE_WIRE_H_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace dedup::pipeline::wire {

template <class T>
void Put(std::string* out, const T& v) {
  static_assert(std::is_trivially_copyable_v<T>);
  out->append(reinterpret_cast<const char*>(&v), sizeof(T));
}

inline void PutString(std::string* out, std::string_view s) {
  Put<uint64_t>(out, s.size());
  out->append(s.data(), s.size());
}

// `n` values from `data`, read back by Reader::GetVector.
template <class T>
void PutArray(std::string* out, const T* data, size_t n) {
  static_assert(std::is_trivially_copyable_v<T>);
  Put<uint64_t>(out, n);
  out->append(reinterpret_cast<const char*>(data), n * sizeof(T));
}

template <class T>
void PutVector(std::string* out, const std::vector<T>& v) {
  PutArray(out, v.data(), v.size());
}

// Reads what Put* wrote, in the same order. A short or corrupt buffer sets
// ok() to false and yields zeros; callers check ok() at the end.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool done() const { return pos_ >= data_.size(); }
  bool ok() const { return ok_; }

  template <class T>
  T Get() {
    static_assert(std::is_trivially_copyable_v<T>);
    T v{};
    if (!Need(sizeof(T))) return v;
    std::memcpy(&v, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string_view GetString() {
    const uint64_t n = Get<uint64_t>();
    if (!Need(n)) return {};
    std::string_view s = data_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  template <class T>
  void GetVector(std::vector<T>* v) {
    const uint64_t n = Get<uint64_t>();
    v->clear();
    if (n > (data_.size() - std::min(pos_, data_.size())) / sizeof(T) || !Need(n * sizeof(T))) return;
    v->resize(n);
    std::memcpy(v->data(), data_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
  }

 private:
  bool Need(uint64_t n) {
    if (!ok_ || n > data_.size() - pos_) {
      ok_ = false;
      return false;
    }
    return true;
  }
  std::string_view data_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace dedup::pipeline::wire

#endif  // DEDUP_CORE_PIPELINE_WIRE_H_
