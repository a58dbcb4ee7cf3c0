"""The trainer tab: the question log with marks, missing passages and exports, and the overview."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr
import pandas as pd

from rag.core.errors import RagError
from rag.trainer.access import COOKIE, TrainerAccess
from rag.trainer.desk import Desk
from rag.trainer.types import VERDICTS
from rag.web.html import error, overview_markdown, question_detail_html

FILTER_CHOICES = [
    ("全部", "all"),
    ("未审阅", "unreviewed"),
    ("已审阅", "reviewed"),
    ("已回避", "abstained"),
    ("被点踩", "disliked"),
]
VERDICT_CHOICES = [(label, key) for key, label in VERDICTS.items()]
LOG_HEADERS = ["编号", "时间", "问题", "回避", "评价", "审阅"]
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
  location.reload();
}"""


def _message(e: Exception) -> str:
    return f"⚠️ {e}"


@dataclass(frozen=True)
class LogPanel:
    """The components of the question log tab."""

    which: gr.Radio
    essay: gr.Dropdown
    refresh: gr.Button
    log: gr.Dataframe
    qid: gr.Number
    detail: gr.HTML
    cite_n: gr.Radio
    verdict: gr.Radio
    comment: gr.Textbox
    trainer: gr.Textbox
    save: gr.Button
    find: gr.Textbox
    find_btn: gr.Button
    found: gr.Radio
    attach: gr.Button
    status: gr.Markdown
    exports: tuple[gr.Button, gr.Button, gr.Button]  # Markdown, JSON, verified pairs
    files: gr.File


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

    def load(self, which: str, essay_id: str, request: gr.Request) -> dict:
        ok = self.ok(request)
        try:
            rows = self.desk.log_rows(ok, which, essay_id)
            return {self.p.log: pd.DataFrame(rows, columns=LOG_HEADERS), self.p.status: ""}
        except RagError as err:
            empty = pd.DataFrame([], columns=LOG_HEADERS)
            return {self.p.log: empty, self.p.status: _message(err)}

    def pick_row(self, table: pd.DataFrame, evt: gr.SelectData, request: gr.Request) -> int | None:
        ok = self.ok(request)
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        return int(table.iloc[int(row), 0]) if ok and len(table) else None

    def show(self, question_id, request: gr.Request) -> dict:
        """The question's answer and marks, and its citations to choose from for a mark."""
        p = self.p
        if not question_id:
            return {p.detail: "", p.cite_n: gr.update(choices=[], value=None)}
        try:
            q = self.desk.question(self.ok(request), int(question_id))
        except RagError as err:
            return {p.detail: error(err), p.cite_n: gr.update(choices=[], value=None)}
        choices = [(f"[{c.n}] {c.chunk_id}", str(c.n)) for c in q.answer.citations]
        return {
            p.detail: question_detail_html(q, self.desk.paragraphs),
            p.cite_n: gr.update(choices=choices, value=None),
        }

    def save_mark(self, question_id, n, verdict, comment, trainer, request: gr.Request) -> str:
        ok, trainer = self.ok(request), self.name(request) or trainer
        if not (question_id and n and verdict):
            return "⚠️ 请先选中问题、出处和判定。"
        return _guarded(self.desk.mark, ok, question_id, n, verdict, comment, trainer)

    def find(self, words: str, request: gr.Request):
        ok = self.ok(request)
        found = _safe(self.desk.search_paragraphs, ok, words, default=[])
        return gr.update(choices=found, value=None)

    def attach(self, question_id, paragraph_id, comment, trainer, request: gr.Request) -> str:
        ok, trainer = self.ok(request), self.name(request) or trainer
        return _guarded(self.desk.attach, ok, question_id, paragraph_id, comment, trainer)

    def export_markdown(self, question_id, request: gr.Request):
        ok = self.ok(request)
        return _safe(self.desk.export_conversation, ok, question_id, "md")

    def export_json(self, question_id, request: gr.Request):
        ok = self.ok(request)
        return _safe(self.desk.export_conversation, ok, question_id, "json")

    def export_pairs(self, request: gr.Request):
        ok = self.ok(request)
        return _safe(self.desk.export_verified, ok)


