// Copyright 2026 The dedup Authors.
#include "core/normalize/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>

#include <array>
#include <bit>
#include <cstring>
#include <vector>

#include "core/base/bits.h"
#include "core/base/hash.h"
#include "core/base/line_key.h"
#include "core/base/utf8.h"
#include "core/normalize/t2s.h"

namespace dedup::normalize {
namespace {

constexpr uint32_t kDelete = 0x80000000u;  // the character normalises to nothing
constexpr uint32_t kMulti = 0x40000000u;   // index into Tables::multi
// Tables::fast entries: the mapped character in bits 0-20, its TokenClass in
// bits 24-25, or one of these flags.
constexpr uint32_t kFastSlow = 0x80000000u;    // needs Normalize's full path
constexpr uint32_t kFastDelete = 0x40000000u;  // maps to nothing
constexpr uint32_t kFastMulti = 0x20000000u;   // maps to several characters

// Folds CJK and typographic punctuation left after NFKC to ASCII.
char32_t FoldPunct(char32_t c) {
  switch (c) {
    case 0x3002: case 0xFF61: return '.';                                  // 。｡
    case 0x3001: case 0xFF64: case 0xFE50: case 0xFE51: return ',';        // 、､
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x300C: case 0x300D:
    case 0x300E: case 0x300F: case 0x301D: case 0x301E: case 0x301F: case 0xFF62: case 0xFF63:
    case 0x00AB: case 0x00BB: return '"';
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: return '\'';
    case 0x3010: case 0x3014: case 0x3016: case 0x3018: case 0x301A: return '[';
    case 0x3011: case 0x3015: case 0x3017: case 0x3019: case 0x301B: return ']';
    case 0x300A: case 0x3008: return '<';
    case 0x300B: case 0x3009: return '>';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
      return '-';
    case 0x00B7: case 0x30FB: case 0xFF65: case 0x2027: return 0x00B7;
    default: return c;
  }
}

// The matching form of an ASCII byte: controls, space and DEL to ' ',
// letters to lower case.
inline char32_t FoldAscii(unsigned char b) {
  if (b <= 0x20 || b == 0x7F) return ' ';
  if (b >= 'A' && b <= 'Z') return b + 32;
  return b;
}

bool IsSpaceLike(char32_t c) {
  return c < 0x20 || c == 0x7F || u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_WHITE_SPACE);
}

TokenClass ComputeClass(char32_t c) {
  UErrorCode err = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &err);
  const bool alnum = u_isalnum(static_cast<UChar32>(c));
  const int8_t type = u_charType(static_cast<UChar32>(c));
  const bool mark = type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK;
  switch (script) {
    case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: case USCRIPT_HANGUL:
    case USCRIPT_THAI: case USCRIPT_LAO: case USCRIPT_KHMER: case USCRIPT_MYANMAR: case USCRIPT_BOPOMOFO:
    case USCRIPT_YI:
      if (alnum || mark || c == 0x30FC) return TokenClass::kSpaceless;
      break;
    default:
      break;
  }
  if (alnum || mark || c == '_') return TokenClass::kWord;
  return TokenClass::kSeparator;
}

// The CJK Unified Ideographs block, which TokenizeFast takes in runs
// (Tables::cjk_special, TokenFeed::FeedCjkRun, Normalizer::CjkTokenHashes).
constexpr char32_t kCjkFirst = 0x4E00, kCjkLast = 0x9FFF;
// The ideograph of the block whose three UTF-8 bytes start at `p` (three
// bytes readable), or 0 when they are not one.
inline char32_t CjkAt(const char* p) {
  const char32_t cp = base::KeptIdeographAt(p, p + 3);  // U+4000..U+9FFF, or 0
  return cp >= kCjkFirst ? cp : 0;
}

constexpr uint8_t kRunNoToken = 0x80;
constexpr int kRunWatchShift = 17;  // T2SConverter::kSimpleWatch1 is bit 17
static_assert(T2SConverter::kSimpleWatch >> kRunWatchShift < kRunNoToken);

}  // namespace

