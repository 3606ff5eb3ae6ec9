// Copyright 2026 The dedup Authors.
#include "core/shingle/shingler.h"

#include "core/base/hash.h"
#include "core/base/utf8.h"

namespace dedup::shingle {

absl::Status ShingleOptions::Validate() const {
  if (ngram < 1 || ngram > 64) return absl::InvalidArgumentError("ngram must be in [1, 64]");
  return absl::OkStatus();
}

absl::StatusOr<Shingler> Shingler::Create(const ShingleOptions& options, const normalize::Normalizer* normalizer) {
  absl::Status s = options.Validate();
  if (!s.ok()) return s;
  if (normalizer == nullptr) return absl::InvalidArgumentError("Shingler needs a Normalizer");
  return Shingler(options, normalizer);
}

void Shingler::Tokens(std::string_view text, std::vector<uint64_t>* tokens) const {
  tokens->clear();
  const uint64_t seed = options_.seed;
  const char* p = text.data();
  const char* end = p + text.size();
  const char* word = nullptr;  // start of the word being read
  const char* word_end = nullptr;
  auto flush = [&] {
    if (word != nullptr) tokens->push_back(base::Hash64(word, static_cast<size_t>(word_end - word), seed));
    word = nullptr;
  };
  while (p < end) {
    const unsigned char b = static_cast<unsigned char>(*p);
    normalize::TokenClass cls;
    size_t len = 1;
    if (b < 0x80) {
      const bool alnum = (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || b == '_';
      if (!alnum && b == '\'' && word != nullptr && p + 1 < end) {
        const unsigned char nb = static_cast<unsigned char>(p[1]);
        if ((nb >= 'a' && nb <= 'z') || (nb >= 'A' && nb <= 'Z')) {
          ++p;  // "don't" stays one word
          word_end = p;
          continue;
        }
      }
      cls = alnum ? normalize::TokenClass::kWord : normalize::TokenClass::kSeparator;
    } else {
      char32_t cp;
      len = base::DecodeUtf8(p, end, &cp);
      cls = normalizer_->ClassOf(cp);
    }
    switch (cls) {
      case normalize::TokenClass::kWord:
        if (word == nullptr) word = p;
        word_end = p + len;
        break;
      case normalize::TokenClass::kSpaceless:
        flush();
        tokens->push_back(base::Hash64(p, len, seed));
        break;
      case normalize::TokenClass::kSeparator:
        flush();
        break;
    }
    p += len;
  }
  flush();
}

void Shingler::Shingle(std::string_view normalized, ShingleWorkspace* ws, std::vector<uint64_t>* out) const {
  out->clear();
  Tokens(normalized, &ws->tokens);
  const size_t n = static_cast<size_t>(options_.ngram);
  const auto& t = ws->tokens;
  if (t.empty()) return;
  const uint64_t seed = options_.seed ^ 0x5348494E474C45ULL;
  if (t.size() < n) {
    out->push_back(base::Hash64(t.data(), t.size() * sizeof(uint64_t), seed));
    return;
  }
  out->reserve(t.size() - n + 1);
  for (size_t i = 0; i + n <= t.size(); ++i) out->push_back(base::Hash64(&t[i], n * sizeof(uint64_t), seed));
}

}  // namespace dedup::shingle
