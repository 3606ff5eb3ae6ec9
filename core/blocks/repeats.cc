// Copyright 2026 The dedup Authors.
#include "core/blocks/repeats.h"

#include <algorithm>
#include <bit>

#include "core/base/ascii_block.h"
#include "core/base/key_blocks.h"
#include "core/base/line_key.h"
#include "core/base/utf8.h"

namespace dedup::blocks {

absl::Status BlockOptions::Validate() const {
  if (window < 4 || window > 1024) return absl::InvalidArgumentError("block window must be in [4, 1024]");
  if (min_chars < window) return absl::InvalidArgumentError("block min_chars must be >= window");
  if (!(max_gap_fraction >= 0 && max_gap_fraction <= 1))
    return absl::InvalidArgumentError("block max_gap_fraction must be in [0, 1]");
  return absl::OkStatus();
}

absl::StatusOr<BlockDetector> BlockDetector::Create(const BlockOptions& options) {
  absl::Status s = options.Validate();
  if (!s.ok()) return s;
  return BlockDetector(options);
}

namespace {

constexpr uint64_t kBase = 0x100000001B3ULL;

// A window is an anchor when the top kAnchorBits bits of its hash are 0: one
// window in 2^kAnchorBits, chosen by content, so a copy has its anchors where
// its source has them. Only anchors go into the index, which makes the index
// 4x smaller and 4x fewer probes; a copy of min_chars (64) key characters has
// 41 windows, and the chance that none is an anchor is 0.75^41 < 1e-5.
constexpr int kAnchorBits = 2;
inline bool IsAnchor(uint64_t h) { return (h >> (64 - kAnchorBits)) == 0; }

// An anchor window at key position i first occurred at j (j + window <= i).
// The anchor may lie inside the repeat: extends backwards, not into the last
// match's copy (`floor`) and keeping room for the window in the source; then
// forwards (verifying the window against hash collisions), the source never
// running into the copy. A match of at least `min_piece` characters goes to
// ws->matches. Returns how far the copy reaches past i (0 when no match).
size_t ExtendMatch(const char32_t* k, size_t n, size_t j, size_t i, size_t floor, size_t w, size_t min_piece,
                   BlockWorkspace* ws) {
  size_t back = 0;
  const size_t max_back = std::min(j, i - j - w);
  while (back < max_back && i - back > floor && k[j - back - 1] == k[i - back - 1]) ++back;
  const size_t copy_start = i - back;
  size_t len = 0;
  while (i + len < n && j + len < copy_start && k[j + len] == k[i + len]) ++len;
  if (len < w || back + len < min_piece) return 0;
  ws->matches.push_back({static_cast<uint32_t>(j - back), static_cast<uint32_t>(j + len),
                         static_cast<uint32_t>(copy_start), static_cast<uint32_t>(i + len)});
  return len;
}

// Closes the line whose keys are [first, k) (none when first == k); the next
// line starts at byte `next`.
void EndLine(BlockWorkspace* ws, uint32_t first, uint32_t k, uint32_t next) {
  ws->line_next.push_back(next);
  ws->line_first_key.push_back(first < k ? first : UINT32_MAX);
  ws->line_last_key.push_back(first < k ? k - 1 : UINT32_MAX);
}

#if defined(DEDUP_ASCII_BLOCKS)
// The key stream of the ASCII bytes from p on, 16 at a time while 16 are
// left, into keys[*k...] (kept bytes widened to characters); stops at the
// first byte that is not ASCII. Returns where it stopped. keys has room for
// 16 characters past *k: no more than one per byte read so far, and 16 are
// left to read.
__attribute__((target("ssse3"))) const char* AsciiKeys(const char* p, const char* const end, char32_t* keys,
                                                       size_t* k) {
  const __m128i zero = _mm_setzero_si128();
  size_t at = *k;
  while (end - p >= 16) {
    const base::AsciiBlock b = base::KeyAsciiBlock(p, 0);
    if (b.stop == 0) break;
    for (int h = 0; h < 2; ++h) {
      unsigned count;
      const __m128i bytes = _mm_unpacklo_epi8(base::PackAsciiHalf(b, h, &count), zero);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(keys + at), _mm_unpacklo_epi16(bytes, zero));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(keys + at + 4), _mm_unpackhi_epi16(bytes, zero));
      at += count;
    }
    p += b.stop;
    if (b.stop < 16) break;
  }
  *k = at;
  return p;
}

