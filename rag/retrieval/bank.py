"""The verified question bank: questions whose passages trainers confirmed (or rejected), used as
a third retrieval signal beside the lexical and the dense one.

For a new question, its similarity to each bank question (the cosine of their vectors, plus the
share of its words the bank question holds) decides a vote: the closest bank questions vote for
their paragraphs with softmax weights (a rejecting entry votes against). The votes are a share
between -1 and 1 on one fixed scale, added to the fused z-scores times their weight: a near
duplicate of a verified question counts for much, loosely related ones for little. (Standardising
the votes per question, as the other two signals are, would make the nearest bank question count
fully however far it is; docs/calibration.md has the measurement.)

An entry follows its paragraph by content: when the paragraph's text changed or it is gone, the
entry is set aside (listed for trainers) and never applied to other text.

Persistence is the index's: ``index/bank/manifest.json`` names one build's entries (JSONL) and
question vectors (``.npy``, no pickle), written under a fresh build id and switched by replacing
the manifest in one ``os.replace``.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from rag.core.errors import RagError
from rag.core.jsonio import dump_json
from rag.core.textnorm import followed_up, question_key, to_simplified

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SEED_TRAINER = "题库"
# Who verified, when a mark was saved without a name (the trainer page asks for one)
UNNAMED = "未署名的培训师"


class BankError(RagError):
    """The bank on disk cannot be used; the message says what to do."""


def paragraph_hash(text: str) -> str:
    """What an entry remembers of its paragraph's text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True)
class BankEntry:
    """A question and a paragraph a trainer verified for it (or rejected, ``positive=False``)."""

    question: str  # as understood (a follow-up stands for its topic question)
    paragraph_id: str
    paragraph_hash: str  # of the paragraph's text when it was verified
    positive: bool = True
    trainer: str = ""  # who verified it; 题库 for the seed bank
    verified_at: str = ""
    origin: str = "trainers"  # or the question set a seed entry comes from (dev, heldout)
    quote: str = ""  # the verified quote, "" when the whole paragraph was attached

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> BankEntry:
        return cls(
            question=str(d["question"]),
            paragraph_id=str(d["paragraph_id"]),
            paragraph_hash=str(d["paragraph_hash"]),
            positive=bool(d.get("positive", True)),
            trainer=str(d.get("trainer", "")),
            verified_at=str(d.get("verified_at", "")),
            origin=str(d.get("origin", "trainers")),
            quote=str(d.get("quote", "")),
        )

    @property
    def by(self) -> str:
        """``培训师 王老师`` / ``题库``."""
        if self.trainer == SEED_TRAINER:
            return SEED_TRAINER
        return f"培训师 {self.trainer}" if self.trainer else UNNAMED


@dataclass(frozen=True)
class BankMatch:
    """Why a passage got the bank's support: the close verified question."""

    entry: BankEntry
    similarity: float

    @property
    def label(self) -> str:
        """``与已核对问题「…」相近（培训师 王老师）`` (in simplified characters, as the
        answers are: 胡錦濤… was asked in traditional)."""
        q = to_simplified(self.entry.question).rstrip("？?。 ")
        q = q if len(q) <= 30 else q[:29] + "…"
        return f"与已核对问题「{q}」相近（{self.entry.by}）"


@dataclass(frozen=True)
class BankParams:
    """How the bank turns similarity into paragraph scores (defaults: ``Settings``)."""

    lexical_weight: float = 0.05  # weight of the word overlap beside the cosine
    neighbours: int = 5  # how many of the closest bank questions vote
    sharpness: float = 0.01  # softmax temperature of their votes (similarity units)
    negative_weight: float = 1.0  # a rejecting entry's vote against, relative to a confirming one
    verified_from: float = 0.97  # a question this similar is "the same" as a verified one
    # ... and asks a good part of what it asks: this idf-weighted share of the verified question's
    # words is in the one asked (群众工作难在哪？ is 0.975 from 干部图省事、懒得往群众中间跑，
    # 也是工作难开展的原因吗？ by cosine and vote, not the same question: walk 62)
    same_words: float = 0.35
    explain_from: float = 0.9  # a hit is explained by its bank question from this similarity


