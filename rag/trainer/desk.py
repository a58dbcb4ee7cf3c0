"""Trainer desk: what the trainer area shows and does, independent of Gradio.

Every method that reads trainees' questions or writes marks takes ``authorized`` and refuses
without it; the UI passes whether the request's login cookie holds a valid, unexpired token
(checked by ``TrainerAccess``), so every action is checked, not only the first.
"""

from __future__ import annotations

import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rag.core.errors import RagError
from rag.core.tempfiles import clean_old, private_dir, write_private
from rag.corpus.types import Essay
from rag.retrieval.bank import BankEntry, paragraph_hash
from rag.retrieval.search import Retriever
from rag.trainer.access import check_name
from rag.trainer.bank_keeper import BankEffect, BankKeeper
from rag.trainer.export import conversation_json, conversation_markdown, verified_jsonl
from rag.trainer.log_writer import LogWriter
from rag.trainer.store import FeedbackStore
from rag.trainer.types import VERDICTS, LoggedQuestion, LogPage, Mark, Review, StaleQuestion

# What a trainer types for a paragraph: e4-p2 (a chunk id, e4-p2-c1, names its paragraph).
PARAGRAPH_ID = re.compile(r"[A-Za-z][\w]*-[pP]\d+(?:-[cC]\d+)?")
MAX_COMMENT_CHARS = 2000


def check_comment(comment: str) -> str:
    """A trainer's comment as stored; refused (not cut) when longer than 2000 characters.

    Raises:
        RagError: the message says how long it is and what to do.
    """
    text = (comment or "").strip()
    if len(text) > MAX_COMMENT_CHARS:
        raise RagError(
            f"备注最多 {MAX_COMMENT_CHARS} 字（现在 {len(text)} 字），这次没有保存。"
            "请缩短备注后再保存。"
        )
    return text


@dataclass(frozen=True)
class Overview:
    """What the trainer overview shows: the store's figures (``FeedbackStore.stats``), essay
    titles by id, and why the running app could not take in an essay edit, if it could not."""

    stats: dict[str, Any]
    titles: dict[str, str]
    problem: str = ""
    bank_size: int = 0  # entries of the verified question bank in use
    set_aside: tuple[BankEntry, ...] = ()  # seed entries whose paragraph changed or is gone
    stale: tuple[StaleQuestion, ...] = ()  # trainers' questions to re-check (the newest)
    bank_effect: BankEffect | None = None  # measured in the background after each rebuild
    log_pending: int = 0  # trainees' questions and ratings queued, not yet written
    log_spilled: int = 0  # ... that could not be written, kept to be written on the next start

    def share(self, part: str, whole: str) -> str:
        """``part`` as a percentage of ``whole`` (two keys of ``stats``), or — when empty."""
        a, b = self.stats[part], self.stats[whole]
        return f"{100 * a / b:.0f}%" if b else "—"

    @property
    def verdict_counts(self) -> list[tuple[str, int]]:
        return [(VERDICTS[k], v) for k, v in self.stats["verdicts"].items()]

    @property
    def essay_counts(self) -> list[tuple[str, int]]:
        """Citations per essay, most cited first: every published essay (0 when uncited), and
        any essay cited before it was retired (ties in the corpus's order)."""
        counts = dict(self.stats["per_essay"])
        ids = [*self.titles, *(e for e in counts if e not in self.titles)]
        rows = [(self.titles.get(e, e), counts.get(e, 0)) for e in ids]
        return sorted(rows, key=lambda row: -row[1])

    @property
    def topic_counts(self) -> list[tuple[str, int]]:
        return [(t, n) for t, n in self.stats["topics"]]


def _label(paragraphs: dict[str, Any], pid: str, title: str) -> str:
    """A search result as listed: ``e4-p2 《标题》 its start…``."""
    p = paragraphs.get(pid)
    return f"{pid} 《{title}》 {p.text[:40]}…" if p is not None else pid


class AccessDenied(RagError):
    """The trainer area was used without logging in."""


class MarkChanged(RagError):
    """Another trainer judged the citation after this one's page showed it."""


def mark_state(mark: Mark | None) -> str:
    """A citation's verdict as a trainer's page showed it ("" unjudged): a save is refused when
    the stored one is no longer the same (two trainers on one question)."""
    if mark is None:
        return ""
    return "|".join((mark.verdict, mark.trainer, mark.marked_at, mark.comment))


