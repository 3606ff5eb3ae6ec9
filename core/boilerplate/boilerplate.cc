// Copyright 2026 The dedup Authors.
#include "core/boilerplate/boilerplate.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/base/bits.h"
#include "core/base/find.h"
#include "core/base/hash.h"
#include "core/base/line_key.h"
#include "core/base/strings.h"
#include "core/base/utf8.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace dedup::boilerplate {

// Defined in the generated default_rules.cc (from default.rules).
extern const char kDefaultRulesText[];

base::LineKeyOptions KeyOptions() {
  base::LineKeyOptions o;
  o.fold_numbers = true;
  return o;
}

namespace {

using base::ToAbsl;

// The next space- or tab-separated field of `line` at or after `*pos`
// (empty when none is left); `*pos` moves past it. No allocation: the
// per-line tests below run on every line of every page.
std::string_view NextField(std::string_view line, size_t* pos) {
  size_t i = *pos;
  while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
  size_t j = i;
  while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
  *pos = j;
  return line.substr(i, j - i);
}

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  for (std::string_view f = NextField(line, &pos); !f.empty(); f = NextField(line, &pos)) out.push_back(f);
  return out;
}

// Sentence punctuation at p (HasSentencePunct, below). Every line of every
// page is tested, most of them letters or ideographs with no candidate
// byte: 16 bytes at a time are classified, and only the candidates
// (, ; ! ? . and the lead bytes E3 and EF of 。、 and ，；！？) are looked at.
// In valid UTF-8 neither kind of byte is inside another character, so
// testing each candidate where it stands finds what a walk over the
// characters would.
bool SentencePunctAt(const char* begin, const char* p, const char* end) {
  const auto c = static_cast<unsigned char>(*p);
  switch (c) {
    case ',': case ';': case '!': case '?':
      return true;
    case '.':
      return (p + 1 == end || p[1] == ' ') && p > begin && std::isalpha(static_cast<unsigned char>(p[-1]));
    case 0xE3:  // 、 U+3001 E3 80 81, 。 U+3002 E3 80 82
      return end - p >= 3 && static_cast<unsigned char>(p[1]) == 0x80 &&
             (static_cast<unsigned char>(p[2]) == 0x81 || static_cast<unsigned char>(p[2]) == 0x82);
    case 0xEF: {  // ！ FF01 EF BC 81, ， FF0C EF BC 8C, ； FF1B EF BC 9B, ？ FF1F EF BC 9F
      if (end - p < 3 || static_cast<unsigned char>(p[1]) != 0xBC) return false;
      const auto b = static_cast<unsigned char>(p[2]);
      return b == 0x81 || b == 0x8C || b == 0x9B || b == 0x9F;
    }
    default:
      return false;
  }
}

// A list of link names: three or more whitespace-separated items, none long
// (friend-link lists, navigation bars). In Latin script a phrase is not a
// list: every item must start with a capital, a digit, a separator ("|",
// "·") or a non-Latin letter ("Home About News Contact", "Privacy | Terms |
// Help", but not "Distribution of a Larger Work").
bool IsLinkList(std::string_view line) {
  size_t pos = 0, items = 0;
  for (std::string_view item = NextField(line, &pos); !item.empty(); item = NextField(line, &pos)) {
    if (item.size() > 3 * 30) return false;
    if (std::islower(static_cast<unsigned char>(item[0]))) return false;
    ++items;
  }
  return items >= 3;
}

// A title in a related-links list: short, at most one sentence (no 。, not
// ending like a sentence). Titles may hold commas and question marks.
bool IsTitleLike(std::string_view line, size_t key_chars) {
  if (key_chars == 0 || key_chars > 60) return false;
  if (line.find("。") != std::string_view::npos) return false;
  line = base::StripTrailingSpace(line);
  return line.empty() || (line.back() != '.' && line.back() != ':');
}

// A breadcrumb trail: two or more ">" "›" "»" "＞" "→" separators between
// short items, no sentence punctuation ("Docs › Packages › apt",
// "首頁 > 行業資訊 > 園區動態").
bool IsBreadcrumbTrail(std::string_view line, size_t key_chars) {
  if (key_chars > 60) return false;
  int separators = 0;
  size_t item = 0;  // bytes since the last separator
  const char* p = line.data();
  const char* end = p + line.size();
  while (p < end) {
    char32_t cp;
    const size_t n = base::DecodeUtf8(p, end, &cp);
    p += n;
    if (cp == U'>' || cp == U'›' || cp == U'»' || cp == U'＞' || cp == U'→') {
      if (item == 0) return false;
      ++separators;
      item = 0;
    } else if (cp != U' ') {
      item += n;
      if (item > 3 * 20) return false;
    }
  }
  return separators >= 2 && item > 0;
}

// A character that runs on into the word before or after it: an ideograph
// beside an ideograph, a letter beside a letter (digits, spaces and
// punctuation stand between).
bool IsIdeographChar(char32_t c) {
  return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}
