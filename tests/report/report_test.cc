// Copyright 2026 The dedup Authors.
#include "core/report/report.h"

#include <gtest/gtest.h>

namespace dedup::report {
namespace {

Report Sample() {
  Report r;
  r.documents = 10;
  r.bytes = 1000;
  r.error_records = 1;
  r.error_examples = {"a.jsonl:3: invalid JSON"};
  r.near_duplicate_documents = 2;
  r.near_duplicate_clusters = 1;
  r.near_duplicate_bytes = 200;
  r.repeated_block = {1, 100};
  r.boilerplate = {4, 50};
  r.boilerplate_top = {{"扫码查看手机版", 4}};
  r.kept_documents = 8;
  r.kept_bytes = 650;
  r.params_json = "{\"threshold\":0.8}";
  r.seconds = {{"read", 0.5}, {"write", 0.25}};
  return r;
}

TEST(ReportTest, JsonHasEveryContractKey) {
  const std::string json = Sample().ToJson();
  for (const char* key :
       {"\"documents\": 10", "\"bytes\": 1000", "\"errors\"", "\"records\": 1", "\"examples\"",
        "a.jsonl:3: invalid JSON", "\"near_duplicate\"", "\"clusters\": 1", "\"ratio\": 0.2",
        "\"repeated_block\"", "\"ratio\": 0.1", "\"boilerplate\"", "\"top\"", "扫码查看手机版", "\"kept\"",
        "\"bytes\": 650", "\"params\": {\"threshold\":0.8}", "\"seconds\"", "\"read\": 0.5", "\"total\": 0.75"}) {
    EXPECT_NE(json.find(key), std::string::npos) << key << "\n" << json;
  }
}

TEST(ReportTest, SummaryAndHtml) {
  const Report r = Sample();
  const std::string s = r.Summary();
  EXPECT_NE(s.find("near-duplicates"), std::string::npos);
  EXPECT_NE(s.find("20.0%"), std::string::npos) << s;
  const std::string html = r.ToHtml();
  EXPECT_NE(html.find("<svg id=\"headline\""), std::string::npos);
  EXPECT_NE(html.find("扫码查看手机版"), std::string::npos);
  EXPECT_EQ(html.find("<script src"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);  // nothing fetched from the network
}

TEST(ReportTest, RatioOfEmptyRunIsZero) {
  Report r;
  EXPECT_NE(r.ToJson().find("\"ratio\": 0"), std::string::npos);
  EXPECT_EQ(Ratio(5, 0), 0.0);
}

}  // namespace
}  // namespace dedup::report
