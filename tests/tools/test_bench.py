"""The benchmark's measuring functions, run small: they must report sane figures (the timed
full-size run is `python -m rag bench`, outside the test suite)."""

from __future__ import annotations

import numpy as np
import pytest

from rag.tools.bench import _scale_vectors, scale_dense, scale_lexical


def test_the_dense_scale_run_reports_every_index_kind():
    out = scale_dense(3000, queries=10)
    assert set(out) == {"flat", "hnsw efSearch=64", "hnsw efSearch=256"}
    for figures in out.values():
        assert figures["p50_ms"] > 0 and figures["z_scores_p50_ms"] > 0
    # Recall is measured against the exact (flat) results; a small HNSW graph is near-exact.
    assert out["hnsw efSearch=256"]["recall@1"] >= 0.9
    assert out["hnsw efSearch=64"]["build_s"] > 0


def test_embedding_like_scale_vectors_are_unit_mixtures_of_the_given_vectors():
    rng = np.random.default_rng(1)
    base = rng.standard_normal((40, 384)).astype(np.float32)
    for given, close in ((base, True), (None, False)):
        vecs = _scale_vectors(500, 384, np.random.default_rng(2), given)
        assert np.allclose(np.linalg.norm(vecs, axis=1), 1, atol=1e-4)
        # How far each vector lies outside the span of the given ones.
        q, _ = np.linalg.qr(base.T)
        residual = np.linalg.norm(vecs - (vecs @ q) @ q.T, axis=1)
        assert (residual.max() < 0.1) if close else (residual.min() > 0.8)


def test_the_lexical_scale_run_builds_and_searches_generated_chinese_text():
    out = scale_lexical(1500, queries=5)["bm25s"]
    assert out["build_s"] > 0 and out["p50_ms"] > 0 and out["with_synonyms_p50_ms"] > 0


def test_the_desk_benchmark_seeds_the_log_it_times(tmp_path, retriever):
    from rag.answer.compose import Answerer
    from rag.tools.bench_desk import desk_latency, seed_log
    from rag.trainer.store import FeedbackStore

    answerer = Answerer(retriever)
    questions = ["什么是大党委制？", "今天天气怎么样？", "社区干部平时该学些什么？"]
    cited = seed_log(tmp_path / "fb.sqlite3", answerer, questions, 250)
    store = FeedbackStore(tmp_path / "fb.sqlite3")
    page = store.log_page(size=100)
    assert (page.total, page.pages) == (250, 3) and cited >= 250 * 2 / 3  # 天气 cites nothing
    reviewed = store.questions("marked", limit=1000)
    partial = [q for q in reviewed if not q.attachments and len(q.marks) < len(q.answer.citations)]
    assert page.unreviewed == 250 - len(reviewed) + len(partial)  # the queue keeps partial ones
    assert {r.query for r in page.rows} == set(questions)
    figures = desk_latency(answerer, questions, 300)
    assert figures["questions"] == 300 and figures["概况"] > 0


@pytest.mark.slow
def test_the_library_memory_run_builds_and_loads_a_generated_library(built):
    from rag.tools.bench_library import library_memory

    figures = library_memory(built, 6)
    assert figures["essays"] == 6 and figures["rss_mb"] > 50 and figures["chunks"] > 89
