// Copyright 2026 The dedup Authors.
//
// Test-only helpers: where the corpus is, reading files, temporary folders,
// and slow reference implementations that optimised code is checked against.
// Never linked into core.
#ifndef DEDUP_TESTS_TESTING_TESTING_H_
#define DEDUP_TESTS_TESTING_TESTING_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace dedup::testing {

// Returns the repository's corpus/ folder (from $DEDUP_CORPUS_DIR, set by CTest).
std::filesystem::path CorpusDir();

// Returns the seed page whose file name starts with `prefix` ("000" ... "004").
std::filesystem::path SeedPath(std::string_view prefix);

// Returns the whole content of `path`; fails the current test when unreadable.
std::string ReadFile(const std::filesystem::path& path);

// Writes `content` to `path`, creating parent folders.
void WriteFile(const std::filesystem::path& path, std::string_view content);

// Returns a fresh empty folder under the system temp folder, unique per call.
std::filesystem::path MakeTempDir(std::string_view tag);

// Returns the `dedup` executable built beside the tests (from $DEDUP_BINARY).
std::filesystem::path DedupBinary();

// Runs `command` through /bin/sh, captures stdout (and stderr when
// `merge_stderr`), and stores the exit status in `*exit_code`.
std::string RunCommand(const std::string& command, int* exit_code, bool merge_stderr = false);

// Exact Jaccard similarity of two sets of 64-bit values (duplicates ignored).
double ExactJaccard(std::vector<uint64_t> a, std::vector<uint64_t> b);

// `utf8` encoded in `charset` with ICU (characters it lacks become its
// substitution byte), and `bytes` in `charset` decoded to UTF-8 with ICU:
// what a reader that picked the right charset must produce.
std::string Encode(std::string_view utf8, const char* charset);
std::string Decode(std::string_view bytes, const char* charset);

// The characters of UTF-8 `text`: its bytes that are not continuation bytes.
size_t Utf8Chars(std::string_view text);

// Returns the lines of `text` split on '\n' (without the '\n').
std::vector<std::string> SplitLines(std::string_view text);

// Random text for the paths that take ideographs five at a time: fewer
// than `max_pieces` runs of U+4E00..U+9FFF ideographs (and 䶵 U+4DB5, lead
// byte E4 like them), each shorter than `max_run` and followed by one of
// `breaks`, then a last run without one. `*state` is the generator's state.
std::string IdeographRuns(uint64_t* state, uint64_t max_pieces, uint64_t max_run,
                          const std::vector<std::string>& breaks);

}  // namespace dedup::testing

#endif  // DEDUP_TESTS_TESTING_TESTING_H_
