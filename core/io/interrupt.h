// Copyright 2026 The dedup Authors.
//
// An interrupted run (SIGINT, SIGTERM, SIGHUP) leaves no partial output: the
// atomic writers register their temporary files and folders here, and the
// handler removes them before the process exits. The handler is a thread
// that waits for the signals (sigwait), so it may take locks and use the
// filesystem library, which a signal handler could not.
#ifndef DEDUP_CORE_IO_INTERRUPT_H_
#define DEDUP_CORE_IO_INTERRUPT_H_

#include <cstdio>
#include <functional>
#include <string>

namespace dedup::io {

// Runs `create`, which makes `path`, a temporary file or folder, and records
// the path for removal on interruption, both under the lock the
// interruption takes to remove the temps: an interruption comes before the
// path exists, or removes it, never between (a file made just after the
// removal would be left behind). When `create` returns false nothing is
// recorded. Returns what `create` returned. `create` must not call the
// functions here. Thread-safe.
bool CreateTemp(const std::string& path, const std::function<bool()>& create);
// CreateTemp of a file opened for writing ("wb"); null, with errno set, when
// it cannot be. `before`, when given, runs first under the same lock (to
// make the folders the file goes in); when it returns false nothing is
// made and null is returned.
std::FILE* CreateTempFile(const std::string& path, const std::function<bool()>& before = nullptr);
// Forgets a path CreateTemp recorded (it was renamed into place or
// removed). Thread-safe.
void UnregisterTemp(const std::string& path);
// Runs `fn` under the same lock, so that an interruption comes wholly before
// or after it. For renames of temps (a rename into place and the temp's
// UnregisterTemp together), and for anything that makes an entry inside a
// temporary folder: an entry made while the interruption removes the folder
// would keep the folder there. `fn` may call the functions above.
// Thread-safe.
void UnderInterruptLock(const std::function<void()>& fn);

// Blocks SIGINT, SIGTERM and SIGHUP (those not ignored: nohup's SIGHUP stays
// ignored) in the calling thread, and so in every
// thread it starts afterwards, and starts the thread that handles them: it
// removes every registered path, prints one line naming the signal to stderr,
// and exits with status 128 + the signal number. Call once, from main, before
// any other thread starts.
void InstallInterruptHandler();

// From now on an interrupt still removes the registered temps and exits
// 128+signal, but prints nothing: for a process whose outcome is already
// said, e.g. an MPI rank that mpirun stops because another rank failed.
void QuietInterrupts();

}  // namespace dedup::io

#endif  // DEDUP_CORE_IO_INTERRUPT_H_
