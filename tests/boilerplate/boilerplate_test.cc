// Copyright 2026 The dedup Authors.
#include "core/boilerplate/boilerplate.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/base/line_key.h"
#include "tests/testing/testing.h"

namespace dedup::boilerplate {
namespace {

// 1-based numbers of the lines (of `text`) that `spans` remove.
std::set<int> RemovedLines(const std::string& text, const std::vector<base::RemovedSpan>& spans) {
  std::set<int> out;
  size_t pos = 0;
  int line = 1;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos) nl = text.size();
    for (const auto& s : spans)
      if (s.start <= pos && nl <= s.end && nl > pos) out.insert(line);
    pos = nl + 1;
    ++line;
  }
  return out;
}

// The count pass of the pipeline over `pages`, all of group `group`.
LineCounter CountLines(const std::vector<std::string>& pages, std::string_view group) {
  LineCounter counts;
  BoilerplateWorkspace ws;
  std::vector<uint64_t> hashes;
  for (const auto& t : pages) {
    DistinctLineHashes(t, &ws, &hashes);
    counts.AddDocument(GroupKey(group), hashes);
  }
  return counts;
}

std::vector<base::RemovedSpan> DetectOne(const std::string& text, const LineCounter* counts = nullptr,
                                         std::string_view group = "") {
  auto d = BoilerplateDetector::Create({}, RulePack::Default());
  EXPECT_TRUE(d.ok());
  BoilerplateWorkspace ws;
  std::vector<base::RemovedSpan> out;
  d->Detect(text, GroupKey(group), counts, &ws, &out);
  return out;
}

TEST(BoilerplateTest, Seed001HeaderAndTailFurniture) {
  const std::string text = testing::ReadFile(testing::SeedPath("001"));
  const auto removed = RemovedLines(text, DetectOne(text));
  for (int l : {1, 5, 140, 142, 144}) EXPECT_TRUE(removed.count(l)) << "line " << l;
  const int last = static_cast<int>(testing::SplitLines(text).size());
  EXPECT_TRUE(removed.count(last)) << "the final 返回";
  EXPECT_FALSE(removed.count(3)) << "the title";
  for (int l = 7; l <= 138; ++l) EXPECT_FALSE(removed.count(l)) << "body line " << l;
}

TEST(BoilerplateTest, Seed004FooterLines32To43) {
  const std::string text = testing::ReadFile(testing::SeedPath("004"));
  const auto removed = RemovedLines(text, DetectOne(text));
  for (int l = 32; l <= 43; ++l) EXPECT_TRUE(removed.count(l)) << "footer line " << l;
  for (int l = 1; l <= 31; ++l) EXPECT_FALSE(removed.count(l)) << "content line " << l;
}

TEST(BoilerplateTest, OtherSeedsLoseNothing) {
  for (const char* seed : {"000", "002", "003"}) {
    const std::string text = testing::ReadFile(testing::SeedPath(seed));
    EXPECT_TRUE(DetectOne(text).empty()) << seed;
  }
}

TEST(BoilerplateTest, SameWordsInsideABodySentenceStay) {
  const std::string text =
      "关于开展2023年消费券发放工作的通知\n"
      "各有关单位:为促进消费回补,现将有关事项通知如下。\n"
      "市民可拨打服务热线电话咨询发放进度,也可通过手机版客户端查询,版权所有方不承担责任的情形另行说明。\n"
      "请各单位认真贯彻落实,确保各项工作按时完成。\n";
  EXPECT_TRUE(DetectOne(text).empty());
}

TEST(BoilerplateTest, EnglishFurniture) {
  const std::string text =
      "We use cookies to improve your experience. Accept all / Manage preferences\n"
      "Home\nAbout\nNews\nContact\n"
      "Posted on March 3, 2023 by Jane Doe\n"
      "City council approves new library budget\n"
      "The council voted on Tuesday to expand the budget of the central library, adding weekend hours and a new "
      "children's reading room. Share this news with anyone who relies on the library, the mayor said.\n"
      "The expansion will be funded from the capital reserve, and construction starts in the spring.\n"
      "Share this: Facebook Twitter LinkedIn Email\n"
      "Related posts\n"
      "Library reopens after renovation\n"
      "Budget hearings scheduled\n"
      "Subscribe to our newsletter\n"
      "Privacy Policy | Terms of Use\n"
      "© 2023 Example City. All rights reserved.\n";
  const auto removed = RemovedLines(text, DetectOne(text));
  for (int l : {1, 2, 3, 4, 5, 6, 10, 11, 12, 13, 14, 15, 16}) EXPECT_TRUE(removed.count(l)) << "line " << l;
  for (int l : {7, 8, 9}) EXPECT_FALSE(removed.count(l)) << "content line " << l;
}

