// Copyright 2026 The dedup Authors.
#include "core/boilerplate/boilerplate.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "core/base/hash.h"
#include "core/base/line_key.h"
#include "core/base/utf8.h"

namespace dedup::boilerplate {

// Defined in the generated default_rules.cc (from default.rules).
extern const char kDefaultRulesText[];

namespace {

// Debian's Abseil has its own string_view type.
inline absl::string_view A(std::string_view s) { return absl::string_view(s.data(), s.size()); }

base::LineKeyOptions KeyOptions() {
  base::LineKeyOptions o;
  o.digits_to_zero = true;
  return o;
}

std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

// Sentence punctuation: a line holding it reads as prose, not as a link or a
// label. ASCII '.' counts only before a space or at the end (not in
// "163.com" or "1.5").
bool HasSentencePunct(std::string_view line) {
  const char* p = line.data();
  const char* end = p + line.size();
  while (p < end) {
    const unsigned char c = static_cast<unsigned char>(*p);
    if (c < 0x80) {
      if (c == ',' || c == ';' || c == '!' || c == '?') return true;
      if (c == '.' && (p + 1 == end || p[1] == ' ') && p > line.data() &&
          std::isalpha(static_cast<unsigned char>(p[-1])))
        return true;
      ++p;
      continue;
    }
    char32_t cp;
    p += base::DecodeUtf8(p, end, &cp);
    switch (cp) {
      case U'。': case U'，': case U'；': case U'！': case U'？': case U'、':
        return true;
      default:
        break;
    }
  }
  return false;
}

// A list of link names: three or more whitespace-separated items, none long,
// and no sentence punctuation (friend-link lists, navigation bars).
bool IsLinkList(std::string_view line) {
  const auto f = Fields(line);
  if (f.size() < 3) return false;
  for (auto item : f)
    if (item.size() > 3 * 30) return false;
  return true;
}

}  // namespace

// ---------------------------------------------------------------------------
// RulePack

absl::StatusOr<RulePack> RulePack::Parse(std::string_view text, std::string_view source) {
  RulePack pack;
  std::string key;
  size_t line_no = 0;
  for (absl::string_view aline : absl::StrSplit(A(text), '\n')) {
    std::string_view line(aline.data(), aline.size());
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    const auto f = Fields(line);
    if (f.empty() || f[0][0] == '#') continue;
    auto error = [&](std::string_view why) {
      return absl::InvalidArgumentError(absl::StrCat(A(source), ":", line_no, ": ", A(why)));
    };
    if (f.size() < 5) return error("expected NAME WHERE MAX_CHARS MATCH PATTERNS");
    Rule r;
    r.name = std::string(f[0]);
    std::string_view where = f[1];
    if (absl::EndsWith(absl::string_view(where.data(), where.size()), "+tail")) {
      r.starts_tail = true;
      where.remove_suffix(5);
    }
    if (where == "header") r.zone = Zone::kHeader;
    else if (where == "footer") r.zone = Zone::kFooter;
    else if (where == "edge") r.zone = Zone::kEdge;
    else if (where == "any") r.zone = Zone::kAny;
    else return error(absl::StrCat("WHERE must be header, footer, edge or any (optionally +tail), not \"", A(where), "\""));
    const std::string max(f[2]);
    char* endp = nullptr;
    const long v = std::strtol(max.c_str(), &endp, 10);
    if (endp == max.c_str() || *endp != '\0' || v <= 0 || v > 100000) return error("MAX_CHARS must be a positive number");
    r.max_chars = static_cast<size_t>(v);
    if (f[3] == "contains") r.match = MatchKind::kContains;
    else if (f[3] == "prefix") r.match = MatchKind::kPrefix;
    else if (f[3] == "exact") r.match = MatchKind::kExact;
    else return error(absl::StrCat("MATCH must be contains, prefix or exact, not \"", A(f[3]), "\""));
    // Patterns: the rest of the line (patterns may hold spaces), split on '|'.
    const size_t rest = static_cast<size_t>(f[4].data() - line.data());
    for (absl::string_view p : absl::StrSplit(A(line.substr(rest)), '|')) {
      base::NormalizeLineKey(std::string_view(p.data(), p.size()), KeyOptions(), &key);
      if (!key.empty()) r.patterns.push_back(key);
    }
    if (r.patterns.empty()) return error("no pattern with letters, digits or ideographs");
    pack.rules_.push_back(std::move(r));
  }
  return pack;
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

void RulePack::Append(const RulePack& other) { rules_.insert(rules_.end(), other.rules_.begin(), other.rules_.end()); }

const Rule* RulePack::Match(std::string_view key, size_t key_chars, bool in_header, bool in_footer) const {
  for (const Rule& r : rules_) {
    if (key_chars > r.max_chars) continue;
    switch (r.zone) {
      case Zone::kHeader: if (!in_header) continue; break;
      case Zone::kFooter: if (!in_footer) continue; break;
      case Zone::kEdge: if (!in_header && !in_footer) continue; break;
      case Zone::kAny: break;
    }
    for (const std::string& p : r.patterns) {
      bool hit = false;
      switch (r.match) {
        case MatchKind::kContains: hit = key.find(p) != std::string_view::npos; break;
        case MatchKind::kPrefix: hit = key.substr(0, p.size()) == p; break;
        case MatchKind::kExact: hit = key == p; break;
      }
      if (hit) return &r;
    }
  }
  return nullptr;
}

// ---------------------------------------------------------------------------
// LineCounter

LineCounter::LineCounter(size_t max_entries) : max_entries_(std::max<size_t>(max_entries, 1024)) {}

uint64_t LineCounter::Key(uint64_t group, uint64_t line_hash) { return base::Mix64(group ^ (line_hash * 0x9E3779B97F4A7C15ULL)); }

void LineCounter::AddDocument(uint64_t group, absl::Span<const uint64_t> line_hashes) {
  ++group_docs_[group];
  for (const uint64_t h : line_hashes) ++counts_[Key(group, h)];
  if (counts_.size() > max_entries_) Prune();
}

void LineCounter::Prune() {
  // Raise the level until at most half the table survives.
  while (counts_.size() > max_entries_ / 2) {
    ++prune_level_;
    absl::erase_if(counts_, [&](const auto& kv) { return kv.second <= prune_level_; });
  }
}

uint32_t LineCounter::DocsWithLine(uint64_t group, uint64_t line_hash) const {
  auto it = counts_.find(Key(group, line_hash));
  return it == counts_.end() ? 0 : it->second;
}

uint32_t LineCounter::GroupDocs(uint64_t group) const {
  auto it = group_docs_.find(group);
  return it == group_docs_.end() ? 0 : it->second;
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
  ws->keys.clear();
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
    l.key_chars = static_cast<uint32_t>(base::NormalizeLineKey(line, KeyOptions(), &ws->key));
    l.key_start = static_cast<uint32_t>(ws->keys.size());
    ws->keys += ws->key;
    l.key_end = static_cast<uint32_t>(ws->keys.size());
    if (l.key_chars > 0) l.hash = base::HashLineKey(ws->key);
    ws->lines.push_back(l);
    pos = next;
  }
}

}  // namespace

