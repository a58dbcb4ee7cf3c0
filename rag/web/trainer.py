"""The trainer tab: the question log with marks, missing passages and exports, and the overview.

Made for a morning of reviewing: the log is an HTML table that fits the width (a row per
question, its state as badges, the selected row highlighted), paged; the detail shows every
citation in its paragraph; marks are made with the keyboard (1 正确 · 2 不相关 · 3 断章取义 save
at once, J/K move between citations, N opens the next unreviewed question), and after a mark the
next citation not yet judged is selected; once all are judged the question stays open (a missed
paragraph may still be attached) and N moves on.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import gradio as gr

from rag.core.errors import RagError
from rag.library.library import Library
from rag.library.types import Retired
from rag.retrieval.bank import UNNAMED
from rag.trainer.access import COOKIE, MAX_NAME_CHARS, TrainerAccess, clean_name
from rag.trainer.desk import MAX_COMMENT_CHARS, Desk, MarkChanged, Overview, mark_state
from rag.trainer.types import VERDICTS, LoggedQuestion, Review
from rag.web.html import (
    RETIRED_MARK,
    citation_choice,
    error,
    found_paragraph_html,
    hint,
    log_table_html,
    overview_charts_html,
    overview_markdown,
    pager_text,
    question_detail_html,
)
from rag.web.library import library_section

FILTER_CHOICES = [
    ("全部", "all"),
    ("未审阅", "unreviewed"),
    ("已审阅", "reviewed"),
    ("已回避", "abstained"),
    ("被点踩", "disliked"),
]
# The key that marks a citation with each verdict is shown in its label.
VERDICT_CHOICES = [(f"{label}（{i}）", key) for i, (key, label) in enumerate(VERDICTS.items(), 1)]
CLEAR = "clear"  # the choice that takes a verdict back
VERDICT_CHOICES.append(("清除判定", CLEAR))
PAGE_SIZES = [20, 50, 100]
KEYS_HINT = (
    "键盘：**1** 正确 · **2** 不相关 · **3** 断章取义（选中出处后按键即保存）· "
    "**J / K** 下一条 / 上一条出处 · **N** 下一个待审阅问题（含只判了部分出处的、"
    "段落已修改需重新核对的）· "
    "判错了：选“清除判定”后保存"
)
NAME_LABEL = f"你的名字（记入标记，可选，最多 {MAX_NAME_CHARS} 字）"
LOGIN_NAME_LABEL = "记入标记的名字（登录时填写的名字）"
NO_QUESTION = "⚠️ 请先选中一个问题（点击问答记录中的一行，或输入编号后回车）。"
PRIVATE = {"api_visibility": "private"}
# The login goes to the server, which sets the cookie; the page then reloads as a trainer's.
LOGIN_SCRIPT = """async (name, password) => {
  const r = await fetch('/trainer/login', {method: 'POST', credentials: 'same-origin',
    headers: {'Content-Type': 'application/json'}, body: JSON.stringify({name, password})});
  const d = await r.json().catch(() => ({}));
  if (r.ok) { location.assign(location.pathname + '?tab=trainer'); return '已进入培训师区。'; }
  return '⚠️ ' + (d.error || '登录失败，请稍后再试。');
}"""
LOGOUT_SCRIPT = """async () => {
  await fetch('/trainer/logout', {method: 'POST', credentials: 'same-origin'});
  location.assign(location.pathname + '?tab=trainer');
}"""


def _message(e: Exception) -> str:
    return f"⚠️ {e}"


def _qid(value: Any) -> int | None:
    """The question number in the box, or None (empty, or not a number)."""
    text = str(value or "").strip().lstrip("#")
    return int(text) if text.isdigit() and int(text) > 0 else None


def _first_open(review: Review, after: int = 0) -> str | None:
    """The first citation after ``after`` still to judge (wrapping), as a choice."""
    open_ = list(review.open)
    later = [n for n in open_ if n > after] or open_
    return str(later[0]) if later else None


@dataclass(frozen=True)
class LogPanel:
    """The components of the question log view."""

    which: gr.Radio
    essay: gr.Dropdown
    size: gr.Dropdown
    refresh: gr.Button
    queue: gr.Button  # the next unreviewed question
    page: gr.State  # the page shown (1-based)
    pager: gr.Markdown
    prev: gr.Button
    next: gr.Button
    log: gr.HTML
    qid: gr.Textbox
    detail: gr.HTML
    cite_n: gr.Radio
    verdict: gr.Radio
    comment: gr.Textbox
    trainer: gr.Textbox
    save: gr.Button
    find: gr.Textbox
    find_btn: gr.Button
    found: gr.Radio
    found_view: gr.HTML  # the result picked, whole
    attach: gr.Button
    attached: gr.Radio  # the paragraphs attached to the open question, the one to remove
    detach: gr.Button
    status: gr.Markdown
    exports: tuple[gr.Button, gr.Button, gr.Button]  # Markdown, JSON, verified pairs
    files: gr.File
    seen: gr.State  # citation n → its verdict as shown (``mark_state``), for the open question

    @property
    def question_view(self) -> list:
        """What opening a question updates."""
        return [self.detail, self.cite_n, self.attached, self.seen]

    @property
    def search(self) -> list:
        """The search for a paragraph to attach: keyword, results, the result picked."""
        return [self.find, self.found, self.found_view]

    @property
    def listing(self) -> list:
        """What the log is shown from: filter, essay, page, page size, selected question."""
        return [self.which, self.essay, self.page, self.size, self.qid]

    @property
    def shown(self) -> list:
        """What showing the log updates (the essays to filter by too: one may have been
        published or retired since the page was opened)."""
        return [self.log, self.pager, self.page, self.queue, self.essay]


class LogHandlers:
    """Callbacks of the trainer's question log. Each one checks the request's login cookie
    (never a state the page holds); the ``Desk`` refuses when it is not valid."""

    def __init__(self, desk: Desk, panel: LogPanel, access: TrainerAccess) -> None:
        self.desk = desk
        self.p = panel
        self.access = access

    def ok(self, request: gr.Request) -> bool:
        """Logged in: the request carries a valid login cookie (or no password is set)."""
        return self.access.check(_cookie(request)) is not None

    def name(self, request: gr.Request) -> str:
        trainer = self.access.check(_cookie(request))
        return trainer.name if trainer else ""

    def name_box(self, request: gr.Request):
        """The name marks are saved under: the name given at login, shown and fixed (marks
        are that login's); without one, free to change: the page's script fills in the name
        this browser last typed (its localStorage), which survives a reload."""
        login = self.name(request)
        if login:
            return gr.update(value=login, interactive=False, label=LOGIN_NAME_LABEL)
        return gr.update(interactive=True, label=NAME_LABEL)

    # -- the log ------------------------------------------------------------------------------

    def load(self, which, essay_id, page, size, qid, request: gr.Request) -> dict:
        p = self.p
        try:
            found = self.desk.log_page(self.ok(request), which, essay_id or "", page or 1, size)
        except RagError as err:
            return {
                p.log: error(err),
                p.pager: "",
                p.page: 1,
                p.queue: gr.skip(),
                p.essay: gr.skip(),
            }
        label = f"下一个待审阅问题（剩 {found.unreviewed} 个）（N）"
        return {
            p.log: log_table_html(found, _qid(qid)),
            p.pager: pager_text(found),
            p.page: found.page,
            p.queue: gr.update(value=label, interactive=found.unreviewed > 0),
            p.essay: gr.update(choices=_essay_choices(self.desk, essay_id or "")),
        }

    def first_page(self, which, essay_id, page, size, qid, request: gr.Request) -> dict:
        return self.load(which, essay_id, 1, size, qid, request)

    def earlier(self, which, essay_id, page, size, qid, request: gr.Request) -> dict:
        return self.load(which, essay_id, (page or 1) + 1, size, qid, request)

    def later(self, which, essay_id, page, size, qid, request: gr.Request) -> dict:
        return self.load(which, essay_id, max(1, (page or 1) - 1), size, qid, request)

    # -- one question -------------------------------------------------------------------------

    def show(self, qid, request: gr.Request) -> dict:
        """The question's answer, each citation in its paragraph, and its citations to mark
        (the first one not yet judged selected)."""
        number = _qid(qid)
        if number is None:
            text = (
                hint("点击上表一行，或输入问题编号后回车。") if not str(qid or "").strip() else ""
            )
            return self._none_open(text or error("问题编号应是一个正整数。"))
        try:
            q = self.desk.question(self.ok(request), number)
        except RagError as err:
            return self._none_open(error(err))
        return self._detail(q)

    def open(self, qid, request: gr.Request) -> dict:
        """Another question opened (a row clicked, a number typed, N): shown, with the
        paragraph search emptied, so that nothing searched for the question before is
        attached to this one."""
        p = self.p
        fresh = {
            p.find: "",
            p.found: gr.update(choices=[], value=None),
            p.found_view: found_paragraph_html(None, None),
        }
        return {**self.show(qid, request), **fresh}

    def _none_open(self, text) -> dict:
        p = self.p
        return {
            p.detail: text,
            p.cite_n: gr.update(choices=[], value=None),
            p.attached: gr.update(choices=[], value=None, visible=False),
            p.seen: {},
        }

    def _detail(self, q: LoggedQuestion, after: int = 0, keep: int | None = None) -> dict:
        """The question shown: its detail, its citations to mark (the first still to judge
        after ``after`` selected, or ``keep``), its attached paragraphs to remove (the only
        one selected) and its verdicts as shown."""
        review = self.desk.review(q)
        changed = {*review.stale, *review.unjudgeable}
        choices = [
            (citation_choice(c, q.marks.get(c.n), c.n in changed), str(c.n))
            for c in q.answer.citations
        ]
        attached = self.desk.attached_choices(q)
        return {
            self.p.detail: question_detail_html(q, self.desk.paragraphs),
            self.p.cite_n: gr.update(
                choices=choices, value=str(keep) if keep else _first_open(review, after)
            ),
            self.p.attached: gr.update(
                choices=attached,
                value=attached[0][1] if len(attached) == 1 else None,
                visible=bool(attached),
            ),
            self.p.seen: {str(c.n): mark_state(q.marks.get(c.n)) for c in q.answer.citations},
        }

    def next_question(self, qid, request: gr.Request) -> dict:
        """The review queue: open the next unreviewed question."""
        p = self.p
        try:
            found = self.desk.next_unreviewed(self.ok(request), _qid(qid))
        except RagError as err:
            return {p.status: _message(err), p.qid: gr.skip()}
        if found is None:
            return {p.status: "✔ 所有问题都已审阅。", p.qid: gr.skip()}
        return {p.status: f"问题 #{found}（待审阅）", p.qid: str(found)}

    def save_mark(self, qid, n, verdict, comment, trainer, seen, request: gr.Request) -> dict:
        """Save a verdict; then clear the verdict and comment and select the next citation
        not yet judged. When the question is done it stays open: the answer may have missed a
        paragraph, to attach before moving on (N, or the queue button). A citation judged by
        another trainer since the page showed it is not overwritten: the page shows the new
        verdict and says so (a second save overwrites it)."""
        p = self.p
        number = _qid(qid)
        if number is None:
            return {p.status: NO_QUESTION}
        if not (n and verdict):
            return {p.status: "⚠️ 请先选中出处和判定（或选中出处后按 1 / 2 / 3）。"}
        ok, trainer = self.ok(request), self.name(request) or trainer
        shown = (seen or {}).get(str(n))  # None: the page showed no such citation
        try:
            if verdict == CLEAR:  # a mistake taken back: stay on this citation
                saved = self.desk.unmark(ok, number, n, shown)
                q = self.desk.question(ok, number)
                return {p.status: saved, p.verdict: None, **self._detail(q, int(n))}
            saved = self.desk.mark(ok, number, n, verdict, comment, trainer, shown)
            q = self.desk.question(ok, number)
        except MarkChanged as err:  # shown now: the same citation stays selected
            q = self.desk.question(ok, number)
            return {p.status: _message(err), **self._detail(q, keep=int(n))}
        except (RagError, ValueError) as err:
            return {p.status: _message(err)}
        cleared = {p.verdict: None, p.comment: ""}
        if _first_open(self.desk.review(q)) is not None:
            return {p.status: saved + _unsigned(trainer), **cleared, **self._detail(q, int(n))}
        upcoming = self.desk.next_unreviewed(ok, number)
        then = (
            "所有问题都已审阅。"
            if upcoming is None
            else f"按 N（或“下一个待审阅问题”）转到 #{upcoming}。"
        )
        done = (
            f"{saved}。问题 #{number} 的出处都已判定。"
            "如果回答漏掉了正确段落，可以在下方搜索后附上。" + then
        )
        return {p.status: done + _unsigned(trainer), **cleared, **self._detail(q, int(n))}

    # -- missing passages and exports ---------------------------------------------------------

    def find(self, words: str, request: gr.Request) -> dict:
        """The paragraphs for the words typed, or the one a paragraph id names (picked and
        shown at once); nothing typed, nothing found or no such paragraph: a message."""
        p = self.p
        try:
            found = self.desk.search_paragraphs(self.ok(request), words)
        except RagError as err:
            return {p.found: gr.update(choices=[], value=None), p.found_view: error(err)}
        chosen = found.chosen or None
        return {
            p.found: gr.update(choices=list(found.found), value=chosen),
            p.found_view: self._found_view(chosen),
        }

    def show_found(self, paragraph_id: str | None, request: gr.Request):
        """The search result picked, whole (a result's label shows its start only)."""
        if not paragraph_id or not self.ok(request):
            return gr.skip()  # a new search cleared the choice: its message stays
        return self._found_view(paragraph_id)

    def _found_view(self, paragraph_id: str | None):
        p = self.desk.paragraphs.get(paragraph_id or "")
        essay = self.desk.essays.get(p.essay_id) if p is not None else None
        return found_paragraph_html(essay, p)

    def linked(self, request: gr.Request):
        """The question a link named (``?tab=trainer&q=20``, from the overview), opened."""
        params = getattr(request, "query_params", None) or {}
        number = _qid(params.get("q", ""))
        return str(number) if number is not None else gr.skip()

    def attach(self, qid, paragraph_id, comment, trainer, request: gr.Request) -> dict:
        p = self.p
        number = _qid(qid)
        if number is None:
            return {p.status: NO_QUESTION}
        ok, trainer = self.ok(request), self.name(request) or trainer
        message = _guarded(self.desk.attach, ok, number, paragraph_id, comment, trainer)
        if message.startswith("已"):
            message += _unsigned(trainer)
        return {p.status: message, p.comment: "" if message.startswith("已") else gr.skip()}

    def detach(self, qid, attached, request: gr.Request) -> dict:
        """Remove the paragraph attached to the open question (``attached``: the one picked
        among its attached paragraphs; the search's result plays no part)."""
        p = self.p
        number = _qid(qid)
        if number is None:
            return {p.status: NO_QUESTION}
        return {p.status: _guarded(self.desk.detach, self.ok(request), number, attached or "")}

    def export(self, qid, fmt: str, request: gr.Request) -> dict:
        p = self.p
        number = _qid(qid)
        if number is None:
            return {p.status: NO_QUESTION, p.files: None}
        try:
            path = self.desk.export_conversation(self.ok(request), number, fmt)
        except RagError as err:
            return {p.status: _message(err), p.files: None}
        return {p.status: "已导出此对话，请在下方下载。", p.files: path}

    def export_markdown(self, qid, request: gr.Request) -> dict:
        return self.export(qid, "md", request)

    def export_json(self, qid, request: gr.Request) -> dict:
        return self.export(qid, "json", request)

    def export_pairs(self, request: gr.Request) -> dict:
        p = self.p
        try:
            path = self.desk.export_verified(self.ok(request))
        except RagError as err:
            return {p.status: _message(err), p.files: None}
        return {p.status: "已导出全部已核实问答对，请在下方下载。", p.files: path}


def _cookie(request: gr.Request | None) -> str:
    cookies = getattr(request, "cookies", None) or {}
    return cookies.get(COOKIE, "")


def _unsigned(trainer: str) -> str:
    """What a mark saved without a name says: the answers will show it unsigned."""
    if clean_name(trainer):
        return ""
    return f"（没有填写名字：答案上显示为“{UNNAMED}”。请在上方填写你的名字。）"


def trainer_tab(desk: Desk, access: TrainerAccess, demo: gr.Blocks, library: Library) -> None:
    """The trainer area; behind a login when a password is configured. The login is a request
    to the server (/trainer/login), which sets a cookie; the page then reloads."""
    with gr.Tab("培训师", id="trainer") as tab:
        with gr.Row(visible=not access.open) as login_row:
            name = gr.Textbox(
                label=f"你的名字（记入标记，最多 {MAX_NAME_CHARS} 字）",
                elem_id="trainer-name",
                scale=2,
            )
            pw = gr.Textbox(
                type="password", label="培训师密码", elem_id="trainer-password", scale=3
            )
            login = gr.Button("进入", elem_id="trainer-login", scale=1)
        login_msg = gr.Markdown(elem_id="trainer-login-msg")
        with gr.Column(visible=access.open, elem_id="trainer-panel") as panel:
            with gr.Row(elem_id="trainer-bar"):
                # Two views switched by a radio, not nested tabs: Gradio 6 shows nested tabs'
                # buttons in the main tab bar as well.
                view = gr.Radio(
                    [("问答记录", "log"), ("概况", "overview"), ("文章库", "library")],
                    value="log",
                    label="培训师区的页面",
                    show_label=False,
                    elem_id="trainer-view",
                    scale=3,
                )
                who = gr.Markdown(elem_id="trainer-who")
                logout = gr.Button(
                    "退出登录",
                    size="sm",
                    visible=not access.open,
                    elem_id="trainer-logout",
                    scale=0,
                )
            with gr.Column(visible=True, elem_id="trainer-log-view") as log_view:
                load_log, restore_name, open_linked = _log_section(desk, access)
            with gr.Column(visible=False, elem_id="trainer-overview-view") as overview_view:
                load_overview = _overview_section(desk, access, library)
            with gr.Column(visible=False, elem_id="trainer-library-view") as library_view:
                signer = restore_name[2][0]  # the desk's name box
                load_library = library_section(library, desk.source, access, signer)

    views = {"log": log_view, "overview": overview_view, "library": library_view}

    def switch(chosen: str) -> dict:
        return {column: gr.update(visible=chosen == key) for key, column in views.items()}

    loaded = load_overview[2] + load_library[2]

    def load_chosen(chosen: str, request: gr.Request) -> dict:
        """The view opened loads its data: the overview's figures, the library's lists (the
        log keeps what it shows: an empty dict would be an error, every output is skipped)."""
        if chosen == "overview":
            return load_overview[0](request)
        if chosen == "library":
            return load_library[0](request)
        return {c: gr.skip() for c in loaded}

    view.change(switch, [view], list(views.values()), **PRIVATE).then(
        load_chosen, [view], loaded, **PRIVATE
    )

    def state(request: gr.Request) -> dict:
        trainer = access.check(_cookie(request))
        shown = "" if access.open or trainer is None else f"已登录：{trainer.name or '（未署名）'}"
        return {
            login_row: gr.update(visible=trainer is None),
            panel: gr.update(visible=trainer is not None),
            who: shown,
        }

    for event in (login.click, pw.submit):
        event(None, [name, pw], [login_msg], js=LOGIN_SCRIPT, **PRIVATE)
    logout.click(None, None, None, js=LOGOUT_SCRIPT, **PRIVATE)
    demo.load(state, None, [login_row, panel, who], **PRIVATE).then(*load_log, **PRIVATE)
    tab.select(state, None, [login_row, panel, who], **PRIVATE).then(*load_log, **PRIVATE)
    # The login's name: when the page loads (a reload may land on this tab, as a login does)
    # and when the tab is opened.
    demo.load(*restore_name, **PRIVATE)
    tab.select(*restore_name, **PRIVATE)
    demo.load(*open_linked, **PRIVATE)  # ?tab=trainer&q=20: the overview's links


def _essay_choices(desk: Desk, chosen: str = "") -> list[tuple[str, str]]:
    """The essays the log can be filtered by: those answered from now, and the one chosen
    (retired since, its questions are still in the log)."""
    essays = [(e.display_title, e.id) for e in desk.essays.values()]
    if chosen and chosen not in {i for _, i in essays}:
        essays.append((f"{chosen}（已停用）", chosen))
    return [("全部文章", ""), *essays]


def _log_panel(desk: Desk) -> LogPanel:
    with gr.Row(elem_id="log-controls"):
        which = gr.Radio(FILTER_CHOICES, value="all", label="筛选", elem_id="log-filter", scale=4)
        essay = gr.Dropdown(
            _essay_choices(desk), value="", label="按文章", elem_id="log-essay", scale=2
        )
        size = gr.Radio(PAGE_SIZES, value=50, label="每页", elem_id="log-size", scale=1)
        refresh = gr.Button("刷新", elem_id="log-refresh", scale=0)
    with gr.Row(elem_id="log-pager"):
        queue = gr.Button("下一个待审阅问题（N）", elem_id="next-unreviewed", variant="primary")
        prev = gr.Button("‹ 较新", size="sm", elem_id="log-newer", scale=0)
        pager = gr.Markdown(elem_id="log-page-info")
        nxt = gr.Button("较早 ›", size="sm", elem_id="log-older", scale=0)
    page = gr.State(1)
    log = gr.HTML(elem_id="trainer-log")
    qid = gr.Textbox(
        label="问题编号",
        placeholder="点击上表一行，或输入编号后回车",
        elem_id="trainer-qid",
        max_lines=1,
    )
    detail = gr.HTML(hint("点击上表一行，或输入问题编号后回车。"), elem_id="trainer-detail")
    with gr.Row():
        cite_n = gr.Radio(label="出处", choices=[], elem_id="mark-cite", scale=3)
        verdict = gr.Radio(VERDICT_CHOICES, label="判定", elem_id="mark-verdict", scale=2)
    with gr.Row():
        comment = gr.Textbox(
            label=f"备注（可选，最多 {MAX_COMMENT_CHARS} 字）", elem_id="mark-comment", scale=3
        )
        # no max_length: a longer name is refused with a message rather than cut unseen
        trainer = gr.Textbox(label=NAME_LABEL, elem_id="mark-trainer", scale=1)
    save = gr.Button("保存标记", variant="primary", elem_id="mark-save")
    gr.Markdown(KEYS_HINT, elem_id="keys-hint")
    status = gr.Markdown(elem_id="trainer-status")
    gr.Markdown("#### 回答漏掉了正确段落？搜索文章，选中后附上")
    with gr.Row():
        find = gr.Textbox(
            label="搜索段落的关键词",  # hidden, but read out by screen readers
            show_label=False,
            placeholder="输入关键词",
            elem_id="missing-query",
            scale=4,
        )
        find_btn = gr.Button("搜索段落", scale=1, elem_id="missing-search")
    found = gr.Radio(label="搜索结果", choices=[], elem_id="missing-results")
    found_view = gr.HTML(found_paragraph_html(None, None), elem_id="missing-preview")
    attach = gr.Button("作为正确段落附上", elem_id="missing-attach")
    with gr.Row(elem_id="missing-attached-row"):
        attached = gr.Radio(
            label="这个问题附上的段落（选中要移除的一段）",
            choices=[],
            visible=False,
            elem_id="missing-attached",
            scale=4,
        )
        detach = gr.Button("移除附上的这一段", elem_id="missing-detach", scale=1)
    with gr.Row():
        exports = (
            gr.Button("导出此对话（Markdown）", elem_id="export-md"),
            gr.Button("导出此对话（JSON）", elem_id="export-json"),
            gr.Button("导出已核实问答对（JSONL）", elem_id="export-pairs"),
        )
    files = gr.File(label="导出文件", elem_id="exports")
    return LogPanel(
        which, essay, size, refresh, queue, page, pager, prev, nxt, log, qid, detail, cite_n,
        verdict, comment, trainer, save, find, find_btn, found, found_view, attach, attached,
        detach, status, exports, files, gr.State({}),
    )  # fmt: skip


def _log_section(desk: Desk, access: TrainerAccess):
    """The log view, wired. Returns the loader (function, inputs, outputs: a login reloads it),
    the setter of the name box (the login's name), and the opener of a question a link
    names."""
    p = _log_panel(desk)
    h = LogHandlers(desk, p, access)
    load = (h.load, p.listing, p.shown)
    p.refresh.click(*load, **PRIVATE)
    for control in (p.which, p.essay, p.size):
        control.change(h.first_page, p.listing, p.shown, **PRIVATE)
    p.prev.click(h.later, p.listing, p.shown, **PRIVATE)
    p.next.click(h.earlier, p.listing, p.shown, **PRIVATE)
    show = (h.show, [p.qid], p.question_view)
    # A row clicked (the page script types its number into the box) or a number typed: the
    # question shown, its search fresh (in one event: a search begun once the question shows
    # is never emptied by a late reset).
    p.qid.change(h.open, [p.qid], p.question_view + p.search, **PRIVATE)
    # What was said and exported concerns the question it was about: another question clears
    # the exported file (a trainer would download another conversation) and the status line,
    # unless the line names the new question (问题 #N（待审阅）); another
    # filter clears the line too.
    p.qid.change(_cleared, None, [p.files], **PRIVATE)
    p.qid.change(_status_for, [p.qid, p.status], [p.status], **PRIVATE)
    for control in (p.which, p.essay, p.size):
        control.input(_cleared, None, [p.status], **PRIVATE)
    p.qid.submit(*load, **PRIVATE)  # the typed question's row highlighted, if it is on the page
    p.queue.click(h.next_question, [p.qid], [p.status, p.qid], **PRIVATE).then(*load, **PRIVATE)
    mark_in = [p.qid, p.cite_n, p.verdict, p.comment, p.trainer, p.seen]
    mark_out = [p.status, p.verdict, p.comment, p.qid, *p.question_view]
    p.save.click(h.save_mark, mark_in, mark_out, **PRIVATE).then(*load, **PRIVATE)
    p.find_btn.click(h.find, [p.find], [p.found, p.found_view], **PRIVATE)
    p.find.submit(h.find, [p.find], [p.found, p.found_view], **PRIVATE)
    p.found.change(h.show_found, [p.found], [p.found_view], **PRIVATE)
    attach_in = [p.qid, p.found, p.comment, p.trainer]
    p.attach.click(h.attach, attach_in, [p.status, p.comment], **PRIVATE).then(
        *show, **PRIVATE
    ).then(*load, **PRIVATE)
    p.detach.click(h.detach, [p.qid, p.attached], [p.status], **PRIVATE).then(
        *show, **PRIVATE
    ).then(*load, **PRIVATE)
    markdown, json_, pairs = p.exports
    markdown.click(h.export_markdown, [p.qid], [p.status, p.files], **PRIVATE)
    json_.click(h.export_json, [p.qid], [p.status, p.files], **PRIVATE)
    pairs.click(h.export_pairs, None, [p.status, p.files], **PRIVATE)
    return load, (h.name_box, None, [p.trainer]), (h.linked, None, [p.qid])


def _cleared():
    return None


def _status_for(qid, status: str | None) -> str:
    """The status line kept only when it is about question ``qid``."""
    number = _qid(qid)
    about = number is not None and re.search(rf"#{number}(?!\d)", status or "")
    return status if about else ""


def _guarded(fn, *args) -> str:
    """Call ``fn`` for a status message; a user error becomes the message."""
    try:
        return fn(*args)
    except (RagError, TypeError, ValueError) as err:
        return _message(err)


def with_retired_titles(o: Overview, retired: Sequence[Retired]) -> Overview:
    """The overview with the essays retired since they were cited named by their title, marked
    已停用 (the chart had labelled such an essay's bar by its id)."""
    cited = {e for e, _ in o.stats.get("per_essay", ())}
    gone = {
        r.essay.id: f"{r.essay.display_title}{RETIRED_MARK}"
        for r in retired
        if r.essay.id in cited and r.essay.id not in o.titles
    }
    return replace(o, titles={**o.titles, **gone})


def _overview_section(desk: Desk, access: TrainerAccess, library: Library | None = None):
    """The overview, wired; returns its loader (function, inputs, outputs): it loads when it
    is opened. Essays retired since they were cited are named by their title from the
    library's history, marked 已停用."""
    figures = gr.Markdown(elem_id="overview-figures")
    charts = gr.HTML(elem_id="overview-charts")
    refresh = gr.Button("刷新概况", elem_id="overview-refresh", size="sm")

    def load(request: gr.Request) -> dict:
        try:
            o = desk.overview(access.check(_cookie(request)) is not None)
        except RagError as err:
            return {figures: _message(err), charts: ""}
        # (the history is read only when an essay cited is not in use: reading it parses
        # every retired essay)
        unknown = {e for e, _ in o.stats.get("per_essay", ())} - set(o.titles)
        try:
            retired = library.retired() if library is not None and unknown else []
        except RagError:
            retired = []  # a history that cannot be read: those essays named by their id
        o = with_retired_titles(o, retired)
        return {figures: overview_markdown(o), charts: overview_charts_html(o)}

    outputs = [figures, charts]
    refresh.click(load, None, outputs, **PRIVATE)
    return load, None, outputs
