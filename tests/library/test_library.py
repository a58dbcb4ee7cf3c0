"""The essay library on a private copy of the corpus: preview changes nothing, publish writes
the essay with its source and provenance, replace keeps the id, retire hides, every change is a
version and any version can be restored; bad input leaves the library as it was."""

from __future__ import annotations

import errno
import shutil
import threading

import pytest

from rag.core.errors import InputError
from rag.core.settings import PROJECT_ROOT, Settings
from rag.corpus.essays import load_corpus
from rag.library.library import Library
from rag.trainer.library_store import DatabaseHistory
from rag.trainer.store import FeedbackStore
from tests.conftest import database
from tests.library.samples import (
    GRID_PARAGRAPHS,
    GRID_TEXT,
    GRID_TITLE,
    SECTIONS,
    SECTIONS_B,
    TITLE,
    TITLE_B,
    essay_paragraphs,
    make_docx,
    make_pdf,
)


@pytest.fixture(params=["folder", "sqlite", "postgresql"])
def lib(request, tmp_path):
    """The library with its history in the corpus folder, or in the feedback database (as
    replicas sharing PostgreSQL keep it)."""
    shutil.copytree(PROJECT_ROOT / "corpus" / "essays", tmp_path / "corpus" / "essays")
    settings = Settings(corpus_dir=tmp_path / "corpus", max_upload_bytes=1 << 20)
    if request.param == "folder":
        yield Library(settings)
        return
    with database(request, request.param, tmp_path) as where:
        store = FeedbackStore(where)
        yield Library(settings, DatabaseHistory(store.db, settings.corpus_dir / "library"))
        store.close()


def _snapshot(lib: Library) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(lib.essays_dir.iterdir())}


def test_preview_changes_nothing_and_publish_writes_source_and_provenance(lib):
    before = _snapshot(lib)
    preview = lib.preview(make_pdf(pages=3), "讲义.pdf", "王老师")
    assert _snapshot(lib) == before and lib.history() == []
    (draft,) = preview.drafts
    assert draft.essay.title == TITLE and len(draft.essay.paragraphs) == 6
    assert [h["text"] for h in draft.headings][0] == "一、摸清群众的用水需求"
    assert any(r.note.endswith("页码") for r in draft.repairs)  # removals shown in the preview
    assert "格式：PDF（文字层）" in preview.notes and "共 3 页" in preview.notes
    v = lib.publish(preview, "王老师", title="饮水工程里的群众工作")
    assert (v.number, v.action, v.who, v.essays) == (2, "publish", "王老师", ("e6",))
    assert lib.history()[0].action == "init"  # the essays before the first change
    essay = {e.id: e for e in load_corpus(lib.essays_dir)}["e6"]
    assert essay.title == "饮水工程里的群众工作"
    assert [p.text for p in essay.paragraphs] == essay_paragraphs()
    source = essay.meta["source"]
    assert source["file"] == "讲义.pdf" and source["uploaded_by"] == "王老师"
    assert source["sha256"] == preview.sha256 and len(source["sha256"]) == 64
    upload = lib.settings.corpus_dir / source["upload"]
    assert upload.read_bytes() == make_pdf(pages=3) or upload.stat().st_size == preview.size
    extract = (lib.settings.corpus_dir / essay.raw_file).read_text(encoding="utf-8").split("\n")
    for p in essay.paragraphs:  # each paragraph's lines hold its text, and its page is known
        assert p.pages and "".join(extract[n - 1] for n in p.lines) == p.text