// Cross-document evidence: a footer whose phone number changes page to page
// is counted as one line and removed from every page, the first included; a
// sentence two pages quote is not.
TEST(BoilerplateTest, SiteRepeatedLinesAcrossPages) {
  std::vector<std::string> body;
  for (const auto& l : testing::SplitLines(testing::ReadFile(testing::SeedPath("000"))))
    if (l.size() > 200) body.push_back(l);
  ASSERT_GE(body.size(), 9u);
  std::vector<std::string> pages;
  for (int p = 0; p < 8; ++p) {
    std::string t = "东湖新闻网 新闻中心 本地要闻\n";
    t += body[static_cast<size_t>(p)] + "\n";
    if (p < 2) t += body[8] + "\n";  // a paragraph quoted by two pages
    t += "主管单位:东湖区委宣传部 值班热线:027-8765432" + std::to_string(p) + "\n";
    pages.push_back(t);
  }
  const LineCounter counts = CountLines(pages, "news.example.cn");
  EXPECT_EQ(counts.GroupDocs(GroupKey("news.example.cn")), 8u);
  for (int p = 0; p < 8; ++p) {
    const auto spans = DetectOne(pages[static_cast<size_t>(p)], &counts, "news.example.cn");
    const auto removed = RemovedLines(pages[static_cast<size_t>(p)], spans);
    EXPECT_TRUE(removed.count(1)) << "page " << p << " header";
    EXPECT_FALSE(removed.count(2)) << "page " << p << " body";
    if (p < 2) {
      EXPECT_FALSE(removed.count(3)) << "quoted paragraph";
    }
    EXPECT_TRUE(removed.count(p < 2 ? 4 : 3)) << "page " << p << " footer";
  }
  // Another group sees none of it.
  EXPECT_TRUE(DetectOne(pages[5], &counts, "other.example.cn").empty());
}

// A group that is mostly one page reposted (a site crawled under many URLs,
// or a corpus read as one group): the page's lines are held by most of the
// group, prose included. They are not furniture, and the page must not be
// stripped bare (near-duplicate detection keeps one copy, whole); the
// group's real furniture still goes from every page.
TEST(BoilerplateTest, APageCopiedAcrossItsGroupIsNotFurniture) {
  std::string article = testing::ReadFile(testing::SeedPath("002"));
  if (article.back() != '\n') article += '\n';
  std::vector<std::string> body;
  for (const auto& l : testing::SplitLines(testing::ReadFile(testing::SeedPath("000"))))
    if (l.size() > 200) body.push_back(l);
  ASSERT_GE(body.size(), 4u);
  const std::string header = "东湖新闻网 新闻中心 本地要闻\n", footer = "主管单位:东湖区委宣传部 值班热线:027-87654321\n";
  std::vector<std::string> pages;
  for (int p = 0; p < 12; ++p)  // 8 copies of the article, 4 other pages
    pages.push_back(header + (p < 8 ? article : body[static_cast<size_t>(p - 8)] + "\n") + footer);
  const LineCounter counts = CountLines(pages, "news.example.cn");
  const std::string& copy = pages[0];
  const auto removed = RemovedLines(copy, DetectOne(copy, &counts, "news.example.cn"));
  const auto lines = testing::SplitLines(copy);
  EXPECT_TRUE(removed.count(1)) << "header";
  EXPECT_TRUE(removed.count(static_cast<int>(lines.size()))) << "footer";
  // Every line of the article stays: its sentences and its headings.
  EXPECT_EQ(removed, (std::set<int>{1, static_cast<int>(lines.size())}));
  size_t prose = 0;
  for (const auto& l : lines) prose += HasSentencePunct(l) ? l.size() : 0;
  EXPECT_GT(prose, 2000u);
  // A page of the group that is not the article keeps its body too.
  const auto other = RemovedLines(pages[9], DetectOne(pages[9], &counts, "news.example.cn"));
  EXPECT_EQ(other, (std::set<int>{1, 3}));
}

