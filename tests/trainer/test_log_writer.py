"""Questions are logged off the request path and never lost: retries through a locked
database, a spill file for what still fails, replayed on the next start."""

from __future__ import annotations

import json
import sqlite3
import threading
import time

from rag.trainer.log_writer import LogWriter
from rag.trainer.store import FeedbackStore
from tests.trainer.test_store import answer


def _writer(tmp_path, store, **kw):
    return LogWriter(store, tmp_path / "data" / "spill.jsonl", **kw).start()


def test_a_question_is_written_in_the_background_and_rated_by_its_key(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    w = _writer(tmp_path, store)
    conv = w.conversation("s1")
    key = w.answer(conv, answer("民情信箱有什么用？", ("e3-p6", "三是设置民情信箱。")))
    w.rate(key, -1)
    assert w.flush(10)
    [q] = store.questions()
    assert (q.query, q.rating, q.conversation_id) == ("民情信箱有什么用？", -1, conv)
    w.close()


def test_a_database_locked_past_its_busy_timeout_loses_nothing(tmp_path):
    """A lock held longer than the store's busy timeout: the answer does not wait, the writer
    retries with back-off until the lock is gone."""
    path = tmp_path / "fb.sqlite3"
    store = FeedbackStore(path, timeout=0.3)
    w = _writer(tmp_path, store, retry_for=20.0, first_backoff=0.1)
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    t = time.monotonic()
    conv = w.conversation()
    keys = [w.answer(conv, answer(f"问题{i}？")) for i in range(5)]
    assert time.monotonic() - t < 0.2  # queued, not written: the chat answered at once
    time.sleep(1.5)  # longer than the busy timeout: the first attempts fail
    assert w.pending
    locker.execute("COMMIT")
    locker.close()
    assert w.flush(20)
    assert len(store.questions()) == 5 and w.spilled == 0 and keys


def test_what_cannot_be_written_is_spilled_and_replayed_on_the_next_start(tmp_path):
    path = tmp_path / "fb.sqlite3"
    store = FeedbackStore(path, timeout=0.1)
    w = _writer(tmp_path, store, retry_for=0.5, first_backoff=0.1)
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    conv = w.conversation()
    key = w.answer(conv, answer("锁住时问的问题？"))
    w.rate(key, 1)
    assert w.flush(20)
    assert w.spilled == 3 and w.waiting_in_spill == 3
    w.close()
    locker.execute("COMMIT")
    locker.close()
    spill = tmp_path / "data" / "spill.jsonl"
    assert [json.loads(line)["op"] for line in spill.read_text("utf-8").splitlines()] == [
        "conversation",
        "answer",
        "rate",
    ]
    again = _writer(tmp_path, FeedbackStore(path))  # the next start replays, in order
    assert again.replayed == 3 and not spill.exists()
    [q] = again.store.questions()
    assert (q.query, q.rating) == ("锁住时问的问题？", 1)
    again.close()


def test_a_replayed_record_that_had_been_written_is_stored_once(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    conv = store.new_conversation()
    record = {"op": "answer", "conversation": conv, "key": "k1", "at": "2026-11-29 09:00:00",
              "answer": answer("一次？").to_json()}  # fmt: skip
    spill = tmp_path / "data" / "spill.jsonl"
    spill.parent.mkdir(parents=True)
    spill.write_text(json.dumps(record) + "\n" + json.dumps(record) + "\n", "utf-8")
    w = _writer(tmp_path, store)
    assert w.replayed == 2 and len(store.questions()) == 1
    w.close()


def test_without_a_database_every_record_waits_in_the_spill_file(tmp_path):
    w = _writer(tmp_path, None)
    w.answer(w.conversation(), answer("数据库坏了时问的？"))
    assert w.flush(5) and w.waiting_in_spill == 2
    w.close()


def test_closing_writes_what_is_queued(tmp_path):
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    w = _writer(tmp_path, store)
    conv = w.conversation()
    threads = [
        threading.Thread(target=lambda i=i: w.answer(conv, answer(f"并发{i}？"))) for i in range(20)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    w.close()
    assert len(store.questions()) == 20
