"""Trainer desk: what the trainer area shows and does, independent of Gradio.

Every method that reads trainees' questions or writes marks takes ``authorized`` and refuses
without it; the UI passes the session's login state, which lives on the server.
"""

from __future__ import annotations

import hmac
import tempfile
from html import escape
from pathlib import Path
from typing import Any

from rag.errors import RagError
from rag.export import conversation_json, conversation_markdown, verified_jsonl
from rag.feedback import FeedbackStore
from rag.records import VERDICTS, Essay, LoggedQuestion
from rag.search import Retriever


class AccessDenied(RagError):
    """The trainer area was used without logging in."""


def check_password(configured: str, given: str) -> bool:
    """True when no password is configured, or the given one matches (constant-time)."""
    if not configured:
        return True
    return hmac.compare_digest(configured.encode("utf-8"), (given or "").encode("utf-8"))


MAX_NAME_CHARS = 40


def _name(trainer: str) -> str:
    """The name a trainer typed, as stored with a mark: one line, at most 40 characters."""
    return " ".join((trainer or "").split())[:MAX_NAME_CHARS]


class Desk:
    def __init__(self, store: FeedbackStore, source: Any) -> None:
        """``source`` provides the current ``retriever`` and ``essays`` (a Service)."""
        self.store = store
        self.source = source
        self._export_dir = Path(tempfile.mkdtemp(prefix="rag-export-"))

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

    # -- the log -------------------------------------------------------------------------------

    def log_rows(self, authorized: bool, which: str = "all", essay_id: str = "") -> list[list[Any]]:
        self._require(authorized)
        rating = {1: "赞", -1: "踩", None: ""}
        return [
            [
                q.id,
                q.asked_at,
                q.query,
                "是" if q.abstained else "",
                rating[q.rating],
                "已审阅" if q.reviewed else "未审阅",
            ]
            for q in self.store.questions(which, essay_id)
        ]

    def question(self, authorized: bool, question_id: int) -> LoggedQuestion:
        self._require(authorized)
        return self.store.question(int(question_id))

    def detail_html(self, q: LoggedQuestion) -> str:
        """The question, the answer and each citation with the trainer's current verdict."""
        parts = [f"<h4>#{q.id} {escape(q.query)}</h4>"]
        if q.understood_as and q.understood_as != q.query:
            parts.append(f"<p class='hint'>理解为：{escape(q.understood_as)}</p>")
        parts.append(f"<pre style='white-space:pre-wrap'>{escape(q.answer['answer'])}</pre>")
        for c in q.answer.get("citations", []):
            mark = q.marks.get(int(c["n"]))
            badge = (
                f"<b class='verdict'>{VERDICTS[mark.verdict]}</b>"
                + (f"（{escape(mark.comment)}）" if mark.comment else "")
                + (f" · <span class='marker'>{escape(mark.trainer)}</span>" if mark.trainer else "")
                if mark
                else "未判定"
            )
            parts.append(
                f"<div class='card'>[{int(c['n'])}] {escape(c['chunk_id'])} · {badge}"
                f"<div>{escape(c['quote'])}</div></div>"
            )
        paragraphs = self.paragraphs if q.missing else {}
        for pid in q.missing:
            text = paragraphs[pid].text[:80] if pid in paragraphs else ""
            who = q.attached_by.get(pid)
            by = f" · <span class='marker'>{escape(who)}</span>" if who else ""
            parts.append(
                f"<div class='card'>附上的正确段落：{escape(pid)}{by} {escape(text)}…</div>"
            )
        return "".join(parts)

    # -- marking -------------------------------------------------------------------------------

    def mark(
        self,
        authorized: bool,
        question_id: int,
        n: int,
        verdict: str,
        comment: str,
        trainer: str = "",
    ) -> str:
        self._require(authorized)
        self.store.mark(int(question_id), int(n), verdict, (comment or "").strip(), _name(trainer))
        return f"已保存：问题 #{int(question_id)} 出处 [{int(n)}] → {VERDICTS[verdict]}"

    def search_paragraphs(self, authorized: bool, query: str, k: int = 8) -> list[tuple[str, str]]:
        """(label, paragraph id) of the paragraphs best matching ``query``, for attaching."""
        self._require(authorized)
        paragraphs = self.paragraphs
        seen: list[tuple[str, str]] = []
        for h in self.retriever.search(query, k=k * 2).hits:
            pid = h.chunk.paragraph_id
            if pid not in [p for _, p in seen]:
                seen.append(
                    (
                        f"{pid} 《{h.chunk.title}》 {paragraphs[pid].text[:40]}…"
                        if pid in paragraphs
                        else pid,
                        pid,
                    )
                )
        return seen[:k]

    def attach(
        self,
        authorized: bool,
        question_id: int,
        paragraph_id: str,
        comment: str = "",
        trainer: str = "",
    ) -> str:
        self._require(authorized)
        if paragraph_id not in self.paragraphs:
            raise RagError(f"没有段落 {paragraph_id}。请先搜索并选中一个段落。")
        self.store.attach_missing(
            int(question_id), paragraph_id, (comment or "").strip(), _name(trainer)
        )
        return f"已附上：问题 #{int(question_id)} 的正确段落 {paragraph_id}"

    # -- exports -------------------------------------------------------------------------------

    def _write(self, name: str, text: str) -> str:
        path = self._export_dir / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    def export_conversation(self, authorized: bool, question_id: int, fmt: str) -> str:
        q = self.question(authorized, question_id)
        turns = self.store.questions("all", conversation_id=q.conversation_id, limit=10_000)
        if fmt == "md":
            return self._write(
                f"conversation-{q.conversation_id[:8]}.md", conversation_markdown(turns)
            )
        return self._write(f"conversation-{q.conversation_id[:8]}.json", conversation_json(turns))

    def export_verified(self, authorized: bool) -> str:
        self._require(authorized)
        return self._write(
            "verified.jsonl", verified_jsonl(self.store.questions("reviewed", limit=1_000_000))
        )

    # -- overview ------------------------------------------------------------------------------

    def overview(self, authorized: bool) -> tuple[str, dict[str, list]]:
        """Markdown figures and the data of the three charts."""
        self._require(authorized)
        s = self.store.stats()
        pct = lambda a, b: f"{100 * a / b:.0f}%" if b else "—"  # noqa: E731
        text = (
            f"- 提问 **{s['questions']}** 次，已审阅 **{s['reviewed_questions']}**"
            f"（{pct(s['reviewed_questions'], s['questions'])}）\n"
            f"- 出处 **{s['citations']}** 条，已核对 **{s['marked']}**"
            f"（核对覆盖率 {pct(s['marked'], s['citations'])}），"
            f"其中判为正确 {pct(s['verdicts']['correct'], s['marked'])}\n"
            f"- 回避率 {pct(s['abstained'], s['questions'])}；"
            f"学员点赞 {s['liked']}，点踩 {s['disliked']}"
        )
        if s["markers"]:
            who = "，".join(f"{escape(name or '未署名')} {n}" for name, n in s["markers"])
            text += f"\n- 核对人：{who}"
        if problem := getattr(self.source, "problem", ""):
            text += f"\n\n⚠️ {problem}"  # an essay edit the running app could not take in
        titles = {e.id: e.display_title for e in self.essays.values()}
        charts = {
            "verdicts": [[VERDICTS[k], v] for k, v in s["verdicts"].items()],
            "essays": [[titles.get(e, e), n] for e, n in s["per_essay"]],
            "topics": [[t[:24], n] for t, n in s["topics"]],
        }
        return text, charts