bool IsLetterChar(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool RunsOn(char32_t pattern_end, char32_t next) {
  return (IsIdeographChar(pattern_end) && IsIdeographChar(next)) || (IsLetterChar(pattern_end) && IsLetterChar(next));
}

// Whether the rule `r`, which matched the key of `line`, names a label
// there rather than words of a sentence. In a sentence-like line a prefix
// pattern must end where a word does ("地址：…", "Share this" but not
// "地址中的本地部分…", "标签列表是…", "Shared memory…"), an ASCII
// "contains" pattern must stand as words ("… powered by …" but not "icp"
// in "specificperroute"), and a Chinese one must not be closed in by
// running text on both sides ("本网站版权所有，…" but not "在当前位置上把…"
// or "…提供技术支持的页面"). Each occurrence of each pattern is tried; one
// that stands apart is enough.
bool LabelStandsApart(const Rule& r, std::string_view line, std::string_view key) {
  if (r.match == MatchKind::kExact) return true;
  const char* const end = line.data() + line.size();
  for (const std::string& p : r.patterns) {
    const bool ascii = static_cast<unsigned char>(p[0]) < 0x80;
    for (size_t at = key.find(p); at != std::string_view::npos;
         at = r.match == MatchKind::kPrefix ? std::string_view::npos : key.find(p, at + 1)) {
      if (r.match == MatchKind::kPrefix && at != 0) break;
      // The match as key characters: `skip` before it, `len` in it.
      const size_t skip = base::CodePoints(key.substr(0, at)), len = base::CodePoints(p);
      // Walk the line: the characters just before the match, its first and
      // last, and just after it (spaces and punctuation included).
      char32_t prev = 0, before = 0, first = 0, last = 0, after = 0;
      size_t index = 0;  // key characters so far
      bool done = false;
      for (const char* q = line.data(); q < end;) {
        char32_t cp;
        base::DecodeUtf8(q, end, &cp);
        const bool kept = base::NextKeyChar(&q, end) != 0;
        if (done) {
          after = cp;
          break;
        }
        if (kept) {
          if (index == skip) {
            before = prev;
            first = cp;
          }
          if (index + 1 == skip + len) {
            last = cp;
            done = true;
          }
          ++index;
        }
        prev = cp;
      }
      // A prefix ends a word; an ASCII pattern inside a line stands as words;
      // a Chinese one (Chinese puts no space around words) is a label
      // unless running text closes it in on both sides.
      const bool runs_on = r.match == MatchKind::kPrefix ? RunsOn(last, after)
                           : ascii                        ? RunsOn(last, after) || RunsOn(before, first)
                                                          : RunsOn(last, after) && RunsOn(before, first);
      if (!runs_on) return true;
    }
  }
  return false;
}

// An English byline: "By" and one to four capitalised names ("By Tom
// Becker", "By Maria Lopez and Aiko Tanaka").
bool IsByline(std::string_view line) {
  size_t pos = 0;
  const std::string_view by = NextField(line, &pos);
  if (by != "By" && by != "by" && by != "BY") return false;
  int fields = 1, names = 0;
  for (std::string_view f = NextField(line, &pos); !f.empty(); f = NextField(line, &pos)) {
    if (++fields > 6) return false;
    if (f == "and" || f == "&") continue;
    if (!std::isupper(static_cast<unsigned char>(f[0]))) return false;
    ++names;
  }
  return names >= 1 && names <= 4;
}

// A credit line: the whole line in brackets, naming an editor, reporter or
// photographer ("(编辑:刘洋)", "【责任编辑:何文】", "（記者 王磊 攝）").
bool IsCreditLine(std::string_view line, std::string_view key, size_t key_chars) {
  line = base::StripSpace(line);
  if (key_chars == 0 || key_chars > 16) return false;
  auto starts = [&](std::string_view a) { return line.substr(0, a.size()) == a; };
  auto ends = [&](std::string_view a) { return line.size() >= a.size() && line.substr(line.size() - a.size()) == a; };
  const bool bracketed = (starts("(") && ends(")")) || (starts("（") && ends("）")) || (starts("【") && ends("】")) ||
                         (starts("[") && ends("]"));
  if (!bracketed) return false;
  for (std::string_view w : {"编辑", "編輯", "责编", "責編", "记者", "記者", "作者", "通讯员", "通訊員", "摄影", "攝影",
                             "来源", "來源", "校对", "校對", "审核", "審核", "文图", "文圖"})
    if (key.find(w) != std::string_view::npos) return true;
  return false;
}

// Built-in shape rules: not in the rule pack, as they test the raw line.
const Rule& NamedRule(const char* name, Zone zone) {
  // Leaked on purpose (static storage, no destructor order issues).
  auto* r = new Rule;
  r->name = name;
  r->zone = zone;
  return *r;
}
const Rule& BreadcrumbTrailRule() {
  static const Rule& r = NamedRule("breadcrumb-trail", Zone::kHeader);
  return r;
}
const Rule& BylineRule() {
  static const Rule& r = NamedRule("byline", Zone::kHeader);
  return r;
}
const Rule& CreditLineRule() {
  static const Rule& r = NamedRule("credit-line", Zone::kAny);
  return r;
}

}  // namespace

