// Copyright 2026 The dedup Authors.
//
// libFuzzer target for normalisation: arbitrary bytes through Normalize and
// the one-pass TokenizeFast, which must give the tokens of Normalize +
// Tokens whenever it takes the text (a near-duplicate signed on one path and
// its copy on the other must match); and through TokenizeTraditional, which
// must give TokenizeFast's tokens of the converted text, and take valid text
// exactly when that does.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/utf8.h"
#include "core/normalize/normalizer.h"
#include "core/shingle/shingler.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const auto* normalizer = [] {
    auto n = dedup::normalize::Normalizer::Create({});
    if (!n.ok()) std::abort();
    return n->release();
  }();
  static const auto* shingler = [] {
    auto s = dedup::shingle::Shingler::Create({}, normalizer);
    if (!s.ok()) std::abort();
    return new dedup::shingle::Shingler(*std::move(s));
  }();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string norm, word;
  normalizer->Normalize(text, &norm);
  if (!dedup::base::IsValidUtf8(norm)) std::abort();
  std::vector<uint64_t> fast, slow;
  if (normalizer->TokenizeFast(text, dedup::shingle::ShingleOptions{}.seed, &fast, &word)) {
    shingler->Tokens(norm, &slow);
    if (fast != slow) std::abort();
  }
  if (normalizer->HasTraditional(text)) {
    std::string converted, stretch;
    if (!normalizer->ConvertTraditional(text, &converted)) std::abort();
    const uint64_t seed = dedup::shingle::ShingleOptions{}.seed;
    const bool want = normalizer->TokenizeFast(converted, seed, &slow, &word);
    const bool got = normalizer->TokenizeTraditional(text, seed, &fast, &word, &stretch);
    if (got && (!want || fast != slow)) std::abort();
    if (want && !got && dedup::base::IsValidUtf8(text)) std::abort();
  }
  dedup::shingle::ShingleWorkspace ws;
  std::vector<uint64_t> a, b;
  shingler->ShingleText(text, &ws, &a);
  shingler->Shingle(norm, &ws, &b);
  if (a != b) std::abort();
  return 0;
}
