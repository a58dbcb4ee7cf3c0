"""UI: the trainer area (log, marks, exports, overview) and the citation verification tab."""

from __future__ import annotations

import gradio as gr
import pandas as pd

from rag.errors import RagError
from rag.trainer import Desk, check_password
from rag.verify import cite_html, resolve_cite

FILTER_CHOICES = [
    ("全部", "all"),
    ("未审阅", "unreviewed"),
    ("已回避", "abstained"),
    ("被点踩", "disliked"),
]
VERDICT_CHOICES = [("正确", "correct"), ("不相关", "irrelevant"), ("断章取义", "out_of_context")]
LOG_HEADERS = ["编号", "时间", "问题", "回避", "评价", "审阅"]


def _error(e: Exception) -> str:
    return f"⚠️ {e}"


def cite_tab(service, corpus_dir):
    """Anyone may verify a citation by id: it shows corpus text only, no one's questions.

    Returns the id box, the view and the function that renders an id (for the permalink).
    """
    with gr.Tab("核对出处", id="cite"):
        gr.Markdown(
            "输入出处编号（段落 `e3-p6` 或段落块 `e3-p6-c1`），查看它在文章中的位置、"
            "原始页面的对应行，以及清理时所做的每一处修改。也可用链接 `/?cite=编号` 直接打开。"
        )
        with gr.Row():
            box = gr.Textbox(
                show_label=False, placeholder="例如 e3-p6-c1", elem_id="cite-id", scale=4
            )
            go = gr.Button("打开", scale=1, elem_id="cite-open")
        view = gr.HTML(elem_id="cite-view")

    def show(cite_id: str) -> str:
        try:
            return cite_html(
                resolve_cite(cite_id, service.essays, service.retriever.chunks, corpus_dir)
            )
        except RagError as e:
            return f"<p class='hint'>{_error(e)}</p>"

    go.click(show, [box], [view], api_visibility="private")
    box.submit(show, [box], [view], api_visibility="private")
    return box, view, show


def trainer_tab(desk: Desk, password: str) -> None:
    """The trainer area; hidden behind ``password`` when one is configured."""
    locked = bool(password)
    with gr.Tab("培训师", id="trainer"):
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
                    log_controls = _log_section(desk, auth)
                with gr.Tab("概况"):
                    _overview_section(desk, auth)

    def do_login(given: str):
        if check_password(password, given):
            return True, gr.update(visible=False), gr.update(visible=True), "已进入培训师区。"
        return False, gr.update(visible=True), gr.update(visible=False), "⚠️ 密码不对。"

    load_log, inputs, outputs = log_controls
    login.click(do_login, [pw], [auth, login_row, panel, login_msg], api_visibility="private").then(
        load_log, inputs, outputs, api_visibility="private"
    )
    pw.submit(do_login, [pw], [auth, login_row, panel, login_msg], api_visibility="private")


def _log_section(desk: Desk, auth: gr.State):
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
    comment = gr.Textbox(label="备注（可选）", elem_id="mark-comment")
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
        exp_md = gr.Button("导出此对话（Markdown）")
        exp_json = gr.Button("导出此对话（JSON）")
        exp_pairs = gr.Button("导出已核实问答对（JSONL）")
    files = gr.File(label="导出文件", elem_id="exports")

    def load_log(ok: bool, w: str, e: str):
        try:
            return pd.DataFrame(desk.log_rows(ok, w, e), columns=LOG_HEADERS), ""
        except RagError as err:
            return pd.DataFrame([], columns=LOG_HEADERS), _error(err)

    def pick_row(ok: bool, table: pd.DataFrame, evt: gr.SelectData):
        row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        return int(table.iloc[int(row)][0]) if ok and len(table) else None

    def show(ok: bool, question_id):
        if not question_id:
            return "", gr.update(choices=[], value=None)
        try:
            q = desk.question(ok, int(question_id))
        except RagError as err:
            return f"<p class='hint'>{_error(err)}</p>", gr.update(choices=[], value=None)
        choices = [
            (f"[{c['n']}] {c['chunk_id']}", str(c["n"])) for c in q.answer.get("citations", [])
        ]
        return desk.detail_html(q), gr.update(choices=choices, value=None)

    def guarded(fn):
        def run(*args):
            try:
                return fn(*args)
            except (RagError, TypeError, ValueError) as err:
                return _error(err)

        return run

    def save_mark(ok, question_id, n, v, text):
        if not (question_id and n and v):
            return "⚠️ 请先选中问题、出处和判定。"
        return desk.mark(ok, question_id, n, v, text)

    refresh.click(load_log, [auth, which, essay], [log, status], api_visibility="private")
    which.change(load_log, [auth, which, essay], [log, status], api_visibility="private")
    essay.change(load_log, [auth, which, essay], [log, status], api_visibility="private")
    log.select(pick_row, [auth, log], [qid], api_visibility="private")
    qid.change(show, [auth, qid], [detail, cite_n], api_visibility="private")
    save.click(
        guarded(save_mark),
        [auth, qid, cite_n, verdict, comment],
        [status],
        api_visibility="private",
    ).then(show, [auth, qid], [detail, cite_n], api_visibility="private")
    find_btn.click(
        lambda ok, q: gr.update(
            choices=_safe(desk.search_paragraphs, ok, q, default=[]), value=None
        ),
        [auth, find],
        [found],
        api_visibility="private",
    )
    attach.click(
        guarded(lambda ok, q, pid, c: desk.attach(ok, q, pid, c)),
        [auth, qid, found, comment],
        [status],
        api_visibility="private",
    ).then(show, [auth, qid], [detail, cite_n], api_visibility="private")
    exp_md.click(
        lambda ok, q: _safe(desk.export_conversation, ok, q, "md"),
        [auth, qid],
        [files],
        api_visibility="private",
    )
    exp_json.click(
        lambda ok, q: _safe(desk.export_conversation, ok, q, "json"),
        [auth, qid],
        [files],
        api_visibility="private",
    )
    exp_pairs.click(
        lambda ok: _safe(desk.export_verified, ok), [auth], [files], api_visibility="private"
    )
    return load_log, [auth, which, essay], [log, status]


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

    def load(ok: bool):
        try:
            text, charts = desk.overview(ok)
        except RagError as err:
            empty = pd.DataFrame({"x": [], "y": []})
            return _error(err), empty, empty, empty
        return (
            text,
            pd.DataFrame(charts["verdicts"], columns=["判定", "数量"]),
            pd.DataFrame(charts["essays"], columns=["文章", "被引用次数"]),
            pd.DataFrame(charts["topics"], columns=["问题", "次数"]),
        )

    refresh.click(load, [auth], [figures, verdicts, essays, topics], api_visibility="private")
