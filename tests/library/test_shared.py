"""The library's history in the feedback database, shared by "machines" (corpus folders of
their own, as replicas on several machines have): a change made on one reaches the others by
``sync``, with the uploads its provenance points to; a fresh machine takes the shared library;
an edit by hand becomes a version everyone gets; changes from two machines at once both land,
in order; a folder's earlier history moves into an empty database."""

from __future__ import annotations

import contextlib
import shutil
import threading

import pytest

from rag.core.errors import FeedbackError, InputError
from rag.core.settings import PROJECT_ROOT, Settings
from rag.corpus.essays import load_corpus
from rag.library.library import Library
from rag.library.types import Version
from rag.trainer.library_store import DatabaseHistory, open_library
from rag.trainer.store import FeedbackStore
from tests.library.samples import make_docx, make_pdf


@pytest.fixture
def machines(feedback_db, tmp_path):
    """Three machines sharing one database: ``make(i)`` gives machine i's library."""
    stores = []

    def make(i: int, copy: bool = True) -> Library:
        corpus = tmp_path / f"machine-{i}" / "corpus"
        if copy:  # a checkout: the committed essays, no library marker
            shutil.copytree(
                PROJECT_ROOT / "corpus" / "essays",
                corpus / "essays",
                ignore=shutil.ignore_patterns(".library.json"),
            )
        store = FeedbackStore(feedback_db)
        stores.append(store)
        settings = Settings(corpus_dir=corpus, max_upload_bytes=1 << 20)
        return Library(settings, DatabaseHistory(store.db, corpus / "library"))

    yield make
    for s in stores:
        s.close()


def _files(lib: Library) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(lib.essays_dir.iterdir())}


def test_a_change_on_one_machine_reaches_the_others_with_its_uploads(machines):
    a, b = machines(1), machines(2)
    v = a.add(make_pdf(pages=2), "讲话.pdf", "王老师")
    assert v.number == 2 and v.uploads  # 1 is the folder a started with
    assert b.behind() and b.sync() and not b.behind()
    assert _files(b) == _files(a) and b.local_version() == 2
    # The verification view of machine b finds the original lines the citation points to.
    essay = {e.id: e for e in load_corpus(b.essays_dir)}["e6"]
    raw = essay.meta["source"]["raw_file"]
    assert (b.settings.corpus_dir / raw).read_bytes() == (a.settings.corpus_dir / raw).read_bytes()
    b.retire("e6", "李老师")
    assert a.sync() and "e6" not in {e.id for e in load_corpus(a.essays_dir)}
    a.rollback(2, "王老师")
    assert b.sync() and "e6" in {e.id for e in load_corpus(b.essays_dir)}
    assert [x.action for x in b.history()] == ["init", "publish", "retire", "rollback"]
    assert [e.id for e in a.entries()] == [e.id for e in b.entries()]
    assert not a.sync() and not b.sync()  # nothing new: nothing changes


def test_a_fresh_machine_takes_the_library_and_a_hand_edit_becomes_a_version(machines):
    a = machines(1)
    a.add(make_docx(), "讲话.docx", "王老师")
    c = machines(3)  # the committed essays, no marker: a new replica's checkout
    assert c.sync() and _files(c) == _files(a)
    path = c.essays_dir / "e2.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n补充一段：消防宣传要进社区。\n")
    assert c.sync()  # the edit becomes a version …
    assert c.history()[-1].summary == "记录文章目录的外部改动"
    assert a.sync() and (a.essays_dir / "e2.md").read_bytes() == path.read_bytes()  # … for all


