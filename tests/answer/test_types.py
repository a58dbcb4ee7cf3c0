"""Answers and citations cross every boundary (JSON, the log, the browser) in one form."""

from __future__ import annotations

from rag.answer.types import Answer, Citation


def _answer() -> Answer:
    quote = "三是设置民情信箱。"
    c = Citation(1, "e3-p6-c1", "e3", "题", "三、", quote, "一是……" + quote, "e3-p6", 6, 5, 14, 2)
    return Answer("信箱？", "民情信箱有什么用？", False, "关于……", (c,), ("问？",), "", "民情信箱")


def test_an_answer_round_trips_through_json():
    a = _answer()
    assert Answer.from_json(a.to_json()) == a
    assert a.citations[0].label == "[1] 《题》 › 三、 › 第6段"
    assert a.citations[0].why == "词法检索第2，语义检索未命中"


def test_a_refusal_says_why_in_its_text_and_its_error():
    r = Answer.refusal("  ", "问题不能为空。")
    assert r.abstained and r.text == r.error == "问题不能为空。"
    assert r.to_json()["error"] == "问题不能为空。" and Answer.from_json(r.to_json()) == r


def test_a_turn_remembers_what_was_cited():
    t = _answer().turn()
    assert (t.query, t.quoted, t.topic) == ("信箱？", (("e3-p6", 5, 14),), "民情信箱")
    assert t.answered and not Answer.refusal("？", "问题不能为空。").turn().answered


def test_a_quote_that_is_one_whole_quotation_keeps_its_own_marks():
    from dataclasses import replace

    from rag.answer.types import Citation

    base = Citation.from_json(
        {"n": 2, "chunk_id": "e1-p1-c0", "paragraph_id": "e1-p1", "essay_id": "e1",
         "title": "t", "heading": "", "paragraph_number": 1, "quote": "x", "passage": "x",
         "start": 0, "end": 1}
    )  # fmt: skip
    assert replace(base, quote="三是设置民情信箱。").point == "2. “三是设置民情信箱。”[2]"
    assert replace(base, quote="“所有的考验都是群众的考验。”").point == (
        "2. “所有的考验都是群众的考验。”[2]"
    )
    # Two quotations in a row are not one; a quote holding a quotation is set in 「」, so
    # no ““ or ”” doubles up.
    two = "“对党负责，”张希贤说，“不能总认为。”"
    assert replace(base, quote=two).point == f"2. 「{two}」[2]"
    saying = "“众人拾柴火焰高”，形象体现了心往一处想。"
    assert replace(base, quote=saying).point == f"2. 「{saying}」[2]"
    assert "““" not in replace(base, quote=saying).point


def test_the_sources_are_one_line_per_paragraph_with_all_its_points():
    from dataclasses import replace

    a = _answer()
    one = a.citations[0]
    two = replace(one, n=2, start=0, end=3, quote="一是……", chunk_id="e3-p6-c2")
    other = replace(one, n=3, paragraph_id="e3-p7", paragraph_number=7, chunk_id="e3-p7-c1")
    lines = replace(a, citations=(one, two, other)).source_lines()
    assert lines == [
        "[1][2] 《题》 › 三、 › 第6段（e3-p6-c1、e3-p6-c2；词法检索第2，语义检索未命中）",
        "[3] 《题》 › 三、 › 第7段（e3-p7-c1；词法检索第2，语义检索未命中）",
    ]
    assert Answer.refusal("？", "问题不能为空。").source_lines() == []
