"""Token buckets: a burst at once, then a steady rate."""

from __future__ import annotations

from rag.core.ratelimit import RateLimiter


def test_a_burst_then_the_rate():
    limiter = RateLimiter(per_minute=60, burst=3)
    assert [limiter.allow("a", now=0.0) for _ in range(4)] == [True, True, True, False]
    assert not limiter.allow("a", now=0.5)
    assert limiter.allow("a", now=1.6)  # one token a second
    assert limiter.allow("b", now=0.0)  # keys are separate


def test_memory_is_bounded():
    limiter = RateLimiter(per_minute=60, burst=1, max_keys=100)
    for i in range(1000):
        limiter.allow(str(i), now=0.0)
    assert len(limiter) == 100