// A rule names a label ("地址：", "标签：", "当前位置：", "Share this"); the
// same words inside a sentence are content: "地址中的本地部分…",
// "标签列表是…", "在当前位置上把…", "Shared memory…", "icp" inside
// "specific per". Labels still go, sentence-like or not.
TEST(BoilerplateTest, LabelWordsInsideSentencesAreNotLabels) {
  const std::string body = testing::SplitLines(testing::ReadFile(testing::SeedPath("000")))[2];
  ASSERT_GT(body.size(), 100u);
  const std::string zh = "当前位置：首页 > 新闻中心\n"
                         "在当前位置上把每个整数的低位存储成一个四字节的值，并且首先存储最低有效字节。\n"
                         "标签列表是这个条目的所有标签的列表，用于启用或停用菜单条目。\n" +
                         body + "\n" +
                         "地址中的本地部分通常是一个用户名，但它的实际意义是由本地软件定义的。\n"
                         "标签：政府 信息 公开\n"
                         "地址：武汉市东湖路1号 电话：027-12345678\n";
  EXPECT_EQ(RemovedLines(zh, DetectOne(zh)), (std::set<int>{1, 6, 7}));
  const std::string en =
      "Share this: Facebook, Twitter, Email\n"
      "Shared memory segments up to 1 GB are now supported.\n"
      "The kernel keeps a table of routes, and each route may carry its own settings for the interface.\n"
      "The route table can configure MTUs on a more specific per route level, which is not provided by this helper.\n"
      "Copyright 2024 Example Org. All rights reserved.\n";
  EXPECT_EQ(RemovedLines(en, DetectOne(en)), (std::set<int>{1, 5}));
}

TEST(BoilerplateTest, CounterStaysBounded) {
  LineCounter counts(2048);
  std::vector<uint64_t> h(10);
  for (uint64_t d = 0; d < 5000; ++d) {
    for (uint64_t i = 0; i < 9; ++i) h[i] = d * 100 + i + 1;  // unique lines
    h[9] = 7;                                                 // a footer on every page
    counts.AddDocument(1, h);
    EXPECT_LE(counts.entries(), 2048u);  // pruned before inserting: never past the bound
  }
  EXPECT_GE(counts.DocsWithLine(1, 7), 5000u - counts.prune_level());
  EXPECT_GT(counts.prune_level(), 0u);
}

TEST(BoilerplateTest, DropBelowKeepsWhatDecisionsRead) {
  LineCounter counts;
  // Line 1 on every page of group 1, line 2 on two of them, line 3 on one;
  // line 1 on one page of group 2.
  counts.AddDocument(1, std::vector<uint64_t>{1, 2, 3});
  counts.AddDocument(1, std::vector<uint64_t>{1, 2});
  counts.AddDocument(1, std::vector<uint64_t>{1});
  counts.AddDocument(2, std::vector<uint64_t>{1});
  ASSERT_EQ(counts.entries(), 4u);
  counts.DropBelow(3);
  EXPECT_EQ(counts.entries(), 1u);
  EXPECT_EQ(counts.DocsWithLine(1, 1), 3u);
  EXPECT_EQ(counts.DocsWithLine(1, 2), 0u);
  EXPECT_EQ(counts.DocsWithLine(1, 3), 0u);
  EXPECT_EQ(counts.DocsWithLine(2, 1), 0u);
  EXPECT_EQ(counts.GroupDocs(1), 3u);  // group sizes stay
  EXPECT_EQ(counts.GroupDocs(2), 1u);
}

