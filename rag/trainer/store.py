"""Feedback store: trainee questions, answers, ratings and trainers' marks, in SQLite (a file,
the default) or PostgreSQL (a ``postgresql://`` URL, shared by app replicas). One SQL dialect,
parameterised only; the engines (connections, transactions, migrations): database.py.
"""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

from rag.answer.types import Answer
from rag.core.errors import FeedbackError
from rag.retrieval.bank import paragraph_hash
from rag.trainer.database import Conn, open_database
from rag.trainer.schema import (
    FILTERS,
    MARKED_IDS,
    OPEN_CITATION,
    REVIEW_STATE,
    REVIEWED_IDS,
    STALE_IDS,
    current,
    log_filter,
)
from rag.trainer.types import (
    VERDICTS,
    Attachment,
    LoggedQuestion,
    LogPage,
    LogRow,
    Mark,
    StaleQuestion,
)

# Moved by every mark and attachment, in the same transaction (see review_version()).
_REVIEWED = "UPDATE review_version SET n = n + 1 WHERE id = 1"


def _now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


class FeedbackStore:
    """All reads and writes of the feedback database at ``where`` (a path or a URL)."""

    def __init__(self, where: str | Path, timeout: float = 30.0) -> None:
        self.db = open_database(where, timeout)
        self.path = self.db.where  # for messages: the file, or the URL without its password
        self.timeout = timeout
        self._connect = self.db.connect
        self._write = self.db.write
        self._catch_up()

    @property
    def version(self) -> int:
        return self.db.version()

    def close(self) -> None:
        self.db.close()

    def review_version(self) -> int:
        """A number that changes whenever a trainer marks a citation or attaches a passage:
        what replicas sharing the database poll to keep their verified bank in step."""
        with self._connect() as db:
            return int(db.execute("SELECT n FROM review_version WHERE id = 1").fetchone()[0])

    # -- trainee side --------------------------------------------------------------------------

    def new_conversation(
        self, session: str = "", conversation_id: str = "", started_at: str = ""
    ) -> str:
        """Start a conversation (with a given id, when a queued record is written late)."""
        cid = conversation_id or uuid.uuid4().hex
        with self._write() as db:
            db.execute(
                "INSERT INTO conversations(id, session, started_at) VALUES (?, ?, ?)"
                " ON CONFLICT(id) DO NOTHING",
                (cid, session, started_at or _now()),
            )
        return cid

    def log_answer(
        self, conversation_id: str, answer: Answer, key: str = "", asked_at: str = ""
    ) -> int:
        """Store a question with its answer and citations; returns the question id. ``key``
        names the question for ratings sent before its id is known; writing the same key twice
        (a record replayed after a failure that had in fact been written) stores it once."""
        key = key or uuid.uuid4().hex
        with self._write() as db:
            found = db.execute("SELECT id FROM questions WHERE key = ?", (key,)).fetchone()
            if found:
                return int(found[0])
            qid = db.insert_id(
                "INSERT INTO questions(conversation_id, asked_at, query, understood_as, abstained,"
                " answer, answer_json, bank_used, key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    conversation_id,
                    asked_at or _now(),
                    answer.query,
                    answer.understood_as,
                    int(answer.unanswered),  # a pointer to an earlier quote answers
                    answer.text,
                    json.dumps(answer.to_json(), ensure_ascii=False),
                    int(bool(answer.verified) or any(c.bank for c in answer.citations)),
                    key,
                ),
            )
            db.executemany(
                "INSERT INTO citations(question_id, n, chunk_id, paragraph_id, essay_id, quote,"
                " paragraph_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        qid,
                        c.n,
                        c.chunk_id,
                        c.paragraph_id,
                        c.essay_id,
                        c.quote,
                        paragraph_hash(c.passage),
                    )
                    for c in answer.citations
                ],
            )
        return qid

    def rate(self, question_id: int, rating: int | None) -> None:
        """👍 (1), 👎 (-1) or no rating (None) for an answer."""
        if rating not in (1, -1, None):
            raise FeedbackError(f"评价只能是 1（👍）、-1（👎）或空，而不是 {rating!r}。")
        with self._write() as db:
            db.execute("UPDATE questions SET rating = ? WHERE id = ?", (rating, question_id))

    def rate_key(self, key: str, rating: int | None) -> None:
        """Rate the question logged under ``key`` (see ``log_answer``)."""
        if rating not in (1, -1, None):
            raise FeedbackError(f"评价只能是 1（👍）、-1（👎）或空，而不是 {rating!r}。")
        with self._write() as db:
            db.execute("UPDATE questions SET rating = ? WHERE key = ?", (rating, key))

    # -- trainer side --------------------------------------------------------------------------

    def mark(
        self, question_id: int, n: int, verdict: str, comment: str = "", trainer: str = ""
    ) -> None:
        """Record (or replace) a trainer's verdict on citation ``n`` of a question."""
        if verdict not in VERDICTS:
            raise FeedbackError(f"未知的判定 {verdict!r}。可选：{'、'.join(VERDICTS.values())}。")
        with self._write() as db:
            found = db.execute(
                "SELECT paragraph_hash FROM citations WHERE question_id = ? AND n = ?",
                (question_id, n),
            ).fetchone()
            if not found:
                raise FeedbackError(f"问题 {question_id} 没有第 {n} 条出处。")
            if not found[0]:  # logged before citations kept their paragraph's hash
                _fill_hashes(db, [question_id])
            db.execute(
                "INSERT INTO marks(question_id, n, verdict, comment, marked_at, trainer)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(question_id, n) DO UPDATE SET"
                " verdict = excluded.verdict,"
                # A mark again without a comment (keys 1/2/3) keeps the comment written before.
                " comment = CASE WHEN excluded.comment = '' THEN marks.comment"
                " ELSE excluded.comment END,"
                " marked_at = excluded.marked_at, trainer = excluded.trainer",
                (question_id, n, verdict, comment, _now(), trainer),
            )
            _restate(db, question_id)
            db.execute(_REVIEWED)

    def unmark(self, question_id: int, n: int) -> bool:
        """Take back a verdict (a mistake): the citation is unjudged again. True when there
        was one."""
        with self._write() as db:
            gone = db.execute(
                "DELETE FROM marks WHERE question_id = ? AND n = ? RETURNING n", (question_id, n)
            ).fetchone()
            if gone:
                _restate(db, question_id)
                db.execute(_REVIEWED)
        return gone is not None

    def detach_missing(self, question_id: int, paragraph_id: str) -> bool:
        """Take back an attached paragraph. True when it was attached."""
        with self._write() as db:
            gone = db.execute(
                "DELETE FROM missing WHERE question_id = ? AND paragraph_id = ? RETURNING 1",
                (question_id, paragraph_id),
            ).fetchone()
            if gone:
                _restate(db, question_id)
                db.execute(_REVIEWED)
        return gone is not None

    def attach_missing(
        self,
        question_id: int,
        paragraph_id: str,
        comment: str = "",
        trainer: str = "",
        paragraph_hash: str = "",
    ) -> None:
        """The answer missed the right passage: record the paragraph that should have been
        cited (and the hash of its text, which the verified question bank follows)."""
        with self._write() as db:
            if not db.execute("SELECT 1 FROM questions WHERE id = ?", (question_id,)).fetchone():
                raise FeedbackError(f"没有编号为 {question_id} 的问题。")
            db.execute(
                "INSERT INTO missing(question_id, paragraph_id, comment, marked_at, trainer,"
                " paragraph_hash) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(question_id, paragraph_id)"
                " DO UPDATE SET comment = CASE WHEN excluded.comment = '' THEN missing.comment"
                " ELSE excluded.comment END, marked_at = excluded.marked_at,"
                " trainer = excluded.trainer, paragraph_hash = excluded.paragraph_hash",
                (question_id, paragraph_id, comment, _now(), trainer, paragraph_hash),
            )
            _restate(db, question_id)
            db.execute(_REVIEWED)

    def questions(
        self,
        which: str = "all",
        essay_id: str = "",
        limit: int = 200,
        conversation_id: str = "",
        question_id: int | None = None,
    ) -> list[LoggedQuestion]:
        """The log, newest first, optionally filtered (see FILTERS; `rag bank rebuild` and
        `rag eval --from-feedback` read ``marked``: every question with a trainer's mark or
        attachment) and by cited essay."""
        if which not in FILTERS:
            raise FeedbackError(f"未知的筛选条件 {which!r}。可选：{', '.join(FILTERS)}。")
        where, args = log_filter(which, essay_id, conversation_id, question_id)
        sql = (
            "SELECT id, conversation_id, asked_at, query, understood_as, abstained, answer_json,"
            " rating, bank_used FROM questions q"
        )
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY q.id DESC LIMIT ?"
        with self._connect() as db:
            rows = db.execute(sql, (*args, limit)).fetchall()
            marks, missing = _marks_and_missing(db, [r[0] for r in rows])
        return [
            LoggedQuestion(
                *r[:5],
                bool(r[5]),
                Answer.from_json(json.loads(r[6])),
                r[7],
                marks.get(r[0], {}),
                tuple(missing.get(r[0], ())),
                bool(r[8]),
            )
            for r in rows
        ]

    def log_page(
        self, which: str = "all", essay_id: str = "", page: int = 1, size: int = 50
    ) -> LogPage:
        """One page of the log (newest first) under a filter, with the counts a pager and a
        review queue show. Reads no answers: fast at 100,000 questions."""
        if which not in FILTERS:
            raise FeedbackError(f"未知的筛选条件 {which!r}。可选：{', '.join(FILTERS)}。")
        size = max(1, min(int(size), 500))
        where, args = log_filter(which, essay_id, "", None)
        condition = (" WHERE " + " AND ".join(where)) if where else ""
        with self._connect() as db:
            total = db.execute(f"SELECT COUNT(*) FROM questions q{condition}", args).fetchone()[0]
            pages = max(1, -(-total // size))
            page = max(1, min(int(page), pages))
            rows = db.execute(
                "SELECT q.id, q.asked_at, q.query, q.understood_as, q.abstained, q.rating,"
                " (SELECT COUNT(*) FROM citations c WHERE c.question_id = q.id),"
                " (SELECT COUNT(*) FROM marks m WHERE m.question_id = q.id),"
                " (SELECT COUNT(*) FROM missing x WHERE x.question_id = q.id),"
                " (SELECT COUNT(*) FROM citations c"
                f" WHERE c.question_id = q.id AND {OPEN_CITATION}),"
                " (SELECT COUNT(*) FROM marks m JOIN citations c"
                " ON c.question_id = m.question_id AND c.n = m.n"
                f" WHERE m.question_id = q.id AND NOT {current('c')})"
                " + (SELECT COUNT(*) FROM missing x"
                f" WHERE x.question_id = q.id AND NOT {current('x')})"
                f" FROM questions q{condition} ORDER BY q.id DESC LIMIT ? OFFSET ?",
                (*args, size, (page - 1) * size),
            ).fetchall()
            unreviewed = self._unreviewed(db)
        log_rows = tuple(LogRow(*r[:4], bool(r[4]), *r[5:]) for r in rows)
        return LogPage(log_rows, total, page, size, unreviewed)

    @staticmethod
    def _unreviewed(db: Conn) -> int:
        """The review queue's length: questions not reviewed, partly reviewed, or with a mark
        set aside (its paragraph changed since)."""
        total = db.execute("SELECT COUNT(*) FROM questions").fetchone()[0]
        reviewed = db.execute(f"SELECT COUNT(*) FROM ({REVIEWED_IDS}) AS r").fetchone()[0]
        return total - reviewed

    def next_unreviewed(self, after: int | None = None) -> int | None:
        """The review queue: the next question not reviewed, only partly (a citation not
        judged), or with a mark set aside (its paragraph changed or was retired since), after
        question ``after`` in the log's order (newest first), else the newest one; None when
        all are reviewed."""
        where, _ = log_filter("unreviewed", "", "", None)
        sql = f"SELECT q.id FROM questions q WHERE {where[0]}"
        with self._connect() as db:
            if after is not None:
                found = db.execute(sql + " AND q.id < ? ORDER BY q.id DESC LIMIT 1", (after,))
                row = found.fetchone()
                if row:
                    return row[0]
            row = db.execute(sql + " ORDER BY q.id DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def question(self, question_id: int) -> LoggedQuestion:
        found = self.questions("all", question_id=question_id, limit=1)
        if not found:
            raise FeedbackError(f"没有编号为 {question_id} 的问题。")
        return found[0]

    def set_paragraphs(self, hashes: dict[str, str]) -> bool:
        """Record the paragraphs the app answers from (id → hash of the text): marks on any
        other text are set aside and their questions go back into the review queue. True when
        the record changed (replicas write the same, only once)."""
        with self._connect() as db:
            have = dict(db.execute("SELECT paragraph_id, hash FROM corpus_paragraphs").fetchall())
        if have == hashes:
            return False
        with self._write() as db:
            db.execute("DELETE FROM corpus_paragraphs")
            db.executemany(
                "INSERT INTO corpus_paragraphs(paragraph_id, hash) VALUES (?, ?)",
                sorted(hashes.items()),
            )
            _restate(db)
        return True

    def stale_questions(self, limit: int = 20) -> list[StaleQuestion]:
        """Questions whose marks or attachments were set aside (their paragraph changed or was
        retired since), newest first: each once, with the paragraphs and who judged them."""
        with self._connect() as db:
            ids = [
                int(r[0])
                for r in db.execute(
                    f"{STALE_IDS} ORDER BY question_id DESC LIMIT ?", (int(limit),)
                ).fetchall()
            ]
            if not ids:
                return []
            marks = ",".join("?" * len(ids))  # only '?' marks: no user text
            rows = db.execute(
                "SELECT m.question_id, c.paragraph_id, m.trainer FROM marks m JOIN citations c"
                " ON c.question_id = m.question_id AND c.n = m.n"
                f" WHERE m.question_id IN ({marks}) AND NOT {current('c')}"
                " UNION SELECT x.question_id, x.paragraph_id, x.trainer FROM missing x"
                f" WHERE x.question_id IN ({marks}) AND NOT {current('x')}",
                [*ids, *ids],
            ).fetchall()
            found: dict[int, tuple[list[str], list[str]]] = {q: ([], []) for q in ids}
            for qid, pid, trainer in rows:
                pids, trainers = found[int(qid)]
                pids.append(pid)
                trainers.append(trainer)
            asked: dict[int, tuple[str, str]] = {}
            for qid, query, understood in db.execute(
                f"SELECT id, query, understood_as FROM questions WHERE id IN ({marks})", ids
            ):
                asked[int(qid)] = (query, understood)
        return [
            StaleQuestion(
                qid,
                *asked.get(qid, ("", "")),
                tuple(sorted(set(found[qid][0]))),
                tuple(dict.fromkeys(found[qid][1])),
            )
            for qid in ids
        ]

    def _catch_up(self) -> None:
        """Citations logged before they kept their paragraph's hash, and judged: the hash of
        the text the trainer saw, from the logged answer; and the review state of every marked
        question, when none is kept yet (once, at the first open after the migration)."""
        sql = (
            "SELECT DISTINCT m.question_id FROM marks m JOIN citations c"
            " ON c.question_id = m.question_id AND c.n = m.n WHERE c.paragraph_hash = ''"
        )
        with self._connect() as db:
            ids = [int(r[0]) for r in db.execute(sql).fetchall()]
            # marks from before the review state was kept (or written without the store)
            unstated = db.execute(
                f"SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM review_state) AND EXISTS ({MARKED_IDS})"
            ).fetchone()
        if ids or unstated:
            with self._write() as db:
                _fill_hashes(db, ids)
                _restate(db)

    def stats(self) -> dict[str, Any]:
        """Figures for the trainer dashboard."""
        with self._connect() as db:
            one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
            one_args = lambda sql, args: db.execute(sql, args).fetchone()[0]  # noqa: E731
            total = one("SELECT COUNT(*) FROM questions")
            cited = one("SELECT COUNT(*) FROM citations")
            # marks on the text as cited; those set aside (the paragraph edited or retired
            # since) are counted apart, not as checked
            in_force = (
                "FROM marks m JOIN citations c ON c.question_id = m.question_id AND c.n = m.n"
                f" WHERE {current('c')}"
            )
            marked = one(f"SELECT COUNT(*) {in_force}")
            verdicts = dict(
                db.execute(f"SELECT m.verdict, COUNT(*) {in_force} GROUP BY m.verdict").fetchall()
            )
            per_essay = db.execute(
                "SELECT essay_id, COUNT(*) FROM citations GROUP BY essay_id ORDER BY essay_id"
            ).fetchall()
            topics = db.execute(
                "SELECT understood_as, COUNT(*) AS n FROM questions GROUP BY understood_as"
                " ORDER BY n DESC, understood_as LIMIT 10"
            ).fetchall()
            markers = db.execute(  # who checked how many citations ('' = no name given)
                "SELECT trainer, COUNT(*) AS n FROM marks GROUP BY trainer"
                " ORDER BY n DESC, trainer LIMIT 10"
            ).fetchall()
            return {
                "questions": total,
                "abstained": one("SELECT COUNT(*) FROM questions WHERE abstained = 1"),
                "liked": one("SELECT COUNT(*) FROM questions WHERE rating = 1"),
                "disliked": one("SELECT COUNT(*) FROM questions WHERE rating = -1"),
                "citations": cited,
                "marked": marked,
                "set_aside_marks": one("SELECT COUNT(*) FROM marks") - marked,
                "verdicts": {k: verdicts.get(k, 0) for k in VERDICTS},
                "reviewed_questions": one(f"SELECT COUNT(*) FROM ({REVIEWED_IDS}) AS r"),
                "stale_questions": one(f"SELECT COUNT(*) FROM ({STALE_IDS}) AS s"),
                "per_essay": per_essay,
                "topics": topics,
                "markers": markers,
                "bank_answers_7d": one_args(
                    "SELECT COUNT(*) FROM questions WHERE bank_used = 1 AND asked_at >= ?",
                    (time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(time.time() - 7 * 86400)),),
                ),
            }


def _restate(db: Conn, question_id: int | None = None) -> None:
    """Rewrite the review state of one question (after its marks changed), or of every marked
    question (after the corpus changed); in the caller's transaction."""
    if question_id is None:
        db.execute("DELETE FROM review_state")
        db.execute(
            f"INSERT INTO review_state(question_id, state) SELECT q.id, {REVIEW_STATE}"
            f" FROM questions q WHERE q.id IN ({MARKED_IDS})"
        )
        return
    db.execute("DELETE FROM review_state WHERE question_id = ?", (question_id,))
    db.execute(
        f"INSERT INTO review_state(question_id, state) SELECT q.id, {REVIEW_STATE}"
        " FROM questions q WHERE q.id = ? AND (EXISTS (SELECT 1 FROM marks m"
        " WHERE m.question_id = q.id) OR EXISTS (SELECT 1 FROM missing x"
        " WHERE x.question_id = q.id))",
        (question_id,),
    )


def _fill_hashes(db: Conn, ids: list[int]) -> None:
    """Give the citations of questions ``ids`` without a paragraph hash the hash of the passage
    their answer cited."""
    for i in range(0, len(ids), 500):
        batch = ids[i : i + 500]
        marks = ",".join("?" * len(batch))  # only '?' marks: no user text
        rows = db.execute(f"SELECT id, answer_json FROM questions WHERE id IN ({marks})", batch)
        db.executemany(
            "UPDATE citations SET paragraph_hash = ?"
            " WHERE question_id = ? AND n = ? AND paragraph_hash = ''",
            [
                (paragraph_hash(c.passage), qid, c.n)
                for qid, text in rows.fetchall()
                for c in Answer.from_json(json.loads(text)).citations
            ],
        )


def _marks_and_missing(
    db: Conn, ids: list[int]
) -> tuple[dict[int, dict[int, Mark]], dict[int, list[Attachment]]]:
    """Trainers' marks (question → citation n → Mark) and attached missing passages
    (question → attachments, oldest first) of the questions ``ids``."""
    marks: dict[int, dict[int, Mark]] = {}
    missing: dict[int, list[Attachment]] = {}
    marks_sql = (
        "SELECT question_id, n, verdict, comment, trainer, marked_at FROM marks"
        " WHERE question_id IN"
    )
    missing_sql = (
        "SELECT question_id, paragraph_id, trainer, marked_at, paragraph_hash FROM missing"
        " WHERE question_id IN"
    )
    # In batches: SQLite limits the number of parameters of one statement.
    for i in range(0, len(ids), 500):
        batch = ids[i : i + 500]
        placeholders = f" ({','.join('?' * len(batch))})"  # only '?' marks: no user text
        for qid, n, *mark in db.execute(marks_sql + placeholders, batch):
            marks.setdefault(qid, {})[n] = Mark(*mark)
        for qid, *attached in db.execute(missing_sql + placeholders + " ORDER BY marked_at", batch):
            missing.setdefault(qid, []).append(Attachment(*attached))
    return marks, missing