bool HasSentencePunct(std::string_view line) {
  const char* const begin = line.data();
  const char* const end = begin + line.size();
  const char* p = begin;
#if defined(__SSE2__)
  for (; end - p >= 16; p += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    auto eq = [&](char c) { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); };
    const __m128i hit = _mm_or_si128(
        _mm_or_si128(_mm_or_si128(eq(','), eq(';')), _mm_or_si128(eq('!'), eq('?'))),
        _mm_or_si128(eq('.'), _mm_or_si128(eq(static_cast<char>(0xE3)), eq(static_cast<char>(0xEF)))));
    for (auto m = static_cast<unsigned>(_mm_movemask_epi8(hit)); m != 0; m &= m - 1)
      if (SentencePunctAt(begin, p + std::countr_zero(m), end)) return true;
  }
#endif
  for (; p < end; ++p)
    if (SentencePunctAt(begin, p, end)) return true;
  return false;
}

// ---------------------------------------------------------------------------
// RulePack

absl::StatusOr<RulePack> RulePack::Parse(std::string_view text, std::string_view source) {
  RulePack pack;
  std::string key;
  size_t line_no = 0;
  for (absl::string_view aline : absl::StrSplit(ToAbsl(text), '\n')) {
    std::string_view line = base::FromAbsl(aline);
    ++line_no;
    line = base::StripTrailingSpace(line);
    const auto f = Fields(line);
    if (f.empty() || f[0][0] == '#') continue;
    auto error = [&](std::string_view why) {
      return absl::InvalidArgumentError(absl::StrCat(ToAbsl(source), ":", line_no, ": ", ToAbsl(why)));
    };
    if (f.size() < 5) return error("expected NAME WHERE MAX_CHARS MATCH PATTERNS");
    Rule r;
    r.name = std::string(f[0]);
    std::string_view where = f[1];
    if (absl::EndsWith(ToAbsl(where), "+tail")) {
      r.starts_tail = true;
      where.remove_suffix(5);
    }
    if (where == "header") r.zone = Zone::kHeader;
    else if (where == "footer") r.zone = Zone::kFooter;
    else if (where == "edge") r.zone = Zone::kEdge;
    else if (where == "any") r.zone = Zone::kAny;
    else return error(absl::StrCat("WHERE must be header, footer, edge or any (optionally +tail), not \"", ToAbsl(where), "\""));
    const std::string max(f[2]);
    char* endp = nullptr;
    const long v = std::strtol(max.c_str(), &endp, 10);
    if (endp == max.c_str() || *endp != '\0' || v <= 0 || v > 100000) return error("MAX_CHARS must be a positive number");
    r.max_chars = static_cast<size_t>(v);
    if (f[3] == "contains") r.match = MatchKind::kContains;
    else if (f[3] == "prefix") r.match = MatchKind::kPrefix;
    else if (f[3] == "exact") r.match = MatchKind::kExact;
    else return error(absl::StrCat("MATCH must be contains, prefix or exact, not \"", ToAbsl(f[3]), "\""));
    // Patterns: the rest of the line (patterns may hold spaces), split on '|'.
    const size_t rest = static_cast<size_t>(f[4].data() - line.data());
    for (absl::string_view p : absl::StrSplit(ToAbsl(line.substr(rest)), '|')) {
      base::NormalizeLineKey(base::FromAbsl(p), KeyOptions(), &key);
      if (!key.empty()) r.patterns.push_back(key);
    }
    if (r.patterns.empty()) return error("no pattern with letters, digits or ideographs");
    pack.rules_.push_back(std::move(r));
  }
  pack.BuildIndex();
  return pack;
}

namespace {

// The first min(4, size) bytes at p as a little-endian word, zeros past
// them. One load where there are four: a memcpy of a variable length went
// through the stack byte by byte, and the word read back waited on the
// bytes' stores (a third of Match on English lines).
inline uint32_t FirstBytes(const char* p, size_t size) {
  uint32_t v = 0;
  if (size >= 4) {
    std::memcpy(&v, p, 4);
    return v;
  }
  for (size_t i = 0; i < size; ++i) v |= uint32_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return v;
}
// The index key of the first n (1..4) of the bytes `first` holds
// (FirstBytes): the bytes, and n.
inline uint64_t HeadKeyOf(uint32_t first, size_t n) {
  const uint32_t mask = n >= 4 ? ~uint32_t{0} : (uint32_t{1} << (8 * n)) - 1;
  return (first & mask) | uint64_t{n} << 32;
}
// The index key of the first min(4, n) bytes at p: the bytes, and min(4, n).
inline uint64_t HeadKey(const char* p, size_t n) {
  n = std::min<size_t>(n, 4);
  return HeadKeyOf(FirstBytes(p, n), n);
}
constexpr size_t kHeadBits = 1 << 16;
inline size_t HeadBit(uint32_t head) { return (head * 0x9E3779B1u) >> 16; }
// The bit of a HeadKey (bytes and length) in RulePack::start_bits_.
inline size_t StartBit(uint64_t head_key) { return static_cast<size_t>((head_key * 0x9E3779B97F4A7C15ULL) >> 48); }
using base::SetBit;
using base::TestBit;
// The two bytes at p, hashed to a bucket of a tier's Wu-Manber shifts
// (buckets that two blocks share take the smaller shift).
constexpr size_t kShiftBuckets = 1 << 12;
inline size_t BlockAt(const char* p) {
  return size_t{static_cast<unsigned char>(p[0])} << 4 ^ static_cast<unsigned char>(p[1]);
}

bool ZoneApplies(Zone zone, bool in_header, bool in_footer) {
  switch (zone) {
    case Zone::kHeader: return in_header;
    case Zone::kFooter: return in_footer;
    case Zone::kEdge: return in_header || in_footer;
    case Zone::kAny: return true;
  }
  return false;
}

// How rare a letter is in English text (26 for the rarest), 0 for other
// bytes.
int LetterRarity(unsigned char c) {
  static constexpr char kByFrequency[] = "etaoinshrdlcumwfgypbvkjxqz";
  for (int i = 0; i < 26; ++i)
    if (kByFrequency[i] == static_cast<char>(c)) return i + 1;
  return 0;
}

}  // namespace

