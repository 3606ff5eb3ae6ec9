// Copyright 2026 The dedup Authors.
#include "tests/testing/testing.h"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>
#include <unicode/ucnv.h>

#include "core/base/hash.h"

namespace dedup::testing {

std::filesystem::path CorpusDir() {
  const char* dir = std::getenv("DEDUP_CORPUS_DIR");
  if (dir != nullptr && *dir != '\0') return dir;
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "corpus";
}

std::filesystem::path SeedPath(std::string_view prefix) {
  for (const auto& e : std::filesystem::directory_iterator(CorpusDir() / "seeds")) {
    if (e.path().filename().string().rfind(std::string(prefix), 0) == 0) return e.path();
  }
  ADD_FAILURE() << "no seed " << prefix << " under " << CorpusDir();
  return {};
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return {};
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::filesystem::path& path, std::string_view content) {
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  if (!out) ADD_FAILURE() << "cannot write " << path;
}

std::filesystem::path MakeTempDir(std::string_view tag) {
  static std::atomic<int> counter{0};
  auto dir = std::filesystem::temp_directory_path() /
             ("dedup-test-" + std::string(tag) + "-" + std::to_string(::getpid()) + "-" +
              std::to_string(counter++));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

std::filesystem::path DedupBinary() {
  const char* bin = std::getenv("DEDUP_BINARY");
  if (bin != nullptr && *bin != '\0') return bin;
  ADD_FAILURE() << "DEDUP_BINARY is not set (run the tests through ctest)";
  return "dedup";
}

std::string RunCommand(const std::string& command, int* exit_code, bool merge_stderr) {
  std::string cmd = command + (merge_stderr ? " 2>&1" : "");
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) {
    *exit_code = -1;
    return {};
  }
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), pipe)) > 0) out.append(buf, n);
  const int status = ::pclose(pipe);
  *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

double ExactJaccard(std::vector<uint64_t> a, std::vector<uint64_t> b) {
  std::sort(a.begin(), a.end());
  a.erase(std::unique(a.begin(), a.end()), a.end());
  std::sort(b.begin(), b.end());
  b.erase(std::unique(b.begin(), b.end()), b.end());
  if (a.empty() && b.empty()) return 1.0;
  std::vector<uint64_t> inter;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(inter));
  const double uni = static_cast<double>(a.size() + b.size() - inter.size());
  return static_cast<double>(inter.size()) / uni;
}

size_t Utf8Chars(std::string_view text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::vector<std::string> SplitLines(std::string_view text) {
  std::vector<std::string> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) {
      if (pos < text.size()) lines.emplace_back(text.substr(pos));
      break;
    }
    lines.emplace_back(text.substr(pos, nl - pos));
    pos = nl + 1;
  }
  return lines;
}

namespace {

// `in` converted from charset `from` to charset `to` by ICU.
std::string Convert(std::string_view in, const char* to, const char* from, size_t growth) {
  std::string out(in.size() * growth + 16, '\0');
  UErrorCode st = U_ZERO_ERROR;
  const int32_t n = ucnv_convert(to, from, out.data(), static_cast<int32_t>(out.size()), in.data(),
                                 static_cast<int32_t>(in.size()), &st);
  EXPECT_TRUE(U_SUCCESS(st)) << u_errorName(st);
  out.resize(static_cast<size_t>(std::max(n, 0)));
  return out;
}

}  // namespace

std::string Encode(std::string_view utf8, const char* charset) { return Convert(utf8, charset, "UTF-8", 2); }
std::string Decode(std::string_view bytes, const char* charset) { return Convert(bytes, "UTF-8", charset, 3); }

std::string IdeographRuns(uint64_t* state, uint64_t max_pieces, uint64_t max_run,
                          const std::vector<std::string>& breaks) {
  static const std::vector<std::string> kIdeographs = {"中", "國", "䶵", "鿿", "丁", "的"};
  auto next = [state](uint64_t n) {
    *state = base::Mix64(*state + 0x9E3779B97F4A7C15ULL);
    return *state % n;
  };
  std::string text;
  const uint64_t pieces = next(max_pieces);
  for (uint64_t i = 0; i <= pieces; ++i) {
    const uint64_t run = next(max_run);
    for (uint64_t j = 0; j < run; ++j) text += kIdeographs[next(kIdeographs.size())];
    if (i < pieces) text += breaks[next(breaks.size())];
  }
  return text;
}

}  // namespace dedup::testing
