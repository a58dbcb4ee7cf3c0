"""The essay library's history in the feedback database, for replicas on several machines
(``RAG_FEEDBACK_DB=postgresql://…``): every version (who, when, what, which files) and every file
any version held, so that a publish through one replica reaches the others, each of which
brings its own essay folder to the newest version (``Library.sync``/``watch``).

Changes are ordered by an advisory lock in PostgreSQL (plus the file lock of the machine's
corpus folder); a version is recorded in the same transaction that is committed only once the
local essay folder has been exchanged. The objects are cached in the corpus folder, as the file
history keeps them. With an SQLite feedback file (one machine) the library keeps its history in
the corpus folder, as before.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

from rag.core.errors import FeedbackError, InputError
from rag.core.settings import Settings
from rag.library.history import FileHistory, file_lock, keep_object, sha256
from rag.library.library import Library
from rag.library.types import Version
from rag.trainer.database import PostgresDatabase, SqliteDatabase
from rag.trainer.store import FeedbackStore

_SHA = re.compile(r"[0-9a-f]{64}")
LIBRARY_LOCK = 0x52414702  # the advisory lock a library change holds (migrations: ...01)
COLUMNS = "number, at, who, action, summary, essays, files, uploads"


class DatabaseHistory:
    shared = True

    def __init__(self, db: SqliteDatabase | PostgresDatabase, home: Path) -> None:
        self.db = db
        self.home = home  # the corpus folder's library/: the object cache and the file lock
        self.objects = home / "objects"

    def versions(self) -> list[Version]:
        with self.db.connect() as c:
            rows = c.execute(f"SELECT {COLUMNS} FROM library_versions ORDER BY number").fetchall()
        return [_version(r) for r in rows]

    def latest(self) -> int:
        with self.db.connect() as c:
            row = c.execute("SELECT MAX(number) FROM library_versions").fetchone()
        return int(row[0] or 0)

    def put(self, data: bytes) -> str:
        sha = sha256(data)
        with self.db.write() as c:  # the caller knows it is new (or it costs one no-op)
            c.execute(
                "INSERT INTO library_objects(sha, data) VALUES (?, ?) ON CONFLICT (sha) DO NOTHING",
                (sha, data),
            )
        keep_object(self.objects, sha, data)
        return sha

    def holds(self, sha: str) -> bool:
        with self.db.connect() as c:
            row = c.execute("SELECT 1 FROM library_objects WHERE sha = ?", (sha,)).fetchone()
        return row is not None

    def path(self, sha: str) -> Path:
        if not _SHA.fullmatch(sha):
            raise FeedbackError(f"文章库历史中有不合法的文件校验值 {sha[:20]!r}，未使用。")
        local = self.objects / sha
        if local.exists():
            return local
        with self.db.connect() as c:
            row = c.execute("SELECT data FROM library_objects WHERE sha = ?", (sha,)).fetchone()
        if row is None:
            raise FeedbackError(
                f"文章库历史缺少文件 {sha[:12]}…：数据库中的文章库记录不完整。"
                "请从备份恢复数据库，或用“回滚”选一个完整的版本。"
            )
        data = bytes(row[0])
        if sha256(data) != sha:
            raise FeedbackError(f"文章库历史中的文件 {sha[:12]}… 已损坏。请从备份恢复数据库。")
        return keep_object(self.objects, sha, data)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        with file_lock(self.home / ".lock"), self.db.exclusive(LIBRARY_LOCK):
            yield

    @contextlib.contextmanager
    def append(self, version: Version) -> Iterator[None]:
        with self.db.write() as c:
            row = c.execute("SELECT MAX(number) FROM library_versions").fetchone()
            if int(row[0] or 0) >= version.number:  # only under a lock not taken: never
                raise InputError("文章库刚被另一位培训师改动，本次没有改动。请刷新后重试。")
            c.execute(
                f"INSERT INTO library_versions({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    version.number,
                    version.at,
                    version.who,
                    version.action,
                    version.summary,
                    json.dumps(list(version.essays), ensure_ascii=False),
                    json.dumps(version.files, ensure_ascii=False, sort_keys=True),
                    json.dumps(version.uploads, ensure_ascii=False, sort_keys=True),
                ),
            )
            yield

    def adopt(self, files: FileHistory) -> int:
        """Take over the history a corpus folder kept before the database held one (a move
        from one machine to replicas): its versions and objects; returns how many versions."""
        versions = files.versions()
        if not versions:
            return 0
        with self.locked():
            if self.latest():
                return 0
            for v in versions:
                for sha in {*v.files.values(), *v.uploads.values()}:
                    if not self.holds(sha):
                        self.put(files.path(sha).read_bytes())
                with self.append(v):
                    pass
        return len(versions)


def _version(row) -> Version:
    number, at, who, action, summary, essays, files, uploads = row
    return Version(
        int(number),
        at,
        who,
        action,
        summary,
        tuple(json.loads(essays)),
        json.loads(files),
        json.loads(uploads),
    )


def open_library(settings: Settings, store: FeedbackStore | None = None) -> Library:
    """The library for these settings: its history in the PostgreSQL feedback database when
    ``RAG_FEEDBACK_DB`` is a URL (opening the store where none is given), else in the corpus
    folder. A folder's earlier history moves into an empty database once."""
    if "://" not in settings.feedback_db:
        return Library(settings)
    if store is None:
        store = FeedbackStore(settings.feedback_db)
    home = settings.corpus_dir / "library"
    history = DatabaseHistory(store.db, home)
    history.adopt(FileHistory(home))
    return Library(settings, history)
