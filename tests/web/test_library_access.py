"""Only a logged-in trainer changes the library: without the login cookie every action of the
library page is refused and the library stays as it was."""

from __future__ import annotations

import shutil
from types import SimpleNamespace

from rag.answer.service import Service
from rag.core.settings import PROJECT_ROOT
from rag.library.library import Library
from rag.trainer.access import COOKIE, TrainerAccess
from rag.web.library import NOT_ALLOWED, LibraryHandlers
from tests.library.samples import make_docx


def test_library_actions_need_the_trainer_login(built, tmp_path):
    shutil.copytree(PROJECT_ROOT / "corpus" / "essays", tmp_path / "corpus" / "essays")
    settings = built.replace(corpus_dir=tmp_path / "corpus")
    shutil.copytree(built.index_dir, tmp_path / "index")
    settings = settings.replace(index_dir=tmp_path / "index")
    access = TrainerAccess("培训2026", "k" * 32)
    h = LibraryHandlers(Library(settings), Service(settings), access)
    upload = tmp_path / "讲话.docx"
    upload.write_bytes(make_docx())
    trainee = SimpleNamespace(cookies={})  # a browser without the login cookie
    assert h.preview(str(upload), "", None, trainee)[0] == NOT_ALLOWED
    assert h.retire("e1", trainee)[0] == NOT_ALLOWED
    assert h.rollback(1, trainee)[0] == NOT_ALLOWED
    assert h.ask_retire("e1", trainee)[0] == NOT_ALLOWED
    assert h.confirm(("retire", "e1"), "王老师", trainee)[0] == NOT_ALLOWED
    assert h.listing(trainee) == {}
    assert not (tmp_path / "corpus" / "uploads").exists() and h.library.history() == []
    token = access.login("127.0.0.1", "培训2026", "王老师")
    trainer = SimpleNamespace(cookies={COOKIE: token})
    status, _, title, _, preview = h.preview(str(upload), "", None, trainer)
    assert preview is not None and "预览" in status and title
    assert "已发布" in h.publish(preview, title, "冒名", trainer)[0]
    assert h.library.history()[-1].who == "王老师"  # the login's name, not one typed
    h.service.wait_for_rebuild()
    assert h.service.problem == ""
    assert len(h.service.essays) == 6  # the running service answers from the new essay too

    # 停用 asks first; nothing changes until 确认, and 取消 changes nothing.
    note, question, row, asked = h.ask_retire("e6", trainer)
    assert (
        note == "" and "确认停用 e6《" in question and row["visible"] and asked == ("retire", "e6")
    )
    before = len(h.library.history())
    assert "没有改动" in h.dismiss()[0] and len(h.library.history()) == before
    assert (
        "确认" not in h.ask_retire(None, trainer)[1] and "请先选择" in h.ask_retire("", trainer)[0]
    )
    assert "不在文章库里" in h.ask_retire("e99", trainer)[0]
    assert (
        "版本 1" in h.ask_rollback(1, trainer)[1]
        and "没有版本 99" in h.ask_rollback(99, trainer)[0]
    )
    assert "没有待确认" in h.confirm(None, "", trainer)[0]
    note, _, row, asked = h.confirm(("retire", "e6"), "", trainer)
    assert "✅" in note and not row["visible"] and asked is None
    assert next(e for e in h.library.entries() if e.id == "e6").retired


def test_an_open_trainer_area_signs_changes_with_the_name_typed_in_the_desk(built, tmp_path):
    """Without a password there is no login to name the trainer: the desk's name box does
    (it was （未署名） for every change)."""
    shutil.copytree(PROJECT_ROOT / "corpus" / "essays", tmp_path / "corpus" / "essays")
    shutil.copytree(built.index_dir, tmp_path / "index")
    settings = built.replace(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    access = TrainerAccess("", "k" * 32)
    assert access.open
    h = LibraryHandlers(Library(settings), Service(settings), access)
    upload = tmp_path / "讲话.docx"
    upload.write_bytes(make_docx())
    anyone = SimpleNamespace(cookies={})
    _, _, title, _, preview = h.preview(str(upload), "", None, anyone)
    assert "已发布" in h.publish(preview, title, "  李老师 ", anyone)[0]
    assert h.library.history()[-1].who == "李老师"
    h.service.wait_for_rebuild()
    assert "✅" in h.confirm(("retire", "e6"), "", anyone)[0]
    assert h.library.history()[-1].who == "（未署名）"  # nothing typed
