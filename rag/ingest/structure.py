"""Paragraphs and headings: rejoin paragraphs the scraper broke, and find an essay's headings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rag.core.chars import is_han
from rag.corpus.types import Paragraph, Repair


@dataclass(frozen=True)
class Block:
    """A heading or paragraph of an essay as ingest produces it, before ids are assigned."""

    text: str
    lines: tuple[int, ...]  # raw-file line numbers (1-based); empty when unknown
    level: int = 0  # 0 for a paragraph, 2.. for a heading (the title is level 1)
    repairs: tuple[Repair, ...] = ()

    @property
    def is_heading(self) -> bool:
        return self.level > 0


_FINAL = "。！？…”；：）"
_CN_NUM = "一二三四五六七八九十"
# Enumerators of the two outline levels the essays use: 一、/1、 (level 2) and （1） (level 3).
_LEVEL2 = re.compile(rf"^([{_CN_NUM}]+、|\d+、)")
_LEVEL3 = re.compile(r"^（\d+）")
_ORDINAL = re.compile(r"^(首先|其次|再次|最后|第[一二三四五六七八九十]+[，、])")
# A real paragraph is long; a line this long that ends mid-sentence was cut by the scraper.
MIN_BROKEN_LEN = 60
MAX_HEADING_LEN = 40
MAX_LEAD_LEN = 24  # "一、做群众工作就要融入群众，服务群众。" is a heading run into its paragraph


def merge_broken(blocks: list[Block]) -> tuple[list[Block], list[Repair]]:
    """Join a long paragraph that stops mid-sentence with the next one.

    The scraper split ``…思维单一、工作面窄…`` after ``单`` because ``一、`` looks like an
    enumerator; a line of 60+ characters that ends in a Chinese character is such a cut.
    """
    out: list[Block] = []
    repairs: list[Repair] = []
    for b in blocks:
        prev = out[-1] if out else None
        if prev and len(prev.text) >= MIN_BROKEN_LEN and _ends_mid_sentence(prev.text):
            joined = Block(prev.text + b.text, prev.lines + b.lines, 0, prev.repairs + b.repairs)
            repairs.append(
                Repair(
                    "merge",
                    b.lines[0] if b.lines else 0,
                    f"{prev.text[-8:]}¶{b.text[:8]}",
                    f"{prev.text[-8:]}{b.text[:8]}",
                    "段落在句中被断开",
                )
            )
            out[-1] = joined
        else:
            out.append(b)
    return out, repairs


def _ends_mid_sentence(text: str) -> bool:
    return is_han(text[-1])


def outline(blocks: list[Block], *, scraped: bool = False) -> list[Block]:
    """Mark headings (level 2 or 3) among the paragraphs of one essay.

    A heading is a line of its own: short, one sentence, and either opening with an enumerator
    or an ordinal (一、 1、 （1） 首先 其次 最后) or without final punctuation at all. Its text is
    kept as written, and a sentence that opens a longer paragraph (``其次要建立议事会制度。议事会
    每月……``) stays in it: 首先/其次/最后 open ordinary sentences too.

    ``scraped``: the blocks come from a scraped page like the seed, whose scraper ran enumerated
    headings into their paragraphs. There a paragraph opening with an enumerated short sentence
    (``（1）树立大局意识，讲原则。所谓……``) is split into that heading and the rest, and a
    heading's final 。 is dropped (the page ends some headings with one and others not).
    """
    out: list[Block] = []
    for i, b in enumerate(blocks):
        is_last = i == len(blocks) - 1
        level = _heading_level(b.text)
        if not is_last and _is_heading(b.text, level):
            text = b.text.rstrip("。") if scraped else b.text
            out.append(Block(text, b.lines, level or 2, b.repairs))
            continue
        lead, rest = _split_lead(b.text) if scraped and _enumerated(b.text) else ("", b.text)
        if lead and rest:
            out.append(Block(lead, b.lines, level))
            out.append(Block(rest, b.lines, 0, b.repairs))
        else:
            out.append(b)
    return out


def _heading_level(text: str) -> int:
    if _LEVEL3.match(text):
        return 3
    if _LEVEL2.match(text) or _ORDINAL.match(text):
        return 2
    return 0


def _enumerated(text: str) -> bool:
    return bool(_LEVEL2.match(text) or _LEVEL3.match(text))


def _is_heading(text: str, level: int) -> bool:
    if len(text) > MAX_HEADING_LEN:
        return False
    body = text.rstrip("。")
    if any(ch in "。！？；" for ch in body):
        return False
    if level:
        return True
    return text[-1] not in _FINAL + "，、" and len(text) <= 30


def _split_lead(text: str) -> tuple[str, str]:
    """``（1）树立大局意识，讲原则。所谓……`` → (``（1）树立大局意识，讲原则``, ``所谓……``)."""
    end = text.find("。")
    if 0 < end <= MAX_LEAD_LEN and not any(ch in "！？；" for ch in text[:end]):
        return text[:end], text[end + 1 :].strip()
    return "", text


def assemble(
    blocks: list[Block], essay_id: str, pages: dict[tuple[int, ...], tuple[int, ...]] | None = None
) -> tuple[list[Paragraph], list[dict[str, Any]]]:
    """Number the paragraphs of outlined blocks under their headings; returns them with the
    headings' provenance (text, level, lines). ``pages``: a PDF's pages by a block's lines."""
    paragraphs: list[Paragraph] = []
    headings: list[dict[str, Any]] = []
    stack: list[tuple[int, str]] = []
    for b in blocks:
        if b.is_heading:
            stack = [(lv, h) for lv, h in stack if lv < b.level] + [(b.level, b.text)]
            headings.append({"text": b.text, "level": b.level, "lines": list(b.lines)})
            continue
        n = len(paragraphs) + 1
        paragraphs.append(
            Paragraph(
                f"{essay_id}-p{n}",
                essay_id,
                n,
                b.text,
                tuple(h for _, h in stack),
                b.lines,
                b.repairs,
                (pages or {}).get(b.lines, ()),
            )  # fmt: skip
        )
    return paragraphs, headings
