"""Token buckets per client: a burst is allowed, a steady flood is slowed to a fixed rate."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict


class RateLimiter:
    """``burst`` requests at once per key, refilled at ``per_minute`` a minute. Memory is
    bounded: at most ``max_keys`` keys are remembered (the least recently seen go first, and a
    key that went unseen long enough to refill completely is forgotten anyway)."""

    def __init__(self, per_minute: float, burst: int, max_keys: int = 100_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, key: str, cost: float = 1.0, now: float | None = None) -> bool:
        """Take ``cost`` tokens for ``key`` (at most a full bucket); False when it has fewer."""
        now = time.monotonic() if now is None else now
        cost = min(cost, self.burst)
        with self._lock:
            tokens = self._refilled(self._buckets.pop(key, (self.burst, now)), now)
            allowed = tokens >= cost
            self._buckets[key] = (tokens - cost if allowed else tokens, now)
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
            return allowed

    def wait(self, key: str, cost: float = 1.0, now: float | None = None) -> float:
        """Seconds until ``key`` has ``cost`` tokens (0 when it has them now); takes none."""
        now = time.monotonic() if now is None else now
        cost = min(cost, self.burst)
        with self._lock:
            tokens = self._refilled(self._buckets.get(key, (self.burst, now)), now)
        if tokens >= cost:
            return 0.0
        return (cost - tokens) / self.rate if self.rate > 0 else float("inf")

    def _refilled(self, stored: tuple[float, float], now: float) -> float:
        """The tokens of a bucket stored as (tokens, when), refilled up to ``now``."""
        tokens, last = stored
        return min(self.burst, tokens + (now - last) * self.rate)

    def __len__(self) -> int:
        return len(self._buckets)
