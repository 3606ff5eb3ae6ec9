// Copyright 2026 The dedup Authors.
#include "core/io/interrupt.h"

#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

namespace dedup::io {
namespace {

// Recursive: UnderInterruptLock's function may register or forget temps.
std::recursive_mutex& Mu() {
  static std::recursive_mutex mu;
  return mu;
}

std::vector<std::string>& Temps() {
  static std::vector<std::string> temps;
  return temps;
}

}  // namespace

bool CreateTemp(const std::string& path, const std::function<bool()>& create) {
  std::lock_guard<std::recursive_mutex> l(Mu());
  if (!create()) return false;
  Temps().push_back(path);
  return true;
}

std::FILE* CreateTempFile(const std::string& path, const std::function<bool()>& before) {
  std::FILE* f = nullptr;
  int err = 0;
  if (!CreateTemp(path, [&] {
        if (before && !before()) return false;
        f = std::fopen(path.c_str(), "wb");
        err = errno;
        return f != nullptr;
      }))
    errno = err;
  return f;
}

void UnregisterTemp(const std::string& path) {
  std::lock_guard<std::recursive_mutex> l(Mu());
  auto& t = Temps();
  for (size_t i = t.size(); i-- > 0;) {
    if (t[i] == path) {
      t.erase(t.begin() + static_cast<long>(i));
      return;
    }
  }
}

void UnderInterruptLock(const std::function<void()>& fn) {
  std::lock_guard<std::recursive_mutex> l(Mu());
  fn();
}

static std::atomic<bool>& Quiet() {
  static std::atomic<bool> quiet{false};
  return quiet;
}

void QuietInterrupts() { Quiet().store(true); }

void InstallInterruptHandler() {
  sigset_t set;
  sigemptyset(&set);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    // A signal the caller ignores stays ignored (nohup, a background job of a
    // script).
    struct sigaction old;
    if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    sigaddset(&set, sig);
  }
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([set] {
    int sig = 0;
    if (sigwait(&set, &sig) != 0) return;
    size_t removed = 0;
    {
      // Held to the end: no writer registers or renames a file meanwhile
      // without waiting, and the process exits below.
      Mu().lock();
      std::error_code ec;
      for (const auto& p : Temps()) removed += std::filesystem::remove_all(p, ec) > 0 ? 1 : 0;
    }
    if (!Quiet().load()) {
      std::fprintf(stderr, "dedup: interrupted by %s: stopped; %zu unfinished output file(s) removed, no partial output left\n",
                   sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" : "SIGHUP", removed);
      std::fflush(stderr);
    }
    ::_exit(128 + sig);
  }).detach();
}

}  // namespace dedup::io
