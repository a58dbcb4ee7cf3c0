"""Every verified citation makes the next answer better: marks enter the bank at once."""

from __future__ import annotations

import dataclasses
import shutil
import threading
import time

import pytest

from rag.answer.compose import Answerer
from rag.answer.service import Service
from rag.core.errors import RagError
from rag.retrieval.bank import paragraph_hash
from rag.trainer.bank_keeper import BankKeeper, entries_from_log, measure
from rag.trainer.desk import Desk
from rag.trainer.store import FeedbackStore
from rag.web.html import overview_markdown


@pytest.fixture
def desk(built, tmp_path, feedback_db):
    shutil.copytree(built.corpus_dir / "essays", tmp_path / "corpus" / "essays")
    shutil.copytree(built.corpus_dir / "bank", tmp_path / "corpus" / "bank")
    shutil.copytree(built.index_dir / "cache", tmp_path / "index" / "cache")
    settings = built.replace(
        corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", seed_bank="none"
    )
    service = Service(settings)
    store = FeedbackStore(feedback_db)
    return Desk(store, service, BankKeeper(store, service))


def _ask_and_log(desk: Desk, question: str) -> int:
    answer = desk.source.answerer.reply(question)
    return desk.store.log_answer(desk.store.new_conversation(), answer)


def test_a_mark_saved_without_a_name_shows_as_unsigned_and_the_page_says_so(desk):
    """A mark saved with the name field empty had the answers read 培训师 · 2026-11-30."""
    from rag.web.trainer import _unsigned

    qid = _ask_and_log(desk, "社区为什么要设置民情信箱？")
    desk.mark(True, qid, 1, "correct", "", trainer="  ")
    answer = desk.source.answerer.reply("社区为什么要设置民情信箱？")
    assert answer.verified.startswith("未署名的培训师 · ")
    assert "请在上方填写你的名字" in _unsigned(" ") and _unsigned("王老师") == ""


def test_a_follow_up_verified_does_not_verify_its_topic_question_asked_alone(desk):
    """A trainer's marks on a follow-up (廉洁方面怎么说 after 当村干部品德上要注意啥, logged
    joined to it) showed ✔ 培训师已核对 on the topic question asked afresh, over sentences
    nobody marked."""
    history = []
    for q in ("当村干部品德上要注意啥", "具体怎么做？"):  # (廉洁方面怎么说 now narrows it)
        history.append(desk.source.answerer.reply(q, history))
    assert history[1].understood_as == "当村干部品德上要注意啥——具体怎么做？"
    qid = desk.store.log_answer(desk.store.new_conversation(), history[1])
    desk.mark(True, qid, 1, "correct", "", trainer="王老师")
    assert not desk.source.answerer.reply("当村干部品德上要注意啥").verified


def test_a_rejected_quote_of_a_follow_up_is_not_offered_for_that_follow_up_again(desk):
    """A follow-up searches its topic with cue words: the bank must compare what it asked
    (…——具体怎么做？), not the text searched, or its rejections never apply again."""
    topic = desk.source.answerer.reply("社区干部应该学习什么？")
    how = desk.source.answerer.reply("具体怎么做？", [topic])
    assert how.understood_as.endswith("——具体怎么做？") and how.citations
    qid = desk.store.log_answer(desk.store.new_conversation(), how)
    desk.mark(True, qid, 1, "irrelevant", "", trainer="王老师")
    answerer = desk.source.answerer
    again = answerer.reply("具体怎么做？", [answerer.reply("社区干部应该学习什么？")])
    assert how.citations[0].quote not in [c.quote for c in again.citations]


def test_a_mark_is_used_by_the_next_question_within_a_second(desk):
    qid = _ask_and_log(desk, "社区为什么要设置民情信箱？")
    t = time.perf_counter()
    desk.mark(True, qid, 1, "correct", "", trainer="王老师")
    answer = desk.source.answerer.reply("社区为什么要设置民情信箱？")
    assert time.perf_counter() - t < 1.0
    assert answer.verified.startswith("培训师 王老师 · ")
    assert any(c.verified for c in answer.citations)
    assert desk.source.retriever.bank is not None and len(desk.source.retriever.bank) == 1
    # A verified answer is not padded with its paragraph's other sentences: with no other
    # point close enough in score, it is what the trainer verified, all of it marked so.
    params = dataclasses.replace(desk.source.answerer.params, point_margin=-1.0)
    alone = Answerer(desk.source.retriever, params).reply("社区为什么要设置民情信箱？")
    assert alone.verified and alone.citations and all(c.verified for c in alone.citations)
    # What is asked after it was not verified: no 培训师已核对 on 还有吗 / 为什么 / 具体怎么做.
    for follow_up in ("还有吗？", "为什么？", "具体怎么做？"):
        after = desk.source.answerer.reply(follow_up, [answer])
        assert not after.verified and not any(c.verified for c in after.citations), follow_up


def test_a_verdict_taken_back_is_forgotten_by_the_bank(desk):
    question = "社区为什么要设置民情信箱？"
    qid = _ask_and_log(desk, question)
    desk.mark(True, qid, 1, "correct", "", trainer="王老师")
    assert desk.source.answerer.reply(question).verified
    assert desk.unmark(True, qid, 1).startswith("已清除")
    assert not desk.source.answerer.reply(question).verified
    desk.attach(True, qid, "e3-p6", trainer="王老师")
    assert desk.source.answerer.reply(question).verified
    assert desk.detach(True, qid, "e3-p6").startswith("已移除")
    assert not desk.source.answerer.reply(question).verified
    assert "没有附上" in desk.detach(True, qid, "e3-p6")