struct Normalizer::Tables {
  const icu::Normalizer2* nfkc_cf = nullptr;
  std::vector<uint32_t> map;       // BMP code point -> mapping
  std::vector<std::string> multi;  // multi-character mappings, UTF-8
  std::vector<uint8_t> boundary_before;
  std::vector<uint8_t> token_class;
  // TokenizeFast's one lookup per BMP code point: the mapped character and
  // its token class, or a flag.
  std::vector<uint32_t> fast;
  // One bit per code point of the CJK Unified Ideographs block (U+4E00 to
  // U+9FFF, 2.6 KB, stays in L1): set unless the character maps to itself
  // as a one-character token (a traditional character, say).
  std::vector<uint64_t> cjk_special;
  // TokenizeTraditional's run table, per code point of the CJK Unified
  // Ideographs block (21 KB, stays in L1): kRunNoToken unless the character
  // converts alone to an ideograph of the block that is a one-character
  // token (ConvertedCjkTokenHashes holds its hash), else its
  // T2SConverter::kSimpleWatch flags shifted down by kRunWatchShift (where
  // ConvertsAlone decides). Empty without conversion.
  std::vector<uint8_t> t2s_run;

  // Appends the mapping of `cp` (no whitespace collapsing here).
  uint32_t Lookup(char32_t cp) const;
  // Feeds the matching form of `cp` (any code point) to a TokenFeed as
  // TokenizeFast does for a character outside a run of ideographs; false
  // when it needs Normalize's full path.
  template <class Feed>
  bool FeedChar(char32_t cp, const T2SConverter* t2s, Feed* feed) const;
};

absl::Status NormalizerOptions::Validate() const {
  if (traditional_to_simplified && opencc_dir.empty()) return absl::InvalidArgumentError("opencc_dir is empty");
  return absl::OkStatus();
}

Normalizer::~Normalizer() = default;

absl::StatusOr<std::unique_ptr<Normalizer>> Normalizer::Create(const NormalizerOptions& options) {
  absl::Status v = options.Validate();
  if (!v.ok()) return v;
  auto n = std::unique_ptr<Normalizer>(new Normalizer());
  auto t = std::make_unique<Tables>();
  UErrorCode err = U_ZERO_ERROR;
  t->nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(err);
  if (U_FAILURE(err)) return absl::InternalError(std::string("ICU NFKC_Casefold unavailable: ") + u_errorName(err));
  t->map.resize(0x10000);
  t->boundary_before.resize(0x10000);
  t->token_class.resize(0x10000);
  std::string utf8;
  for (char32_t cp = 0; cp < 0x10000; ++cp) {
    t->token_class[cp] = static_cast<uint8_t>(ComputeClass(cp));
    if (cp >= 0xD800 && cp <= 0xDFFF) {
      t->map[cp] = base::kReplacementChar;
      t->boundary_before[cp] = 1;
      continue;
    }
    t->boundary_before[cp] = t->nfkc_cf->hasBoundaryBefore(static_cast<UChar32>(cp)) ? 1 : 0;
    icu::UnicodeString src(static_cast<UChar32>(cp));
    UErrorCode e = U_ZERO_ERROR;
    icu::UnicodeString dst = t->nfkc_cf->normalize(src, e);
    if (U_FAILURE(e)) dst = src;
    // Fold each character of the mapping.
    std::u32string folded;
    for (int32_t i = 0; i < dst.length();) {
      const UChar32 c = dst.char32At(i);
      i += U16_LENGTH(c);
      char32_t f = FoldPunct(static_cast<char32_t>(c));
      if (IsSpaceLike(f)) f = ' ';
      folded.push_back(f);
    }
    if (folded.empty()) {
      t->map[cp] = kDelete;
    } else if (folded.size() == 1) {
      t->map[cp] = folded[0];
    } else {
      utf8.clear();
      for (char32_t c : folded) base::AppendUtf8(c, &utf8);
      t->map[cp] = kMulti | static_cast<uint32_t>(t->multi.size());
      t->multi.push_back(utf8);
    }
  }
  if (options.traditional_to_simplified) {
    auto c = T2SConverter::Create(options.opencc_dir);
    if (!c.ok()) return c.status();
    n->t2s_ = *std::move(c);
  }
  t->fast.resize(0x10000);
  for (char32_t cp = 0; cp < 0x10000; ++cp) {
    const uint32_t m = t->map[cp];
    uint32_t& f = t->fast[cp];
    if (!t->boundary_before[cp]) {
      f = kFastSlow;
    } else if (m == kDelete) {
      f = kFastDelete;
    } else if (m & kMulti) {
      f = kFastMulti;
    } else if (m >= 0x10000 || (n->t2s_ && (n->t2s_->IsTraditional(m) || (m != cp && n->t2s_->InAnyKey(m))))) {
      // Traditional, or normalised into a character the conversion may
      // change (U+FA5F -> 著 -> 着): Normalize converts after normalising,
      // and converting first would leave it.
      f = kFastSlow;
    } else {
      f = m | static_cast<uint32_t>(t->token_class[m]) << 24;
    }
  }
  t->cjk_special.assign((kCjkLast - kCjkFirst + 1 + 63) / 64, 0);
  for (char32_t cp = kCjkFirst; cp <= kCjkLast; ++cp) {
    if (t->fast[cp] != (cp | static_cast<uint32_t>(TokenClass::kSpaceless) << 24)) {
      base::SetBit(t->cjk_special.data(), cp - kCjkFirst);
    }
  }
  if (n->t2s_) {
    t->t2s_run.assign(kCjkLast - kCjkFirst + 1, kRunNoToken);
    for (char32_t cp = kCjkFirst; cp <= kCjkLast; ++cp) {
      const uint32_t x = n->t2s_->Simple(cp);
      if (x & T2SConverter::kSimpleSlow) continue;
      const char32_t m = x & 0xFFFF;
      if (m < kCjkFirst || m > kCjkLast || base::TestBit(t->cjk_special.data(), m - kCjkFirst)) continue;
      t->t2s_run[cp - kCjkFirst] = static_cast<uint8_t>((x & T2SConverter::kSimpleWatch) >> kRunWatchShift);
    }
  }
  n->tables_ = std::move(t);
  return n;
}

