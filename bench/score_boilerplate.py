#!/usr/bin/env python3
# Copyright 2026 The dedup Authors.
"""Line precision/recall of boilerplate removal against corpus/boilerplate gold labels.

    build/dedup clean corpus/boilerplate/pages.jsonl -o /tmp/bp.jsonl --no-near-dup --no-repeated-blocks
    bench/score_boilerplate.py corpus/boilerplate /tmp/bp.jsonl
"""
import json
import os
import sys


def main():
    corpus, out = sys.argv[1], sys.argv[2]
    gold = {}
    with open(os.path.join(corpus, "gold.jsonl")) as f:
        for line in f:
            r = json.loads(line)
            gold[r["id"]] = set(r["furniture"])
    with open(os.path.join(corpus, "pages.jsonl")) as f:
        pages = {r["id"]: r["text"] for r in map(json.loads, f)}
    tp = fp = fn = 0
    with open(out) as f:
        for line in f:
            r = json.loads(line)
            spans = [(s["start"], s["end"]) for s in r["dedup"]["removed"] if s["kind"] == "boilerplate"]
            pos, removed = 0, set()
            for i, text in enumerate(pages[r["id"]].encode().split(b"\n"), 1):
                s, e = pos, pos + len(text)
                if text.strip() and any(a <= s and e <= b for a, b in spans):
                    removed.add(i)
                pos = e + 1
            g = gold[r["id"]]
            tp += len(removed & g)
            fp += len(removed - g)
            fn += len(g - removed)
    print("lines: precision %.3f recall %.3f (tp %d, fp %d, fn %d)" % (tp / max(1, tp + fp), tp / max(1, tp + fn), tp, fp, fn))


if __name__ == "__main__":
    main()
