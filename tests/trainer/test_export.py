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


def test_an_attached_paragraph_is_exported_with_its_text_and_a_follow_up_keeps_its_mark(
    feedback_db, retriever, tmp_path
):
    """The JSONL export gave a pair from an attached paragraph "gold_text": [] while pairs
    marked 正确 carried their quote, and the follow-up 那消防呢？ was exported as
    消防干部平时该学些什么, without its ？ (desk walk 3, D8)."""
    from types import SimpleNamespace

    from rag.answer.compose import Answerer
    from rag.core.settings import Settings
    from rag.corpus.essays import load_corpus
    from rag.trainer.desk import Desk

    essays = load_corpus(Settings().essays_dir)
    texts = {p.id: p.text for e in essays for p in e.paragraphs}
    store = FeedbackStore(feedback_db)
    desk = Desk(store, SimpleNamespace(retriever=retriever, essays=essays), export_dir=tmp_path)
    c = store.new_conversation()
    asked = store.log_answer(
        c, answer("群众工作为什么越来越难了？", ("e3-p6", "三是设置民情信箱。"))
    )
    desk.attach(True, asked, "e5-p10", trainer="王老师")
    answerer = Answerer(retriever)
    first = answerer.reply("社区干部平时该学些什么？")
    more = answerer.reply("那消防呢？", [first])
    assert more.understood_as != more.query and not more.understood_as.endswith("？")
    follow = store.log_answer(c, more)
    desk.attach(True, follow, "e2-p3")
    with open(desk.export_verified(True), encoding="utf-8") as f:
        rows = {r["id"]: r for r in map(json.loads, f)}
    assert rows[f"fb{asked}"]["gold"] == ["e5-p10"]
    assert rows[f"fb{asked}"]["gold_text"] == [texts["e5-p10"]]  # the paragraph, whole
    assert rows[f"fb{follow}"]["question"] == more.understood_as + "？"
    assert rows[f"fb{follow}"]["gold_text"] == [texts["e2-p3"]]
    # scored as before: the gold text is the whole paragraph, so any chunk of it counts
    q = questions_from_rows([rows[f"fb{asked}"]])[0]
    assert q.gold_text == (texts["e5-p10"],)
