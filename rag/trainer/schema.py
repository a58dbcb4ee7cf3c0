"""Feedback database schema: numbered migrations (SQLite and PostgreSQL, the same versions) and
the SQL conditions of the trainer's log filters. How migrations are applied: database.py."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

FILTERS = ("all", "unreviewed", "reviewed", "abstained", "disliked", "marked")

# Which marks still apply. ``corpus_paragraphs`` holds the paragraphs the app answers from, by
# the hash of their text (the desk writes it when its essays change); a mark or an attachment
# whose paragraph is gone (its essay retired) or whose text changed since no longer applies: it
# is set aside, like its entry in the verified question bank. An empty table (a store used
# without the app: the CLI, a benchmark) says nothing, and nothing is set aside.
_CORPUS_KNOWN = "EXISTS (SELECT 1 FROM corpus_paragraphs)"


def current(alias: str) -> str:
    """SQL: the citation or attachment ``alias`` points at its paragraph's current text (an
    unknown hash, from an old record, at the paragraph if it is still there)."""
    return (
        f"(NOT {_CORPUS_KNOWN} OR EXISTS (SELECT 1 FROM corpus_paragraphs p"
        f" WHERE p.paragraph_id = {alias}.paragraph_id"
        f" AND ({alias}.paragraph_hash = '' OR p.hash = {alias}.paragraph_hash)))"
    )


# A citation still to judge: not judged, and its paragraph as it was cited (one edited since
# cannot be judged any more: the desk refuses, and it keeps no question in the queue).
OPEN_CITATION = (
    "NOT EXISTS (SELECT 1 FROM marks m WHERE m.question_id = c.question_id AND m.n = c.n)"
    f" AND {current('c')}"
)
# Questions a trainer has marked a citation of or attached a passage to (what the verified
# question bank and the exports read, whatever has changed since).
MARKED_IDS = "SELECT question_id FROM marks UNION SELECT question_id FROM missing"
# The state of a marked question ``q``: ``stale`` (a mark or attachment set aside: its
# paragraph changed or was retired), ``partial`` (a citation still to judge) or ``done``. Kept
# in ``review_state`` (one row per marked question), rewritten with every mark of a question
# and whenever the corpus changes: the log's filters and counts read it, fast at 100,000.
REVIEW_STATE = (
    "CASE WHEN EXISTS (SELECT 1 FROM marks m JOIN citations c"
    " ON c.question_id = m.question_id AND c.n = m.n"
    f" WHERE m.question_id = q.id AND NOT {current('c')})"
    f" OR EXISTS (SELECT 1 FROM missing x WHERE x.question_id = q.id AND NOT {current('x')})"
    " THEN 'stale'"
    f" WHEN EXISTS (SELECT 1 FROM citations c WHERE c.question_id = q.id AND {OPEN_CITATION})"
    " THEN 'partial' ELSE 'done' END"
)
# Reviewed: marked, every citation that can be judged judged, nothing set aside. The rest is
# the review queue (N, the 未审阅 filter): not reviewed, partly judged, or to re-check.
REVIEWED_IDS = "SELECT question_id FROM review_state WHERE state = 'done'"
STALE_IDS = "SELECT question_id FROM review_state WHERE state = 'stale'"

# Each migration moves the schema one version forward; never edit one that has shipped.
MIGRATIONS: list[list[str]] = [
    [  # 1: conversations, questions with their answers and citations, marks, missing passages
        """CREATE TABLE conversations (
            id TEXT PRIMARY KEY, session TEXT NOT NULL DEFAULT '', started_at TEXT NOT NULL)""",
        """CREATE TABLE questions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation_id TEXT NOT NULL REFERENCES conversations(id),
            asked_at TEXT NOT NULL, query TEXT NOT NULL, understood_as TEXT NOT NULL,
            abstained INTEGER NOT NULL, answer TEXT NOT NULL, answer_json TEXT NOT NULL,
            rating INTEGER CHECK (rating IN (-1, 1)))""",
        """CREATE TABLE citations (
            question_id INTEGER NOT NULL REFERENCES questions(id), n INTEGER NOT NULL,
            chunk_id TEXT NOT NULL, paragraph_id TEXT NOT NULL, essay_id TEXT NOT NULL,
            quote TEXT NOT NULL, PRIMARY KEY (question_id, n))""",
        """CREATE TABLE marks (
            question_id INTEGER NOT NULL, n INTEGER NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('correct', 'irrelevant', 'out_of_context')),
            comment TEXT NOT NULL DEFAULT '', marked_at TEXT NOT NULL,
            PRIMARY KEY (question_id, n), FOREIGN KEY (question_id, n) REFERENCES citations)""",
        """CREATE TABLE missing (
            question_id INTEGER NOT NULL REFERENCES questions(id), paragraph_id TEXT NOT NULL,
            comment TEXT NOT NULL DEFAULT '', marked_at TEXT NOT NULL,
            PRIMARY KEY (question_id, paragraph_id))""",
    ],
    [  # 2: who marked, and indexes for the trainer's log filters
        "ALTER TABLE marks ADD COLUMN trainer TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE missing ADD COLUMN trainer TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX questions_asked ON questions(asked_at)",
        "CREATE INDEX citations_essay ON citations(essay_id)",
    ],
    [  # 3: the verified question bank follows attached paragraphs by their text's hash, and
        # the overview counts the answers the bank supported
        "ALTER TABLE missing ADD COLUMN paragraph_hash TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE questions ADD COLUMN bank_used INTEGER NOT NULL DEFAULT 0",
    ],
    [  # 4: questions are written off the request path; a key names them before their id exists
        "ALTER TABLE questions ADD COLUMN key TEXT",
        "CREATE UNIQUE INDEX questions_key ON questions(key)",
    ],
    [  # 5: the desk at 100,000 questions: answers make question rows long, so the log's
        # filters and the overview's counts read narrow indexes instead of scanning the table
        "CREATE INDEX questions_rating ON questions(rating)",
        "CREATE INDEX questions_abstained ON questions(abstained)",
        "CREATE INDEX questions_topic ON questions(understood_as)",
        "CREATE INDEX questions_bank ON questions(bank_used, asked_at)",
        "CREATE INDEX citations_essay_question ON citations(essay_id, question_id)",
        "DROP INDEX citations_essay",
    ],
    [  # 6: a counter every mark and attachment moves: app replicas sharing the database poll
        # it and rebuild their verified question bank when it changed
        "CREATE TABLE review_version (id INTEGER PRIMARY KEY CHECK (id = 1), n BIGINT NOT NULL)",
        "INSERT INTO review_version(id, n) VALUES (1, 0)",
    ],
    [  # 7: the essay library's history (versions with who, when and what; every file any
        # version held, by sha256), shared by replicas on several machines (library_store.py)
        """CREATE TABLE library_versions (
            number INTEGER PRIMARY KEY, at TEXT NOT NULL, who TEXT NOT NULL,
            action TEXT NOT NULL, summary TEXT NOT NULL, essays TEXT NOT NULL,
            files TEXT NOT NULL, uploads TEXT NOT NULL)""",
        "CREATE TABLE library_objects (sha TEXT PRIMARY KEY, data BLOB NOT NULL)",
    ],
    [  # 8: marks follow content in the review queue as in the bank: each citation keeps the
        # hash of the paragraph text it was cut from, and the paragraphs answered from now are
        # listed by hash (written by the desk), so that a mark on a paragraph edited or retired
        # since brings its question back for review; each marked question's review state
        "ALTER TABLE citations ADD COLUMN paragraph_hash TEXT NOT NULL DEFAULT ''",
        "CREATE TABLE corpus_paragraphs (paragraph_id TEXT PRIMARY KEY, hash TEXT NOT NULL)",
        """CREATE TABLE review_state (
            question_id BIGINT PRIMARY KEY REFERENCES questions(id), state TEXT NOT NULL
            CHECK (state IN ('done', 'partial', 'stale')))""",
        "CREATE INDEX review_state_state ON review_state(state, question_id)",
    ],
]
SCHEMA_VERSION = len(MIGRATIONS)

# PostgreSQL: the same versions. The first migration differs (identity column, BIGINT keys),
# and the seventh (BYTEA for BLOB); the others are plain SQL both engines take.
PG_MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE conversations (
            id TEXT PRIMARY KEY, session TEXT NOT NULL DEFAULT '', started_at TEXT NOT NULL)""",
        """CREATE TABLE questions (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            conversation_id TEXT NOT NULL REFERENCES conversations(id),
            asked_at TEXT NOT NULL, query TEXT NOT NULL, understood_as TEXT NOT NULL,
            abstained INTEGER NOT NULL, answer TEXT NOT NULL, answer_json TEXT NOT NULL,
            rating INTEGER CHECK (rating IN (-1, 1)))""",
        """CREATE TABLE citations (
            question_id BIGINT NOT NULL REFERENCES questions(id), n INTEGER NOT NULL,
            chunk_id TEXT NOT NULL, paragraph_id TEXT NOT NULL, essay_id TEXT NOT NULL,
            quote TEXT NOT NULL, PRIMARY KEY (question_id, n))""",
        """CREATE TABLE marks (
            question_id BIGINT NOT NULL, n INTEGER NOT NULL,
            verdict TEXT NOT NULL CHECK (verdict IN ('correct', 'irrelevant', 'out_of_context')),
            comment TEXT NOT NULL DEFAULT '', marked_at TEXT NOT NULL,
            PRIMARY KEY (question_id, n),
            FOREIGN KEY (question_id, n) REFERENCES citations(question_id, n))""",
        """CREATE TABLE missing (
            question_id BIGINT NOT NULL REFERENCES questions(id), paragraph_id TEXT NOT NULL,
            comment TEXT NOT NULL DEFAULT '', marked_at TEXT NOT NULL,
            PRIMARY KEY (question_id, paragraph_id))""",
    ],
    *MIGRATIONS[1:6],
    [
        MIGRATIONS[6][0],
        "CREATE TABLE library_objects (sha TEXT PRIMARY KEY, data BYTEA NOT NULL)",
    ],
    *MIGRATIONS[7:],
]
assert len(PG_MIGRATIONS) == SCHEMA_VERSION


