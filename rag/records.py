"""Typed records that flow between stages: repairs, paragraphs, essays, citations, answers,
and the feedback log's questions and marks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple

from rag.dialogue import Turn

# Kinds of clean-up that ingest performs, with the Chinese label used in reports and the UI.
REPAIR_KINDS: dict[str, str] = {
    "spam": "SEO 垃圾行",
    "html": "HTML 标签与 </p> 残片",
    "chrome": "网站框架（上传信息、简介、下载提示、版权声明）",
    "teaser": "“相关范文推荐”中截断的其他文章",
    "teaser_title": "推荐文章的标题",
    "title": "重复的标题与标题中的多余字样",
    "meta": "作者、单位、日期、题型等元数据行",
    "pinyin": "拼音注音",
    "mojibake": "编码错位（GBK 字节错位）",
    "lost_punct": "丢失的标点（成对的 ? 还原为引号）",
    "merge": "被错误断开的段落",
    "t2s": "繁体转简体（字数）",
    "zhe": "“著”改回助词“着”",
    "punct": "半角标点改为全角",
}


def where_label(title: str, headings: Sequence[str], number: int | str) -> str:
    """``《标题》 › 小标题 › 第k段``: how a passage is named wherever it is shown."""
    return " › ".join([f"《{title}》", *[h for h in headings if h], f"第{number}段"])


def why_label(lexical_rank: int | None, dense_rank: int | None) -> str:
    """Why a passage was chosen: its rank in each retriever."""
    return "，".join(
        [
            f"词法检索第{lexical_rank}" if lexical_rank else "词法检索未命中",
            f"语义检索第{dense_rank}" if dense_rank else "语义检索未命中",
        ]
    )


@dataclass(frozen=True)
class Repair:
    """One change ingest made to the raw page, with the raw line it was made on."""

    kind: str
    line: int
    before: str
    after: str
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Repair:
        return cls(d["kind"], int(d["line"]), d["before"], d["after"], d.get("note", ""))


def repair_counts(repairs: Iterable[Repair]) -> Counter[str]:
    """Repairs per kind; ``t2s`` counts characters (it records one repair per line)."""
    c: Counter[str] = Counter()
    for r in repairs:
        c[r.kind] += len(r.before) if r.kind == "t2s" else 1
    return c


@dataclass(frozen=True)
class Block:
    """A heading or paragraph of an essay as ingest produces it, before ids are assigned."""

    text: str
    lines: tuple[int, ...]  # raw-file line numbers (1-based); empty when unknown
    level: int = 0  # 0 for a paragraph, 2.. for a heading (the title is level 1)
    repairs: tuple[Repair, ...] = ()

    @property
    def is_heading(self) -> bool:
        return self.level > 0


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of an essay: the unit of provenance and of citation."""

    id: str  # "<essay id>-p<number>", stable for the same essay text
    essay_id: str
    number: int  # 1-based position in the essay (第k段)
    text: str
    heading_path: tuple[str, ...] = ()
    lines: tuple[int, ...] = ()  # raw-file lines it came from; empty without provenance
    repairs: tuple[Repair, ...] = ()


@dataclass(frozen=True)
class Essay:
    """One essay of the corpus: front-matter fields plus its paragraphs in order."""

    id: str
    title: str
    paragraphs: tuple[Paragraph, ...]
    meta: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    path: str = ""  # file it was loaded from, relative to the corpus folder
    raw_file: str = ""  # raw page it was ingested from; empty for hand-added essays

    @property
    def display_title(self) -> str:
        """Title plus subtitle (e4 and e5 share the title 如何做好群众工作)."""
        sub = str(self.meta.get("subtitle", "") or "").strip()
        return f"{self.title}——{sub}" if sub else self.title

    @property
    def headings(self) -> list[tuple[int, str]]:
        """(level, text) of each heading in reading order, derived from the paragraphs' paths."""
        return [h for opened, _ in self.in_reading_order() for h in opened]

    def in_reading_order(self) -> Iterator[tuple[list[tuple[int, str]], Paragraph]]:
        """Each paragraph with the headings (level, text) that open just before it; the title
        is level 1, so top-level headings are level 2."""
        prev: tuple[str, ...] = ()
        for p in self.paragraphs:
            common = 0
            while common < min(len(prev), len(p.heading_path)) and (
                prev[common] == p.heading_path[common]
            ):
                common += 1
            yield [(i + 2, h) for i, h in enumerate(p.heading_path) if i >= common], p
            prev = p.heading_path


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

    @property
    def label(self) -> str:
        """``[n] 《标题》 › 小标题 › 第k段``"""
        return f"[{self.n}] " + where_label(self.title, [self.heading], self.paragraph_number)

    @property
    def why(self) -> str:
        return why_label(self.lexical_rank, self.dense_rank)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Evidence:
    """What the abstention decision looks at (see ``EvidenceJudge.abstain`` in rag/evidence.py)."""

    coverage: float  # idf-weighted share of the query's words found in the top passages
    dense: float  # cosine of the best passage
    has_wanted: bool = True  # no date, span or amount asked for, or a top passage has one


@dataclass(frozen=True)
class Answer:
    query: str
    understood_as: str
    abstained: bool
    text: str
    citations: tuple[Citation, ...] = ()
    suggestions: tuple[str, ...] = ()
    notice: str = ""
    topic: str = ""  # what a follow-up to this answer leans on (see rag/dialogue.py)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "query": self.query,
            "abstained": self.abstained,
            "answer": self.text,
            "understood_as": self.understood_as,
            "citations": [c.to_json() for c in self.citations],
            "suggestions": list(self.suggestions),
            "topic": self.topic,
        }
        if self.notice:
            out["notice"] = self.notice
        return out

    def turn(self) -> Turn:
        cited = tuple(c.chunk_id for c in self.citations)
        return Turn(self.query, self.understood_as, cited, self.topic)

    @staticmethod
    def refusal_json(query: str, error: str) -> dict[str, Any]:
        """The JSON for a question that could not be taken (empty …): an abstention whose
        answer is the reason, plus ``error``. Used by `rag ask --json` and `/ask` alike."""
        return {**Answer(query, "", True, error).to_json(), "error": error}


# -- the feedback log (rag/feedback.py) ---------------------------------------------------------

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
    answer: dict[str, Any]
    rating: int | None
    marks: dict[int, Mark]  # citation n → the trainer's verdict
    missing: tuple[str, ...]  # paragraph ids a trainer attached as the right passage
    attached_by: dict[str, str] = field(default_factory=dict)  # paragraph id → trainer's name

    @property
    def reviewed(self) -> bool:
        return bool(self.marks) or bool(self.missing)
