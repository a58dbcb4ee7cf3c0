"""Signed tokens: readable by the browser that keeps them, never forgeable by it."""

from __future__ import annotations

import json
import os

import pytest

from rag.core.errors import SettingsError
from rag.core.signing import Signer, _b64, load_secret


def test_a_token_round_trips_and_expires():
    signer = Signer("k" * 32, "conversation")
    token = signer.sign({"c": "abc", "q": [1, 2]}, now=1000)
    assert signer.verify(token, 60, now=1030) == {"c": "abc", "q": [1, 2]}
    assert signer.verify(token, 60, now=1100) is None  # too old
    assert signer.verify(token, 60, now=900) is None  # from the future


def test_an_edited_or_foreign_token_is_refused():
    signer = Signer("k" * 32, "conversation")
    token = signer.sign({"c": "abc", "q": [1, 2]})
    _, mac = token.split(".")
    forged = _b64(json.dumps({"t": 0, "p": {"c": "abc", "q": [99]}}).encode())
    assert signer.verify(f"{forged}.{mac}", 60) is None
    assert Signer("other" * 8, "conversation").verify(token, 60) is None
    assert Signer("k" * 32, "login").verify(token, 60) is None  # one key per purpose
    for junk in ("", "abc", "a.b", None, "..."):
        assert signer.verify(junk, 60) is None


def test_the_secret_is_kept_owner_only_and_reused(tmp_path):
    first = load_secret("", tmp_path / "data")
    assert load_secret("", tmp_path / "data") == first and len(first) >= 32
    assert os.stat(tmp_path / "data" / "secret.key").st_mode & 0o777 == 0o600
    assert load_secret("x" * 20, tmp_path / "data") == "x" * 20
    with pytest.raises(SettingsError, match="RAG_SECRET_KEY"):
        load_secret("short", tmp_path)