TEST(BoilerplateTest, RulesFileErrorsNameTheLine) {
  auto ok = RulePack::Parse("# comment\nmy-footer footer 40 contains 本站声明|disclaimer\n", "x.rules");
  ASSERT_TRUE(ok.ok());
  ASSERT_EQ(ok->rules().size(), 1u);
  EXPECT_EQ(ok->rules()[0].patterns[1], "disclaimer");
  auto bad = RulePack::Parse("a footer 40 contains x\nb middle 40 contains y\n", "x.rules");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(std::string(bad.status().message()).find("x.rules:2:"), std::string::npos);
  EXPECT_FALSE(RulePack::Parse("a footer -1 contains x\n", "r").ok());
  EXPECT_FALSE(RulePack::Parse("a footer 10 like x\n", "r").ok());
  EXPECT_FALSE(RulePack::Parse("a footer 10 exact ,,,\n", "r").ok());
  EXPECT_GT(RulePack::Default().rules().size(), 20u);
}

TEST(BoilerplateTest, UserRuleNameAppearsInSpans) {
  auto extra = RulePack::Parse("site-disclaimer footer 40 contains 本站声明\n", "user.rules");
  ASSERT_TRUE(extra.ok());
  RulePack pack = RulePack::Default();
  pack.Append(*extra);
  auto d = BoilerplateDetector::Create({}, pack);
  const std::string text = testing::ReadFile(testing::SeedPath("000")) + "\n本站声明:转载请注明出处\n";
  BoilerplateWorkspace ws;
  std::vector<base::RemovedSpan> out;
  d->Detect(text, GroupKey(""), nullptr, &ws, &out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].rule, "site-disclaimer");
}

// Pages of a small site list each other's titles under a heading no rule
// knows ("热门推荐", "Most read"): the lists go (cross-page counts, footer
// zone through title lines), each title stays on its own page, and so do the
// pages' bodies.
TEST(BoilerplateTest, TitleListsGoButEachTitleStaysOnItsPage) {
  std::vector<std::string> body;
  for (const auto& l : testing::SplitLines(testing::ReadFile(testing::SeedPath("002"))))
    if (l.size() > 150) body.push_back(l);
  ASSERT_GE(body.size(), 8u);
  const std::vector<std::string> titles = {"聚焦关切、多点发力,保障各项事业落地", "什么是 Debian 软件包？", "深化国际合作,对外开放能级提升",
                                           "创新商业模式,推动零售业态升级", "第3期 工作简报", "第4期 工作简报",
                                           "确保安全,把牢发展底线", "理顺政府投资项目管理机制"};
  std::vector<std::string> pages;
  for (size_t p = 0; p < titles.size(); ++p) {
    std::string t = "临江新闻网\n首页 | 国内 | 国际 | 财经 | 科技\n\n" + titles[p] + "\n2023年03月13日 09:10  来源:新华网\n\n";
    t += body[p] + "\n\n(编辑:刘洋)\n\n热门推荐\n";
    for (size_t k = 1; k <= 4; ++k) t += titles[(p + k) % titles.size()] + "\n";
    t += "\nCopyright © 2008-2023 临江新闻网 All Rights Reserved\n";
    pages.push_back(t);
  }
  const LineCounter counts = CountLines(pages, "news.example.cn");
  for (size_t p = 0; p < pages.size(); ++p) {
    const auto removed = RemovedLines(pages[p], DetectOne(pages[p], &counts, "news.example.cn"));
    EXPECT_EQ(removed, (std::set<int>{1, 2, 5, 9, 11, 12, 13, 14, 15, 17})) << "page " << p << "\n" << pages[p] ;
  }
}

// Numbers of two or more digits fold for counting (dates, phones), lone
// digits do not: "第3期" and "第4期" are different pages' titles.
TEST(BoilerplateTest, SeriesTitlesAreNotOneLine) {
  BoilerplateWorkspace ws;
  std::vector<uint64_t> a, b, c;
  DistinctLineHashes("第3期 工作简报\n电话:0510-82681234", &ws, &a);
  DistinctLineHashes("第4期 工作简报\n电话:0510-82681299", &ws, &b);
  ASSERT_EQ(a.size(), 2u);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_NE(a[0], b[0]);
  EXPECT_EQ(a[1], b[1]);
}

