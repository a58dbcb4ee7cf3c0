"""JSON as the project writes it, and atomic writes."""

from __future__ import annotations

import json

import pytest

from rag.core.jsonio import dump_json, write_atomic


def test_json_keeps_chinese_readable():
    text = dump_json({"标题": "群众工作"})
    assert "群众工作" in text and text.endswith("\n") and json.loads(text) == {"标题": "群众工作"}


def test_an_atomic_write_replaces_the_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "manifest.json"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_a_failed_atomic_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "manifest.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "\ud800")  # a lone surrogate cannot be written
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]
