// Copyright 2026 The dedup Authors.
#include "bench/common/bench_corpus.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace dedup::bench {

const std::vector<std::string>& SeedPages() {
  static const std::vector<std::string> pages = [] {
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::directory_iterator(std::string(DEDUP_CORPUS_DIR) + "/seeds"))
      paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    std::vector<std::string> out;
    for (const auto& p : paths) {
      std::ifstream in(p, std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      out.push_back(ss.str());
    }
    return out;
  }();
  return pages;
}

namespace {

// The seed paragraphs (lines of more than 30 bytes, with their '\n') of
// seed pages [first_page, end_page).
std::vector<std::string> SeedParagraphs(size_t first_page, size_t end_page) {
  std::vector<std::string> paragraphs;
  const auto& pages = SeedPages();
  for (size_t i = first_page; i < end_page && i < pages.size(); ++i) {
    const std::string& page = pages[i];
    size_t pos = 0;
    while (pos < page.size()) {
      size_t nl = page.find('\n', pos);
      if (nl == std::string::npos) nl = page.size();
      if (nl - pos > 30) paragraphs.push_back(page.substr(pos, nl - pos + 1));
      pos = nl + 1;
    }
  }
  return paragraphs;
}

std::string ShuffledParagraphs(size_t bytes, size_t first_page, size_t end_page) {
  const std::vector<std::string> paragraphs = SeedParagraphs(first_page, end_page);
  std::mt19937_64 rng(1);
  std::string out;
  out.reserve(bytes + 4096);
  while (out.size() < bytes) out += paragraphs[rng() % paragraphs.size()];
  return out;
}

}  // namespace

std::vector<std::string> SplitPages(const std::string& text, size_t page_bytes) {
  std::vector<std::string> pages;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = std::min(text.size(), pos + page_bytes);
    while (end < text.size() && text[end - 1] != '\n') ++end;  // whole lines
    pages.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  return pages;
}

std::vector<std::string> UniqueParagraphPages(size_t bytes, size_t page_bytes) {
  // Not seed 001, whose body is saved twice; each paragraph once.
  std::vector<std::string> deck = SeedParagraphs(0, 1);
  for (auto& p : SeedParagraphs(2, 4)) deck.push_back(std::move(p));
  std::sort(deck.begin(), deck.end());
  deck.erase(std::unique(deck.begin(), deck.end()), deck.end());
  std::mt19937_64 rng(3);
  std::vector<std::string> pages;
  size_t total = 0;
  while (total < bytes) {
    std::shuffle(deck.begin(), deck.end(), rng);
    std::string page;
    for (size_t i = 0; i < deck.size() && page.size() < page_bytes; ++i) page += deck[i];
    total += page.size();
    pages.push_back(std::move(page));
  }
  return pages;
}

std::string ChineseText(size_t bytes) { return ShuffledParagraphs(bytes, 0, 5); }
std::string SimplifiedChineseText(size_t bytes) { return ShuffledParagraphs(bytes, 0, 4); }
std::string TraditionalChineseText(size_t bytes) { return ShuffledParagraphs(bytes, 4, 5); }

std::string EnglishText(size_t bytes) {
  static const char* kWords[] = {
      "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be",
      "by", "on", "not", "he", "this", "are", "or", "his", "from", "at", "which", "but", "have",
      "an", "had", "they", "you", "were", "their", "one", "all", "we", "can", "her", "has",
      "there", "been", "if", "more", "when", "will", "would", "who", "so", "no", "market",
      "government", "report", "development", "investment", "project", "industry", "growth",
      "economic", "district", "policy", "service", "company", "annual", "target", "percent"};
  std::mt19937_64 rng(2);
  std::string out;
  out.reserve(bytes + 64);
  size_t in_sentence = 0;
  while (out.size() < bytes) {
    std::string w = kWords[rng() % (sizeof(kWords) / sizeof(kWords[0]))];
    if (in_sentence == 0) w[0] = static_cast<char>(w[0] - 'a' + 'A');
    out += w;
    if (++in_sentence > 8 + rng() % 12) {
      out += ".\n";
      in_sentence = 0;
    } else {
      out += ' ';
    }
  }
  return out;
}

}  // namespace dedup::bench
