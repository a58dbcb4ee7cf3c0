"""Trainees' questions and ratings, written off the request path, never lost.

The chat hands each record (a new conversation, a question with its answer, a rating) to a
bounded queue and answers at once; one writer thread stores the records in order. A write that
fails (the database locked past its busy timeout, a full disk) is retried with back-off for
``retry_for`` seconds; a record that still cannot be written goes to an append-only spill file
(JSONL, fsync'ed), which is replayed on the next start. Closing the writer drains the queue, and
what is left when it must stop is spilled too. Records carry their own ids (a conversation id, a
question key) and times, so a late or replayed write stores exactly what was asked, once.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from rag.answer.types import Answer
from rag.core.errors import RagError
from rag.trainer.store import FeedbackStore

log = logging.getLogger(__name__)
SPILL_FILE = "feedback-spill.jsonl"


def _now() -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S")


class LogWriter:
    """The feedback log's one writer. ``store`` may be None (the database could not be opened
    at start-up): every record then goes to the spill file, for the next start."""

    def __init__(
        self,
        store: FeedbackStore | None,
        spill: Path,
        capacity: int = 10_000,
        retry_for: float = 90.0,
        first_backoff: float = 0.2,
    ) -> None:
        self.store = store
        self.spill_path = Path(spill)
        self.retry_for = retry_for
        self.first_backoff = first_backoff
        self._queue: queue.Queue[dict[str, Any] | None] = queue.Queue(capacity)
        self._spill_lock = threading.Lock()
        self._busy = 0  # records taken from the queue, not yet written or spilled
        self._thread = threading.Thread(target=self._run, name="feedback-writer", daemon=True)
        self._closing = threading.Event()
        self.spilled = 0  # records this run could not write (kept in the spill file)
        self.replayed = 0  # records of an earlier run written at start-up

    # -- what the chat calls --------------------------------------------------------------------

    def start(self) -> LogWriter:
        """Replay what an earlier run spilled, then start writing."""
        self.replay()
        self._thread.start()
        return self

    def conversation(self, session: str = "") -> str:
        cid = uuid.uuid4().hex
        self._put({"op": "conversation", "id": cid, "session": session, "at": _now()})
        return cid

    def answer(self, conversation_id: str, answer: Answer) -> str:
        """Queue a question with its answer; returns the key its rating will name."""
        key = uuid.uuid4().hex
        record = {"op": "answer", "conversation": conversation_id, "key": key, "at": _now()}
        self._put({**record, "answer": answer.to_json()})
        return key

    def rate(self, key: str, rating: int | None) -> None:
        self._put({"op": "rate", "key": key, "rating": rating})

    @property
    def pending(self) -> int:
        """Records waiting to be written (queued or being retried)."""
        return self._queue.qsize() + self._busy

    @property
    def waiting_in_spill(self) -> int:
        """Records kept in the spill file, to be written on the next start."""
        try:
            with open(self.spill_path, encoding="utf-8") as f:
                return sum(1 for line in f if line.strip())
        except OSError:
            return 0

    def flush(self, timeout: float = 30.0) -> bool:
        """Wait until everything queued so far is written (or spilled); False on timeout."""
        deadline = time.monotonic() + timeout
        while self.pending and time.monotonic() < deadline:
            time.sleep(0.02)
        return not self.pending

    def close(self, timeout: float = 10.0) -> None:
        """Stop: write what is queued within ``timeout`` seconds, spill the rest."""
        self.flush(timeout)
        self._closing.set()
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout=max(1.0, self.retry_for / 10))
        while True:
            try:
                record = self._queue.get_nowait()
            except queue.Empty:
                break
            if record is not None:
                self._spill(record)

    # -- the writer -----------------------------------------------------------------------------

    def _put(self, record: dict[str, Any]) -> None:
        if self._closing.is_set() or not self._thread.is_alive():
            self._spill(record)
            return
        try:
            self._queue.put_nowait(record)
        except queue.Full:  # overload: keep the record, never block the answer
            self._spill(record)

    def _run(self) -> None:
        while True:
            record = self._queue.get()
            if record is None:
                return
            self._busy = 1
            try:
                if not self._write_with_retries(record):
                    self._spill(record)
            finally:
                self._busy = 0

    def _write_with_retries(self, record: dict[str, Any]) -> bool:
        if self.store is None:
            return False
        deadline = time.monotonic() + self.retry_for
        wait = self.first_backoff
        while True:
            try:
                self._write(record)
                return True
            except (RagError, OSError, ValueError, KeyError) as e:
                if self._closing.is_set() or time.monotonic() + wait > deadline:
                    log.warning("提问记录写入失败，已暂存到 %s：%s", self.spill_path, e)
                    return False
                time.sleep(wait)
                wait = min(wait * 2, 5.0)

    def _write(self, record: dict[str, Any]) -> None:
        assert self.store is not None  # checked by the caller
        op = record["op"]
        if op == "conversation":
            self.store.new_conversation(record["session"], record["id"], record["at"])
        elif op == "answer":
            answer = Answer.from_json(record["answer"])
            self.store.log_answer(record["conversation"], answer, record["key"], record["at"])
        elif op == "rate":
            self.store.rate_key(record["key"], record["rating"])
        else:
            raise ValueError(f"unknown record {op!r}")

    # -- the spill file -------------------------------------------------------------------------

    def _spill(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._spill_lock:
            try:
                self.spill_path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.spill_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
                with os.fdopen(fd, "a", encoding="utf-8") as f:
                    f.write(line)
                    f.flush()
                    os.fsync(f.fileno())
                self.spilled += 1
            except OSError as e:  # the last resort failed too: say so loudly
                log.error(
                    "提问记录无法写入数据库，也无法暂存到 %s（%s）：%s", self.spill_path, e, line
                )

    def _keep_unreadable(self, line: str) -> None:
        """A spilled line that is not JSON (a torn write): kept aside for a person, not lost."""
        bad = self.spill_path.with_name(self.spill_path.name + ".unreadable")
        with open(bad, "a", encoding="utf-8") as f:
            f.write(line + "\n")
        log.warning("暂存文件中有一行无法读取，已移到 %s。", bad)

    def replay(self) -> int:
        """Write the records an earlier run spilled (in order); what still fails stays spilled.
        Returns how many were written."""
        if not self.spill_path.exists() or self.store is None:
            return 0
        replaying = self.spill_path.with_name(self.spill_path.name + ".replaying")
        with self._spill_lock:
            if not replaying.exists():
                os.replace(self.spill_path, replaying)
        written = 0
        failed_before = self.spilled
        for line in replaying.read_text(encoding="utf-8", errors="replace").splitlines():
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                self._keep_unreadable(line)
                continue
            try:
                self._write(record)
                written += 1
            except (RagError, OSError, ValueError, KeyError, TypeError) as e:
                log.warning("暂存的提问记录仍无法写入（%s），继续保留。", e)
                self._spill(record)
        replaying.unlink(missing_ok=True)
        self.spilled = failed_before  # those kept again were spilled by an earlier run
        self.replayed = written
        return written
