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
    assert found.found[0][1] == "e3-p6" and not found.chosen
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
    # every essay, most cited first, uncited ones with 0 in the corpus's order (only e5 is
    # cited here)
    assert counts == [(titles["e5"], 1)] + [(titles[e], 0) for e in titles if e != "e5"]
    # an essay cited before it was retired keeps its count, by its id
    for _ in range(2):
        d.store.log_answer(d.store.new_conversation(), answer("旧文章？", ("x9-p1", "一句。")))
    assert d.overview(True).essay_counts == [("x9", 2), *counts]


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


def _edited(essays, paragraph_id: str, text: str):
    """The essays with one paragraph's text replaced (as a library replacement would)."""
    out = []
    for e in essays:
        paragraphs = tuple(
            dataclasses.replace(p, text=text) if p.id == paragraph_id else p for p in e.paragraphs
        )
        out.append(dataclasses.replace(e, paragraphs=paragraphs))
    return out


def test_marks_on_a_paragraph_edited_or_retired_since_bring_the_question_back(desk):
    """The browser walk-through: #20 marked 正确 three times on e6-p2, e6 then replaced: the row
    stayed 已审阅 3/3, N and 未审阅 skipped it, and the overview printed its line three times."""
    d, _ = desk
    original = d.source.essays
    passage = d.paragraphs["e5-p42"].text
    logged = answer("大党委制？", ("e5-p42", "社区“大党委制”"), ("e5-p42", "大党委制"))
    cites = tuple(dataclasses.replace(c, passage=passage) for c in logged.citations)
    qid = d.store.log_answer(
        d.store.new_conversation(), dataclasses.replace(logged, citations=cites)
    )
    d.mark(True, qid, 1, "correct", "", trainer="赵老师")
    d.mark(True, qid, 2, "correct", "", trainer="赵老师")

    def state():
        row = next(r for r in d.log_page(True, size=100).rows if r.id == qid)
        unreviewed = [r.id for r in d.log_page(True, "unreviewed", size=100).rows]
        reviewed = [r.id for r in d.log_page(True, "reviewed", size=100).rows]
        return row.state, qid in unreviewed, qid in reviewed

    assert state() == ("done", False, True)
    reviewed = d.overview(True).stats["reviewed_questions"]
    # the library replaced e5: the paragraph's text changed
    d.source.essays = _edited(original, "e5-p42", passage + "（修订）")
    assert state() == ("stale", True, False)
    assert d.next_unreviewed(True, qid + 1) == qid  # N brings it back
    review = d.review(d.question(True, qid))
    assert review.stale == (1, 2) and review.open == ()
    overview = d.overview(True)
    assert overview.stats["reviewed_questions"] == reviewed - 1
    assert [(s.id, s.paragraph_ids, s.trainers) for s in overview.stale] == [
        (qid, ("e5-p42",), ("赵老师",))
    ]  # the question once, not once per mark
    text = overview_markdown(overview)
    assert "1 条已核对问答指向已修改的段落" in text
    # its verdicts no longer count as verified pairs
    pairs = open(d.export_verified(True), encoding="utf-8").read()
    assert "e5-p42" not in pairs
    # rolled back: the marks apply again
    d.source.essays = original
    assert state() == ("done", False, True)
    assert "e5-p42" in open(d.export_verified(True), encoding="utf-8").read()
    # e5 retired: the same
    d.source.essays = [e for e in original if e.id != "e5"]
    assert state() == ("stale", True, False)
    assert "e5-p42" not in open(d.export_verified(True), encoding="utf-8").read()
    # the trainer takes the set-aside verdicts back and attaches the right paragraph now
    d.unmark(True, qid, 1)
    d.unmark(True, qid, 2)
    assert state() == ("todo", True, False)  # its citations cannot be judged any more
    d.attach(True, qid, "e3-p6", trainer="赵老师")
    assert state() == ("done", False, True)


def test_a_half_judged_question_is_partly_reviewed_not_reviewed(desk):
    d, _ = desk
    passage = d.paragraphs["e5-p42"].text
    logged = answer("大党委制？", ("e5-p42", "社区“大党委制”"), ("e5-p42", "大党委制"))
    cites = tuple(dataclasses.replace(c, passage=passage) for c in logged.citations)
    qid = d.store.log_answer(
        d.store.new_conversation(), dataclasses.replace(logged, citations=cites)
    )
    d.mark(True, qid, 1, "correct", "")
    row = next(r for r in d.log_page(True).rows if r.id == qid)
    assert (row.state, row.marked, row.cited) == ("partial", 1, 2)
    assert qid in [r.id for r in d.log_page(True, "unreviewed").rows]
    assert qid not in [r.id for r in d.log_page(True, "reviewed").rows]
    assert d.overview(True).stats["reviewed_questions"] == 0