// Shapes no word list catches: a breadcrumb trail, an English byline, a
// bracketed credit, an edge line of punctuation. An English phrase at the end
// of a body is not a link list, and with no furniture below it nothing is a
// footer.
TEST(BoilerplateTest, ShapesOfFurnitureAndOfContent) {
  const std::string page =
      "跳到主要內容\n:::\nDocs › Packages › coreutils\n\nWhat the licence says, section 3\nBy Tom Becker\n\n"
      "The intent of this document is to state the conditions under which a Package may be copied, such that "
      "the Copyright Holder maintains some semblance of artistic control.\n\nDistribution of a Larger Work\n\n"
      "(编辑:刘洋)\n© 2023 Example Org\n";
  const auto removed = RemovedLines(page, DetectOne(page));
  EXPECT_EQ(removed, (std::set<int>{1, 2, 3, 6, 12, 13})) << page;
  const std::string tail = testing::ReadFile(testing::SeedPath("000")) + "\n這個 \"root\" 可能既表示 \"超級使用者root\" 又表示 \" 根目錄\"(/root) .應該根據上下文確定它的用法.\n";
  EXPECT_TRUE(DetectOne(tail).empty());
  // A view counter goes wherever it stands, however many digits; a title
  // about views stays.
  const std::string views =
      "Different views on climate\n2761 views\nThe intent of this document is to state the conditions under "
      "which a Package may be copied.\nViews: 12,345\nViewed 340 times\n";
  EXPECT_EQ(RemovedLines(views, DetectOne(views)), (std::set<int>{2, 4, 5})) << views;
}

}  // namespace
}  // namespace dedup::boilerplate

