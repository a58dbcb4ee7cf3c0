"""UI: the Gradio app — trainee chat with a sources panel, essay browser, verification, trainers."""

from __future__ import annotations

import os
from dataclasses import dataclass
from html import escape
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr  # noqa: E402

from rag.answer import Answerer  # noqa: E402
from rag.dialogue import Turn  # noqa: E402
from rag.errors import RagError  # noqa: E402
from rag.feedback import FeedbackStore  # noqa: E402
from rag.records import Answer, where_label  # noqa: E402
from rag.service import Service  # noqa: E402
from rag.settings import Settings  # noqa: E402
from rag.textnorm import clean_input  # noqa: E402
from rag.trainer import Desk  # noqa: E402
from rag.ui_trainer import cite_tab, trainer_tab  # noqa: E402
from rag.views import SCROLL_TO_CITED, essay_html, outline_html, sources_html  # noqa: E402

EXAMPLES = [
    "社区干部平时该学些什么？",
    "消防执法人员应该怎样对待群众？",
    "什么是大党委制？",
    "群众工作为什么越来越难了？",
    "如何建立健全信访工作机制？",
]
HINT = '<p class="hint">点击上面的一条出处，这里会显示整篇文章，并高亮被引用的段落。</p>'


def ask_json(
    answerer: Answerer, question: str, history: list[dict[str, Any]] | None = None
) -> dict:
    """What `/ask` and `rag ask --json` return: the answer as JSON (errors as an abstention)."""
    turns = [
        Turn(
            h["query"],
            h["understood_as"],
            tuple(c["chunk_id"] for c in h["citations"]),
            h.get("topic", ""),
        )
        for h in history or []
    ]
    try:
        return answerer.ask(question, turns).to_json()
    except RagError as e:
        return Answer.refusal_json(clean_input(question or ""), str(e))


def _message(answer: dict[str, Any]) -> str:
    understood = answer["understood_as"]
    prefix = f"理解为：{understood}\n\n" if understood and understood != answer["query"] else ""
    return prefix + answer["answer"]


def _choices(answer: dict[str, Any]) -> list[tuple[str, str]]:
    out = []
    for c in answer["citations"]:
        where = where_label(c["title"], [c["heading"]], c["paragraph_number"])
        out.append((f"[{c['n']}] {where}", str(c["n"])))
    return out


def bind_warning(host: str, trainer_password: str) -> str:
    """A warning when the app listens beyond this machine with the trainer area open."""
    if host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.") or trainer_password:
        return ""
    return (
        f"警告：应用将在 {host} 上对其他机器开放，但没有设置培训师密码，任何人都能看到学员的提问"
        "和培训师的标记。请设置 RAG_TRAINER_PASSWORD，或只在 127.0.0.1 上运行。"
    )


class ChatHandlers:
    """The trainee side's callbacks. They only move data between the answerer, the views and
    the components; with a feedback ``store`` every question is logged and can be rated."""

    def __init__(self, service: Service, store: FeedbackStore | None) -> None:
        self.service = service
        self.store = store

    def respond(
        self, question: str, chat: list, answers: list, conv: str | None, request: gr.Request
    ):
        chat, answers = list(chat or []), list(answers or [])
        if not (question or "").strip():
            return chat, answers, gr.update(), gr.update(), gr.update(), "", conv, gr.update()
        self.service.refresh()  # an essay edited under the running app is picked up here
        answer = ask_json(self.service.answerer, question, answers)
        if self.store is not None and "error" not in answer:
            try:
                session = getattr(request, "session_hash", "") or ""
                conv = conv or self.store.new_conversation(session)
                answer["question_id"] = self.store.log_answer(conv, answer)
            except RagError:
                pass  # the trainee still gets the answer; the log is best effort
        answers.append(answer)
        # The chatbot inserts message text as (sanitised) HTML even with markdown off: escape
        # it, so that typed markup shows as text and nothing a user types becomes an element.
        chat += [
            {"role": "user", "content": escape(clean_input(question))},
            {"role": "assistant", "content": escape(_message(answer))},
        ]
        sources = sources_html(answer["citations"], answer["understood_as"])
        return (
            chat,
            answers,
            gr.update(choices=_choices(answer), value=None),
            sources,
            HINT,
            "",
            conv,
            None,  # the sources panel shows the newest answer again
        )

    def rate(self, answers: list, evt: gr.LikeData) -> None:
        turn = _turn(evt.index)
        if self.store is None or turn >= len(answers or []) or "question_id" not in answers[turn]:
            return
        liked = evt.liked
        rating = (
            1 if liked is True or liked == "Like" else -1 if liked in (False, "Dislike") else None
        )
        self.store.rate(answers[turn]["question_id"], rating)

    def select_message(self, answers: list, evt: gr.SelectData):
        """A click on an earlier answer shows that answer's citations and sources again."""
        turn = _turn(evt.index)
        if not answers or turn >= len(answers):
            return gr.update(), gr.update(), gr.update(), gr.update()
        answer = answers[turn]
        sources = sources_html(answer["citations"], answer["understood_as"])
        return gr.update(choices=_choices(answer), value=None), sources, HINT, turn

    def open_citation(self, n: str | None, answers: list, selected: int | None) -> str:
        if not n or not answers:
            return HINT
        answer = answers[selected if selected is not None and selected < len(answers) else -1]
        cite = next((c for c in answer["citations"] if str(c["n"]) == str(n)), None)
        by_id = self.service.by_id
        if cite is None or cite["essay_id"] not in by_id:
            return HINT
        return essay_html(by_id[cite["essay_id"]], cite["paragraph_id"], cite["start"], cite["end"])

    def show_essay(self, essay_id: str) -> tuple[str, str]:
        essay = self.service.by_id.get(essay_id) or self.service.essays[0]
        return outline_html(essay), essay_html(essay, anchor_prefix="full")

    def essay_choices(self):
        """Essays added or removed under the running app appear when the tab is opened."""
        return gr.update(choices=[(e.display_title, e.id) for e in self.service.essays])


