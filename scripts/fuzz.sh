#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer and
# UndefinedBehaviorSanitizer on, the libraries instrumented for coverage) and
# runs each for FUZZ_SECONDS (default 60) from its committed seed corpus in
# tests/fuzz/corpus/. New inputs go to a scratch copy, never into the repo; a
# crash leaves its input in build-san/crashes/ and fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${FUZZ_SECONDS:-60}"
# The same build folder and configuration as scripts/sanitize.sh, so that
# after it only the fuzz targets are left to build.
BUILD="${SAN_BUILD_DIR:-build-san}"
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=None "-DCMAKE_CXX_FLAGS=-O1 -g0" \
  -DDEDUP_SANITIZE=address,undefined,fuzzer-no-link -DDEDUP_FUZZ=ON -DDEDUP_BUILD_BENCHMARKS=OFF >/dev/null
cmake --build "$BUILD" -j "$(nproc)" --target reader_fuzz gzip_fuzz normalize_fuzz blocks_fuzz
mkdir -p "$BUILD/crashes"
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
run() {  # name binary [env]
  local name="$1" bin="$2"
  local work="$BUILD/corpus-work/$name"
  rm -rf "$work" && mkdir -p "$work"
  echo "fuzz: $name for ${SECONDS_EACH}s"
  "$BUILD/tests/fuzz/$bin" "$work" "tests/fuzz/corpus/$name" -max_total_time="$SECONDS_EACH" \
    -max_len=65536 -timeout=20 -rss_limit_mb=2048 -artifact_prefix="$BUILD/crashes/$name-" -print_final_stats=1 \
    2>"$BUILD/fuzz-$name.log" || { tail -50 "$BUILD/fuzz-$name.log"; echo "fuzz: $name FAILED"; exit 1; }
  grep -E "stat::number_of_executed_units|stat::new_units_added" "$BUILD/fuzz-$name.log" | tr '\n' ' '; echo
}
DEDUP_FUZZ_FORMAT=jsonl run jsonl reader_fuzz
DEDUP_FUZZ_FORMAT=wet run wet reader_fuzz
run gzip gzip_fuzz
run normalize normalize_fuzz
run blocks blocks_fuzz
echo "fuzz: all targets ran ${SECONDS_EACH}s without a failure"
