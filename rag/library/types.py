"""The essay library's records: what a reader extracts from an uploaded file, the draft a
trainer previews, and a library version in the history."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rag.corpus.types import Essay, Repair

# What an essay file's front matter may say of the essay that an upload keeps (not its id, its
# source or its title, which the library and the preview decide)
ESSAY_META = ("author", "affiliation", "post", "date", "kind", "status", "question")

# Formats recognised by content, with the label a trainer reads.
FORMATS: dict[str, str] = {
    "text": "纯文本",
    "markdown": "Markdown",
    "docx": "Word 文档（.docx）",
    "pdf": "PDF（文字层）",
    "html": "网页（HTML）",
    "page": "抓取的网页文本（与种子页面同类）",
}


@dataclass(frozen=True)
class Block:
    """A piece of extracted text: a heading (level ≥ 1; 1 is the title) or a paragraph (0),
    with the lines of the extract it came from and, for a PDF, its pages."""

    text: str
    level: int
    lines: tuple[int, ...]
    pages: tuple[int, ...] = ()


@dataclass(frozen=True)
class Extract:
    """An upload read: its text as saved beside the upload (the lines blocks point to), the
    blocks in reading order, and what the reader removed (page headers, navigation …)."""

    kind: str  # a key of FORMATS
    text: str
    blocks: tuple[Block, ...]
    title: str = ""
    encoding: str = ""  # for text formats: utf-8, gb18030, big5
    removed: tuple[Repair, ...] = ()
    pages: int = 0  # for a PDF
    # what a Markdown file's front matter says of the essay (an essay file of the library
    # itself, uploaded again: 作者, 日期 …; see ESSAY_META)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        suffix = f"（{self.encoding.upper()}）" if self.encoding else ""
        return FORMATS[self.kind] + suffix


@dataclass(frozen=True)
class Draft:
    """An essay ready to publish: what the preview shows and what 发布 writes."""

    essay: Essay
    headings: tuple[dict[str, Any], ...]  # heading provenance, as in the sidecar
    repairs: tuple[Repair, ...]  # every change and removal, in line order
    replaces: str = ""  # the id of the essay this one replaces, if any


@dataclass(frozen=True)
class Preview:
    """An upload read and cleaned, not yet in the library: one draft per essay it holds (a
    scraped page may hold several)."""

    token: str  # names the upload while it waits under corpus/uploads/.pending/
    file_name: str
    sha256: str
    size: int
    extract: Extract
    drafts: tuple[Draft, ...]
    notes: tuple[str, ...] = ()  # what the trainer should know (encoding, pages, removals)


@dataclass(frozen=True)
class Version:
    """One library version: who did what when, and the essay files it consists of."""

    number: int
    at: str
    who: str
    action: str  # init, publish, replace, retire, rollback
    summary: str  # in Chinese, for the history
    essays: tuple[str, ...]  # ids this version touched
    files: dict[str, str] = field(default_factory=dict, hash=False)  # file name → sha256
    # the uploads it added (path under the corpus folder → sha256): the files its provenance
    # points to, written on machines that take this version from a shared history
    uploads: dict[str, str] = field(default_factory=dict, hash=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.number,
            "at": self.at,
            "who": self.who,
            "action": self.action,
            "summary": self.summary,
            "essays": list(self.essays),
            "files": self.files,
            "uploads": self.uploads,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Version:
        return cls(
            int(d["version"]),
            d["at"],
            d.get("who", ""),
            d["action"],
            d.get("summary", ""),
            tuple(d.get("essays", ())),
            dict(d.get("files", {})),
            dict(d.get("uploads", {})),
        )


@dataclass(frozen=True)
class Retired:
    """An essay taken out of the answers: its text as it was last published, and the version
    that retired it."""

    essay: Essay
    at: str  # when it was retired
    who: str
    version: int  # the version that retired it

    @property
    def label(self) -> str:
        """``《标题》（e6，2026-12-01 10:00:00 停用）``"""
        return f"《{self.essay.display_title}》（{self.essay.id}，{self.at} 停用）"


ACTIONS = {
    "init": "建立文章库",
    "publish": "发布",
    "replace": "替换",
    "retire": "停用",
    "rollback": "回滚",
    "restore": "恢复",
}
