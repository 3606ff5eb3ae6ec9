// Copyright 2026 The dedup Authors.
//
// Normalizer: the matching form of a text (outputs keep the original bytes).
//
//   NFKC + case folding (ICU NFKC_Casefold)      "ＡＢＣ①" -> "abc1", "Straße" -> "strasse"
//   traditional -> simplified, phrase level       "軟體開發" -> "软件开发" (OpenCC TW/HK dictionaries)
//   punctuation folding                           "。、「」" -> ".,\"\""
//   whitespace runs -> one ASCII space, trimmed
//
// Speed: ICU is consulted once, at Create(), to build per-code-point tables
// for the whole BMP; the hot path is a table lookup per character. A text
// whose characters all have a normalisation boundary before them (ICU's
// hasBoundaryBefore: nearly all CJK and Latin text) normalises character by
// character exactly as the whole string would; any other text goes through
// ICU's normalizeUTF8 first. ASCII text takes an even shorter path. OpenCC's
// own converter runs at ~3 MB/s, so its dictionaries are loaded into our own
// hash maps and only texts containing traditional-only characters are
// converted, by longest-prefix match in OpenCC's two stages (variants and
// Taiwan/Hong Kong phrases, then traditional->simplified phrases/characters).
#ifndef DEDUP_CORE_NORMALIZE_NORMALIZER_H_
#define DEDUP_CORE_NORMALIZE_NORMALIZER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace dedup::normalize {

struct NormalizerOptions {
  // Convert traditional Chinese to simplified (phrase level) before matching.
  bool traditional_to_simplified = true;
  // Folder holding OpenCC's .ocd2 dictionaries.
  std::string opencc_dir = DEDUP_OPENCC_DATA_DIR;
  absl::Status Validate() const;
};

struct NormalizeStats {
  uint64_t ascii_fast_path = 0;
  uint64_t table_path = 0;
  uint64_t icu_path = 0;
  uint64_t converted_t2s = 0;
};

// How the shingler tokenises a code point.
enum class TokenClass : uint8_t {
  kSeparator = 0,  // whitespace, punctuation, symbols: no token
  kWord = 1,       // part of a word (letters, digits, marks of space-delimited scripts)
  kSpaceless = 2,  // one token per character (Han, kana, Hangul, Thai, Lao, Khmer, Myanmar)
};

class T2SConverter;

// Immutable after Create(); safe for concurrent use by multiple threads.
class Normalizer {
 public:
  static absl::StatusOr<std::unique_ptr<Normalizer>> Create(const NormalizerOptions& options);
  ~Normalizer();
  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;

  // Writes the matching form of `text` to `*out` (cleared first). Invalid
  // UTF-8 reads as U+FFFD. Does not allocate when `out` has capacity (the
  // traditional->simplified step allocates once per converted text).
  void Normalize(std::string_view text, std::string* out, NormalizeStats* stats = nullptr) const;

  // True when `text` holds characters used only in traditional Chinese.
  bool HasTraditional(std::string_view text) const;

  // When `text` holds a traditional-only character, writes it converted to
  // simplified (as it stands, not normalised) to `*out` and returns true.
  // TokenizeFast(converted) then gives Normalize's tokens without the full
  // path, except where normalising would change a character inside a
  // converted phrase (a compatibility ideograph, a deleted format character):
  // such text converts the same phrase either way or, rarely, not at all.
  bool ConvertTraditional(std::string_view text, std::string* out) const;

  // The fast path of the sign stage: the token hashes of Normalize(text) as
  // shingle::Shingler tokenises it (base::CharTokenHash for each character
  // of a spaceless script, base::WordTokenHash for each word), in one pass
  // that writes no normalised text. Returns false, leaving `*tokens`
  // unspecified, when `text` needs the full path: a character ICU must
  // normalise in context, a character outside the BMP, or a traditional
  // character to convert. `word` is scratch.
  // `cjk_hashes`, when given, is CjkTokenHashes(seed): the token hashes of
  // the CJK Unified Ideographs block, looked up instead of computed.
  bool TokenizeFast(std::string_view text, uint64_t seed, std::vector<uint64_t>* tokens, std::string* word,
                    const uint64_t* cjk_hashes = nullptr) const;

  // TokenizeFast of ConvertTraditional(text), in one pass that writes no
  // converted text (but for stretches where a phrase may start): the sign
  // stage's path for traditional text. Returns false, leaving `*tokens`
  // unspecified, where TokenizeFast of the converted text would, and for
  // invalid UTF-8. Call it only for text that HasTraditional (as
  // ConvertTraditional converts only that). `word` and `stretch` are scratch.
  // `converted_hashes`, when given, is ConvertedCjkTokenHashes(seed).
  bool TokenizeTraditional(std::string_view text, uint64_t seed, std::vector<uint64_t>* tokens, std::string* word,
                           std::string* stretch, const uint64_t* converted_hashes = nullptr) const;
  // For every cp of U+4E00..U+9FFF, in order: the token hash of what cp
  // converts to alone, where that is a one-character token (164 KiB); a
  // table for TokenizeTraditional. Empty without conversion.
  std::vector<uint64_t> ConvertedCjkTokenHashes(uint64_t seed) const;

  // base::CharTokenHash(cp, seed) for every cp of U+4E00..U+9FFF, in order
  // (20,992 values, 164 KiB), but 0 for a character TokenizeFast must not
  // take as its own token (a traditional one, say): a table for TokenizeFast.
  std::vector<uint64_t> CjkTokenHashes(uint64_t seed) const;

  // The token class of a code point (valid for any code point).
  TokenClass ClassOf(char32_t cp) const;

 private:
  Normalizer() = default;
  // Normalize without the traditional->simplified step.
  void Fold(std::string_view text, std::string* out, NormalizeStats* stats) const;
  struct Tables;
  std::unique_ptr<Tables> tables_;
  std::unique_ptr<T2SConverter> t2s_;
};

}  // namespace dedup::normalize

#endif  // DEDUP_CORE_NORMALIZE_NORMALIZER_H_
