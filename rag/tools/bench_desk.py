"""The trainer desk at scale (`python -m rag bench --log N`): a feedback database of N logged
questions, and the time of what a trainer waits for: a page of the log under each filter, the
review queue, the overview's figures. Target: each ≤ 300 ms at 100,000 questions."""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rag.answer.compose import Answerer
from rag.trainer.store import FeedbackStore


def seed_log(path: Path, answerer: Answerer, questions: list[str], n: int) -> int:
    """A database of ``n`` questions: the real answers to ``questions`` (with their citations,
    as the app logs them), copied until there are ``n``; a third reviewed, one in seventeen 👎.
    Returns the number of citations."""
    store = FeedbackStore(path)
    conv = store.new_conversation()
    for q in questions[: max(1, min(len(questions), n))]:
        store.log_answer(conv, answerer.reply(q))
    db = sqlite3.connect(path)
    try:
        with db:
            while (have := db.execute("SELECT MAX(id) FROM questions").fetchone()[0]) < n:
                db.execute(  # the same rows again under new ids: doubles the log
                    "INSERT INTO questions(id, conversation_id, asked_at, query, understood_as,"
                    " abstained, answer, answer_json, bank_used, key) SELECT id + ?,"
                    " conversation_id, asked_at, query, understood_as, abstained, answer,"
                    " answer_json, bank_used, key || '-' || ? FROM questions WHERE id <= ?",
                    (have, have, min(have, n - have)),
                )
                db.execute(
                    "INSERT INTO citations(question_id, n, chunk_id, paragraph_id, essay_id,"
                    " quote) SELECT question_id + ?, n, chunk_id, paragraph_id, essay_id, quote"
                    " FROM citations WHERE question_id <= ?",
                    (have, min(have, n - have)),
                )
            db.execute(
                "INSERT INTO marks(question_id, n, verdict, comment, marked_at, trainer)"
                " SELECT question_id, n, 'correct', '', '2026-01-01 09:00:00', '压测'"
                " FROM citations WHERE question_id % 3 = 0 AND n = 1"
            )
            db.execute("UPDATE questions SET rating = -1 WHERE id % 17 = 0")
        return db.execute("SELECT COUNT(*) FROM citations").fetchone()[0]
    finally:
        db.close()


def _ms(fn: Callable[[], object], repeat: int = 5) -> float:
    """The median of ``repeat`` timed calls, in milliseconds (after one untimed call)."""
    fn()
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append(1000 * (time.perf_counter() - t))
    return statistics.median(samples)


def desk_latency(answerer: Answerer, questions: list[str], n: int) -> dict[str, float]:
    """Milliseconds per trainer action on a database of ``n`` questions."""
    with tempfile.TemporaryDirectory(prefix="rag-bench-desk-") as tmp:
        path = Path(tmp) / "feedback.sqlite3"
        t = time.perf_counter()
        cited = seed_log(path, answerer, questions, n)
        seed_s = time.perf_counter() - t
        store = FeedbackStore(path)
        with sqlite3.connect(path) as db:  # the most cited essay: the filter's worst case
            essay_id = db.execute(
                "SELECT essay_id FROM citations GROUP BY essay_id ORDER BY COUNT(*) DESC"
            ).fetchone()[0]
        deep = store.log_page("all", size=50).pages // 2
        return {
            "questions": n,
            "citations": cited,
            "seed_s": seed_s,
            "第 1 页（全部）": _ms(lambda: store.log_page("all", page=1, size=50)),
            f"第 {deep} 页（全部）": _ms(lambda: store.log_page("all", page=deep, size=50)),
            "第 1 页（未审阅）": _ms(lambda: store.log_page("unreviewed", page=1, size=50)),
            "第 1 页（已审阅）": _ms(lambda: store.log_page("reviewed", page=1, size=50)),
            "第 1 页（👎）": _ms(lambda: store.log_page("disliked", page=1, size=50)),
            "第 1 页（按文章）": _ms(lambda: store.log_page("all", essay_id, page=1, size=50)),
            "下一个未审阅": _ms(lambda: store.next_unreviewed(n // 2)),
            "概况": _ms(store.stats),
        }