def _cookie(request: gr.Request | None) -> str:
    cookies = getattr(request, "cookies", None) or {}
    return cookies.get(COOKIE, "")


def trainer_tab(desk: Desk, access: TrainerAccess, demo: gr.Blocks) -> None:
    """The trainer area; behind a login when a password is configured. The login is a request
    to the server (/trainer/login), which sets a cookie; the page then reloads."""
    with gr.Tab("培训师", id="trainer") as tab:
        with gr.Row(visible=not access.open) as login_row:
            name = gr.Textbox(label="你的名字（记入标记）", elem_id="trainer-name", scale=2)
            pw = gr.Textbox(
                type="password", label="培训师密码", elem_id="trainer-password", scale=3
            )
            login = gr.Button("进入", elem_id="trainer-login", scale=1)
        login_msg = gr.Markdown(elem_id="trainer-login-msg")
        with gr.Column(visible=access.open, elem_id="trainer-panel") as panel:
            with gr.Row():
                who = gr.Markdown(elem_id="trainer-who")
                logout = gr.Button(
                    "退出登录", size="sm", visible=not access.open, elem_id="trainer-logout"
                )
            # Two views switched by a radio, not nested tabs: Gradio 6 shows nested tabs'
            # buttons in the main tab bar as well.
            view = gr.Radio(
                [("问答记录", "log"), ("概况", "overview")],
                value="log",
                show_label=False,
                elem_id="trainer-view",
            )
            with gr.Column(visible=True, elem_id="trainer-log-view") as log_view:
                load_log, restore_name = _log_section(desk, access)
            with gr.Column(visible=False, elem_id="trainer-overview-view") as overview_view:
                load_overview = _overview_section(desk, access)

    def switch(chosen: str) -> dict:
        return {
            log_view: gr.update(visible=chosen == "log"),
            overview_view: gr.update(visible=chosen == "overview"),
        }

    view.change(switch, [view], [log_view, overview_view], **PRIVATE).then(
        *load_overview, **PRIVATE
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
    tab.select(*restore_name, **PRIVATE)  # the name this browser last used


def _log_panel(desk: Desk) -> LogPanel:
    essay_choices = [("全部文章", "")] + [(e.display_title, e.id) for e in desk.essays.values()]
    with gr.Row():
        which = gr.Radio(FILTER_CHOICES, value="all", label="筛选", elem_id="log-filter")
        essay = gr.Dropdown(essay_choices, value="", label="按文章")
        refresh = gr.Button("刷新", elem_id="log-refresh")
    log = gr.Dataframe(headers=LOG_HEADERS, interactive=False, elem_id="trainer-log", wrap=True)
    qid = gr.Number(label="问题编号（点击上表一行选中）", precision=0, elem_id="trainer-qid")
    detail = gr.HTML(elem_id="trainer-detail")
    with gr.Row():
        cite_n = gr.Radio(label="出处", choices=[], elem_id="mark-cite")
        verdict = gr.Radio(VERDICT_CHOICES, label="判定", elem_id="mark-verdict")
    with gr.Row():
        comment = gr.Textbox(label="备注（可选）", elem_id="mark-comment", scale=3)
        trainer = gr.Textbox(
            label="你的名字（记入标记，可选）", elem_id="mark-trainer", max_length=40, scale=1
        )
    save = gr.Button("保存标记", variant="primary", elem_id="mark-save")
    gr.Markdown("#### 回答漏掉了正确段落？搜索文章，选中后附上")
    with gr.Row():
        find = gr.Textbox(
            show_label=False, placeholder="输入关键词", elem_id="missing-query", scale=4
        )
        find_btn = gr.Button("搜索段落", scale=1, elem_id="missing-search")
    found = gr.Radio(label="搜索结果", choices=[], elem_id="missing-results")
    attach = gr.Button("作为正确段落附上", elem_id="missing-attach")
    status = gr.Markdown(elem_id="trainer-status")
    with gr.Row():
        exports = (
            gr.Button("导出此对话（Markdown）"),
            gr.Button("导出此对话（JSON）"),
            gr.Button("导出已核实问答对（JSONL）"),
        )
    files = gr.File(label="导出文件", elem_id="exports")
    return LogPanel(
        which, essay, refresh, log, qid, detail, cite_n, verdict, comment, trainer, save, find,
        find_btn, found, attach, status, exports, files,
    )  # fmt: skip


def _log_section(desk: Desk, access: TrainerAccess):
    """The log tab, wired. Returns the loader (function, inputs, outputs: a login reloads it)
    and the restorer of the trainer's name, which this browser remembers between visits."""
    p = _log_panel(desk)
    h = LogHandlers(desk, p, access)
    remembered = gr.BrowserState("", storage_key="rag-trainer-name")
    p.trainer.change(_same, [p.trainer], [remembered], **PRIVATE)
    load = (h.load, [p.which, p.essay], [p.log, p.status])
    for event in (p.refresh.click, p.which.change, p.essay.change):
        event(*load, **PRIVATE)
    p.log.select(h.pick_row, [p.log], [p.qid], **PRIVATE)
    show = (h.show, [p.qid], [p.detail, p.cite_n])
    p.qid.change(*show, **PRIVATE)
    mark_in = [p.qid, p.cite_n, p.verdict, p.comment, p.trainer]
    p.save.click(h.save_mark, mark_in, [p.status], **PRIVATE).then(*show, **PRIVATE)
    p.find_btn.click(h.find, [p.find], [p.found], **PRIVATE)
    attach_in = [p.qid, p.found, p.comment, p.trainer]
    p.attach.click(h.attach, attach_in, [p.status], **PRIVATE).then(*show, **PRIVATE)
    markdown, json_, pairs = p.exports
    markdown.click(h.export_markdown, [p.qid], [p.files], **PRIVATE)
    json_.click(h.export_json, [p.qid], [p.files], **PRIVATE)
    pairs.click(h.export_pairs, None, [p.files], **PRIVATE)
    return load, (_same, [remembered], [p.trainer])


def _same(value):
    return value


def _guarded(fn, *args) -> str:
    """Call ``fn`` for a status message; a user error becomes the message."""
    try:
        return fn(*args)
    except (RagError, TypeError, ValueError) as err:
        return _message(err)


def _safe(fn, *args, default=None):
    """Call ``fn``; on a user error return ``default`` instead of breaking the page."""
    try:
        return fn(*args)
    except (RagError, TypeError, ValueError):
        return default


def _overview_section(desk: Desk, access: TrainerAccess):
    """The overview, wired; returns its loader (function, inputs, outputs): it loads when it
    is opened."""
    figures = gr.Markdown(elem_id="overview-figures")
    with gr.Row():
        verdicts = gr.BarPlot(
            x="判定", y="数量", title="出处核对结果", y_lim=[0, None], elem_id="chart-verdicts"
        )
        essays = gr.BarPlot(
            x="文章",
            y="被引用次数",
            title="各篇文章被引用次数",
            y_lim=[0, None],
            elem_id="chart-essays",
        )
    topics = gr.BarPlot(
        x="问题", y="次数", title="问得最多的问题", y_lim=[0, None], elem_id="chart-topics"
    )
    refresh = gr.Button("刷新概况", elem_id="overview-refresh")

    def load(request: gr.Request) -> dict:
        try:
            o = desk.overview(access.check(_cookie(request)) is not None)
        except RagError as err:
            empty = pd.DataFrame({"x": [], "y": []})
            return {figures: _message(err), verdicts: empty, essays: empty, topics: empty}
        return {
            figures: overview_markdown(o),
            verdicts: pd.DataFrame(o.verdict_counts, columns=["判定", "数量"]),
            essays: pd.DataFrame(o.essay_counts, columns=["文章", "被引用次数"]),
            topics: pd.DataFrame(
                [(t[:24], n) for t, n in o.topic_counts], columns=["问题", "次数"]
            ),
        }

    outputs = [figures, verdicts, essays, topics]
    refresh.click(load, None, outputs, **PRIVATE)
    return load, None, outputs
