"""Starting and stopping the app on a free loopback port: for the tests and the load run alike."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from rag.core.errors import InputError
from rag.core.settings import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class AppProcess:
    """`python app.py` running on 127.0.0.1; ``output`` holds what it printed."""

    proc: subprocess.Popen
    url: str
    log: Path

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def output(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM, then SIGKILL after ``timeout`` seconds."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=timeout)
        self.log.unlink(missing_ok=True)


def start_app(
    env: dict[str, str] | None = None, timeout: float = 120.0, port: int | None = None
) -> AppProcess:
    """Start `python app.py` on a free loopback port with ``env`` added to this process's
    environment, and wait until its page answers (at most ``timeout`` seconds)."""
    port = port or free_port()
    fd, log_name = tempfile.mkstemp(prefix="rag-app-", suffix=".log")
    log = Path(log_name)
    with os.fdopen(fd, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "app.py", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env={**os.environ, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    app = AppProcess(proc, f"http://127.0.0.1:{port}/", log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(app.url, timeout=2) as r:
                if r.status == 200:
                    return app
        except OSError:
            time.sleep(0.3)
    output = app.output
    app.stop()
    raise InputError(f"应用没有在 {timeout:.0f} 秒内启动。它的输出：\n{output[-3000:]}")
