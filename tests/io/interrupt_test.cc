// Copyright 2026 The dedup Authors.
//
// The interruption handler against writers at work: a child process keeps
// two threads opening, writing and committing files in the subfolders of
// an AtomicDirectoryWriter, and a signal lands at a random moment. Whatever
// the moment, nothing of the unfinished folder may be left. (An
// interruption between a subfolder's creation and its file's, or during a
// rename inside the folder, once left the temporary folder behind.)
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/io/interrupt.h"
#include "core/io/writer.h"
#include "tests/testing/testing.h"

namespace dedup::io {
namespace {

namespace fs = std::filesystem;

// In the child: writes files into `out` until killed; exits 3 on an error.
[[noreturn]] void WriteUntilKilled(const fs::path& out) {
  InstallInterruptHandler();
  QuietInterrupts();
  auto dir = AtomicDirectoryWriter::Create(out.string());
  if (!dir.ok()) ::_exit(3);
  std::atomic<bool> failed{false};
  auto work = [&](int t) {
    for (int k = 0; k < 1000000 && !failed; ++k) {
      auto f = (*dir)->OpenFile(absl::StrCat("s", t, "/", k % 7, "/f", k, ".txt"));
      if (!f.ok() || !(*f)->Write("x").ok() || !(*f)->Commit().ok()) failed = true;
    }
  };
  std::thread a(work, 0), b(work, 1);
  a.join();
  b.join();
  ::_exit(failed ? 3 : 0);
}

std::string Leftovers(const fs::path& dir) {
  std::string found;
  for (const auto& e : fs::directory_iterator(dir)) found += e.path().filename().string() + " ";
  return found;
}

TEST(InterruptTest, NothingLeftWheneverTheSignalLands) {
  const fs::path dir = testing::MakeTempDir("interrupt-io");
  std::mt19937 rng(12345);
  int interrupted = 0;
  for (int round = 0; round < 100; ++round) {
    const fs::path out = dir / absl::StrCat("out", round);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) WriteUntilKilled(out);
    // Wait for the temporary folder, then let the writers run a little.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (Leftovers(dir).find(".tmp.") == std::string::npos && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    std::this_thread::sleep_for(std::chrono::microseconds(rng() % 3000));
    ::kill(pid, SIGTERM);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status)) << status;
    ASSERT_NE(WEXITSTATUS(status), 3) << "the writers failed";
    interrupted += WEXITSTATUS(status) == 128 + SIGTERM ? 1 : 0;
    ASSERT_EQ(Leftovers(dir), "") << "round " << round;
  }
  EXPECT_EQ(interrupted, 100);
}

}  // namespace
}  // namespace dedup::io
