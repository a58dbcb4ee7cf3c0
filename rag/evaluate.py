"""Evaluation: hit@1, hit@5 and MRR@10 of each retrieval mode on a question set with gold."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.chunking import Chunk, paragraph_texts
from rag.errors import InputError
from rag.search import MODES, Retriever
from rag.settings import PROJECT_ROOT

DEV_SET = PROJECT_ROOT / "corpus" / "questions" / "dev.jsonl"


@dataclass(frozen=True)
class Question:
    """A question with chunk-independent gold: paragraph ids and exact substrings in them."""

    id: str
    question: str
    kind: str
    gold: tuple[str, ...]
    gold_text: tuple[str, ...] = ()

    @property
    def answerable(self) -> bool:
        return bool(self.gold)


def _question(d: dict[str, Any]) -> Question:
    return Question(
        d["id"],
        d["question"],
        d.get("kind", ""),
        tuple(d.get("gold", ())),
        tuple(d.get("gold_text", ())),
    )


def questions_from_rows(rows: Iterable[dict[str, Any]]) -> list[Question]:
    """Questions from dicts in the dev-set format (e.g. trainer-verified pairs)."""
    return [_question(d) for d in rows]


def load_questions(path: Path = DEV_SET) -> list[Question]:
    if not path.exists():
        raise InputError(f"找不到问题集 {path}。")
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append(_question(json.loads(line)))
        except (ValueError, KeyError, TypeError) as e:
            raise InputError(f"{path} 第 {n} 行格式不对（{e}）。每行应是一个 JSON 对象。") from e
    return out


class Judge:
    """Decides whether a chunk answers a question: it must come from a gold paragraph and, when
    the gold names exact text in that paragraph, overlap it. Re-chunking cannot rot this."""

    def __init__(self, paragraphs: dict[str, str]) -> None:
        self._paragraphs = paragraphs

    def spans(self, q: Question) -> dict[str, list[tuple[int, int]]]:
        out: dict[str, list[tuple[int, int]]] = {}
        for pid in q.gold:
            text = self._paragraphs.get(pid, "")
            spans = []
            for g in q.gold_text:
                start = text.find(g)
                while start >= 0:
                    spans.append((start, start + len(g)))
                    start = text.find(g, start + 1)
            out[pid] = spans
        return out

    def relevant(self, q: Question, chunk: Chunk, spans: dict[str, list[tuple[int, int]]]) -> bool:
        if chunk.paragraph_id not in spans:
            return False
        own = spans[chunk.paragraph_id]
        return not own or any(a < chunk.end and chunk.start < b for a, b in own)


@dataclass
class ModeReport:
    mode: str
    ranks: dict[str, int | None] = field(default_factory=dict)  # question id → first relevant rank

    def _values(self) -> list[int | None]:
        return list(self.ranks.values())

    @property
    def hit1(self) -> float:
        v = self._values()
        return sum(r == 1 for r in v) / max(len(v), 1)

    @property
    def hit5(self) -> float:
        v = self._values()
        return sum(r is not None and r <= 5 for r in v) / max(len(v), 1)

    @property
    def mrr10(self) -> float:
        v = self._values()
        return sum(1 / r for r in v if r is not None and r <= 10) / max(len(v), 1)

    def subset(self, ids: set[str]) -> ModeReport:
        return ModeReport(self.mode, {k: v for k, v in self.ranks.items() if k in ids})

    def summary(self) -> dict[str, float]:
        return {"hit@1": self.hit1, "hit@5": self.hit5, "mrr@10": self.mrr10}


def evaluate(
    retriever: Retriever, questions: Iterable[Question], modes: Iterable[str] = MODES
) -> dict[str, ModeReport]:
    """Rank of the first relevant hit (within 10) for every answerable question, per mode."""
    judge = Judge(paragraph_texts(retriever.chunks))
    reports = {m: ModeReport(m) for m in modes}
    for q in questions:
        if not q.answerable:
            continue
        spans = judge.spans(q)
        for mode, report in reports.items():
            hits = retriever.search(q.question, k=10, mode=mode).hits
            report.ranks[q.id] = next(
                (h.rank for h in hits if judge.relevant(q, h.chunk, spans)), None
            )
    return reports


def misses(
    report: ModeReport, questions: list[Question], worse_than: int = 1
) -> list[dict[str, Any]]:
    by_id = {q.id: q for q in questions}
    return [
        {
            "id": qid,
            "question": by_id[qid].question,
            "kind": by_id[qid].kind,
            "rank": r,
            "gold": list(by_id[qid].gold),
        }
        for qid, r in report.ranks.items()
        if r is None or r > worse_than
    ]
