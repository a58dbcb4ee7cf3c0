"""A private PostgreSQL server for tests and local trials: its own data folder under a temporary
directory, listening on a loopback port only, stopped by its owner. PostgreSQL's ``initdb``
refuses to run as root, so as root the server runs as the ``postgres`` user.

    with PrivatePostgres() as pg:
        url = pg.create_database("rag")   # postgresql://rag:…@127.0.0.1:PORT/rag
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from rag.core.errors import InputError
from rag.tools.servers import free_port

PASSWORD = "rag-local"  # loopback only, a throwaway server


def pg_bin() -> Path | None:
    """The folder of PostgreSQL's server programs (initdb, pg_ctl), if installed."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class PrivatePostgres:
    def __init__(self, port: int | None = None) -> None:
        self.bin = pg_bin()
        if self.bin is None:
            raise InputError("没有找到 PostgreSQL（initdb）。请安装：apt-get install postgresql")
        self.port = port or free_port()
        self.root = Path(tempfile.mkdtemp(prefix="rag-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._as_postgres = os.geteuid() == 0

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self._as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)

    def start(self) -> PrivatePostgres:
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        pwfile = self.root / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if self._as_postgres:
            shutil.chown(pwfile, "postgres", "postgres")
        init = self._run(
            "initdb", "-D", str(self.data), "-U", "postgres", "--pwfile", str(pwfile),
            "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip
        if init.returncode != 0:
            raise InputError(f"initdb 失败：{init.stderr.strip()[-400:]}")
        started = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self._options(), "-w",
            "-t", "60",
            "start",
        )  # fmt: skip
        if started.returncode != 0:
            log = self.log.read_text(errors="replace")[-400:] if self.log.exists() else ""
            raise InputError(f"PostgreSQL 启动失败：{started.stderr.strip()} {log}")
        return self

    def url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql://postgres:{password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str = "") -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = name or "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')  # a name we made, not user text
        return self.url(name)

    def restart(self, down: float = 0.0) -> None:
        """Stop, stay down ``down`` seconds, start again (the data kept): what replicas see
        when the server restarts."""
        stopped = self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        time.sleep(down)
        started = self._run(
            "pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", self._options(), "-w",
            "start",
        )  # fmt: skip
        if stopped.returncode or started.returncode:
            raise InputError(f"PostgreSQL 重启失败：{stopped.stderr} {started.stderr}".strip())

    def _options(self) -> str:
        """The server's options: loopback only, its socket in our folder, no fsync (tests)."""
        return f"-h 127.0.0.1 -p {self.port} -k {self.root} -c fsync=off -c max_connections=400"

    def stop(self) -> None:
        if self.data.exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PrivatePostgres:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
