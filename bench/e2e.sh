#!/usr/bin/env bash
# End-to-end throughput and quality: generates a synthetic crawl with ground
# truth (corpus/make_crawl.py, cached under build/bench-data), times
# `dedup scan` and `dedup clean` (all detectors) on 1 core and on N cores
# (N threads, pinned with taskset) and the Go MinHash peer
# (ekzhu/minhash-lsh, Debian) on one core, and scores the clean output
# against the truth (bench/eval_crawl.py).
#
#   bench/e2e.sh [MB=200] [THREADS=$(nproc)]
#   SHARDS=128 bench/e2e.sh 2000 16    # the crawl as 128 .jsonl.zst shards of ~16 MB
#   FORMAT=gz bench/e2e.sh             # the crawl as .jsonl.gz in, .jsonl.gz out
#   FORMAT=plain bench/e2e.sh          # plain .jsonl in and out
#   FORMAT=wet bench/e2e.sh            # Common Crawl's WET (.warc.wet.gz) in, .jsonl.gz out
#
# FORMAT (zst, gz, plain or wet; zst by default) is the input's format and
# the clean output's compression: the same documents, recompressed (gzip
# -6), plain, or as WET records of one gzip member each (bench/to_wet.py),
# cached beside the crawl. The zstd floor is printed for zst only.
# A crawl is many shards, which dedup reads several at a time. One
# compressed file can only be decompressed by one thread, and every pass
# reads the input again, so on many cores it bounds the run: SHARDS=N
# splits the crawl into N files (cached beside it) and runs dedup on their
# folder. The peer and the scoring read the one file, the same documents.
#
# Prints MB/s per core (text bytes, as the report counts them), docs/s and
# peak RSS per run. Build first (scripts/build.sh). The peer needs golang-go
# and golang-github-ekzhu-minhash-lsh-dev (scripts/setup.sh --bench).
set -euo pipefail
cd "$(dirname "$0")/.."
MB="${1:-200}"
THREADS="${2:-$(nproc)}"
DEDUP="${DEDUP:-build/dedup}"
DATA=build/bench-data
mkdir -p "$DATA"
# The cached crawl is named by the generator's hash: a changed generator
# makes a new crawl instead of reusing one it would no longer write.
GEN=$(sha1sum corpus/make_crawl.py | cut -c1-8)
CRAWL="$DATA/crawl${MB}-$GEN.jsonl.zst"
TRUTH="$DATA/truth${MB}-$GEN.jsonl.zst"
if [[ ! -s "$CRAWL" || ! -s "$TRUTH" ]]; then
  python3 corpus/make_crawl.py --mb "$MB" --out "$CRAWL" --truth "$TRUTH"
fi
FORMAT="${FORMAT:-zst}"
case "$FORMAT" in
  zst) EXT=.zst ;;
  gz) EXT=.gz ;;
  plain) EXT= ;;
  wet) EXT=.gz ;;
  *) echo "e2e.sh: FORMAT must be zst, gz, plain or wet, not $FORMAT" >&2; exit 2 ;;
esac
PLAIN="$DATA/crawl${MB}-$GEN.plain.jsonl"  # the peer and FORMAT=plain read it
[[ -s "$PLAIN" ]] || zstd -dcq "$CRAWL" >"$PLAIN"
INPUT="$CRAWL"
[[ "$FORMAT" == plain ]] && INPUT="$PLAIN"
if [[ "$FORMAT" == gz ]]; then
  INPUT="$DATA/crawl${MB}-$GEN.jsonl.gz"
  [[ -s "$INPUT" ]] || { gzip -6 -c "$PLAIN" >"$INPUT.tmp" && mv "$INPUT.tmp" "$INPUT"; }
fi
if [[ "$FORMAT" == wet ]]; then
  INPUT="$DATA/crawl${MB}-$GEN.warc.wet.gz"
  [[ -s "$INPUT" ]] || python3 bench/to_wet.py "$PLAIN" "$INPUT"
fi
SHARDS="${SHARDS:-1}"
if ((SHARDS > 1)) && [[ "$FORMAT" == wet ]]; then
  echo "e2e.sh: SHARDS works with zst, gz and plain" >&2
  exit 2
fi
if ((SHARDS > 1)); then
  INPUT="$DATA/crawl${MB}-$GEN-x$SHARDS${EXT:--plain}"
  [[ "$FORMAT" == zst ]] && INPUT="$DATA/crawl${MB}-$GEN-x$SHARDS"
  if [[ ! -d "$INPUT" ]]; then
    rm -rf "$INPUT.tmp" && mkdir -p "$INPUT.tmp"
    split -n "l/$SHARDS" -d -a 3 --additional-suffix=.jsonl "$PLAIN" "$INPUT.tmp/part-"
    case "$FORMAT" in
      zst) zstd -q -3 -T0 --rm "$INPUT.tmp"/part-*.jsonl ;;
      gz) gzip -6 "$INPUT.tmp"/part-*.jsonl ;;
    esac
    mv "$INPUT.tmp" "$INPUT"
  fi
