#!/bin/bash
# Peak RSS of a dedup run, stage by stage: runs `dedup ARGS... --report R`,
# samples the process's resident set every second from /proc, and maps the
# samples onto the stage timings of the report.
#
#   bench/rss_stages.sh clean crawl.jsonl.zst -o clean.jsonl.zst --keep-duplicates --threads 2
#
# Prints, per stage, its span in seconds and the largest and last sample.
# Samples are a second apart, so a stage shorter than that may show none.
set -euo pipefail
cd "$(dirname "$0")/.."
DEDUP="${DEDUP:-build/dedup}"
[[ $# -ge 1 ]] || { echo "usage: bench/rss_stages.sh clean|scan INPUT... [dedup options]" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$DEDUP" "$@" --progress never --report "$work/report.json" >"$work/stdout" 2>"$work/stderr" &
pid=$!
start=$(date +%s.%N)
while kill -0 "$pid" 2>/dev/null; do
  kb=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
  [[ -n "$kb" ]] && echo "$(date +%s.%N) $kb" >>"$work/samples"
  sleep 1
done
if ! wait "$pid"; then
  echo "rss_stages.sh: dedup failed:" >&2
  cat "$work/stderr" >&2
  exit 1
fi
python3 - "$work/report.json" "$work/samples" "$start" <<'EOF'
import json, sys
seconds = json.load(open(sys.argv[1]))["seconds"]
start = float(sys.argv[3])
samples = [(float(t) - start, int(kb)) for t, kb in (l.split() for l in open(sys.argv[2]))]
t = 0.0
for stage, s in seconds.items():
    if stage == "total":
        continue
    inside = [kb for at, kb in samples if t <= at < t + s]
    peak = "%8.0f MiB" % (max(inside) / 1024) if inside else "%12s" % "-"
    last = "%8.0f MiB" % (inside[-1] / 1024) if inside else "%12s" % "-"
    print("%-16s %8.1f-%8.1f s  peak %s  last %s" % (stage, t, t + s, peak, last))
    t += s
print("whole run peak %.0f MiB (sampled; /usr/bin/time's %%M catches peaks between samples)" %
      (max(kb for _, kb in samples) / 1024))
EOF
