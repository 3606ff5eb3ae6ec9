#!/usr/bin/env python3
# Copyright 2026 The dedup Authors.
"""Builds the boilerplate test corpus: crawled pages of six sites with gold
labels for the lines that are site furniture.

    python3 corpus/boilerplate/build.py

Writes corpus/boilerplate/pages.jsonl ({"id", "site", "url", "text"}) and
corpus/boilerplate/gold.jsonl ({"id", "furniture": [1-based line numbers]}).
Body text is real text: the seed pages in corpus/seeds and the extracts in
corpus/boilerplate/sources (see make_sources.py and README.md). The furniture
(headers, navigation, metadata, footers, ...) is written here, per site.
Standard library only; deterministic (fixed seed, no clock, no environment).
"""
import datetime
import json
import os
import re
import random

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDS = os.path.join(os.path.dirname(HERE), "seeds")
SOURCES = os.path.join(HERE, "sources")
SEED = 20230512


# ---------------------------------------------------------------- pages


class Page:
    """A page's lines, each marked furniture (True) or content (False)."""

    def __init__(self):
        self.lines = []

    def f(self, *lines):
        for ln in lines:
            assert ln.strip(), "furniture lines are never blank"
            self.lines.append((ln, True))

    def c(self, *lines):
        for ln in lines:
            assert ln.strip(), "use blank() for blank lines"
            self.lines.append((ln, False))

    def blank(self):
        if self.lines and self.lines[-1][0] != "":
            self.lines.append(("", False))

    def text(self):
        lines = list(self.lines)
        while lines and lines[-1][0] == "":
            lines.pop()
        return "\n".join(ln for ln, _ in lines), [i + 1 for i, (_, fur) in enumerate(lines) if fur]


def dates(rng, start, n, min_gap=3, max_gap=40):
    """n increasing datetimes from start (a date), with office-hour times."""
    out, day = [], datetime.datetime(start.year, start.month, start.day)
    for _ in range(n):
        day += datetime.timedelta(days=rng.randint(min_gap, max_gap))
        out.append(day.replace(hour=rng.randint(8, 17), minute=rng.choice([0, 5, 10, 15, 20, 30, 40, 45, 50])))
    return out


# ---------------------------------------------------------------- sources


def read_sections(name):
    """[(title, [paragraph, ...])] from a sources/*.txt file."""
    sections = []
    with open(os.path.join(SOURCES, name), encoding="utf-8") as f:
        for ln in f.read().split("\n"):
            if ln.startswith("# ") and not sections:
                continue
            if ln.startswith("@@ "):
                sections.append((ln[3:], []))
            elif ln.strip():
                sections[-1][1].append(ln)
    return sections


def read_seed(prefix):
    for name in sorted(os.listdir(SEEDS)):
        if name.startswith(prefix):
            with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
                return [ln.rstrip() for ln in f.read().split("\n")]
    raise SystemExit("missing seed " + prefix)


TOP_HEAD = re.compile(r"^\s*[一二三四五六七八九十]+(、+|\s)")
SUB_HEAD = re.compile(r"^\s*([((][一二三四五六七八九十]+[))]|\d+[\.、])")


def is_unnumbered_heading(ln):
    s = ln.strip()
    return len(s) <= 30 and not s.endswith(("。", ";", ",", ":")) and not SUB_HEAD.match(s) \
        and not s.startswith(("一是", "二是", "三是", "四是", "五是"))


def strip_number(heading):
    return re.sub(r"^\s*([一二三四五六七八九十]+(、+|\s)|[((][一二三四五六七八九十]+[))]|\d+[\.、])\s*", "", heading).strip()


