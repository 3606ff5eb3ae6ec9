// Copyright 2026 The dedup Authors.
//
// Shingler: the shingles of a normalised text, as 64-bit hashes.
//
// Tokens: every character of a script written without spaces (Han, kana,
// Hangul, Thai, Lao, Khmer, Myanmar) is a token; elsewhere a token is a word
// (a run of letters, digits and marks, by ICU character properties; an
// apostrophe between letters joins). Whitespace and punctuation separate and
// make no token, so layout and punctuation changes do not change shingles.
// A shingle is n consecutive tokens: pure Chinese gives character n-grams,
// pure English word n-grams, mixed text both interleaved.
//
//   "东西湖区 2021年"  n=3  tokens: 东 西 湖 区 2021 年
//                           shingles: 东西湖 西湖区 湖区2021 区2021年
//
// Each token is hashed once (a character token: its code point mixed; a word
// token: XXH3 of its bytes); a shingle mixes the n token hashes, each
// multiplied by its own odd constant (order matters), with one finaliser.
// Output is neither sorted nor de-duplicated: MinHash does not need it.
#ifndef DEDUP_CORE_SHINGLE_SHINGLER_H_
#define DEDUP_CORE_SHINGLE_SHINGLER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/normalize/normalizer.h"

namespace dedup::shingle {

struct ShingleOptions {
  // Tokens per shingle.
  int ngram = 5;
  // Seed of the token hash.
  uint64_t seed = 42;
  absl::Status Validate() const;
};

// Per-thread scratch; reuse it across documents. Not thread-safe.
struct ShingleWorkspace {
  std::vector<uint64_t> tokens;
  std::string normalized, word;
};

// Immutable after Create(); safe for concurrent use with one workspace per thread.
class Shingler {
 public:
  // `normalizer` supplies the token classes and must outlive the Shingler.
  static absl::StatusOr<Shingler> Create(const ShingleOptions& options, const normalize::Normalizer* normalizer);

  // Writes the hash of every shingle of `normalized` to `*out` (cleared
  // first). Does not allocate when the buffers have capacity.
  void Shingle(std::string_view normalized, ShingleWorkspace* ws, std::vector<uint64_t>* out) const;

  // Shingle(Normalize(text)) in one pass where the normaliser's fast path
  // applies (Normalizer::TokenizeFast), else in two; the same shingles
  // either way.
  void ShingleText(std::string_view text, ShingleWorkspace* ws, std::vector<uint64_t>* out) const;

  // Writes the token hashes alone (exposed for tests).
  void Tokens(std::string_view normalized, std::vector<uint64_t>* tokens) const;

 private:
  Shingler(const ShingleOptions& o, const normalize::Normalizer* n);
  void FromTokens(const std::vector<uint64_t>& tokens, std::vector<uint64_t>* out) const;
  ShingleOptions options_;
  const normalize::Normalizer* normalizer_;
  std::vector<uint64_t> weights_;  // base^(n-1-j) for position j of a shingle
  uint64_t base_ = 1, base_pow_n_ = 1;
  std::vector<uint64_t> cjk_hashes_;        // the normalizer's CjkTokenHashes(seed)
  std::vector<uint64_t> converted_hashes_;  // the normalizer's ConvertedCjkTokenHashes(seed)
};

}  // namespace dedup::shingle

#endif  // DEDUP_CORE_SHINGLE_SHINGLER_H_
