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