// For each 8-bit mask of 16-bit lanes kept: the byte shuffle that moves
// them to the front.
struct LaneCompressTable {
  alignas(16) uint8_t shuffle[256][16];
};
constexpr LaneCompressTable kLaneCompress = [] {
  LaneCompressTable t{};
  for (int m = 0; m < 256; ++m) {
    int k = 0;
    for (int i = 0; i < 8; ++i) {
      if (m & (1 << i)) {
        t.shuffle[m][2 * k] = static_cast<uint8_t>(2 * i);
        t.shuffle[m][2 * k + 1] = static_cast<uint8_t>(2 * i + 1);
        ++k;
      }
    }
  }
  return t;
}();

// Half a block of ChineseKeys in 16-bit lanes (the bytes of each position,
// the one and two after it, the folded byte, 0xFFFF where an ideograph
// starts): (lead & 0x0F) << 12 | (second & 0x3F) << 6 | (third & 0x3F)
// where an ideograph starts, the folded byte elsewhere; the lanes in `mask`
// moved to the front, widened and written at keys + at. Returns at + the
// characters kept.
__attribute__((target("ssse3,popcnt"))) inline size_t KeyHalf(__m128i lead, __m128i second, __m128i third,
                                                              __m128i folded, __m128i ideograph, unsigned mask,
                                                              char32_t* keys, size_t at) {
  const __m128i cp = _mm_or_si128(_mm_slli_epi16(_mm_and_si128(lead, _mm_set1_epi16(0x0F)), 12),
                                  _mm_or_si128(_mm_slli_epi16(_mm_and_si128(second, _mm_set1_epi16(0x3F)), 6),
                                               _mm_and_si128(third, _mm_set1_epi16(0x3F))));
  const __m128i v = _mm_or_si128(_mm_and_si128(ideograph, cp), _mm_andnot_si128(ideograph, folded));
  const __m128i packed =
      _mm_shuffle_epi8(v, _mm_load_si128(reinterpret_cast<const __m128i*>(kLaneCompress.shuffle[mask])));
  const __m128i zero = _mm_setzero_si128();
  _mm_storeu_si128(reinterpret_cast<__m128i*>(keys + at), _mm_unpacklo_epi16(packed, zero));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(keys + at + 4), _mm_unpackhi_epi16(packed, zero));
  return at + static_cast<size_t>(_mm_popcnt_u32(mask));
}

// The key stream of the Chinese text from p on, a block of 16 bytes at a
// time (base::KeyBlockWalk), into keys[*k...]: each ideograph decoded from
// its three bytes, each ASCII letter or digit folded, as code points in
// 16-bit lanes, the characters kept moved together 8 lanes at a time and
// widened. Returns where the run stopped (p itself when the character at p
// is one the blocks do not key); it stops where fewer than 32 bytes are
// left. Writes 8 characters past *k at most for each half block, where a
// character was kept for every byte read so far and 16 bytes are left
// after the block. REQUIRES: end - p >= 32.
__attribute__((target("ssse3,popcnt"))) const char* ChineseKeys(const char* p, const char* const end, char32_t* keys,
                                                                size_t* k) {
  const __m128i zero = _mm_setzero_si128();
  size_t at = *k;
  base::KeyBlockWalk walk(p, end);
  for (base::KeyBlock b; walk.Next(&b);) {
    const unsigned starts = b.ideographs | b.alnum;  // the characters kept, at their first bytes
    at = KeyHalf(_mm_unpacklo_epi8(b.bytes, zero), _mm_unpacklo_epi8(b.next1, zero), _mm_unpacklo_epi8(b.next2, zero),
                 _mm_unpacklo_epi8(b.folded, zero), _mm_unpacklo_epi8(b.ideograph, b.ideograph), starts & 0xFF, keys, at);
    at = KeyHalf(_mm_unpackhi_epi8(b.bytes, zero), _mm_unpackhi_epi8(b.next1, zero), _mm_unpackhi_epi8(b.next2, zero),
                 _mm_unpackhi_epi8(b.folded, zero), _mm_unpackhi_epi8(b.ideograph, b.ideograph), starts >> 8, keys, at);
  }
  *k = at;
  return walk.run_end();
}
#endif

