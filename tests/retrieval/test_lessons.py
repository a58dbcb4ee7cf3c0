"""What the bank teaches retrieval beyond its votes: passages expanded with the words of their
verified questions, and a query adapter fitted on the verified pairs (rag.retrieval.lessons)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from rag.answer.evidence import EvidenceJudge
from rag.retrieval.bank import BankEntry, paragraph_hash
from rag.retrieval.chunking import paragraph_texts
from rag.retrieval.lessons import NONE
from rag.retrieval.search import Retriever
from rag.tools.evaluate import DEV_SET, bank_for, load_questions

WORD = "发怵"  # no essay uses it
VERIFIED = "干部见了老百姓就发怵，是什么原因？"
PARAGRAPH = "e4-p12"


def _entry(r: Retriever, question: str, pid: str, positive: bool = True) -> BankEntry:
    text = paragraph_texts(r.chunks)[pid]
    return BankEntry(question, pid, paragraph_hash(text), positive, "王老师", "2026-11-29 09:00")


def _with(r: Retriever, bank, **settings) -> Retriever:
    """``r`` over the same index with ``bank`` and other settings (no disk writes); these
    small banks teach (``bank_lessons_from`` 1) unless a test says otherwise."""
    settings = {"bank_lessons_from": 1, **settings}
    return Retriever(
        r.index, r.embedder, r.settings.replace(**settings), queries=r.queries, bank=bank
    )


def _bank(r: Retriever, entries: list[BankEntry]):
    return r.make_bank(entries, r.question_vectors([e.question for e in entries]))


def _rank(r: Retriever, question: str, pid: str) -> int | None:
    hits = r.search(question, k=20).hits
    return next((h.rank for h in hits if h.chunk.paragraph_id == pid), None)


def test_a_word_only_trainers_used_finds_the_passage_they_verified(retriever):
    """The votes are off (weight 0) and the adapter too: only the expansion is at work."""
    assert not any(WORD in t for t in paragraph_texts(retriever.chunks).values())
    bank = _bank(retriever, [_entry(retriever, VERIFIED, PARAGRAPH)])
    taught = _with(retriever, bank, bank_weight=0.0, bank_adapter_strength=0.0)
    own = next(i for i, c in enumerate(retriever.chunks) if c.paragraph_id == PARAGRAPH)
    assert taught.lessons.lexical.scores(WORD)[own] > 0 == retriever.index.lexical.scores(WORD)[own]
    assert taught.lessons.expanded == sum(c.paragraph_id == PARAGRAPH for c in retriever.chunks)
    question = "为什么有些干部一到群众面前就发怵？"  # worded otherwise than the verified one
    plain = _with(retriever, None)
    assert taught.lessons.lexical is not None
    assert _rank(taught, question, PARAGRAPH) < (_rank(plain, question, PARAGRAPH) or 21)
    # The passage's text is what is quoted: the expansion is seen by word search only.
    hit = next(h for h in taught.search(question, k=20).hits if h.chunk.paragraph_id == PARAGRAPH)
    assert WORD not in hit.chunk.text and hit.lexical_score and hit.lexical_score > 0


def test_a_paragraph_verified_for_many_questions_grows_by_distinct_words_only(retriever):
    """One question verified ten times adds each of its words once, not ten times."""
    pid = PARAGRAPH
    once = _with(retriever, _bank(retriever, [_entry(retriever, VERIFIED, pid)]))
    many = _with(retriever, _bank(retriever, [_entry(retriever, VERIFIED, pid)] * 10))
    chunk = next(i for i, c in enumerate(retriever.chunks) if c.paragraph_id == pid)
    q = "干部发怵"
    assert once.lessons.lexical.scores(q)[chunk] == pytest.approx(
        many.lessons.lexical.scores(q)[chunk], rel=1e-6
    )


def test_the_adapter_moves_a_verified_question_towards_its_passage(retriever):
    entries = [
        _entry(retriever, VERIFIED, PARAGRAPH),
        _entry(retriever, "乡镇工作千头万绪，哪些是重中之重？", "e4-p18"),
        _entry(retriever, "消防官兵靠什么形象取信于民？", "e2-p2"),
    ]
    taught = _with(retriever, _bank(retriever, entries), bank_expand=False)
    lessons = taught.lessons
    assert lessons.lexical is None and lessons.fitted == 3 and lessons.adapter is not None
    rows = [i for i, c in enumerate(retriever.chunks) if c.paragraph_id == PARAGRAPH]
    target = retriever.index.dense.chunks.vectors(np.array(rows)).mean(axis=0)
    q = retriever.query_vector(VERIFIED)
    moved = lessons.adapt(q)
    assert np.linalg.norm(moved) == pytest.approx(1.0, abs=1e-5)
    assert float(moved @ target) > float(q @ target)
    off = _with(retriever, _bank(retriever, entries), bank_adapter_strength=0.0).lessons
    assert off.adapter is None and off.adapt(q) is q


def test_nothing_is_learnt_from_a_changed_paragraph_or_a_rejection(retriever):
    """An entry whose paragraph was edited is set aside by the bank, so it teaches nothing; a
    rejection only votes against its paragraph."""
    stale = dataclasses.replace(_entry(retriever, VERIFIED, PARAGRAPH), paragraph_hash="0" * 64)
    rejected = _entry(retriever, VERIFIED, PARAGRAPH, positive=False)
    for entries in ([stale], [rejected]):
        assert _with(retriever, _bank(retriever, entries)).lessons is NONE
    assert _with(retriever, None).lessons is NONE


def test_the_lessons_follow_the_bank(retriever):
    """Learnt once per bank: the same bank reuses them, a new bank (after a mark) is learnt
    from on its first question."""
    r = _with(retriever, _bank(retriever, [_entry(retriever, VERIFIED, PARAGRAPH)]))
    first = r.lessons
    assert r.lessons is first
    r.bank = _bank(retriever, [_entry(retriever, "乡镇工作千头万绪，哪些是重中之重？", "e4-p18")])
    own = next(i for i, c in enumerate(retriever.chunks) if c.paragraph_id == PARAGRAPH)
    assert r.lessons is not first and r.lessons.lexical.scores(WORD)[own] == 0


def test_a_new_bank_serves_with_the_last_lessons_until_its_own_are_learnt(retriever):
    """A mark reaches answers before its lessons are learnt (most of a second with 10,000
    entries): the new bank's retriever searches with the lessons of the bank before, its own
    entries voting at once, until ``learn_lessons`` replaces them."""
    r = _with(retriever, _bank(retriever, [_entry(retriever, VERIFIED, PARAGRAPH)]))
    old = r.lessons
    marked = _entry(retriever, "乡镇工作千头万绪，哪些是重中之重？", "e4-p18")
    new = r.with_bank(_bank(retriever, [_entry(retriever, VERIFIED, PARAGRAPH), marked]), True)
    assert new.lessons is old  # nothing learnt by a search meanwhile
    hits = new.search("乡镇工作千头万绪，哪些是重中之重？", k=3).hits
    assert hits[0].chunk.paragraph_id == "e4-p18" and hits[0].bank is not None  # its vote
    learnt = new.learn_lessons()
    assert new.lessons is learnt and learnt is not old and learnt.fitted == 2
    # without interim, the first search learns (evaluation, a bank loaded at start)
    fresh = r.with_bank(new.bank)
    assert fresh.lessons.fitted == 2


def test_vectors_of_another_model_teach_no_adapter(retriever):
    """A bank whose vectors have another width (a different embedder) is not fitted on."""
    entry = _entry(retriever, VERIFIED, PARAGRAPH)
    bank = retriever.make_bank([entry], np.ones((1, 8), np.float32) / np.sqrt(8))
    lessons = _with(retriever, bank).lessons
    assert lessons.adapter is None and lessons.expanded > 0


def test_the_abstention_check_looks_at_the_untaught_ranking(retriever):
    """The lessons bring passages that answer in other words; the evidence rule (calibrated on
    the essays' own words) is measured on the ranking without them, the bank's votes kept.
    Dev q010, scored with the held-out bank: its taught top three hold few of its words."""
    questions = load_questions(DEV_SET)
    taught = bank_for(retriever, questions, "dev")
    question = next(q.question for q in questions if q.id == "q010")
    taught_hits = taught.search(question, k=3).hits
    plain_hits = taught.search(question, k=3, taught=False).hits
    assert [h.chunk.id for h in taught_hits] != [h.chunk.id for h in plain_hits]
    judge = EvidenceJudge(taught)
    words = taught.index.lexical.tokenizer.words(question)
    on_taught = judge.coverage(words, " ".join(h.chunk.context() for h in taught_hits))
    evidence = judge.evidence(question, taught_hits)
    assert evidence.coverage == judge.coverage(
        words, " ".join(h.chunk.context() for h in plain_hits)
    )
    assert evidence.coverage > on_taught and not judge.abstain(evidence)


def test_lessons_only_where_they_are_used(retriever):
    """Reciprocal-rank fusion does not use them; with both switched off nothing is learnt
    (and the abstention check searches only once)."""
    bank = _bank(retriever, [_entry(retriever, VERIFIED, PARAGRAPH)])
    assert _with(retriever, bank, fusion="rrf").lessons is NONE
    off = _with(retriever, bank, bank_expand=False, bank_adapter_strength=0.0).lessons
    assert not off.active and _with(retriever, bank).lessons.active


def test_a_small_bank_teaches_nothing(retriever):
    """Below ``bank_lessons_from`` confirming entries the lessons fit a handful of pairs and
    mislead the rest (measured: 10–60 pairs scored below no lessons), so only the votes work."""
    entries = [
        _entry(retriever, VERIFIED, PARAGRAPH),
        _entry(retriever, "消防官兵靠什么？", "e2-p2"),
    ]
    bank = _bank(retriever, entries)
    assert _with(retriever, bank, bank_lessons_from=3).lessons is NONE
    assert _with(retriever, bank, bank_lessons_from=2).lessons.active
    assert retriever.settings.bank_lessons_from > 50  # the default waits for a real bank
