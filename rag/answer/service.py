"""Service: the answerer a running app uses, kept in step with the essay folder.

An essay edited, added or deleted under a running app is noticed (a cheap look at file names,
sizes and times, at most every few seconds); the index is rebuilt and swapped in. If the rebuild
fails (a broken file, a read-only index folder), the last good index keeps serving and the
reason is kept for the log and the UI.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from pathlib import Path

from rag.answer.compose import Answerer
from rag.answer.facts import people
from rag.core.errors import CorpusError, RagError, describe_os_error
from rag.core.settings import Settings
from rag.corpus.essays import corpus_files, load_corpus
from rag.corpus.types import Essay
from rag.retrieval.search import Retriever

log = logging.getLogger(__name__)
CHECK_EVERY = 2.0  # seconds between looks at the essay folder
LIBRARY_MARKER = ".library.json"  # written by rag/library with every change (see library.py)


LOST_SHARE = 0.5  # an essay that kept fewer of its paragraphs than this is refused


def library_files(folder: Path) -> dict[str, str]:
    """The essay files the essay library last wrote into ``folder`` (name → sha256), from the
    marker it leaves there; empty when the library has not touched the folder."""
    try:
        data = json.loads((folder / LIBRARY_MARKER).read_text(encoding="utf-8"))
        return dict(data.get("files", {}))
    except (OSError, ValueError, AttributeError):
        return {}


def check_against(
    current: list[Essay], edited: list[Essay], trusted: set[str] = frozenset()
) -> None:
    """Refuse an edit that looks like damage rather than editing: an essay that lost most of
    its paragraphs (a truncated or emptied file) keeps the last good index serving. Essays in
    ``trusted`` (a trainer replaced them through the library) are taken as they are.

    Raises:
        CorpusError: naming the essay and what to do.
    """
    before = {e.id: e for e in current}
    for e in edited:
        if e.id in trusted:
            continue
        old = before.get(e.id)
        if old is not None and len(old.paragraphs) >= 4:
            if len(e.paragraphs) < LOST_SHARE * len(old.paragraphs):
                raise CorpusError(
                    f"《{e.display_title}》（{e.path}）的正文从 {len(old.paragraphs)} 段变成了 "
                    f"{len(e.paragraphs)} 段，像是文件被截断或误删。请检查该文件；若确实要这样改，"
                    "请在“文章库”页替换这篇文章，或重启应用。"
                )


def folder_signature(folder: Path) -> tuple:
    """Names, sizes and modification times of the corpus files (the ones the index hashes):
    changes when any of them does."""
    try:
        return tuple(
            (p.name, (st := p.stat()).st_size, st.st_mtime_ns) for p in corpus_files(folder)
        )
    except OSError:
        return ()


class Service:
    """Holds the current Answerer and essays; ``refresh()`` swaps in new ones after edits."""

    def __init__(self, settings: Settings, progress=None) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._signature = folder_signature(settings.essays_dir)
        self._checked = time.monotonic()
        self.essays: list[Essay] = load_corpus(settings.essays_dir)
        self.answerer = Answerer(Retriever.open(settings, progress), essays=self.essays)
        self.problem = ""  # why the last refresh failed, if it did
        self._rebuilding: threading.Thread | None = None

    @property
    def retriever(self) -> Retriever:
        return self.answerer.retriever

    def warm(self) -> None:
        """Load now what the first questions would otherwise load while their asker waits:
        the query embedders, the bank's lessons, jieba's part-of-speech tagger (~1.6 s and
        ~160 MB, used by questions about people), the speller's readings (~0.5 s) and the pinyin
        reader's table (~1.4 s)."""
        self.retriever.query_vector("群众工作")
        _ = self.retriever.lessons
        people("")
        self.retriever.speller.warm()
        self.retriever.pinyin.warm()

    def use_bank(self, bank) -> None:
        """Answer from now on with ``bank`` (a rebuilt verified question bank): reference swaps,
        so a question being answered finishes with the bank it started with.

        The new bank answers at once, with the lessons of the bank before (its own votes and
        verified answers apply); its lessons are then learnt here, in the bank keeper's thread
        (not by a waiting question), and a second swap drops the answers given meanwhile. When
        learning fails, the next question learns them (and says so if it fails too)."""
        with self._lock:
            retriever = self.retriever.with_bank(bank, interim=True)
            self.answerer = Answerer(retriever, essays=self.essays)
        try:
            retriever.learn_lessons()
        except Exception:
            log.exception("题库的检索学习失败，下一个问题会重新学习")
            retriever.drop_interim()
        with self._lock:
            if self.answerer.retriever is retriever:  # (no newer bank or index meanwhile)
                self.answerer = Answerer(retriever, essays=self.essays)

    @property
    def by_id(self) -> dict[str, Essay]:
        return {e.id: e for e in self.essays}

    @property
    def rebuilding(self) -> bool:
        """A rebuild started in the background is still running."""
        return self._rebuilding is not None and self._rebuilding.is_alive()

    def refresh(self, force: bool = False, now: bool = False) -> bool:
        """Notice an edit of the essay folder and swap in a rebuilt index.

        A request that notices an edit starts the rebuild in the background and is answered,
        like every request until the swap, from the current index. ``force`` rebuilds now and
        waits; ``now`` looks at the folder at once (after the library changed it). True when a
        new index was swapped in (by this call).
        """
        moment = time.monotonic()
        if not force and not now and moment - self._checked < CHECK_EVERY:
            return False
        self._checked = moment
        signature = folder_signature(self.settings.essays_dir)
        if signature == self._signature and not force:
            return False
        if force:
            with self._lock:
                return self._rebuild(signature)
        if not self._lock.acquire(blocking=False):
            return False  # a rebuild is already running
        self._rebuilding = threading.Thread(
            target=self._rebuild_and_release, args=(signature,), name="rebuild", daemon=True
        )
        self._rebuilding.start()
        return False

    def wait_for_rebuild(self, timeout: float = 120.0) -> None:
        """Wait until a rebuild started in the background has finished (tests, shutdown)."""
        if self._rebuilding is not None:
            self._rebuilding.join(timeout)

    def _from_library(self) -> set[str]:
        """Ids of essays whose file is exactly what the essay library wrote."""
        folder = self.settings.essays_dir
        out = set()
        for name, sha in library_files(folder).items():
            path = folder / name
            if name.endswith(".md") and path.is_file():
                if hashlib.sha256(path.read_bytes()).hexdigest() == sha:
                    out.add(path.stem)
        return out

    def _rebuild_and_release(self, signature: tuple) -> None:
        try:
            self._rebuild(signature)
        finally:
            self._lock.release()

    def _rebuild(self, signature: tuple) -> bool:
        """Load the edited essays, check them, rebuild and swap (the lock is held)."""
        try:
            essays = load_corpus(self.settings.essays_dir)
            check_against(self.essays, essays, self._from_library())
            retriever = self.retriever.reload()
            _ = retriever.lessons  # the bank's lessons for the new passages, learnt before the swap
            answerer = Answerer(retriever, essays=essays)
        except (RagError, OSError) as e:
            reason = describe_os_error(e) if isinstance(e, OSError) else str(e)
            self.problem = f"文章目录有改动，但无法更新索引（{reason}）；仍使用上一次的索引。"
            log.warning(self.problem)
            self._signature = signature  # do not retry on every request; the next edit does
            return False
        self.answerer, self.essays, self._signature, self.problem = answerer, essays, signature, ""
        return True
