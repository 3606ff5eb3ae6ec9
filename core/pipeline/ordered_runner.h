// Copyright 2026 The dedup Authors.
//
// RunOrdered: one producer thread, `workers` worker threads, and an in-order
// consumer on the calling thread, over a ring of batch slots.
//
//   producer: fills batch seq (reads input)        -- sequential
//   workers:  process any ready batch               -- parallel
//   consumer: takes batches back in seq order       -- sequential, deterministic
//
// At most `workers * 2 + 2` batches are alive at once, so memory is bounded by
// the batch size whatever the input size. Because consumption is in input
// order, everything the consumer accumulates is independent of the thread
// count (the engine's "byte-identical output for any --threads").
#ifndef DEDUP_CORE_PIPELINE_ORDERED_RUNNER_H_
#define DEDUP_CORE_PIPELINE_ORDERED_RUNNER_H_

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/status.h"

namespace dedup::pipeline {

template <class Slot>
class OrderedRunner {
 public:
  // Fills `slot` with the next batch; returns false at the end of input (the
  // slot is then discarded). A non-OK status stops the run.
  using Produce = std::function<absl::Status(Slot* slot, bool* more)>;
  // Processes one batch on worker `worker` (0-based).
  using Work = std::function<void(Slot* slot, int worker)>;
  // Consumes batches in production order.
  using Consume = std::function<absl::Status(Slot* slot)>;

  static absl::Status Run(int workers, const Produce& produce, const Work& work, const Consume& consume) {
    OrderedRunner r(workers < 1 ? 1 : workers);
    return r.RunImpl(produce, work, consume);
  }

 private:
  enum class State { kFree, kFilled, kDone };

  explicit OrderedRunner(int workers) : workers_(workers), slots_(static_cast<size_t>(workers) * 2 + 2) {}

  absl::Status RunImpl(const Produce& produce, const Work& work, const Consume& consume) {
    const size_t n = slots_.size();
    std::vector<State> state(n, State::kFree);
    std::deque<size_t> queue;  // seqs ready for work
    size_t produced = 0;       // number of batches produced
    bool produced_all = false;
    bool abort = false;
    absl::Status producer_status;

    std::thread producer([&] {
      for (size_t seq = 0;; ++seq) {
        {
          std::unique_lock<std::mutex> l(mu_);
          cv_.wait(l, [&] { return abort || state[seq % n] == State::kFree; });
          if (abort) break;
        }
        bool more = false;
        absl::Status s = produce(&slots_[seq % n], &more);
        std::lock_guard<std::mutex> l(mu_);
        if (!s.ok()) {
          producer_status = s;
          produced_all = true;
          break;
        }
        if (!more) {
          produced_all = true;
          break;
        }
        state[seq % n] = State::kFilled;
        queue.push_back(seq);
        produced = seq + 1;
        cv_.notify_all();
      }
      std::lock_guard<std::mutex> l(mu_);
      produced_all = true;
      cv_.notify_all();
    });

    std::vector<std::thread> pool;
    for (int w = 0; w < workers_; ++w) {
      pool.emplace_back([&, w] {
        for (;;) {
          size_t seq;
          {
            std::unique_lock<std::mutex> l(mu_);
            cv_.wait(l, [&] { return abort || !queue.empty() || produced_all; });
            if (abort || (queue.empty() && produced_all)) return;
            seq = queue.front();
            queue.pop_front();
          }
          work(&slots_[seq % n], w);
          std::lock_guard<std::mutex> l(mu_);
          state[seq % n] = State::kDone;
          cv_.notify_all();
        }
      });
    }

    absl::Status status;
    for (size_t seq = 0;; ++seq) {
      {
        std::unique_lock<std::mutex> l(mu_);
        cv_.wait(l, [&] { return state[seq % n] == State::kDone || (produced_all && seq >= produced); });
        if (state[seq % n] != State::kDone) break;
      }
      status = consume(&slots_[seq % n]);
      std::lock_guard<std::mutex> l(mu_);
      state[seq % n] = State::kFree;
      if (!status.ok()) {
        abort = true;
        cv_.notify_all();
        break;
      }
      cv_.notify_all();
    }
    producer.join();
    for (auto& t : pool) t.join();
    if (!producer_status.ok()) return producer_status;
    return status;
  }

  int workers_;
  std::vector<Slot> slots_;
  std::mutex mu_;
  std::condition_variable cv_;
};

}  // namespace dedup::pipeline

#endif  // DEDUP_CORE_PIPELINE_ORDERED_RUNNER_H_
