"""Hybrid retrieval: lexical and dense candidates fused (z-scores or RRF), ranks kept."""

from __future__ import annotations

import functools
import logging
import math
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from rag.core.errors import RagError, SettingsError
from rag.core.progress import Progress
from rag.core.settings import Settings
from rag.core.textnorm import clean_input, followed_up, match_key, question_key, to_simplified
from rag.retrieval.bank import (
    BankEntry,
    BankError,
    BankMatch,
    BankParams,
    BankStore,
    QuestionBank,
    load_entries,
    paragraph_hash,
)
from rag.retrieval.chunking import Chunk, paragraph_texts
from rag.retrieval.embedders import Embedder, query_embedders
from rag.retrieval.embedding_cache import EmbeddingCache
from rag.retrieval.fusion import FUSIONS, rrf, zscore
from rag.retrieval.index_store import Index, load
from rag.retrieval.lessons import NONE as NO_LESSONS
from rag.retrieval.lessons import LessonParams, Lessons, learn
from rag.retrieval.lexical import top_k
from rag.retrieval.pinyin_input import PinyinReader
from rag.retrieval.rerank import CrossEncoderReranker, make_reranker
from rag.retrieval.spelling import Mend, Speller

MODES = ("hybrid", "lexical", "dense")
MAX_MEND_PASSES = 3  # a question mended again while slips are found (one beside another)
log = logging.getLogger(__name__)


def why_label(lexical_rank: int | None, dense_rank: int | None) -> str:
    """Why a passage was chosen, in words: its rank in each retriever."""
    return "，".join(
        [
            f"词法检索第{lexical_rank}" if lexical_rank else "词法检索未命中",
            f"语义检索第{dense_rank}" if dense_rank else "语义检索未命中",
        ]
    )


class QueryError(RagError):
    """The query cannot be searched (empty or whitespace only)."""


@dataclass(frozen=True)
class Hit:
    """One retrieved passage and why it was chosen (its rank and score in each retriever)."""

    rank: int
    chunk: Chunk
    score: float
    lexical_rank: int | None = None
    lexical_score: float | None = None
    dense_rank: int | None = None
    dense_score: float | None = None
    rerank_score: float | None = None  # the cross-encoder's score, when one is configured
    bank: BankMatch | None = None  # a close verified question that supports this passage
    # Found by following the conversation (第二点…, 还有吗 after a list item, the paragraph
    # after a quote), not by this search: it has no ranks to show.
    followed: bool = False

    @property
    def why(self) -> str:
        label = why_label(self.lexical_rank, self.dense_rank)
        return f"{label}，{self.bank.label}" if self.bank else label

    def to_json(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "rank": self.rank,
            "chunk_id": c.id,
            "essay_id": c.essay_id,
            "title": c.title,
            "heading": c.heading,
            "text": c.text,
            "score": round(self.score, 6),
            "lexical_rank": self.lexical_rank,
            "dense_rank": self.dense_rank,
            "lexical_score": None if self.lexical_score is None else round(self.lexical_score, 4),
            "dense_score": None if self.dense_score is None else round(self.dense_score, 4),
            "rerank_score": None if self.rerank_score is None else round(self.rerank_score, 4),
            "bank_question": self.bank.entry.question if self.bank else None,
        }


@dataclass(frozen=True)
class SearchResult:
    query: str  # the query as searched (after truncation)
    hits: list[Hit]
    notice: str = ""  # e.g. that the query was truncated
    verified: tuple[BankEntry, ...] = ()  # a verified question this one (nearly) is, if any
    # quotes trainers rejected for this very question (nearly): never offered for it again
    rejected: tuple[BankEntry, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"query": self.query, "hits": [h.to_json() for h in self.hits]}
        if self.notice:
            out["notice"] = self.notice
        return out


def embedded_part(text: str, limit: int) -> str:
    """What of a question is embedded: all of it up to ``limit`` characters; of a longer one
    its start and its end (a long question usually states its case first and asks last)."""
    if len(text) <= limit:
        return text
    head = limit // 2
    return text[:head] + "…" + text[len(text) - (limit - head - 1) :]


