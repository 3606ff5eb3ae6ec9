#!/usr/bin/env python3
# Copyright 2026 The dedup Authors.
"""Scores a `dedup clean --keep-duplicates` output against make_crawl.py's truth.

    bench/eval_crawl.py CRAWL.jsonl[.zst] TRUTH.jsonl[.zst] CLEAN.jsonl[.zst] [--json]

Near-duplicates: precision and recall over "same cluster" pairs (counted from
the intersection table, never listed, so it runs on any size). Boilerplate
and repeated blocks: byte precision and recall of each kind of removal
against the truth's byte ranges, counting non-space bytes only (a span's
trailing newline is not a disagreement). "content removed" is every removed
byte the truth keeps. The three files are streamed side by side; the clean
output must hold every document (--keep-duplicates), in input order.
Exit status 0; 1 on a mismatch between the files.
"""
import argparse
import collections
import gzip
import itertools
import json
import os
import subprocess
import sys

WS = b" \t\r\n"


def open_lines(path):
    if not os.path.isfile(path):
        sys.exit("eval_crawl.py: %s: no such file" % path)
    if path.endswith(".zst"):
        p = subprocess.Popen(["zstd", "-dcq", path], stdout=subprocess.PIPE)
        return p.stdout
    if path.endswith(".gz"):
        return gzip.open(path, "rb")
    return open(path, "rb")


def merge(spans):
    out = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        elif a < b:
            out.append([a, b])
    return out


def solid(text, a, b):
    """Non-space bytes of text[a:b]."""
    return len(text[a:b].translate(None, WS))


def solid_total(text, spans):
    return sum(solid(text, a, b) for a, b in spans)


def solid_overlap(text, xs, ys):
    i = j = n = 0
    while i < len(xs) and j < len(ys):
        a, b = max(xs[i][0], ys[j][0]), min(xs[i][1], ys[j][1])
        if a < b:
            n += solid(text, a, b)
        if xs[i][1] < ys[j][1]:
            i += 1
        else:
            j += 1
    return n


def pairs(counter):
    return sum(n * (n - 1) // 2 for n in counter.values())


def ratio(a, b):
    return a / b if b else 1.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("crawl")
    ap.add_argument("truth")
    ap.add_argument("clean")
    ap.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    a = ap.parse_args()
    truth_c, pred_c, both_c = collections.Counter(), collections.Counter(), collections.Counter()
    # kind -> [removed, truth, correct] in non-space bytes
    acc = {k: [0, 0, 0] for k in ("boilerplate", "repeated_block")}
    content_removed = content_total = docs = 0
    streams = (open_lines(a.crawl), open_lines(a.truth), open_lines(a.clean))
    for raw, tline, cline in itertools.zip_longest(*streams):
        if raw is None or tline is None or cline is None:
            sys.exit("eval_crawl.py: after %d records one file ends before the others "
                     "(crawl, truth and a --keep-duplicates clean output hold the same documents)" % docs)
        doc, t, c = json.loads(raw), json.loads(tline), json.loads(cline)
        if not (doc["id"] == t["id"] == c["id"]):
            sys.exit("eval_crawl.py: record %d: ids %s / %s / %s differ (clean needs --keep-duplicates)"
                     % (docs + 1, doc["id"], t["id"], c["id"]))
        docs += 1
        text = doc["text"].encode("utf-8")
        cl = c["dedup"]["cluster"]
        pred = ("c", cl) if cl is not None else ("u", c["id"])
        truth_c[t["cluster"]] += 1
        pred_c[pred] += 1
        both_c[(t["cluster"], pred)] += 1
        removed = {"boilerplate": [], "repeated_block": []}
        for s in c["dedup"]["removed"]:
            removed[s["kind"]].append([s["start"], s["end"]])
        gold = {"boilerplate": merge(t["boilerplate"]), "repeated_block": merge(t["repeated"])}
        all_gold = merge(gold["boilerplate"] + gold["repeated_block"])
        for k in acc:
            r = merge(removed[k])
            acc[k][0] += solid_total(text, r)
            acc[k][1] += solid_total(text, gold[k])
            acc[k][2] += solid_overlap(text, r, gold[k])
        all_removed = merge(removed["boilerplate"] + removed["repeated_block"])
        content_removed += solid_total(text, all_removed) - solid_overlap(text, all_removed, all_gold)
        content_total += len(text.translate(None, WS)) - solid_total(text, all_gold)
    tp, tt, pp = pairs(both_c), pairs(truth_c), pairs(pred_c)
    scores = {
        "documents": docs,
        "near_dup": {"truth_pairs": tt, "predicted_pairs": pp, "correct_pairs": tp,
                     "precision": ratio(tp, pp), "recall": ratio(tp, tt)},
        "content_bytes_removed": content_removed,
        "content_bytes": content_total,
    }
    for k, (rem, gold, ok) in acc.items():
        scores[k] = {"removed_bytes": rem, "truth_bytes": gold, "correct_bytes": ok,
                     "precision": ratio(ok, rem), "recall": ratio(ok, gold)}
    if a.json:
        print(json.dumps(scores))
        return
    nd = scores["near_dup"]
    print("documents %d" % docs)
    print("near-duplicate pairs   precision %.4f recall %.4f (truth %d, predicted %d, correct %d)"
          % (nd["precision"], nd["recall"], tt, pp, tp))
    for k in acc:
        s = scores[k]
        print("%-22s precision %.4f recall %.4f (non-space bytes: truth %d, removed %d, correct %d)"
              % (k.replace("_", " ") + " bytes", s["precision"], s["recall"], s["truth_bytes"],
                 s["removed_bytes"], s["correct_bytes"]))
    print("content removed        %d of %d non-space content bytes (%.4f%%)"
          % (content_removed, content_total, 100.0 * ratio(content_removed, content_total)))


if __name__ == "__main__":
    main()
