#!/usr/bin/env bash
# Builds the whole test suite with clang under AddressSanitizer and
# UndefinedBehaviorSanitizer (into build-san, with the libFuzzer targets,
# which scripts/fuzz.sh then reuses) and runs it through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD="${SAN_BUILD_DIR:-build-san}"
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=None "-DCMAKE_CXX_FLAGS=-O1 -g0" \
  -DDEDUP_SANITIZE=address,undefined,fuzzer-no-link -DDEDUP_FUZZ=ON -DDEDUP_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$BUILD" -j "$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --test-dir "$BUILD" --output-on-failure -j "$(nproc)"
