"""Verification view: a citation by its stable id, beside the raw source lines and the repairs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from rag.chunking import Chunk
from rag.errors import RagError
from rag.records import REPAIR_KINDS, Essay, Paragraph, Repair, repair_counts, where_label
from rag.views import essay_html

# Routine changes are summarised by count; the rest are listed before → after.
_COUNTED = ("t2s", "punct")


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


def resolve_cite(
    cite_id: str, essays: list[Essay], chunks: list[Chunk], corpus_dir: Path
) -> CiteView:
    """Find a chunk id (``e3-p6-c1``) or paragraph id (``e3-p6``) and its raw source lines.

    Raises:
        CiteNotFound: the id names nothing in the current corpus.
    """
    cid = (cite_id or "").strip()
    paragraphs = {p.id: (e, p) for e in essays for p in e.paragraphs}
    chunk = next((c for c in chunks if c.id == cid), None)
    # An old chunk id (the index was re-chunked since) still names its paragraph.
    pid = chunk.paragraph_id if chunk else re.sub(r"-c\d+$", "", cid)
    if pid not in paragraphs:
        shown = escape(cid[:60]) if cid else "（空）"
        raise CiteNotFound(
            f"找不到出处 {shown}。出处编号形如 e3-p6（段落）或 e3-p6-c1（段落块）；"
            "文章修改后旧编号可能失效，请从回答的出处重新打开。"
        )
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


def _visible(text: str) -> str:
    """Escape, and spell out the invisible private-use characters of damaged runs."""
    return "".join(
        f'<span class="pua">⟨U+{ord(c):04X}⟩</span>' if "\ue000" <= c <= "\uf8ff" else escape(c)
        for c in text
    )


def _repairs_html(repairs: tuple[Repair, ...]) -> str:
    rows, counts = [], repair_counts(r for r in repairs if r.kind in _COUNTED)
    for r in repairs:
        if r.kind in _COUNTED:
            continue
        rows.append(
            f"<tr><td>{r.line}</td><td>{escape(REPAIR_KINDS.get(r.kind, r.kind))}</td>"
            f"<td>{_visible(r.before)}</td><td>{_visible(r.after)}</td><td>{escape(r.note)}</td></tr>"
        )
    summary = "；".join(f"{REPAIR_KINDS[k]} {v}" for k, v in counts.items())
    table = (
        "<table class='repairs'><tr><th>行</th><th>类别</th><th>修复前</th><th>修复后</th>"
        f"<th>依据</th></tr>{''.join(rows)}</table>"
        if rows
        else "<p class='hint'>这一段没有逐处列出的修复。</p>"
    )
    return table + (f"<p class='hint'>另有：{escape(summary)}。</p>" if summary else "")


def cite_html(view: CiteView) -> str:
    """Essay with the cited span highlighted; beside it the raw lines and the repairs made."""
    p = view.paragraph
    left = essay_html(view.essay, p.id, view.start, view.end, anchor_prefix="cite")
    if view.raw_lines:
        raw = "".join(
            f"<div class='raw-line'><span class='pno'>{n}</span>{_visible(t.strip())}</div>"
            for n, t in view.raw_lines
        )
        right = (
            f"<h4>原始页面（{escape(view.raw_file)}）第 "
            f"{'、'.join(str(n) for n, _ in view.raw_lines)} 行</h4>"
            f"<div class='raw'>{raw}</div><h4>清理时所做的修改</h4>{_repairs_html(p.repairs)}"
        )
    else:
        right = "<p class='hint'>这一段没有原始页面的溯源信息（手工加入或修改过的文章）。</p>"
    where = where_label(view.essay.display_title, p.heading_path, p.number)
    return (
        f"<div class='cite-head'><b>{escape(view.cite_id)}</b> · {escape(where)}</div>"
        f"<div class='cite-grid'><div>{left}</div><div class='cite-raw'>{right}</div></div>"
    )