void RulePack::BuildIndex() {
  first_pattern_.clear();
  rare_byte_.clear();
  for (const Rule& r : rules_) {
    first_pattern_.push_back(static_cast<uint32_t>(rare_byte_.size()));
    for (const std::string& p : r.patterns) {
      char rare = 0;
      int rarity = 0;
      for (const char c : p) {
        if (static_cast<unsigned char>(c) >= 0x80) {
          rare = 0;
          break;
        }
        if (const int k = LetterRarity(static_cast<unsigned char>(c)); k > rarity) {
          rarity = k;
          rare = c;
        }
      }
      rare_byte_.push_back(rare);
    }
  }
  at_start_.clear();
  inside_.clear();
  head_bits_.assign(kHeadBits / 64, 0);
  start_bits_.assign(kHeadBits / 64, 0);
  short_inside_.clear();
  scans_.clear();
  for (size_t i = 0; i < rules_.size(); ++i) {
    const Rule& r = rules_[i];
    for (size_t j = 0; j < r.patterns.size(); ++j) {
      const std::string& p = r.patterns[j];  // never empty (Parse)
      const PatternRef ref{static_cast<uint32_t>(i), static_cast<uint32_t>(j)};
      const uint64_t start = HeadKey(p.data(), p.size());
      at_start_[start].push_back(ref);
      SetBit(start_bits_.data(), StartBit(start));
      if (r.match != MatchKind::kContains) continue;
      if (p.size() >= 4) {
        const uint64_t head = HeadKey(p.data(), 4);
        inside_[head].push_back(ref);
        SetBit(head_bits_.data(), HeadBit(static_cast<uint32_t>(head)));
      } else {
        short_inside_.push_back(ref);
      }
    }
  }
  for (int z = 0; z < 4; ++z) {
    ZoneRules& zr = zones_[static_cast<size_t>(z)];
    zr.rules.clear();
    zr.tiers.clear();
    std::map<size_t, std::vector<uint32_t>, std::greater<>> by_max;
    for (size_t i = 0; i < rules_.size(); ++i) {
      const Rule& r = rules_[i];
      if (!ZoneApplies(r.zone, z & 1, z & 2)) continue;
      zr.rules.push_back(static_cast<uint32_t>(i));
      by_max[r.max_chars].push_back(static_cast<uint32_t>(i));
    }
    // Tier t: the rules of the zone whose max_chars is at least its own. A
    // tier that adds no pattern to scan for shares the scan of the one before.
    std::vector<uint32_t> admitted;
    size_t contains = 0;
    for (const auto& [max, rules] : by_max) {
      bool adds_scanned = false;
      for (const uint32_t i : rules) {
        admitted.push_back(i);
        if (rules_[i].match != MatchKind::kContains) continue;
        contains += rules_[i].patterns.size();
        for (const std::string& p : rules_[i].patterns) adds_scanned |= p.size() >= 4;
      }
      ZoneRules::Tier tier;
      tier.max_chars = max;
      tier.contains = contains;
      if (adds_scanned || zr.tiers.empty()) {
        tier.scan = static_cast<uint32_t>(scans_.size());
        scans_.push_back(BuildScan(admitted));
      } else {
        tier.scan = zr.tiers.back().scan;
      }
      zr.tiers.push_back(tier);
    }
  }
}

// The Wu-Manber scan over the "contains" patterns of `rules`: the window is
// the shortest of those of 4 bytes or more (at most 255); the window that
// ends in two bytes may move on by how far its end is from the last place
// those two bytes (their bucket) hold in the first `window` bytes of such a
// pattern (0 when they end one), or window - 1 when none has them.
RulePack::Scan RulePack::BuildScan(const std::vector<uint32_t>& rules) const {
  Scan scan;
  size_t w = SIZE_MAX;
  for (const uint32_t i : rules) {
    if (rules_[i].match != MatchKind::kContains) continue;
    for (const std::string& p : rules_[i].patterns)
      if (p.size() >= 4) w = std::min(w, p.size());
  }
  if (w == SIZE_MAX) return scan;  // no such pattern: window 0, nothing to scan
  w = std::min<size_t>(w, 255);    // shifts are bytes; a longer pattern is checked whole where its window starts
  scan.window = w;
  scan.shift.assign(kShiftBuckets, static_cast<uint8_t>(w - 1));
  for (const uint32_t i : rules) {
    if (rules_[i].match != MatchKind::kContains) continue;
    for (const std::string& p : rules_[i].patterns) {
      if (p.size() < 4) continue;
      for (size_t q = 2; q <= w; ++q) {
        uint8_t& shift = scan.shift[BlockAt(p.data() + q - 2)];
        shift = std::min(shift, static_cast<uint8_t>(w - q));
      }
    }
  }
  return scan;
}

