"""Hybrid retrieval: lexical and dense candidates fused (z-scores or RRF), ranks kept."""

from __future__ import annotations

import functools
import queue
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from rag.core.errors import RagError, SettingsError
from rag.core.progress import Progress
from rag.core.settings import Settings
from rag.core.textnorm import clean_input, match_key, to_simplified
from rag.retrieval.chunking import Chunk
from rag.retrieval.embedders import Embedder, query_embedders
from rag.retrieval.fusion import FUSIONS, rrf, zscore
from rag.retrieval.index_store import Index, load
from rag.retrieval.lexical import top_k
from rag.retrieval.rerank import CrossEncoderReranker, make_reranker

MODES = ("hybrid", "lexical", "dense")


def why_label(lexical_rank: int | None, dense_rank: int | None) -> str:
    """Why a passage was chosen, in words: its rank in each retriever."""
    return "，".join(
        [
            f"词法检索第{lexical_rank}" if lexical_rank else "词法检索未命中",
            f"语义检索第{dense_rank}" if dense_rank else "语义检索未命中",
        ]
    )


class QueryError(RagError):
    """The query cannot be searched (empty or whitespace only)."""


@dataclass(frozen=True)
class Hit:
    """One retrieved passage and why it was chosen (its rank and score in each retriever)."""

    rank: int
    chunk: Chunk
    score: float
    lexical_rank: int | None = None
    lexical_score: float | None = None
    dense_rank: int | None = None
    dense_score: float | None = None
    rerank_score: float | None = None  # the cross-encoder's score, when one is configured

    @property
    def why(self) -> str:
        return why_label(self.lexical_rank, self.dense_rank)

    def to_json(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "rank": self.rank,
            "chunk_id": c.id,
            "essay_id": c.essay_id,
            "title": c.title,
            "heading": c.heading,
            "text": c.text,
            "score": round(self.score, 6),
            "lexical_rank": self.lexical_rank,
            "dense_rank": self.dense_rank,
            "lexical_score": None if self.lexical_score is None else round(self.lexical_score, 4),
            "dense_score": None if self.dense_score is None else round(self.dense_score, 4),
            "rerank_score": None if self.rerank_score is None else round(self.rerank_score, 4),
        }


@dataclass(frozen=True)
class SearchResult:
    query: str  # the query as searched (after truncation)
    hits: list[Hit]
    notice: str = ""  # e.g. that the query was truncated

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"query": self.query, "hits": [h.to_json() for h in self.hits]}
        if self.notice:
            out["notice"] = self.notice
        return out


def prepare_query(query: str, max_chars: int) -> tuple[str, str]:
    """Validate and trim a query. Returns (query, notice); raises QueryError when empty."""
    q = " ".join(clean_input(str(query or "")).split())
    if not q:
        raise QueryError("问题不能为空。请输入一个问题，例如：如何做好社区群众工作？")
    if len(q) > max_chars:
        return q[:max_chars], f"问题太长（{len(q)} 字），只使用了前 {max_chars} 个字。"
    return q, ""


