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
  // Convert's specification, for tests: each stage a plain longest match
  // through its map, trying every key length at every character. Slow.
  void ConvertByMaps(std::string_view text, std::string* out) const;
  // True for a traditional-only BMP character (HasTraditional's test).
  bool IsTraditional(char32_t cp) const { return cp < 0x10000 && traditional_[cp] != 0; }

 private:
  // The hot loop avoids hashing strings: a BMP character's own replacement is
  // an array lookup, and the phrase map is consulted only where the first two
  // characters pass a pair filter and only for key lengths that exist.
  struct Stage {
    absl::flat_hash_map<std::string, std::string> map;
    std::vector<uint16_t> single;    // per BMP code point: index into values, 0 = unchanged (128 KiB)
    // values[0] is no value. values[i] packed in 4 bytes (little-endian) when
    // it has at most 4, as ConvertStage writes it; value_bytes[i] is its
    // length, 0 when longer (value_bytes[0] is 3, a 3-byte character's own).
    std::vector<std::string> values;
    std::vector<uint32_t> value_word;
    std::vector<uint8_t> value_bytes;
    std::vector<uint32_t> len_mask;  // per BMP code point: bit n-2 set when a key of n >= 2 chars starts with it
    std::vector<uint64_t> starts;    // per BMP code point, one bit: len_mask is nonzero (8 KiB, stays in L1)
    std::vector<uint64_t> seconds;   // per BMP code point, one bit: the second character of a multi-char key
    std::vector<uint64_t> pair_bits; // Bloom filter (one hash) of the first two characters of multi-char keys
    uint8_t max_chars_astral = 0;
    bool MayStartPhrase(char32_t a, char32_t b) const;
  };
  static absl::Status LoadInto(const std::string& path, Stage* stage);
  static void ConvertStage(const Stage& stage, std::string_view in, std::string* out);
  static void ConvertStageByMap(const Stage& stage, std::string_view in, std::string* out);
  Stage stage1_, stage2_;
  std::vector<uint8_t> traditional_;  // per BMP code point
};

}  // namespace dedup::normalize

#endif  // DEDUP_CORE_NORMALIZE_T2S_H_
