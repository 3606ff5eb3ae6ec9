// Copyright 2026 The dedup Authors.
//
// Deterministic benchmark inputs built from the real seed pages in corpus/.
#ifndef DEDUP_BENCH_COMMON_BENCH_CORPUS_H_
#define DEDUP_BENCH_COMMON_BENCH_CORPUS_H_

#include <string>
#include <vector>

namespace dedup::bench {

// The five seed pages (Chinese government pages, simplified and traditional).
const std::vector<std::string>& SeedPages();

// Chinese web text of at least `bytes` bytes: seed paragraphs shuffled with a
// fixed seed, so every run measures the same input. Mixes the simplified seeds
// with the traditional one (004), so nearly every page needs conversion.
std::string ChineseText(size_t bytes);

// Cuts `text` into pages of about `page_bytes`, each ending at a line end.
std::vector<std::string> SplitPages(const std::string& text, size_t page_bytes = 10 << 10);

// Pages of about `page_bytes` whose paragraphs are all different (drawn
// from the simplified seeds without replacement, a fresh shuffle a page):
// a page with no repeated block, as most crawled pages are. Pages cut from
// ChineseText draw paragraphs at random and so repeat some.
std::vector<std::string> UniqueParagraphPages(size_t bytes, size_t page_bytes = 10 << 10);

// Only the simplified seeds (000-003) / only the traditional seed (004).
std::string SimplifiedChineseText(size_t bytes);
std::string TraditionalChineseText(size_t bytes);

// English prose of at least `bytes` bytes, generated from a fixed word list
// with a fixed seed.
std::string EnglishText(size_t bytes);

}  // namespace dedup::bench

#endif  // DEDUP_BENCH_COMMON_BENCH_CORPUS_H_
