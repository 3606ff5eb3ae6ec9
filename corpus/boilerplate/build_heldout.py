#!/usr/bin/env python3
# Copyright 2026 The dedup Authors.
"""Builds the held-out boilerplate corpus: three more sites, written after the
rule pack and the detector were tuned on pages.jsonl, and never tuned on.

    python3 corpus/boilerplate/build_heldout.py

Writes corpus/boilerplate/heldout/pages.jsonl and gold.jsonl in the format of
build.py. Body text is real (the Debian FAQ zh-cn, the Debian Reference zh-tw
and licence texts, from sources/); the furniture is written here in the style
of kinds of sites the main corpus lacks: a news portal, a university, an
English newspaper. Standard library only; deterministic.
"""
import datetime
import os

from build import HERE, Page, dates, read_sections, write_corpus

SEED = 20261123
OUT = os.path.join(HERE, "heldout")


# ---------------------------------------------------------------- site G
# A simplified-Chinese news portal; bodies from the Debian FAQ (zh-cn),
# questions past the ones site B uses.

G_CHANNELS = "首页 | 国内 | 国际 | 财经 | 科技 | 体育 | 娱乐 | 汽车 | 房产 | 视频"
G_SOURCES = ["科技日报", "中国新闻网", "新华网", "本网", "人民网"]
G_EDITORS = ["刘洋", "周静", "孙志强", "何文"]


def site_g(rng):
    secs = [s for s in read_sections("debian-faq-zh-cn.txt")[30:] if len(s[1]) >= 3][:16]
    when = dates(rng, datetime.date(2023, 3, 1), len(secs), 1, 12)
    titles = [t for t, _ in secs]
    out = []
    for i, (title, paras) in enumerate(secs):
        d = when[i]
        p = Page()
        p.f("登录 | 注册 | 设为首页 | 加入收藏")
        p.f("临江新闻网")
        p.f(G_CHANNELS)
        p.f("临江新闻网 > 科技频道 > 正文")
        p.blank()
        p.c(title)
        p.f("%s  来源:%s  作者:%s" % (d.strftime("%Y年%m月%d日 %H:%M"), rng.choice(G_SOURCES),
                                   rng.choice(["记者 王磊", "通讯员 陈芳", "佚名"])))
        p.f("【字体：大 中 小】 【我要纠错】 【打印】")
        p.blank()
        for para in paras[:8]:
            p.c(para)
            if rng.random() < 0.3:
                p.blank()
        p.blank()
        p.f("(编辑:%s)" % rng.choice(G_EDITORS))
        p.f("【纠错】 【责任编辑:%s】" % rng.choice(G_EDITORS))
        p.blank()
        p.f("热门推荐")
        p.f(*rng.sample([t for j, t in enumerate(titles) if j != i], rng.randint(4, 6)))
        p.blank()
        if rng.random() < 0.5:
            p.f("网友评论")
            p.f("已有%d人参与 查看全部评论" % rng.randint(0, 300))
            p.blank()
        p.f("关于我们 | 广告服务 | 联系我们 | 招聘信息 | 网站地图 | 法律声明")
        p.f("Copyright © 2008-%d 临江新闻网 All Rights Reserved" % d.year)
        p.f("违法和不良信息举报电话:0510-12345678  举报邮箱:jubao@ljnews.cn")
        p.f("苏ICP备08012345号  苏公网安备 32020002000789号")
        out.append(("news.ljnews.cn", "https://news.ljnews.cn/tech/%s/%04d.shtml" % (d.strftime("%Y%m%d"), i + 1), p))
    return out


# ---------------------------------------------------------------- site H
# A Taiwan university's news pages (traditional); bodies from the Debian
# Reference (zh-tw), sections past the ones site C uses.

def site_h(rng):
    secs = [s for s in read_sections("debian-reference-zh-tw.txt")[20:] if len(s[1]) >= 3][:14]
    when = dates(rng, datetime.date(2023, 2, 20), len(secs), 2, 20)
    out = []
    for i, (title, paras) in enumerate(secs):
        d = when[i]
        p = Page()
        p.f("跳到主要內容")
        p.f("網站導覽 | 回首頁 | English | 校園地圖")
        p.f("國立臨江大學")
        p.f("認識臨大 行政單位 學術單位 招生資訊 校園生活")
        p.f("首頁 / 最新消息 / 校園新聞")
        p.blank()
        p.c(title)
        p.f("發布者:%s | 日期:%s | 點閱次數:%d" % (rng.choice(["秘書室", "計算機中心", "教務處"]),
                                              d.strftime("%Y-%m-%d"), rng.randint(30, 2000)))
        p.blank()
        for para in paras[:8]:
            p.c(para)
        p.blank()
        if rng.random() < 0.5:
            p.f("相關附件")
            p.f("附件1.pdf")
        p.f("回列表")
        p.blank()
        p.f("地址:30013 新竹市東區光復路二段101號")
        p.f("總機:(03)571-2121")
        p.f("© 國立臨江大學 版權所有 | 隱私權保護政策 | 網站更新日期:%s" % (d + datetime.timedelta(days=1)).strftime("%Y-%m-%d"))
        out.append(("www.ljnu.edu.tw", "https://www.ljnu.edu.tw/news/%04d" % (i + 1), p))
    return out


# ---------------------------------------------------------------- site I
# An English newspaper's opinion section; bodies from licence texts, six
# paragraphs a page.

I_AUTHORS = ["Maria Lopez", "Tom Becker", "Aiko Tanaka"]


def site_i(rng):
    chunks = []
    for name, paras in read_sections("licenses-en.txt"):
        if name in ("MPL-2.0", "GFDL-1.3", "Artistic"):
            for k in range(0, len(paras) - 3, 6):
                chunks.append((name, k // 6 + 1, paras[k:k + 6]))
    rng.shuffle(chunks)
    chunks = chunks[:14]
    titles = ["What the %s says, section %d" % (name, k) for name, k, _ in chunks]
    when = dates(rng, datetime.date(2023, 4, 1), len(chunks), 1, 9)
    out = []
    for i, (name, k, paras) in enumerate(chunks):
        d = when[i]
        p = Page()
        p.f("Menu")
        p.f("Search")
        p.f("Sign in | Subscribe")
        p.f("The Daily Example")
        p.f("World | Business | Technology | Science | Opinion | Sport")
        p.blank()
        p.c(titles[i])
        p.f("By %s" % rng.choice(I_AUTHORS))
        p.f("%s | 5 min read" % d.strftime("%B %-d, %Y"))
        p.f("Listen to this article")
        p.blank()
        for j, para in enumerate(paras):
            p.c(para)
            p.blank()
            if j == 2:
                p.f("ADVERTISEMENT")
                p.blank()
        p.f("Comments (%d)" % rng.randint(0, 90))
        p.blank()
        p.f("Most read")
        p.f(*rng.sample([t for j, t in enumerate(titles) if j != i], 4))
        p.blank()
        p.f("About us | Careers | Help | Terms | Privacy")
        p.f("Do Not Sell My Personal Information")
        p.f("\u00a9 %d The Daily Example Ltd." % d.year)
        out.append(("www.dailyexample.com", "https://www.dailyexample.com/opinion/%04d" % (i + 1), p))
    return out


def main():
    write_corpus([(site_g, "site-g"), (site_h, "site-h"), (site_i, "site-i")], SEED, OUT)


if __name__ == "__main__":
    main()