def test_a_plain_text_keeps_the_sentence_that_opens_each_paragraph(lib):
    """其次要建立网格议事会制度。 opens a paragraph: it stays in it, verbatim, and is no heading
    (it was cut off as ``## 其次要建立网格议事会制度``, its 。 dropped, 0 repairs shown)."""
    preview = lib.preview(GRID_TEXT.encode(), "qunzhong_test.txt", "王老师")
    (draft,) = preview.drafts
    assert draft.essay.title == GRID_TITLE
    assert draft.headings == () and draft.repairs == ()
    assert [p.text for p in draft.essay.paragraphs] == GRID_PARAGRAPHS
    lib.publish(preview, "王老师")
    essay = {e.id: e for e in load_corpus(lib.essays_dir)}["e6"]
    assert [(p.text, p.heading_path) for p in essay.paragraphs] == [
        (text, ()) for text in GRID_PARAGRAPHS
    ]
    markdown = (lib.essays_dir / "e6.md").read_text(encoding="utf-8")
    assert "\n## " not in markdown and f"\n{GRID_PARAGRAPHS[1]}\n" in markdown
    # The upload is kept byte for byte; provenance points into its text saved beside it as
    # <name>.txt (qunzhong_test.txt.txt: UTF-8, one line per line, whatever the upload was).
    source = essay.meta["source"]
    upload = lib.settings.corpus_dir / source["upload"]
    assert upload.name == "qunzhong_test.txt" and upload.read_bytes() == GRID_TEXT.encode()
    assert source["raw_file"] == source["upload"] + ".txt"
    extract = (lib.settings.corpus_dir / essay.raw_file).read_text(encoding="utf-8").split("\n")
    for p in essay.paragraphs:
        assert "".join(extract[n - 1] for n in p.lines) == p.text


def test_a_heading_line_of_a_plain_text_is_kept_as_written(lib):
    """A short line of its own led by 其次 is a heading, with its 。: nothing is dropped."""
    text = GRID_TEXT.replace("其次要建立网格议事会制度。", "其次要建立网格议事会制度。\n\n")
    (draft,) = lib.preview(text.encode(), "qunzhong_test.txt").drafts
    assert [h["text"] for h in draft.headings] == ["其次要建立网格议事会制度。"]
    assert draft.headings[0]["lines"] == [5] and draft.repairs == ()
    paths = [p.heading_path for p in draft.essay.paragraphs]
    assert paths == [(), ("其次要建立网格议事会制度。",), ("其次要建立网格议事会制度。",)]
    assert draft.essay.paragraphs[1].text == GRID_PARAGRAPHS[1].removeprefix(
        "其次要建立网格议事会制度。"
    )


def test_the_saved_text_of_an_upload_is_utf8_beside_the_upload_kept_as_it_came(lib):
    """Why ``raw_file`` is ``<upload name>.txt`` even for a .txt: a GB18030 text with CRLF
    line ends is kept byte for byte, and its decoded text is what the provenance lines count."""
    data = GRID_TEXT.replace("\n", "\r\n").encode("gb18030")
    lib.add(data, "qunzhong_test.txt")
    essay = {e.id: e for e in load_corpus(lib.essays_dir)}["e6"]
    source = essay.meta["source"]
    assert (lib.settings.corpus_dir / source["upload"]).read_bytes() == data
    saved = (lib.settings.corpus_dir / source["raw_file"]).read_bytes()
    assert source["raw_file"].endswith("qunzhong_test.txt.txt") and saved == GRID_TEXT.encode()


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_word_and_pdf_keep_the_sentence_that_opens_each_paragraph(lib, kind):
    """The rule of plain text holds for the other formats: a Word file's headings come from its
    styles, a PDF's from short lines of their own; an opening sentence stays in its paragraph."""
    sections = [*SECTIONS, ("四、网格员的三项功课", GRID_PARAGRAPHS)]  # a PDF of three pages
    make = make_docx if kind == "docx" else make_pdf
    (draft,) = lib.preview(make(sections=sections), f"讲义.{kind}").drafts
    assert [h["text"] for h in draft.headings] == [heading for heading, _ in sections]
    assert [(p.text, p.heading_path) for p in draft.essay.paragraphs][-3:] == [
        (text, ("四、网格员的三项功课",)) for text in GRID_PARAGRAPHS
    ]


def test_cancel_drops_the_upload(lib):
    preview = lib.preview(make_docx(), "a.docx")
    folder = lib.uploads / preview.token
    assert folder.is_dir()
    lib.cancel(preview.token)
    assert not folder.exists() and lib.history() == []


