"""Admission of questions: token buckets per browser session and per client address, charged
by what a question costs, and a slow lane for long questions.

An ordinary question costs one token. A long one costs more (embedding time grows with the
characters embedded, ~0.9 ms each here): ``cost`` counts it in ordinary questions. Long
questions are answered one at a time by a single thread of background priority (nice 19), so
however many arrive at once they take no worker from ordinary questions and yield the cores
to them.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from rag.core.ratelimit import RateLimiter
from rag.core.settings import Settings
from rag.web.server import client_address

T = TypeVar("T")
ORDINARY_CHARS = 32  # a question this long costs one token (the curated questions: ≤ 36)
LANE_WAIT = 0.5  # seconds a long question waits for a place in the slow lane
LANE_PLACES = 2  # long questions in the lane at once: one answered, one waiting


def too_many(seconds: float) -> str:
    """The refusal a throttled trainee reads, with the wait when it is known."""
    if 0 < seconds < math.inf:
        return f"请求太频繁，请 {math.ceil(seconds)} 秒后再试。"
    return "请求太频繁，请稍后再试。"  # the slow lane was full: its wait is not known


def _keys(request: Any) -> tuple[str, str]:
    """The request's browser session and client address ("" when unknown)."""
    return getattr(request, "session_hash", "") or "", client_address(request)


def _background_priority() -> None:
    """Lower this thread's scheduling priority (Linux has per-thread nice values)."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
    except (AttributeError, OSError):  # not Linux, or not allowed: the lane still serialises
        pass


class SlowLane:
    """One background-priority thread answering long questions in turn; a question that
    finds no place within ``LANE_WAIT`` seconds is turned away."""

    def __init__(self, places: int = LANE_PLACES) -> None:
        self._places = threading.BoundedSemaphore(places)
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def run(self, fn: Callable[[], T]) -> tuple[bool, T | None]:
        if not self._places.acquire(timeout=LANE_WAIT):
            return False, None
        try:
            with self._lock:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(
                        1, thread_name_prefix="long-questions", initializer=_background_priority
                    )
            return True, self._pool.submit(fn).result()
        finally:
            self._places.release()


class Throttle:
    """Whether and how a request is answered (Settings ``rate_*``, ``burst_*``)."""

    def __init__(self, settings: Settings) -> None:
        self.sessions = RateLimiter(settings.rate_per_session, settings.burst_per_session)
        self.clients = RateLimiter(settings.rate_per_client, settings.burst_per_client)
        self.embedded = settings.max_embed_chars
        self.lane = SlowLane()

    def cost(self, question: str) -> float:
        """What ``question`` costs in ordinary questions (by the characters embedded)."""
        return max(1.0, min(len(question), self.embedded) / ORDINARY_CHARS)

    def long(self, question: str) -> bool:
        return len(question) > 2 * ORDINARY_CHARS

    def allow(self, request: Any, question: str = "") -> bool:
        """Charge the request's session and client address; False when either is spent."""
        if request is None:
            return True
        cost = self.cost(question)
        session, client = _keys(request)
        # Both buckets are charged, so that neither can be drained through the other.
        ok_session = self.sessions.allow(session, cost) if session else True
        ok_client = self.clients.allow(client, cost) if client else True
        return ok_session and ok_client

    def retry_after(self, request: Any, question: str = "") -> float:
        """Seconds until ``question`` would be admitted by both of the request's buckets (0
        when it would be now: a refusal then came from the slow lane)."""
        if request is None:
            return 0.0
        cost = self.cost(question)
        session, client = _keys(request)
        return max(
            self.sessions.wait(session, cost) if session else 0.0,
            self.clients.wait(client, cost) if client else 0.0,
        )

    def answer(self, request: Any, question: str, fn: Callable[[], T]) -> tuple[bool, T | None]:
        """``(True, fn())`` when the request is admitted (a long question in the slow lane),
        ``(False, None)`` when it is to be told 请求太频繁."""
        if not self.allow(request, question):
            return False, None
        if self.long(question):
            return self.lane.run(fn)
        return True, fn()
