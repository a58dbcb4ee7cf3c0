"""The essay library view of the trainer area: upload a file, preview what it becomes, publish
(or cancel), replace or retire an essay, the history with 回滚到此版本, and the index state
while the running app rebuilds in the background. 停用 and 回滚 ask to confirm first. Every
action checks the trainer's login, and its message replaces those of earlier actions (the
index line alone tells the index's state). A file over the upload limit is stopped by the
page's script before it is sent, and the view says so in Chinese (Gradio's own refusal is an
English toast)."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import gradio as gr

from rag.answer.service import Service
from rag.core.errors import RagError
from rag.library.library import Library, size_text, too_large
from rag.library.types import Preview, Version
from rag.trainer.access import COOKIE, TrainerAccess, check_name
from rag.web.html import (
    error,
    hint,
    library_history_html,
    library_preview_html,
    library_table_html,
)

PRIVATE = {"api_visibility": "private"}
NEW = "（新文章）"
NOT_ALLOWED = "⚠️ 只有培训师可以修改文章库：请先登录。"
VERSION_CHARS = 90  # a version's summary in the rollback choices (longer: start … end)
log = logging.getLogger(__name__)


def _who(access: TrainerAccess, request: gr.Request | None, typed: str = "") -> str | None:
    """The trainer's name for the history: the login's, else the one typed in the desk's name
    box (an open trainer area has no login); None without a valid login.

    Raises:
        BadName: the name typed is too long or holds markup.
    """
    cookies = getattr(request, "cookies", None) or {}
    trainer = access.check(cookies.get(COOKIE, ""))
    if trainer is None:
        return None
    return trainer.name or check_name(str(typed or "")) or "（未署名）"


def version_label(v: Version, limit: int = VERSION_CHARS) -> str:
    """A version as the rollback choices list it: its number, time and summary; a summary too
    long to show whole keeps its start and its end (the file it came from), joined by …,
    and is whole in the history above and in the question 回滚 asks."""
    summary = v.summary
    if len(summary) > limit:
        head = limit * 2 // 3
        summary = summary[:head] + "…" + summary[head + 1 - limit :]
    return f"版本 {v.number} · {v.at} · {summary}"


class LibraryHandlers:
    def __init__(self, library: Library, service: Service, access: TrainerAccess) -> None:
        self.library, self.service, self.access = library, service, access
        self.published_at = 0.0

    # -- what the view shows -------------------------------------------------------------------

    def index_state(self) -> str:
        s = self.service
        if s.rebuilding:
            took = time.monotonic() - self.published_at
            return f"⏳ 索引正在后台更新（已用 {took:.0f} 秒）；期间仍用上一版索引回答。"
        if s.problem:
            return f"⚠️ {s.problem}"
        return f"✅ 索引已是最新：{len(s.essays)} 篇文章在用。"

    def listing(self, request: gr.Request) -> dict:
        if _who(self.access, request) is None:
            return {}
        try:
            entries = self.library.entries()
            versions = self.library.history()
        except RagError as e:  # a shared history in a database that is restarting
            return {"table": str(error(e)), "index": self.index_state()}
        current = [(f"{e.id} 《{e.title}》", e.id) for e in entries if not e.retired]
        retired = [(f"{e.id} 《{e.title}》（{e.since} 停用）", e.id) for e in entries if e.retired]
        return {
            "table": library_table_html(entries),
            "history": library_history_html(versions),
            "targets": gr.update(choices=[(NEW, "")] + current, value=""),
            "retire": gr.update(choices=current, value=None),
            "restore": gr.update(choices=retired, value=None),
            "versions": gr.update(
                choices=[(version_label(v), v.number) for v in reversed(versions)], value=None
            ),
            "index": self.index_state(),
        }

    # -- actions -------------------------------------------------------------------------------

    def preview(
        self,
        path: str | None,
        target: str,
        old: Preview | None,
        request: gr.Request,
        refused: str = "",
    ):
        """Read the chosen file; returns (status, preview HTML, title, draft visible, state).
        ``refused``: the file the page's script last stopped as too large, if any."""
        who = _who(self.access, request)
        if who is None:
            return NOT_ALLOWED, "", "", gr.update(visible=False), old
        if not path:
            missing = self.refused(refused) if refused else "⚠️ 请先选择要上传的文件。"
            return missing, "", "", gr.update(visible=False), old
        if old is not None:
            self.library.cancel(old.token)
        try:
            data = Path(path).read_bytes()
            # Gradio keeps an upload under its original name inside a temporary folder.
            preview = self.library.preview(data, Path(path).name, who, replaces=target or "")
        except RagError as e:
            return str(error(e)), "", "", gr.update(visible=False), None
        except OSError as e:  # the upload's temporary file gone (cleaned up, or a full disk)
            log.warning("an upload could not be read: %s", e)
            gone = "上传的文件已无法读取（可能已过期）。请重新选择文件后再预览。"
            return str(error(gone)), "", "", gr.update(visible=False), None
        title = preview.drafts[0].essay.title if len(preview.drafts) == 1 else ""
        status = f"预览：{len(preview.drafts)} 篇文章。核对无误后点击“发布”；不发布请点“取消”。"
        return status, str(library_preview_html(preview)), title, gr.update(visible=True), preview

    def refused(self, stopped: str) -> str:
        """What a file the page's script stopped before sending it is told: its name and size
        and the limit (``stopped``: ``name \t size \t when``, typed by the script)."""
        name, _, rest = str(stopped or "").partition("\t")
        size = rest.partition("\t")[0]
        limit = self.library.settings.max_upload_bytes
        size_n = int(size) if size.isdigit() else limit + 1
        return str(error(too_large(size_n, limit, name)))

    def publish(self, preview: Preview | None, title: str, typed: str, request: gr.Request):
        """Returns (status, draft visible, state, timer, file box)."""
        try:
            who = _who(self.access, request, typed)
        except RagError as e:
            return str(error(e)), gr.update(), preview, gr.update(), gr.update()
        if who is None:
            return NOT_ALLOWED, gr.update(), preview, gr.update(), gr.update()
        if preview is None:
            return "⚠️ 请先上传文件并预览。", gr.update(visible=False), None, gr.update(), None
        try:
            single = len(preview.drafts) == 1
            version = self.library.publish(preview, who, title if single else "")
        except RagError as e:
            return str(error(e)), gr.update(), preview, gr.update(), gr.update()
        self._changed()
        return (
            f"✅ 已发布（版本 {version.number}）：{version.summary}。",
            gr.update(visible=False),
            None,
            gr.Timer(active=True),
            None,  # the file box emptied for the next upload
        )

    def cancel(self, preview: Preview | None, request: gr.Request):
        if preview is not None and _who(self.access, request) is not None:
            self.library.cancel(preview.token)
        return "已取消，文章库没有改动。", gr.update(visible=False), None, None

    # 停用 and 回滚 change what trainees are answered from: each asks first (ask_*), and acts
    # only on 确认 (confirm), with what was asked about kept in the page's state.

    def ask_retire(self, essay_id: str | None, request: gr.Request):
        """Returns (status, question, confirmation row, asked)."""

        def question() -> str:
            titles = {e.id: e.title for e in self.library.entries()}
            if essay_id not in titles:
                raise RagError(f"文章 {essay_id} 不在文章库里，请刷新页面后重选。")
            return (
                f"确认停用 {essay_id}《{titles[essay_id]}》？停用后它不再用于回答；"
                "历史保留，可以回滚恢复。"
            )

        return self._ask(request, ("retire", essay_id), "⚠️ 请先选择要停用的文章。", question)

    def ask_rollback(self, number: int | None, request: gr.Request):
        """Returns (status, question, confirmation row, asked)."""

        def question() -> str:
            versions = {v.number: v for v in self.library.history()}
            if number not in versions:
                raise RagError(f"没有版本 {number}，请刷新页面后重选。")
            v = versions[number]
            return (
                f"确认回滚到版本 {v.number}（{v.at}，{v.summary}）？文章库将恢复为那时的样子；"
                "历史保留，可以再回滚。"
            )

        return self._ask(request, ("rollback", number), "⚠️ 请先选择要回滚到的版本。", question)

    def _ask(self, request: gr.Request, asked: tuple[str, Any], missing: str, question) -> tuple:
        hidden = gr.update(visible=False)
        if _who(self.access, request) is None:
            return NOT_ALLOWED, "", hidden, None
        if asked[1] in (None, ""):
            return missing, "", hidden, None
        try:
            text = question()
        except RagError as e:
            return str(error(e)), "", hidden, None
        return "", text, gr.update(visible=True), asked

    def confirm(self, asked: tuple[str, Any] | None, typed: str, request: gr.Request):
        """Returns (status, timer, confirmation row, asked)."""
        hidden = gr.update(visible=False)
        if asked is None:
            return "⚠️ 没有待确认的操作。", gr.update(), hidden, None
        kind, what = asked
        status, timer = (
            self.retire(what, request, typed)
            if kind == "retire"
            else self.rollback(what, request, typed)
        )
        return status, timer, hidden, None

    def dismiss(self):
        """Returns (status, confirmation row, asked)."""
        return "已取消，文章库没有改动。", gr.update(visible=False), None

    def retire(self, essay_id: str | None, request: gr.Request, typed: str = ""):
        missing = "⚠️ 请先选择要停用的文章。"
        return self._change(request, essay_id, missing, self.library.retire, typed)

    def restore(self, essay_id: str | None, typed: str, request: gr.Request):
        """Returns (status, timer)."""
        missing = "⚠️ 请先选择要恢复的文章。"
        return self._change(request, essay_id, missing, self.library.restore, typed)

    def rollback(self, number: int | None, request: gr.Request, typed: str = ""):
        missing = "⚠️ 请先选择要回滚到的版本。"
        return self._change(request, number, missing, self.library.rollback, typed)

    def _change(
        self, request: gr.Request, what: Any, missing: str, action, typed: str = ""
    ) -> tuple:
        try:
            who = _who(self.access, request, typed)
        except RagError as e:
            return str(error(e)), gr.update()
        if who is None:
            return NOT_ALLOWED, gr.update()
        if what in (None, ""):
            return missing, gr.update()
        try:
            version = action(what, who)
        except RagError as e:
            return str(error(e)), gr.update()
        self._changed()
        # (the index line below the preview tells how the rebuild goes, and when it is done)
        return f"✅ 版本 {version.number}：{version.summary}。", gr.Timer(active=True)

    def _changed(self) -> None:
        self.published_at = time.monotonic()
        self.service.refresh(now=True)

    def tick(self):
        """The timer while the index rebuilds: the state, and the timer stopped when done."""
        state = self.index_state()
        return state, gr.Timer(active=self.service.rebuilding)


