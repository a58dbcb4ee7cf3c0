"""Chunking: where chunk boundaries fall — sentence-aware, never across a paragraph or section."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from rag.core.settings import Settings
from rag.corpus.types import Essay, Paragraph

# A sentence ends at 。！？；… (and ! ? ; for text that kept half-width marks), together with any
# closing quotes or brackets right after it: “……。” stays one sentence.
_SENTENCE_END = re.compile(r"[。！？；…!?;]+[”’」』）)]*")


@dataclass(frozen=True)
class ChunkParams:
    """Chunk size in characters and overlap in sentences (defaults: ``Settings``; how they were
    chosen: docs/calibration.md).

    A paragraph no longer than ``max_chars`` is one chunk. A longer one is cut at sentence
    boundaries into windows of at most ``max_chars`` (a single longer sentence stands alone),
    each window repeating the last ``overlap`` sentences of the one before.
    """

    max_chars: int = Settings.chunk_max_chars
    overlap: int = Settings.chunk_overlap

    @classmethod
    def of(cls, settings: Settings) -> ChunkParams:
        return cls(settings.chunk_max_chars, settings.chunk_overlap)


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage: a span of one paragraph, with everything a citation needs."""

    id: str  # "<paragraph id>-c<k>"; the same corpus and params give the same ids
    essay_id: str
    title: str
    heading_path: tuple[str, ...]
    paragraph_id: str
    paragraph_number: int
    start: int  # character offsets into the paragraph text
    end: int
    text: str
    lines: tuple[int, ...] = ()  # raw-file lines of the paragraph (empty without provenance)

    @property
    def heading(self) -> str:
        return " › ".join(self.heading_path)

    def context(self) -> str:
        """Title and headings before the text: what the retrievers index (display uses text)."""
        return "\n".join([f"《{self.title}》", *self.heading_path, self.text])

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["heading_path"], d["lines"] = list(self.heading_path), list(self.lines)
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Chunk:
        return cls(**{**d, "heading_path": tuple(d["heading_path"]), "lines": tuple(d["lines"])})


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) covering ``text`` completely, in order."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _windows(sentences: list[tuple[int, int]], params: ChunkParams) -> list[tuple[int, int]]:
    """Group consecutive sentences into windows of at most max_chars, with sentence overlap."""
    windows, i = [], 0
    while i < len(sentences):
        j = i + 1
        while j < len(sentences) and sentences[j][1] - sentences[i][0] <= params.max_chars:
            j += 1
        windows.append((sentences[i][0], sentences[j - 1][1]))
        if j >= len(sentences):
            break
        i = max(j - params.overlap, i + 1)
    return windows


def chunk_paragraph(essay: Essay, p: Paragraph, params: ChunkParams) -> list[Chunk]:
    if len(p.text) <= params.max_chars:
        spans = [(0, len(p.text))]
    else:
        spans = _windows(split_sentences(p.text), params)
    return [
        Chunk(
            f"{p.id}-c{k}",
            essay.id,
            essay.display_title,
            p.heading_path,
            p.id,
            p.number,
            a,
            b,
            p.text[a:b],
            p.lines,
        )
        for k, (a, b) in enumerate(spans, start=1)
    ]


def chunk_essays(essays: list[Essay], params: ChunkParams) -> list[Chunk]:
    """All chunks of the corpus in reading order."""
    return [c for e in essays for p in e.paragraphs for c in chunk_paragraph(e, p, params)]


def paragraph_texts(chunks: list[Chunk]) -> dict[str, str]:
    """Reassemble every paragraph from its (possibly overlapping) chunks using their offsets."""
    parts: dict[str, dict[int, str]] = {}
    for c in chunks:
        chars = parts.setdefault(c.paragraph_id, {})
        for i, ch in enumerate(c.text):
            chars[c.start + i] = ch
    return {pid: "".join(chars[i] for i in sorted(chars)) for pid, chars in parts.items()}
