"""Citation permalinks: resolution, raw lines, repairs, unknown ids."""

from __future__ import annotations

import pytest

from rag.answer.citations import CiteNotFound, resolve_cite
from rag.core.settings import Settings
from rag.corpus.essays import load_corpus
from rag.web.html import cite_html, error


@pytest.fixture(scope="module")
def essays():
    return load_corpus(Settings().essays_dir)


def test_a_chunk_id_resolves_to_its_span_and_raw_lines(retriever, essays):
    view = resolve_cite("e4-p14-c1", essays, retriever.chunks, Settings().corpus_dir)
    assert view.paragraph.id == "e4-p14"
    assert view.paragraph.text[view.start : view.end].startswith("火车跑得快，全靠车头带。")
    assert [n for n, _ in view.raw_lines] == [124]
    assert "疖嚺艿每欤" in view.raw_lines[0][1]  # the damaged original, as scraped
    html = cite_html(view)
    assert "⟨U+E0E3⟩" in html  # invisible private-use characters are spelled out
    assert "。火車跑得快，全靠車頭" in html and "编码错位" in html
    assert "<mark>" in html and 'class="cited"' in html


def test_a_paragraph_id_highlights_the_whole_paragraph(retriever, essays):
    view = resolve_cite("e3-p6", essays, retriever.chunks, Settings().corpus_dir)
    assert (view.start, view.end) == (0, len(view.paragraph.text))


@pytest.mark.parametrize(
    ("typed", "shown", "paragraph"),
    [
        (" E3-P6 ", "e3-p6", "e3-p6"),
        ("E4-p14-C1\n", "e4-p14-c1", "e4-p14"),
        ("E3-P6-C9", "e3-p6-c9", "e3-p6"),
    ],
)
def test_ids_are_read_whatever_their_case_and_spaces(retriever, essays, typed, shown, paragraph):
    view = resolve_cite(typed, essays, retriever.chunks, Settings().corpus_dir)
    assert (view.cite_id, view.paragraph.id) == (shown, paragraph)


@pytest.mark.parametrize("empty", ["", "   "])
def test_an_empty_id_asks_for_one(retriever, essays, empty):
    with pytest.raises(CiteNotFound) as err:
        resolve_cite(empty, essays, retriever.chunks, Settings().corpus_dir)
    assert str(err.value) == "请先输入出处编号（例如 e3-p6-c1）。"


@pytest.mark.parametrize("bad", ["e9-p1", "e3-p999-c1", "<script>", "e3-p6-c9"])
def test_unknown_ids_give_a_clear_message(retriever, essays, bad):
    if bad == "e3-p6-c9":  # an unknown chunk of a known paragraph falls back to the paragraph
        assert (
            resolve_cite(bad, essays, retriever.chunks, Settings().corpus_dir).paragraph.id
            == "e3-p6"
        )
        return
    with pytest.raises(CiteNotFound, match="找不到出处") as err:
        resolve_cite(bad, essays, retriever.chunks, Settings().corpus_dir)
    shown = error(err.value)  # how the page shows it: the id as text, never as markup
    assert "<script>" not in shown and ("&lt;script&gt;" in shown or bad != "<script>")


def test_hand_added_essays_have_no_raw_lines(retriever, tmp_path):
    (tmp_path / "x.md").write_text("# 题\n\n一段。\n", encoding="utf-8")
    essays = load_corpus(tmp_path)
    view = resolve_cite("x-p1", essays, retriever.chunks, tmp_path)
    assert view.raw_lines == () and "没有原始页面的溯源信息" in cite_html(view)
