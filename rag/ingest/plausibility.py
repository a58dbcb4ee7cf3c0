"""How Chinese a string reads: log-probability under jieba's word-frequency (unigram) model."""

from __future__ import annotations

import functools
import math
from itertools import pairwise

from rag.core.segmenter import jieba_tokenizer
from rag.core.textnorm import t2s

# jieba's dictionary has no punctuation. Give the common marks roughly the rate at which they occur
# in Chinese prose (per character), so that restoring a lost 。 scores like a frequent character
# rather than like an unknown glyph.
_PUNCT_RATE = {
    "，": 0.05,
    "。": 0.03,
    "、": 0.01,
    "“": 0.004,
    "”": 0.004,
    "；": 0.003,
    "：": 0.003,
    "？": 0.002,
    "！": 0.001,
    "（": 0.001,
    "）": 0.001,
    "《": 0.001,
    "》": 0.001,
}
# The page folded full-width punctuation to ASCII; score it as what it stands for.
_UNFOLD = str.maketrans(
    {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
)
# Digits and Latin letters do occur in the essays, but rarely; an unknown glyph is rarer still.
_ASCII_LOGP = math.log(1e-5)


@functools.cache
def _model() -> tuple[dict[str, int], float]:
    tokenizer = jieba_tokenizer()  # jieba's own dictionary, no domain terms
    return tokenizer.FREQ, math.log(tokenizer.total)


def _char_logp(ch: str, freq: dict[str, int], log_total: float) -> float:
    f = freq.get(ch)
    if f:
        return math.log(f) - log_total
    if ch in _PUNCT_RATE:
        return math.log(_PUNCT_RATE[ch])
    if ch.isascii() and ch.isprintable():
        return _ASCII_LOGP
    return -log_total  # jieba's own floor for a word it has never seen


def logprob(text: str, *, simplified: bool = False) -> float:
    """Log-probability of the most likely segmentation of ``text`` (jieba's max-probability route).

    Args:
        text: any Chinese text; traditional characters are converted first unless ``simplified``.
    """
    freq, log_total = _model()
    s = (text if simplified else t2s(text)).translate(_UNFOLD)
    n = len(s)
    best = [0.0] * (n + 1)
    for i in range(n - 1, -1, -1):
        score = _char_logp(s[i], freq, log_total) + best[i + 1]
        j = i + 2
        # jieba's FREQ also holds every prefix of every word (with frequency 0), so the walk can
        # stop as soon as the fragment is no longer a prefix.
        while j <= n and (frag := s[i:j]) in freq:
            if freq[frag]:
                score = max(score, math.log(freq[frag]) - log_total + best[j])
            j += 1
        best[i] = score
    return best[0]


@functools.cache
def _bigrams() -> tuple[dict[str, int], dict[str, int], int]:
    """Character bigram and unigram counts inside jieba's words, weighted by word frequency."""
    freq, _ = _model()
    pairs: dict[str, int] = {}
    chars: dict[str, int] = {}
    for word, f in freq.items():
        if not f:
            continue
        for a in word:
            chars[a] = chars.get(a, 0) + f
        for i in range(len(word) - 1):
            pairs[word[i : i + 2]] = pairs.get(word[i : i + 2], 0) + f
    return pairs, chars, sum(chars.values())


_PUNCT_SET = frozenset("，。、；：？！")


_FINAL = frozenset("。！？”…）")


def _typography(s: str) -> float:
    """Penalties for what no edited text has: doubled marks (。。, ，。), a ” with no “ and, when
    ``s`` ends with a newline (the end of a paragraph), an open quote or a missing final mark."""
    penalty = sum(5.0 for a, b in pairwise(s) if a in _PUNCT_SET and b in _PUNCT_SET)
    depth = 0
    for ch in s:
        depth += (ch == "“") - (ch == "”")
        if depth < 0:
            penalty += 5.0
            depth = 0
    if s.endswith("\n"):
        body = s.rstrip("\n")
        penalty += 5.0 * (depth > 0) + 5.0 * (bool(body) and body[-1] not in _FINAL)
    return -penalty


class Scorer:
    """Ranks candidate repairs: word model + character bigrams (dictionary words and, when given,
    in-domain text such as the undamaged part of the page) + typography."""

    def __init__(self, domain_text: str = "") -> None:
        self._pairs: dict[str, int] = {}
        self._chars: dict[str, int] = {}
        s = t2s(domain_text).translate(_UNFOLD)
        for a, b in pairwise(s):
            self._pairs[a + b] = self._pairs.get(a + b, 0) + 1
            self._chars[a] = self._chars.get(a, 0) + 1

    def _bigram(self, s: str) -> float:
        pairs, chars, total = _bigrams()
        score = 0.0
        for a, b in pairwise(s):
            uni = chars.get(b, 0) / total or _PUNCT_RATE.get(b, 1 / total)
            cond = pairs.get(a + b, 0) / chars[a] if chars.get(a) else 0.0
            local = self._pairs.get(a + b, 0) / self._chars[a] if self._chars.get(a) else 0.0
            score += math.log(0.4 * local + 0.3 * cond + 0.3 * uni)
        return score

    def __call__(self, text: str) -> float:
        s = t2s(text).translate(_UNFOLD)
        return logprob(s, simplified=True) + self._bigram(s) + _typography(s)


def mean_logprob(text: str) -> float:
    """Per-character log-probability; comparable between strings of different length."""
    return logprob(text) / max(len(text), 1)
