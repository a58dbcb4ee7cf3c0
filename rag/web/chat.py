"""The trainee's chat tab: questions, answers made of quotes, and the sources panel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from rag.answer.service import Service
from rag.answer.types import Answer
from rag.core.errors import RagError
from rag.core.textnorm import clean_input
from rag.trainer.store import FeedbackStore
from rag.web.html import (
    SCROLL_TO_CITED,
    chat_message,
    essay_html,
    hint,
    question_message,
    sources_html,
)

EXAMPLES = [
    "社区干部平时该学些什么？",
    "消防执法人员应该怎样对待群众？",
    "什么是大党委制？",
    "群众工作为什么越来越难了？",
    "如何建立健全信访工作机制？",
]
HINT = hint("点击上面的一条出处，这里会显示整篇文章，并高亮被引用的段落。")
PRIVATE = {"api_visibility": "private"}


@dataclass(frozen=True)
class Exchange:
    """One turn of the chat as the page keeps it: the answer, and its id in the trainers' log
    (None when nothing is logged)."""

    answer: Answer
    question_id: int | None = None


@dataclass(frozen=True)
class ChatTab:
    chat: gr.Chatbot
    box: gr.Textbox
    send: gr.Button
    new: gr.Button
    cites: gr.Radio
    view: gr.HTML
    sources: gr.HTML
    exchanges: gr.State  # list[Exchange]
    selected: gr.State  # index of the answer whose sources are shown; None = the newest
    conversation: gr.State  # the conversation's id in the log, once one is logged


def _choices(answer: Answer) -> list[tuple[str, str]]:
    return [(c.label, str(c.n)) for c in answer.citations]


def _turn(index: Any) -> int:
    """The conversation turn of a chatbot message index (user and assistant message per turn)."""
    return int(index[0] if isinstance(index, (list, tuple)) else index) // 2


class ChatHandlers:
    """The trainee side's callbacks. They only move data between the answerer, the views and
    the components; with a feedback ``store`` every question is logged and can be rated."""

    def __init__(self, service: Service, store: FeedbackStore | None, tab: ChatTab) -> None:
        self.service = service
        self.store = store
        self.t = tab

    def respond(
        self,
        question: str,
        chat: list,
        exchanges: list[Exchange],
        conv: str | None,
        request: gr.Request,
    ) -> dict:
        t = self.t
        chat, exchanges = list(chat or []), list(exchanges or [])
        if not (question or "").strip():
            return {}
        self.service.refresh()  # an essay edited under the running app is picked up here
        answer = self.service.answerer.reply(question, [e.answer for e in exchanges])
        question_id = None
        if self.store is not None and not answer.error:
            try:
                session = getattr(request, "session_hash", "") or ""
                conv = conv or self.store.new_conversation(session)
                question_id = self.store.log_answer(conv, answer)
            except RagError:
                pass  # the trainee still gets the answer; the log is best effort
        exchanges.append(Exchange(answer, question_id))
        chat += [
            {"role": "user", "content": question_message(clean_input(question))},
            {"role": "assistant", "content": chat_message(answer)},
        ]
        return {
            t.chat: chat,
            t.exchanges: exchanges,
            t.cites: gr.update(choices=_choices(answer), value=None),
            t.sources: sources_html(answer.citations, answer.understood_as),
            t.view: HINT,
            t.box: "",
            t.conversation: conv,
            t.selected: None,  # the sources panel shows the newest answer again
        }

    def rate(self, exchanges: list[Exchange], evt: gr.LikeData) -> None:
        turn = _turn(evt.index)
        if self.store is None or turn >= len(exchanges or []):
            return
        question_id = exchanges[turn].question_id
        if question_id is None:
            return
        liked = evt.liked
        rating = (
            1 if liked is True or liked == "Like" else -1 if liked in (False, "Dislike") else None
        )
        self.store.rate(question_id, rating)

    def select_message(self, exchanges: list[Exchange], evt: gr.SelectData) -> dict:
        """A click on an earlier answer shows that answer's citations and sources again."""
        turn = _turn(evt.index)
        if not exchanges or turn >= len(exchanges):
            return {}
        answer = exchanges[turn].answer
        return {
            self.t.cites: gr.update(choices=_choices(answer), value=None),
            self.t.sources: sources_html(answer.citations, answer.understood_as),
            self.t.view: HINT,
            self.t.selected: turn,
        }

    def open_citation(self, n: str | None, exchanges: list[Exchange], selected: int | None):
        if not n or not exchanges:
            return HINT
        shown = selected if selected is not None and selected < len(exchanges) else -1
        cite = next((c for c in exchanges[shown].answer.citations if str(c.n) == str(n)), None)
        by_id = self.service.by_id
        if cite is None or cite.essay_id not in by_id:
            return HINT
        return essay_html(by_id[cite.essay_id], cite.paragraph_id, cite.start, cite.end)

    def new_conversation(self) -> dict:
        t = self.t
        return {
            t.chat: [],
            t.exchanges: [],
            t.cites: gr.update(choices=[], value=None),
            t.sources: "",
            t.view: HINT,
            t.selected: None,
            t.conversation: None,
        }


def chat_tab(rateable: bool) -> ChatTab:
    with gr.Tab("问答", id="chat"), gr.Row():
        with gr.Column(scale=3):
            chat = gr.Chatbot(
                label="对话",
                height=520,
                render_markdown=False,
                elem_id="chat",
                buttons=["copy"],
                feedback_options=("Like", "Dislike") if rateable else None,
            )
            with gr.Row():
                box = gr.Textbox(
                    placeholder="输入问题，例如：社区干部平时该学些什么？",
                    show_label=False,
                    scale=5,
                    max_lines=4,
                    elem_id="question",
                )
                send = gr.Button("提问", variant="primary", scale=1, elem_id="ask")
            gr.Examples(EXAMPLES, inputs=box, label="示例问题")
            new = gr.Button("开始新对话", size="sm")
        with gr.Column(scale=2):
            cites = gr.Radio(label="出处（点击查看原文）", choices=[], elem_id="citations")
            view = gr.HTML(HINT, elem_id="essay-view")
            sources = gr.HTML(hint("提问后，这里列出回答引用的段落。"), elem_id="sources")
    return ChatTab(
        chat, box, send, new, cites, view, sources, gr.State([]), gr.State(None), gr.State(None)
    )


def wire_chat(h: ChatHandlers) -> None:
    t = h.t
    ask_in = [t.box, t.chat, t.exchanges, t.conversation]
    ask_out = [t.chat, t.exchanges, t.cites, t.sources, t.view, t.box, t.conversation, t.selected]
    t.send.click(h.respond, ask_in, ask_out, **PRIVATE)
    t.box.submit(h.respond, ask_in, ask_out, **PRIVATE)
    t.chat.like(h.rate, [t.exchanges], None, **PRIVATE)
    t.chat.select(
        h.select_message, [t.exchanges], [t.cites, t.sources, t.view, t.selected], **PRIVATE
    )
    t.cites.change(h.open_citation, [t.cites, t.exchanges, t.selected], [t.view], **PRIVATE).then(
        None, js=SCROLL_TO_CITED
    )
    new_out = [t.chat, t.exchanges, t.cites, t.sources, t.view, t.selected, t.conversation]
    t.new.click(h.new_conversation, None, new_out, **PRIVATE)
