#!/usr/bin/env bash
# The same `dedup clean` in one process and split among MPI ranks (issue 8):
# wall time, MB/s per core, docs/s and the peak RSS of the largest rank, for
# 1, 2 and 4 ranks (or the RANKS given), each rank with cores/ranks threads,
# the whole job pinned to the machine's cores. Checks that the shards, in
# rank order, are byte for byte the single-process output.
#
#   bench/mpi.sh [MB=200] [RANKS="1 2 4"]
#
# The input is the crawl of bench/e2e.sh as one plain JSONL file, which the
# ranks split at line boundaries. Build with MPI first:
# scripts/build.sh -DDEDUP_MPI=ON (scripts/test.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
MB="${1:-200}"
RANKS="${2:-1 2 4}"
DEDUP="${DEDUP:-build/dedup}"
DATA=build/bench-data
CORES=$(nproc)
mkdir -p "$DATA"
# The cached crawl is named by the generator's hash: a changed generator
# makes a new crawl instead of reusing one it would no longer write.
GEN=$(sha1sum corpus/make_crawl.py | cut -c1-8)
CRAWL="$DATA/crawl${MB}-$GEN.jsonl.zst"
PLAIN="$DATA/crawl${MB}-$GEN.plain.jsonl"
if [[ ! -s "$CRAWL" ]]; then
  python3 corpus/make_crawl.py --mb "$MB" --out "$CRAWL" --truth "$DATA/truth${MB}-$GEN.jsonl.zst"
fi
if [[ ! -s "$PLAIN" ]]; then zstd -q -d -f "$CRAWL" -o "$PLAIN"; fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

"$DEDUP" scan "$PLAIN" --progress never --report "$DATA/mpi-report.json" >/dev/null 2>&1
read -r DOCS BYTES < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["documents"], r["bytes"])' "$DATA/mpi-report.json")
echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $CORES cores; $(mpirun --version | head -1)"
echo "input $PLAIN: $DOCS docs, $((BYTES / 1000000)) MB of text"

# line LABEL CORES SECONDS RSS_KB
line() {
  awk -v l="$1" -v c="$2" -v s="$3" -v r="$4" -v b="$BYTES" -v d="$DOCS" \
    'BEGIN { printf "%-26s %2d core(s) %7.2f s %7.1f MB/s/core %7.1f MB/s %8.0f docs/s %6.0f MB peak RSS/rank\n", l, c, s, b / 1e6 / s / c, b / 1e6 / s, d / s, r / 1024 }'
}

rm -f "$DATA/mpi-single.jsonl"
/usr/bin/time -o "$DATA/time.txt" -f '%e %M' taskset -c "0-$((CORES - 1))" \
  "$DEDUP" clean "$PLAIN" -o "$DATA/mpi-single.jsonl" --threads "$CORES" --progress never 2>/dev/null
read -r secs rss <"$DATA/time.txt"
line "one process, $CORES threads" "$CORES" "$secs" "$rss"

for r in $RANKS; do
  threads=$((CORES / r))
  if ((threads < 1)); then threads=1; fi
  out="$DATA/mpi-shards-$r"
  rm -rf "$out" "$DATA"/mpi-rss.*
  start=$(date +%s.%N)
  taskset -c "0-$((CORES - 1))" mpirun --oversubscribe --bind-to none -np "$r" \
    sh -c '/usr/bin/time -o "$0.$OMPI_COMM_WORLD_RANK" -f %M "$@"' "$DATA/mpi-rss" \
    "$DEDUP" clean "$PLAIN" -o "$out" --threads "$threads" 2>/dev/null
  end=$(date +%s.%N)
  rss=$(cat "$DATA"/mpi-rss.* | sort -n | tail -1)
  cores=$((r * threads < CORES ? r * threads : CORES))
  line "mpirun -np $r, $threads thread(s)" "$cores" "$(echo "$end - $start" | bc)" "$rss"
  if cat "$out"/part-*.jsonl | cmp -s - "$DATA/mpi-single.jsonl"; then
    echo "  shards = the single-process output, byte for byte"
  else
    echo "  shards DIFFER from the single-process output" >&2
    exit 1
  fi
done