fi
CLEAN="$DATA/clean.jsonl$EXT"
"$DEDUP" scan "$INPUT" --threads "$THREADS" --progress never --report "$DATA/report.json" >/dev/null
read -r DOCS BYTES < <(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["documents"], r["bytes"])' "$DATA/report.json")
echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores; input $INPUT: $DOCS docs, $((BYTES / 1000000)) MB of text, $(($(du -sbL "$INPUT" | cut -f1) / 1000000)) MB compressed"

# run LABEL CORES STDOUT CMD...: wall time, MB/s per core, docs/s, peak RSS.
# The command is pinned to CORES cores (taskset): "1 core" is one core, even
# though dedup's reader, consumer and zstd threads would otherwise spread a
# one-worker run over more, and the Go runtime runs its collector beside.
run() {
  local label=$1 cores=$2 out=$3
  shift 3
  if ! /usr/bin/time -o "$DATA/time.txt" -f '%e %M' taskset -c "0-$((cores - 1))" "$@" >"$out" 2>"$DATA/stderr.txt"; then
    echo "$label failed:" >&2
    cat "$DATA/stderr.txt" >&2
    return 1
  fi
  read -r secs rss <"$DATA/time.txt"
  awk -v l="$label" -v c="$cores" -v s="$secs" -v r="$rss" -v b="$BYTES" -v d="$DOCS" \
    'BEGIN { printf "%-22s %2d core(s) %7.2f s %7.1f MB/s/core %8.0f docs/s %6.0f MB peak RSS\n", l, c, s, b / 1e6 / s / c, d / s, r / 1024 }'
}

for t in 1 "$THREADS"; do
  run "dedup scan" "$t" /dev/null "$DEDUP" scan "$INPUT" --threads "$t" --progress never --report "$DATA/report.json"
  run "dedup clean" "$t" /dev/null "$DEDUP" clean "$INPUT" -o "$CLEAN" --keep-duplicates --threads "$t" \
    --progress never --report "$DATA/report-clean-$t.json"
done
# The floor that compression sets for `clean` on one core, before any work
# of dedup's own: the input is decompressed three times (count, sign, write
# passes) and the output compressed once (zstd level 3, as dedup writes it).
if [[ "$FORMAT" == zst ]]; then
  zstd -dcq "$CLEAN" >"$DATA/clean.plain.jsonl"
  /usr/bin/time -o "$DATA/time.txt" -f '%e' taskset -c 0 zstd -dcq "$CRAWL" >/dev/null
  read -r dsecs <"$DATA/time.txt"
  /usr/bin/time -o "$DATA/time.txt" -f '%e' taskset -c 0 zstd -3 -T1 -cq "$DATA/clean.plain.jsonl" >/dev/null
  read -r csecs <"$DATA/time.txt"
  rm -f "$DATA/clean.plain.jsonl"
  awk -v d="$dsecs" -v c="$csecs" -v b="$BYTES" 'BEGIN { f = 3 * d + c;
    printf "zstd floor of clean    1 core(s) %7.2f s %7.1f MB/s/core (decompress %.2f s x 3, compress the output %.2f s)\n", f, b / 1e6 / f, d, c }'
fi
# Where the time goes (the report's seconds: read, blocks and boilerplate
# lie inside the passes and are not part of the total).
python3 - "$DATA/report.json" "$DATA/report-clean-1.json" "$DATA/report-clean-$THREADS.json" "$THREADS" <<'PY'
import json, sys
for label, path in (("scan, %s core(s)" % sys.argv[4], sys.argv[1]), ("clean, 1 core", sys.argv[2]),
                    ("clean, %s core(s)" % sys.argv[4], sys.argv[3])):
    s = json.load(open(path))["seconds"]
    print("dedup %s, stages (s): %s" % (label, ", ".join("%s %.2f" % kv for kv in s.items())))
PY
echo "dedup clean against the truth:"
python3 bench/eval_crawl.py "$CRAWL" "$TRUTH" "$CLEAN"

if command -v go >/dev/null && [[ -d /usr/share/gocode/src/github.com/ekzhu/minhash-lsh ]]; then
  PEER_DIR="$DATA/peer"
  if [[ ! -x "$PEER_DIR/peer" ]]; then
    mkdir -p "$PEER_DIR/src/peer"
    cp bench/peer/main.go "$PEER_DIR/src/peer/"
    (cd "$PEER_DIR/src/peer" && GO111MODULE=off GOPATH="$PWD/../..":/usr/share/gocode GOPROXY=off \
      GOCACHE="$PWD/../../cache" go build -o ../../peer .)
  fi
  # The peer reads plain JSONL; decompression is not timed.
  run "go ekzhu/minhash-lsh" 1 "$DATA/peer.tsv" "$PEER_DIR/peer" "$PLAIN"
  echo -n "go peer near-duplicate "
  python3 bench/score_clusters.py "$TRUTH" --tsv "$DATA/peer.tsv"
else
  echo "(Go peer not installed: scripts/setup.sh --bench)"
fi
