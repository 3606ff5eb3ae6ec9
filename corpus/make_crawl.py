#!/usr/bin/env python3
# Copyright 2026 The dedup Authors.
"""Writes a synthetic crawl of any size, with the structure of a real one and
its ground truth.

    corpus/make_crawl.py --mb 200 --out crawl.jsonl.zst --truth truth.jsonl.zst [--seed 1]

Text. Real sentences, never invented: the Chinese man pages of Debian's
manpages-zh (zh_CN simplified, zh_TW traditional), the English Linux man
pages of Debian's manpages (both unpacked by scripts/setup.sh into
build/debian-text, so the text does not depend on what else a machine has
installed), the licences in /usr/share/common-licenses, and the seed pages in
corpus/seeds. Roff markup is
stripped, text is cut into sentences, and repeated sentences are dropped, so
that two pages share text only where this generator puts it there. A page is
a title and paragraphs of sentences drawn without replacement.

Structure. Pages belong to sites; each site has its own header and footer
(site name, navigation, breadcrumb, publication metadata with the page's own
date and counters, share and print links, previous/next and related-article
links, friend links, copyright/ICP/address/telephone lines) in its language.
Then, by share of pages:
  - reposts (--reposts): an earlier page's body with 2-7% of its sentences
    replaced (rounded: a page of under 25 sentences may come back unedited),
    on another site; Jaccard of 5-gram shingles about 0.85-0.95;
  - traditional reposts (--trad-reposts): an earlier simplified page
    converted to traditional characters (OpenCC s2t), on a traditional site;
  - exact copies (--copies);
  - related pages (--related): half of an earlier page's sentences plus new
    ones; NOT duplicates (Jaccard well below 0.8), they test precision;
  - doubled pages (--doubled): the body saved twice, the second copy laid out
    again (paragraphs joined or split);
  - unique pages (the rest).

Truth (JSONL, one record per document, same order): id; cluster (the id of
the cluster's first document); boilerplate and repeated: [start, end) byte
ranges of the UTF-8 text that a perfect cleaner removes (furniture lines; the
second copy of a doubled body). bench/eval_crawl.py scores a `dedup clean`
output against it.

Deterministic from --seed (and the installed packages). Output ending in
.zst or .gz is compressed through zstd / gzip. Standard library plus the
opencc and zstd commands (scripts/setup.sh installs both).
"""
import argparse
import glob
import gzip
import hashlib
import json
import math
import os
import random
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE_VERSION = 3

# --------------------------------------------------------------------------
# Sentences from real text.

ROFF_FONT = re.compile(r"\\f(\[[^\]]*\]|\(..|.)")
ROFF_ESC = re.compile(r"\\(\(..|\[[^\]]*\]|\*\(..|\*\[[^\]]*\]|\*.|s[-+]?\d|.)")
ZH_SPLIT = re.compile(r"(?<=[。！？；])")
EN_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
CJK = re.compile(r"[\u4e00-\u9fff]")


def roff_lines(path):
    """The text paragraphs of a gzipped roff page: runs of text lines between macros, joined."""
    try:
        with gzip.open(path, "rt", encoding="utf-8", errors="strict") as f:
            raw = f.read()
    except (OSError, UnicodeDecodeError, EOFError):
        return []
    out, para = [], []
    for line in raw.split("\n"):
        if not line or line[0] in ".'":
            if para:
                out.append(join_wrapped(para))
                para = []
            continue
        line = ROFF_FONT.sub("", line).replace("\\-", "-").replace("\\e", "\\")
        line = ROFF_ESC.sub("", line).strip()
        if line:
            para.append(line)
    if para:
        out.append(join_wrapped(para))
    return out


def join_wrapped(lines):
    """Joins wrapped lines: no space between two CJK characters, one otherwise."""
    out = lines[0]
    for l in lines[1:]:
        out += ("" if CJK.match(out[-1:]) and CJK.match(l[:1]) else " ") + l
    return out


