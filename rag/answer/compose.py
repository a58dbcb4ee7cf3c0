"""Answer: pick the sentences that answer a question and quote them verbatim, with citations.

No text is generated: the answer is a fixed Chinese frame around exact substrings of the cited
passages, so it cannot say anything the essays do not.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np

from rag.answer.dialogue import Resolution, Turn, resolve
from rag.answer.evidence import EvidenceJudge
from rag.answer.types import Answer, Citation
from rag.core.errors import RagError
from rag.core.settings import Settings
from rag.core.textnorm import clean_input
from rag.retrieval.chunking import Chunk, paragraph_texts
from rag.retrieval.search import Hit, Retriever, prepare_query


@dataclass(frozen=True)
class AnswerParams:
    """How the answerer picks its points (defaults: ``Settings``; how they were chosen:
    docs/calibration.md).

    Attributes:
        candidate_hits: passages retrieved per question.
        candidate_paragraphs: of those, the paragraphs whose sentences may be quoted.
        min_points, max_points: how many points an answer has.
        point_margin: a further point must score within this much of the best one ...
        redundant: ... and not repeat a chosen one (cosine between the two sentences above this).
        lexical_weight: weight of the idf-weighted share of the query's words in a sentence.
        passage_prior: preference for sentences of better-ranked passages, from this much for
            the first passage down to half of it for the last.
        broad_max_words: a question of at most this many content words is broad ...
        broad_bonus: ... and prefers, by this much, sentences from essays not yet quoted.
        evidence_passages, evidence_depth: what the abstention check looks at (EvidenceJudge).
    """

    candidate_hits: int = Settings.answer_candidate_hits
    candidate_paragraphs: int = Settings.answer_candidate_paragraphs
    min_points: int = Settings.answer_min_points
    max_points: int = Settings.answer_max_points
    point_margin: float = Settings.answer_point_margin
    redundant: float = Settings.answer_redundant
    lexical_weight: float = Settings.answer_lexical_weight
    passage_prior: float = Settings.answer_passage_prior
    broad_max_words: int = Settings.answer_broad_max_words
    broad_bonus: float = Settings.answer_broad_bonus
    evidence_passages: int = Settings.answer_evidence_passages
    evidence_depth: int = Settings.answer_evidence_depth

    @classmethod
    def of(cls, settings: Settings) -> AnswerParams:
        return cls(**{f.name: getattr(settings, "answer_" + f.name) for f in fields(cls)})


@dataclass(frozen=True)
class _Sentence:
    hit: Hit
    start: int  # offsets in the chunk text
    end: int
    vector: np.ndarray
    score: float


class Answerer:
    """Answers questions from a Retriever's index. Thread-safe; build once per process."""

    def __init__(self, retriever: Retriever, params: AnswerParams | None = None) -> None:
        self.retriever = retriever
        self.params = params or AnswerParams.of(retriever.settings)
        index = retriever.index
        self.paragraphs = paragraph_texts(index.chunks)
        # Per instance, not on the class: a refresh replaces the Answerer, and a class-level
        # cache would keep every replaced one (and its index) alive through its keys.
        self._answer = functools.lru_cache(maxsize=2048)(self._answer_uncached)
        self._position = {c.id: i for i, c in enumerate(index.chunks)}
        self.judge = EvidenceJudge(
            retriever, self.params.evidence_passages, self.params.evidence_depth
        )

    # -- sentence selection -------------------------------------------------------------------

    def _sentences(self, hit: Hit, idx: int) -> list[tuple[int, int, np.ndarray]]:
        index = self.retriever.index
        rows = index.dense.sentence_rows(idx)
        if not rows:  # a one-sentence chunk is its own sentence view
            return [(0, len(hit.chunk.text), index.dense.chunks.vector(idx))]
        vectors = index.dense.sentences.vectors(np.arange(rows.start, rows.stop))
        spans = index.sentence_spans[rows.start : rows.stop]
        return [(int(a), int(b), v) for (_, a, b), v in zip(spans, vectors, strict=True)]

    def _candidates(self, query: str, hits: list[Hit], exclude: set[str]) -> list[_Sentence]:
        q = self.retriever.query_vector(query)
        words = self.retriever.index.lexical.tokenizer.words(query)
        p = self.params
        out, seen_paragraphs = [], []
        for h in hits:
            if h.chunk.id in exclude:
                continue
            if h.chunk.paragraph_id not in seen_paragraphs:
                if len(seen_paragraphs) >= p.candidate_paragraphs:
                    continue
                seen_paragraphs.append(h.chunk.paragraph_id)
            # By rank: fused scores may be z-scores, zero or negative.
            prior = p.passage_prior * (1 - (h.rank - 1) / (2 * len(hits)))
            for a, b, vec in self._sentences(h, self._position[h.chunk.id]):
                text = h.chunk.text[a:b]
                # Too short to say anything, or a lead-in to a list ("要把握好以下几点：").
                if len(text.strip("。！？；…”“ ")) < 6 or text.rstrip("”’ ").endswith(("：", ":")):
                    continue
                score = float(vec @ q) + p.lexical_weight * self.judge.coverage(words, text) + prior
                out.append(_Sentence(h, a, b, vec, score))
        return out

    def select(
        self, query: str, hits: list[Hit], exclude: set[str], broad: bool
    ) -> list[_Sentence]:
        """2–5 sentences: the best first, then others close in score that add something new
        (not a near-repeat, not the same passage span twice); a broad question prefers
        sentences from essays not yet quoted. When no other sentence comes close, the second
        point is taken from the first one's paragraph (one point if it has no other)."""
        p = self.params
        pool = sorted(self._candidates(query, hits, exclude), key=lambda s: -s.score)
        chosen: list[_Sentence] = []
        seen_spans: set[tuple[str, int]] = set()
        for _ in range(p.max_points):
            best, best_score = None, -1e9
            for s in pool:
                span = (s.hit.chunk.paragraph_id, s.hit.chunk.start + s.start)
                if span in seen_spans or any(
                    float(s.vector @ c.vector) > p.redundant for c in chosen
                ):
                    continue
                score = s.score
                if (
                    broad
                    and chosen
                    and s.hit.chunk.essay_id not in {c.hit.chunk.essay_id for c in chosen}
                ):
                    score += p.broad_bonus
                if score > best_score:
                    best, best_score = s, score
            if best is None:
                break
            if chosen and best_score < chosen[0].score - p.point_margin:
                if len(chosen) >= p.min_points:
                    break
                # Nothing else is close: the second point is the best other sentence of the
                # first point's paragraph (its context), never a weak passage from elsewhere.
                best = self._neighbour(pool, chosen[0], seen_spans, p.redundant)
                if best is None:
                    break
            chosen.append(best)
            seen_spans.add((best.hit.chunk.paragraph_id, best.hit.chunk.start + best.start))
        return chosen

    @staticmethod
    def _neighbour(
        pool: list[_Sentence], first: _Sentence, seen: set[tuple[str, int]], redundant: float
    ) -> _Sentence | None:
        pid = first.hit.chunk.paragraph_id
        same = [
            s
            for s in pool
            if s.hit.chunk.paragraph_id == pid
            and (pid, s.hit.chunk.start + s.start) not in seen
            and float(s.vector @ first.vector) <= redundant
        ]
        return max(same, key=lambda s: s.score, default=None)

    # -- the answer ---------------------------------------------------------------------------

    def ask(self, query: str, history: Sequence[Turn] = ()) -> Answer:
        """Answer ``query`` (with the conversation so far, for follow-ups).

        Answers depend only on the resolved query and what was already cited, so they are
        cached: trainees ask the same questions again and again.
        """
        q, notice = prepare_query(query, self.retriever.settings.max_query_chars)
        res: Resolution = resolve(q, history)
        return self._answer(q, res, notice)

    def reply(self, query: str, history: Sequence[Answer] = ()) -> Answer:
        """What the chat, `/ask` and `rag ask --json` give back: the answer, or, for a question
        that cannot be taken (empty …), a refusal whose text says why."""
        try:
            return self.ask(query, [a.turn() for a in history])
        except RagError as e:
            return Answer.refusal(clean_input(str(query or "")), str(e))

    def clear_cache(self) -> None:
        """Forget cached answers (for benchmarks that time the real work)."""
        self._answer.cache_clear()
        self.retriever.clear_cache()

    def _answer_uncached(self, q: str, res: Resolution, notice: str) -> Answer:
        result = self.retriever.search(res.search, k=self.params.candidate_hits)
        query = result.query  # as searched (a long follow-up may have been cut)
        notice = notice or result.notice
        hits = result.hits
        if not hits or self.judge.abstain(self.judge.evidence(query, hits)):
            return self._abstain(q, res, hits, notice)
        words = self.retriever.index.lexical.tokenizer.words(query)
        broad = len(words) <= self.params.broad_max_words
        chosen = self.select(query, hits, set(res.exclude), broad)
        if not chosen:
            return self._abstain(q, res, hits, notice)
        citations = self._citations(chosen)
        more = res.kind == "more"
        text = render_answer(res.search if more else res.understood_as, citations, more=more)
        citations = tuple(citations)
        return Answer(q, res.understood_as, False, text, citations, (), notice, res.topic)

    def _citations(self, chosen: list[_Sentence]) -> list[Citation]:
        """Number the points grouped by essay (essays in order of their best point), and within
        an essay in reading order."""
        order = []
        for s in chosen:
            if s.hit.chunk.essay_id not in order:
                order.append(s.hit.chunk.essay_id)
        chosen = sorted(
            chosen,
            key=lambda s: (
                order.index(s.hit.chunk.essay_id),
                s.hit.chunk.paragraph_number,
                s.hit.chunk.start + s.start,
            ),
        )
        out = []
        for n, s in enumerate(chosen, start=1):
            c: Chunk = s.hit.chunk
            passage = self.paragraphs[c.paragraph_id]
            start = c.start + s.start
            quote = passage[start : c.start + s.end]
            out.append(
                Citation(
                    n,
                    c.id,
                    c.essay_id,
                    c.title,
                    c.heading,
                    quote,
                    passage,
                    c.paragraph_id,
                    c.paragraph_number,
                    start,
                    start + len(quote),
                    s.hit.lexical_rank,
                    s.hit.dense_rank,
                )
            )
        return out

    def _abstain(self, q: str, res: Resolution, hits: list[Hit], notice: str) -> Answer:
        suggestions = self.suggestions(hits)
        text = f"文章中没有找到与「{res.understood_as}」直接相关的内容。"
        if suggestions:
            text += "\n您可以试着问：\n" + "\n".join(
                f"{i}. {s}" for i, s in enumerate(suggestions, 1)
            )
        suggestions = tuple(suggestions)
        return Answer(q, res.understood_as, True, text, (), suggestions, notice, res.topic)

    def suggestions(self, hits: list[Hit], n: int = 3) -> list[str]:
        """Questions the essays can answer: the nearest headings, else the essays' titles."""
        out: list[str] = []
        for h in hits:
            if h.chunk.heading_path:
                q = _heading_question(h.chunk.heading_path[-1])
                if q not in out:
                    out.append(q)
            if len(out) == n:
                return out
        for title in dict.fromkeys(c.title for c in self.retriever.chunks):
            q = _heading_question(title)
            if q not in out:
                out.append(q)
            if len(out) == n:
                break
        return out


_ENUMERATOR = re.compile(r"^([一二三四五六七八九十]+、|\d+、|（\d+）)")


def _heading_question(heading: str) -> str:
    topic = _ENUMERATOR.sub("", heading).split("——")[0].strip("，。 ")
    return f"文章中关于「{topic}」是怎么说的？"


def render_answer(topic: str, citations: Sequence[Citation], more: bool = False) -> str:
    """The answer text: a lead line, then numbered verbatim quotes grouped by essay."""
    topic = topic.rstrip("？?。.！! ")
    lines = [f"关于「{topic}」，文章中{'还' if more else ''}有以下论述："]
    essay = None
    for c in citations:
        if c.essay_id != essay:
            essay = c.essay_id
            lines += ["", f"《{c.title}》"]
        lines.append(f"{c.n}. “{c.quote}”[{c.n}]")
    return "\n".join(lines)