// The key stream of `text` into `keys`, from base::NextKeyChar like the
// line keys; returns its length. With kMap, also the byte offset of each
// key character (ws->key_begin, room for text.size()) and the lines
// (ws->line_*): one walk for both, so that the two builds cannot differ.
// Every character is written and kept by advancing k, with no branch on
// whether the key drops it: spaces and punctuation come at random (and,
// unless the lines are mapped, a line break is one of them).
template <bool kMap>
size_t WalkKeys(std::string_view text, char32_t* keys, BlockWorkspace* ws) {
  const char* const start = text.data();
  const char* p = start;
  const char* const end = start + text.size();
  uint32_t* const kb = kMap ? ws->key_begin.data() : nullptr;
  size_t k = 0;
  auto put = [&](char32_t cp, const char* at, size_t kept) {
    keys[k] = cp;
    if constexpr (kMap) kb[k] = static_cast<uint32_t>(at - start);
    k += kept;
  };
  uint32_t line_first = 0;  // k where the current line began: its first key, if it keeps any
  if constexpr (kMap) {
    ws->line_start.assign(1, 0);
    ws->line_next.clear();
    ws->line_first_key.clear();
    ws->line_last_key.clear();
  }
  while (p < end) {
#if defined(DEDUP_ASCII_BLOCKS)
    // Chinese text (ideographs, the punctuation between them, digits), 16
    // bytes at a time where the CPU can; the offsets and lines of a mapped
    // walk go a character at a time.
    if constexpr (!kMap) {
      if (base::KeyBlockRunMayStart(p, end)) {
        const char* const at = p;
        p = ChineseKeys(p, end, keys, &k);
        if (p != at) continue;
      }
    }
#endif
    // Runs of CJK ideographs (lead bytes E4..E9, kept as they are), five
    // at a time where a 16-byte compare finds them, then one at a time.
    while (end - p >= 16) {
      const size_t run = base::LeadingIdeographs(p);
      for (size_t i = 0; i < run; ++i, p += 3) put(base::DecodeIdeograph(p), p, 1);
      if (run < 5) break;
    }
    while (const char32_t cp = base::KeptIdeographAt(p, end)) {
      put(cp, p, 1);
      p += 3;
    }
    // ASCII, 16 bytes at a time where the CPU can (the offsets and lines of
    // a mapped walk go a byte at a time), then folded by table.
#if defined(DEDUP_ASCII_BLOCKS)
    if constexpr (!kMap) {
      if (base::kHaveSsse3 && end - p >= 16 && (static_cast<unsigned char>(*p) & 0x80) == 0)
        p = AsciiKeys(p, end, keys, &k);
    }
#endif
    while (p < end) {
      const auto b = static_cast<unsigned char>(*p);
      if (b >= 0x80 || (kMap && b == '\n')) break;
      put(base::kAsciiKeyChar[b], p, base::kAsciiKeyKept[b]);
      ++p;
    }
    if (p == end) break;
    if constexpr (kMap) {
      if (*p == '\n') {
        ++p;
        EndLine(ws, line_first, static_cast<uint32_t>(k), static_cast<uint32_t>(p - start));
        line_first = static_cast<uint32_t>(k);
        ws->line_start.push_back(static_cast<uint32_t>(p - start));
        continue;
      }
    }
    const char* at = p;
    const char32_t cp = base::NextKeyChar(&p, end);
    put(cp, at, cp != 0 ? 1 : 0);
  }
  if constexpr (kMap) EndLine(ws, line_first, static_cast<uint32_t>(k), static_cast<uint32_t>(text.size()));
  return k;
}

}  // namespace

size_t KeyStream(std::string_view text, char32_t* keys) { return WalkKeys<false>(text, keys, nullptr); }

void MapKeyStream(std::string_view text, BlockWorkspace* ws) {
  if (ws->keys.size() < text.size()) ws->keys.resize(text.size());
  if (ws->key_begin.size() < text.size()) ws->key_begin.resize(text.size());
  ws->key_count = WalkKeys<true>(text, ws->keys.data(), ws);
}