def test_replace_keeps_the_id_retire_hides_and_rollback_restores(lib):
    lib.add(make_docx(), "讲话.docx", "王老师")
    e6 = {e.id: e for e in load_corpus(lib.essays_dir)}["e6"]
    text = e6.paragraphs[0].text
    v = lib.replace("e6", make_pdf(pages=2), "讲话（修订）.pdf", "李老师")
    assert v.action == "replace" and v.essays == ("e6",)
    after = {e.id: e for e in load_corpus(lib.essays_dir)}["e6"]
    assert after.paragraphs[0].text == text and after.meta["source"]["file"] == "讲话（修订）.pdf"
    lib.retire("e6", "李老师")
    assert "e6" not in {e.id for e in load_corpus(lib.essays_dir)}
    entries = {e.id: e for e in lib.entries()}
    assert entries["e6"].retired and not entries["e1"].retired
    other = make_docx(TITLE_B, SECTIONS_B)
    assert lib.add(other, "b.docx").essays == ("e7",)  # ids are never reused
    restored = lib.rollback(3, "王老师")  # the replaced version
    assert restored.action == "rollback" and "回滚到版本 3" in restored.summary
    ids = {e.id for e in load_corpus(lib.essays_dir)}
    assert "e6" in ids and "e7" not in ids
    assert [v.action for v in lib.history()] == [
        "init", "publish", "replace", "retire", "publish", "rollback"
    ]  # fmt: skip
    with pytest.raises(InputError, match="没有版本 99"):
        lib.rollback(99)


def test_an_essay_file_of_the_library_uploaded_again_is_read_by_its_front_matter(lib):
    """e3.md as it sits in the essay folder was read with its front matter lines as paragraphs
    and the file name as title: a retired essay's file was no duplicate of it, and a replacement
    lost the essay's author and date (desk walk 2)."""
    e3_file = (lib.essays_dir / "e3.md").read_bytes()
    e3 = {e.id: e for e in load_corpus(lib.essays_dir)}["e3"]
    edited = e3_file.replace("所以社区干部要把学习".encode(), "所以社区干部一定要把学习".encode())
    preview = lib.preview(edited, "e3_修订.md", replaces="e3")
    (draft,) = preview.drafts
    assert draft.essay.title == e3.title
    assert len(draft.essay.paragraphs) == len(e3.paragraphs)
    assert not any(p.text.startswith(("id:", "title:", "source:")) for p in draft.essay.paragraphs)
    assert draft.essay.meta["author"] == e3.meta["author"] == "袁正清"
    lib.cancel(preview.token)
    # a file without front matter replacing it keeps its author and date
    body = (
        e3_file.decode().split("\n---\n", 1)[1].replace("所以社区干部要把", "所以社区干部一定要把")
    )
    lib.replace("e3", body.encode(), "正文.md", "王老师")
    after = {e.id: e for e in load_corpus(lib.essays_dir)}["e3"]
    assert (after.meta["author"], after.meta["date"]) == (e3.meta["author"], e3.meta["date"])
    assert after.meta["source"]["file"] == "正文.md"
    # the file of an essay retired since is known as that essay: restore it instead
    e2_file = (lib.essays_dir / "e2.md").read_bytes()
    lib.retire("e2", "王老师")
    with pytest.raises(InputError, match="已停用.*恢复"):
        lib.preview(e2_file, "e2.md")


