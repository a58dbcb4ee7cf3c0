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


def test_the_wait_is_the_time_until_the_tokens_are_back():
    limiter = RateLimiter(per_minute=60, burst=2)
    assert limiter.wait("a", now=0.0) == 0.0  # a key never seen has a full bucket
    assert limiter.allow("a", 2.0, now=0.0)
    assert limiter.wait("a", now=0.0) == 1.0 and limiter.wait("a", 2.0, now=0.5) == 1.5
    assert limiter.wait("a", 5.0, now=0.0) == 2.0  # a cost is at most a full bucket
    assert not limiter.allow("a", now=0.9) and limiter.allow("a", now=1.0)  # waiting took none
    assert RateLimiter(per_minute=0, burst=1).wait("b") == 0.0