TokenClass Normalizer::ClassOf(char32_t cp) const {
  if (cp < 0x10000) return static_cast<TokenClass>(tables_->token_class[cp]);
  return ComputeClass(cp);
}

bool Normalizer::HasTraditional(std::string_view text) const { return t2s_ && t2s_->HasTraditional(text); }

bool Normalizer::ConvertTraditional(std::string_view text, std::string* out) const {
  if (!t2s_ || !t2s_->HasTraditional(text)) return false;
  t2s_->Convert(text, out);
  return true;
}

namespace {

// Appends `c` with whitespace collapsing: spaces become one pending space,
// written only before the next non-space character.
inline void Emit(char32_t c, bool* pending_space, std::string* out) {
  if (c == ' ') {
    *pending_space = true;
    return;
  }
  if (*pending_space && !out->empty()) out->push_back(' ');
  *pending_space = false;
  base::AppendUtf8(c, out);
}

}  // namespace

void Normalizer::Normalize(std::string_view text, std::string* out, NormalizeStats* stats) const {
  Fold(text, out, stats);
  std::string converted;
  if (ConvertTraditional(*out, &converted)) {
    if (stats) ++stats->converted_t2s;
    // A converted phrase may hold what folding changes (隨身碟 becomes U盘,
    // whose U folds to u), so it is folded again: the same text as the
    // one-pass tokenisers see, which convert first and fold as they go.
    Fold(converted, out, nullptr);
  }
}

