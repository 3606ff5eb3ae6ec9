// Copyright 2026 The dedup Authors.
#include "core/normalize/t2s.h"

#include <opencc/Exception.hpp>
#include <opencc/Lexicon.hpp>
#include <opencc/MarisaDict.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "core/base/bits.h"
#include "core/base/hash.h"
#include "core/base/utf8.h"

namespace dedup::normalize {
namespace {

constexpr size_t kMaxKeyChars = 33;  // len_mask covers 2..33 characters

// Writes into a string through a pointer: the string is grown ahead of the
// writes and cut to what was written by Finish. Appending a character with
// std::string::append cost a capacity check and a call of memcpy for its
// three bytes, on nearly every character of a traditional page.
class Writer {
 public:
  Writer(std::string* s, size_t expect) : s_(s) {
    s_->resize(std::max<size_t>(expect, 64));
    o_ = s_->data();
    end_ = o_ + s_->size();
  }
  void Put(const char* p, size_t n) {
    Room(n);
    std::memcpy(o_, p, n);
    o_ += n;
  }
  // Makes room for n bytes and returns where they go; the caller writes
  // them and hands the end back with Advance. The fast loop writes a whole
  // run this way, with one room check.
  char* Reserve(size_t n) {
    Room(n);
    return o_;
  }
  void Advance(char* to) { o_ = to; }
  // The first n <= 4 bytes of `word` (little-endian), stored as 4.
  void PutWord(uint32_t word, size_t n) {
    Room(4);
    std::memcpy(o_, &word, 4);
    o_ += n;
  }
  // One character of n <= 4 bytes at p, where 4 bytes may be read.
  void PutChar(const char* p, size_t n) {
    Room(4);
    std::memcpy(o_, p, 4);
    o_ += n;
  }
  void Finish() { s_->resize(static_cast<size_t>(o_ - s_->data())); }