def _closer(note, row, asked):
    """A handler closing a confirmation: its line empty, its row hidden, nothing pending."""

    def close() -> dict:
        return {note: "", row: gr.update(visible=False), asked: None}

    return close


def _unwarned(status: str | None, pending: Preview | None):
    """The status line when another action is taken: kept while it speaks of the draft still
    open (预览：… 点击“发布”), else cleared (a warning or an outcome of an earlier action)."""
    if status and pending is not None and "⚠" not in status:
        return gr.skip()
    return ""


def _blank() -> str:
    return ""


def _confirmation(prefix: str):
    """A note line and a hidden 确认 / 取消 row under an action, with what it asked about:
    (note, row, question, yes, no, asked)."""
    note = gr.Markdown(elem_id=f"{prefix}-note")
    with gr.Row(visible=False, elem_id=f"{prefix}-confirm") as row:
        question = gr.Markdown(elem_id=f"{prefix}-question")
        yes = gr.Button("确认", variant="stop", elem_id=f"{prefix}-yes", scale=0)
        no = gr.Button("取消", elem_id=f"{prefix}-no", scale=0)
    return note, row, question, yes, no, gr.State(None)


def library_section(library: Library, service: Service, access: TrainerAccess, signer: gr.Textbox):
    """The library view, wired; returns its loader (function, inputs, outputs). ``signer``:
    the desk's name box, whose name signs a change when no login names the trainer."""
    h = LibraryHandlers(library, service, access)
    gr.Markdown(
        "上传 Word（.docx）、带文字层的 PDF、网页（.html）或文本（.txt / .md）文件；"
        "格式按内容识别。预览后再发布，发布前文章库不会有任何改动。"
        + ("每次修改以“问答记录”中填写的培训师名字记入历史。" if access.open else "")
    )
    limit = size_text(library.settings.max_upload_bytes)
    with gr.Row():
        upload = gr.File(
            label=f"选择文件（不超过 {limit}）", type="filepath", elem_id="lib-file", scale=3
        )
        target = gr.Dropdown(
            [(NEW, "")], value="", label="作为新文章，或替换哪一篇", elem_id="lib-target", scale=2
        )
    # A file too large, stopped by the page's script (trainer.js), which types its name here.
    stopped = gr.Textbox(visible="hidden", elem_id="lib-refused", label="超过上限的文件")
    preview_btn = gr.Button("预览", variant="primary", elem_id="lib-preview")
    status = gr.Markdown(elem_id="lib-status")
    with gr.Column(visible=False, elem_id="lib-draft") as draft:
        title = gr.Textbox(label="标题（可修改）", elem_id="lib-title", max_lines=1)
        with gr.Row():
            publish = gr.Button("发布", variant="primary", elem_id="lib-publish")
            cancel = gr.Button("取消", elem_id="lib-cancel")
        draft_view = gr.HTML(elem_id="lib-draft-view")
    index = gr.Markdown(elem_id="lib-index")
    timer = gr.Timer(2.0, active=False)
    gr.Markdown("#### 文章库")
    table = gr.HTML(hint("加载中…"), elem_id="lib-table")
    with gr.Row():
        retire_pick = gr.Dropdown(
            [], label="停用（不再用于回答，历史保留）", elem_id="lib-retire-pick", scale=3
        )
        retire = gr.Button("停用", elem_id="lib-retire", scale=1)
    retire_confirm = _confirmation("lib-retire")
    with gr.Row():
        restore_pick = gr.Dropdown(
            [],
            label="恢复停用的文章（编号不变，对它的核对随之恢复）",
            elem_id="lib-restore-pick",
            scale=3,
        )
        restore = gr.Button("恢复", elem_id="lib-restore", scale=1)
    restore_note = gr.Markdown(elem_id="lib-restore-note")
    gr.Markdown("#### 历史")
    history = gr.HTML(elem_id="lib-history")
    with gr.Row():
        version_pick = gr.Dropdown([], label="版本", elem_id="lib-version", scale=3)
        rollback = gr.Button("回滚到此版本", elem_id="lib-rollback", scale=1)
    rollback_confirm = _confirmation("lib-rollback")
    pending = gr.State(None)

    names = {"table": table, "history": history, "targets": target, "retire": retire_pick,
             "restore": restore_pick, "versions": version_pick, "index": index}  # fmt: skip
    outputs = list(names.values())

    def load(request: gr.Request) -> dict:
        return {names[k]: v for k, v in h.listing(request).items()}

    preview_btn.click(
        h.preview,
        [upload, target, pending, stopped],
        [status, draft_view, title, draft, pending],
        **PRIVATE,
    )
    upload.change(_blank, None, [stopped], **PRIVATE)  # another file chosen (or none)
    publish.click(
        h.publish, [pending, title, signer], [status, draft, pending, timer, upload], **PRIVATE
    ).then(load, None, outputs, **PRIVATE)
    cancel.click(h.cancel, [pending], [status, draft, pending, upload], **PRIVATE)
    actions = (
        (retire, retire_pick, h.ask_retire, retire_confirm),
        (rollback, version_pick, h.ask_rollback, rollback_confirm),
    )
    for (button, pick, ask, mine), (*_, other) in zip(actions, reversed(actions), strict=True):
        note, row, question, yes, no, asked = mine
        # Asked and answered under the row that acts (the status line is at the page's top).
        button.click(ask, [pick], [note, question, row, asked], **PRIVATE)
        yes.click(h.confirm, [asked, signer], [note, timer, row, asked], **PRIVATE).then(
            load, None, outputs, **PRIVATE
        )
        no.click(h.dismiss, None, [note, row, asked], **PRIVATE)
        # Another pick closes the question: 确认 must never act on what is no longer shown.
        pick.input(_closer(note, row, asked), None, [note, row, asked], **PRIVATE)
        # One outcome at a time: asking or acting here closes the other action's line and row.
        closed = [other[0], other[1], other[5]]
        button.click(_closer(*closed), None, closed, **PRIVATE)
        yes.click(_closer(*closed), None, closed, **PRIVATE)
    # One message at a time: each action's message replaces those of the actions before it.
    # 预览, 发布, 取消 and a file refused close the 停用 and 回滚 lines (and any question asked
    # there) and the 恢复 line; 停用, 回滚 (asked or confirmed) and 恢复 clear the status line
    # above (unless it speaks of a draft still open) and the lines of the other actions.
    for event in (preview_btn.click, publish.click, cancel.click):
        for note, row, _, _, _, asked in (retire_confirm, rollback_confirm):
            event(_closer(note, row, asked), None, [note, row, asked], **PRIVATE)
        event(_blank, None, [restore_note], **PRIVATE)
    for button, _, _, (_, _, _, yes, _, _) in actions:
        for event in (button.click, yes.click):
            event(_unwarned, [status, pending], [status], **PRIVATE)
            event(_blank, None, [restore_note], **PRIVATE)
    restore.click(h.restore, [restore_pick, signer], [restore_note, timer], **PRIVATE).then(
        load, None, outputs, **PRIVATE
    )
    restore.click(_unwarned, [status, pending], [status], **PRIVATE)
    for note, row, _, _, _, asked in (retire_confirm, rollback_confirm):
        restore.click(_closer(note, row, asked), None, [note, row, asked], **PRIVATE)
    restore_pick.input(_blank, None, [restore_note], **PRIVATE)
    closable = [(c[0], c[1], c[5]) for c in (retire_confirm, rollback_confirm)]
    refused_out = [status, restore_note, *(c for group in closable for c in group)]

    def refused(stopped_file: str) -> dict:
        """A file the script stopped as too large: said in the status line, the other lines
        closed (the box emptied when another file is chosen says nothing)."""
        if not stopped_file:
            return {c: gr.skip() for c in refused_out}
        closed = {c: v for group in closable for c, v in _closer(*group)().items()}
        return {status: h.refused(stopped_file), restore_note: "", **closed}

    # (the script types a new value each time: the same file refused twice is said twice)
    stopped.change(refused, [stopped], refused_out, **PRIVATE)
    timer.tick(h.tick, None, [index, timer], **PRIVATE)
    return load, None, outputs