def seed_pages():
    """Pages (title, source, [body lines]) cut from the simplified seeds 000-003.

    Each seed is cut at its top-level headings (一、 / 一 / unnumbered short
    lines in 002); long parts are cut again at sub-headings ((一) / 1.). The
    heading that starts a part becomes the page title; the part before the
    first heading gets the seed's own title."""
    specs = [
        # prefix, title of the part before the first heading, 来源, first body line, stop line, date
        ("003", "当好园区娘家人 助推发展加速度", "市商务局", 7, None, datetime.date(2020, 6, 18)),
        ("001", "东西湖区商务局2021年工作总结", "东西湖区商务局", 6, "扫码查看手机版", datetime.date(2022, 1, 10)),
        ("000", "新北区商务局2022年工作总结", "新北区商务局", 0, None, datetime.date(2023, 1, 6)),
        ("002", "钟楼区发改局2023年工作总结", "钟楼区发改局", 0, None, datetime.date(2023, 12, 15)),
    ]
    pages = []
    for prefix, title0, source, first, stop, date in specs:
        lines = read_seed(prefix)[first:]
        if stop:
            lines = lines[:lines.index(stop)]
        paras = [ln for ln in lines if ln.strip()]
        unnumbered = prefix == "002"
        parts, cur = [], [None, []]
        for p in paras:
            top = TOP_HEAD.match(p) or (unnumbered and is_unnumbered_heading(p) and p is not paras[0])
            if top:
                parts.append(cur)
                cur = [p, []]
            else:
                cur[1].append(p)
        parts.append(cur)
        # a part with fewer than 3 lines (an intro, a bare heading) joins the next part
        merged, carry = [], None
        for head, body in parts:
            if carry:
                head, body = carry[0], carry[1] + [head] + body
                carry = None
            if len(body) < 3:
                carry = (head, body)
            else:
                merged.append((head, body))
        if carry:
            merged[-1] = (merged[-1][0], merged[-1][1] + [carry[0]] + carry[1])
        for head, body in merged:
            # cut long parts at sub-headings into chunks of >= 5 lines
            chunks, chunk = [], [head, []]
            for p in body:
                if SUB_HEAD.match(p) and len(p.strip()) <= 40 and len(chunk[1]) >= 5:
                    chunks.append(chunk)
                    chunk = [p, []]
                else:
                    chunk[1].append(p)
            if len(chunk[1]) < 3 and chunks:
                chunks[-1][1].extend(([chunk[0]] if chunk[0] else []) + chunk[1])
            else:
                chunks.append(chunk)
            for h, b in chunks:
                title = strip_number(h) if h else title0
                pages.append((title, source, date, b))
    return pages


# ---------------------------------------------------------------- site A
# Simplified Chinese municipal bureau site; bodies from the seed pages.

A_FRIENDS = ["中国政府网", "商务部", "江苏省人民政府", "江苏省商务厅", "临江市人民政府",
             "临江市发展和改革委员会", "临江市工业和信息化局", "临江市市场监督管理局",
             "临江海关", "中国国际贸易促进委员会临江市支会", "临江市统计局"]