absl::StatusOr<RulePack> RulePack::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open rules file"));
  std::ostringstream ss;
  ss << in.rdbuf();
  return Parse(ss.str(), path);
}

std::string_view RulePack::DefaultText() { return kDefaultRulesText; }

const RulePack& RulePack::Default() {
  static const RulePack* pack = [] {
    auto p = Parse(kDefaultRulesText, "default.rules");
    // The built-in pack is tested; a parse error here is a build defect.
    if (!p.ok()) std::abort();
    return new RulePack(*std::move(p));
  }();
  return *pack;
}

void RulePack::Append(const RulePack& other) {
  rules_.insert(rules_.end(), other.rules_.begin(), other.rules_.end());
  BuildIndex();
}

const Rule* RulePack::Match(std::string_view key, size_t key_chars, bool in_header, bool in_footer) const {
  const ZoneRules& zone = zones_[(in_header ? 1 : 0) | (in_footer ? 2 : 0)];
  // The tier of the rules of this zone whose length limit admits the key.
  if (key.empty() || zone.tiers.empty() || key_chars > zone.tiers.front().max_chars) return nullptr;
  const ZoneRules::Tier* tier = &zone.tiers.front();
  for (const auto& t : zone.tiers) {
    if (t.max_chars < key_chars) break;
    tier = &t;
  }
  // The first rule in pack order with a matching pattern, as a scan of the
  // rules in order would find. Long lines (most body lines) are within the
  // length limit of few rules: when those have few "contains" patterns, all
  // are tried directly. Otherwise the key is walked once over the index.
  if (tier->contains <= 12) {  // prefix and exact patterns cost one comparison each
    // A pattern is looked for by its first byte alone (memchr) where that
    // byte is rare in the key: an ASCII pattern in a Chinese key, a Chinese
    // one in an English key. Where it is common, its first and last bytes
    // are tested together (base::FindSubstring).
    const bool ascii_key = key.size() < 2 * key_chars;
    // An ASCII pattern in a Chinese key: only where the key holds the
    // pattern's rarest letter, each letter looked for once (bit c - 'a'
    // of `looked`, and of `held` where the key has it).
    uint32_t looked = 0, held = 0;
    auto contains = [&](const std::string& p, char rare) {
      const bool ascii_pattern = static_cast<unsigned char>(p[0]) < 0x80;
      if (ascii_pattern == ascii_key) return base::FindSubstring(key, p) != std::string_view::npos;
      if (rare != 0) {
        const uint32_t bit = uint32_t{1} << (rare - 'a');
        if ((looked & bit) == 0) {
          looked |= bit;
          if (key.find(rare) != std::string_view::npos) held |= bit;
        }
        if ((held & bit) == 0) return false;
      }
      return key.find(p) != std::string_view::npos;
    };
    for (const uint32_t i : zone.rules) {
      const Rule& r = rules_[i];
      if (key_chars > r.max_chars) continue;
      const char* const rare = rare_byte_.data() + first_pattern_[i];
      for (size_t j = 0; j < r.patterns.size(); ++j) {
        const std::string& p = r.patterns[j];
        const bool hit = r.match == MatchKind::kContains ? contains(p, rare[j])
                         : r.match == MatchKind::kPrefix ? key.substr(0, p.size()) == p
                                                         : key == p;
        if (hit) return &r;
      }
    }
    return nullptr;
  }
  uint32_t best = UINT32_MAX;
  const char* const begin = key.data();
  const char* const end = begin + key.size();
  // Refs are in rule order: each list is read up to the best rule so far.
  auto try_ref = [&](const PatternRef& ref, const char* p) {
    const Rule& r = rules_[ref.rule];
    const std::string& pat = r.patterns[ref.pattern];
    const std::string_view rest(p, static_cast<size_t>(end - p));
    if (r.match == MatchKind::kExact ? rest != pat : rest.substr(0, pat.size()) != pat) return;
    if (key_chars > r.max_chars || !ZoneApplies(r.zone, in_header, in_footer)) return;
    best = ref.rule;
  };
  auto try_list = [&](const std::vector<PatternRef>& refs, const char* p) {
    for (const PatternRef& ref : refs) {
      if (ref.rule >= best) break;
      try_ref(ref, p);
    }
  };
  const uint32_t first = FirstBytes(begin, key.size());
  for (size_t n = 1; n <= std::min<size_t>(4, key.size()); ++n) {
    const uint64_t start = HeadKeyOf(first, n);
    if (!TestBit(start_bits_.data(), StartBit(start))) continue;  // no pattern starts so: most keys
    const auto it = at_start_.find(start);
    if (it != at_start_.end()) try_list(it->second, begin);
  }
  // A pattern that occurs in a valid UTF-8 key starts on a character (its
  // first byte is not a continuation byte), so the scan runs over bytes.
  const uint64_t* heads = head_bits_.data();
  const Scan& scan = scans_[tier->scan];
  const size_t w = scan.window;
  const uint8_t* shift = scan.shift.data();
  if (w != 0) {
    for (size_t pos = w; pos <= key.size();) {  // the window (w >= 4 bytes) ends before pos
      const uint8_t s = shift[BlockAt(begin + pos - 2)];
      if (s != 0) {
        pos += s;
        continue;
      }
      const char* p = begin + pos - w;
      if (p != begin) {  // position 0 was looked up above
        const uint64_t head = HeadKey(p, 4);
        if (TestBit(heads, HeadBit(static_cast<uint32_t>(head)))) {
          const auto it = inside_.find(head);
          if (it != inside_.end()) try_list(it->second, p);
        }
      }
      ++pos;
    }
  }
  for (const PatternRef& ref : short_inside_) {
    if (ref.rule >= best) break;
    const size_t at = key.find(rules_[ref.rule].patterns[ref.pattern], 1);
    if (at != std::string_view::npos) try_ref(ref, begin + at);
  }
  return best == UINT32_MAX ? nullptr : &rules_[best];
}

