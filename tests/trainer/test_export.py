"""Exports: conversation Markdown/JSON and the verified eval set (JSONL)."""

from __future__ import annotations

import dataclasses
import json

from rag.answer.dialogue import Turn, resolve
from rag.tools.evaluate import questions_from_rows
from rag.trainer.export import (
    conversation_json,
    conversation_markdown,
    verified_jsonl,
    verified_pairs,
)
from rag.trainer.store import FeedbackStore
from tests.trainer.test_store import answer


def _store(where):
    store = FeedbackStore(where)
    c = store.new_conversation()
    a = store.log_answer(
        c, answer("民情信箱有什么用？", ("e3-p6", "三是设置民情信箱。"), ("e1-p1", "总的来说。"))
    )
    more = answer("还有吗？", ("e3-p7", "四是记好民情日记。"))
    first = Turn("民情信箱有什么用？", "民情信箱有什么用？", ("e3-p6-c1",))
    more = dataclasses.replace(more, understood_as=resolve("还有吗？", [first]).understood_as)
    b = store.log_answer(c, more)
    store.log_answer(store.new_conversation(), answer("别人的问题"))
    store.mark(a, 1, "correct", "好", trainer="李老师")
    store.mark(a, 2, "irrelevant")
    store.mark(b, 1, "irrelevant")
    store.attach_missing(b, "e3-p4")
    return store, c


def test_conversation_exports_hold_every_turn_with_citations(tmp_path, feedback_db):
    store, c = _store(feedback_db)
    turns = store.questions(conversation_id=c)
    data = json.loads(conversation_json(turns))
    assert [t["query"] for t in data["turns"]] == ["民情信箱有什么用？", "还有吗？"]
    assert data["turns"][0]["citations"][0]["quote"] == "三是设置民情信箱。"
    assert {k: v for k, v in data["turns"][0]["marks"]["1"].items() if k != "marked_at"} == {
        "verdict": "correct",
        "comment": "好",
        "trainer": "李老师",
    }
    store.rate(turns[1].id, -1)
    store.attach_missing(turns[1].id, "e3-p7", trainer="李老师")
    turns = store.questions(conversation_id=c)
    md = conversation_markdown(turns)
    assert "学员点踩 👎" in md and "- e3-p7（李老师，" in md  # as the JSON export has them
    assert md.startswith("# 对话记录")
    assert "## 问：民情信箱有什么用？" in md and "> 三是设置民情信箱。" in md
    assert (
        "（培训师 李老师：正确，好）" in md
        and "（未署名的培训师：不相关）" in md
        and "别人的问题" not in md
    )


def test_verified_pairs_become_an_eval_set(tmp_path, feedback_db):
    store, _ = _store(feedback_db)
    rows = verified_pairs(store.questions())
    # The 还有吗？ follow-up stands for its topic question: its attached paragraph joins that
    # question's row instead of making a second row with the same question and other gold.
    assert rows == [
        {
            "id": f"fb{rows[0]['id'][2:]}",
            "question": "民情信箱有什么用？",
            "kind": "feedback",
            "gold": ["e3-p6", "e3-p4"],
            "gold_text": ["三是设置民情信箱。"],  # narrows e3-p6; e3-p4 counts whole
        },
    ]
    lines = verified_jsonl(store.questions()).splitlines()
    assert [json.loads(x) for x in lines] == rows
    qs = questions_from_rows(rows)
    assert qs[0].gold == ("e3-p6", "e3-p4") and qs[0].answerable
