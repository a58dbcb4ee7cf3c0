"""The verification tab's view of a citation: a permalink marks the quoted sentences and says
when the paragraph changed since; an essay retired since still opens, saying so; re-uploading
it suggests restoring it, which brings it back under its id."""

from __future__ import annotations

import dataclasses
import re
import shutil
from types import SimpleNamespace

import pytest

from rag.answer.service import Service
from rag.core.errors import InputError
from rag.core.settings import PROJECT_ROOT
from rag.core.signing import Signer
from rag.library.library import Library
from rag.retrieval.bank import paragraph_hash
from rag.trainer.access import TrainerAccess
from rag.web.chat import ChatHandlers, Exchange
from rag.web.cite import Quoted, open_cite
from rag.web.html import cite_href
from rag.web.library import NOT_ALLOWED, LibraryHandlers
from tests.library.samples import make_docx


def _marks(html: str) -> list[str]:
    return re.findall(r"<mark(?: [^>]*)?>([^<]*)</mark>", html)


@pytest.fixture(scope="module")
def service(built):
    return Service(built)


def test_a_permalink_marks_the_quote_and_says_when_the_paragraph_changed(service, built):
    """Four citations of one paragraph all linked to ?cite=e2-p3-c1, which highlighted the
    whole chunk: the trainer could not see which sentence [2] was."""
    paragraph = {p.id: p for e in service.essays for p in e.paragraphs}["e3-p6"]
    text = paragraph.text
    start = text.index("。") + 1  # its second sentence
    end = text.index("。", start) + 1
    corpus = built.corpus_dir

    def view(at: str = "", h: str = "") -> str:
        return open_cite("e3-p6-c1", service, corpus, None, Quoted(at, h))

    html = view(f"{start}-{end}", paragraph_hash(text))
    assert _marks(html) == [text[start:end]] and "引用的句子已在段落中标出" in html
    two = view(f"0-4,{start}-{end}")  # a card's quotes: every one marked
    assert _marks(two) == [text[:4], text[start:end]]
    # the paragraph changed since it was cited: said, and nothing marked as the quote
    changed = view(f"{start}-{end}", "0" * 16)
    assert "这一段在被引用之后已修改" in changed and _marks(changed) == []
    assert 'class="cited"' in changed  # the paragraph itself is still shown where it is
    for bad in ("99999-100000", "5-2", "abc", "1-2-3", ",".join(["0-1"] * 30)):
        html = view(bad)
        assert "链接中的引用位置" in html and "不对" in html, bad
        assert _marks(html)  # the chunk marked as before
    assert "<script>" not in view("<script>alert(1)</script>")
    plain = open_cite("e3-p6-c1", service, corpus)  # typed into the box: as before
    assert _marks(plain) and "cite-notice" not in plain
    # the link the desk and the chat give carries the quote and the text it was cut from
    link = cite_href("e3-p6-c1", [(start, end)], text)
    assert link == f"?cite=e3-p6-c1&at={start}-{end}&h={paragraph_hash(text)}"


def _chat(service, answer, library=None) -> tuple[ChatHandlers, list[Exchange]]:
    handlers = ChatHandlers(service, None, None, Signer("k" * 32, "conversation"), None, library)
    return handlers, [Exchange(answer, "", "t1")]


def test_the_chat_says_when_a_quoted_paragraph_changed_since_and_marks_nothing(service):
    """A citation clicked in the chat after its paragraph was edited marked the old places in
    the new text (the edited words in, the last ones out) without a word (desk walk 2)."""
    answer = service.answerer.ask("社区干部应该学习什么？")
    first = answer.citations[0]
    handlers, exchanges = _chat(service, answer)
    html = str(handlers.open_citation(str(first.n), exchanges, "t1"))
    assert first.quote in _marks(html) and "已修改" not in html
    edited = dataclasses.replace(
        answer,
        citations=tuple(
            dataclasses.replace(c, passage="旧的" + c.passage) for c in answer.citations
        ),
    )
    handlers, exchanges = _chat(service, edited)
    html = str(handlers.open_citation(str(first.n), exchanges, "t1"))
    assert "这一段在被引用之后已修改" in html and _marks(html) == []
    assert 'class="cited"' in html  # the paragraph as it is now, where it is


def test_a_retired_essay_still_opens_and_uploading_it_again_suggests_restoring(built, tmp_path):
    shutil.copytree(PROJECT_ROOT / "corpus" / "essays", tmp_path / "corpus" / "essays")
    shutil.copytree(built.index_dir, tmp_path / "index")
    settings = built.replace(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    access = TrainerAccess("", "k" * 32)
    library = Library(settings)
    h = LibraryHandlers(library, Service(settings), access)
    anyone = SimpleNamespace(cookies={})
    upload = tmp_path / "讲话.docx"
    upload.write_bytes(make_docx())
    _, _, title, _, preview = h.preview(str(upload), "", None, anyone)
    assert "已发布" in h.publish(preview, title, "赵老师", anyone)[0]
    h.service.wait_for_rebuild()
    corpus = settings.corpus_dir
    before = open_cite("e6-p2-c1", h.service, corpus, library)
    assert "cite-notice" not in before and "cite-head" in before
    asked = h.service.answerer.ask("山腰上的人家每天挑水要多久？")
    quoted = next(c for c in asked.citations if c.essay_id == "e6")
    chat, exchanges = _chat(h.service, asked, library)
    assert h.confirm(("retire", "e6"), "孙老师", anyone)[0].startswith("✅")
    h.service.wait_for_rebuild()
    assert "e6" not in {e.id for e in h.service.essays}
    retired = library.retired()
    assert [(r.essay.id, r.who) for r in retired] == [("e6", "孙老师")]
    html = open_cite("e6-p2-c1", h.service, corpus, library)
    assert "找不到出处" not in html
    assert f"已于 {retired[0].at} 停用" in html and "孙老师" in html and "恢复" in html
    assert "<mark>" in html and "cite-raw" in html  # the paragraph in its essay, its source
    assert "找不到出处" in open_cite("e6-p99", h.service, corpus, library)
    # a citation of it clicked in the chat opens it too, so said (it had shown the bare hint)
    clicked = str(chat.open_citation(str(quoted.n), exchanges, "t1"))
    assert f"已于 {retired[0].at} 停用" in clicked and quoted.quote in _marks(clicked)
    alone, exchanges = _chat(h.service, asked)  # no library to look in: a message
    assert "已不在文章库中" in str(alone.open_citation(str(quoted.n), exchanges, "t1"))
    # the same file again: said to be the retired essay, with the way back; nothing added
    status, *_ = h.preview(str(upload), "", None, anyone)
    assert "已停用的《" in status and "e6" in status and "恢复" in status
    with pytest.raises(InputError, match="已停用"):
        library.add(make_docx(), "again.docx")
    assert [e.id for e in library.entries() if not e.retired][-1] == "e5"
    # restored: the same id, the same text; the history says who
    assert h.restore("e6", "", SimpleNamespace(cookies={}))[0].startswith("✅")
    assert library.history()[-1].action == "restore"
    assert "e6" in {e.id for e in library.entries() if not e.retired}
    with pytest.raises(InputError, match="正在使用"):
        library.restore("e6")
    with pytest.raises(InputError, match="没有停用的文章 e9"):
        library.restore("e9")
    locked = LibraryHandlers(library, h.service, TrainerAccess("培训2026", "k" * 32))
    assert locked.restore("e6", "", SimpleNamespace(cookies={}))[0] == NOT_ALLOWED
    h.service.wait_for_rebuild()
