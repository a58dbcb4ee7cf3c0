"""The essays' layout as the answerer reads it, on the real corpus and index."""

from __future__ import annotations

import pytest

from rag.answer.essay_layout import FIRST_ITEM, LIST_ITEM, EssayLayout, list_markers
from rag.corpus.essays import load_corpus


@pytest.fixture(scope="module")
def layout(retriever) -> EssayLayout:
    return EssayLayout(load_corpus(retriever.settings.essays_dir), retriever.chunks)


def test_reading_order_follows_the_essays(layout):
    assert layout.order == list(layout.paragraphs)
    assert all(layout.order[layout.place[p]] == p for p in layout.order)
    for essay, pids in layout.of_essay.items():
        assert all(layout.chunks_of[p][0].essay_id == essay for p in pids)
        assert [layout.place[p] for p in pids] == sorted(layout.place[p] for p in pids)


def test_an_essays_sections_and_a_sections_items(layout):
    sections = layout.sections("e4")
    assert list(sections) == [
        "1、抓观念教育，思想上适应",
        "2、抓坦荡做人，品性上适应",
        "3、抓模范带头，能力上适应",
    ]
    for heading, first in sections.items():
        assert layout.chunks_of[first][0].heading_path[0] == heading
        items = layout.items_under(heading)
        assert list(items) == layout.headed[heading]  # five, five and four sub-headings
        assert all(
            layout.chunks_of[p][0].heading_path[-2:] == (heading, s) for s, p in items.items()
        )
    assert [len(layout.headed[h]) for h in sections] == [5, 5, 4]
    assert layout.sections("no-such-essay") == {}


def test_a_list_running_over_paragraphs_is_found_from_any_item(layout):
    run = layout.list_run("e5-p34")  # 三是把服务融入到…
    assert run[0] == "e5-p32" and FIRST_ITEM.match(layout.paragraphs["e5-p32"])  # 一是转变理念…
    assert all(LIST_ITEM.match(layout.paragraphs[p]) for p in run)
    assert {tuple(layout.list_run(p)) for p in run} == {tuple(run)}
    # the paragraph after an item goes on from it, the other items too
    assert {"e5-p35", "e5-p32"} <= layout.following({"e5-p34"})
    assert layout.following({"e5-p34"}, siblings=False) == set()


def test_a_point_followed_up_goes_on_into_the_paragraphs_that_continue_it(layout):
    hits = layout.paragraph_hits("e5-p32")
    paragraphs = list(dict.fromkeys(h.chunk.paragraph_id for h in hits))
    assert paragraphs[0] == "e5-p32" and len(paragraphs) > 1
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert {h.chunk.paragraph_id for h in layout.paragraph_hits("e5-p32", go_on=False)} == {
        "e5-p32"
    }
    assert layout.paragraph_hits("e9-p1") == []


def test_a_list_inside_one_paragraph_needs_three_items_in_order():
    text = "做好工作，首先是学习，其次是调研，第三是落实。"
    markers = list_markers(text)
    assert [text[a:b] for a, b in markers] == ["首先", "其次", "第三是"]
    assert list_markers("首先是学习，其次是调研。") == ()  # two items are no list
    assert list_markers("第三是落实，首先是学习，其次是调研。") == ()  # out of order


def test_the_people_introduced_with_a_title(layout):
    people = dict(layout.titled_people())
    assert people["高新民"] == "中央党校党建部教授高新民"
    assert "张希贤" in people
    assert dict(layout.titled_people("e1")) == {}


def test_a_span_is_read_from_the_essays_text(layout):
    chunk = layout.chunks_of["e5-p9"][0]
    assert layout.text(chunk) == chunk.text  # the index holds the essays' text
    assert layout.holder("e5-p9", chunk.start, chunk.end) == chunk
    assert layout.holder("e5-p9", 0, len(layout.paragraphs["e5-p9"]) + 1) is None
