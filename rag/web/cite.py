"""The citation verification tab: a citation by its id, in its essay and beside the raw page.

A permalink (``?cite=e3-p6-c1&at=12-40&h=…``) carries the quoted spans in the paragraph and
the hash of the paragraph's text when it was cited: the quoted sentences are marked, and a
paragraph changed since is said to be so rather than shown as what was cited. An id of an
essay retired since still opens, from the library's history, saying when it was retired.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from rag.answer.citations import CiteNotFound, CiteView, resolve_cite
from rag.answer.service import Service
from rag.core.errors import RagError
from rag.library.library import Library
from rag.retrieval.bank import paragraph_hash
from rag.web.html import SCROLL_TO_CITED, cite_html, error

PRIVATE = {"api_visibility": "private"}
MAX_SPANS = 20  # quotes one permalink may mark (a card's quotes from one paragraph)
_SPANS = re.compile(rf"\d{{1,7}}-\d{{1,7}}(?:,\d{{1,7}}-\d{{1,7}}){{0,{MAX_SPANS - 1}}}")
_HASH = re.compile(r"[0-9a-f]{16}")


# Said above a paragraph whose text is no longer the one a citation quoted
CHANGED_SINCE = (
    "⚠️ 这一段在被引用之后已修改：下面是现在的文字，不是当时引用的原文，"
    "所以没有标出引用的句子（当时的原文见培训师页问答记录里的这条出处）。"
)


@dataclass(frozen=True)
class Quoted:
    """What a permalink says about the quote: its spans in the paragraph (``at``) and the hash
    of the paragraph's text when it was cited (``h``); empty when it says nothing."""

    at: str = ""
    h: str = ""

    def spans(self, view: CiteView) -> tuple[tuple[tuple[int, int], ...] | None, str]:
        """(the spans to mark, what to say about them): None marks the chunk as before (the
        link carries no spans); ``()`` marks none (the paragraph changed since)."""
        text = view.paragraph.text
        at, h = self.at.strip(), self.h.strip().lower()
        if h and (not _HASH.fullmatch(h) or h != paragraph_hash(text)):
            return (), CHANGED_SINCE
        if not at:
            return None, ""
        spans = (
            [(int(a), int(b)) for a, b in (part.split("-") for part in at.split(","))]
            if _SPANS.fullmatch(at)
            else []
        )
        if not spans or not all(0 <= a < b <= len(text) for a, b in spans):
            return None, (
                f"⚠️ 链接中的引用位置 at={at[:40]} 不对（格式不对或超出这一段），只标出了段落。"
            )
        return tuple(spans), "引用的句子已在段落中标出。"


def open_cite(
    cite_id: str,
    service: Service,
    corpus_dir: Path,
    library: Library | None = None,
    quoted: Quoted = Quoted(),
) -> str:
    """The verification view of ``cite_id``: in the essays answered from now, else in an
    essay retired since (from the library's history); a message when neither holds it."""
    notice = ""
    try:
        view = resolve_cite(cite_id, service.essays, service.retriever.chunks, corpus_dir)
    except CiteNotFound as missing:
        found = retired_view(cite_id, corpus_dir, library)
        if found is None:
            return str(error(missing))
        view, notice = found
    except RagError as e:
        return str(error(e))
    spans, said = quoted.spans(view)
    return str(cite_html(view, spans, " ".join(s for s in (notice, said) if s)))


def retired_view(
    cite_id: str, corpus_dir: Path, library: Library | None
) -> tuple[CiteView, str] | None:
    """The citation in an essay retired since, and a notice saying when; None if no retired
    essay holds it."""
    if library is None or not (cite_id or "").strip():
        return None
    try:
        retired = library.retired()
    except RagError:
        return None  # a history that cannot be read: the plain "not found" stands
    for r in retired:
        try:
            view = resolve_cite(cite_id, [r.essay], [], corpus_dir)
        except CiteNotFound:
            continue
        who = f"，{r.who}" if r.who else ""
        when = f"已于 {r.at} 停用（版本 {r.version}{who}）" if r.at else "已停用"
        return view, (
            f"⚠️ 文章《{r.essay.display_title}》（{r.essay.id}）{when}：它不再用于回答，"
            "下面是停用前的原文。要重新使用它，请在培训师页的文章库中“恢复”它。"
        )
    return None


def cite_tab(
    service: Service, corpus_dir: Path, library: Library | None = None
) -> tuple[gr.Textbox, gr.HTML, Callable[..., str]]:
    """Anyone may verify a citation by id: it shows corpus text only, no one's questions.

    Returns the id box, the view and the function that renders an id with what its permalink
    says of the quote (``cite_id, at, h``).
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

    def show(cite_id: str, at: str = "", h: str = "") -> str:
        return open_cite(cite_id, service, corpus_dir, library, Quoted(at or "", h or ""))

    def typed(cite_id: str) -> str:
        return show(cite_id)

    # The essay box scrolls to the cited paragraph, as when opened by link (/?cite=…).
    for event in (go.click, box.submit):
        event(typed, [box], [view], **PRIVATE).then(None, js=SCROLL_TO_CITED, **PRIVATE)
    return box, view, show