void Normalizer::Fold(std::string_view text, std::string* out, NormalizeStats* stats) const {
  out->clear();
  bool pending = false;
  if (base::IsAscii(text)) {
    if (stats) ++stats->ascii_fast_path;
    out->reserve(text.size());
    for (char ch : text) {
      const char32_t c = FoldAscii(static_cast<unsigned char>(ch));
      if (c == ' ') {
        pending = true;
        continue;
      }
      if (pending && !out->empty()) out->push_back(' ');
      pending = false;
      out->push_back(static_cast<char>(c));
    }
    return;
  }
  const Tables& t = *tables_;
  // Decide the path: table only when every character has a boundary before it.
  std::string icu_buf;
  std::string_view src = text;
  bool simple = true;
  for (const char* p = text.data(); p < text.data() + text.size();) {
    if (static_cast<unsigned char>(*p) < 0x80) {
      ++p;
      continue;
    }
    char32_t cp;
    p += base::DecodeUtf8(p, text.data() + text.size(), &cp);
    if (cp < 0x10000 ? !t.boundary_before[cp] : !t.nfkc_cf->hasBoundaryBefore(static_cast<UChar32>(cp))) {
      simple = false;
      break;
    }
  }
  if (!simple) {
    if (stats) ++stats->icu_path;
    // ICU needs valid UTF-8: replace invalid sequences first.
    std::string valid = base::IsValidUtf8(text) ? std::string(text) : base::ReplaceInvalidUtf8(text, nullptr);
    icu::StringByteSink<std::string> sink(&icu_buf);
    UErrorCode err = U_ZERO_ERROR;
    t.nfkc_cf->normalizeUTF8(0, icu::StringPiece(valid.data(), static_cast<int32_t>(valid.size())), sink, nullptr, err);
    if (U_FAILURE(err)) icu_buf = valid;
    src = icu_buf;
  } else if (stats) {
    ++stats->table_path;
  }
  out->reserve(src.size());
  const char* p = src.data();
  const char* end = p + src.size();
  while (p < end) {
    const unsigned char b = static_cast<unsigned char>(*p);
    if (b < 0x80) {
      ++p;
      Emit(FoldAscii(b), &pending, out);
      continue;
    }
    char32_t cp;
    p += base::DecodeUtf8(p, end, &cp);
    uint32_t m;
    if (cp < 0x10000) {
      m = t.map[cp];
    } else {
      // Astral characters (CJK extensions, emoji): ask ICU, rare.
      icu::UnicodeString s(static_cast<UChar32>(cp));
      UErrorCode e = U_ZERO_ERROR;
      icu::UnicodeString d = t.nfkc_cf->normalize(s, e);
      for (int32_t i = 0; U_SUCCESS(e) && i < d.length();) {
        const UChar32 c = d.char32At(i);
        i += U16_LENGTH(c);
        Emit(static_cast<char32_t>(c), &pending, out);
      }
      continue;
    }
    if (m == kDelete) continue;
    if (m & kMulti) {
      const std::string& s = t.multi[m & ~kMulti];
      for (const char* q = s.data(); q < s.data() + s.size();) {
        char32_t c;
        q += base::DecodeUtf8(q, s.data() + s.size(), &c);
        Emit(c, &pending, out);
      }
      continue;
    }
    Emit(static_cast<char32_t>(m), &pending, out);
  }
}

namespace {

// ASCII bytes that are word characters for FeedAscii: letters, digits, '_'.
constexpr std::array<bool, 256> kAsciiWordByte = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 128; ++c) t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  return t;
}();

// The end of the run of ASCII word bytes that starts at p (kAsciiWordByte),
// and in `*upper` whether it holds an upper-case letter. Sixteen bytes at a
// time where there are sixteen: one compare finds the end of most words.
inline const char* AsciiWordRun(const char* p, const char* end, bool* upper) {
  unsigned up = 0;
#if defined(__SSE2__)
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Signed compares: bytes >= 0x80 are negative and match nothing.
    const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    const __m128i alpha = _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)),
                                        _mm_cmpgt_epi8(_mm_set1_epi8('z' + 1), lower));
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)),
                                        _mm_cmpgt_epi8(_mm_set1_epi8('9' + 1), v));
    const __m128i word = _mm_or_si128(_mm_or_si128(alpha, digit), _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
    const __m128i caps = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
                                       _mm_cmpgt_epi8(_mm_set1_epi8('Z' + 1), v));
    const auto in_word = static_cast<unsigned>(_mm_movemask_epi8(word));
    const auto n = static_cast<unsigned>(std::countr_one(in_word));  // 16 when the run goes on
    up |= static_cast<unsigned>(_mm_movemask_epi8(caps)) & ((1u << n) - 1);
    p += n;
    if (n < 16) {
      *upper = up != 0;
      return p;
    }
  }
#endif
  for (; p < end && kAsciiWordByte[static_cast<unsigned char>(*p)]; ++p) up |= static_cast<unsigned>(*p - 'A') < 26;
  *upper = up != 0;
  return p;
}

// ASCII bytes that end a word for FeedAscii (all but word bytes and the
// apostrophe).
constexpr std::array<bool, 256> kAsciiBreakByte = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 128; ++c) t[c] = !kAsciiWordByte[c] && c != '\'';
  return t;
}();