def zh_sentences(lines):
    for line in lines:
        for s in ZH_SPLIT.split(line):
            s = s.strip()
            n = len(CJK.findall(s))
            if 8 <= n and n >= 0.5 * len(s) and len(s) <= 160 and s[-1] in "。！？；":
                yield s


def en_sentences(lines):
    text = " ".join(lines)
    for s in EN_SPLIT.split(text):
        s = s.strip()
        words = s.split()
        letters = sum(c.isalpha() for c in s)
        if 6 <= len(words) <= 45 and letters >= 0.75 * len(s.replace(" ", "")) and s[-1] in ".!?":
            yield s


def uniq(seq):
    """Drops repeated sentences, and near-repeats: a sentence whose first or
    last 24 letters and digits another one already has (man pages of related
    commands share sentences with small edits, and two of them on one page
    would be a repeated block nobody planted)."""
    seen, out = set(), []
    for s in seq:
        k = re.sub(r"\W", "", s.lower())
        keys = (k, "<" + k[:24], ">" + k[-24:])
        if not any(x in seen for x in keys):
            seen.update(keys)
            out.append(s)
    return out


def seeds(traditional):
    lines = []
    for path in sorted(glob.glob(os.path.join(HERE, "seeds", "*.txt"))):
        if os.path.basename(path).startswith("004") == traditional:
            with open(path, encoding="utf-8") as f:
                lines.extend(f.read().split("\n"))
    return lines


