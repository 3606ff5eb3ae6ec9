// Copyright 2026 The dedup Authors.
//
// Boilerplate: site furniture (breadcrumbs, metadata lines, "扫码查看手机版",
// print/close/back links, related-links tails, friend-link lists, contact and
// licence footers, cookie banners, share bars, navigation lists).
//
// Two kinds of evidence, both line based:
//  - Cross-document (the main signal at crawl scale): LineCounter counts, per
//    group (site), in how many documents each line key occurs; keys fold digits
//    to 0 and drop punctuation and spaces, so a footer whose phone number or a
//    header whose date changes page to page still counts as one line. A line
//    shared by many pages of its group is furniture, unless it reads like a
//    sentence of a body that other pages quote (long, with sentence
//    punctuation): such a line must be shared by half the group.
//  - Single document: a RulePack (default.rules, embedded; users add their own
//    with --rules) names lines that are furniture on sight, each rule limited
//    to a zone (header, footer, edge, any) and to short lines.
//
// Position. The header zone is the lines before the first body paragraph.
// The footer zone is the run at the end of the page of blank lines, furniture
// lines and link-like lines (short, or lists of short names, without sentence
// punctuation); it is removed from its first furniture line on, so a body
// that ends with short lines (captions, a signature) keeps them unless
// furniture follows and precedes them.
//
// Memory. LineCounter keeps one 16-byte entry per distinct (group, line key);
// past `max_entries` it prunes entries seen in fewer documents than the
// current pruning level and raises the level (lossy counting, Manku & Motwani
// 2002): a line is undercounted by at most the number of prunes, and lines
// shared by many pages, the ones that matter, survive.
#ifndef DEDUP_CORE_BOILERPLATE_BOILERPLATE_H_
#define DEDUP_CORE_BOILERPLATE_BOILERPLATE_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "core/base/line_key.h"
#include "core/base/span.h"

namespace dedup::boilerplate {

enum class Zone : uint8_t { kHeader, kFooter, kEdge, kAny };
enum class MatchKind : uint8_t { kContains, kPrefix, kExact };

struct Rule {
  std::string name;
  Zone zone = Zone::kAny;
  bool starts_tail = false;  // "+tail": removes the link-like lines that follow
  size_t max_chars = 0;      // on the line key
  MatchKind match = MatchKind::kContains;
  std::vector<std::string> patterns;  // normalised like line keys
};

class RulePack {
 public:
  // Parses rules in the format of default.rules; errors name `source:line`.
  static absl::StatusOr<RulePack> Parse(std::string_view text, std::string_view source);
  // Reads and parses a rules file.
  static absl::StatusOr<RulePack> Load(const std::string& path);
  // The rule pack built into the binary (core/boilerplate/default.rules).
  static const RulePack& Default();
  // The text of the built-in pack, for `--print-rules`.
  static std::string_view DefaultText();

  void Append(const RulePack& other);
  const std::vector<Rule>& rules() const { return rules_; }
  // The first rule whose zone allows `zone` and that matches `key` (a line key
  // of `key_chars` code points), or nullptr.
  // Position 0 looks up every pattern that starts with the key's first
  // bytes. The "contains" patterns of four bytes or more are found by a
  // Wu-Manber scan: a window as long as the shortest of those the key's
  // zone and length admit slides over the key by the shift its last two
  // bytes allow, and only where the shift is 0 do the window's first four
  // bytes pass a bit filter and look up the patterns that start with them
  // (an index built by Parse and Append). The few shorter ones are searched
  // for one by one.
  const Rule* Match(std::string_view key, size_t key_chars, bool in_header, bool in_footer) const;

 private:
  struct PatternRef {
    uint32_t rule = 0;
    uint32_t pattern = 0;
  };
  void BuildIndex();
  std::vector<Rule> rules_;
  // Patterns by their first min(4, size) bytes (see HeadKey), in rule
  // order: every pattern, for position 0; the "contains" patterns of 4
  // bytes or more, for the other positions, behind a bit per hashed head
  // (and, for position 0, a bit per hashed head and length).
  absl::flat_hash_map<uint64_t, std::vector<PatternRef>> at_start_, inside_;
  std::vector<uint64_t> head_bits_, start_bits_;
  // "contains" patterns of 1 to 3 bytes, in rule order (each searched for
  // with find).
  std::vector<PatternRef> short_inside_;
  // A Wu-Manber scan over some "contains" patterns of 4 bytes or more:
  // the window (the shortest of them; 0 when there is none) and, per
  // bucket of the two bytes that end the window, how far it may move on (0
  // where a pattern may start in it).
  struct Scan {
    size_t window = 0;
    std::vector<uint8_t> shift;
  };
  // Per zone (bit 0 header, bit 1 footer): the rules that apply there, in
  // order, and tiers by length limit, from the largest max_chars down: tier
  // t stands for the rules of the zone with max_chars >= its own (those a
  // key of that many characters may match), with their number of
  // "contains" patterns and the scan (in scans_) for them. A body line of
  // 150 characters is scanned for the few patterns that may be that long,
  // with their long window, not for every pattern of the pack.
  struct ZoneRules {
    struct Tier {
      size_t max_chars = 0;
      size_t contains = 0;
      uint32_t scan = 0;
    };
    std::vector<uint32_t> rules;
    std::vector<Tier> tiers;
  };
  Scan BuildScan(const std::vector<uint32_t>& rules) const;
  std::vector<Scan> scans_;
  std::array<ZoneRules, 4> zones_;
  // For each rule, where its patterns start in rare_byte_; per pattern, its
  // rarest letter in English text (0 for a pattern with a byte >= 0x80 or
  // no letter). An ASCII pattern in a Chinese key is looked for only where
  // the key holds that letter: a pattern pack's letters are few (the cookie
  // banners' "k"), so one memchr per letter stands for several patterns.
  std::vector<uint32_t> first_pattern_;
  std::vector<char> rare_byte_;
};

// Cross-document line counts per group. Not thread-safe: fed in input order by
// one thread (so pruning, and with it every decision, is independent of the
// thread count), then read concurrently.
class LineCounter {
 public:
  explicit LineCounter(size_t max_entries = size_t{13} << 20);
  // Counts one document of `group` whose distinct line keys are `line_hashes`.
  void AddDocument(uint64_t group, absl::Span<const uint64_t> line_hashes);
  // Documents of `group` that held the line (lower bound after pruning).
  uint32_t DocsWithLine(uint64_t group, uint64_t line_hash) const;
  // Starts fetching the entry DocsWithLine(group, line_hash) reads: the
  // table is larger than the cache, and a page's lines are looked up
  // together.
  void Prefetch(uint64_t group, uint64_t line_hash) const { counts_.prefetch(Key(group, line_hash)); }
  uint32_t GroupDocs(uint64_t group) const;
  size_t entries() const { return counts_.size(); }
  // Forgets the lines held by fewer than `min_count` documents of their
  // group, which no decision reads (a shared line needs min_docs >= 2), so
  // that the table the detector probes for every line is a fraction of the
  // counting table. For after counting.
  void DropBelow(uint32_t min_count);
  uint32_t prune_level() const { return prune_level_; }

