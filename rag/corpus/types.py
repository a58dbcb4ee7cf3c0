"""The corpus's types: a repair ingest made, a paragraph (the unit of provenance and of
citation) and an essay."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

# Kinds of clean-up that ingest performs, with the Chinese label used in reports and the UI.
REPAIR_KINDS: dict[str, str] = {
    "spam": "SEO 垃圾行",
    "html": "HTML 标签与 </p> 残片",
    "chrome": "网站框架（上传信息、简介、下载提示、版权声明）",
    "teaser": "“相关范文推荐”中截断的其他文章",
    "teaser_title": "推荐文章的标题",
    "title": "重复的标题与标题中的多余字样",
    "meta": "作者、单位、日期、题型等元数据行",
    "pinyin": "拼音注音",
    "mojibake": "编码错位（GBK 字节错位）",
    "lost_punct": "丢失的标点（成对的 ? 还原为引号）",
    "merge": "被错误断开的段落",
    "t2s": "繁体转简体（字数）",
    "zhe": "“著”改回助词“着”",
    "punct": "半角标点改为全角",
}


def where_label(title: str, headings: Sequence[str], number: int | str) -> str:
    """``《标题》 › 小标题 › 第k段``: how a paragraph's place is named, in plain text (the CLI,
    exports and the web views all use this one form)."""
    return " › ".join([f"《{title}》", *[h for h in headings if h], f"第{number}段"])


@dataclass(frozen=True)
class Repair:
    """One change ingest made to the raw page, with the raw line it was made on."""

    kind: str
    line: int
    before: str
    after: str
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Repair:
        return cls(d["kind"], int(d["line"]), d["before"], d["after"], d.get("note", ""))


def repair_counts(repairs: Iterable[Repair]) -> Counter[str]:
    """Repairs per kind; ``t2s`` counts characters (it records one repair per line)."""
    c: Counter[str] = Counter()
    for r in repairs:
        c[r.kind] += len(r.before) if r.kind == "t2s" else 1
    return c


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of an essay: the unit of provenance and of citation."""

    id: str  # "<essay id>-p<number>", stable for the same essay text
    essay_id: str
    number: int  # 1-based position in the essay (第k段)
    text: str
    heading_path: tuple[str, ...] = ()
    lines: tuple[int, ...] = ()  # raw-file lines it came from; empty without provenance
    repairs: tuple[Repair, ...] = ()
    pages: tuple[int, ...] = ()  # pages of the uploaded PDF it came from


@dataclass(frozen=True)
class Essay:
    """One essay of the corpus: front-matter fields plus its paragraphs in order."""

    id: str
    title: str
    paragraphs: tuple[Paragraph, ...]
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    path: str = ""  # file it was loaded from, relative to the corpus folder
    raw_file: str = ""  # raw page it was ingested from; empty for hand-added essays

    @property
    def display_title(self) -> str:
        """Title plus subtitle (e4 and e5 share the title 如何做好群众工作)."""
        sub = str(self.meta.get("subtitle", "") or "").strip()
        return f"{self.title}——{sub}" if sub else self.title

    @property
    def headings(self) -> list[tuple[int, str]]:
        """(level, text) of each heading in reading order, derived from the paragraphs' paths."""
        return [h for opened, _ in self.in_reading_order() for h in opened]

    def in_reading_order(self) -> Iterator[tuple[list[tuple[int, str]], Paragraph]]:
        """Each paragraph with the headings (level, text) that open just before it; the title
        is level 1, so top-level headings are level 2."""
        prev: tuple[str, ...] = ()
        for p in self.paragraphs:
            common = 0
            while common < min(len(prev), len(p.heading_path)) and (
                prev[common] == p.heading_path[common]
            ):
                common += 1
            yield [(i + 2, h) for i, h in enumerate(p.heading_path) if i >= common], p
            prev = p.heading_path
