"""The trainer tab: the question log with marks, missing passages and exports, and the overview."""

from __future__ import annotations

from dataclasses import dataclass

import gradio as gr
import pandas as pd

from rag.core.errors import RagError
from rag.trainer.desk import Desk, check_password
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
    """Callbacks of the trainer's question log. Every one takes the login state ``ok`` first;
    the ``Desk`` refuses when it is false."""

    def __init__(self, desk: Desk, panel: LogPanel) -> None:
        self.desk = desk
        self.p = panel

    def load(self, ok: bool, which: str, essay_id: str) -> dict:
        try:
            rows = self.desk.log_rows(ok, which, essay_id)
            return {self.p.log: pd.DataFrame(rows, columns=LOG_HEADERS), self.p.status: ""}
        except RagError as err:
            empty = pd.DataFrame([], columns=LOG_HEADERS)
            return {self.p.log: empty, self.p.status: _message(err)}

    def pick_row(self, ok: bool, table: pd.DataFrame, evt: gr.SelectData) -> int | None:
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        return int(table.iloc[int(row), 0]) if ok and len(table) else None

    def show(self, ok: bool, question_id) -> dict:
        """The question's answer and marks, and its citations to choose from for a mark."""
        p = self.p
        if not question_id:
            return {p.detail: "", p.cite_n: gr.update(choices=[], value=None)}
        try:
            q = self.desk.question(ok, int(question_id))
        except RagError as err:
            return {p.detail: error(err), p.cite_n: gr.update(choices=[], value=None)}
        choices = [(f"[{c.n}] {c.chunk_id}", str(c.n)) for c in q.answer.citations]
        return {
            p.detail: question_detail_html(q, self.desk.paragraphs),
            p.cite_n: gr.update(choices=choices, value=None),
        }

    def save_mark(self, ok: bool, question_id, n, verdict, comment, trainer) -> str:
        if not (question_id and n and verdict):
            return "⚠️ 请先选中问题、出处和判定。"
        return _guarded(self.desk.mark, ok, question_id, n, verdict, comment, trainer)

    def find(self, ok: bool, words: str):
        found = _safe(self.desk.search_paragraphs, ok, words, default=[])
        return gr.update(choices=found, value=None)

    def attach(self, ok: bool, question_id, paragraph_id, comment, trainer) -> str:
        return _guarded(self.desk.attach, ok, question_id, paragraph_id, comment, trainer)

    def export_markdown(self, ok: bool, question_id):
        return _safe(self.desk.export_conversation, ok, question_id, "md")

    def export_json(self, ok: bool, question_id):
        return _safe(self.desk.export_conversation, ok, question_id, "json")

    def export_pairs(self, ok: bool):
        return _safe(self.desk.export_verified, ok)


def trainer_tab(desk: Desk, password: str) -> None:
    """The trainer area; hidden behind ``password`` when one is configured."""
    locked = bool(password)
    with gr.Tab("培训师", id="trainer") as tab:
        auth = gr.State(not locked)
        with gr.Row(visible=locked) as login_row:
            pw = gr.Textbox(
                type="password", label="培训师密码", elem_id="trainer-password", scale=3
            )
            login = gr.Button("进入", elem_id="trainer-login", scale=1)
        login_msg = gr.Markdown(elem_id="trainer-login-msg")
        with gr.Column(visible=not locked, elem_id="trainer-panel") as panel:
            with gr.Tabs():
                with gr.Tab("问答记录"):
                    load_log, restore_name = _log_section(desk, auth)
                with gr.Tab("概况"):
                    _overview_section(desk, auth)

    def do_login(given: str) -> dict:
        ok = check_password(password, given)
        return {
            auth: ok,
            login_row: gr.update(visible=not ok),
            panel: gr.update(visible=ok),
            login_msg: "已进入培训师区。" if ok else "⚠️ 密码不对。",
        }

    for event in (login.click, pw.submit):
        event(do_login, [pw], [auth, login_row, panel, login_msg], **PRIVATE).then(
            *load_log, **PRIVATE
        )
    tab.select(*load_log, **PRIVATE)  # the log as it is now
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


def _log_section(desk: Desk, auth: gr.State):
    """The log tab, wired. Returns the loader (function, inputs, outputs: a login reloads it)
    and the restorer of the trainer's name, which this browser remembers between visits."""
    p = _log_panel(desk)
    h = LogHandlers(desk, p)
    remembered = gr.BrowserState("", storage_key="rag-trainer-name")
    p.trainer.change(_same, [p.trainer], [remembered], **PRIVATE)
    load = (h.load, [auth, p.which, p.essay], [p.log, p.status])
    for event in (p.refresh.click, p.which.change, p.essay.change):
        event(*load, **PRIVATE)
    p.log.select(h.pick_row, [auth, p.log], [p.qid], **PRIVATE)
    show = (h.show, [auth, p.qid], [p.detail, p.cite_n])
    p.qid.change(*show, **PRIVATE)
    mark_in = [auth, p.qid, p.cite_n, p.verdict, p.comment, p.trainer]
    p.save.click(h.save_mark, mark_in, [p.status], **PRIVATE).then(*show, **PRIVATE)
    p.find_btn.click(h.find, [auth, p.find], [p.found], **PRIVATE)
    attach_in = [auth, p.qid, p.found, p.comment, p.trainer]
    p.attach.click(h.attach, attach_in, [p.status], **PRIVATE).then(*show, **PRIVATE)
    markdown, json_, pairs = p.exports
    markdown.click(h.export_markdown, [auth, p.qid], [p.files], **PRIVATE)
    json_.click(h.export_json, [auth, p.qid], [p.files], **PRIVATE)
    pairs.click(h.export_pairs, [auth], [p.files], **PRIVATE)
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


def _overview_section(desk: Desk, auth: gr.State) -> None:
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

    def load(ok: bool) -> dict:
        try:
            o = desk.overview(ok)
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

    refresh.click(load, [auth], [figures, verdicts, essays, topics], **PRIVATE)
