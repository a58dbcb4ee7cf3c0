"""Feedback store: round trip, migrations, concurrent writers, filters, statistics."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace

import pytest

from rag.answer.types import POINTED_BACK, Answer, Citation
from rag.core.errors import FeedbackError
from rag.trainer.schema import MIGRATIONS, SCHEMA_VERSION
from rag.trainer.store import FeedbackStore
from rag.trainer.types import Mark


def _verdicts(marks: dict[int, Mark]) -> dict[int, Mark]:
    """Marks without the time they were made (which a test cannot know)."""
    return {n: m._replace(marked_at="") for n, m in marks.items()}


def answer(query: str, *cites: tuple[str, str], abstained: bool = False) -> Answer:
    citations = tuple(
        Citation(
            n=i,
            chunk_id=f"{pid}-c1",
            essay_id=pid.split("-")[0],
            title="题",
            heading="",
            quote=quote,
            passage=quote,
            paragraph_id=pid,
            paragraph_number=1,
            start=0,
            end=len(quote),
        )
        for i, (pid, quote) in enumerate(cites, start=1)
    )
    return Answer(query, query, abstained, f"关于「{query}」", citations)


def test_round_trip_from_an_empty_file(tmp_path, feedback_db):
    # A new SQLite file in a folder not yet made, or a new PostgreSQL database.
    where = feedback_db if isinstance(feedback_db, str) else tmp_path / "data" / "fb.sqlite3"
    store = FeedbackStore(where)
    assert store.version == SCHEMA_VERSION
    conv = store.new_conversation("session-1")
    qid = store.log_answer(conv, answer("民情信箱有什么用？", ("e3-p6", "三是设置民情信箱。")))
    store.rate(qid, -1)
    store.mark(qid, 1, "correct", "没问题", trainer="王老师")
    store.attach_missing(qid, "e3-p7", "也相关")
    again = FeedbackStore(where).questions()
    assert len(again) == 1
    q = again[0]
    assert (q.id, q.query, q.rating, q.abstained) == (qid, "民情信箱有什么用？", -1, False)
    assert _verdicts(q.marks) == {1: Mark("correct", "没问题", "王老师")} and q.missing == (
        "e3-p7",
    )
    assert q.marks[1].marked_at.startswith("20")  # when it was marked
    assert q.answer.citations[0].quote == "三是设置民情信箱。" and q.reviewed
    store.mark(qid, 1, "out_of_context", "改判")  # a new verdict replaces the old one
    assert _verdicts(store.question(qid).marks) == {
        1: Mark("out_of_context", "改判")
    }  # and its marker


def test_migration_from_version_1_keeps_the_data(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0]:
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO conversations VALUES ('c1', '', '2026-01-01 00:00:00')")
    db.execute(
        "INSERT INTO questions(conversation_id, asked_at, query, understood_as, abstained, answer,"
        " answer_json) VALUES ('c1', '2026-01-01 00:00:00', '旧问题', '旧问题', 0, '旧回答', ?)",
        ('{"query": "旧问题", "answer": "旧回答", "citations": []}',),
    )
    db.close()
    store = FeedbackStore(path)
    assert store.version == SCHEMA_VERSION == 8
    assert [q.query for q in store.questions()] == ["旧问题"]
    db = sqlite3.connect(path)
    assert "trainer" in [r[1] for r in db.execute("PRAGMA table_info(marks)")]
    indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"questions_rating", "citations_essay_question"} <= indexes
    assert "citations_essay" not in indexes  # replaced by the covering one


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.sqlite3"
    sqlite3.connect(path).execute("PRAGMA user_version = 99")
    with pytest.raises(FeedbackError, match="请升级程序"):
        FeedbackStore(path)


def test_a_corrupted_file_gives_a_message_naming_it(tmp_path):
    path = tmp_path / "bad.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(FeedbackError) as err:
        FeedbackStore(path)
    assert str(path) in str(err.value) and "备份" in str(err.value)


def test_concurrent_writers_lose_nothing(tmp_path, feedback_db):
    store = FeedbackStore(feedback_db)
    errors: list[Exception] = []

    def trainee(k: int) -> None:
        try:
            conv = store.new_conversation(f"s{k}")
            for i in range(25):
                qid = store.log_answer(conv, answer(f"问题{k}-{i}", ("e1-p1", "一句。")))
                store.rate(qid, 1 if i % 2 else -1)
                store.mark(qid, 1, "correct")
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)

    threads = [threading.Thread(target=trainee, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    qs = store.questions(limit=10_000)
    assert len(qs) == 200 and len({q.query for q in qs}) == 200
    assert all(_verdicts(q.marks) == {1: Mark("correct")} for q in qs)
    assert store.stats()["marked"] == 200


def test_stores_opened_at_once_on_a_new_file_migrate_it_once(tmp_path):
    """App threads (or processes) may open a fresh database together."""

    def open_store(path, start: threading.Barrier, errors: list[Exception]) -> None:
        start.wait()
        try:
            FeedbackStore(path)
        except Exception as e:  # noqa: BLE001 - every failure is the finding
            errors.append(e)

    for trial in range(10):
        path, start, errors = tmp_path / f"race-{trial}.sqlite3", threading.Barrier(4), []
        threads = [
            threading.Thread(target=open_store, args=(path, start, errors)) for _ in range(4)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert FeedbackStore(path).version == SCHEMA_VERSION


def test_filters_and_stats(tmp_path, feedback_db):
    store = FeedbackStore(feedback_db)
    c = store.new_conversation()
    a = store.log_answer(c, answer("甲", ("e1-p1", "一。"), ("e3-p2", "二。")))
    b = store.log_answer(c, answer("乙", abstained=True))
    d = store.log_answer(c, answer("丙", ("e3-p4", "三。")))
    store.rate(d, -1)
    store.mark(a, 2, "irrelevant")
    assert [q.id for q in store.questions()] == [d, b, a]  # newest first
    assert [q.id for q in store.questions("unreviewed")] == [d, b, a]  # a: [1] still to judge
    store.attach_missing(b, "e2-p1")
    assert [q.id for q in store.questions("marked")] == [b, a]  # a mark or a missing passage
    assert [q.id for q in store.questions("unreviewed")] == [d, a]
    # "reviewed" means done, in the log's pages and in the list alike
    assert [r.id for r in store.log_page("reviewed").rows] == [b]
    assert [q.id for q in store.questions("reviewed")] == [b]
    assert [q.id for q in store.questions("abstained")] == [b]
    assert [q.id for q in store.questions("disliked")] == [d]
    assert [q.id for q in store.questions(essay_id="e3")] == [d, a]
    s = store.stats()
    assert (s["questions"], s["abstained"], s["citations"], s["marked"]) == (3, 1, 3, 1)
    assert s["verdicts"] == {"correct": 0, "irrelevant": 1, "out_of_context": 0}
    assert dict(s["per_essay"]) == {"e1": 1, "e3": 2}
    with pytest.raises(FeedbackError, match="未知的判定"):
        store.mark(a, 1, "great")
    with pytest.raises(FeedbackError, match="没有第 9 条出处"):
        store.mark(a, 9, "correct")
    with pytest.raises(FeedbackError, match="没有编号为 999"):
        store.attach_missing(999, "e1-p1")
    assert store.question(b).id == b and store.question(b).abstained
    with pytest.raises(FeedbackError, match="没有编号为 999"):
        store.question(999)
    with pytest.raises(FeedbackError, match="未知的筛选"):
        store.questions("mine")


def test_a_pointer_to_an_earlier_quote_is_not_counted_as_abstained(tmp_path, feedback_db):
    """The overview showed 回避率 29 %: answers pointing back to a quote the conversation had
    already given were logged as questions left unanswered."""
    store = FeedbackStore(feedback_db)
    c = store.new_conversation()
    store.log_answer(c, answer("甲", ("e1-p1", "一。")))
    pointer = Answer("乙", "乙", True, f"关于「乙」，{POINTED_BACK}（前面引用的“一。”）。")
    p = store.log_answer(c, pointer)
    refused = store.log_answer(c, answer("丙", abstained=True))
    assert [q.id for q in store.questions("abstained")] == [refused]
    assert store.stats()["abstained"] == 1 and not store.question(p).abstained


def test_sql_injection_is_just_text(tmp_path, feedback_db):
    store = FeedbackStore(feedback_db)
    evil = "x'); DROP TABLE questions; --"
    qid = store.log_answer(store.new_conversation(evil), answer(evil, ("e1-p1", evil)))
    store.mark(qid, 1, "correct", evil)
    assert store.questions(essay_id=evil) == []
    assert store.question(qid).query == evil and store.stats()["questions"] == 1


def test_a_locked_database_gives_a_message_and_loses_nothing(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3", timeout=0.2)
    conv = store.new_conversation()
    first = store.log_answer(conv, answer("第一问"))
    blocker = sqlite3.connect(tmp_path / "fb.sqlite3", isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    with pytest.raises(FeedbackError, match="暂时无法写入"):
        store.log_answer(conv, answer("第二问"))
    blocker.execute("ROLLBACK")
    blocker.close()
    second = store.log_answer(conv, answer("第二问"))  # retry after the lock is gone
    assert [q.id for q in store.questions()] == [second, first]


def test_marks_of_more_questions_than_sqlite_takes_parameters(tmp_path, feedback_db):
    store = FeedbackStore(feedback_db)
    c = store.new_conversation()
    ids = [store.log_answer(c, answer(f"问题{i}", ("e1-p1", "一。"))) for i in range(1200)]
    store.mark(ids[0], 1, "correct")
    store.attach_missing(ids[-1], "e2-p1")
    logged = {q.id: q for q in store.questions(limit=5000)}
    assert len(logged) == 1200
    assert _verdicts(logged[ids[0]].marks) == {1: Mark("correct")}
    assert logged[ids[-1]].missing == ("e2-p1",)


def test_the_log_pages_under_each_filter_with_the_queue_count(tmp_path, feedback_db):
    store = FeedbackStore(feedback_db)
    c = store.new_conversation()
    ids = [store.log_answer(c, answer(f"问{i}", (f"e{1 + i % 2}-p1", "一。"))) for i in range(7)]
    follow = store.log_answer(
        c, replace(answer("还有吗？", ("e1-p1", "一。")), understood_as="问6")
    )
    ids.append(follow)
    store.mark(ids[0], 1, "correct")
    store.attach_missing(ids[1], "e2-p3")
    first = store.log_page("all", page=1, size=3)
    assert [r.id for r in first.rows] == ids[::-1][:3]  # newest first
    # ids[1]: a paragraph attached, its citation not judged: still in the queue
    assert (first.total, first.pages, first.page, first.unreviewed) == (8, 3, 1, 7)
    assert first.rows[0].understood_as == "问6" and first.rows[0].query == "还有吗？"
    last = store.log_page("all", page=99, size=3)  # past the end: the last page
    assert last.page == 3 and [r.id for r in last.rows] == ids[1::-1]
    assert [(r.marked, r.attached, r.open, r.state) for r in last.rows] == [
        (0, 1, 1, "partial"),
        (1, 0, 0, "done"),
    ]
    assert [r.id for r in store.log_page("reviewed", size=10).rows] == [ids[0]]
    unreviewed = store.log_page("unreviewed", size=10)
    assert unreviewed.total == 7 and ids[1] in [r.id for r in unreviewed.rows]
    assert [r.id for r in store.log_page("all", "e2", size=10).rows] == [ids[5], ids[3], ids[1]]
    # The review queue: the next unreviewed question after the one shown, else the newest.
    assert store.next_unreviewed() == follow
    assert store.next_unreviewed(ids[3]) == ids[2]
    assert store.next_unreviewed(ids[2]) == ids[1]
    assert store.next_unreviewed(ids[1]) == follow  # nothing older left: back to the newest
    for q in ids[1:]:
        store.mark(q, 1, "correct")
    assert store.next_unreviewed() is None and store.log_page().unreviewed == 0
    with pytest.raises(FeedbackError, match="未知的筛选"):
        store.log_page("mine")


def test_every_mark_and_attachment_moves_the_review_version(feedback_db):
    store = FeedbackStore(feedback_db)
    qid = store.log_answer(store.new_conversation(), answer("甲", ("e1-p1", "一。")))
    v0 = store.review_version()
    store.rate(qid, 1)  # a rating is not a review
    assert store.review_version() == v0
    store.mark(qid, 1, "correct")
    store.mark(qid, 1, "irrelevant")  # a verdict replaced moves it too
    store.attach_missing(qid, "e1-p2")
    assert store.review_version() == v0 + 3
    with pytest.raises(FeedbackError):
        store.mark(qid, 9, "correct")  # refused: nothing moved
    assert store.review_version() == v0 + 3


def test_a_mark_again_without_a_comment_keeps_the_comment(feedback_db):
    store = FeedbackStore(feedback_db)
    qid = store.log_answer(store.new_conversation(), answer("甲", ("e1-p1", "一。")))
    store.mark(qid, 1, "correct", "信访机制，引用准确", trainer="王老师")
    store.mark(qid, 1, "out_of_context", trainer="王老师")  # key 3, no comment typed
    m = store.question(qid).marks[1]
    assert (m.verdict, m.comment) == ("out_of_context", "信访机制，引用准确")
    store.mark(qid, 1, "correct", "改为正确")
    assert store.question(qid).marks[1].comment == "改为正确"
    store.attach_missing(qid, "e1-p2", "漏了这一段")
    store.attach_missing(qid, "e1-p2")
    with store.db.connect() as db:
        row = db.execute("SELECT comment FROM missing WHERE question_id = ?", (qid,)).fetchone()
    assert row[0] == "漏了这一段"
    store.close()


def test_a_verdict_or_an_attachment_taken_back(feedback_db):
    store = FeedbackStore(feedback_db)
    qid = store.log_answer(store.new_conversation(), answer("甲", ("e1-p1", "一。")))
    store.mark(qid, 1, "correct")
    store.attach_missing(qid, "e1-p2")
    v = store.review_version()
    assert store.unmark(qid, 1) and store.question(qid).marks == {}
    assert store.detach_missing(qid, "e1-p2") and store.question(qid).attachments == ()
    assert store.review_version() == v + 2  # the replicas' banks forget them too
    assert not store.unmark(qid, 1) and not store.detach_missing(qid, "e1-p2")
    assert store.review_version() == v + 2
    store.close()


def test_a_partly_reviewed_question_stays_in_the_review_queue(feedback_db):
    store = FeedbackStore(feedback_db)
    c = store.new_conversation()
    two = store.log_answer(c, answer("甲", ("e1-p1", "一。"), ("e1-p2", "二。")))
    one = store.log_answer(c, answer("乙", ("e1-p1", "一。")))
    store.mark(one, 1, "correct")
    store.mark(two, 1, "correct")  # [2] not judged yet
    assert store.next_unreviewed() == two and store.log_page().unreviewed == 1
    # the 未审阅 filter lists it (部分审阅 1/2); 已审阅 and the overview's count do not
    assert [r.id for r in store.log_page("unreviewed").rows] == [two]
    assert [r.id for r in store.log_page("reviewed").rows] == [one]
    assert store.stats()["reviewed_questions"] == 1
    store.mark(two, 2, "irrelevant")
    assert store.next_unreviewed() is None and store.log_page().unreviewed == 0
    # a paragraph attached leaves the answer's citations to judge: it stays in the queue
    three = store.log_answer(c, answer("丙", ("e1-p1", "一。"), ("e1-p2", "二。")))
    store.attach_missing(three, "e1-p3")
    assert store.next_unreviewed() == three and store.log_page().unreviewed == 1
    assert [r.id for r in store.log_page("unreviewed").rows] == [three]
    store.mark(three, 1, "irrelevant")
    store.mark(three, 2, "irrelevant")
    assert store.next_unreviewed() is None and store.log_page().unreviewed == 0
    # an answer that cites nothing (a refusal) is reviewed by its attachment alone
    refused = store.log_answer(c, answer("丁"))
    store.attach_missing(refused, "e1-p3")
    assert store.next_unreviewed() is None
    store.close()


def test_marks_logged_before_citations_kept_a_hash_follow_their_paragraph_too(tmp_path):
    """A database of version 7: its judged citations get the hash of the text the trainer saw,
    so that an edit of that paragraph brings the question back into the review queue."""
    from rag.retrieval.bank import paragraph_hash

    path = tmp_path / "v7.sqlite3"
    store = FeedbackStore(path)
    qid = store.log_answer(store.new_conversation(), answer("甲", ("e1-p1", "一。")))
    store.mark(qid, 1, "correct")
    store.close()
    with sqlite3.connect(path) as db:  # as version 7 logged it: no hash
        db.execute("UPDATE citations SET paragraph_hash = ''")
    store = FeedbackStore(path)
    assert store.log_page("reviewed").total == 1  # nothing known of the essays yet
    assert store.set_paragraphs({"e1-p1": paragraph_hash("一。")})
    assert not store.set_paragraphs({"e1-p1": paragraph_hash("一。")})  # the same: no write
    assert store.log_page("reviewed").total == 1 and store.next_unreviewed() is None
    store.set_paragraphs({"e1-p1": paragraph_hash("一。改过。")})
    row = store.log_page().rows[0]
    assert (row.state, row.stale) == ("stale", 1) and store.next_unreviewed() == qid
    assert [(s.id, s.paragraph_ids) for s in store.stale_questions()] == [(qid, ("e1-p1",))]
    assert store.stats()["stale_questions"] == 1 and store.stats()["reviewed_questions"] == 0
    # its mark is set aside, not counted as a citation checked (desk walk 2: 核对覆盖率 80 %
    # with two of four marks set aside)
    stats = store.stats()
    assert (stats["marked"], stats["set_aside_marks"]) == (0, 1)
    assert stats["verdicts"]["correct"] == 0
