"""The trainers' records: a verdict on one citation, and a logged question with its marks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from rag.answer.types import Answer

VERDICTS = {"correct": "正确", "irrelevant": "不相关", "out_of_context": "断章取义"}


class Mark(NamedTuple):
    """A trainer's verdict on one citation."""

    verdict: str  # a key of VERDICTS
    comment: str = ""
    trainer: str = ""  # the name the trainer gave, "" if none

    @property
    def summary(self) -> str:
        """``正确，备注`` (the verdict in Chinese, then the comment if any)."""
        return VERDICTS[self.verdict] + (f"，{self.comment}" if self.comment else "")

    @property
    def by(self) -> str:
        return f"培训师 {self.trainer}" if self.trainer else "培训师"


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
    missing: tuple[str, ...]  # paragraph ids a trainer attached as the right passage
    attached_by: dict[str, str] = field(default_factory=dict)  # paragraph id → trainer's name

    @property
    def reviewed(self) -> bool:
        return bool(self.marks) or bool(self.missing)
