"""The verified question bank: a third retrieval signal that follows its paragraphs by content,
persisted like the index, never applied to text a trainer did not verify."""

from __future__ import annotations

import dataclasses
import json
import shutil

import numpy as np
import pytest

from rag.core.settings import PROJECT_ROOT
from rag.retrieval.bank import (
    BankEntry,
    BankError,
    BankMatch,
    BankStore,
    load_entries,
    paragraph_hash,
    write_seed,
)
from rag.retrieval.chunking import paragraph_texts
from rag.retrieval.search import Retriever


@pytest.fixture
def private(built, tmp_path):
    """A retriever whose index (and bank) live in a private folder, over a private corpus."""
    shutil.copytree(built.corpus_dir / "essays", tmp_path / "corpus" / "essays")
    shutil.copytree(built.corpus_dir / "bank", tmp_path / "corpus" / "bank")
    shutil.copytree(built.index_dir / "cache", tmp_path / "index" / "cache")
    settings = built.replace(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    return Retriever.open(settings)


def _entry(r: Retriever, question: str, pid: str, positive: bool = True, **kw) -> BankEntry:
    text = paragraph_texts(r.chunks)[pid]
    return BankEntry(question, pid, paragraph_hash(text), positive, kw.get("trainer", "王老师"),
                     "2026-11-29 09:00:00")  # fmt: skip


def test_a_close_question_is_shown_in_simplified_characters(retriever):
    """Walk 32: the card read 与已核对问题「胡錦濤在建黨九十週年講話裡…」 (a held-out question
    asked in traditional characters) in an answer written in simplified ones."""
    e = _entry(retriever, "胡錦濤在建黨九十週年講話裡提到的基本結論是什麼？", "e4-p14")
    label = BankMatch(e, 0.95).label
    assert (
        label
        == "与已核对问题「胡锦涛在建党九十周年讲话里提到的基本结论是什么」相近（培训师 王老师）"
    )


def test_the_seed_bank_ships_every_gold_pair_of_the_question_sets(retriever, tmp_path):
    """The committed seed file is what `rag bank seed` writes from the question sets."""
    sets = sorted((PROJECT_ROOT / "corpus" / "questions").glob("*.jsonl"))
    n = write_seed(sets, paragraph_texts(retriever.chunks), tmp_path / "seed.jsonl")
    committed = PROJECT_ROOT / "corpus" / "bank" / "seed.jsonl"
    assert (tmp_path / "seed.jsonl").read_text("utf-8") == committed.read_text("utf-8")
    entries = load_entries(committed)
    assert n == len(entries) > 150 and {e.origin for e in entries} == {"dev", "heldout"}
    assert all(e.trainer == "题库" and e.positive for e in entries)


def test_a_verified_question_brings_its_paragraph_first(private):
    question = "乡镇事务千头万绪，哪几项被当成重中之重？"
    plain = [h.chunk.paragraph_id for h in private.with_bank(None).search(question, k=5).hits]
    assert plain[0] != "e4-p18" and "e4-p18" in plain  # found, but not first
    bank = private.build_bank([_entry(private, "乡镇工作千头万绪，哪些是重中之重？", "e4-p18")])
    hits = private.with_bank(bank).search(question, k=5).hits
    assert hits[0].chunk.paragraph_id == "e4-p18"
    why = "与已核对问题「乡镇工作千头万绪，哪些是重中之重」相近（培训师 王老师）"
    assert why in hits[0].why
    far = private.with_bank(bank).search("消防执法人员应该怎样对待群众？", k=1).hits
    assert far[0].bank is None  # a far question is not explained by it


def _score(r: Retriever, question: str, pid: str) -> float:
    return next(h.score for h in r.search(question, k=10).hits if h.chunk.paragraph_id == pid)


def test_a_rejection_votes_against_its_paragraph_for_close_questions(private):
    question = "社区为什么要设置民情信箱？"
    first = private.with_bank(None).search(question, k=1).hits[0].chunk.paragraph_id
    before = _score(private.with_bank(None), question, first)
    bank = private.build_bank([_entry(private, question, first, positive=False)])
    weight = private.settings.bank_weight
    assert _score(private.with_bank(bank), question, first) == pytest.approx(
        before - weight, abs=0.3
    )


def test_a_rejected_quote_is_passed_on_for_the_same_question_only(private):
    question = "社区为什么要设置民情信箱？"
    hit = private.with_bank(None).search(question, k=1).hits[0]
    quote = hit.chunk.text[:20]
    rejection = _entry(private, question, hit.chunk.paragraph_id, positive=False)
    rejection = dataclasses.replace(rejection, quote=quote)
    bank = private.build_bank([rejection])
    assert private.with_bank(bank).search(question, k=3).rejected == (rejection,)
    assert private.with_bank(bank).search("什么是大党委制？", k=3).rejected == ()


def test_a_verified_follow_up_is_not_the_same_question_as_its_topic_alone(private):
    """A trainer verified 廉洁方面怎么说？ asked after 当村干部品德上要注意啥 (logged as the two
    joined): asked on its own, the topic question is about as close to it as to itself, but it
    is not what was verified, and a rejection of that follow-up's quote is not its either."""
    topic = "当村干部品德上要注意啥"
    followed = f"{topic}——廉洁方面怎么说"
    hit = private.with_bank(None).search(topic, k=1).hits[0]
    rejection = dataclasses.replace(
        _entry(private, followed, hit.chunk.paragraph_id, positive=False),
        quote=hit.chunk.text[:20],
    )
    bank = private.build_bank([_entry(private, followed, "e4-p19"), rejection])
    alone = private.with_bank(bank).search(topic, k=3)
    assert alone.verified == () and alone.rejected == ()
    # the follow-up again: it searches its topic (with cue words), asked as understood
    again = private.with_bank(bank).search(f"{topic} 具体做法 措施", k=3, asked=followed)
    assert [e.paragraph_id for e in again.verified] == ["e4-p19"]
    assert again.rejected == (rejection,)


def test_a_rejection_of_one_quote_does_not_vote_against_a_paragraph_also_confirmed(private):
    question = "社区为什么要设置民情信箱？"
    first = private.with_bank(None).search(question, k=1).hits[0].chunk.paragraph_id
    no = _entry(private, question, first, positive=False)
    yes = _entry(private, question, first)
    confirmed = _score(private.with_bank(private.build_bank([yes])), question, first)
    both = _score(private.with_bank(private.build_bank([no, yes])), question, first)
    assert both == pytest.approx(confirmed, abs=0.3)


def test_an_entry_whose_paragraph_changed_is_set_aside_never_applied(private):
    """A trainer edits the verified paragraph: the entry must not vouch for the new text."""
    entry = _entry(private, "民情日记要怎么记？", "e3-p7")
    private.build_bank([entry])
    essay = private.settings.essays_dir / "e3.md"
    text = essay.read_text("utf-8")
    old = paragraph_texts(private.chunks)["e3-p7"]
    essay.write_text(text.replace(old, "这一段被改写了，说的是别的事情。"), "utf-8")
    reloaded = private.reload()
    assert reloaded.bank is not None and entry not in reloaded.bank.entries
    assert entry in reloaded.bank.set_aside
    hits = reloaded.search("民情日记要怎么记？", k=5).hits
    assert all(h.bank is None or h.bank.entry != entry for h in hits)


@pytest.mark.parametrize("damage", ["missing", "empty", "garbage", "other-embedder", "truncated"])
def test_a_damaged_bank_is_reported_and_rebuilt_never_a_crash(private, damage):
    store = BankStore(private.settings.bank_dir)
    m = store.manifest()
    assert m is not None
    manifest = private.settings.bank_dir / "manifest.json"
    if damage == "missing":
        manifest.unlink()
    elif damage == "empty":
        manifest.write_text("", "utf-8")
    elif damage == "garbage":
        (private.settings.bank_dir / m["files"]["entries"]).write_text("{not json\n", "utf-8")
    elif damage == "other-embedder":
        manifest.write_text(json.dumps({**m, "embedder": "st:other"}), "utf-8")
    elif damage == "truncated":
        np.save(private.settings.bank_dir / m["files"]["vectors"], np.zeros((1, 384), np.float32))
    with pytest.raises(BankError):
        store.read(private._bank_id())
    bank = private.load_bank()  # rebuilt from the seed file
    assert bank is not None and len(bank) > 150
    assert store.read(private._bank_id()).entries  # and written again


def test_the_bank_is_switched_atomically(private):
    store = BankStore(private.settings.bank_dir)
    before = store.manifest()["build_id"]
    private.build_bank(private.seed_entries()[:5])
    after = store.manifest()
    assert after["build_id"] != before and after["count"] == 5
    names = {p.name for p in private.settings.bank_dir.iterdir()}
    assert names == {"manifest.json", ".lock", *after["files"].values()}  # .lock: replicas


def test_no_seed_and_no_trainers_means_no_bank(built, tmp_path):
    settings = built.replace(index_dir=tmp_path / "index", seed_bank="none")
    shutil.copytree(built.index_dir / "cache", tmp_path / "index" / "cache")
    r = Retriever.open(settings)
    assert r.bank is None
    assert r.search("什么是大党委制？").hits[0].bank is None


def test_a_question_is_compared_with_the_bank_once_per_answer_and_never_stale(private):
    """An answer compares its question with the bank twice (its search, the abstention check's
    search of the essays' own words): the second comparison reuses the first, but only for the
    same question and the same vector, and the shared result cannot be changed in place."""
    asked = [("社区为什么要设置民情信箱？", "e3-p6"), ("消防执法人员应该怎样对待群众？", "e2-p3")]
    bank = private.build_bank([_entry(private, q, pid) for q, pid in asked])
    q = "社区为什么要设置民情信箱"
    qv = private.query_vector(q)
    first = bank.similarities(qv, q)
    assert bank.similarities(qv, q) is first  # the same question: reused
    assert not first.flags.writeable
    other = private.query_vector("消防执法人员应该怎样对待群众")
    assert bank.similarities(other, q) is not first  # another vector for the same text
    assert not np.allclose(bank.similarities(other, q), first)
    assert bank.similarities(qv, "消防执法人员") is not first  # another text
    assert np.allclose(bank.similarities(qv, q), first)  # computed again, the same values


def test_a_short_question_close_by_cosine_is_not_the_same_as_a_long_one_holding_its_words(
    private,
):
    """群众工作难在哪？ is 0.975 from 干部图省事、懒得往群众中间跑，也是工作难开展的原因吗？
    (cosine and word share), over the bar of "the same question": the answer quoted that
    question's one reason, the fifth of five (walk 62). The same question asks most of what the
    verified one asks; written in traditional characters it still does."""
    long = "干部图省事、懒得往群众中间跑，也是工作难开展的原因吗？"
    bank = private.build_bank([_entry(private, long, "e5-p13")])
    assert not bank.restates(long, "群众工作难在哪？")
    assert private.with_bank(bank).search("群众工作难在哪？", k=3).verified == ()
    assert bank.restates(long, "干部图省事，懒得往群众中间跑，是工作难开展的原因吗")
    assert bank.restates("黨員的社會身份和幹部隊伍發生了哪些變化？", "党员的社会身份有什么变化")
    again = private.with_bank(bank).search(long, k=3)
    assert [e.paragraph_id for e in again.verified] == ["e5-p13"]
