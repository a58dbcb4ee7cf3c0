"""The web app: chat, essays, citation check and the trainer area, the `/ask` API, and the
server around them (request limits, trainer login)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import anyio
import gradio as gr
from fastapi import FastAPI

from rag.answer.service import Service
from rag.answer.types import Answer
from rag.core.net import is_loopback
from rag.core.settings import Settings
from rag.core.signing import Signer, load_secret
from rag.library.library import Library
from rag.trainer.access import TrainerAccess
from rag.trainer.bank_keeper import BankKeeper
from rag.trainer.desk import Desk
from rag.trainer.library_store import open_library
from rag.trainer.log_writer import LogWriter
from rag.trainer.store import FeedbackStore
from rag.web.chat import ChatHandlers, chat_tab, wire_chat
from rag.web.cite import cite_tab
from rag.web.essays import essays_tab
from rag.web.html import SCROLL_TO_CITED, page_head_html, page_script, stylesheet
from rag.web.server import Limits, create_server
from rag.web.throttle import Throttle, too_many
from rag.web.trainer import trainer_tab

PRIVATE = {"api_visibility": "private"}
TITLE = "群众工作文章问答"
INTRO = "回答只由文章原句组成，每一条都注明出处；点击出处可查看原文。"
# What a shared link's preview says (WeChat, DingTalk …).
PREVIEW = "关于群众工作文章的问答：回答只由文章原句组成，每一条都注明出处。"
# No footer: its API page, "Built with Gradio" and settings (mostly English developer tools:
# screen recording, run history) are nothing a trainee needs. Gradio's supported switch.
FOOTER_LINKS: list[str] = []
REFUSAL_DELAY = 1.0  # seconds a throttled /ask waits before its refusal


def bind_warning(host: str, trainer_password: str) -> str:
    """A warning when the app listens beyond this machine with the trainer area open."""
    if is_loopback(host) or trainer_password:
        return ""
    return (
        f"警告：应用将在 {host} 上对其他机器开放，但没有设置培训师密码，任何人都能看到学员的提问"
        "和培训师的标记。请设置 RAG_TRAINER_PASSWORD，或只在 127.0.0.1 上运行。"
    )


@dataclass
class Backend:
    """What the web app serves from."""

    settings: Settings
    service: Service
    store: FeedbackStore | None = None  # the trainer area needs it
    writer: LogWriter | None = None  # logs the trainees' questions and ratings
    library: Library | None = None  # the essay library (opened from the settings if None)

    def __post_init__(self) -> None:
        secret = load_secret(self.settings.secret_key, self.settings.data_dir)
        self.access = TrainerAccess(self.settings.trainer_password, secret)
        self.signer = Signer(secret, "conversation")
        self.throttle = Throttle(self.settings)
        self.keeper = BankKeeper(self.store, self.service) if self.store is not None else None
        # the library's history: in the shared database when replicas share one
        if self.library is None:
            self.library = (
                open_library(self.settings, self.store)
                if self.store is not None
                else Library(self.settings)
            )


def build_app(b: Backend) -> gr.Blocks:
    """The Blocks app: chat, essays, citation check and (with a feedback store) the trainer
    area. ``/ask`` answers one question as JSON, like ``rag ask --json``."""
    settings, service = b.settings, b.service
    with gr.Blocks(title=TITLE) as demo:
        gr.Markdown(f"## {TITLE}\n{INTRO}")
        with gr.Tabs(elem_id="main-tabs") as tabs:
            chat = chat_tab(rateable=b.writer is not None)
            essays_tab(service)
            cite_box, cite_view, cite_view_fn = cite_tab(service, settings.corpus_dir, b.library)
            if b.store is not None:
                if b.keeper is not None:
                    b.keeper.rebuild()  # the trainers' marks since the bank was last written
                desk = Desk(b.store, service, b.keeper, b.writer)
                trainer_tab(desk, b.access, demo, b.library)
        wire_chat(ChatHandlers(service, b.writer, chat, b.signer, b.throttle, b.library), demo)

        def permalink(request: gr.Request) -> dict:
            params = getattr(request, "query_params", None) or {}
            cite_id = params.get("cite", "")
            if params.get("tab") in ("trainer", "essays", "cite"):  # e.g. back from the login
                return {tabs: gr.update(selected=params["tab"])}
            if not cite_id:
                return {cite_view: gr.skip()}  # nothing to open: leave the page as it is
            return {
                tabs: gr.update(selected="cite"),
                cite_box: cite_id,
                # the quoted spans and the paragraph's hash when cited (a citation's link)
                cite_view: cite_view_fn(cite_id, params.get("at", ""), params.get("h", "")),
            }

        demo.load(permalink, None, [tabs, cite_box, cite_view], **PRIVATE).then(
            None, js=SCROLL_TO_CITED
        )

        def answer_admitted(question: str, request: gr.Request) -> dict | None:
            def reply() -> dict:
                service.refresh()
                return service.answerer.reply(question).to_json()

            return b.throttle.answer(request, question, reply)[1]

        async def ask(question: str, request: gr.Request) -> dict:
            """Answer one question from the essays; returns the same JSON as `rag ask --json`."""
            if not isinstance(question, str):
                return Answer.refusal("", "问题必须是一段文字。").to_json()
            answer = await anyio.to_thread.run_sync(answer_admitted, question, request)
            if answer is None:
                # A refusal costs the client a second and the server nothing (no thread waits):
                # a script asking in a loop is slowed to its rate instead of flooding the server.
                await asyncio.sleep(REFUSAL_DELAY)
                wait = b.throttle.retry_after(request, question)  # after the delay: what is left
                return Answer.refusal(question[:100], too_many(wait)).to_json()
            return answer

        gr.api(ask, api_name="ask", queue=False)
    # Sessions kept in memory at most (each holds its chat; measured in docs/reliability.md).
    demo.state_session_capacity = settings.session_capacity
    return demo


# Gradio's own words its zh-CN translation lacks (the chat's copy button said Copy message)
GRADIO_WORDS = {
    "chatbot.copy_message": "复制这条消息",
    "chatbot.copied_message": "已复制",
    "common.complete": "完成",  # said to screen readers when an event ends
}


def build_server(b: Backend, demo: gr.Blocks) -> FastAPI:
    """The HTTP app to serve: limits and the trainer login in front of ``demo``."""
    s = b.settings
    limits = Limits(body=s.max_request_bytes, upload=s.max_upload_bytes)
    return create_server(
        demo,
        b.access,
        limits,
        page_head=str(page_head_html(TITLE, PREVIEW)),
        css=stylesheet(),
        js=page_script(),
        show_error=True,
        footer_links=FOOTER_LINKS,
        i18n=gr.I18n(**{"zh-CN": GRADIO_WORDS}),
    )
