// Copyright 2026 The dedup Authors.
#include "core/pipeline/comm.h"

#include <algorithm>
#include <barrier>
#include <utility>
#include <vector>

#include "absl/strings/match.h"

namespace dedup::pipeline {

namespace {
constexpr char kAnotherRank[] = "another rank failed";
}  // namespace

absl::Status Agree(Comm& comm, const absl::Status& local) {
  // Each rank's status code (+1; 0 = ok). The lowest failed rank keeps its
  // reason, to be printed once; every other rank returns "another rank
  // failed" with that rank's code, so that all ranks exit with one status.
  std::vector<uint64_t> codes(static_cast<size_t>(comm.size()), 0);
  if (!local.ok()) codes[static_cast<size_t>(comm.rank())] = static_cast<uint64_t>(local.code()) + 1;
  comm.AllReduceSum(absl::MakeSpan(codes));
  for (int r = 0; r < comm.size(); ++r) {
    const uint64_t code = codes[static_cast<size_t>(r)];
    if (code == 0) continue;
    if (r == comm.rank()) return local;
    return absl::Status(static_cast<absl::StatusCode>(code - 1), kAnotherRank);
  }
  return absl::OkStatus();
}

bool IsAnotherRanksFailure(const absl::Status& s) { return !s.ok() && s.message() == kAnotherRank; }

namespace {

// What the loopback ranks share: one slot per rank, and a barrier. Each
// collective is: write my slot; wait; read the others' slots; wait.
struct LoopbackState {
  explicit LoopbackState(int n) : n(n), sync(n), boxes(static_cast<size_t>(n)), numbers(static_cast<size_t>(n)) {}
  int n;
  std::barrier<> sync;
  std::vector<std::vector<std::string>> boxes;  // boxes[from][to]
  std::vector<std::vector<uint64_t>> numbers;   // numbers[from]
};

class LoopbackComm : public Comm {
 public:
  LoopbackComm(std::shared_ptr<LoopbackState> s, int rank) : s_(std::move(s)), rank_(rank) {}
  int rank() const override { return rank_; }
  int size() const override { return s_->n; }

  void AllToAll(std::vector<std::string>* send, std::vector<std::string>* recv) override {
    s_->boxes[Me()] = std::move(*send);
    send->assign(static_cast<size_t>(s_->n), {});
    s_->sync.arrive_and_wait();
    recv->assign(static_cast<size_t>(s_->n), {});
    for (int from = 0; from < s_->n; ++from) (*recv)[static_cast<size_t>(from)] = s_->boxes[static_cast<size_t>(from)][Me()];
    s_->sync.arrive_and_wait();
  }
  void AllReduceSum(absl::Span<uint64_t> v) override { Reduce(v, s_->n); }
  void ExclusiveScanSum(absl::Span<uint64_t> v) override { Reduce(v, rank_); }
  void AllGather(const std::string& mine, std::vector<std::string>* all) override {
    s_->boxes[Me()].assign(1, mine);
    s_->sync.arrive_and_wait();
    all->clear();
    for (int from = 0; from < s_->n; ++from) all->push_back(s_->boxes[static_cast<size_t>(from)][0]);
    s_->sync.arrive_and_wait();
  }
  void Gather(const std::string& mine, std::vector<std::string>* all) override {
    AllGather(mine, all);
    if (rank_ != 0) all->clear();
  }

 private:
  size_t Me() const { return static_cast<size_t>(rank_); }
  // Sums the values of ranks [0, upto) into v.
  void Reduce(absl::Span<uint64_t> v, int upto) {
    s_->numbers[Me()].assign(v.begin(), v.end());
    s_->sync.arrive_and_wait();
    for (size_t i = 0; i < v.size(); ++i) {
      uint64_t sum = 0;
      for (int from = 0; from < upto; ++from) sum += s_->numbers[static_cast<size_t>(from)][i];
      v[i] = sum;
    }
    s_->sync.arrive_and_wait();
  }
  std::shared_ptr<LoopbackState> s_;
  int rank_;
};

}  // namespace

std::vector<std::unique_ptr<Comm>> LoopbackComms(int n) {
  auto state = std::make_shared<LoopbackState>(n);
  std::vector<std::unique_ptr<Comm>> out;
  for (int r = 0; r < n; ++r) out.push_back(std::make_unique<LoopbackComm>(state, r));
  return out;
}

}  // namespace dedup::pipeline
