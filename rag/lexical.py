"""Lexical search: jieba tokens (domain dictionary, stopwords, match normalisation) and bm25s."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import numpy as np

from rag.errors import RagError
from rag.textnorm import match_key
from rag.thesaurus import Thesaurus, synonym_groups

DATA_DIR = Path(__file__).resolve().parent / "data"
USERDICT = DATA_DIR / "userdict.txt"
STOPWORDS = DATA_DIR / "stopwords.txt"
_WORD = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
BIGRAM = "#"  # prefix of character-bigram tokens (never a word: "#" is not a word character)


def _read_list(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#")]


class Tokenizer:
    """Chinese tokens for BM25: normalised (simplified, half width, lower case), jieba's search
    mode (long words also yield their parts: 群众工作 → 群众, 工作, 群众工作), stopwords and
    punctuation dropped; optionally plus character bigrams, which match partial overlaps that
    word segmentation splits differently (信访 / 接访)."""

    def __init__(
        self, bigrams: bool = True, userdict: Path = USERDICT, stopwords: Path = STOPWORDS
    ):
        self._jieba = segmenter(userdict)
        self._stop = frozenset(_read_list(stopwords))
        self.bigrams = bigrams
        # One answer asks for the words of its query several times (search, evidence, sentence
        # choice, the broad-question check): segment each recent text once.
        self._words = functools.lru_cache(maxsize=1024)(self._segment)

    def _segment(self, text: str) -> tuple[str, ...]:
        key = match_key(text)
        return tuple(
            w
            for w in self._jieba.cut_for_search(key)
            if _WORD.search(w) and w.strip() and w not in self._stop
        )

    def words(self, text: str) -> list[str]:
        return list(self._words(text))

    def clear_cache(self) -> None:
        self._words.cache_clear()

    def __call__(self, text: str) -> list[str]:
        tokens = self.words(text)
        if self.bigrams:
            for run in _CJK_RUN.findall(match_key(text)):
                tokens += [f"{BIGRAM}{run[i : i + 2]}" for i in range(len(run) - 1)]
        return tokens


def segmenter(userdict: Path = USERDICT):
    """jieba with the domain dictionary, loaded once per process (about a second, 70 MB) and
    shared by every tokenizer and by follow-up resolution."""
    return _segmenter(Path(userdict).resolve())


@functools.cache
def _segmenter(userdict: Path):
    import jieba

    jieba.setLogLevel(60)
    seg = jieba.Tokenizer()
    seg.initialize()
    seg.load_userdict(_read_list(userdict))  # one term per line ("term [freq] [tag]")
    return seg


@functools.cache
def tokenizer(bigrams: bool = True) -> Tokenizer:
    """One tokenizer per process (jieba's dictionary takes a second to load)."""
    return Tokenizer(bigrams=bigrams)


class LexicalIndex:
    """BM25 over tokenised passages (bm25s, saved without pickle), with thesaurus expansion."""

    SYNONYMS = "synonyms.json"  # the corpus' thesaurus table, beside bm25s' files

    def __init__(self, bm25, tok: Tokenizer, thesaurus: Thesaurus | None = None) -> None:
        self._bm25 = bm25
        self.tokenizer = tok
        self.thesaurus = thesaurus or Thesaurus({})
        self._vocab = set(bm25.vocab_dict)

    @classmethod
    def build(cls, texts: list[str], tok: Tokenizer, thesaurus: Path | None = None) -> LexicalIndex:
        """Index ``texts``; with a thesaurus file, keep its synonyms of the corpus' words."""
        import bm25s

        tokens = [tok(t) or ["\u2205"] for t in texts]
        bm25 = bm25s.BM25()
        bm25.index(tokens, show_progress=False)
        table = None
        if thesaurus is not None:
            words = {w for ts in tokens for w in ts if not w.startswith(BIGRAM)}
            table = Thesaurus.build(synonym_groups(thesaurus), words)
        return cls(bm25, tok, table)

    def save(self, directory: Path) -> None:
        self._bm25.save(str(directory), show_progress=False)
        self.thesaurus.save(directory / self.SYNONYMS)

    @classmethod
    def load(cls, directory: Path, tok: Tokenizer) -> LexicalIndex:
        import bm25s

        try:
            bm25 = bm25s.BM25.load(str(directory), allow_pickle=False, show_progress=False)
        except (OSError, ValueError, KeyError) as e:
            raise RagError(
                f"BM25 数据 {directory} 无法读取（{e}）。请运行 `python -m rag build --force`。"
            ) from e
        return cls(bm25, tok, Thesaurus.load(directory / cls.SYNONYMS))

    @property
    def size(self) -> int:
        return int(self._bm25.scores["num_docs"])

    def document_frequencies(self) -> dict[str, int]:
        """How many passages contain each word (bigram tokens left out), from the BM25 data:
        bm25s keeps one column of non-zero scores per token, one entry per passage. (Its
        vocabulary also holds an empty token without a column when freshly built.)"""
        df = np.diff(self._bm25.scores["indptr"])
        return {
            t: int(df[i])
            for t, i in self._bm25.vocab_dict.items()
            if t and not t.startswith(BIGRAM) and i < len(df)
        }

    def expansion(self, query: str) -> list[str]:
        """Synonyms of the query's words that the corpus uses (not the query's own words)."""
        return self._synonyms(self.tokenizer.words(query))

    def _synonyms(self, words: list[str]) -> list[str]:
        return [w for w in self.thesaurus.expand(words) if w in self._vocab]

    def scores(self, query: str, expansion_weight: float = 0.0) -> np.ndarray:
        """BM25 score of every passage: the query's tokens, plus ``expansion_weight`` × the
        score of the query words' synonyms (see ``rag.thesaurus``)."""
        out = np.zeros(self.size, dtype=np.float32)
        tokens = self.tokenizer(query)
        known = [t for t in tokens if t in self._vocab]
        if known:
            out += self._bm25.get_scores(known)
        if expansion_weight > 0:
            synonyms = self._synonyms([t for t in tokens if not t.startswith(BIGRAM)])
            if synonyms:
                out += expansion_weight * self._bm25.get_scores(synonyms)
        return out

    def search(self, query: str, k: int, expansion_weight: float = 0.0) -> list[tuple[int, float]]:
        """(passage index, score) of the best ``k`` passages with a positive score."""
        return top_k(self.scores(query, expansion_weight), k)


def top_k(scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """(index, score) of the ``k`` highest positive scores, best first, ties by index."""
    k = min(k, int(np.count_nonzero(scores > 0)))
    if k <= 0:
        return []
    part = np.argpartition(-scores, k - 1)[:k]
    order = sorted(part.tolist(), key=lambda i: (-float(scores[i]), i))
    return [(i, float(scores[i])) for i in order]


def read_userdict_terms(path: Path = USERDICT) -> set[str]:
    return {line.split()[0] for line in _read_list(path)}


def propose_terms(
    texts: list[str],
    headings: list[str],
    known: set[str],
    min_count: int = 3,
    tok: Tokenizer | None = None,
) -> list[tuple[str, int]]:
    """Candidate domain terms for the user dictionary, for a person to review.

    Candidates are runs of two or three consecutive jieba words (3–6 characters, no function
    character at either end) that occur at least ``min_count`` times in the corpus, or at least
    twice and in a heading; already listed terms are left out. Returns (term, count), most
    frequent first.
    """
    tok = tok or tokenizer(False)
    counts: dict[str, int] = {}
    for text in texts:
        words = [w for w in tok._jieba.cut(match_key(text), HMM=False)]
        for n in (2, 3):
            for i in range(len(words) - n + 1):
                gram = "".join(words[i : i + n])
                if 3 <= len(gram) <= 6 and _CJK_ONLY.match(gram):
                    counts[gram] = counts.get(gram, 0) + 1
    heading_text = match_key(" ".join(headings))
    out = [
        (g, c)
        for g, c in counts.items()
        if g not in known
        and g[0] not in STOP_CHARS
        and g[-1] not in STOP_CHARS
        and (c >= min_count or (c >= 2 and g in heading_text))
    ]
    return sorted(out, key=lambda item: (-item[1], item[0]))


# A term does not start or end with a function character.
STOP_CHARS = frozenset("的了是在和与及等也都就而要把被对从向以为之其这那一个有不上下中好做")
_CJK_ONLY = re.compile(r"^[\u3400-\u9fff]+$")