  // Merging the counters of ranks that each counted a share of a run
  // (core/pipeline): Export*() append (key, count) of every entry and of
  // every group; Import*() add such entries.
  void ExportEntries(std::vector<std::pair<uint64_t, uint32_t>>* out) const;
  void ExportGroups(std::vector<std::pair<uint64_t, uint32_t>>* out) const;
  void ImportEntry(uint64_t key, uint32_t count) { counts_[key] += count; }
  void ImportGroup(uint64_t group, uint32_t docs) { group_docs_[group] += docs; }

 private:
  static uint64_t Key(uint64_t group, uint64_t line_hash);
  void Prune();
  size_t max_entries_;
  uint32_t prune_level_ = 0;
  absl::flat_hash_map<uint64_t, uint32_t> counts_;
  absl::flat_hash_map<uint64_t, uint32_t> group_docs_;
  std::vector<uint64_t> keys_;  // AddDocument's scratch
};

// The group key LineCounter and Detect() use for a group name ("" = one group).
uint64_t GroupKey(std::string_view group);

// The options of every line key here: rule patterns, the keys and hashes of
// BoilerplateWorkspace::Line, DistinctLineHashes (numbers folded).
base::LineKeyOptions KeyOptions();

// True when `line` holds sentence punctuation (, ; ! ? 。 ， ； ！ ？ 、, or '.'
// after a letter and before a space or the end, not in "163.com" or
// "1.5"): such a line reads as prose, not as a link or a label.
bool HasSentencePunct(std::string_view line);

struct BoilerplateOptions {
  // Cross-document evidence: a line is site furniture when at least
  // `min_docs` documents of its group, and at least `min_doc_fraction` of
  // them, hold it (a sentence-like line needs half the group).
  uint32_t min_docs = 3;
  double min_doc_fraction = 0.01;
  // Groups with fewer documents give no cross-document evidence.
  uint32_t min_group_docs = 4;
  // Lines whose key is longer than this are never furniture by rule.
  size_t max_rule_chars = 200;
  // A page whose sentence-like lines held by half its group add up to this
  // many key characters is a copied page, not furniture: those lines are
  // not removed for being shared.
  size_t max_shared_prose_chars = 500;
  bool use_rules = true;
  bool use_counts = true;
  absl::Status Validate() const;
};

// Per-thread scratch.
struct BoilerplateWorkspace {
  struct Line {
    uint32_t start = 0, end = 0;          // byte range without '\n'
    uint32_t key_start = 0, key_end = 0;  // the line key, in BoilerplateWorkspace::keys
    uint32_t next = 0;            // start of the next line (after '\n')
    uint32_t key_chars = 0;
    uint32_t df = 0;  // documents of the group holding the line
    uint64_t hash = 0;  // line key hash, 0 for a blank line
    bool link_like = false, sentence = false, shared = false;
    const Rule* rule = nullptr;
  };
  std::vector<Line> lines;
  std::string keys;  // every line's key, one after the other (room: longer than the keys)
  std::string key;
  std::vector<uint64_t> seen;  // DistinctLineHashes' table
};

// Writes the distinct non-blank line key hashes of `text` to `*out` (for
// LineCounter::AddDocument).
void DistinctLineHashes(std::string_view text, BoilerplateWorkspace* ws, std::vector<uint64_t>* out);

// Immutable after Create(); safe for concurrent use with one workspace per thread.
class BoilerplateDetector {
 public:
  static absl::StatusOr<BoilerplateDetector> Create(const BoilerplateOptions& options, RulePack rules);
  // Appends one span per removed line (the line and its '\n', kind
  // kBoilerplate, rule = rule name or "site-repeated-line") to `*out`.
  // `counts` may be null (rules only).
  void Detect(std::string_view text, uint64_t group, const LineCounter* counts, BoilerplateWorkspace* ws,
              std::vector<base::RemovedSpan>* out) const;
  const BoilerplateOptions& options() const { return options_; }

 private:
  BoilerplateDetector(const BoilerplateOptions& o, RulePack r) : options_(o), rules_(std::move(r)) {}
  BoilerplateOptions options_;
  RulePack rules_;
};

}  // namespace dedup::boilerplate

#endif  // DEDUP_CORE_BOILERPLATE_BOILERPLATE_H_
