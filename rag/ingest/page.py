"""Page structure: split the scraped page into essays and drop what is not essay text.

Recognises the document-sharing site's layout: spam and HTML before the page title, the
upload/summary chrome, ``第X篇:`` essay markers, metadata lines inside essays, and the footer
(download notices, copyright disclaimer, "相关范文推荐" teasers of other documents). Patterns are
matched on a simplified, annotation-free copy of each line, so they are written in simplified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rag.core.chars import HAN
from rag.core.textnorm import t2s
from rag.corpus.types import Repair
from rag.ingest.pinyin import ANNOTATION

_MARKER = re.compile(r"^第([一二三四五六七八九十]+)篇\s*[:：]\s*(.+)$")
_HTML_ONLY = re.compile(r"^(\d+\.\s*)?(<[^<>]+>\s*)+$")
_UPLOAD = re.compile(r"^时间[:：]\s*(\d{4}-\d\d-\d\d \d\d:\d\d(?::\d\d)?).*?作者[:：]\s*(\S+)")
_SUMMARY = re.compile(r"^简介[:：]\s*(.+?)(?:小编|为你整理)")
_FOOTER = re.compile(
    r"^(下载.+(格式文档|\.docx?)|将本文档下载|点此处下载|文档为\w+格式|声明[:：]|相关范文推荐)"
)
_TEASER_TEXT = re.compile(r"(\.{3,}|…+)$")
_TITLE_TAG = re.compile(r"\s*[\[【]([^\]】]{1,6})[\]】]$")
_TITLE_NOISE = re.compile(r"\s+(文档|文檔|范文|word)$", re.IGNORECASE)
_EXAM = re.compile(r"^(论述题|简答题|材料题|案例分析题)\s*[:：]\s*(\S*)$")
_POST = re.compile(r"^[(（]([^()（）]+?)答此题[)）]\s*(.*)$")
_AFFILIATION = re.compile(r"^[(（]作者单位\s*[:：]\s*([^()（）]+)[)）]$")
_BYLINE = re.compile(rf"^([{HAN}]{{2,4}})\s+(\d{{4}})年(\d{{1,2}})月(\d{{1,2}})日$")

Line = tuple[int, str]


@dataclass
class RawEssay:
    """One essay as found on the page: title, metadata and body lines (raw, not yet cleaned)."""

    number: int
    title: str
    meta: dict[str, Any] = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)


@dataclass
class Page:
    meta: dict[str, Any]
    essays: list[RawEssay]
    removed: list[Repair]


def plain(text: str) -> str:
    """Simplified, annotation-free, trimmed: the form layout patterns are matched against."""
    return t2s(ANNOTATION.sub("", text)).strip()


def split_page(lines: list[Line], fallback_title: str) -> Page:
    """Split the page into essays. A page without ``第X篇`` markers is one essay.

    Args:
        lines: (line number, text) of every line of the raw page.
        fallback_title: title for a marker-less page with no title line (the file name).
    """
    removed: list[Repair] = []
    lines = [(n, t.strip()) for n, t in lines if t.strip()]
    markers = [i for i, (_, t) in enumerate(lines) if _MARKER.match(plain(t))]
    footer = next((i for i, (_, t) in enumerate(lines) if _FOOTER.match(plain(t))), len(lines))
    start = markers[0] if markers else _first_body_line(lines[:footer])
    meta = _preamble(lines[:start], removed)
    _footer(lines[footer:], removed)
    if not markers:
        body = lines[start:footer]
        title = meta.get("page_title", "")
        if not title and body and _looks_like_title(plain(body[0][1])):
            title = plain(body[0][1])
        return Page(meta, [_essay(1, title or fallback_title, body, removed)], removed)
    essays = []
    for k, i in enumerate(markers):
        n, text = lines[i]
        end = markers[k + 1] if k + 1 < len(markers) else footer
        title, title_meta = _marker_title(n, text, removed)
        essay = _essay(k + 1, title, lines[i + 1 : end], removed)
        essay.meta = {**title_meta, **essay.meta}
        essays.append(essay)
    return Page(meta, essays, removed)


def _looks_like_title(text: str) -> bool:
    return 0 < len(text) <= 40 and text[-1] not in "。！？；：，、”…."


def _first_body_line(lines: list[Line]) -> int:
    """Without markers, the essay starts after the page chrome (time/summary lines), if any."""
    chrome = [
        i for i, (_, t) in enumerate(lines) if _UPLOAD.match(plain(t)) or _SUMMARY.match(plain(t))
    ]
    if chrome:
        return chrome[-1] + 1
    return next((i for i, (_, t) in enumerate(lines) if not _HTML_ONLY.match(t)), 0)


def _preamble(lines: list[Line], removed: list[Repair]) -> dict[str, Any]:
    """Page metadata from the chrome before the first essay; every preamble line is dropped."""
    meta: dict[str, Any] = {}
    for i, (n, text) in enumerate(lines):
        p = plain(text)
        next_plain = plain(lines[i + 1][1]) if i + 1 < len(lines) else ""
        if _HTML_ONLY.match(text):
            removed.append(Repair("html", n, text, ""))
        elif m := _UPLOAD.match(p):
            meta["uploaded"], meta["uploader"] = m.group(1), m.group(2)
            removed.append(Repair("chrome", n, text, "", "上传时间与上传者"))
        elif m := _SUMMARY.match(p):
            meta["site"] = m.group(1).strip()
            removed.append(Repair("chrome", n, text, "", "网站简介"))
        elif _UPLOAD.match(next_plain) and "page_title" not in meta:
            meta["page_title"] = p
            removed.append(Repair("title", n, text, "", "页面标题"))
        else:
            removed.append(Repair("spam", n, text, ""))
    return meta


def _footer(lines: list[Line], removed: list[Repair]) -> None:
    in_teasers = False
    for i, (n, text) in enumerate(lines):
        p = plain(text)
        in_teasers = in_teasers or p.startswith("相关范文推荐")
        nxt = plain(lines[i + 1][1]) if i + 1 < len(lines) else ""
        is_teaser = in_teasers and (_TEASER_TEXT.search(p) or _TEASER_TEXT.search(nxt))
        if is_teaser:
            kind = "teaser" if _TEASER_TEXT.search(p) else "teaser_title"
            removed.append(Repair(kind, n, text, "", "不属于本语料的其他文章"))
        else:
            removed.append(Repair("chrome", n, text, "", "下载提示、版权声明等"))


def _marker_title(n: int, text: str, removed: list[Repair]) -> tuple[str, dict[str, Any]]:
    """``第二篇:談消防工作中如何做好群眾工作[定稿]`` → title and {"status": "定稿"}."""
    raw_title = _MARKER.match(plain(text)).group(2)  # type: ignore[union-attr]
    meta: dict[str, Any] = {}
    title = raw_title
    if m := _TITLE_TAG.search(title):
        meta["status"] = m.group(1)
        title = title[: m.start()]
    if m := _TITLE_NOISE.search(title):
        title = title[: m.start()]
    note = (
        "篇序标记"
        if title == raw_title
        else f"篇序标记；去掉标题中多余的“{raw_title[len(title) :].strip()}”"
    )
    removed.append(Repair("title", n, text, title, note))
    return title.strip(), meta


def _essay(number: int, title: str, lines: list[Line], removed: list[Repair]) -> RawEssay:
    """Collect an essay's body, moving title repeats and metadata lines into ``meta``."""
    essay = RawEssay(number, title)
    for k, (n, text) in enumerate(lines):
        p = plain(text)
        if m := _POST.match(p):
            essay.meta["post"] = m.group(1)
            p = m.group(2)
            if p != title:
                essay.lines.append((n, text))
                continue
            removed.append(Repair("meta", n, text, "", "答题岗位；其后为重复的标题"))
            continue
        if k < 3 and p == title:
            removed.append(Repair("title", n, text, "", "重复的标题"))
        elif k < 3 and p.startswith(title) and len(p) - len(title) <= 20:
            essay.meta["subtitle"] = p[len(title) :].lstrip(" ：:—-")
            removed.append(Repair("title", n, text, "", "标题（含副标题）"))
        elif k < 3 and (m := _EXAM.match(p)):
            essay.meta["kind"] = m.group(1)
            if m.group(2):
                essay.meta["question"] = m.group(2)
            removed.append(Repair("meta", n, text, "", "题型"))
        elif m := _AFFILIATION.match(p):
            essay.meta["affiliation"] = m.group(1).strip()
            removed.append(Repair("meta", n, text, "", "作者单位"))
        elif m := _BYLINE.match(p):
            essay.meta["author"] = m.group(1)
            essay.meta["date"] = f"{m.group(2)}-{int(m.group(3)):02d}-{int(m.group(4)):02d}"
            removed.append(Repair("meta", n, text, "", "作者与日期"))
        else:
            essay.lines.append((n, text))
    return essay
