"""What the verified question bank teaches retrieval, beyond its nearest-question votes.

The votes (``rag.retrieval.bank``) help a question that nearly repeats a verified one. Two
lessons carry what trainers verified over to questions that are worded differently:

- **Passage expansion**: each passage's BM25 document also holds the words of the questions
  verified for its paragraph (each distinct word once), so a trainee's word that the essay never
  uses (老百姓, 发怵, 抓手) still finds the passage a trainer confirmed for a question using it.
  The essay's own text, and what is quoted from it, is unchanged: only word search sees these.
- **Query adapter**: a linear map fitted by ridge regression from the verified questions'
  vectors towards their passages' vectors; a question's vector is moved by it
  (``q + strength · A q``, renormalised) before the dense search of hybrid retrieval. The
  embedding model stays fixed; the map learns where this corpus's questions should point.

Hybrid search uses them (``Retriever.search(taught=False)`` does not: the abstention check
looks at the passages as the essays' own words rank them). Both are re-learnt from the bank
whenever it changes (50–110 ms with the seed bank, 0.6–0.8 s with 10,000 entries: one BM25
over the passages, one solve of a dim × dim system; a running app learns them in the bank
keeper's thread while the new bank already answers with the lessons of the one before, so a
mark's own entry votes within ~0.2 s: ``Retriever.with_bank(interim=True)``), only from
positive entries whose paragraph is unchanged (the bank has already set the others aside).
Rejections still vote against their paragraph through the bank. A bank of fewer than
``min_pairs`` confirming entries teaches nothing.
Measured in docs/calibration.md ("What the bank teaches").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from rag.core.settings import Settings
from rag.retrieval.bank import QuestionBank
from rag.retrieval.chunking import Chunk
from rag.retrieval.lexical import LexicalIndex


@dataclass(frozen=True)
class LessonParams:
    """How much the bank's lessons count (defaults: ``Settings``)."""

    expand: bool = Settings.bank_expand  # passage expansion on/off
    adapter_strength: float = Settings.bank_adapter_strength  # 0 = no query adapter
    adapter_ridge: float = Settings.bank_adapter_ridge  # pulls the fitted map towards 0
    min_pairs: int = Settings.bank_lessons_from  # fewer confirming entries teach nothing


@dataclass(frozen=True)
class Lessons:
    """The lessons of one bank, for one index."""

    lexical: LexicalIndex | None = None  # passages expanded with verified questions' words
    adapter: np.ndarray | None = None  # (dim, dim), already scaled by the strength
    expanded: int = 0  # passages whose BM25 document was expanded
    fitted: int = 0  # (question, paragraph) pairs the adapter was fitted on

    @property
    def active(self) -> bool:
        """Something was learnt: hybrid search differs from the untaught one."""
        return self.lexical is not None or self.adapter is not None

    def adapt(self, vector: np.ndarray) -> np.ndarray:
        """The query vector moved by the adapter (unit length), or as it is without one."""
        if self.adapter is None:
            return vector
        moved = vector + self.adapter @ vector
        norm = float(np.linalg.norm(moved))
        return (moved / norm).astype(np.float32) if norm > 1e-9 else vector


NONE = Lessons()


def learn(
    bank: QuestionBank | None,
    chunks: Sequence[Chunk],
    passage_tokens: Sequence[Sequence[str]],
    vectors_of: Callable[[np.ndarray], np.ndarray],
    lexical: LexicalIndex,
    tokens: Callable[[str], Sequence[str]],
    params: LessonParams = LessonParams(),
) -> Lessons:
    """The lessons of ``bank`` for the passages ``chunks``.

    Args:
        passage_tokens: each passage's BM25 tokens, aligned with ``chunks``.
        vectors_of: the unit vectors of the passages at the given positions.
        lexical: the passages' word index (its tokenizer and thesaurus are kept).
        tokens: BM25 tokens of a question (memoised by the caller: a rebuild after a mark
            tokenises only the new questions).
    """
    if bank is None:
        return NONE
    pairs = [
        (i, e.question, e.paragraph_id)
        for i, e in enumerate(bank.entries)
        if e.positive and e.question.strip()
    ]
    if len(pairs) < max(params.min_pairs, 1):
        # A handful of pairs teaches a map and words that fit them and mislead the rest:
        # measured, 10–60 pairs scored below no lessons at all (docs/calibration.md).
        return NONE
    lexical_lesson, expanded = None, 0
    if params.expand:
        lexical_lesson, expanded = _expanded(pairs, chunks, passage_tokens, lexical, tokens)
    adapter, fitted = None, 0
    if params.adapter_strength > 0:
        adapter, fitted = _adapter(pairs, bank.vectors, chunks, vectors_of, params)
    return Lessons(lexical_lesson, adapter, expanded, fitted)


def _expanded(
    pairs: list[tuple[int, str, str]],
    chunks: Sequence[Chunk],
    passage_tokens: Sequence[Sequence[str]],
    lexical: LexicalIndex,
    tokens: Callable[[str], Sequence[str]],
) -> tuple[LexicalIndex | None, int]:
    """A BM25 index of the passages, each followed by the distinct words of its paragraph's
    verified questions. Distinct words, not whole questions: a paragraph verified for a
    hundred questions does not grow a hundred times longer than its text."""
    words: dict[str, set[str]] = {}
    for _, question, pid in pairs:
        words.setdefault(pid, set()).update(tokens(question))
    documents = []
    expanded = 0
    for c, own in zip(chunks, passage_tokens, strict=True):
        extra = sorted(words.get(c.paragraph_id, ()))
        expanded += bool(extra)
        documents.append([*own, *extra])
    if not expanded:
        return None, 0
    return lexical.with_documents(documents), expanded


def _adapter(
    pairs: list[tuple[int, str, str]],
    question_vectors: np.ndarray,
    chunks: Sequence[Chunk],
    vectors_of: Callable[[np.ndarray], np.ndarray],
    params: LessonParams,
) -> tuple[np.ndarray | None, int]:
    """Ridge regression of (paragraph vector − question vector) on the question vector: the
    map A with q + A q close to the paragraph's vector, penalised by ``ridge`` · ‖A‖²."""
    wanted = {pid for _, _, pid in pairs}
    rows: dict[str, list[int]] = {}
    for i, c in enumerate(chunks):
        if c.paragraph_id in wanted:
            rows.setdefault(c.paragraph_id, []).append(i)
    targets: dict[str, np.ndarray] = {}
    for pid, ix in rows.items():
        mean = vectors_of(np.asarray(ix, dtype=np.int64)).astype(np.float64).mean(axis=0)
        norm = float(np.linalg.norm(mean))
        if norm > 1e-9:
            targets[pid] = mean / norm
    usable = [(i, pid) for i, _, pid in pairs if pid in targets]
    if not usable:
        return None, 0
    x = question_vectors[[i for i, _ in usable]].astype(np.float64)
    y = np.stack([targets[pid] for _, pid in usable])
    dim = x.shape[1]
    if y.shape[1] != dim:  # vectors of another model: nothing to learn from
        return None, 0
    solved = np.linalg.solve(x.T @ x + params.adapter_ridge * np.eye(dim), x.T @ (y - x))
    return (params.adapter_strength * solved.T).astype(np.float32), len(usable)
