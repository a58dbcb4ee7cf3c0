"""Several app replicas behind nginx on this machine, for a local trial and for the tests
(`python -m rag serve --replicas N`, `make serve REPLICAS=N`): optionally a private PostgreSQL
server they share, N `python app.py` on consecutive loopback ports, and nginx in front with
deploy/nginx.conf. Everything listens on 127.0.0.1 and is stopped by ``stop()``.

``separate`` gives each replica a corpus and an index folder of its own, as replicas on several
machines have: the essay library then reaches them only through the shared database."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from rag.core.errors import InputError
from rag.core.settings import PROJECT_ROOT, Settings
from rag.tools.pgserver import PrivatePostgres
from rag.tools.servers import AppProcess, free_port, start_app

TEMPLATE = PROJECT_ROOT / "deploy" / "nginx.conf"


def nginx_config(listen: int, ports: list[int], prefix: Path) -> str:
    """deploy/nginx.conf for these upstream ports."""
    upstreams = "\n".join(
        f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in ports
    )
    return (
        TEMPLATE.read_text(encoding="utf-8")
        .replace("@PREFIX@", str(prefix))
        .replace("@UPSTREAMS@", upstreams)
        .replace("@LISTEN@", f"127.0.0.1:{listen}")
    )


class Replicas:
    def __init__(
        self,
        n: int,
        port: int | None = None,
        env: dict[str, str] | None = None,
        postgres: bool = True,
        separate: bool = False,
    ) -> None:
        if n < 1:
            raise InputError("副本数至少为 1。")
        if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
            raise InputError("没有找到 nginx。请安装：apt-get install nginx")
        # a port chosen here is taken again, with retries, right before nginx binds it: one
        # chosen minutes earlier may meanwhile serve as some connection's local port
        self.n, self.port, self._own_port = n, port or free_port(), port is None
        self.env = dict(env or {})
        self.postgres = postgres and "RAG_FEEDBACK_DB" not in self.env
        self.separate = separate
        self.folders: list[dict[str, str]] = []  # each replica's own folders (``separate``)
        self.pg: PrivatePostgres | None = None
        self.apps: list[AppProcess] = []
        self.nginx: subprocess.Popen | None = None
        self.prefix = Path(tempfile.mkdtemp(prefix="rag-nginx-"))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self, timeout: float = 180.0) -> Replicas:
        try:
            if self.postgres:
                self.pg = PrivatePostgres().start()
                self.env["RAG_FEEDBACK_DB"] = self.pg.create_database("rag")
            # Every replica signs trainers' logins with the same key.
            self.env.setdefault("RAG_SECRET_KEY", secrets.token_hex(32))
            # They share this machine's cores: a question embeds with one thread, as the
            # deployment's example sets (two processes of two threads each lost ~11%).
            self.env.setdefault("RAG_QUERY_THREADS", "1")
            for i in range(self.n):
                data = self.prefix / f"replica-{i + 1}"
                env = {**self.env, "RAG_DATA_DIR": str(data)}
                if self.separate:
                    self.folders.append(self._own_folders(data))
                    env.update(self.folders[-1])
                self.apps.append(start_app(env, timeout=timeout))
            self._start_nginx(timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def _own_folders(self, home: Path) -> dict[str, str]:
        """Copies of the corpus and the built index for one replica (its "machine")."""
        settings = Settings.from_env({**os.environ, **self.env})
        corpus, index = home / "corpus", home / "index"
        shutil.copytree(
            settings.corpus_dir, corpus, ignore=shutil.ignore_patterns("library", "uploads")
        )
        if settings.index_dir.is_dir():
            shutil.copytree(settings.index_dir, index)
        return {"RAG_CORPUS_DIR": str(corpus), "RAG_INDEX_DIR": str(index)}

    def _start_nginx(self, timeout: float, attempts: int = 3) -> None:
        conf = self.prefix / "nginx.conf"
        ports = [int(a.url.rstrip("/").rsplit(":", 1)[1]) for a in self.apps]
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        for attempt in range(1, attempts + 1):
            if self._own_port:
                self.port = free_port()
            conf.write_text(nginx_config(self.port, ports, self.prefix), encoding="utf-8")
            self.nginx = subprocess.Popen(
                [nginx, "-p", str(self.prefix), "-c", str(conf), "-g", "daemon off;"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            why = self._nginx_ready(timeout)
            if not why:
                return
            if not (self._own_port and "Address already in use" in why and attempt < attempts):
                raise InputError(f"nginx 没有启动：{why}")

    def _nginx_ready(self, timeout: float) -> str:
        """Wait for nginx: "" once it answers, or what it printed when it exited first."""
        if self.nginx is None:
            return "（nginx 没有启动）"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.nginx.poll() is not None:
                return self.nginx.stderr.read()[-600:] if self.nginx.stderr else "（无输出）"
            try:
                with urllib.request.urlopen(self.url, timeout=2) as r:
                    if r.status == 200:
                        return ""
            except OSError:
                time.sleep(0.2)
        raise InputError(f"nginx 没有在 {timeout:.0f} 秒内就绪。")

    def kill(self, i: int) -> None:
        """Kill replica ``i`` at once (SIGKILL), as a crash would."""
        self.apps[i].proc.kill()
        self.apps[i].proc.wait(10)

    def stop(self) -> None:
        if self.nginx is not None and self.nginx.poll() is None:
            self.nginx.terminate()
            try:
                self.nginx.wait(10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
        for app in self.apps:
            app.stop()
        if self.pg is not None:
            self.pg.stop()
        shutil.rmtree(self.prefix, ignore_errors=True)

    def __enter__(self) -> Replicas:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
