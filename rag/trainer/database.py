"""The feedback database engines: SQLite (a file, the embedded default) and PostgreSQL (a URL,
for several app replicas sharing one database). The store writes one SQL dialect with ``?``
parameters; each engine connects, runs transactions, versions the schema and turns its errors
into FeedbackError messages that say what to do.

SQLite: WAL so readers never block the writer, one short connection per operation, ``BEGIN
IMMEDIATE`` plus a busy timeout so that concurrent writers queue. PostgreSQL: psycopg 3 with a
connection pool; migrations under an advisory lock so that replicas starting together migrate
once.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from rag.core.errors import FeedbackError, SettingsError, describe_os_error
from rag.trainer.schema import MIGRATIONS, PG_MIGRATIONS, SCHEMA_VERSION, use_wal

POSTGRES_SCHEMES = ("postgresql", "postgres")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


class Conn:
    """One connection in the store's dialect: ``?`` parameters, ``insert_id`` for new rows."""

    def __init__(self, raw: Any, postgres: bool) -> None:
        self.raw, self.postgres = raw, postgres

    def _sql(self, sql: str) -> str:
        # Our SQL holds no literal '%' or '?' in strings: only parameters become '%s'.
        return sql.replace("%", "%%").replace("?", "%s") if self.postgres else sql

    def execute(self, sql: str, args: Sequence[Any] = ()) -> Any:
        return self.raw.execute(self._sql(sql), tuple(args))

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if self.postgres:
            with self.raw.cursor() as cur:
                cur.executemany(self._sql(sql), [tuple(r) for r in rows])
        else:
            self.raw.executemany(sql, rows)

    def insert_id(self, sql: str, args: Sequence[Any]) -> int:
        """Run an INSERT and return the new row's id."""
        return int(self.execute(sql + " RETURNING id", args).fetchone()[0])


def open_database(where: str | Path, timeout: float = 30.0) -> SqliteDatabase | PostgresDatabase:
    """The engine for ``where``: a ``postgresql://`` URL, or a path to an SQLite file.

    Raises:
        SettingsError: a URL of another kind (``mysql://``, ``http://`` …).
    """
    text = str(where)
    if _URL.match(text):
        scheme = text.split("://", 1)[0].lower()
        if scheme not in POSTGRES_SCHEMES:
            raise SettingsError(
                f"不支持的反馈数据库地址 {_safe(text)}：只支持 SQLite 文件路径或 "
                "postgresql://用户@主机:端口/库名。"
            )
        return PostgresDatabase(text, timeout)
    return SqliteDatabase(Path(where), timeout)


def _safe(url: str) -> str:
    """A URL for messages and logs: whatever stands between ``user:`` and the last ``@`` (a
    password may hold / # ? @), and any ``password=`` parameter, replaced by ***."""
    masked = re.sub(r"^([^:]+://[^:/@]*:)(.*)(@[^@]*)$", r"\1***\3", url)
    return re.sub(r"(?i)(password=)[^&]*", r"\1***", masked)


