// Copyright 2026 The dedup Authors.
#include "core/normalize/t2s.h"

#include <opencc/Exception.hpp>
#include <opencc/Lexicon.hpp>
#include <opencc/MarisaDict.hpp>

#include <cstdio>

#include "core/base/utf8.h"

namespace dedup::normalize {

absl::Status T2SConverter::LoadInto(const std::string& path, Stage* stage) {
  FILE* fp = std::fopen(path.c_str(), "rb");
  if (fp == nullptr) return absl::NotFoundError(path + ": cannot open OpenCC dictionary (install opencc)");
  try {
    opencc::MarisaDictPtr dict = opencc::MarisaDict::NewFromFile(fp);
    std::fclose(fp);
    fp = nullptr;
    opencc::LexiconPtr lex = dict->GetLexicon();
    if (stage->max_chars.empty()) stage->max_chars.assign(0x10000, 0);
    for (const auto& entry : *lex) {
      std::string key = entry->Key();
      if (key.empty()) continue;
      auto [it, inserted] = stage->map.try_emplace(key, entry->GetDefault());
      if (!inserted) continue;  // an earlier dictionary of the stage wins
      char32_t first;
      base::DecodeUtf8(key.data(), key.data() + key.size(), &first);
      size_t chars = 0;
      for (const char* p = key.data(); p < key.data() + key.size();) {
        char32_t cp;
        p += base::DecodeUtf8(p, key.data() + key.size(), &cp);
        ++chars;
      }
      const uint8_t n = static_cast<uint8_t>(chars > 255 ? 255 : chars);
      if (first < 0x10000) {
        stage->max_chars[first] = std::max(stage->max_chars[first], n);
      } else {
        stage->max_chars_astral = std::max(stage->max_chars_astral, n);
      }
    }
  } catch (const std::exception& e) {
    if (fp != nullptr) std::fclose(fp);
    return absl::InternalError(path + ": cannot read OpenCC dictionary: " + e.what());
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<T2SConverter>> T2SConverter::Create(const std::string& dir) {
  auto c = std::unique_ptr<T2SConverter>(new T2SConverter());
  for (const char* name : {"TWPhrasesRev", "TWVariantsRevPhrases", "TWVariantsRev", "HKVariantsRevPhrases",
                           "HKVariantsRev"}) {
    absl::Status s = LoadInto(dir + "/" + name + ".ocd2", &c->stage1_);
    if (!s.ok()) return s;
  }
  for (const char* name : {"TSPhrases", "TSCharacters"}) {
    absl::Status s = LoadInto(dir + "/" + name + ".ocd2", &c->stage2_);
    if (!s.ok()) return s;
  }
  // Traditional-only characters: single-character keys of stage 2 whose
  // simplified form differs.
  c->traditional_.assign(0x10000, 0);
  for (const auto& [k, v] : c->stage2_.map) {
    char32_t cp;
    const size_t n = base::DecodeUtf8(k.data(), k.data() + k.size(), &cp);
    if (n == k.size() && cp < 0x10000 && k != v) c->traditional_[cp] = 1;
  }
  return c;
}

bool T2SConverter::HasTraditional(std::string_view text) const {
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    if (static_cast<unsigned char>(*p) < 0x80) {
      ++p;
      continue;
    }
    char32_t cp;
    p += base::DecodeUtf8(p, end, &cp);
    if (cp < 0x10000 && traditional_[cp]) return true;
  }
  return false;
}

void T2SConverter::ConvertStage(const Stage& stage, std::string_view in, std::string* out) {
  out->clear();
  out->reserve(in.size());
  const char* p = in.data();
  const char* end = p + in.size();
  size_t ends[256];  // byte length of the first k characters
  while (p < end) {
    if (static_cast<unsigned char>(*p) < 0x80) {
      out->push_back(*p++);
      continue;
    }
    char32_t cp;
    const size_t first_len = base::DecodeUtf8(p, end, &cp);
    const size_t maxc = cp < 0x10000 ? stage.max_chars[cp] : stage.max_chars_astral;
    if (maxc == 0) {
      out->append(p, first_len);
      p += first_len;
      continue;
    }
    size_t k = 0, len = 0;
    while (k < maxc && p + len < end) {
      char32_t c2;
      len += base::DecodeUtf8(p + len, end, &c2);
      ends[k++] = len;
    }
    bool matched = false;
    for (size_t j = k; j > 0; --j) {
      auto it = stage.map.find(absl::string_view(p, ends[j - 1]));
      if (it != stage.map.end()) {
        out->append(it->second);
        p += ends[j - 1];
        matched = true;
        break;
      }
    }
    if (!matched) {
      out->append(p, first_len);
      p += first_len;
    }
  }
}

void T2SConverter::Convert(std::string_view text, std::string* out) const {
  std::string mid;
  ConvertStage(stage1_, text, &mid);
  ConvertStage(stage2_, mid, out);
}

}  // namespace dedup::normalize
