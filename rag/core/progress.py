"""Progress of long work (index builds) on the terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable

Progress = Callable[[int, int], None]  # (done, total)


def progress_printer(label: str) -> Progress:
    """A one-line progress display on stderr."""

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\r{label}：{done}/{total}", end=end, file=sys.stderr, flush=True)

    return show
