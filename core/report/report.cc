// Copyright 2026 The dedup Authors.
#include "core/report/report.h"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "core/base/input_types.h"
#include "core/base/json_writer.h"
#include "core/base/strings.h"

namespace dedup::report {

double Ratio(uint64_t part, uint64_t whole) {
  return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

namespace {

void WriteTop(base::JsonWriter& w, const std::vector<TopLine>& top) {
  w.BeginArray();
  for (const auto& t : top) w.BeginObject().Key("text").String(t.text).Key("documents").Uint(t.documents).EndObject();
  w.EndArray();
}

}  // namespace

absl::Status Report::Reconcile() const {
  if (documents + error_records != records)
    return absl::InternalError(absl::StrCat("accounting does not reconcile: ", records, " records read, but ", documents,
                                            " documents + ", error_records, " malformed records"));
  if (kept_documents + near_duplicate_documents != documents)
    return absl::InternalError(absl::StrCat("accounting does not reconcile: ", documents, " documents, but ",
                                            kept_documents, " kept + ", near_duplicate_documents,
                                            " dropped as near-duplicates"));
  return absl::OkStatus();
}

std::string Report::ToJson() const {
  std::string out;
  base::JsonWriter w(&out, 2);
  w.BeginObject();
  w.Key("documents").Uint(documents).Key("bytes").Uint(bytes).Key("records").Uint(records);
  w.Key("errors").BeginObject().Key("records").Uint(error_records).Key("examples").BeginArray();
  for (const auto& e : error_examples) w.String(e);
  w.EndArray().EndObject();
  w.Key("skipped_files").BeginObject().Key("count").Uint(skipped_files).Key("examples").BeginArray();
  for (const auto& e : skipped_file_examples) w.String(e);
  w.EndArray().EndObject();
  w.Key("encodings").BeginObject().Key("converted").BeginObject();
  for (const auto& [charset, n] : converted_charsets) w.Key(charset).Uint(n);
  w.EndObject().Key("replaced").BeginObject();
  w.Key("records").Uint(replaced_records).Key("characters").Uint(replaced_chars).Key("examples").BeginArray();
  for (const auto& e : replaced_examples) w.String(e);
  w.EndArray().EndObject().EndObject();

  w.Key("near_duplicate").BeginObject();
  w.Key("documents").Uint(near_duplicate_documents).Key("clusters").Uint(near_duplicate_clusters);
  w.Key("bytes").Uint(near_duplicate_bytes).Key("ratio").Double(Ratio(near_duplicate_documents, documents));
  w.EndObject();

  w.Key("repeated_block").BeginObject();
  w.Key("documents").Uint(repeated_block.documents).Key("bytes").Uint(repeated_block.bytes);
  w.Key("ratio").Double(Ratio(repeated_block.bytes, bytes));
  w.EndObject();

  w.Key("boilerplate").BeginObject();
  w.Key("documents").Uint(boilerplate.documents).Key("bytes").Uint(boilerplate.bytes);
  w.Key("ratio").Double(Ratio(boilerplate.bytes, bytes));
  w.Key("top");
  WriteTop(w, boilerplate_top);
  w.Key("groups").BeginArray();
  for (const auto& g : groups) {
    w.BeginObject().Key("group").String(g.group).Key("documents").Uint(g.documents).Key("bytes").Uint(g.bytes);
    w.Key("boilerplate_documents").Uint(g.boilerplate.documents).Key("boilerplate_bytes").Uint(g.boilerplate.bytes);
    w.Key("ratio").Double(Ratio(g.boilerplate.bytes, g.bytes)).Key("top");
    WriteTop(w, g.top);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();

  w.Key("kept").BeginObject().Key("documents").Uint(kept_documents).Key("bytes").Uint(kept_bytes).EndObject();
  w.Key("params").Raw(params_json);
  w.Key("seconds").BeginObject();
  for (const auto& [stage, s] : seconds) w.Key(stage).Double(s, 4);
  w.Key("total").Double(TotalSeconds(), 4);
  w.EndObject();
  w.EndObject();
  out.push_back('\n');
  return out;
}

void Report::AddSeconds(std::string_view name, double s) {
  for (auto& [stage, total] : seconds) {
    if (stage == name) {
      total += s;
      return;
    }
  }
  seconds.emplace_back(std::string(name), s);
}

void Report::CompleteStages() {
  static constexpr std::string_view kOrder[] = {"setup",       "count-lines", "read",    "normalize+sign", "blocks",
                                                "boilerplate", "index",       "cluster", "write"};
  // The CONTRACT's stages are all there; setup and count-lines are ours.
  for (const std::string_view stage : kOrder)
    if (stage != "setup" && stage != "count-lines") AddSeconds(stage, 0);
  auto rank = [](std::string_view stage) {
    return static_cast<size_t>(std::find(std::begin(kOrder), std::end(kOrder), stage) - std::begin(kOrder));
  };
  std::stable_sort(seconds.begin(), seconds.end(),
                   [&](const auto& a, const auto& b) { return rank(a.first) < rank(b.first); });
}

double Report::TotalSeconds() const {
  double total = 0;
  for (const auto& [stage, s] : seconds)
    if (!IsNestedStage(stage)) total += s;
  return total;
}

std::string_view Report::NestedIn(std::string_view name) {
  if (name == "read") return "every pass";
  if (name == "blocks" || name == "boilerplate") return "normalize+sign";
  return {};
}

std::string Report::Summary() const {
  auto mb = [](uint64_t b) { return static_cast<double>(b) / 1e6; };
  const double total = TotalSeconds();
  char buf[1024];
  std::string out;
  std::snprintf(buf, sizeof(buf), "documents        %10llu  (%.2f MB)\n", (unsigned long long)documents, mb(bytes));
  out += buf;
  if (records == 0)  // an empty file, or a folder holding no input (a wrong path is an error already)
    absl::StrAppend(&out, "                              the inputs held no records: empty files, or folders without ",
                    base::ToAbsl(base::kInputTypes), "\n");
  std::snprintf(buf, sizeof(buf), "near-duplicates  %10llu  documents in %llu clusters (%.1f%% of documents)\n",
                (unsigned long long)near_duplicate_documents, (unsigned long long)near_duplicate_clusters,
                100 * Ratio(near_duplicate_documents, documents));
  out += buf;
  std::snprintf(buf, sizeof(buf), "repeated blocks  %10llu  bytes in %llu documents (%.1f%% of bytes)\n",
                (unsigned long long)repeated_block.bytes, (unsigned long long)repeated_block.documents,
                100 * Ratio(repeated_block.bytes, bytes));
  out += buf;
  std::snprintf(buf, sizeof(buf), "boilerplate      %10llu  bytes in %llu documents (%.1f%% of bytes)\n",
                (unsigned long long)boilerplate.bytes, (unsigned long long)boilerplate.documents,
                100 * Ratio(boilerplate.bytes, bytes));
  out += buf;
  std::snprintf(buf, sizeof(buf), "kept             %10llu  documents, %.2f MB\n", (unsigned long long)kept_documents,
                mb(kept_bytes));
  out += buf;
  if (error_records > 0) {
    std::snprintf(buf, sizeof(buf), "skipped          %10llu  malformed records (first: %s)\n",
                  (unsigned long long)error_records, error_examples.empty() ? "" : error_examples[0].c_str());
    out += buf;
  }
  if (skipped_files > 0) {
    std::snprintf(buf, sizeof(buf), "not read         %10llu  files of no input type in INPUT folders (first: %s)\n",
                  (unsigned long long)skipped_files,
                  skipped_file_examples.empty() ? "" : skipped_file_examples[0].c_str());
    out += buf;
  }
  for (const auto& [charset, n] : converted_charsets) {
    std::snprintf(buf, sizeof(buf), "converted        %10llu  documents from %s to UTF-8\n", (unsigned long long)n,
                  charset.c_str());
    out += buf;
  }
  if (replaced_records > 0) {
    std::snprintf(buf, sizeof(buf), "repaired         %10llu  documents kept with invalid bytes replaced by U+FFFD (first: %s)\n",
                  (unsigned long long)replaced_records, replaced_examples.empty() ? "" : replaced_examples[0].c_str());
    out += buf;
  }
  std::snprintf(buf, sizeof(buf), "time             %10.2f  s (%.1f MB/s)\n", total, total > 0 ? mb(bytes) / total : 0.0);
  out += buf;
  return out;
}

}  // namespace dedup::report
