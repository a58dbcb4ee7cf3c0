"""A running app and its essay folder: edits are picked up; a failed update keeps the last index."""

from __future__ import annotations

import shutil
import time

import pytest

from rag.answer.service import Service
from rag.core.settings import PROJECT_ROOT, Settings
from rag.retrieval import index_store


@pytest.fixture
def service(tmp_path, built):
    shutil.copytree(PROJECT_ROOT / "corpus" / "essays", tmp_path / "corpus" / "essays")
    shutil.copytree(built.index_dir / "cache", tmp_path / "index" / "cache")
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    return Service(settings)


def test_an_essay_added_and_deleted_under_the_running_app(service):
    essays = service.settings.essays_dir
    (essays / "new.md").write_text(
        "# 新文章\n\n网格化管理要做到人到网中去、事在网中办。\n", encoding="utf-8"
    )
    assert service.refresh(force=True)
    assert any(e.id == "new" for e in service.essays)
    hits = service.retriever.search("网格化管理").hits
    assert hits[0].chunk.essay_id == "new"
    (essays / "new.md").unlink()
    assert service.refresh(force=True)
    assert all(e.id != "new" for e in service.essays)
    assert all(c.essay_id != "new" for c in service.answerer.ask("网格化管理怎么做？").citations)


def test_a_broken_edit_keeps_the_last_good_index(service):
    before = service.retriever.index.manifest["build_id"]
    (service.settings.essays_dir / "bad.md").write_text(
        "---\nid: [\n---\n正文。\n", encoding="utf-8"
    )
    assert not service.refresh(force=True)
    assert "仍使用上一次的索引" in service.problem and "bad.md" in service.problem
    assert service.retriever.index.manifest["build_id"] == before
    assert not service.answerer.ask("什么是大党委制？").abstained


def test_an_unwritable_index_folder_keeps_the_last_good_index(service, monkeypatch):
    (service.settings.essays_dir / "e2.md").open("a", encoding="utf-8").write(
        "\n补充：消防宣传进社区。\n"
    )

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Read-only file system", str(service.settings.index_dir))

    monkeypatch.setattr(index_store, "build", read_only)
    assert not service.refresh(force=True)
    assert "Read-only" in service.problem
    assert service.answerer.ask("消防执法人员应该怎样对待群众？").citations


def test_refresh_is_cheap_when_nothing_changed(service):
    assert not service.refresh()  # within the check interval: not even a look
    assert not service.refresh(force=False)


def test_hidden_files_such_as_editor_swap_files_do_not_rebuild(service, monkeypatch):
    monkeypatch.setattr("rag.answer.service.CHECK_EVERY", 0.0)
    before = service.retriever.index.manifest["build_id"]
    (service.settings.essays_dir / ".e2.md.swp").write_bytes(b"\x00swap")
    assert not service.refresh()
    assert service.retriever.index.manifest["build_id"] == before


def test_a_request_during_a_rebuild_is_answered_from_the_current_index(service, monkeypatch):
    """The request that notices an edit does not wait for the rebuild (18–20 s with an empty
    embedding cache): the rebuild runs in the background, and every request until the swap is
    answered from the current index."""
    import threading
    import time

    from rag.retrieval.search import Retriever

    monkeypatch.setattr("rag.answer.service.CHECK_EVERY", 0.0)
    started, release = threading.Event(), threading.Event()
    real_reload = Retriever.reload

    def slow_reload(self, *args, **kwargs):
        started.set()
        release.wait(30)
        return real_reload(self, *args, **kwargs)

    monkeypatch.setattr(Retriever, "reload", slow_reload)
    (service.settings.essays_dir / "e2.md").open("a", encoding="utf-8").write("\n补充一段。\n")
    try:
        t = time.monotonic()
        assert not service.refresh()  # notices the edit, starts the rebuild, does not wait
        assert started.wait(30)
        assert not service.refresh()  # a rebuild is running: nothing more to do
        assert not service.answerer.ask("什么是大党委制？").abstained
        assert time.monotonic() - t < 5
        assert not any("补充一段" in c.text for c in service.retriever.chunks)
    finally:
        release.set()
        service.wait_for_rebuild()
    assert any("补充一段" in c.text for c in service.retriever.chunks)