// ---------------------------------------------------------------------------
// LineCounter

// The table grows as lines come (a small crawl touches a small table; a
// reserved one would be touched all over by hashing); AddDocument prunes
// before the bound, so the largest table is the one that holds max_entries_.
LineCounter::LineCounter(size_t max_entries) : max_entries_(std::max<size_t>(max_entries, 1024)) {}

uint64_t LineCounter::Key(uint64_t group, uint64_t line_hash) { return base::Mix64(group ^ (line_hash * 0x9E3779B97F4A7C15ULL)); }

void LineCounter::AddDocument(uint64_t group, absl::Span<const uint64_t> line_hashes) {
  ++group_docs_[group];
  // Prune before inserting, so the table never holds more than max_entries_
  // and never grows past the size reserved for it.
  if (counts_.size() + line_hashes.size() > max_entries_) Prune();
  // The table is most of the counting pass's memory and far larger than the
  // cache: the page's slots are fetched together before any is counted.
  keys_.clear();
  for (const uint64_t h : line_hashes) {
    keys_.push_back(Key(group, h));
    counts_.prefetch(keys_.back());
  }
  for (const uint64_t k : keys_) ++counts_[k];
}

void LineCounter::Prune() {
  // Raise the level until at most half the table survives.
  while (counts_.size() > max_entries_ / 2) {
    ++prune_level_;
    absl::erase_if(counts_, [&](const auto& kv) { return kv.second <= prune_level_; });
  }
}

void LineCounter::DropBelow(uint32_t min_count) {
  absl::erase_if(counts_, [&](const auto& kv) { return kv.second < min_count; });
  counts_.rehash(0);  // shrinks the table to what is left
}

uint32_t LineCounter::DocsWithLine(uint64_t group, uint64_t line_hash) const {
  auto it = counts_.find(Key(group, line_hash));
  return it == counts_.end() ? 0 : it->second;
}

uint32_t LineCounter::GroupDocs(uint64_t group) const {
  auto it = group_docs_.find(group);
  return it == group_docs_.end() ? 0 : it->second;
}

void LineCounter::ExportEntries(std::vector<std::pair<uint64_t, uint32_t>>* out) const {
  out->insert(out->end(), counts_.begin(), counts_.end());
}

void LineCounter::ExportGroups(std::vector<std::pair<uint64_t, uint32_t>>* out) const {
  out->insert(out->end(), group_docs_.begin(), group_docs_.end());
}

uint64_t GroupKey(std::string_view group) { return base::Hash64(group, 0x67726F7570ULL); }

// ---------------------------------------------------------------------------
// Detection

absl::Status BoilerplateOptions::Validate() const {
  if (min_docs < 2) return absl::InvalidArgumentError("boilerplate min_docs must be at least 2");
  if (!(min_doc_fraction >= 0 && min_doc_fraction <= 1))
    return absl::InvalidArgumentError("boilerplate min_doc_fraction must be in [0, 1]");
  return absl::OkStatus();
}

namespace {

void SplitLines(std::string_view text, BoilerplateWorkspace* ws) {
  ws->lines.clear();
  // The keys go one after the other into ws->keys, which only grows (a
  // string resized to each key would zero its room every time). Each line
  // of n bytes is given LineKeyRoom(n) = 3n + 1 from where the keys so far
  // end; the lines and the '\n' between them add up to at most
  // 3 * text.size() + 1.
  const size_t room = base::LineKeyRoom(text.size());
  if (ws->keys.size() < room) ws->keys.resize(room);
  size_t used = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    const size_t next = nl == std::string_view::npos ? text.size() : nl + 1;
    if (nl == std::string_view::npos) nl = text.size();
    BoilerplateWorkspace::Line l;
    l.start = static_cast<uint32_t>(pos);
    l.end = static_cast<uint32_t>(nl);
    l.next = static_cast<uint32_t>(next);
    std::string_view line = text.substr(pos, nl - pos);
    size_t bytes = 0;
    l.key_start = static_cast<uint32_t>(used);
    l.key_chars = static_cast<uint32_t>(base::WriteLineKey(line, KeyOptions(), ws->keys.data() + used, &bytes));
    used += bytes;
    l.key_end = static_cast<uint32_t>(used);
    if (l.key_chars > 0) l.hash = base::HashLineKey(std::string_view(ws->keys).substr(l.key_start, l.key_end - l.key_start));
    ws->lines.push_back(l);
    pos = next;
  }
}

}  // namespace

