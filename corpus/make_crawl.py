#!/usr/bin/env python3
# Copyright 2026 The dedup Authors.
"""Writes a synthetic crawl of a given size with known near-duplicate clusters.

    corpus/make_crawl.py --mb 200 --out crawl.jsonl [--seed 1] [--truth truth.jsonl]

Text comes from real text: the seed pages in corpus/seeds (Chinese: 10% of
Chinese pages traditional, from the traditional seed 004) and the
licence texts Debian ships in /usr/share/common-licenses (English). Each
unique page is new text drawn from an order-2 Markov chain over the
characters (Chinese) or words (English) of those sources, so unrelated pages
share few 5-gram shingles, as in a real crawl; pages are cut into lines and
paragraphs like crawled articles. Then:
  - reposts with edits: a copy of an earlier page with about 5% of its lines
    dropped or replaced (Jaccard ~0.8-0.95), in the same near-duplicate cluster;
  - exact copies;
  - unique pages (the rest).
The truth file lists, per document, the id of its cluster's first document.
Deterministic from --seed. Output is plain JSONL (`id`, `site`, `url`,
`text`); pipe through `zstd` for .jsonl.zst. Standard library only.
"""
import argparse
import collections
import glob
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def chinese_source(traditional):
    """The simplified seeds (000-003), or the traditional one (004)."""
    text = []
    for path in sorted(glob.glob(os.path.join(HERE, "seeds", "*.txt"))):
        if os.path.basename(path).startswith("004") != traditional:
            continue
        with open(path, encoding="utf-8") as f:
            text.append(f.read())
    return "\n".join(text)


def english_source():
    words = []
    for path in sorted(glob.glob("/usr/share/common-licenses/*")):
        if os.path.isfile(path):
            with open(path, encoding="utf-8", errors="replace") as f:
                words.extend(f.read().split())
    if not words:  # a machine without the licences: fall back to the seeds only
        return None
    return words


class Markov:
    """Order-2 chain over a token sequence."""

    def __init__(self, tokens):
        self.next = collections.defaultdict(list)
        for a, b, c in zip(tokens, tokens[1:], tokens[2:]):
            self.next[(a, b)].append(c)
        self.starts = list(self.next.keys())

    def run(self, rng, n):
        a, b = rng.choice(self.starts)
        out = [a, b]
        while len(out) < n:
            nxt = self.next.get((a, b))
            if not nxt:
                a, b = rng.choice(self.starts)
                out.extend((a, b))
                continue
            c = rng.choice(nxt)
            out.append(c)
            a, b = b, c
        return out


def page(tokens, rng, joiner, ends_sentence, min_tokens):
    """Cuts a token run into lines (paragraphs) at some sentence ends."""
    lines, cur = [], []
    for t in tokens:
        if t == "\n":
            continue
        cur.append(t)
        if ends_sentence(t) and len(cur) > min_tokens and rng.random() < 0.5:
            lines.append(joiner.join(cur))
            cur = []
    if cur:
        lines.append(joiner.join(cur))
    return lines


def chinese_page(chain, rng, size):
    return page(chain.run(rng, size // 3), rng, "", lambda ch: ch in "。！？", 40)


def english_page(chain, rng, size):
    return page(chain.run(rng, size // 6), rng, " ", lambda w: w.endswith("."), 30)


def edit(lines, rng, pool):
    out = []
    for line in lines:
        r = rng.random()
        if r < 0.03:
            continue
        if r < 0.05:
            out.append(rng.choice(pool))
            continue
        out.append(line)
    return out or lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=200, help="approximate size of the text in MB")
    ap.add_argument("--out", required=True, help="output .jsonl (never overwritten in place: written to OUT.tmp, renamed)")
    ap.add_argument("--truth", help="optional ground-truth .jsonl: id, cluster (id of the cluster's first document)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--english", type=float, default=0.3, help="share of English pages")
    ap.add_argument("--traditional", type=float, default=0.1, help="share of Chinese pages in traditional characters")
    ap.add_argument("--reposts", type=float, default=0.10, help="share of pages that are edited reposts")
    ap.add_argument("--copies", type=float, default=0.05, help="share of pages that are exact copies")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    zh = Markov(list(chinese_source(False)))
    zh_hant = Markov(list(chinese_source(True)))
    en_words = english_source()
    en = Markov(en_words) if en_words else None
    target = int(args.mb * 1e6)
    written = 0
    pages = []  # (id, lines) of earlier unique pages, bounded
    tmp = args.out + ".tmp"
    truth = open(args.truth + ".tmp", "w", encoding="utf-8") if args.truth else None
    cluster_of = {}
    n = 0
    with open(tmp, "w", encoding="utf-8") as out:
        while written < target:
            r = rng.random()
            doc_id = "p%08d" % n
            site = "site%03d.example.cn" % rng.randrange(200)
            if pages and r < args.reposts:
                src_id, src_lines = rng.choice(pages)
                lines = edit(src_lines, rng, src_lines)
                cluster = cluster_of[src_id]
            elif pages and r < args.reposts + args.copies:
                src_id, lines = rng.choice(pages)
                cluster = cluster_of[src_id]
            else:
                size = int(rng.lognormvariate(8.8, 0.6))  # median ~6.6 KB
                if en and rng.random() < args.english:
                    lines = english_page(en, rng, size)
                    site = "site%03d.example.org" % rng.randrange(100)
                elif rng.random() < args.traditional:
                    lines = chinese_page(zh_hant, rng, size)
                    site = "site%03d.example.tw" % rng.randrange(50)
                else:
                    lines = chinese_page(zh, rng, size)
                cluster = doc_id
                pages.append((doc_id, lines))
                if len(pages) > 5000:
                    pages.pop(rng.randrange(len(pages)))
            cluster_of[doc_id] = cluster
            text = "\n".join(lines)
            rec = {"id": doc_id, "site": site, "url": "https://%s/a/%d.html" % (site, n), "text": text}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            if truth:
                truth.write(json.dumps({"id": doc_id, "cluster": cluster}) + "\n")
            written += len(text.encode("utf-8"))
            n += 1
    os.replace(tmp, args.out)
    if truth:
        truth.close()
        os.replace(args.truth + ".tmp", args.truth)
    print("%s: %d documents, %.1f MB of text" % (args.out, n, written / 1e6), file=sys.stderr)


if __name__ == "__main__":
    main()