def _turn(index: Any) -> int:
    """The conversation turn of a chatbot message index (user and assistant message per turn)."""
    return int(index[0] if isinstance(index, (list, tuple)) else index) // 2


@dataclass(frozen=True)
class ChatTab:
    chat: gr.Chatbot
    box: gr.Textbox
    send: gr.Button
    new: gr.Button
    cites: gr.Radio
    view: gr.HTML
    sources: gr.HTML


def _chat_tab(rateable: bool) -> ChatTab:
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
            sources = gr.HTML(
                '<p class="hint">提问后，这里列出回答引用的段落。</p>', elem_id="sources"
            )
    return ChatTab(chat, box, send, new, cites, view, sources)


def _essays_tab(h: ChatHandlers) -> None:
    essays = h.service.essays
    with gr.Tab("文章", id="essays") as tab, gr.Row():
        with gr.Column(scale=1):
            titles = [(e.display_title, e.id) for e in essays]
            pick = gr.Radio(titles, value=essays[0].id, label="文章", elem_id="essay-pick")
            outline = gr.HTML(outline_html(essays[0]), elem_id="outline")
        with gr.Column(scale=3):
            full = gr.HTML(essay_html(essays[0], anchor_prefix="full"), elem_id="essay-full")
    pick.change(h.show_essay, [pick], [outline, full], api_visibility="private")
    tab.select(h.essay_choices, None, [pick], api_visibility="private")


def _wire_chat(
    h: ChatHandlers, t: ChatTab, answers: gr.State, selected: gr.State, conv: gr.State
) -> None:
    outs = [t.chat, answers, t.cites, t.sources, t.view, t.box, conv, selected]
    t.send.click(h.respond, [t.box, t.chat, answers, conv], outs, api_visibility="private")
    t.box.submit(h.respond, [t.box, t.chat, answers, conv], outs, api_visibility="private")
    t.chat.like(h.rate, [answers], None, api_visibility="private")
    t.chat.select(
        h.select_message,
        [answers],
        [t.cites, t.sources, t.view, selected],
        api_visibility="private",
    )
    t.cites.change(
        h.open_citation, [t.cites, answers, selected], [t.view], api_visibility="private"
    ).then(None, js=SCROLL_TO_CITED)
    t.new.click(
        lambda: ([], [], gr.update(choices=[], value=None), "", HINT, None, None),
        None,
        [t.chat, answers, t.cites, t.sources, t.view, selected, conv],
        api_visibility="private",
    )


def build_app(
    service: Service,
    store: FeedbackStore | None = None,
    settings: Settings | None = None,
) -> gr.Blocks:
    """The Blocks app: chat, essays, citation check and (with a feedback ``store``) the trainer
    area. ``/ask`` answers one question as JSON, like ``rag ask --json``."""
    settings = settings or service.settings
    h = ChatHandlers(service, store)
    with gr.Blocks(title="群众工作文章问答") as demo:
        gr.Markdown(
            "## 群众工作文章问答\n回答只由文章原句组成，每一条都注明出处；点击出处可查看原文。"
        )
        answers, selected, conv = gr.State([]), gr.State(None), gr.State(None)
        with gr.Tabs(elem_id="main-tabs") as tabs:
            chat = _chat_tab(rateable=store is not None)
            _essays_tab(h)
            cite_box, cite_view, cite_view_fn = cite_tab(service, settings.corpus_dir)
            if store is not None:
                trainer_tab(Desk(store, service), settings.trainer_password)
        _wire_chat(h, chat, answers, selected, conv)

        def permalink(request: gr.Request):
            cite_id = (getattr(request, "query_params", None) or {}).get("cite", "")
            if not cite_id:
                return gr.update(), gr.update(), gr.update()
            return gr.update(selected="cite"), cite_id, cite_view_fn(cite_id)

        demo.load(permalink, None, [tabs, cite_box, cite_view], api_visibility="private").then(
            None, js=SCROLL_TO_CITED
        )

        def ask(question: str) -> dict:
            """Answer one question from the essays; returns the same JSON as `rag ask --json`."""
            service.refresh()
            return ask_json(service.answerer, question)

        gr.api(ask, api_name="ask", queue=False)
    return demo
