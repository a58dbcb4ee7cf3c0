"""The verified question bank, kept in step with the trainers' marks.

Every 正确 mark and every attached paragraph makes a confirming entry (the question as
understood → the paragraph, with the hash of its text when it was verified); every 不相关 or
断章取义 mark a rejecting one. A new mark rebuilds the bank at once (only the new question is
embedded) and the running service swaps it in, so the next question already uses it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rag.answer.compose import cited_parts
from rag.answer.dialogue import standalone
from rag.core.errors import RagError
from rag.core.polling import poll
from rag.core.textnorm import question_key
from rag.retrieval.bank import BankEntry, QuestionBank, paragraph_hash
from rag.retrieval.search import Retriever
from rag.trainer.store import FeedbackStore
from rag.trainer.types import LoggedQuestion

log = logging.getLogger(__name__)
EFFECT_SAMPLE = 200  # verified questions the overview's effect figure is measured on
EFFECT_FOLDS = 5  # ... in this many folds (a bank and its lessons learnt for each)
MEASURE_AFTER = 20.0  # seconds after the last rebuild (a morning of marking measures once)
WATCH_EVERY = 1.0  # seconds between looks at the marks (replicas: a mark elsewhere within 2 s)


def entries_from_log(questions: Iterable[LoggedQuestion]) -> list[BankEntry]:
    """Bank entries from the reviewed questions of the log."""
    out = []
    for q in questions:
        question = standalone(q.understood_as) or q.query
        cites = {c.n: c for c in q.answer.citations}
        # A question of several parts was answered part by part: a mark verifies its point for
        # the part it answered, not for the whole question.
        parts = cited_parts(q.answer.text)
        for n, m in sorted(q.marks.items()):
            c = cites.get(n)
            if c is None:
                continue
            good = m.verdict == "correct"
            h = paragraph_hash(c.passage)  # the text the trainer saw
            # a rejection keeps its quote too: it is the quote that was wrong, not the paragraph
            out.append(
                BankEntry(
                    parts.get(n, question),
                    c.paragraph_id,
                    h,
                    good,
                    m.trainer,
                    m.marked_at,
                    "trainers",
                    c.quote,
                )
            )
        for a in q.attachments:
            if a.paragraph_hash:
                out.append(
                    BankEntry(
                        question, a.paragraph_id, a.paragraph_hash, True, a.trainer, a.marked_at
                    )
                )
    return out


@dataclass(frozen=True)
class BankEffect:
    """Leave-one-out hit@1 on the verified questions: without the bank, and with it."""

    questions: int
    without: float
    with_bank: float


def measure(retriever: Retriever, sample: int = EFFECT_SAMPLE) -> BankEffect | None:
    """How much the bank helps: the confirmed questions (up to ``sample``) dealt into
    ``EFFECT_FOLDS`` folds, each question searched without the bank and with the bank less its
    fold's questions (nothing its own entries taught helps it; one bank learnt per fold, not per
    question); a hit is its confirmed paragraph first."""
    bank = retriever.bank
    if bank is None or not len(bank):
        return None
    gold: dict[str, set[str]] = {}
    for e in bank.entries:
        if e.positive:
            gold.setdefault(e.question, set()).add(e.paragraph_id)
    questions = sorted(gold)[:sample]
    if not questions:
        return None
    plain = retriever.with_bank(None)
    hits = [0, 0]
    k = min(EFFECT_FOLDS, len(questions))
    for fold in (questions[i::k] for i in range(k)):
        keys = {question_key(q) for q in fold}
        rest = retriever.with_bank(
            bank.without(lambda e, keys=keys: question_key(e.question) in keys)
        )
        for q in fold:
            for i, r in enumerate((plain, rest)):
                found = r.search(q, k=1).hits
                hits[i] += bool(found) and found[0].chunk.paragraph_id in gold[q]
    n = len(questions)
    return BankEffect(n, hits[0] / n, hits[1] / n)


class BankKeeper:
    """Rebuilds the bank from the seed file and the feedback log and hands it to ``source``
    (the running Service: its ``retriever`` and ``use_bank``)."""

    def __init__(self, store: FeedbackStore, source: Any) -> None:
        self.store = store
        self.source = source
        self._lock = threading.Lock()  # two trainers marking at once: one rebuild at a time
        self.effect: BankEffect | None = None
        self.problem = ""
        self._timer: threading.Timer | None = None
        self._seen: int | None = None  # the review version the bank was last built from
        self._stop = threading.Event()

    def watch(self, every: float = WATCH_EVERY) -> BankKeeper:
        """Rebuild whenever the marks change in the database, whoever made them: app replicas
        sharing one database poll its review version (a marks counter; one cheap query)."""

        def step() -> bool:  # False: the rebuild failed (kept for the overview)
            return self.store.review_version() == self._seen or self.rebuild() is not None

        poll("bank-watch", step, every, self._stop, "无法查看核对记录的变化，稍后重试。")
        return self

    def stop(self) -> None:
        self._stop.set()

    def rebuild(self) -> QuestionBank | None:
        """Build and swap in the bank; a failure is kept for the overview, never raised (the
        previous bank keeps serving)."""
        with self._lock:
            try:
                seen = self.store.review_version()  # read first: a later mark rebuilds again
                retriever: Retriever = self.source.retriever
                reviewed = self.store.questions("marked", limit=10_000_000)
                entries = retriever.seed_entries() + entries_from_log(reviewed)
                bank = retriever.build_bank(entries)
            except (RagError, OSError) as e:
                self.problem = f"已核对题库没有更新（{e}）；仍使用上一次的题库。"
                log.warning(self.problem)
                return None
            self.problem = ""
            self._seen = seen
            self.source.use_bank(bank)
            self._measure_later()
            return bank

    def _measure_later(self) -> None:
        """Measure the bank's effect in the background (it searches every verified question
        twice), once marking has paused for ``MEASURE_AFTER`` seconds; the overview shows the
        latest figure."""

        def run() -> None:
            try:
                self.effect = measure(self.source.retriever)
            except RagError as e:
                log.warning("题库效果无法测量：%s", e)

        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(MEASURE_AFTER, run)
        self._timer.daemon = True
        self._timer.start()