def test_changes_from_two_machines_at_once_both_land_in_order(machines):
    a, b = machines(1), machines(2)
    a.sync()
    b.sync()
    texts = [
        "# 老旧小区加装电梯\n\n加装电梯要先征求全楼住户意见，低层住户的顾虑要当面听、逐条答。",
        "# 夜市治理\n\n夜市摊位由摊主自管会排班保洁，城管每周与摊主代表座谈一次。",
    ]
    errors: list[Exception] = []

    def go(lib: Library, text: str) -> None:
        try:
            lib.add(text.encode("utf-8"), "a.md", "王老师")
        except Exception as e:  # noqa: BLE001 - the test reports it
            errors.append(e)

    threads = [threading.Thread(target=go, args=p) for p in zip((a, b), texts, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert [v.number for v in a.history()] == [1, 2, 3]
    a.sync()
    b.sync()
    assert _files(a) == _files(b)
    assert {"e6", "e7"} <= {e.id for e in load_corpus(a.essays_dir)}


def test_a_folder_history_moves_into_an_empty_database(feedback_db, tmp_path):
    shutil.copytree(PROJECT_ROOT / "corpus" / "essays", tmp_path / "corpus" / "essays")
    settings = Settings(corpus_dir=tmp_path / "corpus", feedback_db=str(feedback_db))
    Library(settings).add(make_docx(), "讲话.docx", "王老师")  # kept in the folder
    store = FeedbackStore(feedback_db)
    try:
        lib = Library(settings, DatabaseHistory(store.db, settings.corpus_dir / "library"))
        assert lib.history() == []
        lib.store.adopt(Library(settings).store)
        assert [v.action for v in lib.history()] == ["init", "publish"]
        assert not lib.sync()  # the folder already holds the newest version
        if "://" in str(feedback_db):
            assert open_library(settings, store).store.shared
    finally:
        store.close()


def test_an_object_missing_from_the_database_is_reported(machines):
    a = machines(1)
    a.add(make_docx(), "讲话.docx")
    with a.store.db.write() as c:  # type: ignore[attr-defined]
        c.execute("DELETE FROM library_objects")
    b = machines(2)
    with pytest.raises(FeedbackError, match="缺少文件"):
        b.sync()
    assert "e6" not in {e.id for e in load_corpus(b.essays_dir)}  # b's folder as it was


def test_a_hand_edit_on_a_machine_that_is_behind_goes_on_top_of_the_newest_version(machines):
    a, b = machines(1), machines(2)
    a.sync()
    b.sync()
    a.add(make_docx(), "讲话.docx", "王老师")  # b has not synced yet ...
    path = b.essays_dir / "e2.md"
    edited = path.read_text(encoding="utf-8") + "\n补充一段：消防宣传要进社区。\n"
    path.write_text(edited, encoding="utf-8")  # ... and someone edits e2 there by hand
    assert b.sync()
    ids = {e.id for e in load_corpus(b.essays_dir)}
    assert "e6" in ids, "the essay published on a was undone"
    assert path.read_text(encoding="utf-8") == edited
    assert "之上" in b.history()[-1].summary
    assert a.sync() and "e6" in {e.id for e in load_corpus(a.essays_dir)}
    assert (a.essays_dir / "e2.md").read_text(encoding="utf-8") == edited


def test_a_forged_history_row_cannot_write_outside_the_corpus(machines, tmp_path):
    a = machines(1)
    a.sync()
    latest = a.history()[-1]
    sha = next(iter(latest.files.values()))
    forged = [
        Version(latest.number + 1, "2026-11-29 00:00:00", "", "publish", "x", (), {
            **latest.files, "../../evil.md": sha}),
        Version(latest.number + 1, "2026-11-29 00:00:00", "", "publish", "x", (),
                dict(latest.files), {"../../../evil-upload": sha}),
    ]  # fmt: skip
    for version in forged:
        with a.store.db.write() as c:  # type: ignore[attr-defined]
            c.execute("DELETE FROM library_versions WHERE number > ?", (latest.number,))
        with a.store.append(version):
            pass
        b = machines(2, copy=False)
        with pytest.raises(InputError, match="不安全"):
            b.sync()
        assert not list(tmp_path.rglob("evil*"))
        shutil.rmtree(b.settings.corpus_dir.parent, ignore_errors=True)


def test_a_version_whose_record_fails_is_not_served(machines, monkeypatch):
    a = machines(1)
    a.sync()
    before = _files(a)
    real = a.store.append

    @contextlib.contextmanager
    def failing(version):
        with real(version):
            yield
            raise FeedbackError("数据库在提交时断开")

    monkeypatch.setattr(a.store, "append", failing)
    with pytest.raises(FeedbackError):
        a.add(make_docx(), "讲话.docx", "王老师")
    assert _files(a) == before  # the folder of the recorded version, marker included
    monkeypatch.undo()
    assert [v.action for v in a.history()] == ["init"]