def load_entries(path: Path) -> list[BankEntry]:
    """Entries from a JSONL file (one entry per line)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise BankError(
            f"题库文件 {path} 无法读取（{e}）。请检查路径，或设 RAG_SEED_BANK=none。"
        ) from e
    out = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            out.append(BankEntry.from_json(json.loads(line)))
        except (ValueError, KeyError, TypeError) as e:
            raise BankError(
                f"题库文件 {path} 第 {n} 行格式不对（{e}）。"
                "请修正，或重新生成：`python -m rag bank seed`。"
            ) from e
    return out


def seed_entries(
    rows: Iterable[dict[str, Any]], origin: str, paragraphs: dict[str, str]
) -> list[BankEntry]:
    """Bank entries from question-set rows (``question``, ``gold`` paragraph ids, ``gold_text``),
    each paragraph's hash taken from ``paragraphs`` (the corpus the set was checked against)."""
    out = []
    for row in rows:
        for pid in row.get("gold", ()):
            if pid not in paragraphs:
                continue
            quote = next((t for t in row.get("gold_text", ()) if t in paragraphs[pid]), "")
            h = paragraph_hash(paragraphs[pid])
            out.append(BankEntry(row["question"], pid, h, True, SEED_TRAINER, "", origin, quote))
    return out


def write_seed(question_sets: Sequence[Path], paragraphs: dict[str, str], target: Path) -> int:
    """Write the seed bank: every gold pair of the question sets (the set's file name is each
    entry's origin, which evaluation leaves out when it scores that set). Returns the count."""
    entries: list[BankEntry] = []
    for path in question_sets:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
            rows = [json.loads(line) for line in lines if line.strip()]
        except (OSError, ValueError) as e:
            raise BankError(f"问题集 {path} 无法读取（{e}）。") from e
        entries += seed_entries(rows, path.stem, paragraphs)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(e.to_json(), ensure_ascii=False) + "\n" for e in entries)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
    return len(entries)


# Words of bank questions, segmented once per process: a bank of 10,000 questions is made again
# after every mark, and jieba would take a second for them all.
_WORDS: dict[str, tuple[str, ...]] = {}
_WORDS_MAX = 500_000


def _question_words(words: Callable[[str], list[str]], question: str) -> tuple[str, ...]:
    found = _WORDS.get(question)
    if found is None:
        if len(_WORDS) >= _WORDS_MAX:
            _WORDS.clear()
        found = _WORDS[question] = tuple(dict.fromkeys(words(question)))
    return found


