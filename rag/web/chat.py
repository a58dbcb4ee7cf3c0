"""The trainee's chat tab: questions, answers made of quotes, and the sources panel.

The page keeps its turns as ``Exchange`` records, each with a key that its two chat messages
carry (``metadata.id``): a rating or a click on a message finds its turn by that key, never by
its position. The conversation is also kept in the browser (``gr.BrowserState``) with a signed
token, so a reload restores it until 开始新对话 (or the chat's own clear button) ends it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import gradio as gr

from rag.answer.dialogue import short
from rag.answer.service import Service
from rag.answer.types import Answer, by_paragraph, refs
from rag.core.signing import Signer
from rag.library.library import Library
from rag.trainer.log_writer import LogWriter
from rag.web.cite import CHANGED_SINCE, retired_view
from rag.web.html import (
    SCROLL_TO_CITED,
    SHOW_NEW_ANSWER,
    SHOW_RESTORED,
    chat_message,
    error,
    essay_html,
    hint,
    notice_message,
    question_message,
    sources_html,
)
from rag.web.throttle import Throttle, too_many

EXAMPLES = [
    "社区干部平时该学些什么？",
    "消防执法人员应该怎样对待群众？",
    "什么是大党委制？",
    "群众工作为什么越来越难了？",
    "如何建立健全信访工作机制？",
]
HINT = hint("点击一条出处（或回答中的 [n]），这里会显示整篇文章，并高亮被引用的段落。")
EMPTY = "问题不能为空。请输入一个问题，例如：" + EXAMPLES[0]
PRIVATE = {"api_visibility": "private"}
MAX_KEPT = 50  # turns a browser keeps (older ones drop off its copy, never off the log)
KEPT_DAYS = 30  # a kept conversation older than this starts afresh


@dataclass(frozen=True)
class Exchange:
    """One turn of the chat as the page keeps it: the answer, its id in the trainers' log (None
    when nothing is logged) and the key its messages carry."""

    answer: Answer
    question_key: str = ""  # names the question in the trainers' log ("" when not logged)
    key: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "question_key": self.question_key, "answer": self.answer.to_json()}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Exchange:
        return cls(Answer.from_json(d["answer"]), str(d.get("question_key") or ""), d["key"])


@dataclass(frozen=True)
class ChatTab:
    chat: gr.Chatbot
    box: gr.Textbox
    send: gr.Button
    new: gr.Button
    examples: gr.Dataset
    suggestions: gr.Dataset
    cites: gr.Radio
    view: gr.HTML
    sources: gr.HTML
    exchanges: gr.State  # list[Exchange]
    selected: gr.State  # key of the answer whose sources are shown
    conversation: gr.State  # the conversation's id in the log, once one is logged
    stored: gr.BrowserState  # the browser's copy of the conversation
    # The trainee's 👍 (1) / 👎 (-1) by turn key, shown again on every redraw. Only a rating
    # writes it: kept apart from the turns, a rating given while a question is being answered
    # and that answer cannot overwrite each other.
    ratings: gr.BrowserState


def messages(exchanges: list[Exchange], selected: str = "") -> list[dict[str, Any]]:
    """The chat's messages, each carrying its turn's key; the answer whose sources are shown
    (by default the newest) is marked."""
    selected = selected or (exchanges[-1].key if exchanges else "")
    out = []
    for e in exchanges:
        meta = {"id": e.key}
        answer = chat_message(e.answer, e.key, e.key == selected)
        out.append({"role": "user", "content": question_message(e.answer.query), "metadata": meta})
        out.append({"role": "assistant", "content": answer, "metadata": meta})
    return out


FEEDBACK = {1: "Like", -1: "Dislike"}


def chat_update(
    exchanges: list[Exchange], ratings: Any, selected: str = "", notices: int = 0
) -> dict:
    """The chat redrawn: its messages and each answer's 👍/👎 as the trainee left it (the
    chat otherwise forgets them on every redraw). ``notices``: app messages appended after."""
    ratings = ratings if isinstance(ratings, dict) else {}
    feedback = [FEEDBACK.get(ratings.get(e.key)) for e in exchanges] + [None] * notices
    return gr.update(value=messages(exchanges, selected), feedback_value=feedback)


def _choices(answer: Answer) -> list[tuple[str, str]]:
    """One choice per cited paragraph: ``[1][3] 《标题》 › 小标题 › 第k段``."""
    return [(f"{refs(g)} {g[0].where}", str(g[0].n)) for g in by_paragraph(answer.citations)]


def _find(exchanges: list[Exchange], key: str | None) -> Exchange | None:
    return next((e for e in exchanges or [] if e.key == key), None)


def _key_of(chat: list, index: Any) -> str:
    """The turn key a chat message carries (messages are found by index in the chat's value,
    which the browser sends with the event)."""
    i = int(index[0] if isinstance(index, (list, tuple)) else index)
    if not chat or not 0 <= i < len(chat):
        return ""
    message = chat[i]
    meta = (
        message.get("metadata") if isinstance(message, dict) else getattr(message, "metadata", None)
    )
    return str((meta or {}).get("id") or "")


class ChatHandlers:
    """The trainee side's callbacks. They only move data between the answerer, the views and
    the components; with a feedback ``store`` every question is logged and can be rated."""

    def __init__(
        self,
        service: Service,
        log: LogWriter | None,
        tab: ChatTab,
        signer: Signer,
        throttle: Throttle | None = None,
        library: Library | None = None,
    ) -> None:
        """``log`` writes the questions and ratings (off the request path); ``throttle``
        admits questions within their client's rate limit; ``library`` holds the essays
        retired since an answer quoted them."""
        self.service = service
        self.library = library
        self.log = log
        self.t = tab
        self.signer = signer
        self.throttle = throttle

    # -- asking ---------------------------------------------------------------------------------

    def respond(
        self,
        question: str,
        exchanges: list[Exchange],
        conv: str | None,
        ratings: Any,
        selected: str,
        request: gr.Request,
    ) -> dict:
        """A question answered; an empty or throttled one gets a notice and changes nothing
        else (the answer ``selected`` stays outlined, as the sources panel shows it)."""
        t = self.t
        exchanges = list(exchanges or [])
        if not (question or "").strip():
            return self._notice(exchanges, ratings, selected, EMPTY, "（空白问题）")

        def reply() -> Answer:
            self.service.refresh()  # an essay edited under the running app is picked up here
            return self.service.answerer.reply(question, [e.answer for e in exchanges])

        ok, answer = (
            self.throttle.answer(request, question, reply) if self.throttle else (True, reply())
        )
        if not ok or answer is None:
            wait = self.throttle.retry_after(request, question) if self.throttle else 0.0
            notice = self._notice(exchanges, ratings, selected, too_many(wait), question)
            return {**notice, t.box: question}  # kept to be asked again, not typed again
        question_key = ""
        if self.log is not None and not answer.error:
            session = getattr(request, "session_hash", "") or ""
            conv = conv or self.log.conversation(session)
            question_key = self.log.answer(conv, answer)  # queued: the answer does not wait
        exchange = Exchange(answer, question_key, secrets.token_hex(6))
        exchanges = [*exchanges, exchange][-MAX_KEPT:]
        return {
            t.chat: chat_update(exchanges, ratings),
            t.exchanges: exchanges,
            t.box: "",
            t.conversation: conv,
            t.stored: self._stored(exchanges, conv),
            **self._show(exchange),
        }

    def _notice(
        self, exchanges: list[Exchange], ratings: Any, selected: str, text: str, asked: str
    ) -> dict:
        """A message from the app in the chat, which is neither logged nor kept; the answer
        whose sources are shown stays outlined."""
        # Its own pair of bubbles: beside the last answer, the chat would show it in that
        # answer's bubble, under that answer's 👍/👎. It carries no turn key: rating it rates
        # nothing.
        ask = {"role": "user", "content": question_message(short(asked, 100))}
        notice = {"role": "assistant", "content": notice_message(text)}
        chat = chat_update(exchanges, ratings, selected, notices=1)
        chat["value"] = [*chat["value"], ask, notice]
        return {self.t.chat: chat, self.t.box: ""}

    def ask_sample(
        self,
        sample: Any,
        exchanges: list[Exchange],
        conv: str | None,
        ratings: Any,
        selected: str,
        request: gr.Request,
    ):
        """An example question or a suggestion, clicked: asked at once."""
        question = sample[0] if isinstance(sample, (list, tuple)) and sample else sample
        return self.respond(str(question or ""), exchanges, conv, ratings, selected, request)

    def _show(self, exchange: Exchange) -> dict:
        """The sources panel (and suggestions) for one answer."""
        t, a = self.t, exchange.answer
        samples = [[s] for s in a.suggestions]
        return {
            t.cites: gr.update(choices=_choices(a), value=None),
            t.sources: sources_html(a.citations, a.understood_as, exchange.key, a.query),
            t.view: HINT,
            t.selected: exchange.key,
            t.suggestions: gr.update(samples=samples, visible=bool(samples)),
        }

    # -- the conversation kept in the browser ---------------------------------------------------

    def _stored(self, exchanges: list[Exchange], conv: str | None) -> dict[str, Any]:
        kept = exchanges[-MAX_KEPT:]
        keys = [e.question_key for e in kept if e.question_key]
        token = self.signer.sign({"c": conv or "", "q": keys})
        return {"v": 1, "token": token, "exchanges": [e.to_json() for e in kept]}

    def restore(self, stored: Any, ratings: Any) -> dict:
        """The conversation this browser kept, if its token is ours and not too old: question
        keys outside the token are dropped, so a browser cannot rate someone else's question."""
        t = self.t
        try:
            payload = self.signer.verify(stored.get("token"), KEPT_DAYS * 86400)
            exchanges = [Exchange.from_json(d) for d in stored.get("exchanges", [])][-MAX_KEPT:]
        except (AttributeError, KeyError, TypeError, ValueError):
            payload, exchanges = None, []
        if payload is None or not exchanges:
            return {t.chat: gr.skip()}  # nothing kept: the page stays as it is
        allowed = set(payload.get("q", []))
        exchanges = [
            e if e.question_key in allowed else Exchange(e.answer, "", e.key) for e in exchanges
        ]
        conv = payload.get("c") or None
        return {
            t.chat: chat_update(exchanges, ratings),
            t.exchanges: exchanges,
            t.conversation: conv,
            **self._show(exchanges[-1]),
        }

    # -- rating and reading the sources -------------------------------------------------------

    def rate(self, chat: list, exchanges: list[Exchange], ratings: Any, evt: gr.LikeData) -> dict:
        """A 👍/👎 (or one taken back): logged for the trainers, and kept by its turn's key so
        that the chat shows it again after a redraw or a reload."""
        t = self.t
        exchange = _find(exchanges, _key_of(chat, evt.index))
        if self.log is None or exchange is None or not exchange.question_key:
            return {t.ratings: gr.skip()}
        liked = evt.liked
        rating = (
            1 if liked is True or liked == "Like" else -1 if liked in (False, "Dislike") else None
        )
        self.log.rate(exchange.question_key, rating)
        kept = dict(ratings) if isinstance(ratings, dict) else {}
        kept[exchange.key] = rating
        return {t.ratings: {k: v for k, v in kept.items() if v in (1, -1)}}

    def select_message(
        self, chat: list, exchanges: list[Exchange], selected: str, ratings: Any, evt: gr.SelectData
    ) -> dict:
        """A click on an earlier message shows that answer's citations and sources again (a
        click on the answer already shown changes nothing: its [n] may be selecting a card)."""
        exchange = _find(exchanges, _key_of(chat, evt.index))
        if exchange is None or exchange.key == selected:
            return {self.t.sources: gr.skip()}
        return {
            self.t.chat: chat_update(exchanges, ratings, exchange.key),
            **self._show(exchange),
        }

    def open_citation(self, n: str | None, exchanges: list[Exchange], selected: str | None):
        exchange = _find(exchanges, selected)
        if not n or exchange is None:
            return HINT
        group = next(
            (g for g in by_paragraph(exchange.answer.citations) if str(g[0].n) == str(n)), None
        )
        if group is None:
            return HINT
        first = group[0]
        spans = [(c.start, c.end) for c in group]
        numbers = [c.n for c in group]
        essay, notice = self.service.by_id.get(first.essay_id), ""
        if essay is None:
            # an essay retired since the answer: its text from the library's history, so said
            corpus_dir = self.service.retriever.settings.corpus_dir
            found = retired_view(first.chunk_id, corpus_dir, self.library)
            if found is None:
                return error(f"出处 {first.chunk_id} 所在的文章已不在文章库中，无法打开。")
            essay, notice = found[0].essay, found[1]
        now = next((p for p in essay.paragraphs if p.id == first.paragraph_id), None)
        if now is None:
            return error(f"出处 {first.chunk_id} 所在的段落已不在文章中，无法打开。")
        if now.text != first.passage:
            # edited since it was quoted: the old places would mark other words
            spans, notice = [], " ".join(s for s in (notice, CHANGED_SINCE) if s)
        html = essay_html(essay, first.paragraph_id, spans=spans, numbers=numbers)
        return hint(notice) + html if notice else html

    def new_conversation(self) -> dict:
        t = self.t
        return {
            t.chat: [],
            t.exchanges: [],
            t.cites: gr.update(choices=[], value=None),
            t.sources: hint("提问后，这里列出回答引用的段落。"),
            t.view: HINT,
            t.selected: "",
            t.conversation: None,
            t.stored: {"v": 1, "exchanges": []},
            t.ratings: {},
            t.suggestions: gr.update(samples=[], visible=False),
        }


