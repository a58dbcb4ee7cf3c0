"""Where the library keeps its history: the versions (who did what when, and which files each
version holds) and every file any version held, by content hash.

``FileHistory`` (the default) keeps them in the corpus folder: ``library/versions.json`` and
``library/objects/<sha256>``, changes ordered by a file lock; app processes on one machine
share them through the folder. A history in the feedback database (rag/trainer/library_store)
is ``shared``: app replicas on several machines read the same versions and each brings its own
essay folder to the newest one (``Library.sync``).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from rag.core.jsonio import dump_json
from rag.library.types import Version


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class History(Protocol):
    """The versions and the objects of the library's history."""

    shared: bool  # read by replicas on other machines: the history, not a folder, is the truth

    def versions(self) -> list[Version]:
        """Every version, oldest first."""

    def latest(self) -> int:
        """The newest version's number (0 before the first); cheap enough to poll."""

    def put(self, data: bytes) -> str:
        """Keep ``data``; returns its sha256."""

    def holds(self, sha: str) -> bool:
        """Whether the object ``sha`` is kept."""

    def path(self, sha: str) -> Path:
        """A local file holding the object ``sha`` (fetched first where it is not local)."""

    def locked(self) -> contextlib.AbstractContextManager[None]:
        """One change at a time, across every process sharing the history."""

    def append(self, version: Version) -> contextlib.AbstractContextManager[None]:
        """Record ``version`` once the block has run without error (the block exchanges the
        essay folder); an error in the block records nothing."""


class FileHistory:
    """The history in ``<corpus>/library/``: ``versions.json`` and ``objects/``."""

    shared = False

    def __init__(self, home: Path) -> None:
        self.home = home
        self.objects = home / "objects"
        self.file = home / "versions.json"

    def versions(self) -> list[Version]:
        if not self.file.exists():
            return []
        data = json.loads(self.file.read_text(encoding="utf-8"))
        return [Version.from_json(v) for v in data["versions"]]

    def latest(self) -> int:
        versions = self.versions()
        return versions[-1].number if versions else 0

    def put(self, data: bytes) -> str:
        sha = sha256(data)
        keep_object(self.objects, sha, data)
        return sha

    def holds(self, sha: str) -> bool:
        return (self.objects / sha).exists()

    def path(self, sha: str) -> Path:
        return self.objects / sha

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        with file_lock(self.home / ".lock"):
            yield

    @contextlib.contextmanager
    def append(self, version: Version) -> Iterator[None]:
        versions = self.versions()
        yield
        data: dict[str, Any] = {
            "format": 1,
            "versions": [v.to_json() for v in [*versions, version]],
        }
        tmp = self.file.with_name(f".versions.{os.getpid()}.tmp")
        tmp.write_text(dump_json(data), encoding="utf-8")
        os.replace(tmp, self.file)


def keep_object(folder: Path, sha: str, data: bytes) -> Path:
    """Write ``data`` as ``folder/sha`` (atomically; nothing when it is there already)."""
    path = folder / sha
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{sha}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    return path


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """An exclusive ``flock`` on ``path``: across threads (each opens its own file) and
    processes of this machine."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