class QuestionBank:
    """The entries that apply to the current corpus, with their question vectors, ready to
    score a question's similarity to them."""

    def __init__(
        self,
        entries: Sequence[BankEntry],
        vectors: np.ndarray,
        words: Callable[[str], list[str]],
        idf: Callable[[str], float],
        params: BankParams = BankParams(),
        set_aside: Sequence[BankEntry] = (),
        version: str = "",
    ) -> None:
        self.entries = list(entries)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        width = vectors.shape[-1] if vectors.ndim == 2 else 0
        n = len(self.entries)
        self.vectors = vectors.reshape(n, -1) if n else np.zeros((0, width), np.float32)
        self.params = params
        self.set_aside = list(set_aside)
        self.version = version  # the build it was loaded from ("" when built in memory)
        self._words = words
        self._idf = idf
        postings: dict[str, list[int]] = {}
        for i, e in enumerate(self.entries):
            for w in _question_words(words, e.question):
                postings.setdefault(w, []).append(i)
        self._postings = {w: np.asarray(ix, dtype=np.int64) for w, ix in postings.items()}
        self._positive = np.array([e.positive for e in self.entries], dtype=bool)
        # Entries asking the same question (in matching form) share a code.
        codes: dict[str, int] = {}
        self._question = np.array(
            [codes.setdefault(question_key(e.question), len(codes)) for e in self.entries],
            dtype=np.int64,
        )
        # What a follow-up asked of its topic (…——廉洁方面怎么说): a question is "the same" as
        # a verified one only when both ask it, or neither (the topic alone is as close).
        self._asked = np.array([followed_up(e.question) for e in self.entries], dtype=object)
        self._rows: tuple[tuple[str, ...], np.ndarray] | None = None
        # The last question's similarities: one answer asks them twice (its search, and the
        # abstention check's search of the essays' own words), 1.7 ms each for 10,000 entries.
        self._last: tuple[str, bytes, np.ndarray] | None = None
        self._has_quote = np.array([bool(e.quote) for e in self.entries], dtype=bool)
        # A rejection of one quote of a paragraph that the same question also has confirmed
        # (another quote of it, or the whole paragraph attached) does not vote against it.
        confirmed = {
            (int(c), e.paragraph_id)
            for c, e in zip(self._question.tolist(), self.entries, strict=True)
            if e.positive
        }
        self._confirmed = np.array(
            [
                (int(c), e.paragraph_id) in confirmed
                for c, e in zip(self._question.tolist(), self.entries, strict=True)
            ],
            dtype=bool,
        )

    def __len__(self) -> int:
        return len(self.entries)

    def without(self, drop: Callable[[BankEntry], bool]) -> QuestionBank:
        """This bank less the entries ``drop`` picks (evaluation leaves its own set out)."""
        keep = [i for i, e in enumerate(self.entries) if not drop(e)]
        return QuestionBank(
            [self.entries[i] for i in keep],
            self.vectors[keep],
            self._words,
            self._idf,
            self.params,
            self.set_aside,
            self.version,
        )

    def similarities(self, query_vector: np.ndarray, query: str) -> np.ndarray:
        """Similarity of the question to every entry's question: cosine + weight × the
        idf-weighted share of the question's words the entry's question holds."""
        if not self.entries:
            return np.zeros(0, dtype=np.float32)
        qv = np.asarray(query_vector, dtype=np.float32)
        last = self._last  # read once: another thread may replace it meanwhile
        if last is not None and last[0] == query and last[1] == qv.tobytes():
            return last[2]
        sims = self._similarities(qv, query)
        sims.setflags(write=False)  # shared with the next caller of the same question
        self._last = (query, qv.tobytes(), sims)
        return sims

    def _similarities(self, qv: np.ndarray, query: str) -> np.ndarray:
        sims = self.vectors @ qv
        words = set(self._words(query))
        total = sum(self._idf(w) for w in words)
        if total > 0 and self.params.lexical_weight:
            overlap = np.zeros(len(self.entries), dtype=np.float32)
            for w in words:
                if (ix := self._postings.get(w)) is not None:
                    overlap[ix] += self._idf(w)
            sims = sims + self.params.lexical_weight * overlap / total
        return sims

    def _paragraph_rows(self, paragraph_ids: Sequence[str]) -> np.ndarray:
        """Each entry's row in ``paragraph_ids`` (-1 when its paragraph is not there)."""
        key = tuple(paragraph_ids)
        if self._rows is None or self._rows[0] != key:
            row = {pid: i for i, pid in enumerate(key)}
            rows = np.array([row.get(e.paragraph_id, -1) for e in self.entries], dtype=np.int64)
            self._rows = (key, rows)
        return self._rows[1]

    def paragraph_scores(
        self, sims: np.ndarray, paragraph_ids: Sequence[str]
    ) -> tuple[np.ndarray, dict[int, int]]:
        """(score of every paragraph of ``paragraph_ids``, paragraph row → its closest confirming
        entry). The ``neighbours`` bank questions closest to the asked one vote for their
        paragraphs, each by its softmax weight (a rejecting entry votes against): a near
        duplicate of a verified question decides, a crowd of loosely related ones spreads out."""
        p = self.params
        scores = np.zeros(len(paragraph_ids), dtype=np.float32)
        # A rejection the same question's confirmation outweighs does not vote at all.
        voters = ~(self._confirmed & ~self._positive)
        if not voters.any():
            return scores, {}
        sims = np.where(voters, sims, -np.inf)
        k = min(p.neighbours, int(voters.sum()))
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top], kind="stable")]
        weights = np.exp((sims[top] - sims[top].max()) / max(p.sharpness, 1e-6))
        weights /= weights.sum()
        rows = self._paragraph_rows(paragraph_ids)
        closest: dict[int, int] = {}
        for i, w in zip(top.tolist(), weights.tolist(), strict=True):
            r = int(rows[i])
            if r < 0:
                continue
            if self._positive[i]:
                scores[r] += w
                if r not in closest or sims[i] > sims[closest[r]]:
                    closest[r] = i
            else:
                scores[r] -= p.negative_weight * w
        return scores, closest

    def rejected(self, sims: np.ndarray, query: str = "") -> list[BankEntry]:
        """The rejecting entries, with their quote, of a question this one nearly is."""
        if not len(sims):
            return []
        hit = self._has_quote & ~self._positive & (sims >= self.params.verified_from)
        hit &= self._asked == followed_up(query)
        return [
            self.entries[i]
            for i in np.flatnonzero(hit).tolist()
            if self.restates(self.entries[i].question, query)
        ]

    def restates(self, question: str, query: str) -> bool:
        """``query`` asks a good part of what the entry's ``question`` asks: the idf-weighted
        share of its words ``query`` holds is ``same_words`` (a third) or more. A near cosine
        alone is not the same question: a short question is close to a long one holding its
        words."""
        if not query:
            return True
        # (in simplified characters both: 黨員的社會身份… is 党员的社会身份…)
        words = _question_words(self._words, to_simplified(question))
        total = sum(self._idf(w) for w in words)
        if total <= 0:
            return True
        asked = set(self._words(to_simplified(query)))
        return sum(self._idf(w) for w in words if w in asked) / total >= self.params.same_words

    def nearest(self, sims: np.ndarray, query: str = "") -> tuple[list[BankEntry], float]:
        """The confirmed entries of the verified question closest to the asked one (all its
        paragraphs) among those asking what ``query`` asks of its topic, if it follows one
        up, and that similarity; ([], 0) when there is none."""
        positive = self._positive & (self._asked == followed_up(query))
        if not len(sims) or not positive.any():
            return [], 0.0
        masked = np.where(positive, sims, -np.inf)
        i = int(np.argmax(masked))
        same = np.flatnonzero((self._question == self._question[i]) & self._positive)
        return [self.entries[j] for j in same.tolist()], float(masked[i])


