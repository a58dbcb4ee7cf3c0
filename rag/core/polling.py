"""A background look at something shared, every few seconds: the app replicas' watches on the
feedback database (the trainers' marks, the essay library's version)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)
MAX_WAIT = 30.0  # seconds between looks while they keep failing


def poll(
    name: str,
    step: Callable[[], bool],
    every: float,
    stop: threading.Event | None = None,
    failure: str = "后台检查失败，稍后重试。",
) -> threading.Thread:
    """Call ``step`` every ``every`` seconds in a daemon thread until ``stop`` is set. A step
    that fails (returns False or raises, logged with ``failure``) is tried again less and less
    often, at most ``MAX_WAIT`` seconds apart; the watch outlives any one failure."""
    stop = stop or threading.Event()

    def run() -> None:
        wait = every
        while not stop.wait(wait):
            try:
                ok = step()
            except Exception:  # noqa: BLE001 - the watch must outlive any one failure
                log.exception(failure)
                ok = False
            wait = every if ok else min(MAX_WAIT, wait * 2)

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread
