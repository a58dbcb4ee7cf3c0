"""The trainers' records: a verdict on one citation, and a logged question with its marks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

from rag.answer.types import Answer
from rag.retrieval.bank import UNNAMED, paragraph_hash

VERDICTS = {"correct": "正确", "irrelevant": "不相关", "out_of_context": "断章取义"}


class Mark(NamedTuple):
    """A trainer's verdict on one citation."""

    verdict: str  # a key of VERDICTS
    comment: str = ""
    trainer: str = ""  # the name the trainer gave, "" if none
    marked_at: str = ""

    @property
    def summary(self) -> str:
        """``正确，备注`` (the verdict in Chinese, then the comment if any)."""
        return VERDICTS[self.verdict] + (f"，{self.comment}" if self.comment else "")

    @property
    def by(self) -> str:
        return f"培训师 {self.trainer}" if self.trainer else UNNAMED


class Attachment(NamedTuple):
    """A paragraph a trainer attached as the one the answer should have cited."""

    paragraph_id: str
    trainer: str = ""
    marked_at: str = ""
    paragraph_hash: str = ""  # of its text when attached ("" for old records)


@dataclass(frozen=True)
class Review:
    """A logged question's citations and attachments against the essays as they are now."""

    open: tuple[int, ...]  # citations still to judge
    stale: tuple[int, ...]  # judged citations whose paragraph changed or was retired since
    stale_attached: tuple[str, ...]  # attached paragraphs changed or retired since
    unjudgeable: tuple[int, ...]  # not judged, and their paragraph changed: cannot be any more


@dataclass(frozen=True)
class LoggedQuestion:
    """One question in the trainer's log, with its answer and the marks it has received."""

    id: int
    conversation_id: str
    asked_at: str
    query: str
    understood_as: str
    abstained: bool
    answer: Answer
    rating: int | None
    marks: dict[int, Mark]  # citation n → the trainer's verdict
    attachments: tuple[Attachment, ...] = ()  # paragraphs a trainer attached as the right ones
    bank_used: bool = False  # the verified question bank supported the answer

    @property
    def missing(self) -> tuple[str, ...]:
        """Paragraph ids a trainer attached as the right passage, oldest first."""
        return tuple(a.paragraph_id for a in self.attachments)

    @property
    def attached_by(self) -> dict[str, str]:
        """Paragraph id → the name of the trainer who attached it (when one was given)."""
        return {a.paragraph_id: a.trainer for a in self.attachments if a.trainer}

    @property
    def reviewed(self) -> bool:
        """A trainer has marked a citation or attached a passage (see ``review`` for whether
        that still holds for the essays as they are now)."""
        return bool(self.marks) or bool(self.attachments)

    def review(self, current: Mapping[str, str]) -> Review:
        """Where this question stands against the paragraphs answered from now (``current``:
        paragraph id → hash of its text)."""
        stale, open_, gone = [], [], []
        for c in self.answer.citations:
            same = current.get(c.paragraph_id) == paragraph_hash(c.passage)
            if c.n in self.marks:
                if not same:
                    stale.append(c.n)
            elif same:
                open_.append(c.n)
            else:
                gone.append(c.n)
        attached = [
            a.paragraph_id
            for a in self.attachments
            if a.paragraph_id not in current
            or (a.paragraph_hash and current[a.paragraph_id] != a.paragraph_hash)
        ]
        return Review(tuple(open_), tuple(stale), tuple(attached), tuple(gone))


@dataclass(frozen=True)
class LogRow:
    """One line of the trainer's log: a question and its state, without its answer."""

    id: int
    asked_at: str
    query: str
    understood_as: str
    abstained: bool
    rating: int | None
    cited: int  # citations of its answer
    marked: int  # ... of which a trainer has judged
    attached: int  # paragraphs a trainer attached as the right ones
    open: int = 0  # citations still to judge (not judged, their paragraph as cited)
    stale: int = 0  # marks and attachments set aside: their paragraph changed or was retired

    @property
    def state(self) -> str:
        """``stale`` (a mark to re-check), ``todo`` (nothing judged), ``partial`` (citations
        still to judge) or ``done``: only ``done`` leaves the review queue."""
        if self.stale:
            return "stale"
        if not (self.marked or self.attached):
            return "todo"
        return "partial" if self.open else "done"


@dataclass(frozen=True)
class StaleQuestion:
    """A question whose marks or attachments were set aside: the paragraphs they point to
    changed or were retired since, so it is back in the review queue."""

    id: int
    query: str
    understood_as: str
    paragraph_ids: tuple[str, ...]  # the paragraphs concerned
    trainers: tuple[str, ...]  # who judged them ("" when no name was given)


@dataclass(frozen=True)
class LogPage:
    """A page of the log under a filter: its rows, and where it stands."""

    rows: tuple[LogRow, ...]
    total: int  # questions matching the filter
    page: int  # 1-based
    size: int
    unreviewed: int  # questions not yet reviewed, whatever the filter

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))
