"""Settings: defaults, environment overrides, loud failures."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.core.errors import SettingsError
from rag.core.settings import Settings


def test_environment_then_overrides():
    s = Settings.from_env({"RAG_CORPUS_DIR": "/tmp/c", "RAG_MAX_RAW_BYTES": "123", "HOME": "/x"})
    assert s.corpus_dir == Path("/tmp/c") and s.max_raw_bytes == 123
    assert s.essays_dir == Path("/tmp/c/essays")
    assert Settings.from_env({}, max_raw_bytes=5).max_raw_bytes == 5


def test_unknown_and_malformed_settings_raise():
    with pytest.raises(SettingsError, match="RAG_COPRUS_DIR"):
        Settings.from_env({"RAG_COPRUS_DIR": "x"})
    with pytest.raises(SettingsError, match="max_raw_bytes"):
        Settings.from_env({"RAG_MAX_RAW_BYTES": "lots"})
    with pytest.raises(SettingsError, match="nonsense"):
        Settings().replace(nonsense=1)


@pytest.mark.parametrize(
    ("variable", "value"),
    [("RAG_CHUNK_OVERLAP", "-1"), ("RAG_TOP_K", "0"), ("RAG_CANDIDATES", "0")],
)
def test_counts_below_their_floor_raise(variable, value):
    with pytest.raises(SettingsError, match=f"{variable}.*太小"):
        Settings.from_env({variable: value})


def test_the_feedback_database_follows_the_data_folder_unless_set():
    """RAG_DATA_DIR alone moves every run-time file, the feedback database too; an explicit
    RAG_FEEDBACK_DB (a file or a URL) stays where it was put."""
    moved = Settings.from_env({"RAG_DATA_DIR": "/srv/rag-data"})
    assert moved.feedback_db == "/srv/rag-data/feedback.sqlite3"
    assert moved.replace(data_dir="/elsewhere").feedback_db == "/elsewhere/feedback.sqlite3"
    url = "postgresql://rag@127.0.0.1:5432/rag"
    fixed = Settings.from_env({"RAG_DATA_DIR": "/srv/rag-data", "RAG_FEEDBACK_DB": url})
    assert fixed.feedback_db == url and fixed.replace(data_dir="/elsewhere").feedback_db == url
