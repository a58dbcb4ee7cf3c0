"""Service: the answerer a running app uses, kept in step with the essay folder.

An essay edited, added or deleted under a running app is noticed (a cheap look at file names,
sizes and times, at most every few seconds); the index is rebuilt and swapped in. If the rebuild
fails (a broken file, a read-only index folder), the last good index keeps serving and the
reason is kept for the log and the UI.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from rag.answer.compose import Answerer
from rag.core.errors import RagError
from rag.core.settings import Settings
from rag.corpus.essays import corpus_files, load_corpus
from rag.corpus.types import Essay
from rag.retrieval.search import Retriever

log = logging.getLogger(__name__)
CHECK_EVERY = 2.0  # seconds between looks at the essay folder


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
        self.answerer = Answerer(Retriever.open(settings, progress))
        self.essays: list[Essay] = load_corpus(settings.essays_dir)
        self.problem = ""  # why the last refresh failed, if it did

    @property
    def retriever(self) -> Retriever:
        return self.answerer.retriever

    def use_bank(self, bank) -> None:
        """Answer from now on with ``bank`` (a rebuilt verified question bank): one reference
        swap, so a question being answered finishes with the bank it started with."""
        with self._lock:
            self.answerer = Answerer(self.retriever.with_bank(bank))

    @property
    def by_id(self) -> dict[str, Essay]:
        return {e.id: e for e in self.essays}

    def refresh(self, force: bool = False) -> bool:
        """Rebuild and swap if the essay folder changed. True when something was swapped in."""
        now = time.monotonic()
        if not force and now - self._checked < CHECK_EVERY:
            return False
        self._checked = now
        signature = folder_signature(self.settings.essays_dir)
        if signature == self._signature and not force:
            return False
        # A request that comes while another one rebuilds is answered from the current index
        # (a forced refresh waits for that rebuild instead).
        if not self._lock.acquire(blocking=force):
            return False
        try:
            if signature == self._signature and not force:
                return False
            try:
                essays = load_corpus(self.settings.essays_dir)
                answerer = Answerer(self.retriever.reload())
            except (RagError, OSError) as e:
                self.problem = f"文章目录有改动，但无法更新索引（{e}）；仍使用上一次的索引。"
                log.warning(self.problem)
                self._signature = signature  # do not retry on every request; next edit retries
                return False
            self.answerer, self.essays, self._signature, self.problem = (
                answerer,
                essays,
                signature,
                "",
            )
            return True
        finally:
            self._lock.release()
