#!/usr/bin/env python3
# Copyright 2026 The dedup Authors.
"""Writes a JSONL crawl as Common Crawl writes WET files: one WARC
conversion record per page, each its own gzip member, after a warcinfo
record. The page's id becomes its WARC-Record-ID and its url the
WARC-Target-URI, so that dedup's output of the WET file carries the ids
bench/eval_crawl.py matches against the truth.

    bench/to_wet.py CRAWL.jsonl OUT.warc.wet.gz
"""
import json
import os
import sys
import zlib


def member(data):
    c = zlib.compressobj(6, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def record(kind, headers, body):
    head = "WARC/1.0\r\nWARC-Type: %s\r\n" % kind
    head += "".join("%s: %s\r\n" % kv for kv in headers)
    head += "Content-Length: %d\r\n\r\n" % len(body)
    return head.encode() + body + b"\r\n\r\n"


def main():
    src, dst = sys.argv[1], sys.argv[2]
    with open(src, encoding="utf-8") as f, open(dst + ".tmp", "wb") as out:
        out.write(member(record("warcinfo", [], b"software: bench/to_wet.py\r\n")))
        for line in f:
            doc = json.loads(line)
            headers = [("WARC-Target-URI", doc.get("url", "")), ("WARC-Record-ID", doc["id"]),
                       ("Content-Type", "text/plain")]
            out.write(member(record("conversion", headers, doc["text"].encode("utf-8"))))
    os.replace(dst + ".tmp", dst)


if __name__ == "__main__":
    main()