def test_the_paragraph_search_for_attaching_says_what_it_did(desk):
    """Empty words gave no message, nonsense and paragraph ids listed 8 unrelated paragraphs."""
    from rag.core.errors import RagError

    d, _ = desk
    for typed, said in [
        ("", "请输入关键词或段落编号"),
        ("   ", "请输入关键词或段落编号"),
        ("zzzzqqqq", "没有找到与“zzzzqqqq”相关的段落"),
        ("e9-p99", "没有段落 e9-p99"),
    ]:
        with pytest.raises(RagError, match=said):
            d.search_paragraphs(True, typed)
    for typed in ("e4-p2", " E4-P2 ", "e4-p2-c1"):
        found = d.search_paragraphs(True, typed)
        assert found.chosen == "e4-p2" and [p for _, p in found.found] == ["e4-p2"]
    found = d.search_paragraphs(True, "抓观念教育 思想上适应")
    assert found.found[0][1] == "e4-p2" and not found.chosen
    # only paragraphs writing a typed word: not those a synonym or a verified question of
    # theirs brought (desk walk 2: 民情日记 listed e3-p2, e4-p12, e1-p3)
    found = d.search_paragraphs(True, "民情日记")
    texts = {pid: d.paragraphs[pid].text for _, pid in found.found}
    assert texts and all("民情" in t or "日记" in t for t in texts.values()), texts


def test_removing_takes_back_the_paragraph_attached_not_a_search_result(desk):
    """移除附上的这一段 removed the paragraph picked in the search (e4-p2, found for another
    question), answering 没有附上段落 e4-p2 while e3-p6 stayed attached (desk walk 3, D2)."""
    d, qid = desk
    d.attach(True, qid, "e3-p6", trainer="李老师")
    d.search_paragraphs(True, "e4-p2")  # shown in the search, never attached
    # the page sends what is picked among the attached paragraphs: here the only one, or none
    assert d.detach(True, qid, "") == f"已移除：问题 #{qid} 附上的段落 e3-p6"
    assert d.question(True, qid).attachments == ()
    assert d.detach(True, qid, "") == f"问题 #{qid} 没有附上的段落，无需移除。"
    # two attached: the one picked among them goes; none picked, the page asks which
    d.attach(True, qid, "e3-p6")
    d.attach(True, qid, "e4-p2")
    asked = d.detach(True, qid, "")
    assert "附上了 2 段（e3-p6、e4-p2）" in asked and "选中要移除的一段" in asked
    assert d.question(True, qid).missing == ("e3-p6", "e4-p2")
    assert d.detach(True, qid, "e4-p2") == f"已移除：问题 #{qid} 附上的段落 e4-p2"
    assert d.question(True, qid).missing == ("e3-p6",)
    labels = d.attached_choices(d.question(True, qid))
    assert labels[0][1] == "e3-p6" and labels[0][0].startswith("e3-p6 《")


def test_comments_and_names_are_bounded_and_a_name_holds_no_markup(desk):
    """A 15,000-character comment filled the card, and the name <b>张</b><img …> was shown
    to trainees as typed (desk walk 3): both are refused, in words, and nothing is saved."""
    from rag.core.errors import RagError

    d, qid = desk
    with pytest.raises(RagError, match="备注最多 2000 字（现在 15000 字）"):
        d.mark(True, qid, 1, "correct", "长" * 15_000, trainer="王老师")
    with pytest.raises(RagError, match="备注最多 2000 字"):
        d.attach(True, qid, "e3-p6", "长" * 2001, trainer="王老师")
    for name in ("<b>张</b><img src=x onerror=alert(1)>", "王老师>", "a<b"):
        with pytest.raises(RagError, match="名字不能包含 < 或 >"):
            d.mark(True, qid, 1, "correct", "", trainer=name)
        with pytest.raises(RagError, match="名字不能包含 < 或 >"):
            d.attach(True, qid, "e3-p6", "", trainer=name)
    with pytest.raises(RagError, match="名字最多 40 个字（现在 41 个）"):
        d.mark(True, qid, 1, "correct", "", trainer="张" * 41)
    q = d.question(True, qid)
    assert q.marks == {} and q.attachments == ()  # nothing saved
    assert "已保存" in d.mark(True, qid, 1, "correct", "长" * 2000, trainer="张" * 40)
    assert d.question(True, qid).marks[1].comment == "长" * 2000


def test_a_verdict_given_since_the_page_showed_it_is_not_overwritten_unseen(desk):
    """Two trainers on one question: B's 不相关 was silently replaced by A's 正确, given on a
    page that still showed 未判定 (desk walk 3, D9)."""
    from rag.trainer.desk import MarkChanged, mark_state

    d, qid = desk
    seen_by_a = mark_state(d.question(True, qid).marks.get(1))  # A opens it: 未判定
    d.mark(True, qid, 1, "irrelevant", "", trainer="赵老师", seen=seen_by_a)  # B marks
    with pytest.raises(MarkChanged, match="已被培训师 赵老师判定为“不相关”") as e:
        d.mark(True, qid, 1, "correct", "", trainer="王老师", seen=seen_by_a)
    assert "这次没有保存" in str(e.value)
    assert d.question(True, qid).marks[1].verdict == "irrelevant"  # B's verdict stands
    with pytest.raises(MarkChanged):
        d.unmark(True, qid, 1, seen=seen_by_a)
    # A's page now shows B's verdict: saving again is A's informed choice
    seen_now = mark_state(d.question(True, qid).marks.get(1))
    assert "已保存" in d.mark(True, qid, 1, "correct", "", trainer="王老师", seen=seen_now)
    assert d.question(True, qid).marks[1].verdict == "correct"
