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
#include "core/base/bits.h"
#include "core/base/hash.h"
#include "core/base/utf8.h"

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
  // True for a BMP character that some key of either stage holds.
  bool InAnyKey(char32_t cp) const { return cp < 0x10000 && base::TestBit(in_key_.data(), cp); }

  // Converting a character at a time (Normalizer::TokenizeTraditional walks
  // a text once this way and tokenises as it goes, instead of writing the
  // converted text and reading it again). Where no phrase of either stage
  // starts, Convert turns each character into what the two stages make of
  // it alone; a stretch with a possible phrase is converted whole by Convert.
  //
  // Simple(c), per BMP code point: what stage 2 makes of what stage 1 makes
  // of c, alone (bits 0-15), and these flags.
  static constexpr uint32_t kSimpleSlow = 1u << 16;    // a stage's value is not one BMP character
  static constexpr uint32_t kSimpleWatch1 = 1u << 17;  // a stage-1 phrase starts with c
  static constexpr uint32_t kSimpleWatch2 = 1u << 18;  // a stage-2 phrase starts with c's stage-1 value
  static constexpr uint32_t kSimpleWatch = kSimpleWatch1 | kSimpleWatch2;
  uint32_t Simple(char32_t cp) const { return simple_[cp]; }
  // For the BMP character `cp` of `len` bytes at `p`, where both stages are
  // at a character boundary, and `x` its Simple(cp): true when Convert turns
  // it into Simple(cp) whatever came before, given what follows. Only
  // characters flagged kSimpleWatch need asking (a third of a traditional
  // page's); the next character settles nearly all of them with a bit test.
  bool ConvertsAlone(const char* p, const char* end, char32_t cp, size_t len, uint32_t x) const {
    const char* q = p + len;
    if (q >= end) return true;  // every phrase has two characters at least
    char32_t c2;
    base::DecodeUtf8(q, end, &c2);
    if ((x & kSimpleWatch1) && stage1_.PhraseStartsAt(p, end, cp, c2)) return false;
    if ((x & kSimpleWatch2) && base::TestBit(after2_.data(), SecondBit(c2)))
      return ConvertsAloneAfterAll(p, end, cp, len);
    return true;
  }
  // The end of the stretch that starts at `p` (one character at least) and
  // must be converted whole: the next character in no key of either stage,
  // where no match of either stage can cross, or `end`.
  const char* StretchEnd(const char* p, const char* end) const;

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
    static constexpr size_t kPairBits = size_t{1} << 16;  // 8 KiB (stays in L1); under 2% false positives
    static size_t PairSlot(char32_t a, char32_t b) {
      return static_cast<size_t>(base::Mix64((static_cast<uint64_t>(a) << 32) | b) >> (64 - 16));
    }
    bool MayStartPhrase(char32_t a, char32_t b) const { return base::TestBit(pair_bits.data(), PairSlot(a, b)); }
    // True when a key of two characters or more matches at `p`, whose first
    // character is `a` (BMP) and next `b`, as ConvertStage matches keys: the
    // filters first, then the map (PhraseAt).
    bool PhraseStartsAt(const char* p, const char* end, char32_t a, char32_t b) const {
      return base::TestBit(starts.data(), a) && base::TestBit(seconds.data(), SecondBit(b)) &&
             MayStartPhrase(a, b) && PhraseAt(p, end, a);
    }
    bool PhraseAt(const char* p, const char* end, char32_t a) const;
  };
  static absl::Status LoadInto(const std::string& path, Stage* stage);
  static void ConvertStage(const Stage& stage, std::string_view in, std::string* out);
  static void ConvertStageByMap(const Stage& stage, std::string_view in, std::string* out);
  // A stage's value of BMP character `cp` alone, when it is one character
  // (`cp` itself when it has none); -1 otherwise.
  static int32_t OneChar(const Stage& stage, char32_t cp);
  // A character's bit in Stage::seconds and after2_: its code point, or
  // 0x10000 for any astral character.
  static size_t SecondBit(char32_t c) { return c < 0x10000 ? c : 0x10000; }
  // ConvertsAlone where the next character may continue a phrase of stage 2.
  bool ConvertsAloneAfterAll(const char* p, const char* end, char32_t cp, size_t len) const;
  void BuildSimple();
  Stage stage1_, stage2_;
  std::vector<uint8_t> traditional_;  // per BMP code point
  std::vector<uint32_t> simple_;      // per BMP code point, see Simple (256 KiB)
  std::vector<uint64_t> in_key_;      // per BMP code point, one bit: in some key of either stage
  // Per SecondBit, one bit: stage 1 may make of the character and what
  // follows something that starts with the second character of a stage-2
  // phrase.
  std::vector<uint64_t> after2_;
};

}  // namespace dedup::normalize

#endif  // DEDUP_CORE_NORMALIZE_T2S_H_
