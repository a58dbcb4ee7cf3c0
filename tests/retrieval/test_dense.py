"""FAISS search against a numpy oracle; HNSW recall; save/load; the multi-view score."""

from __future__ import annotations

import numpy as np
import pytest

from rag.core.errors import SettingsError
from rag.retrieval.dense import DenseIndex, MultiViewDense


def _unit(n: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_flat_search_equals_numpy_inner_product():
    vecs, queries = _unit(500), _unit(20, seed=1)
    index = DenseIndex.build(vecs, "flat")
    for q in queries:
        got = index.search(q, 10)
        scores = vecs @ q
        want = np.argsort(-scores)[:10]
        assert [i for i, _ in got] == list(want)
        assert [s for _, s in got] == pytest.approx(list(scores[want]), abs=1e-5)


def test_hnsw_recall_and_round_trip(tmp_path):
    vecs, queries = _unit(3000), _unit(30, seed=2)
    flat, hnsw = DenseIndex.build(vecs, "flat"), DenseIndex.build(vecs, "hnsw")
    recall = np.mean(
        [
            len({i for i, _ in flat.search(q, 10)} & {i for i, _ in hnsw.search(q, 10)}) / 10
            for q in queries
        ]
    )
    assert recall > 0.9
    hnsw.save(tmp_path / "h.faiss")
    again = DenseIndex.load(tmp_path / "h.faiss")
    assert [again.search(q, 5) for q in queries[:5]] == [hnsw.search(q, 5) for q in queries[:5]]
    with pytest.raises(SettingsError, match="ivf"):
        DenseIndex.build(vecs, "ivf")


def test_k_larger_than_the_index_and_empty_index():
    index = DenseIndex.build(_unit(3), "flat")
    assert len(index.search(_unit(1)[0], 10)) == 3
    empty = DenseIndex.build(np.zeros((0, 32), dtype=np.float32), "flat")
    assert empty.search(_unit(1)[0], 5) == []


def test_multi_view_finds_a_chunk_through_its_best_sentence():
    dim = 4
    e = np.eye(dim, dtype=np.float32)
    chunks = np.stack([e[0], (e[1] + e[2]) / np.sqrt(2)])  # chunk 1 is about two things
    sentences = np.stack([e[1], e[2]])  # ... said in two sentences
    view = MultiViewDense(DenseIndex.build(chunks), DenseIndex.build(sentences), np.array([1, 1]))
    q = e[2]
    ranked = view.search(q, 2)
    assert ranked[0][0] == 1
    assert ranked[0][1] == pytest.approx((1 / np.sqrt(2) + 1.0) / 2)
    # Chunk 0 has no sentence view: its own score stands in for it.
    assert dict(view.search(e[0], 2))[0] == pytest.approx(1.0)


def test_multi_view_scores_of_given_chunks_equal_the_search_scores():
    chunks, sentences = _unit(40, seed=3), _unit(90, seed=4)
    owner = np.sort(np.random.default_rng(5).choice(np.arange(0, 40, 2), 90))  # even chunks split
    view = MultiViewDense(DenseIndex.build(chunks), DenseIndex.build(sentences), owner)
    q = _unit(1, seed=6)[0]
    ranked = view.search(q, 40)
    ids = np.array([d for d, _ in ranked])
    assert view.scores(q, ids) == pytest.approx([s for _, s in ranked], abs=1e-5)
    lone = [i for i in range(40) if i not in set(owner)]  # one-sentence chunks: chunk score only
    assert view.scores(q, np.array(lone)) == pytest.approx(chunks[lone] @ q, abs=1e-5)
    assert view.scores(q, np.array([], dtype=np.int64)).size == 0


def test_the_sentence_rows_of_a_chunk_are_those_it_owns():
    owner = np.array([0, 0, 2, 2, 2, 5])
    view = MultiViewDense(DenseIndex.build(_unit(6)), DenseIndex.build(_unit(6, seed=1)), owner)
    for chunk in range(6):
        assert list(view.sentence_rows(chunk)) == list(np.nonzero(owner == chunk)[0])
