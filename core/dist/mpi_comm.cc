// Copyright 2026 The dedup Authors.
#include "core/dist/mpi_comm.h"

#include <mpi.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace dedup::dist {
namespace {

// At most this many bytes per rank and round in one MPI call, so that every
// count and displacement fits an int.
constexpr uint64_t kRoundBytes = uint64_t{1} << 30;

uint64_t Ceil(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

class MpiComm : public pipeline::Comm {
 public:
  MpiComm() {
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }

  void AllToAll(std::vector<std::string>* send, std::vector<std::string>* recv) override {
    const size_t n = static_cast<size_t>(size_);
    std::vector<uint64_t> send_bytes(n), recv_bytes(n);
    for (size_t r = 0; r < n; ++r) send_bytes[r] = (*send)[r].size();
    MPI_Alltoall(send_bytes.data(), 1, MPI_UINT64_T, recv_bytes.data(), 1, MPI_UINT64_T, MPI_COMM_WORLD);
    recv->assign(n, {});
    for (size_t r = 0; r < n; ++r) (*recv)[r].resize(recv_bytes[r]);
    // Per peer and round at most kRoundBytes / n bytes, so a round's buffers
    // stay under 1 GiB; every rank makes as many rounds as the largest needs.
    const uint64_t chunk = std::max<uint64_t>(1, kRoundBytes / n);
    uint64_t rounds = 0;
    for (size_t r = 0; r < n; ++r) rounds = std::max({rounds, Ceil(send_bytes[r], chunk), Ceil(recv_bytes[r], chunk)});
    MPI_Allreduce(MPI_IN_PLACE, &rounds, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD);
    std::vector<int> sc(n), sd(n), rc(n), rd(n);
    std::string sbuf, rbuf;
    for (uint64_t round = 0; round < rounds; ++round) {
      const uint64_t at = round * chunk;
      sbuf.clear();
      int sdisp = 0, rdisp = 0;
      for (size_t r = 0; r < n; ++r) {
        const uint64_t s = send_bytes[r] > at ? std::min(chunk, send_bytes[r] - at) : 0;
        const uint64_t g = recv_bytes[r] > at ? std::min(chunk, recv_bytes[r] - at) : 0;
        if (s > 0) sbuf.append((*send)[r], at, s);
        sc[r] = static_cast<int>(s);
        sd[r] = sdisp;
        sdisp += sc[r];
        rc[r] = static_cast<int>(g);
        rd[r] = rdisp;
        rdisp += rc[r];
      }
      rbuf.resize(static_cast<size_t>(rdisp));
      MPI_Alltoallv(sbuf.data(), sc.data(), sd.data(), MPI_BYTE, rbuf.data(), rc.data(), rd.data(), MPI_BYTE,
                    MPI_COMM_WORLD);
      for (size_t r = 0; r < n; ++r)
        if (rc[r] > 0) std::copy_n(rbuf.data() + rd[r], rc[r], (*recv)[r].data() + at);
    }
    send->assign(n, {});
  }

  void AllReduceSum(absl::Span<uint64_t> v) override {
    for (size_t at = 0; at < v.size(); at += kMaxInts)
      MPI_Allreduce(MPI_IN_PLACE, v.data() + at, Count(v.size() - at), MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
  }

  void ExclusiveScanSum(absl::Span<uint64_t> v) override {
    std::vector<uint64_t> mine(v.begin(), v.end());
    for (size_t at = 0; at < v.size(); at += kMaxInts)
      MPI_Exscan(mine.data() + at, v.data() + at, Count(v.size() - at), MPI_UINT64_T, MPI_SUM, MPI_COMM_WORLD);
    if (rank_ == 0) std::fill(v.begin(), v.end(), 0);  // MPI leaves rank 0's result undefined
  }

  void AllGather(const std::string& mine, std::vector<std::string>* all) override { Collect(mine, all, true); }
  void Gather(const std::string& mine, std::vector<std::string>* all) override { Collect(mine, all, false); }

 private:
  static constexpr size_t kMaxInts = size_t{1} << 28;
  static int Count(size_t left) { return static_cast<int>(std::min(left, kMaxInts)); }

  // (All)gather in rounds of at most kRoundBytes / n bytes per rank.
  void Collect(const std::string& mine, std::vector<std::string>* all, bool everyone) {
    const size_t n = static_cast<size_t>(size_);
    std::vector<uint64_t> bytes(n);
    uint64_t own = mine.size();
    MPI_Allgather(&own, 1, MPI_UINT64_T, bytes.data(), 1, MPI_UINT64_T, MPI_COMM_WORLD);
    const bool receive = everyone || rank_ == 0;
    all->assign(receive ? n : 0, {});
    if (receive)
      for (size_t r = 0; r < n; ++r) (*all)[r].resize(bytes[r]);
    const uint64_t chunk = std::max<uint64_t>(1, kRoundBytes / n);
    const uint64_t rounds = Ceil(*std::max_element(bytes.begin(), bytes.end()), chunk);
    std::vector<int> rc(n), rd(n);
    std::string rbuf;
    for (uint64_t round = 0; round < rounds; ++round) {
      const uint64_t at = round * chunk;
      int disp = 0;
      for (size_t r = 0; r < n; ++r) {
        rc[r] = static_cast<int>(bytes[r] > at ? std::min(chunk, bytes[r] - at) : 0);
        rd[r] = disp;
        disp += rc[r];
      }
      rbuf.resize(receive ? static_cast<size_t>(disp) : 0);
      const int sc = rc[static_cast<size_t>(rank_)];
      const char* sp = mine.data() + std::min<uint64_t>(at, mine.size());
      if (everyone) {
        MPI_Allgatherv(sp, sc, MPI_BYTE, rbuf.data(), rc.data(), rd.data(), MPI_BYTE, MPI_COMM_WORLD);
      } else {
        MPI_Gatherv(sp, sc, MPI_BYTE, rbuf.data(), rc.data(), rd.data(), MPI_BYTE, 0, MPI_COMM_WORLD);
      }
      if (receive)
        for (size_t r = 0; r < n; ++r)
          if (rc[r] > 0) std::copy_n(rbuf.data() + rd[r], rc[r], (*all)[r].data() + at);
    }
  }

  int rank_ = 0, size_ = 1;
};

}  // namespace

bool LaunchedByMpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE", "MPI_LOCALNRANKS"})
    if (std::getenv(v) != nullptr) return true;
  return false;
}

MpiJob::MpiJob(int* argc, char*** argv) {
  int provided = 0;
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  comm_ = std::make_unique<MpiComm>();
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
  MPI_Comm_size(node, &local_ranks_);
  MPI_Comm_free(&node);
}

MpiJob::~MpiJob() {
  comm_.reset();
  MPI_Finalize();
}

}  // namespace dedup::dist
