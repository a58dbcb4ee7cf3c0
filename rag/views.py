"""HTML views for the UI: citation cards, essays with a highlighted passage, outlines.

Pure functions from records to HTML strings. Every piece of text that comes from a query or
from the corpus goes through ``html.escape``: nothing a user types or an essay contains can
become markup or script.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any
from urllib.parse import quote

from rag.records import Essay, where_label, why_label

CSS = """
#sources .card {border:1px solid #d0d7de; border-radius:8px; padding:8px 10px; margin:6px 0;}
#sources .label {font-weight:600;}
#sources .why {color:#57606a; font-size:0.85em;}
mark {background:#fff3a3; padding:0 1px;}
.scroll-box {max-height:520px; overflow-y:auto; padding-right:6px;}
.sources-box {max-height:360px; overflow-y:auto; padding-right:6px;}
#essay-view .cited, #essay-full .cited {background:#fff8d6; border-left:4px solid #e3a008;
  padding:4px 8px;}
.essay p {line-height:1.8; margin:0.6em 0;}
.essay .pno {color:#8c959f; font-size:0.8em; margin-right:4px;}
.essay .meta {color:#57606a; font-size:0.9em;}
.hint {color:#57606a;}
.cite-grid {display:grid; grid-template-columns: 3fr 2fr; gap:16px;}
.cite-raw .raw {font-family: monospace; background:#f6f8fa; padding:6px; border-radius:6px;
  max-height:320px; overflow-y:auto; white-space:pre-wrap; word-break:break-all;}
.cite-raw table.repairs {font-size:0.85em; border-collapse:collapse; width:100%;}
.cite-raw table.repairs td, .cite-raw table.repairs th {border:1px solid #d0d7de; padding:2px 4px;
  vertical-align:top; word-break:break-all;}
.pua {color:#cf222e; font-size:0.8em;}
.permalink {font-size:0.85em;}
"""

# Scroll the essay box (not the page) so that the cited paragraph is in view.
SCROLL_TO_CITED = """() => {
  setTimeout(() => {
    for (const el of document.querySelectorAll('.scroll-box .cited')) {
      const box = el.closest('.scroll-box');
      box.scrollTop = el.offsetTop - box.offsetTop - 40;
    }
  }, 80);
}"""


def _mark(text: str, start: int, end: int) -> str:
    """``text`` escaped, with ``text[start:end]`` wrapped in <mark>."""
    if not 0 <= start < end <= len(text):
        return escape(text)
    return (
        escape(text[:start]) + "<mark>" + escape(text[start:end]) + "</mark>" + escape(text[end:])
    )


def sources_html(citations: Iterable[dict[str, Any]], understood_as: str = "") -> str:
    """Citation cards of one answer: label, why it was chosen, the passage with the quote marked."""
    cards = []
    for c in citations:
        where = where_label(c["title"], [c["heading"]], c["paragraph_number"])
        why = why_label(c.get("lexical_rank"), c.get("dense_rank"))
        n = int(c["n"])
        cards.append(
            f'<div class="card" data-n="{n}"><div class="label">[{n}] {escape(where)}</div>'
            f'<div class="why">{escape(why)} · 段落块 {escape(c["chunk_id"])} · '
            f'<a class="permalink" href="?cite={quote(c["chunk_id"])}" target="_blank">'
            "永久链接</a></div>"
            f"<div>{_mark(c['passage'], c['start'], c['end'])}</div></div>"
        )
    if not cards:
        return '<p class="hint">这条回答没有引用。</p>'
    head = f'<p class="hint">理解为：{escape(understood_as)}</p>' if understood_as else ""
    return head + '<div class="sources-box">' + "".join(cards) + "</div>"


def essay_html(
    essay: Essay, paragraph_id: str = "", start: int = -1, end: int = -1, anchor_prefix: str = "p"
) -> str:
    """A whole essay; the paragraph ``paragraph_id`` is highlighted (class ``cited``) and, when
    offsets are given, the quoted span inside it is marked."""
    meta = essay.meta or {}
    bits = [
        f"{k}：{meta[k]}" for k in ("author", "affiliation", "date", "kind", "post") if meta.get(k)
    ]
    out = [f'<div class="essay scroll-box"><h2>{escape(essay.display_title)}</h2>']
    if bits:
        out.append(f'<div class="meta">{escape("；".join(bits))}</div>')
    for opened, p in essay.in_reading_order():
        for level, heading in opened:
            out.append(f"<h{min(level + 1, 6)}>{escape(heading)}</h{min(level + 1, 6)}>")
        cited = p.id == paragraph_id
        body = _mark(p.text, start, end) if cited else escape(p.text)
        cls = ' class="cited"' if cited else ""
        anchor = f"{anchor_prefix}-{escape(p.id)}"
        out.append(f'<p id="{anchor}"{cls}><span class="pno">{p.number}</span>{body}</p>')
    out.append("</div>")
    return "".join(out)


def outline_html(essay: Essay) -> str:
    """The essay's headings as a nested list."""
    items = [
        f'<li style="margin-left:{(level - 2) * 1.2}em">{escape(text)}</li>'
        for level, text in essay.headings
    ]
    if not items:
        return f'<p class="hint">《{escape(essay.display_title)}》没有小标题。</p>'
    return f"<ul>{''.join(items)}</ul>"