namespace {

// Hashes every window of w key characters and gathers the anchors, in
// order, into ws->anchor_pos/anchor_hash; returns how many. The anchor test
// is true for one window in four, at random, so the windows are scanned
// without a branch on it. Rolling: h' = (h - (k[i] + 1) * kBase^(w-1)) *
// kBase + k[i+w] + 1, written h' = h * kBase + (k[i+w] + 1 - (k[i] + 1) *
// kBase^w) so that only one multiply lies on the chain from one window to
// the next. (Four chains rolled side by side over four segments of the
// stream ran no faster here: their state spilled to the stack.)
size_t FindAnchors(const char32_t* k, size_t n, size_t w, BlockWorkspace* ws) {
  uint64_t pow = 1;
  for (size_t i = 0; i < w; ++i) pow *= kBase;
  const size_t last = n - w;  // the last window starts here
  if (ws->anchor_pos.size() < last + 1) {
    ws->anchor_pos.resize(last + 1);
    ws->anchor_hash.resize(last + 1);
  }
  uint32_t* apos = ws->anchor_pos.data();
  uint64_t* ahash = ws->anchor_hash.data();
  size_t anchors = 0;
  uint64_t h = 0;
  for (size_t i = 0; i < w; ++i) h = h * kBase + k[i] + 1;
  for (size_t i = 0;; ++i) {
    // Window [i, i + w) has hash h.
    apos[anchors] = static_cast<uint32_t>(i);
    ahash[anchors] = h;
    anchors += IsAnchor(h) ? 1 : 0;
    if (i == last) break;
    h = h * kBase + (k[i + w] + 1 - (k[i] + 1) * pow);
  }
  return anchors;
}

// First position of each anchor hash: open addressing, linear probing, sized
// for the document at four slots per anchor (at two, a quarter of the
// probes met an occupied slot first, a branch the CPU cannot predict: the
// block detector ran 5-10% slower on pages of unique text). A slot holds
// 32 bits of the hash (0 = empty) and the position; two anchors that share
// those bits are told apart by the verification in ExtendMatch, which
// rejects the (rare) false source.
class AnchorIndex {
 public:
  explicit AnchorIndex(BlockWorkspace* ws, size_t expected) : slots_(ws->anchor_slots) {
    size_t cap = 16;
    while (cap < 4 * expected) cap *= 2;
    slots_.assign(cap, Slot{});
    mask_ = cap - 1;
    shift_ = 64 - std::countr_zero(cap);
  }
  // Returns the first position of `h`, recording `pos` as it when `h` is new.
  uint32_t FirstOrInsert(uint64_t h, uint32_t pos) {
    uint32_t tag = static_cast<uint32_t>((h * 0x9E3779B97F4A7C15ULL) >> 32);
    if (tag == 0) tag = 1;
    for (size_t i = Home(tag);; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.hash == tag) return s.pos;
      if (s.hash == 0) {
        if (2 * (size_ + 1) > slots_.size()) {
          Grow();
          return FirstOrInsert(h, pos);
        }
        s.hash = tag;
        s.pos = pos;
        ++size_;
        return pos;
      }
    }
  }

 private:
  using Slot = BlockWorkspace::AnchorSlot;
  size_t Home(uint32_t tag) const { return static_cast<size_t>((tag * 0xD6E8FEB86659FD93ULL) >> shift_); }
  void Grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    --shift_;
    for (const Slot& s : old) {
      if (s.hash == 0) continue;
      size_t i = Home(s.hash);
      while (slots_[i].hash != 0) i = (i + 1) & mask_;
      slots_[i] = s;
    }
  }
  std::vector<Slot>& slots_;
  size_t mask_ = 0;
  int shift_ = 0;
  size_t size_ = 0;
};

}  // namespace

