"""Fusion: combine retrievers' results — weighted reciprocal-rank fusion of rankings, or
weighted z-scores of scores (pure functions, no models)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

FUSIONS = ("zscore", "rrf")


def rrf(
    rankings: Mapping[str, Sequence[int]], weights: Mapping[str, float], k: float = 60.0
) -> list[tuple[int, float]]:
    """Fuse rankings: score(d) = Σ_r weight_r / (k + rank_r(d)), ranks starting at 1.

    Args:
        rankings: retriever name → document ids, best first.
        weights: retriever name → weight (a missing name counts as 1).
        k: the RRF constant; larger flattens the advantage of the top ranks.

    Returns:
        (document id, fused score), best first; ties broken by document id for determinism.
    """
    scores: dict[int, float] = {}
    for name, ranked in rankings.items():
        w = weights.get(name, 1.0)
        for rank, doc in enumerate(ranked, start=1):
            scores[doc] = scores.get(doc, 0.0) + w / (k + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def zscore(
    scores: Mapping[str, np.ndarray], weights: Mapping[str, float], reference: np.ndarray
) -> np.ndarray:
    """Fuse scores: fused(d) = Σ_r weight_r · (s_r(d) − mean_r) / std_r.

    Each retriever's scores are standardised by their mean and standard deviation over the
    ``reference`` passages (the corpus, or a fixed sample of it), so a passage far above the
    typical score in one retriever counts for much, and a retriever whose best passages barely
    stand out (a BM25 match on a common word) counts for little. RRF, by contrast, sees only
    ranks: a narrow lead and a wide one weigh the same.

    Args:
        scores: retriever name → scores of the same candidate passages, aligned.
        weights: retriever name → weight (a missing name counts as 1).
        reference: positions (into the score arrays) of the passages to standardise against.

    Returns:
        fused scores, aligned with the inputs.
    """
    fused: np.ndarray | None = None
    for name, s in scores.items():
        s = np.asarray(s, dtype=np.float64)
        ref = s[reference] if len(reference) else s
        std = float(ref.std()) if len(ref) > 1 else 0.0
        z = (s - float(ref.mean())) / std if std > 1e-12 else np.zeros_like(s)
        part = weights.get(name, 1.0) * z
        fused = part if fused is None else fused + part
    return np.zeros(0) if fused is None else fused
