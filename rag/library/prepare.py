"""From an upload's extract to essays ready to publish: the same clean-up and repairs as ingest
(HTML remnants, damaged bytes, pinyin, traditional characters, punctuation), headings, ids and
provenance (paragraph → lines of the saved extract, and pages of a PDF)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from rag.core.errors import InputError
from rag.core.settings import Settings
from rag.corpus.types import Essay, Repair
from rag.ingest.cleanup import clean_line
from rag.ingest.pipeline import ingest, simplify
from rag.ingest.plausibility import Scorer
from rag.ingest.structure import Block as IngestBlock
from rag.ingest.structure import assemble, outline
from rag.library.types import Draft, Extract

MAX_TITLE = 80
_MARKUP = re.compile(r"<[^<>]*>|&[a-zA-Z#0-9]+;")
_NOT_TEXT = re.compile(r"[\W_]+")


def check_title(title: str) -> str:
    """A title a trainer typed or a file gave: one line of text, no markup.

    Raises:
        InputError: empty, too long, or holding HTML markup.
    """
    title = " ".join(title.split())
    if not title:
        raise InputError("标题不能为空。请填写文章标题。")
    if _MARKUP.search(title):
        raise InputError(f"标题中不能有 HTML 标记或实体：“{title[:40]}”。请只写文字。")
    if len(title) > MAX_TITLE:
        raise InputError(f"标题太长（{len(title)} 字，上限 {MAX_TITLE} 字）。请改短一些。")
    return title


def _usable(title: str) -> str:
    """A title from a file as a draft's title: markup dropped, cut to the limit (a trainer
    edits it in the preview; only what a trainer types is refused)."""
    text = " ".join(_MARKUP.sub("", title or "").split())
    return text[: MAX_TITLE - 1] + "…" if len(text) > MAX_TITLE else text


def drafts_from_page(extract_path: Path, settings: Settings, source: dict[str, Any]) -> list[Draft]:
    """A scraped page like the seed: the ingest pipeline itself (chrome, teasers, repairs)."""
    result = ingest(extract_path, settings)
    drafts = []
    for e in result.essays:
        lines = {n for p in e.paragraphs for n in p.lines}
        own = tuple(r for r in result.repairs if r.line in lines or r.kind in ("chrome", "spam"))
        meta = {**e.meta, "source": {**e.meta.get("source", {}), **source}}
        drafts.append(Draft(replace(e, meta=meta), tuple(result.headings[e.id]), own))
    return drafts


TITLE_LINE_CHARS = 40
_SECTION = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|第[一二三四五六七八九十]+)"
)
_SENTENCE_END = ("。", "！", "？", "；", "：", "!", "?", ";", ":", "，", ",")


def _titled(extract: Extract) -> list:
    """The extract's blocks; in a plain text without a marked title, a short first line that
    ends no sentence, followed by paragraphs, is the title (the usual way to write one)."""
    blocks = [b for b in extract.blocks if b.text.strip()]
    if extract.kind != "text" or len(blocks) < 2 or any(b.level == 1 for b in blocks):
        return list(extract.blocks)
    first = blocks[0].text.strip()
    if (
        len(first) > TITLE_LINE_CHARS
        or first.endswith(_SENTENCE_END)
        or blocks[0].level
        or _SECTION.match(first)  # 一、… is the first section's heading, not a title
    ):
        return list(extract.blocks)
    return [replace(b, level=1) if b is blocks[0] else b for b in extract.blocks]


def draft_from_extract(extract: Extract, fallback_title: str, source: dict[str, Any]) -> Draft:
    """One essay from a text, Markdown, Word, PDF or HTML extract."""
    scorer = Scorer("\n".join(b.text for b in extract.blocks if "?" not in b.text))
    repairs: list[Repair] = list(extract.removed)
    title = ""
    blocks: list[tuple[IngestBlock, tuple[int, ...]]] = []  # with the block's pages
    for b in _titled(extract):
        first = b.lines[0] if b.lines else 0
        cleaned, fixes = clean_line(first, b.text, scorer)
        text, norm = simplify(first, cleaned)
        repairs += fixes + norm
        if not text.strip():
            continue
        if b.level == 1 and not title and not any(x.level == 0 for x, _ in blocks):
            title = text
            continue
        level = 0 if b.level == 0 else max(2, b.level)
        blocks.append((IngestBlock(text, b.lines, level, tuple(fixes + norm)), b.pages))
    pages = {blk.lines: p for blk, p in blocks}
    structured = [blk for blk, _ in blocks]
    if extract.kind in ("text", "pdf"):  # no styles: headings are short lines of their own
        structured = outline(structured)  # as written: a trainer's text is not a scraped page
    title = _usable(title) or _usable(extract.title) or _usable(fallback_title) or "未命名文章"
    paragraphs, headings = assemble(structured, "new", pages)
    if not paragraphs:
        raise InputError("文件中没有找到正文段落（只有标题或空行）。请检查文件内容。")
    essay = Essay("new", check_title(title), tuple(paragraphs), {**extract.meta, "source": source})
    return Draft(essay, tuple(headings), tuple(sorted(repairs, key=lambda r: r.line)))


def with_id(draft: Draft, essay_id: str, title: str = "") -> Draft:
    """The draft as the essay ``essay_id`` (its file ``<id>.md``), optionally retitled."""
    paragraphs = tuple(
        replace(p, id=f"{essay_id}-p{p.number}", essay_id=essay_id) for p in draft.essay.paragraphs
    )
    raw_file = str(draft.essay.meta.get("source", {}).get("raw_file", ""))
    essay = replace(
        draft.essay,
        id=essay_id,
        title=check_title(title) if title else draft.essay.title,
        paragraphs=paragraphs,
        path=f"{essay_id}.md",
        raw_file=raw_file,
    )
    return replace(draft, essay=essay)


def fingerprint(text: str) -> str:
    """A paragraph's text with punctuation and spaces removed: what a duplicate shares."""
    return _NOT_TEXT.sub("", text)


def duplicate_of(draft: Draft, essays: list[Essay], share: float = 0.6) -> Essay | None:
    """The existing essay most of whose text the draft repeats (≥ ``share`` of its
    paragraphs found there), if any."""
    mine = {fingerprint(p.text) for p in draft.essay.paragraphs if len(p.text) >= 10}
    if not mine:
        return None
    best, best_share = None, 0.0
    for e in essays:
        theirs = {fingerprint(p.text) for p in e.paragraphs}
        s = len(mine & theirs) / len(mine)
        if s > best_share:
            best, best_share = e, s
    return best if best_share >= share else None
