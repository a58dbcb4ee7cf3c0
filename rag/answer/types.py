"""What the answerer returns: an answer and its citations. Each has one ``to_json`` and one
``from_json``: the JSON of `rag ask --json` and `/ask`, the feedback log, and the browser's
copy of a conversation are all this one form."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from rag.answer.dialogue import Turn
from rag.corpus.types import where_label
from rag.retrieval.search import why_label


def by_paragraph(citations: Sequence[Citation]) -> list[list[Citation]]:
    """The citations grouped by the paragraph they quote, in order of their first point (one
    source card, or one source line, per paragraph)."""
    groups: dict[str, list[Citation]] = {}
    for c in citations:
        groups.setdefault(c.paragraph_id, []).append(c)
    return list(groups.values())


def refs(group: Sequence[Citation]) -> str:
    """``[1][3]``: the points one card stands for."""
    return "".join(f"[{c.n}]" for c in group)


@dataclass(frozen=True)
class Citation:
    """A quoted sentence and where it stands: the passage (whole paragraph) it is cut from."""

    n: int
    chunk_id: str
    essay_id: str
    title: str
    heading: str
    quote: str
    passage: str
    paragraph_id: str
    paragraph_number: int
    start: int  # the quote is passage[start:end]
    end: int
    lexical_rank: int | None = None
    dense_rank: int | None = None
    verified: str = ""  # who verified this point for this question (培训师 王老师 · 日期 / 题库)
    bank: str = ""  # why the bank supported its passage (与已核对问题「…」相近（…）), if it did
    pages: tuple[int, ...] = ()  # pages of the uploaded PDF the passage came from
    followed: bool = False  # found by following the conversation, not by search (see Hit)

    @property
    def where(self) -> str:
        """``《标题》 › 小标题 › 第k段``, and ``（原文第 3 页）`` for a paragraph from a PDF."""
        where = where_label(self.title, [self.heading], self.paragraph_number)
        pages = "、".join(str(p) for p in self.pages)
        return f"{where}（原文第 {pages} 页）" if pages else where

    @property
    def label(self) -> str:
        """``[n] 《标题》 › 小标题 › 第k段``"""
        return f"[{self.n}] {self.where}"

    @property
    def point(self) -> str:
        """The answer's line for this point: ``n. “quote”[n]``; a quote that is itself one
        whole quotation (“…”) keeps its own marks instead of getting a second pair, and one
        holding a quotation mark is set in 「」 (never ``““脸是自己的…”，…”``)."""
        q = self.quote
        whole = q.startswith("“") and q.endswith("”") and "“" not in q[1:-1]
        if whole:
            return f"{self.n}. {q}[{self.n}]"
        # (a quote ending a quotation it opens inside, …力有不逮。”张希贤说。, holds a mark too)
        marked = "“" in q or "”" in q
        return f"{self.n}. {f'「{q}」' if marked else f'“{q}”'}[{self.n}]"

    @property
    def why(self) -> str:
        if self.followed and not (self.lexical_rank or self.dense_rank):
            return FOLLOWED
        label = why_label(self.lexical_rank, self.dense_rank)
        return f"{label}，{self.bank}" if self.bank else label

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Citation:
        known = {f.name for f in fields(cls)}
        args = {k: v for k, v in d.items() if k in known}
        if "pages" in args:
            args["pages"] = tuple(args["pages"])
        return cls(**args)


FOLLOWED = (
    "定位：按原文位置找到（接着前面引用的段落、列表或最相关的段落往下读，或找问题里的原话），"
    "不是检索排名"
)
# What a refusal says when the best of the essays was quoted earlier in the conversation: the
# question was answered (above), so a follow-up may lean on it.
POINTED_BACK = "最相关的论述前面的回答已经引用过，请看上文"


@dataclass(frozen=True)
class Answer:
    query: str
    understood_as: str
    abstained: bool
    text: str
    citations: tuple[Citation, ...] = ()
    suggestions: tuple[str, ...] = ()
    notice: str = ""
    topic: str = ""  # what a follow-up to this answer leans on (see rag/answer/dialogue.py)
    error: str = ""  # why the question could not be taken (empty …); the text says it too
    anchor: str = ""  # a topic the trainee switched to (那消防呢？ → 消防): follow-ups keep it
    verified: str = ""  # a trainer verified this question: who and when (its points come first)
    # an answer pointing back to earlier quotes: those (paragraph id, start, end)
    pointed: tuple[tuple[str, int, int], ...] = ()

    def noted(self, note: str, **changes: Any) -> Answer:
        """This answer with ``note`` on a line before it (once: an answer that opens with it
        already keeps its text), and any other ``changes``."""
        if not self.text.startswith(note):
            changes["text"] = f"{note}\n{self.text}"
        return replace(self, **changes)

    @property
    def unanswered(self) -> bool:
        """Refused, not answered by pointing back to what the conversation quoted already
        (which answers it: the overview's 回避率 and the log's 回避 count only these)."""
        return self.abstained and not self.pointed and POINTED_BACK not in self.text

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "query": self.query,
            "abstained": self.abstained,
            "answer": self.text,
            "understood_as": self.understood_as,
            "citations": [c.to_json() for c in self.citations],
            "suggestions": list(self.suggestions),
            "topic": self.topic,
            "anchor": self.anchor,
            "verified": self.verified,
        }
        if self.notice:
            out["notice"] = self.notice
        if self.error:
            out["error"] = self.error
        if self.pointed:
            out["pointed"] = [list(span) for span in self.pointed]
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Answer:
        return cls(
            query=d["query"],
            understood_as=d.get("understood_as", ""),
            abstained=bool(d.get("abstained", False)),
            text=d.get("answer", ""),
            citations=tuple(Citation.from_json(c) for c in d.get("citations", ())),
            suggestions=tuple(d.get("suggestions", ())),
            notice=d.get("notice", ""),
            topic=d.get("topic", ""),
            error=d.get("error", ""),
            anchor=d.get("anchor", ""),
            verified=d.get("verified", ""),
            pointed=tuple((str(p), int(a), int(b)) for p, a, b in d.get("pointed", ())),
        )

    def source_lines(self) -> list[str]:
        """The sources as plain text, one line per paragraph with the [n] of every point from
        it (as the chat shows one card per paragraph): ``[1][3] 《标题》 › 小标题 › 第k段（id；
        why the first was found）``."""
        lines = []
        for cs in by_paragraph(self.citations):
            chunks = "、".join(dict.fromkeys(c.chunk_id for c in cs))
            lines.append(f"{refs(cs)} {cs[0].where}（{chunks}；{cs[0].why}）")
        return lines

    def turn(self) -> Turn:
        """What a conversation remembers of this answer."""
        quoted = tuple((c.paragraph_id, c.start, c.end) for c in self.citations)
        return Turn(
            self.query,
            self.understood_as,
            quoted,
            self.topic,
            not self.unanswered,  # its answer is above (pointed back to, quoted whole): a topic
            self.anchor,
            self.pointed,
        )

    @classmethod
    def refusal(cls, query: str, error: str) -> Answer:
        """A question that could not be taken (empty …): an abstention whose text is the reason.
        Used by `rag ask --json` and `/ask` alike."""
        return cls(query, "", True, error, error=error)
