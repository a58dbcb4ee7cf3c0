"""Evidence: is there enough in the essays to answer? (word coverage, cosine, answer type)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.core.textnorm import match_key
from rag.retrieval.search import Hit, Retriever


@dataclass(frozen=True)
class Evidence:
    """What the abstention decision looks at (see ``EvidenceJudge.abstain``)."""

    coverage: float  # idf-weighted share of the query's words found in the top passages
    dense: float  # cosine of the best passage
    has_wanted: bool = True  # no date, span or amount asked for, or a top passage has one


class EvidenceJudge:
    """Measures the evidence for a question in its best passages and decides on abstention.

    ``passages``: how many of the best passages the word coverage and the answer type are
    looked for in; ``depth``: how deep the dense search for the best cosine goes (the
    threshold was calibrated with these values; docs/calibration.md).
    """

    def __init__(self, retriever: Retriever, passages: int = 3, depth: int = 10) -> None:
        self.retriever = retriever
        self._idf_table = self._document_frequencies()
        s = retriever.settings
        self.threshold, self.coverage_weight = s.abstain_threshold, s.abstain_coverage_weight
        self.passages, self.depth = passages, depth

    def _document_frequencies(self) -> dict[str, float]:
        """idf of every word of the corpus, from the BM25 index's document frequencies."""
        lexical = self.retriever.index.lexical
        n = lexical.size
        df = lexical.document_frequencies()
        return {w: math.log((n + 1) / (d + 0.5)) for w, d in df.items()} | {
            "": math.log((n + 1) / 0.5)
        }

    def _idf(self, word: str) -> float:
        return self._idf_table.get(word, self._idf_table[""])

    def coverage(self, words: Sequence[str], text: str) -> float:
        """idf-weighted share of ``words`` that occur in ``text`` (after match normalisation)."""

        unique = set(words)
        if not unique:
            return 0.0
        key = match_key(text)
        total = sum(self._idf(w) for w in unique)
        return sum(self._idf(w) for w in unique if w in key) / total

    def evidence(self, query: str, hits: list[Hit]) -> Evidence:
        words = self.retriever.index.lexical.tokenizer.words(query)
        top = " ".join(h.chunk.context() for h in hits[: self.passages])
        # The best cosine in the whole corpus (not only among ``hits``), as calibrated; the
        # query vector is cached, so this costs one FAISS search.
        dense = self.retriever.rank_dense(query, self.depth)
        best = dense[0][1] if dense else 0.0
        wants = answer_type(query)
        has = not wants or any(contains_type(h.chunk.text, wants) for h in hits[: self.passages])
        return Evidence(self.coverage(words, top), best, has)

    def abstain(self, ev: Evidence) -> bool:
        """Too little evidence. Semantic and lexical evidence are combined because e5's cosines
        bunch between 0.8 and 0.93 for any Chinese text: a fixed cosine cut-off cannot tell an
        unanswerable question from a paraphrase, but cosine plus the share of the question's
        words found in the best passages can (weights in Settings, calibrated on the dev set).
        A question that asks for a date, a span of time or an amount is also refused when no
        top passage has one of that kind (classic answer-type checking, ``answer_type``): the
        essays argue, they rarely give figures."""
        if not ev.has_wanted:
            return True
        return ev.dense + self.coverage_weight * ev.coverage < self.threshold


_WANTS_DATE = re.compile(r"(哪一?年|哪一?天|何时|什么时候|哪个时候|年份|日期)")
# How long / how often: 多长时间, 多久 (not 没多久 "soon after"), 几天 / 多少天 and other units.
_TIME_UNIT = r"个?(天|日|月|年|周|星期|小时|工作日)"
_WANTS_DURATION = re.compile(
    rf"(多长时间|(?<![没不])多久|多少{_TIME_UNIT}|(?<![哪少])几{_TIME_UNIT})"
)
# 多少 asks for an amount; 几 only with a unit of measure (几件事 / 几个人 usually ask for a list).
_WANTS_NUMBER = re.compile(r"(多少|(?<![哪少])几(岁|元|万|次|成)|百分之几|比例是)")
_DATE = re.compile(r"(\d{4}|[〇零一二三四五六七八九]{4})年|\d{1,2}月\d{1,2}日")
_NUMERAL = r"(\d+|[一二三四五六七八九十百千两半]+)"
# A span of time (5个工作日, 三个月) or a frequency (每月, 每周).
_DURATION = re.compile(rf"{_NUMERAL}{_TIME_UNIT}|每{_TIME_UNIT}|每季度?")
_NUMBER = re.compile(
    r"\d|[一二三四五六七八九十百千万两]+(个|名|件|天|年|次|人|元|万|岁|条|项|户|%)"
)
_FOUND = {"date": _DATE, "duration": _DURATION, "number": _NUMBER}


def answer_type(question: str) -> str:
    """ "date", "duration" or "number" when the question asks for one, else ""."""
    question = match_key(question)  # 幾天 asks like 几天
    if _WANTS_DATE.search(question):
        return "date"
    if _WANTS_DURATION.search(question):
        return "duration"
    if _WANTS_NUMBER.search(question):
        return "number"
    return ""


def contains_type(text: str, wanted: str) -> bool:
    return bool(_FOUND[wanted].search(text))