def test_the_trainer_overview_shows_why_an_edit_was_not_taken_in(service, tmp_path):
    from rag.trainer.desk import Desk
    from rag.trainer.store import FeedbackStore
    from rag.web.html import overview_markdown

    (service.settings.essays_dir / "bad.md").write_text("---\nid: [\n---\n正文。\n", "utf-8")
    assert not service.refresh(force=True)
    overview = Desk(FeedbackStore(tmp_path / "fb.sqlite3"), service).overview(True)
    text = overview_markdown(overview)
    assert "仍使用上一次的索引" in text and "bad.md" in text


@pytest.mark.parametrize("damage", ["nul", "truncated"])
def test_a_damaged_essay_file_keeps_the_last_good_index(service, damage):
    """A file of NUL bytes, or one that lost most of its paragraphs, never replaces the essay:
    the last good index keeps serving and the reason is kept for the trainers."""
    essay = service.settings.essays_dir / "e4.md"
    text = essay.read_text("utf-8")
    if damage == "nul":
        essay.write_bytes(b"\x00" * len(text.encode()))
    else:
        essay.write_text(text[: len(text) // 6], "utf-8")
    before = len(service.retriever.chunks)
    assert not service.refresh(force=True)
    assert len(service.retriever.chunks) == before
    assert "仍使用上一次的索引" in service.problem
    assert ("控制字符" if damage == "nul" else "像是文件被截断") in service.problem
    assert not service.answerer.ask("火车跑得快，全靠车头带是什么意思？").abstained


def test_warming_loads_the_tagger_the_first_question_about_a_person_would_wait_for(service):
    from rag.answer import facts

    facts._pos_tokenizer.cache_clear()
    service.warm()
    assert facts._pos_tokenizer.cache_info().currsize == 1
    started = time.perf_counter()
    assert "高新民" in facts.people("教授高新民认为")
    assert time.perf_counter() - started < 0.5
    assert "_sounds" in vars(service.retriever.speller)  # the speller's readings too


def test_a_new_bank_answers_while_its_lessons_are_learnt(service, monkeypatch):
    """A mark reaches answers at once: the bank keeper swaps the new bank in with the last
    bank's lessons, then learns its own (most of a second with 10,000 entries) in its thread,
    and swaps in an answerer that keeps no answer given meanwhile."""
    import threading

    from rag.retrieval.bank import BankEntry, paragraph_hash
    from rag.retrieval.chunking import paragraph_texts
    from rag.retrieval.search import Retriever

    # with the seed bank, which teaches (a bank of one mark would not: bank_lessons_from)
    shutil.copytree(PROJECT_ROOT / "corpus" / "bank", service.settings.corpus_dir / "bank")
    service = Service(service.settings)
    r = service.retriever
    before = r.lessons
    assert before.fitted > 0
    asked = "乡镇工作千头万绪，到底哪些事是重中之重？"
    text = paragraph_texts(r.chunks)["e4-p18"]
    mark = BankEntry(asked, "e4-p18", paragraph_hash(text), True, "王老师", "2026-11-30 09:00")
    entries = [*(r.bank.entries if r.bank else []), mark]
    bank = r.make_bank(entries, r.question_vectors([e.question for e in entries]))
    started, release = threading.Event(), threading.Event()
    real_learn = Retriever.learn_lessons

    def slow_learn(self):
        started.set()
        release.wait(30)
        return real_learn(self)

    monkeypatch.setattr(Retriever, "learn_lessons", slow_learn)
    keeper = threading.Thread(target=service.use_bank, args=(bank,))
    keeper.start()
    try:
        assert started.wait(30)
        meanwhile = service.answerer
        assert meanwhile.retriever.bank is bank and meanwhile.retriever.lessons is before
        answer = meanwhile.ask(asked)
        assert answer.citations[0].paragraph_id == "e4-p18"
    finally:
        release.set()
        keeper.join(60)
    assert service.answerer is not meanwhile and service.retriever.bank is bank
    assert service.retriever.lessons is not before