def chat_tab(rateable: bool) -> ChatTab:
    with gr.Tab("问答", id="chat"):
        with gr.Row(elem_id="chat-row"):
            with gr.Column(scale=3, elem_id="chat-col"):
                chat = gr.Chatbot(
                    label="对话",
                    show_label=False,  # the label would cover the first line when scrolled
                    height=520,
                    render_markdown=False,
                    autoscroll=False,  # a new answer is shown from its start (SHOW_NEW_ANSWER)
                    elem_id="chat",
                    buttons=["copy"],
                    feedback_options=("Like", "Dislike") if rateable else None,
                )
                with gr.Row():
                    box = gr.Textbox(
                        label="问题",  # hidden, but read out by screen readers ("Textbox")
                        placeholder="输入问题，例如：社区干部平时该学些什么？",
                        show_label=False,
                        scale=5,
                        max_lines=4,
                        elem_id="question",
                    )
                    send = gr.Button("提问", variant="primary", scale=1, elem_id="ask")
                    # Beside the question box, where a phone's reader is (not below the
                    # sources and the examples).
                    new = gr.Button("开始新对话", size="sm", scale=0, elem_id="new-conversation")
                suggestions = gr.Dataset(
                    components=[box],
                    samples=[],
                    label="您可以试着问（点击即问）",
                    visible=False,
                    elem_id="suggestions",
                )
            with gr.Column(scale=2, elem_id="sources-col"):
                cites = gr.Radio(label="出处（点击查看原文）", choices=[], elem_id="citations")
                sources = gr.HTML(hint("提问后，这里列出回答引用的段落。"), elem_id="sources")
                view = gr.HTML(HINT, elem_id="essay-view")
        with gr.Row(elem_id="examples-row"):
            examples = gr.Dataset(
                components=[box],
                samples=[[q] for q in EXAMPLES],
                label="示例问题（点击即问）",
                elem_id="examples",
            )
        # States belong inside the tab: a BrowserState placed directly in gr.Tabs makes Gradio
        # 6 add a second button for each tab the first time it is opened.
        states = (
            gr.State([]), gr.State(""), gr.State(None),
            gr.BrowserState(None, storage_key="rag-conversation"),
            gr.BrowserState({}, storage_key="rag-ratings"),
        )  # fmt: skip
    return ChatTab(chat, box, send, new, examples, suggestions, cites, view, sources, *states)


