"""Feedback database schema: numbered migrations and how they are applied, and the SQL
conditions of the trainer's log filters."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from rag.core.errors import FeedbackError

FILTERS = ("all", "unreviewed", "reviewed", "abstained", "disliked")
# A question is reviewed once a trainer has marked one of its citations or attached a passage.
REVIEWED_IDS = "SELECT question_id FROM marks UNION SELECT question_id FROM missing"

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
]
SCHEMA_VERSION = len(MIGRATIONS)


def log_filter(
    which: str, essay_id: str, conversation_id: str, question_id: int | None
) -> tuple[list[str], list[Any]]:
    """SQL conditions (on ``questions q``) and their parameters for the trainer's log filters;
    ``which`` is one of FILTERS (checked by the caller)."""
    where: list[str] = []
    args: list[Any] = []
    reviewed = f"q.id IN ({REVIEWED_IDS})"
    if which == "unreviewed":
        where.append(f"q.id NOT IN ({REVIEWED_IDS})")
    elif which == "reviewed":
        where.append(reviewed)
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


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Bring the schema to SCHEMA_VERSION, one migration at a time, in one transaction."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise FeedbackError(
            f"反馈数据库 {path} 的版本（{version}）比本程序新（{SCHEMA_VERSION}）。请升级程序。"
        )
    if version == SCHEMA_VERSION:
        return
    # Several processes or threads may open a new database at once: read the version
    # again under the write lock, so that each migration runs exactly once.
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        for v in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[v]:
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {v + 1}")  # an int we control, not user input
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
