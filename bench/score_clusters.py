#!/usr/bin/env python3
# Copyright 2026 The dedup Authors.
"""Scores another tool's near-duplicate clusters against a make_crawl.py truth file.

    bench/score_clusters.py TRUTH.jsonl[.zst] --tsv CLUSTERS.tsv    # id<TAB>cluster (the Go peer's output)

Pair precision and recall over "same cluster" pairs, counted as
bench/eval_crawl.py counts them (which scores dedup's own output, spans
included). A document missing from the TSV is a cluster of its own.
"""
import argparse
import collections
import json

from eval_crawl import open_lines, pairs, ratio


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("truth")
    ap.add_argument("--tsv", required=True)
    a = ap.parse_args()
    truth = {}
    for line in open_lines(a.truth):
        r = json.loads(line)
        truth[r["id"]] = r["cluster"]
    pred = {}
    with open(a.tsv) as f:
        for line in f:
            i, c = line.rstrip("\n").split("\t")
            pred[i] = c
    label = {i: pred.get(i, ("u", i)) for i in truth}
    tp = pairs(collections.Counter((truth[i], label[i]) for i in truth))
    t = pairs(collections.Counter(truth.values()))
    p = pairs(collections.Counter(label.values()))
    print("pairs: truth %d, predicted %d, correct %d; precision %.4f recall %.4f" % (t, p, tp, ratio(tp, p), ratio(tp, t)))


if __name__ == "__main__":
    main()