def wire_chat(h: ChatHandlers, demo: gr.Blocks) -> None:
    t = h.t
    shown = [t.cites, t.sources, t.view, t.selected, t.suggestions]
    ask_out = [t.chat, t.exchanges, t.box, t.conversation, t.stored, *shown]
    state = [t.exchanges, t.conversation, t.ratings, t.selected]
    for event in (t.send.click, t.box.submit):
        event(h.respond, [t.box, *state], ask_out, **PRIVATE).then(
            None, None, None, js=SHOW_NEW_ANSWER, **PRIVATE
        )
    for dataset in (t.examples, t.suggestions):
        dataset.click(h.ask_sample, [dataset, *state], ask_out, **PRIVATE).then(
            None, None, None, js=SHOW_NEW_ANSWER, **PRIVATE
        )
    t.chat.like(h.rate, [t.chat, t.exchanges, t.ratings], [t.ratings], **PRIVATE)
    chosen = [t.chat, t.exchanges, t.selected, t.ratings]
    t.chat.select(h.select_message, chosen, [t.chat, *shown], **PRIVATE)
    t.cites.change(h.open_citation, [t.cites, t.exchanges, t.selected], [t.view], **PRIVATE).then(
        None, js=SCROLL_TO_CITED, **PRIVATE
    )
    reset = [t.chat, t.exchanges, t.conversation, t.stored, t.ratings, *shown]
    t.new.click(h.new_conversation, None, reset, **PRIVATE)
    t.chat.clear(h.new_conversation, None, reset, **PRIVATE)  # the chat's own trash icon
    restored = [t.chat, t.exchanges, t.conversation, *shown]
    demo.load(h.restore, [t.stored, t.ratings], restored, **PRIVATE).then(
        None, None, None, js=SHOW_RESTORED, **PRIVATE
    )