// The tokeniser of shingle::Shingler::Tokens as a state machine fed one
// normalised character at a time.
class TokenFeed {
 public:
  TokenFeed(const Normalizer& n, uint64_t seed, std::vector<uint64_t>* tokens, std::string* word)
      : n_(n), seed_(seed), tokens_(tokens), word_(word) {
    tokens_->clear();
    word_->clear();
    word_->reserve(16);  // Flush reads 16 bytes of it
  }
  void Feed(char32_t c) {
    if (c < 0x80) {
      FeedAscii(c);
    } else {
      FeedNonAscii(c, n_.ClassOf(c));
    }
  }
  void FeedAscii(char32_t c) {
    if (apostrophe_) {
      apostrophe_ = false;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {  // "don't" stays one word
        word_->push_back('\'');
        word_->push_back(static_cast<char>(c));
        return;
      }
      Flush();
    }
    const bool alnum = c < 0x80 && kAsciiWordByte[c];
    if (alnum) {
      word_->push_back(static_cast<char>(c));
    } else if (c == '\'' && !word_->empty()) {
      apostrophe_ = true;
    } else {
      Flush();
    }
  }
  // `c` >= 0x80, of class `cls`.
  void FeedNonAscii(char32_t c, TokenClass cls) {
    if (apostrophe_) {
      apostrophe_ = false;
      Flush();
    }
    switch (cls) {
      case TokenClass::kWord:
        base::AppendUtf8(c, word_);
        break;
      case TokenClass::kSpaceless:
        Flush();
        tokens_->push_back(base::CharTokenHash(c, seed_));
        break;
      case TokenClass::kSeparator:
        Flush();
        break;
    }
  }
  void Finish() {
    apostrophe_ = false;
    Flush();
  }
  // Feeds the run of ASCII word characters (letters, digits, '_') that
  // starts at `p`, as FeedAscii would one by one, and returns the first byte
  // after it; returns `p` when an apostrophe is pending, which FeedAscii
  // must see. English is mostly such runs, and most are whole lower-case
  // words: those are hashed where they lie, with no copy and none of the
  // per-letter state checks.
  const char* FeedAsciiWordRun(const char* p, const char* end) {
    if (apostrophe_) return p;
    bool upper = false;
    const char* q = AsciiWordRun(p, end, &upper);
    // The word ends here when the next byte is ASCII and no apostrophe
    // ("don't" goes on); a non-ASCII letter would go on with it.
    const bool whole = word_->empty() && (q == end || (static_cast<unsigned char>(*q) < 0x80 && *q != '\''));
    const size_t n = static_cast<size_t>(q - p);
    // A capitalised word of up to 16 bytes is folded in the register.
    if (whole && (!upper || (n <= 16 && end - p >= 16))) {
      tokens_->push_back(upper             ? base::AsciiWordTokenHashFolded(p, n, seed_)
                         : end - p >= 16 ? base::WordTokenHashPadded(p, n, seed_)
                                         : base::WordTokenHash(p, n, seed_));
      // The spaces and punctuation after it (not an apostrophe) would each
      // flush an empty word: nothing to do.
      while (q < end && kAsciiBreakByte[static_cast<unsigned char>(*q)]) ++q;
      return q;
    }
    const size_t at = word_->size();
    word_->append(p, q);
    if (upper)
      for (char* c = word_->data() + at; c != word_->data() + word_->size(); ++c)
        *c = static_cast<char>(FoldAscii(static_cast<unsigned char>(*c)));
    return q;
  }
  // Feeds the run of common CJK ideographs (U+4E00..U+9FFF, 3 UTF-8 bytes,
  // each its own token, none marked in `special`) that starts at `p`; returns
  // the first byte after it. The caller checked the first one. One tight
  // loop: the state checks of FeedNonAscii run once per run, not per character.
  const char* FeedCjkRun(const char* p, const char* end, const uint64_t* special, const uint64_t* hashes) {
    apostrophe_ = false;
    Flush();
    std::vector<uint64_t>& tokens = *tokens_;
    const uint64_t seed = seed_;
    // Well-formed 3-byte characters with lead bytes E4..E9, five at a time
    // where a 16-byte compare finds them (base::LeadingIdeographs), then
    // decoded without a test each; the run ends before U+4E00 or at a
    // special character.
    for (;;) {
      const size_t formed = end - p >= 16 ? base::LeadingIdeographs(p) : (end - p >= 3 && CjkAt(p) != 0 ? 1 : 0);
      if (hashes != nullptr) {
        // The table holds 0 for a special character: one load tests and
        // hashes it. (One loop for both cases, the table's test inside,
        // ran 3% more instructions of the tokeniser.)
        for (size_t j = 0; j < formed; ++j, p += 3) {
          const char32_t i = base::DecodeIdeograph(p) - kCjkFirst;  // wraps for cp < kCjkFirst
          if (i > kCjkLast - kCjkFirst) return p;
          const uint64_t h = hashes[i];
          if (h == 0) return p;
          tokens.push_back(h);
        }
      } else {
        for (size_t j = 0; j < formed; ++j, p += 3) {
          const char32_t cp = base::DecodeIdeograph(p);
          const char32_t i = cp - kCjkFirst;  // wraps for cp < kCjkFirst
          if (i > kCjkLast - kCjkFirst || base::TestBit(special, i)) return p;
          tokens.push_back(base::CharTokenHash(cp, seed));
        }
      }
      if (formed == 0) return p;
    }
  }
  // FeedCjkRun for TokenizeTraditional: the run of ideographs that `run`
  // (Tables::t2s_run) gives a token and that `t2s` converts alone, fed as
  // the characters they convert to. `hashes`: ConvertedCjkTokenHashes, or
  // null.
  const char* FeedConvertedCjkRun(const char* p, const char* end, const uint8_t* run, const T2SConverter& t2s,
                                  const uint64_t* hashes) {
    const char* const start = p;
    std::vector<uint64_t>& tokens = *tokens_;
    for (char32_t cp; end - p >= 3 && (cp = CjkAt(p)) != 0;) {
      if (const uint8_t f = run[cp - kCjkFirst]; f != 0) {
        if (f == kRunNoToken || !t2s.ConvertsAlone(p, end, cp, 3, uint32_t{f} << kRunWatchShift)) break;
      }
      if (p == start) {
        apostrophe_ = false;
        Flush();
      }
      tokens.push_back(hashes != nullptr ? hashes[cp - kCjkFirst]
                                         : base::CharTokenHash(t2s.Simple(cp) & 0xFFFF, seed_));
      p += 3;
    }
    return p;
  }

