"""Reciprocal-rank fusion against hand-computed scores."""

from __future__ import annotations

import pytest

from rag.fusion import rrf


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
