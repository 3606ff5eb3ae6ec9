// Copyright 2026 The dedup Authors.
//
// Comm: the collective operations a run split among ranks needs (issue 8),
// and nothing else. The pipeline speaks only this interface, so the plain
// build has no MPI in it: core/dist/mpi_comm.h implements it over MPI (the
// DEDUP_MPI build), LoopbackComms() over threads of one process (tests).
//
// Every call is collective: all ranks make the same calls in the same order,
// from one thread each. Payloads are bytes; wire.h packs them.
#ifndef DEDUP_CORE_PIPELINE_COMM_H_
#define DEDUP_CORE_PIPELINE_COMM_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"

namespace dedup::pipeline {

class Comm {
 public:
  virtual ~Comm() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  // Every rank sends (*send)[r] to rank r (send->size() == size()) and
  // receives in (*recv)[s] what rank s sent it. `*send` is consumed.
  virtual void AllToAll(std::vector<std::string>* send, std::vector<std::string>* recv) = 0;
  // Element-wise sum over all ranks, in place (same length everywhere).
  virtual void AllReduceSum(absl::Span<uint64_t> values) = 0;
  // Element-wise sum over the ranks before this one, in place (zeros on rank 0).
  virtual void ExclusiveScanSum(absl::Span<uint64_t> values) = 0;
  // Every rank's `mine`, by rank, on every rank.
  virtual void AllGather(const std::string& mine, std::vector<std::string>* all) = 0;
  // Every rank's `mine`, by rank, on rank 0 (others get an empty vector).
  virtual void Gather(const std::string& mine, std::vector<std::string>* all) = 0;
};

// Makes the ranks agree on failure: when any rank's `local` is an error, every
// rank returns an error (its own, or "another rank failed" on the others,
// with the largest status code among the failures), so that no rank goes on into a collective the failed one will not
// make. Collective.
absl::Status Agree(Comm& comm, const absl::Status& local);

// True for the error Agree() returns on a rank that did not fail itself (the
// failed rank prints the reason; the others stay quiet).
bool IsAnotherRanksFailure(const absl::Status& s);

// `n` Comms over one process's memory, one per rank, each to be used from its
// own thread: for tests of the distributed stages without MPI.
std::vector<std::unique_ptr<Comm>> LoopbackComms(int n);

}  // namespace dedup::pipeline

#endif  // DEDUP_CORE_PIPELINE_COMM_H_