def site_a(rng):
    pages = seed_pages()
    titles = [t for t, _, _, _ in pages]
    out, last = [], {}
    for i, (title, source, day, body) in enumerate(pages):
        # the parts of one report come out over a few days
        if day in last:
            last[day] += datetime.timedelta(days=rng.randint(0, 3))
        else:
            last[day] = day
        day = last[day]
        d = datetime.datetime(day.year, day.month, day.day, rng.randint(8, 17), rng.choice([0, 10, 20, 30, 45]))
        p = Page()
        # header
        if rng.random() < 0.5:
            p.f("临江市商务局")
        else:
            p.f("临江市商务局 | 无障碍 | 长者模式 | 繁体版")
        if rng.random() < 0.6:
            p.f("首页 机构概况 政务公开 政务服务 互动交流 专题专栏")
        else:
            p.f("首页", "机构概况", "政务公开", "政务服务", "互动交流")
        column = rng.choice(["工作总结", "区县动态", "通知公告"])
        p.f(rng.choice(["当前位置:首页 > 政府信息公开 > ", "首页 > 政府信息公开 > ", "您所在的位置:首页 > 政务公开 > "]) + column)
        p.blank()
        if i % 7 == 3:  # the QR-code line sometimes sits above the title
            p.f("扫码查看手机版")
            p.blank()
        p.c(title)
        p.blank()
        stamp = d.strftime("%Y-%m-%d %H:%M")
        style = rng.randrange(3)
        if style == 0:
            p.f("发布时间:%s 来源:%s   作者:   字号:[ 大 中 小 ]" % (stamp, source))
        elif style == 1:
            p.f("发布时间:%s" % stamp, "来源:%s   作者:" % source)
        else:
            p.f("发布时间:%s  来源:%s  浏览次数:%d  字号:[ 大 中 小 ]  【打印本页】" % (stamp, source, rng.randint(80, 3000)))
        p.blank()
        # body: blank lines between paragraphs, as on the seed page 001
        body = list(body)
        if i == 9:  # hard case: a line quoted from another page of the site is content
            body.insert(1, pages[2][3][1])
        for b in body:
            p.c(b)
            p.blank()
        # tail
        if rng.random() < 0.7:
            p.f("扫码查看手机版")
        if rng.random() < 0.5:
            p.f("关联附件")
        if rng.random() < 0.5:
            p.f("【打印本页】【关闭窗口】")
        else:
            p.f("打印本页", "关闭窗口")
        p.f("返回")
        p.blank()
        if rng.random() < 0.75:
            p.f(rng.choice(["相关链接", "关联文章"]))
            others = [t for j, t in enumerate(titles) if j != i and t != title]
            p.f(*rng.sample(others, rng.randint(3, 6)))
            p.blank()
        # footer
        n = rng.randint(1, 3)
        if n == 1:
            p.f("友情链接:" + " ".join(A_FRIENDS[:8]))
        elif n == 2:
            p.f("友情链接")
            p.f(" ".join(A_FRIENDS[:5]), " ".join(A_FRIENDS[5:]))
        else:
            p.f("友情链接")
            p.f(*A_FRIENDS)
        p.blank()
        old = d.year < 2022  # the footer changed when the site was redesigned in 2022
        p.f("主办单位:临江市商务局  承办单位:临江市商务局办公室")
        p.f("地址:临江市人民中路88号  邮编:214001")
        if old:
            p.f("电话:0510-82681234  传真:0510-82681235  邮箱:swj@linjiang.gov.cn")
        else:
            p.f("电话:0510-82681236", "传真:0510-82681235", "邮箱:swj@linjiang.gov.cn")
        p.f("网站标识码:3202000012  苏ICP备12345678号-%d" % (1 if old else 2))
        p.f("苏公网安备 32020202000123号")
        p.f("版权所有:临江市商务局 技术支持:临江市信息中心" if old else "©版权所有 临江市商务局  技术支持:临江市大数据管理局")
        out.append(("site-a.gov.cn", "https://site-a.gov.cn/xxgk/%04d.html" % (i + 1), p))
    return out


# ---------------------------------------------------------------- site B
# Simplified Chinese: a municipal big-data centre's knowledge base; bodies from
# the Debian FAQ (zh-cn), one question a page, plus the 好密码 section.

