"""Citation resolution: a citation's stable id (chunk or paragraph) → its essay, paragraph,
highlighted span and the raw source lines it came from (the data the verification view shows)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rag.core.errors import RagError
from rag.corpus.types import Essay, Paragraph, where_label
from rag.retrieval.chunking import Chunk


class CiteNotFound(RagError):
    """No paragraph or chunk has this id."""


@dataclass(frozen=True)
class CiteView:
    cite_id: str
    essay: Essay
    paragraph: Paragraph
    start: int  # the highlighted span in the paragraph: a chunk's, or the whole paragraph
    end: int
    raw_file: str
    raw_lines: tuple[tuple[int, str], ...]

    @property
    def where(self) -> str:
        p = self.paragraph
        return where_label(self.essay.display_title, p.heading_path, p.number)


def resolve_cite(
    cite_id: str, essays: list[Essay], chunks: list[Chunk], corpus_dir: Path
) -> CiteView:
    """Find a chunk id (``e3-p6-c1``) or paragraph id (``e3-p6``) and its raw source lines.

    Raises:
        CiteNotFound: the id is empty, or names nothing in the current corpus.
    """
    typed = (cite_id or "").strip()
    if not typed:
        raise CiteNotFound("请先输入出处编号（例如 e3-p6-c1）。")
    paragraphs = {p.id: (e, p) for e in essays for p in e.paragraphs}
    by_id = {c.id: c for c in chunks}
    chunk = by_id.get(_spelt(typed, by_id))
    # An old chunk id (the index was re-chunked since) still names its paragraph.
    pid = chunk.paragraph_id if chunk else _spelt(re.sub(r"-[cC]\d+$", "", typed), paragraphs)
    if pid not in paragraphs:
        raise CiteNotFound(
            f"找不到出处 {typed[:60]}。出处编号形如 e3-p6（段落）或 e3-p6-c1（段落块）；"
            "文章修改后旧编号可能失效，请从回答的出处重新打开。"
        )
    # shown as the corpus spells it (an old chunk's suffix in lower case, like every chunk id)
    cid = chunk.id if chunk else pid + typed[len(pid) :].lower()
    essay, paragraph = paragraphs[pid]
    start, end = (chunk.start, chunk.end) if chunk else (0, len(paragraph.text))
    raw_lines: tuple[tuple[int, str], ...] = ()
    raw_file = essay.raw_file
    if raw_file and paragraph.lines:
        path = corpus_dir / raw_file
        try:
            lines = path.read_text(encoding="utf-8").split("\n")
            raw_lines = tuple((n, lines[n - 1]) for n in paragraph.lines if 0 < n <= len(lines))
        except (OSError, UnicodeDecodeError):
            raw_lines = ()
    return CiteView(cid, essay, paragraph, start, end, raw_file, raw_lines)


def _spelt(typed: str, ids: Iterable[str]) -> str:
    """``typed`` as one of ``ids`` spells it: the same, else the same but for case (ids are
    typed by hand: E3-P6 is e3-p6); ``typed`` itself when none is."""
    ids = list(ids)
    if typed in ids:
        return typed
    folded = typed.casefold()
    return next((i for i in ids if i.casefold() == folded), typed)
