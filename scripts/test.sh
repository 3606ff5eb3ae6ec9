#!/usr/bin/env bash
# Builds dedup with MPI (-DDEDUP_MPI=ON: the plain build plus core/dist, so
# the suite checks both one process and `mpirun -np 4`) and runs the whole
# GoogleTest suite through ctest; then the
# suite again under AddressSanitizer + UndefinedBehaviorSanitizer
# (scripts/sanitize.sh), and each libFuzzer target for FUZZ_SECONDS (60) from
# its seed corpus (scripts/fuzz.sh). DEDUP_QUICK=1 stops after the first run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh -DDEDUP_MPI=ON
ctest --test-dir "${BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
if [ -n "${DEDUP_QUICK:-}" ]; then exit 0; fi
scripts/sanitize.sh
scripts/fuzz.sh