namespace dedup::boilerplate {
namespace {

// RulePack::Match walks an index; it must pick the rule a scan of the rules
// in order picks, on every line of the seeds and the labelled corpus, in
// every zone.
const Rule* ScanRules(const RulePack& pack, std::string_view key, size_t key_chars, bool in_header, bool in_footer) {
  for (const Rule& r : pack.rules()) {
    if (key_chars > r.max_chars) continue;
    if (r.zone == Zone::kHeader && !in_header) continue;
    if (r.zone == Zone::kFooter && !in_footer) continue;
    if (r.zone == Zone::kEdge && !in_header && !in_footer) continue;
    for (const std::string& p : r.patterns) {
      const bool hit = r.match == MatchKind::kContains ? key.find(p) != std::string_view::npos
                       : r.match == MatchKind::kPrefix ? key.substr(0, p.size()) == p
                                                       : key == p;
      if (hit) return &r;
    }
  }
  return nullptr;
}

// Match against ScanRules for `key` in each of the four zones; the rule
// found in each (nullptr where none) goes to `found`.
::testing::AssertionResult MatchesScanInEveryZone(const RulePack& pack, const std::string& key,
                                                  std::array<const Rule*, 4>* found) {
  const size_t chars = testing::Utf8Chars(key);
  for (int zone = 0; zone < 4; ++zone) {
    const bool h = zone & 1, f = zone & 2;
    const Rule* want = ScanRules(pack, key, chars, h, f);
    if (pack.Match(key, chars, h, f) != want)
      return ::testing::AssertionFailure() << key << " zone " << zone << ": not the rule a scan finds";
    (*found)[static_cast<size_t>(zone)] = want;
  }
  return ::testing::AssertionSuccess();
}

std::vector<std::string> AllPatterns(const RulePack& pack) {
  std::vector<std::string> out;
  for (const Rule& r : pack.rules()) out.insert(out.end(), r.patterns.begin(), r.patterns.end());
  return out;
}

TEST(RulePackTest, IndexedMatchEqualsScanInRuleOrder) {
  const RulePack& pack = RulePack::Default();
  std::string text;
  for (const char* seed : {"000", "001", "002", "003", "004"}) text += testing::ReadFile(testing::SeedPath(seed));
  // The labelled pages, JSONL: "\n" escapes become line breaks (other
  // escapes stay; any text will do as long as it holds furniture).
  for (const char* f : {"pages.jsonl", "heldout/pages.jsonl"}) {
    const std::string jsonl = testing::ReadFile(testing::CorpusDir() / "boilerplate" / f);
    for (size_t i = 0; i < jsonl.size(); ++i) {
      if (jsonl[i] == '\\' && i + 1 < jsonl.size() && jsonl[i + 1] == 'n') {
        text += '\n';
        ++i;
      } else {
        text += jsonl[i];
      }
    }
  }
  std::string key;
  const base::LineKeyOptions ko = KeyOptions();  // as the detector keys lines
  size_t lines = 0, hits = 0;
  for (const std::string& line : testing::SplitLines(text)) {
    if (base::NormalizeLineKey(line, ko, &key) == 0) continue;
    ++lines;
    std::array<const Rule*, 4> found;
    ASSERT_TRUE(MatchesScanInEveryZone(pack, key, &found)) << line;
    hits += static_cast<size_t>(std::count_if(found.begin(), found.end(), [](const Rule* r) { return r != nullptr; }));
  }
  EXPECT_GT(lines, 1000u);
  EXPECT_GT(hits, 300u);  // the comparison covers matches, not only misses
}

// Patterns of one to five bytes, overlapping, of every kind and zone, with
// more than 12 "contains" patterns (so the index is walked): every key over
// {a, b, 中} of up to five characters matches as the scan does.
TEST(RulePackTest, ShortAndOverlappingPatternsEqualScan) {
  auto pack = RulePack::Parse(
      "r1 footer 9 contains abab|中a\n"
      "r2 any 5 exact ab|中\n"
      "r3 header 9 prefix ba|b中\n"
      "r4 any 9 contains a|b|中中|aab|bba|abba|baab|aaaa|bbbb|中ab|a中b|ab中|bbb|aaab\n"
      "r5 edge 3 contains bab|中\n",
      "test.rules");
  ASSERT_TRUE(pack.ok()) << pack.status();
  const std::vector<std::string> alphabet = {"a", "b", "中"};
  std::vector<std::pair<std::string, size_t>> keys = {{"", 0}};
  for (size_t len = 1, from = 0; len <= 5; ++len) {
    const size_t to = keys.size();
    for (size_t i = from; i < to; ++i)
      for (const auto& c : alphabet) keys.emplace_back(keys[i].first + c, len);
    from = to;
  }
  size_t hits = 0;
  for (const auto& [key, chars] : keys) {
    if (chars == 0) continue;
    std::array<const Rule*, 4> found;
    ASSERT_TRUE(MatchesScanInEveryZone(*pack, key, &found));
    for (const Rule* r : found) hits += r != nullptr && r->name != "r4";
  }
  EXPECT_GT(hits, 100u);  // rules before r4 win where they match
}

// Longer patterns (6 to 12 bytes, more than 12 "contains" ones so that the
// index is walked; the scan's window moves by up to 5),
// each put once at every offset of random filler (mostly letters no pattern
// holds, so that the one occurrence decides), and random keys where the
// patterns occur often, overlap and run past the key's end.
TEST(RulePackTest, LongPatternsInRandomKeysEqualScan) {
  auto pack = RulePack::Parse(
      "r1 footer 60 contains abcabc|中文ab\n"
      "r2 any 40 contains bcaabc|cab中c|aaaaaa\n"
      "r3 header 60 prefix abcab\n"
      "r4 any 60 contains 中中abcc|ccbbaa|abcabcabcabc|b中a中c|cbacba|bbbbbb|acacac|中b中b\n"
      "r5 edge 60 contains cabcab|a中ab\n"
      "r6 any 20 exact abcabc\n",
      "test.rules");
  ASSERT_TRUE(pack.ok()) << pack.status();
  const std::vector<std::string> patterns = AllPatterns(*pack);
  std::mt19937_64 rng(7);
  auto filler = [&](size_t chars, const std::vector<std::string>& alphabet, size_t common) {
    std::string s;
    for (size_t c = 0; c < chars; ++c)
      s += alphabet[rng() % 16 < 13 ? rng() % common : common + rng() % (alphabet.size() - common)];
    return s;
  };
  const std::vector<std::string> sparse = {"x", "y", "文", "a", "b", "c", "中"};
  const std::vector<std::string> dense = {"a", "b", "c", "中", "文"};
  size_t hits = 0;
  auto check = [&](const std::string& key) {
    std::array<const Rule*, 4> found;
    ASSERT_TRUE(MatchesScanInEveryZone(*pack, key, &found));
    hits += static_cast<size_t>(std::count_if(found.begin(), found.end(), [](const Rule* r) { return r != nullptr; }));
  };
  for (const std::string& p : patterns)
    for (size_t before = 0; before <= 20; ++before)
      for (int i = 0; i < 20; ++i) check(filler(before, sparse, 3) + p + filler(rng() % 8, sparse, 3));
  for (int i = 0; i < 20000; ++i) check(filler(1 + rng() % 60, dense, 3));
  EXPECT_GT(hits, 20000u);
}

// Rules whose length limits differ so that the tiers differ: keys longer
// than 20 characters are scanned only for the long patterns (window 12),
// longer than 40 only for those of r-long, with more than 12 "contains"
// patterns in every tier (so the index is walked). Patterns are planted at
// every offset of keys on both sides of each limit.
TEST(RulePackTest, LengthTiersEqualScan) {
  std::string long_patterns;
  std::mt19937_64 rng(11);
  const std::vector<std::string> letters = {"a", "b", "c", "中"};
  for (int i = 0; i < 14; ++i) {
    std::string p;
    for (int c = 0; c < 12; ++c) p += letters[rng() % letters.size()];
    long_patterns += (i == 0 ? "" : "|") + p;
  }
  auto pack = RulePack::Parse(
      "r-short any 20 contains abca|bcab|中a中|cc中c|abab|baba|caca|acac|bcbc|cbcb|aaab|bbba|ccca\n"
      "r-mid header 40 contains aabbccaa|中中abab|ccbbaacc|ab中ab\n"
      "r-long any 90 contains " + long_patterns + "\n"
      "r-exact footer 60 exact abcabcabcabc\n",
      "test.rules");
  ASSERT_TRUE(pack.ok()) << pack.status();
  const std::vector<std::string> patterns = AllPatterns(*pack);
  size_t hits = 0, long_hits = 0;
  auto check = [&](const std::string& key) {
    std::array<const Rule*, 4> found;
    ASSERT_TRUE(MatchesScanInEveryZone(*pack, key, &found));
    const auto n = static_cast<size_t>(std::count_if(found.begin(), found.end(), [](const Rule* r) { return r != nullptr; }));
    hits += n;
    if (testing::Utf8Chars(key) > 40)
      long_hits += n;
  };
  auto filler = [&](size_t chars) {
    std::string s;
    for (size_t c = 0; c < chars; ++c) s += rng() % 4 == 0 ? letters[rng() % 4] : std::string(1, "xyz"[rng() % 3]);
    return s;
  };
  for (const std::string& p : patterns)
    for (size_t before : {0, 1, 5, 8, 15, 19, 20, 30, 39, 40, 60, 80})
      for (int i = 0; i < 5; ++i) check(filler(before) + p + filler(rng() % 12));
  for (int i = 0; i < 5000; ++i) check(filler(1 + rng() % 95));
  EXPECT_GT(hits, 2000u);
  EXPECT_GT(long_hits, 500u);
}

// Patterns longer than the 255-byte window of the scan (a user's cookie
// notice, say), more than 12 of them: found wherever they stand.
TEST(RulePackTest, PatternsLongerThanTheWindowAreFound) {
  std::mt19937_64 rng(3);
  std::vector<std::string> patterns;
  std::string rule = "long any 1000 contains ";
  for (int i = 0; i < 13; ++i) {
    std::string p;
    for (int c = 0; c < 300; ++c) p += static_cast<char>('a' + rng() % 3);
    rule += (i == 0 ? "" : "|") + p;
    patterns.push_back(p);
  }
  auto pack = RulePack::Parse(rule + "\n", "test.rules");
  ASSERT_TRUE(pack.ok()) << pack.status();
  for (const std::string& p : patterns) {
    for (const std::string& before : {std::string(), std::string("x"), std::string(77, 'y')}) {
      const std::string key = before + p + "zz";
      std::array<const Rule*, 4> found;
      ASSERT_TRUE(MatchesScanInEveryZone(*pack, key, &found));
      EXPECT_NE(found[0], nullptr) << before.size();
    }
  }
}

// The counting pass's distinct line hashes: each non-blank line's key hash
// once, in the order of first occurrence, for pages of a few lines and of
// thousands (lines repeated within and across the seed pages, so the table
// is reused at several sizes).
TEST(BoilerplateTest, DistinctLineHashesKeepTheFirstOfEach) {
  std::vector<std::string> pages;
  std::string all;
  for (const char* seed : {"000", "001", "002", "003", "004"}) {
    pages.push_back(testing::ReadFile(testing::SeedPath(seed)));
    all += pages.back();
  }
  pages.push_back(all + all);
  pages.push_back("a\n\n a \nb\na");
  pages.push_back("");
  BoilerplateWorkspace ws;
  std::vector<uint64_t> got;
  const base::LineKeyOptions ko = KeyOptions();  // as the detector keys lines
  std::string key;
  for (const std::string& page : pages) {
    std::vector<uint64_t> want;
    std::set<uint64_t> seen;
    for (const std::string& line : testing::SplitLines(page)) {
      const uint64_t h = base::LineKeyHash(line, ko, &key);
      if (h != 0 && seen.insert(h).second) want.push_back(h);
    }
    DistinctLineHashes(page, &ws, &got);
    ASSERT_EQ(got, want) << page.size();
  }
  EXPECT_EQ(got.size(), 0u);
  DistinctLineHashes(pages[5], &ws, &got);
  EXPECT_GT(got.size(), 100u);
  DistinctLineHashes(pages[6], &ws, &got);
  EXPECT_EQ(got.size(), 2u);  // "a" and "b"
}

// The reference: a walk over the characters of the line.
bool WalkForSentencePunct(std::string_view line) {
  const char* p = line.data();
  const char* const end = p + line.size();
  while (p < end) {
    const auto c = static_cast<unsigned char>(*p);
    if (c < 0x80) {
      if (c == ',' || c == ';' || c == '!' || c == '?') return true;
      if (c == '.' && (p + 1 == end || p[1] == ' ') && p > line.data() &&
          ((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z'))
        return true;
      ++p;
      continue;
    }
    char32_t cp;
    p += base::DecodeUtf8(p, end, &cp);
    if (cp == U'。' || cp == U'，' || cp == U'；' || cp == U'！' || cp == U'？' || cp == U'、') return true;
  }
  return false;
}

TEST(BoilerplateTest, SentencePunctuationIsFoundWhereverItStands) {
  EXPECT_TRUE(HasSentencePunct("他说，今天下雨"));
  EXPECT_TRUE(HasSentencePunct("The end."));
  EXPECT_TRUE(HasSentencePunct("Go home. Now"));
  EXPECT_FALSE(HasSentencePunct("www.163.com 版权所有"));
  EXPECT_FALSE(HasSentencePunct("version 1.5 of 2.0."));
  EXPECT_FALSE(HasSentencePunct("首页 > 新闻中心 > 园区动态"));
  // Random lines over punctuation, its neighbours in UTF-8 (、。 are E3 80
  // 81/82, 〃 E3 80 83; ，；！？ EF BC 8C/9B/81/9F, ＂ EF BC 82) and filler,
  // at every length and so at every place in and after a 16-byte block.
  const std::vector<std::string> pieces = {
      "a", "Z", " ", "x", "1", "中", "文", "〃", "＂", "「", "ｚ", ".", ",", ";", "!", "?", "。", "，", "；", "！", "？", "、"};
  std::mt19937_64 rng(5);
  size_t found = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string line;
    const size_t n = rng() % 40;
    for (size_t k = 0; k < n; ++k) line += pieces[rng() % 32 < 31 ? rng() % 11 : 11 + rng() % 11];
    const bool want = WalkForSentencePunct(line);
    ASSERT_EQ(HasSentencePunct(line), want) << line;
    found += want;
  }
  EXPECT_GT(found, 5000u);
  EXPECT_LT(found, 15000u);
}

}  // namespace
}  // namespace dedup::boilerplate
