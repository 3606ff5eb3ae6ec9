// Copyright 2026 The dedup Authors.
//
// The HTML report as a user sees it: written by `dedup clean --html` on the
// seeds, opened in headless Chromium (installed by scripts/setup.sh), which
// must run its script without an error and show the charts and the marked
// spans. A screenshot is saved under the build folder.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "tests/testing/testing.h"

namespace dedup {
namespace {

namespace fs = std::filesystem;

std::string Chromium() {
  for (const char* c : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (fs::exists(c)) return c;
  return "";
}

// Runs headless Chromium on `page` with `args`; returns its stdout, and its
// stderr (where the page's console messages go) in *log.
std::string RunChromium(const fs::path& page, const std::string& args, const fs::path& work, std::string* log) {
  static int runs = 0;
  const fs::path profile = work / ("profile" + std::to_string(runs++));
  const fs::path err = work / "chromium.log";
  int code = 0;
  const std::string out = testing::RunCommand(
      Chromium() + " --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir=" + profile.string() +
          " --enable-logging=stderr --v=0 " + args + " file://" + fs::absolute(page).string() + " 2>" + err.string(),
      &code);
  *log = testing::ReadFile(err);
  EXPECT_EQ(code, 0) << *log;
  return out;
}

std::string Attribute(const std::string& dom, const std::string& name) {
  const std::string pat = " " + name + "=\"";
  const size_t p = dom.find(pat);
  if (p == std::string::npos) return "<absent>";
  const size_t b = p + pat.size();
  return dom.substr(b, dom.find('"', b) - b);
}

fs::path SeedDir(const fs::path& dir) {
  fs::create_directories(dir);
  for (const char* s : {"000", "001", "002", "003", "004"}) {
    const fs::path p = testing::SeedPath(s);
    fs::copy_file(p, dir / p.filename());
  }
  return dir;
}

// Checks the DOM Chromium rendered and returns it.
std::string RenderAndCheck(const fs::path& html, const fs::path& work) {
  std::string log;
  const std::string dom = RunChromium(html, "--dump-dom", work, &log);
  EXPECT_EQ(Attribute(dom, "data-rendered"), "ok") << "the page's script did not finish\n" << log;
  EXPECT_EQ(Attribute(dom, "data-errors"), "<absent>");
  EXPECT_EQ(log.find("Uncaught"), std::string::npos) << log;
  EXPECT_EQ(Attribute(dom, "data-charts"), "4");  // headline, cluster sizes, similarity, sites
  return dom;
}

TEST(HtmlReportTest, SeedReportRendersInChromium) {
  ASSERT_FALSE(Chromium().empty()) << "chromium is not installed: run scripts/setup.sh";
  const fs::path work = testing::MakeTempDir("html");
  const fs::path in = SeedDir(work / "seeds");
  const fs::path html = work / "seeds-report.html";
  int code = 0;
  const std::string err = testing::RunCommand(testing::DedupBinary().string() + " clean " + in.string() + " -o " +
                                                  (work / "out.jsonl").string() + " --html " + html.string() +
                                                  " --progress never",
                                              &code, true);
  ASSERT_EQ(code, 0) << err;
  const std::string dom = RenderAndCheck(html, work);
  // 001's second copy is one repeated-block mark that links to its first copy,
  // and the furniture of 001 and 004 is marked as boilerplate.
  EXPECT_GE(std::stoi(Attribute(dom, "data-marks")), 10);
  EXPECT_NE(dom.find("<mark class=\"rm rb\""), std::string::npos);
  EXPECT_NE(dom.find("<a class=\"jump\" href=\"#s0-c"), std::string::npos);
  EXPECT_NE(dom.find("<span class=\"src\" data-src=\"s0-c"), std::string::npos);
  for (const char* furniture : {"扫码查看手机版", "備案號"}) {
    const size_t at = dom.find(furniture, dom.find("id=\"audit\""));
    ASSERT_NE(at, std::string::npos) << furniture;
    const size_t mark = dom.rfind("<mark class=\"rm bp\"", at);
    ASSERT_NE(mark, std::string::npos) << furniture;
    EXPECT_EQ(dom.find("</mark>", mark), dom.find("</mark>", at)) << furniture << " is not inside a boilerplate mark";
  }
  // The title and body of 001 are shown and not marked.
  const size_t title = dom.find("东西湖区商务局2021年工作总结", dom.find("id=\"audit\""));
  ASSERT_NE(title, std::string::npos);
  EXPECT_LT(dom.rfind("</mark>", title), title);
  EXPECT_GT(dom.rfind("<span class=\"src\"", title), dom.rfind("<mark", title));

  // The screenshot, for people and for the README.
  const char* build = std::getenv("DEDUP_BUILD_DIR");
  const fs::path shots = fs::path(build != nullptr ? build : work.string()) / "screenshots";
  fs::create_directories(shots);
  const fs::path png = shots / "seeds-report.png";
  fs::remove(png);
  std::string log;
  RunChromium(html, "--hide-scrollbars --window-size=1100,2600 --screenshot=" + png.string(), work, &log);
  ASSERT_TRUE(fs::exists(png)) << log;
  EXPECT_GT(fs::file_size(png), 50000u);  // text and charts, not a blank page
  EXPECT_EQ(testing::ReadFile(png).substr(0, 8), "\x89PNG\r\n\x1a\n");
}

// The seeds plus 004 in simplified characters: one near-duplicate pair, shown
// side by side. The page is the same for any --threads.
TEST(HtmlReportTest, PairViewRendersAndIsTheSameForAnyThreads) {
  ASSERT_FALSE(Chromium().empty()) << "chromium is not installed: run scripts/setup.sh";
  const fs::path work = testing::MakeTempDir("html-pairs");
  const fs::path in = SeedDir(work / "in");
  fs::copy_file(testing::CorpusDir() / "fixtures" / "004_simplified.txt", in / "004_simplified.txt");
  std::string pages[2];
  for (int t = 1; t <= 2; ++t) {
    const fs::path html = work / ("report" + std::to_string(t) + ".html");
    int code = 0;
    const std::string err =
        testing::RunCommand(testing::DedupBinary().string() + " scan " + in.string() + " --threads " +
                                std::to_string(t) + " --html " + html.string() + " --progress never",
                            &code, true);
    ASSERT_EQ(code, 0) << err;
    pages[t - 1] = testing::ReadFile(html);
  }
  // Timings differ run to run; everything before them must not.
  const size_t run1 = pages[0].find("<h2 id=\"run\">"), run2 = pages[1].find("<h2 id=\"run\">");
  ASSERT_NE(run1, std::string::npos);
  EXPECT_EQ(pages[0].substr(0, run1), pages[1].substr(0, run2));
  const std::string dom = RenderAndCheck(work / "report1.html", work);
  EXPECT_NE(dom.find("class=\"pair\""), std::string::npos);
  EXPECT_NE(dom.find("<b>dropped</b> 004_simplified.txt"), std::string::npos);
  // Lines compare after normalisation: the traditional page and its
  // simplified copy differ only where OpenCC's phrase conversion and the
  // copy disagree (著力 / 着力), not on each of their ~60 lines.
  size_t only = 0;
  for (size_t p = dom.find("<mark class=\"only\">"); p != std::string::npos; p = dom.find("<mark class=\"only\">", p + 1))
    ++only;
  EXPECT_LT(only, 24u);
  EXPECT_NE(dom.find("1 pairs that LSH made candidates"), std::string::npos);
  EXPECT_NE(dom.find("1 clusters of 2 documents"), std::string::npos);
  // The dropped page in the audit view says what it duplicates.
  EXPECT_NE(dom.find("dropped as a near-duplicate"), std::string::npos);
}

}  // namespace
}  // namespace dedup