def _unchanged(q: LoggedQuestion, n: int, seen: str | None) -> None:
    """Refuse when citation ``n`` was judged otherwise than the page showed (``seen``)."""
    mark = q.marks.get(n)
    if seen is None or mark_state(mark) == seen:
        return
    now = (
        f"已被{mark.by}判定为“{VERDICTS[mark.verdict]}”（{mark.marked_at}）"
        if mark is not None
        else "的判定已被其他培训师清除"
    )
    raise MarkChanged(
        f"问题 #{q.id} 的出处 [{n}] 在你打开之后{now}，这次没有保存。"
        "请先看上面现在的判定；仍要改，再保存一次。"
    )


@dataclass(frozen=True)
class ParagraphSearch:
    """Paragraphs found to attach: (label, paragraph id) each; ``chosen`` is the one a
    paragraph id typed named (picked at once)."""

    found: tuple[tuple[str, str], ...]
    chosen: str = ""


EXPORT_MAX_AGE = 3600.0  # seconds an export stays on disk


class Desk:
    def __init__(
        self,
        store: FeedbackStore,
        source: Any,
        keeper: BankKeeper | None = None,
        writer: LogWriter | None = None,
        export_dir: Path | None = None,
    ) -> None:
        """``source`` provides the current ``retriever`` and ``essays`` (a Service); ``keeper``
        rebuilds the verified question bank after every mark; ``writer`` logs the trainees'
        questions (its backlog is shown in the overview)."""
        self.store = store
        self.source = source
        self.keeper = keeper
        self.writer = writer
        settings = getattr(source, "settings", None)
        self._export_dir = export_dir or (
            settings.data_dir / "exports" if settings is not None else None
        )
        self._lock = threading.Lock()
        self._hashed_from: object = None  # the essays list ``_hashes`` was made from
        self._hashes: dict[str, str] = {}

    @property
    def retriever(self) -> Retriever:
        return self.source.retriever

    @property
    def essays(self) -> dict[str, Essay]:
        return {e.id: e for e in self.source.essays}

    @property
    def paragraphs(self) -> dict[str, Any]:
        return {p.id: p for e in self.source.essays for p in e.paragraphs}

    @staticmethod
    def _require(authorized: bool) -> None:
        if not authorized:
            raise AccessDenied("需要培训师密码。请在“培训师”页输入密码后再试。")

    def current(self) -> dict[str, str]:
        """Paragraph id → hash of its text, for the essays answered from now; recorded in the
        store whenever they changed, so that its review queue brings back the questions
        whose marks point at text edited or retired since."""
        essays = self.source.essays
        with self._lock:
            if essays is not self._hashed_from:
                hashes = {p.id: paragraph_hash(p.text) for e in essays for p in e.paragraphs}
                self.store.set_paragraphs(hashes)
                self._hashes, self._hashed_from = hashes, essays
            return self._hashes

    def review(self, q: LoggedQuestion) -> Review:
        """The question's citations and attachments against the essays as they are now."""
        return q.review(self.current())

    # -- the log -------------------------------------------------------------------------------

    def log_page(
        self,
        authorized: bool,
        which: str = "all",
        essay_id: str = "",
        page: int = 1,
        size: int = 50,
    ) -> LogPage:
        """A page of the log under a filter (see ``FeedbackStore.log_page``)."""
        self._require(authorized)
        self.current()
        return self.store.log_page(which, essay_id, page, size)

    def next_unreviewed(self, authorized: bool, after: int | None = None) -> int | None:
        """The review queue's next question after ``after`` (log order), None when done."""
        self._require(authorized)
        self.current()
        return self.store.next_unreviewed(after)

    def question(self, authorized: bool, question_id: int) -> LoggedQuestion:
        self._require(authorized)
        return self.store.question(int(question_id))

    # -- marking -------------------------------------------------------------------------------

    def mark(
        self,
        authorized: bool,
        question_id: int,
        n: int,
        verdict: str,
        comment: str,
        trainer: str = "",
        seen: str | None = None,
    ) -> str:
        """Save a verdict. ``seen``: the citation's verdict as the trainer's page showed it
        (``mark_state``); when given, a verdict given since by another trainer is not
        overwritten unseen (``MarkChanged``)."""
        self._require(authorized)
        comment, trainer = check_comment(comment), check_name(trainer)
        q = self.store.question(int(question_id))
        _unchanged(q, int(n), seen)
        cite = next((c for c in q.answer.citations if c.n == int(n)), None)
        if cite is not None:
            current = self.paragraphs.get(cite.paragraph_id)
            if current is None or paragraph_hash(current.text) != paragraph_hash(cite.passage):
                raise RagError(
                    f"出处 [{int(n)}] 引用的段落 {cite.paragraph_id} 已被修改或删除，不能再标记。"
                    "请搜索现在的正确段落，作为正确段落附上。"
                )
        self.store.mark(int(question_id), int(n), verdict, comment, trainer)
        self._update_bank()
        return f"已保存：问题 #{int(question_id)} 出处 [{int(n)}] → {VERDICTS[verdict]}"

    def unmark(self, authorized: bool, question_id: int, n: int, seen: str | None = None) -> str:
        """Take back a verdict given by mistake; the bank forgets it at once (``seen``: as
        for ``mark``)."""
        self._require(authorized)
        _unchanged(self.store.question(int(question_id)), int(n), seen)
        if not self.store.unmark(int(question_id), int(n)):
            return f"问题 #{int(question_id)} 的出处 [{int(n)}] 还没有判定，无需清除。"
        self._update_bank()
        return f"已清除：问题 #{int(question_id)} 出处 [{int(n)}] 的判定"

    def detach(self, authorized: bool, question_id: int, paragraph_id: str = "") -> str:
        """Take back a paragraph attached to the question: ``paragraph_id`` when given, else
        the only one attached (never a search result: it may have been found for another
        question). The bank forgets it at once."""
        self._require(authorized)
        number = int(question_id)
        attached = self.store.question(number).missing
        if not attached:
            return f"问题 #{number} 没有附上的段落，无需移除。"
        if not paragraph_id:
            if len(attached) > 1:
                return (
                    f"⚠️ 问题 #{number} 附上了 {len(attached)} 段（{'、'.join(attached)}）："
                    "请先在“附上的段落”中选中要移除的一段。"
                )
            paragraph_id = attached[0]
        if not self.store.detach_missing(number, paragraph_id):
            return f"问题 #{number} 没有附上段落 {paragraph_id}。"
        self._update_bank()
        return f"已移除：问题 #{number} 附上的段落 {paragraph_id}"

    def attached_choices(self, q: LoggedQuestion) -> list[tuple[str, str]]:
        """The paragraphs attached to ``q`` as choices to remove: (label, paragraph id)."""
        paragraphs, essays = self.paragraphs, self.essays
        out = []
        for pid in q.missing:
            p = paragraphs.get(pid)
            essay = essays.get(p.essay_id) if p is not None else None
            title = essay.display_title if essay is not None else ""
            label = _label(paragraphs, pid, title) if p is not None else f"{pid}（已不在文章库中）"
            out.append((label, pid))
        return out

    def _update_bank(self) -> None:
        if self.keeper is not None:
            self.keeper.rebuild()

    def search_paragraphs(self, authorized: bool, query: str, k: int = 8) -> ParagraphSearch:
        """The paragraphs to attach for what the trainer typed: a paragraph id (``e4-p2``)
        names its paragraph, chosen at once; words find the paragraphs best matching them
        that share a word with them (a search by meaning alone finds something for anything).

        Raises:
            RagError: nothing typed, an id of no paragraph, or no paragraph shares a word.
        """
        self._require(authorized)
        typed = " ".join((query or "").split())
        if not typed:
            raise RagError("请输入关键词或段落编号（例如 e4-p2）。")
        paragraphs = self.paragraphs
        essays = self.essays
        if PARAGRAPH_ID.fullmatch(typed):
            pid = re.sub(r"-[cC]\d+$", "", typed)
            pid = next((p for p in paragraphs if p.casefold() == pid.casefold()), "")
            if not pid:
                raise RagError(
                    f"没有段落 {typed}。段落编号形如 e4-p2，可在“文章”页或出处的永久链接中查到；"
                    "停用的文章的段落不能附上。"
                )
            essay = essays.get(paragraphs[pid].essay_id)
            title = essay.display_title if essay is not None else ""
            return ParagraphSearch(((_label(paragraphs, pid, title), pid),), pid)
        # the typed words themselves (not their synonyms, nor the words of questions verified
        # for a paragraph, which the search also counts as found): 民情日记 lists no paragraph
        # holding neither 民情 nor 日记
        tokenizer = self.retriever.index.lexical.tokenizer
        words = [w for w in tokenizer.words(typed) if len(w) >= 2] or tokenizer.words(typed)
        seen: list[tuple[str, str]] = []
        for h in self.retriever.search(typed, k=k * 2).hits:
            pid = h.chunk.paragraph_id
            if h.lexical_rank is None or pid in [p for _, p in seen]:
                continue
            written = " ".join((paragraphs[pid].text, h.chunk.title, *h.chunk.heading_path))
            if not any(w in written for w in words):
                continue
            seen.append((_label(paragraphs, pid, h.chunk.title), pid))
        if not seen:
            raise RagError(
                f"没有找到与“{typed[:30]}”相关的段落。"
                "请换个关键词，或直接输入段落编号（例如 e4-p2）。"
            )
        return ParagraphSearch(tuple(seen[:k]))

    def attach(
        self,
        authorized: bool,
        question_id: int,
        paragraph_id: str,
        comment: str = "",
        trainer: str = "",
    ) -> str:
        self._require(authorized)
        comment, trainer = check_comment(comment), check_name(trainer)
        if not paragraph_id:  # nothing chosen (the page sends None)
            raise RagError("还没有选中段落。请先搜索并选中一个段落，再附上。")
        if paragraph_id not in self.paragraphs:
            raise RagError(f"没有段落 {paragraph_id}。请先搜索并选中一个段落。")
        text = self.paragraphs[paragraph_id].text
        self.store.attach_missing(
            int(question_id), paragraph_id, comment, trainer, paragraph_hash(text)
        )
        self._update_bank()
        done = f"已附上：问题 #{int(question_id)} 的正确段落 {paragraph_id}"
        q = self.store.question(int(question_id))
        if open_ := len(self.review(q).open):
            # it stays in the review queue until they are judged (the bank's negatives)
            return f"{done}。这个回答还有 {open_} 条出处未判定，判定后才算审阅完。"
        return done

    # -- exports -------------------------------------------------------------------------------

    def _write(self, name: str, text: str) -> str:
        """An export file: in a private folder, readable by the app only, removed after an
        hour (and at the next start)."""
        if self._export_dir is None:
            self._export_dir = Path(tempfile.mkdtemp(prefix="rag-export-"))
        folder = private_dir(self._export_dir)
        clean_old(folder, EXPORT_MAX_AGE)
        return str(write_private(folder / name, text))

    def export_conversation(self, authorized: bool, question_id: int, fmt: str) -> str:
        q = self.question(authorized, question_id)
        turns = self.store.questions("all", conversation_id=q.conversation_id, limit=10_000)
        if fmt == "md":
            return self._write(
                f"conversation-{q.conversation_id[:8]}.md", conversation_markdown(turns)
            )
        return self._write(f"conversation-{q.conversation_id[:8]}.json", conversation_json(turns))

    def export_verified(self, authorized: bool) -> str:
        """The verified pairs as a JSONL eval set; pairs on a paragraph retired or edited since
        it was verified are left out (the overview lists their questions to re-check)."""
        self._require(authorized)
        questions = self.store.questions("marked", limit=1_000_000)
        texts = {pid: p.text for pid, p in self.paragraphs.items()}
        return self._write("verified.jsonl", verified_jsonl(questions, self.current(), texts))

    # -- overview ------------------------------------------------------------------------------

    def overview(self, authorized: bool) -> Overview:
        """The figures of the trainer's overview."""
        self._require(authorized)
        self.current()
        titles = {e.id: e.display_title for e in self.essays.values()}
        problems = [getattr(self.source, "problem", ""), self.keeper.problem if self.keeper else ""]
        bank = self.source.retriever.bank
        # the trainers' own entries set aside are listed by question (the store's); the seed
        # bank's, which have none, once per question and paragraph
        seeds = {
            (e.question, e.paragraph_id): e
            for e in (bank.set_aside if bank is not None else ())
            if e.origin != "trainers"
        }
        return Overview(
            self.store.stats(),
            titles,
            "\n".join(p for p in problems if p),
            len(bank) if bank is not None else 0,
            tuple(seeds.values()),
            tuple(self.store.stale_questions()),
            self.keeper.effect if self.keeper else None,
            self.writer.pending if self.writer else 0,
            self.writer.waiting_in_spill if self.writer else 0,
        )
