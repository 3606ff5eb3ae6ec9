// Copyright 2026 The dedup Authors.
#include "core/boilerplate/boilerplate.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

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
  LineCounter counts;
  BoilerplateWorkspace ws;
  std::vector<uint64_t> hashes;
  for (const auto& t : pages) {
    DistinctLineHashes(t, &ws, &hashes);
    counts.AddDocument(GroupKey("news.example.cn"), hashes);
  }
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

TEST(BoilerplateTest, CounterStaysBounded) {
  LineCounter counts(2048);
  std::vector<uint64_t> h(10);
  for (uint64_t d = 0; d < 5000; ++d) {
    for (uint64_t i = 0; i < 9; ++i) h[i] = d * 100 + i + 1;  // unique lines
    h[9] = 7;                                                 // a footer on every page
    counts.AddDocument(1, h);
    EXPECT_LE(counts.entries(), 2048u + 10u);
  }
  EXPECT_GE(counts.DocsWithLine(1, 7), 5000u - counts.prune_level());
  EXPECT_GT(counts.prune_level(), 0u);
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

}  // namespace
}  // namespace dedup::boilerplate
