"""Feedback database schema: numbered migrations (applied in order by ``FeedbackStore``) and
the SQL conditions of the trainer's log filters."""

from __future__ import annotations

from typing import Any

FILTERS = ("all", "unreviewed", "abstained", "disliked")

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
]
SCHEMA_VERSION = len(MIGRATIONS)


def log_filter(
    which: str, essay_id: str, conversation_id: str, question_id: int | None
) -> tuple[list[str], list[Any]]:
    """SQL conditions (on ``questions q``) and their parameters for the trainer's log filters;
    ``which`` is one of FILTERS (checked by the caller)."""
    where: list[str] = []
    args: list[Any] = []
    if which == "unreviewed":
        where.append(
            "NOT EXISTS (SELECT 1 FROM marks m WHERE m.question_id = q.id)"
            " AND NOT EXISTS (SELECT 1 FROM missing x WHERE x.question_id = q.id)"
        )
    elif which == "abstained":
        where.append("q.abstained = 1")
    elif which == "disliked":
        where.append("q.rating = -1")
    if essay_id:
        where.append(
            "EXISTS (SELECT 1 FROM citations c WHERE c.question_id = q.id AND c.essay_id = ?)"
        )
        args.append(essay_id)
    if conversation_id:
        where.append("q.conversation_id = ?")
        args.append(conversation_id)
    if question_id is not None:
        where.append("q.id = ?")
        args.append(question_id)
    return where, args
