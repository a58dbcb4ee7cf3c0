"""UI: the Gradio app — trainee chat with a sources panel, essay browser, verification, trainers."""

from __future__ import annotations

import os
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
        Turn(h["query"], h["understood_as"], tuple(c["chunk_id"] for c in h["citations"]))
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


def build_app(
    service: Service,
    store: FeedbackStore | None = None,
    settings: Settings | None = None,
) -> gr.Blocks:
    """The Blocks app. Callbacks only move data between the answerer, views and components.

    With a feedback ``store``, every chat question is logged (for the trainer area), answers
    can be rated 👍/👎, and the trainer area is added.
    """
    settings = settings or service.settings
    essays = service.essays
    titles = [(e.display_title, e.id) for e in essays]
    desk = Desk(store, service) if store else None

    def respond(question: str, chat: list, answers: list, conv: str | None, request: gr.Request):
        chat, answers = list(chat or []), list(answers or [])
        if not (question or "").strip():
            return chat, answers, gr.update(), gr.update(), gr.update(), "", conv
        service.refresh()  # an essay edited under the running app is picked up here
        answer = ask_json(service.answerer, question, answers)
        if store is not None and "error" not in answer:
            try:
                conv = conv or store.new_conversation(getattr(request, "session_hash", "") or "")
                answer["question_id"] = store.log_answer(conv, answer)
            except RagError:
                pass  # the trainee still gets the answer; the log is best effort
        answers.append(answer)
        # The chatbot inserts message text as (sanitised) HTML even with markdown off: escape
        # it, so that typed markup shows as text and nothing a user types becomes an element.
        chat += [
            {"role": "user", "content": escape(clean_input(question))},
            {"role": "assistant", "content": escape(_message(answer))},
        ]
        return (
            chat,
            answers,
            gr.update(choices=_choices(answer), value=None),
            sources_html(answer["citations"], answer["understood_as"]),
            HINT,
            "",
            conv,
        )

    def rate(answers: list, evt: gr.LikeData):
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        turn = int(index) // 2
        if store is None or turn >= len(answers or []) or "question_id" not in answers[turn]:
            return
        liked = evt.liked
        rating = (
            1 if liked is True or liked == "Like" else -1 if liked in (False, "Dislike") else None
        )
        store.rate(answers[turn]["question_id"], rating)

    def permalink(request: gr.Request):
        cite_id = (getattr(request, "query_params", None) or {}).get("cite", "")
        if not cite_id:
            return gr.update(), gr.update(), gr.update()
        return gr.update(selected="cite"), cite_id, cite_view_fn(cite_id)

    def select_message(answers: list, evt: gr.SelectData):
        index = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
        turn = int(index) // 2
        if not answers or turn >= len(answers):
            return gr.update(), gr.update(), gr.update(), gr.update()
        answer = answers[turn]
        return (
            gr.update(choices=_choices(answer), value=None),
            sources_html(answer["citations"], answer["understood_as"]),
            HINT,
            turn,
        )

    def open_citation(n: str | None, answers: list, selected: int | None):
        if not n or not answers:
            return HINT
        answer = answers[selected if selected is not None and selected < len(answers) else -1]
        cite = next((c for c in answer["citations"] if str(c["n"]) == str(n)), None)
        by_id = service.by_id
        if cite is None or cite["essay_id"] not in by_id:
            return HINT
        return essay_html(by_id[cite["essay_id"]], cite["paragraph_id"], cite["start"], cite["end"])

    def show_essay(essay_id: str):
        essay = service.by_id.get(essay_id) or service.essays[0]
        return outline_html(essay), essay_html(essay, anchor_prefix="full")

    with gr.Blocks(title="群众工作文章问答") as demo:
        gr.Markdown(
            "## 群众工作文章问答\n回答只由文章原句组成，每一条都注明出处；点击出处可查看原文。"
        )
        answers = gr.State([])
        selected = gr.State(None)
        conv = gr.State(None)
        with gr.Tabs(elem_id="main-tabs") as tabs:
            with gr.Tab("问答", id="chat"):
                with gr.Row():
                    with gr.Column(scale=3):
                        chat = gr.Chatbot(
                            label="对话",
                            height=520,
                            render_markdown=False,
                            elem_id="chat",
                            buttons=["copy"],
                            feedback_options=("Like", "Dislike") if store else None,
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
                        cites = gr.Radio(
                            label="出处（点击查看原文）", choices=[], elem_id="citations"
                        )
                        view = gr.HTML(HINT, elem_id="essay-view")
                        sources = gr.HTML(
                            '<p class="hint">提问后，这里列出回答引用的段落。</p>',
                            elem_id="sources",
                        )
            with gr.Tab("文章", id="essays") as essays_tab:
                with gr.Row():
                    with gr.Column(scale=1):
                        pick = gr.Radio(
                            titles, value=essays[0].id, label="文章", elem_id="essay-pick"
                        )
                        outline = gr.HTML(outline_html(essays[0]), elem_id="outline")
                    with gr.Column(scale=3):
                        full = gr.HTML(
                            essay_html(essays[0], anchor_prefix="full"), elem_id="essay-full"
                        )
            cite_box, cite_view, cite_view_fn = cite_tab(service, settings.corpus_dir)
            if desk is not None:
                trainer_tab(desk, settings.trainer_password)

        outs = [chat, answers, cites, sources, view, box, conv]
        send.click(respond, [box, chat, answers, conv], outs, api_visibility="private")
        box.submit(respond, [box, chat, answers, conv], outs, api_visibility="private")
        chat.like(rate, [answers], None, api_visibility="private")
        demo.load(permalink, None, [tabs, cite_box, cite_view], api_visibility="private").then(
            None, js=SCROLL_TO_CITED
        )
        chat.select(
            select_message, [answers], [cites, sources, view, selected], api_visibility="private"
        )
        cites.change(
            open_citation, [cites, answers, selected], [view], api_visibility="private"
        ).then(None, js=SCROLL_TO_CITED)
        new.click(
            lambda: ([], [], gr.update(choices=[], value=None), "", HINT, None, None),
            None,
            [chat, answers, cites, sources, view, selected, conv],
            api_visibility="private",
        )
        pick.change(show_essay, [pick], [outline, full], api_visibility="private")
        # Essays added or removed under the running app appear when the tab is opened.
        essays_tab.select(
            lambda: gr.update(choices=[(e.display_title, e.id) for e in service.essays]),
            None,
            [pick],
            api_visibility="private",
        )

        def ask(question: str) -> dict:
            """Answer one question from the essays; returns the same JSON as `rag ask --json`."""
            service.refresh()
            return ask_json(service.answerer, question)

        gr.api(ask, api_name="ask", queue=False)
    return demo
