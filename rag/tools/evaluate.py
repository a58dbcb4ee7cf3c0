"""Evaluation on a question set with gold: hit@1, hit@5 and MRR@10 of each retrieval mode, and
what the answers cite (the right passage? abstained when they should?)."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from rag.answer.compose import Answerer
from rag.answer.types import Citation
from rag.core.errors import InputError
from rag.core.settings import PROJECT_ROOT
from rag.core.textnorm import question_key
from rag.retrieval.bank import BankEntry, load_entries
from rag.retrieval.chunking import Chunk, paragraph_texts
from rag.retrieval.search import MODES, Retriever

DEV_SET = PROJECT_ROOT / "corpus" / "questions" / "dev.jsonl"
MODE_NAMES = {"hybrid": "混合", "lexical": "仅词法", "dense": "仅语义"}


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

    def relevant(self, chunk: Chunk, spans: dict[str, list[tuple[int, int]]]) -> bool:
        """The chunk overlaps gold text (any of a gold paragraph when the gold names none)."""
        return _overlaps(spans, chunk.paragraph_id, chunk.start, chunk.end)

    def quoted(self, citation: Citation, spans: dict[str, list[tuple[int, int]]]) -> bool:
        """The citation quotes gold text (any of a gold paragraph when the gold names none)."""
        return _overlaps(spans, citation.paragraph_id, citation.start, citation.end)


def _overlaps(
    spans: dict[str, list[tuple[int, int]]], paragraph_id: str, start: int, end: int
) -> bool:
    if paragraph_id not in spans:
        return False
    own = spans[paragraph_id]
    return not own or any(a < end and start < b for a, b in own)


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


BANK_CHOICES = ("default", "none", "trainers")


def bank_for(
    retriever: Retriever, questions: Iterable[Question], scored: str, choice: str = "default"
) -> Retriever:
    """The retriever to score ``questions`` with: its bank never holds a question it scores.

    Args:
        scored: the name of the set being scored (``dev``, ``heldout``): its seed entries are
            left out whole, and so is any entry asking one of ``questions``.
        choice: ``default`` (the bank as loaded: the seed and the trainers' entries), ``none``,
            ``trainers`` (the trainers' entries only) or a bank file (JSONL entries).
    """
    asked = {question_key(q.question) for q in questions}

    def held(e: BankEntry) -> bool:
        return e.origin == scored or question_key(e.question) in asked

    if choice == "none":
        return retriever.with_bank(None)
    if choice in ("default", "trainers"):
        bank = retriever.bank
        if bank is None:
            return retriever.with_bank(None)
        if choice == "trainers":
            return retriever.with_bank(bank.without(lambda e: e.origin != "trainers" or held(e)))
        return retriever.with_bank(bank.without(held))
    entries = [e for e in load_entries(Path(choice)) if not held(e)]
    vectors = retriever.question_vectors([e.question for e in entries])
    return retriever.with_bank(retriever.make_bank(entries, vectors))


def bank_line(retriever: Retriever, choice: str, scored: str) -> str:
    """What bank a `rag eval` run scores with, in one line."""
    bank = retriever.bank
    if bank is None or not len(bank):
        return "已核对题库：不用"
    origins: dict[str, int] = {}
    for e in bank.entries:
        origins[e.origin] = origins.get(e.origin, 0) + 1
    parts = "、".join(f"{o} {n} 条" for o, n in sorted(origins.items()))
    return f"已核对题库：{choice}，{len(bank)} 条（{parts}；不含被评估的 {scored} 集）"


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
                (h.rank for h in hits if judge.relevant(h.chunk, spans)), None
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


def retrieval_lines(reports: dict[str, ModeReport], questions: list[Question]) -> list[str]:
    """The retrieval report as `rag eval` prints it: each mode's figures, hybrid by question
    kind, and the questions hybrid does not rank first."""
    answerable = [q for q in questions if q.answerable]
    out = [
        f"问题集：{len(answerable)} 个可回答的问题"
        f"（另有 {len(questions) - len(answerable)} 个无答案问题不计）",
        *mode_lines(reports),
        "混合检索按问题类型：",
    ]
    for kind in sorted({q.kind for q in answerable}):
        ids = {q.id for q in answerable if q.kind == kind}
        sub = reports["hybrid"].subset(ids)
        out.append(
            f"  {kind:<12} n={len(ids):<3} "
            f"hit@1 {sub.hit1:.3f}  hit@5 {sub.hit5:.3f}  MRR@10 {sub.mrr10:.3f}"
        )
    missed = misses(reports["hybrid"], answerable)
    out.append(f"混合检索第 1 名不对的问题（{len(missed)} 个）：")
    for m in missed:
        rank, gold = m["rank"] or ">10", "、".join(m["gold"])
        out.append(f"  {m['id']} [{m['kind']}] 名次 {rank}：{m['question']}（应为 {gold}）")
    return out


def mode_lines(reports: dict[str, ModeReport]) -> list[str]:
    """One indented line of figures per retrieval mode."""
    return [
        f"  {MODE_NAMES[m]:<8}hit@1 {r.hit1:.3f}  hit@5 {r.hit5:.3f}  MRR@10 {r.mrr10:.3f}"
        for m, r in reports.items()
    ]


def verified_lines(retriever: Retriever, db: Path | str) -> list[str]:
    """Retrieval scored on the question → passage pairs trainers verified in the feedback
    database ``db`` (see rag/export.py)."""
    from rag.trainer.export import verified_pairs
    from rag.trainer.store import FeedbackStore

    if "://" not in str(db) and not Path(db).is_file():  # opening would create an empty one
        raise InputError(
            f"找不到反馈数据库 {db}。请给出运行中的应用所用的文件（RAG_FEEDBACK_DB）。"
        )
    store = FeedbackStore(db)
    rows = verified_pairs(store.questions("marked", limit=1_000_000))
    out = [f"培训师核实的问答对：{len(rows)} 个（{store.path}）；每个问题评估时题库里去掉它自己"]
    if not rows:
        return out + ["  还没有核实过的问答对：请在“培训师”页把出处标为“正确”或附上正确段落。"]
    return out + mode_lines(leave_one_out(retriever, questions_from_rows(rows)))


def leave_one_out(retriever: Retriever, questions: list[Question]) -> dict[str, ModeReport]:
    """Each question scored with the bank less its own entries (a trainer's verified question
    never helps find itself)."""
    reports = {m: ModeReport(m) for m in MODES}
    for q in questions:
        bank = retriever.bank
        key = question_key(q.question)
        own = (
            retriever.with_bank(bank.without(lambda e, key=key: question_key(e.question) == key))
            if bank is not None
            else retriever
        )
        for mode, report in evaluate(own, [q]).items():
            reports[mode].ranks.update(report.ranks)
    return reports


@dataclass
class AnswerReport:
    """What trainees get from the answerer on a question set."""

    answerable: int = 0
    answered: int = 0
    cites_gold: int = 0  # answered with at least one citation from a gold paragraph
    quotes_gold: int = 0  # ... a quote overlapping the gold text
    first_gold: int = 0  # answered with point [1] from a gold paragraph
    points: int = 0  # points of the answers to answerable questions
    gold_points: int = 0  # ... from a gold paragraph
    unanswerable: int = 0
    abstained_unanswerable: int = 0
    wrongly_abstained: list[str] = field(default_factory=list)
    uncited: list[str] = field(default_factory=list)  # answered, no gold paragraph cited

    def share(self, count: int) -> float:
        return count / max(self.answerable, 1)

    def add(self, other: AnswerReport) -> None:
        """Count ``other``'s questions too (the folds of a cross-validation)."""
        for f in fields(self):
            mine = getattr(self, f.name)
            setattr(self, f.name, mine + getattr(other, f.name))

    @property
    def point_precision(self) -> float:
        """The share of all points (of answers to answerable questions) from a gold paragraph."""
        return self.gold_points / max(self.points, 1)

    @property
    def refused(self) -> float:
        """The share of out-of-corpus questions refused."""
        return self.abstained_unanswerable / max(self.unanswerable, 1)

    def lines(self) -> list[str]:
        """The report as `rag eval` prints it."""
        wrong = "、".join(self.wrongly_abstained) or "无"
        out = [
            f"回答（{self.answerable} 个可回答的问题，回答了 {self.answered} 个）：",
            f"  引用了正确段落 {self.share(self.cites_gold):.3f}，"
            f"引用的句子与标准答案重合 {self.share(self.quotes_gold):.3f}",
            f"  第 1 条出自正确段落 {self.share(self.first_gold):.3f}，"
            f"各条出自正确段落的比例 {self.point_precision:.3f}"
            f"（共 {self.points} 条，平均每个回答 {self.points / max(self.answered, 1):.1f} 条）",
            f"  误回避 {len(self.wrongly_abstained)} 个（{wrong}）；"
            f"无答案问题回避了 {self.abstained_unanswerable}/{self.unanswerable} 个",
        ]
        if self.uncited:
            out.append(f"  回答没有引用正确段落的问题：{'、'.join(self.uncited)}")
        return out


def evaluate_answers(answerer: Answerer, questions: Iterable[Question]) -> AnswerReport:
    """Ask every question; count answers citing gold passages and the abstentions."""
    judge = Judge(answerer.layout.paragraphs)
    report = AnswerReport()
    for q in questions:
        answer = answerer.ask(q.question)
        if not q.answerable:
            report.unanswerable += 1
            report.abstained_unanswerable += answer.abstained
            continue
        report.answerable += 1
        if answer.abstained:
            report.wrongly_abstained.append(q.id)
            continue
        report.answered += 1
        spans = judge.spans(q)
        cited = [c.paragraph_id in spans for c in answer.citations]
        report.cites_gold += any(cited)
        report.first_gold += bool(cited) and cited[0]
        report.points += len(cited)
        report.gold_points += sum(cited)
        report.quotes_gold += any(judge.quoted(c, spans) for c in answer.citations)
        if not any(cited):
            report.uncited.append(q.id)
    return report


def folds(questions: Iterable[Question], k: int, seed: int = 7) -> list[list[Question]]:
    """``questions`` dealt into ``k`` folds after a fixed shuffle (the same folds every run)."""
    pool = sorted(questions, key=lambda q: q.id)
    random.Random(seed).shuffle(pool)
    return [pool[i::k] for i in range(k)]


def cross_validate(
    retriever: Retriever, questions: list[Question], k: int, choice: str = "default"
) -> tuple[dict[str, ModeReport], AnswerReport]:
    """Retrieval and answers scored fold by fold, each fold with a bank that holds none of its
    questions (but the other folds' gold pairs, whichever set they come from): every question is
    scored once, by a bank learnt from the others."""
    if not 2 <= k <= len(questions):
        raise InputError(f"折数应在 2 到问题数（{len(questions)}）之间，现在是 {k}。")
    reports = {m: ModeReport(m) for m in MODES}
    answers = AnswerReport()
    for fold in folds(questions, k):
        scored = bank_for(retriever, fold, "folds", choice)
        for mode, report in evaluate(scored, fold).items():
            reports[mode].ranks.update(report.ranks)
        answers.add(evaluate_answers(Answerer(scored), fold))
    return reports, answers
