// Copyright 2026 The dedup Authors.
#include "core/shingle/shingler.h"

#include "core/base/hash.h"
#include "core/base/utf8.h"

namespace dedup::shingle {

absl::Status ShingleOptions::Validate() const {
  if (ngram < 1 || ngram > 64) return absl::InvalidArgumentError("ngram must be in [1, 64]");
  return absl::OkStatus();
}

Shingler::Shingler(const ShingleOptions& o, const normalize::Normalizer* n) : options_(o), normalizer_(n) {
  // Position j of an n-gram weighs base^(n-1-j): a polynomial hash, so that
  // each shingle follows from the one before in two multiplications.
  const uint64_t base = base::Mix64(o.seed ^ 0x5348494E474C45ULL) | 1;
  weights_.assign(static_cast<size_t>(o.ngram), 1);
  for (int j = o.ngram - 2; j >= 0; --j) weights_[static_cast<size_t>(j)] = weights_[static_cast<size_t>(j) + 1] * base;
  base_ = base;
  base_pow_n_ = weights_[0] * base;
  cjk_hashes_ = n->CjkTokenHashes(o.seed);
  converted_hashes_ = n->ConvertedCjkTokenHashes(o.seed);
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
    if (word != nullptr) tokens->push_back(base::WordTokenHash(word, static_cast<size_t>(word_end - word), seed));
    word = nullptr;
  };
  while (p < end) {
    const unsigned char b = static_cast<unsigned char>(*p);
    normalize::TokenClass cls;
    size_t len = 1;
    char32_t cp = b;
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
        tokens->push_back(base::CharTokenHash(cp, seed));
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
  Tokens(normalized, &ws->tokens);
  FromTokens(ws->tokens, out);
}

void Shingler::ShingleText(std::string_view text, ShingleWorkspace* ws, std::vector<uint64_t>* out) const {
  const uint64_t* cjk = cjk_hashes_.data();
  if (!normalizer_->TokenizeFast(text, options_.seed, &ws->tokens, &ws->word, cjk)) {
    // Traditional text, the common reason to leave the fast path: converted
    // as it is tokenised; failing that, converted first, it usually takes the
    // fast path (see ConvertTraditional).
    if (normalizer_->HasTraditional(text) &&
        normalizer_->TokenizeTraditional(text, options_.seed, &ws->tokens, &ws->word, &ws->normalized,
                                          converted_hashes_.empty() ? nullptr : converted_hashes_.data())) {
      FromTokens(ws->tokens, out);
      return;
    }
    if (!normalizer_->ConvertTraditional(text, &ws->normalized) ||
        !normalizer_->TokenizeFast(ws->normalized, options_.seed, &ws->tokens, &ws->word, cjk)) {
      normalizer_->Normalize(text, &ws->normalized);
      Tokens(ws->normalized, &ws->tokens);
    }
  }
  FromTokens(ws->tokens, out);
}

void Shingler::FromTokens(const std::vector<uint64_t>& t, std::vector<uint64_t>* out) const {
  const size_t n = static_cast<size_t>(options_.ngram);
  if (t.empty()) {
    out->clear();
    return;
  }
  if (t.size() < n) {
    // Fewer tokens than a shingle: one shingle of them all.
    out->assign(1, base::Hash64(t.data(), t.size() * sizeof(uint64_t), options_.seed ^ 0x5348494E474C45ULL));
    return;
  }
  // Every element is written below: resized from what the last page left
  // (not cleared first), only a longer page's new tail is zeroed, where
  // clear() + resize() zeroed every shingle of every page (1.3% of a clean's
  // instructions).
  const size_t count = t.size() - n + 1;
  out->resize(count);
  uint64_t* o = out->data();
  const uint64_t* w = weights_.data();
  auto direct = [&](size_t i) {
    uint64_t h = 0;
    for (size_t j = 0; j < n; ++j) h += t[i + j] * w[j];
    return h;
  };
  // Rolling: h(i+1) = h(i) * base - t[i] * base^n + t[i+n]. Two chains, over
  // the first and the second half, so that one's multiply latency hides
  // behind the other's (the values are those of the direct sum). The token
  // hashes are uniform and independent, so their weighted sum is too; the
  // MinHash and the sketch remix it with their own seeded multiply, and no
  // further mixing is needed here.
  const size_t half = count / 2;
  uint64_t a = direct(0), b = direct(half);
  const uint64_t* ta = t.data();
  const uint64_t* tb = t.data() + half;
  for (size_t i = 0; i < half; ++i) {
    if (i > 0) {
      a = a * base_ - ta[i - 1] * base_pow_n_ + ta[i - 1 + n];
      b = b * base_ - tb[i - 1] * base_pow_n_ + tb[i - 1 + n];
    }
    o[i] = a;
    o[half + i] = b;
  }
  if (count % 2 == 1) o[count - 1] = direct(count - 1);
}

}  // namespace dedup::shingle