def site_b(rng):
    secs = [s for s in read_sections("debian-faq-zh-cn.txt") if 3 <= len(s[1])]
    rng.shuffle(secs)
    secs = secs[:15] + read_sections("debian-reference-zh-cn.txt")
    secs.insert(7, secs.pop())  # the 电话号码 page in the middle
    when = dates(rng, datetime.date(2021, 6, 1), len(secs), 2, 30)
    titles = [t for t, _ in secs]
    out = []
    for i, (title, paras) in enumerate(secs):
        p = Page()
        p.f("临江市大数据发展中心")
        p.f("网站首页 | 中心概况 | 新闻动态 | 开源知识库 | 政策文件 | 联系我们")
        p.f("您现在的位置:首页 > 开源知识库 > " + rng.choice(["常见问题", "技术文档", "信息安全"]))
        p.c(title)
        p.f("发布日期:%s  来源:本站  浏览次数:%d" % (when[i].strftime("%Y-%m-%d"), rng.randint(20, 5000)))
        if rng.random() < 0.5:
            p.f("字体:[大] [中] [小]")
        for para in paras[:9]:
            p.c(para)
        if rng.random() < 0.4:
            p.f("(责任编辑:%s)" % rng.choice(["王敏", "李建国", "陈晓"]))
        p.f("分享到:微信 微博 QQ空间")
        if i > 0:
            p.f("上一篇:" + titles[i - 1])
        if i + 1 < len(titles):
            p.f("下一篇:" + titles[i + 1])
        if rng.random() < 0.6:
            p.f("关联文章")
            p.f(*rng.sample([t for j, t in enumerate(titles) if j != i], rng.randint(3, 5)))
        p.f("Copyright © 2019-%d 临江市大数据发展中心 版权所有" % when[i].year)
        p.f("地址:临江市科技大道16号 电话:0510-85501200 邮箱:bigdata@linjiang.gov.cn")
        p.f("苏ICP备19023456号-1 苏公网安备 32020502000456号 网站标识码:3202000045")
        if rng.random() < 0.5:
            p.f("您是第 %d 位访客" % rng.randint(1000000, 2000000))
        out.append(("site-b.gov.cn", "https://site-b.gov.cn/zsk/%04d.html" % (i + 1), p))
    return out


# ---------------------------------------------------------------- site C
# Traditional Chinese, a Taiwan ministry's information-service site; bodies
# from the Debian Reference (zh-tw), one section a page.

C_FOOT = ["隱私權政策 | 資訊安全政策 | 政府網站資料開放宣告", "地址:10048臺北市中正區信義路一段21號5樓",
          "電話:(02)2311-3731 傳真:(02)2375-8230", "服務時間:週一至週五 08:30-12:30、13:30-17:30"]


def site_c(rng):
    secs = read_sections("debian-reference-zh-tw.txt")
    pw = [s for s in secs if s[0] == "好密碼"]
    secs = [s for s in secs if s[0] != "好密碼" and len(s[1]) >= 4]
    secs = secs[:13] + pw
    when = dates(rng, datetime.date(2022, 1, 10), len(secs), 5, 45)
    titles = [t for t, _ in secs]
    out = []
    for i, (title, paras) in enumerate(secs):
        d = when[i]
        roc = "%d-%02d-%02d" % (d.year - 1911, d.month, d.day)
        upd = d + datetime.timedelta(days=rng.randint(0, 20))
        p = Page()
        p.f("跳到主要內容區塊")
        p.f(":::")
        p.f("首頁 | 網站導覽 | English | 常見問答 | RSS")
        p.f("首頁 > 資訊服務 > 自由軟體技術文件")
        p.blank()
        p.c(title)
        p.f("發布日期:" + roc)
        if rng.random() < 0.6:
            p.f("更新日期:%d-%02d-%02d" % (upd.year - 1911, upd.month, upd.day))
        p.f("發布單位:技術文件組")
        p.blank()
        for k, para in enumerate(paras[:10]):
            p.c(para)
            if k % 3 == 2:
                p.blank()
        p.blank()
        if i != len(secs) - 1 and rng.random() < 0.7:
            p.f("相關連結")
            p.f(*rng.sample([t for j, t in enumerate(titles) if j != i], rng.randint(3, 4)))
            p.blank()
        p.f("列印本頁", "回上一頁", "回首頁")
        p.f("瀏覽人次:%d" % rng.randint(100, 9000))
        p.blank()
        p.f(*C_FOOT)
        p.f("著作權所有 © %d 自由軟體推廣中心" % d.year)
        if rng.random() < 0.5:
            p.f("建議使用 Chrome、Edge 或 Firefox 最新版本瀏覽")
        p.f("本網站通過無障礙 AA 等級檢測")
        out.append(("site-c.gov.tw", "https://site-c.gov.tw/cp.aspx?n=%d" % (2100 + 7 * i), p))
    return out


