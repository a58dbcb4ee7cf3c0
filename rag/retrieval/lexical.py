"""Lexical search: jieba tokens (domain dictionary, stopwords, match normalisation) and bm25s."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

import numpy as np

from rag.core.chars import HAN
from rag.core.errors import RagError
from rag.core.segmenter import jieba_tokenizer, read_word_list
from rag.core.textnorm import match_key
from rag.retrieval.thesaurus import Thesaurus, synonym_groups

DATA_DIR = Path(__file__).resolve().parent / "data"
USERDICT = DATA_DIR / "userdict.txt"
STOPWORDS = DATA_DIR / "stopwords.txt"
# 哪几个, 说到底, 一般来说: idioms or set phrases to jieba that ask or connect, naming nothing
_ASKING = re.compile(
    r"哪|什么|怎|几|啥|谁|多少|如何|来说|到底|就是说|归根|接下来|总而言之|换句话|总之"
)
_WORD = re.compile(rf"[\w{HAN}]", re.UNICODE)
_CJK_RUN = re.compile(rf"[{HAN}]{{2,}}")
BIGRAM = "#"  # prefix of character-bigram tokens (never a word: "#" is not a word character)


@functools.cache
def pos_tagger(segmenter):
    """jieba's part-of-speech tagger over ``segmenter``: one per segmenter, shared, as the
    first one made takes the user dictionary's tags (群众工作 n) from it."""
    import jieba.posseg

    return jieba.posseg.POSTokenizer(segmenter)


class Tokenizer:
    """Chinese tokens for BM25: normalised (simplified, half width, lower case), jieba's search
    mode (long words also yield their parts: 群众工作 → 群众, 工作, 群众工作), stopwords and
    punctuation dropped; optionally plus character bigrams, which match partial overlaps that
    word segmentation splits differently (信访 / 接访)."""

    def __init__(
        self, bigrams: bool = True, userdict: Path = USERDICT, stopwords: Path = STOPWORDS
    ):
        self._jieba = segmenter(userdict)
        self._stop = frozenset(read_word_list(stopwords))
        self.bigrams = bigrams
        # One answer asks for the words of its query several times (search, evidence, sentence
        # choice, the broad-question check): segment each recent text once.
        self._words = functools.lru_cache(maxsize=1024)(self._segment)

    @property
    def segmenter(self):
        """The jieba tokenizer this one segments with (its dictionary has the domain words)."""
        return self._jieba

    @property
    def stop(self) -> frozenset[str]:
        return self._stop

    def _segment(self, text: str) -> tuple[str, ...]:
        key = match_key(text)
        return tuple(
            w
            for w in self._jieba.cut_for_search(key)
            if _WORD.search(w) and w.strip() and w not in self._stop
        )

    def words(self, text: str) -> list[str]:
        return list(self._words(text))

    def nouns(self, text: str) -> list[str]:
        """The nouns of ``text`` (jieba's part-of-speech tags n…, vn), two characters or longer:
        what a question names (信箱, 大党委制), unlike 注意, 落实."""
        return self._tagged(text, lambda flag: flag.startswith("n") or flag == "vn")

    def named(self, text: str) -> list[str]:
        """What ``text`` names: its nouns, and the idioms, set phrases and state words that
        stand for a thing or a way (发扬民主, 拖拖拉拉; not 哪几个), two characters or longer."""
        return [
            p.word
            for p in pos_tagger(self._jieba).cut(match_key(text))
            if len(p.word) >= 2
            and (p.flag.startswith("n") or p.flag == "vn" or p.flag in ("i", "l", "z"))
            and not (p.flag in ("i", "l") and _ASKING.search(p.word))
        ]

    def content(self, text: str) -> list[str]:
        """The nouns and verbs of ``text`` (jieba's tags n…, v…), two characters or longer: what
        it names and does (跟踪, 群众反映), not 有些 or 怎么."""
        return [w for w in self._tagged(text, lambda f: f[:1] in ("n", "v")) if w not in self._stop]

    def _tagged(self, text: str, keep: Callable[[str], bool]) -> list[str]:
        """The words of ``text``, two characters or longer, whose part-of-speech tag ``keep``s."""
        return [
            p.word
            for p in pos_tagger(self._jieba).cut(match_key(text))
            if len(p.word) >= 2 and keep(p.flag)
        ]

    def terms(self, text: str) -> list[str]:
        """The content words of ``text`` as written (jieba's default mode, no sub-words), two
        characters or longer, stopwords dropped: what a question is about."""
        return [
            w
            for w in self._jieba.cut(match_key(text))
            if len(w) >= 2 and _WORD.search(w) and w not in self._stop
        ]

    def clear_cache(self) -> None:
        self._words.cache_clear()

    def __call__(self, text: str) -> list[str]:
        tokens = self.words(text)
        if self.bigrams:
            for run in _CJK_RUN.findall(match_key(text)):
                tokens += [f"{BIGRAM}{run[i : i + 2]}" for i in range(len(run) - 1)]
        return tokens


def segmenter(userdict: Path = USERDICT):
    """jieba with the domain dictionary, shared by every tokenizer and by follow-up
    resolution."""
    return jieba_tokenizer(userdict)


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

    def with_documents(self, documents: list[list[str]]) -> LexicalIndex:
        """An index of the same passages with other token lists (one per passage, in order;
        already tokenised), sharing this one's tokenizer and thesaurus."""
        import bm25s

        if len(documents) != self.size:
            raise ValueError(f"{len(documents)} documents for an index of {self.size} passages")
        bm25 = bm25s.BM25()
        bm25.index([d or ["\u2205"] for d in documents], show_progress=False)
        return LexicalIndex(bm25, self.tokenizer, self.thesaurus)

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
