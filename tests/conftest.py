"""Shared fixtures: the real seed page, and settings pointing at a private temporary corpus."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import pytest

from rag.core.settings import PROJECT_ROOT, Settings

RAW_PAGE = PROJECT_ROOT / "corpus" / "raw" / "000_ef654afdf7dfc768.txt"


@pytest.fixture(scope="session")
def raw_lines() -> list[str]:
    """The seed page's lines; index i is raw line i + 1."""
    return RAW_PAGE.read_text(encoding="utf-8").split("\n")


@pytest.fixture
def tmp_settings(tmp_path: Path) -> Settings:
    """Settings whose corpus is a copy of the project's raw page in a private folder."""
    (tmp_path / "corpus" / "raw").mkdir(parents=True)
    shutil.copy(RAW_PAGE, tmp_path / "corpus" / "raw" / RAW_PAGE.name)
    return Settings(corpus_dir=tmp_path / "corpus")


@pytest.fixture(scope="session")
def ingested(tmp_path_factory: pytest.TempPathFactory):
    """The seed page ingested once into a private folder: (IngestResult, Settings)."""
    from rag.ingest.pipeline import ingest, write_corpus

    root = tmp_path_factory.mktemp("ingested")
    (root / "raw").mkdir()
    shutil.copy(RAW_PAGE, root / "raw" / RAW_PAGE.name)
    settings = Settings(corpus_dir=root)
    result = ingest(root / "raw" / RAW_PAGE.name, settings)
    write_corpus(result, settings)
    return result, settings


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose index (over the committed essays) is built once into a private folder."""
    from rag.retrieval import index_store

    settings = Settings(index_dir=tmp_path_factory.mktemp("index"))
    index_store.build(settings)
    return settings


@pytest.fixture(scope="session")
def retriever(built: Settings):
    from rag.retrieval.search import Retriever

    return Retriever.open(built.replace(auto_rebuild=False))


@pytest.fixture(scope="session")
def postgres():
    """A private PostgreSQL server (loopback, temporary data folder) for the whole session,
    stopped at its end. PostgreSQL is installed by `make test` (apt) where it is missing."""
    from rag.tools.pgserver import PrivatePostgres

    server = PrivatePostgres().start()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def feedback_db(request, tmp_path):
    """Where a test's feedback store lives: an SQLite file, or a fresh database on the private
    PostgreSQL server (dropped afterwards, its connections with it)."""
    with database(request, request.param, tmp_path) as where:
        yield where


@contextlib.contextmanager
def database(request, kind: str, tmp_path: Path):
    """An SQLite file path, or a fresh database on the session's PostgreSQL server (dropped
    on leaving, its connections with it)."""
    if kind == "sqlite":
        yield tmp_path / "fb.sqlite3"
        return
    import psycopg

    server = request.getfixturevalue("postgres")
    url = server.create_database()
    try:
        yield url
    finally:
        with psycopg.connect(server.url(), autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')