void DistinctLineHashes(std::string_view text, BoilerplateWorkspace* ws, std::vector<uint64_t>* out) {
  out->clear();
  std::string& key = ws->key;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const uint64_t h = base::LineKeyHash(text.substr(pos, nl - pos), KeyOptions(), &key);
    if (h != 0) out->push_back(h);
    pos = nl + 1;
  }
  // Keep the first of each hash, in order: open addressing over a table
  // sized for the page and reused (a hash set would free its array on
  // clear() once a page has more than ~100 lines, and grow it again for
  // the next: that was a fifth of the counting on English pages).
  size_t cap = 16;
  while (cap < 2 * out->size()) cap *= 2;
  ws->seen.assign(cap, 0);
  uint64_t* const slots = ws->seen.data();
  const int shift = 64 - std::countr_zero(cap);
  size_t kept = 0;
  for (const uint64_t h : *out) {  // h != 0: 0 marks an empty slot
    for (size_t i = (h * 0x9E3779B97F4A7C15ULL) >> shift;; i = (i + 1) & (cap - 1)) {
      if (slots[i] == h) break;
      if (slots[i] == 0) {
        slots[i] = h;
        (*out)[kept++] = h;
        break;
      }
    }
  }
  out->resize(kept);
}

absl::StatusOr<BoilerplateDetector> BoilerplateDetector::Create(const BoilerplateOptions& options, RulePack rules) {
  absl::Status s = options.Validate();
  if (!s.ok()) return s;
  return BoilerplateDetector(options, std::move(rules));
}

