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
from tests.library.samples import TITLE, essay_paragraphs, make_docx, make_pdf


@pytest.fixture
def lib(tmp_path) -> Library:
    shutil.copytree(PROJECT_ROOT / "corpus" / "essays", tmp_path / "corpus" / "essays")
    return Library(Settings(corpus_dir=tmp_path / "corpus", max_upload_bytes=1 << 20))


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
    assert lib.add(make_docx("新的一篇"), "b.docx").essays == ("e7",)  # ids are never reused
    restored = lib.rollback(3, "王老师")  # the replaced version
    assert restored.action == "rollback" and "回滚到版本 3" in restored.summary
    ids = {e.id for e in load_corpus(lib.essays_dir)}
    assert "e6" in ids and "e7" not in ids
    assert [v.action for v in lib.history()] == [
        "init", "publish", "replace", "retire", "publish", "rollback"
    ]  # fmt: skip
    with pytest.raises(InputError, match="没有版本 99"):
        lib.rollback(99)


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
