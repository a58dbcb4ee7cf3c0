"""Dense search: L2-normalised vectors in FAISS, exact inner product or approximate HNSW."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from rag.core.errors import RagError, SettingsError

KINDS = ("flat", "hnsw")
# HNSW graph degree and search width (chosen at 100k vectors: docs/calibration.md).
HNSW_M = 32
HNSW_EF_SEARCH = 256


class DenseIndex:
    """Inner product over unit vectors (= cosine). ``flat`` is exact; ``hnsw`` trades a little
    recall for speed on large corpora (measured by `python -m rag bench`)."""

    def __init__(self, index) -> None:
        self._index = index

    @classmethod
    def build(
        cls, vectors: np.ndarray, kind: str = "flat", ef_search: int = HNSW_EF_SEARCH
    ) -> DenseIndex:
        import faiss

        if kind not in KINDS:
            raise SettingsError(f"未知的向量索引类型 {kind!r}。可选：{', '.join(KINDS)}。")
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        if kind == "flat":
            index = faiss.IndexFlatIP(dim)
        else:
            index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 80
            index.hnsw.efSearch = ef_search
        index.add(vectors)
        return cls(index)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        import faiss

        try:
            return cls(faiss.read_index(str(path)))
        except RuntimeError as e:
            raise RagError(
                f"向量索引 {path} 无法读取（{e}）。请运行 `python -m rag build --force`。"
            ) from e

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    @property
    def dim(self) -> int:
        return int(self._index.d)

    def set_ef_search(self, ef: int) -> None:
        """HNSW only: how many candidates a search explores (higher: better recall, slower)."""
        self._index.hnsw.efSearch = ef

    def vector(self, i: int) -> np.ndarray:
        """The stored (unit) vector of item ``i``."""
        return self._index.reconstruct(int(i))

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        """The stored (unit) vectors of items ``ids``, one row each."""
        ids = np.ascontiguousarray(ids, dtype=np.int64)
        if not len(ids):
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._index.reconstruct_batch(ids)

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """(passage index, cosine) of the ``k`` nearest passages, best first."""
        k = min(k, self.size)
        if k <= 0:
            return []
        scores, ids = self._index.search(
            np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k
        )
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]


class MultiViewDense:
    """Dense search over two views of each passage: the whole chunk, and its sentences.

    A chunk's score is the mean of its own cosine and its best sentence's cosine: a question
    that paraphrases one sentence of a long paragraph is found through that sentence, while the
    chunk view keeps the paragraph's overall topic in play. Both views come from FAISS, so this
    scales like a single index; a chunk missing from one view's candidates gets that view's
    lowest retrieved score (an upper bound), which keeps the ranking exact at the top.
    """

    def __init__(self, chunks: DenseIndex, sentences: DenseIndex | None, owner: np.ndarray) -> None:
        self.chunks = chunks
        self.sentences = sentences
        self.owner = owner  # sentence index → chunk index; ascending (chunk order)
        self._split = frozenset(int(o) for o in owner)  # chunks with a sentence view

    def sentence_rows(self, chunk: int) -> range:
        """The sentence-view rows of ``chunk`` (none for a one-sentence chunk)."""
        if self.sentences is None:
            return range(0)
        lo, hi = np.searchsorted(self.owner, [chunk, chunk + 1])  # owner is ascending
        return range(int(lo), int(hi))

    def scores(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """The exact score (as in ``search``) of the chunks ``ids``, aligned with them."""
        ids = np.asarray(ids, dtype=np.int64)
        own = self.chunks.vectors(ids) @ query
        if self.sentences is None or self.sentences.size == 0 or not len(ids):
            return own
        lo = np.searchsorted(self.owner, ids, side="left")
        counts = np.searchsorted(self.owner, ids, side="right") - lo
        split = counts > 0  # a one-sentence chunk is its own sentence view
        if not split.any():
            return own
        # Every sentence of the split chunks in one gather (no Python loop: the pool holds the
        # reference sample, up to thousands of chunks), then each chunk's best sentence.
        counts = counts[split]
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        sentence_ids = (
            np.repeat(lo[split], counts) + np.arange(counts.sum()) - np.repeat(starts, counts)
        )
        sims = self.sentences.vectors(sentence_ids) @ query
        best = own.copy()
        best[split] = np.maximum.reduceat(sims, starts)
        return (own + best) / 2

    def search(self, query: np.ndarray, n: int) -> list[tuple[int, float]]:
        by_chunk = self.chunks.search(query, n)
        if self.sentences is None or self.sentences.size == 0:
            return by_chunk
        by_sentence = self.sentences.search(query, 3 * n)
        best: dict[int, float] = {}
        for i, score in by_sentence:
            o = int(self.owner[i])
            best[o] = max(best.get(o, -1.0), score)
        own = dict(by_chunk)
        c_floor = by_chunk[-1][1] if by_chunk else 0.0
        s_floor = by_sentence[-1][1] if by_sentence else 0.0
        scored = []
        for d in set(own) | set(best):
            chunk_score = own.get(d, c_floor)
            # A one-sentence chunk is its own sentence view.
            sentence_score = best.get(d, s_floor) if d in self._split else chunk_score
            scored.append((d, (chunk_score + sentence_score) / 2))
        scored.sort(key=lambda item: (-item[1], item[0]))
        return scored[:n]