def test_bad_input_leaves_the_library_untouched(lib, monkeypatch):
    lib.add(make_docx(), "讲话.docx")
    before, history = _snapshot(lib), lib.history()
    cases = [
        (b"", "a.txt", "空的"),
        (bytes(range(256)) * 40, "essay.txt", "不是文本"),
        (b"x" * (2 << 20), "big.pdf", "文件太大"),
        (make_pdf(pages=1, text_layer=False), "scan.pdf", "文字层"),
        (make_docx(), "again.docx", "重复"),
    ]
    for data, name, message in cases:
        with pytest.raises(InputError, match=message):
            lib.add(data, name)
    with pytest.raises(InputError, match="HTML 标记"):
        lib.add(
            "# 标题\n\n民情恳谈会每月一次，群众的事大家商量。".encode(), "a.md", title="<b>标题</b>"
        )
    with pytest.raises(InputError, match="没有在用的文章 e99"):
        lib.retire("e99")
    # The disk fills up while the new essay folder is written: the old one stays.
    real_copy = shutil.copyfile

    def full(src, dst, *a, **k):
        if str(dst).endswith("e7.md"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_copy(src, dst, *a, **k)

    monkeypatch.setattr(shutil, "copyfile", full)
    with pytest.raises(InputError, match="文章库没有改动：.*(磁盘|空间)"):
        lib.add("# 新文\n\n民情恳谈会每月一次，群众的事大家商量。".encode(), "a.md")
    monkeypatch.undo()
    assert _snapshot(lib) == before and lib.history() == history
    assert not list(lib.essays_dir.parent.glob(".library-*"))  # no half-written folder left


def test_two_trainers_publishing_at_once_both_land_in_order(lib):
    texts = [
        "# 老旧小区加装电梯\n\n加装电梯要先征求全楼住户意见，低层住户的顾虑要当面听、逐条答。",
        "# 夜市治理\n\n夜市摊位由摊主自管会排班保洁，城管每周与摊主代表座谈一次。",
    ]
    errors = []

    def go(i):
        try:
            lib.add(texts[i].encode(), f"{i}.md", who=f"培训师{i}")
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=go, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    published = [v for v in lib.history() if v.action == "publish"]
    assert sorted(e for v in published for e in v.essays) == ["e6", "e7"]
    assert [v.number for v in lib.history()] == [1, 2, 3]  # in order, none lost
    assert {"e6", "e7"} <= {e.id for e in load_corpus(lib.essays_dir)}


def test_cancel_never_deletes_outside_its_upload_nor_a_published_one(lib):
    preview = lib.preview(make_docx(), "a.docx")
    lib.publish(preview)
    for token in ("..", "../..", "", preview.token):
        lib.cancel(token)
    assert lib.essays_dir.is_dir() and (lib.uploads / preview.token).is_dir()


def test_an_empty_library_takes_its_first_essay(tmp_path):
    (tmp_path / "corpus" / "essays").mkdir(parents=True)
    lib = Library(Settings(corpus_dir=tmp_path / "corpus"))
    assert lib.entries() == []
    assert lib.add(make_docx(), "a.docx").essays == ("e1",)


def test_a_long_or_marked_up_title_from_a_file_is_cut_not_refused(lib):
    html = "<html><head><title>" + "很长的标题<b>加粗</b>" * 20 + "</title></head><body><article>"
    html += "<p>居民议事会每月召开一次，由居民代表讨论小区的公共事务，大家的事大家商量着办。</p>"
    html += "<p>社区干部每周上门走访困难家庭，记录民情日记，做到小事不出社区。</p></article>"
    html += "</body></html>"
    (draft,) = lib.preview(html.encode(), "page.html").drafts
    assert "<" not in draft.essay.title and len(draft.essay.title) <= 80


@pytest.mark.slow
def test_a_replacement_much_shorter_than_the_essay_is_taken_by_the_running_app(built, tmp_path):
    from rag.answer.service import Service

    shutil.copytree(PROJECT_ROOT / "corpus" / "essays", tmp_path / "corpus" / "essays")
    shutil.copytree(built.index_dir, tmp_path / "index")
    settings = built.replace(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    service, lib = Service(settings), Library(settings)
    short = "# 如何做好稳定工作中的群众工作\n\n修订后只保留一段：稳定工作要走群众路线。".encode()
    lib.replace("e1", short, "修订.md")
    assert service.refresh(force=True) and service.problem == ""
    assert len(service.by_id["e1"].paragraphs) == 1
    # The same shortening by hand still looks like damage and is refused.
    (lib.essays_dir / "e2.md").write_text("# 谈消防\n\n只剩一段。", encoding="utf-8")
    assert not service.refresh(force=True) and "截断" in service.problem
