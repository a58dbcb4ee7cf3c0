"""The trainers' records: a verdict on one citation, and a logged question with its marks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from rag.answer.types import Answer
from rag.retrieval.bank import UNNAMED

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
        return bool(self.marks) or bool(self.attachments)


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

    @property
    def reviewed(self) -> bool:
        return bool(self.marked or self.attached)


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
