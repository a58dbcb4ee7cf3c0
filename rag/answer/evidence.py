"""Evidence: is there enough in the essays to answer? (word coverage and cosine)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rag.core.textnorm import match_key
from rag.retrieval.search import Hit, Retriever

_COUNT = re.compile(r"[一二两三四五六七八九十几多\d]+(个|条|种|点|项|类|件|句|层|大|方面)")


@dataclass(frozen=True)
class Evidence:
    """What the abstention decision looks at (see ``EvidenceJudge.abstain``)."""

    coverage: float  # idf-weighted share of the query's words found in the top passages
    dense: float  # cosine of the best passage


class EvidenceJudge:
    """Measures the evidence for a question in its best passages and decides on abstention.

    ``passages``: how many of the best passages the word coverage and the answer type are
    looked for in; ``depth``: how deep the dense search for the best cosine goes (the
    threshold was calibrated with these values; docs/calibration.md).
    """

    def __init__(self, retriever: Retriever, passages: int = 3, depth: int = 10) -> None:
        self.retriever = retriever
        self._idf_table = retriever.idf_table
        s = retriever.settings
        self.threshold, self.coverage_weight = s.abstain_threshold, s.abstain_coverage_weight
        self.passages, self.depth = passages, depth

    def _idf(self, word: str) -> float:
        return self._idf_table.get(word, self._idf_table[""])

    def idf(self, word: str) -> float:
        """How rare ``word`` is among the passages (a word no passage has: the rarest)."""
        return self._idf(word)

    @property
    def known_words(self) -> dict[str, float]:
        """Every word some passage holds, with its idf."""
        return self._idf_table

    def share_of_passages(self, word: str) -> float:
        """The share of passages that hold ``word`` (from its idf)."""
        n = self.retriever.index.lexical.size
        if word not in self._idf_table or not n:
            return 0.0
        return min(1.0, ((n + 1) / math.exp(self._idf_table[word]) - 0.5) / n)

    def coverage(self, words: Sequence[str], text: str) -> float:
        """idf-weighted share of ``words`` that occur in ``text`` (after match normalisation)."""

        key = match_key(text)
        # 五个意识是什么: the essays list the five without counting them; a count they do not
        # write is no word missing (one they write, 两个务必, counts as found).
        unique = {w for w in words if w in key or not _COUNT.fullmatch(w)}
        if not unique:
            return 0.0
        total = sum(self._idf(w) for w in unique)
        return sum(self._idf(w) for w in unique if w in key) / total

    def evidence(self, query: str, hits: list[Hit]) -> Evidence:
        words = self.retriever.index.lexical.tokenizer.words(query)
        if self.retriever.lessons.active:
            # The passages as the essays' own words and the question as asked rank them (what
            # the rule was calibrated on): the lessons bring passages that answer in other
            # words, whose text would make a well-answered question look uncovered.
            hits = self.retriever.search(query, k=self.passages, taught=False).hits
        top = " ".join(h.chunk.context() for h in hits[: self.passages])
        # The best cosine in the whole corpus (not only among ``hits``), as calibrated; the
        # query vector is cached, so this costs one FAISS search.
        dense = self.retriever.rank_dense(query, self.depth)
        best = dense[0][1] if dense else 0.0
        return Evidence(self.coverage(words, top), best)

    def abstain(self, ev: Evidence) -> bool:
        """Too little evidence. Semantic and lexical evidence are combined because e5's cosines
        bunch between 0.8 and 0.93 for any Chinese text: a fixed cosine cut-off cannot tell an
        unanswerable question from a paraphrase, but cosine plus the share of the question's
        words found in the best passages can (weights in Settings, calibrated on the dev set).
        A question that asks for a fact is checked again on the answer (``rag.answer.facts``)."""
        return ev.dense + self.coverage_weight * ev.coverage < self.threshold


# A word held by at most this share of the passages is specific enough to anchor a follow-up.
SPECIFIC_SHARE = 0.15
