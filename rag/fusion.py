"""Fusion: weighted reciprocal-rank fusion of ranked lists (pure functions, no models)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


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
