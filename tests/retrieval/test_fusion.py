"""Fusion against hand-computed scores: reciprocal-rank fusion and z-score fusion."""

from __future__ import annotations

import numpy as np
import pytest

from rag.retrieval.fusion import rrf, zscore


def test_rrf_matches_hand_computation():
    fused = dict(rrf({"lex": [7, 3, 5], "dense": [3, 9]}, {}, k=60))
    assert fused[3] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[7] == pytest.approx(1 / 61)
    assert fused[9] == pytest.approx(1 / 62)
    assert fused[5] == pytest.approx(1 / 63)
    assert [d for d, _ in rrf({"lex": [7, 3, 5], "dense": [3, 9]}, {}, k=60)] == [3, 7, 9, 5]


def test_weights_and_deterministic_ties():
    fused = rrf({"a": [1, 2], "b": [2, 1]}, {"a": 2.0, "b": 1.0}, k=1)
    assert fused[0][0] == 1 and fused[0][1] == pytest.approx(2 / 2 + 1 / 3)
    tie = rrf({"a": [4], "b": [2]}, {}, k=60)
    assert [d for d, _ in tie] == [2, 4]  # equal scores: lower id first
    assert rrf({}, {}) == []


def test_zscore_standardises_each_retriever_against_the_reference():
    lex = np.array([3.0, 0.0, 0.0, 1.0])
    den = np.array([0.80, 0.82, 0.79, 0.81])
    everything = np.arange(4)
    fused = zscore({"lexical": lex, "dense": den}, {"lexical": 0.5}, everything)
    z = lambda v: (v - v.mean()) / v.std()  # noqa: E731
    assert fused == pytest.approx(0.5 * z(lex) + z(den))
    # Standardised against positions 0..2 only, position 3 is scored on that scale too.
    part = zscore({"dense": den}, {}, np.array([0, 1, 2]))
    ref = den[:3]
    assert part[3] == pytest.approx((den[3] - ref.mean()) / ref.std())


def test_zscore_ignores_a_retriever_with_no_spread():
    flat = np.zeros(3)
    den = np.array([0.1, 0.5, 0.3])
    fused = zscore({"lexical": flat, "dense": den}, {}, np.arange(3))
    assert list(np.argsort(-fused)) == [1, 2, 0]
    assert zscore({}, {}, np.arange(0)).size == 0