void BoilerplateDetector::Detect(std::string_view text, uint64_t group, const LineCounter* counts,
                                 BoilerplateWorkspace* ws, std::vector<base::RemovedSpan>* out) const {
  if (text.size() >= UINT32_MAX) return;  // offsets are 32-bit here; such a page has no furniture to find
  SplitLines(text, ws);
  auto& lines = ws->lines;
  const size_t n = lines.size();
  using Line = BoilerplateWorkspace::Line;
  auto line_of = [&](const Line& l) { return text.substr(l.start, l.end - l.start); };
  auto title_like = [&](const Line& l) { return IsTitleLike(line_of(l), l.key_chars); };
  const bool use_rules = options_.use_rules;

  // Cross-document evidence.
  uint32_t group_docs = 0;
  if (options_.use_counts && counts != nullptr) group_docs = counts->GroupDocs(group);
  const bool have_counts = group_docs >= options_.min_group_docs;
  const uint32_t need = std::max<uint32_t>(
      options_.min_docs, static_cast<uint32_t>(std::ceil(options_.min_doc_fraction * group_docs)));
  if (have_counts)
    for (const auto& l : lines)
      if (l.hash != 0) counts->Prefetch(group, l.hash);
  size_t shared_prose = 0;  // key characters of the sentence-like lines held by half the site
  for (auto& l : lines) {
    if (l.hash == 0) continue;
    const std::string_view line = line_of(l);
    l.sentence = HasSentencePunct(line);
    l.link_like = !l.sentence && (l.key_chars <= 25 || IsLinkList(line));
    l.rule = nullptr;
    l.shared = false;
    l.df = 0;
    if (have_counts) {
      l.df = counts->DocsWithLine(group, l.hash);
      l.shared = l.df >= need && (!l.sentence || 2 * l.df >= group_docs);
      if (l.shared && l.sentence) shared_prose += l.key_chars;
    }
  }
  // An article's worth of prose held by half the site is not furniture but
  // a page copied across it (a group that is mostly one page reposted, or
  // a corpus read as one group): its sentences stay, so the header and
  // footer stop at them and near-duplicate detection keeps one copy whole.
  // Furniture prose (a copyright line, a cookie notice) is a few sentences.
  // Inside its body, a short line held by half the site is not taken for a
  // link list either (the article's headings, its table's cells).
  const bool copied_page = shared_prose >= options_.max_shared_prose_chars;
  if (copied_page) {
    for (auto& l : lines)
      if (l.sentence) l.shared = false;
  }
  auto key_of = [&](const Line& l) {
    return std::string_view(ws->keys).substr(l.key_start, l.key_end - l.key_start);
  };
  auto match = [&](const Line& l, bool in_header, bool in_footer) -> const Rule* {
    if (!use_rules || l.hash == 0 || l.key_chars > options_.max_rule_chars) return nullptr;
    const Rule* r = rules_.Match(key_of(l), l.key_chars, in_header, in_footer);
    const std::string_view line = line_of(l);
    // A sentence that holds a label's words is no label.
    if (r != nullptr) return !l.sentence || LabelStandsApart(*r, line, key_of(l)) ? r : nullptr;
    if (in_header && IsBreadcrumbTrail(line, l.key_chars)) return &BreadcrumbTrailRule();
    if (in_header && IsByline(line)) return &BylineRule();
    if (IsCreditLine(line, key_of(l), l.key_chars)) return &CreditLineRule();
    return nullptr;
  };

  // Header zone: up to the first body line (not blank, not link-like, not
  // furniture).
  auto scan_header = [&](size_t from) {
    for (size_t i = from; i < n; ++i) {
      auto& l = lines[i];
      if (l.hash == 0) continue;
      l.rule = match(l, true, false);
      if (l.rule != nullptr || l.shared || l.link_like) continue;
      return i;
    }
    return n;
  };
  auto next_line = [&](size_t i) {
    while (i < n && lines[i].hash == 0) ++i;
    return i;
  };
  size_t header_end = scan_header(0);
  // The page title. A title-like line followed by the line of a header-only
  // rule (发布时间…, "Posted on …", a byline) is the title, and the header
  // goes on past it; otherwise the title is found among the header lines
  // (below). Pages of a site list each other's titles (related links,
  // 上一篇/下一篇), so a title is shared by several pages; on its own page it
  // is content unless most of the site holds it: each page of a small site
  // lists a few others, so a title needs four pages in five of its site.
  auto most_of_site = [&](const Line& l) {
    return l.shared && uint64_t{5} * l.df >= uint64_t{4} * group_docs;
  };
  size_t title = n;
  if (header_end < n && title_like(lines[header_end])) {
    const size_t j = next_line(header_end + 1);
    const Rule* r = j < n ? match(lines[j], true, false) : nullptr;
    if (r != nullptr && r->zone == Zone::kHeader) {
      title = header_end;
      header_end = scan_header(j);
    }
  }
  if (title == n) {
    // The last candidate (a header line that is neither named by a rule nor
    // held by most of the site) followed by a line a rule names (发布时间…,
    // a byline); else the last candidate.
    size_t last = n;
    for (size_t k = 0; k < header_end; ++k) {
      const auto& l = lines[k];
      if (l.hash == 0 || l.rule != nullptr || most_of_site(l)) continue;
      last = k;
      const size_t j = next_line(k + 1);
      if (j < header_end && lines[j].rule != nullptr) title = k;
    }
    if (title == n) title = last;
  }
  if (title == n && header_end < n && title_like(lines[header_end])) title = header_end;
  // Footer zone: the trailing run of blank, link-like and furniture lines;
  // removal starts at its first furniture line, extended upward over
  // link lists (friend links) but not over single short lines.
  size_t footer_start = n;
  {
    size_t i = n;
    while (i > 0 && i - 1 >= header_end) {
      auto& l = lines[i - 1];
      if (l.hash == 0) {
        --i;
        continue;
      }
      const Rule* r = match(l, false, true);
      if (r != nullptr || l.shared) {
        l.rule = r;
        footer_start = i - 1;
        --i;
        continue;
      }
      // Link lists and title lists (related links under any heading).
      if (l.link_like || title_like(l)) {
        --i;
        continue;
      }
      break;
    }
    while (footer_start < n && footer_start > header_end && footer_start > 0) {
      const auto& l = lines[footer_start - 1];
      if (l.hash == 0 || (l.link_like && IsLinkList(line_of(l)))) {
        --footer_start;
      } else {
        break;
      }
    }
  }

  const size_t first_out = out->size();
  auto emit = [&](const Line& l, std::string_view rule) {
    base::RemovedSpan s;
    s.start = l.start;
    s.end = l.next;
    s.kind = base::RemovalKind::kBoilerplate;
    s.rule = std::string(rule);
    if (out->size() > first_out && out->back().end > s.start) return;
    out->push_back(std::move(s));
  };
  bool in_tail = false;
  for (size_t i = 0; i < n; ++i) {
    auto& l = lines[i];
    const bool header = i < header_end, footer = i >= footer_start;
    if (l.hash == 0) {
      // A line of punctuation only (":::" accessibility anchors, "|" or
      // "-----" rules) is furniture at the edges; in the body it is a
      // section break and stays.
      if (use_rules && (header || footer) && !base::StripSpace(line_of(l)).empty())
        emit(l, "edge-punctuation");
      continue;
    }
    if (!header && !footer) l.rule = match(l, false, false);
    if (footer && l.rule == nullptr) l.rule = match(l, header, true);
    if (l.rule != nullptr) {
      emit(l, l.rule->name);
      in_tail = l.rule->starts_tail;
      continue;
    }
    // Inside the body a shared line must be shared by half the site: three
    // reports of one site may share a section heading that is content. So
    // must the page title.
    const bool half_site = 2 * l.df >= group_docs;
    if (l.shared && (i == title ? most_of_site(l) : (header || footer || (l.link_like && half_site && !copied_page)))) {
      emit(l, "site-repeated-line");
      continue;
    }
    if (footer) {
      emit(l, "footer-link-list");
      continue;
    }
    if (in_tail && (l.link_like || title_like(l))) {
      emit(l, "related-links-tail");
      continue;
    }
    in_tail = false;
  }
}

}  // namespace dedup::boilerplate