# ---------------------------------------------------------------- site D
# English blog about software licences; bodies from Debian's common-licenses.

D_NAMES = {"GPL-3": "the GNU GPL, version 3", "GPL-2": "the GNU GPL, version 2",
           "LGPL-2.1": "the GNU Lesser GPL 2.1", "Apache-2.0": "the Apache License 2.0",
           "MPL-2.0": "the Mozilla Public License 2.0", "GFDL-1.3": "the GNU Free Documentation License",
           "Artistic": "the Artistic License", "CC0-1.0": "CC0 1.0", "BSD": "the BSD licence"}


def site_d(rng):
    chunks = []
    for name, paras in read_sections("licenses-en.txt"):
        parts = [paras[k:k + 8] for k in range(0, len(paras), 8)]
        for k, part in enumerate(parts):
            if len(part) >= 3:
                chunks.append((name, k + 1, len(parts), part))
    contact = [c for c in chunks if c[0] == "GPL-3" and any("how to contact you" in x for x in c[3])]
    rng.shuffle(chunks)
    chosen = contact + [c for c in chunks if c not in contact][:13]
    rng.shuffle(chosen)
    titles = []
    for name, k, n, _ in chosen:
        titles.append("Reading %s%s" % (D_NAMES[name], "" if n == 1 else ", part %d of %d" % (k, n)))
    when = dates(rng, datetime.date(2022, 9, 1), len(chosen), 4, 30)
    authors = ["Dana Whitfield", "Sam Okafor", "Priya Raman"]
    out = []
    for i, (name, k, n, paras) in enumerate(chosen):
        d = when[i]
        p = Page()
        p.f("We use cookies to improve your experience.")
        p.f(rng.choice(["Accept all / Manage preferences", "Accept all | Reject all | Manage preferences"]))
        p.f("Skip to content")
        p.f("Open Licence Notes")
        if rng.random() < 0.6:
            p.f("Home", "About", "News", "Contact")
        else:
            p.f("Home / About / News / Contact")
        p.blank()
        p.c(titles[i])
        p.f("Posted on %s %d, %d by %s" % (d.strftime("%B"), d.day, d.year, rng.choice(authors)))
        p.blank()
        for k, para in enumerate(paras):
            p.c(para)
            p.blank()
            if k == 2 and i % 4 == 1:  # furniture in the middle of the body
                p.f("Advertisement")
                p.blank()
        if rng.random() < 0.5:
            p.f("Share this:", "Facebook", "Twitter", "LinkedIn", "Email")
        else:
            p.f("Share this: Facebook Twitter LinkedIn Email")
        if rng.random() < 0.7:
            p.f("Tags: licensing, %s" % name.lower())
        p.blank()
        if rng.random() < 0.7:
            p.f("Related posts")
            p.f(*rng.sample([t for j, t in enumerate(titles) if j != i], 3))
            p.blank()
        if rng.random() < 0.6:
            p.f("Subscribe to our newsletter", "Enter your email address", "Subscribe")
            p.blank()
        p.f("\u00a9 %d Example Org. All rights reserved." % d.year)
        p.f("Privacy Policy | Terms of Use")
        p.f("Back to top")
        slug = re.sub(r"[^a-z0-9]+", "-", titles[i].lower()).strip("-")
        out.append(("site-d.org", "https://site-d.org/%d/%02d/%s/" % (d.year, d.month, slug), p))
    return out


# ---------------------------------------------------------------- site F
# English documentation site; bodies from Debian package READMEs.