def reference_sample(size: int, sample: int) -> np.ndarray:
    """The passages z-scores are standardised against: all ``size`` of them, or an even
    sample of about ``sample``."""
    step = max(1, -(-size // max(1, sample)))
    return np.arange(0, size, step, dtype=np.int64)


class QueryEncoder:
    """The query side of the embedding model: a pool of embedders, each serving one thread at a
    time (their engines are not documented as thread-safe; several let concurrent requests use
    several cores), and a cache of recent query vectors. A retriever and those its ``reload``
    makes share one: the model, and so a query's vector, does not change with the essays."""

    def __init__(self, workers: list[Embedder]) -> None:
        self.workers = workers
        self._pool: queue.Queue[Embedder] = queue.Queue()
        for e in workers:
            self._pool.put(e)
        self._cached = functools.lru_cache(maxsize=1024)(self._embed)

    def _embed(self, text: str) -> np.ndarray:
        model = self._pool.get()
        try:
            vector = model.embed_queries([text])[0]
        finally:
            self._pool.put(model)
        vector.setflags(write=False)  # cached and shared: nobody may change it in place
        return vector

    def __call__(self, text: str) -> np.ndarray:
        return self._cached(text)

    def clear_cache(self) -> None:
        self._cached.cache_clear()


class Retriever:
    """Search over a loaded index. Build once per process; ``search`` is thread-safe."""

    def __init__(
        self,
        index: Index,
        embedder: Embedder,
        settings: Settings,
        workers: list[Embedder] | None = None,
        queries: QueryEncoder | None = None,
    ) -> None:
        """``settings.rerank_model``, when set, is loaded here (once per process)."""
        if settings.fusion not in FUSIONS:
            raise SettingsError(
                f"未知的融合方式 {settings.fusion!r}（RAG_FUSION）。可选：{', '.join(FUSIONS)}。"
            )
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self._reference = reference_sample(len(index.chunks), settings.fusion_sample)
        self.queries = queries or QueryEncoder(workers or [embedder])
        self.reranker: CrossEncoderReranker | None = make_reranker(settings.rerank_model)

    @classmethod
    def open(cls, settings: Settings, progress: Progress | None = None) -> Retriever:
        """Load (building or rebuilding when needed) the index and the query embedders."""
        index = load(settings, progress)
        workers = query_embedders(settings.embed_model, settings.query_workers)
        return cls(index, workers[0], settings, workers)

    def reload(self, progress: Progress | None = None) -> Retriever:
        """A retriever over the index as it is now (rebuilt if the essays changed), sharing this
        one's query encoder: the model is not loaded again and cached query vectors stay."""
        index = load(self.settings, progress)
        return Retriever(index, self.embedder, self.settings, queries=self.queries)

    def clear_cache(self) -> None:
        """Forget cached query embeddings and segmentations (for benchmarks that time the real
        work)."""
        self.queries.clear_cache()
        self.index.lexical.tokenizer.clear_cache()

    @property
    def chunks(self) -> list[Chunk]:
        return self.index.chunks

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding, taken of its matching form: the essays are in simplified
        characters, so a question in traditional ones embeds like its simplified twin."""
        return self.queries(match_key(query))

    def rank_lexical(self, query: str, n: int) -> list[tuple[int, float]]:
        return self.index.lexical.search(query, n, self.settings.expansion_weight)

    def rank_dense(self, query: str, n: int) -> list[tuple[int, float]]:
        return self.index.dense.search(self.query_vector(query), n)

    def search(self, query: str, k: int | None = None, mode: str = "hybrid") -> SearchResult:
        """The ``k`` best passages for ``query``.

        Args:
            mode: ``hybrid`` (both, fused as ``settings.fusion`` says), ``lexical`` (BM25
                only) or ``dense`` (vectors only).
        """
        if mode not in MODES:
            raise QueryError(f"未知的检索方式 {mode!r}。可选：{', '.join(MODES)}。")
        s = self.settings
        q, notice = prepare_query(query, s.max_query_chars)
        if not self.index.lexical.tokenizer.words(q):
            # Only punctuation, stopwords or question words: nothing to search for.
            return SearchResult(q, [], notice or "问题里没有可以检索的词语。")
        k = s.top_k if k is None else k
        n = max(s.candidates, k)
        if mode == "lexical":
            ranked = self.rank_lexical(q, n)
            return SearchResult(q, self._hits(ranked[:k], ranked, []), notice)
        if mode == "dense":
            ranked = self.rank_dense(q, n)
            return SearchResult(q, self._hits(ranked[:k], [], ranked), notice)
        depth = max(k, s.rerank_depth) if self.reranker else k
        if s.fusion == "rrf":
            lex, den = self.rank_lexical(q, n), self.rank_dense(q, n)
            fused = rrf(
                {"lexical": [d for d, _ in lex], "dense": [d for d, _ in den]},
                {"lexical": s.lexical_weight, "dense": s.dense_weight},
                s.rrf_k,
            )
            hits = self._hits(fused[:depth], lex, den)
        else:
            hits = self._zscore_hits(q, max(n, depth), depth)
        return SearchResult(q, self._reranked(q, hits)[:k], notice)

    def _reranked(self, q: str, hits: list[Hit]) -> list[Hit]:
        """``hits`` in the cross-encoder's order (ties keep the fused order), or as they are
        when no reranker is configured."""
        if self.reranker is None or not hits:
            return hits
        # Natural text for the cross-encoder: simplified like the essays, punctuation kept.
        scores = self.reranker.scores(to_simplified(q), [h.chunk.text for h in hits])
        order = sorted(range(len(hits)), key=lambda i: (-scores[i], i))
        return [
            replace(hits[i], rank=rank, rerank_score=float(scores[i]))
            for rank, i in enumerate(order, start=1)
        ]

    def _zscore_hits(self, q: str, n: int, k: int) -> list[Hit]:
        """Hybrid by z-score fusion: every candidate of either retriever is scored by both."""
        s = self.settings
        lexical_all = self.index.lexical.scores(q, s.expansion_weight)
        lex = top_k(lexical_all, n)
        qv = self.query_vector(q)
        den = self.index.dense.search(qv, n)
        ids = np.concatenate([self._reference, [d for d, _ in lex], [d for d, _ in den]])
        pool = np.unique(ids.astype(np.int64))
        lexical_scores = lexical_all[pool]
        dense_scores = self.index.dense.scores(qv, pool)
        fused = zscore(
            {"lexical": lexical_scores, "dense": dense_scores},
            {"lexical": s.zscore_lexical_weight, "dense": 1.0},
            np.searchsorted(pool, self._reference),
        )
        order = sorted(range(len(pool)), key=lambda i: (-fused[i], int(pool[i])))[:k]
        exact = {int(pool[i]): (float(lexical_scores[i]), float(dense_scores[i])) for i in order}
        return self._hits([(int(pool[i]), float(fused[i])) for i in order], lex, den, exact)

    def _hits(
        self,
        ranked: list[tuple[int, float]],
        lex: list[tuple[int, float]],
        den: list[tuple[int, float]],
        exact: dict[int, tuple[float, float]] | None = None,
    ) -> list[Hit]:
        """Hits for ``ranked`` (passage, fused score), with each retriever's rank and score;
        ``exact`` gives (lexical, dense) scores of passages outside a retriever's candidates."""
        lex_pos = {d: (r, sc) for r, (d, sc) in enumerate(lex, start=1)}
        den_pos = {d: (r, sc) for r, (d, sc) in enumerate(den, start=1)}
        hits = []
        for rank, (doc, score) in enumerate(ranked, start=1):
            lr, ls = lex_pos.get(doc, (None, None))
            dr, ds = den_pos.get(doc, (None, None))
            if exact and doc in exact:
                ls, ds = exact[doc]
            hits.append(Hit(rank, self.index.chunks[doc], score, lr, ls, dr, ds))
        return hits
