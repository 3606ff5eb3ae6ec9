#!/usr/bin/env python3
# Copyright 2026 The dedup Authors.
"""Extracts the real text that build.py uses into corpus/boilerplate/sources/.

Run once on a Debian 12 machine (the outputs are committed; build.py does not
need this script or the packages):

    apt-get install -y debian-faq-zh-cn debian-reference-zh-tw
    python3 corpus/boilerplate/make_sources.py

Writes, one section per "@@ <title>" line followed by one paragraph a line:
  sources/debian-faq-zh-cn.txt      Debian FAQ, Simplified Chinese (package debian-faq-zh-cn)
  sources/debian-reference-zh-tw.txt Debian Reference, Traditional Chinese (debian-reference-zh-tw)
  sources/licenses-en.txt           /usr/share/common-licenses/* (package base-files)
  sources/readmes-en.txt            a few /usr/share/doc/*/README* files
Standard library only; output is deterministic for a given set of input files.
"""
import gzip
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "sources")


def read(path):
    if path.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8", errors="replace") as f:
            return f.read().replace("\u00a0", " ")
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().replace("\u00a0", " ")


def is_cjk(ch):
    return "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef"


def cjk_ratio(s):
    chars = [c for c in s if not c.isspace()]
    return sum(is_cjk(c) for c in chars) / max(1, len(chars))


def join_cjk(lines):
    out = ""
    for ln in lines:
        ln = ln.strip()
        if out and out[-1].isascii() and out[-1].isalnum() and ln[:1].isascii() and ln[:1].isalnum():
            out += " "
        out += ln
    out = re.sub(r"\s*\(https?:[^)]*\)", "", out).replace(" ）", "）")
    return re.sub(r"[ \t]+", " ", out).strip()


def docbook_txt_sections(text, start_re, max_sections, must=None):
    """Sections (title, [paragraphs]) of a DocBook plain-text rendering."""
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not re.match(start_re, lines[i]):
        i += 1
    sections, title, paras, block = [], None, [], []

    def flush_block():
        if not block:
            return
        raw = "\n".join(block)
        block.clear()
        if "|" in raw or "+--" in raw or re.search(r"^\s*[$#] ", raw, re.M):
            return
        p = join_cjk([re.sub(r"^\s*\*\s+", "", b) for b in raw.split("\n")])
        if len(p) >= 25 and cjk_ratio(p) >= 0.45 and not p.startswith("表格"):
            paras.append(p)

    def flush_section():
        flush_block()
        if title and (len(paras) >= 3 or (must and len(paras) >= 2 and any(re.search(must, p) for p in paras))):
            sections.append((title, list(paras)))
        paras.clear()

    title_open = False
    for ln in lines[i:]:
        if title_open and ln.strip():  # a long title wraps onto the next line
            title = join_cjk([title, ln])
            continue
        title_open = False
        m = re.match(r"^(\d+(?:\.\d+)+)\.\s+(\S.*)$", ln)
        if m:
            flush_section()
            title = m.group(2).strip()
            title_open = True
            continue
        if re.match(r"^(第 \d+ 章|章 \d+\.)", ln):
            flush_section()
            title = None
            continue
        if not ln.strip():
            flush_block()
        elif ln.startswith("    "):
            block.append(ln)
        else:
            flush_block()
    flush_section()
    keep = sections[:max_sections]
    if must:  # also keep the sections whose prose matches `must`
        keep += [s for s in sections[max_sections:] if any(re.search(must, p) for p in s[1])]
    return keep


def plain_sections(path, title, min_words, indented_code=True):
    """One section of blank-line separated paragraphs of an English text."""
    paras = []
    for raw in re.split(r"\n\s*\n", read(path)):
        raw = raw.strip("\n")
        code = r"^\s*[$>]\s|^ {4,}\S|^\t|```|^\s*[-=*]{3,}\s*$|[{};]\s*$" if indented_code else r"^\s*[-=*]{3,}\s*$"
        if not raw.strip() or re.search(code, raw, re.M) or raw.strip().startswith("["):
            continue
        p = re.sub(r"\s+", " ", raw).strip()
        p = re.sub(r"^#+\s*", "", p)
        p = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", p)  # markdown links
        p = p.replace("`", "").replace("**", "")
        if len(p.split()) < min_words or len(p) > 1200 or "<" in p or "@" in p:
            continue
        paras.append(p)
    return [(title, paras)] if len(paras) >= 3 else []


def write(name, sections, note):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write("# " + note + "\n")
        for title, paras in sections:
            f.write("@@ " + title + "\n")
            for p in paras:
                f.write(p + "\n")
    print(path, len(sections), "sections", sum(len(p) for _, p in sections), "paragraphs")


def main():
    os.makedirs(OUT, exist_ok=True)
    write("debian-faq-zh-cn.txt",
          docbook_txt_sections(read("/usr/share/doc/debian/FAQ/debian-faq.zh-cn.txt.gz"),
                               r"^第 1 章", 60),
          "Debian FAQ (zh-cn), package debian-faq-zh-cn, /usr/share/doc/debian/FAQ/debian-faq.zh-cn.txt.gz")
    write("debian-reference-zh-tw.txt",
          docbook_txt_sections(read("/usr/share/debian-reference/debian-reference.zh-tw.txt.gz"),
                               r"^章 1\.", 40, must="電話號碼"),
          "Debian Reference (zh-tw), package debian-reference-zh-tw, /usr/share/debian-reference/debian-reference.zh-tw.txt.gz")
    write("debian-reference-zh-cn.txt",
          [s for s in docbook_txt_sections(read("/usr/share/debian-reference/debian-reference.zh-cn.txt.gz"),
                                           r"^(章 1\.|第 1 章)", 0, must="电话号码")],
          "Debian Reference (zh-cn), package debian-reference-zh-cn, /usr/share/debian-reference/debian-reference.zh-cn.txt.gz (only the sections that mention 电话号码)")
    lic = []
    for name in ["GPL-3", "GPL-2", "LGPL-2.1", "Apache-2.0", "MPL-2.0", "GFDL-1.3", "Artistic", "CC0-1.0", "BSD"]:
        lic += plain_sections("/usr/share/common-licenses/" + name, name, 3, indented_code=False)
    write("licenses-en.txt", lic, "Debian /usr/share/common-licenses (package base-files)")
    docs = []
    for rel in ["coreutils/README.gz", "findutils/README.gz", "bash/README.gz", "e2fsprogs/README",
                "fakeroot/README", "apt/README.md.gz", "bats/README.md.gz", "cscope/README",
                "bc/README", "ed/README.gz", "dbus/README.gz", "base-files/README.FHS",
                "debian-reference-common/README.md.gz", "adduser/README.gz", "base-passwd/README"]:
        path = "/usr/share/doc/" + rel
        if os.path.exists(path):
            docs += plain_sections(path, rel.split("/")[0], 12)
    write("readmes-en.txt", docs, "Debian /usr/share/doc/*/README* (one section per package)")


if __name__ == "__main__":
    main()