def prepare_query(query: str, max_chars: int) -> tuple[str, str]:
    """Validate and trim a query. Returns (query, notice); raises QueryError when empty."""
    q = " ".join(clean_input(str(query or "")).split())
    if not q:
        raise QueryError("问题不能为空。请输入一个问题，例如：如何做好社区群众工作？")
    if not any(ch.isalnum() for ch in q):  # ? / …… / 😊: nothing to search with
        raise QueryError("问题里没有文字。请输入一个问题，例如：如何做好社区群众工作？")
    if len(q) > max_chars:
        return q[:max_chars], f"问题太长（{len(q)} 字），只使用了前 {max_chars} 个字。"
    return q, ""


def reference_sample(size: int, sample: int) -> np.ndarray:
    """The passages z-scores are standardised against: all ``size`` of them, or an even
    sample of about ``sample``."""
    step = max(1, -(-size // max(1, sample)))
    return np.arange(0, size, step, dtype=np.int64)


class QueryEncoder:
    """The query side of the embedding model: a pool of embedders, each serving one thread at a
    time (their engines are not documented as thread-safe; several let concurrent requests use
    several cores), and a cache of recent query vectors. A retriever and those its ``reload``
    makes share one: the model, and so a query's vector, does not change with the essays.

    A question embedded while no other is uses ``alone_threads`` threads (engines that can set
    theirs per call: the bundled one), one each when several are: on two cores a lone question
    embeds in ~26 ms with two threads against ~45 with one, while two at once with two threads
    each lost ~10% of the throughput of one each (docs/measurements.md, "Measured speed")."""

    def __init__(self, workers: list[Embedder], alone_threads: int = 1) -> None:
        self.workers = workers
        self._pool: queue.Queue[Embedder] = queue.Queue()
        for e in workers:
            self._pool.put(e)
        self._alone_threads = alone_threads
        self._busy = 0
        self._busy_lock = threading.Lock()
        self._cached = functools.lru_cache(maxsize=1024)(self._embed)

    def _embed(self, text: str) -> np.ndarray:
        model = self._pool.get()
        with self._busy_lock:
            self._busy += 1
            alone = self._busy == 1
        try:
            set_threads = getattr(model, "set_threads", None)
            if set_threads is not None:
                set_threads(self._alone_threads if alone else 1)
            vector = model.embed_queries([text])[0]
        finally:
            with self._busy_lock:
                self._busy -= 1
            self._pool.put(model)
        vector.setflags(write=False)  # cached and shared: nobody may change it in place
        return vector

    def __call__(self, text: str) -> np.ndarray:
        return self._cached(text)

    def clear_cache(self) -> None:
        self._cached.cache_clear()


@functools.cache
def _question_cache(directory: Path, view: str) -> tuple[EmbeddingCache, threading.Lock]:
    """One embedding cache of bank questions per process (reading its shards takes a while
    once the bank is large, and every mark rebuilds the bank)."""
    return EmbeddingCache(directory, view), threading.Lock()


def single_blas_thread() -> None:
    """Serve with one BLAS thread per process: each question is a few small products, one
    question per thread, on few cores. A BLAS pool woken by a large product (a bank of 10,000
    questions: its similarities, its adapter's fit) kept spinning and slowed every later query
    embedding: answer p50 34 → 18 ms, p95 118 → 25 ms (`rag bench --bank-size 10000`)."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


class TypedReaders:
    """How a typed question is read against one index's words: its typing slips and its
    pinyin. Each is built on first use (the speller's readings ~0.5 s, the pinyin table ~1.4 s)
    and shared by every retriever of the index (one per bank: a trainer's mark builds neither
    again)."""

    def __init__(self, index: Index) -> None:
        self._index = index

    @functools.cached_property
    def speller(self) -> Speller:
        """Mends homophone slips (社去 → 社区) against the essays' words."""
        lexical = self._index.lexical
        return Speller(
            lexical.document_frequencies(),
            lexical.tokenizer.segmenter,
            lexical.tokenizer.stop,
            # titles and headings too: 耐心倾听 (for 耐心清听) is written in a heading only
            (c.context() for c in self._index.chunks),
        )

    @functools.cached_property
    def pinyin(self) -> PinyinReader:
        """Reads questions typed in toneless pinyin (zenme ban → 怎么办)."""
        lexical = self._index.lexical
        return PinyinReader(lexical.tokenizer.segmenter.FREQ, lexical.document_frequencies())


class Retriever:
    """Search over a loaded index. Build once per process; ``search`` is thread-safe."""

    def __init__(
        self,
        index: Index,
        embedder: Embedder,
        settings: Settings,
        workers: list[Embedder] | None = None,
        queries: QueryEncoder | None = None,
        bank: QuestionBank | None = None,
        readers: TypedReaders | None = None,
    ) -> None:
        """``settings.rerank_model``, when set, is loaded here (once per process)."""
        if settings.fusion not in FUSIONS:
            raise SettingsError(
                f"未知的融合方式 {settings.fusion!r}（RAG_FUSION）。可选：{', '.join(FUSIONS)}。"
            )
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self._reference = reference_sample(len(index.chunks), settings.fusion_sample)
        self.queries = queries or QueryEncoder(workers or [embedder], settings.query_threads)
        self.readers = readers or TypedReaders(index)
        self.reranker: CrossEncoderReranker | None = make_reranker(settings.rerank_model)
        self.bank = bank
        self._lessons: tuple[QuestionBank | None, Lessons] | None = None
        # What hybrid search uses until this bank's lessons are learnt (``with_bank(interim=)``)
        self._interim: Lessons | None = None
        self._lessons_lock = threading.Lock()
        self.paragraph_ids = list(dict.fromkeys(c.paragraph_id for c in index.chunks))
        row = {pid: i for i, pid in enumerate(self.paragraph_ids)}
        self._chunk_row = np.array([row[c.paragraph_id] for c in index.chunks], dtype=np.int64)

    @classmethod
    def open(cls, settings: Settings, progress: Progress | None = None) -> Retriever:
        """Load (building or rebuilding when needed) the index, the query embedders and the
        verified question bank."""
        index = load(settings, progress)
        workers = query_embedders(settings.embed_model, settings.query_workers)
        retriever = cls(index, workers[0], settings, workers)
        retriever.bank = retriever.load_bank()
        single_blas_thread()
        return retriever

    def reload(self, progress: Progress | None = None) -> Retriever:
        """A retriever over the index as it is now (rebuilt if the essays changed), sharing this
        one's query encoder: the model is not loaded again and cached query vectors stay. The
        bank is applied anew to the new paragraphs (entries to changed ones are set aside)."""
        index = load(self.settings, progress)
        retriever = Retriever(index, self.embedder, self.settings, queries=self.queries)
        retriever.bank = retriever.load_bank()
        return retriever

    def with_bank(self, bank: QuestionBank | None, interim: bool = False) -> Retriever:
        """This retriever with another bank (or none): the evaluation leaves its set out.

        ``interim``: until ``learn_lessons()`` has learnt what the new bank teaches (most of a
        second with 10,000 entries), hybrid search uses this retriever's lessons, learnt from
        the bank before (a mark's own entry votes at once; only the lessons lag). Without it,
        the first search learns them, and waits."""
        r = Retriever(
            self.index, self.embedder, self.settings, queries=self.queries, bank=bank,
            readers=self.readers,
        )  # fmt: skip
        if interim and self._lessons is not None:
            r._interim = self._lessons[1]
        return r

    # -- the verified question bank -------------------------------------------------------------

    @property
    def bank_params(self) -> BankParams:
        s = self.settings
        return BankParams(
            lexical_weight=s.bank_lexical_weight,
            neighbours=s.bank_neighbours,
            sharpness=s.bank_sharpness,
            negative_weight=s.bank_negative_weight,
            verified_from=s.bank_verified_similarity,
        )

    @property
    def bank_store(self) -> BankStore:
        return BankStore(self.settings.bank_dir)

    def seed_entries(self) -> list[BankEntry]:
        path = self.settings.seed_bank_path
        return load_entries(path) if path is not None else []

    def make_bank(
        self, entries: list[BankEntry], vectors: np.ndarray, version: str = ""
    ) -> QuestionBank:
        """A bank of ``entries`` applied to this index's paragraphs: an entry whose paragraph
        is gone or changed is set aside."""
        current = {pid: paragraph_hash(t) for pid, t in paragraph_texts(self.index.chunks).items()}
        keep = [i for i, e in enumerate(entries) if current.get(e.paragraph_id) == e.paragraph_hash]
        aside = [e for e in entries if current.get(e.paragraph_id) != e.paragraph_hash]
        return QuestionBank(
            [entries[i] for i in keep],
            vectors[keep] if keep else np.zeros((0, self.embedder.dim), np.float32),
            self.index.lexical.tokenizer.words,
            self.idf,
            self.bank_params,
            aside,
            version,
        )

    def question_vectors(self, questions: list[str]) -> np.ndarray:
        """Bank questions embedded like asked questions (matching form, query side), through
        the embedding cache: a question already embedded once is not embedded again."""
        cache, lock = _question_cache(self.settings.cache_dir, f"{self.embedder.id}|query")
        texts = [embedded_part(match_key(q), self.settings.max_embed_chars) for q in questions]
        with lock:  # the cache appends shards: one writer at a time
            vectors, _ = cache.embed(texts, self.embedder.embed_queries, self.embedder.dim)
        return vectors

    def build_bank(self, entries: list[BankEntry]) -> QuestionBank:
        """Write a bank of ``entries`` (vectors computed as needed) and return it applied."""
        vectors = self.question_vectors([e.question for e in entries])
        manifest = self.bank_store.write(entries, vectors, self._bank_id())
        return self.make_bank(entries, vectors, manifest["build_id"])

    def load_bank(self) -> QuestionBank | None:
        """The bank on disk; when missing, damaged, from another model or older than the seed
        file, it is rebuilt from the seed file and the trainers' entries it still holds."""
        try:
            seed = self.seed_entries()
        except BankError as e:
            log.warning("%s", e)
            seed = []
        try:
            files = self.bank_store.read(self._bank_id())
            trainers = [e for e in files.entries if e.origin == "trainers"]
            if [e for e in files.entries if e.origin != "trainers"] == seed:
                return self.make_bank(files.entries, files.vectors, files.manifest["build_id"])
        except BankError as e:
            log.info("%s", e)
            trainers = []
        if not seed and not trainers:
            return None
        try:
            return self.build_bank(seed + trainers)
        except BankError as e:  # read-only index folder: the bank still works in memory
            log.warning("%s", e)
            entries = seed + trainers
            return self.make_bank(entries, self.question_vectors([e.question for e in entries]))

    def _bank_id(self) -> str:
        return f"{self.embedder.id}|query"

    @property
    def lesson_params(self) -> LessonParams:
        s = self.settings
        return LessonParams(
            s.bank_expand, s.bank_adapter_strength, s.bank_adapter_ridge, s.bank_lessons_from
        )

    @property
    def lessons(self) -> Lessons:
        """What the current bank teaches hybrid retrieval (``rag.retrieval.lessons``)."""
        return self.lessons_of(self.bank)

    def lessons_of(self, bank: QuestionBank | None) -> Lessons:
        """What ``bank`` teaches, learnt once per bank (a new bank, after a mark, on first
        use). Only z-score fusion uses the lessons: under RRF there are none."""
        if self.settings.fusion != "zscore":
            return NO_LESSONS
        cached = self._lessons
        if cached is not None and cached[0] is bank:
            return cached[1]
        if self._interim is not None and bank is self.bank:
            return self._interim  # the last bank's, while this one's are learnt
        return self._learn(bank)

    def learn_lessons(self) -> Lessons:
        """Learn now what this retriever's bank teaches (replacing interim lessons)."""
        if self.settings.fusion != "zscore":
            return NO_LESSONS
        lessons = self._learn(self.bank)
        self._interim = None  # (kept no longer than needed: it holds an index's worth)
        return lessons

    def drop_interim(self) -> None:
        """Stop searching with interim lessons: the next search learns the bank's own."""
        self._interim = None

    def _learn(self, bank: QuestionBank | None) -> Lessons:
        with self._lessons_lock:
            cached = self._lessons
            if cached is None or cached[0] is not bank:
                index = self.index
                lessons = learn(
                    bank,
                    index.chunks,
                    index.passage_tokens,
                    index.dense.chunks.vectors,
                    index.lexical,
                    index.question_tokens,
                    self.lesson_params,
                )
                cached = self._lessons = (bank, lessons)
        return cached[1]

    def synonyms(self, text: str) -> list[str]:
        """The thesaurus synonyms of ``text``'s words that the corpus writes (媒体 → 传媒)."""
        return self.index.lexical.expansion(text)

    def idf(self, word: str) -> float:
        """How rare ``word`` is among the passages (a word none has: the rarest)."""
        table = self.idf_table
        return table.get(word, table[""])

    @functools.cached_property
    def idf_table(self) -> dict[str, float]:
        """idf of every word of the corpus, from the BM25 index's document frequencies."""
        lexical = self.index.lexical
        n = lexical.size
        df = lexical.document_frequencies()
        rarest = {"": math.log((n + 1) / 0.5)}
        return {w: math.log((n + 1) / (d + 0.5)) for w, d in df.items()} | rarest

    @property
    def speller(self) -> Speller:
        """Mends homophone slips (社去 → 社区) against the essays' words."""
        return self.readers.speller

    @property
    def pinyin(self) -> PinyinReader:
        """Reads questions typed in toneless pinyin."""
        return self.readers.pinyin

    def read_pinyin(self, query: str) -> tuple[str, str]:
        """``query`` with its pinyin read as Chinese, and a notice saying so ("" if none)."""
        read, said = self.pinyin.read(query)
        return (read, f"拼音{said}理解。") if said else (query, "")

    def mend(self, query: str) -> tuple[str, str]:
        """``query`` with its typing slips mended, and a notice naming them ("" if none)."""
        if not self.settings.spelling:
            return query, ""
        return self._mended(query)

    @functools.cached_property
    def _mended(self) -> Callable[[str], tuple[str, str]]:
        # One answer mends the same text up to three times (the question, its search, the
        # abstention check's search), ~1.5 ms each.
        return functools.lru_cache(maxsize=1024)(self._mend)

    @functools.cached_property
    def _mends_of(self) -> Callable[[str], list[Mend]]:
        # (each text read once: the mended question, read to find no slip left, is what the
        # search then mends)
        return functools.lru_cache(maxsize=1024)(self.speller.mends)

    def _mend(self, query: str) -> tuple[str, str]:
        # Mended again until nothing is left to mend: a slip read beside another is found once
        # that one is mended (怎么做号群从工作: 群从工作 first, then 做号 — walk 60 showed
        # 做号 after saying it was read as 做好)
        done: list[Mend] = []
        for _ in range(MAX_MEND_PASSES):
            if not (mends := self._mends_of(query)):
                break
            query = self.speller.mend(query, mends)
            done += mends
        if not done:
            return query, ""
        said = "、".join(f"「{m.typed}」" for m in done)
        meant = "、".join(f"「{m.word}」" for m in done)
        return query, f"{said}按{meant}理解。"

    def clear_cache(self) -> None:
        """Forget cached query embeddings and segmentations (for benchmarks that time the real
        work)."""
        self.queries.clear_cache()
        self.index.lexical.tokenizer.clear_cache()
        self._mended.cache_clear()
        self._mends_of.cache_clear()
        for cached in (match_key, question_key, followed_up):
            cached.cache_clear()

    @property
    def chunks(self) -> list[Chunk]:
        return self.index.chunks

    def query_vector(self, query: str) -> np.ndarray:
        """The query's embedding, taken of its matching form (the essays are in simplified
        characters, so a question in traditional ones embeds like its simplified twin) and of
        at most ``max_embed_chars`` characters (``embedded_part``): a bound on the cost of a
        very long question, whose words all still count for word search."""
        return self.queries(embedded_part(match_key(query), self.settings.max_embed_chars))

    def rank_lexical(self, query: str, n: int) -> list[tuple[int, float]]:
        return self.index.lexical.search(query, n, self.settings.expansion_weight)

    def rank_dense(self, query: str, n: int) -> list[tuple[int, float]]:
        return self.index.dense.search(self.query_vector(query), n)

    def search(
        self,
        query: str,
        k: int | None = None,
        mode: str = "hybrid",
        taught: bool = True,
        asked: str = "",
    ) -> SearchResult:
        """The ``k`` best passages for ``query``.

        Args:
            asked: the question as understood, when the text searched is not it (a follow-up
                searches its topic with cue words, 社区…设置民情信箱 具体做法 措施, but asked
                ``…——具体怎么做？``): what the bank's "same question" compares.
            mode: ``hybrid`` (both, fused as ``settings.fusion`` says), ``lexical`` (BM25
                only) or ``dense`` (vectors only).
            taught: hybrid search uses what the bank teaches (``lessons``); False: the essays'
                own words and the question's own vector (the bank still votes).
        """
        if mode not in MODES:
            raise QueryError(f"未知的检索方式 {mode!r}。可选：{', '.join(MODES)}。")
        s = self.settings
        q, notice = prepare_query(query, s.max_query_chars)
        q, mended = self.mend(q)
        notice = notice or mended
        if not self.index.lexical.tokenizer.words(q):
            # Only punctuation, stopwords or question words: nothing to search for.
            return SearchResult(q, [], notice or "问题里没有可以检索的词语。")
        k = s.top_k if k is None else k
        n = max(s.candidates, k)
        if mode == "lexical":
            ranked = self.rank_lexical(q, n)
            return SearchResult(q, self._hits(ranked[:k], ranked, []), notice)
        if mode == "dense":
            ranked = self.rank_dense(q, n)
            return SearchResult(q, self._hits(ranked[:k], [], ranked), notice)
        depth = max(k, s.rerank_depth) if self.reranker else k
        if s.fusion == "rrf":
            lex, den = self.rank_lexical(q, n), self.rank_dense(q, n)
            fused = rrf(
                {"lexical": [d for d, _ in lex], "dense": [d for d, _ in den]},
                {"lexical": s.lexical_weight, "dense": s.dense_weight},
                s.rrf_k,
            )
            hits = self._hits(fused[:depth], lex, den)
            verified: tuple[BankEntry, ...] = ()
            rejected: tuple[BankEntry, ...] = ()
        else:
            hits, verified, rejected = self._zscore_hits(q, max(n, depth), depth, taught, asked)
        return SearchResult(q, self._reranked(q, hits)[:k], notice, verified, rejected)

    def _reranked(self, q: str, hits: list[Hit]) -> list[Hit]:
        """``hits`` in the cross-encoder's order (ties keep the fused order), or as they are
        when no reranker is configured."""
        if self.reranker is None or not hits:
            return hits
        # Natural text for the cross-encoder: simplified like the essays, punctuation kept.
        scores = self.reranker.scores(to_simplified(q), [h.chunk.text for h in hits])
        order = sorted(range(len(hits)), key=lambda i: (-scores[i], i))
        return [
            replace(hits[i], rank=rank, rerank_score=float(scores[i]))
            for rank, i in enumerate(order, start=1)
        ]

    def _bank_signal(self, bank: QuestionBank | None, qv: np.ndarray, q: str, asked: str):
        """(bank score of every chunk, paragraph row → its closest confirming entry and that
        similarity, the entries of a verified question this one nearly is, the quotes rejected
        for it); None when the bank is empty or no question of it is close to anything.
        ``asked``: the question as understood (what a follow-up asked must match)."""
        if bank is None or not len(bank):
            return None
        sims = bank.similarities(qv, q)
        paragraph_scores, closest = bank.paragraph_scores(sims, self.paragraph_ids)
        # A rejection is of a quote, not of its paragraph (another sentence of it may be the
        # answer): it votes against the paragraph, and the quote itself is passed on so that
        # the answerer never offers it for this question again.
        rejected = tuple(bank.rejected(sims, asked))
        if not closest and not paragraph_scores.any() and not rejected:
            return None
        matches = {r: (bank.entries[i], float(sims[i])) for r, i in closest.items()}
        same, similarity = bank.nearest(sims, asked)
        verified = (
            tuple(same)
            if similarity >= bank.params.verified_from and bank.restates(same[0].question, asked)
            else ()
        )
        return paragraph_scores[self._chunk_row], matches, verified, rejected

    def _zscore_hits(
        self, q: str, n: int, k: int, taught: bool = True, asked: str = ""
    ) -> tuple[list[Hit], tuple[BankEntry, ...], tuple[BankEntry, ...]]:
        """Hybrid by z-score fusion: every candidate of any signal is scored by all of them
        (lexical, dense, and the verified question bank when there is one)."""
        s = self.settings
        bank = self.bank  # once: a bank swapped in meanwhile is used from the next question
        lessons = self.lessons_of(bank) if taught else NO_LESSONS
        lexical_all = (lessons.lexical or self.index.lexical).scores(q, s.expansion_weight)
        lex = top_k(lexical_all, n)
        qv = self.query_vector(q)
        moved = lessons.adapt(qv)  # the bank's votes compare the question as asked
        den = self.index.dense.search(moved, n)
        signal = self._bank_signal(bank, qv, q, asked or q)
        parts = [self._reference, [d for d, _ in lex], [d for d, _ in den]]
        if signal is not None:
            parts.append(np.argsort(-signal[0], kind="stable")[:n])
        pool = np.unique(np.concatenate(parts).astype(np.int64))
        scores = {"lexical": lexical_all[pool], "dense": self.index.dense.scores(moved, pool)}
        weights = {"lexical": s.zscore_lexical_weight, "dense": 1.0}
        fused = zscore(scores, weights, np.searchsorted(pool, self._reference))
        if signal is not None:
            fused = fused + s.bank_weight * signal[0][pool]
        order = sorted(range(len(pool)), key=lambda i: (-fused[i], int(pool[i])))[:k]
        exact = {
            int(pool[i]): (float(scores["lexical"][i]), float(scores["dense"][i])) for i in order
        }
        hits = self._hits([(int(pool[i]), float(fused[i])) for i in order], lex, den, exact)
        if signal is None:
            return hits, (), ()
        _, matches, verified, rejected = signal
        explain = bank.params.explain_from
        for i, h in enumerate(hits):
            found = matches.get(int(self._chunk_row[self._position(h.chunk)]))
            if found and found[1] >= explain:
                hits[i] = replace(h, bank=BankMatch(found[0], found[1]))
        return hits, verified, rejected

    def _position(self, chunk: Chunk) -> int:
        return self._chunk_index[chunk.id]

    @functools.cached_property
    def _chunk_index(self) -> dict[str, int]:
        return {c.id: i for i, c in enumerate(self.index.chunks)}

    def _hits(
        self,
        ranked: list[tuple[int, float]],
        lex: list[tuple[int, float]],
        den: list[tuple[int, float]],
        exact: dict[int, tuple[float, float]] | None = None,
    ) -> list[Hit]:
        """Hits for ``ranked`` (passage, fused score), with each retriever's rank and score;
        ``exact`` gives (lexical, dense) scores of passages outside a retriever's candidates."""
        lex_pos = {d: (r, sc) for r, (d, sc) in enumerate(lex, start=1)}
        den_pos = {d: (r, sc) for r, (d, sc) in enumerate(den, start=1)}
        hits = []
        for rank, (doc, score) in enumerate(ranked, start=1):
            lr, ls = lex_pos.get(doc, (None, None))
            dr, ds = den_pos.get(doc, (None, None))
            if exact and doc in exact:
                ls, ds = exact[doc]
            hits.append(Hit(rank, self.index.chunks[doc], score, lr, ls, dr, ds))
        return hits
