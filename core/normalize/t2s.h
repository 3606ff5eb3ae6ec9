// Copyright 2026 The dedup Authors.
//
// T2SConverter: traditional -> simplified Chinese with OpenCC's dictionaries
// held in our own hash maps (OpenCC's converter is ~3 MB/s). Two stages, as
// OpenCC's tw2sp/hk2s configurations: (1) Taiwan/Hong Kong phrases and
// variants back to standard traditional, (2) traditional phrases and
// characters to simplified. Each stage is a longest-prefix match over the
// union of its dictionaries (earlier dictionary wins a tie).
#ifndef DEDUP_CORE_NORMALIZE_T2S_H_
#define DEDUP_CORE_NORMALIZE_T2S_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"

namespace dedup::normalize {

class T2SConverter {
 public:
  // Loads the dictionaries from `opencc_dir`.
  static absl::StatusOr<std::unique_ptr<T2SConverter>> Create(const std::string& opencc_dir);
  // True when `text` holds a traditional-only character.
  bool HasTraditional(std::string_view text) const;
  // Converts `text` (UTF-8) to simplified into `*out`.
  void Convert(std::string_view text, std::string* out) const;
  // True for a traditional-only BMP character (HasTraditional's test).
  bool IsTraditional(char32_t cp) const { return cp < 0x10000 && traditional_[cp] != 0; }

 private:
  // The hot loop avoids hashing strings: a BMP character's own replacement is
  // an array lookup, and the phrase map is consulted only where the first two
  // characters pass a pair filter and only for key lengths that exist. Most
  // characters are in no key: one byte per code point (`touched`, 64 KiB,
  // stays in L2) says so, and runs of them are copied in one append.
  struct Stage {
    std::vector<uint8_t> touched;    // per BMP code point: 1 when single or len_mask is nonzero
    absl::flat_hash_map<std::string, std::string> map;
    std::vector<uint32_t> single;    // per BMP code point: 1 + index into values, 0 = unchanged
    std::vector<std::string> values;
    // values[i] packed in 4 bytes (little-endian) when it has at most 4, as
    // ConvertStage copies it; value_bytes[i] is its length, 0 when longer.
    std::vector<uint32_t> value_word;
    std::vector<uint8_t> value_bytes;
    std::vector<uint32_t> len_mask;  // per BMP code point: bit n-2 set when a key of n >= 2 chars starts with it
    std::vector<uint64_t> pair_bits; // Bloom filter (one hash) of the first two characters of multi-char keys
    uint8_t max_chars_astral = 0;
    bool MayStartPhrase(char32_t a, char32_t b) const;
  };
  static absl::Status LoadInto(const std::string& path, Stage* stage);
  static void ConvertStage(const Stage& stage, std::string_view in, std::string* out);
  Stage stage1_, stage2_;
  std::vector<uint8_t> traditional_;  // per BMP code point
};

}  // namespace dedup::normalize

#endif  // DEDUP_CORE_NORMALIZE_T2S_H_
