#!/usr/bin/env python3
# Copyright 2026 The dedup Authors.
"""Scores near-duplicate decisions against a make_crawl.py truth file.

    bench/score_clusters.py TRUTH.jsonl[.zst] --dedup OUT.jsonl     # `dedup clean --keep-duplicates` output
    bench/score_clusters.py TRUTH.jsonl[.zst] --tsv CLUSTERS.tsv    # id<TAB>cluster (the Go peer's output)

Pair precision and recall over "same cluster" pairs, counted without listing
pairs (sum of C(n,2) over the intersection table), so it runs on any size.
"""
import argparse
import collections
import json

from eval_crawl import open_lines


def pairs(sizes):
    return sum(n * (n - 1) // 2 for n in sizes)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("truth")
    ap.add_argument("--dedup")
    ap.add_argument("--tsv")
    a = ap.parse_args()
    truth = {}
    for line in open_lines(a.truth):
        r = json.loads(line)
        truth[r["id"]] = r["cluster"]
    pred = {}
    if a.dedup:
        for line in open_lines(a.dedup):
            r = json.loads(line)
            c = r["dedup"]["cluster"]
            pred[r["id"]] = ("c", c) if c is not None else ("u", r["id"])
    else:
        with open(a.tsv) as f:
            for line in f:
                i, c = line.rstrip("\n").split("\t")
                pred[i] = c
    both = collections.Counter((truth[i], pred.get(i, ("u", i))) for i in truth)
    tp = pairs(both.values())
    t = pairs(collections.Counter(truth.values()).values())
    p = pairs(collections.Counter(pred.get(i, ("u", i)) for i in truth).values())
    prec = tp / p if p else 1.0
    rec = tp / t if t else 1.0
    print("pairs: truth %d, predicted %d, correct %d; precision %.4f recall %.4f" % (t, p, tp, prec, rec))


if __name__ == "__main__":
    main()