def s2t(texts):
    """Simplified -> traditional (OpenCC, Taiwan standard with phrases), line by line."""
    if not texts:
        return []
    data = "\n".join(t.replace("\n", " ") for t in texts) + "\n"
    try:
        out = subprocess.run(["opencc", "-c", "s2twp.json"], input=data.encode(), capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit("make_crawl.py: opencc failed (%s); install it: scripts/setup.sh" % e)
    res = out.stdout.decode().split("\n")[: len(texts)]
    assert len(res) == len(texts)
    return res


def load_pools(cache_dir, text_root):
    """(zh simplified, zh traditional, zh simplified -> traditional, en) sentence lists, cached."""
    man = sorted(glob.glob(os.path.join(text_root, "usr/share/man/zh_CN/man*/*.gz")))
    man_tw = sorted(glob.glob(os.path.join(text_root, "usr/share/man/zh_TW/man*/*.gz")))
    man_en = sorted(glob.glob(os.path.join(text_root, "usr/share/man/man[1-8]/*.gz")))
    lic = sorted(p for p in glob.glob("/usr/share/common-licenses/*") if os.path.isfile(p))
    key = hashlib.sha1(repr((CACHE_VERSION, os.path.abspath(text_root), len(man), len(man_tw), len(man_en),
                             len(lic))).encode()).hexdigest()[:12]
    cache = os.path.join(cache_dir, "sentences-%s.json" % key) if cache_dir else None
    if cache and os.path.exists(cache):
        with open(cache, encoding="utf-8") as f:
            return json.load(f)
    zh = uniq(list(zh_sentences(seeds(False))) + [s for p in man for s in zh_sentences(roff_lines(p))])
    zh_t2 = s2t(zh)
    tw = uniq(list(zh_sentences(seeds(True))) + [s for p in man_tw for s in zh_sentences(roff_lines(p))])
    en_lines = []
    for p in lic:
        with open(p, encoding="utf-8", errors="replace") as f:
            en_lines.append(list(en_sentences(f.read().split("\n"))))
    en = [s for group in en_lines for s in group]
    for p in man_en:
        en.extend(en_sentences(roff_lines(p)))
    en = uniq(en)
    pools = {"zh": zh, "zh_t": zh_t2, "tw": tw, "en": en}
    if len(zh) < 2000 or len(en) < 2000:
        print("make_crawl.py: only %d Chinese and %d English sentences; install manpages-zh "
              "(scripts/setup.sh unpacks it into build/debian-text) for a realistic crawl" % (len(zh), len(en)),
              file=sys.stderr)
    if cache:
        os.makedirs(cache_dir, exist_ok=True)
        with open(cache + ".tmp", "w", encoding="utf-8") as f:
            json.dump(pools, f, ensure_ascii=False)
        os.replace(cache + ".tmp", cache)
    return pools


# --------------------------------------------------------------------------
# Sites and their furniture.

ZH_NAV = ["首页", "新闻中心", "政务公开", "办事服务", "互动交流", "专题专栏", "通知公告", "图片新闻", "视频",
          "关于我们", "产品中心", "联系我们", "招聘信息", "数据发布", "政策解读"]
ZH_PLACES = ["东湖", "西山", "南城", "北海", "江夏", "临川", "青阳", "白云", "长宁", "安平", "平江", "永和"]
ZH_KIND = ["区人民政府", "市教育局", "日报社", "科技有限公司", "信息网", "新闻网", "职业技术学院", "人民医院"]
EN_NAV = ["Home", "News", "World", "Business", "Technology", "Science", "Sports", "Opinion", "Culture",
          "About", "Contact", "Events", "Blog", "Products", "Support"]
EN_NAMES = ["Harbor", "Northfield", "Riverside", "Oakridge", "Lakeview", "Summit", "Westbrook", "Kingsport"]
EN_KIND = ["Gazette", "Daily News", "Tribune", "Observer", "Review", "Post", "Herald", "Times"]


def zh_site(rng):
    name = rng.choice(ZH_PLACES) + rng.choice(ZH_KIND)
    nav = " | ".join(rng.sample(ZH_NAV, rng.randint(5, 8)))
    section = rng.choice(ZH_NAV[1:])
    tel = "0%d-%d" % (rng.randint(10, 999), rng.randint(1000000, 89999999))
    header = [name, nav, "当前位置：首页 > %s > 正文" % section,
              "发布时间：{date} 来源：%s 作者：{author} 字号：[大 中 小]" % name,
              "浏览次数：{views}", "【打印本页】 【关闭窗口】", "分享到：微信 微博 QQ空间"]
    footer = ["扫一扫在手机打开当前页", "上一篇：{prev}", "下一篇：{next}", "相关链接：", "{rel1}", "{rel2}",
              "【返回顶部】", "友情链接：" + " | ".join(rng.choice(ZH_PLACES) + rng.choice(ZH_KIND) for _ in range(5)),
              "版权所有：%s 备案号：京ICP备%08d号" % (name, rng.randint(1, 99999999)),
              "地址：%s路%d号 邮编：%06d 电话：%s 传真：%s" % (rng.choice(ZH_PLACES), rng.randint(1, 300),
                                                  rng.randint(100000, 999999), tel, tel[:-1] + "9"),
              "技术支持：%s网络科技有限公司" % rng.choice(ZH_PLACES)]
    return header, footer


def en_site(rng):
    name = "The %s %s" % (rng.choice(EN_NAMES), rng.choice(EN_KIND))
    nav = " | ".join(rng.sample(EN_NAV, rng.randint(5, 8)))
    header = [name, nav, "You are here: Home > %s > Article" % rng.choice(EN_NAV[1:]),
              "Published: {date_en} | By {author_en}", "Share: Facebook Twitter Email", "{views} views"]
    footer = ["Related articles", "{rel1}", "{rel2}", "Back to top",
              "Privacy Policy | Terms of Use | Cookie Settings | Contact Us",
              "Copyright %d %s. All rights reserved." % (rng.randint(2005, 2025), name),
              "Follow us: Facebook | Twitter | Instagram | YouTube"]
    return header, footer


class Site:
    def __init__(self, name, lang, header, footer, rng):
        self.name, self.lang = name, lang
        # Each page of a site carries most of its furniture; a few lines come and go.
        self.header = [l for l in header if rng.random() < 0.9] or header[:1]
        self.footer = [l for l in footer if rng.random() < 0.9] or footer[-1:]


def make_sites(rng, n, english, traditional):
    sites = []
    zh_t_templates = []
    for i in range(n):
        r = rng.random()
        if r < english:
            h, f = en_site(rng)
            sites.append(Site("site%04d.example.org" % i, "en", h, f, rng))
        elif r < english + traditional * (1 - english):
            h, f = zh_site(rng)
            sites.append(Site("site%04d.example.tw" % i, "tw", h, f, rng))
            zh_t_templates.append(sites[-1])
        else:
            h, f = zh_site(rng)
            sites.append(Site("site%04d.example.cn" % i, "zh", h, f, rng))
    # Traditional sites: their furniture in traditional characters.
    lines = [l for s in zh_t_templates for l in s.header + s.footer]
    conv = iter(s2t(lines))
    for s in zh_t_templates:
        s.header = [next(conv) for _ in s.header]
        s.footer = [next(conv) for _ in s.footer]
    return sites


# --------------------------------------------------------------------------
# Pages.

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


class Body:
    """A page body: sentence indices into one pool, grouped into paragraphs."""

    def __init__(self, pool, title, paras):
        self.pool, self.title, self.paras = pool, title, paras

    def render(self, pools, rng_layout=None):
        sents = pools[self.pool]
        joiner = " " if self.pool == "en" else ""
        title = sents[self.title]
        title = title[:40].rstrip(" ,.;:") if self.pool == "en" else title[:24].rstrip("。！？；，")
        paras = [joiner.join(sents[i] for i in p) for p in self.paras]
        if rng_layout is not None:  # a crawler's second copy: the same text laid out again
            laid, i = [], 0
            while i < len(paras):
                if rng_layout.random() < 0.4 and i + 1 < len(paras):
                    laid.append(joiner.join(paras[i:i + 2]))
                    i += 2
                else:
                    laid.extend(split_para(paras[i], joiner, rng_layout))
                    i += 1
            paras = laid
        return title, paras

    def sentences(self):
        return [i for p in self.paras for i in p]


def split_para(p, joiner, rng):
    if rng.random() < 0.5 or len(p) < 80:
        return [p]
    cut = len(p) // 2
    if joiner:
        cut = p.find(" ", cut)
        if cut < 0:
            return [p]
        return [p[:cut], p[cut + 1:]]
    return [p[:cut], p[cut:]]


def new_body(pool, n_pool, rng, size, avg_len):
    n = max(4, int(size / avg_len))
    idx = rng.sample(range(n_pool), min(n + 1, n_pool))
    title, sents = idx[0], idx[1:]
    return Body(pool, title, group(sents, rng))


def group(sents, rng):
    paras, i = [], 0
    while i < len(sents):
        k = rng.randint(1, 4)
        paras.append(sents[i:i + k])
        i += k
    return paras


def edited(body, n_pool, rng, frac):
    sents = body.sentences()
    out = list(sents)
    # Rounded, never raised to one: one sentence of a short page is more than
    # 7% of it (a quarter of a 4-sentence page), which put such "reposts" far
    # below any near-duplicate threshold while the truth called them one.
    k = round(frac * len(sents))
    for j in rng.sample(range(len(sents)), k):
        out[j] = rng.randrange(n_pool)
    return Body(body.pool, body.title, regroup(body.paras, out))


def regroup(paras, flat):
    res, i = [], 0
    for p in paras:
        res.append(flat[i:i + len(p)])
        i += len(p)
    return res


def fill(line, rng, titles):
    if "{" not in line:
        return line
    y, m, d = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
    vals = {
        "date": "%d-%02d-%02d %02d:%02d" % (y, m, d, rng.randint(0, 23), rng.randint(0, 59)),
        "date_en": "%s %d, %d" % (MONTHS[m - 1], d, y),
        "author": rng.choice(["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "本站"]),
        "author_en": rng.choice(["Staff", "A. Smith", "J. Chen", "M. Garcia", "R. Patel"]),
        "views": str(rng.randint(12, 99999)),
    }
    for k in ("prev", "next", "rel1", "rel2"):
        vals[k] = rng.choice(titles) if titles else "Untitled"
    return line.format(**vals)


def render_page(body, pools, site, rng, titles, doubled):
    """Returns (text, boilerplate spans, repeated spans in UTF-8 bytes, title)."""
    title, paras = body.render(pools)
    header = [fill(l, rng, titles) for l in site.header]
    footer = [fill(l, rng, titles) for l in site.footer]
    parts = []  # (text, kind): kind None = content, "bp" = furniture, "rep" = repeated copy
    for l in header:
        parts.append((l, "bp"))
    parts.append((title, None))
    for p in paras:
        parts.append((p, None))
    if doubled:
        t2, p2 = body.render(pools, rng_layout=rng)
        parts.append((t2, "rep"))
        for p in p2:
            parts.append((p, "rep"))
    for l in footer:
        parts.append((l, "bp"))
    out, spans = [], {"bp": [], "rep": []}
    pos = 0
    for text, kind in parts:
        b = text.encode("utf-8")
        if kind is not None:
            sp = spans[kind]
            if sp and sp[-1][1] == pos - 1 and kind == "rep":
                sp[-1][1] = pos + len(b)  # one span over the whole copy
            else:
                sp.append([pos, pos + len(b)])
        out.append(b)
        pos += len(b) + 1
    return b"\n".join(out).decode("utf-8"), spans["bp"], spans["rep"], title


# --------------------------------------------------------------------------

class Output:
    """A JSONL sink: plain, or through zstd / gzip; written to PATH.tmp, renamed."""

    def __init__(self, path):
        self.path, self.tmp = path, path + ".tmp"
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        self.raw = open(self.tmp, "wb")
        self.proc = None
        if path.endswith(".zst"):
            self.proc = subprocess.Popen(["zstd", "-q", "-3", "-T2", "-c"], stdin=subprocess.PIPE, stdout=self.raw)
            self.f = self.proc.stdin
        elif path.endswith(".gz"):
            self.f = gzip.GzipFile(fileobj=self.raw, mode="wb", compresslevel=3)
        else:
            self.f = self.raw

    def write(self, rec):
        self.f.write(json.dumps(rec, ensure_ascii=False).encode("utf-8") + b"\n")

    def close(self):
        if self.proc:
            self.f.close()
            if self.proc.wait() != 0:
                sys.exit("make_crawl.py: zstd failed")
        elif self.f is not self.raw:
            self.f.close()
        self.raw.close()
        os.replace(self.tmp, self.path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=200, help="approximate size of the text in MB (1e6 bytes)")
    ap.add_argument("--out", required=True, help="output .jsonl[.zst|.gz]; written to OUT.tmp and renamed")
    ap.add_argument("--truth", help="ground-truth .jsonl[.zst|.gz], one record per document")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cache", default=os.path.join(HERE, "..", "build", "bench-data"),
                    help="folder for the extracted sentence pools [build/bench-data]")
    ap.add_argument("--text-root", default=os.path.join(HERE, "..", "build", "debian-text"),
                    help="where scripts/setup.sh unpacked the manpages and manpages-zh packages [build/debian-text]")
    ap.add_argument("--pages-per-site", type=int, default=300)
    ap.add_argument("--english", type=float, default=0.3, help="share of English sites")
    ap.add_argument("--traditional", type=float, default=0.15, help="share of Chinese sites in traditional characters")
    ap.add_argument("--reposts", type=float, default=0.08)
    ap.add_argument("--trad-reposts", type=float, default=0.03)
    ap.add_argument("--copies", type=float, default=0.04)
    ap.add_argument("--related", type=float, default=0.04)
    ap.add_argument("--doubled", type=float, default=0.04)
    ap.add_argument("--body-median", type=float,
                    help="median bytes of a unique page's body [about 5,400: 7.8 KB a page with its "
                         "furniture]; 3,000 gives about 4.6 KB a page, 2.2 M pages in 10 GB")
    args = ap.parse_args()
    # The body sizes are log-normal; mu 8.6 (a median of e^8.6 = 5,432 bytes) is the default
    # every published figure was generated with, so it stays exact when no median is given.
    mu = 8.6 if args.body_median is None else math.log(args.body_median)

    rng = random.Random(args.seed)
    pools = load_pools(args.cache, args.text_root)
    sizes = {k: len(v) for k, v in pools.items()}
    avg = {k: sum(len(s.encode()) for s in v[:5000]) / max(1, min(5000, len(v))) for k, v in pools.items()}
    target = int(args.mb * 1e6)
    n_sites = max(8, int(target / (7000 * math.exp(mu - 8.6)) / args.pages_per_site))
    sites = make_sites(rng, n_sites, args.english, args.traditional)
    by_lang = {l: [s for s in sites if s.lang == l] or sites for l in ("zh", "tw", "en")}
    out = Output(args.out)
    truth = Output(args.truth) if args.truth else None
    recent = {"zh": [], "tw": [], "en": []}  # (id, cluster, body) of earlier pages, bounded
    titles = {"zh": [], "tw": [], "en": []}
    written = n = 0
    cuts = [args.reposts, args.trad_reposts, args.copies, args.related, args.doubled]
    while written < target:
        doc_id = "p%09d" % n
        site = rng.choice(sites)
        lang = site.lang
        pool = "zh" if lang == "zh" else ("tw" if lang == "tw" else "en")
        r = rng.random()
        doubled = False
        cluster = doc_id
        body = None
        if r < sum(cuts[:1]) and recent[lang]:
            _, cluster, src = rng.choice(recent[lang])
            body = edited(src, sizes[src.pool], rng, rng.uniform(0.02, 0.07))
            site = rng.choice(by_lang[lang])
        elif r < sum(cuts[:2]) and recent["zh"]:
            _, cluster, src = rng.choice(recent["zh"])
            body = Body("zh_t", src.title, src.paras)  # the same sentences, converted
            site = rng.choice(by_lang["tw"])
        elif r < sum(cuts[:3]) and recent[lang]:
            _, cluster, body = rng.choice(recent[lang])
        elif r < sum(cuts[:4]) and recent[lang]:
            _, _, src = rng.choice(recent[lang])
            half = src.sentences()[: len(src.sentences()) // 2]
            fresh = rng.sample(range(sizes[pool]), len(half) + 1)
            body = Body(pool, fresh[0], group(half + fresh[1:], rng))
        else:
            doubled = r < sum(cuts[:5])
            size = min(60000, int(rng.lognormvariate(mu, 0.6)))
            body = new_body(pool, sizes[pool], rng, size, avg[pool] + 1)
        text, bp, rep, title = render_page(body, pools, site, rng, titles[lang], doubled)
        if cluster == doc_id and body.pool != "zh_t" and not doubled:
            recent[lang].append((doc_id, cluster, body))
            if len(recent[lang]) > 3000:
                recent[lang].pop(rng.randrange(len(recent[lang])))
        titles[lang].append(title)
        if len(titles[lang]) > 500:
            titles[lang].pop(0)
        out.write({"id": doc_id, "site": site.name, "url": "https://%s/a/%d.html" % (site.name, n), "text": text})
        if truth:
            truth.write({"id": doc_id, "cluster": cluster, "boilerplate": bp, "repeated": rep})
        written += len(text.encode("utf-8"))
        n += 1
    out.close()
    if truth:
        truth.close()
    print("%s: %d documents, %.1f MB of text, %d sites" % (args.out, n, written / 1e6, len(sites)), file=sys.stderr)


if __name__ == "__main__":
    main()
