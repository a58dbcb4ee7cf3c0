"""Access control and the trainer desk's actions."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest

from rag.core.settings import Settings
from rag.corpus.essays import load_corpus
from rag.trainer.access import check_password
from rag.trainer.desk import AccessDenied, Desk
from rag.trainer.store import FeedbackStore
from rag.web.html import overview_markdown, question_detail_html
from tests.trainer.test_store import answer


@pytest.fixture
def desk(tmp_path, retriever, feedback_db):
    store = FeedbackStore(feedback_db)
    essays = load_corpus(Settings().essays_dir)
    passage = next(p.text for e in essays for p in e.paragraphs if p.id == "e5-p42")
    logged = answer("大党委制？", ("e5-p42", "社区“大党委制”"))
    cite = dataclasses.replace(logged.citations[0], passage=passage)
    qid = store.log_answer(store.new_conversation(), dataclasses.replace(logged, citations=(cite,)))
    source = SimpleNamespace(retriever=retriever, essays=load_corpus(Settings().essays_dir))
    return Desk(store, source, export_dir=tmp_path / "exports"), qid


def test_passwords():
    assert check_password("", "") and check_password("", "anything")
    assert check_password("秘密123", "秘密123")
    assert not check_password("秘密123", "") and not check_password("秘密123", "秘密12")


def test_nothing_is_readable_or_writable_without_login(desk):
    d, qid = desk
    for call in (
        lambda: d.log_page(False),
        lambda: d.next_unreviewed(False),
        lambda: d.question(False, qid),
        lambda: d.mark(False, qid, 1, "correct", ""),
        lambda: d.search_paragraphs(False, "信访"),
        lambda: d.attach(False, qid, "e3-p6"),
        lambda: d.export_verified(False),
        lambda: d.export_conversation(False, qid, "md"),
        lambda: d.overview(False),
    ):
        with pytest.raises(AccessDenied, match="需要培训师密码"):
            call()
    assert d.store.question(qid).marks == {}  # nothing was written


def test_a_logged_in_trainer_can_do_everything(desk):
    d, qid = desk
    assert d.log_page(True).rows[0].id == qid and d.next_unreviewed(True) == qid
    assert "已保存" in d.mark(True, qid, 1, "correct", "对", trainer="  王\n老师 ")
    q = d.question(True, qid)
    assert q.marks[1].trainer == "王 老师"  # one line, as typed otherwise
    html = question_detail_html(q, d.paragraphs)
    assert "正确" in html and "<span class='marker'>王 老师</span>" in html
    found = d.search_paragraphs(True, "民情信箱")
    assert found[0][1] == "e3-p6"
    assert "已附上" in d.attach(True, qid, "e3-p6", trainer="李老师")
    html = question_detail_html(d.question(True, qid), d.paragraphs)
    assert "e3-p6 · <span class='marker'>李老师</span>" in html
    md = d.export_conversation(True, qid, "md")
    assert open(md, encoding="utf-8").read().startswith("# 对话记录")
    jsonl = open(d.export_verified(True), encoding="utf-8").read()
    assert '"gold": ["e5-p42", "e3-p6"]' in jsonl
    overview = d.overview(True)
    text = overview_markdown(overview)
    assert "提问 **1** 次" in text and overview.verdict_counts[0] == ("正确", 1)
    assert "核对人：王 老师 1" in text  # who checked how many citations


def test_the_overview_counts_citations_of_every_published_essay(desk):
    d, _ = desk
    counts = d.overview(True).essay_counts
    titles = {e.id: e.display_title for e in d.source.essays}
    # every essay, in the corpus's order, uncited ones with 0 (only e5 is cited here)
    assert counts == [(titles[e], 1 if e == "e5" else 0) for e in titles]
    # an essay cited before it was retired keeps its count, by its id
    d.store.log_answer(d.store.new_conversation(), answer("旧文章？", ("x9-p1", "一句。")))
    assert d.overview(True).essay_counts == [*counts, ("x9", 1)]


def test_attaching_with_no_paragraph_chosen_says_so_in_words(desk):
    """A browser check: attach with nothing chosen read 没有段落 None (the page's empty value)."""
    from rag.core.errors import RagError

    d, qid = desk
    for nothing in (None, ""):
        with pytest.raises(RagError) as e:
            d.attach(True, qid, nothing)
        assert "None" not in str(e.value) and "还没有选中段落" in str(e.value)
    assert d.question(True, qid).attachments == ()  # nothing saved


def test_attaching_says_which_citations_are_still_to_judge(desk):
    d, qid = desk
    said = d.attach(True, qid, "e3-p6", trainer="李老师")
    assert said.startswith(f"已附上：问题 #{qid} 的正确段落 e3-p6")
    assert "还有 1 条出处未判定" in said and d.next_unreviewed(True) == qid  # still queued
    d.mark(True, qid, 1, "irrelevant", "", trainer="李老师")
    assert d.next_unreviewed(True) is None
    d.detach(True, qid, "e3-p6")
    assert "未判定" not in d.attach(True, qid, "e3-p6", trainer="李老师")