class SqliteDatabase:
    kind = "sqlite"

    def __init__(self, path: Path, timeout: float) -> None:
        self.path, self.timeout = path, timeout
        self.where = str(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not self.path.exists():
                # Trainees' questions: readable by the app's user only (SQLite gives its -wal
                # and -shm files the same permissions).
                os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
            with self.connect() as db:
                use_wal(db.raw, self.timeout)
                self._migrate(db.raw)
        except OSError as e:
            raise FeedbackError(f"反馈数据库无法打开：{describe_os_error(e)}") from e
        except sqlite3.DatabaseError as e:
            raise FeedbackError(
                f"反馈数据库 {self.path} 无法打开（{e}）。请检查文件权限；若文件已损坏，"
                "请先备份后移走它，系统会新建一个空库。"
            ) from e

    @contextlib.contextmanager
    def connect(self) -> Iterator[Conn]:
        db = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        db.execute("PRAGMA foreign_keys=ON")
        db.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")  # a number, not user text
        try:
            yield Conn(db, postgres=False)
        finally:
            db.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[Conn]:
        """One transaction. A database locked past the timeout, a full disk or a damaged file
        becomes a FeedbackError saying what to do; nothing half-written stays behind."""
        try:
            with self.connect() as db:
                db.raw.execute("BEGIN IMMEDIATE")
                try:
                    yield db
                except BaseException:
                    db.raw.execute("ROLLBACK")
                    raise
                db.raw.execute("COMMIT")
        except sqlite3.OperationalError as e:
            raise FeedbackError(
                f"反馈数据库 {self.path} 暂时无法写入（{e}）。请稍后重试；若一直如此，"
                "请检查是否有其他程序占用该文件、磁盘是否已满。"
            ) from e
        except sqlite3.DatabaseError as e:
            raise FeedbackError(
                f"反馈数据库 {self.path} 已损坏（{e}）。"
                "请先备份该文件，再移走它，系统会新建一个空库。"
            ) from e

    def version(self) -> int:
        with self.connect() as db:
            return db.raw.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self, db: sqlite3.Connection) -> None:
        """Bring the schema to SCHEMA_VERSION, one migration at a time, in one transaction."""
        version = db.execute("PRAGMA user_version").fetchone()[0]
        _check_version(version, self.where)
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
                db.execute(f"PRAGMA user_version = {v + 1}")  # an int we control
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    @contextlib.contextmanager
    def exclusive(self, key: int) -> Iterator[None]:
        """A lock held while the block runs, one holder at a time across the processes using
        the file (an SQLite file serves one machine): ``flock`` on a file beside it."""
        with open(self.path.with_name(f"{self.path.name}.lock-{key:x}"), "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def close(self) -> None:
        """Nothing to close: SQLite connections live for one operation."""


def _check_version(version: int, where: str) -> None:
    if version > SCHEMA_VERSION:
        raise FeedbackError(
            f"反馈数据库 {where} 的版本（{version}）比本程序新（{SCHEMA_VERSION}）。请升级程序。"
        )


class PostgresDatabase:
    kind = "postgresql"
    MIGRATION_LOCK = 0x52414701  # the advisory lock replicas take to migrate one at a time

    def __init__(self, url: str, timeout: float, pool_size: int = 8) -> None:
        import psycopg
        from psycopg_pool import ConnectionPool

        self.url, self.timeout = url, timeout
        self.where = _safe(url)
        self._errors = (psycopg.Error,)
        try:  # one direct try first: its error says why (wrong password, no server …)
            psycopg.connect(url, connect_timeout=max(1, int(min(timeout, 10)))).close()
        except psycopg.Error as e:
            raise FeedbackError(self._explain(e, "无法连接")) from e
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            kwargs={"autocommit": True},
            timeout=timeout,
            open=True,
            name="rag-feedback",
            check=ConnectionPool.check_connection,  # a restarted server: no stale connections
        )
        try:
            with self.write() as db:
                self._migrate(db)
        except BaseException:
            self.pool.close()
            raise

    def _explain(self, e: Exception, what: str) -> str:
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        hint = "请检查 RAG_FEEDBACK_DB 的地址、用户名和密码，以及 PostgreSQL 是否在运行。"
        if "password" in reason or "authentication" in reason:
            hint = "用户名或密码不对：请检查 RAG_FEEDBACK_DB 中的用户和密码。"
        elif "does not exist" in reason:
            hint = "数据库不存在：请先用 createdb 建库，或改正 RAG_FEEDBACK_DB 中的库名。"
        return f"{what} PostgreSQL 反馈数据库 {self.where}（{reason}）。{hint}"

    @contextlib.contextmanager
    def connect(self) -> Iterator[Conn]:
        try:
            with self.pool.connection() as raw:
                yield Conn(raw, postgres=True)
        except self._errors as e:
            raise FeedbackError(self._explain(e, "暂时无法读取")) from e
        except Exception as e:  # the pool's own timeout (no connection within the timeout)
            if type(e).__module__.startswith("psycopg_pool"):
                raise FeedbackError(self._explain(e, "暂时无法连接")) from e
            raise

    @contextlib.contextmanager
    def write(self) -> Iterator[Conn]:
        try:
            with self.pool.connection() as raw, raw.transaction():
                yield Conn(raw, postgres=True)
        except self._errors as e:
            raise FeedbackError(self._explain(e, "暂时无法写入")) from e
        except Exception as e:
            if type(e).__module__.startswith("psycopg_pool"):
                raise FeedbackError(self._explain(e, "暂时无法连接")) from e
            raise

    def version(self) -> int:
        with self.connect() as db:
            row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
            return int(row[0] or 0)

    def _migrate(self, db: Conn) -> None:
        """Forward migrations in one transaction, under an advisory lock: replicas starting
        together migrate once."""
        db.execute("SELECT pg_advisory_xact_lock(?)", (self.MIGRATION_LOCK,))
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
        version = int(row[0] or 0)
        _check_version(version, self.where)
        for v in range(version, SCHEMA_VERSION):
            for statement in PG_MIGRATIONS[v]:
                db.execute(statement)
            db.execute("INSERT INTO schema_version(version) VALUES (?)", (v + 1,))

    @contextlib.contextmanager
    def exclusive(self, key: int) -> Iterator[None]:
        """An advisory lock held while the block runs: one holder at a time across every
        process and machine using the database (released by the server if this one dies)."""
        deadline = time.monotonic() + self.timeout
        with self.connect() as db:
            while not db.execute("SELECT pg_try_advisory_lock(?)", (key,)).fetchone()[0]:
                if time.monotonic() > deadline:
                    raise FeedbackError(
                        f"共享的数据库 {self.where} 中的锁被另一个副本占用已超过 "
                        f"{self.timeout:.0f} 秒，本次没有改动。请稍后重试；若一直如此，"
                        "请检查其他副本是否卡住。"
                    )
                time.sleep(0.1)
            try:
                yield
            finally:
                db.execute("SELECT pg_advisory_unlock(?)", (key,))

    def close(self) -> None:
        self.pool.close()
