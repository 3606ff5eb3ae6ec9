// Copyright 2026 The dedup Authors.
//
// pipeline::Comm over MPI (issue 8): `mpirun -np N dedup clean ...` (or
// `srun dedup clean ...` under Slurm) splits the run among N ranks. Only the
// DEDUP_MPI build has this; the pipeline itself knows only comm.h.
//
// Payloads of any size: MPI counts are ints, so exchanges larger than 1 GiB
// go in rounds of at most 1 GiB per rank.
#ifndef DEDUP_CORE_DIST_MPI_COMM_H_
#define DEDUP_CORE_DIST_MPI_COMM_H_

#include <memory>

#include "core/pipeline/comm.h"

namespace dedup::dist {

// True when an MPI launcher started this process (mpirun/mpiexec of Open MPI
// or MPICH, srun with PMI or PMIx), so that main() should join the job.
bool LaunchedByMpi();

// Joins the MPI job (MPI_Init_thread, main thread only) and leaves it
// (MPI_Finalize) when destroyed. One per process.
class MpiJob {
 public:
  MpiJob(int* argc, char*** argv);
  ~MpiJob();
  MpiJob(const MpiJob&) = delete;
  MpiJob& operator=(const MpiJob&) = delete;

  pipeline::Comm& comm() { return *comm_; }
  // Ranks of the job on this machine (they share its cores).
  int local_ranks() const { return local_ranks_; }

 private:
  std::unique_ptr<pipeline::Comm> comm_;
  int local_ranks_ = 1;
};

}  // namespace dedup::dist

#endif  // DEDUP_CORE_DIST_MPI_COMM_H_