void BlockDetector::Detect(std::string_view text, BlockWorkspace* ws, std::vector<base::RemovedSpan>* out) const {
  if (text.size() >= UINT32_MAX) return;  // 32-bit offsets; such input is split upstream
  if (ws->keys.size() < text.size()) ws->keys.resize(text.size());
  const size_t n = KeyStream(text, ws->keys.data());
  ws->key_count = n;
  const size_t w = options_.window;
  ws->matches.clear();
  ws->anchor_count = 0;
  if (n < 2 * options_.min_chars) return;

  // Rolling hash of every window; the anchors, in order.
  const char32_t* k = ws->keys.data();
  const size_t anchors = FindAnchors(k, n, w, ws);
  ws->anchor_count = anchors;
  const size_t last = n - w;  // the last window starts here
  const uint32_t* apos = ws->anchor_pos.data();
  const uint64_t* ahash = ws->anchor_hash.data();

  // The first position of each anchor; a later one at least a window away
  // is extended into a match. Anchors inside a match's copy are only
  // recorded, so that later copies of this text still find their first
  // occurrence; checking resumes after the copy.
  AnchorIndex first(ws, anchors + 16);
  size_t floor = 0;   // the copy of the last match ends here
  size_t resume = 0;  // anchors before this lie in the last match's copy
  for (size_t a = 0; a < anchors; ++a) {
    const size_t i = apos[a];
    const size_t j = first.FirstOrInsert(ahash[a], static_cast<uint32_t>(i));
    if (i < resume || j + w > i) continue;
    // Short pieces (min_chars / 2) can still join a near-exact run.
    const size_t len = ExtendMatch(k, n, j, i, floor, w, options_.min_chars / 2, ws);
    if (len > 1) {
      floor = i + len;
      resume = std::min(i + len - 1, last) + 1;
    }
  }
  if (ws->matches.empty()) return;
  // Merge matches into near-exact runs.
  std::vector<BlockWorkspace::Match> runs;
  for (const auto& m : ws->matches) {
    if (!runs.empty()) {
      auto& r = runs.back();
      const int64_t gap_copy = static_cast<int64_t>(m.copy) - r.copy_end;
      const int64_t gap_src = static_cast<int64_t>(m.src) - r.src_end;
      const double matched = static_cast<double>((r.copy_end - r.copy) + (m.copy_end - m.copy));
      const double allowed = std::max(static_cast<double>(options_.min_gap_chars), options_.max_gap_fraction * matched);
      if (gap_copy >= 0 && gap_src >= 0 && gap_copy <= allowed && gap_src <= allowed && m.src < r.copy) {
        r.copy_end = m.copy_end;
        // The first copy ends where this one starts (a periodic text's
        // matches reach into their own copy).
        r.src_end = std::min(std::max(r.src_end, m.src_end), r.copy);
        continue;
      }
    }
    runs.push_back(m);
  }
  if (std::none_of(runs.begin(), runs.end(), [&](const auto& r) { return r.copy_end - r.copy >= options_.min_chars; }))
    return;
  MapKeyStream(text, ws);  // the same stream again, with byte offsets and lines
  // Byte offset after key character k, and its line (the key stream keeps
  // only where each character starts).
  auto key_end = [&](uint32_t key) {
    char32_t cp;
    const uint32_t at = ws->key_begin[key];
    return static_cast<uint32_t>(at + base::DecodeUtf8(text.data() + at, text.data() + text.size(), &cp));
  };
  auto line_of_key = [&](uint32_t key) {
    const auto it = std::upper_bound(ws->line_start.begin(), ws->line_start.end(), ws->key_begin[key]);
    return static_cast<uint32_t>(it - ws->line_start.begin() - 1);
  };
  // Spans, widened to whole lines where the run covers them. A run that
  // starts in the last few characters of a line (or ends in the first few)
  // took them by chance: the line before a doubled body and the first
  // copy's last line may end alike (both in "s": "…tools" and "…files."),
  // and cutting them would cut a word of the first copy. They stay.
  constexpr uint32_t kStray = 4;
  for (auto& r : runs) {
    if (r.copy_end - r.copy < options_.min_chars) continue;
    const uint32_t start_line = line_of_key(r.copy);
    const uint32_t line_end = ws->line_last_key[start_line];
    if (ws->line_first_key[start_line] != r.copy && line_end != UINT32_MAX && line_end + 1 - r.copy <= kStray &&
        line_end + 1 < r.copy_end) {
      const uint32_t d = line_end + 1 - r.copy;
      r.copy += d;
      r.src += d;
    }
    const uint32_t end_line = line_of_key(r.copy_end - 1);
    const uint32_t line_begin = ws->line_first_key[end_line];
    if (ws->line_last_key[end_line] != r.copy_end - 1 && line_begin != UINT32_MAX && r.copy_end - line_begin <= kStray &&
        line_begin > r.copy) {
      const uint32_t d = r.copy_end - line_begin;
      r.copy_end -= d;
      r.src_end = std::max(r.src + 1, r.src_end > d ? r.src_end - d : 0);
    }
    if (r.copy_end - r.copy < options_.min_chars) continue;
    auto byte_range = [&](uint32_t a, uint32_t b, uint64_t* start, uint64_t* stop) {
      *start = ws->key_begin[a];
      *stop = key_end(b - 1);
      const uint32_t la = line_of_key(a), lb = line_of_key(b - 1);
      if (ws->line_first_key[la] == a) *start = ws->line_start[la];
      if (ws->line_last_key[lb] == b - 1) {
        *stop = ws->line_next[lb];
      } else if (b < n) {
        *stop = ws->key_begin[b];  // the copy's own trailing punctuation goes with it
      }
    };
    base::RemovedSpan s;
    s.kind = base::RemovalKind::kRepeatedBlock;
    byte_range(r.copy, r.copy_end, &s.start, &s.end);
    byte_range(r.src, r.src_end, &s.copy_start, &s.copy_end);
    s.copy_end = std::min(s.copy_end, s.start);  // a line shared by both copies stays with the first
    if (s.copy_start >= s.copy_end) continue;
    if (!out->empty() && out->back().kind == base::RemovalKind::kRepeatedBlock && out->back().end > s.start)
      s.start = out->back().end;
    if (s.start < s.end) out->push_back(std::move(s));
  }
}

}  // namespace dedup::blocks
