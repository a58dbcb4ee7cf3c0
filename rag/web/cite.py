"""The citation verification tab: a citation by its id, in its essay and beside the raw page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import gradio as gr

from rag.answer.citations import resolve_cite
from rag.answer.service import Service
from rag.core.errors import RagError
from rag.web.html import SCROLL_TO_CITED, cite_html, error

PRIVATE = {"api_visibility": "private"}


def cite_tab(service: Service, corpus_dir: Path) -> tuple[gr.Textbox, gr.HTML, Callable]:
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
                label="出处编号",
                show_label=False,
                placeholder="例如 e3-p6-c1",
                elem_id="cite-id",
                scale=4,
            )
            go = gr.Button("打开", scale=1, elem_id="cite-open")
        view = gr.HTML(elem_id="cite-view")

    def show(cite_id: str) -> str:
        try:
            return cite_html(
                resolve_cite(cite_id, service.essays, service.retriever.chunks, corpus_dir)
            )
        except RagError as e:
            return error(e)

    # The essay box scrolls to the cited paragraph, as when opened by link (/?cite=…).
    for event in (go.click, box.submit):
        event(show, [box], [view], **PRIVATE).then(None, js=SCROLL_TO_CITED, **PRIVATE)
    return box, view, show
