"""The plain pipeline that issue 3 measures the engine against, for `rag eval --baseline` only.

BM25 over plain jieba words (default dictionary, no stopwords, no bigrams, no synonyms), e5 over
whole paragraphs with its asymmetric ``query:`` / ``passage:`` prefixes, and reciprocal-rank
fusion (k = 60, equal weights): the "rank_bm25 + jieba / e5 / RRF over paragraph chunks" recipe.
The product never uses it; it is here so the comparison in the README can be re-run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from rag.core.segmenter import jieba_tokenizer
from rag.retrieval.chunking import paragraph_texts
from rag.retrieval.embedding_cache import EmbeddingCache
from rag.retrieval.search import Retriever
from rag.tools.evaluate import ModeReport, Question, mode_lines

RRF_K = 60


@dataclass
class PlainPipeline:
    paragraph_ids: list[str]
    bm25: object  # bm25s.BM25 over jieba words
    vectors: np.ndarray  # paragraph vectors, "passage: " side, L2-normalised
    retriever: Retriever  # its embedder embeds the queries

    @classmethod
    def build(cls, retriever: Retriever) -> PlainPipeline:
        import bm25s

        paragraphs = paragraph_texts(retriever.chunks)
        ids = list(paragraphs)
        texts = [paragraphs[p] for p in ids]
        bm25 = bm25s.BM25()
        bm25.index([_words(t) or ["\u2205"] for t in texts], show_progress=False)
        embedder = retriever.embedder
        cache = EmbeddingCache(retriever.settings.cache_dir, f"{embedder.id}|passage")
        vectors, _ = cache.embed(texts, embedder.embed_passages, embedder.dim)
        return cls(ids, bm25, vectors, retriever)

    def rankings(self, question: str) -> dict[str, list[str]]:
        """Paragraph ids, best first, for each of lexical, dense and hybrid (RRF)."""
        n = len(self.paragraph_ids)
        words = [w for w in _words(question) if w in self.bm25.vocab_dict]
        lexical = self.bm25.get_scores(words) if words else np.zeros(n)
        query = self.retriever.embedder.embed_queries([question])[0]
        dense = self.vectors @ query
        orders = {
            "lexical": np.argsort(-lexical, kind="stable"),
            "dense": np.argsort(-dense, kind="stable"),
        }
        # Each list is what its retriever returns: BM25 only paragraphs that share a word with
        # the question (ranking the rest in corpus order would favour early paragraphs).
        fused = np.zeros(n)
        matched = orders["lexical"][: int((lexical > 0).sum())]
        for order in (matched, orders["dense"]):
            fused[order] += 1.0 / (RRF_K + np.arange(1, len(order) + 1))
        orders["hybrid"] = np.argsort(-fused, kind="stable")
        return {m: [self.paragraph_ids[i] for i in o] for m, o in orders.items()}

    def evaluate(self, questions: Iterable[Question]) -> dict[str, ModeReport]:
        """Rank (within 10) of the first gold paragraph, per mode: a whole paragraph holds any
        gold text inside it, so the gold paragraph ids decide."""
        reports = {m: ModeReport(m) for m in ("hybrid", "lexical", "dense")}
        for q in questions:
            if not q.answerable:
                continue
            for mode, ranked in self.rankings(q.question).items():
                reports[mode].ranks[q.id] = next(
                    (r for r, pid in enumerate(ranked[:10], start=1) if pid in q.gold), None
                )
        return reports


def _words(text: str) -> list[str]:
    return [w for w in jieba_tokenizer().lcut(text) if w.strip()]


@dataclass(frozen=True)
class Comparison:
    """Question by question: what the engine keeps of the baseline's first places, and what it
    fixes of the baseline's misses."""

    plain_right: int
    kept: int
    plain_wrong: int
    fixed: int

    @classmethod
    def of(cls, ours: ModeReport, plain: ModeReport) -> Comparison:
        right = {q for q, r in plain.ranks.items() if r == 1}
        wrong = set(plain.ranks) - right
        ok = {q for q, r in ours.ranks.items() if r == 1}
        return cls(len(right), len(right & ok), len(wrong), len(wrong & ok))

    def projected(self, plain_hit1: float) -> float:
        """The engine's hit@1 on a set where the baseline scores ``plain_hit1``, if the keep
        and fix rates carried over."""
        keep = self.kept / max(self.plain_right, 1)
        fix = self.fixed / max(self.plain_wrong, 1)
        return plain_hit1 * keep + (1 - plain_hit1) * fix

    def lines(self, reports: dict[str, ModeReport], reference: float = 0.86) -> list[str]:
        out = ["对照：普通流程（jieba 分词 BM25 / 段落向量 / RRF，按整段检索）"]
        out += mode_lines(reports)
        out += [
            f"  普通流程第 1 名对的 {self.plain_right} 个问题，本系统保住 {self.kept} 个；"
            f"它没排对的 {self.plain_wrong} 个，本系统改对 {self.fixed} 个",
            f"  按此推算：在普通流程 hit@1 为 {reference:.2f} 的问题集上，"
            f"本系统 hit@1 约为 {self.projected(reference):.3f}",
        ]
        return out