def log_filter(
    which: str, essay_id: str, conversation_id: str, question_id: int | None
) -> tuple[list[str], list[Any]]:
    """SQL conditions (on ``questions q``) and their parameters for the trainer's log filters;
    ``which`` is one of FILTERS (checked by the caller): ``reviewed`` is a question done
    (REVIEWED_IDS), ``unreviewed`` one in the review queue, ``marked`` one with any mark or
    attachment."""
    where: list[str] = []
    args: list[Any] = []
    if which == "unreviewed":
        where.append(f"q.id NOT IN ({REVIEWED_IDS})")
    elif which == "reviewed":
        where.append(f"q.id IN ({REVIEWED_IDS})")
    elif which == "marked":
        where.append(f"q.id IN ({MARKED_IDS})")
    elif which == "abstained":
        where.append("q.abstained = 1")
    elif which == "disliked":
        where.append("q.rating = -1")
    if essay_id:
        where.append("q.id IN (SELECT c.question_id FROM citations c WHERE c.essay_id = ?)")
        args.append(essay_id)
    if conversation_id:
        where.append("q.conversation_id = ?")
        args.append(conversation_id)
    if question_id is not None:
        where.append("q.id = ?")
        args.append(question_id)
    return where, args


def use_wal(db: sqlite3.Connection, timeout: float) -> None:
    """Switch to WAL. SQLite does not wait (busy timeout) when several connections switch a
    new file at the same moment; the losers retry until the timeout."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