void DistinctLineHashes(std::string_view text, BoilerplateWorkspace* ws, std::vector<uint64_t>* out) {
  out->clear();
  ws->seen.clear();
  std::string& key = ws->key;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    const uint64_t h = base::LineKeyHash(text.substr(pos, nl - pos), KeyOptions(), &key);
    if (h != 0 && ws->seen.insert(h).second) out->push_back(h);
    pos = nl + 1;
  }
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
  const bool use_rules = options_.use_rules;

  // Cross-document evidence.
  uint32_t group_docs = 0;
  if (options_.use_counts && counts != nullptr) group_docs = counts->GroupDocs(group);
  const bool have_counts = group_docs >= options_.min_group_docs;
  const uint32_t need = std::max<uint32_t>(
      options_.min_docs, static_cast<uint32_t>(std::ceil(options_.min_doc_fraction * group_docs)));
  for (auto& l : lines) {
    if (l.hash == 0) continue;
    std::string_view line = text.substr(l.start, l.end - l.start);
    l.sentence = HasSentencePunct(line);
    l.link_like = !l.sentence && (l.key_chars <= 25 || IsLinkList(line));
    l.rule = nullptr;
    l.shared = false;
    l.df = 0;
    if (have_counts) {
      l.df = counts->DocsWithLine(group, l.hash);
      l.shared = l.df >= need && (!l.sentence || 2 * l.df >= group_docs);
    }
  }
  auto key_of = [&](const BoilerplateWorkspace::Line& l) {
    return std::string_view(ws->keys).substr(l.key_start, l.key_end - l.key_start);
  };
  auto match = [&](const BoilerplateWorkspace::Line& l, bool in_header, bool in_footer) -> const Rule* {
    if (!use_rules || l.hash == 0 || l.key_chars > options_.max_rule_chars) return nullptr;
    return rules_.Match(key_of(l), l.key_chars, in_header, in_footer);
  };

  // Header zone: up to the first body line (not blank, not link-like, not
  // furniture).
  size_t header_end = n;
  for (size_t i = 0; i < n; ++i) {
    auto& l = lines[i];
    if (l.hash == 0) continue;
    l.rule = match(l, true, false);
    if (l.rule != nullptr || l.shared || l.link_like) continue;
    header_end = i;
    break;
  }
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
      if (l.link_like) {
        --i;
        continue;
      }
      break;
    }
    while (footer_start > header_end && footer_start > 0) {
      const auto& l = lines[footer_start - 1];
      if (l.hash == 0 || (l.link_like && IsLinkList(text.substr(l.start, l.end - l.start)))) {
        --footer_start;
      } else {
        break;
      }
    }
  }

  const size_t first_out = out->size();
  auto emit = [&](const BoilerplateWorkspace::Line& l, std::string_view rule) {
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
    if (l.hash == 0) continue;
    const bool header = i < header_end, footer = i >= footer_start;
    if (!header && !footer) l.rule = match(l, false, false);
    if (footer && l.rule == nullptr) l.rule = match(l, header, true);
    if (l.rule != nullptr) {
      emit(l, l.rule->name);
      in_tail = l.rule->starts_tail;
      continue;
    }
    // Inside the body a shared line must be shared by half the site: three
    // reports of one site may share a section heading that is content.
    if (l.shared && (header || footer || (l.link_like && 2 * l.df >= group_docs))) {
      emit(l, "site-repeated-line");
      continue;
    }
    if (footer) {
      emit(l, "footer-link-list");
      continue;
    }
    if (in_tail && l.link_like) {
      emit(l, "related-links-tail");
      continue;
    }
    in_tail = false;
  }
}

}  // namespace dedup::boilerplate
