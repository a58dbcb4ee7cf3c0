"""The essays tab: every essay's outline and full text."""

from __future__ import annotations

import gradio as gr

from rag.answer.service import Service
from rag.web.html import essay_html, outline_html

PRIVATE = {"api_visibility": "private"}


def essays_tab(service: Service) -> None:
    essays = service.essays
    with gr.Tab("文章", id="essays") as tab, gr.Row():
        with gr.Column(scale=1):
            titles = [(e.display_title, e.id) for e in essays]
            pick = gr.Radio(titles, value=essays[0].id, label="文章", elem_id="essay-pick")
            outline = gr.HTML(outline_html(essays[0]), elem_id="outline")
        with gr.Column(scale=3):
            full = gr.HTML(essay_html(essays[0], anchor_prefix="full"), elem_id="essay-full")

    def show(essay_id: str) -> dict:
        essay = service.by_id.get(essay_id) or service.essays[0]
        return {outline: outline_html(essay), full: essay_html(essay, anchor_prefix="full")}

    def choices():
        """Essays added or removed under the running app appear when the tab is opened."""
        return gr.update(choices=[(e.display_title, e.id) for e in service.essays])

    pick.change(show, [pick], [outline, full], **PRIVATE)
    tab.select(choices, None, [pick], **PRIVATE)
