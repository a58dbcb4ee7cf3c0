"""jieba, loaded once per process and dictionary (about a second and 70 MB each)."""

from __future__ import annotations

import functools
from pathlib import Path


def read_word_list(path: Path) -> list[str]:
    """The entries of a word list (user dictionary, stopwords): one per line, ``#`` comments
    and blank lines skipped."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#")]


def jieba_tokenizer(userdict: Path | None = None):
    """A jieba ``Tokenizer`` with jieba's own dictionary, plus ``userdict`` (one term per line,
    "term [freq] [tag]") when given. Shared: every caller with the same dictionary gets the
    same instance."""
    return _load(Path(userdict).resolve() if userdict is not None else None)


@functools.cache
def _load(userdict: Path | None):
    import jieba

    jieba.setLogLevel(60)
    seg = jieba.Tokenizer()
    seg.initialize()
    if userdict is not None:
        seg.load_userdict(read_word_list(userdict))
    return seg