def test_a_verified_factual_question_is_answered_as_verified(desk):
    question = "社区领导干部多久走访一次居民群众？"
    qid = _ask_and_log(desk, question)
    assert desk.store.question(qid).answer.citations, "the sentence gives the frequency"
    desk.mark(True, qid, 1, "correct", "", trainer="王老师")
    again = desk.source.answerer.reply(question)
    assert again.verified.startswith("培训师 王老师") and again.citations[0].verified


def test_marks_and_attachments_become_entries(desk):
    qid = _ask_and_log(desk, "如何建立健全信访工作机制？")
    q = desk.store.question(qid)
    desk.mark(True, qid, 1, "correct", "", trainer="李老师")
    if len(q.answer.citations) > 1:
        desk.mark(True, qid, 2, "irrelevant", "", trainer="李老师")
    desk.attach(True, qid, "e3-p6", trainer="李老师")
    entries = entries_from_log(desk.store.questions("marked"))
    first = q.answer.citations[0]
    assert entries[0].positive and entries[0].quote == first.quote
    assert entries[0].paragraph_hash == paragraph_hash(first.passage)
    if len(q.answer.citations) > 1:
        # a rejection is of that quote: it keeps it, so that the quote alone is set aside
        assert not entries[1].positive and entries[1].quote == q.answer.citations[1].quote
    attached = [e for e in entries if e.paragraph_id == "e3-p6" and e.positive]
    assert attached and attached[0].trainer == "李老师"


def test_a_mark_in_a_question_of_several_parts_verifies_its_part(desk):
    """The mark is for the part its point answered; a paragraph attached to the whole question
    never makes a part "this very question" (it went to the first part before)."""
    question = (
        "我刚到社区工作，想请教几个问题：一是社区为什么要设置民情信箱？"
        "二是消防执法人员应该怎样对待群众？"
    )
    qid = _ask_and_log(desk, question)
    q = desk.store.question(qid)
    second = next(c for c in q.answer.citations if c.essay_id == "e2")
    desk.mark(True, qid, second.n, "correct", "", trainer="王老师")
    desk.attach(True, qid, "e4-p15", trainer="王老师")
    entries = entries_from_log(desk.store.questions("marked"))
    marked = next(e for e in entries if e.quote == second.quote)
    assert marked.question == "消防执法人员应该怎样对待群众？"
    assert next(e for e in entries if e.paragraph_id == "e4-p15").question == question
    again = desk.source.answerer.reply(question)
    first_part = again.text.split("二、", 1)[0]
    assert "e4-p15" not in [c.paragraph_id for c in again.citations if c.point in first_part]
    assert [c for c in again.citations if c.quote == second.quote][0].verified
    assert desk.source.answerer.reply("消防执法人员应该怎样对待群众？").verified


def test_a_rejected_quote_is_not_offered_again_but_its_paragraph_still_is(desk):
    question = "社区为什么要设置民情信箱？"
    qid = _ask_and_log(desk, question)
    first = desk.store.question(qid).answer.citations[0]
    desk.mark(True, qid, 1, "out_of_context", "只说了一半", trainer="王老师")
    again = desk.source.answerer.reply(question)
    assert all(first.quote not in c.quote and c.quote not in first.quote for c in again.citations)
    assert not again.abstained
    # another sentence of the same paragraph may still answer it (the paragraph is not banned)
    paragraph = desk.paragraphs[first.paragraph_id].text
    others = [s for s in paragraph.split("。") if s and s not in first.quote]
    if others:
        assert desk.source.retriever.search(question, k=10).hits


def test_a_mark_on_a_paragraph_edited_since_is_refused(desk):
    qid = _ask_and_log(desk, "社区为什么要设置民情信箱？")
    pid = desk.store.question(qid).answer.citations[0].paragraph_id
    essay = desk.source.settings.essays_dir / f"{pid.split('-')[0]}.md"
    old = desk.paragraphs[pid].text
    essay.write_text(essay.read_text("utf-8").replace(old, "改写后的段落，意思不同了。"), "utf-8")
    desk.source.refresh(force=True)
    with pytest.raises(RagError, match="已被修改或删除"):
        desk.mark(True, qid, 1, "correct", "")
    assert desk.store.question(qid).marks == {}


def test_two_trainers_marking_at_once_lose_nothing(desk):
    ids = [_ask_and_log(desk, q) for q in ("什么是大党委制？", "社区为什么要设置民情信箱？")]
    errors = []

    def mark(qid, who):
        try:
            desk.mark(True, qid, 1, "correct", "", trainer=who)
        except RagError as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [
        threading.Thread(target=mark, args=a) for a in zip(ids, ("王老师", "李老师"), strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    bank = desk.source.retriever.bank
    assert {e.trainer for e in bank.entries} == {"王老师", "李老师"}


def test_the_overview_shows_the_bank_and_what_was_set_aside(desk):
    qid = _ask_and_log(desk, "四是记好民情日记，具体怎么记？")
    desk.mark(True, qid, 1, "correct", "", trainer="王老师")
    text = overview_markdown(desk.overview(True))
    assert "已核对题库：**1** 条问答在用" in text
    pid = desk.store.question(qid).answer.citations[0].paragraph_id
    essay = desk.source.settings.essays_dir / f"{pid.split('-')[0]}.md"
    old = desk.paragraphs[pid].text
    essay.write_text(essay.read_text("utf-8").replace(old, old + "补充一句。"), "utf-8")
    desk.source.refresh(force=True)
    text = overview_markdown(desk.overview(True))
    assert "1 条已核对问答指向已修改的段落" in text


def test_the_effect_is_measured_leave_one_out(retriever):
    effect = measure(retriever, sample=40)
    assert effect is not None and effect.questions == 40
    assert 0 <= effect.without <= 1 and effect.with_bank >= effect.without - 0.1