def split_by_paragraph(
    entries: Iterable[BankEntry], paragraphs: dict[str, str]
) -> tuple[list[BankEntry], list[BankEntry]]:
    """(entries whose paragraph is there with the text they verified, entries set aside)."""
    kept, aside = [], []
    for e in entries:
        text = paragraphs.get(e.paragraph_id)
        (kept if text is not None and paragraph_hash(text) == e.paragraph_hash else aside).append(e)
    return kept, aside


@dataclass
class BankFiles:
    """One build of the bank on disk, as its manifest names it."""

    manifest: dict[str, Any]
    entries: list[BankEntry] = field(default_factory=list)
    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))


class BankStore:
    """The bank's files under ``index/bank/``: written atomically, read with checks."""

    def __init__(self, directory: Path) -> None:
        self.dir = Path(directory)
        self._lock = threading.Lock()  # one write at a time in this process

    def manifest(self) -> dict[str, Any] | None:
        try:
            data = json.loads((self.dir / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def write(
        self, entries: Sequence[BankEntry], vectors: np.ndarray, embedder: str
    ) -> dict[str, Any]:
        """Write one build and switch to it; returns its manifest. Replicas on one machine
        share this folder: a file lock keeps one writer at a time across processes too, so
        that one's clean-up never removes the files another has just written."""
        self.dir.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self.dir / ".lock", "a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            build = time.strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)
            files = {"entries": f"entries-{build}.jsonl", "vectors": f"vectors-{build}.npy"}
            try:
                with open(self.dir / files["entries"], "w", encoding="utf-8") as f:
                    for e in entries:
                        f.write(json.dumps(e.to_json(), ensure_ascii=False) + "\n")
                np.save(self.dir / files["vectors"], np.asarray(vectors, dtype=np.float32))
                manifest = {
                    "format": FORMAT_VERSION,
                    "embedder": embedder,
                    "build_id": build,
                    "built_at": time.strftime("%Y-%m-%d %H:%M:%S"),
                    "count": len(entries),
                    "files": files,
                }
                tmp = self.dir / f".{MANIFEST}.{build}.tmp"
                tmp.write_text(dump_json(manifest), encoding="utf-8")
                os.replace(tmp, self.dir / MANIFEST)
            except OSError as e:
                for name in files.values():
                    (self.dir / name).unlink(missing_ok=True)
                raise BankError(f"无法写入题库 {self.dir}（{e}）。请检查磁盘空间与写权限。") from e
            self._remove_others(set(files.values()))
            return manifest

    def _remove_others(self, keep: set[str]) -> None:
        for p in self.dir.iterdir():
            if p.name in keep or p.name in (MANIFEST, ".lock"):
                continue
            if p.is_dir():
                shutil.rmtree(p, ignore_errors=True)
            elif time.time() - p.stat().st_mtime > 60 or not p.name.startswith("."):
                p.unlink(missing_ok=True)  # a reader may still be opening the previous build

    def read(self, embedder: str) -> BankFiles:
        """The current build. Raises BankError (saying what happens next) when it is missing,
        damaged or made with another embedding model."""
        manifest = self.manifest()
        if manifest is None:
            raise BankError(
                f"题库 {self.dir} 还没有建立或清单已损坏，将从题库文件和培训师记录重建。"
            )
        if manifest.get("format") != FORMAT_VERSION or manifest.get("embedder") != embedder:
            raise BankError("题库是用另一个向量模型或格式建立的，将重新计算。")
        try:
            files = manifest["files"]
            entries = load_entries(self.dir / files["entries"])
            vectors = np.load(self.dir / files["vectors"], allow_pickle=False)
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise BankError(f"题库文件已损坏（{e}），将重新建立。") from e
        if (
            vectors.ndim != 2
            or len(vectors) != len(entries)
            or len(entries) != manifest.get("count")
        ):
            raise BankError("题库的问题与向量条数不一致，将重新建立。")
        return BankFiles(manifest, entries, vectors)


def with_trainer(entry: BankEntry, trainer: str, verified_at: str) -> BankEntry:
    return replace(entry, trainer=trainer, verified_at=verified_at)