def site_f(rng):
    secs = [s for s in read_sections("readmes-en.txt") if len(s[1]) >= 4][:10]
    when = dates(rng, datetime.date(2022, 2, 1), len(secs), 7, 50)
    titles = ["%s package notes" % name for name, _ in secs]
    out = []
    for i, (name, paras) in enumerate(secs):
        d = when[i]
        p = Page()
        p.f("Example Docs Project")
        p.f("Home | Docs | Blog | Community | Download")
        p.f("Docs \u203a Packages \u203a " + name)
        p.c(titles[i])
        p.f("Last updated: " + d.strftime("%Y-%m-%d"))
        for para in paras[:12]:
            p.c(para)
        p.f("Edit this page on GitHub")
        p.f("Was this page helpful? Yes No")
        if i > 0:
            p.f("Previous: " + titles[i - 1])
        if i + 1 < len(secs):
            p.f("Next: " + titles[i + 1])
        p.f("This site uses cookies. By continuing to browse you agree to our use of cookies. OK")
        p.f("\u00a9 2019-%d Example Docs Project. Content licensed under CC BY-SA 4.0." % d.year)
        p.f("Privacy Policy | Terms of Use | Contact")
        out.append(("site-f.dev", "https://site-f.dev/docs/packages/%s/" % name, p))
    return out


# ---------------------------------------------------------------- site E
# A three-page site: the traditional-script (big5) mirror of a mainland
# association's site; bodies and footer from the traditional seed page 004.

def site_e(rng):
    seed = [ln for ln in read_seed("004")]
    body = [ln for ln in seed[:31] if ln.strip()]
    foot = [ln for ln in seed[31:] if ln.strip()]  # real furniture of the seed page
    friends, contact = foot[:3], foot[3:]
    parts = [("南通開發區召開全區年中工作會議", body[0:16]),
             (body[16], body[17:24]),
             (body[24], body[25:31])]
    when = [datetime.datetime(2022, 8, 15, 10, 20), datetime.datetime(2022, 8, 16, 9, 5),
            datetime.datetime(2022, 8, 17, 15, 40)]
    out = []
    for i, (title, paras) in enumerate(parts):
        p = Page()
        p.f("首頁 > 行業資訊 > 園區動態")
        p.blank()
        p.c(title)
        p.f("發布時間:%s 來源:南通開發區 點擊數:%d" % (when[i].strftime("%Y-%m-%d %H:%M"), rng.randint(50, 900)))
        p.blank()
        for para in paras:
            p.c(para)
        p.blank()
        if i == 2:
            p.f("【列印本頁】【關閉窗口】")
        p.f(*friends[: 3 - i % 2])
        p.f(*contact)
        out.append(("site-e.org.cn", "https://site-e.org.cn/big5/hyzx/%04d.html" % (310 + i), p))
    return out


# ---------------------------------------------------------------- main


def write_corpus(builders, seed, out_dir):
    """Runs each (builder, key) with its own random.Random("seed/key") and writes
    out_dir/pages.jsonl and out_dir/gold.jsonl."""
    pages = []
    for builder, key in builders:
        for n, (site, url, page) in enumerate(builder(random.Random("%d/%s" % (seed, key)))):
            pages.append(("%s/%04d" % (key, n + 1), site, url, page))
    ids = [p[0] for p in pages]
    assert len(set(ids)) == len(ids)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "pages.jsonl"), "w", encoding="utf-8") as fp, \
            open(os.path.join(out_dir, "gold.jsonl"), "w", encoding="utf-8") as fg:
        for pid, site, url, page in pages:
            text, furniture = page.text()
            lines = text.split("\n")
            assert all(lines[k - 1].strip() for k in furniture), pid
            assert any(lines[k].strip() and k + 1 not in furniture for k in range(len(lines))), pid
            fp.write(json.dumps({"id": pid, "site": site, "url": url, "text": text}, ensure_ascii=False) + "\n")
            fg.write(json.dumps({"id": pid, "furniture": furniture}) + "\n")
    print("%d pages, %d sites" % (len(pages), len({p[1] for p in pages})))


def main():
    write_corpus([(site_a, "site-a"), (site_b, "site-b"), (site_c, "site-c"),
                  (site_d, "site-d"), (site_e, "site-e"), (site_f, "site-f")], SEED, HERE)


if __name__ == "__main__":
    main()
