#!/usr/bin/env bash
# Instruction counts of a one-thread `dedup clean` on the first MB megabytes
# of the generated crawl, by function (valgrind's callgrind): a figure that
# does not drift with a shared machine's load, for comparing two builds.
#
#   bench/instructions.sh [DEDUP=build/dedup] [MB=8] [TOP=15]
#
# Needs valgrind and the plain crawl that bench/e2e.sh 200 leaves in
# build/bench-data. Counts are instructions, not time: use them to compare
# builds of the same code path, and e2e.sh for throughput.
set -euo pipefail
cd "$(dirname "$0")/.."
DEDUP="${1:-build/dedup}"
MB="${2:-8}"
TOP="${3:-15}"
crawl=$(ls build/bench-data/crawl200-*.plain.jsonl 2>/dev/null | head -1)
if [[ -z "$crawl" ]]; then
  echo "instructions.sh: no build/bench-data/crawl200-*.plain.jsonl; run bench/e2e.sh 200 first" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Whole records only.
head -c "$((MB * 1000000))" "$crawl" | head -n -1 > "$tmp/slice.jsonl"
valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$DEDUP" clean "$tmp/slice.jsonl" \
  -o "$tmp/out.jsonl" --keep-duplicates --threads 1 --progress never > /dev/null 2> "$tmp/valgrind.txt"
echo "$(basename "$DEDUP"): $(wc -l < "$tmp/slice.jsonl") documents, $MB MB of crawl"
callgrind_annotate "$tmp/cg.out" 2> /dev/null | grep -E "PROGRAM TOTALS|^ *[0-9,]+ +\(" | head -n "$((TOP + 1))" |
  sed -E 's/\(std::.*|\(absl::.*|\(char.*|\(unsigned.*|\[.*//' | cut -c1-110
