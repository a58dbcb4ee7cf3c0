"""Admission of questions: buckets charged by cost, and one lane for long questions."""

from __future__ import annotations

import os
import threading
import time
from types import SimpleNamespace

from rag.core.settings import Settings
from rag.web.throttle import Throttle, too_many


def request(session: str = "s1", host: str = "10.0.0.1") -> SimpleNamespace:
    return SimpleNamespace(session_hash=session, client=SimpleNamespace(host=host), headers={})


def test_a_long_question_costs_what_its_embedding_costs():
    t = Throttle(Settings())
    assert t.cost("什么是大党委制？") == 1.0
    assert t.cost("问" * 1000) == Settings().max_embed_chars / 32  # only what is embedded counts


def test_long_questions_spend_a_session_sooner():
    t = Throttle(Settings(rate_per_session=1, burst_per_session=10))
    long = "怎样做好群众工作，" * 100
    assert [t.allow(request(), long) for _ in range(3)] == [True, True, False]
    assert t.allow(request(), "短问题？")  # what is left still pays for ordinary ones
    assert t.allow(request("s2"), long)  # another session has its own bucket


def test_the_client_address_is_charged_across_sessions():
    t = Throttle(Settings(rate_per_client=1, burst_per_client=3))
    assert [t.allow(request(f"s{i}"), "问题？") for i in range(4)] == [True, True, True, False]
    assert t.allow(request("s9", host="10.0.0.2"), "问题？")


def test_long_questions_take_turns_at_background_priority_and_ordinary_ones_pass():
    t = Throttle(Settings())
    long = "怎样做好群众工作，" * 100
    inside = threading.Event()
    leave = threading.Event()
    seen: dict[str, object] = {}

    def slow() -> str:
        seen["thread"] = threading.current_thread().name
        seen["nice"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        inside.set()
        leave.wait(10)
        return "answered"

    results: list[tuple[bool, str | None]] = []
    first = threading.Thread(target=lambda: results.append(t.answer(request("a"), long, slow)))
    first.start()
    try:
        assert inside.wait(10)
        assert seen["thread"].startswith("long-questions") and seen["nice"] == 19
        # one more long question may wait for its turn; a third finds no place
        second = threading.Thread(
            target=lambda: results.append(t.answer(request("b"), long, lambda: "second"))
        )
        second.start()
        time.sleep(0.1)
        started = time.monotonic()
        assert t.answer(request("c"), long, lambda: "third") == (False, None)
        assert 0.4 < time.monotonic() - started < 5
        # an ordinary question does not wait for the lane, and runs where it was asked
        assert t.answer(request("d"), "什么是大党委制？", threading.current_thread) == (
            True,
            threading.current_thread(),
        )
    finally:
        leave.set()
        first.join(10)
        second.join(10)
    assert sorted(results) == [(True, "answered"), (True, "second")]
    assert t.answer(request("e"), long, lambda: "again") == (True, "again")


def test_a_throttled_request_is_not_run():
    t = Throttle(Settings(rate_per_session=1, burst_per_session=1))
    ran: list[str] = []
    assert t.answer(request("a"), "问题？", lambda: ran.append("first")) == (True, None)
    assert t.answer(request("a"), "问题？", lambda: ran.append("second")) == (False, None)
    assert ran == ["first"]


def test_a_refusal_says_how_long_to_wait():
    t = Throttle(Settings(rate_per_session=6, burst_per_session=2))
    assert t.retry_after(request(), "问题？") == 0.0
    assert [t.allow(request(), "问题？") for _ in range(3)] == [True, True, False]
    wait = t.retry_after(request(), "问题？")
    assert 9 < wait <= 10  # one token back at 6 a minute
    assert too_many(wait) == "请求太频繁，请 10 秒后再试。"
    assert t.retry_after(request("s2"), "问题？") == 0.0  # another session may ask now
    assert too_many(0.0) == "请求太频繁，请稍后再试。"  # the slow lane was full: no known wait
