"""The embedding cache: passage vectors kept across index builds, keyed by embedder view and
text hash, so editing one essay re-embeds only its chunks."""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from rag.core.errors import RagError
from rag.core.progress import Progress


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class EmbeddingCache:
    """Passage vectors keyed by (embedder view, text hash), kept across index builds.

    Stored as append-only shards ``<dir>/<embedder slug>/shard-NNNN.npz`` (keys as fixed-width
    bytes, vectors as float32; loaded with ``allow_pickle=False``). Editing one essay re-embeds
    only its chunks.
    """

    def __init__(self, directory: Path, view: str) -> None:
        slug = hashlib.sha256(view.encode()).hexdigest()[:12]
        self.dir = directory / slug
        self._vectors: dict[str, np.ndarray] = {}
        for shard in sorted(self.dir.glob("shard-*.npz")):
            try:
                with np.load(shard, allow_pickle=False) as data:
                    for k, v in zip(data["keys"], data["vectors"], strict=True):
                        self._vectors[k.decode()] = v
            except (OSError, ValueError, KeyError, zipfile.BadZipFile):
                shard.unlink(missing_ok=True)  # a torn shard is only lost work, never wrong data

    def embed(
        self,
        texts: list[str],
        encode: Callable[[list[str]], np.ndarray],
        dim: int,
        progress: Progress | None = None,
        batch: int = 16,
    ) -> tuple[np.ndarray, int]:
        """Vectors for ``texts``, computing only the missing ones with ``encode``.

        Returns (vectors, how many were computed now).
        """
        keys = [text_key(t) for t in texts]
        todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._vectors}
        missing = sorted(todo.items())
        if missing:
            parts = []
            for i in range(0, len(missing), batch):
                parts.append(encode([t for _, t in missing[i : i + batch]]))
                if progress:
                    progress(min(i + batch, len(missing)), len(missing))
            new = np.concatenate(parts)
            for (k, _), v in zip(missing, new, strict=True):
                self._vectors[k] = v
            self._write_shard([k for k, _ in missing], new)
        if not texts:
            return np.zeros((0, dim), dtype=np.float32), 0
        return np.stack([self._vectors[k] for k in keys]).astype(np.float32), len(missing)

    def _write_shard(self, keys: list[str], vectors: np.ndarray) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        # One past the highest number: counting shards would reuse a removed torn one's number
        # and overwrite a good shard.
        numbers = [int(f.stem.split("-")[1]) for f in self.dir.glob("shard-[0-9]*.npz")]
        n = max(numbers, default=-1) + 1
        tmp = self.dir / f".shard-{n:04d}.tmp.npz"
        try:
            np.savez(tmp, keys=np.array([k.encode() for k in keys], dtype="S32"), vectors=vectors)
            tmp.replace(self.dir / f"shard-{n:04d}.npz")
        except OSError as e:
            tmp.unlink(missing_ok=True)
            raise RagError(f"无法写入向量缓存 {self.dir}（{e}）。请检查磁盘空间与写权限。") from e
