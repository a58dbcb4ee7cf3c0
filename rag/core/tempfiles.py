"""Private folders for the app's run-time files (exports, uploads), and their cleaning."""

from __future__ import annotations

import os
import time
from pathlib import Path


def private_dir(path: Path) -> Path:
    """``path`` created if needed, readable by the app's user only."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` to a file only the app's user can read."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def clean_old(folder: Path, max_age: float) -> int:
    """Remove the files in ``folder`` older than ``max_age`` seconds; returns how many."""
    if not folder.is_dir():
        return 0
    now, removed = time.time(), 0
    for f in folder.iterdir():
        try:
            if f.is_file() and now - f.stat().st_mtime >= max_age:
                f.unlink()
                removed += 1
        except OSError:
            continue
    return removed