 private:
  void Flush() {
    if (word_->empty()) return;
    // The word's buffer has room for 16 bytes (the constructor's reserve).
    tokens_->push_back(base::WordTokenHashPadded(word_->data(), word_->size(), seed_));
    word_->clear();
  }
  const Normalizer& n_;
  uint64_t seed_;
  std::vector<uint64_t>* tokens_;
  std::string* word_;
  bool apostrophe_ = false;
};

}  // namespace

std::vector<uint64_t> Normalizer::CjkTokenHashes(uint64_t seed) const {
  std::vector<uint64_t> out;
  out.reserve(kCjkLast - kCjkFirst + 1);
  for (char32_t cp = kCjkFirst; cp <= kCjkLast; ++cp) {
    // 0 for a special character, and for one whose hash is 0 (which the
    // character-by-character path then gives it).
    const bool special = base::TestBit(tables_->cjk_special.data(), cp - kCjkFirst);
    out.push_back(special ? 0 : base::CharTokenHash(cp, seed));
  }
  return out;
}

template <class Feed>
inline __attribute__((always_inline)) bool Normalizer::Tables::FeedChar(char32_t cp, const T2SConverter* t2s,
                                                                   Feed* feed) const {
  if (cp < 0x80) {
    feed->FeedAscii(FoldAscii(static_cast<unsigned char>(cp)));
    return true;
  }
  if (cp >= 0x10000) return false;
  const uint32_t f = fast[cp];
  if ((f & (kFastSlow | kFastDelete | kFastMulti)) == 0) {
    const char32_t c = f & 0x1FFFFF;
    if (c < 0x80) {
      feed->FeedAscii(c);  // full-width ASCII and the like
    } else {
      feed->FeedNonAscii(c, static_cast<TokenClass>((f >> 24) & 3));
    }
    return true;
  }
  if (f & kFastSlow) return false;
  if (f & kFastDelete) return true;
  const std::string& s = multi[map[cp] & ~kMulti];
  for (const char* q = s.data(); q < s.data() + s.size();) {
    char32_t c;
    q += base::DecodeUtf8(q, s.data() + s.size(), &c);
    if (t2s && t2s->IsTraditional(c)) return false;
    feed->Feed(c);
  }
  return true;
}

