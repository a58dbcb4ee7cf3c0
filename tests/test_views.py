"""HTML views escape everything that comes from users or essays."""

from __future__ import annotations

from rag.records import Essay, Paragraph
from rag.views import essay_html, outline_html, sources_html

EVIL = '<script>alert(1)</script><img src=x onerror="alert(2)">'


def test_essay_text_with_markup_is_shown_as_text():
    essay = Essay("x", EVIL, (Paragraph("x-p1", "x", 1, "正文" + EVIL, (EVIL,)),))
    html = essay_html(essay, "x-p1", 0, 2)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert '<p id="p-x-p1" class="cited">' in html and "<mark>正文</mark>" in html
    assert "<script>" not in outline_html(essay)


def test_sources_escape_quotes_and_mark_the_span():
    cite = {
        "n": 1,
        "chunk_id": "x-p1-c1",
        "essay_id": "x",
        "title": EVIL,
        "heading": "",
        "quote": "坏",
        "passage": EVIL + "坏",
        "paragraph_id": "x-p1",
        "paragraph_number": 1,
        "start": len(EVIL),
        "end": len(EVIL) + 1,
        "lexical_rank": 1,
        "dense_rank": None,
    }
    html = sources_html([cite], understood_as=EVIL)
    assert "<script>" not in html and "<img" not in html
    assert "<mark>坏</mark>" in html and "语义检索未命中" in html
