"""The Gradio app: chat, essays, citation check and the trainer area, plus the `/ask` API."""

from __future__ import annotations

import gradio as gr

from rag.answer.service import Service
from rag.core.net import is_loopback
from rag.core.settings import Settings
from rag.core.signing import Signer, load_secret
from rag.trainer.bank_keeper import BankKeeper
from rag.trainer.desk import Desk
from rag.trainer.store import FeedbackStore
from rag.web.chat import ChatHandlers, chat_tab, wire_chat
from rag.web.cite import cite_tab
from rag.web.essays import essays_tab
from rag.web.html import SCROLL_TO_CITED, page_script, stylesheet
from rag.web.trainer import trainer_tab

PRIVATE = {"api_visibility": "private"}


def bind_warning(host: str, trainer_password: str) -> str:
    """A warning when the app listens beyond this machine with the trainer area open."""
    if is_loopback(host) or trainer_password:
        return ""
    return (
        f"警告：应用将在 {host} 上对其他机器开放，但没有设置培训师密码，任何人都能看到学员的提问"
        "和培训师的标记。请设置 RAG_TRAINER_PASSWORD，或只在 127.0.0.1 上运行。"
    )


def launch_options() -> dict:
    """What ``Blocks.launch`` needs besides the address: the stylesheet and the page script."""
    return {"css": stylesheet(), "js": page_script()}


def build_app(
    service: Service,
    store: FeedbackStore | None = None,
    settings: Settings | None = None,
) -> gr.Blocks:
    """The Blocks app: chat, essays, citation check and (with a feedback ``store``) the trainer
    area. ``/ask`` answers one question as JSON, like ``rag ask --json``."""
    settings = settings or service.settings
    with gr.Blocks(title="群众工作文章问答") as demo:
        gr.Markdown(
            "## 群众工作文章问答\n回答只由文章原句组成，每一条都注明出处；点击出处可查看原文。"
        )
        with gr.Tabs(elem_id="main-tabs") as tabs:
            chat = chat_tab(rateable=store is not None)
            essays_tab(service)
            cite_box, cite_view, cite_view_fn = cite_tab(service, settings.corpus_dir)
            if store is not None:
                keeper = BankKeeper(store, service)
                keeper.rebuild()  # the trainers' marks since the bank was last written
                trainer_tab(Desk(store, service, keeper), settings.trainer_password)
        signer = Signer(load_secret(settings.secret_key, settings.data_dir), "conversation")
        wire_chat(ChatHandlers(service, store, chat, signer), demo)

        def permalink(request: gr.Request) -> dict:
            cite_id = (getattr(request, "query_params", None) or {}).get("cite", "")
            if not cite_id:
                return {cite_view: gr.skip()}  # nothing to open: leave the page as it is
            return {
                tabs: gr.update(selected="cite"),
                cite_box: cite_id,
                cite_view: cite_view_fn(cite_id),
            }

        demo.load(permalink, None, [tabs, cite_box, cite_view], **PRIVATE).then(
            None, js=SCROLL_TO_CITED
        )

        def ask(question: str) -> dict:
            """Answer one question from the essays; returns the same JSON as `rag ask --json`."""
            service.refresh()
            return service.answerer.reply(question).to_json()

        gr.api(ask, api_name="ask", queue=False)
    return demo