std::vector<uint64_t> Normalizer::ConvertedCjkTokenHashes(uint64_t seed) const {
  std::vector<uint64_t> out;
  if (!t2s_) return out;
  out.reserve(kCjkLast - kCjkFirst + 1);
  for (char32_t cp = kCjkFirst; cp <= kCjkLast; ++cp)
    out.push_back(base::CharTokenHash(t2s_->Simple(cp) & 0xFFFF, seed));  // unused where t2s_run has no token
  return out;
}

bool Normalizer::TokenizeFast(std::string_view text, uint64_t seed, std::vector<uint64_t>* tokens,
                              std::string* word, const uint64_t* cjk_hashes) const {
  const Tables& t = *tables_;
  TokenFeed feed(*this, seed, tokens, word);
  const uint64_t* special = t.cjk_special.data();
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    const unsigned char b = static_cast<unsigned char>(*p);
    if (b < 0x80) {
      if (kAsciiWordByte[b]) {
        if (const char* after = feed.FeedAsciiWordRun(p, end); after != p) {
          p = after;
          continue;
        }
      }
      ++p;
      feed.FeedAscii(FoldAscii(b));
      continue;
    }
    // Runs of common CJK ideographs (lead bytes E4-E9): decoded inline, one
    // bit tested each.
    if (b >= 0xE4 && b <= 0xE9) {
      const char* after = feed.FeedCjkRun(p, end, special, cjk_hashes);
      if (after != p) {
        p = after;
        continue;
      }
    }
    char32_t cp;
    p += base::DecodeUtf8(p, end, &cp);
    if (!t.FeedChar(cp, t2s_.get(), &feed)) return false;
  }
  feed.Finish();
  return true;
}

bool Normalizer::TokenizeTraditional(std::string_view text, uint64_t seed, std::vector<uint64_t>* tokens,
                                     std::string* word, std::string* stretch,
                                     const uint64_t* converted_hashes) const {
  if (!t2s_) return false;
  const T2SConverter& t2s = *t2s_;
  const Tables& t = *tables_;
  TokenFeed feed(*this, seed, tokens, word);
  const char* const end = text.data() + text.size();
  // Both stages of the conversion are at a character boundary at p.
  for (const char* p = text.data(); p < end;) {
    if (const char* after = feed.FeedConvertedCjkRun(p, end, t.t2s_run.data(), t2s, converted_hashes); after != p) {
      p = after;
      continue;
    }
    const unsigned char b = static_cast<unsigned char>(*p);
    char32_t cp = b;
    size_t len = 1;
    if (b >= 0x80) {
      len = base::DecodeUtf8(p, end, &cp);
      if (cp == base::kReplacementChar && len == 1) return false;  // invalid UTF-8: Convert's own path
    }
    if (cp < 0x10000) {
      const uint32_t x = t2s.Simple(cp);
      if (!(x & T2SConverter::kSimpleSlow) &&
          (!(x & T2SConverter::kSimpleWatch) || t2s.ConvertsAlone(p, end, cp, len, x))) {
        if (!t.FeedChar(x & 0xFFFF, &t2s, &feed)) return false;
        p += len;
        continue;
      }
    }
    // A phrase may start here: convert the stretch up to where no match can
    // cross, as Convert would, and feed what it becomes.
    const char* stop = t2s.StretchEnd(p, end);
    t2s.Convert(std::string_view(p, static_cast<size_t>(stop - p)), stretch);
    for (const char* q = stretch->data(); q < stretch->data() + stretch->size();) {
      char32_t c;
      const size_t n = base::DecodeUtf8(q, stretch->data() + stretch->size(), &c);
      if (c == base::kReplacementChar && n == 1) return false;
      q += n;
      if (!t.FeedChar(c, &t2s, &feed)) return false;
    }
    p = stop;
  }
  feed.Finish();
  return true;
}

}  // namespace dedup::normalize