 private:
  void Room(size_t n) {
    if (static_cast<size_t>(end_ - o_) >= n) return;
    const size_t used = static_cast<size_t>(o_ - s_->data());
    s_->resize(std::max(2 * s_->size(), used + n));
    o_ = s_->data() + used;
    end_ = s_->data() + s_->size();
  }
  std::string* s_;
  char* o_;
  char* end_;
};

}  // namespace

absl::Status T2SConverter::LoadInto(const std::string& path, Stage* stage) {
  FILE* fp = std::fopen(path.c_str(), "rb");
  if (fp == nullptr) return absl::NotFoundError(path + ": cannot open OpenCC dictionary (install opencc)");
  try {
    opencc::MarisaDictPtr dict = opencc::MarisaDict::NewFromFile(fp);
    std::fclose(fp);
    fp = nullptr;
    opencc::LexiconPtr lex = dict->GetLexicon();
    if (stage->single.empty()) {
      // Index 0 of values/value_word/value_bytes: no value (the character
      // stays, 3 bytes in the fast loop).
      stage->values.assign(1, "");
      stage->value_word.assign(1, 0);
      stage->value_bytes.assign(1, 3);
      stage->single.assign(0x10000, 0);
      stage->len_mask.assign(0x10000, 0);
      stage->starts.assign(0x10000 / 64, 0);
      stage->seconds.assign(0x10000 / 64 + 1, 0);  // the extra word: any astral character
      stage->pair_bits.assign(Stage::kPairBits / 64, 0);
    }
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
      if (first >= 0x10000) {
        stage->max_chars_astral = static_cast<uint8_t>(std::max<size_t>(stage->max_chars_astral, std::min<size_t>(chars, 255)));
        continue;
      }
      if (chars == 1) {
        if (it->second != key) {
          stage->values.push_back(it->second);
          uint32_t word = 0;
          const size_t n = it->second.size();
          if (n <= 4) std::memcpy(&word, it->second.data(), n);
          stage->value_word.push_back(word);
          stage->value_bytes.push_back(static_cast<uint8_t>(n <= 4 ? n : 0));
          if (stage->values.size() > UINT16_MAX) return absl::InternalError(path + ": too many single-character values");
          stage->single[first] = static_cast<uint16_t>(stage->values.size() - 1);
        }
        continue;
      }
      if (chars > kMaxKeyChars) continue;  // never matched; OpenCC has none this long
      stage->len_mask[first] |= 1u << (chars - 2);
      base::SetBit(stage->starts.data(), first);
      char32_t second;
      const size_t first_len = base::DecodeUtf8(key.data(), key.data() + key.size(), &first);
      base::DecodeUtf8(key.data() + first_len, key.data() + key.size(), &second);
      base::SetBit(stage->seconds.data(), SecondBit(second));
      const size_t slot = Stage::PairSlot(first, second);
      base::SetBit(stage->pair_bits.data(), slot);
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
  c->BuildSimple();
  return c;
}

int32_t T2SConverter::OneChar(const Stage& stage, char32_t cp) {
  const uint16_t v = stage.single[cp];
  if (v == 0) return static_cast<int32_t>(cp);
  const std::string& value = stage.values[v];
  if (value.empty()) return -1;
  char32_t first;
  const size_t n = base::DecodeUtf8(value.data(), value.data() + value.size(), &first);
  return n == value.size() && first != base::kReplacementChar ? static_cast<int32_t>(first) : -1;
}

void T2SConverter::BuildSimple() {
  simple_.assign(0x10000, 0);
  for (char32_t c = 0; c < 0x10000; ++c) {
    uint32_t& x = simple_[c];
    const int32_t m1 = OneChar(stage1_, c);
    const int32_t m2 = m1 >= 0 && m1 < 0x10000 ? OneChar(stage2_, static_cast<char32_t>(m1)) : -1;
    if (m2 < 0 || m2 >= 0x10000) {
      x = c | kSimpleSlow;
      continue;
    }
    x = static_cast<uint32_t>(m2);
    if (base::TestBit(stage1_.starts.data(), c)) x |= kSimpleWatch1;
    if (base::TestBit(stage2_.starts.data(), static_cast<size_t>(m1))) x |= kSimpleWatch2;
  }
  // after2_: a character whose own stage-1 value starts with a second
  // character of stage 2, or is no character; one that starts a stage-1
  // phrase whose value does; any astral character.
  after2_.assign(0x10000 / 64 + 1, 0);
  base::SetBit(after2_.data(), SecondBit(0x10000));
  auto first_is_second2 = [&](const std::string& value) {
    if (value.empty()) return true;
    char32_t v;
    base::DecodeUtf8(value.data(), value.data() + value.size(), &v);
    return base::TestBit(stage2_.seconds.data(), SecondBit(v));
  };
  for (char32_t c = 0; c < 0x10000; ++c) {
    const uint16_t v = stage1_.single[c];
    if (v != 0 ? first_is_second2(stage1_.values[v]) : base::TestBit(stage2_.seconds.data(), c))
      base::SetBit(after2_.data(), c);
  }
  for (const auto& [key, value] : stage1_.map) {
    char32_t c;
    const size_t n = base::DecodeUtf8(key.data(), key.data() + key.size(), &c);
    if (n < key.size() && first_is_second2(value)) base::SetBit(after2_.data(), SecondBit(c));
  }
  in_key_.assign(0x10000 / 64, 0);
  for (const Stage* stage : {&stage1_, &stage2_}) {
    for (const auto& entry : stage->map) {
      const std::string& k = entry.first;
      for (const char* p = k.data(); p < k.data() + k.size();) {
        char32_t cp;
        p += base::DecodeUtf8(p, k.data() + k.size(), &cp);
        if (cp < 0x10000) base::SetBit(in_key_.data(), cp);
      }
    }
  }
}

bool T2SConverter::ConvertsAloneAfterAll(const char* p, const char* end, char32_t cp, size_t len) const {
  const char* q = p + len;
  if (q >= end) return true;  // every phrase has two characters at least
  char32_t c2;
  const size_t len2 = base::DecodeUtf8(q, end, &c2);
  // Whether a stage-1 phrase starts at `at` (at an astral character: may
  // start); the filters first, then the map.
  auto stage1_phrase = [&](const char* at, char32_t a, char32_t b) {
    return a >= 0x10000 ? stage1_.max_chars_astral > 1 : stage1_.PhraseStartsAt(at, end, a, b);
  };
  if (stage1_phrase(p, cp, c2)) return false;
  // Stage 2 at stage 1's value of cp: the character after it is the first of
  // what stage 1 makes of c2 and on, which is c2's own value unless a stage-1
  // phrase may start at c2 (then give up).
  const int32_t m1 = OneChar(stage1_, cp);
  if (m1 < 0 || m1 >= 0x10000) return false;
  if (!base::TestBit(stage2_.starts.data(), static_cast<size_t>(m1))) return true;
  if (c2 >= 0x10000) return false;
  if (q + len2 < end) {
    char32_t c3;
    base::DecodeUtf8(q + len2, end, &c3);
    if (stage1_phrase(q, c2, c3)) return false;
  }
  char32_t next = c2;
  if (const uint16_t v = stage1_.single[c2]; v != 0) {
    const std::string& value = stage1_.values[v];
    if (value.empty()) return false;
    base::DecodeUtf8(value.data(), value.data() + value.size(), &next);
  }
  return !(base::TestBit(stage2_.seconds.data(), SecondBit(next)) &&
           stage2_.MayStartPhrase(static_cast<char32_t>(m1), next));
}

bool T2SConverter::Stage::PhraseAt(const char* p, const char* end, char32_t cp) const {
  const uint32_t mask = len_mask[cp];
  if (mask == 0) return false;
  const size_t longest = 2 + (31 - static_cast<size_t>(__builtin_clz(mask)));
  size_t len = 0;
  for (size_t k = 1; k <= longest && p + len < end; ++k) {
    char32_t c;
    len += base::DecodeUtf8(p + len, end, &c);
    if (k >= 2 && ((mask >> (k - 2)) & 1) && map.contains(absl::string_view(p, len))) return true;
  }
  return false;
}

const char* T2SConverter::StretchEnd(const char* p, const char* end) const {
  char32_t cp;
  p += base::DecodeUtf8(p, end, &cp);
  while (p < end) {
    const size_t n = base::DecodeUtf8(p, end, &cp);
    if (cp < 0x10000 && !base::TestBit(in_key_.data(), cp)) return p;
    p += n;
  }
  return end;
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
  Writer w(out, in.size() / 3 * 4 + 16);  // what the fast loop reserves (phrases may need more)
  const char* p = in.data();
  const char* end = p + in.size();
  const uint16_t* single = stage.single.data();
  const uint64_t* starts = stage.starts.data();
  const uint64_t* seconds = stage.seconds.data();
  const uint32_t* value_word = stage.value_word.data();
  const uint8_t* value_bytes = stage.value_bytes.data();
  size_t ends[kMaxKeyChars + 1];  // byte length of the first k characters
  while (p < end) {
    // ASCII and 3-byte characters are written one by one, a character with
    // a value of at most 4 bytes replaced by it, with no branch on whether
    // it has one (a third of a traditional page's characters do, at
    // random). A character that starts a key of several characters is
    // looked at with the next one: only when the pair passes the filters
    // does the loop stop, for the phrase match below. It also stops at
    // 2- and 4-byte characters, invalid bytes and longer values. No input
    // byte becomes more than 4/3 bytes here, so the room for the rest of
    // the input is made once.
    char* o = w.Reserve(static_cast<size_t>(end - p) / 3 * 4 + 8);
    while (end - p >= 6) {
      uint32_t x;  // the next 4 bytes, little-endian
      std::memcpy(&x, p, 4);
      if ((x & 0xC0C0F0) == 0x8080E0) {  // a lead byte E0..EF and two continuation bytes
        const char32_t v = ((x & 0x0F) << 12) | ((x >> 2) & 0xFC0) | ((x >> 16) & 0x3F);
        if (v < 0x800) break;  // overlong
        if (base::TestBit(starts, v)) {
          char32_t c2;
          base::DecodeUtf8(p + 3, end, &c2);
          if (base::TestBit(seconds, SecondBit(c2)) && stage.MayStartPhrase(v, c2)) break;
        }
        const uint32_t s = single[v];
        // Index 0 of the value tables is no value: the character itself, 3 bytes.
        const size_t n = value_bytes[s];
        if (n == 0) break;  // a value longer than 4 bytes
        const uint32_t word = s != 0 ? value_word[s] : x;
        std::memcpy(o, &word, 4);
        o += n;
        p += 3;
      } else if ((x & 0x80) == 0) {
        *o++ = static_cast<char>(x);
        ++p;
      } else {
        break;
      }
    }
    w.Advance(o);
    if (p == end) break;
    char32_t cp;
    const size_t first_len = base::DecodeUtf8(p, end, &cp);
    if (cp >= 0x10000) {
      // Astral characters: rare; plain longest match through the map.
      size_t k = 0, len = 0;
      while (k < stage.max_chars_astral && k < kMaxKeyChars && p + len < end) {
        char32_t c2;
        len += base::DecodeUtf8(p + len, end, &c2);
        ends[k++] = len;
      }
      bool matched = false;
      for (size_t j = k; j > 0 && !matched; --j) {
        auto it = stage.map.find(absl::string_view(p, ends[j - 1]));
        if (it != stage.map.end()) {
          w.Put(it->second.data(), it->second.size());
          p += ends[j - 1];
          matched = true;
        }
      }
      if (!matched) {
        w.Put(p, first_len);
        p += first_len;
      }
      continue;
    }
    const uint32_t mask = stage.len_mask[cp];
    if (mask != 0 && p + first_len < end) {
      char32_t c2;
      const size_t second_len = base::DecodeUtf8(p + first_len, end, &c2);
      if (stage.MayStartPhrase(cp, c2)) {
        const size_t longest = 2 + (31 - static_cast<size_t>(__builtin_clz(mask)));
        ends[0] = first_len;
        ends[1] = first_len + second_len;
        size_t k = 2;
        while (k < longest && p + ends[k - 1] < end) {
          char32_t c3;
          ends[k] = ends[k - 1] + base::DecodeUtf8(p + ends[k - 1], end, &c3);
          ++k;
        }
        bool matched = false;
        for (size_t j = k; j >= 2 && !matched; --j) {
          if (!((mask >> (j - 2)) & 1)) continue;
          auto it = stage.map.find(absl::string_view(p, ends[j - 1]));
          if (it != stage.map.end()) {
            w.Put(it->second.data(), it->second.size());
            p += ends[j - 1];
            matched = true;
          }
        }
        if (matched) continue;
      }
    }
    if (const uint32_t v = stage.single[cp]; v != 0) {
      if (const size_t n = stage.value_bytes[v]; n != 0) {
        w.PutWord(stage.value_word[v], n);
      } else {
        w.Put(stage.values[v].data(), stage.values[v].size());
      }
    } else if (end - p >= 4) {
      w.PutChar(p, first_len);
    } else {
      w.Put(p, first_len);
    }
    p += first_len;
  }
  w.Finish();
}

void T2SConverter::ConvertStageByMap(const Stage& stage, std::string_view in, std::string* out) {
  out->clear();
  const char* p = in.data();
  const char* end = p + in.size();
  while (p < end) {
    size_t ends[kMaxKeyChars + 1];
    size_t k = 0;
    for (size_t len = 0; k < kMaxKeyChars && p + len < end;) {
      char32_t cp;
      len += base::DecodeUtf8(p + len, end, &cp);
      ends[k++] = len;
    }
    size_t matched = 0;
    for (size_t j = k; j > 0 && matched == 0; --j) {
      auto it = stage.map.find(absl::string_view(p, ends[j - 1]));
      if (it != stage.map.end()) {
        out->append(it->second);
        matched = ends[j - 1];
      }
    }
    if (matched == 0) {
      out->append(p, ends[0]);
      matched = ends[0];
    }
    p += matched;
  }
}

void T2SConverter::ConvertByMaps(std::string_view text, std::string* out) const {
  std::string mid;
  ConvertStageByMap(stage1_, text, &mid);
  ConvertStageByMap(stage2_, mid, out);
}

void T2SConverter::Convert(std::string_view text, std::string* out) const {
  thread_local std::string mid;  // per worker thread; no allocation per document
  ConvertStage(stage1_, text, &mid);
  ConvertStage(stage2_, mid, out);
}

}  // namespace dedup::normalize
